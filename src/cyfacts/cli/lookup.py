"""Commands that look facts up: search, list, show, stats and export."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.completion import complete_ids
from cyfacts.cli.options import (
    CsvOption,
    JsonlOption,
    JsonOption,
    LangOption,
    UnitOption,
    environment,
    from_deck,
    output_format,
    positive_limit,
    reading,
    with_filters,
)
from cyfacts.cli.root import app
from cyfacts.errors import NoMatchError, UsageError
from cyfacts.render.formats import FORMATS, render, render_chunks, to_json
from cyfacts.render.records import card_record, result_record

if TYPE_CHECKING:
    from cyfacts.index.build import Catalog
    from cyfacts.model.cards import Card, Source
    from cyfacts.render.presentation import Presentation
    from cyfacts.search.filters import Filters

MAX_QUERY = 500  # longer than any question; a runaway script's input is refused, not searched
TABLE_ROWS = 200  # a longer table is slow to draw and no use to read: filters or JSON serve better


@app.command(short_help="Find cards that match a query, best first.")
@with_filters
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for; Chinese needs no spaces.")],
    filters: "Filters",
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many results.")] = 10,
    json_: JsonOption = False,
    jsonl: JsonlOption = False,
    csv: CsvOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show which terms matched which fields, and how.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Only full answers (every term found); exit 1 if there are none.")
    ] = False,
    lang: LangOption = None,
    unit: UnitOption = None,
) -> None:
    """Example: cyfacts search 算力 --theme industry

    Find the cards that match QUERY, best first, with their figures, year and source section.
    Exit 0 when something matched, 1 when nothing did, 2 for a usage error.
    """
    from cyfacts.search.query import is_blank_query
    from cyfacts.search.ranking import find

    fmt = output_format(json_, jsonl, csv)
    text = " ".join(query)
    if is_blank_query(text):
        raise UsageError("the query is empty", "give a word to look for, e.g. cyfacts search 算力")
    if len(text) > MAX_QUERY:
        raise UsageError(f"the query is {len(text):,} characters long; at most {MAX_QUERY} are read")
    positive_limit(limit)
    wanted = reading(ctx, lang, unit)
    findings, view = from_deck(
        ctx, lambda catalog: (find(catalog.index, text, filters, limit, strict), wanted.presentation(catalog))
    )
    results = findings.results
    view.require_convertible(f for r in results for f in r.card.figures)
    env = environment(ctx)
    if findings.dropped:
        env.warn(f"cyfacts: the query has too many distinct terms; the last {findings.dropped} were not read")
    note = view.no_full_answer(findings)
    if note:
        env.warn(f"cyfacts: {note}")
    if fmt is not None:
        env.write(render([result_record(i, r, explain, view.unit) for i, r in enumerate(results, 1)], fmt))
    elif results:
        from cyfacts.render.tables import results_view

        env.show(results_view(results, env.width(), explain, view))
    if not results:
        if strict:
            raise NoMatchError(f"no card fully answers {text!r}", "without --strict, partial answers are shown")
        raise NoMatchError(f"no card matches {text!r}", "try fewer words, or cyfacts list to browse")


@app.command("list", short_help="Browse cards, with the same filters as search.")
@with_filters
def list_cards(
    ctx: typer.Context,
    filters: "Filters",
    json_: JsonOption = False,
    jsonl: JsonlOption = False,
    csv: CsvOption = False,
    lang: LangOption = None,
    unit: UnitOption = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", help=f"Show at most this many cards (default: all; a table shows {TABLE_ROWS})."),
    ] = None,
) -> None:
    """Example: cyfacts list --theme ecology --kind figure

    List every card that passes the filters, in file order.
    """
    from cyfacts.services.lookup import selected

    fmt = output_format(json_, jsonl, csv)
    positive_limit(limit)
    wanted = reading(ctx, lang, unit)
    cards, view = from_deck(ctx, lambda catalog: (selected(catalog, filters), wanted.presentation(catalog)))
    view.require_convertible(f for c in cards for f in c.figures)
    env = environment(ctx)
    if fmt is not None:
        from itertools import islice  # a lazy slice: the cards are read only as they are written

        env.write_chunks(render_chunks((card_record(c, view.unit) for c in islice(cards, limit)), fmt))
    elif cards:
        from cyfacts.render.tables import cards_view

        shown = cards[: limit or TABLE_ROWS]
        env.show(cards_view(shown, env.width(), view))
        if len(shown) < len(cards):
            env.warn(
                f"cyfacts: showing {len(shown):,} of {len(cards):,} cards; narrow them with filters, "
                "or use --limit N or --json for more"
            )
    if not cards:
        raise NoMatchError("no card passes these filters")


@app.command(short_help="Show one card whole, with its quote and provenance.")
def show(
    ctx: typer.Context,
    card_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The card's id, as search shows it; SOURCE/ID where two sources share the id.",
            autocompletion=complete_ids,
        ),
    ],
    json_: JsonOption = False,
    related: Annotated[
        bool, typer.Option("--related", help="Also list cards from the same paragraph and of the same metric.")
    ] = False,
    lang: LangOption = None,
    unit: UnitOption = None,
) -> None:
    """Example: cyfacts show lead-gdp-2024 --related

    Show the whole card: claim in Chinese and English, the verbatim quote, source, section and speaker.
    """
    from cyfacts.services.lookup import find_card, shared_ids
    from cyfacts.services.related import as_typed, related_cards

    wanted = reading(ctx, lang, unit)

    def read(catalog: "Catalog") -> "tuple[Card, Source | None, list[Card], Presentation]":
        card, source = find_card(catalog, card_id.strip())
        others = as_typed(related_cards(card, catalog.deck.cards), shared_ids(catalog)) if related else []
        return card, source, others, wanted.presentation(catalog)

    card, source, others, view = from_deck(ctx, read)
    view.require_convertible(card.figures)
    env = environment(ctx)
    if json_:
        record = card_record(card, view.unit)
        if related:
            record["related"] = [other.id for other in others]
        env.write(to_json(record))
        return
    from cyfacts.render.tables import card_view

    env.show(card_view(card, source, view, others))


@app.command(short_help="Count cards by theme, year, kind, section and speaker.")
@with_filters
def stats(
    ctx: typer.Context,
    filters: "Filters",
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Count by this field (repeatable): theme, year, kind, section, speaker, source."),
    ] = None,
    json_: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Example: cyfacts stats --theme ecology

    Count the deck's cards by field, with a small bar chart; with --theme, also list that theme's figures.
    """
    from cyfacts.services.lookup import selected
    from cyfacts.services.stats import STAT_FIELDS, check_fields, compute_stats

    fields = check_fields(by or STAT_FIELDS)
    wanted = reading(ctx, lang, None)
    cards, view = from_deck(ctx, lambda catalog: (selected(catalog, filters), wanted.presentation(catalog)))
    result = compute_stats(cards, fields, with_figures=filters.theme is not None)
    env = environment(ctx)
    if json_:
        from cyfacts.render.records import stats_record

        env.write(to_json(stats_record(result)))
    else:
        from cyfacts.render.tables import stats_view

        env.show(stats_view(result, view))
    if not cards:
        raise NoMatchError("no card passes these filters")


@app.command(short_help="Write the whole deck as JSON, JSON Lines, CSV or YAML.")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "json",
) -> None:
    """Example: cyfacts export --format csv > cards.csv

    Write every card of the deck, with normalized figures, for other tools.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", f"valid formats: {', '.join(FORMATS)}")
    cards = from_deck(ctx, lambda catalog: catalog.deck.cards)  # read one by one as they are written
    environment(ctx).write_chunks(render_chunks((card_record(c) for c in cards), fmt))
