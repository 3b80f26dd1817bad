"""Commands for a deck's maintainer: validate (with the source text), draft, conflicts."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cyfacts.cli.options import JsonOption, LangOption, UnitOption, environment, from_deck, reading
from cyfacts.cli.root import app
from cyfacts.cli.where import current_deck
from cyfacts.errors import InvalidDeckError, NoMatchError, UsageError

if TYPE_CHECKING:
    from cyfacts.model.cards import Deck

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
    from cyfacts.model.text import did_you_mean

    texts: dict[str, Path] = {}
    for value in values:
        name, _, file = value.partition("=")
        if file and not Path(value).is_file():
            if name not in deck.sources:
                raise UsageError(
                    f"--text {value}: no source {name!r} in this deck{did_you_mean(name, deck.sources)}",
                    f"sources: {', '.join(deck.sources)}",
                )
            texts[name] = Path(file)
            continue
        if len(deck.sources) != 1:
            raise UsageError(
                f"--text {value}: the deck has {len(deck.sources)} sources; say whose text it is",
                f"write --text SOURCE={value} (sources: {', '.join(deck.sources) or 'none'})",
            )
        texts[next(iter(deck.sources))] = Path(value)
    for source_id, path in texts.items():
        if not path.is_file():
            raise UsageError(f"--text: no such file {str(path)!r} (for source {source_id!r})")
    return {source_id: path.resolve() for source_id, path in texts.items()}


@app.command(short_help="Check every card, and its quotes against the source text; exit 1 on any problem.")
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
    """Example: cyfacts validate --text article.txt --coverage

    Check every card: fields and types, ids unique within their source, the deck's themes and kinds,
    each figure's value, unit and qualifier in its quote, a plausible year that agrees with the quote.
    With the source's text (`text:` in _source.yaml, or --text), every quote must stand in it verbatim.
    Prints one `path:line: message` per problem, paths relative to the current folder; every problem
    of a file at once. Drafts (`draft: true`) are warned about until a person finishes them.
    """
    from cyfacts.deck.checks import check_deck
    from cyfacts.deck.loader import load_deck
    from cyfacts.deck.proof import checked_cards, prove, source_texts, uncovered
    from cyfacts.render.problems import counted, problem_lines

    env = environment(ctx)
    root = (path if path is not None else current_deck(ctx)).resolve()
    deck = load_deck(root)
    texts, problems = source_texts(deck, root, given_texts(text or [], deck))
    if coverage and not texts:
        raise UsageError(
            "--coverage needs the source's text", "give it with --text FILE, or name it in _source.yaml (text: FILE)"
        )
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
    proven = f", quotes proven against {len(texts)} text" + ("s" if len(texts) != 1 else "") if texts else ""
    noted = f", {counted(warnings, 'warning')}" if warnings else ""
    if errors:
        raise InvalidDeckError(f"{counted(len(errors), 'problem')} in {counted(files, 'card file')}{noted}")
    env.warn(f"cyfacts: {counted(files, 'card')} in {counted(len(deck.sources), 'source')}, no problems{proven}{noted}")


def card_files(deck: "Deck") -> int:
    """How many card files were looked at: served, skipped, and clean drafts (neither)."""
    broken = {problem.path for problem in deck.problems}
    drafts = sum(1 for item in deck.unfinished if item.draft and item.card.path not in broken)
    return len(deck.cards) + deck.skipped + drafts


@app.command(short_help="Every metric, place and year for which sources give different values.")
def conflicts(
    ctx: typer.Context,
    json_: JsonOption = False,
    lang: LangOption = None,
    unit: UnitOption = None,
) -> None:
    """Example: cyfacts conflicts --json

    List every case where two sources give different values for the same metric, place and year, with
    each source's value and card. Exit 0 when there are some, 1 when the sources never disagree.
    """
    from cyfacts.services.series import deck_conflicts

    wanted = reading(ctx, lang, unit)
    found, view = from_deck(ctx, lambda catalog: (deck_conflicts(catalog.deck.cards), wanted.presentation(catalog)))
    env = environment(ctx)
    if json_:
        from cyfacts.render.formats import to_json
        from cyfacts.render.records import conflict_record

        env.write(to_json([conflict_record(conflict, view) for conflict in found]))
    elif found:
        from cyfacts.render.series_view import conflicts_view

        env.show(conflicts_view(found, view))
    if not found:
        raise NoMatchError("no two sources give different values for the same metric, place and year")


@app.command(short_help="Draft card files for every figure of a new article, for a person to finish.")
def draft(
    ctx: typer.Context,
    text: Annotated[Path, typer.Argument(help="The article, as UTF-8 text (# title, ## sections, expert lines).")],
    source: Annotated[str, typer.Option("--source", help="The source id: a lowercase slug, also the folder's name.")],
    out: Annotated[Path, typer.Option("--out", help="The source folder to write into (created if missing).")],
) -> None:
    """Example: cyfacts draft article.txt --source chengyu-twin-city-2025 --out facts/chengyu-twin-city-2025

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
        raise UsageError(f"no such file {str(text)!r}", "give the article as a UTF-8 text file")
    deck = enclosing_deck(out if out.is_dir() else out.parent)
    config = deck_config(deck) if deck is not None else deck_config(out)
    env = environment(ctx)
    try:
        drafted = write_draft(text, source, out, config)
    except (ValueError, UnicodeDecodeError) as error:
        raise UsageError(str(error)) from None
    except FileExistsError as error:
        raise UsageError(f"{error.filename} is already there; it is never overwritten") from None
    except CardFileError as error:
        raise UsageError(
            f"the folder's source record has a problem: {error.problem}", "fix it, then draft again"
        ) from None
    env.write("".join(f"{path}\n" for path in drafted.written))
    cards = sum(1 for path in drafted.written if path.name != "_source.yaml")
    skipped = f"; {drafted.already} figures already have cards" if drafted.already else ""
    env.warn(f"cyfacts: drafted {cards} cards in {out}{skipped}")
    env.warn(f"  write each claim and claim_en, remove `draft: true`, then: cyfacts validate {out}")
