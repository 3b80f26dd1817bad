"""Ranking cards against a query the way a reader of Chinese means it.

Every term of the query is looked up in the whole index at once: exact substrings (Chinese needs no
spaces), English words, the year, pinyin (full or initials), homophones of Chinese characters (the
commonest input-method slip) and, only when none of these finds anything, near matches with one
character wrong. A card's score is the mean of its best score per term, so every term counts.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import NamedTuple

from cyfacts.filters import Filters
from cyfacts.index import SearchIndex
from cyfacts.matching import TERM_FLOOR, Match, term_hits
from cyfacts.model import Card
from cyfacts.query import alternatives, kind_of, split_runs
from cyfacts.textnorm import fold

MIN_SCORE = 55.0


class Result(NamedTuple):
    card: Card
    score: float
    matches: tuple[Match, ...] = ()


class Scored(NamedTuple):
    score: float
    evidence: float  # all the matches together: breaks ties in favour of the card that says it more
    row: int
    matches: tuple[Match, ...]


def term_weights(terms: list[str]) -> list[float]:
    """A lone Chinese character (钱, 拿) says less than a word: it counts half."""
    return [0.5 if kind_of(term) == "chinese" and len(term) == 1 else 1.0 for term in terms]


def all_term_hits(index: SearchIndex, terms: list[str], weights: list[float]) -> list[dict[int, list[Match]]]:
    """Each term's hits. Once a term that every passing card must hold has been looked up (missing
    it alone would sink a card below the minimum score), the others are looked for in its cards only."""
    total, scope = sum(weights), None
    per_term: list[dict[int, list[Match]]] = [{} for _ in terms]
    # Long words first: they are rarer, so the scope they set is small. Numbers (years) last.
    for i in sorted(range(len(terms)), key=lambda i: (kind_of(terms[i]) == "number", -len(terms[i]))):
        per_term[i] = term_hits(index, terms[i], scope)
        if scope is None and weights[i] / total > 1 - MIN_SCORE / 100:
            scope = {c for c, ms in per_term[i].items() if any(m.score >= TERM_FLOOR for m in ms)}
    return per_term


def rank(index: SearchIndex, terms: list[str], filters: Filters) -> list[Scored]:
    weights = term_weights(terms)
    per_term = all_term_hits(index, terms, weights)
    scored = []
    for card in set().union(*per_term):
        if not filters.accepts_row(index.columns, card):
            continue
        best = [max(hits[card], key=lambda m: m.score) if card in hits else None for hits in per_term]
        best = [m if m and m.score >= TERM_FLOOR else None for m in best]
        score = 100.0 * sum(w * m.score for w, m in zip(weights, best, strict=True) if m) / sum(weights)
        evidence = sum(m.score for hits in per_term for m in hits.get(card, ()))
        scored.append(Scored(round(score, 1), evidence, card, tuple(m for m in best if m)))
    return scored


def ranked(index: SearchIndex, terms: list[str], filters: Filters) -> list[Scored]:
    """Every card that any reading of the terms finds, best first, with its best score; cards are
    ranked by their rows and read only when shown."""
    best: dict[int, Scored] = {}
    for option in alternatives(terms):
        for item in rank(index, option, filters):
            if item.row not in best or (item.score, item.evidence) > (best[item.row].score, best[item.row].evidence):
                best[item.row] = item
    ids = index.columns.ids
    return sorted(best.values(), key=lambda item: (-item.score, -item.evidence, ids[item.row]))


def each_term_answered(index: SearchIndex, terms: list[str], filters: Filters) -> list[Scored]:
    """Terms that no one card answers together (存款 贷款): each term's own answers, taken in turn."""
    per_term = [[item for item in ranked(index, [term], filters) if item.score >= MIN_SCORE] for term in terms]
    if len(terms) < 2 or not all(per_term):
        return []
    merged: dict[int, Scored] = {}
    for row in zip_longest(*per_term):
        for item in row:
            if item is not None and item.row not in merged:
                merged[item.row] = item
    return list(merged.values())


def search(index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None) -> list[Result]:
    filters = filters or Filters()
    terms = split_runs(index.charmaps.simplify(fold(query)))
    if not terms:
        return []
    found = [item for item in ranked(index, terms, filters) if item.score >= MIN_SCORE]
    if not found:
        found = each_term_answered(index, terms, filters)
    shown = found[:limit] if limit is not None else found
    return [Result(index.cards[item.row], item.score, item.matches) for item in shown]
