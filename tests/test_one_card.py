"""One broken card never breaks the deck: it is skipped and reported where it is wrong, and every
command still serves the rest (issue 13, items 6 and 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cards import card, write_deck
from tests.runner import invoke

BAD_FIGURES = 'figures:\n  - value: "{value}"\n    unit: 元\n    metric: 经济总量'
GOOD_FIGURES = 'figures:\n  - value: "8.7"\n    unit: 万亿元\n    metric: 经济总量'


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({"year": "year: 202508"}, "demo-bad.yaml:9: year 202508 is not a four-digit year; for a month write"),
        ({"figures": BAD_FIGURES.format(value="1e9999999")}, "demo-bad.yaml:12: figure value '1e9999999': out of"),
        ({"figures": BAD_FIGURES.format(value="1e400")}, "demo-bad.yaml:12: figure value '1e400': out of range"),
    ],
    ids=["year-202508", "value-1e9999999", "value-1e400"],
)
@pytest.mark.parametrize(
    ("command", "served"),
    [
        (["search", "经济总量", "--json"], '"id": "demo-good"'),
        (["list", "--json"], '"id": "demo-good"'),
        (["stats", "--json"], '"cards": 1,'),
        (["export"], '"id": "demo-good"'),
        (["series", "经济总量", "--json"], '"id": "demo-good"'),
        (["show", "demo-good", "--json"], '"id": "demo-good"'),
    ],
    ids=lambda c: c[0] if isinstance(c, list) else "",
)
def test_a_card_out_of_range_is_skipped_and_the_rest_served(
    tmp_path: Path, replace: dict[str, str], message: str, command: list[str], served: str
) -> None:
    cards = {"demo-bad": card("demo-bad", **replace), "demo-good": card("demo-good", figures=GOOD_FIGURES)}
    result = invoke("--facts", str(write_deck(tmp_path / "deck", cards)), *command)
    assert result.exit_code == 0, result.stderr
    assert served in result.stdout
    assert "demo-bad" not in result.stdout
    assert message in result.stderr
    assert "Infinity" not in result.stdout


@pytest.mark.parametrize("value", ["1e9999999", "1e400"])
def test_validate_locates_a_value_out_of_range(tmp_path: Path, value: str) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-bad": card("demo-bad", figures=BAD_FIGURES.format(value=value))})
    result = invoke("validate", str(deck))
    assert result.exit_code == 1
    assert f"demo/demo-bad.yaml:12: figure value '{value}': out of range" in result.stdout
    assert "internal error" not in result.stderr
