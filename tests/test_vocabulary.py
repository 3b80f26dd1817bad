"""A deck's own themes and kinds (cyfacts.yaml) everywhere: validation, filters (by key, label in either
language, or pinyin), completion, tables, stats; and filter values matched against any vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyfacts.deck.checks import check_deck
from cyfacts.deck.loader import load_deck
from cyfacts.search.vocabulary import choices_named, compact, names_matching, syllable_runs
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


@pytest.mark.parametrize(
    ("option", "value", "ids"),
    [
        ("--theme", "交通", ["demo-rail-2024"]),  # the deck's Chinese label
        ("--theme", "At a Glance", ["demo-gdp-2024"]),  # its English label, as typed
        ("--theme", "jiaotong", ["demo-rail-2024"]),  # the pinyin of its Chinese label
        ("--kind", "规划", ["demo-rail-2024"]),
        ("--kind", "number", ["demo-gdp-2024"]),
    ],
)
def test_filters_take_the_decks_labels_in_either_language_or_pinyin(
    deck: Path, option: str, value: str, ids: list[str]
) -> None:
    result = invoke("--facts", str(deck), "list", option, value, "--json")
    assert result.exit_code == 0, result.stderr
    assert [record["id"] for record in result.json()] == ids


def test_a_value_the_deck_does_not_declare_is_refused_with_a_guess(deck: Path) -> None:
    result = invoke("--facts", str(deck), "list", "--theme", "transprt", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        "cyfacts: unknown theme 'transprt' (did you mean 'transport'?)\n"
        "  valid values: transport (交通), overview (概览)\n"
    )
    chinese = invoke("--facts", str(deck), "list", "--theme", "transprt")
    assert (
        chinese.stderr
        == "cyfacts: 未知的主题 'transprt'（是不是 'transport'？）\n  可用的值：transport (交通)、overview (概览)\n"
    )
    assert invoke("--facts", str(deck), "list", "--theme", "ecology").exit_code == 2  # a default, not declared
    assert invoke("--facts", str(deck), "list", "--theme", "生态").exit_code == 2  # a default's label, too


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
    # Its places decide whether an answer is complete: the deck answers nothing until it is fixed,
    # served from a fresh index or from the cache.
    for _ in range(2):
        result = invoke("--lang", "en", "--facts", str(deck), "list", "--theme", "transport", "--json")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "deck/cyfacts.yaml:7: unknown field 'colours'" in result.stderr
        assert "the deck config deck/cyfacts.yaml cannot be read" in result.stderr


SPELL = {
    "董亚宁": ["dong", "ya", "ning"],
    "潘昭宇": ["pan", "zhao", "yu"],
    "生态": ["sheng", "tai"],
    "交通": ["jiao", "tong"],
}


def test_vocabulary_matching_takes_any_vocabulary() -> None:  # as a deck's cyfacts.yaml declares it
    themes = {"transport": {"zh": "交通", "en": "transport"}, "ecology": {"zh": "生态", "en": "ecology"}}
    assert choices_named("交通", themes) == ["transport"]
    assert choices_named("Transport", themes) == ["transport"]
    assert choices_named("shengtai", themes, SPELL.__getitem__) == ["ecology"]
    assert choices_named("sheng", themes, SPELL.__getitem__) == []  # a theme is named whole
    assert choices_named("economy", themes, SPELL.__getitem__) == []
    assert names_matching("pan", ["董亚宁", "潘昭宇"], SPELL.__getitem__) == ["潘昭宇"]
    assert names_matching("d", ["董亚宁", "潘昭宇"], SPELL.__getitem__) == []  # one letter names too much
    assert names_matching("亚宁", ["董亚宁", "潘昭宇"]) == ["董亚宁"]


@pytest.mark.parametrize(("text", "compacted"), [("Dong Ya'ning", "dongyaning"), ("ＤＯＮＧ", "dong")])
def test_pinyin_is_compared_without_spaces_case_or_width(text: str, compacted: str) -> None:
    assert compact(text) == compacted


def test_syllable_runs_and_their_initials() -> None:
    assert syllable_runs(["dong", "ya", "ning"]) == {
        "dong",
        "ya",
        "ning",
        "dongya",
        "yaning",
        "dongyaning",
        "dy",
        "yn",
        "dyn",
    }
