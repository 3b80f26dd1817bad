"""Per-character tables for matching queries: traditional → simplified and character → pinyin.

OpenCC and pypinyin are slow to import (pypinyin ~0.2 s), so they run only when an index is built;
queries then use these plain tables, which are cached with the index.
"""

from __future__ import annotations

from functools import cache
from typing import Any

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF  # the CJK Unified Ideographs block: every character a query may hold


class CharMaps:
    """Traditional → simplified and character → pinyin, one entry per character. A cached index
    hands them over as four packed strings; each table is unpacked only when a query needs it."""

    __slots__ = ("_packed", "_pinyin", "_syllables", "_to_simplified")

    def __init__(self, to_simplified: dict[int, str], pinyin: dict[str, str]) -> None:
        self._to_simplified: dict[int, str] | None = to_simplified
        self._pinyin: dict[str, str] | None = pinyin
        self._syllables: frozenset[str] | None = None
        self._packed: tuple[str, str, str, str] | None = None

    @classmethod
    def unpack_later(cls, packed: tuple[str, str, str, str]) -> CharMaps:
        maps = cls({}, {})
        maps._to_simplified = maps._pinyin = None
        maps._packed = packed
        return maps

    def pack(self) -> tuple[str, str, str, str]:
        return (
            "".join(map(chr, self.to_simplified)),
            "".join(self.to_simplified.values()),
            "".join(self.pinyin),
            ",".join(self.pinyin.values()),
        )

    @property
    def to_simplified(self) -> dict[int, str]:  # a str.translate table
        if self._to_simplified is None:
            assert self._packed is not None
            keys, values, _, _ = self._packed
            self._to_simplified = dict(zip(map(ord, keys), values, strict=True))
        return self._to_simplified

    @property
    def pinyin(self) -> dict[str, str]:  # each character's most common reading, without tones
        if self._pinyin is None:
            assert self._packed is not None
            _, _, chars, readings = self._packed
            self._pinyin = dict(zip(chars, readings.split(","), strict=True))
        return self._pinyin

    @property
    def syllables(self) -> frozenset[str]:
        """Every toneless pinyin syllable the table knows: what letters are split into."""
        if self._syllables is None:
            self._syllables = frozenset(r for r in self.pinyin.values() if r.isascii() and r.isalpha())
        return self._syllables

    def simplify(self, text: str) -> str:
        return text if text.isascii() else text.translate(self.to_simplified)  # isascii costs nothing

    def reading(self, char: str) -> str:
        return self.pinyin.get(char, char)

    def readings_of(self, text: str) -> list[str]:
        """One reading per character, from the table: fast, but blind to context (重 is always zhong)."""
        pinyin = self.pinyin
        return [pinyin.get(char, char) for char in text]


def keep_as_is(run: str) -> Any:
    """pypinyin's callback for text that is not Chinese: one item per character, so items align."""
    return list(run)


def cjk_block() -> list[str]:
    return [chr(code) for code in range(CJK_FIRST, CJK_LAST + 1)]


@cache
def build_charmaps() -> CharMaps:
    """The tables, made once per process (a process that indexes several decks reuses them)."""
    import opencc
    from pypinyin import lazy_pinyin

    chars = cjk_block()
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    to_simplified = {ord(c): s for c, s in zip(chars, converted, strict=True) if s != c and len(s) == 1}
    readings = lazy_pinyin(chars, errors=keep_as_is)
    return CharMaps(to_simplified, {c: r for c, r in zip(chars, readings, strict=True) if r != c})


def contextual_syllables(text: str) -> list[str]:
    """One item per character: the pinyin of CJK characters read in context (重庆 → chong qing),
    other characters as themselves. Only called while building an index."""
    from pypinyin import lazy_pinyin

    return list(lazy_pinyin(text, errors=keep_as_is))
