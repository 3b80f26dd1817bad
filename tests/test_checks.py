from pathlib import Path

import pytest

from cyfacts.deck.checks import check_deck, quote_years
from cyfacts.deck.loader import load_deck
from tests.cards import card, write_deck


@pytest.mark.parametrize(
    ("quote", "years"),
    [
        ("2024年，工业增加值", {2024}),
        ("规划(2022—2035年)", {2022, 2035}),
        ("截至2025年8月", {2025}),
        ("算力超20000P", set()),
    ],
)
def test_quote_years(quote: str, years: set[int]) -> None:
    assert quote_years(quote) == years


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({"quote": "quote: 2024年的8.6万亿元"}, "figure value '8.7' does not occur in the quote"),
        ({"year": "year: 2023"}, "year 2023 is not stated in the quote (2024)"),
        ({"year": "year: 1800\nyear_inferred: true"}, "year 1800 is not plausible"),
        ({"quote": "quote: 的8.7万亿元"}, "year 2024 is not stated in the quote (no year); quote the year"),
        ({"as_of": "as_of: '2023-08'"}, "as_of 2023-08 disagrees with year 2024"),
        ({"section": "section: 生态"}, "section '生态' is not a section of demo (导语, 产业)"),
        ({"speaker": "speaker: 张三"}, "speaker '张三' does not match section '导语', whose expert is None"),
        ({"source": "source: other"}, "source 'other' has no _source.yaml record"),
        ({"figures": "figures: []"}, "a card of kind 'figure' needs at least one figure"),
        ({"tags": "tags: [经济总量]"}, "tags need both Chinese and English keywords"),
    ],
)
def test_each_check_reports_a_located_problem(tmp_path: Path, replace: dict[str, str], message: str) -> None:
    deck = load_deck(write_deck(tmp_path, {"demo-gdp-2024": card(**replace)}))
    problems = check_deck(deck)
    assert [p.message for p in problems if message in p.message], [str(p) for p in problems]
    assert all(p.path.endswith("demo-gdp-2024.yaml") for p in problems)


def test_file_must_be_named_after_id(tmp_path: Path) -> None:
    problems = check_deck(load_deck(write_deck(tmp_path, {"wrong-name": card()})))
    assert [p.message for p in problems] == [
        "file is named 'wrong-name.yaml' but the card's id is 'demo-gdp-2024'; name it demo-gdp-2024.yaml"
    ]
    assert problems[0].line == 1


def test_problem_lines_point_at_the_field(tmp_path: Path) -> None:
    (problem,) = check_deck(load_deck(write_deck(tmp_path, {"demo-gdp-2024": card(year="year: 2023")})))
    assert problem.line == 9
    assert str(problem).endswith(
        "demo/demo-gdp-2024.yaml:9: year 2023 is not stated in the quote (2024); "
        "quote the year or set year_inferred: true"
    )


def test_a_clean_card_has_no_problems(tmp_path: Path) -> None:
    assert check_deck(load_deck(write_deck(tmp_path, {"demo-gdp-2024": card()}))) == []


def test_source_id_must_match_its_folder(tmp_path: Path) -> None:
    write_deck(tmp_path, {"demo-gdp-2024": card()})
    (tmp_path / "demo").rename(tmp_path / "other")
    problems = check_deck(load_deck(tmp_path))
    assert [str(p) for p in problems] == [
        f"{tmp_path.name}/other/_source.yaml:1: source id 'demo' differs from its folder name 'other'"
    ]
