"""--help and JSON output must not pay for what they do not use (checked with python -X importtime)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


# Modules a run has loaded, read at exit: importlib.import_module, which loads a command's module,
# is not timed by -X importtime.
LOADED = """
import atexit, sys
output, sys.argv = sys.argv[1], ["cyfacts", *sys.argv[2:]]
atexit.register(lambda: open(output, "w").write("\\n".join(sys.modules)))
from cyfacts.__main__ import main
main()
"""


def loaded(tmp_path: Path, *args: str) -> set[str]:
    output = tmp_path / "modules"
    env = {k: v for k, v in os.environ.items() if k != "CYFACTS_FACTS"}
    subprocess.run(
        [sys.executable, "-c", LOADED, str(output), *args], capture_output=True, env=env, timeout=120, check=False
    )
    return set(output.read_text().split("\n"))


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    commands = {"cyfacts.cli.lookup", "cyfacts.cli.maintain", "cyfacts.cli.use"}
    assert commands & loaded(tmp_path, "search", "算力", "--json") == {"cyfacts.cli.lookup"}
    assert commands & loaded(tmp_path, "cite", "lead-gdp-2024") == {"cyfacts.cli.use"}
    assert commands <= loaded(tmp_path, "--help")


def test_the_table_imports_rich_table() -> None:
    assert "rich.table" in imported("search", "算力", "--format", "table")


def test_a_warm_search_converts_no_figure_so_it_never_imports_decimal() -> None:
    imported("search", "算力", "--json")
    assert "decimal" not in imported("search", "算力", "--json")


def test_the_named_tuples_a_search_loads_are_built_from_evaluated_annotations(tmp_path: Path) -> None:
    """typing.NamedTuple compiles each field annotation given as a string: a module a search loads
    that defines one must not turn every annotation into a string."""
    import importlib.util

    imported("search", "算力", "--json")
    stringly = []
    for name in sorted(m for m in loaded(tmp_path, "search", "算力", "--json") if m.startswith("cyfacts")):
        spec = importlib.util.find_spec(name)
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
        if "(NamedTuple):" in source and "\nfrom __future__ import annotations" in source:
            stringly.append(name)
    assert stringly == []
