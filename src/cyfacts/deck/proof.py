"""Quotes proven against the source's own text: every quote verbatim (markup and white space aside),
every figure read there as the card writes it (value, unit and qualifier, in the text around the
quote too), and, for `validate --coverage`, every number of the text that no card's quote carries.

A source names its text in _source.yaml (`text: article.txt`, relative to the record); `--text`
gives one instead. The text is never part of the deck's index."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from cyfacts.deck.checks import figure_problem
from cyfacts.deck.loader import display_path
from cyfacts.model.cards import Card, Deck, Figure, Problem, Source, figure_text
from cyfacts.model.figures import find_figures
from cyfacts.model.text import markup_pattern, squash

MAX_TEXT_BYTES = 20 * 1024 * 1024
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CONTEXT = 10  # characters of text shown either side of an uncovered number


class TextError(Exception):
    """A source text that cannot be read; the message says why."""


class SourceText(NamedTuple):
    """A source's text as quotes are compared with it, and the line each of its characters stood on."""

    display: str  # the file, as messages name it
    squashed: str
    lines: tuple[int, ...]

    @property
    def name(self) -> str:
        return Path(self.display).name

    def line_at(self, index: int) -> int:
        return self.lines[min(index, len(self.lines) - 1)] if self.lines else 1


def squash_with_lines(text: str) -> tuple[str, tuple[int, ...]]:
    """The text without markup and white space (as `squash` gives it), with each kept character's line."""
    hidden = [False] * len(text)
    for match in markup_pattern().finditer(text):
        hidden[match.start() : match.end()] = [True] * (match.end() - match.start())
    kept, lines, line = [], [], 1
    for index, char in enumerate(text):
        if char == "\n":
            line += 1
        if hidden[index] or char.isspace():
            continue
        kept.append(char)
        lines.append(line)
    return "".join(kept), tuple(lines)


def read_text(path: Path, display: str) -> SourceText:
    """The text, or TextError saying what is wrong with the file (its name is the caller's to give)."""
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise TextError(f"it is larger than {MAX_TEXT_BYTES // 1024 // 1024} MiB")
        data = path.read_bytes()
    except OSError as error:
        raise TextError(f"cannot read it: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextError("it is not UTF-8 (GBK or another encoding?); save it as UTF-8") from None
    squashed, lines = squash_with_lines(text)
    return SourceText(display, squashed, lines)


def declared_text(source: Source, deck_parent: Path) -> Path | None:
    """The text file the source record names, relative to the record's own folder."""
    if not source.text:
        return None
    return (deck_parent / source.path).parent / source.text


def occurrences(needle: str, haystack: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while needle and start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def where_it_parts(quote: str, text: str) -> str:
    """How far the quote agrees with the text, to show where it goes wrong."""
    low, high = 0, len(quote)
    while low < high:  # the longest start of the quote that the text holds
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "not even its first character is there"
    at = text.find(quote[:low])
    return f"it agrees up to {quote[:low][-12:]!r}, where the text goes on {text[at + low : at + low + 12]!r}"


def quote_problems(card: Card, text: SourceText) -> Iterator[tuple[str, str]]:
    quote = squash(card.quote)
    starts = occurrences(quote, text.squashed)
    if not starts:
        yield "quote", f"the quote is not in the text ({text.name}): {where_it_parts(quote, text.squashed)}"
        return
    for index, figure in enumerate(card.figures):
        if figure_problem(figure, quote):
            continue  # wrong within the quote already: `validate` says so without the text
        # Read each figure where the quote stands in the text, so that a qualifier or unit just
        # outside the quote (超 before it, 以上 after it) is seen too.
        problems = [figure_in_text(figure, text.squashed, start, start + len(quote)) for start in starts]
        if all(problems):
            yield f"figures.{index}", str(problems[0])


def figure_in_text(figure: Figure, text: str, start: int, end: int) -> str | None:
    around = text[max(0, start - 4) : end + 4]
    offset = max(0, start - 4)
    for found in find_figures(around):
        inside = start <= offset + found.value_start < end
        if inside and found.value == figure.value and (found.unit, found.qualifier) != (figure.unit, figure.qualifier):
            written = around[found.start : found.end]
            return (
                f"the figure is {figure_text(figure)!r}, but the text writes {written!r} around the quote"
                f" (unit {found.unit!r}, qualifier {found.qualifier or 'none'})"
            )
    return figure_problem(figure, text[start:end])


def prove(cards: Iterable[tuple[Card, frozenset[str]]], texts: Mapping[str, SourceText]) -> Iterator[Problem]:
    """Every quote, and every figure in it, against its source's text."""
    for card, failed in cards:
        text = texts.get(card.source)
        if text is None or "quote" in failed:
            continue
        for name, message in quote_problems(card, text):
            if name.startswith("figures") and "figures" in failed:
                continue
            yield Problem(card.path, card.line_of(name), message)


def uncovered(deck_cards: Iterable[Card], source_id: str, text: SourceText) -> Iterator[Problem]:
    """Every number in the text that no card's quote carries, with its line and a little context."""
    spans = [
        (start, start + len(quote))
        for card in deck_cards
        if card.source == source_id and (quote := squash(card.quote))
        for start in occurrences(quote, text.squashed)
    ]
    for match in NUMBER.finditer(text.squashed):
        if any(a <= match.start() and match.end() <= b for a, b in spans):
            continue
        before = text.squashed[max(0, match.start() - CONTEXT) : match.start()]
        after = text.squashed[match.end() : match.end() + CONTEXT]
        yield Problem(
            text.display,
            text.line_at(match.start()),
            f"{match.group()} is in no card's quote: …{before}[{match.group()}]{after}…",
        )


def checked_cards(deck: Deck) -> list[tuple[Card, frozenset[str]]]:
    """The served cards and, as far as they could be read, the unfinished ones (drafts included)."""
    none: frozenset[str] = frozenset()
    return [(card, none) for card in deck.cards] + [(item.card, item.failed) for item in deck.unfinished]


def field_line(path: Path, name: str) -> int:
    """The line of a top-level field in a small YAML file, for a message about its value."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{name}:")), 1)


def source_texts(deck: Deck, root: Path, given: Mapping[str, Path]) -> tuple[dict[str, SourceText], list[Problem]]:
    """Each source's text: the file given for it (--text), else the one its record names. A text that
    cannot be read is a problem located at what named it."""
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for source in deck.sources.values():
        path = given.get(source.id) or declared_text(source, root.parent)
        if path is None:
            continue
        try:
            texts[source.id] = read_text(path, display_path(path, root))
        except TextError as error:
            if source.id in given:
                problems.append(Problem(display_path(path, root), 0, f"the text given for {source.id}: {error}"))
            else:
                line = field_line(root.parent / source.path, "text")
                problems.append(Problem(source.path, line, f"the text file {source.text!r} named here: {error}"))
    return texts, problems
