"""A metric across years: its values with their cards, the change between them and the compound
annual growth, all computed by cyfacts (never stated by the source) and honest about qualifiers:
不足6.4万亿元 is an upper bound, so a growth rate computed from it is a lower bound.

A series never mixes places or sources silently. Figures are grouped by metric and by the places
their cards are about, so one place's GDP is never compared with another's. Within a group, two
sources that give different values for the same year are a conflict, shown with both sources.
Changes and growth are computed within one source; where no one source covers two years, between
sources, saying which ones they span."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

from cyfacts.errors import NoMatchError, UsageError
from cyfacts.index.build import Catalog
from cyfacts.model.cards import Card, DeckConfig, Figure
from cyfacts.model.text import fold
from cyfacts.search.filters import Filters
from cyfacts.search.ranking import search

NAME_MATCH = 85  # a metric name this close to the query is the one meant (rapidfuzz score)
EXACT_NAME, HELD_NAME = 100.0, 90.0  # the query is the name; the name holds the query, or it the name
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年)?(?!\d)")
OTHER_METRICS_LOOKED, OTHER_METRICS_SHOWN = 5, 3  # the best cards' other metrics, said beside a series
# Which way the true value may lie from the figure as written.
DIRECTION = {
    "under": "upper",
    "nearly": "upper",
    "over": "lower",
    "more_than": "lower",
    "at_least": "lower",
    "about": "approximate",
}
RELATIVE_TOLERANCE = 1e-9  # two figures closer than this are the same value


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

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources the step spans: one when computed within a source."""
        return tuple(dict.fromkeys((self.start.card.source, self.end.card.source)))


class Growth(NamedTuple):
    """Compound annual growth from one point to a later one."""

    start: Point
    end: Point
    value: float
    bound: str

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.start.card.source, self.end.card.source)))


class Conflict(NamedTuple):
    """Sources that give different values for the same metric, place and year."""

    metric: str
    places: tuple[str, ...]
    year: int
    points: tuple[Point, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(point.card.source for point in self.points))


class Series(NamedTuple):
    metric: str
    places: tuple[str, ...]  # what its cards are about; () when they name no place
    base_unit: str
    points: tuple[Point, ...]
    steps: tuple[Step, ...]
    growths: tuple[Growth, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(point.card.source for point in self.points))

    @property
    def annual_growth(self) -> float | None:
        """The growth over the whole series, where one was computed (the first, widest one)."""
        return self.growths[0].value if self.growths else None

    @property
    def annual_bound(self) -> str:
        return self.growths[0].bound if self.growths else "exact"


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
            score = EXACT_NAME
        elif wanted in folded or folded in wanted:
            score = HELD_NAME - abs(len(folded) - len(wanted))
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


def growth(first: Point, last: Point, base_unit: str) -> Growth | None:
    if base_unit == "ratio" or last.year <= first.year:
        return None
    if first.figure.normalized <= 0 or last.figure.normalized <= 0:
        return None
    value = (last.figure.normalized / first.figure.normalized) ** (1 / (last.year - first.year)) - 1
    return Growth(first, last, value, combine(first.figure.qualifier, last.figure.qualifier))


def same_value(a: Figure, b: Figure) -> bool:
    scale = max(abs(a.normalized), abs(b.normalized), 1e-300)
    return abs(a.normalized - b.normalized) <= RELATIVE_TOLERANCE * scale and a.qualifier == b.qualifier


def conflicts_among(metric: str, places: tuple[str, ...], points: Sequence[Point]) -> tuple[Conflict, ...]:
    """Years for which two sources disagree."""
    found = []
    for year in sorted({point.year for point in points}):
        that_year = [point for point in points if point.year == year]
        sources = {point.card.source for point in that_year}
        first = that_year[0].figure
        if len(sources) > 1 and any(not same_value(first, point.figure) for point in that_year[1:]):
            found.append(Conflict(metric, places, year, tuple(that_year)))
    return tuple(found)


def by_source(points: Sequence[Point]) -> dict[str, list[Point]]:
    grouped: dict[str, list[Point]] = {}
    for point in points:
        grouped.setdefault(point.card.source, []).append(point)
    return grouped


def steps_and_growths(
    points: Sequence[Point], conflicts: Sequence[Conflict], base: str
) -> tuple[list[Step], list[Growth]]:
    """Changes within each source; then, between years that no one source covers both of and on
    which the sources agree, changes across sources (each says which sources it spans)."""
    steps: list[Step] = []
    growths: list[Growth] = []
    chains = by_source(points)
    for chain in chains.values():
        steps.extend(step(a, b, base) for a, b in pairwise(chain) if b.year > a.year)
        whole = growth(chain[0], chain[-1], base)
        if whole is not None:
            growths.append(whole)
    if len(chains) > 1:
        disputed = {conflict.year for conflict in conflicts}
        settled = [p for p in points if p.year not in disputed]
        unique = list({point.year: point for point in reversed(settled)}.values())[::-1]
        covered = {(s.start.year, s.end.year) for s in steps}
        years = {source: {p.year for p in chain} for source, chain in chains.items()}
        for a, b in pairwise(unique):
            one_source = any(a.year in held and b.year in held for held in years.values())
            if b.year > a.year and (a.year, b.year) not in covered and not one_source:
                steps.append(step(a, b, base))
        if unique and not any(g.start.year == unique[0].year and g.end.year == unique[-1].year for g in growths):
            across = growth(unique[0], unique[-1], base)
            if across is not None and len(across.sources) > 1:
                growths.append(across)
    steps.sort(key=lambda s: (s.start.year, s.end.year, s.sources))
    growths.sort(key=lambda g: (g.start.year - g.end.year, g.sources))
    return steps, growths


def build_series(metric: str, pairs: Sequence[tuple[Card, Figure]], places: tuple[str, ...] = ()) -> Series:
    """Points of the most common base unit (a metric in two units cannot be compared), by year."""
    units = [figure.base_unit for _, figure in pairs]
    base = max(set(units), key=units.count)
    points = tuple(
        sorted(
            (Point(c.year, c, f) for c, f in pairs if f.base_unit == base),
            key=lambda p: (p.year, p.card.source, p.card.id),
        )
    )
    conflicts = conflicts_among(metric, places, points)
    steps, growths = steps_and_growths(points, conflicts, base)
    return Series(metric, places, base, points, tuple(steps), tuple(growths), conflicts)


def place_key(card: Card) -> tuple[str, ...]:
    return tuple(sorted(card.places))


def series_by_place(metric: str, pairs: Sequence[tuple[Card, Figure]]) -> list[Series]:
    """One series per set of places the metric's cards are about, the longest first."""
    groups: dict[tuple[str, ...], list[tuple[Card, Figure]]] = {}
    for card, figure in pairs:
        groups.setdefault(place_key(card), []).append((card, figure))
    found = [build_series(metric, group, places) for places, group in groups.items()]
    return sorted(found, key=lambda s: (-len(s.points), s.places))


def named_places(query: str, config: DeckConfig) -> tuple[str, list[str]]:
    """The places a query names (by name or alias, longest first), and the query without them."""
    aliases = sorted(
        ((alias, place.name) for place in config.places.values() for alias in (place.name, *place.aliases)),
        key=lambda item: -len(item[0]),
    )
    named: list[str] = []
    rest = query
    for alias, name in aliases:
        if len(alias) > 1 and alias in rest:
            rest = rest.replace(alias, " ")
            named.append(name)
    return (rest if rest.strip() else query), list(dict.fromkeys(named))


def places_asked(catalog: Catalog, query: str) -> tuple[str, list[str]]:
    """The places a query names, however typed (重庆, Chongqing, chongqing, 重慶, a slip as Chongqin),
    read as search reads them, and the query without them."""
    from cyfacts.search.query import read_query

    rest, named = named_places(query, catalog.deck.config)
    typed = [t for t in read_query(query, catalog.index).terms if t.kind == "place" and t.place]
    if not typed:
        return rest, named
    folded = fold(catalog.index.charmaps.simplify(rest))
    for term in typed:
        folded = folded.replace(term.text, " ")
    return (folded if folded.strip() else query), list(dict.fromkeys([*named, *(t.place or "" for t in typed)]))


def pick_metric(catalog: Catalog, query: str, known: dict[str, list[tuple[Card, Figure]]]) -> tuple[str, bool]:
    """The metric the query names: by name when one is close enough, else the metric of the
    best-matching card that has one; and whether it was found by search, not by its name (GDP is
    经济总量; 经济增长率 names no metric, and the best card's may not be what was meant)."""
    ranked = match_metric(query, sorted(known))
    if ranked and ranked[0][1] >= NAME_MATCH:
        return ranked[0][0], False
    for result in search(catalog.index, query, limit=20):
        named = [f.metric for f in result.card.figures if f.metric]
        if named:
            return named[0], True
    if ranked:
        return ranked[0][0], True
    raise NoMatchError.of("no_metric", query=query)


def other_metrics(catalog: Catalog, query: str, chosen: str, known: dict[str, list[tuple[Card, Figure]]]) -> list[str]:
    """The other metrics the query could mean (存款 names the balance and its growth rate; 增速 the
    growth of industry, services, deposits …), so that a series picked among several says so; none
    where the query is the metric's name."""
    ranked = match_metric(query, sorted(known))
    if ranked and ranked[0][0] == chosen and ranked[0][1] == EXACT_NAME:
        return []
    wanted = fold(query).strip()
    named = sorted((name for name in known if wanted and wanted in fold(name)), key=len)  # names holding it
    found = [f.metric for r in search(catalog.index, query, limit=OTHER_METRICS_LOOKED) for f in r.card.figures]
    return [m for m in dict.fromkeys([*named, *found]) if m and m != chosen and m in known][:OTHER_METRICS_SHOWN]


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


class Picked(NamedTuple):
    """The series a query asks for, the other metrics it could mean, and the years it names that
    the series has no figure for (GDP 2020: the series has 2019 and 2024)."""

    series: list[Series]
    others: list[str]
    years_missing: tuple[int, ...] = ()
    searched: str = ""  # the query, where it names no metric and the metric was found by search


def years_named(query: str) -> tuple[tuple[int, ...], str]:
    """The years a query names (GDP 2020), and the query without them: a series shows every year."""
    return tuple(int(y) for y in YEAR.findall(query)), YEAR.sub(" ", query)


def pick_series(catalog: Catalog, query: str, place: str | None = None) -> Picked:
    """The series of the metric the query names: one per place, or only those about a place it names
    (甲省 经济总量) or --place gives; the other metrics the query could mean; and the years asked
    that no figure gives."""
    years, rest = years_named(query)
    if not rest.strip():
        raise UsageError.of("series_year_only", query=query)
    chosen, others, searched = series_of(catalog, rest, place)
    held = {point.year for series in chosen for point in series.points}
    missing = tuple(year for year in dict.fromkeys(years) if year not in held)
    return Picked(chosen, others, missing, rest.strip() if searched else "")


def series_of(catalog: Catalog, query: str, place: str | None) -> tuple[list[Series], list[str], bool]:
    known = metrics(catalog.deck.cards)
    metric_query, places = places_asked(catalog, query)
    if place is not None:
        named = Filters(place=place).for_places(catalog.index.places, catalog.index.charmaps.simplify)
        places = [*places, named.place or place]
    metric, searched = pick_metric(catalog, metric_query, known)
    found = series_by_place(metric, known[metric])
    others = other_metrics(catalog, metric_query, metric, known)
    if not places:
        return found, others, searched
    # Only the figures of the place asked: a place within it (成都 for 四川, the economic circle for
    # 川渝) has figures of its own, a part of the wider place's, never a point of its series.
    wanted = set(places)
    chosen = [s for s in found if wanted & set(s.places)]
    if not chosen:
        known_for = tuple("、".join(s.places) or "—" for s in found)
        raise NoMatchError.of("metric_not_there", metric=found[0].metric, places=tuple(places), known=known_for)
    return chosen, others, searched


def deck_conflicts(cards: Iterable[Card]) -> list[Conflict]:
    """Every metric, place and year for which the deck's sources disagree."""
    found: list[Conflict] = []
    for metric, pairs in sorted(metrics(cards).items()):
        for series in series_by_place(metric, pairs):
            found.extend(series.conflicts)
    return found
