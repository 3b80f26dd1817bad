"""Sources that disagree (the made-up deck tests/data/decks/regions): series never mix places or sources
silently, conflicts are shown with both sources, and changes say which sources they span."""

from __future__ import annotations

import json

import pytest

from cyfacts.deck.loader import load_deck
from cyfacts.services.series import Series, deck_conflicts, metrics, series_by_place
from tests.runner import invoke
from tests.test_sources import REGIONS


@pytest.fixture(scope="module")
def gdp() -> list[Series]:
    return series_by_place("经济总量", metrics(load_deck(REGIONS).cards)["经济总量"])


def test_each_place_is_its_own_series(gdp: list[Series]) -> None:
    assert [series.places for series in gdp] == [("甲省",), ("乙省",)]
    assert [p.year for p in gdp[1].points] == [2019]
    assert gdp[1].steps == () == gdp[1].growths  # one year alone: nothing to compare with another place


def test_a_year_two_sources_disagree_on_is_a_conflict(gdp: list[Series]) -> None:
    (conflict,) = gdp[0].conflicts
    assert (conflict.year, conflict.sources) == (2024, ("survey-a", "survey-b"))
    assert [p.figure.value for p in conflict.points] == ["5.0", "5.2"]


def test_changes_within_a_source_and_across_sources_say_so(gdp: list[Series]) -> None:
    steps = [(s.start.year, s.end.year, s.sources) for s in gdp[0].steps]
    assert steps == [
        (2019, 2022, ("survey-a", "survey-b")),  # no one source has both years: said plainly
        (2019, 2024, ("survey-a",)),
        (2022, 2024, ("survey-b",)),
    ]
    growths = [(g.start.year, g.end.year, g.sources) for g in gdp[0].growths]
    assert growths == [(2019, 2024, ("survey-a",)), (2019, 2022, ("survey-a", "survey-b")), (2022, 2024, ("survey-b",))]
    # Never a step from one source's 2024 to the other's: a conflicting year is not bridged across sources.
    assert all(s.end.year != 2024 or len(s.sources) == 1 for s in gdp[0].steps)


def test_series_table_shows_both_sources_of_a_disputed_year() -> None:
    result = invoke("--facts", str(REGIONS), "series", "经济总量", "--format", "table", env={"COLUMNS": "160"})
    assert result.exit_code == 0
    out = result.stdout
    assert "指标：经济总量 · 甲省" in out
    assert "指标：经济总量 · 乙省" in out
    assert "2024  5.0万亿元 ≠  甲省2024年的地区生产总值为5.0万亿元。  gdp-2024  survey-a" in out
    assert "2024  5.2万亿元 ≠  甲省2024年的地区生产总值为5.2万亿元。  gdp-2024  survey-b" in out
    assert "≠ 2024: 来源数值不一致: survey-a 5.0万亿元 (gdp-2024); survey-b 5.2万亿元 (gdp-2024)" in out
    assert "2019→2022: +0.6万亿元 (+15.0%) [survey-a → survey-b]" in out
    assert "2019→2024: +1万亿元 (+25.0%) [survey-a]" in out


def test_series_and_conflicts_in_a_pipe_name_places_sources_and_conflicts() -> None:
    lines = invoke("--facts", str(REGIONS), "series", "经济总量").stdout.splitlines()
    assert "point\t2024\t5.2万亿元\tgdp-2024\t甲省2024年的地区生产总值为5.2万亿元。\t甲省" in lines
    assert "change\t2019\t2022\t+0.6万亿元\t+15.0%\t甲省\tsurvey-a,survey-b" in lines
    assert "annual\t2022\t2024\t6.32%\t甲省\tsurvey-b" in lines
    assert [line for line in lines if line.startswith("conflict")] == [
        "conflict\t2024\t甲省\tsurvey-a\t5.0万亿元\tgdp-2024",
        "conflict\t2024\t甲省\tsurvey-b\t5.2万亿元\tgdp-2024",
    ]
    assert invoke("--facts", str(REGIONS), "conflicts").stdout == (
        "经济总量\t甲省\t2024\tsurvey-a\t5.0万亿元\tgdp-2024\n经济总量\t甲省\t2024\tsurvey-b\t5.2万亿元\tgdp-2024\n"
    )


def test_a_place_in_the_query_picks_its_series() -> None:
    result = invoke("--facts", str(REGIONS), "series", "乙省", "经济总量", "--json")
    record = result.json()
    assert record["places"] == [["乙省"]]
    assert [p["id"] for p in record["points"]] == ["yi-gdp-2019"]
    missing = invoke("--facts", str(REGIONS), "series", "丙市", "经济总量", "--lang", "en")
    assert missing.exit_code == 1
    assert "no figure of 经济总量 is about 丙市" in missing.stderr


def test_series_json_marks_conflicts_and_sources() -> None:
    record = invoke("--facts", str(REGIONS), "series", "经济总量", "--json").json()
    assert record["places"] == [["甲省"], ["乙省"]]
    assert {(p["source"], p["year"]) for p in record["points"] if p["places"] == ["甲省"]} == {
        ("survey-a", 2019),
        ("survey-a", 2024),
        ("survey-b", 2022),
        ("survey-b", 2024),
    }
    (conflict,) = record["conflicts"]
    assert conflict["places"] == ["甲省"]
    assert conflict["year"] == 2024
    assert [(v["source"], v["figure"]["text"]) for v in conflict["values"]] == [
        ("survey-a", "5.0万亿元"),
        ("survey-b", "5.2万亿元"),
    ]
    assert [c["sources"] for c in record["changes"]] == [["survey-a", "survey-b"], ["survey-a"], ["survey-b"]]


def test_conflicts_lists_every_case() -> None:
    assert [(c.metric, c.places, c.year) for c in deck_conflicts(load_deck(REGIONS).cards)] == [
        ("经济总量", ("甲省",), 2024)
    ]
    result = invoke("--facts", str(REGIONS), "conflicts", "--json")
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert [v["id"] for v in record["values"]] == ["gdp-2024", "gdp-2024"]
    table = invoke("--facts", str(REGIONS), "conflicts", "--lang", "en", env={"COLUMNS": "120"}).stdout
    assert "survey-a" in table
    assert "5.2 trillion yuan" in table


def test_no_conflicts_exits_1() -> None:
    result = invoke("conflicts", "--json", "--lang", "en")  # the bundled deck has one source
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert "no two sources give different values" in result.stderr
