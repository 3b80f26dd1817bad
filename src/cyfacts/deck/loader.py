"""Reading a deck folder into frozen cards and sources; broken files become problems, not crashes.

Every problem a file holds is reported at once, as a compiler would: fields are read one by one and
each error is collected, so a broken card takes one round of fixes, not one per field."""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from cyfacts.deck.config import load_config
from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.files import DRAFT_WARNING, CardFileError, DraftCardError, read_fields
from cyfacts.deck.layout import (
    SOURCE_FILE,
    DeckLayout,
    Finding,
    config_path,
    list_folder,
    nested_finding,
    require_deck,
)
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
    Unfinished,
)
from cyfacts.model.text import did_you_mean
from cyfacts.model.units import FigureFormatError, normalize

T = TypeVar("T")
QUALIFIER_NAMES = tuple(QUALIFIERS)
NO_NAMES: tuple[str, ...] = ()
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AS_OF_PATTERN = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
DATE_PATTERN = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
DRAFT_FIELD = "draft"  # `draft: true` marks a card written by `cyfacts draft` and not yet finished
# A card's year is four digits: anything else is a typo (202508 for 2025-08), and the index keeps
# years as 16-bit numbers, so one such card must be refused here rather than break the whole deck.
YEARS = range(1000, 10000)
# What a card file holds: the card's fields but those cyfacts adds itself (where it was read from),
# and the draft mark.
CARD_FIELDS = tuple(name for name in Card._fields if name not in ("path", "lines"))
FIGURE_FIELDS = tuple(name for name in Figure._fields if name not in ("normalized", "base_unit"))
SOURCE_FIELDS = tuple(name for name in Source._fields if name != "path")
SECTION_FIELDS = Section._fields
EXPERT_FIELDS = Expert._fields


class Collected:
    """A file's fields read one by one: every error is kept, and a failed field takes a stand-in value
    so that the rest can still be read and checked."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []
        self.failed: set[str] = set()

    def take(self, name: str, fallback: T, read: Callable[..., T], *args: Any) -> T:
        """`read(*args)`, or `fallback` with the error kept. (No lambdas: a large deck reads millions of
        fields, and creating a closure for each one costs more than the reading.)"""
        try:
            return read(*args)
        except FieldError as error:
            self.errors.append(error)
            self.failed.add(name)
            return fallback

    def problems(self, display: str) -> list[Problem]:
        # A misspelt field is one mistake: "unknown field 'tagz' (did you mean 'tags'?)" says it all,
        # without "missing required field 'tags'" beside it.
        meant = {error.meant for error in self.errors}
        kept = [error for error in self.errors if error.missing is None or error.missing not in meant]
        ordered = sorted(kept, key=lambda error: error.line)
        return [Problem(display, error.line, error.message) for error in ordered]


def read_figure(fields: Fields, collected: Collected) -> Figure | None:
    collected.errors.extend(fields.unknown(FIGURE_FIELDS))
    try:
        value, unit = fields.required_text("value"), fields.text("unit", nullable=True) or ""
        try:
            normalized, base_unit = normalize(value, unit)
        except FigureFormatError as error:
            raise FieldError(f"figure value {value!r}: {error}", fields.line("value")) from None
    except FieldError as error:
        collected.errors.append(error)
        collected.failed.add("figures")
        return None
    qualifier = collected.take("figures", None, fields.choice, "qualifier", QUALIFIER_NAMES, True)
    return Figure(
        value=value,
        unit=sys.intern(unit),
        qualifier=shared(qualifier),
        normalized=normalized,
        base_unit=sys.intern(base_unit),
        metric=shared(collected.take("figures", None, fields.text, "metric", False)),
    )


def read_figures(fields: Fields, collected: Collected) -> tuple[Figure, ...]:
    no_children: list[Fields] = []
    children = collected.take("figures", no_children, fields.children, "figures")
    figures = (read_figure(child, collected) for child in children)
    return tuple(figure for figure in figures if figure is not None)


def shared(text: str | None) -> str | None:
    """One copy of text that many cards repeat (sections, tags, units): a big deck is mostly repeats."""
    return sys.intern(text) if text is not None else None


def vocabulary_value(fields: Fields, name: str, vocabulary: Mapping[str, object], config: DeckConfig) -> str | None:
    """A theme or kind: one the deck declares, or any text while its cyfacts.yaml is broken."""
    if not config.readable:
        return fields.required_text(name)
    return fields.choice(name, tuple(vocabulary))


def read_places(fields: Fields, config: DeckConfig) -> tuple[str, ...]:
    """The card's places: optional, each one the deck config declares (by name or alias)."""
    if fields.mapping.get("places") in (None, []):
        return ()
    named = fields.text_list("places")
    if not config.readable:
        return tuple(map(sys.intern, named))
    known = {alias: place.name for place in config.places.values() for alias in (place.name, *place.aliases)}
    for index, name in enumerate(named):
        if name not in known:
            line = fields.document.line_of((*fields.path, "places", index))
            declared = ", ".join(config.places) or "none"
            raise FieldError(
                f"place {name!r} is not declared in the deck's cyfacts.yaml{did_you_mean(name, known)}"
                f" (declared: {declared})",
                line,
            )
    return tuple(dict.fromkeys(sys.intern(known[name]) for name in named))


def read_id(fields: Fields) -> str:
    card_id = fields.required_text("id")
    if not ID_PATTERN.fullmatch(card_id):
        raise FieldError(f"id {card_id!r} must be a lowercase slug such as 'lead-gdp-2024'", fields.line("id"))
    return card_id


def read_as_of(fields: Fields) -> str | None:
    as_of = fields.text("as_of", required=False)
    if as_of is not None and not AS_OF_PATTERN.fullmatch(as_of):
        raise FieldError(f'as_of {as_of!r} must be YYYY-MM, quoted, e.g. "2025-08"', fields.line("as_of"))
    return as_of


def draft_text(fields: Fields, name: str) -> str:
    """A field a draft may leave empty."""
    return fields.text(name, required=False, nullable=True) or ""


def draft_tags(fields: Fields) -> tuple[str, ...]:
    return () if fields.mapping.get("tags") in (None, []) else fields.text_list("tags")


def is_draft(fields: Fields) -> bool:
    return fields.mapping.get(DRAFT_FIELD) is True


def read_card_fields(fields: Fields, display: str, with_lines: bool, config: DeckConfig) -> tuple[Card, Collected]:
    """The card as far as it can be read, and every error met on the way."""
    got = Collected()
    got.errors.extend(fields.unknown((*CARD_FIELDS, DRAFT_FIELD)))
    got.take(DRAFT_FIELD, False, fields.flag, DRAFT_FIELD)
    draft = is_draft(fields)
    text = draft_text if draft else required_text  # a draft leaves its claim for a person to write
    card = Card(
        id=got.take("id", "", read_id, fields),
        claim=got.take("claim", "", text, fields, "claim"),
        claim_en=got.take("claim_en", "", text, fields, "claim_en"),
        quote=got.take("quote", "", fields.required_text, "quote"),
        source=sys.intern(got.take("source", "", fields.required_text, "source")),
        section=sys.intern(got.take("section", "", fields.required_text, "section")),
        subsection=shared(got.take("subsection", None, fields.text, "subsection", False)),
        speaker=shared(got.take("speaker", None, fields.text, "speaker", True, True)),
        theme=sys.intern(got.take("theme", None, vocabulary_value, fields, "theme", config.themes, config) or ""),
        year=got.take("year", 0, read_year, fields),
        year_inferred=got.take("year_inferred", False, fields.flag, "year_inferred"),
        as_of=got.take("as_of", None, read_as_of, fields),
        kind=sys.intern(got.take("kind", None, vocabulary_value, fields, "kind", config.kinds, config) or ""),
        places=got.take("places", NO_NAMES, read_places, fields, config),
        figures=read_figures(fields, got),
        tags=tuple(map(sys.intern, got.take("tags", NO_NAMES, draft_tags if draft else required_tags, fields))),
        note=shared(got.take("note", None, fields.text, "note", False)),
        path=display,
        # Lines serve `validate`'s messages; an index being built has no use for them.
        lines=field_lines(fields) if with_lines else NO_LINES,
    )
    return card, got


def required_text(fields: Fields, name: str) -> str:
    return fields.required_text(name)


def required_tags(fields: Fields) -> tuple[str, ...]:
    return fields.text_list("tags")


def read_card(fields: Fields, display: str, with_lines: bool = True, config: DeckConfig = DEFAULT_CONFIG) -> Card:
    """The card, or CardFileError with every problem it has; a draft is an error too (it is not
    served), carrying the card for `validate`."""
    card, got = read_card_fields(fields, display, with_lines, config)
    draft = is_draft(fields)
    if got.errors or draft:
        problems = got.problems(display)
        unfinished = Unfinished(card, frozenset(got.failed), draft)
        if not problems:  # a clean draft: `validate` warns about it, the index leaves it out
            raise DraftCardError(Problem(display, card.line_of(DRAFT_FIELD), DRAFT_WARNING), (), unfinished)
        raise CardFileError(problems[0], tuple(problems[1:]), unfinished)
    return card


def read_year(fields: Fields) -> int:
    year = fields.integer("year")
    if year not in YEARS:
        month = year % 100
        hint = (
            f'; for a month write year: {year // 100} and as_of: "{year // 100}-{month:02d}"'
            if year // 100 in YEARS and 1 <= month <= 12
            else ""
        )
        raise FieldError(f"year {year} is not a four-digit year{hint}", fields.line("year"))
    return year


def field_lines(fields: Fields) -> dict[str, int]:
    lines = {name: fields.line(name) for name in fields.mapping}
    try:
        for index, child in enumerate(fields.children("figures")):
            lines[f"figures.{index}"] = child.line()
    except FieldError:
        pass  # reported where the figures are read
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
        theme=vocabulary_value(fields, "theme", config.themes, config) or "",
        expert=expert,
    )


def read_sections(children: list[Fields], config: DeckConfig, got: Collected) -> tuple[Section, ...]:
    sections = []
    for child in children:
        try:
            sections.append(read_section(child, config))
        except FieldError as error:
            got.errors.append(error)
            got.failed.add("sections")
    return tuple(sections)


def read_date(fields: Fields, name: str) -> str | None:
    """A date as the document prints it: YYYY-MM-DD, YYYY-MM or YYYY (an unquoted date is fine here)."""
    value: Any = fields.mapping.get(name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = fields.text(name, required=False, nullable=True)
    if text is not None and not DATE_PATTERN.fullmatch(text.strip()):
        raise FieldError(
            f"field {name!r} is {text!r}; write the date as YYYY-MM-DD (or YYYY-MM, YYYY)", fields.line(name)
        )
    return text.strip() if text else None


def read_page(fields: Fields) -> str | None:
    """The page (版次) as printed: 7, "07版", "第7版"."""
    value: Any = fields.mapping.get("page")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return fields.text("page", required=False, nullable=True)


def read_url(fields: Fields) -> str | None:
    url = fields.text("url", required=False, nullable=True)
    if url is not None and not url.startswith(("http://", "https://")):
        raise FieldError(f"url {url!r} must start with http:// or https://", fields.line("url"))
    return url


def read_source_fields(fields: Fields, config: DeckConfig) -> tuple[Source, Collected]:
    got = Collected()
    got.errors.extend(fields.unknown(SOURCE_FIELDS))
    no_children: list[Fields] = []
    sections = got.take("sections", no_children, fields.children, "sections")
    source = Source(
        id=got.take("id", "", fields.required_text, "id"),
        title=got.take("title", "", fields.required_text, "title"),
        title_en=got.take("title_en", None, fields.text, "title_en", False) or "",
        publisher=got.take("publisher", None, fields.text, "publisher", False, True),
        date=got.take("date", None, read_date, fields, "date"),
        page=got.take("page", None, read_page, fields),
        url=got.take("url", None, read_url, fields),
        accessed=got.take("accessed", None, read_date, fields, "accessed"),
        year=got.take("year", 0, fields.integer, "year"),
        year_inferred=got.take("year_inferred", False, fields.flag, "year_inferred"),
        year_note=got.take("year_note", None, fields.text, "year_note", False),
        seed=got.take("seed", None, fields.text, "seed", False),
        text=got.take("text", None, fields.text, "text", False),
        sections=read_sections(sections, config, got),
        path="",
    )
    return source, got


def read_source(path: Path, display: str, config: DeckConfig = DEFAULT_CONFIG, root: Path | None = None) -> Source:
    fields = read_fields(path, display, "source record", root)
    source, got = read_source_fields(fields, config)
    if got.errors:
        first, *rest = got.problems(display)
        raise CardFileError(first, tuple(rest))
    return source._replace(path=display)


def load_card_file(
    path: Path | str,
    display: str,
    with_lines: bool = True,
    config: DeckConfig = DEFAULT_CONFIG,
    root: Path | None = None,
) -> Card:
    return read_card(read_fields(path, display, "card", root), display, with_lines, config)


def display_path(path: Path, root: Path) -> str:
    """The path as messages show it: relative to the deck's parent, and printable even when the
    file name is not valid UTF-8."""
    try:
        shown = str(path.relative_to(root.parent))
    except ValueError:
        shown = str(path)
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Outcome(NamedTuple):
    """What became of one card file: its card, or the problems that kept it out (none for a clean
    draft, which is left out but not broken). A problem `retry` comes from the system (the file could
    not be read now), not from the file: it is never kept. `unfinished` serves `validate`."""

    card: Card | None
    problems: tuple[Problem, ...] = ()
    retry: bool = False
    unfinished: Unfinished | None = None


def read_outcome(
    path: Path | str, display: str, root: Path, with_lines: bool = True, config: DeckConfig = DEFAULT_CONFIG
) -> Outcome:
    try:
        return Outcome(load_card_file(path, display, with_lines, config, root))
    except DraftCardError as error:
        return Outcome(None, (), False, error.unfinished)
    except CardFileError as error:
        return Outcome(None, error.problems, error.retry, error.unfinished)


def read_sources(
    folders: list[Path], root: Path, config: DeckConfig = DEFAULT_CONFIG
) -> tuple[dict[str, Source], list[Problem], set[str]]:
    """The sources that read cleanly, the problems of those that do not, and the ids those may go by."""
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    broken: set[str] = set()
    for folder in folders:
        try:
            source = read_source(folder / SOURCE_FILE, display_path(folder / SOURCE_FILE, root), config, root)
            sources[source.id] = source
        except CardFileError as error:
            problems.extend(error.problems)
            broken |= source_ids(folder / SOURCE_FILE)
    return sources, problems, broken


def read_deck_config(root: Path, problems: list[Problem]) -> DeckConfig:
    return load_config(root, display_path(config_path(root), root), problems)


def finding_problem(finding: Finding, root: Path) -> Problem:
    return Problem(display_path(finding.path, root), 0, finding.message)


def listing_problem(folder: Path, root: Path, error: OSError) -> Problem:
    return Problem(display_path(folder, root), 0, f"cannot list its card files: {error.strerror or error}")


def folder_cards(layout: DeckLayout, problems: list[Problem]) -> list[Path]:
    """Every source folder's card files in deck order. A folder that cannot be listed, and one nested
    in a source folder that holds cards, is a problem; the rest of the deck is still served."""
    paths: list[Path] = []
    for folder in layout.folders:
        try:
            listing = list_folder(str(folder), at_root=folder == layout.root)
        except OSError as error:
            problems.append(listing_problem(folder, layout.root, error))
            continue
        problems.extend(finding_problem(nested_finding(folder, name), layout.root) for name in listing.nested)
        paths.extend(folder / name for name in sorted(listing.names) if name != SOURCE_FILE)
    return paths


def duplicate_problem(display: str, first: str, card_id: str, source: str) -> Problem:
    return Problem(display, 1, f"duplicate id {card_id!r} in source {source!r}, already used by {first}")


def source_ids(path: Path) -> set[str]:
    """The ids a broken source record may go by: its folder's name, and the id it names if readable."""
    names = {path.parent.name}
    try:
        fields = read_fields(path, "", "source record")
    except CardFileError:
        return names
    named = fields.mapping.get("id")
    return names | ({named} if isinstance(named, str) else set())


def load_deck(root: Path, progress: Callable[[int, int], None] | None = None, with_lines: bool = True) -> Deck:
    """Every card that reads cleanly, plus a problem for every file that does not. Ids are unique
    within a source: two sources may each have a card `gdp-2024` (SOURCE/ID tells them apart)."""
    layout = require_deck(root)
    problems: list[Problem] = []
    config = read_deck_config(layout.root, problems)
    sources, source_problems, broken = read_sources(layout.folders, layout.root, config)
    problems += source_problems
    problems.extend(finding_problem(finding, layout.root) for finding in layout.findings)
    paths = folder_cards(layout, problems)
    cards: list[Card] = []
    unfinished: list[Unfinished] = []
    seen: dict[tuple[str, str], str] = {}
    skipped = 0
    for done, path in enumerate(paths, start=1):
        if progress is not None and done % 256 == 0:
            progress(done, len(paths))
        display = display_path(path, layout.root)
        outcome = read_outcome(path, display, layout.root, with_lines, config)
        if outcome.unfinished is not None and with_lines:
            unfinished.append(outcome.unfinished)
        card = outcome.card
        if card is None:
            if outcome.problems:  # a clean draft is not served, yet not broken
                problems.extend(outcome.problems)
                skipped += 1
            continue
        key = (card.source, card.id)
        if key in seen:
            problems.append(duplicate_problem(display, seen[key], card.id, card.source))
            skipped += 1
            continue
        seen[key] = display
        cards.append(card)
    return Deck(tuple(cards), sources, tuple(problems), skipped, config, tuple(unfinished), frozenset(broken))
