"""The Typer application, its global options, and the one place errors become exit codes."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from cyfacts import __version__
from cyfacts.cli.options import environment
from cyfacts.environment import Environment
from cyfacts.errors import CyfactsError, ExitCode

if TYPE_CHECKING:
    from typer._click import Context as ClickContext


class CyfactsGroup(TyperGroup):
    """The one error boundary: a user-facing error becomes a message on stderr and its exit code."""

    def invoke(self, ctx: "ClickContext") -> Any:
        try:
            return super().invoke(ctx)
        except CyfactsError as error:
            ctx.exit(report(error, environment(ctx)))
        except BrokenPipeError:
            ctx.exit(quiet_broken_pipe())
        except Exception as error:
            # Typer's own signals (usage errors, exit) pass on; anything else is a bug in cyfacts,
            # told in one line, with the traceback only for those who ask for it.
            env = environment(ctx)
            if type(error).__module__.startswith(("typer", "click")) or env.settings.debug:
                raise
            env.warn(f"cyfacts: internal error: {type(error).__name__}: {error}")
            env.warn("  this is a bug in cyfacts; run again with CYFACTS_DEBUG=1 to see where, and report it")
            ctx.exit(int(ExitCode.INTERNAL))


app = typer.Typer(
    name="cyfacts",
    cls=CyfactsGroup,
    help="Sourced facts about Chinese regional policy, from a deck of YAML fact cards.\n\nExample: cyfacts search 算力",
    rich_markup_mode=None,  # plain help: --help must not pay for importing Rich's tables
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cyfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    facts: Annotated[
        Path | None,
        typer.Option(
            "--facts",
            help="Deck folder (a folder of sources). Default: $CYFACTS_FACTS, else the deck around the current "
            "folder, else the bundled deck.",
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours or styles (also: NO_COLOR=1).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    env = ctx.ensure_object(Environment)
    env.no_color = no_color
    ctx.meta["facts"] = facts


def report(error: CyfactsError, env: Environment) -> int:
    env.warn(f"cyfacts: {error.message}")
    if error.hint:
        env.warn(f"  {error.hint}")
    return int(error.exit_code)


def quiet_broken_pipe() -> int:
    """The reader (head, less) went away: stop quietly, and keep Python from complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def utf8_streams() -> None:
    """Output is UTF-8 whatever the locale (LANG=C): JSON must stay valid, Chinese must not crash."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8", errors="replace")


def main() -> None:
    utf8_streams()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
