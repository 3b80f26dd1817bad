"""One error family for everything a user can get wrong; the CLI turns each into an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, grep-style: results, no match, usage error."""

    OK = 0
    NO_MATCH = 1
    USAGE = 2
    INTERNAL = 3  # a bug in cyfacts, not something the user did


class CyfactsError(Exception):
    """Base error: its message is written for the user, never a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CyfactsError):
    """The command line asks for something that cannot be done (bad option value, conflicting flags)."""


class DeckNotFoundError(CyfactsError):
    """The folder named as the deck does not exist or holds no source."""


class NoMatchError(CyfactsError):
    """Nothing matched; like grep, that is exit code 1."""

    exit_code = ExitCode.NO_MATCH


class UnknownIdError(NoMatchError):
    """`show` was given an id that no card has."""


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
