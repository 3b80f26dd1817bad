"""Series as tables: values by year for each place, changes and growth marked as computed by cyfacts,
with the sources they span, and sources that disagree marked as conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cyfacts.model.units import unit_size
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import BOUND_WORDS, NOTES, SERIES_WORDS, number_text
from cyfacts.services.series import Conflict, Growth, MetricSummary, Series, Step

CONFLICT_MARK = "≠"


def spans(sources: Sequence[str], series: Series) -> str:
    """[survey-a] or [survey-a → survey-b]: said only where the series has more than one source."""
    return f" [{' → '.join(sources)}]" if len(series.sources) > 1 else ""


def change_amount(change: Step, view: Presentation) -> str:
    """The change in the later figure's own unit (percentage points for shares), with its bound."""
    words = BOUND_WORDS[view.lang][change.bound]
    figure = change.end.figure
    if figure.base_unit == "ratio":
        amount = f"{change.change * 100:+.4g} {SERIES_WORDS[view.lang]['points']}"
    else:
        # The change as a figure of its own, so that language and --unit apply to it as to any figure.
        size = abs(change.change)
        as_figure = figure._replace(value=number_text(size / unit_size(figure.unit)), qualifier=None, normalized=size)
        amount = ("+" if change.change >= 0 else "-") + view.figure(as_figure)
    return f"{words}{amount}"


def step_growth(change: Step, view: Presentation) -> str:
    """The growth rate with the same bound as the change: from 不足6.4万亿元 it is a lower bound too."""
    if change.growth is None:
        return ""
    return f"{BOUND_WORDS[view.lang][change.bound]}{change.growth * 100:+.1f}%"


def change_text(change: Step, view: Presentation, series: Series | None = None) -> str:
    growth = step_growth(change, view)
    where = spans(change.sources, series) if series is not None else ""
    amount = change_amount(change, view) + (f" ({growth})" if growth else "")
    return f"{change.start.year}→{change.end.year}: {amount}{where}"


def growth_rate(found: Growth, view: Presentation) -> str:
    return f"{BOUND_WORDS[view.lang][found.bound]}{found.value * 100:.2f}%"


def growth_text(found: Growth, view: Presentation, series: Series) -> str:
    label = SERIES_WORDS[view.lang]["annual"]
    where = spans(found.sources, series)
    return f"{label} {found.start.year}→{found.end.year}: {growth_rate(found, view)}{where}"


def conflict_text(conflict: Conflict, view: Presentation) -> str:
    values = "; ".join(f"{p.card.source} {view.figure(p.figure, p.card)} ({p.card.id})" for p in conflict.points)
    return f"{CONFLICT_MARK} {conflict.year}: {SERIES_WORDS[view.lang]['conflict']}: {values}"


def places_text(places: Sequence[str], view: Presentation) -> str:
    """The places in the reader's language (the deck's English names in English)."""
    joiner = "、" if view.lang == "zh" else ", "
    return joiner.join(map(view.place, places)) if places else SERIES_WORDS[view.lang]["no_place"]


def computed(found: Series) -> bool:
    """Whether cyfacts computed anything from the figures (a change or a growth rate)."""
    return bool(found.steps) or bool(found.growths)


def one_series(series: Series, view: Presentation, titled_by_place: bool, width: int) -> list[Any]:
    """Year, value, claim and id per point (and source, where the series has several), then the
    conflicts, changes and growth; blocks on a narrow terminal."""
    from rich.text import Text

    from cyfacts.render.grid import Block, Column, blocks, fitted_table, wrapped
    from cyfacts.render.tables import CLAIM_LEAST, ID_STYLE

    title = f"{view.label('metric')}{view.label('colon')}{series.metric}"
    if titled_by_place:
        title += f" · {places_text(series.places, view)}"
    points = series.points
    disputed = {conflict.year for conflict in series.conflicts}
    values = [view.figure(p.figure, p.card) + (f" {CONFLICT_MARK}" if p.year in disputed else "") for p in points]
    columns = [
        Column(view.label("year"), [Text(f"{p.year}" + ("*" if p.card.year_inferred else "")) for p in points]),
        Column(view.label("value"), [Text(value) for value in values]),
        Column(view.label("claim"), [Text(view.claim(p.card)) for p in points], True),
        Column(view.label("id"), [Text(p.card.id, style=ID_STYLE) for p in points]),
    ]
    if len(series.sources) > 1:
        columns.append(Column(view.label("source"), [Text(p.card.source) for p in points]))
    table: Any = fitted_table(columns, width, CLAIM_LEAST[view.lang])
    if table is None:
        rows = [
            Block(Text(p.card.id, style=ID_STYLE), [cells[0], cells[1], *cells[4:]], [cells[2]], 2)
            for p, *cells in zip(points, *(c.cells for c in columns), strict=True)
        ]
        table = blocks(rows, width)
    lines = [conflict_text(conflict, view) for conflict in series.conflicts]
    made = [change_text(change, view, series) for change in series.steps]
    made += [growth_text(found, view, series) for found in series.growths]
    lines += made or [SERIES_WORDS[view.lang]["one_year"]]
    return [Text(title, style="bold"), table, Text(""), *(wrapped(Text(line), width) for line in lines)]


def series_view(found: Sequence[Series], view: Presentation, width: int = 80) -> Any:
    """Each place's series of the metric, then a note that cyfacts computed the changes and growth
    (only when it did)."""
    from rich.console import Group
    from rich.text import Text

    from cyfacts.render.grid import wrapped

    # A metric known for one place, or for none, needs no place in its title.
    titled = len(found) > 1 or any(series.places for series in found)
    parts: list[Any] = []
    for number, series in enumerate(found):
        if number:
            parts.append(Text(""))
        parts.extend(one_series(series, view, titled, width))
    if any(computed(series) for series in found):
        parts.append(wrapped(Text(NOTES[view.lang]), width))
    return Group(*parts)


def conflicts_view(conflicts: Sequence[Conflict], view: Presentation, width: int = 80) -> Any:
    """Each conflict: its metric, places and year, and every source's value with its card."""
    from rich.text import Text

    from cyfacts.render.grid import Block, Column, blocks, fitted_table
    from cyfacts.render.tables import ID_STYLE

    columns = [
        Column(view.label("metric"), [Text(c.metric) for c in conflicts], True),
        Column(view.label("place_names"), [Text(places_text(c.places, view)) for c in conflicts]),
        Column(view.label("year"), [Text(str(c.year)) for c in conflicts]),
        Column(view.label("source"), [Text("\n".join(p.card.source for p in c.points)) for c in conflicts]),
        Column(
            view.label("value"), [Text("\n".join(view.figure(p.figure, p.card) for p in c.points)) for c in conflicts]
        ),
        Column(view.label("id"), [Text("\n".join(p.card.id for p in c.points), style=ID_STYLE) for c in conflicts]),
    ]
    table = fitted_table(columns, width, 1)
    if table is not None:
        return table
    rows = [
        Block(
            Text(f"{c.metric} · {places_text(c.places, view)} · {c.year}", style="bold"),
            [Text(f"{p.card.source}: {view.figure(p.figure, p.card)} ({p.card.id})") for p in c.points],
            [],
            2,
        )
        for c in conflicts
    ]
    return blocks(rows, width)


def metrics_view(summaries: Sequence[MetricSummary], view: Presentation, width: int = 80) -> Any:
    """The deck's metrics, with how many values each has and of which years."""
    from rich.text import Text

    from cyfacts.render.grid import Block, Column, blocks, fitted_table

    names = [Text(s.name) for s in summaries]
    counts = [Text(str(s.values)) for s in summaries]
    years = [Text(", ".join(map(str, s.years))) for s in summaries]
    columns = [  # a metric's name is a name: kept whole; its list of years may wrap
        Column(view.label("metrics"), names),
        Column(view.label("points"), counts, justify="right"),
        Column(view.label("years"), years, True),
    ]
    table = fitted_table(columns, width, 1, spaced=False)
    if table is not None:
        return table
    return blocks([Block(n, [c, y], [], 2) for n, c, y in zip(names, counts, years, strict=True)], width)
