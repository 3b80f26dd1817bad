"""Cards as compact JSON rows, so a cached deck can hand out only the cards a command shows. Each row
carries its own checksum, so a row damaged or overwritten in the cache file is never shown."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from cyfacts.errors import CacheChangedError
from cyfacts.model.cards import Card, Figure

# A row holds every field of the card but the line numbers `validate` uses, in the model's order.
ROW_FIELDS = tuple(name for name in Card._fields if name != "lines")
FIGURES, TAGS, PLACES = ROW_FIELDS.index("figures"), ROW_FIELDS.index("tags"), ROW_FIELDS.index("places")


def row_layout() -> str:
    """The shape of a row, as the model defines it: a cache written for another shape is not read."""
    return f"card:{','.join(ROW_FIELDS)};figure:{','.join(Figure._fields)}"


def card_row(card: Card) -> str:
    """The card as one line of JSON: its row fields in order."""
    plain: list[object] = [getattr(card, name) for name in ROW_FIELDS]
    plain[FIGURES] = [list(figure) for figure in card.figures]
    plain[TAGS] = list(card.tags)
    return json.dumps(plain, ensure_ascii=False)


def row_line(card: Card) -> bytes:
    """The row as stored: its CRC-32 in hex, the JSON, a newline."""
    data = card_row(card).encode("utf-8")
    return b"%08x%s\n" % (zlib.crc32(data), data)


def line_card(line: bytes) -> Card:
    """The card of a stored row, or CacheChangedError when the row is not what was written."""
    data = line[8:-1]
    if not line.endswith(b"\n") or line[:8] != b"%08x" % zlib.crc32(data):
        raise CacheChangedError.of("cache_row_damaged")
    return row_card(data.decode("utf-8"))


def row_card(row: str) -> Card:
    values = json.loads(row)
    values[FIGURES] = tuple(Figure(*f) for f in values[FIGURES])
    values[TAGS] = tuple(values[TAGS])
    values[PLACES] = tuple(values[PLACES])  # a tuple, as the loader makes it: the same card either way
    return Card(**dict(zip(ROW_FIELDS, values, strict=True)))


class LazyCards(Sequence[Card]):
    """Cards read only when asked for: subclasses say how many there are and how to read the i-th."""

    def _card(self, index: int) -> Card:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        if isinstance(index, slice):
            return [self._card(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._card(index)


class CardStore(LazyCards):
    """A sequence of cards that reads each one only when asked, and keeps what it read."""

    def __init__(
        self, count: int, read: Callable[[int], Card], read_all: Callable[[], Iterator[Card]], keep: object = None
    ) -> None:
        self._keep = keep  # what the readers read from (a cache file), open as long as the cards are wanted
        self._count = count
        self._read = read
        self._read_all = read_all
        self._cards: dict[int, Card] = {}

    @classmethod
    def of(cls, cards: Sequence[Card]) -> CardStore:
        return cls(len(cards), cards.__getitem__, lambda: iter(cards))

    def __len__(self) -> int:
        return self._count

    def _card(self, index: int) -> Card:
        if index not in self._cards:
            self._cards[index] = self._read(index)
        return self._cards[index]

    def __iter__(self) -> Iterator[Card]:
        if len(self._cards) == self._count:
            return iter(self._cards[i] for i in range(self._count))
        return self._read_all()

    def peek(self, index: int) -> Card:
        """The card, read without keeping it: for passes over many cards that must not hold them all."""
        return self._cards[index] if index in self._cards else self._read(index)


class Selection(LazyCards):
    """The cards at some rows of a deck, read each time they are visited and kept nowhere, so that
    listing or counting 100,000 cards never holds them all in memory."""

    def __init__(self, cards: Sequence[Card], rows: Sequence[int]) -> None:
        self._read = cards.peek if isinstance(cards, CardStore) else cards.__getitem__
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def _card(self, index: int) -> Card:
        return self._read(self._rows[index])

    def __iter__(self) -> Iterator[Card]:
        return (self._read(row) for row in self._rows)


def rows_reader(descriptor: int, offsets: Sequence[int]) -> tuple[Callable[[int], Card], Callable[[], Iterator[Card]]]:
    """Readers for card rows in a cache file, row i from offsets[i] to offsets[i + 1]. Read, never
    mapped: a file cut short by another program meanwhile gives a short read and a clear error."""

    def read(index: int) -> Card:
        start, end = offsets[index], offsets[index + 1]
        line = os.pread(descriptor, end - start, start)
        if len(line) != end - start:
            raise CacheChangedError.of("cache_cut_short")
        return line_card(line)

    def read_all() -> Iterator[Card]:
        return (read(index) for index in range(len(offsets) - 1))

    return read, read_all
