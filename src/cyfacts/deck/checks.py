"""Deck checks beyond the shape of a card: what `cyfacts validate` reports and fixes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from cyfacts.model.cards import Card, Deck, Problem, Source
from cyfacts.model.text import has_cjk, has_latin, squash

YEAR_RANGE = range(1949, 2101)
QUOTE_YEAR = re.compile(r"(\d{4})(?:[—–-](\d{4}))?年")
CardCheck = Callable[[Card, Source | None], Iterator[tuple[str, str]]]


def quote_years(quote: str) -> set[int]:
    return {int(year) for match in QUOTE_YEAR.findall(squash(quote)) for year in match if year}


def check_file_name(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    if PurePath(card.path).stem != card.id:
        yield (
            "id",
            f"file is named {PurePath(card.path).name!r} but the card's id is {card.id!r}; name it {card.id}.yaml",
        )


def check_provenance(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    if source is None:
        yield "source", f"source {card.source!r} has no _source.yaml record in this deck"
        return
    section = source.section(card.section)
    if section is None:
        headings = ", ".join(s.heading for s in source.sections)
        yield "section", f"section {card.section!r} is not a section of {source.id} ({headings})"
        return
    expected = section.expert.name if section.expert else None
    if card.speaker != expected:
        yield (
            "speaker",
            f"speaker {card.speaker!r} does not match section {section.heading!r}, whose expert is {expected!r}",
        )


def check_figures(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    quote = squash(card.quote)
    for index, figure in enumerate(card.figures):
        if figure.value not in quote:
            yield f"figures.{index}", f"figure value {figure.value!r} does not occur in the quote"
    if card.kind == "figure" and not card.figures:
        yield "figures", "a card of kind 'figure' needs at least one figure"


def check_year(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    if card.year not in YEAR_RANGE:
        yield "year", f"year {card.year} is not plausible (expected {YEAR_RANGE.start}-{YEAR_RANGE.stop - 1})"
    years = quote_years(card.quote)
    if not card.year_inferred and card.year not in years:
        stated = ", ".join(map(str, sorted(years))) or "no year"
        yield (
            "year",
            f"year {card.year} is not stated in the quote ({stated}); quote the year or set year_inferred: true",
        )
    if card.as_of is not None and int(card.as_of[:4]) != card.year:
        yield "as_of", f"as_of {card.as_of} disagrees with year {card.year}"


# Control characters (but line breaks and tabs) and bidirectional overrides: a card holds plain text,
# and these only ever come from a mistake or from someone trying to drive the reader's terminal.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
TEXT_FIELDS = ("claim", "claim_en", "quote", "section", "subsection", "speaker", "note")


def check_control_characters(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    texts = [(name, getattr(card, name)) for name in TEXT_FIELDS]
    texts += [("tags", tag) for tag in card.tags]
    texts += [(f"figures.{i}", f"{f.value} {f.unit} {f.metric or ''}") for i, f in enumerate(card.figures)]
    for name, text in texts:
        found = CONTROL_CHARACTER.search(text or "")
        if found:
            field = name.split(".")[0]
            yield name, f"field {field!r} holds the control character U+{ord(found.group()):04X}; cards hold plain text"


def check_tags(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    if not any(has_cjk(tag) for tag in card.tags) or not any(has_latin(tag) for tag in card.tags):
        yield "tags", "tags need both Chinese and English keywords"


CARD_CHECKS: tuple[CardCheck, ...] = (
    check_file_name,
    check_provenance,
    check_figures,
    check_year,
    check_tags,
    check_control_characters,
)


def source_problems(source: Source) -> Iterator[Problem]:
    folder = PurePath(source.path).parent.name
    if folder != source.id:
        yield Problem(source.path, 1, f"source id {source.id!r} differs from its folder name {folder!r}")


def check_deck(deck: Deck) -> list[Problem]:
    """Every problem in the deck: the files that failed to load, then each source's and card's checks."""
    problems = list(deck.problems)
    for source in deck.sources.values():
        problems.extend(source_problems(source))
    for card in deck.cards:
        card_source = deck.sources.get(card.source)
        for check in CARD_CHECKS:
            found = check(card, card_source)
            problems.extend(Problem(card.path, card.line_of(name), message) for name, message in found)
    return sorted(problems, key=lambda p: (p.path, p.line))
