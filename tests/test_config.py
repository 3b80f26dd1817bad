"""The deck config (cyfacts.yaml): vocabularies and places, read strictly, cached with the deck."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyfacts.deck.loader import load_deck
from cyfacts.model.cards import DEFAULT_THEMES
from tests.cards import card, write_deck
from tests.runner import invoke

PLACES = """\
places:
  川渝: {en: Sichuan and Chongqing}
  四川: {en: Sichuan, aliases: [四川省], within: [川渝]}
  成都: {en: Chengdu, pinyin: chengdu, within: [四川]}
"""


def deck_with(tmp_path: Path, config: str | None, **fields: str) -> Path:
    root = write_deck(tmp_path / "deck", {"demo-gdp-2024": card(**fields)})
    if config is not None:
        (root / "cyfacts.yaml").write_text(config, encoding="utf-8")
    return root


def test_a_deck_without_config_gets_the_default_vocabularies(tmp_path: Path) -> None:
    deck = load_deck(deck_with(tmp_path, None))
    assert deck.problems == ()
    assert dict(deck.config.themes) == dict(DEFAULT_THEMES)
    assert deck.config.places == {}


def test_places_are_read_with_their_parents_and_aliases_resolve(tmp_path: Path) -> None:
    deck = load_deck(deck_with(tmp_path, PLACES, kind="kind: figure\nplaces: [四川省, 成都]"))
    assert deck.problems == ()
    assert deck.cards[0].places == ("四川", "成都")
    assert deck.config.wider("成都") == {"四川", "川渝"}
    assert deck.config.wider("川渝") == set()


@pytest.mark.parametrize(
    ("config", "fields", "message"),
    [
        (PLACES, {"kind": "kind: figure\nplaces: [重庆]"}, "demo/demo-gdp-2024.yaml:11: place '重庆' is not declared"),
        ("places:\n  成都: {en: Chengdu, within: [四川]}\n", {}, "cyfacts.yaml:2: place '成都' lies within '四川'"),
        ("colours: {}\n", {}, "cyfacts.yaml:1: unknown field 'colours'"),
        ("themes:\n  transport: {zh: 交通}\n", {}, "cyfacts.yaml:2: missing required field 'en'"),
        ("themes:\n  transport: {zh: 交通, en: transport}\n", {}, "field 'theme' is 'overview'; use one of: transport"),
    ],
)
def test_config_problems_are_located(tmp_path: Path, config: str, fields: dict[str, str], message: str) -> None:
    deck = load_deck(deck_with(tmp_path, config, **fields))
    assert any(message in str(problem) for problem in deck.problems), deck.problems


def test_editing_the_config_is_seen_at_once(tmp_path: Path) -> None:
    root = deck_with(tmp_path, PLACES, kind="kind: figure\nplaces: [成都]")
    first = invoke("--facts", str(root), "search", "GDP", "--json")
    assert first.json()[0]["places"] == ["成都"]
    (root / "cyfacts.yaml").write_text(PLACES.replace("成都:", "成都市:").replace("[四川]}", "[四川]}\n"), "utf-8")
    second = invoke("--facts", str(root), "search", "GDP", "--json")
    assert "place '成都' is not declared" in second.stderr
