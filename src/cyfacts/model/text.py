"""Text normalization shared by matching and checks; display always uses the original text.

No regular expression is compiled at import: these run on every query, and compiling the
patterns would cost more than a query does on a small deck."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from re import Pattern


@cache
def markup_pattern() -> Pattern[str]:
    import re

    return re.compile(r"<[^<>]{1,40}>")


def strip_markup(text: str) -> str:
    """PM<sub>2.5</sub> → PM2.5: page markup is not part of the words."""
    return markup_pattern().sub("", text) if "<" in text else text


def squash(text: str) -> str:
    """Markup and all white space removed: how quotes are compared with the source text."""
    return "".join(strip_markup(text).split())


def fold(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, markup removed, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", strip_markup(text)).split()).casefold()


def is_cjk(char: str) -> bool:
    """A Chinese character (CJK Unified Ideographs, extension A, compatibility ideographs)."""
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def has_cjk(text: str) -> bool:
    return any(map(is_cjk, text))


def has_latin(text: str) -> bool:
    return any(("a" <= c <= "z") or ("A" <= c <= "Z") for c in text)


def close_to(value: str, choices: Iterable[str]) -> str | None:
    """The choice most like a mistyped value (inovation → innovation), for "did you mean"."""
    import difflib  # only a mistake pays for it

    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.75)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'innovation'?)" when a choice is close, else nothing."""
    close = close_to(value, choices)
    return f" (did you mean {close!r}?)" if close else ""


def one_slip(typed: str, word: str) -> bool:
    """Whether two different words are one slip apart: a letter wrong, missing or extra, or two
    neighbouring letters swapped (serach for search, chongqin for chongqing)."""
    if typed == word or abs(len(typed) - len(word)) > 1:
        return False
    if len(typed) == len(word):
        wrong = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        swapped = len(wrong) == 2 and wrong[1] == wrong[0] + 1 and typed[wrong[0]] == word[wrong[1]]
        return len(wrong) == 1 or (swapped and typed[wrong[1]] == word[wrong[0]])
    shorter, longer = sorted((typed, word), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
