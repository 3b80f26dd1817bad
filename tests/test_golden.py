"""Exact output of each command on a small fixed deck, kept as golden files.

Regenerate after an intended change with: CYFACTS_UPDATE_GOLDEN=1 uv run pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyfacts.cli import app
from tests.conftest import TINY_DECK, WIDTHS_DECK

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES: dict[str, list[str]] = {
    "search-json": ["search", "经济总量", "--json"],
    "search-jsonl": ["search", "2024", "--jsonl"],
    "search-csv": ["search", "算力", "--csv"],
    "search-table": ["search", "经济总量", "--format", "table"],
    "search-tsv": ["search", "经济总量"],
    "list-table": ["list", "--format", "table"],
    "list-tsv": ["list"],
    "list-ids": ["list", "--ids"],
    "show-table": ["show", "ind-computing-power-2025-08", "--format", "table"],
    "show-tsv": ["show", "ind-computing-power-2025-08", "--related"],
    "show-json": ["show", "lead-gdp-2019", "--json"],
    "stats-table": ["stats", "--format", "table"],
    "stats-tsv": ["stats"],
    "stats-theme-json": ["stats", "--theme", "overview", "--json"],
    "export-yaml": ["export", "--format", "yaml"],
    "export-csv": ["export", "--format", "csv"],
    "search-table-en-unit": ["search", "经济总量", "--lang", "en", "--unit", "亿元", "--format", "table"],
    "show-related-en": ["show", "lead-gdp-2019", "--related", "--lang", "en", "--format", "table"],
    "cite-gbt7714-2015": ["cite", "lead-gdp-2019", "lead-gdp-2024"],
    "cite-gbt7714-2025": ["cite", "lead-gdp-2019", "--style", "gbt7714-2025"],
    "cite-bibtex": ["cite", "lead-gdp-2019", "--style", "bibtex"],
    "cite-csl-json": ["cite", "lead-gdp-2019", "--style", "csl-json"],
    "series-table": ["series", "经济总量", "--format", "table"],
    "series-tsv": ["series", "经济总量"],
    "series-json-en-unit": ["series", "GDP", "--json", "--lang", "en", "--unit", "CNY"],
    "series-metrics": ["series"],
}


# Tables at three widths in both languages, on a deck with a 50-character id, a bare count (四), a
# qualified figure and a month: what must stay whole (ids, figures, years) stays whole at each.
WIDTH_CASES: dict[str, list[str]] = {
    "search": ["search", "经济"],
    "search-partial": ["search", "重庆", "经济总量"],  # answers that lack a term say so in their claim cell
    "list": ["list", "--unit", "ha"],
    "show": ["show", "ind-four-trillion-yuan-clusters", "--related"],
    "stats": ["stats"],
    "series": ["series", "经济总量", "--unit", "亿元"],
}
WIDTHS = (40, 80, 120)


def matches_golden(path: Path, text: str) -> None:
    if os.environ.get("CYFACTS_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name: str) -> None:
    env = {"CYFACTS_FACTS": str(TINY_DECK), "COLUMNS": "100", "NO_COLOR": "1", "CYFACTS_LANG": ""}
    result = CliRunner().invoke(app, CASES[name], env=env)
    assert result.exit_code == 0, result.output
    # Paths are shown relative to the deck's parent folder, so golden files hold no machine paths.
    matches_golden(GOLDEN / f"{name}.txt", result.stdout)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(WIDTH_CASES))
def test_tables_at_each_width_match_golden_files(name: str, lang: str, width: int) -> None:
    env = {"CYFACTS_FACTS": str(WIDTHS_DECK), "COLUMNS": str(width), "NO_COLOR": "1", "CYFACTS_LANG": lang}
    result = CliRunner().invoke(app, [*WIDTH_CASES[name], "--format", "table"], env=env)
    assert result.exit_code == 0, result.output
    assert all(line == line.rstrip() for line in result.stdout.splitlines())  # no trailing spaces
    matches_golden(GOLDEN / "widths" / f"{name}-{lang}-{width}.txt", result.stdout)
