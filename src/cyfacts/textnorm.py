"""Text normalization shared by matching and checks; display always uses the original text."""

from __future__ import annotations

import re
import unicodedata

MARKUP = re.compile(r"<[^<>]{1,40}>")
WHITESPACE = re.compile(r"\s+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


def strip_markup(text: str) -> str:
    """PM<sub>2.5</sub> → PM2.5: page markup is not part of the words."""
    return MARKUP.sub("", text)


def squash(text: str) -> str:
    """Markup and all white space removed: how quotes are compared with the source text."""
    return WHITESPACE.sub("", strip_markup(text))


def fold(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, markup removed, white space collapsed."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFKC", strip_markup(text))).strip().casefold()


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def has_latin(text: str) -> bool:
    return LATIN.search(text) is not None
