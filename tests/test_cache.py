"""The cached index: never stale, never inside the deck, never trusted when damaged or foreign."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyfacts.cli import app
from cyfacts.environment import Environment
from cyfacts.errors import UsageError
from cyfacts.index import progress
from cyfacts.index.build import Catalog
from cyfacts.index.cache import FORMAT, HEADER_BYTES, CacheMissError, layout, read_cache
from cyfacts.index.catalog import with_catalog
from cyfacts.index.store import cache_file
from cyfacts.settings import CACHE_ENV, Settings
from tests.cards import card, write_deck
from tests.runner import invoke

runner = CliRunner()


def ids(deck: Path, query: str = "经济总量") -> list[str]:
    result = runner.invoke(app, ["--facts", str(deck), "search", query, "--json"])
    assert result.exit_code in (0, 1), result.output
    return [r["id"] for r in json.loads(result.stdout)]


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "deck", {"demo-gdp-2024": card()})


def the_cache(deck: Path) -> Path:
    folder = Settings(os.environ).cache_dir
    assert folder is not None
    return cache_file(deck, folder)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({CACHE_ENV: "/x/cache"}, Path("/x/cache")),
        ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/cyfacts")),
        ({CACHE_ENV: "/x/cache", "XDG_CACHE_HOME": "/xdg"}, Path("/x/cache")),
    ],
)
def test_cache_folder(env: dict[str, str], expected: Path) -> None:
    assert Settings(env).cache_dir == expected


def test_cache_lives_outside_the_deck(deck: Path) -> None:
    assert ids(deck) == ["demo-gdp-2024"]
    assert the_cache(deck).is_file()
    assert [p.name for p in deck.rglob("*") if p.is_file() and p.suffix != ".yaml"] == []


@pytest.mark.parametrize("change", ["add", "edit", "remove"])
def test_any_change_to_the_deck_rebuilds_the_cache(deck: Path, change: str) -> None:
    assert ids(deck) == ["demo-gdp-2024"]
    folder = deck / "demo"
    if change == "add":
        (folder / "demo-gdp-2023.yaml").write_text(card("demo-gdp-2023"), encoding="utf-8")
        assert ids(deck) == ["demo-gdp-2023", "demo-gdp-2024"]
    elif change == "edit":
        text = card(claim="claim: 2024年示例地区的国内生产总值为8.7万亿元。", tags="tags: [国内生产总值, GDP]")
        (folder / "demo-gdp-2024.yaml").write_text(text + "# edited\n", encoding="utf-8")
        assert ids(deck) == []
        assert ids(deck, "国内生产总值") == ["demo-gdp-2024"]
    else:
        (folder / "demo-gdp-2024.yaml").unlink()
        (folder / "demo-other.yaml").write_text(card("demo-other", tags="tags: [其他, other]"), encoding="utf-8")
        assert ids(deck, "其他") == ["demo-other"]


def test_a_read_only_deck_works(deck: Path) -> None:
    for path in [*deck.rglob("*"), deck]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert ids(deck) == ["demo-gdp-2024"]
    finally:
        for path in [deck, *deck.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a cache at all",
        b"\x00" * 4096,
        json.dumps({"magic": "cyfacts-index", "format": FORMAT + 1}).encode().ljust(HEADER_BYTES),
        json.dumps({"magic": "cyfacts-index", "format": FORMAT, "version": "0.0.0"}).encode().ljust(HEADER_BYTES),
    ],
    ids=["empty", "foreign", "zeros", "newer-format", "older-version"],
)
def test_a_damaged_or_foreign_cache_is_rebuilt(deck: Path, damage: bytes) -> None:
    assert ids(deck) == ["demo-gdp-2024"]
    the_cache(deck).write_bytes(damage)
    assert ids(deck) == ["demo-gdp-2024"]
    assert the_cache(deck).read_bytes()[: len(b'{"magic"')] == b'{"magic"'


def test_a_truncated_cache_is_rebuilt(deck: Path) -> None:
    assert ids(deck) == ["demo-gdp-2024"]
    data = the_cache(deck).read_bytes()
    the_cache(deck).write_bytes(data[: len(data) // 2])
    assert ids(deck) == ["demo-gdp-2024"]


def test_no_temporary_files_are_left_behind(deck: Path) -> None:
    ids(deck)
    assert [p.name for p in the_cache(deck).parent.iterdir() if p.name.startswith(".tmp-")] == []


def test_two_runs_at_once_both_answer_correctly(deck: Path) -> None:
    command = [sys.executable, "-m", "cyfacts", "--facts", str(deck), "search", "经济总量", "--json"]
    for _ in range(3):
        the_cache(deck).unlink(missing_ok=True)
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
        assert all(json.loads(out)[0]["id"] == "demo-gdp-2024" for out, _ in outputs)


def test_what_work_raises_on_a_stale_cache_is_not_the_answer(deck: Path) -> None:
    """The work runs on the cache before the deck is known to be unchanged; what it answers or
    raises there counts only if the deck did not change."""
    assert ids(deck) == ["demo-gdp-2024"]
    (deck / "demo" / "demo-gdp-2024.yaml").unlink()
    (deck / "demo" / "demo-new.yaml").write_text(card("demo-new"), encoding="utf-8")
    seen: list[list[str]] = []

    def work(catalog: Catalog) -> list[str]:
        found = [c.id for c in catalog.deck.cards]
        seen.append(found)
        if "demo-gdp-2024" in found:
            raise UsageError("raised on the stale cache")
        return found

    environment = Environment(stderr=io.StringIO())
    assert with_catalog(deck, environment, work) == ["demo-new"]
    assert seen == [["demo-gdp-2024"], ["demo-new"]]


def test_what_work_raises_on_a_current_cache_is_raised(deck: Path) -> None:
    assert ids(deck) == ["demo-gdp-2024"]

    def failing(catalog: Catalog) -> None:
        raise UsageError(f"no unit for {len(catalog.deck.cards)} card")

    with pytest.raises(UsageError, match="no unit for 1 card"):
        with_catalog(deck, Environment(stderr=io.StringIO()), failing)


class Ticks:
    def __init__(self, *times: float) -> None:
        self.times = list(times)

    def __call__(self) -> float:
        return self.times.pop(0) if len(self.times) > 1 else self.times[0]


def test_progress_is_silent_under_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cyfacts.index.progress.time.monotonic", Ticks(0.0, 0.5, 0.9, 0.95))
    stream = io.StringIO()
    bar = progress.Progress(stream, 1000)
    bar(500)
    bar(1000)
    bar.finish()
    assert stream.getvalue() == ""


def test_progress_reports_slow_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cyfacts.index.progress.time.monotonic", Ticks(0.0, 1.5, 3.0, 4.0))
    stream = io.StringIO()
    bar = progress.Progress(stream, 100_000)
    bar(50_000)
    bar(100_000)
    bar.finish()
    assert stream.getvalue() == (
        "cyfacts: indexing cards (100,000 files), once until the deck changes…\n"
        "cyfacts: indexed 100,000 files in 4.0 s\n"
    )


# The shape of card, figure and source each cache format was written for. Adding a field to one of
# them changes `layout()`: bump FORMAT in index/cache.py and record the new shape here.
_FORMAT_4_LAYOUT = (
    "card:id,claim,claim_en,quote,source,section,subsection,speaker,theme,year,year_inferred,as_of,kind,"
    "figures,tags,note,path;figure:value,unit,qualifier,normalized,base_unit,metric;"
    "source:id,title,title_en,publisher,date,year,year_inferred,year_note,seed,sections,path;"
    "section:heading,heading_en,theme,expert;expert:name,affiliation"
)
_FORMAT_7_LAYOUT = (
    "card:id,claim,claim_en,quote,source,section,subsection,speaker,theme,year,year_inferred,as_of,kind,"
    "places,figures,tags,note,path;figure:value,unit,qualifier,normalized,base_unit,metric;"
    "source:id,title,title_en,publisher,date,page,url,accessed,year,year_inferred,year_note,seed,text,"
    "sections,path;section:heading,heading_en,theme,expert;expert:name,affiliation;"
    "place:name,en,pinyin,aliases,within;label:zh,en"
)
FORMAT_LAYOUTS = {
    # 16 to 9: format 8's model; 谁 is a filler (16); no word of a filler stuck to a word (15); 末 and
    # 底 are fillers (14); the deck config keeps whether it could be read (13); the columns hold each card's figures in
    # base units (12) and what they measure (11); the vocabulary's English words include the parts of
    # hyphenated ones (10), its filler words cover every one-character stop word (9).
    16: _FORMAT_7_LAYOUT,
    15: _FORMAT_7_LAYOUT,
    14: _FORMAT_7_LAYOUT,
    13: _FORMAT_7_LAYOUT,
    12: _FORMAT_7_LAYOUT,
    11: _FORMAT_7_LAYOUT,
    10: _FORMAT_7_LAYOUT,
    9: _FORMAT_7_LAYOUT,
    # 8: format 7's model (deck config, places) in format 5's file (rows checksummed, a file table
    # for updates, the body checked in pieces), with the vocabulary and the cards' sources.
    8: _FORMAT_7_LAYOUT,
    7: _FORMAT_7_LAYOUT,
    # 5: the same model as 4; rows checksummed, a file table for updates, the body checked in pieces.
    5: _FORMAT_4_LAYOUT,
    4: _FORMAT_4_LAYOUT,
}


def test_the_cache_format_is_bumped_whenever_the_models_shape_changes() -> None:
    assert FORMAT_LAYOUTS.get(FORMAT) == layout(), "the model changed: bump FORMAT and record its layout"


def test_a_cache_written_for_another_shape_is_not_read(deck: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("--facts", str(deck), "search", "GDP").exit_code == 0
    monkeypatch.setattr("cyfacts.index.cache.layout_hash", lambda: "00000000")
    with pytest.raises(CacheMissError, match="another shape"):
        read_cache(the_cache(deck))
