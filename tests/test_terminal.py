"""What a deck holds never drives the reader's terminal or spreadsheet (issue 13, items 8 and 9):
control characters in card text and file names are shown as escapes, and CSV cells that a
spreadsheet would run as formulas are neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cyfacts.render.escape import one_line, printable
from cyfacts.render.formats import CSV_BOM
from tests.cards import card, write_deck
from tests.runner import invoke

# OSC (set the window title), clear the screen, the one-byte C1 CSI and a right-to-left override.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e算力"
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
FIGURES = 'figures:\n  - value: "8.7"\n    unit: 万亿元\n    metric: 经济总量'


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x9bb", "a\\x9bb"),
        ("\u202eabc", "\\u202eabc"),
        ("line\nnext\ttab", "line\nnext\ttab"),
        ("算力 20000P", "算力 20000P"),
        ("\x7f\x00", "\\x7f\\x00"),
    ],
)
def test_printable_escapes_controls_but_keeps_line_breaks(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_one_line_escapes_line_breaks_too() -> None:
    assert one_line("a\nb\tc\rd") == "a\\x0ab\\x09c\\x0dd"


@pytest.fixture
def hostile_deck(tmp_path: Path) -> Path:
    claim = 'claim: "' + HOSTILE.encode("unicode_escape").decode("ascii").replace("\\x", "\\x") + '"'
    return write_deck(tmp_path / "deck", {"demo-gdp-2024": card(claim=claim, figures=FIGURES)})


@pytest.mark.parametrize(
    "args",
    [
        ["search", "算力"],
        ["search", "算力", "--explain"],
        ["list"],
        ["show", "demo-gdp-2024"],
        ["show", "demo-gdp-2024", "--related"],
        ["series", "经济总量"],
        ["stats", "--theme", "overview"],
        ["search", "算力", "--json"],
        ["search", "算力", "--jsonl"],
        ["export"],
    ],
    ids=" ".join,
)
def test_card_text_never_reaches_the_terminal_raw(hostile_deck: Path, args: list[str]) -> None:
    result = invoke("--facts", str(hostile_deck), *args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert [c for c in RAW if c in result.stdout] == []
    assert "pwned" in result.stdout


def test_yaml_export_escapes_controls(hostile_deck: Path) -> None:
    result = invoke("--facts", str(hostile_deck), "export", "--format", "yaml")
    assert [c for c in RAW[:3] if c in result.stdout] == []  # PyYAML writes \e, \a and \x9B


@pytest.mark.parametrize("args", [["search", "算力", "--json"], ["export"]])
def test_json_escapes_them_losslessly(hostile_deck: Path, args: list[str]) -> None:
    result = invoke("--facts", str(hostile_deck), *args)
    assert json.loads(result.stdout)[0]["claim"] == HOSTILE


def test_a_table_shows_the_escape_itself(hostile_deck: Path) -> None:
    result = invoke("--facts", str(hostile_deck), "show", "demo-gdp-2024", env={"COLUMNS": "200"})
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e算力" in result.stdout


def test_validate_reports_control_characters_in_card_text(hostile_deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile_deck.parent)
    result = invoke("validate", str(hostile_deck))
    assert result.exit_code == 1
    assert result.stdout == (
        "deck/demo/demo-gdp-2024.yaml:2: the claim does not write the figure's value '8.7'; "
        "write it as the quote does\n"
        "deck/demo/demo-gdp-2024.yaml:2: field 'claim' holds the control character U+001B; cards hold plain text\n"
    )


FORGED = "evil\x1b[31m\ndeck:1: forged"


def test_a_file_name_cannot_forge_a_problem_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card(), FORGED: "id: [\n"})
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", str(deck))
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("deck/demo/evil\\x1b[31m\\x0adeck:1: forged.yaml:2:1: YAML syntax error")
    result = invoke("--facts", str(deck), "search", "经济总量", "--json")
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr
    assert "  deck/demo/evil\\x1b[31m\\x0adeck:1: forged.yaml:2:1: YAML syntax error" in result.stderr


def test_an_error_message_never_echoes_a_control_character(tmp_path: Path) -> None:
    result = invoke("--facts", str(tmp_path / "no\x1b[2Jdeck"), "search", "算力")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "no\\x1b[2Jdeck" in result.stderr


def test_cite_escapes_the_source_record(tmp_path: Path) -> None:
    from tests.cards import SOURCE

    source = SOURCE.replace("title: 示例来源", 'title: "示例\\e[2J来源"')
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card()}, source=source)
    for style in ("gbt7714-2015", "bibtex", "csl-json"):
        result = invoke("--facts", str(deck), "cite", "demo-gdp-2024", "--style", style)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout


FORMULAS = {
    "claim": 'claim: \'=HYPERLINK("http://example.com","点击")\'',
    "claim_en": "claim_en: '+1+cmd|calc'",
    "tags": "tags: ['@SUM(1+1)', GDP, 经济总量]",
}


@pytest.mark.parametrize("args", [["export", "--format", "csv"], ["list", "--csv"], ["search", "GDP", "--csv"]])
def test_csv_cells_never_start_a_formula(tmp_path: Path, args: list[str]) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card(**FORMULAS)})
    result = invoke("--facts", str(deck), *args)
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout.removeprefix(CSV_BOM))))
    assert row["claim"] == '\'=HYPERLINK("http://example.com","点击")'
    assert row["claim_en"] == "'+1+cmd|calc"
    assert row["tags"] == "'@SUM(1+1); GDP; 经济总量"
    assert row["year"] == "2024"


def test_search_csv_explain_writes_the_matches(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})
    result = invoke("--facts", str(deck), "search", "GDP", "--csv", "--explain")
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout.removeprefix(CSV_BOM))))
    assert row["matches"].startswith("gdp tags ")
