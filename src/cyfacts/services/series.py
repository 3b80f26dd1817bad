"""A metric across years: its values with their cards, the change between them and the compound
annual growth, all computed by cyfacts (never stated by the source) and honest about qualifiers:
不足6.4万亿元 is an upper bound, so a growth rate computed from it is a lower bound."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

from cyfacts.errors import NoMatchError
from cyfacts.index.build import Catalog
from cyfacts.model.cards import Card, Figure
from cyfacts.model.text import fold
from cyfacts.search.ranking import search

NAME_MATCH = 85  # a metric name this close to the query is the one meant (rapidfuzz score)
# Which way the true value may lie from the figure as written.
DIRECTION = {"under": "upper", "nearly": "upper", "over": "lower", "more_than": "lower", "about": "approximate"}


class Point(NamedTuple):
    year: int
    card: Card
    figure: Figure


class Step(NamedTuple):
    start: Point
    end: Point
    change: float  # in the base unit (percentage points × 0.01 for shares)
    growth: float | None  # end / start - 1, for amounts
    bound: str  # exact, lower, upper, approximate or indeterminate


class Series(NamedTuple):
    metric: str
    base_unit: str
    points: tuple[Point, ...]
    steps: tuple[Step, ...]
    annual_growth: float | None  # compound, first year to last
    annual_bound: str


def metrics(cards: Iterable[Card]) -> dict[str, list[tuple[Card, Figure]]]:
    found: dict[str, list[tuple[Card, Figure]]] = {}
    for card in cards:
        for figure in card.figures:
            if figure.metric:
                found.setdefault(figure.metric, []).append((card, figure))
    return found


def match_metric(query: str, names: Sequence[str]) -> list[tuple[str, float]]:
    """Metric names ranked against the query: exact, then containment either way, then rapidfuzz."""
    wanted = fold(query)
    scored = []
    for name in names:
        folded = fold(name)
        if folded == wanted:
            score = 100.0
        elif wanted in folded or folded in wanted:
            score = 90.0 - abs(len(folded) - len(wanted))
        else:
            from rapidfuzz import fuzz

            score = 0.8 * fuzz.ratio(wanted, folded)
        scored.append((name, score))
    return sorted((item for item in scored if item[1] >= 50), key=lambda item: (-item[1], item[0]))


FLIP = {"upper": "lower", "lower": "upper"}


def combine(start: str | None, end: str | None) -> str:
    """The bound on end/start (or end − start) given each figure's qualifier: a start that is at most
    its figure (不足) or an end that is at least its figure (超) make the computed change a lower bound."""
    start_way, end_way = DIRECTION.get(start or ""), DIRECTION.get(end or "")
    pushes = {FLIP.get(start_way or ""), end_way if end_way in FLIP else None} - {None}
    if len(pushes) == 2:
        return "indeterminate"
    if "approximate" in (start_way, end_way):
        return "approximate"
    return pushes.pop() or "exact" if pushes else "exact"


def step(start: Point, end: Point, base_unit: str) -> Step:
    change = end.figure.normalized - start.figure.normalized
    growth = None if base_unit == "ratio" or not start.figure.normalized else change / start.figure.normalized
    return Step(start, end, change, growth, combine(start.figure.qualifier, end.figure.qualifier))


def build_series(metric: str, pairs: Sequence[tuple[Card, Figure]]) -> Series:
    """Points of the most common base unit (a metric in two units cannot be compared), by year."""
    units = [figure.base_unit for _, figure in pairs]
    base = max(set(units), key=units.count)
    points = tuple(
        sorted((Point(c.year, c, f) for c, f in pairs if f.base_unit == base), key=lambda p: (p.year, p.card.id))
    )
    steps = tuple(step(a, b, base) for a, b in pairwise(points) if b.year > a.year)
    first, last = points[0], points[-1]
    annual, bound = None, "exact"
    if base != "ratio" and last.year > first.year and first.figure.normalized > 0 and last.figure.normalized > 0:
        annual = (last.figure.normalized / first.figure.normalized) ** (1 / (last.year - first.year)) - 1
        bound = combine(first.figure.qualifier, last.figure.qualifier)
    return Series(metric, base, points, steps, annual, bound)


def pick_series(catalog: Catalog, query: str) -> Series:
    """The metric the query names: by name when one is close enough, else the metric of the
    best-matching card that has one."""
    known = metrics(catalog.deck.cards)
    ranked = match_metric(query, sorted(known))
    if ranked and ranked[0][1] >= NAME_MATCH:
        return build_series(ranked[0][0], known[ranked[0][0]])
    for result in search(catalog.index, query, limit=20):
        named = [f.metric for f in result.card.figures if f.metric]
        if named:
            return build_series(named[0], known[named[0]])
    if ranked:
        return build_series(ranked[0][0], known[ranked[0][0]])
    raise NoMatchError.of("no_metric", query=query)


class MetricSummary(NamedTuple):
    name: str
    values: int  # how many figures measure it
    years: tuple[int, ...]


def metric_summaries(cards: Iterable[Card]) -> list[MetricSummary]:
    """Every metric of the deck with how many figures measure it and in which years: what `series`
    can be asked for, those with the most years first."""
    found = [
        MetricSummary(name, len(pairs), tuple(sorted({card.year for card, _ in pairs})))
        for name, pairs in metrics(cards).items()
    ]
    return sorted(found, key=lambda summary: (-len(summary.years), summary.name))
