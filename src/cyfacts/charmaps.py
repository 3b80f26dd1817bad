"""Per-character tables for matching queries: traditional → simplified and character → pinyin.

OpenCC and pypinyin are slow to import (pypinyin ~0.2 s), so they run only when an index is built;
queries then use these plain tables, which are cached with the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF  # the CJK Unified Ideographs block: every character a query may hold


@dataclass(frozen=True)
class CharMaps:
    to_simplified: dict[int, str]  # a str.translate table
    pinyin: dict[str, str]  # each character's most common reading, without tones

    @cached_property
    def syllables(self) -> frozenset[str]:
        """Every toneless pinyin syllable the table knows: what letters are split into."""
        return frozenset(r for r in self.pinyin.values() if r.isascii() and r.isalpha())

    def simplify(self, text: str) -> str:
        return text.translate(self.to_simplified)

    def reading(self, char: str) -> str:
        return self.pinyin.get(char, char)

    def readings_of(self, text: str) -> list[str]:
        """One reading per character, from the table: fast, but blind to context (重 is always zhong)."""
        return [self.pinyin.get(char, char) for char in text]


def keep_as_is(run: str) -> Any:
    """pypinyin's callback for text that is not Chinese: one item per character, so items align."""
    return list(run)


def cjk_block() -> list[str]:
    return [chr(code) for code in range(CJK_FIRST, CJK_LAST + 1)]


def build_charmaps() -> CharMaps:
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
