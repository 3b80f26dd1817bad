"""Bringing a deck's cache file up to date: one edit, one small update.

The cache keeps a table of the deck's files: each file's numbers (size, times, inode) and what became
of it (its card's place in the index, or its problem). An update looks again only at the parts of
the deck whose sweep hash changed, reads only the files whose numbers changed, and puts the new
cache file together by copying the unchanged cards' texts and rows from the old one. A first build
is the same update from nothing, with the files read on every core.

A file changed less than RACY_NS before it was looked at could change again within the same tick of
the file system's clock and keep its numbers: it is read, but not remembered as settled, so the next
run reads it again. So is a file that could not be read for a passing reason (EIO, EMFILE)."""

from __future__ import annotations

import contextlib
import os
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cyfacts.deck.layout import CONFIG_FILE, SOURCE_FILE, DeckLayout, nested_finding
from cyfacts.deck.loader import (
    duplicate_problem,
    finding_problem,
    listing_problem,
    read_sources,
)
from cyfacts.index.cache import CacheFile, read_index
from cyfacts.index.charmaps import CharMaps
from cyfacts.index.fingerprint import NUMBERS_PER_FILE, Hash, Scanned, Task, combine, scan_task
from cyfacts.index.parts import Part, PartBuilder, runs_of
from cyfacts.index.readers import Job, Progress, ReadCard, read_cards
from cyfacts.index.rows import line_card
from cyfacts.index.store import Store
from cyfacts.index.texts import Deriver
from cyfacts.index.write import Contents, write_index
from cyfacts.model.cards import Card, Problem

RACY_NS = 2_000_000_000  # longer than any file system's clock tick (FAT's is two seconds)
UNSETTLED = "unsettled"  # a fingerprint no sweep ever gives: the next run updates again
NEVER = (-2,) * NUMBERS_PER_FILE  # numbers no file has: read again next time
# What became of a file, per file of the table: its card's place in the index, or one of these.
PROBLEM, DUPLICATE, RETRY, NOT_A_CARD = -1, -2, -3, -4
Identity = tuple[tuple[str, int], ...]


def identity(task: Task) -> Identity:
    return tuple((piece.folder, piece.start) for piece in task)


class FolderFiles(NamedTuple):
    """A source folder's card files as the deck holds them now, in directory order."""

    names: list[str]
    numbers: array[int]  # NUMBERS_PER_FILE per name
    nested: list[str]
    listed: bool

    def key(self, position: int) -> tuple[int, ...]:
        start = position * NUMBERS_PER_FILE
        return tuple(self.numbers[start : start + NUMBERS_PER_FILE])


class OldTable:
    """The table of the cache being updated: which tasks hashed to what, and each file's numbers
    and outcome."""

    def __init__(self, plain: dict[str, Any] | None) -> None:
        plain = plain or {}
        self.tasks: dict[Identity, Hash] = plain.get("tasks", {})
        self.folders: dict[str, tuple[Any, ...]] = plain.get("folders", {})
        self.problems: dict[tuple[str, str], tuple[int, str, int | None]] = plain.get("problems", {})
        self.duplicates: dict[tuple[str, str], bytes] = plain.get("duplicates", {})
        self.positions: dict[str, dict[str, int]] = {}

    def folder(self, folder: str) -> FolderFiles | None:
        if folder not in self.folders:
            return None
        names, numbers, nested, listed, _ = self.folders[folder]
        return FolderFiles(list(names), array("q", numbers), list(nested), listed)

    def outcome(self, folder: str, name: str, key: tuple[int, ...]) -> int | None:
        """The file's outcome if it was settled with these numbers, else None (read it)."""
        if folder not in self.folders:
            return None
        if folder not in self.positions:
            self.positions[folder] = {n: i for i, n in enumerate(self.folders[folder][0])}
        position = self.positions[folder].get(name)
        if position is None:
            return None
        _names, numbers, _, _, outcomes = self.folders[folder]
        start = position * NUMBERS_PER_FILE
        if tuple(array("q", numbers[start * 8 : (start + NUMBERS_PER_FILE) * 8])) != key or key == NEVER:
            return None
        code = array("q", outcomes[position * 8 : position * 8 + 8])[0]
        return None if code == RETRY else code


def current_files(
    tasks: Sequence[Task], hashes: Sequence[Hash], old: OldTable, root: Path, scans: dict[int, list[Scanned]]
) -> tuple[dict[str, FolderFiles], list[Hash]]:
    """The deck's files now: from the old table where a task's hash did not change, looked at again
    where it did (or as the sweep just found them, where it swept the task here). Also each task's
    hash."""
    folders: dict[str, FolderFiles] = {}
    task_hashes: list[Hash] = []
    for number, task in enumerate(tasks):
        reused = reuse(task, hashes[number], old) if old.tasks.get(identity(task)) == hashes[number] else None
        if reused is None:
            hashed, scanned = (hashes[number], scans[number]) if number in scans else scan_task(task, str(root))
            reused = [
                (s.piece.folder, FolderFiles(list(s.names or []), s.numbers, list(s.nested), s.names is not None))
                for s in scanned
            ]
            task_hashes.append(hashed)
        else:
            task_hashes.append(hashes[number])
        for folder, files in reused:
            if folder in folders:  # the folder's next chunk
                folders[folder].names.extend(files.names)
                folders[folder].numbers.extend(files.numbers)
                folders[folder].nested.extend(files.nested)
            else:
                folders[folder] = files
    return folders, task_hashes


def reuse(task: Task, hashed: Hash, old: OldTable) -> list[tuple[str, FolderFiles]] | None:
    """A task's files from the old table, or None when they cannot be taken from it as they are."""
    found = []
    for piece in task:
        files = old.folder(piece.folder)
        if files is None:
            return None
        if piece.names is not None:
            end = piece.start + len(piece.names)
            if files.names[piece.start : end] != list(piece.names):
                return None
            files = FolderFiles(
                files.names[piece.start : end],
                files.numbers[piece.start * NUMBERS_PER_FILE : end * NUMBERS_PER_FILE],
                files.nested if piece.start == 0 else [],
                files.listed,
            )
        found.append((piece.folder, files))
    return found


def card_names(folder: Path, files: FolderFiles, root: Path) -> Iterator[tuple[int, str]]:
    """The folder's card files in deck order (by name), with their place in the listing."""
    for position, name in sorted(enumerate(files.names), key=lambda item: item[1]):
        if name != SOURCE_FILE and not (folder == root and name == CONFIG_FILE):
            yield position, name


class Slot(NamedTuple):
    """A card file's place in the new index, before its card is known to be served."""

    folder: str
    name: str
    position: int  # in the folder's listing
    display: str


class Update:
    """One update of one deck's cache, from its old cache (or none) and the sweep just made."""

    def __init__(
        self, layout: DeckLayout, store: Store, old: CacheFile | None, prefix: bytes, progress: Progress | None
    ) -> None:
        self.layout, self.store, self.old, self.prefix, self.progress = layout, store, old, prefix, progress
        self.scratches: list[int] = []
        self.table = OldTable(old.table() if old is not None else None)
        self.old_part = old.part() if old is not None else None

    def scratch(self) -> int:
        """A scratch file for a reader, closed when the update is done."""
        made = self.store.scratch()
        made.discard()
        self.scratches.append(made.descriptor)
        return made.descriptor

    def charmaps(self) -> CharMaps:
        if self.old is not None:
            return CharMaps.unpack_later(self.old.meta["charmaps"])
        from cyfacts.index.charmaps import build_charmaps

        return build_charmaps()

    def run(self, tasks: Sequence[Task], hashes: Sequence[Hash], scans: dict[int, list[Scanned]]) -> CacheFile:
        try:
            return self.build(tasks, hashes, scans)
        finally:
            for descriptor in self.scratches:
                with contextlib.suppress(OSError):
                    os.close(descriptor)

    def build(self, tasks: Sequence[Task], hashes: Sequence[Hash], scans: dict[int, list[Scanned]]) -> CacheFile:
        root = self.layout.root
        started = time.time_ns()
        folders, task_hashes = current_files(tasks, hashes, self.table, root, scans)
        deriver = Deriver(self.charmaps())
        slots, outcomes, jobs = self.plan(folders)
        read = read_cards(jobs, deriver, root, self.scratch, self.progress) if jobs else []
        new = iter(read)
        sources, problems = read_sources(self.layout.folders, root)
        problems += [finding_problem(finding, root) for finding in self.layout.findings]
        problems += self.structure_problems(folders)
        served: list[tuple[Part, int] | Card] = []
        seen: dict[str, str] = {}
        codes: dict[tuple[str, str], int] = {}
        kept_problems: dict[tuple[str, str], tuple[int, str, int | None]] = {}
        duplicates: dict[tuple[str, str], bytes] = {}
        unsettled: set[tuple[str, str]] = set()
        skipped = 0
        for slot, outcome in zip(slots, outcomes, strict=True):
            where = (slot.folder, slot.name)
            found = self.resolve(slot, outcome, next(new) if outcome is None else None)
            if found.problem is not None:
                codes[where] = RETRY if found.retry else PROBLEM
                kept_problems[where] = (found.problem.line, found.problem.message, found.problem.column)
                if found.retry:
                    unsettled.add(where)
                problems.append(found.problem)
                skipped += 1
            elif found.id in seen:
                problems.append(duplicate_problem(slot.display, seen[found.id], found.id))
                codes[where] = DUPLICATE
                duplicates[where] = found.row()
                skipped += 1
            else:
                seen[found.id] = slot.display
                codes[where] = len(served)
                served.append(found.ref if found.ref is not None else line_card(found.row()))
        parts = self.placed(served, deriver)
        unsettled |= {
            (folder, name)
            for folder, files in folders.items()
            for position, name in enumerate(files.names)
            if files.key(position)[2] >= started - RACY_NS and (folder, name) in codes
        }
        table = self.new_table(
            tasks=tasks,
            task_hashes=task_hashes,
            folders=folders,
            codes=codes,
            problems=kept_problems,
            duplicates=duplicates,
            unsettled=unsettled,
        )
        settled = all(hashed is not None for hashed in table["tasks"].values())
        fingerprint, files = combine(task_hashes, self.prefix)
        contents = Contents(
            sources,
            problems,
            skipped,
            deriver.charmaps,
            table,
            str(root),
            fingerprint if settled else UNSETTLED,
            files,
        )
        scratch = self.store.scratch()
        try:
            write_index(scratch.descriptor, runs_of(parts), contents)
            self.store.publish(scratch, root)
        finally:
            scratch.discard()
        return read_index(scratch.descriptor)

    def plan(self, folders: dict[str, FolderFiles]) -> tuple[list[Slot], list[int | None], list[Job]]:
        """Every card file in deck order, its old outcome where it can be kept (None: read it), and
        the files to read."""
        root = self.layout.root
        from cyfacts.deck.loader import display_path

        slots: list[Slot] = []
        outcomes: list[int | None] = []
        jobs: list[Job] = []
        for folder in self.layout.folders:
            files = folders.get(str(folder))
            if files is None or not files.listed:
                continue
            shown = display_path(folder, root) + os.sep  # as display_path shows each file, but faster
            where = str(folder)
            for position, name in card_names(folder, files, root):
                display = shown + name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                slots.append(Slot(where, name, position, display))
                kept = self.table.outcome(where, name, files.key(position))
                outcomes.append(kept)
                if kept is None:
                    jobs.append((os.path.join(where, name), display))
        return slots, outcomes, jobs

    def structure_problems(self, folders: dict[str, FolderFiles]) -> list[Problem]:
        """Folders that cannot be listed, and card folders nested in source folders, as load_deck says."""
        root = self.layout.root
        problems = []
        for folder in self.layout.folders:
            files = folders.get(str(folder))
            if files is None or not files.listed:
                try:
                    os.listdir(folder)
                    error: OSError = OSError(0, "it changed while it was read")
                except OSError as raised:
                    error = raised
                problems.append(listing_problem(folder, root, error))
                continue
            problems += [finding_problem(nested_finding(folder, name), root) for name in sorted(set(files.nested))]
        return problems

    def resolve(self, slot: Slot, outcome: int | None, read: ReadCard | None) -> Found:
        """A file's card id and where its texts are (or its row, to read it), or its problem."""
        where = (slot.folder, slot.name)
        if read is not None:
            if read.part is None:
                return Found(problem=read.problem, retry=read.retry)
            part, index = read.part, read.position
            return Found(part.columns.ids[index], (part, index), lambda: part.row(index))
        if outcome == PROBLEM:
            line, message, column = self.table.problems[where]
            return Found(problem=Problem(slot.display, line, message, column))
        if outcome == DUPLICATE:
            row = self.table.duplicates[where]
            return Found(line_card(row).id, None, lambda: row)
        assert outcome is not None
        assert outcome >= 0
        assert self.old_part is not None
        old = self.old_part
        return Found(old.columns.ids[outcome], (old, outcome), lambda: old.row(outcome))

    def placed(self, served: list[tuple[Part, int] | Card], deriver: Deriver) -> list[tuple[Part, int]]:
        """Where each served card's texts are: cards that had none (a duplicate no longer) get them now."""
        builder = PartBuilder(deriver)
        positions = {i: builder.add(item) for i, item in enumerate(served) if isinstance(item, Card)}
        if not positions:
            return [item for item in served if not isinstance(item, Card)]
        part = builder.part()
        return [(part, positions[i]) if isinstance(item, Card) else item for i, item in enumerate(served)]

    def new_table(
        self,
        *,
        tasks: Sequence[Task],
        task_hashes: Sequence[Hash],
        folders: dict[str, FolderFiles],
        codes: dict[tuple[str, str], int],
        problems: dict[tuple[str, str], tuple[int, str, int | None]],
        duplicates: dict[tuple[str, str], bytes],
        unsettled: set[tuple[str, str]],
    ) -> dict[str, Any]:
        plain_folders = {}
        unsettled_folders = {folder for folder, _ in unsettled}
        for folder, files in folders.items():
            numbers = array("q", files.numbers)
            outcomes = array("q")
            for position, name in enumerate(files.names):
                outcomes.append(codes.get((folder, name), NOT_A_CARD))
                if (folder, name) in unsettled:
                    numbers[position * NUMBERS_PER_FILE : (position + 1) * NUMBERS_PER_FILE] = array("q", NEVER)
            plain_folders[folder] = (
                tuple(files.names),
                numbers.tobytes(),
                tuple(files.nested),
                files.listed,
                outcomes.tobytes(),
            )
        plain_tasks = {
            identity(task): None if any(p.folder in unsettled_folders for p in task) else task_hashes[number]
            for number, task in enumerate(tasks)
        }
        return {"tasks": plain_tasks, "folders": plain_folders, "problems": problems, "duplicates": duplicates}


class Found(NamedTuple):
    """What a card file holds for the new index: its card's id, where its texts and row are (None
    for a card that has no texts yet), how to read its row; or its problem."""

    id: str = ""
    ref: tuple[Part, int] | None = None
    row: Callable[[], bytes] = bytes
    problem: Problem | None = None
    retry: bool = False


def update_cache(
    layout: DeckLayout,
    store: Store,
    old: CacheFile | None,
    *,
    tasks: Sequence[Task],
    hashes: Sequence[Hash],
    scans: dict[int, list[Scanned]],
    prefix: bytes,
    progress: Progress | None = None,
) -> CacheFile:
    return Update(layout, store, old, prefix, progress).run(tasks, hashes, scans)
