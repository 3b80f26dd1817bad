"""Series as records and tables: values by year, changes and growth marked as computed by cyfacts."""

from __future__ import annotations

from typing import Any

from cyfacts.english import number_text
from cyfacts.look import Look
from cyfacts.records import figure_record
from cyfacts.series import Series, Step
from cyfacts.units import BASE_UNITS, split_unit

BOUND_WORDS = {
    "zh": {"exact": "", "lower": "至少", "upper": "至多", "approximate": "约", "indeterminate": "无法确定方向："},
    "en": {
        "exact": "",
        "lower": "at least ",
        "upper": "at most ",
        "approximate": "about ",
        "indeterminate": "bound unknown: ",
    },
}
NOTES = {
    "zh": "变化与年均增速由 cyfacts 根据卡片数值计算，并非原文所述。",
    "en": "Changes and annual growth are computed by cyfacts from the cards' figures, not stated by the source.",
}


def unit_size(unit: str) -> float:
    multiplier, word = split_unit(unit)
    return multiplier * float(BASE_UNITS.get(word, ("", 1))[1])


def change_text(change: Step, look: Look) -> str:
    """The change in the later figure's own unit (percentage points for shares), with its bound."""
    words = BOUND_WORDS[look.lang][change.bound]
    figure = change.end.figure
    if figure.base_unit == "ratio":
        amount = f"{change.change * 100:+.4g} {'个百分点' if look.lang == 'zh' else 'percentage points'}"
    else:
        # The change as a figure of its own, so that language and --unit apply to it as to any figure.
        size = abs(change.change)
        as_figure = figure._replace(value=number_text(size / unit_size(figure.unit)), qualifier=None, normalized=size)
        amount = ("+" if change.change >= 0 else "-") + look.figure(as_figure)
    growth = f" ({change.growth * 100:+.1f}%)" if change.growth is not None else ""
    return f"{change.start.year}→{change.end.year}: {words}{amount}{growth}"


def annual_text(found: Series, look: Look) -> str | None:
    if found.annual_growth is None:
        return None
    first, last = found.points[0].year, found.points[-1].year
    words = BOUND_WORDS[look.lang][found.annual_bound]
    label = "年均复合增速" if look.lang == "zh" else "compound annual growth"
    return f"{label} {first}→{last}: {words}{found.annual_growth * 100:.2f}%"


def series_view(found: Series, look: Look) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{look.label('metric')}: {found.metric}", title_justify="left", show_lines=True)
    for key in ("year", "value", "claim", "id"):
        table.add_column(look.label(key), overflow="fold", no_wrap=key == "year")
    for point in found.points:
        year = str(point.year) + ("*" if point.card.year_inferred else "")
        table.add_row(
            Text(year),
            Text(look.figure(point.figure), overflow="fold"),
            Text(look.claim(point.card), overflow="fold"),
            Text(point.card.id, style="cyan"),
        )
    lines = [change_text(change, look) for change in found.steps]
    annual = annual_text(found, look)
    if annual:
        lines.append(annual)
    if not lines:
        lines.append("只有一个年份的数值" if look.lang == "zh" else "only one year is known")
    notes = Text("\n".join(lines) + "\n" + NOTES[look.lang], style="")
    return Group(table, notes)


def series_record(found: Series, look: Look) -> dict[str, Any]:
    return {
        "metric": found.metric,
        "base_unit": found.base_unit,
        "points": [
            {
                "year": p.year,
                "year_inferred": p.card.year_inferred,
                "id": p.card.id,
                "claim": p.card.claim,
                "claim_en": p.card.claim_en,
                "figure": figure_record(p.figure, look.unit),
            }
            for p in found.points
        ],
        "changes": [
            {
                "from": c.start.year,
                "to": c.end.year,
                "change": c.change,
                "growth": c.growth,
                "bound": c.bound,
                "text": change_text(c, look),
            }
            for c in found.steps
        ],
        "annual_growth": None
        if found.annual_growth is None
        else {
            "value": found.annual_growth,
            "from": found.points[0].year,
            "to": found.points[-1].year,
            "bound": found.annual_bound,
        },
        "computed_by": "cyfacts",
        "note": NOTES["en"],
    }
