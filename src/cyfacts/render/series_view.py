"""Series as records and tables: values by year, changes and growth marked as computed by cyfacts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cyfacts.model.units import unit_size
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import BOUND_WORDS, NOTES, SERIES_WORDS, number_text
from cyfacts.services.series import MetricSummary, Series, Step


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


def growth_text(change: Step) -> str:
    return f"{change.growth * 100:+.1f}%" if change.growth is not None else ""


def change_text(change: Step, view: Presentation) -> str:
    growth = growth_text(change)
    return f"{change.start.year}→{change.end.year}: {change_amount(change, view)}" + (f" ({growth})" if growth else "")


def annual_rate(found: Series, view: Presentation) -> str | None:
    if found.annual_growth is None:
        return None
    return f"{BOUND_WORDS[view.lang][found.annual_bound]}{found.annual_growth * 100:.2f}%"


def annual_text(found: Series, view: Presentation) -> str | None:
    rate = annual_rate(found, view)
    if rate is None:
        return None
    first, last = found.points[0].year, found.points[-1].year
    return f"{SERIES_WORDS[view.lang]['annual']} {first}→{last}: {rate}"


def computed(found: Series) -> bool:
    """Whether cyfacts computed anything from the figures (a change or a growth rate)."""
    return bool(found.steps) or found.annual_growth is not None


def series_view(found: Series, view: Presentation, width: int = 80) -> Any:
    """Year, value, claim and id per point, then the changes and growth with a note that cyfacts
    computed them (only when it did); blocks on a narrow terminal."""
    from rich.console import Group
    from rich.text import Text

    from cyfacts.render.grid import Block, Column, blocks, fitted_table, wrapped
    from cyfacts.render.tables import CLAIM_LEAST, ID_STYLE

    points = found.points
    columns = [
        Column(view.label("year"), [Text(f"{p.year}" + ("*" if p.card.year_inferred else "")) for p in points]),
        Column(view.label("value"), [Text(view.figure(p.figure, p.card)) for p in points]),
        Column(view.label("claim"), [Text(view.claim(p.card)) for p in points], True),
        Column(view.label("id"), [Text(p.card.id, style=ID_STYLE) for p in points]),
    ]
    table: Any = fitted_table(columns, width, CLAIM_LEAST[view.lang])
    if table is None:
        rows = [
            Block(Text(p.card.id, style=ID_STYLE), [year, value], [claim], 2)
            for p, year, value, claim in zip(points, columns[0].cells, columns[1].cells, columns[2].cells, strict=True)
        ]
        table = blocks(rows, width)
    lines = [change_text(change, view) for change in found.steps]
    annual = annual_text(found, view)
    if annual:
        lines.append(annual)
    if computed(found):
        lines.append(NOTES[view.lang])
    else:
        lines.append(SERIES_WORDS[view.lang]["one_year"])
    heading = Text(f"{view.label('metric')}{view.label('colon')}{found.metric}", style="bold")
    notes = [wrapped(Text(line), width) for line in lines]
    return Group(heading, table, Text(""), *notes)


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
