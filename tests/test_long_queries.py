"""A long query costs what a few ordinary terms cost (issue 13, item 13): repeated terms are read
once, at most MAX_TERMS distinct terms and MAX_CHINESE_CHARS Chinese characters are read, and the
user is told what was left out."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cyfacts.index.build import SearchIndex
from cyfacts.model.cards import Deck
from cyfacts.model.text import fold
from cyfacts.search import evidence, matching, ranking
from cyfacts.search.query import (
    MAX_CHINESE_CHARS,
    MAX_TERM_CHARS,
    MAX_TERMS,
    distinct_pieces,
    query_terms,
    read_and_unread,
    read_query,
)
from cyfacts.search.terms import Term
from tests.cards import card, write_deck
from tests.runner import invoke

rng = random.Random(13)
RANDOM_CHINESE = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(500))
LETTERS = "bcdefghijklmnopqrstuvwxyz"  # not "a": a stop word, which costs nothing and is never counted


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        (" ".join(["a"] * 250), ["a"]),
        ("算力 算力 2024 算力 2024", ["算力", "2024"]),
        (" ".join(LETTERS[: MAX_TERMS + 4]), list(LETTERS[:MAX_TERMS])),
        ("a b the c", ["a", "b", "the", "c"]),
        ("成渝地区双城经济圈2019年的经济总量", ["成渝地区双城经济圈", "2019年", "的经济总量"]),
    ],
    ids=["a-x250", "repeats", "many-letters", "stop-words", "ordinary"],
)
def test_query_terms_are_distinct_and_capped(query: str, terms: list[str]) -> None:
    assert query_terms(fold(query)) == terms


def test_what_is_left_out_is_told() -> None:
    read, unread = read_and_unread(fold(" ".join(LETTERS[: MAX_TERMS + 4]) + " b c"))
    assert (read, unread) == (list(LETTERS[:MAX_TERMS]), list(LETTERS[MAX_TERMS : MAX_TERMS + 4]))
    read, unread = read_and_unread(RANDOM_CHINESE)
    assert read[0] == RANDOM_CHINESE[:MAX_TERM_CHARS]
    assert sum(map(len, read)) <= MAX_CHINESE_CHARS
    assert sorted(read + unread) == sorted(distinct_pieces(RANDOM_CHINESE))


@pytest.fixture(scope="module")
def index(deck: Deck) -> SearchIndex:
    return SearchIndex.build(deck.cards)


@pytest.mark.parametrize(
    "query",
    [" ".join(["a"] * 250), (" ".join("abcdefghijklmnopqrstuvwxyz") * 10)[:500], RANDOM_CHINESE, "suanli " * 70],
    ids=["a-x250", "letters", "random-chinese", "pinyin-x70"],
)
def test_a_long_query_looks_each_term_up_a_bounded_number_of_times(
    index: SearchIndex, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost of a search is its term lookups over the whole index: a 500-character query makes
    no more than a short one does (each term once over the whole deck, and once more within the
    cards a rare term already found)."""
    calls: list[Term] = []

    def counted(index: SearchIndex, term: Term, scope: evidence.Scope = None) -> dict[int, list[evidence.Match]]:
        calls.append(term)
        return matching.term_hits(index, term, scope)

    monkeypatch.setattr(ranking, "term_hits", counted)
    ranking.search(index, query, limit=10)
    assert len(calls) <= 2 * MAX_TERMS


def test_the_command_says_which_terms_it_left_out(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})
    words = ["GDP", "经济总量", "2024", "economic", "output", "trillion", *LETTERS[: MAX_TERMS - 3]]
    result = invoke("--facts", str(deck), "--lang", "en", "search", " ".join(words), "--json")
    left_out = ", ".join(LETTERS[MAX_TERMS - 6 : MAX_TERMS - 3])
    assert result.stderr.splitlines(keepends=True)[0] == (
        f"cyfacts: a query is read for at most {MAX_TERMS} distinct terms and {MAX_CHINESE_CHARS} Chinese "
        f"characters; not searched: {left_out}\n"
    )
    assert invoke("--facts", str(deck), "search", " ".join(["GDP"] * 120), "--json").stderr == ""
    said = invoke("--facts", str(deck), "--lang", "zh", "search", " ".join(words), "--json").stderr
    assert (
        said.splitlines(keepends=True)[0]
        == f"cyfacts: 查询最多读取 {MAX_TERMS} 个不同的词和 {MAX_CHINESE_CHARS} 个汉字；未查：{left_out}\n"
    )


def test_a_piece_left_unread_is_missing_unless_the_card_answers_it_as_written(index: SearchIndex) -> None:
    query = "twin city economic circle output 2019 2024 gdp"
    assert read_query(query, index).unread == ("2024", "gdp")
    found = {r.card.id: r for r in ranking.find(index, query).results}
    # The 2019 card writes GDP, but its year is not 2024 (a year is the card's, not a number in it).
    assert found["lead-gdp-2019"].missing == ("2024",)
    assert found["ind-grain-output-2024"].missing == ("2019", "gdp")
    assert all(r.coverage == "partial" for r in found.values())
    assert ranking.find(index, query, strict=True).results == []


def test_a_long_question_answered_in_full_is_whole(index: SearchIndex) -> None:
    # 18 characters: cut after 和, not inside 地区; the question for a count is always read, and the
    # pieces past six terms are written in the card.
    query = "西部陆海新通道通达了多少个国家和地区"
    assert read_query(query, index).unread == ("新", "地区")
    first = ranking.find(index, query, strict=True).results[0]
    assert (first.card.id, first.coverage, first.missing) == ("ind-land-sea-corridor-countries-2024", "full", ())


def test_a_place_typed_last_is_read_however_many_terms_come_before_it() -> None:
    # The region's 29 data centres are no answer for Chengdu: 成都 must be read, not cut as the 7th term.
    query = "how many data centres had been built by August 2025 in Chengdu"
    result = invoke("--lang", "en", "search", query, "--json")
    assert result.stderr.splitlines()[0] == (
        "cyfacts: the query has too many distinct terms (6 are read); not read: “2025”"
    )
    first = result.json()[0]
    assert (first["id"], first["coverage"]) == ("ind-data-centers-2025-08", "partial")
    assert "Chengdu" in first["missing"]


def test_an_answer_that_writes_every_piece_not_read_comes_before_one_that_does_not() -> None:
    # 港口 is past the limit of terms: the ports card writes it, the countries card beside it does not.
    found = invoke("截至2024年底西部陆海新通道通达多少港口", "--json").json()
    assert [(r["id"], r["coverage"]) for r in found[:2]] == [
        ("ind-land-sea-corridor-ports-2024", "full"),
        ("ind-land-sea-corridor-countries-2024", "partial"),
    ]


def test_the_words_of_a_place_name_do_not_push_the_topic_out(deck: Deck) -> None:
    # Six words name the region: its name is one term, and "total output" is still read.
    placed = SearchIndex.build(deck.cards, config=deck.config)
    reading = read_query("Chengdu–Chongqing twin city economic circle total output", placed)
    assert [t.text for t in reading.terms if t.kind != "place"] == ["total", "output"]
    assert reading.unread == ()
