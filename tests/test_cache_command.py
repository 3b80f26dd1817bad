"""A cache that tidies itself, and `cyfacts cache` to see and empty it (issue 13): caches of decks that
no longer exist and of other versions go, and the command shows where the cache is, its size and
the decks it holds."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from cyfacts.index.cache import HEADER_BYTES, MAGIC
from tests.cards import card, write_deck
from tests.runner import invoke


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def run(cache: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(*args, env={"CYFACTS_CACHE_DIR": str(cache)})
    return result.exit_code, result.stdout, result.stderr


def make_decks(tmp_path: Path, count: int) -> list[Path]:
    return [write_deck(tmp_path / f"deck{n}", {f"demo-card{n}": card(f"demo-card{n}")}) for n in range(count)]


def old_format_cache(folder: Path) -> Path:
    """A cache file as an older cyfacts wrote it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "deck-00000000deadbeef.idx"
    header = json.dumps({"magic": MAGIC, "format": 4, "fingerprint": "x-1"}).encode()
    path.write_bytes(header.ljust(511) + b"\n" + b"\0" * 4096)
    return path


def test_caches_of_removed_decks_and_older_versions_are_removed(tmp_path: Path, cache: Path) -> None:
    decks = make_decks(tmp_path, 3)
    for deck in decks:
        assert run(cache, "--facts", str(deck), "search", "GDP")[0] == 0
    old = old_format_cache(cache)
    foreign = cache / "someone-elses.txt"
    foreign.write_text("not ours", encoding="utf-8")
    assert len(list(cache.glob("deck-*.idx"))) == 4
    shutil.rmtree(decks[0])
    shutil.rmtree(decks[1])
    fresh = make_decks(tmp_path / "new", 1)[0]  # any run that writes a cache tidies the folder
    assert run(cache, "--facts", str(fresh), "search", "GDP")[0] == 0
    remaining = [json.loads(p.read_bytes()[:HEADER_BYTES])["deck"] for p in cache.glob("deck-*.idx")]
    assert sorted(remaining) == sorted([str(decks[2]), str(fresh)])
    assert not old.exists()
    assert foreign.exists()


def test_the_cache_command_shows_the_folder_its_size_and_decks(tmp_path: Path, cache: Path) -> None:
    decks = make_decks(tmp_path, 2)
    for deck in decks:
        run(cache, "--facts", str(deck), "search", "GDP")
    code, out, err = run(cache, "cache")
    assert code == 0, err
    lines = out.splitlines()
    total = sum(p.stat().st_size for p in cache.glob("*.idx"))
    assert lines[0] == f"cache folder: {cache}"
    assert lines[1] == f"2 decks, {total / 1e6:,.1f} MB"
    assert sorted(line.split()[-1] for line in lines[2:]) == sorted(map(str, decks))
    assert all("1 cards" in line for line in lines[2:])
    record = json.loads(run(cache, "cache", "--json")[1])
    assert record["folder"] == str(cache)
    assert record["bytes"] == total
    assert sorted(c["deck"] for c in record["caches"]) == sorted(map(str, decks))


def test_the_cache_command_names_temporary_files_left_by_killed_runs(tmp_path: Path, cache: Path) -> None:
    run(cache, "--facts", str(make_decks(tmp_path, 1)[0]), "search", "GDP")
    (cache / ".tmp-left.idx").write_bytes(b"x" * 2_000_000)
    out = run(cache, "cache")[1]
    assert out.splitlines()[-1] == (
        "1 temporary file(s), 2.0 MB, left by runs that were killed: removed after an hour, or by --clear"
    )


def test_clear_empties_the_cache_of_our_files_only(tmp_path: Path, cache: Path) -> None:
    deck = make_decks(tmp_path, 1)[0]
    run(cache, "--facts", str(deck), "search", "GDP")
    old_format_cache(cache)
    (cache / ".tmp-left.idx").write_bytes(b"x")
    (cache / "notes.txt").write_text("someone else's", encoding="utf-8")
    size = sum(p.stat().st_size for p in cache.glob("*.idx"))
    code, out, _ = run(cache, "cache", "--clear")
    assert code == 0
    assert out == f"removed 3 files ({size / 1e6:,.1f} MB) from {cache}\n"
    assert [p.name for p in cache.iterdir()] == ["notes.txt"]
    assert run(cache, "cache")[1].splitlines()[1] == "0 decks, 0.0 MB"
    assert run(cache, "--facts", str(deck), "search", "GDP")[0] == 0  # and the cache is built anew


def test_without_a_home_folder_the_cache_command_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    for name in ("HOME", "CYFACTS_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: (_ for _ in ()).throw(KeyError(uid)))
    result = invoke("cache")
    assert result.exit_code == 0
    assert result.stdout == (
        f"no cache folder: HOME is not set and user {os.getuid()} has no home folder; "
        "set CYFACTS_CACHE_DIR to keep one\n"
    )


def test_a_new_user_s_cache_stays_small(tmp_path: Path, cache: Path) -> None:
    """Tried as a new user would: many decks come and go; the cache keeps only the live ones."""
    for round_number in range(5):
        decks = make_decks(tmp_path / f"round{round_number}", 3)
        for deck in decks:
            run(cache, "--facts", str(deck), "search", "GDP")
        for deck in decks[:2]:
            shutil.rmtree(deck)
        time.sleep(0.01)
    run(cache, "--facts", str(make_decks(tmp_path / "last", 1)[0]), "search", "GDP")
    assert len(list(cache.glob("deck-*.idx"))) == 5 + 1  # one live deck per round, and the last
