"""Option declarations shared by the commands, and the checks that run on them before any deck is
opened: a bad --lang, --unit, --theme, --kind or --format costs the user no index build."""

# No `from __future__ import annotations` here: Typer reads every command's annotations on each
# run, and string annotations would cost it a compile and eval apiece.
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import typer

from cyfacts.cli.completion import complete_kinds, complete_speakers, complete_themes
from cyfacts.cli.where import current_config, current_deck
from cyfacts.environment import Environment
from cyfacts.errors import Together, UsageError
from cyfacts.model.cards import KINDS, THEMES
from cyfacts.model.text import fold
from cyfacts.search.filters import Filters

if TYPE_CHECKING:
    from collections.abc import Mapping

    from typer._click import Context as ClickContext

    from cyfacts.index.build import Catalog
    from cyfacts.model.cards import Label
    from cyfacts.model.units import TargetUnit
    from cyfacts.render.presentation import Presentation

T = TypeVar("T")

# Each command's help ends with it.
GLOBAL_OPTIONS_HELP = (
    "Global options, before or after the command: --facts DIR, --lang zh|en, --color auto|always|never, --no-color."
)

UnitOption = Annotated[
    str | None, typer.Option("--unit", help="Show figures in this unit too, e.g. 亿元, 万吨, ha, CNY.")
]
# What --json prints differs by command, so each says it in its own words.
CardsJsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON array of card records.")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Print one card record (a JSON object) per line.")]
CsvOption = Annotated[
    bool, typer.Option("--csv", help="Print CSV: a header, then a row per card (add --bom for Excel).")
]
BomOption = Annotated[
    bool, typer.Option("--bom", help="Start the CSV with a byte-order mark, so that Excel reads it as UTF-8.")
]
IdsOption = Annotated[bool, typer.Option("--ids", help="Print only the ids, one per line (for xargs and fzf).")]
CARD_FORMATS = ("table", "tsv", "ids", "json", "jsonl", "csv")
CardsFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="table, tsv (a line per card, tab-separated), ids, json, jsonl or csv. "
        "Default: a table on a terminal, tsv in a pipe.",
    ),
]
RecordFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="table, tsv (tab-separated lines) or json. Default: a table on a terminal, tsv in a pipe.",
    ),
]
RECORD_FORMATS = ("table", "tsv", "json")

# The filter options, declared once; `with_filters` adds them to a command.
FILTER_OPTIONS: dict[str, Any] = {
    "theme": Annotated[
        str | None,
        typer.Option(
            "--theme",
            help=f"Only this theme, one the deck declares (by default: {', '.join(THEMES)}), by its key, "
            "its name in either language (生态) or pinyin.",
            autocompletion=complete_themes,
        ),
    ],
    "year": Annotated[int | None, typer.Option("--year", help="Only facts about this year.")],
    "since": Annotated[int | None, typer.Option("--since", help="Only facts about this year or later.")],
    "until": Annotated[int | None, typer.Option("--until", help="Only facts about this year or earlier.")],
    "kind": Annotated[
        str | None,
        typer.Option(
            "--kind",
            help=f"Only this kind, one the deck declares (by default: {', '.join(KINDS)}), by its key, "
            "its name in either language (数据) or pinyin.",
            autocompletion=complete_kinds,
        ),
    ],
    "speaker": Annotated[
        str | None,
        typer.Option(
            "--speaker",
            help="Only cards from this expert: the name or part of it, in characters or pinyin (董, dong).",
            autocompletion=complete_speakers,
        ),
    ],
    "place": Annotated[
        str | None,
        typer.Option("--place", help="Only cards about this place or a place within it (成都, Chongqing, 川渝)."),
    ],
}


def with_filters(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the filter options in place of its `filters` parameter, which then receives
    them checked and built into one `Filters`. A --theme or --kind is checked against the deck's own
    vocabularies, read from its cyfacts.yaml alone, before any card is."""
    signature = inspect.signature(command)
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name != "filters":
            params.append(param)
            continue
        params.extend(
            inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=kind, default=None)
            for name, kind in FILTER_OPTIONS.items()
        )

    @functools.wraps(command)
    def with_filter_options(*args: Any, **kwargs: Any) -> None:
        values = {name: kwargs.pop(name) for name in FILTER_OPTIONS}
        given = {name: value for name, value in values.items() if value is not None}
        kwargs["ctx"].meta["filter_options"] = given  # named in a message if they exclude every card
        for name in ("year", "since", "until"):
            four_digit_year(name, values[name])
        if values["theme"] is not None or values["kind"] is not None:
            config = current_config(kwargs["ctx"])
            if config.readable:  # a broken cyfacts.yaml is reported when the deck is read
                values["theme"] = vocabulary_choice("theme", values["theme"], config.themes)
                values["kind"] = vocabulary_choice("kind", values["kind"], config.kinds)
                values.update(themes=tuple(config.themes), kinds=tuple(config.kinds))
            else:
                values.update(themes=None, kinds=None)
        command(*args, filters=Filters.build(**values), **kwargs)

    with_filter_options.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    annotations = {k: v for k, v in command.__annotations__.items() if k != "filters"}
    with_filter_options.__annotations__ = {**annotations, **FILTER_OPTIONS}
    return with_filter_options


def vocabulary_choice(option: str, value: str | None, labels: "Mapping[str, Label]") -> str | None:
    """A --theme or --kind value as the deck's key for it: given as the key, as its label in either
    language (cyfacts.yaml's zh and en), or in pinyin."""
    if value is None:
        return None
    from cyfacts.search.vocabulary import choices_named

    vocabulary = {key: label._asdict() for key, label in labels.items()}
    found = choices_named(value, vocabulary)
    if not found:  # pinyin is read only for a value that names nothing as written: pypinyin is slow to load
        from cyfacts.index.charmaps import contextual_syllables

        found = choices_named(value, vocabulary, contextual_syllables)
    if len(found) != 1:
        from cyfacts.model.text import close_to

        valid = tuple(f"{key} ({label.zh})" for key, label in labels.items())
        close = close_to(value.strip().casefold(), labels)
        key = "unknown_choice_close" if close else "unknown_choice"
        raise UsageError.of(key, hint="unknown_choice", option=option, value=value, valid=valid, close=close)
    return found[0]


def deck_filters(filters: Filters, catalog: "Catalog") -> Filters:
    """The filters read against the deck: --place as the deck names the place (成都, Chengdu), and
    --speaker against its speakers, so that part of a name in characters or pinyin (董, dong) finds them."""
    filters = filters.for_places(catalog.index.places, catalog.index.charmaps.simplify)
    if filters.speaker is None:
        return filters
    from cyfacts.search.vocabulary import names_matching

    speakers = {name for name in catalog.index.columns.speakers if name}
    found = names_matching(filters.speaker[0], speakers, catalog.index.charmaps.readings_of)
    return filters._replace(speaker=tuple(fold(name) for name in found)) if found else filters


class Reading(NamedTuple):
    """How the reader asked to see the answer (--lang, --unit), checked before the deck is opened."""

    lang: str
    unit: "TargetUnit | None"

    def presentation(self, catalog: "Catalog") -> "Presentation":
        from cyfacts.render.presentation import Presentation

        deck = catalog.deck
        return Presentation.of(self.lang, self.unit, deck.sources.values(), deck.config)


def reading(ctx: "typer.Context", unit: str | None) -> Reading:
    """The reader's language (the global --lang, else CYFACTS_LANG) and unit (--unit)."""
    from cyfacts.render.words import language

    env = environment(ctx)
    chosen = env.lang or language(None, env.settings.lang)
    if unit is None:
        return Reading(chosen, None)
    from cyfacts.model.units import parse_target

    return Reading(chosen, parse_target(unit))


def one_of(value: str, allowed: tuple[str, ...], error: str) -> str:
    """A value named from a fixed set, in any case (JSON, APA): the set's own spelling, or a usage
    error `error` that lists the set."""
    folded = value.casefold()
    if folded not in allowed:
        raise UsageError.of(error, value=value, valid=allowed)
    return folded


def output_format(
    ctx: "typer.Context",
    fmt: str | None,
    allowed: tuple[str, ...] = CARD_FORMATS,
    bom: bool = False,
    **flags: bool,
) -> str:
    """The one output format asked for, by --format or by a flag (--json, --csv, --ids …); when none
    is, a table for a person at a terminal and tab-separated lines for a pipe or a file."""
    fmt = one_of(fmt, allowed, "unknown_format") if fmt is not None else None
    chosen = [f"--{name}" for name, flag in flags.items() if flag] + ([f"--format {fmt}"] if fmt else [])
    if len(chosen) > 1:
        raise UsageError.of("formats_conflict", flags=Together(chosen))
    picked = fmt or next((name for name, flag in flags.items() if flag), None)
    if bom and picked != "csv":
        raise UsageError.of("bom_without_csv")
    return picked or ("table" if environment(ctx).is_terminal() else "tsv")


def four_digit_year(option: str, year: int | None) -> None:
    """A year is written in full: --year 24 is a slip for 2024, not the year 24."""
    if year is not None and not 1000 <= year <= 9999:
        raise UsageError.of("year_not_four_digits", option=f"--{option}", year=year)


def positive_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise UsageError.of("limit_too_small", limit=limit)


def environment(ctx: "typer.Context | ClickContext") -> Environment:
    env = ctx.find_object(Environment)
    return env if env is not None else Environment()


def from_deck(ctx: typer.Context, work: "Callable[[Catalog], T]", whole: bool = False) -> T:
    """Ask the current deck (through its cached index) for what a command shows; `whole` when the
    command then reads every card it was given."""
    from cyfacts.index.catalog import with_catalog
    from cyfacts.render.problems import report_problems

    env = environment(ctx)
    return with_catalog(current_deck(ctx), env, work, report=lambda deck: report_problems(deck, env), whole=whole)
