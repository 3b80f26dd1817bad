"""What the environment does to a run gives a clear message, never an internal error or a hang
(issue 13, item 12): no home folder, an unwritable cache folder, a pipe where the cache should be, a
full disk, a closed stdout, a bad setting, Ctrl-C while the command loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cards import card, write_deck
from tests.runner import invoke

SCRIPTS = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (the default is Chinese), for runs in a subprocess too."""
    monkeypatch.setenv("CYFACTS_LANG", "en")


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})


def found(result_stdout: str) -> bool:
    return '"id": "demo-gdp-2024"' in result_stdout


def test_no_home_folder_runs_without_a_cache_and_says_so(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    for name in ("HOME", "CYFACTS_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    for _ in range(2):
        result = invoke("--facts", str(deck), "--lang", "en", "search", "GDP", "--json")
        assert result.exit_code == 0, result.stderr
        assert found(result.stdout)
        assert result.stderr == (
            f"cyfacts: no cache folder (HOME is not set and user {os.getuid()} has no home folder); the deck is "
            "indexed anew on every run; set CYFACTS_CACHE_DIR to a folder to keep the index\n"
        )


def test_an_unwritable_cache_folder_is_said_every_run(deck: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache = blocker / "cache"  # cannot be made: its parent is a file (as root, permissions would not stop us)
    for _ in range(2):
        result = invoke(
            "--facts", str(deck), "--lang", "en", "search", "GDP", "--json", env={"CYFACTS_CACHE_DIR": str(cache)}
        )
        assert result.exit_code == 0
        assert found(result.stdout)
        assert result.stderr == (
            f"cyfacts: cannot write the cache in {cache}: Not a directory; the deck is indexed anew on every run; "
            "set CYFACTS_CACHE_DIR to a folder you can write\n"
        )


def test_a_pipe_at_the_cache_path_never_blocks(deck: Path, tmp_path: Path) -> None:
    from cyfacts.index.store import cache_file

    cache = tmp_path / "cache"
    cache.mkdir()
    path = cache_file(deck, cache)
    os.mkfifo(path)
    command = [str(SCRIPTS / "cyfacts"), "--facts", str(deck), "search", "GDP", "--json"]
    environment = {**os.environ, "CYFACTS_CACHE_DIR": str(cache)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, env=environment, check=False)
    assert result.returncode == 0
    assert found(result.stdout)
    assert result.stderr == f"cyfacts: the cache path {path} is a pipe, not a file; the index is written in its place\n"
    assert path.is_file()  # the next run uses the cache


def shell(command: str, deck: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CYFACTS_CACHE_DIR": str(tmp_path / "cache"), "DECK": str(deck)}
    environment["CYFACTS"] = str(SCRIPTS / "cyfacts")
    return subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, timeout=60, env=environment, check=False
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "args", ["search GDP --json", "search GDP", "export", "list --csv", "show demo-gdp-2024", "cache"]
)
def test_a_full_disk_is_a_clear_error(deck: Path, tmp_path: Path, args: str) -> None:
    result = shell(f'"$CYFACTS" --facts "$DECK" {args} > /dev/full', deck, tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("cyfacts: cannot write the output: No space left on device\n"), result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


@pytest.mark.parametrize("args", ["search GDP --json", "--help", "validate"])
def test_a_closed_stdout_is_a_clear_error(deck: Path, tmp_path: Path, args: str) -> None:
    result = shell(f'"$CYFACTS" --facts "$DECK" {args} >&-', deck, tmp_path)
    assert result.returncode == 2
    assert result.stderr == "cyfacts: standard output is closed; nothing can be written (send it to a file or a pipe)\n"


def test_a_closed_stderr_still_answers(deck: Path, tmp_path: Path) -> None:
    result = shell('"$CYFACTS" --facts "$DECK" search GDP --json 2>&-', deck, tmp_path)
    assert result.returncode == 0
    assert found(result.stdout)


@pytest.mark.parametrize("value", ["²", "٣", "1.5", "many"])
def test_a_bad_helpers_setting_is_a_usage_error(deck: Path, value: str) -> None:
    result = invoke("--facts", str(deck), "--lang", "en", "search", "GDP", env={"CYFACTS_SWEEP_HELPERS": value})
    assert result.exit_code == 2
    assert result.stderr == (
        f"cyfacts: CYFACTS_SWEEP_HELPERS must be a whole number from 0 to 3, not {value!r}\n"
        "  unset it to let cyfacts choose\n"
    )


# Ctrl-C arrives while one module is being imported (the one named), as a real one may at any moment.
INTERRUPTED_IMPORT = """
import os, signal, sys
module, deck = sys.argv[1:]
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == module:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["cyfacts", "--facts", deck, "search", "GDP"]
from cyfacts.__main__ import main
main()
"""


@pytest.mark.parametrize(
    "module", ["typer", "cyfacts.render.plain", "cyfacts.cli.lookup", "cyfacts.index.catalog", "yaml"]
)
def test_ctrl_c_while_the_command_loads_never_prints_a_traceback(deck: Path, tmp_path: Path, module: str) -> None:
    environment = {**os.environ, "CYFACTS_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT, module, str(deck)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert "KeyboardInterrupt" not in result.stderr
    assert result.returncode in (-2, 130)  # ended by the signal while loading; exit 130 once loaded
    leftovers = [p.name for p in (tmp_path / "cache").glob(".tmp-*")] if (tmp_path / "cache").exists() else []
    assert leftovers == []
