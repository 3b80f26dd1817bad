"""Reading a deck folder into frozen cards and sources; broken files become problems, not crashes."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from cyfacts.deck.config import load_config
from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.files import CardFileError, read_fields
from cyfacts.deck.layout import SOURCE_FILE, card_paths, config_path, require_deck
from cyfacts.model.cards import (
    DEFAULT_CONFIG,
    NO_LINES,
    QUALIFIERS,
    Card,
    Deck,
    DeckConfig,
    Expert,
    Figure,
    Problem,
    Section,
    Source,
)
from cyfacts.model.units import FigureFormatError, normalize

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AS_OF_PATTERN = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
# What a card file holds: the card's fields but those cyfacts adds itself (where it was read from).
CARD_FIELDS = tuple(name for name in Card._fields if name not in ("path", "lines"))
FIGURE_FIELDS = tuple(name for name in Figure._fields if name not in ("normalized", "base_unit"))
SOURCE_FIELDS = tuple(name for name in Source._fields if name != "path")
SECTION_FIELDS = Section._fields
EXPERT_FIELDS = Expert._fields


def read_figure(fields: Fields) -> Figure:
    fields.reject_unknown(FIGURE_FIELDS)
    value, unit = fields.required_text("value"), fields.text("unit", nullable=True) or ""
    try:
        normalized, base_unit = normalize(value, unit)
    except FigureFormatError as error:
        raise FieldError(f"figure value {value!r}: {error}", fields.line("value")) from None
    return Figure(
        value=value,
        unit=sys.intern(unit),
        qualifier=shared(fields.choice("qualifier", tuple(QUALIFIERS), nullable=True)),
        normalized=normalized,
        base_unit=sys.intern(base_unit),
        metric=shared(fields.text("metric", required=False)),
    )


def shared(text: str | None) -> str | None:
    """One copy of text that many cards repeat (sections, tags, units): a big deck is mostly repeats."""
    return sys.intern(text) if text is not None else None


def read_places(fields: Fields, config: DeckConfig) -> tuple[str, ...]:
    """The card's places: optional, each one the deck config declares (by name or alias)."""
    if fields.mapping.get("places") in (None, []):
        return ()
    named = fields.text_list("places")
    known = {alias: place.name for place in config.places.values() for alias in (place.name, *place.aliases)}
    for index, name in enumerate(named):
        if name not in known:
            line = fields.document.line_of((*fields.path, "places", index))
            declared = ", ".join(config.places) or "none"
            raise FieldError(f"place {name!r} is not declared in the deck's cyfacts.yaml (declared: {declared})", line)
    return tuple(dict.fromkeys(sys.intern(known[name]) for name in named))


def read_card(fields: Fields, display: str, with_lines: bool = True, config: DeckConfig = DEFAULT_CONFIG) -> Card:
    fields.reject_unknown(CARD_FIELDS)
    card_id = fields.required_text("id")
    if not ID_PATTERN.fullmatch(card_id):
        raise FieldError(f"id {card_id!r} must be a lowercase slug such as 'lead-gdp-2024'", fields.line("id"))
    as_of = fields.text("as_of", required=False)
    if as_of is not None and not AS_OF_PATTERN.fullmatch(as_of):
        raise FieldError(f'as_of {as_of!r} must be YYYY-MM, quoted, e.g. "2025-08"', fields.line("as_of"))
    return Card(
        id=card_id,
        claim=fields.required_text("claim"),
        claim_en=fields.required_text("claim_en"),
        quote=fields.required_text("quote"),
        source=sys.intern(fields.required_text("source")),
        section=sys.intern(fields.required_text("section")),
        subsection=shared(fields.text("subsection", required=False)),
        speaker=shared(fields.text("speaker", nullable=True)),
        theme=sys.intern(fields.choice("theme", tuple(config.themes)) or ""),
        year=fields.integer("year"),
        year_inferred=fields.flag("year_inferred"),
        as_of=as_of,
        kind=sys.intern(fields.choice("kind", tuple(config.kinds)) or ""),
        places=read_places(fields, config),
        figures=tuple(read_figure(child) for child in fields.children("figures")),
        tags=tuple(map(sys.intern, fields.text_list("tags"))),
        note=shared(fields.text("note", required=False)),
        path=display,
        # Lines serve `validate`'s messages; an index being built has no use for them.
        lines=field_lines(fields) if with_lines else NO_LINES,
    )


def field_lines(fields: Fields) -> dict[str, int]:
    lines = {name: fields.line(name) for name in fields.mapping}
    for index, child in enumerate(fields.children("figures")):
        lines[f"figures.{index}"] = child.line()
    return lines


def read_section(fields: Fields, config: DeckConfig) -> Section:
    fields.reject_unknown(SECTION_FIELDS)
    expert_fields = fields.child("expert")
    expert = None
    if expert_fields is not None:
        expert_fields.reject_unknown(EXPERT_FIELDS)
        expert = Expert(expert_fields.required_text("name"), expert_fields.required_text("affiliation"))
    return Section(
        heading=fields.required_text("heading"),
        heading_en=fields.text("heading_en", required=False) or "",
        theme=fields.choice("theme", tuple(config.themes)) or "",
        expert=expert,
    )


def read_source(path: Path, display: str, config: DeckConfig = DEFAULT_CONFIG) -> Source:
    fields = read_fields(path, display, "source record")
    try:
        fields.reject_unknown(SOURCE_FIELDS)
        return Source(
            id=fields.required_text("id"),
            title=fields.required_text("title"),
            title_en=fields.text("title_en", required=False) or "",
            publisher=fields.text("publisher", nullable=True),
            date=fields.text("date", nullable=True),
            year=fields.integer("year"),
            year_inferred=fields.flag("year_inferred"),
            year_note=fields.text("year_note", required=False),
            seed=fields.text("seed", required=False),
            sections=tuple(read_section(child, config) for child in fields.children("sections")),
            path=display,
        )
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def load_card_file(path: Path, display: str, with_lines: bool = True, config: DeckConfig = DEFAULT_CONFIG) -> Card:
    fields = read_fields(path, display, "card")
    try:
        return read_card(fields, display, with_lines, config)
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def display_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the deck's parent, and printable even when the
    file name is not valid UTF-8."""
    try:
        shown = str(path.relative_to(root.parent))
    except ValueError:
        shown = str(path)
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def listed_cards(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """A source folder's card files; one that cannot be listed is a problem, and the rest of the deck
    is still served."""
    try:
        return list(card_paths(folder))
    except OSError as error:
        problems.append(
            Problem(display_path(folder, root), 0, f"cannot list its card files: {error.strerror or error}")
        )
        return []


def load_deck(root: Path, progress: Callable[[int, int], None] | None = None, with_lines: bool = True) -> Deck:
    """Every card that reads cleanly, plus a problem for every file that does not."""
    folders = require_deck(root)
    cards: list[Card] = []
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    skipped = 0
    config = load_config(root, display_path(config_path(root), root), problems)
    for folder in folders:
        try:
            source = read_source(folder / SOURCE_FILE, display_path(folder / SOURCE_FILE, root), config)
            sources[source.id] = source
        except CardFileError as error:
            problems.append(error.problem)
    paths = [path for folder in folders for path in listed_cards(folder, root, problems)]
    for done, path in enumerate(paths, start=1):
        if progress is not None and done % 256 == 0:
            progress(done, len(paths))
        display = display_path(path, root)
        try:
            card = load_card_file(path, display, with_lines, config)
        except CardFileError as error:
            problems.append(error.problem)
            skipped += 1
            continue
        if card.id in seen:
            problems.append(Problem(display, 1, f"duplicate id {card.id!r}, already used by {seen[card.id]}"))
            skipped += 1
            continue
        seen[card.id] = display
        cards.append(card)
    return Deck(tuple(cards), sources, tuple(problems), skipped, config)
