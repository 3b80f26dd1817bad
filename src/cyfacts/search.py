"""Ranking cards against a query: Chinese substring and character n-gram matching, per field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cyfacts.filters import Filters
from cyfacts.model import Card
from cyfacts.textnorm import fold

# How much a hit in each field says about the card: its own words and keywords count most.
FIELD_WEIGHTS: dict[str, float] = {
    "claim": 1.0,
    "tags": 1.0,
    "claim_en": 0.95,
    "quote": 0.9,
    "subsection": 0.7,
    "section": 0.6,
    "figures": 0.9,
}
MIN_SCORE = 55.0
TERM_SPLIT = re.compile(r"[\s,，、;；]+")
SCRIPT_RUNS = re.compile(r"[0-9.]+%?|[a-z][a-z0-9.\-']*|[^\sa-z0-9.%]+")
YEAR_TERM = re.compile(r"(19|20)\d{2}年?")


@dataclass(frozen=True, slots=True)
class IndexedCard:
    card: Card
    fields: dict[str, str]
    bigrams: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Match:
    field: str
    term: str
    score: float


@dataclass(frozen=True, slots=True)
class Result:
    card: Card
    score: float
    matches: tuple[Match, ...] = field(default=())


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def card_fields(card: Card) -> dict[str, str]:
    figures = " ".join(f"{f.value}{f.unit} {f.metric or ''}" for f in card.figures)
    raw = {
        "claim": card.claim,
        "tags": " | ".join(card.tags),
        "claim_en": card.claim_en,
        "quote": card.quote,
        "subsection": card.subsection or "",
        "section": card.section,
        "figures": figures,
    }
    return {name: fold(text) for name, text in raw.items()}


def index_card(card: Card) -> IndexedCard:
    fields = card_fields(card)
    return IndexedCard(card, fields, {name: bigrams(text) for name, text in fields.items()})


def query_terms(query: str) -> list[str]:
    """Split on spaces and punctuation, then between scripts: 2024粮食 → 2024, 粮食."""
    terms: list[str] = []
    for chunk in TERM_SPLIT.split(fold(query)):
        terms.extend(run for run in SCRIPT_RUNS.findall(chunk) if any(char.isalnum() for char in run))
    return terms


def term_score(term: str, text: str, text_bigrams: frozenset[str]) -> float:
    """1.0 for an exact substring; otherwise the share of the term's bigrams found, discounted."""
    if not text:
        return 0.0
    if term.isascii() and term.isalpha():
        return latin_word_score(term, text)
    if term in text:
        return 1.0
    if len(term) < 2:
        return 0.0
    term_bigrams = bigrams(term)
    shared = len(term_bigrams & text_bigrams) / len(term_bigrams)
    return 0.8 * shared if len(term) >= 4 else 0.6 * shared


def latin_word_score(word: str, text: str) -> float:
    """English words match whole (1.0) or as a word's beginning (0.85: price → prices), never inside a word."""
    start = text.find(word)
    while start != -1:
        if start == 0 or not text[start - 1].isalnum():
            end = start + len(word)
            return 1.0 if end == len(text) or not text[end].isalnum() else 0.85
        start = text.find(word, start + 1)
    return 0.0


def best_match(entry: IndexedCard, term: str) -> Match:
    best = Match("", term, 0.0)
    for name, weight in FIELD_WEIGHTS.items():
        score = weight * term_score(term, entry.fields[name], entry.bigrams[name])
        if score > best.score:
            best = Match(name, term, score)
    return best


def year_bonus(card: Card, terms: list[str]) -> float:
    years = [int(t[:4]) for t in terms if YEAR_TERM.fullmatch(t)]
    return 5.0 if years and card.year in years else 0.0


def score_card(entry: IndexedCard, terms: list[str]) -> Result:
    matches = tuple(best_match(entry, term) for term in terms)
    score = 100.0 * sum(m.score for m in matches) / len(matches)
    return Result(
        entry.card,
        round(min(100.0, score + year_bonus(entry.card, terms)), 1),
        tuple(m for m in matches if m.score > 0),
    )


@dataclass(frozen=True)
class SearchIndex:
    entries: tuple[IndexedCard, ...]

    @classmethod
    def build(cls, cards: tuple[Card, ...]) -> SearchIndex:
        return cls(tuple(index_card(card) for card in cards))

    def search(self, query: str, filters: Filters | None = None, limit: int | None = None) -> list[Result]:
        filters = filters or Filters()
        terms = query_terms(query)
        if not terms:
            return []
        results = [score_card(e, terms) for e in self.entries if filters.matches(e.card)]
        ranked = sorted((r for r in results if r.score >= MIN_SCORE), key=lambda r: (-r.score, r.card.id))
        return ranked[:limit] if limit is not None else ranked
