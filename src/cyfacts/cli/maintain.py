"""Commands for a deck's maintainer: validate (with the source text), draft, conflicts; and `cyfacts
cache`: where the index cache is, its size and the decks it holds, --clear empties it."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.options import (
    GLOBAL_OPTIONS_HELP,
    RECORD_FORMATS,
    RecordFormatOption,
    UnitOption,
    environment,
    from_deck,
    output_format,
    reading,
)
from cyfacts.cli.root import app
from cyfacts.cli.where import current_deck
from cyfacts.errors import Counted, InvalidDeckError, NoMatchError, UsageError

if TYPE_CHECKING:
    from cyfacts.model.cards import Deck
    from cyfacts.services.cache import CacheReport

TextOption = Annotated[
    list[str] | None,
    typer.Option(
        "--text",
        metavar="[SOURCE=]FILE",
        help="The source's text, to prove quotes against (overrides `text:` in _source.yaml). "
        "SOURCE= is needed only when the deck has several sources. Repeatable.",
    ),
]


def given_texts(values: list[str], deck: "Deck") -> dict[str, Path]:
    """--text values as {source id: file}; a bare FILE is the text of the deck's only source."""
    from cyfacts.model.text import close_to

    texts: dict[str, Path] = {}
    sources = tuple(deck.sources)
    for value in values:
        name, _, file = value.partition("=")
        if file and not Path(value).is_file():
            if name not in deck.sources:
                close = close_to(name, sources)
                key = "text_no_source_close" if close else "text_no_source"
                raise UsageError.of(key, hint="text_sources", value=value, name=name, close=close, sources=sources)
            texts[name] = Path(file)
            continue
        if len(deck.sources) != 1:
            raise UsageError.of("text_whose", value=value, sources=Counted(len(sources), "source"), known=sources)
        texts[next(iter(deck.sources))] = Path(value)
    for source_id, path in texts.items():
        if not path.is_file():
            raise UsageError.of("text_missing", path=str(path), source=source_id)
    return {source_id: path.resolve() for source_id, path in texts.items()}


@app.command(
    short_help="Check every card, and its quotes against the source text; exit 1 on any problem.",
    epilog=GLOBAL_OPTIONS_HELP,
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Deck or source folder (default: the deck around the current folder)."),
    ] = None,
    text: TextOption = None,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Also list every number in the source text that no card's quote carries.")
    ] = False,
) -> None:
    """\b
    Examples:
      cyfacts validate
      cyfacts validate my-deck/
      cyfacts validate --text article.txt --coverage

    Check every card: fields and types, ids unique within their source, the deck's themes and kinds,
    each figure's value, unit and qualifier in its quote, a plausible year that agrees with the quote.
    With the source's text (`text:` in _source.yaml, or --text), every quote must stand in it verbatim.
    Prints one `path:line: message` per problem, paths relative to the current folder; every problem
    of a file at once. Drafts (`draft: true`) are warned about until a person finishes them.
    """
    from cyfacts.deck.checks import check_deck
    from cyfacts.deck.loader import load_deck
    from cyfacts.deck.proof import checked_cards, prove, source_texts, uncovered
    from cyfacts.render.problems import problem_lines

    env = environment(ctx)
    root = (path if path is not None else current_deck(ctx)).resolve()
    deck = load_deck(root)
    texts, problems = source_texts(deck, root, given_texts(text or [], deck))
    if coverage and not texts:
        raise UsageError.of("coverage_without_text")
    problems += check_deck(deck)
    problems += prove(checked_cards(deck), texts)
    if coverage:
        readable = [card for card, _ in checked_cards(deck)]
        for source_id, source_text in texts.items():
            problems += uncovered(readable, source_id, source_text)
    problems.sort(key=lambda p: (p.path, p.line))
    env.write(problem_lines(problems, root.parent, Path.cwd()))
    errors = [p for p in problems if not p.warning]
    warnings = len(problems) - len(errors)
    files = card_files(deck)
    extra = validate_extra(reading(ctx, None).lang, len(texts), warnings, len(deck.sources) - len(texts))
    if errors:
        raise InvalidDeckError.of(
            "validate_problems",
            problems=Counted(len(errors), "problem"),
            files=Counted(files, "card_file"),
            extra=extra,
        )
    env.say("validate_ok", cards=Counted(files, "card"), sources=Counted(len(deck.sources), "source"), extra=extra)


def validate_extra(lang: str, texts: int, warnings: int, unproven: int = 0) -> str:
    """What follows validate's count, where there is something: the texts quotes were proven
    against, the warnings (drafts not yet finished), and the sources whose quotes were not proven."""
    from cyfacts.render.words import message

    proven = message("validate_proven", lang, texts=Counted(texts, "text")) if texts else ""
    warned = message("validate_warned", lang, warnings=Counted(warnings, "warning")) if warnings else ""
    sources = Counted(unproven, "source")
    return proven + warned + (message("validate_unproven", lang, sources=sources) if unproven > 0 else "")


def card_files(deck: "Deck") -> int:
    """How many card files were looked at: served, skipped, and clean drafts (neither)."""
    broken = {problem.path for problem in deck.problems}
    drafts = sum(1 for item in deck.unfinished if item.draft and item.card.path not in broken)
    return len(deck.cards) + deck.skipped + drafts


@app.command(
    short_help="Every metric, place and year for which sources give different values.", epilog=GLOBAL_OPTIONS_HELP
)
def conflicts(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print one JSON array of conflict records.")] = False,
    fmt: RecordFormatOption = None,
    unit: UnitOption = None,
) -> None:
    """\b
    Examples:
      cyfacts conflicts
      cyfacts conflicts --json

    List every case where two sources give different values for the same metric, place and year, with
    each source's value and card. In a pipe: a line per source's value (metric, places, year,
    source, value, id). Exit 0 when there are some, 1 when the sources never disagree.
    """
    from cyfacts.services.series import deck_conflicts

    chosen = output_format(ctx, fmt, RECORD_FORMATS, json=json_)
    wanted = reading(ctx, unit)
    found, view = from_deck(ctx, lambda catalog: (deck_conflicts(catalog.deck.cards), wanted.presentation(catalog)))
    env = environment(ctx)
    if chosen == "json":
        from cyfacts.render.formats import to_json
        from cyfacts.render.records import conflict_record

        env.write(to_json([conflict_record(conflict, view) for conflict in found]))
    elif chosen == "tsv":
        from cyfacts.render.plain import conflict_lines

        env.write(conflict_lines(found, view))
    elif found:
        from cyfacts.render.series_view import conflicts_view

        env.show(conflicts_view(found, view, env.width()))
    if not found:
        raise NoMatchError.of("no_conflicts")


@app.command(
    short_help="Draft card files for every figure of a new article, for a person to finish.",
    epilog=GLOBAL_OPTIONS_HELP,
)
def draft(
    ctx: typer.Context,
    text: Annotated[Path, typer.Argument(help="The article, as UTF-8 text (# title, ## sections, expert lines).")],
    source: Annotated[str, typer.Option("--source", help="The source id: a lowercase slug, also the folder's name.")],
    out: Annotated[Path, typer.Option("--out", help="The source folder to write into (created if missing).")],
) -> None:
    """\b
    Examples:
      cyfacts draft article.txt --source chengyu-twin-city-2025 --out facts/chengyu-twin-city-2025
      cyfacts validate facts/chengyu-twin-city-2025  # once each draft card is finished

    Find every figure of the article (value, unit, qualifier such as 超, 不足, 约, 多; year or as_of) and
    write one card file per figure with its proposed quote (the shortest span holding the figure),
    section, speaker, metric, kind and id, plus a _source.yaml naming the text when the folder has
    none. Each card is marked `draft: true` with its claim left empty: write the claim in both
    languages and English tags, check the rest, remove the mark, and `cyfacts validate` proves it.
    Files already there are never overwritten, and figures a card there already quotes are skipped.
    """
    from cyfacts.deck.config import deck_config
    from cyfacts.deck.draft import write_draft
    from cyfacts.deck.files import CardFileError
    from cyfacts.deck.locate import enclosing_deck

    if not text.is_file():
        raise UsageError.of("draft_no_text", path=str(text))
    deck = enclosing_deck(out if out.is_dir() else out.parent)
    config = deck_config(deck) if deck is not None else deck_config(out)
    env = environment(ctx)
    try:
        drafted = write_draft(text, source, out, config)
    except (ValueError, UnicodeDecodeError) as error:
        raise UsageError(str(error)) from None
    except FileExistsError as error:
        raise UsageError.of("draft_exists", path=str(error.filename)) from None
    except CardFileError as error:
        raise UsageError.of("draft_bad_source", problem=str(error.problem)) from None
    env.write("".join(f"{path}\n" for path in drafted.written))
    cards = sum(1 for path in drafted.written if path.name != "_source.yaml")
    key = "drafted_some_known" if drafted.already else "drafted"
    env.say(key, cards=Counted(cards, "card"), out=str(out), already=Counted(drafted.already, "figure"))


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


@app.command(short_help="Where the index cache is, its size and decks; --clear empties it.", epilog=GLOBAL_OPTIONS_HELP)
def cache(
    ctx: typer.Context,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every cyfacts file from the cache folder.")] = False,
    json_: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: the folder, its size and caches.")
    ] = False,
) -> None:
    """\b
    Examples:
      cyfacts cache
      cyfacts cache --clear

    Show the cache folder ($CYFACTS_CACHE_DIR, else $XDG_CACHE_HOME/cyfacts, else ~/.cache/cyfacts),
    its size and the deck each cache file indexes. The cache tidies itself: caches of decks that no
    longer exist, of older versions, and temporary files older than an hour are removed whenever an
    index is written. --clear removes all of cyfacts' own files there (nothing else).
    """
    from cyfacts.render.escape import one_line
    from cyfacts.render.formats import to_json
    from cyfacts.services.cache import cache_report, empty_cache

    env = environment(ctx)
    if clear:
        folder, removed, size = empty_cache(env.settings)
        if json_:
            env.write(to_json({"folder": str(folder) if folder else None, "removed": removed, "bytes": size}))
        elif folder is not None:
            files = f"{removed} file{'s' * (removed != 1)}"
            env.write(f"removed {files} ({megabytes(size)}) from {one_line(str(folder))}\n")
        return
    report = cache_report(env.settings)
    if json_:
        env.write(to_json(report_record(report)))
        return
    if report.folder is None:
        env.write(f"no cache folder: {report.why_none}; set CYFACTS_CACHE_DIR to keep one\n")
        return
    lines = [f"cache folder: {one_line(str(report.folder))}"]
    count = len(report.caches)
    lines.append(f"{count} deck{'s' * (count != 1)}, {megabytes(report.size)}")
    for entry in report.caches:
        deck = one_line(entry.deck) if entry.deck else "(an older version's cache, removed at the next update)"
        stale = "" if entry.current or not entry.deck else "  (its deck no longer exists: removed at the next update)"
        lines.append(f"  {megabytes(entry.size):>10}  {entry.cards:>9,} cards  {when(entry.modified)}  {deck}{stale}")
    if report.temporary:
        size = sum(entry.size for entry in report.temporary)
        lines.append(
            f"{len(report.temporary)} temporary file(s), {megabytes(size)}, left by runs that were killed: "
            "removed after an hour, or by --clear"
        )
    env.write("\n".join(lines) + "\n")


def when(timestamp: float) -> str:
    import time

    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def report_record(report: "CacheReport") -> dict[str, object]:
    return {
        "folder": str(report.folder) if report.folder else None,
        "bytes": report.size,
        "caches": [
            {"deck": e.deck, "cards": e.cards, "bytes": e.size, "modified": when(e.modified), "current": e.current}
            for e in report.caches
        ],
        "temporary": [{"file": e.path.name, "bytes": e.size, "modified": when(e.modified)} for e in report.temporary],
    }
