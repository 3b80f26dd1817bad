"""A query's terms, the one shape every reader and matcher of a query shares, and the patterns they
read it with (compiled once, on first use)."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import re
from functools import cache
from typing import NamedTuple


class Term(NamedTuple):
    text: str  # folded and simplified, as matched
    # chinese, latin, number, figure (a number with its unit), year, place, quantity, text; or rest:
    # the part of a Chinese phrase left when the deck's words were taken out of it
    kind: str
    place: str | None = None  # for a place term: the place the deck's config names
    acronym: bool = False  # typed in capitals (GDP, CBD): read as a word, never as pinyin initials


@cache
def pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)
