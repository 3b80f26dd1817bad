"""Reading a deck folder into frozen cards and sources; broken files become problems, not crashes."""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from cyfacts.deck.fields import FieldError, Fields
from cyfacts.deck.layout import SOURCE_FILE, DeckLayout, Finding, inside, list_folder, nested_finding, require_deck
from cyfacts.deck.yamlfile import MAX_FILE_BYTES, YamlFileError, load_document
from cyfacts.model.cards import (
    KINDS,
    NO_LINES,
    QUALIFIERS,
    THEMES,
    Card,
    Deck,
    Expert,
    Figure,
    Problem,
    Section,
    Source,
)
from cyfacts.model.units import FigureFormatError, normalize

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
AS_OF_PATTERN = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
# A card's year is four digits: anything else is a typo (202508 for 2025-08), and the index keeps
# years as 16-bit numbers, so one such card must be refused here rather than break the whole deck.
YEARS = range(1000, 10000)
# Read errors that last until the file or its folder changes (which the deck's fingerprint sees:
# chmod changes a file's ctime). Any other (EIO, EMFILE, ENOMEM …) may be gone on the next run, so a
# card that failed with one is read again then, never remembered as broken.
LASTING_ERRORS = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.ELOOP,
    errno.EACCES,
    errno.EPERM,
    errno.EISDIR,
    errno.ENXIO,
    errno.ENAMETOOLONG,
}
# What a card file holds: the card's fields but those cyfacts adds itself (where it was read from).
CARD_FIELDS = tuple(name for name in Card._fields if name not in ("path", "lines"))
FIGURE_FIELDS = tuple(name for name in Figure._fields if name not in ("normalized", "base_unit"))
SOURCE_FIELDS = tuple(name for name in Source._fields if name != "path")
SECTION_FIELDS = Section._fields
EXPERT_FIELDS = Expert._fields


class CardFileError(Exception):
    """A file that cannot become a card or source; carries its located problem, and whether it came
    from the system rather than the file (and so may not happen again)."""

    def __init__(self, problem: Problem, retry: bool = False) -> None:
        super().__init__(str(problem))
        self.problem = problem
        self.retry = retry


def read_fields(path: Path | str, display: str, what: str, root: Path | None = None) -> Fields:
    try:
        data = read_small_file(path, root)
    except OSError as error:
        problem = Problem(display, 1, f"cannot read file: {error.strerror or error}")
        raise CardFileError(problem, retry=error.errno not in LASTING_ERRORS) from None
    except YamlFileError as error:
        raise CardFileError(Problem(display, 1, error.message)) from None
    try:
        return Fields.root(load_document(data), what)
    except YamlFileError as error:
        raise CardFileError(Problem(display, error.line, error.message, error.column)) from None
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def read_small_file(path: Path | str, root: Path | None = None) -> bytes:
    """The file's bytes, refusing before reading what is not a regular file (a pipe would block
    forever, a device never end), what is too large to be a card, and (given the deck's root) a link
    to a file outside the deck, whose content must never be read or echoed. Plain os calls: this
    runs for every card of a deck being indexed."""
    status = os.lstat(path)
    if stat.S_ISLNK(status.st_mode):
        if root is not None and not inside(path, root):
            raise YamlFileError("a link to a file outside the deck; it is not read")
        status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise YamlFileError("not a regular file (a folder, pipe, device or broken link?)")
    if status.st_size > MAX_FILE_BYTES:
        raise YamlFileError(f"file is larger than {MAX_FILE_BYTES // 1024} KiB; a card is far smaller")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        data = bytearray()
        while len(data) <= MAX_FILE_BYTES and (chunk := os.read(descriptor, MAX_FILE_BYTES + 1 - len(data))):
            data += chunk
        return bytes(data)
    finally:
        os.close(descriptor)


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


def read_card(fields: Fields, display: str, with_lines: bool = True) -> Card:
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
        theme=sys.intern(fields.choice("theme", THEMES) or ""),
        year=read_year(fields),
        year_inferred=fields.flag("year_inferred"),
        as_of=as_of,
        kind=sys.intern(fields.choice("kind", KINDS) or ""),
        figures=tuple(read_figure(child) for child in fields.children("figures")),
        tags=tuple(map(sys.intern, fields.text_list("tags"))),
        note=shared(fields.text("note", required=False)),
        path=display,
        # Lines serve `validate`'s messages; an index being built has no use for them.
        lines=field_lines(fields) if with_lines else NO_LINES,
    )


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
    for index, child in enumerate(fields.children("figures")):
        lines[f"figures.{index}"] = child.line()
    return lines


def read_section(fields: Fields) -> Section:
    fields.reject_unknown(SECTION_FIELDS)
    expert_fields = fields.child("expert")
    expert = None
    if expert_fields is not None:
        expert_fields.reject_unknown(EXPERT_FIELDS)
        expert = Expert(expert_fields.required_text("name"), expert_fields.required_text("affiliation"))
    return Section(
        heading=fields.required_text("heading"),
        heading_en=fields.text("heading_en", required=False) or "",
        theme=fields.choice("theme", THEMES) or "",
        expert=expert,
    )


def read_source(path: Path, display: str, root: Path | None = None) -> Source:
    fields = read_fields(path, display, "source record", root)
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
            sections=tuple(read_section(child) for child in fields.children("sections")),
            path=display,
        )
    except FieldError as error:
        raise CardFileError(Problem(display, error.line, error.message)) from None


def load_card_file(path: Path | str, display: str, with_lines: bool = True, root: Path | None = None) -> Card:
    fields = read_fields(path, display, "card", root)
    try:
        return read_card(fields, display, with_lines)
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


class Outcome(NamedTuple):
    """What became of one card file: its card, or the problem that kept it out. A problem `retry`
    comes from the system (the file could not be read now), not from the file: it is never kept."""

    card: Card | None
    problem: Problem | None = None
    retry: bool = False


def read_outcome(path: Path | str, display: str, root: Path, with_lines: bool = True) -> Outcome:
    try:
        return Outcome(load_card_file(path, display, with_lines, root))
    except CardFileError as error:
        return Outcome(None, error.problem, error.retry)


def read_sources(folders: list[Path], root: Path) -> tuple[dict[str, Source], list[Problem]]:
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for folder in folders:
        try:
            source = read_source(folder / SOURCE_FILE, display_path(folder / SOURCE_FILE, root), root)
            sources[source.id] = source
        except CardFileError as error:
            problems.append(error.problem)
    return sources, problems


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


def duplicate_problem(display: str, first: str, card_id: str) -> Problem:
    return Problem(display, 1, f"duplicate id {card_id!r}, already used by {first}")


def load_deck(root: Path, progress: Callable[[int, int], None] | None = None, with_lines: bool = True) -> Deck:
    """Every card that reads cleanly, plus a problem for every file that does not."""
    layout = require_deck(root)
    sources, problems = read_sources(layout.folders, layout.root)
    problems.extend(finding_problem(finding, layout.root) for finding in layout.findings)
    paths = folder_cards(layout, problems)
    cards: list[Card] = []
    seen: dict[str, str] = {}
    skipped = 0
    for done, path in enumerate(paths, start=1):
        if progress is not None and done % 256 == 0:
            progress(done, len(paths))
        display = display_path(path, layout.root)
        card, problem, _ = read_outcome(path, display, layout.root, with_lines)
        if card is not None and card.id in seen:
            problem = duplicate_problem(display, seen[card.id], card.id)
        if problem is not None or card is None:
            problems.append(problem or Problem(display, 1, "not read"))
            skipped += 1
            continue
        seen[card.id] = display
        cards.append(card)
    return Deck(tuple(cards), sources, tuple(problems), skipped)
