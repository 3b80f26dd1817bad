"""Reading one deck file (card, source record or deck config) into fields with located errors,
refusing what cannot be a deck file before reading it."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.layout import inside
from cyfacts.deck.yamlfile import MAX_FILE_BYTES, YamlFileError, load_document
from cyfacts.model.cards import Problem, Unfinished

# Read errors that last until the file or its folder changes (which the deck's fingerprint sees:
# chmod changes a file's ctime). Any other (EIO, EMFILE, ENOMEM …) may be gone on the next run, so a
# card that failed with one is read again then, never remembered as broken.
LASTING_ERRORS = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.ELOOP,
    errno.EACCES,
    errno.EPERM,
    errno.EISDIR,
    errno.ENXIO,
    errno.ENAMETOOLONG,
}


class CardFileError(Exception):
    """A file that cannot become a card or source; carries its located problems (all of them, where
    the file could be parsed) and what of the card could still be read, for `validate`'s checks; and
    whether it came from the system rather than the file (and so may not happen again)."""

    def __init__(
        self,
        problem: Problem,
        more: tuple[Problem, ...] = (),
        unfinished: Unfinished | None = None,
        retry: bool = False,
    ) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.problems = (problem, *more)
        self.unfinished = unfinished
        self.retry = retry


def read_fields(path: Path | str, display: str, what: str, root: Path | None = None) -> Fields:
    try:
        data = read_small_file(path, root)
    except OSError as error:
        problem = Problem(display, 1, f"cannot read file: {error.strerror or error}")
        raise CardFileError(problem, retry=error.errno not in LASTING_ERRORS) from None
    except YamlFileError as error:
        raise CardFileError(Problem(display, 1, error.message)) from None
    try:
        return Fields.root(load_document(data), what)
    except YamlFileError as error:
        raise CardFileError(Problem(display, error.line, error.message, error.column)) from None
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def read_small_file(path: Path | str, root: Path | None = None) -> bytes:
    """The file's bytes, refusing before reading what is not a regular file (a pipe would block
    forever, a device never end), what is too large to be a card, and (given the deck's root) a link
    to a file outside the deck, whose content must never be read or echoed. Plain os calls: this
    runs for every card of a deck being indexed."""
    status = os.lstat(path)
    if stat.S_ISLNK(status.st_mode):
        if root is not None and not inside(path, root):
            raise YamlFileError("a link to a file outside the deck; it is not read")
        status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise YamlFileError("not a regular file (a folder, pipe, device or broken link?)")
    if status.st_size > MAX_FILE_BYTES:
        raise YamlFileError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB; a card is far smaller")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        data = bytearray()
        while len(data) <= MAX_FILE_BYTES and (chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - len(data))):
            data += chunk
        return bytes(data)
    finally:
        os.close(descriptor)


DRAFT_WARNING = "draft card: write its claim, claim_en and tags, check the rest, then remove `draft: true`"


class DraftCardError(CardFileError):
    """A card marked `draft: true` that reads cleanly: not served until a person finishes it and
    removes the mark; `validate` warns about it and checks the rest."""
