"""Plain lines for pipes and files, as gh writes them when its output is not a terminal: one line
per result, values separated by tabs in a fixed, documented order, full ids, no header, no colours
and no padding. Tabs and line breaks inside a value become spaces, so a line is always one record.

    search   rank, id, figures, year, theme, section, claim (then the explanation, with --explain)
    list     id, figures, year, theme, section, claim
    show     one field per line: name, value
    stats    cards, total; then field, value, count; then figure, id, year, figure, claim
    series   point, year, value, id, claim; change, from, to, amount, growth; annual, from, to, rate
    series   (no metric) metric, values, years

Several figures share their cell, joined by "; ". Years are as the tables show them: 2025-08 for a
month, 2025* for a year inferred from the source. Theme, section, figures and claim follow --lang."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from cyfacts.model.cards import Card, Source
from cyfacts.render.presentation import Presentation, explanation, year_text

if TYPE_CHECKING:
    from cyfacts.search.ranking import Result
    from cyfacts.services.series import Point, Series
    from cyfacts.services.stats import Stats

LINE_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def line(values: Iterable[object]) -> str:
    return "\t".join("" if v is None else str(v).translate(LINE_BREAKS) for v in values) + "\n"


def card_values(card: Card, view: Presentation) -> list[str]:
    return ["; ".join(view.figures(card)), year_text(card), view.theme(card), view.section(card), view.claim(card)]


def result_lines(results: Sequence[Result], view: Presentation, explain: bool = False) -> str:
    return "".join(
        line([rank, r.card.id, *card_values(r.card, view), *([explanation(r)] if explain else [])])
        for rank, r in enumerate(results, start=1)
    )


def card_lines(cards: Iterable[Card], view: Presentation) -> Iterator[str]:
    return (line([card.id, *card_values(card, view)]) for card in cards)


def id_lines(ids: Iterable[str]) -> Iterator[str]:
    return (f"{card_id}\n" for card_id in ids)


def field_lines(card: Card, source: Source | None, view: Presentation, related: Sequence[Card] = ()) -> str:
    """`show`: one field per line. `claim` is the claim in the reader's language, `claim_en` in the
    other, as in the table; related cards follow as `related`, id, claim."""
    fields = [line([key, value]) for key, value in view.fields(card, source) if value]
    fields.extend(line(["related", other.id, view.claim(other)]) for other in related)
    return "".join(fields)


def stats_lines(stats: Stats, view: Presentation) -> str:
    from cyfacts.render.words import KIND_NAMES, THEME_NAMES

    names = {"theme": THEME_NAMES[view.lang], "kind": KIND_NAMES[view.lang]}
    out = [line(["cards", stats.total])]
    for field, counts in stats.counts.items():
        for count in counts:
            value = names.get(field, {}).get(str(count.value), count.value)
            out.append(line([field, value, count.count]))
    out.extend(
        line(["figure", card.id, year_text(card), view.figure(figure, card), view.claim(card)])
        for card, figure in stats.figures
    )
    return "".join(out)


def point_year(point: Point) -> str:
    return f"{point.year}" + ("*" if point.card.year_inferred else "")


def series_lines(found: Series, view: Presentation) -> str:
    from cyfacts.render.series_view import annual_rate, change_amount, growth_text

    out = [
        line(
            [
                "point",
                f"{p.year}" + ("*" if p.card.year_inferred else ""),
                view.figure(p.figure, p.card),
                p.card.id,
                view.claim(p.card),
            ]
        )
        for p in found.points
    ]
    out.extend(line(["change", c.start.year, c.end.year, change_amount(c, view), growth_text(c)]) for c in found.steps)
    rate = annual_rate(found, view)
    if rate is not None:
        out.append(line(["annual", found.points[0].year, found.points[-1].year, rate]))
    return "".join(out)


def metric_lines(metrics: Sequence[tuple[str, int, Sequence[int]]]) -> str:
    return "".join(line([name, count, ",".join(map(str, years))]) for name, count, years in metrics)
