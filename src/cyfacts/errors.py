"""One error family for everything a user can get wrong; the CLI turns each into an exit code."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Mapping
from enum import IntEnum
from typing import Any, NamedTuple, TypeVar

E = TypeVar("E", bound="CyfactsError")


class ExitCode(IntEnum):
    """Exit codes, grep-style: results, no match, usage error."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    INTERNAL = 3  # a bug in cyfacts, not something the user did


class Counted(NamedTuple):
    """A number of things in a message, worded with its noun in the reader's language: 1 card,
    2 cards, 2张卡片 (`noun` is a key of the word tables' nouns)."""

    number: int
    noun: str


class Together(tuple[str, ...]):
    """Things named together in a message: --json and --csv (a plain tuple is a list: a, b, c)."""


class Quoted(tuple[str, ...]):
    """Words of the reader's query named in a message, each in quotes: “重庆”和“GDP”."""


class CyfactsError(Exception):
    """Base error: its message is written for the user, never a traceback.

    An error made with `of` names its message by a key; the command line words it in the reader's
    language from the word tables (render/words.py), which the layers below cannot import. An error
    made with plain text is shown as written."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key: str | None = None
        self.hint_key: str | None = None
        self.values: Mapping[str, Any] = {}

    @classmethod
    def of(cls: type[E], key: str, hint: str | None = None, **values: Any) -> E:
        """The error whose words are the message `key` (and the hint `hint`, default `key`) filled
        with `values`."""
        error = cls(f"{key} {values}" if values else key)
        error.key, error.hint_key, error.values = key, hint or key, values
        return error


class UsageError(CyfactsError):
    """The command line asks for something that cannot be done (bad option value, conflicting flags)."""


class DeckNotFoundError(CyfactsError):
    """The folder named as the deck does not exist or holds no source."""


class NoMatchError(CyfactsError):
    """Nothing matched; like grep, that is exit code 1."""

    exit_code = ExitCode.NO_MATCH


class UnknownIdError(NoMatchError):
    """`show` was given an id that no card has."""


class DeckConfigError(CyfactsError):
    """The deck's config cannot be read: its places decide whether an answer is complete, so the
    deck answers nothing until it is fixed (`validate` still reports every problem)."""


class InvalidDeckError(CyfactsError):
    """`validate` found problems; the problems themselves are already printed."""

    exit_code = ExitCode.NO_MATCH


class CacheChangedError(CyfactsError):
    """The cache file changed under a run (cut short or overwritten by another program): nothing read
    from it can be trusted, and the next run builds it anew."""

    exit_code = ExitCode.USAGE


class OutputError(CyfactsError):
    """The output cannot be written: a full disk, a closed stream."""

    exit_code = ExitCode.USAGE
