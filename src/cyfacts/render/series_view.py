"""Series as tables: values by year for each place, changes and growth marked as computed by cyfacts,
with the sources they span, and sources that disagree marked as conflicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cyfacts.model.units import unit_size
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import BOUND_WORDS, NOTES, SERIES_WORDS, number_text
from cyfacts.services.series import Conflict, Growth, Series, Step

CONFLICT_MARK = "≠"


def spans(sources: Sequence[str], series: Series) -> str:
    """[survey-a] or [survey-a → survey-b]: said only where the series has more than one source."""
    return f" [{' → '.join(sources)}]" if len(series.sources) > 1 else ""


def change_text(change: Step, view: Presentation, series: Series | None = None) -> str:
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
    growth = f" ({change.growth * 100:+.1f}%)" if change.growth is not None else ""
    where = spans(change.sources, series) if series is not None else ""
    return f"{change.start.year}→{change.end.year}: {words}{amount}{growth}{where}"


def growth_text(found: Growth, view: Presentation, series: Series) -> str:
    words = BOUND_WORDS[view.lang][found.bound]
    label = SERIES_WORDS[view.lang]["annual"]
    where = spans(found.sources, series)
    return f"{label} {found.start.year}→{found.end.year}: {words}{found.value * 100:.2f}%{where}"


def conflict_text(conflict: Conflict, view: Presentation) -> str:
    values = "; ".join(f"{p.card.source} {view.figure(p.figure)} ({p.card.id})" for p in conflict.points)
    return f"{CONFLICT_MARK} {conflict.year}: {SERIES_WORDS[view.lang]['conflict']}: {values}"


def places_text(series: Series, view: Presentation) -> str:
    return "、".join(series.places) if series.places else SERIES_WORDS[view.lang]["no_place"]


def one_series(series: Series, view: Presentation, titled_by_place: bool) -> list[Any]:
    from rich.table import Table
    from rich.text import Text

    title = f"{view.label('metric')}: {series.metric}"
    if titled_by_place:
        title += f" · {places_text(series, view)}"
    table = Table(title=title, title_justify="left", show_lines=True)
    several = len(series.sources) > 1
    keys = ("year", "value", "claim", "id", *(("source",) if several else ()))
    for key in keys:
        table.add_column(view.label(key), overflow="fold", no_wrap=key == "year")
    disputed = {conflict.year for conflict in series.conflicts}
    for point in series.points:
        year = str(point.year) + ("*" if point.card.year_inferred else "")
        value = view.figure(point.figure) + (f" {CONFLICT_MARK}" if point.year in disputed else "")
        cells = [
            Text(year),
            Text(value, overflow="fold"),
            Text(view.claim(point.card), overflow="fold"),
            Text(point.card.id, style="cyan"),
        ]
        if several:
            cells.append(Text(point.card.source, overflow="fold"))
        table.add_row(*cells)
    lines = [conflict_text(conflict, view) for conflict in series.conflicts]
    computed = [change_text(change, view, series) for change in series.steps]
    computed += [growth_text(found, view, series) for found in series.growths]
    lines += computed or [SERIES_WORDS[view.lang]["one_year"]]
    return [table, Text("\n".join(lines))]


def series_view(found: Sequence[Series], view: Presentation) -> Any:
    from rich.console import Group
    from rich.text import Text

    # A metric known for one place, or for none, needs no place in its title.
    titled = len(found) > 1 or any(series.places for series in found)
    parts: list[Any] = []
    for series in found:
        parts.extend(one_series(series, view, titled))
    parts.append(Text(NOTES[view.lang]))
    return Group(*parts)


def conflicts_view(conflicts: Sequence[Conflict], view: Presentation) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    for key in ("metric", "place_names", "year", "source", "value", "id"):
        table.add_column(view.label(key), overflow="fold", no_wrap=key == "year")
    for conflict in conflicts:
        where = "、".join(conflict.places) or SERIES_WORDS[view.lang]["no_place"]
        sources = "\n".join(p.card.source for p in conflict.points)
        values = "\n".join(view.figure(p.figure) for p in conflict.points)
        ids = "\n".join(p.card.id for p in conflict.points)
        table.add_row(
            Text(conflict.metric, overflow="fold"),
            Text(where, overflow="fold"),
            Text(str(conflict.year)),
            Text(sources, overflow="fold"),
            Text(values, overflow="fold"),
            Text(ids, style="cyan", overflow="fold"),
        )
    return table
