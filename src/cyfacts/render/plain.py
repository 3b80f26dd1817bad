"""Plain lines for pipes and files, as gh writes them when its output is not a terminal: one line
per result, values separated by tabs in a fixed, documented order, full ids, no header, no colours
and no padding. Tabs and line breaks inside a value become spaces, so a line is always one record.

    search   rank, id, figures, year, theme, section, claim, coverage (then the explanation, with
             --explain); coverage is empty for a full answer, else what the table shows under the
             claim: the terms the card lacks and, for a place it lacks, the places its data is about
    list     id, figures, year, theme, section, claim
    show     one field per line: name, value
    stats    cards, total; then field, value, count; then figure, id, year, figure, claim
    series   point, year, value, id, claim, places; change, from, to, amount, growth, places,
             sources; annual, from, to, rate, places, sources; conflict, year, places, source,
             value, id (one line per source that disagrees)
    series   (no metric) metric, values, years
    conflicts  metric, places, year, source, value, id (one line per source's value)

Several figures share their cell, joined by "; "; several places by "、", several sources by ",".
Years are as the tables show them: 2025-08 for a month, 2025* for a year inferred from the source.
Theme, section, figures, claim and coverage follow --lang. A control character in a value is written
as a visible escape (render/escape.py), and the deck's own text (claims, sections, field values) that
a spreadsheet would run as a formula gets a leading apostrophe, as CSV does (render/formats.py)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from cyfacts.model.cards import Card, Source
from cyfacts.render.escape import one_line
from cyfacts.render.formats import neutral_text
from cyfacts.render.presentation import Presentation, explanation, year_text
from cyfacts.services.lookup import typed_id

if TYPE_CHECKING:
    from cyfacts.search.ranking import Result
    from cyfacts.services.series import Conflict, Point, Series
    from cyfacts.services.stats import Stats

LINE_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def line(values: Iterable[object]) -> str:
    return "\t".join("" if v is None else one_line(str(v).translate(LINE_BREAKS)) for v in values) + "\n"


def claim(card: Card, view: Presentation) -> str:
    return neutral_text(view.claim(card))


def card_values(card: Card, view: Presentation) -> list[str]:
    texts = (view.theme(card), view.section(card), view.claim(card))
    return ["; ".join(view.figures(card)), year_text(card), *map(neutral_text, texts)]


def coverage_value(result: Result, view: Presentation) -> str:
    """What a partial or approximate answer lacks, on one line; nothing for a full answer."""
    return view.label("separator").join(view.coverage(result).splitlines())


def result_lines(
    results: Sequence[Result], view: Presentation, explain: bool = False, shared: Collection[str] = ()
) -> str:
    """A line per result; an id another source shares is written SOURCE/ID, as `show` takes it."""
    return "".join(
        line(
            [
                rank,
                typed_id(r.card, shared),
                *card_values(r.card, view),
                coverage_value(r, view),
                *([explanation(r)] if explain else []),
            ]
        )
        for rank, r in enumerate(results, start=1)
    )


def card_lines(cards: Iterable[Card], view: Presentation, shared: Collection[str] = ()) -> Iterator[str]:
    return (line([typed_id(card, shared), *card_values(card, view)]) for card in cards)


def id_lines(cards: Iterable[Card], shared: Collection[str] = ()) -> Iterator[str]:
    """Ids only, one a line, as `show` and `cite` take them (for xargs and fzf)."""
    return (f"{typed_id(card, shared)}\n" for card in cards)


def field_lines(card: Card, source: Source | None, view: Presentation, related: Sequence[Card] = ()) -> str:
    """`show`: one field per line. `claim` is the claim in the reader's language, `claim_en` in the
    other, as in the table; related cards follow as `related`, id, claim."""
    fields = [line([key, neutral_text(value)]) for key, value in view.fields(card, source) if value]
    fields.extend(line(["related", other.id, claim(other, view)]) for other in related)
    return "".join(fields)


def stats_lines(stats: Stats, view: Presentation) -> str:
    out = [line(["cards", stats.total])]
    for field, counts in stats.counts.items():
        for count in counts:
            value = count.value if count.value is None else view.value_name(field, str(count.value))
            out.append(line([field, value, count.count]))
    out.extend(
        line(["figure", card.id, year_text(card), view.figure(figure, card), claim(card, view)])
        for card, figure in stats.figures
    )
    return "".join(out)


def point_year(point: Point) -> str:
    return f"{point.year}" + ("*" if point.card.year_inferred else "")


def places_value(places: Sequence[str]) -> str:
    return "、".join(places)


def series_lines(found: Sequence[Series], view: Presentation) -> str:
    from cyfacts.render.series_view import change_amount, growth_rate, step_growth

    out: list[str] = []
    for series in found:
        places = places_value(series.places)
        out.extend(
            line(["point", point_year(p), view.figure(p.figure, p.card), p.card.id, claim(p.card, view), places])
            for p in series.points
        )
        out.extend(
            line(
                [
                    "change",
                    c.start.year,
                    c.end.year,
                    change_amount(c, view),
                    step_growth(c, view),
                    places,
                    ",".join(c.sources),
                ]
            )
            for c in series.steps
        )
        out.extend(
            line(["annual", g.start.year, g.end.year, growth_rate(g, view), places, ",".join(g.sources)])
            for g in series.growths
        )
        out.extend(
            line(["conflict", c.year, places, p.card.source, view.figure(p.figure, p.card), p.card.id])
            for c in series.conflicts
            for p in c.points
        )
    return "".join(out)


def conflict_lines(conflicts: Sequence[Conflict], view: Presentation) -> str:
    return "".join(
        line([c.metric, places_value(c.places), c.year, p.card.source, view.figure(p.figure, p.card), p.card.id])
        for c in conflicts
        for p in c.points
    )


def metric_lines(metrics: Sequence[tuple[str, int, Sequence[int]]]) -> str:
    return "".join(line([name, count, ",".join(map(str, years))]) for name, count, years in metrics)
