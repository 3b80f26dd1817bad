import pytest

from cyfacts.index.build import SearchIndex, initials_string, syllable_string
from cyfacts.model.cards import Deck
from cyfacts.model.text import fold
from cyfacts.search.filters import Filters
from cyfacts.search.query import alternatives, is_blank_query, kind_of, split_runs, without_stopwords
from cyfacts.search.ranking import search


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("算力", ["算力"]),
        ("2024 粮食", ["2024", "粮食"]),
        ("2024粮食", ["2024", "粮食"]),
        ("2025年8月算力", ["2025年", "8月", "算力"]),
        ("电子信息 占全国比重", ["电子信息", "占全国比重"]),
        ("ＰＭ２．５", ["pm2.5"]),
        ("Computing Power", ["computing", "power"]),
        ("“东数西算”工程", ["东数西算", "工程"]),
        ("10.6%", ["10.6%"]),
        ("   ", []),
        ("，。、", []),
    ],
)
def test_split_runs(query: str, terms: list[str]) -> None:
    assert split_runs(fold(query)) == terms


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        ("2024", "number"),
        ("10.6%", "number"),
        ("2025年", "number"),
        ("suanli", "latin"),
        ("算力", "chinese"),
        ("pm2.5", "text"),
    ],
)
def test_kind_of(term: str, kind: str) -> None:
    assert kind_of(term) == kind


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (["成渝的gdp有多大"], ["成渝", "gdp"]),
        (["数据中心有多少个"], ["数据中心", "个"]),
        (["tax", "refund", "for", "tourists"], ["tax", "refund", "tourists"]),
        (["碳中和"], ["碳中和"]),
    ],
)
def test_without_stopwords(terms: list[str], expected: list[str]) -> None:
    assert without_stopwords(terms) == expected


def test_alternatives_join_spaced_pinyin() -> None:
    assert alternatives(["shu", "ju", "zhong", "xin"]) == [["shu", "ju", "zhong", "xin"], ["shujuzhongxin"]]
    assert alternatives(["算力"]) == [["算力"]]


def test_sound_strings() -> None:
    assert syllable_string(["suan", "li", " ", "zong"]) == "'suan'li'zong'"
    assert initials_string("数据 中心", ["shu", "ju", " ", "zhong", "xin"]) == "sj|zx"


@pytest.mark.parametrize(("query", "blank"), [("", True), ("  　", True), ("？！…", True), ("算", False), ("a", False)])
def test_is_blank_query(query: str, blank: bool) -> None:
    assert is_blank_query(query) is blank


@pytest.fixture(scope="module")
def index(deck: Deck) -> SearchIndex:
    return SearchIndex.build(deck.cards)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("算力", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("粮食总产量", {"ind-grain-output-2024"}),
        ("2019 经济总量", {"lead-gdp-2019"}),
        ("GDP 2024", {"lead-gdp-2024"}),
        ("computing power", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("算利", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),  # homophone slip
        ("數據中心", {"ind-data-centers-2025-08", "ind-computing-power-2025-08"}),  # traditional
        ("suanli", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("shu ju zhong xin", {"ind-data-centers-2025-08", "ind-computing-power-2025-08"}),
        ("lszcl", {"ind-grain-output-2024"}),  # initials of 粮食总产量
        ("ＰＭ２．５", {"eco-pm25-decline-2024"}),
        ("成渝的GDP有多大", {"lead-gdp-2019", "lead-gdp-2024"}),
    ],
)
def test_best_result(index: SearchIndex, query: str, best: set[str]) -> None:
    assert search(index, query)[0].card.id in best


@pytest.mark.parametrize("query", ["比特币", "bitcoin price", "qwxzvb", "算法", "成渝 比特币"])
def test_unanswerable_queries_return_nothing(index: SearchIndex, query: str) -> None:
    assert search(index, query) == []


def test_terms_that_no_card_answers_together_are_answered_in_turn(index: SearchIndex) -> None:
    ids = [r.card.id for r in search(index, "存款 贷款", limit=4)]
    assert any("deposits" in i for i in ids[:2])
    assert any("loans" in i for i in ids[:2])


def test_filters_and_limit_combine_with_ranking(index: SearchIndex) -> None:
    results = search(index, "成渝", Filters.build(theme="ecology"), limit=3)
    assert len(results) == 3
    assert {r.card.theme for r in results} == {"ecology"}


def test_equal_scores_are_ordered_deterministically(index: SearchIndex) -> None:
    first = [(r.card.id, r.score) for r in search(index, "川渝")]
    assert first == [(r.card.id, r.score) for r in search(index, "川渝")]
    scores = [r.score for r in search(index, "川渝")]
    assert scores == sorted(scores, reverse=True)


def test_matches_explain_the_score(index: SearchIndex) -> None:
    (top, *_) = search(index, "2024 粮食")
    assert {(m.term, m.how) for m in top.matches} >= {("粮食", "exact")}
    assert any(m.term == "2024" for m in top.matches)
