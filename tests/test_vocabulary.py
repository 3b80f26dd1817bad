"""A deck's own themes and kinds (cyfacts.yaml) everywhere: validation, filters, completion, tables, stats."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyfacts.deck.checks import check_deck
from cyfacts.deck.loader import load_deck
from tests.cards import SOURCE, card, write_deck
from tests.runner import invoke
from tests.test_use import complete

CONFIG = """\
themes:
  transport: {zh: 交通, en: transport}
  overview: {zh: 概览, en: at a glance}
kinds:
  figure: {zh: 数字, en: number}
  plan: {zh: 规划, en: plan}
"""


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    root = write_deck(
        tmp_path / "deck",
        {
            "demo-gdp-2024": card(),
            "demo-rail-2024": card(
                "demo-rail-2024", theme="theme: transport", kind="kind: plan", tags="tags: [铁路, rail]"
            ),
        },
        SOURCE.replace("theme: industry", "theme: transport"),
    )
    (root / "cyfacts.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def test_the_deck_validates_against_its_own_vocabulary(deck: Path) -> None:
    assert check_deck(load_deck(deck)) == []
    (deck / "demo" / "demo-rail-2024.yaml").write_text(
        card("demo-rail-2024", theme="theme: trasport", kind="kind: policy"), encoding="utf-8"
    )
    messages = [p.message for p in check_deck(load_deck(deck))]
    assert "field 'theme' is 'trasport' (did you mean 'transport'?); use one of: transport, overview" in messages
    assert "field 'kind' is 'policy'; use one of: figure, plan" in messages


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("list", "--theme", "transport", "--json"), ["demo-rail-2024"]),
        (("list", "--kind", "plan", "--json"), ["demo-rail-2024"]),
        (("search", "经济总量", "--theme", "overview", "--json"), ["demo-gdp-2024"]),
    ],
)
def test_filters_take_the_decks_vocabulary(deck: Path, args: tuple[str, ...], ids: list[str]) -> None:
    result = invoke("--facts", str(deck), *args)
    assert result.exit_code == 0, result.stderr
    assert [record["id"] for record in result.json()] == ids


def test_a_value_the_deck_does_not_declare_is_refused_with_a_guess(deck: Path) -> None:
    result = invoke("--facts", str(deck), "list", "--theme", "transprt")
    assert result.exit_code == 2
    assert result.stderr == (
        "cyfacts: unknown theme 'transprt' (did you mean 'transport'?)\n  valid values: transport, overview\n"
    )
    assert invoke("--facts", str(deck), "list", "--theme", "ecology").exit_code == 2  # a default, not declared


def test_tables_and_stats_show_the_decks_labels(deck: Path) -> None:
    table = invoke("--facts", str(deck), "list", env={"COLUMNS": "160"}).stdout
    assert "交通" in table
    assert "概览" in table
    english = invoke("--facts", str(deck), "show", "demo-gdp-2024", "--lang", "en").stdout
    assert "at a glance" in english
    assert "number" in english
    stats = invoke("--facts", str(deck), "stats", "--by", "kind", env={"COLUMNS": "100"}).stdout
    assert "规划" in stats
    assert "数字" in stats


def test_completion_offers_the_decks_vocabulary(deck: Path) -> None:
    assert complete("--facts", str(deck), "list", "--theme", "") == ["overview", "transport"]
    assert complete("--facts", str(deck), "list", "--kind", "p") == ["plan"]


def test_a_broken_config_is_one_problem_not_one_per_card(deck: Path) -> None:
    (deck / "cyfacts.yaml").write_text(CONFIG + "colours: {}\n", encoding="utf-8")
    problems = [str(p) for p in check_deck(load_deck(deck))]
    assert problems == ["deck/cyfacts.yaml:7: unknown field 'colours' (known fields: themes, kinds, places)"]
    result = invoke("--facts", str(deck), "list", "--theme", "transport", "--json")
    assert [record["id"] for record in result.json()] == ["demo-rail-2024"]
    assert "deck/cyfacts.yaml:7: unknown field 'colours'" in result.stderr
