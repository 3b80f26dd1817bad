"""--help and JSON output must not pay for what they do not use (checked with python -X importtime)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("rich.table", "rapidfuzz", "yaml", "pypinyin", "opencc")


def imported(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "CYFACTS_FACTS"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cyfacts", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("search", "-h"),
        ("search", "算力", "--json"),
        ("show", "lead-gdp-2024", "--json"),
        ("search", "算力"),  # in a pipe: plain lines, no table
        ("list", "--ids"),
    ],
)
def test_light_paths_import_nothing_heavy(args: tuple[str, ...]) -> None:
    imported("search", "算力", "--json")  # the first run builds the cache; the measured run is warm
    modules = imported(*args)
    assert [m for m in modules if m.startswith(HEAVY)] == []


def test_the_table_imports_rich_table() -> None:
    assert "rich.table" in imported("search", "算力", "--format", "table")
