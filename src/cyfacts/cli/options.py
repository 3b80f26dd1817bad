"""Option declarations shared by the commands, and the checks that run on them before any deck is
opened: a bad --lang, --unit, --theme or --kind costs the user no index build."""

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
from cyfacts.errors import UsageError
from cyfacts.model.cards import KINDS, THEMES
from cyfacts.search.filters import Filters

if TYPE_CHECKING:
    from typer._click import Context as ClickContext

    from cyfacts.index.build import Catalog
    from cyfacts.model.units import TargetUnit
    from cyfacts.render.presentation import Presentation

T = TypeVar("T")

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Table language: zh (default) or en. Also: CYFACTS_LANG.")
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", help="Show figures in this unit too, e.g. 亿元, 万吨, ha, CNY.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON array.")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Print one JSON object per line.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print CSV (UTF-8 with BOM, opens in Excel).")]

# The filter options, declared once; `with_filters` adds them to a command.
FILTER_OPTIONS: dict[str, Any] = {
    "theme": Annotated[
        str | None,
        typer.Option(
            "--theme",
            help=f"Only this theme, one the deck declares (by default: {', '.join(THEMES)}).",
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
            help=f"Only this kind, one the deck declares (by default: {', '.join(KINDS)}).",
            autocompletion=complete_kinds,
        ),
    ],
    "speaker": Annotated[
        str | None,
        typer.Option("--speaker", help="Only cards from this expert (name or part).", autocompletion=complete_speakers),
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
        if values["theme"] is not None or values["kind"] is not None:
            config = current_config(kwargs["ctx"])
            if config.readable:  # a broken cyfacts.yaml is reported when the deck is read
                values.update(themes=tuple(config.themes), kinds=tuple(config.kinds))
            else:
                values.update(themes=None, kinds=None)
        command(*args, filters=Filters.build(**values), **kwargs)

    with_filter_options.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    annotations = {k: v for k, v in command.__annotations__.items() if k != "filters"}
    with_filter_options.__annotations__ = {**annotations, **FILTER_OPTIONS}
    return with_filter_options


class Reading(NamedTuple):
    """How the reader asked to see the answer (--lang, --unit), checked before the deck is opened."""

    lang: str
    unit: "TargetUnit | None"

    def presentation(self, catalog: "Catalog") -> "Presentation":
        from cyfacts.render.presentation import Presentation

        deck = catalog.deck
        return Presentation.of(self.lang, self.unit, deck.sources.values(), deck.config)


def reading(ctx: "typer.Context", lang: str | None, unit: str | None) -> Reading:
    from cyfacts.render.words import language

    chosen = language(lang, environment(ctx).settings.lang)
    if unit is None:
        return Reading(chosen, None)
    from cyfacts.model.units import parse_target

    return Reading(chosen, parse_target(unit))


def output_format(json_: bool, jsonl: bool, csv: bool) -> str | None:
    chosen = [name for name, flag in (("json", json_), ("jsonl", jsonl), ("csv", csv)) if flag]
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join('--' + c for c in chosen)}")
    return chosen[0] if chosen else None


def positive_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")


def environment(ctx: "typer.Context | ClickContext") -> Environment:
    env = ctx.find_object(Environment)
    return env if env is not None else Environment()


def from_deck(ctx: typer.Context, work: "Callable[[Catalog], T]") -> T:
    """Ask the current deck (through its cached index) for what a command shows."""
    from cyfacts.index.catalog import with_catalog

    return with_catalog(current_deck(ctx), environment(ctx), work)
