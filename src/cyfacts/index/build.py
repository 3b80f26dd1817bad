"""The search index: each field of every card folded and joined into one long UTF-8 buffer, so that
finding a term in the whole deck is one C-speed scan, plus the sound (pinyin) and initials of the
Chinese fields for pinyin queries and homophone slips.

Each card's text in a buffer ends with a separator byte. A buffer is built in memory, or read from
the cache file only when a query first needs it (never mapped: a cache file cut short by another
program gives a short read, not a crash)."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import bisect
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.index.charmaps import CharMaps, build_charmaps
from cyfacts.index.places import Places
from cyfacts.index.rows import CardStore
from cyfacts.index.texts import BLOB_NAMES, FIELD_TEXT, SOUND_FIELDS, TAG_SEPARATOR, Deriver, sound_strings
from cyfacts.index.words import Vocabulary, build_vocabulary
from cyfacts.model.cards import DEFAULT_CONFIG, Card, Deck, DeckConfig
from cyfacts.model.text import fold
from cyfacts.model.units import amounts, measures

SEPARATOR = b"\x1f"  # after each card's text in a buffer; never in folded card text or a query term
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
ENGLISH_FIELDS = ("claim_en", "tags")  # where the deck's English words are
SAMPLES, SAMPLE_BYTES = 8, 128 * 1024
WORD_CHARS = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Finding word starts: a literal find costs about a microsecond a hit in Python; the regex engine
# about this many bytes' scan for the same (measured on a 100,000-card index). The cheaper is used.
REGEX_BYTES_PER_HIT = 200
__all__ = ["FIELD_TEXT", "TAG_SEPARATOR"]

if TYPE_CHECKING:
    import mmap

    Buffer = bytes | bytearray | mmap.mmap  # a buffer built in memory, read from the cache, or mapped


@lru_cache(maxsize=64)
def word_pattern(target: bytes, whole: bool) -> re.Pattern[bytes]:
    """A byte that is no ASCII letter or digit, then the target (then, for a whole word, none either)."""
    return re.compile(rb"[^0-9A-Za-z]" + re.escape(target) + (rb"(?![0-9A-Za-z])" if whole else b""))


class Blob(NamedTuple):
    """One text per card in a buffer; a byte position maps back to its card by bisection."""

    data: "Buffer"
    starts: Sequence[int]  # absolute byte offset of each card's text in `data`
    end: int  # where this blob's text ends in `data`

    @classmethod
    def join(cls, texts: Sequence[str]) -> "Blob":
        encoded = [text.encode("utf-8") for text in texts]
        starts, offset = array("Q"), 0
        for chunk in encoded:
            starts.append(offset)
            offset += len(chunk) + 1
        return cls.of(b"".join(chunk + SEPARATOR for chunk in encoded), starts)

    @classmethod
    def of(cls, data: "Buffer", starts: Sequence[int]) -> "Blob":
        """A blob over texts that each end with a separator, starting at `starts`."""
        return cls(data, starts, len(data) - 1 if len(starts) else 0)

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

    def word_starts(self, target: bytes, scope: Iterable[int] | None = None, whole: bool = False) -> Iterator[int]:
        """Every position where `target` begins a word (or, `whole`, is one). A one-letter term occurs
        hundreds of thousands of times in a large deck, almost never as a word: where a literal scan
        would find too many, the regex engine looks at the bytes around each one."""
        begin, size = self.begin, len(target)
        if self.estimate(target.decode("utf-8")) * REGEX_BYTES_PER_HIT < self.end - begin:
            for position in self.positions(target, scope):
                after = self.data[position + size : position + size + 1]
                if (position == begin or self.data[position - 1] not in WORD_CHARS) and not (whole and after.isalnum()):
                    yield position
            return
        pattern = word_pattern(target, whole)
        ranges = [(begin, self.end)] if scope is None else [(self.starts[c], self.card_end(c)) for c in scope]
        if any(start == begin for start, _ in ranges):
            # The blob's first byte starts a word whatever stands before it.
            head = b" " + bytes(self.data[begin : min(begin + size + 1, self.end)])
            if pattern.match(head):
                yield begin
        for start, end in ranges:
            for hit in pattern.finditer(self.data, max(begin, start - 1), end):
                yield hit.start() + 1

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
    measures: tuple[tuple[str, ...], ...]  # what each card's figures measure (length, a count …)
    amounts: tuple[tuple[tuple[str, float], ...], ...]  # each card's figures in their base units
    inferred: bytes  # 1 where the card's year is inferred, not stated

    @classmethod
    def of(cls, cards: Sequence[Card]) -> "CardColumns":
        return cls(
            tuple(c.id for c in cards),
            array("H", (c.year for c in cards)),
            tuple(c.theme for c in cards),
            tuple(c.kind for c in cards),
            tuple(c.speaker for c in cards),
            tuple(c.places for c in cards),
            tuple(measures(c.figures) for c in cards),
            tuple(amounts(c.figures) for c in cards),
            bytes(c.year_inferred for c in cards),
        )


def syllable_string(syllables: Sequence[str]) -> str:
    """'suan'li'zong'… : pinyin with a mark at every syllable boundary, white space dropped."""
    return "'" + "'".join(s for s in syllables if s.strip()) + "'"


def initials_string(text: str, syllables: Sequence[str]) -> str:
    """One letter per Chinese character, '|' for anything else: 数据中心 → sjzx."""
    return sound_strings(text, list(syllables))[1]


def sounds_of_blobs(blobs: Mapping[str, Blob]) -> dict[str, Sounds]:
    return {field: Sounds(blobs[f"{field}.pinyin"], blobs[f"{field}.initials"]) for field in SOUND_FIELDS}


def deck_vocabulary(fields: Mapping[str, Blob], count: int, config: DeckConfig, charmaps: CharMaps) -> Vocabulary:
    """The words a query is read against (index/words.py), from the index's folded texts of every
    card and the deck config's place names: the same whether the index is built in memory, in
    parallel or brought up to date."""
    return build_vocabulary(
        (fields[name].card_text(i) for name in CHINESE_FIELDS for i in range(count)),
        (fields[name].card_text(i) for name in ENGLISH_FIELDS for i in range(count)),
        place_words(config),
        charmaps,
    )


def place_words(config: DeckConfig) -> Iterator[str]:
    """The deck's place names and aliases, which a query must read whole."""
    return (fold(n) for p in config.places.values() for n in (p.name, *p.aliases))


class SearchIndex(NamedTuple):
    cards: Sequence[Card]
    columns: CardColumns
    fields: Mapping[str, Blob]
    sounds: Mapping[str, Sounds]
    charmaps: CharMaps
    memo: dict[str, set[int]]  # pieces of text already looked up during this run
    vocabulary: Vocabulary
    places: Places
    themes: tuple[str, ...] = ()  # the deck's themes in its config's order: the overview first

    @classmethod
    def build(
        cls, cards: Sequence[Card], charmaps: CharMaps | None = None, config: DeckConfig = DEFAULT_CONFIG
    ) -> "SearchIndex":
        """The index of cards in memory (the cached index is put together by index/update.py)."""
        charmaps = charmaps or build_charmaps()
        derive = Deriver(charmaps)
        columns: list[list[str]] = [[] for _ in BLOB_NAMES]
        for card in cards:
            for column, text in zip(columns, derive.texts(card), strict=True):
                column.append(text)
        blobs = {name: Blob.join(texts) for name, texts in zip(BLOB_NAMES, columns, strict=True)}
        vocabulary = deck_vocabulary(blobs, len(cards), config, charmaps)
        return cls(
            cards=cards if isinstance(cards, CardStore) else CardStore.of(cards),
            columns=CardColumns.of(cards),
            fields={name: blobs[name] for name in FIELD_TEXT},
            sounds=sounds_of_blobs(blobs),
            charmaps=charmaps,
            memo={},
            vocabulary=vocabulary,
            places=Places.of(config),
            themes=tuple(config.themes),
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

    def holds_pinyin(self, syllables: Sequence[str]) -> bool:
        """Whether some card's Chinese is spoken as these syllables (rong chang zhu: 荣昌猪)."""
        sound = "'" + "'".join(syllables) + "'"
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
