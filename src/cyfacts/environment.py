"""The streams and settings a command writes to, injectable so tests can run commands in-process."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from cyfacts.errors import OutputError
from cyfacts.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def wants_plain(stream: TextIO, settings: Settings, no_color: bool) -> bool:
    """No ANSI codes at all when asked, when NO_COLOR is set, for a dumb terminal, or off a terminal."""
    if no_color or settings.plain_requested():
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


@contextmanager
def output_errors() -> Iterator[None]:
    """A full disk or a stream that cannot be written is the user's to fix, said in one line; a
    reader that went away (BrokenPipeError) is the boundary's to end quietly."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputError(f"cannot write the output: {error.strerror or error}") from None


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
        self._console: Console | None = None

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
        self.stderr.write(text.rstrip("\n") + "\n")
        self.stderr.flush()

    def console(self) -> Console:
        """One console per run, made on first use (after --no-color has been read)."""
        if self._console is None:
            self._console = self.make_console()
        return self._console

    def make_console(self) -> Console:
        from rich.console import Console

        plain = wants_plain(self.stdout, self.settings, self.no_color)
        return Console(
            file=self.stdout,
            color_system=None if plain else "auto",
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=False,
        )

    def show(self, renderable: RenderableType) -> None:
        with output_errors():
            self.console().print(renderable)
            self.stdout.flush()

    def width(self) -> int:
        return self.console().width
