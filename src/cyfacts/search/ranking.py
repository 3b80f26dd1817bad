"""Ranking cards against a query the way a reader of Chinese means it.

Every term of the query is looked up in the whole index at once: exact substrings (Chinese needs no
spaces), English words, the year, pinyin (full or initials), homophones of Chinese characters (the
commonest input-method slip) and, only when none of these finds anything, near matches with one
character wrong. A card's score is the mean of its best score per term, so every term counts.
"""

from __future__ import annotations

import heapq
from itertools import zip_longest
from operator import attrgetter
from typing import NamedTuple

from cyfacts.index.build import SearchIndex
from cyfacts.model.cards import Card
from cyfacts.model.text import fold
from cyfacts.search.filters import Filters
from cyfacts.search.matching import TERM_FLOOR, Match, term_hits
from cyfacts.search.query import alternatives, kind_of, split_runs

MIN_SCORE = 55.0
SCORE = attrgetter("score")


class Result(NamedTuple):
    card: Card
    score: float
    matches: tuple[Match, ...] = ()


class Found(NamedTuple):
    results: list[Result]  # the best, up to the limit
    total: int  # how many cards answer, before the limit


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
        if scope is None and len(terms) > 1 and weights[i] / total > 1 - MIN_SCORE / 100:
            scope = {c for c, ms in per_term[i].items() if any(m.score >= TERM_FLOOR for m in ms)}
    return per_term


def rank(index: SearchIndex, terms: list[str], filters: Filters) -> list[Scored]:
    """Each card's score: the weighted mean of its best match per term (a term matched more weakly
    than TERM_FLOOR counts as missing). A common term can hit every card of a large deck, so this
    loop is kept plain."""
    weights = term_weights(terms)
    total = sum(weights)
    per_term = list(zip(weights, all_term_hits(index, terms, weights), strict=True))
    unfiltered, columns = filters == Filters(), index.columns
    scored = []
    for card in set().union(*(hits for _, hits in per_term)):
        if not (unfiltered or filters.accepts_row(columns, card)):
            continue
        score = evidence = 0.0
        best: list[Match] = []
        for weight, hits in per_term:
            matches = hits.get(card)
            if not matches:
                continue
            top = max(matches, key=SCORE)
            for match in matches:  # added one by one, as ties are broken on the exact sum
                evidence += match.score
            if top.score >= TERM_FLOOR:
                score += weight * top.score
                best.append(top)
        scored.append(Scored(round(100.0 * score / total, 1), evidence, card, tuple(best)))
    return scored


def ranked(
    index: SearchIndex,
    terms: list[str],
    filters: Filters,
    limit: int | None = None,
    floor: float = 0.0,
    *,
    counted: list[int] | None = None,
) -> list[Scored]:
    """The cards that any reading of the terms finds with at least `floor`, best first, with their
    best scores (only the first `limit`, when given: a common term finds most of a large deck, and
    picking the best few costs far less than sorting them all). Cards are ranked by their rows and
    read only when shown."""
    best: dict[int, Scored] = {}
    for option in alternatives(terms):
        for item in rank(index, option, filters):
            if item.row not in best or (item.score, item.evidence) > (best[item.row].score, best[item.row].evidence):
                best[item.row] = item
    ids = index.columns.ids

    def order(item: Scored) -> tuple[float, float, str]:
        return -item.score, -item.evidence, ids[item.row]

    passing = [item for item in best.values() if item.score >= floor]
    if counted is not None:
        counted.append(len(passing))  # how many there were before the limit, for "showing 10 of 129"
    return heapq.nsmallest(limit, passing, key=order) if limit is not None else sorted(passing, key=order)


def each_term_answered(index: SearchIndex, terms: list[str], filters: Filters) -> list[Scored]:
    """Terms that no one card answers together (存款 贷款): each term's own answers, taken in turn."""
    per_term = [ranked(index, [term], filters, floor=MIN_SCORE) for term in terms]
    if len(terms) < 2 or not all(per_term):
        return []
    merged: dict[int, Scored] = {}
    for row in zip_longest(*per_term):
        for item in row:
            if item is not None and item.row not in merged:
                merged[item.row] = item
    return list(merged.values())


def search(index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None) -> list[Result]:
    return find(index, query, filters, limit).results


def find(index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None) -> Found:
    """The best `limit` answers and how many cards answer in all."""
    filters = filters or Filters()
    terms = split_runs(index.charmaps.simplify(fold(query)))
    if not terms:
        return Found([], 0)
    counted: list[int] = []
    found = ranked(index, terms, filters, limit, MIN_SCORE, counted=counted)
    total = counted[0]
    if not found:
        found = each_term_answered(index, terms, filters)
        total = len(found)
    shown = found[:limit] if limit is not None else found
    return Found([Result(index.cards[item.row], item.score, item.matches) for item in shown], total)
