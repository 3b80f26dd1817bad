from pathlib import Path

import pytest

from cyfacts.deck.loader import load_deck
from cyfacts.errors import DeckNotFoundError
from tests.cards import card, write_deck


def test_valid_card_becomes_a_frozen_typed_value(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path, {"demo-gdp-2024": card()}))
    assert deck.problems == ()
    (loaded,) = deck.cards
    assert loaded.year == 2024
    assert loaded.figures[0].normalized == 8.7e12
    assert loaded.figures[0].base_unit == "CNY"
    assert loaded.tags == ("经济总量", "GDP")
    assert loaded.path == "tmp/demo/demo-gdp-2024.yaml".replace("tmp", tmp_path.name)
    with pytest.raises(AttributeError):
        loaded.year = 2000  # type: ignore[misc]


@pytest.mark.parametrize(
    ("replace", "line", "message"),
    [
        ({"claim": ""}, 1, "missing required field 'claim'"),
        ({"year": "year: '2024'"}, 9, "field 'year' must be a whole number, not text"),
        ({"year": "year: 012"}, 9, "write it in plain digits"),
        ({"year": "year: 20:24"}, 9, "write it in plain digits"),
        (
            {"year": "year: 202508"},
            9,
            'year 202508 is not a four-digit year; for a month write year: 2025 and as_of: "2025-08"',
        ),
        ({"year": "year: 99999"}, 9, "year 99999 is not a four-digit year"),
        ({"year": "year: 0"}, 9, "year 0 is not a four-digit year"),
        ({"theme": "theme: economy"}, 8, "use one of: overview, industry, innovation, consumption, ecology"),
        ({"kind": "kind: fact"}, 10, "use one of: figure, event"),
        ({"claim": "claim: no"}, 2, "field 'claim' must be text, not true/false; quote this value"),
        ({"claim": "claim: 2025-08-01"}, 2, "not a date; quote this value"),
        ({"quote": "quote: 12:30"}, 4, "not a number; quote this value"),
        ({"tags": "tags: GDP"}, 14, "must be a non-empty list of text"),
        ({"tags": "tags: []"}, 14, "must be a non-empty list of text"),
        ({"claimm": "claimm: x"}, 15, "unknown field 'claimm' (did you mean 'claim'?)"),
        ({"id": "id: Demo_GDP"}, 1, "must be a lowercase slug"),
        ({"as_of": "as_of: 2024-08-01"}, 15, "field 'as_of' must be text, not a date; quote this value"),
        ({"as_of": "as_of: '2024-8'"}, 15, "must be YYYY-MM"),
        ({"figures": "figures: 8.7"}, 11, "field 'figures' must be a list"),
        (
            {"figures": 'figures:\n  - value: "8.7"\n    unit: 万亿元\n    qualifier: roughly'},
            14,
            "use one of: over, under",
        ),
        (
            {"figures": 'figures:\n  - valeu: "8.7"\n    unit: 万亿元'},
            12,
            "unknown field 'valeu' (did you mean 'value'?)",
        ),
        (
            {"figures": "figures:\n  - value: 8.7\n    unit: 万亿元"},
            12,
            "field 'value' must be text, not a number; quote this value",
        ),
        ({"figures": 'figures:\n  - value: "八点七"\n    unit: 万亿元'}, 12, "figure value '八点七': not a number"),
        ({"figures": 'figures:\n  - value: "1e9999999"\n    unit: 元'}, 12, "figure value '1e9999999': out of range"),
        ({"figures": 'figures:\n  - value: "1e400"\n    unit: 元'}, 12, "figure value '1e400': out of range"),
    ],
)
def test_broken_card_is_skipped_with_a_located_reason(
    tmp_path: Path, replace: dict[str, str], line: int, message: str
) -> None:
    good = card("demo-good")
    deck = load_deck(write_deck(tmp_path, {"demo-bad": card("demo-bad", **replace), "demo-good": good}))
    assert [c.id for c in deck.cards] == ["demo-good"]
    assert deck.skipped == 1
    (problem,) = [p for p in deck.problems if message in p.message]
    assert problem.path.endswith("demo/demo-bad.yaml")
    assert problem.line == line


def test_a_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path, {"demo-list": "- id: a\n- id: b\n"}))
    assert deck.cards == ()
    assert "a card must be a mapping of fields, not a list" in deck.problems[0].message


def test_duplicate_ids_keep_the_first_file(tmp_path: Path) -> None:
    deck = load_deck(write_deck(tmp_path, {"a-first": card("demo-same"), "b-second": card("demo-same")}))
    assert len(deck.cards) == 1
    assert deck.cards[0].path.endswith("a-first.yaml")
    assert "duplicate id 'demo-same' in source 'demo', already used by" in deck.problems[0].message


def test_missing_deck_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DeckNotFoundError, match="deck_not_found"):
        load_deck(tmp_path / "nope")
    with pytest.raises(DeckNotFoundError, match="deck_without_source"):
        load_deck(tmp_path)


def test_a_single_source_folder_is_a_deck_too(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-gdp-2024": card()})
    assert [c.id for c in load_deck(tmp_path / "demo").cards] == ["demo-gdp-2024"]


def test_bundled_deck_loads_cleanly(deck) -> None:  # type: ignore[no-untyped-def]
    assert deck.problems == ()
    assert len(deck.cards) >= 100
    assert set(deck.sources) == {"chengyu-twin-city-2025"}
    source = deck.sources["chengyu-twin-city-2025"]
    assert source.publisher is None
    assert source.date is None
    assert (source.year, source.year_inferred) == (2025, True)
