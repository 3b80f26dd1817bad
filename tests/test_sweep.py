"""The deck's fingerprint, taken serially or by forked helpers: the same either way, and changed by
any change to a card file."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cyfacts.cli import app
from cyfacts.deck.layout import source_folders
from cyfacts.errors import UsageError
from cyfacts.index import fingerprint as sweep
from cyfacts.index.fingerprint import (
    CHUNK_FILES,
    MAX_TASKS,
    WHOLE_FOLDERS_FROM,
    Sweep,
    SweepState,
    helpers_for,
    plan,
)
from cyfacts.settings import HELPERS_ENV, Settings
from tests.cards import FILES, FOLDERS, SOURCE, card, write_sources
from tests.runner import english

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="helpers are forked processes; no fork here")


def fingerprint(root: Path, helpers: int) -> SweepState:
    with Sweep.start(source_folders(root), helpers=helpers) as running:
        return running.finish()


@pytest.mark.parametrize(
    ("folders", "files", "tasks"),
    [
        (1, 0, [[0]]),  # an empty source folder still counts: what is nested in it, say
        (1, 3, [[3]]),
        (1, 2 * CHUNK_FILES + 1, [[CHUNK_FILES], [CHUNK_FILES], [1]]),  # one huge folder is shared out
        (2, CHUNK_FILES + 1, [[CHUNK_FILES], [1], [CHUNK_FILES], [1]]),
        (WHOLE_FOLDERS_FROM, 3, [[None]] * WHOLE_FOLDERS_FROM),  # many folders: each listed by its sweeper
    ],
)
def test_plan_cuts_the_sweep_into_tasks(
    tmp_path: Path, folders: int, files: int, tasks: list[list[int | None]]
) -> None:
    paths = []
    for number in range(folders):
        folder = tmp_path / f"f{number}"
        folder.mkdir()
        for item in range(files):
            (folder / f"{item}.yaml").touch()
        (folder / "notes.md").touch()  # not a card file
        paths.append(str(folder))
    planned = plan(paths)
    assert [[None if p.names is None else len(p.names) for p in task] for task in planned] == tasks
    if files and folders < WHOLE_FOLDERS_FROM:  # chunks cover each folder's files once, in order
        for path in paths:
            pieces = [p for task in planned for p in task if p.folder == path]
            assert [p.start for p in pieces] == list(range(0, files, CHUNK_FILES))
            assert sorted(n for p in pieces for n in p.names or []) == sorted(f"{i}.yaml" for i in range(files))


def test_plan_groups_many_folders_into_at_most_max_tasks() -> None:
    folders = [f"/deck/f{i}" for i in range(MAX_TASKS * 2 + 1)]
    planned = plan(folders)
    assert len(planned) <= MAX_TASKS
    assert [p.folder for task in planned for p in task] == folders


@pytest.mark.parametrize(("value", "expected"), [("", None), (" ", None), ("0", 0), ("3", 3), (" 2 ", 2)])
def test_the_helpers_setting(value: str, expected: int | None) -> None:
    assert Settings({HELPERS_ENV: value} if value else {}).sweep_helpers == expected


@pytest.mark.parametrize("value", ["4", "-1", "two", "1.5", "²"])
def test_a_helpers_setting_out_of_range_is_a_usage_error(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        _ = Settings({HELPERS_ENV: value}).sweep_helpers
    assert english(caught.value) == f"{HELPERS_ENV} must be a whole number from 0 to 3, not {value!r}"


@pytest.mark.parametrize(
    ("files", "cores", "tasks", "expected"),
    [
        (100, 4, 10, 0),  # a small deck: a fork costs more than it saves
        (100_000, 1, 10, 0),  # no spare core
        (100_000, 2, 10, 1),
        (100_000, 8, 10, 3),  # at most MAX_HELPERS
        (100_000, 8, 1, 1),  # one folder: a helper sweeps it while the main process searches
        (100_000, 8, 0, 0),
    ],
)
def test_helpers_only_for_a_large_deck_on_spare_cores(
    monkeypatch: pytest.MonkeyPatch, files: int, cores: int, tasks: int, expected: int
) -> None:
    monkeypatch.setattr(sweep, "usable_cores", lambda: cores)
    monkeypatch.setattr(sweep, "can_fork", lambda: True)
    assert helpers_for(files, tasks) == expected


@pytest.fixture(params=["chunks", "whole folders"])
def layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The two ways a sweep is planned, both on the small test deck: its few folders' files cut
    into chunks of two, or its folders swept whole, as a deck of many folders is."""
    if request.param == "chunks":
        monkeypatch.setattr(sweep, "CHUNK_FILES", 2)
    else:
        monkeypatch.setattr(sweep, "WHOLE_FOLDERS_FROM", 2)
    return str(request.param)


@needs_fork
def test_the_fingerprint_does_not_depend_on_the_helpers(tmp_path: Path, layout: str) -> None:
    deck = write_sources(tmp_path)
    planned = plan([str(folder) for folder in sorted(deck.iterdir())])
    assert len(planned) == (FOLDERS * 3 if layout == "chunks" else FOLDERS)
    serial = fingerprint(deck, 0)
    assert serial[1] == FOLDERS * (FILES + 1)  # each source's _source.yaml is read too
    assert [fingerprint(deck, helpers) for helpers in (1, 2, 3)] == [serial] * 3


def touch(deck: Path) -> None:  # an edit that keeps the size: only the time tells
    path = deck / "src3" / "src3-card2.yaml"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def grow(deck: Path) -> None:
    with (deck / "src0" / "src0-card0.yaml").open("a", encoding="utf-8") as file:
        file.write("# more\n")


def new_source(deck: Path) -> None:
    write_sources(deck.parent / "extra", folders=1, files=1)
    (deck.parent / "extra" / "src0").rename(deck / "src9")


CHANGES: dict[str, Callable[[Path], object]] = {
    "touch": touch,
    "source": lambda deck: (deck / "src4" / "_source.yaml").write_text(SOURCE + "# edited\n", encoding="utf-8"),
    "grow": grow,
    "add": lambda deck: (deck / "src5" / "new.yml").write_text(card("new"), encoding="utf-8"),
    "remove": lambda deck: (deck / "src1" / "src1-card4.yaml").unlink(),
    "rename": lambda deck: (deck / "src2" / "src2-card1.yaml").rename(deck / "src2" / "renamed.yaml"),
    "new source": new_source,
}


@needs_fork
@pytest.mark.parametrize("helpers", [0, 2])
@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_to_a_card_file_changes_the_fingerprint(
    tmp_path: Path, change: str, helpers: int, layout: str
) -> None:
    deck = write_sources(tmp_path / "deck")
    before = fingerprint(deck, helpers)
    CHANGES[change](deck)
    assert fingerprint(deck, helpers)[0] != before[0]


def test_files_that_are_not_cards_do_not_count(tmp_path: Path, layout: str) -> None:
    deck = write_sources(tmp_path)
    before = fingerprint(deck, 0)
    (deck / "src0" / ".src0-card0.yaml.swp").write_bytes(b"editor state")
    (deck / "src0" / "notes.md").write_text("notes", encoding="utf-8")
    assert fingerprint(deck, 0) == before


@needs_fork
def test_tasks_a_helper_never_reports_are_swept_by_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    deck = write_sources(tmp_path)
    serial = fingerprint(deck, 0)
    monkeypatch.setattr(Sweep, "serve", lambda self: os._exit(1))  # a helper that dies at once
    assert fingerprint(deck, 2) == serial


@needs_fork
def test_helpers_are_stopped_and_reaped_when_the_work_fails(tmp_path: Path) -> None:
    deck = write_sources(tmp_path)
    pids: list[int] = []

    def failing_search() -> None:
        with Sweep.start(source_folders(deck), helpers=2) as running:
            pids.extend(running.pids)
            raise RuntimeError("the search failed")

    with pytest.raises(RuntimeError):
        failing_search()
    assert len(pids) == 2
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_a_stale_answer_found_while_helpers_sweep_is_thrown_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With helpers on (as on a large deck), the search runs on the cache before the deck is known
    to be unchanged; after a change, the answer must still come from the deck as it is now."""
    monkeypatch.setattr(sweep, "PARALLEL_FROM", 0)
    monkeypatch.setattr(sweep, "usable_cores", lambda: 2)
    forked: list[int] = []
    start_helpers = Sweep.start_helpers

    def counted(self: Sweep, count: int) -> None:
        forked.append(count)
        start_helpers(self, count)

    monkeypatch.setattr(Sweep, "start_helpers", counted)
    deck = write_sources(tmp_path)

    def ids(query: str) -> list[str]:
        result = CliRunner().invoke(app, ["--facts", str(deck), "search", query, "--json"])
        assert result.exit_code in (0, 1), result.output
        return [record["id"] for record in json.loads(result.stdout or "[]")]

    assert ids("经济总量")[:2] == ["src0-card0", "src0-card1"]
    changed = card("src0-card0", source="source: src0", tags="tags: [港口吞吐量, port]")
    (deck / "src0" / "src0-card0.yaml").write_text(changed.replace("经济总量", "港口吞吐量"), encoding="utf-8")
    assert ids("港口吞吐量") == ["src0-card0"]
    assert "src0-card0" not in ids("经济总量")
    assert forked == [1, 1, 1]  # every run had a helper sweeping while the search ran
