"""Commands that turn a lookup into use: `cite` (references) and `series` (a metric across years)."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from typing import Annotated

import typer

from cyfacts.cli.completion import complete_ids, complete_metrics
from cyfacts.cli.options import JsonOption, LangOption, UnitOption, environment, from_deck, reading
from cyfacts.cli.root import app
from cyfacts.errors import UsageError
from cyfacts.render.formats import to_json


@app.command(short_help="A ready-to-paste reference for the cards' source.")
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
        str, typer.Option("--style", "-s", help="gbt7714-2015 (default), gbt7714-2025, bibtex or csl-json.")
    ] = "gbt7714-2015",
) -> None:
    """Example: cyfacts cite lead-gdp-2024 --style bibtex

    Print a reference to the source of the given cards. Fields the source record does not show (this
    article names no newspaper and prints no date) are never invented: they appear as visible
    placeholders (GB/T styles) or are left out with a note (BibTeX, CSL-JSON), with a warning on stderr.
    """
    from cyfacts.services.cite import STYLES
    from cyfacts.services.cite import cite as make_citation
    from cyfacts.services.lookup import cited_sources

    if style not in STYLES:
        raise UsageError(f"unknown citation style {style!r}", f"valid styles: {', '.join(STYLES)}")
    citation = make_citation(from_deck(ctx, lambda catalog: cited_sources(catalog, card_ids)), style)
    env = environment(ctx)
    env.write(citation.text)
    if citation.missing:
        env.warn(f"cyfacts: the source record does not show: {'; '.join(citation.missing)}")
        env.warn(
            f"  shown as placeholders or left out; if you know them, add to _source.yaml: {', '.join(citation.fields)}"
        )


@app.command(short_help="A metric's values by year, the change between them and the growth rate.")
def series(
    ctx: typer.Context,
    metric: Annotated[
        list[str], typer.Argument(help="The metric, fuzzily: 经济总量, GDP, 粮食.", autocompletion=complete_metrics)
    ],
    json_: JsonOption = False,
    lang: LangOption = None,
    unit: UnitOption = None,
) -> None:
    """Example: cyfacts series 经济总量

    List a metric's values by year with their cards, the change between years and the compound annual
    growth where two or more years are known. Changes and growth are computed by cyfacts, not stated
    by the source, and honest about qualifiers: from 不足6.4万亿元 a growth rate is a lower bound.
    Each place gets its own series (name one in the query: 重庆 经济总量); where two sources give
    different values for one year, both are shown and marked; changes say which sources they span.
    """
    from cyfacts.services.series import pick_series

    query = " ".join(metric)
    wanted = reading(ctx, lang, unit)
    found, view = from_deck(ctx, lambda catalog: (pick_series(catalog, query), wanted.presentation(catalog)))
    view.require_convertible(point.figure for series in found for point in series.points)
    env = environment(ctx)
    if json_:
        from cyfacts.render.records import series_record

        env.write(to_json(series_record(found, view)))
        return
    from cyfacts.render.series_view import series_view

    env.show(series_view(found, view))
