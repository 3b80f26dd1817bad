"""Decks of several sources (the made-up deck tests/data/decks/regions): ids unique within a source,
SOURCE/ID wherever an id is taken, and citations from the fuller source record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cyfacts.deck.checks import check_deck
from cyfacts.deck.loader import load_deck
from cyfacts.services.cite import cite, gbt7714
from tests.runner import invoke

REGIONS = Path(__file__).resolve().parent / "data" / "decks" / "regions"


def regions(*args: str) -> tuple[int, str, str]:
    result = invoke("--facts", str(REGIONS), *args)
    return result.exit_code, result.stdout, result.stderr


def test_two_sources_may_share_an_id() -> None:
    deck = load_deck(REGIONS)
    assert check_deck(deck) == []
    assert sorted(c.source for c in deck.cards if c.id == "gdp-2024") == ["survey-a", "survey-b"]


def test_an_id_twice_in_one_source_is_a_problem(tmp_path: Path) -> None:
    import shutil

    root = shutil.copytree(REGIONS, tmp_path / "regions")
    (root / "survey-a" / "gdp-2024-copy.yaml").write_text(
        (root / "survey-a" / "gdp-2024.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    messages = [str(p) for p in load_deck(root).problems]
    assert messages == [
        "regions/survey-a/gdp-2024.yaml:1: duplicate id 'gdp-2024' in source 'survey-a', "
        "already used by regions/survey-a/gdp-2024-copy.yaml"
    ]


def test_a_shared_id_needs_its_source_and_the_error_lists_the_candidates() -> None:
    code, out, err = regions("show", "gdp-2024", "--lang", "en")
    assert (code, out) == (2, "")
    assert err == (
        "cyfacts: the id 'gdp-2024' is in 2 sources; name one as SOURCE/ID\n"
        "  candidates: survey-a/gdp-2024, survey-b/gdp-2024\n"
    )
    assert regions("show", "gdp-2024")[2] == (
        "cyfacts: id 'gdp-2024' 在2个来源中都有；请写成 SOURCE/ID（来源/ID）\n"
        "  可选：survey-a/gdp-2024、survey-b/gdp-2024\n"
    )


@pytest.mark.parametrize(("reference", "value"), [("survey-a/gdp-2024", "5.0"), ("survey-b/gdp-2024", "5.2")])
def test_source_slash_id_names_one_card(reference: str, value: str) -> None:
    code, out, _ = regions("show", reference, "--json")
    assert code == 0
    assert json.loads(out)["figures"][0]["value"] == value


def test_an_unshared_id_needs_no_source() -> None:
    code, out, _ = regions("show", "grain-2024", "--json")
    assert (code, json.loads(out)["source"]) == (0, "survey-a")
    assert regions("show", "survey-a/grain-2024", "--json")[0] == 0


def test_a_source_without_that_id_points_to_the_one_that_has_it() -> None:
    code, _, err = regions("show", "survey-a/gdp-2022", "--lang", "en")
    assert code == 1
    assert err == "cyfacts: source 'survey-a' has no card 'gdp-2022'\n  did you mean: survey-b/gdp-2022\n"


def test_related_and_completion_name_shared_ids_in_full() -> None:
    code, out, _ = regions("show", "gdp-2019", "--related", "--json")
    assert code == 0
    related = json.loads(out)["related"]
    assert "survey-b/gdp-2024" in related
    assert "survey-a/gdp-2019" not in related
    assert "gdp-2019" not in related
    line = f"cyfacts --facts {REGIONS} show survey-"
    completion = {"_CYFACTS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": "4"}
    offered = invoke("--facts", str(REGIONS), "show", "survey-", env=completion).stdout.split()
    assert offered == ["survey-a/gdp-2024", "survey-b/gdp-2024"]


def test_cite_takes_source_slash_id_and_uses_the_records_fields() -> None:
    code, out, err = regions("cite", "survey-a/gdp-2024", "survey-b/gdp-2024")
    assert code == 0
    assert out == (
        "示例来源a[N]. 示例报, 2025-03-01(02).\n"
        "示例来源b[N/OL]. 示例报, 2025-04-01(05)[2025-04-02]. https://example.invalid/survey-b.\n"
    )
    assert err == ""


def test_cite_machine_formats_carry_page_url_and_access_date() -> None:
    deck = load_deck(REGIONS)
    text = cite([deck.sources["survey-b"]], "bibtex").text
    assert "pages = {05}" in text
    assert "url = {https://example.invalid/survey-b}" in text
    assert "urldate = {2025-04-02}" in text
    (item,) = json.loads(cite([deck.sources["survey-b"]], "csl-json").text)
    assert item["page"] == "05"
    assert item["URL"] == "https://example.invalid/survey-b"
    assert item["accessed"] == {"date-parts": [[2025, 4, 2]]}
    assert item["issued"] == {"date-parts": [[2025, 4, 1]]}
    assert "note" not in item  # nothing is missing


def test_cite_advice_names_the_fields_to_add() -> None:
    result = invoke("cite", "lead-gdp-2019", "--lang", "en")
    assert result.stderr.splitlines()[1] == (
        "  shown as placeholders or left out; if you know them, add to _source.yaml: "
        "publisher: 报纸名, date: YYYY-MM-DD, page: 版次"
    )


def test_an_online_source_without_its_access_date_says_so() -> None:
    source = load_deck(REGIONS).sources["survey-b"]._replace(accessed=None)
    assert gbt7714(source, "2015").endswith("2025-04-01(05). https://example.invalid/survey-b.")
    assert cite([source], "gbt7714-2015").fields == ("accessed: YYYY-MM-DD",)


def test_ids_and_plain_lines_name_a_shared_id_as_show_takes_it() -> None:
    ids = regions("list", "--ids")[1].splitlines()
    assert ids == ["gdp-2019", "survey-a/gdp-2024", "grain-2024", "gdp-2022", "survey-b/gdp-2024", "yi-gdp-2019"]
    assert [line.split("\t")[0] for line in regions("list")[1].splitlines()] == ids
    found = regions("search", "经济总量", "--ids")[1].splitlines()
    assert "survey-b/gdp-2024" in found
    assert all(regions("show", card_id, "--json")[0] == 0 for card_id in found)
    assert [json.loads(line)["id"] for line in regions("list", "--jsonl")[1].splitlines()][1] == "gdp-2024"  # records
