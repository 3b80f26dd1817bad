"""Series as records and tables: values by year, changes and growth marked as computed by cyfacts."""

from __future__ import annotations

from typing import Any

from cyfacts.model.units import unit_size
from cyfacts.render.escape import printable
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import BOUND_WORDS, NOTES, SERIES_WORDS, number_text
from cyfacts.services.series import Series, Step


def change_text(change: Step, view: Presentation) -> str:
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
    return f"{change.start.year}→{change.end.year}: {words}{amount}{growth}"


def annual_text(found: Series, view: Presentation) -> str | None:
    if found.annual_growth is None:
        return None
    first, last = found.points[0].year, found.points[-1].year
    words = BOUND_WORDS[view.lang][found.annual_bound]
    label = SERIES_WORDS[view.lang]["annual"]
    return f"{label} {first}→{last}: {words}{found.annual_growth * 100:.2f}%"


def series_view(found: Series, view: Presentation) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{view.label('metric')}: {printable(found.metric)}", title_justify="left", show_lines=True)
    for key in ("year", "value", "claim", "id"):
        table.add_column(view.label(key), overflow="fold", no_wrap=key == "year")
    for point in found.points:
        year = str(point.year) + ("*" if point.card.year_inferred else "")
        table.add_row(
            Text(year),
            Text(printable(view.figure(point.figure)), overflow="fold"),
            Text(printable(view.claim(point.card)), overflow="fold"),
            Text(point.card.id, style="cyan"),
        )
    lines = [change_text(change, view) for change in found.steps]
    annual = annual_text(found, view)
    if annual:
        lines.append(annual)
    if not lines:
        lines.append(SERIES_WORDS[view.lang]["one_year"])
    notes = Text(printable("\n".join(lines)) + "\n" + NOTES[view.lang], style="")
    return Group(table, notes)
