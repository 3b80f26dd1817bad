"""The index store never gives a wrong answer (issue 13, items 1, 2, 3, 5 and 11): a read error that
passes is not remembered, a damaged cache is never trusted, an edit that restores the old time is
seen, one deck has one cache however it is named, and no run leaves a temporary file behind."""

from __future__ import annotations

import errno
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cards import card, write_deck
from tests.runner import CliResult, invoke

NEW_CLAIM = "claim: 2024年示例地区的经济总量为9.9万亿元。"


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English (the default is Chinese), for runs in a subprocess too."""
    monkeypatch.setenv("CYFACTS_LANG", "en")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CYFACTS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "deck", {"demo-gdp-2024": card(), "demo-other": card("demo-other")})


def run(deck: Path, *args: str) -> CliResult:
    return invoke(
        "--facts", str(deck), *args, env={"CYFACTS_CACHE_DIR": os.environ["CYFACTS_CACHE_DIR"], "CYFACTS_LANG": "en"}
    )


def ids(deck: Path, query: str = "经济总量") -> list[str]:
    result = run(deck, "search", query, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return [record["id"] for record in result.json()]


def cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".idx") and not p.name.startswith(".tmp-"))


def the_cache(folder: Path) -> Path:
    (path,) = cache_files(folder)
    return path


# --- 1. a read error that passes is not remembered --------------------------------------------------


def failing_once(monkeypatch: pytest.MonkeyPatch, name: str, error: OSError) -> None:
    """Reading the named card file fails once, as it would for a moment on a real system."""
    from cyfacts.deck import files

    read = files.read_small_file
    failed: list[str] = []

    def flaky(path: Path | str, *args: Any) -> bytes:
        if Path(path).name == name and not failed:
            failed.append(name)
            raise error
        return read(path, *args)

    monkeypatch.setattr(files, "read_small_file", flaky)


def test_a_passing_read_error_is_read_again_next_run(deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failing_once(monkeypatch, "demo-other.yaml", OSError(errno.EIO, "Input/output error"))
    first = run(deck, "search", "经济总量", "--json")
    assert "demo-other.yaml:1: cannot read file: Input/output error" in first.stderr
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]  # nothing changed on disk; the file is read again


def test_a_permission_fixed_with_chmod_is_seen(deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod changes only a file's change time: the fingerprint holds it."""
    failing_once(monkeypatch, "demo-other.yaml", PermissionError(errno.EACCES, "Permission denied"))
    assert ids(deck) == ["demo-gdp-2024"]
    os.chmod(deck / "demo" / "demo-other.yaml", 0o600)
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    assert run(deck, "show", "demo-other", "--json").exit_code == 0


# --- 2. a damaged cache is never trusted ------------------------------------------------------------


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    row = data.rfind(b'"demo-gdp-2024"')  # the card's row: the last place its id is written
    if how == "random bytes over a row":
        rng = random.Random(7)
        data[row : row + 200] = bytes(rng.randrange(256) for _ in range(200))
    elif how == "a figure in a row":
        at = data.find("8.7万亿元".encode(), row)
        data[at : at + 3] = b"9.9"
    elif how == "a bracket in a row":
        at = data.find(b"[", row)
        data[at] = ord("{")
    elif how == "a text buffer":
        at = data.find("经济总量".encode())  # first in the claims' buffer
        data[at : at + 12] = "港口吞吐".encode()
    elif how == "the metadata":
        data[-40:-20] = bytes(20)
    elif how == "the file table":
        header = json.loads(data[: data.index(b"\n")])
        offset = header["table"][0]
        data[offset + 10 : offset + 30] = bytes(20)
    path.write_bytes(bytes(data))


DAMAGES = [
    "random bytes over a row",
    "a figure in a row",
    "a bracket in a row",
    "a text buffer",
    "the metadata",
    "the file table",
]


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_cache_is_never_trusted(deck: Path, cache: Path, how: str) -> None:
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    card_as_written = run(deck, "show", "demo-gdp-2024", "--json").json()
    damage(the_cache(cache), how)
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    damage(the_cache(cache), how)
    shown = run(deck, "show", "demo-gdp-2024", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json() == card_as_written
    damage(the_cache(cache), how)
    exported = run(deck, "export", "--format", "json")
    assert exported.exit_code == 0, exported.stderr
    assert [c["id"] for c in json.loads(exported.stdout)] == ["demo-gdp-2024", "demo-other"]
    assert exported.stderr == ""


def test_a_cache_cut_short_while_export_reads_it_is_a_clear_error(deck: Path, cache: Path) -> None:
    """What a run cannot read any more (another program truncated the file) is said, never a
    crash: the cache is read, not mapped, so there is no SIGBUS to die of."""
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    script = (
        "import os, sys\n"
        "from cyfacts.index import rows\n"
        "read, cache = rows.line_card, sys.argv[1]\n"
        "def cut(line):\n"
        "    os.truncate(cache, 100)\n"
        "    return read(line)\n"
        "rows.line_card = cut\n"
        "sys.argv = ['cyfacts', '--facts', sys.argv[2], 'export']\n"
        "from cyfacts.__main__ import main\n"
        "main()\n"
    )
    result = run_script(script, the_cache(cache), deck)
    assert result.returncode == 2, result.stderr
    assert result.stderr == "cyfacts: the cache file was cut short while it was read\n"
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]  # and the next run builds it anew


# --- 3. an edit that restores the old time --------------------------------------------------------


def test_an_edit_with_the_old_modification_time_restored_is_seen(deck: Path, cache: Path) -> None:
    assert ids(deck, "9.9万亿元") == []
    path = deck / "demo" / "demo-gdp-2024.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("8.7万亿元。", "9.9万亿元。")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # what `touch -d "$old"` does
    assert path.stat().st_size == before.st_size
    assert ids(deck, "9.9万亿元") == ["demo-gdp-2024"]


# --- 5. one deck, one cache -------------------------------------------------------------------------


def test_one_deck_has_one_cache_however_it_is_named(
    deck: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "cyfacts.index.update.racy_window", lambda folders: -(10**18)
    )  # the files were written just now
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(deck)
    spellings = [
        (tmp_path, "deck"),
        (tmp_path, str(deck)),
        (tmp_path / "elsewhere", "../deck"),
        (tmp_path, "link"),
        (deck / "demo", ".."),
    ]
    identities = []
    for folder, spelling in spellings:
        monkeypatch.chdir(folder)
        assert ids(Path(spelling)) == ["demo-gdp-2024", "demo-other"]
        found = the_cache(cache).stat()
        identities.append((found.st_ino, found.st_mtime_ns))
    assert len(set(identities)) == 1  # built once, never rebuilt


# --- 11. no temporary file is left behind -----------------------------------------------------------


def run_script(script: str, *args: Path) -> subprocess.CompletedProcess[str]:
    """A Python script run as its own process, with `args` as sys.argv[1:]."""
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def temporary_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-")) if folder.is_dir() else []


def test_a_cache_path_taken_by_a_folder_leaks_nothing_and_says_so(deck: Path, cache: Path) -> None:
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    path = the_cache(cache)
    path.unlink()
    path.mkdir()
    for _ in range(3):
        result = run(deck, "search", "经济总量", "--json")
        assert result.exit_code == 0
        assert f"cyfacts: cannot write the cache: {path} is a folder" in result.stderr
    assert temporary_files(cache) == []


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed files", "named temporary files"])
def test_an_interrupted_write_leaks_nothing(
    deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    from cyfacts.index import write

    if not unnamed:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    monkeypatch.setattr(write, "piece_crcs", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    assert invoke("--facts", str(deck), "search", "GDP", env={"CYFACTS_CACHE_DIR": str(cache)}).exit_code != 0
    assert temporary_files(cache) == []


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_a_run_killed_while_it_writes_the_cache_leaks_nothing(deck: Path, cache: Path, signal_name: str) -> None:
    script = (
        "import os, signal, sys\n"
        "from cyfacts.index import write\n"
        "copy = write.copy_region\n"
        "def killed(*args):\n"
        "    copy(*args)\n"
        f"    os.kill(os.getpid(), signal.{signal_name})\n"
        "write.copy_region = killed\n"
        "sys.argv = ['cyfacts', '--facts', sys.argv[1], 'search', 'GDP']\n"
        "from cyfacts.__main__ import main\n"
        "main()\n"
    )
    for unnamed in (True, False):
        prelude = "" if unnamed else "import os\ndel os.O_TMPFILE\n"
        result = run_script(prelude + script, deck)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr
        if signal_name != "SIGKILL" or unnamed:  # a named file outlives kill -9: it is swept later (below)
            assert temporary_files(cache) == [], (signal_name, unnamed)


def test_stale_temporary_files_are_swept_fresh_ones_kept(deck: Path, cache: Path) -> None:
    cache.mkdir()
    stale, fresh = cache / ".tmp-stale.idx", cache / ".tmp-fresh.idx"
    for path in (stale, fresh):
        path.write_bytes(b"x" * 100)
    hours_ago = time.time() - 3 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    (cache / "notes.txt").write_text("not ours", encoding="utf-8")
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    assert temporary_files(cache) == [".tmp-fresh.idx"]
    assert (cache / "notes.txt").exists()


def test_a_cache_known_to_be_as_written_is_not_checksummed_again(
    deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its numbers (change time, inode …) are those recorded when it was written: nothing wrote to
    it since. Any write changes them, and then every part read is checked again."""
    from cyfacts.index import cache as cached

    monkeypatch.setattr("cyfacts.index.update.racy_window", lambda folders: -(10**18))  # written just now
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    checked: list[int | None] = []
    for name in ("read_blob", "mapped_blob"):
        load = getattr(cached, name)

        def spied(*args: Any, load: Any = load) -> Any:
            checked.append(args[-1])  # the CRC it is checked against, None when not checked
            return load(*args)

        monkeypatch.setattr(cached, name, spied)
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    assert checked
    assert set(checked) == {None}
    os.utime(the_cache(cache))  # a write would do the same: change its change time
    checked.clear()
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    assert checked
    assert None not in checked


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="file leases are Linux's")
def test_no_other_program_can_cut_the_cache_short_while_a_search_maps_it(
    deck: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search maps the cache file under a read lease: a program that opens it to truncate it
    meanwhile waits until the run ends, or fails at once if it will not wait (coreutils'
    truncate), so the mapping is never cut short under the search (SIGBUS)."""
    monkeypatch.setattr("cyfacts.index.update.racy_window", lambda folders: -(10**18))  # written just now
    assert ids(deck) == ["demo-gdp-2024", "demo-other"]
    script = (
        "import subprocess, sys\n"
        "from cyfacts.search import ranking\n"
        "find, cache, deck = ranking.find, sys.argv[1], sys.argv[2]\n"
        "def cut_then_search(*args, **kwargs):\n"
        "    done = subprocess.run(['truncate', '-s', '100', cache], capture_output=True, text=True)\n"
        "    sys.stderr.write(f'truncate: {done.returncode}\\n')\n"
        "    return find(*args, **kwargs)\n"
        "ranking.find = cut_then_search\n"
        "sys.argv = ['cyfacts', '--facts', deck, 'search', '经济总量', '--json']\n"
        "from cyfacts.__main__ import main\n"
        "main()\n"
    )
    result = run_script(script, the_cache(cache), deck)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "truncate: 1\n"  # refused: the file is leased
    assert [r["id"] for r in json.loads(result.stdout)] == ["demo-gdp-2024", "demo-other"]
