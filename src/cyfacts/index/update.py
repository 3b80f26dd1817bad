"""Bringing a deck's cache file up to date: one edit, one small update.

The cache keeps a table of the deck's files: each file's numbers (size, times, inode) and what became
of it (its card's place in the index, or its problem). An update looks again only at the parts of
the deck whose sweep hash changed, reads only the files whose numbers changed, and puts the new
cache file together by copying the unchanged cards' texts and rows from the old one. A first build
is the same update from nothing, with the files read on every core. Everything here runs once per
file of a deck of any size, so it works a folder at a time on arrays, and makes no object per file.

A file changed within one tick of the file system's clock before it was looked at could change again
within that tick and keep its numbers: it is read, but not remembered as settled, so the next run
reads it again. So is a file that could not be read for a passing reason (EIO, EMFILE)."""

from __future__ import annotations

import contextlib
import os
import time
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from cyfacts.deck.layout import CONFIG_FILE, SOURCE_FILE, DeckLayout, config_path, config_stamp, nested_finding
from cyfacts.deck.loader import (
    display_path,
    duplicate_problem,
    finding_problem,
    listing_problem,
    read_deck_config,
    read_sources,
)
from cyfacts.index.build import CHINESE_FIELDS, ENGLISH_FIELDS, place_words
from cyfacts.index.cache import CacheFile, read_index
from cyfacts.index.charmaps import CharMaps
from cyfacts.index.fingerprint import NUMBERS_PER_FILE, Hash, Scanned, Task, combine, scan_task
from cyfacts.index.parts import Part, PartBuilder, runs_of
from cyfacts.index.readers import Job, Progress, ReadCard, read_cards
from cyfacts.index.rows import line_card
from cyfacts.index.store import Store
from cyfacts.index.texts import Deriver
from cyfacts.index.words import Vocabulary, WordCounts
from cyfacts.index.write import Contents, write_index
from cyfacts.model.cards import Card, DeckConfig, Problem

# How long after a change a file may still change unseen: a coarse clock's tick (FAT's is two
# seconds; a file system that stores whole seconds), else a generous kernel clock tick.
COARSE_RACY_NS, FINE_RACY_NS = 2_000_000_000, 100_000_000
UNSETTLED = "unsettled"  # a fingerprint no sweep ever gives: the next run updates again
NEVER = array("q", (-2,) * NUMBERS_PER_FILE)  # numbers no file has: read again next time
# What became of a file, per file of the table: its card's place in the index, or one of these.
PROBLEM, DUPLICATE, RETRY, NOT_A_CARD, UNKNOWN, DRAFT = -1, -2, -3, -4, -5, -6
CTIME = 2  # where a file's change time stands among its numbers
Identity = tuple[tuple[str, int], ...]
Where = tuple[str, str]  # a folder and a file name
Located = tuple[tuple[int, str, int | None], ...]  # a file's problems: line, message, column


def identity(task: Task) -> Identity:
    return tuple((piece.folder, piece.start) for piece in task)


class FolderFiles(NamedTuple):
    """A source folder's card files as the deck holds them now, in directory order, with what the old
    table says became of each where its task did not change (UNKNOWN where it was looked at again)."""

    names: list[str]
    numbers: array[int]  # NUMBERS_PER_FILE per name
    nested: list[str]
    listed: bool
    kept: array[int]

    def key(self, position: int) -> array[int]:
        return self.numbers[position * NUMBERS_PER_FILE : (position + 1) * NUMBERS_PER_FILE]

    def extend(self, other: FolderFiles) -> None:
        self.names.extend(other.names)
        self.numbers.extend(other.numbers)
        self.nested.extend(other.nested)
        self.kept.extend(other.kept)


class OldTable:
    """The table of the cache being updated: which tasks hashed to what, each file's numbers and
    outcome, and how the deck's phrases (tags, subsections) sound, so an edit rarely needs pypinyin."""

    def __init__(self, plain: dict[str, Any] | None) -> None:
        plain = plain or {}
        self.tasks: dict[Identity, Hash | None] = plain.get("tasks", {})
        self.folders: dict[str, tuple[Any, ...]] = plain.get("folders", {})
        self.problems: dict[Where, Located] = plain.get("problems", {})
        self.duplicates: dict[Where, bytes] = plain.get("duplicates", {})
        self.phrases: dict[str, tuple[str, str]] = plain.get("phrases", {})
        self.words: tuple[dict[str, int], dict[str, int]] | None = plain.get("words")
        self.positions: dict[str, dict[str, int]] = {}

    def folder(self, folder: str) -> FolderFiles | None:
        if folder not in self.folders:
            return None
        names, numbers, nested, listed, outcomes = self.folders[folder]
        return FolderFiles(list(names), array("q", numbers), list(nested), listed, array("q", outcomes))

    def outcome(self, folder: str, name: str, key: array[int]) -> int:
        """The file's outcome if it was settled with these numbers, else UNKNOWN (read it)."""
        if folder not in self.folders:
            return UNKNOWN
        if folder not in self.positions:
            self.positions[folder] = {n: i for i, n in enumerate(self.folders[folder][0])}
        position = self.positions[folder].get(name)
        if position is None:
            return UNKNOWN
        _, numbers, _, _, outcomes = self.folders[folder]
        width = 8 * NUMBERS_PER_FILE
        if numbers[position * width : (position + 1) * width] != key.tobytes() or key == NEVER:
            return UNKNOWN
        return int.from_bytes(outcomes[position * 8 : position * 8 + 8], "little", signed=True)


def current_files(
    tasks: Sequence[Task], hashes: Sequence[Hash], old: OldTable, root: Path, scans: dict[int, list[Scanned]]
) -> tuple[dict[str, FolderFiles], list[Hash]]:
    """The deck's files now: from the old table where a task's hash did not change, looked at again
    where it did (or as the sweep just found them, where it swept the task here). Also each task's
    hash."""
    folders: dict[str, FolderFiles] = {}
    task_hashes: list[Hash] = []
    for number, task in enumerate(tasks):
        reused = reuse(task, old) if old.tasks.get(identity(task)) == hashes[number] else None
        if reused is None:
            hashed, scanned = (hashes[number], scans[number]) if number in scans else scan_task(task, str(root))
            reused = [(s.piece.folder, scanned_files(s)) for s in scanned]
            task_hashes.append(hashed)
        else:
            task_hashes.append(hashes[number])
        for folder, files in reused:
            if folder in folders:  # the folder's next chunk
                folders[folder].extend(files)
            else:
                folders[folder] = files
    return folders, task_hashes


def scanned_files(scanned: Scanned) -> FolderFiles:
    names = list(scanned.names or [])
    return FolderFiles(names, scanned.numbers, list(scanned.nested), scanned.names is not None, unknown(len(names)))


def unknown(count: int) -> array[int]:
    return array("q", (UNKNOWN,)) * count


def reuse(task: Task, old: OldTable) -> list[tuple[str, FolderFiles]] | None:
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
                files.kept[piece.start : end],
            )
        found.append((piece.folder, files))
    return found


def racy_window(folders: dict[str, FolderFiles]) -> int:
    """A whole-seconds clock where no change time has a fraction of a second (looked at in the
    first thousand files): then a file may change unseen for two seconds."""
    ctimes = [c for files in folders.values() for c in files.numbers[CTIME::NUMBERS_PER_FILE][:1000]][:1000]
    fine = any(c % 1_000_000_000 for c in ctimes if c > 0)
    return FINE_RACY_NS if fine or not ctimes else COARSE_RACY_NS


class Plan(NamedTuple):
    """One source folder's card files in deck order (by name): their place in the listing, names,
    and old outcome (UNKNOWN: read it)."""

    folder: Path
    shown: str  # the folder as messages show it, with a separator: a file's is this and its name
    positions: list[int]
    names: list[str]
    codes: list[int]

    def display(self, index: int) -> str:
        return self.shown + self.names[index].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Resolved:
    """What the deck's card files became in the new index."""

    def __init__(self) -> None:
        self.served: list[tuple[Part, int] | Card] = []  # in index order: where each card's texts are
        self.codes: dict[str, array[int]] = {}  # per folder, per file of its listing
        self.kept_problems: dict[Where, Located] = {}
        self.duplicates: dict[Where, bytes] = {}  # the rows of cards not served, for the next update
        self.unsettled: set[Where] = set()
        self.problems: list[Problem] = []
        self.skipped = 0


class Update:
    """One update of one deck's cache, from its old cache (or none) and the sweep just made."""

    def __init__(
        self, layout: DeckLayout, store: Store, old: CacheFile | None, prefix: bytes, progress: Progress | None
    ) -> None:
        self.layout, self.store, self.prefix, self.progress = layout, store, prefix, progress
        self.scratches: list[int] = []
        self.config_stamp = config_stamp(layout.root)
        table = old.table() if old is not None else None
        if table is not None and table.get("config") != self.config_stamp:
            # The deck config says which themes, kinds and places a card may name, and holds the
            # places and their names: an edit to it can change any card, so the deck is read anew.
            old, table = None, None
        self.old = old
        self.table = OldTable(table)
        self.old_part = old.part() if old is not None else None

    def scratch(self) -> int:
        """A scratch file for a reader, closed when the update is done."""
        made = self.store.scratch()
        made.discard()
        self.scratches.append(made.descriptor)
        return made.descriptor

    def deriver(self) -> Deriver:
        if self.old is not None:
            deriver = Deriver(CharMaps.unpack_later(self.old.meta["charmaps"]))
        else:
            from cyfacts.index.charmaps import build_charmaps

            deriver = Deriver(build_charmaps())
        deriver.phrases.update(self.table.phrases)
        return deriver

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
        deriver = self.deriver()
        plans, jobs = self.plan(folders)
        problems: list[Problem] = []
        config = read_deck_config(root, problems)
        read = iter(read_cards(jobs, deriver, root, self.scratch, self.progress, config=config) if jobs else [])
        sources, source_problems, _ = read_sources(self.layout.folders, root, config)
        problems += source_problems
        problems += [finding_problem(finding, root) for finding in self.layout.findings]
        problems += self.structure_problems(folders)
        found = self.resolve(plans, folders, read)
        problems += found.problems
        parts = self.placed(found.served, deriver)
        vocabulary, counts = self.vocabulary(parts, config, deriver.charmaps)
        unsettled = found.unsettled | recent(folders, started - racy_window(folders), found.codes)
        table = self.new_table(tasks, task_hashes, folders, found.codes, unsettled)
        config_settled = self.config_settled(started - racy_window(folders))
        table.update(
            problems=found.kept_problems,
            duplicates=found.duplicates,
            phrases=deriver.phrases,
            config=self.config_stamp if config_settled else UNSETTLED,
            words=(counts.chinese, counts.english),
        )
        settled = config_settled and all(hashed is not None for hashed in table["tasks"].values())
        fingerprint, files = combine(task_hashes, self.prefix)
        contents = Contents(
            sources,
            problems,
            found.skipped,
            deriver.charmaps,
            table,
            str(root),
            fingerprint if settled else UNSETTLED,
            files,
            config,
            vocabulary,
        )
        scratch = self.store.scratch()
        try:
            write_index(scratch.descriptor, runs_of(parts), contents)
            self.store.publish(scratch, root)
        finally:
            scratch.discard()
        fresh = read_index(read_only(scratch.descriptor))
        fresh.trusted = True  # just written and read back for its checksums
        fresh.map_leased()
        return fresh

    def resolve(self, plans: list[Plan], folders: dict[str, FolderFiles], read: Iterator[ReadCard]) -> Resolved:
        """Each card file's card in the new index (first come, first served by source and id), or its
        problems; a clean draft is neither."""
        found = Resolved()
        seen: dict[tuple[str, str], tuple[Plan, int]] = {}
        old = self.old_part
        old_ids = old.columns.ids if old is not None else []
        old_sources = old.columns.sources if old is not None else []
        for plan in plans:
            folder = str(plan.folder)
            new_codes = found.codes[folder] = array("q", (NOT_A_CARD,)) * len(folders[folder].names)
            for index, code in enumerate(plan.codes):
                where = (folder, plan.names[index])
                key: tuple[str, str] | None
                ref: tuple[Part, int] | None = None
                problems: tuple[Problem, ...] = ()
                retry = False
                if code >= 0 and old is not None:  # the common case, kept as it is: no object made
                    key, ref = (old_sources[code], old_ids[code]), (old, code)
                elif code == UNKNOWN:
                    key, ref, problems, retry = self.read(next(read), plan.display(index))
                elif code == DUPLICATE:
                    card = line_card(self.table.duplicates[where])
                    key = (card.source, card.id)
                elif code == DRAFT:
                    key = None
                else:  # problems that the file still has
                    display = plan.display(index)
                    problems = tuple(Problem(display, *located) for located in self.table.problems[where])
                if problems:
                    new_codes[plan.positions[index]] = RETRY if retry else PROBLEM
                    found.kept_problems[where] = tuple((p.line, p.message, p.column) for p in problems)
                    if retry:
                        found.unsettled.add(where)
                    found.problems.extend(problems)
                    found.skipped += 1
                elif key is None:  # a clean draft: not served, not broken
                    new_codes[plan.positions[index]] = DRAFT
                elif key in seen:
                    first, at = seen[key]
                    found.problems.append(duplicate_problem(plan.display(index), first.display(at), key[1], key[0]))
                    new_codes[plan.positions[index]] = DUPLICATE
                    found.duplicates[where] = ref[0].row(ref[1]) if ref is not None else self.table.duplicates[where]
                    found.skipped += 1
                else:
                    seen[key] = (plan, index)
                    new_codes[plan.positions[index]] = len(found.served)
                    found.served.append(ref if ref is not None else line_card(self.table.duplicates[where]))
        return found

    @staticmethod
    def read(
        found: ReadCard, display: str
    ) -> tuple[tuple[str, str] | None, tuple[Part, int] | None, tuple[Problem, ...], bool]:
        """A card file just read: its card's source and id and where its texts are, or its problems
        (a clean draft has neither)."""
        if found.part is None:
            return None, None, found.problems, found.retry
        columns = found.part.columns
        return (columns.sources[found.position], columns.ids[found.position]), (found.part, found.position), (), False

    def config_settled(self, since: int) -> bool:
        """Whether the deck config was last changed before `since`: else it could change again unseen
        within the clock's tick, and the next run reads the deck anew."""
        try:
            return config_path(self.layout.root).stat().st_ctime_ns < since
        except OSError:
            return True

    def plan(self, folders: dict[str, FolderFiles]) -> tuple[list[Plan], list[Job]]:
        """Every source folder's card files in deck order with what can be kept of each, and the
        files to read."""
        root = self.layout.root
        plans: list[Plan] = []
        jobs: list[Job] = []
        for folder in self.layout.folders:
            files = folders.get(str(folder))
            if files is None or not files.listed:
                continue
            where = str(folder)
            plan = Plan(folder, display_path(folder, root) + os.sep, [], [], [])
            for position, name in sorted(enumerate(files.names), key=lambda item: item[1]):
                if name == SOURCE_FILE or (folder == root and name == CONFIG_FILE):
                    continue
                code = files.kept[position]
                if code == UNKNOWN:
                    code = self.table.outcome(where, name, files.key(position))
                plan.positions.append(position)
                plan.names.append(name)
                if code in (UNKNOWN, RETRY):
                    code = UNKNOWN
                    jobs.append((os.path.join(where, name), plan.display(len(plan.names) - 1)))
                plan.codes.append(code)
            plans.append(plan)
        return plans, jobs

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

    def vocabulary(
        self, parts: list[tuple[Part, int]], config: DeckConfig, charmaps: CharMaps
    ) -> tuple[Vocabulary, WordCounts]:
        """The deck's words, as a full build finds them: the old cache's counts, less the cards it no
        longer serves, plus the cards read now; on a first build, every card's."""
        old, kept = self.old_part, self.table.words
        counts = WordCounts({}, {})
        fresh = parts
        if old is not None and kept is not None:
            counts = WordCounts(dict(kept[0]), dict(kept[1]))
            served = {index for part, index in parts if part is old}
            for index in range(old.size):
                if index not in served:
                    chinese = [old.text(name, index) for name in CHINESE_FIELDS]
                    counts.tally(chinese, [old.text(name, index) for name in ENGLISH_FIELDS], -1)
            fresh = [(part, index) for part, index in parts if part is not old]
        by_part: dict[int, tuple[Part, list[int]]] = {}
        for part, index in fresh:
            by_part.setdefault(id(part), (part, []))[1].append(index)
        for part, indexes in by_part.values():
            texts = {name: part.texts(name) for name in {*CHINESE_FIELDS, *ENGLISH_FIELDS}}
            for index in indexes:
                chinese = [texts[name][index] for name in CHINESE_FIELDS]
                counts.tally(chinese, [texts[name][index] for name in ENGLISH_FIELDS])
        return counts.vocabulary(place_words(config), charmaps), counts

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
        tasks: Sequence[Task],
        task_hashes: Sequence[Hash],
        folders: dict[str, FolderFiles],
        codes: dict[str, array[int]],
        unsettled: set[Where],
    ) -> dict[str, Any]:
        plain_folders = {}
        unsettled_folders = {folder for folder, _ in unsettled}
        for folder, files in folders.items():
            numbers = files.numbers
            if folder in unsettled_folders:
                numbers = array("q", numbers)
                for position, name in enumerate(files.names):
                    if (folder, name) in unsettled:
                        numbers[position * NUMBERS_PER_FILE : (position + 1) * NUMBERS_PER_FILE] = NEVER
            outcomes = codes.get(folder, array("q", (NOT_A_CARD,)) * len(files.names))
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
        return {"tasks": plain_tasks, "folders": plain_folders}


def read_only(descriptor: int) -> int:
    """The file open for reading only (through /proc), so that this run, too, may lease and map it;
    the descriptor it was written through is closed. Where that cannot be, the same descriptor."""
    try:
        reopened = os.open(f"/proc/self/fd/{descriptor}", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return descriptor
    os.close(descriptor)
    return reopened


def recent(folders: dict[str, FolderFiles], since: int, codes: dict[str, array[int]]) -> set[Where]:
    """Card files whose change time is `since` or later."""
    found = set()
    for folder, files in folders.items():
        ctimes = files.numbers[CTIME::NUMBERS_PER_FILE]
        if not ctimes or max(ctimes) < since:
            continue
        outcomes = codes.get(folder)
        for position, ctime in enumerate(ctimes):
            if ctime >= since and outcomes is not None and outcomes[position] != NOT_A_CARD:
                found.add((folder, files.names[position]))
    return found


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
