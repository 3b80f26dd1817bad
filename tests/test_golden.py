"""Exact output of each command on a small fixed deck, kept as golden files.

Regenerate after an intended change with: CYFACTS_UPDATE_GOLDEN=1 uv run pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyfacts.cli.root import app
from tests.conftest import TINY_DECK

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES: dict[str, list[str]] = {
    "search-json": ["search", "经济总量", "--json"],
    "search-jsonl": ["search", "2024", "--jsonl"],
    "search-csv": ["search", "算力", "--csv"],
    "search-table": ["search", "经济总量"],
    "list-table": ["list"],
    "show-table": ["show", "ind-computing-power-2025-08"],
    "show-json": ["show", "lead-gdp-2019", "--json"],
    "stats-table": ["stats"],
    "stats-theme-json": ["stats", "--theme", "overview", "--json"],
    "export-yaml": ["export", "--format", "yaml"],
    "search-table-en-unit": ["search", "经济总量", "--lang", "en", "--unit", "亿元"],
    "show-related-en": ["show", "lead-gdp-2019", "--related", "--lang", "en"],
    "cite-gbt7714-2015": ["cite", "lead-gdp-2019", "lead-gdp-2024"],
    "cite-gbt7714-2025": ["cite", "lead-gdp-2019", "--style", "gbt7714-2025"],
    "cite-bibtex": ["cite", "lead-gdp-2019", "--style", "bibtex"],
    "cite-csl-json": ["cite", "lead-gdp-2019", "--style", "csl-json"],
    "series-table": ["series", "经济总量"],
    "series-json-en-unit": ["series", "GDP", "--json", "--lang", "en", "--unit", "CNY"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name: str) -> None:
    env = {"CYFACTS_FACTS": str(TINY_DECK), "COLUMNS": "100", "NO_COLOR": "1"}
    result = CliRunner().invoke(app, CASES[name], env=env)
    assert result.exit_code == 0, result.output
    # Paths are shown relative to the deck's parent folder, so golden files hold no machine paths.
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("CYFACTS_UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
