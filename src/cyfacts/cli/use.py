"""Commands that turn a lookup into use: `cite` (references) and `series` (a metric across years)."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.completion import complete_ids, complete_metrics
from cyfacts.cli.options import (
    GLOBAL_OPTIONS_HELP,
    RECORD_FORMATS,
    RecordFormatOption,
    UnitOption,
    environment,
    from_deck,
    one_of,
    output_format,
    reading,
)
from cyfacts.cli.root import app
from cyfacts.errors import NoMatchError, Quoted
from cyfacts.render.formats import to_json

if TYPE_CHECKING:
    from cyfacts.index.build import Catalog
    from cyfacts.render.presentation import Presentation
    from cyfacts.services.cite import Citation
    from cyfacts.services.series import MetricSummary, Picked


@app.command(short_help="A ready-to-paste reference for the cards' source, or a quotation.", epilog=GLOBAL_OPTIONS_HELP)
def cite(
    ctx: typer.Context,
    card_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Card ids (SOURCE/ID where two sources share one); cards of one source give one entry.",
            autocompletion=complete_ids,
        ),
    ],
    style: Annotated[
        str,
        typer.Option(
            "--style",
            "-s",
            help="gbt7714-2015 (default), gbt7714-2025, apa (APA 7), bibtex, csl-json, or quote "
            "(each card's quote with its expert and source, one line per card).",
        ),
    ] = "gbt7714-2015",
) -> None:
    """\b
    Examples:
      cyfacts cite lead-gdp-2024
      cyfacts cite lead-gdp-2024 --style apa
      cyfacts cite eco-pm25-decline-2024 --style quote

    Print a reference to the source of the given cards. Fields the source record does not show (this
    article names no newspaper and prints no date) are never invented: they appear as visible
    placeholders (GB/T and APA) or are left out with a note (BibTeX, CSL-JSON), with a warning on
    stderr. With --style quote, each card's verbatim quote with who said it, ready to paste.
    """
    from cyfacts.services.cite import STYLES

    style = one_of(style, STYLES, "unknown_style")
    from cyfacts.render.escape import printable
    from cyfacts.render.formats import terminal_safe_json

    def read(catalog: "Catalog") -> "Citation":
        from cyfacts.services.cite import cite as make_citation
        from cyfacts.services.cite import quotations
        from cyfacts.services.lookup import cited_sources, find_card

        if style == "quote":
            return quotations([find_card(catalog, card_id.strip()) for card_id in card_ids])
        return make_citation(cited_sources(catalog, card_ids), style, catalog.index.charmaps.readings_of)

    citation = from_deck(ctx, read)
    env = environment(ctx)
    # The source record's text, shown as text: a control character in it is escaped, not obeyed.
    env.write(terminal_safe_json(citation.text) if style == "csl-json" else printable(citation.text))
    if citation.missing:
        env.say("cite_missing", missing=citation.missing, fields=citation.fields)
    if citation.romanized:
        env.say("cite_romanized", names=citation.romanized)


@app.command(
    short_help="A metric's values by year, the change between them and the growth rate.", epilog=GLOBAL_OPTIONS_HELP
)
def series(
    ctx: typer.Context,
    metric: Annotated[
        list[str] | None,
        typer.Argument(
            help="The metric, fuzzily: 经济总量, GDP, 粮食. Without one, the deck's metrics are listed.",
            autocompletion=complete_metrics,
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print one JSON object: {metric, base_unit, places, points, changes, annual_growth, conflicts, "
            "computed_by, note}; "
            "without a metric, an array of {metric, values, years}.",
        ),
    ] = False,
    fmt: RecordFormatOption = None,
    unit: UnitOption = None,
    place: Annotated[
        str | None,
        typer.Option("--place", help="Only the series about this place (重庆, 四川); a place within it has its own."),
    ] = None,
) -> None:
    """\b
    Examples:
      cyfacts series  # lists the metrics
      cyfacts series 经济总量
      cyfacts series GDP --unit 亿元 --json

    List a metric's values by year with their cards, the change between years and the compound annual
    growth where two or more years are known. Changes and growth are computed by cyfacts, not stated
    by the source, and honest about qualifiers: from 不足6.4万亿元 a growth rate is a lower bound.
    Each place gets its own series (name one in the query: 重庆 经济总量); where two sources give
    different values for one year, both are shown and marked; changes say which sources they span.
    """
    chosen = output_format(ctx, fmt, RECORD_FORMATS, json=json_)
    wanted = reading(ctx, unit)
    env = environment(ctx)
    if not metric:
        from cyfacts.render.presentation import Presentation

        show_metrics(ctx, chosen, Presentation(wanted.lang))
        return
    from cyfacts.services.series import pick_series

    query = " ".join(metric)

    def read(catalog: "Catalog") -> "tuple[Picked, Presentation]":
        return pick_series(catalog, query, place), wanted.presentation(catalog)

    (found, others, years_missing, searched), view = from_deck(ctx, read)
    if searched:  # no metric of that name: the one picked by search is said, and the others it could be
        if others:
            env.say("series_searched_others", query=searched, metric=found[0].metric, others=Quoted(others))
        else:
            env.say("series_searched", query=searched, metric=found[0].metric)
    elif others:  # a series picked among several metrics says which others the query could mean
        env.say("series_others", metric=found[0].metric, others=Quoted(others))
    if years_missing:  # GDP 2020: the series is shown, but it has no figure for the year asked
        held = sorted({point.year for series in found for point in series.points})
        env.say("series_years_missing", metric=found[0].metric, years=tuple(map(str, years_missing)), held=tuple(held))
    view.require_convertible(point.figure for series in found for point in series.points)
    if chosen == "json":
        from cyfacts.render.records import series_record

        env.write(to_json(series_record(found, view)))
    elif chosen == "tsv":
        from cyfacts.render.plain import series_lines
        from cyfacts.render.series_view import computed
        from cyfacts.render.words import NOTES

        env.write(series_lines(found, view))
        if any(computed(series) for series in found):
            env.warn(f"cyfacts: {NOTES[view.lang]}")
    else:
        from cyfacts.render.series_view import series_view

        env.show(series_view(found, view, env.width()))


def show_metrics(ctx: typer.Context, chosen: str, view: "Presentation") -> None:
    """`series` without a metric: what it can be asked for, with how many values and which years."""
    from cyfacts.services.series import metric_summaries

    summaries: list[MetricSummary] = from_deck(ctx, lambda catalog: metric_summaries(catalog.deck.cards))
    if not summaries:
        raise NoMatchError.of("no_metrics")
    env = environment(ctx)
    if chosen == "json":
        env.write(to_json([{"metric": s.name, "values": s.values, "years": list(s.years)} for s in summaries]))
    elif chosen == "tsv":
        from cyfacts.render.plain import metric_lines

        env.write(metric_lines(summaries))
    else:
        from cyfacts.render.series_view import metrics_view

        env.show(metrics_view(summaries, view, env.width()))
