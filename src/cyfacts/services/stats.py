"""Counting a deck: how many cards per theme, year, kind, section, speaker or source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cyfacts.errors import UsageError
from cyfacts.model.cards import Card, Figure

STAT_FIELDS = ("theme", "year", "kind", "section", "speaker", "source")
Value = str | int | None  # a card's value of a field: years are numbers, a missing speaker is None


@dataclass(frozen=True, slots=True)
class Count:
    value: Value
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    counts: dict[str, tuple[Count, ...]]
    figures: tuple[tuple[Card, Figure], ...]


def field_value(card: Card, name: str) -> Value:
    value: Value = getattr(card, name)
    return value


def ordered(counter: Counter[Value], name: str) -> tuple[Count, ...]:
    # Years read best in time order; everything else by how often it occurs, a missing value last.
    if name == "year":
        return tuple(Count(v, n) for v, n in sorted(counter.items(), key=lambda item: (item[0] is None, item[0] or 0)))
    return tuple(
        Count(v, n) for v, n in sorted(counter.items(), key=lambda item: (-item[1], item[0] is None, str(item[0])))
    )


def check_fields(by: Sequence[str]) -> Sequence[str]:
    """The fields to count by, each one that cards can be counted by."""
    for name in by:
        if name not in STAT_FIELDS:
            raise UsageError.of("cannot_count_by", value=name, valid=", ".join(STAT_FIELDS))
    return by


def compute_stats(cards: Iterable[Card], by: Sequence[str] = STAT_FIELDS, with_figures: bool = False) -> Stats:
    check_fields(by)
    # One pass over the cards: on a large deck each card is read from the cache as it is visited.
    counters: dict[str, Counter[Value]] = {name: Counter() for name in by}
    figures: list[tuple[Card, Figure]] = []
    total = 0
    for card in cards:
        total += 1
        for name, counter in counters.items():
            counter[field_value(card, name)] += 1
        if with_figures:
            figures.extend((card, figure) for figure in card.figures)
    return Stats(total, {name: ordered(counter, name) for name, counter in counters.items()}, tuple(figures))
