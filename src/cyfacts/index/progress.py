"""A progress bar on stderr for slow index builds; silent when the work takes under a second."""

from __future__ import annotations

import time
from typing import TextIO

DELAY = 1.0
WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO, total: int, label: str = "indexing cards") -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.started = time.monotonic()
        self.shown = False
        self.last_drawn = 0.0
        isatty = getattr(stream, "isatty", None)
        self.terminal = bool(isatty and isatty())

    def __call__(self, done: int, total: int | None = None) -> None:
        if total is not None:
            self.total = max(total, 1)
        now = time.monotonic()
        if now - self.started < DELAY or (self.shown and now - self.last_drawn < 0.1 and done < self.total):
            return
        self.last_drawn = now
        if self.terminal:
            filled = WIDTH * done // self.total
            bar = "█" * filled + "░" * (WIDTH - filled)
            self.stream.write(f"\rcyfacts: {self.label} {bar} {done:,}/{self.total:,}")
        elif not self.shown:
            self.stream.write(f"cyfacts: {self.label} ({self.total:,} files), once until the deck changes…\n")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if not self.shown:
            return
        seconds = time.monotonic() - self.started
        end = "\r\x1b[K" if self.terminal else ""
        self.stream.write(f"{end}cyfacts: indexed {self.total:,} files in {seconds:.1f} s\n")
        self.stream.flush()
