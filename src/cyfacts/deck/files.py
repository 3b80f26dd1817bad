"""Reading one deck file (card, source record or deck config) into fields with located errors,
refusing what cannot be a deck file before reading it."""

from __future__ import annotations

import stat
from pathlib import Path

from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.yamlfile import MAX_FILE_BYTES, YamlFileError, load_document
from cyfacts.model.cards import Problem, Unfinished


class CardFileError(Exception):
    """A file that cannot become a card or source; carries its located problems (all of them, where
    the file could be parsed) and what of the card could still be read, for `validate`'s checks."""

    def __init__(self, problem: Problem, more: tuple[Problem, ...] = (), unfinished: Unfinished | None = None) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.problems = (problem, *more)
        self.unfinished = unfinished


def read_fields(path: Path, display: str, what: str) -> Fields:
    try:
        data = read_small_file(path)
    except OSError as error:
        raise CardFileError(Problem(display, 1, f"cannot read file: {error.strerror or error}")) from None
    except YamlFileError as error:
        raise CardFileError(Problem(display, 1, error.message)) from None
    try:
        return Fields.root(load_document(data), what)
    except YamlFileError as error:
        raise CardFileError(Problem(display, error.line, error.message, error.column)) from None
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def read_small_file(path: Path) -> bytes:
    """The file's bytes, refusing before reading what is not a regular file (a pipe would block
    forever, a device never end) or what is too large to be a card."""
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        raise YamlFileError("not a regular file (a folder, pipe, device or broken link?)")
    if status.st_size > MAX_FILE_BYTES:
        raise YamlFileError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB; a card is far smaller")
    with path.open("rb") as file:
        return file.read(MAX_FILE_BYTES + 1)


DRAFT_WARNING = "draft card: write its claim, claim_en and tags, check the rest, then remove `draft: true`"


class DraftCardError(CardFileError):
    """A card marked `draft: true` that reads cleanly: not served until a person finishes it and
    removes the mark; `validate` warns about it and checks the rest."""
