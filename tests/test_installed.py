"""The real installed command in a subprocess: from the checkout (editable) and from a built wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cards import write_sources
from tests.conftest import REPO

SCRIPTS = Path(sys.executable).parent
CYFACTS = SCRIPTS / ("cyfacts.exe" if os.name == "nt" else "cyfacts")


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CYFACTS_FACTS"} | env
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def cyfacts() -> Path:
    if not CYFACTS.exists():
        pytest.skip(f"cyfacts is not installed beside {sys.executable}; run the tests with `uv run pytest`")
    return CYFACTS


def test_installed_command_finds_the_bundled_deck_from_any_folder(cyfacts: Path, tmp_path: Path) -> None:
    result = run([str(cyfacts), "search", "算力", "--json"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "ind-computing-power-2025-08"
    assert result.stderr == ""


def test_exit_codes_from_a_real_process(cyfacts: Path, tmp_path: Path) -> None:
    assert run([str(cyfacts), "search", "比特币"], cwd=tmp_path).returncode == 1
    usage = run([str(cyfacts), "search", "算力", "--theme", "economy"], cwd=tmp_path)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr


def test_piping_into_head_stops_quietly(cyfacts: Path, tmp_path: Path) -> None:
    for flags in ("--json", "", "--format table"):
        result = run(["sh", "-c", f"'{cyfacts}' search 成渝 --limit 500 {flags} | head -1"], cwd=tmp_path)
        assert result.returncode == 0
        assert result.stdout.count("\n") == 1
        assert result.stderr == "", result.stderr


def test_no_ansi_codes_in_a_pipe(cyfacts: Path, tmp_path: Path) -> None:
    result = run([str(cyfacts), "stats"], cwd=tmp_path)
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="sweep helpers are forked processes; no fork here")
def test_forked_sweep_helpers_in_a_real_process(cyfacts: Path, tmp_path: Path) -> None:
    """Helpers forced on a small deck: the answer, the exit code and the streams are as without them,
    and an edit made between runs is seen."""
    deck = write_sources(tmp_path / "deck")
    command = [str(cyfacts), "--facts", str(deck), "search", "经济总量", "--json", "--limit", "100"]
    answers = [run(command, cwd=tmp_path, CYFACTS_SWEEP_HELPERS=helpers) for helpers in ("0", "3", "3")]
    assert [a.returncode for a in answers] == [0, 0, 0]
    assert [a.stderr for a in answers] == ["", "", ""]
    assert answers[1].stdout == answers[0].stdout == answers[2].stdout
    (deck / "src0" / "src0-card0.yaml").unlink()
    after = run(command, cwd=tmp_path, CYFACTS_SWEEP_HELPERS="3")
    assert after.returncode == 0, after.stderr
    assert "src0-card0" not in [record["id"] for record in json.loads(after.stdout)]
    assert len(json.loads(after.stdout)) == len(json.loads(answers[0].stdout)) - 1


def test_a_bad_helpers_setting_is_a_usage_error(cyfacts: Path, tmp_path: Path) -> None:
    result = run([str(cyfacts), "search", "算力"], cwd=tmp_path, CYFACTS_SWEEP_HELPERS="many", CYFACTS_LANG="en")
    assert result.returncode == 2
    assert result.stderr.startswith("cyfacts: CYFACTS_SWEEP_HELPERS must be a whole number from 0 to 3, not 'many'")


def test_wheel_ships_the_deck(tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        message = "building and installing the wheel needs uv on PATH"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must prove the wheel, never skip it
        pytest.skip(message)
    dist = tmp_path / "dist"
    build = run(["uv", "build", "--wheel", "--out-dir", str(dist), str(REPO)], cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    (wheel,) = dist.glob("cyfacts-*.whl")
    venv = tmp_path / "venv"
    assert run(["uv", "venv", "--quiet", str(venv)], cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    install = run(["uv", "pip", "install", "--quiet", "--python", str(python), str(wheel)], cwd=tmp_path)
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run([str(venv / "bin" / "cyfacts"), "search", "算力", "--json"], cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)[0]
    assert record["id"] == "ind-computing-power-2025-08"
    assert "/_deck/" in record["file"] or record["file"].startswith("_deck/")
    counted = run([str(venv / "bin" / "cyfacts"), "validate"], cwd=elsewhere)
    assert counted.returncode == 0, counted.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"TERM": "dumb"},
        {"NO_COLOR": "1"},
        {"COLUMNS": "20"},
        {"PYTHONIOENCODING": "ascii"},
    ],
    ids=["lang-c", "term-dumb", "no-color", "columns-20", "ascii-io"],
)
def test_any_terminal_or_locale_gives_readable_output_and_valid_json(
    cyfacts: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    table = run([str(cyfacts), "search", "算力"], cwd=tmp_path, **env)
    assert table.returncode == 0, table.stderr
    assert "\x1b[" not in table.stdout
    assert "ind-computing" in table.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    data = subprocess.run(
        [str(cyfacts), "search", "算力", "--json"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "CYFACTS_FACTS"} | env,
        check=False,
    )
    assert data.returncode == 0
    assert json.loads(data.stdout.decode("utf-8"))[0]["claim"].startswith("截至2025年8月")


def test_control_characters_in_a_query_are_never_echoed_raw(cyfacts: Path, tmp_path: Path) -> None:
    result = run([str(cyfacts), "search", "\x1b[31m比特币\x07"], cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert "\\x1b" in result.stderr


def test_a_huge_query_is_refused_clearly(cyfacts: Path, tmp_path: Path) -> None:
    words = ["算力"] * 50_000  # 150,000 characters over many arguments
    result = run([str(cyfacts), "search", *words, "--lang", "en"], cwd=tmp_path)
    assert result.returncode == 2
    assert "characters long; at most 500 are read" in result.stderr
    assert "Traceback" not in result.stderr
