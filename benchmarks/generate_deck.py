"""Write a large, varied, valid deck for speed tests, from the bundled deck's cards as templates.

Each generated card is a template card with a new id, another year (changed in its claim and quote
too), other figure values (changed wherever they are written), a place and a tag drawn from small
lists, so texts differ from card to card the way a real research deck's do.

Usage: uv run python benchmarks/generate_deck.py COUNT OUT_DIR [--seed N] [--sources N]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from cyfacts.deck.loader import load_deck  # noqa: E402
from cyfacts.model.cards import Card  # noqa: E402

PLACES = [
    "成都",
    "重庆",
    "绵阳",
    "宜宾",
    "泸州",
    "南充",
    "达州",
    "遂宁",
    "内江",
    "乐山",
    "万州",
    "涪陵",
    "永川",
    "江津",
    "合川",
]
EXTRA_TAGS = [
    ("区域发展", "regional development"),
    ("统计", "statistics"),
    ("规划", "planning"),
    ("西部", "western China"),
]
SOURCES_PER_DECK = 20


def new_value(value: str, rng: random.Random) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?", value):
        return value
    decimals = len(value.split(".")[1]) if "." in value else 0
    number = float(value) * rng.uniform(0.5, 1.5)
    return f"{number:.{decimals}f}" if decimals else str(max(1, round(number)))


def vary(card: Card, number: int, rng: random.Random) -> dict[str, object]:
    claim, quote = card.claim, card.quote
    # A year is changed only where the quote writes it plainly (not inside a range like 2022—2035年).
    year = rng.randint(2001, 2025) if f"{card.year}年" in quote and not card.year_inferred else card.year
    claim = claim.replace(f"{card.year}年", f"{year}年")
    quote = quote.replace(f"{card.year}年", f"{year}年")
    figures = []
    for figure in card.figures:
        value = new_value(figure.value, rng)
        claim, quote = claim.replace(figure.value, value), quote.replace(figure.value, value)
        figures.append({"value": value, "unit": figure.unit, "qualifier": figure.qualifier, "metric": figure.metric})
    place = rng.choice(PLACES)
    return {
        "id": f"{card.id}-g{number}",
        "claim": f"（{place}）{claim}",
        "claim_en": f"({place}) {card.claim_en}",
        "quote": quote,
        "source": card.source,
        "section": card.section,
        "subsection": card.subsection,
        "speaker": card.speaker,
        "theme": card.theme,
        "year": year,
        "year_inferred": card.year_inferred,
        "as_of": f"{year}{card.as_of[4:]}" if card.as_of else None,
        "kind": card.kind,
        "figures": figures,
        "tags": [
            *rng.sample(list(card.tags), k=min(len(card.tags), rng.randint(6, 12))),
            place,
            *rng.choice(EXTRA_TAGS),
        ],
        "note": card.note,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sources", type=int, default=SOURCES_PER_DECK, help="source folders to spread the cards over")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    deck = load_deck(ROOT / "facts")
    templates = list(deck.cards)
    (source,) = deck.sources.values()
    source_text = (ROOT / "facts" / source.id / "_source.yaml").read_text(encoding="utf-8")
    if args.out.exists():
        shutil.rmtree(args.out)
    folders = []
    for s in range(args.sources):
        folder = args.out / f"{source.id}-{s:02d}"
        folder.mkdir(parents=True)
        (folder / "_source.yaml").write_text(source_text.replace(f"id: {source.id}", f"id: {folder.name}"), "utf-8")
        folders.append(folder)
    for number in range(args.count):
        card = vary(templates[number % len(templates)], number, rng)
        folder = folders[number % args.sources]
        card["source"] = folder.name
        text = yaml.safe_dump(card, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{card['id']}.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {args.count} cards in {args.sources} sources to {args.out}")


if __name__ == "__main__":
    main()
