import pytest

from cyfacts.filters import Filters
from cyfacts.search import SearchIndex, bigrams, query_terms, term_score


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("算力", ["算力"]),
        ("2024 粮食", ["2024", "粮食"]),
        ("2024粮食", ["2024", "粮食"]),
        ("电子信息 占全国比重", ["电子信息", "占全国比重"]),
        ("ＰＭ２．５", ["pm2.5"]),
        ("Computing Power", ["computing", "power"]),
        ("   ", []),
        ("，。、", []),
    ],
)
def test_query_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [("算力", "算力总规模", 1.0), ("算力", "", 0.0), ("数据中心", "数据中间心", 0.8 * 2 / 3), ("力", "算法", 0.0)],
)
def test_term_score(term: str, text: str, expected: float) -> None:
    assert term_score(term, text, bigrams(text)) == pytest.approx(expected)


@pytest.fixture(scope="module")
def index(deck) -> SearchIndex:  # type: ignore[no-untyped-def]
    return SearchIndex.build(deck.cards)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("算力", {"ind-computing-power-2025-08"}),
        ("粮食总产量", {"ind-grain-output-2024"}),
        ("2019 经济总量", {"lead-gdp-2019"}),
        ("GDP 2024", {"lead-gdp-2024"}),
        ("computing power", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
    ],
)
def test_best_result(index: SearchIndex, query: str, best: set[str]) -> None:
    assert index.search(query)[0].card.id in best


@pytest.mark.parametrize("query", ["比特币", "bitcoin price", "qwxzvb"])
def test_unanswerable_queries_return_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query) == []


def test_filters_and_limit_combine_with_ranking(index: SearchIndex) -> None:
    results = index.search("成渝", Filters.build(theme="ecology"), limit=3)
    assert len(results) == 3
    assert {r.card.theme for r in results} == {"ecology"}


def test_equal_scores_are_ordered_by_id(index: SearchIndex) -> None:
    results = index.search("存款")
    scores = [(-r.score, r.card.id) for r in results]
    assert scores == sorted(scores)
