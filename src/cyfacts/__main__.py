"""The `cyfacts` command (and `python -m cyfacts`). Loading the command line takes a moment; Ctrl-C
in that moment ends the process at once, quietly, as it would any other command, instead of
printing a traceback from the middle of an import. Once loaded, Ctrl-C stops the command cleanly
(exit 130)."""

import os
import sys


def standard_streams() -> bool:
    """Whether output can be written at all. A closed stdout (`>&-`) is said, not crashed on; a
    closed stderr only silences the diagnostics."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the run's own stream, open until exit)
    if sys.stdout is None:
        os.open(os.devnull, os.O_WRONLY)  # takes descriptor 1, so no file the run opens lands there
        sys.stderr.write("cyfacts: standard output is closed; nothing can be written (send it to a file or a pipe)\n")
        return False
    return True


def main() -> None:
    import gc

    # A command lives for a moment, and its start-up makes many objects that live until it exits
    # (classes, Typer's command tree). The collector's passes over them, while they are made and
    # again when the process ends, find nothing to free and cost a tenth of a search's run time
    # (benchmarks/speed.py). So it is off while they are made, and they are then frozen out of its
    # sight; what the command itself makes is collected as usual.
    gc.disable()
    # The C module itself: `signal` would first import enum, and Ctrl-C could land in that import.
    import _signal  # type: ignore[import-not-found]

    try:
        previous = _signal.signal(_signal.SIGINT, _signal.SIG_DFL)
    except ValueError:  # not the main thread: leave the handler alone
        previous = None
    if not standard_streams():
        sys.exit(2)
    from cyfacts.cli import main as run

    gc.freeze()
    gc.enable()
    if previous is not None:
        _signal.signal(_signal.SIGINT, previous)
    run()


if __name__ == "__main__":
    main()
