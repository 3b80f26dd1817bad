"""Ranking cards against a query the way a reader of Chinese means it.

Every term of the query is looked up in the whole index at once: exact substrings (Chinese needs no
spaces), English words, the year, pinyin (full or initials), homophones of Chinese characters (the
commonest input-method slip) and, only when none of these finds anything, near matches with one
character wrong. A card's score is the mean of its best score per term, so every term counts.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import zip_longest
from typing import NamedTuple

from cyfacts.filters import Filters
from cyfacts.index import FIELD_WEIGHTS, SearchIndex
from cyfacts.model import Card
from cyfacts.textnorm import fold, has_cjk, is_cjk

MIN_SCORE = 55.0
# How much each kind of evidence is worth, before the field's weight.
SIGNALS = {
    "exact": 1.0,
    "word": 1.0,
    "year": 1.0,
    "prefix": 0.85,
    "pinyin": 0.95,
    "homophone": 0.9,
    "initials": 0.8,
    "near": 0.8,
    "partial": 0.85,
}
NEAR_MIN_RATIO = 66.0  # rapidfuzz partial_ratio: one wrong character in three still passes
UNIGRAM_WEIGHT = 0.3  # a single character says less than a pair
MIN_PREFIX = 3  # "g" is not the beginning of every word that starts with g
COMMON_FLOOR = 500  # a piece held by more cards than this (and 1% of the deck) is "common"
HEADLESS = 0.5  # a phrase whose first pair the card lacks is about something else: 人口数量 is not 港口数量
TERM_FLOOR = 0.3  # a term matched more weakly counts as not matched: 成渝 比特币 is not about 成渝
# Pattern sources, compiled on first use (compiling them all costs more than a small search).
RUNS = r"\d+(?:\.\d+)?(?:年|月)|[a-z0-9][a-z0-9.'%\-]*|[^\sa-z0-9.%]+"
NUMBER = r"(\d+(?:\.\d+)?)(%|年|月)?"
YEAR = r"(?:19|20)\d\d"
LATIN = r"[a-z][a-z'\-]*"
# Words that carry no topic, cut out of a query when it is read without them (成渝的GDP有多大 → 成渝, gdp).
CHINESE_STOPWORDS = (
    "的 了 是 有 吗 呢 吧 啊 多少 多大 几个 什么 怎么 怎样 如何 哪些 哪个 为什么 一共 总共 有没有 请问 关于 "
    "好不好 能不能 可不可以 怎么样 多久 多长时间 是否 有哪些 跟 在 到 要 能 把 被 给 从 对 还 都 也 就"
).split()
ENGLISH_STOPWORDS = "the of for in on a an and to how many much what is are was did does do by with about".split()
STOPWORD_SET = frozenset(ENGLISH_STOPWORDS)
STOP_SPLIT = "|".join(sorted(CHINESE_STOPWORDS, key=len, reverse=True))  # no regex metacharacters in them


@cache
def pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


class Match(NamedTuple):
    term: str
    field: str
    how: str
    score: float


class Result(NamedTuple):
    card: Card
    score: float
    matches: tuple[Match, ...] = ()


def split_runs(text: str) -> list[str]:
    """Runs of one script, punctuation dropped: '2024粮食，GDP' → 2024, 粮食, gdp."""
    runs: list[str] = []
    for run in pattern(RUNS).findall(text):
        pieces = "".join(c if c.isalnum() or c in ".%'-" else " " for c in run).split()
        runs.extend(p.strip(".'-") for p in pieces if any(c.isalnum() for c in p))
    return runs


def kind_of(term: str) -> str:
    if pattern(NUMBER).fullmatch(term):
        return "number"
    if pattern(LATIN).fullmatch(term):
        return "latin"
    return "chinese" if has_cjk(term) else "text"


def weighted(term: str, name: str, how: str) -> Match:
    return Match(term, name, how, FIELD_WEIGHTS.get(name, 1.0) * SIGNALS[how])


Scope = set[int] | None  # the only cards worth looking at, when an earlier term already narrowed them


def exact_hits(index: SearchIndex, term: str, names: Iterable[str], scope: Scope) -> Iterable[tuple[int, Match]]:
    for name in names:
        for card in index.fields[name].cards_with(term, scope):
            yield card, weighted(term, name, "exact")


def word_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    """English words match whole, or as a word's beginning (price → prices), never inside a word."""
    target = term.encode()
    for name in ("claim_en", "tags"):
        blob = index.fields[name]
        for position in blob.positions(target, scope):
            before = blob.data[position - 1 : position] if position > blob.begin else b" "
            if before.isalnum():
                continue
            after = blob.data[position + len(target) : position + len(target) + 1]
            if not after.isalnum():
                yield blob.card_at(position), weighted(term, name, "word")
            elif len(term) >= MIN_PREFIX:
                yield blob.card_at(position), weighted(term, name, "prefix")


def segmentations(letters: str, syllables: frozenset[str], limit: int = 8) -> list[list[str]]:
    """The ways to read letters as pinyin syllables: xian → [xian], [xi, an]; suanli → [suan, li]."""
    if not letters:
        return [[]]
    out: list[list[str]] = []
    for end in range(min(len(letters), 6), 0, -1):
        head = letters[:end]
        if head in syllables:
            out.extend([head, *rest] for rest in segmentations(letters[end:], syllables, limit))
        if len(out) >= limit:
            break
    return out[:limit]


def pinyin_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    letters = term.replace("'", "").replace("-", "")
    # A lone syllable (shu, li) has too many homophones to mean anything on its own: only readings of
    # two syllables or more count as full pinyin.
    readings = [r for r in segmentations(letters, index.charmaps.syllables) if len(r) >= 2]
    for name, sounds in index.sounds.items():
        for reading in readings:
            cards = sounds.pinyin.cards_with("'" + "'".join(reading) + "'", scope)
            yield from ((card, weighted(term, name, "pinyin")) for card in cards)
        if len(letters) >= 3:
            initials = sounds.initials.cards_with(letters, scope)
            yield from ((card, weighted(term, name, "initials")) for card in initials)


def homophone_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    sound = "'" + "'".join(index.charmaps.reading(c) for c in term) + "'"
    for name, sounds in index.sounds.items():
        yield from ((card, weighted(term, name, "homophone")) for card in sounds.pinyin.cards_with(sound, scope))


def holders(index: SearchIndex, units: Iterable[str]) -> tuple[dict[str, set[int]], dict[str, int]]:
    """Which cards hold each piece of text, and in how many cards it occurs. Common pieces (成渝 in a
    big deck) are looked for only in the cards that hold a rarer piece: listing every card that
    holds them would cost far more than they tell."""
    counts = {unit: index.chinese_estimate(unit) for unit in units}
    limit = max(COMMON_FLOOR, len(index.columns.ids) // 100)
    # A piece the samples miss may still occur: only the full scan of a rare piece says it does not.
    present = sorted(counts, key=counts.__getitem__)
    rare = [u for u in present if counts[u] <= limit] or present[:1]
    found = {unit: index.chinese_cards_with(unit) for unit in rare}
    scope = set().union(*found.values())
    for unit in present:
        if unit not in found:
            found[unit] = index.chinese_cards_with(unit, scope)
    frequency = {u: len(found[u]) if u in rare else round(counts[u]) for u in present}
    return {u: cards for u, cards in found.items() if cards}, frequency


def partial_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """A phrase of the user's own (工业产值增长) against the card's words: the share of its character
    pairs (and, less, single characters) that the card holds, each weighted by how rare it is in the
    deck, so 成渝 counts little and 水质 much. Pieces the deck never uses say nothing about which
    card is meant, but a phrase made mostly of them is only weakly answered."""
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    known, frequency = holders(index, [u for u in pairs | set(term) if is_cjk(u[0])])
    if not known:
        return
    total = len(index.columns.ids) + 1
    weight = {u: math.log(total / (frequency[u] + 0.5)) * (1.0 if len(u) == 2 else UNIGRAM_WEIGHT) for u in known}
    whole = sum(weight.values())
    answered = sum(1 for u in known if len(u) == 2) / len(pairs) if pairs else 1.0
    shares: dict[int, float] = defaultdict(float)
    for unit, cards in known.items():
        for card in cards:
            shares[card] += weight[unit] / whole
    # Chinese puts the topic first: a card lacking the phrase's first pair is about something else.
    headed = known.get(term[:2], set())
    for card, share in shares.items():
        head = 1.0 if card in headed else HEADLESS
        yield card, Match(term, "chinese", "partial", SIGNALS["partial"] * share * (0.5 + 0.5 * answered) * head)


def year_hits(index: SearchIndex, term: str, scope: Scope) -> Iterable[tuple[int, Match]]:
    year, years = int(term[:4]), index.columns.years
    rows = (
        (i for i in scope if years[i] == year) if scope is not None else (i for i, y in enumerate(years) if y == year)
    )
    return ((row, weighted(term, "year", "year")) for row in rows)


def sounds_alike(index: SearchIndex, typed: str, meant: str) -> bool:
    """An input-method slip keeps the sound close: same initial or same final (算利/算力, 数据中新/数据中心)."""
    a, b = index.charmaps.reading(typed), index.charmaps.reading(meant)
    return a[:1] == b[:1] or a[-2:] == b[-2:]


def near_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """One character wrong: only tried when nothing else finds the term anywhere, and only where the
    wrong character sounds like the right one, so 人口数量 does not find 港口数量."""
    from rapidfuzz import fuzz

    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    holding, _ = holders(index, pairs)
    for card in set().union(*holding.values()):
        text = index.chinese_text(card)
        found = fuzz.partial_ratio_alignment(term, text, score_cutoff=NEAR_MIN_RATIO)
        if found is None:
            continue
        window = text[found.dest_start : found.dest_end]
        if len(window) == len(term) and all(
            a == b or sounds_alike(index, a, b) for a, b in zip(term, window, strict=True)
        ):
            yield card, Match(term, "chinese", "near", SIGNALS["near"] * found.score / 100)


def term_hits(index: SearchIndex, term: str, scope: Scope = None) -> dict[int, list[Match]]:
    kind = kind_of(term)
    found: list[tuple[int, Match]] = []
    if kind == "latin":
        found += word_hits(index, term, scope)
        found += pinyin_hits(index, term, scope)
    else:
        # English text cannot hold a Chinese term: skip claim_en for those.
        names = [n for n in FIELD_WEIGHTS if n != "claim_en"] if kind == "chinese" else FIELD_WEIGHTS
        found += exact_hits(index, term, names, scope)
    number = pattern(NUMBER).fullmatch(term)
    if number and pattern(YEAR).fullmatch(number[1]):
        found += year_hits(index, term, scope)
    # A slip is only looked for where the term as written is found nowhere; and only a phrase found
    # neither as written nor by sound is worth the slower, looser readings (over the whole deck,
    # since they weigh each piece by how rare it is there).
    if kind == "chinese" and len(term) >= 2 and not found:
        found += homophone_hits(index, term, scope)
        if not found and len(term) >= 3:
            found += near_hits(index, term)
            found += partial_hits(index, term)
    hits: dict[int, list[Match]] = defaultdict(list)
    for card, match in found:
        if scope is None or card in scope:
            hits[card].append(match)
    return hits


def without_stopwords(terms: list[str]) -> list[str]:
    """Question words and particles cut out: 成渝的GDP有多大 → 成渝, gdp."""
    out: list[str] = []
    for term in terms:
        if kind_of(term) == "chinese":
            out.extend(piece for piece in pattern(STOP_SPLIT).split(term) if piece)
        elif term not in STOPWORD_SET:
            out.append(term)
    return out


def alternatives(terms: list[str]) -> list[list[str]]:
    """The ways to read a query; a card keeps its best score over them. Besides the terms as typed:
    without question words, and pinyin typed with spaces (shu ju zhong xin) as one term."""
    options = [terms]
    stripped = without_stopwords(terms)
    if stripped and stripped != terms:
        options.append(stripped)
    for option in list(options):
        latin = [t for t in option if kind_of(t) == "latin"]
        if len(latin) >= 2:
            options.append([t for t in option if kind_of(t) != "latin"] + ["".join(latin)])
    return options


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


def is_blank_query(query: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in fold(query))
