"""The search index: each field of every card folded into one long string, so that finding a term
in the whole deck is one C-speed scan, plus the sound (pinyin) and initials of the Chinese fields for
pinyin queries and homophone slips. Built once per deck from plain strings and integer arrays, so it
caches and loads cheaply."""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cyfacts.charmaps import CharMaps, build_charmaps, contextual_syllables
from cyfacts.model import Card
from cyfacts.records import figure_text
from cyfacts.store import CardStore
from cyfacts.textnorm import CJK, fold

SEPARATOR = "\x1f"  # between cards in a blob; never in folded card text or a query term
# What each field says about the card: its own words and keywords count most.
FIELD_WEIGHTS: dict[str, float] = {
    "claim": 1.0,
    "tags": 1.0,
    "claim_en": 0.95,
    "quote": 0.9,
    "figures": 0.9,
    "subsection": 0.75,
    "section": 0.6,
}
CHINESE_FIELDS = ("claim", "tags", "quote", "subsection", "section")
# Fields whose sound is indexed. Short, much-repeated fields are read in context by pypinyin
# (重庆 → chong qing); the claim, unique per card, by the per-character table, which is fast.
CONTEXTUAL_SOUND_FIELDS = ("tags", "subsection")
TABLE_SOUND_FIELDS = ("claim",)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Blob:
    """One text per card, joined; a position in the text maps back to its card by bisection."""

    text: str
    starts: Sequence[int]

    @classmethod
    def join(cls, texts: Sequence[str]) -> Blob:
        starts, offset = array("I"), 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + 1
        return cls(SEPARATOR.join(texts), starts)

    def card_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def card_text(self, index: int) -> str:
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index] : end]

    def positions(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return pattern.finditer(self.text)

    def cards_matching(self, pattern: re.Pattern[str]) -> set[int]:
        return {self.card_at(m.start()) for m in pattern.finditer(self.text)}


@dataclass(frozen=True, slots=True)
class Sounds:
    """How one Chinese field sounds, per card."""

    pinyin: Blob  # 'suan'li'zong'…: for pinyin queries and homophone slips
    initials: Blob  # one letter per Chinese character: for queries typed as initials (sjzx)


@dataclass(frozen=True, slots=True)
class CardColumns:
    """What filters and year matching need, without reading the cards."""

    ids: tuple[str, ...]
    years: Sequence[int]
    themes: tuple[str, ...]
    kinds: tuple[str, ...]
    speakers: tuple[str | None, ...]

    @classmethod
    def of(cls, cards: Sequence[Card]) -> CardColumns:
        return cls(
            tuple(c.id for c in cards),
            array("H", (c.year for c in cards)),
            tuple(c.theme for c in cards),
            tuple(c.kind for c in cards),
            tuple(c.speaker for c in cards),
        )


def card_field_texts(card: Card) -> dict[str, str]:
    return {
        "claim": card.claim,
        "tags": " | ".join(card.tags),
        "claim_en": card.claim_en,
        "quote": card.quote,
        "figures": " ".join(f"{figure_text(f)} {f.metric or ''}" for f in card.figures),
        "subsection": card.subsection or "",
        "section": card.section,
    }


def syllable_string(syllables: Sequence[str]) -> str:
    """'suan'li'zong'… : pinyin with a mark at every syllable boundary, white space dropped."""
    return "'" + "'".join(s for s in syllables if s.strip()) + "'"


def initials_string(text: str, syllables: Sequence[str]) -> str:
    """One letter per Chinese character, '|' for anything else: 数据中心 → sjzx."""
    return "".join(s[0] if CJK.match(c) else "|" for c, s in zip(text, syllables, strict=True))


def sounds_of(texts: Sequence[str], syllables_of: Callable[[str], list[str]]) -> Sounds:
    syllables = [syllables_of(text) for text in texts]
    return Sounds(
        Blob.join([syllable_string(s) for s in syllables]),
        Blob.join([initials_string(t, s) for t, s in zip(texts, syllables, strict=True)]),
    )


@dataclass(frozen=True, slots=True)
class SearchIndex:
    cards: Sequence[Card]
    columns: CardColumns
    fields: dict[str, Blob]
    sounds: dict[str, Sounds]
    chinese: Blob  # the Chinese fields of each card together, for partial and near matches
    charmaps: CharMaps

    @classmethod
    def build(cls, cards: Sequence[Card], charmaps: CharMaps | None = None) -> SearchIndex:
        charmaps = charmaps or build_charmaps()
        raw = [card_field_texts(card) for card in cards]
        texts = {name: [charmaps.simplify(fold(r[name])) for r in raw] for name in FIELD_WEIGHTS}
        contextual = lru_cache(maxsize=None)(contextual_syllables)  # tags and subsections repeat a lot
        sounds = {name: sounds_of(texts[name], contextual) for name in CONTEXTUAL_SOUND_FIELDS}
        sounds |= {name: sounds_of(texts[name], charmaps.readings_of) for name in TABLE_SOUND_FIELDS}
        return cls(
            cards=cards if isinstance(cards, CardStore) else CardStore.of(cards),
            columns=CardColumns.of(cards),
            fields={name: Blob.join(texts[name]) for name in FIELD_WEIGHTS},
            sounds=sounds,
            chinese=Blob.join([" ".join(texts[n][i] for n in CHINESE_FIELDS) for i in range(len(cards))]),
            charmaps=charmaps,
        )

    def position_of(self, card_id: str) -> int | None:
        try:
            return self.columns.ids.index(card_id)
        except ValueError:
            return None
