"""Cards as compact JSON rows, so a cached deck can hand out only the cards a command shows."""

from __future__ import annotations

import json
import mmap
from collections.abc import Callable, Iterator, Sequence
from typing import overload

from cyfacts.model import Card, Figure

FIGURES, TAGS = Card._fields.index("figures"), Card._fields.index("tags")


def card_row(card: Card) -> str:
    """The card as one line of JSON: its fields in order, without the line numbers `validate` uses."""
    plain: list[object] = list(card[: len(Card._fields) - 1])
    plain[FIGURES] = [list(figure) for figure in card.figures]
    plain[TAGS] = list(card.tags)
    return json.dumps(plain, ensure_ascii=False)


def row_card(row: str) -> Card:
    card = Card(*json.loads(row))
    return card._replace(figures=tuple(Figure(*f) for f in card.figures), tags=tuple(card.tags))


class CardStore(Sequence[Card]):
    """A sequence of cards that reads each one only when asked, and keeps what it read."""

    def __init__(self, count: int, read: Callable[[int], Card], read_all: Callable[[], Iterator[Card]]) -> None:
        self._count = count
        self._read = read
        self._read_all = read_all
        self._cards: dict[int, Card] = {}

    @classmethod
    def of(cls, cards: Sequence[Card]) -> CardStore:
        return cls(len(cards), cards.__getitem__, lambda: iter(cards))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
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


class Selection(Sequence[Card]):
    """The cards at some rows of a deck, read each time they are visited and kept nowhere, so that
    listing or counting 100,000 cards never holds them all in memory."""

    def __init__(self, cards: Sequence[Card], rows: Sequence[int]) -> None:
        self._read = cards.peek if isinstance(cards, CardStore) else cards.__getitem__
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        if isinstance(index, slice):
            return [self._read(row) for row in self._rows[index]]
        return self._read(self._rows[index])

    def __iter__(self) -> Iterator[Card]:
        return (self._read(row) for row in self._rows)


def rows_reader(data: mmap.mmap, offsets: Sequence[int]) -> tuple[Callable[[int], Card], Callable[[], Iterator[Card]]]:
    """Readers for card rows in a mapped cache file, one row per card at `offsets`."""

    def read(index: int) -> Card:
        start = offsets[index]
        return row_card(data[start : data.find(b"\n", start)].decode("utf-8"))

    def read_all() -> Iterator[Card]:
        return (read(index) for index in range(len(offsets)))

    return read, read_all
