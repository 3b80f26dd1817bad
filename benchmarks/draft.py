"""How well `cyfacts draft` finds the figures of an article, measured on the bundled article against
the bundled deck (cards written and checked by hand), with a baseline run on the same text:

- baseline: every Arabic-digit number with the longest unit word of the unit table after it, and no
  qualifier (what a regular expression over the unit table gives).

recall    = share of the deck's figure cards whose every figure the draft finds with the right value,
            unit and qualifier, in a quote that overlaps the card's quote in the text;
precision = share of drafted figures that are real: some card of the deck (of any kind) holds the
            same value, unit and qualifier with a quote that overlaps the drafted one.

Usage: uv run python benchmarks/draft.py [--text PATH] [--misses]
(the article is never part of the repo; by default it is read from ../shared/seeds/)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "seeds" / "000_1bfebc37eb48ddb8.txt"
sys.path.insert(0, str(ROOT / "src"))

from cyfacts.deck.draft import draft_figures  # noqa: E402
from cyfacts.deck.loader import load_deck  # noqa: E402
from cyfacts.model.cards import Card, Deck  # noqa: E402
from cyfacts.model.figures import UNIT_WORDS, read_unit  # noqa: E402
from cyfacts.model.text import squash  # noqa: E402


class Found(NamedTuple):
    """A drafted figure: what it says, and the quote it stands in."""

    value: str
    unit: str
    qualifier: str | None
    quote: str


Extractor = Callable[[str, Deck], list[Found]]


def spans(quote: str, text: str) -> list[tuple[int, int]]:
    quote = squash(quote)
    found, start = [], text.find(quote)
    while quote and start != -1:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return found


def overlap(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(x < w and z < y for x, y in a for z, w in b)


def drafted(article: str, deck: Deck) -> list[Found]:
    return [
        Found(d.figure.value, d.figure.unit, d.figure.qualifier, d.quote) for d in draft_figures(article, deck.config)
    ]


def baseline(article: str, deck: Deck) -> list[Found]:
    """Each number and the longest unit word after it; its quote is the number and unit alone."""
    text = squash(article)
    found = []
    for match in re.finditer(r"\d+(?:\.\d+)?", text):
        unit = next((word for word in UNIT_WORDS if text.startswith(word, match.end())), "")
        end = match.end() + len(unit)
        if not unit:  # a magnitude chain then a base word (万亿元), as the unit table reads it
            unit, _, end = read_unit(text, match.end())
        found.append(Found(match.group(), unit, None, text[match.start() : end]))
    return found


def card_figures(cards: Sequence[Card]) -> list[tuple[Card, str, str, str | None]]:
    return [(c, f.value, f.unit, f.qualifier) for c in cards for f in c.figures]


def measure(found: list[Found], deck: Deck, text: str) -> tuple[float, float, list[str], list[str]]:
    located = [(f, spans(f.quote, text)) for f in found]
    figure_cards = [c for c in deck.cards if c.kind == "figure"]
    missed = []
    for card in figure_cards:
        where = spans(card.quote, text)
        for figure in card.figures:
            key = (figure.value, figure.unit, figure.qualifier)
            if not any((f.value, f.unit, f.qualifier) == key and overlap(s, where) for f, s in located):
                missed.append(f"{card.id}: {figure.qualifier or ''} {figure.value}{figure.unit}")
    missed_cards = {line.split(":")[0] for line in missed}
    known = [(key, spans(card.quote, text)) for card, *key in card_figures(deck.cards)]
    false = [
        f"{f.qualifier or ''} {f.value}{f.unit} in {f.quote!r}"
        for f, s in located
        if not any(tuple(key) == (f.value, f.unit, f.qualifier) and overlap(s, where) for key, where in known)
    ]
    recall = 1 - len(missed_cards) / len(figure_cards)
    precision = 1 - len(false) / len(found) if found else 0.0
    return recall, precision, missed, false


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=ARTICLE)
    parser.add_argument("--misses", action="store_true", help="list what each extractor missed or made up")
    args = parser.parse_args()
    if not args.text.is_file():
        sys.exit(f"the article is not at {args.text}: ../shared/seeds/ is absent in this checkout")
    article = args.text.read_text(encoding="utf-8")
    deck = load_deck(ROOT / "facts")
    text = squash(article)
    figure_cards = sum(1 for c in deck.cards if c.kind == "figure")
    print(f"{figure_cards} figure cards in the bundled deck; article {args.text.name}")
    print(f"{'extractor':<10} {'drafted':>8} {'recall':>8} {'precision':>10}")
    results = {}
    for name, extract in (("draft", drafted), ("baseline", baseline)):
        found = extract(article, deck)
        recall, precision, missed, false = measure(found, deck, text)
        results[name] = (recall, precision)
        print(f"{name:<10} {len(found):>8} {recall:>8.3f} {precision:>10.3f}")
        if args.misses:
            for line in missed:
                print(f"  missed: {line}")
            for line in false:
                print(f"  not real: {line}")
    draft_recall, draft_precision = results["draft"]
    base_recall, base_precision = results["baseline"]
    print(
        f"draft / baseline: recall {draft_recall / base_recall:.2f}×, precision {draft_precision / base_precision:.2f}×"
    )


if __name__ == "__main__":
    main()
