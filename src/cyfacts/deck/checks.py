"""Deck checks beyond the shape of a card: what `cyfacts validate` reports and fixes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import PurePath

from cyfacts.deck.files import DRAFT_WARNING
from cyfacts.model.cards import Card, Deck, Figure, Problem, Source, Unfinished, figure_text
from cyfacts.model.figures import find_figures, qualifier_words
from cyfacts.model.text import did_you_mean, has_cjk, has_latin, squash

YEAR_RANGE = range(1949, 2101)
QUOTE_YEAR = re.compile(r"(\d{4})(?:[—–-](\d{4}))?年")
CardCheck = Callable[[Card, Source | None], Iterator[tuple[str, str]]]
DRAFT_LINE_FIELD = "draft"


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
    folder, home = PurePath(card.path).parent.name, PurePath(source.path).parent.name
    if folder != home:
        yield "source", f"the card names source {source.id!r}, whose record is in folder {home!r}, not {folder!r}"
    section = source.section(card.section)
    if section is None:
        headings = [s.heading for s in source.sections]
        yield (
            "section",
            f"section {card.section!r} is not a section of {source.id}"
            f"{did_you_mean(card.section, headings)} ({', '.join(headings)})",
        )
        return
    expected = section.expert.name if section.expert else None
    if card.speaker != expected:
        yield (
            "speaker",
            f"speaker {card.speaker!r} does not match section {section.heading!r}, whose expert is {expected!r}",
        )


def figure_problem(figure: Figure, quote: str) -> str | None:
    """What is wrong with a figure against its quote: its value must stand there with its unit and its
    qualifier (超, 不足, 多 …), as the quote writes them."""
    if figure.value not in quote:
        return f"figure value {figure.value!r} does not occur in the quote"
    written = [found for found in find_figures(quote) if found.value == figure.value]
    if any(found.unit == figure.unit and found.qualifier == figure.qualifier for found in written):
        return None
    if not written:  # not a number the finder reads (四大, 5G): the value and unit must at least adjoin
        return None if figure.value + figure.unit in quote else f"the quote has no {figure_text(figure)!r}"
    found = written[0]
    text = quote[found.start : found.end]
    if all(found.unit != figure.unit for found in written):
        return f"figure unit {figure.unit!r} is not in the quote, which writes {text!r} (unit {found.unit!r})"
    shown = figure.qualifier or "none"
    return f"figure qualifier is {shown}, but the quote writes {text!r} (qualifier {found.qualifier or 'none'})"


def check_figures(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    quote = squash(card.quote)
    for index, figure in enumerate(card.figures):
        problem = figure_problem(figure, quote)
        if problem:
            yield f"figures.{index}", problem
    if card.kind == "figure" and not card.figures:
        yield "figures", "a card of kind 'figure' needs at least one figure"


def check_claim_figures(card: Card, source: Source | None) -> Iterator[tuple[str, str]]:
    """The claim is what a reader reads and quotes: it must write each figure's value, at its
    magnitude and with its qualifier, so that it cannot say 3181.6万吨 beside a figure of 3811.6,
    8.7亿元 beside 8.7万亿元, or 6.4万亿元 beside 不足6.4万亿元."""
    claim = squash(card.claim)
    for figure in card.figures:
        problem = claim_figure_problem(figure, claim)
        if problem:
            yield "claim", problem


def claim_figure_problem(figure: Figure, claim: str) -> str | None:
    if figure.value not in claim:
        return f"the claim does not write the figure's value {figure.value!r}; write it as the quote does"
    shown = figure_text(figure)
    magnitude = figure.unit[: len(figure.unit) - len(figure.unit.lstrip("十百千万亿"))]
    if magnitude and not any(f"{figure.value}{between}{magnitude}" in claim for between in ("", "多", "余")):
        return f"the claim does not write {figure.value}{magnitude}, the figure's magnitude ({shown})"
    words = qualifier_words(figure.qualifier) if figure.qualifier else ()
    if words and not any(word in claim for word in words):
        return f"the claim does not say the figure's qualifier ({shown}): write it as the quote does"
    return None


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
    check_claim_figures,
    check_year,
    check_tags,
    check_control_characters,
)
# The fields each check reads: it is not run on a card whose reading of any of them failed, so a
# broken field is reported once, not again as a wrong value.
NEEDS: dict[CardCheck, frozenset[str]] = {
    check_file_name: frozenset({"id"}),
    check_provenance: frozenset({"source", "section", "speaker"}),
    check_figures: frozenset({"quote", "figures", "kind"}),
    check_claim_figures: frozenset({"claim", "figures"}),
    check_year: frozenset({"year", "year_inferred", "quote", "as_of"}),
    check_tags: frozenset({"tags"}),
    check_control_characters: frozenset(),  # a failed field reads as empty text: nothing to find there
}


# Places are optional, but a figure's place decides whose figure it is (the region's or a city's).
UNPLACED_FIGURES = (
    "figures but no places: search can tell whose figures they are only from the card's text; "
    "list the places they are about (places: [...])"
)


def source_problems(source: Source) -> Iterator[Problem]:
    folder = PurePath(source.path).parent.name
    if folder != source.id:
        yield Problem(source.path, 1, f"source id {source.id!r} differs from its folder name {folder!r}")


def card_problems(card: Card, deck: Deck, skip: frozenset[str] = frozenset()) -> Iterator[Problem]:
    source = deck.sources.get(card.source)
    for check in CARD_CHECKS:
        if NEEDS[check] & skip:
            continue
        if check is check_provenance and source is None and card.source in deck.broken_sources:
            continue  # its source record's own problems are reported; every card need not repeat them
        found = check(card, source)
        yield from (Problem(card.path, card.line_of(name), message) for name, message in found)
    if card.figures and not card.places and deck.config.places and "places" not in skip:
        yield Problem(card.path, card.line_of("figures"), UNPLACED_FIGURES, warning=True)


def unfinished_problems(item: Unfinished, deck: Deck) -> Iterator[Problem]:
    if item.draft:
        yield Problem(item.card.path, item.card.line_of(DRAFT_LINE_FIELD), DRAFT_WARNING, warning=True)
    # A draft's claim, tags and places are for a person to write: the warning says so, once.
    skip = item.failed | ({"tags", "claim", "places"} if item.draft else set())
    yield from card_problems(item.card, deck, frozenset(skip))


def check_deck(deck: Deck) -> list[Problem]:
    """Every problem in the deck: the files that failed to load, then each source's and card's checks,
    cards that failed to load included as far as they could be read."""
    problems = list(deck.problems)
    for source in deck.sources.values():
        problems.extend(source_problems(source))
    for card in deck.cards:
        problems.extend(card_problems(card, deck))
    for item in deck.unfinished:
        problems.extend(unfinished_problems(item, deck))
    return sorted(problems, key=lambda p: (p.path, p.line))
