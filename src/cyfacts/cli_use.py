"""Commands that turn a lookup into use: `cite` (references) and `series` (a metric across years)."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece (about 4 ms a run).
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli import JsonOption, LangOption, UnitOption, app, environment, find_card, from_deck, look_for
from cyfacts.completion import complete_ids, complete_metrics
from cyfacts.errors import NoMatchError, UsageError
from cyfacts.formats import to_json

if TYPE_CHECKING:
    from cyfacts.cache import Catalog
    from cyfacts.model import Source
    from cyfacts.series import Series


@app.command(short_help="A ready-to-paste reference for the cards' source.")
def cite(
    ctx: typer.Context,
    card_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...", help="Card ids; cards of one source give one entry.", autocompletion=complete_ids
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
    from cyfacts.cite import STYLES
    from cyfacts.cite import cite as make_citation

    if style not in STYLES:
        raise UsageError(f"unknown citation style {style!r}", f"valid styles: {', '.join(STYLES)}")

    def sources_of(catalog: "Catalog") -> "list[Source]":
        found: dict[str, Source] = {}
        for card_id in card_ids:
            card, source = find_card(catalog, card_id.strip())
            if source is None:
                raise UsageError(f"card {card.id!r} names source {card.source!r}, which has no record")
            found.setdefault(source.id, source)
        return list(found.values())

    citation = make_citation(from_deck(ctx, sources_of), style)
    env = environment(ctx)
    env.write(citation.text)
    if citation.missing:
        env.warn(f"cyfacts: the source record does not show: {'; '.join(citation.missing)}")
        env.warn("  shown as placeholders or left out; add them to _source.yaml if you know them")


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
    """
    query = " ".join(metric)
    found, look = from_deck(ctx, lambda catalog: (pick_series(catalog, query), look_for(ctx, lang, unit, catalog)))
    look.require_convertible(point.figure for point in found.points)
    env = environment(ctx)
    if json_:
        from cyfacts.tables_use import series_record

        env.write(to_json(series_record(found, look)))
        return
    from cyfacts.tables_use import series_view

    env.show(series_view(found, look))


def pick_series(catalog: "Catalog", query: str) -> "Series":
    """The metric the query names (by name first, else by the best-matching card that has one)."""
    from cyfacts.search import search
    from cyfacts.series import build_series, match_metric, metrics

    known = metrics(catalog.deck.cards)
    ranked = match_metric(query, sorted(known))
    if ranked and ranked[0][1] >= 85:
        return build_series(ranked[0][0], known[ranked[0][0]])
    for result in search(catalog.index, query, limit=20):
        named = [f.metric for f in result.card.figures if f.metric]
        if named:
            return build_series(named[0], known[named[0]])
    if ranked:
        return build_series(ranked[0][0], known[ranked[0][0]])
    raise NoMatchError(f"no metric matches {query!r}", f"metrics in this deck: {', '.join(sorted(known)[:12])} …")
