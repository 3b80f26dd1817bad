"""The search index: each field of every card folded and joined into one long UTF-8 buffer, so that
finding a term in the whole deck is one C-speed scan, plus the sound (pinyin) and initials of the
Chinese fields for pinyin queries and homophone slips.

A buffer is bytes when just built, or a memory map of the cache file when loaded: a warm run reads
only the pages a query touches, and never decodes the whole deck."""

from __future__ import annotations

import bisect
import mmap
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from cyfacts.index.charmaps import CharMaps, build_charmaps, contextual_syllables
from cyfacts.index.places import Places
from cyfacts.index.rows import CardStore
from cyfacts.index.words import Vocabulary, build_vocabulary
from cyfacts.model.cards import DEFAULT_CONFIG, Card, Deck, DeckConfig, figure_text
from cyfacts.model.text import fold

SEPARATOR = b"\x1f"  # between cards in a buffer; never in folded card text or a query term
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
# Fields whose sound is indexed. Tags and subsections are short and repeat across cards, so each is
# read in context by pypinyin once (重庆 → chong qing); the claim, unique per card, by the
# per-character table, which is fast.
TAG_SEPARATOR = " | "
Buffer = bytes | mmap.mmap
SAMPLES, SAMPLE_BYTES = 8, 128 * 1024


class Blob(NamedTuple):
    """One text per card in a buffer; a byte position maps back to its card by bisection."""

    data: Buffer
    starts: Sequence[int]  # absolute byte offset of each card's text in `data`
    end: int  # where this blob's text ends in `data`

    @classmethod
    def join(cls, texts: Sequence[str]) -> Blob:
        encoded = [text.encode("utf-8") for text in texts]
        starts, offset = array("Q"), 0
        for chunk in encoded:
            starts.append(offset)
            offset += len(chunk) + 1
        data = SEPARATOR.join(encoded)
        return cls(data, starts, len(data))

    @property
    def begin(self) -> int:
        return self.starts[0] if len(self.starts) else self.end

    def card_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def card_end(self, index: int) -> int:
        return self.starts[index + 1] - 1 if index + 1 < len(self.starts) else self.end

    def card_text(self, index: int) -> str:
        return bytes(self.data[self.starts[index] : self.card_end(index)]).decode("utf-8")

    def cards_with(self, needle: str, scope: Iterable[int] | None = None) -> set[int]:
        """Cards whose text holds `needle` literally: a fast substring scan, one hit per card; with a
        scope, only those cards are looked at."""
        target = needle.encode("utf-8")
        if scope is not None:
            return {card for card in scope if self.data.find(target, self.starts[card], self.card_end(card)) != -1}
        found = set()
        position = self.data.find(target, self.begin, self.end)
        while position != -1:
            card = self.card_at(position)
            found.add(card)
            position = self.data.find(target, self.card_end(card), self.end)
        return found

    def estimate(self, needle: str) -> float:
        """About how many times `needle` occurs in the blob, from a few evenly spaced samples:
        enough to tell common text from rare, at a fraction of a full count's cost."""
        target, size = needle.encode("utf-8"), self.end - self.begin
        if size <= SAMPLE_BYTES * SAMPLES:
            return float(bytes(self.data[self.begin : self.end]).count(target))
        step = size // SAMPLES
        starts = (self.begin + i * step for i in range(SAMPLES))
        found = sum(bytes(self.data[s : s + SAMPLE_BYTES]).count(target) for s in starts)
        return found * size / (SAMPLE_BYTES * SAMPLES)

    def positions(self, target: bytes, scope: Iterable[int] | None = None) -> Iterator[int]:
        """Every position of `target`, in the whole blob or in the cards of a scope."""
        ranges = ((self.starts[c], self.card_end(c)) for c in scope) if scope is not None else [(self.begin, self.end)]
        for start, end in ranges:
            position = self.data.find(target, start, end)
            while position != -1:
                yield position
                position = self.data.find(target, position + 1, end)


class Sounds(NamedTuple):
    """How one Chinese field sounds, per card."""

    pinyin: Blob  # 'suan'li'zong'…: for pinyin queries and homophone slips
    initials: Blob  # one letter per Chinese character: for queries typed as initials (sjzx)


class CardColumns(NamedTuple):
    """What filters and year matching need, without reading the cards."""

    ids: tuple[str, ...]
    years: Sequence[int]
    themes: tuple[str, ...]
    kinds: tuple[str, ...]
    speakers: tuple[str | None, ...]
    places: tuple[tuple[str, ...], ...]
    inferred: bytes  # 1 where the card's year is inferred, not stated

    @classmethod
    def of(cls, cards: Sequence[Card]) -> CardColumns:
        return cls(
            tuple(c.id for c in cards),
            array("H", (c.year for c in cards)),
            tuple(c.theme for c in cards),
            tuple(c.kind for c in cards),
            tuple(c.speaker for c in cards),
            tuple(c.places for c in cards),
            bytes(c.year_inferred for c in cards),
        )


FIELD_TEXT: dict[str, Callable[[Card], str]] = {
    "claim": lambda c: c.claim,
    "tags": lambda c: TAG_SEPARATOR.join(c.tags),
    "claim_en": lambda c: c.claim_en,
    "quote": lambda c: c.quote,
    "figures": lambda c: " ".join(f"{figure_text(f)} {f.metric or ''}" for f in c.figures),
    "subsection": lambda c: c.subsection or "",
    "section": lambda c: c.section,
}


def syllable_string(syllables: Sequence[str]) -> str:
    """'suan'li'zong'… : pinyin with a mark at every syllable boundary, white space dropped."""
    return "'" + "'".join(s for s in syllables if s.strip()) + "'"


def initials_string(text: str, syllables: Sequence[str]) -> str:
    """One letter per Chinese character, '|' for anything else: 数据中心 → sjzx."""
    return "".join(
        s[0] if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" else "|"
        for c, s in zip(text, syllables, strict=True)
    )  # is_cjk, inlined: this runs per character


def sounds_of(texts: Sequence[str], syllables_of: Callable[[str], list[str]]) -> Sounds:
    pinyin, initials = [], []
    for text in texts:  # one card's syllables at a time: a deck's worth of lists would not fit lightly
        syllables = syllables_of(text)
        pinyin.append(syllable_string(syllables))
        initials.append(initials_string(text, syllables))
    return Sounds(Blob.join(pinyin), Blob.join(initials))


def tag_syllables(charmaps: CharMaps) -> Callable[[str], list[str]]:
    """Syllables of a joined tag list, each distinct tag read in context once."""
    read_tag = lru_cache(maxsize=None)(contextual_syllables)
    separator = charmaps.readings_of(TAG_SEPARATOR)

    def syllables(text: str) -> list[str]:
        out: list[str] = []
        for number, tag in enumerate(text.split(TAG_SEPARATOR)):
            out.extend((separator if number else []) + read_tag(tag))
        return out

    return syllables


class SearchIndex(NamedTuple):
    cards: Sequence[Card]
    columns: CardColumns
    fields: dict[str, Blob]
    sounds: dict[str, Sounds]
    charmaps: CharMaps
    memo: dict[str, set[int]]  # pieces of text already looked up during this run
    vocabulary: Vocabulary
    places: Places

    @classmethod
    def build(
        cls, cards: Sequence[Card], charmaps: CharMaps | None = None, config: DeckConfig = DEFAULT_CONFIG
    ) -> SearchIndex:
        charmaps = charmaps or build_charmaps()
        readers: dict[str, Callable[[str], list[str]]] = {
            "tags": tag_syllables(charmaps),
            "subsection": lru_cache(maxsize=None)(contextual_syllables),
            "claim": charmaps.readings_of,
        }
        fields: dict[str, Blob] = {}
        sounds: dict[str, Sounds] = {}
        for name, text_of in FIELD_TEXT.items():  # one field at a time, to keep the peak memory low
            texts = [charmaps.simplify(fold(text_of(card))) for card in cards]
            fields[name] = Blob.join(texts)
            if name in readers:
                sounds[name] = sounds_of(texts, readers[name])
        vocabulary = build_vocabulary(
            (fields[name].card_text(i) for name in CHINESE_FIELDS for i in range(len(cards))),
            (fields[name].card_text(i) for name in ("claim_en", "tags") for i in range(len(cards))),
            (fold(n) for p in config.places.values() for n in (p.name, *p.aliases)),
            charmaps,
        )
        return cls(
            cards=cards if isinstance(cards, CardStore) else CardStore.of(cards),
            columns=CardColumns.of(cards),
            fields=fields,
            sounds=sounds,
            charmaps=charmaps,
            memo={},
            vocabulary=vocabulary,
            places=Places.of(config),
        )

    def position_of(self, card_id: str) -> int | None:
        try:
            return self.columns.ids.index(card_id)
        except ValueError:
            return None

    def closest_ids(self, card_id: str, limit: int = 3) -> list[str]:
        """The ids most like a mistyped one, for "did you mean": rapidfuzz rather than difflib, which
        takes seconds over 100,000 ids; then ids that merely contain it."""
        from rapidfuzz import fuzz, process  # only a mistyped id pays for the import

        ids = self.columns.ids
        found = process.extract(card_id, ids, scorer=fuzz.ratio, limit=limit, score_cutoff=50)
        return [choice for choice, _, _ in found] or [i for i in ids if card_id in i][:limit]

    def holds_sound(self, text: str) -> bool:
        """Whether some card's Chinese sounds like `text` (a homophone slip of a deck phrase)."""
        sound = "'" + "'".join(self.charmaps.reading(c) for c in text) + "'"
        return any(sounds.pinyin.cards_with(sound) for sounds in self.sounds.values())

    def chinese_text(self, card: int) -> str:
        return " ".join(self.fields[name].card_text(card) for name in CHINESE_FIELDS)

    def chinese_estimate(self, needle: str) -> float:
        return sum(self.fields[name].estimate(needle) for name in CHINESE_FIELDS)

    def chinese_cards_with(self, needle: str, scope: Iterable[int] | None = None) -> set[int]:
        if scope is None:
            if needle not in self.memo:  # a search asks for the same pieces under several readings
                self.memo[needle] = set().union(*(self.fields[n].cards_with(needle) for n in CHINESE_FIELDS))
            return self.memo[needle]
        return set().union(*(self.fields[name].cards_with(needle, scope) for name in CHINESE_FIELDS))


class Catalog:
    """A deck ready to answer: its cards (read lazily from the cache) and its search index."""

    __slots__ = ("deck", "index")

    def __init__(self, deck: Deck, index: SearchIndex) -> None:
        self.deck = deck
        self.index = index
