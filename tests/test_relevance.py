"""Floors on search quality from the hand-judged relevance set (benchmarks/relevance.yaml), so a
ranking regression fails CI. The figures themselves come from `benchmarks/relevance.py`."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from cyfacts.index.build import SearchIndex
from cyfacts.model.cards import Deck
from tests.conftest import REPO

OVERALL_HIT1_FLOOR = 0.90
OVERALL_HIT3_FLOOR = 0.95
CATEGORY_HIT1_FLOOR = 0.75


def benchmark(name: str = "relevance") -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(deck: Deck) -> dict[str, dict[str, float]]:
    relevance = benchmark()
    queries = relevance.load_queries()
    assert len(queries) >= 120
    result: dict[str, dict[str, float]] = relevance.evaluate(
        queries, relevance.cyfacts_ranker(SearchIndex.build(deck.cards, config=deck.config))
    )
    return result


def test_overall_floors(figures: dict[str, dict[str, float]]) -> None:
    assert figures["overall"]["hit@1"] >= OVERALL_HIT1_FLOOR
    assert figures["overall"]["hit@3"] >= OVERALL_HIT3_FLOOR


def test_every_category_floor(figures: dict[str, dict[str, float]]) -> None:
    low = {c: f["hit@1"] for c, f in figures.items() if f["hit@1"] < CATEGORY_HIT1_FLOOR}
    assert low == {}


def test_no_unanswerable_query_gets_a_full_answer(figures: dict[str, dict[str, float]]) -> None:
    assert figures["no_answer"]["hit@1"] == 1.0


BLIND_SETS = (
    "blind.yaml",
    "blind2.yaml",
    "blind3.yaml",
    "english4.yaml",
    "blind5.yaml",
    "blind6.yaml",
    "blind7.yaml",
    "blind8.yaml",
    "blind9.yaml",
    "blind10.yaml",
    "blind11.yaml",
)


@pytest.fixture(scope="module", params=BLIND_SETS)
def blind(deck: Deck, request: pytest.FixtureRequest) -> dict[str, dict[str, float]]:
    """A blind set (benchmarks/blind*.yaml), each written from the article alone."""
    module = benchmark("blind")
    queries = module.load_queries(REPO / "benchmarks" / request.param)
    assert len(queries) >= 150
    ranker = module.cyfacts_ranker(SearchIndex.build(deck.cards, config=deck.config))
    result: dict[str, dict[str, float]] = module.evaluate(queries, ranker, {c.id: c for c in deck.cards})
    return result


def test_blind_set_floors(blind: dict[str, dict[str, float]]) -> None:
    assert blind["overall"]["hit@1"] >= OVERALL_HIT1_FLOOR
    low = {c: f["hit@1"] for c, f in blind.items() if f["hit@1"] < CATEGORY_HIT1_FLOOR}
    assert low == {}


def test_no_place_or_year_trap_gets_a_confident_wrong_answer(blind: dict[str, dict[str, float]]) -> None:
    # A place or year trap answered `full` hands a reader another place's or year's figure.
    traps = {c: f["false full"] for c, f in blind.items() if c in ("place_trap", "year_trap")}
    assert set(traps.values()) <= {0}


def test_the_set_covers_every_category(figures: dict[str, dict[str, float]]) -> None:
    assert set(figures) >= {
        "exact",
        "paraphrase",
        "year_topic",
        "slip",
        "traditional",
        "fullwidth",
        "pinyin_full",
        "pinyin_initials",
        "english",
        "no_answer",
        "overall",
    }


def test_no_trap_of_the_first_blind_set_gets_a_full_answer(deck: Deck) -> None:
    module = benchmark("blind")
    ranker = module.cyfacts_ranker(SearchIndex.build(deck.cards, config=deck.config))
    figures = module.evaluate(module.load_queries(), ranker, {c.id: c for c in deck.cards})
    assert figures["overall"]["false full"] == 0
