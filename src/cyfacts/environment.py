"""The streams and settings a command writes to, injectable so tests can run commands in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from cyfacts.errors import OutputError
from cyfacts.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


COLOR_MODES = ("auto", "always", "never")
# A message key and its values → the message and its hint (or None), in the reader's language.
Wording = Callable[[str, Mapping[str, Any]], "tuple[str, str | None]"]


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def wants_plain(stream: TextIO, settings: Settings, no_color: bool, color: str = "auto") -> bool:
    """No ANSI codes at all when asked (--no-color, --color=never), when NO_COLOR is set, for a dumb
    terminal, or off a terminal; --color=always overrides all but --no-color (for `less -R`)."""
    if no_color or color == "never":
        return True
    if color == "always":
        return False
    return settings.plain_requested() or not is_terminal(stream)


@contextmanager
def output_errors() -> Iterator[None]:
    """A full disk or a stream that cannot be written is the user's to fix, said in one line; a
    reader that went away (BrokenPipeError) is the boundary's to end quietly."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError.of("output_failed", detail=error.strerror or str(error)) from None


class Environment:
    """Where a command writes and what it reads from its surroundings; tests pass their own."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        env: Mapping[str, str] | None = None,
        no_color: bool = False,
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.env = os.environ if env is None else env
        self.settings = Settings(self.env)
        self.no_color = no_color
        self.color = "auto"  # --color: auto, always or never
        self.lang: str | None = None  # the reader's language, once --lang and CYFACTS_LANG are read
        # Set by the command line, which holds the word tables: how `say` words a message. Any layer
        # that is handed the environment can then tell the reader something in their language.
        self.wording: Wording | None = None
        # Set by the command line too: how a message is broken into lines of a width (render/wrap.py).
        self.break_lines: Callable[[str, int], list[str]] | None = None
        # Set by the command line too: how text drawn for a person shows a control character (as a
        # visible escape), so that no card's text drives the terminal, whichever view drew it.
        self.shown_text: Callable[[str], str] | None = None
        self._console: Console | None = None

    def is_terminal(self) -> bool:
        """Whether a person reads stdout: tables for a terminal, plain lines for a pipe or a file."""
        return is_terminal(self.stdout)

    def write(self, text: str) -> None:
        """Machine output: written as is, never through Rich."""
        with output_errors():
            self.stdout.write(text)
            self.stdout.flush()

    def write_chunks(self, chunks: Iterable[str]) -> None:
        """Machine output too large to hold at once (a whole-deck export), written as it is made."""
        for chunk in chunks:  # made outside the guard: an error making them is not a write error
            with output_errors():
                self.stdout.write(chunk)
        with output_errors():
            self.stdout.flush()

    def warn(self, text: str) -> None:
        self.stderr.write(self.folded_for_terminal(text.rstrip("\n")) + "\n")
        self.stderr.flush()

    def folded_for_terminal(self, text: str) -> str:
        """A message as a terminal of its width shows it best: broken between words (and between
        Chinese characters), never inside one as the terminal's own wrap breaks “G|DP”; a hint's
        lines keep its indent. In a pipe or a file, one line as written."""
        width = terminal_width(self.stderr)
        if width is None or self.break_lines is None or len(text) * 2 <= width:
            return text
        indent = text[: len(text) - len(text.lstrip(" "))]
        lines = self.break_lines(text[len(indent) :], max(width - len(indent), MIN_MESSAGE_WIDTH))
        return "\n".join(indent + line for line in lines)

    def say(self, key: str, **values: Any) -> None:
        """A message on stderr named by its key, with its hint under it, in the reader's language."""
        text, hint = self.wording(key, values) if self.wording else (key, None)
        self.warn(f"cyfacts: {text}")
        if hint:
            self.warn(f"  {hint}")

    def console(self) -> Console:
        """One console per run, made on first use (after --no-color has been read)."""
        if self._console is None:
            self._console = self.make_console()
        return self._console

    def make_console(self) -> Console:
        from rich.console import Console

        plain = wants_plain(self.stdout, self.settings, self.no_color, self.color)
        forced = not plain and self.color == "always"
        return Console(
            file=self.stdout,
            color_system=None if plain else "standard" if forced else "auto",
            force_terminal=True if forced else None,
            no_color=False if forced else None,  # --color=always outranks NO_COLOR, as no-color.org asks
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )

    def show(self, renderable: RenderableType) -> None:
        """Draw for a person: each line as Rich lays it out, without the spaces that pad it to the
        width (they only get in the way of copying), and never cut: a line that must stay whole, such
        as a long id, is left for the terminal to fold."""
        from rich.segment import Segment, Segments

        console = self.console()
        lines = Segment.split_lines(console.render(renderable, console.options))
        out: list[Segment] = []
        shown = self.shown_text
        for line in lines:
            kept = without_trailing_spaces(line)
            if shown is not None:
                kept = [s if s.control else Segment(shown(s.text), s.style) for s in kept]
            out.extend(kept)
            out.append(Segment.line())
        with output_errors():
            console.print(Segments(out), crop=False, soft_wrap=True, end="")
            self.stdout.flush()

    def width(self) -> int:
        return self.console().width


MIN_MESSAGE_WIDTH = 20


def terminal_width(stream: TextIO) -> int | None:
    """The width of the terminal a stream writes to; None for a pipe, a file or a test's buffer."""
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else None
    except (AttributeError, OSError, ValueError):
        return None


def without_trailing_spaces(line: list[Any]) -> list[Any]:
    """A line of Rich segments with the blank end cut off (control segments kept)."""
    kept = list(line)
    while kept and not kept[-1].control and not kept[-1].text.rstrip(" "):
        kept.pop()
    if kept and not kept[-1].control:
        last = kept[-1]
        kept[-1] = type(last)(last.text.rstrip(" "), last.style, last.control)
    return kept
