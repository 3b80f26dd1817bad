"""Ranking cards against a query the way a reader of Chinese means it, and saying how completely
each card answers it.

Every term of the query is looked up in the whole index at once: exact substrings (Chinese needs no
spaces), English words, places (by the places a card is about, not by its wording), years (by the
card's year, never a number in its text), whole numbers, pinyin (full or initials), and, only for
what is not itself a word, homophones and near matches. A card's score is the mean of its best score
per term, so every term counts; its coverage says whether every term was found as written (full),
some only through a slip reading (approximate), or some not at all (partial). Full answers rank
above approximate ones, and those above partial ones.
"""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import heapq
import math
from collections.abc import Mapping
from itertools import pairwise, zip_longest
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple

from cyfacts.index.build import CardColumns, SearchIndex
from cyfacts.model.cards import Card
from cyfacts.search.evidence import FULL_READINGS, TERM_FLOOR, Match
from cyfacts.search.filters import Filters
from cyfacts.search.matching import answers_piece, side_by_side, term_hits, written_within
from cyfacts.search.query import Reading, read_query
from cyfacts.search.terms import Term

MIN_SCORE = 55.0
# Evidence (which breaks ties between equal answers) for each pair of the query's consecutive terms
# that a card writes side by side: more than all its other matches together, as it says the thing.
SIDE_BY_SIDE = 10.0
SIDE_BY_SIDE_CARDS = 2000
WRITTEN_WITHIN = 1.0  # each pair of a long term's words that a card's claim or quote writes side by side
QUOTED_ONLY = frozenset({"quote", "section", "subsection"})
# A term on more cards than this is a common word, not an item of one listing: its siblings are not
# looked for (each look compares quotes pairwise).
SIBLING_HITS = 200
MEASURED_ORDER = 200  # the first answers put in order of each measure's years
SCORE = attrgetter("score")
COVERAGES = ("full", "approximate", "partial")  # best first
HALF_WEIGHT = frozenset({"place", "speaker", "year", "quantity", "rest"})  # where, who, when, what shape
NOTHING_SHOWN: Mapping[str, str] = MappingProxyType({})
# Each term's hits over the whole deck, kept for one search: the fallback that answers each term in
# turn asks for most terms again, and a common term costs a pass apiece.
Known = dict[Term, dict[int, list[Match]]]


class Result(NamedTuple):
    card: Card
    score: float
    matches: tuple[Match, ...] = ()
    coverage: str = "full"
    missing: tuple[str, ...] = ()  # the query's terms that no part of the card answers
    scope: tuple[str, ...] = ()  # where a place of the query is missing: the places the card is about
    places_missed: tuple[str, ...] = ()  # the places asked for that the card is not about
    places_within: tuple[str, ...] = ()  # the places asked for whose figure this is only a part of
    asked: str = ""  # the question for an amount, as typed (多少), where the card gives no such figure


class Findings(NamedTuple):
    """A search's answer: the results, the terms the query was read as, how many were left unread
    (and the pieces past the length limits), and how many cards answer in all."""

    results: list[Result]
    terms: tuple[Term, ...]
    dropped: int = 0
    shown: Mapping[str, str] = NOTHING_SHOWN  # a term's text → as the user typed it (GDP for gdp)
    total: int = 0  # how many cards answer, before the limit: "showing 10 of 129"
    left_out: tuple[str, ...] = ()  # pieces of a long query that were not read
    cut: tuple[str, ...] = ()  # terms past the limit of distinct terms, as typed


class Scored(NamedTuple):
    rank: int  # the coverage's place in COVERAGES
    score: float
    evidence: float  # all the matches together: breaks ties in favour of the card that says it more
    row: int
    matches: tuple[Match, ...]
    missing: tuple[int, ...]  # positions of the terms the card does not answer
    # How much of the query a card answers, each term counted by how rare it is in the deck: among
    # partial answers, the one lacking a common word (联合) before the one lacking the topic (实验室).
    answered: float = 1.0


def term_weight(term: Term) -> float:
    """A lone Chinese character (钱, 拿) says less than a word: it counts half. So do a place, a
    speaker, a year and a question for an amount: they say where, who, when and what shape, the
    other words what about, so among cards that miss them the one on the topic comes first (港口
    2025: the 548 ports of 2024 are shown, lacking 2025, not dropped below the minimum score)."""
    if term.kind in HALF_WEIGHT or (term.kind == "chinese" and len(term.text) == 1):
        return 0.5
    return 1.0


def term_weights(terms: tuple[Term, ...]) -> list[float]:
    return [term_weight(term) for term in terms]


def all_term_hits(
    index: SearchIndex, terms: tuple[Term, ...], weights: list[float], known: Known
) -> list[dict[int, list[Match]]]:
    """Each term's hits. Once a term that every passing card must hold has been looked up (missing
    it alone would sink a card below the minimum score), the others are looked for in its cards only."""
    total, scope = sum(weights), None
    per_term: list[dict[int, list[Match]]] = [{} for _ in terms]
    # Long words first: they are rarer, so the scope they set is small. Years and places last.
    order = sorted(
        range(len(terms)), key=lambda i: (terms[i].kind in ("year", "place", "quantity"), -len(terms[i].text))
    )
    for i in order:
        if scope is None:
            if terms[i] not in known:
                known[terms[i]] = term_hits(index, terms[i])
            per_term[i] = known[terms[i]]
        else:
            per_term[i] = term_hits(index, terms[i], scope)
        if scope is None and len(terms) > 1 and weights[i] / total > 1 - MIN_SCORE / 100:
            scope = {c for c, ms in per_term[i].items() if any(m.score >= TERM_FLOOR for m in ms)}
    return per_term


def rank(index: SearchIndex, terms: tuple[Term, ...], filters: Filters, known: Known) -> list[Scored]:
    """Each card's score: the weighted mean of its best match per term (a term matched more weakly
    than TERM_FLOOR counts as missing). A common term can hit every card of a large deck, so this
    loop is kept plain."""
    weights = term_weights(terms)
    total = sum(weights)
    per_term = list(zip(weights, all_term_hits(index, terms, weights, known), strict=True))
    rarity = [weight * rareness(len(hits), len(index.columns.ids)) for weight, hits in per_term]
    unfiltered, columns = filters == Filters(), index.columns
    scored = []
    candidates = set().union(*(hits for _, hits in per_term))
    # Side by side is looked for among a few thousand cards at most: it only breaks ties, and among
    # tens of thousands of equal answers the look would cost more than the whole search.
    near = candidates and len(candidates) <= SIDE_BY_SIDE_CARDS
    quotes: dict[int, str] = {}  # the candidates' quotes, read when a term is found only in one
    pairs = [side_by_side(index, a, b, candidates) for a, b in pairwise(terms)] if near else []
    within = [cards for term in terms for cards in written_within(index, term, candidates)] if near else []
    for card in candidates:
        if not (unfiltered or filters.accepts_row(columns, card, index.places)):
            continue
        score = 0.0
        evidence = SIDE_BY_SIDE * sum(card in pair for pair in pairs) + WRITTEN_WITHIN * sum(card in w for w in within)
        best: list[Match] = []
        missing: list[int] = []
        approximate = False
        for position, (weight, hits) in enumerate(per_term):
            matches = hits.get(card)
            top = max(matches, key=SCORE) if matches else None
            if top is not None and near and said_by_sibling(index, card, hits, quotes):
                top, matches = None, None  # 5G in the list the train card quotes is the chip card's
            if matches:
                evidence += said_in(matches)
            if top is None or top.score < TERM_FLOOR:
                missing.append(position)
                continue
            score += weight * top.score
            best.append(top)
            approximate = approximate or top.how not in FULL_READINGS
        coverage = 2 if missing or part_of_place(columns, card, filters.place) else 1 if approximate else 0
        answered = 1.0 - sum(rarity[i] for i in missing) / (sum(rarity) or 1.0) if missing else 1.0
        score = round(100.0 * score / total, 1)
        scored.append(Scored(coverage, score, evidence, card, tuple(best), tuple(missing), answered))
    return scored


def part_of_place(columns: CardColumns, row: int, place: str | None) -> bool:
    """Whether a card gives figures of a place within the one --place asks for, not of that place
    (the economic circle's GDP under --place 川渝): a part of its figure, so no full answer."""
    return place is not None and bool(columns.measures[row]) and place not in columns.places[row]


def only_quoted(matches: list[Match]) -> bool:
    """Whether a card holds a term only in its quote (and headings): not in what it says itself."""
    return all(match.field in QUOTED_ONLY for match in matches)


def said_by_sibling(index: SearchIndex, row: int, hits: dict[int, list[Match]], quotes: dict[int, str]) -> bool:
    """Whether a card holds the term only in its quote, and a card whose quote is part of the same
    span (the same listing, or a clause of it) says the term itself: several cards split one
    sentence (5G chips, dual-clutch gearboxes, 400 km/h trains; the corridor's ports and the
    China–Europe trains) and quote what they need of it, and each item is the card's that says it,
    not its siblings'. Quotes are read once per search, when first asked."""
    if not only_quoted(hits[row]) or len(hits) > SIBLING_HITS:
        return False
    own = quote_of(index, row, quotes)
    return any(
        other != row and not only_quoted(matches) and overlapping(own, quote_of(index, other, quotes))
        for other, matches in hits.items()
    )


def quote_of(index: SearchIndex, row: int, quotes: dict[int, str]) -> str:
    if row not in quotes:
        quotes[row] = index.fields["quote"].card_text(row)
    return quotes[row]


def overlapping(one: str, other: str) -> bool:
    """Whether two quotes are the same span, or one is a part of the other."""
    return bool(one and other) and (one in other or other in one)


def said_in(matches: list[Match]) -> float:
    """A term's evidence: its best match in each field that holds it. A card saying it in its claim
    and its quote says it more than one saying it in one field, but a word repeated across a card's
    tags (computing hub, computing network …) is not said more: a card listing more of them is not
    more about it."""
    best: dict[str, float] = {}
    for match in matches:
        if match.score > best.get(match.field, 0.0):
            best[match.field] = match.score
    return sum(best.values())


def rareness(holders: int, cards: int) -> float:
    """How much a term found in `holders` of the deck's cards says about which card is meant (the
    inverse document frequency of BM25): a word in every card says nothing."""
    return math.log(1.0 + (cards - holders + 0.5) / (holders + 0.5))


def ranked(
    index: SearchIndex,
    terms: tuple[Term, ...],
    filters: Filters,
    limit: int | None = None,
    floor: float = 0.0,
    *,
    counted: list[int] | None = None,
    known: Known | None = None,
) -> list[Scored]:
    """The cards found with at least `floor`, full answers first, then by score (only the first
    `limit`, when given: a common term finds most of a large deck, and picking the best few costs
    far less than sorting them all). Cards are ranked by their rows and read only when shown."""
    ids, years, themes, measures = index.columns.ids, index.columns.years, index.columns.themes, index.columns.measures
    # A query naming only a place (成都, the economic circle) asks what the deck says of it: among
    # equal answers the deck's first theme (its overview) comes first, then its figures (the
    # economy's size before the plan that calls for raising it), then the cards that write the place
    # out; the order of the other themes says nothing about the place.
    overview = index.themes[:1] if all(t.kind == "place" for t in terms) else ()

    def order(item: Scored) -> tuple[int, float, float, bool, bool, float, int, str]:
        # Equal answers: the one that says it more, then the latest, then by id.
        return (
            item.rank,
            -item.answered,
            -item.score,
            themes[item.row] not in overview,
            bool(overview) and not measures[item.row],
            -item.evidence,
            -years[item.row],
            ids[item.row],
        )

    passing = [item for item in rank(index, terms, filters, {} if known is None else known) if item.score >= floor]
    if counted is not None:
        counted.append(len(passing))  # how many there were before the limit, for "showing 10 of 129"
    found = heapq.nsmallest(limit, passing, key=order) if limit is not None else sorted(passing, key=order)
    return newest_of_each_measure(index, found)


def newest_of_each_measure(index: SearchIndex, found: list[Scored]) -> list[Scored]:
    """Each measure's figures newest first, in the places its figures hold: a reader asking for GDP
    (or 经济 总量, which the 2019 card's quote writes out and the 2024 card's does not) wants 2024's
    before 2019's, but a card that says more about the question still comes before another measure's
    newer figure (the economy's size before computing power's). Only the cards found are read."""
    years = index.columns.years
    slots: dict[str, list[int]] = {}
    for position, item in enumerate(found[:MEASURED_ORDER]):
        figures = index.cards[item.row].figures
        if figures and figures[0].metric:
            slots.setdefault(figures[0].metric, []).append(position)
    reordered = list(found)
    for positions in slots.values():
        items = sorted((found[p] for p in positions), key=lambda item: (item.rank, -years[item.row]))
        for position, item in zip(positions, items, strict=True):
            reordered[position] = item
    return reordered


# A card that answers only when, where or how much says nothing about the topic: no answer alone.
NOT_ALONE = frozenset({"year", "quantity"})


def each_term_answered(index: SearchIndex, terms: tuple[Term, ...], filters: Filters, known: Known) -> list[Scored]:
    """Terms that no one card answers together (存款 贷款, 重庆 GDP): each term's own answers, taken
    in turn, topics first, each partial. Only where the terms some card answers carry at least half
    the query: 成渝 比特币 is a question about bitcoin, and no card answers it. A year or a question
    for an amount answered alone is no answer."""
    weights = term_weights(terms)
    found = {
        i: ranked(index, (terms[i],), filters, floor=MIN_SCORE, known=known)
        for i in range(len(terms))
        if terms[i].kind not in NOT_ALONE
    }
    # Topics before places; among topics the rarer first, as it says more about what is asked
    # (外国人 买东西 退税: a tax refund, which few cards mention, not foreigners in general).
    order = sorted(found, key=lambda i: (terms[i].kind == "place", -weights[i], len(found[i])))
    per_term = {i: found[i] for i in order}
    answered = sum(weights[i] for i, items in per_term.items() if items)
    if len(terms) < 2 or answered < sum(weights) / 2:
        return []
    by_row = {i: {item.row: item for item in items} for i, items in per_term.items()}
    merged: dict[int, Scored] = {}
    for row in zip_longest(*per_term.values()):
        for item in row:
            if item is not None and item.row not in merged:
                merged[item.row] = answered_in_part(item.row, terms, by_row, known)
    return list(merged.values())


def answered_in_part(row: int, terms: tuple[Term, ...], by_row: dict[int, dict[int, Scored]], known: Known) -> Scored:
    """A card that answers some of the query's terms, each of which it answers named, so that what
    it is said to lack is what it lacks (a card about 成都 and 重庆 does not lack 重庆)."""
    answering = [by_row[i][row] for i in by_row if row in by_row[i]]
    alone = [
        i
        for i, t in enumerate(terms)
        if i not in by_row and any(m.score >= TERM_FLOOR for m in known.get(t, {}).get(row, ()))
    ]
    held = {i for i in by_row if row in by_row[i]}.union(alone)
    matches = tuple(m for item in answering for m in item.matches)
    score = round(sum(item.score for item in answering) / len(terms), 1)
    evidence = sum(item.evidence for item in answering)
    missing = tuple(i for i in range(len(terms)) if i not in held)
    return Scored(2, score, evidence, row, matches, missing)


def result(index: SearchIndex, item: Scored, reading: Reading, filters: Filters | None = None) -> Result:
    card = index.cards[item.row]
    missing = tuple(reading.terms[i] for i in item.missing)
    # A figure for a place within the one asked (the circle's GDP for 川渝) is not the wider place's
    # figure: its scope is said, as a part of the place asked, not another place.
    part_of = tuple(t.place for t in missing if t.place and card.figures and index.places.answers(card.places, t.place))
    places = tuple(t.place for t in missing if t.place is not None and t.place not in part_of)
    asked = filters.place if filters else None
    filtered = (asked,) if asked and part_of_place(index.columns, item.row, asked) else ()  # --place
    within = tuple(dict.fromkeys((*filtered, *part_of)))
    scope = card.places if places or within else ()
    # What of the query was never searched is missing from an answer that does not write it.
    unread = tuple(piece for piece in reading.unread if not answers_piece(index, item.row, piece))
    typed = (*(reading.shown.get(t.text, t.text) for t in missing), *filtered, *unread)
    coverage = "partial" if unread else COVERAGES[item.rank]
    asked = next((reading.shown.get(t.text, t.text) for t in missing if t.kind == "quantity"), "")
    return Result(card, item.score, item.matches, coverage, typed, scope, places, within, asked)


def answers_all(index: SearchIndex, row: int, pieces: tuple[str, ...]) -> bool:
    return all(answers_piece(index, row, piece) for piece in pieces)


def find(
    index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None, strict: bool = False
) -> Findings:
    """The cards that answer the query, best first, each saying how completely, and how many answer
    in all; with `strict`, only full answers."""
    filters = (filters or Filters()).for_places(index.places, index.charmaps.simplify)
    reading = read_query(query, index)
    if not reading.terms:
        return Findings([], (), reading.dropped, reading.shown, left_out=reading.left_out, cut=cut_terms(reading))
    counted: list[int] = []
    known: Known = {}
    found = ranked(index, reading.terms, filters, None if strict else limit, MIN_SCORE, counted=counted, known=known)
    total = counted[0]
    if not found and not strict:
        found = each_term_answered(index, reading.terms, filters, known)
        total = len(found)
    if strict:  # only whole answers: every term found, and every piece left unread answered as written
        found = [item for item in found if item.rank == 0 and answers_all(index, item.row, reading.unread)]
        total = len(found)
    shown = found[:limit] if limit is not None else found
    results = [result(index, item, reading, filters) for item in shown]
    if reading.unread:  # an answer lacking a piece not read falls behind those that write every piece
        results.sort(key=lambda r: COVERAGES.index(r.coverage))
    return Findings(results, reading.terms, reading.dropped, reading.shown, total, reading.left_out, cut_terms(reading))


def cut_terms(reading: Reading) -> tuple[str, ...]:
    return reading.unread[len(reading.left_out) :]


def search(index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None) -> list[Result]:
    return find(index, query, filters, limit).results
