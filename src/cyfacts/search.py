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
from dataclasses import dataclass, field
from itertools import zip_longest

from cyfacts.filters import Filters
from cyfacts.index import FIELD_WEIGHTS, SearchIndex
from cyfacts.model import Card
from cyfacts.textnorm import CJK, fold

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
HEADLESS = 0.5  # a phrase whose first pair the card lacks is about something else: 人口数量 is not 港口数量
TERM_FLOOR = 0.3  # a term matched more weakly counts as not matched: 成渝 比特币 is not about 成渝
RUNS = re.compile(r"\d+(?:\.\d+)?(?:年|月)|[a-z0-9][a-z0-9.'%\-]*|[^\sa-z0-9.%]+")
NUMBER = re.compile(r"(\d+(?:\.\d+)?)(%|年|月)?")
YEAR = re.compile(r"(?:19|20)\d\d")
LATIN = re.compile(r"[a-z][a-z'\-]*")
# Words that carry no topic, cut out of a query when it is read without them (成渝的GDP有多大 → 成渝, gdp).
CHINESE_STOPWORDS = (
    "的 了 是 有 吗 呢 吧 啊 多少 多大 几个 什么 怎么 怎样 如何 哪些 哪个 为什么 一共 总共 有没有 请问 关于 "
    "好不好 能不能 可不可以 怎么样 多久 多长时间 是否 有哪些 跟 在 到 要 能 把 被 给 从 对 还 都 也 就"
).split()
ENGLISH_STOPWORDS = "the of for in on a an and to how many much what is are was did does do by with about".split()
STOPWORD_SET = frozenset(ENGLISH_STOPWORDS)
STOP_SPLIT = re.compile("|".join(map(re.escape, sorted(CHINESE_STOPWORDS, key=len, reverse=True))))


@dataclass(frozen=True, slots=True)
class Match:
    term: str
    field: str
    how: str
    score: float


@dataclass(frozen=True, slots=True)
class Result:
    card: Card
    score: float
    matches: tuple[Match, ...] = field(default=())


def split_runs(text: str) -> list[str]:
    """Runs of one script, punctuation dropped: '2024粮食，GDP' → 2024, 粮食, gdp."""
    runs: list[str] = []
    for run in RUNS.findall(text):
        pieces = "".join(c if c.isalnum() or c in ".%'-" else " " for c in run).split()
        runs.extend(p.strip(".'-") for p in pieces if any(c.isalnum() for c in p))
    return runs


def query_terms(query: str) -> list[str]:
    return split_runs(fold(query))


def kind_of(term: str) -> str:
    if NUMBER.fullmatch(term):
        return "number"
    if LATIN.fullmatch(term):
        return "latin"
    return "chinese" if CJK.search(term) else "text"


def weighted(term: str, name: str, how: str) -> Match:
    return Match(term, name, how, FIELD_WEIGHTS.get(name, 1.0) * SIGNALS[how])


def exact_hits(index: SearchIndex, term: str, names: Iterable[str]) -> Iterable[tuple[int, Match]]:
    pattern = re.compile(re.escape(term))
    for name in names:
        for card in index.fields[name].cards_matching(pattern):
            yield card, weighted(term, name, "exact")


def word_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """English words match whole, or as a word's beginning (price → prices), never inside a word."""
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(term)}([a-z0-9]?)")
    for name in ("claim_en", "tags"):
        blob = index.fields[name]
        for match in blob.positions(pattern):
            if not match.group(1):
                yield blob.card_at(match.start()), weighted(term, name, "word")
            elif len(term) >= MIN_PREFIX:
                yield blob.card_at(match.start()), weighted(term, name, "prefix")


def pinyin_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    letters = term.replace("'", "").replace("-", "")
    # Any split into syllables: suanli matches 'suan'li', xian matches 'xi'an' and 'xian'.
    full = re.compile("'" + "'?".join(map(re.escape, letters)) + "'")
    initials = re.compile(re.escape(letters))
    for name, sounds in index.sounds.items():
        for match in sounds.pinyin.positions(full):
            # A lone syllable (shu, li) has too many homophones to mean anything on its own.
            if match.group().count("'") >= 3:
                yield sounds.pinyin.card_at(match.start()), weighted(term, name, "pinyin")
        if len(letters) >= 3:
            yield from ((card, weighted(term, name, "initials")) for card in sounds.initials.cards_matching(initials))


def homophone_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    syllables = [index.charmaps.reading(c) for c in term]
    pattern = re.compile(re.escape("'" + "'".join(syllables) + "'"))
    for name, sounds in index.sounds.items():
        yield from ((card, weighted(term, name, "homophone")) for card in sounds.pinyin.cards_matching(pattern))


def deck_share(index: SearchIndex, unit: str) -> set[int]:
    return index.chinese.cards_matching(re.compile(re.escape(unit)))


def partial_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """A phrase of the user's own (工业产值增长) against the card's words: the share of its character
    pairs (and, less, single characters) that the card holds, each weighted by how rare it is in the
    deck, so 成渝 counts little and 水质 much. Pieces the deck never uses say nothing about which
    card is meant, but a phrase made mostly of them is only weakly answered."""
    pairs = {term[i : i + 2] for i in range(len(term) - 1)}
    units = {unit: deck_share(index, unit) for unit in pairs | set(term) if CJK.match(unit)}
    known = {unit: cards for unit, cards in units.items() if cards}
    if not known:
        return
    total = len(index.columns.ids) + 1
    weight = {u: math.log(total / (len(c) + 0.5)) * (1.0 if len(u) == 2 else UNIGRAM_WEIGHT) for u, c in known.items()}
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


def year_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    year = int(term[:4])
    return ((i, weighted(term, "year", "year")) for i, card_year in enumerate(index.columns.years) if card_year == year)


def sounds_alike(index: SearchIndex, typed: str, meant: str) -> bool:
    """An input-method slip keeps the sound close: same initial or same final (算利/算力, 数据中新/数据中心)."""
    a, b = index.charmaps.reading(typed), index.charmaps.reading(meant)
    return a[:1] == b[:1] or a[-2:] == b[-2:]


def near_hits(index: SearchIndex, term: str) -> Iterable[tuple[int, Match]]:
    """One character wrong: only tried when nothing else finds the term anywhere, and only where the
    wrong character sounds like the right one, so 人口数量 does not find 港口数量."""
    from rapidfuzz import fuzz

    bigrams = {term[i : i + 2] for i in range(len(term) - 1)}
    candidates = set().union(*(index.chinese.cards_matching(re.compile(re.escape(b))) for b in bigrams))
    for card in candidates:
        text = index.chinese.card_text(card)
        found = fuzz.partial_ratio_alignment(term, text, score_cutoff=NEAR_MIN_RATIO)
        if found is None:
            continue
        window = text[found.dest_start : found.dest_end]
        similar = all(a == b or sounds_alike(index, a, b) for a, b in zip(term, window, strict=True))
        if len(window) == len(term) and similar:
            yield card, Match(term, "chinese", "near", SIGNALS["near"] * found.score / 100)


def term_hits(index: SearchIndex, term: str) -> dict[int, list[Match]]:
    kind = kind_of(term)
    found: list[tuple[int, Match]] = []
    if kind == "latin":
        found += word_hits(index, term)
        found += pinyin_hits(index, term)
    else:
        found += exact_hits(index, term, FIELD_WEIGHTS)
    number = NUMBER.fullmatch(term)
    if number and YEAR.fullmatch(number[1]):
        found += year_hits(index, term)
    if kind == "chinese" and len(term) >= 2:
        found += homophone_hits(index, term)
        if len(term) >= 3:
            if not found:
                found += near_hits(index, term)
            found += partial_hits(index, term)
    hits: dict[int, list[Match]] = defaultdict(list)
    for card, match in found:
        hits[card].append(match)
    return hits


def without_stopwords(terms: list[str]) -> list[str]:
    """Question words and particles cut out: 成渝的GDP有多大 → 成渝, gdp."""
    out: list[str] = []
    for term in terms:
        if kind_of(term) == "chinese":
            out.extend(piece for piece in STOP_SPLIT.split(term) if piece)
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


def rank(index: SearchIndex, terms: list[str], filters: Filters) -> list[tuple[float, float, Result]]:
    per_term = [term_hits(index, term) for term in terms]
    # A lone Chinese character (钱, 拿) says less than a word: it counts half.
    weights = [0.5 if kind_of(term) == "chinese" and len(term) == 1 else 1.0 for term in terms]
    scored = []
    for card in set().union(*per_term):
        if not filters.accepts_row(index.columns, card):
            continue
        best = [max(hits[card], key=lambda m: m.score) if card in hits else None for hits in per_term]
        best = [m if m and m.score >= TERM_FLOOR else None for m in best]
        score = 100.0 * sum(w * m.score for w, m in zip(weights, best, strict=True) if m) / sum(weights)
        evidence = sum(m.score for hits in per_term for m in hits.get(card, ()))
        result = Result(index.cards[card], round(score, 1), tuple(m for m in best if m))
        scored.append((score, evidence, result))
    return scored


def ranked(index: SearchIndex, terms: list[str], filters: Filters) -> list[tuple[float, float, Result]]:
    """Every card that any reading of the terms finds, best first, with its best score."""
    best: dict[str, tuple[float, float, Result]] = {}
    for option in alternatives(terms):
        for score, evidence, result in rank(index, option, filters):
            if result.card.id not in best or (score, evidence) > best[result.card.id][:2]:
                best[result.card.id] = (score, evidence, result)
    return sorted(best.values(), key=lambda item: (-item[0], -item[1], item[2].card.id))


def each_term_answered(index: SearchIndex, terms: list[str], filters: Filters) -> list[Result]:
    """Terms that no one card answers together (存款 贷款): each term's own answers, taken in turn."""
    per_term = [[r for s, _, r in ranked(index, [term], filters) if s >= MIN_SCORE] for term in terms]
    if len(terms) < 2 or not all(per_term):
        return []
    merged: dict[str, Result] = {}
    for row in zip_longest(*per_term):
        for result in row:
            if result is not None and result.card.id not in merged:
                merged[result.card.id] = result
    return list(merged.values())


def search(index: SearchIndex, query: str, filters: Filters | None = None, limit: int | None = None) -> list[Result]:
    filters = filters or Filters()
    terms = split_runs(index.charmaps.simplify(fold(query)))
    if not terms:
        return []
    results = [result for score, _, result in ranked(index, terms, filters) if score >= MIN_SCORE]
    if not results:
        results = each_term_answered(index, terms, filters)
    return results[:limit] if limit is not None else results


def is_blank_query(query: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in fold(query))
