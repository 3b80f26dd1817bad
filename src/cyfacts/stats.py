"""Counting a deck: how many cards per theme, year, kind, section, speaker or source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cyfacts.errors import UsageError
from cyfacts.model import Card, Figure

STAT_FIELDS = ("theme", "year", "kind", "section", "speaker", "source")
UNKNOWN = "(none)"


@dataclass(frozen=True, slots=True)
class Count:
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    total: int
    counts: dict[str, tuple[Count, ...]]
    figures: tuple[tuple[Card, Figure], ...]


def field_value(card: Card, name: str) -> str:
    value = getattr(card, name)
    return UNKNOWN if value is None else str(value)


def count_by(cards: Sequence[Card], name: str) -> tuple[Count, ...]:
    counter = Counter(field_value(card, name) for card in cards)
    # Years read best in time order; everything else by how often it occurs.
    if name == "year":
        return tuple(Count(v, n) for v, n in sorted(counter.items()))
    return tuple(Count(v, n) for v, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def compute_stats(cards: Sequence[Card], by: Sequence[str] = STAT_FIELDS, with_figures: bool = False) -> Stats:
    for name in by:
        if name not in STAT_FIELDS:
            raise UsageError(f"cannot count by {name!r}", f"valid fields: {', '.join(STAT_FIELDS)}")
    figures = tuple((card, figure) for card in cards for figure in card.figures) if with_figures else ()
    return Stats(len(cards), {name: count_by(cards, name) for name in by}, figures)


def stats_record(stats: Stats) -> dict[str, Any]:
    from cyfacts.records import figure_record

    record: dict[str, Any] = {
        "cards": stats.total,
        "by": {name: [{"value": c.value, "count": c.count} for c in counts] for name, counts in stats.counts.items()},
    }
    if stats.figures:
        record["figures"] = [
            {"id": card.id, "year": card.year, "claim": card.claim, **figure_record(figure)}
            for card, figure in stats.figures
        ]
    return record
