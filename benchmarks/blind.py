"""Search quality on queries nobody tuned to: benchmarks/blind.yaml, written blind (from the article
alone, never the deck or the search code), scored for cyfacts and two baselines in the same run.

- A query that expects an answer is a hit at 1 when the first result is a card whose quote carries
  one of the query's answer spans (most of it, or the whole quote when the quote is the shorter).
- A trap (`no_full`) is a hit when there is no result, or the first result is not a `full` answer.
  A trap answered `full` is a *false full*: a confident wrong answer. Baselines cannot say how
  complete an answer is, so any result they give counts as full.
- grep: the card files holding the query as typed; wratio: rapidfuzz WRatio over the claims, with
  the floor of 55 cyfacts uses, so that it can return nothing.

Usage: uv run python benchmarks/blind.py [--misses] [--json] [--queries FILE...]
       (the three sets: --queries benchmarks/blind.yaml benchmarks/blind2.yaml benchmarks/blind3.yaml)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "blind.yaml"
sys.path.insert(0, str(ROOT / "src"))

from cyfacts.deck.loader import load_deck  # noqa: E402
from cyfacts.index.build import SearchIndex  # noqa: E402
from cyfacts.model.cards import Card  # noqa: E402
from cyfacts.search.ranking import search  # noqa: E402

DEPTH = 10
WRATIO_FLOOR = 55
SPACE = re.compile(r"\s+")
Answer = tuple[str, str]  # card id, coverage
Ranker = Callable[[str], list[Answer]]


@dataclass(frozen=True)
class Query:
    text: str
    category: str
    trap: bool
    spans: tuple[str, ...]


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(str(e["query"]), e["category"], e["expect"] == "no_full", tuple(e.get("answers") or ())) for e in entries
    ]


def squash(text: str) -> str:
    return SPACE.sub("", text)


def shared_run(a: str, b: str) -> int:
    """Length of the longest run of characters the two texts share."""
    best = 0
    for start in range(len(a)):
        length = best + 1
        while start + length <= len(a) and a[start : start + length] in b:
            best = length
            length += 1
    return best


def answers(card: Card, spans: Sequence[str]) -> bool:
    quote = squash(card.quote)
    return any(shared_run(span, quote) >= max(4, 0.5 * min(len(span), len(quote))) for span in map(squash, spans))


def cyfacts_ranker(index: SearchIndex) -> Ranker:
    def rank(text: str) -> list[Answer]:
        return [(r.card.id, getattr(r, "coverage", "full")) for r in search(index, text, limit=DEPTH)]

    return rank


def grep_ranker(root: Path, cards: Sequence[Card]) -> Ranker:
    files = {c.id: (root.parent / c.path).read_text(encoding="utf-8").casefold() for c in cards}
    return lambda text: [(i, "full") for i, body in sorted(files.items()) if text.casefold() in body][:DEPTH]


def wratio_ranker(cards: Sequence[Card]) -> Ranker:
    from rapidfuzz import fuzz, process, utils

    claims = {card.id: card.claim for card in cards}

    def rank(text: str) -> list[Answer]:
        found = process.extract(text, claims, scorer=fuzz.WRatio, processor=utils.default_process, limit=DEPTH)
        return [(key, "full") for _, score, key in found if score >= WRATIO_FLOOR]

    return rank


def judge(query: Query, ranked: list[Answer], cards: dict[str, Card]) -> tuple[bool, bool, bool]:
    """(hit at 1, hit at 3, false full) for one query."""
    if query.trap:
        hit = not ranked or ranked[0][1] != "full"
        return hit, hit, not hit
    good = [answers(cards[card_id], query.spans) for card_id, _ in ranked[:3]]
    return bool(good[:1] and good[0]), any(good), False


def evaluate(queries: Sequence[Query], ranker: Ranker, cards: dict[str, Card]) -> dict[str, dict[str, float]]:
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for query in queries:
        hit1, hit3, false_full = judge(query, ranker(query.text), cards)
        for category in (query.category, "overall"):
            row = sums[category]
            row["n"] += 1
            row["hit@1"] += hit1
            row["hit@3"] += hit3
            row["false full"] += false_full
    return {
        c: {"n": r["n"], "hit@1": r["hit@1"] / r["n"], "hit@3": r["hit@3"] / r["n"], "false full": r["false full"]}
        for c, r in sums.items()
    }


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    names = list(results)
    categories = sorted(results[names[0]], key=lambda c: (c == "overall", c))
    header = "| category | n | " + " | ".join(f"{n} hit@1 | {n} hit@3 | {n} false full" for n in names) + " |"
    lines = [header, "|---|---:|" + "---:|" * 3 * len(names)]
    for category in categories:
        cells = [
            f"{results[n][category]['hit@1']:.2f} | {results[n][category]['hit@3']:.2f} | "
            f"{int(results[n][category]['false full'])}"
            for n in names
        ]
        lines.append(f"| {category} | {int(results[names[0]][category]['n'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the queries cyfacts misses at rank 1")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--queries", type=Path, nargs="+", default=[QUERIES], help="the query sets (default: benchmarks/blind.yaml)"
    )
    args = parser.parse_args()
    root = ROOT / "facts"
    deck = load_deck(root)
    cards = {card.id: card for card in deck.cards}
    rankers = {
        "cyfacts": cyfacts_ranker(SearchIndex.build(deck.cards, config=deck.config)),
        "grep": grep_ranker(root, deck.cards),
        "wratio": wratio_ranker(deck.cards),
    }
    for path in args.queries:
        report(load_queries(path), path, rankers, cards, as_json=args.json, misses=args.misses)


def report(
    queries: list[Query], path: Path, rankers: dict[str, Ranker], cards: dict[str, Card], *, as_json: bool, misses: bool
) -> None:
    results = {name: evaluate(queries, ranker, cards) for name, ranker in rankers.items()}
    if as_json:
        print(json.dumps({"queries": path.name, "figures": results}, ensure_ascii=False, indent=2))
    else:
        print(f"{len(queries)} blind queries ({path.name}) on {ROOT / 'facts'}\n")
        print(table(results) + "\n")
    if misses:
        print(f"cyfacts misses at rank 1 ({path.name}):")
        for query in queries:
            ranked = rankers["cyfacts"](query.text)
            hit, _, false_full = judge(query, ranked, cards)
            if not hit:
                what = "FALSE FULL" if false_full else "miss"
                print(f"  [{query.category}] {what} {query.text!r}: got {ranked[:3]}")
        print()


if __name__ == "__main__":
    main()
