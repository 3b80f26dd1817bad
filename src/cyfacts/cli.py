"""The command line: thin Typer commands over the core, and the one place errors become exit codes."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece (about 4 ms a run).
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from cyfacts import __version__
from cyfacts.completion import complete_ids, complete_kinds, complete_speakers, complete_themes
from cyfacts.environment import Environment
from cyfacts.errors import CyfactsError, ExitCode, InvalidDeckError, NoMatchError, UnknownIdError, UsageError
from cyfacts.filters import Filters
from cyfacts.formats import FORMATS, render, render_chunks, to_json
from cyfacts.model import KINDS, THEMES
from cyfacts.paths import deck_root
from cyfacts.records import card_record, result_record

if TYPE_CHECKING:
    from typer._click import Context as ClickContext

    from cyfacts.cache import Catalog
    from cyfacts.look import Look
    from cyfacts.model import Card, Source

T = TypeVar("T")


class CyfactsGroup(TyperGroup):
    """The one error boundary: a user-facing error becomes a message on stderr and its exit code."""

    def invoke(self, ctx: "ClickContext") -> Any:
        try:
            return super().invoke(ctx)
        except CyfactsError as error:
            ctx.exit(report(error, environment(ctx)))
        except BrokenPipeError:
            ctx.exit(quiet_broken_pipe())
        except Exception as error:
            # Typer's own signals (usage errors, exit) pass on; anything else is a bug in cyfacts,
            # told in one line, with the traceback only for those who ask for it.
            if type(error).__module__.startswith(("typer", "click")) or os.environ.get("CYFACTS_DEBUG"):
                raise
            env = environment(ctx)
            env.warn(f"cyfacts: internal error: {type(error).__name__}: {error}")
            env.warn("  this is a bug in cyfacts; run again with CYFACTS_DEBUG=1 to see where, and report it")
            ctx.exit(int(ExitCode.INTERNAL))


MAX_QUERY = 500  # longer than any question; a runaway script's input is refused, not searched
TABLE_ROWS = 200  # a longer table is slow to draw and no use to read: filters or JSON serve better

app = typer.Typer(
    name="cyfacts",
    cls=CyfactsGroup,
    help="Sourced facts about Chinese regional policy, from a deck of YAML fact cards.\n\nExample: cyfacts search 算力",
    rich_markup_mode=None,  # plain help: --help must not pay for importing Rich's tables
    pretty_exceptions_enable=False,
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ThemeOption = Annotated[
    str | None,
    typer.Option("--theme", help=f"Only this theme: {', '.join(THEMES)}.", autocompletion=complete_themes),
]
KindOption = Annotated[
    str | None, typer.Option("--kind", help=f"Only this kind: {', '.join(KINDS)}.", autocompletion=complete_kinds)
]
YearOption = Annotated[int | None, typer.Option("--year", help="Only facts about this year.")]
SinceOption = Annotated[int | None, typer.Option("--since", help="Only facts about this year or later.")]
UntilOption = Annotated[int | None, typer.Option("--until", help="Only facts about this year or earlier.")]
SpeakerOption = Annotated[
    str | None,
    typer.Option("--speaker", help="Only cards from this expert (name or part).", autocompletion=complete_speakers),
]
LangOption = Annotated[
    str | None, typer.Option("--lang", help="Table language: zh (default) or en. Also: CYFACTS_LANG.")
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", help="Show figures in this unit too, e.g. 亿元, 万吨, ha, CNY.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array.")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (UTF-8 with BOM, opens in Excel).")]


def environment(ctx: "typer.Context | ClickContext") -> Environment:
    env = ctx.find_object(Environment)
    return env if env is not None else Environment()


def from_deck(ctx: typer.Context, work: "Callable[[Catalog], T]") -> T:
    """Ask the current deck (through its cached index) for what a command shows."""
    from cyfacts.decks import with_catalog

    env = environment(ctx)
    return with_catalog(deck_root(ctx.meta.get("facts"), env.env), env, work)


def look_for(ctx: typer.Context, lang: str | None, unit: str | None, catalog: "Catalog") -> "Look":
    """The reader's language and unit, checked before anything is shown."""
    from cyfacts.english import language
    from cyfacts.look import Look

    chosen = language(lang, environment(ctx).env)
    if unit is None:
        return Look.of(chosen, None, catalog.deck.sources.values())
    from cyfacts.conversion import parse_target

    return Look.of(chosen, parse_target(unit), catalog.deck.sources.values())


def selected(catalog: "Catalog", filters: Filters) -> "Sequence[Card]":
    """The cards that pass the filters, read only as they are shown."""
    from cyfacts.store import Selection

    return Selection(catalog.deck.cards, filters.rows(catalog.index.columns))


def output_format(json_: bool, jsonl: bool, csv: bool) -> str | None:
    chosen = [name for name, flag in (("json", json_), ("jsonl", jsonl), ("csv", csv)) if flag]
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
    return chosen[0] if chosen else None


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"cyfacts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    facts: Annotated[
        Path | None,
        typer.Option(
            "--facts", help="Deck folder (a folder of sources). Default: $CYFACTS_FACTS, else the bundled deck."
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours or styles (also: NO_COLOR=1).")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    env = ctx.ensure_object(Environment)
    env.no_color = no_color
    ctx.meta["facts"] = facts


@app.command(short_help="Find cards that match a query, best first.")
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="Words to look for; Chinese needs no spaces.")],
    theme: ThemeOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    speaker: SpeakerOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many results.")] = 10,
    json_: JsonOption = False,
    jsonl: JsonlOption = False,
    csv: CsvOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show which terms matched which fields, and how.")] = False,
    lang: LangOption = None,
    unit: UnitOption = None,
) -> None:
    """Example: cyfacts search 算力 --theme industry

    Find the cards that match QUERY, best first, with their figures, year and source section.
    Exit 0 when something matched, 1 when nothing did, 2 for a usage error.
    """
    from cyfacts.query import is_blank_query
    from cyfacts.search import search as run_search

    fmt = output_format(json_, jsonl, csv)
    text = " ".join(query)
    if is_blank_query(text):
        raise UsageError("the query is empty", "give a word to look for, e.g. cyfacts search 算力")
    if len(text) > MAX_QUERY:
        raise UsageError(f"the query is {len(text):,} characters long; at most {MAX_QUERY} are read")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    filters = Filters.build(theme=theme, kind=kind, year=year, since=since, until=until, speaker=speaker)
    results, look = from_deck(
        ctx, lambda catalog: (run_search(catalog.index, text, filters, limit), look_for(ctx, lang, unit, catalog))
    )
    look.require_convertible(f for r in results for f in r.card.figures)
    env = environment(ctx)
    if fmt is not None:
        env.write(render([result_record(i, r, explain, look.unit) for i, r in enumerate(results, 1)], fmt))
    elif results:
        from cyfacts.tables import results_view

        env.show(results_view(results, env.width(), explain, look))
    if not results:
        raise NoMatchError(f"no card matches {text!r}", "try fewer words, or cyfacts list to browse")


@app.command("list", short_help="Browse cards, with the same filters as search.")
def list_cards(
    ctx: typer.Context,
    theme: ThemeOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    speaker: SpeakerOption = None,
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
    fmt = output_format(json_, jsonl, csv)
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    filters = Filters.build(theme=theme, kind=kind, year=year, since=since, until=until, speaker=speaker)
    cards, look = from_deck(ctx, lambda catalog: (selected(catalog, filters), look_for(ctx, lang, unit, catalog)))
    look.require_convertible(f for c in cards for f in c.figures)
    env = environment(ctx)
    if fmt is not None:
        from itertools import islice  # a lazy slice: the cards are read only as they are written

        env.write_chunks(render_chunks((card_record(c, look.unit) for c in islice(cards, limit)), fmt))
    elif cards:
        from cyfacts.tables import cards_view

        shown = cards[: limit or TABLE_ROWS]
        env.show(cards_view(shown, env.width(), look))
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
        str, typer.Argument(metavar="ID", help="The card's id, as search shows it.", autocompletion=complete_ids)
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
    from cyfacts.related import related_cards

    def read(catalog: "Catalog") -> "tuple[Card, Source | None, list[Card], Look]":
        card, source = find_card(catalog, card_id.strip())
        return (
            card,
            source,
            related_cards(card, catalog.deck.cards) if related else [],
            look_for(ctx, lang, unit, catalog),
        )

    card, source, others, look = from_deck(ctx, read)
    look.require_convertible(card.figures)
    env = environment(ctx)
    if json_:
        record = card_record(card, look.unit)
        if related:
            record["related"] = [other.id for other in others]
        env.write(to_json(record))
        return
    from cyfacts.tables import card_view

    env.show(card_view(card, source, look, others))


def find_card(catalog: "Catalog", card_id: str) -> "tuple[Card, Source | None]":
    """The card with this id and its source, or an error that suggests the closest ids."""
    position = catalog.index.position_of(card_id)
    if position is None:
        close = catalog.index.closest_ids(card_id)
        raise UnknownIdError(
            f"no card has the id {card_id!r}",
            f"did you mean: {', '.join(close)}" if close else "cyfacts list shows every id",
        )
    card = catalog.deck.cards[position]
    return card, catalog.deck.sources.get(card.source)


@app.command(short_help="Count cards by theme, year, kind, section and speaker.")
def stats(
    ctx: typer.Context,
    theme: ThemeOption = None,
    year: YearOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    kind: KindOption = None,
    speaker: SpeakerOption = None,
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
    from cyfacts.stats import STAT_FIELDS, compute_stats, stats_record

    filters = Filters.build(theme=theme, kind=kind, year=year, since=since, until=until, speaker=speaker)
    cards, look = from_deck(ctx, lambda catalog: (selected(catalog, filters), look_for(ctx, lang, None, catalog)))
    result = compute_stats(cards, by or STAT_FIELDS, with_figures=filters.theme is not None)
    env = environment(ctx)
    if json_:
        env.write(to_json(stats_record(result)))
    else:
        from cyfacts.tables import stats_view

        env.show(stats_view(result, look))
    if not cards:
        raise NoMatchError("no card passes these filters")


@app.command(short_help="Check every card against the format; exit 1 on any problem.")
def validate(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Deck or source folder (default: the current deck).")] = None,
) -> None:
    """Example: cyfacts validate facts/

    Check every card: fields and types, unique ids, known theme and kind, each figure's value in its
    quote, a plausible year that agrees with the quote. Prints one `path:line: message` per problem.
    """
    from cyfacts.checks import check_deck
    from cyfacts.loader import load_deck

    env = environment(ctx)
    deck = load_deck(path if path is not None else deck_root(ctx.meta.get("facts"), env.env))
    problems = check_deck(deck)
    env.write("".join(f"{p}\n" for p in problems))
    checked = len(deck.cards) + deck.skipped
    if problems:
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        raise InvalidDeckError(f"{count} in {checked} card files")
    env.warn(f"cyfacts: {checked} cards in {len(deck.sources)} sources, no problems")


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


def report(error: CyfactsError, env: Environment) -> int:
    env.warn(f"cyfacts: {error.message}")
    if error.hint:
        env.warn(f"  {error.hint}")
    return int(error.exit_code)


def quiet_broken_pipe() -> int:
    """The reader (head, less) went away: stop quietly, and keep Python from complaining at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def utf8_streams() -> None:
    """Output is UTF-8 whatever the locale (LANG=C): JSON must stay valid, Chinese must not crash."""
    for stream in (sys.stdout, sys.stderr):
        if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8", errors="replace")


def main() -> None:
    utf8_streams()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


# The commands that turn a lookup into use (cite, series) live in their own module.
from cyfacts import cli_use  # noqa: E402, F401
