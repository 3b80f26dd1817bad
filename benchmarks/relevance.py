"""Search quality: hit@1, hit@3 and MRR per query category on benchmarks/relevance.yaml, for cyfacts
and two baselines run on the same cards in the same run:

- grep: plain substring search over the card files (what `grep -ril QUERY facts/` gives), in file order;
- wratio: rapidfuzz WRatio over the claim text (the usual fuzzy-matching recipe), best first.

Usage: uv run python benchmarks/relevance.py [--misses] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = Path(__file__).resolve().parent / "relevance.yaml"
sys.path.insert(0, str(ROOT / "src"))

from cyfacts.deck.loader import load_deck  # noqa: E402
from cyfacts.index.build import SearchIndex  # noqa: E402
from cyfacts.model.cards import Card  # noqa: E402
from cyfacts.search.ranking import search  # noqa: E402

Ranker = Callable[[str], list[str]]  # ids, best first; cyfacts leaves out answers that are not full
# when judging a no-answer query
DEPTH = 10


@dataclass(frozen=True)
class Query:
    text: str
    category: str
    expected: tuple[str, ...]


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(e["query"]), e["category"], tuple(e["expected"])) for e in entries]


def cyfacts_ranker(index: SearchIndex) -> Ranker:
    """cyfacts' answers; when its best answer is not full, cyfacts itself says no card answers the
    query, so for a no-answer query that counts as the empty answer it is."""

    def rank(text: str) -> list[str]:
        results = search(index, text, limit=DEPTH)
        if results and results[0].coverage != "full":
            return [FLAGGED] + [r.card.id for r in results]
        return [r.card.id for r in results]

    return rank


FLAGGED = "(no full answer)"


def answered(ranked: list[str]) -> list[str]:
    return [] if ranked[:1] == [FLAGGED] else ranked


def grep_ranker(deck_root: Path, cards: Sequence[Card]) -> Ranker:
    files = {card.id: (deck_root.parent / card.path).read_text(encoding="utf-8").casefold() for card in cards}
    return lambda text: [card_id for card_id, body in sorted(files.items()) if text.casefold() in body][:DEPTH]


def wratio_ranker(cards: Sequence[Card]) -> Ranker:
    from rapidfuzz import fuzz, process, utils

    claims = {card.id: card.claim for card in cards}
    return lambda text: [
        key
        for _, _, key in process.extract(text, claims, scorer=fuzz.WRatio, processor=utils.default_process, limit=DEPTH)
    ]


def reciprocal_rank(ranked: list[str], expected: tuple[str, ...]) -> float:
    if not expected:
        return 1.0 if not answered(ranked) else 0.0
    ranked = [r for r in ranked if r != FLAGGED]
    return next((1.0 / i for i, card_id in enumerate(ranked, 1) if card_id in expected), 0.0)


def hit_at(ranked: list[str], expected: tuple[str, ...], k: int) -> float:
    if not expected:
        return 1.0 if not answered(ranked) else 0.0
    ranked = [r for r in ranked if r != FLAGGED]
    return 1.0 if any(card_id in expected for card_id in ranked[:k]) else 0.0


def evaluate(queries: Sequence[Query], ranker: Ranker) -> dict[str, dict[str, float]]:
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for query in queries:
        ranked = ranker(query.text)
        for category in (query.category, "overall"):
            row = sums[category]
            row["n"] += 1
            row["hit@1"] += hit_at(ranked, query.expected, 1)
            row["hit@3"] += hit_at(ranked, query.expected, 3)
            row["mrr"] += reciprocal_rank(ranked, query.expected)
    return {c: {"n": r["n"], **{m: r[m] / r["n"] for m in ("hit@1", "hit@3", "mrr")}} for c, r in sums.items()}


def misses(queries: Sequence[Query], ranker: Ranker) -> list[tuple[Query, list[str]]]:
    out = []
    for query in queries:
        ranked = ranker(query.text)
        if hit_at(ranked, query.expected, 1) < 1:
            out.append((query, ranked[:3]))
    return out


def systems() -> tuple[dict[str, Ranker], list[Query]]:
    deck_root = ROOT / "facts"
    deck = load_deck(deck_root)
    index = SearchIndex.build(deck.cards, config=deck.config)
    rankers = {
        "cyfacts": cyfacts_ranker(index),
        "grep": grep_ranker(deck_root, deck.cards),
        "wratio": wratio_ranker(deck.cards),
    }
    return rankers, load_queries()


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    names = list(results)
    categories = sorted(results[names[0]], key=lambda c: (c == "overall", c))
    header = "| category | n | " + " | ".join(f"{n} hit@1 | {n} hit@3 | {n} MRR" for n in names) + " |"
    lines = [header, "|---|---:|" + "---:|" * 3 * len(names)]
    for category in categories:
        cells = [f"{results[n][category][m]:.2f}" for n in names for m in ("hit@1", "hit@3", "mrr")]
        lines.append(f"| {category} | {int(results[names[0]][category]['n'])} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the queries cyfacts misses at rank 1")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    rankers, queries = systems()
    results = {name: evaluate(queries, ranker) for name, ranker in rankers.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(f"{len(queries)} queries on {ROOT / 'facts'}\n")
        print(table(results))
    if args.misses:
        print("\ncyfacts misses at rank 1:")
        for query, top in misses(queries, rankers["cyfacts"]):
            print(f"  [{query.category}] {query.text!r}: got {top}, expected {list(query.expected)}")


if __name__ == "__main__":
    main()
