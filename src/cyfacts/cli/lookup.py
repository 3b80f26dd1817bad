"""Commands that look facts up: search, list, show, stats and export."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.completion import complete_fields, complete_ids
from cyfacts.cli.options import (
    GLOBAL_OPTIONS_HELP,
    RECORD_FORMATS,
    BomOption,
    CardsFormatOption,
    CardsJsonOption,
    CsvOption,
    IdsOption,
    JsonlOption,
    RecordFormatOption,
    UnitOption,
    deck_filters,
    environment,
    from_deck,
    one_of,
    output_format,
    positive_limit,
    reading,
    with_filters,
)
from cyfacts.cli.root import app
from cyfacts.errors import Counted, CyfactsError, NoMatchError, Quoted, UsageError
from cyfacts.render.formats import FORMATS, render, render_chunks, to_json
from cyfacts.render.records import card_record, result_record

if TYPE_CHECKING:
    from cyfacts.environment import Environment
    from cyfacts.index.build import Catalog
    from cyfacts.model.cards import Card, Source
    from cyfacts.render.presentation import Presentation
    from cyfacts.search.filters import Filters
    from cyfacts.search.ranking import Findings, Result

MAX_QUERY = 500  # longer than any question; a runaway script's input is refused, not searched
SEARCH_LIMIT = 10
TABLE_ROWS = 200  # a longer table is slow to draw and no use to read: filters or JSON serve better


@app.command(
    short_help="Find cards that match a query, best first (also: cyfacts QUERY...).", epilog=GLOBAL_OPTIONS_HELP
)
@with_filters
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for; Chinese needs no spaces.")],
    filters: "Filters",
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", help=f"Show at most this many results (default {SEARCH_LIMIT}).")
    ] = None,
    json_: CardsJsonOption = False,
    jsonl: JsonlOption = False,
    csv: CsvOption = False,
    ids: IdsOption = False,
    fmt: CardsFormatOption = None,
    bom: BomOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show which terms matched which fields, and how.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Only full answers (every term found); exit 1 if there are none.")
    ] = False,
    unit: UnitOption = None,
) -> None:
    """\b
    Examples:
      cyfacts search 算力
      cyfacts 粮食 2024 --lang en  # a first word that is no command is a search
      cyfacts search 成渝 --theme 生态 --ids | fzf --preview 'cyfacts show {}'

    Find the cards that match QUERY, best first, with their figures, year and source section; an
    answer that lacks a term (partial) or finds one only approximately says so under its claim. On a
    terminal: a table; in a pipe: a tab-separated line per card (rank, id, figures, year, theme,
    section, claim, coverage). Exit 0 when something matched, 1 when nothing did, 2 for a usage error.
    """
    from cyfacts.search.ranking import find
    from cyfacts.services.narrowing import partial_notice

    chosen = output_format(ctx, fmt, bom=bom, json=json_, jsonl=jsonl, csv=csv, ids=ids)
    text = checked_query(" ".join(query))
    positive_limit(limit)
    wanted = reading(ctx, unit)

    def read(catalog: "Catalog") -> "tuple[Findings, Presentation, CyfactsError | None, set[str]]":
        narrowed = deck_filters(filters, catalog)
        findings = find(catalog.index, text, narrowed, limit or SEARCH_LIMIT, strict)
        why = None
        if not findings.results and strict:  # --ids lists full answers only: the partial ones are seen without both
            hint = "no_full_match.ids" if chosen == "ids" else None
            why = NoMatchError.of("no_full_match", hint=hint, query=text)
        elif not findings.results:
            from cyfacts.services.narrowing import search_miss  # only a search that found nothing needs it

            why = search_miss(catalog, text, narrowed, ctx.meta.get("filter_options", {}))
        return findings, wanted.presentation(catalog), why, typed_ids(catalog, chosen)

    findings, view, why, shared = from_deck(ctx, read)
    results, total = findings.results, findings.total
    env = environment(ctx)
    whole_only = chosen == "ids" and not strict and any(r.coverage != "full" for r in results)
    if whole_only:  # an id cannot say how complete its answer is: only whole ones are listed
        results, why = full_answers_only(env, results, why, text)
        total = len(results)
    view.require_convertible(f for r in results for f in r.card.figures)
    if findings.left_out:  # as the search read them: the same pieces, never read a second time
        say_unread(env, list(findings.left_out))
    if findings.dropped:
        from cyfacts.search.query import MAX_TERMS

        env.say("query_cut", terms=MAX_TERMS, cut=Quoted(findings.cut))
    notice = None if whole_only else partial_notice(findings)
    if notice is not None:
        env.say(notice.key, **notice.values)
    if chosen in ("json", "jsonl", "csv"):
        records = [result_record(i, r, explain, view.unit) for i, r in enumerate(results, 1)]
        env.write(render(records, chosen, bom=bom))
    elif chosen == "ids":
        from cyfacts.render.plain import id_lines

        env.write("".join(id_lines((r.card for r in results), shared)))
    elif chosen == "tsv":
        from cyfacts.render.plain import result_lines

        env.write(result_lines(results, view, explain, shared))
    elif results:
        from cyfacts.render.tables import results_view

        env.show(results_view(results, env.width(), explain, view))
    tell_shown(env, len(results), total, limit)
    if why is not None:
        raise why


def full_answers_only(
    env: "Environment", results: "list[Result]", why: CyfactsError | None, text: str
) -> "tuple[list[Result], CyfactsError | None]":
    """The full answers among the results, saying how many others were left out; none is no match."""
    full = [r for r in results if r.coverage == "full"]
    if len(full) < len(results):
        env.say("ids_full_only", left=Counted(len(results) - len(full), "result"))
    if not full and why is None:
        why = NoMatchError.of("no_full_id", query=text)
    return full, why


def say_unread(env: "Environment", unread: list[str]) -> None:
    """Which pieces of a long query were left out, so that no one thinks they were searched."""
    from cyfacts.render.escape import one_line
    from cyfacts.search.query import MAX_CHINESE_CHARS, MAX_TERMS

    shown = one_line(", ".join(unread[:5]))
    if len(unread) > 5:
        env.say("query_unread_more", terms=MAX_TERMS, chars=MAX_CHINESE_CHARS, unread=shown, more=len(unread) - 5)
    else:
        env.say("query_unread", terms=MAX_TERMS, chars=MAX_CHINESE_CHARS, unread=shown)


def typed_ids(catalog: "Catalog", chosen: str) -> set[str]:
    """The ids to write as SOURCE/ID in ids and plain lines, where they feed `show` and `cite`."""
    if chosen not in ("ids", "tsv"):
        return set()
    from cyfacts.services.lookup import shared_ids

    return shared_ids(catalog)


def tell_shown(env: "Environment", shown: int, total: int, limit: int | None) -> None:
    """On stderr, when the answers were cut to the limit: how many there are, and how to see more."""
    if total > shown:
        env.say("showing_limited" if limit is not None else "showing", shown=shown, total=total)


@app.command("list", short_help="Browse cards, with the same filters as search.", epilog=GLOBAL_OPTIONS_HELP)
@with_filters
def list_cards(
    ctx: typer.Context,
    filters: "Filters",
    json_: CardsJsonOption = False,
    jsonl: JsonlOption = False,
    csv: CsvOption = False,
    ids: IdsOption = False,
    fmt: CardsFormatOption = None,
    bom: BomOption = False,
    unit: UnitOption = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", help=f"Show at most this many cards (default: all; a table shows {TABLE_ROWS})."),
    ] = None,
) -> None:
    """\b
    Examples:
      cyfacts list --theme ecology --kind figure
      cyfacts list --speaker dong --csv --bom > 董亚宁.csv
      cyfacts list --ids | fzf --preview 'cyfacts show {}'

    List every card that passes the filters, in file order. On a terminal: a table; in a pipe: a
    tab-separated line per card (id, figures, year, theme, section, claim).
    """
    from itertools import islice  # a lazy slice: the cards are read only as they are written

    from cyfacts.services.lookup import selected
    from cyfacts.services.narrowing import selection_miss

    chosen = output_format(ctx, fmt, bom=bom, json=json_, jsonl=jsonl, csv=csv, ids=ids)
    positive_limit(limit)
    wanted = reading(ctx, unit)

    def read(catalog: "Catalog") -> "tuple[Sequence[Card], Presentation, CyfactsError | None, set[str]]":
        narrowed = deck_filters(filters, catalog)
        cards = selected(catalog, narrowed)
        why = None if cards else selection_miss(catalog, narrowed, ctx.meta.get("filter_options", {}))
        return cards, wanted.presentation(catalog), why, typed_ids(catalog, chosen)

    cards, view, why, shared = from_deck(ctx, read, whole=True)
    view.require_convertible(f for c in cards for f in c.figures)
    env = environment(ctx)
    shown = len(cards) if limit is None else min(limit, len(cards))
    if chosen in ("json", "jsonl", "csv"):
        env.write_chunks(render_chunks((card_record(c, view.unit) for c in islice(cards, limit)), chosen, bom=bom))
    elif chosen == "ids":
        from cyfacts.render.plain import id_lines

        env.write_chunks(id_lines(islice(cards, limit), shared))
    elif chosen == "tsv":
        from cyfacts.render.plain import card_lines

        env.write_chunks(card_lines(islice(cards, limit), view, shared))
    elif cards:
        from cyfacts.render.tables import cards_view

        rows = cards[: limit or TABLE_ROWS]
        shown = len(rows)
        env.show(cards_view(rows, env.width(), view))
    tell_shown(env, shown, len(cards), limit)
    if why is not None:
        raise why


@app.command(short_help="Show one card whole, with its quote and provenance.", epilog=GLOBAL_OPTIONS_HELP)
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
    json_: Annotated[bool, typer.Option("--json", help="Print the card as one JSON object (a card record).")] = False,
    fmt: RecordFormatOption = None,
    related: Annotated[
        bool, typer.Option("--related", help="Also list cards from the same paragraph and of the same metric.")
    ] = False,
    unit: UnitOption = None,
) -> None:
    """\b
    Examples:
      cyfacts show lead-gdp-2024 --related
      cyfacts show ind-grain-output-2024 --lang en --unit t
      cyfacts show lead-gdp-2019 | grep ^quote

    Show the whole card: claim in Chinese and English, the verbatim quote, source, section and speaker.
    In a pipe: one field per line, its name, a tab, its value.
    """
    from cyfacts.services.lookup import find_card, shared_ids
    from cyfacts.services.related import as_typed, related_cards

    chosen = output_format(ctx, fmt, RECORD_FORMATS, json=json_)
    wanted = reading(ctx, unit)

    def read(catalog: "Catalog") -> "tuple[Card, Source | None, list[Card], Presentation]":
        card, source = find_card(catalog, card_id.strip())
        others = as_typed(related_cards(card, catalog.deck.cards), shared_ids(catalog)) if related else []
        return card, source, others, wanted.presentation(catalog)

    card, source, others, view = from_deck(ctx, read)
    view.require_convertible(card.figures)
    env = environment(ctx)
    if chosen == "json":
        record = card_record(card, view.unit)
        if related:
            record["related"] = [other.id for other in others]
        env.write(to_json(record))
    elif chosen == "tsv":
        from cyfacts.render.plain import field_lines

        env.write(field_lines(card, source, view, others))
    else:
        from cyfacts.render.tables import card_view

        env.show(card_view(card, source, view, others, env.width()))


@app.command(short_help="Count cards by theme, year, kind, section and speaker.", epilog=GLOBAL_OPTIONS_HELP)
@with_filters
def stats(
    ctx: typer.Context,
    filters: "Filters",
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Count by this field (repeatable): theme, year, kind, section, speaker, source.",
            autocompletion=complete_fields,
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON object: {cards, by: {field: [{value, count}]}, figures?}."),
    ] = False,
    fmt: RecordFormatOption = None,
) -> None:
    """\b
    Examples:
      cyfacts stats
      cyfacts stats --theme ecology  # also lists the theme's figures
      cyfacts stats --by year --by kind --json

    Count the deck's cards by field, with a small bar chart; a field in which every card agrees is said
    in one line. In a pipe: cards and the total, then a line per field and value with its count.
    """
    from cyfacts.render.words import field_key
    from cyfacts.services.lookup import selected
    from cyfacts.services.narrowing import selection_miss
    from cyfacts.services.stats import STAT_FIELDS, check_fields, compute_stats

    chosen = output_format(ctx, fmt, RECORD_FORMATS, json=json_)
    fields = check_fields([field_key(name) for name in by] if by else STAT_FIELDS)
    wanted = reading(ctx, None)

    def read(catalog: "Catalog") -> "tuple[Sequence[Card], Presentation, CyfactsError | None]":
        narrowed = deck_filters(filters, catalog)
        cards = selected(catalog, narrowed)
        why = None if cards else selection_miss(catalog, narrowed, ctx.meta.get("filter_options", {}))
        return cards, wanted.presentation(catalog), why

    cards, view, why = from_deck(ctx, read, whole=True)
    result = compute_stats(cards, fields, with_figures=filters.theme is not None)
    env = environment(ctx)
    if chosen == "json":
        from cyfacts.render.records import stats_record

        env.write(to_json(stats_record(result)))
    elif chosen == "tsv":
        from cyfacts.render.plain import stats_lines

        env.write(stats_lines(result, view))
    else:
        from cyfacts.render.tables import stats_view

        env.show(stats_view(result, view, env.width(), asked=by or ()))
    if why is not None:
        raise why


@app.command(short_help="Write the whole deck as JSON, JSON Lines, CSV or YAML.", epilog=GLOBAL_OPTIONS_HELP)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json (one array), jsonl (an object per line), csv (a row per card, figures with their "
            "normalized value and base unit) or yaml (a list).",
        ),
    ] = "json",
    bom: BomOption = False,
) -> None:
    """\b
    Examples:
      cyfacts export > cards.json
      cyfacts export --format csv --bom > cards.csv  # for Excel
      cyfacts --facts my-deck export --format jsonl | jq .id

    Write every card of the deck, with normalized figures, for other tools.
    """
    fmt = one_of(fmt, FORMATS, "unknown_format")
    if bom and fmt != "csv":
        raise UsageError.of("bom_without_csv")
    cards = from_deck(ctx, lambda catalog: catalog.deck.cards, whole=True)  # read one by one as written
    environment(ctx).write_chunks(render_chunks((card_record(c) for c in cards), fmt, bom=bom))


def checked_query(text: str) -> str:
    """The query, refused when there is nothing to look for in it: empty, only words that carry no
    topic (的, the), or longer than is read."""
    from cyfacts.search.query import filler_only, is_blank_query

    if is_blank_query(text):
        raise UsageError.of("query_empty")
    if fillers := filler_only(text):
        raise UsageError.of("query_only_fillers", words=Quoted(fillers))
    if len(text) > MAX_QUERY:
        raise UsageError.of("query_too_long", length=len(text), limit=MAX_QUERY)
    return text
