"""The bundled deck against its source article: every quote verbatim, every number carried, every
card in the section the article's structure gives it (the layout put some paragraphs out of order)."""

from __future__ import annotations

import re

import pytest

from cyfacts.deck.checks import check_deck, quote_years
from cyfacts.model.cards import Card, Deck
from cyfacts.model.text import has_cjk, has_latin, squash
from tests.cards import by_id

SOURCE_ID = "chengyu-twin-city-2025"
# Where each stretch of the (white-space-free) article begins, in text order, and whose answer it is.
# The page layout misplaced three stretches; the issue that describes the deck says where they belong.
STRETCHES: tuple[tuple[str, str], ...] = (
    ("", "导语"),
    ("##加快构建特色产业体系", "加快构建特色产业体系"),
    ("##坚持深化科技协同创新", "坚持深化科技协同创新"),
    # The fourth part of the industry answer stands inside the innovation section; the paragraph after
    # it (当前，全球产业体系…) closes the industry answer by its content, so the stretch runs on to it.
    ("现代高效特色农业加快培育", "加快构建特色产业体系"),
    ("##合力打造国际消费目的地", "合力打造国际消费目的地"),
    ("##持续推进生态共建共保", "持续推进生态共建共保"),
    # The last three paragraphs of the text belong to the consumption answer.
    ("构建多元融合的消费业态", "合力打造国际消费目的地"),
)
ALIASES = {"成渝", "川渝", "双城经济圈"}
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Numbers in the article that no card needs to carry: none. (Kept as an explicit, empty list so an
# exception has to be argued for here, in a comment, rather than slip in.)
UNCARRIED_NUMBERS: set[str] = set()
MAX_QUOTE_CHARS = 80


@pytest.fixture(scope="module")
def text(article: str) -> str:
    return squash(article)


@pytest.fixture(scope="module")
def cards(deck: Deck) -> tuple[Card, ...]:
    return tuple(c for c in deck.cards if c.source == SOURCE_ID)


def occurrences(needle: str, haystack: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), haystack)]


def section_at(position: int, text: str) -> str:
    section = STRETCHES[0][1]
    for marker, heading in STRETCHES:
        start = text.find(marker)
        assert start != -1, f"marker {marker!r} not found in the article"
        if start <= position:
            section = heading
    return section


def test_deck_is_complete_and_validates(deck: Deck, cards: tuple[Card, ...]) -> None:
    assert 100 <= len(cards) <= 180
    assert check_deck(deck) == []


def test_every_quote_occurs_verbatim(cards: tuple[Card, ...], text: str) -> None:
    missing = [c.id for c in cards if squash(c.quote) not in text]
    assert missing == []


def test_quotes_are_short_spans(cards: tuple[Card, ...]) -> None:
    assert [c.id for c in cards if len(squash(c.quote)) > MAX_QUOTE_CHARS] == []


def test_claims_are_in_our_own_words(cards: tuple[Card, ...], text: str) -> None:
    copied = [c.id for c in cards if squash(c.claim).rstrip("。") in text or c.claim == c.quote]
    assert copied == []


def test_each_card_sits_in_the_section_its_paragraph_belongs_to(deck: Deck, cards: tuple[Card, ...], text: str) -> None:
    source = deck.sources[SOURCE_ID]
    wrong = []
    for card in cards:
        sections = {section_at(p, text) for p in occurrences(squash(card.quote), text)}
        section = source.section(card.section)
        expert = section.expert.name if section and section.expert else None
        if card.section not in sections or card.speaker != expert:
            wrong.append((card.id, card.section, sorted(sections)))
    assert wrong == []


def test_cards_from_misplaced_paragraphs_say_where_they_were_placed(cards: tuple[Card, ...], text: str) -> None:
    moved = [("现代高效特色农业加快培育", "##合力打造国际消费目的地"), ("构建多元融合的消费业态", None)]
    for start_marker, end_marker in moved:
        start = text.find(start_marker)
        end = text.find(end_marker) if end_marker else len(text)
        inside = [c for c in cards if any(start <= p < end for p in occurrences(squash(c.quote), text))]
        assert inside, start_marker
        assert [c.id for c in inside if not c.note] == []


def test_year_agrees_with_the_quote(cards: tuple[Card, ...]) -> None:
    wrong = []
    for card in cards:
        quote = squash(card.quote)
        years = quote_years(quote)
        if not card.year_inferred and card.year not in years:
            wrong.append((card.id, "year"))
        month = re.search(r"(\d{4})年(\d{1,2})月", quote)
        if month and card.as_of != f"{month[1]}-{int(month[2]):02d}":
            wrong.append((card.id, "as_of"))
        if card.as_of and not month and f"{card.as_of[:4]}年底" not in quote:
            wrong.append((card.id, "as_of without a month in the quote"))
    assert wrong == []


def test_every_number_in_the_article_is_carried_by_a_card(cards: tuple[Card, ...], text: str) -> None:
    spans = [(p, p + len(squash(c.quote))) for c in cards for p in occurrences(squash(c.quote), text)]
    uncarried = [
        (m.group(), text[max(0, m.start() - 8) : m.end() + 4])
        for m in NUMBER.finditer(text)
        if m.group() not in UNCARRIED_NUMBERS and not any(a <= m.start() and m.end() <= b for a, b in spans)
    ]
    assert uncarried == []


def test_tags_are_bilingual_and_carry_the_aliases_people_type(cards: tuple[Card, ...]) -> None:
    for card in cards:
        assert any(has_cjk(t) for t in card.tags), card.id
        assert any(has_latin(t) for t in card.tags), card.id
        assert ALIASES & set(card.tags), card.id
        # English for readers without Chinese; a Chinese name may stand in brackets beside its translation.
        assert has_latin(card.claim_en), card.id
        assert len(CJK_CHAR.findall(card.claim_en)) <= 8, card.id


@pytest.mark.parametrize(
    ("card_id", "tag"),
    [
        ("lead-gdp-2024", "GDP"),
        ("lead-gdp-2024", "经济规模"),
        ("ind-computing-power-2025-08", "computing power"),
        ("ind-grain-output-2024", "grain output"),
        ("ind-data-centers-2025-08", "data centers"),
        ("ind-deposits-2024", "deposits"),
    ],
)
def test_cards_carry_what_people_type(deck: Deck, card_id: str, tag: str) -> None:
    card = by_id(deck, card_id)
    assert card is not None
    assert tag.casefold() in {t.casefold() for t in card.tags}


@pytest.mark.parametrize(
    ("card_id", "value", "normalized", "base_unit", "qualifier"),
    [
        ("lead-gdp-2019", "6.4", 6.4e12, "CNY", "under"),
        ("lead-gdp-2024", "8.7", 8.7e12, "CNY", None),
        ("ind-grain-output-2024", "3811.6", 3.8116e7, "t", None),
        ("ind-electronics-cluster-share-2024", "10.6", 0.106, "ratio", None),
        ("ind-computing-power-2025-08", "20000", 20000.0, "P", "over"),
        ("eco-new-afforestation-over-2-million-mu", "200", 2e6, "mu", "over"),
        ("inn-international-partners-80-countries", "80", 80.0, "count", "more_than"),
    ],
)
def test_key_figures(
    deck: Deck, card_id: str, value: str, normalized: float, base_unit: str, qualifier: str | None
) -> None:
    card = by_id(deck, card_id)
    assert card is not None
    (figure,) = [f for f in card.figures if f.value == value]
    assert figure.normalized == pytest.approx(normalized)
    assert (figure.base_unit, figure.qualifier) == (base_unit, qualifier)


def test_cut_off_sentence_is_quoted_only_as_far_as_it_goes(cards: tuple[Card, ...]) -> None:
    cut = [c for c in cards if squash(c.quote).endswith("消费枢纽快速直")]
    assert cut, "the cut-off consumption sentence should have a card"
    assert all(c.note and "中断" in c.note for c in cut)
