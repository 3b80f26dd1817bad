"""The deck's fingerprint: the name, size and modification time of every card file, hashed. The
cache is keyed on it, so a warm run must list every folder and stat every file, and on a large deck
that sweep is most of the run. So where the deck is large and the machine has cores to spare, forked
helper processes sweep folders while the main process gets on with the search.

The sweep is cut into tasks: whole folders when there are many, chunks of files when there are
few. Helpers take tasks from a queue (a pipe holding the task numbers, read a few bytes at a time,
which the kernel hands to one reader only) and send back each task's hash through another pipe.
The main process joins in once its own work is done, and sweeps any task a helper failed to report.
The tasks depend only on the deck, so the fingerprint does not depend on how many processes took
part."""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from cyfacts.deck.layout import CARD_SUFFIXES
from cyfacts.settings import MAX_HELPERS

MAX_TASKS = 1024  # the whole queue and every result fit in a pipe's buffer, so no write ever waits
WHOLE_FOLDERS_FROM = 8  # with this many folders, whole folders are tasks enough to share out
CHUNK_FILES = 4096
PARALLEL_FROM = 8192  # below this many files a fork costs more than it saves
# Queue entries and results are arrays of 64-bit numbers (array is loaded anyway; struct and signal
# are not, and a small deck's run should not pay for them).
TASK_BYTES = 8  # a task number
RESULT_BYTES = 32  # task number, crc32, adler32, files: one atomic pipe write
Hash = tuple[int, int, int]  # crc32, adler32, number of card files


def card_names(folder: str) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(CARD_SUFFIXES)]


def file_numbers(folder: str, names: Sequence[str]) -> array[int]:
    """Size and modification time of each file; -1 for a file that cannot be stat'ed (a dangling
    link, say), which the loader will report. Each stat is relative to the open folder, the cheapest
    way Python has to stat many files."""
    numbers = array("q")
    if not names:
        return numbers
    add = numbers.append
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        for name in names:
            try:
                found = os.stat(name, dir_fd=descriptor)
            except OSError:
                add(-1)
                add(-1)
                continue
            add(found.st_size)
            add(found.st_mtime_ns)
    finally:
        os.close(descriptor)
    return numbers


class Piece(NamedTuple):
    """Card files of one folder, from `start` in directory order: `names` when the folder was listed
    while planning, else None for the whole folder, listed by whichever process sweeps it."""

    folder: str
    start: int = 0
    names: Sequence[str] | None = None


Task = tuple[Piece, ...]


def plan(folders: Sequence[str]) -> list[Task]:
    """The sweep cut into at most MAX_TASKS tasks, from the folders alone (never from the number of
    processes, so the fingerprint does not depend on it). Many folders: whole folders, listed in
    parallel. A few: listed here, and their files cut into chunks, so that even a single huge
    folder is shared out."""
    if len(folders) >= WHOLE_FOLDERS_FROM:
        size = -(-len(folders) // MAX_TASKS)
        return [tuple(Piece(f) for f in folders[start : start + size]) for start in range(0, len(folders), size)]
    listed = [(folder, listing(folder)) for folder in folders]
    size = max(CHUNK_FILES, -(-sum(len(names or ()) for _, names in listed) // MAX_TASKS))
    tasks: list[Task] = []
    for folder, names in listed:
        if names is None:  # unreadable: swept (and found unreadable) whole
            tasks.append((Piece(folder),))
        else:
            tasks.extend((Piece(folder, start, names[start : start + size]),) for start in range(0, len(names), size))
    return tasks


def listing(folder: str) -> list[str] | None:
    """The folder's card files, or None when it cannot be listed: its sweep then says so."""
    try:
        return card_names(folder)
    except OSError:
        return None


def sweep_task(task: Task) -> Hash:
    # Two 32-bit checksums (zlib is loaded anyway): a change slipping past both is beyond any real
    # chance, and nothing here needs to resist an adversary. Directory order is stable while nothing
    # changes; if it changes, the cache is merely rebuilt.
    crc, adler, files = 0, 1, 0
    for piece in task:
        names = listing(piece.folder) if piece.names is None else piece.names
        if names is None:  # unreadable: the loader reports it; a folder that becomes readable differs
            names, head = [], f"{piece.folder}\0unreadable\0"
        else:
            head = f"{piece.folder}\0{piece.start}\0{len(names)}\0"
        for text in (head, "\0".join(names)):
            data = text.encode("utf-8", "surrogateescape")
            crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        numbers = file_numbers(piece.folder, names)
        crc, adler = zlib.crc32(numbers, crc), zlib.adler32(numbers, adler)
        files += len(names)
    return crc, adler, files


def result_bytes(number: int, hashed: Hash) -> bytes:
    return array("Q", [number, *hashed]).tobytes()


def usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking a process with other threads running can deadlock the child; cyfacts runs none, but
    a program embedding it might."""
    threading = sys.modules.get("threading")
    return hasattr(os, "fork") and (threading is None or threading.active_count() == 1)


def helpers_for(expected_files: int, tasks: int) -> int:
    """One helper per spare core, and no more than there are tasks: the main process is busy with
    its own work at first, so even a single task is worth handing to a helper."""
    if expected_files < PARALLEL_FROM or not can_fork():
        return 0
    return max(0, min(usable_cores() - 1, MAX_HELPERS, tasks))


class Sweep:
    """`Sweep.start(folders)`, other work, then `finish()` for the fingerprint and the number of card
    files. Use it as a context manager, so that helpers are reaped even when the work fails."""

    def __init__(self, tasks: list[Task], helpers: int) -> None:
        self.tasks = tasks
        self.hashes: dict[int, Hash] = {}
        self.pids: list[int] = []
        self.queue = self.results = self.results_in = -1
        if helpers and hasattr(os, "fork"):
            self.start_helpers(helpers)

    @classmethod
    def start(cls, folders: Sequence[Path], expected_files: int = 0, helpers: int | None = None) -> Sweep:
        """Begin sweeping a deck's source folders. `expected_files` (say, the count when the cache was
        built) decides whether helpers are worth forking; `helpers` overrides that choice."""
        tasks = plan([str(folder) for folder in folders])
        if helpers is None:
            helpers = helpers_for(expected_files, len(tasks))
        return cls(tasks, helpers)

    def start_helpers(self, count: int) -> None:
        self.queue, queue_in = os.pipe()
        self.results, self.results_in = os.pipe()
        os.write(queue_in, array("Q", range(len(self.tasks))).tobytes())
        os.close(queue_in)  # once drained, a read of the queue says end-of-file
        for _ in range(count):
            try:
                pid = os.fork()
            except OSError:  # no room for another process: the rest is done here
                break
            if pid == 0:
                self.serve()
            self.pids.append(pid)
        os.close(self.results_in)
        self.results_in = -1

    def serve(self) -> None:
        """A helper's whole life: sweep tasks from the queue until it is empty, then exit without
        running any of the parent's clean-up (open files, atexit handlers)."""
        try:
            os.close(self.results)
            for number in self.claimed():
                os.write(self.results_in, result_bytes(number, sweep_task(self.tasks[number])))
        finally:
            os._exit(0)

    def claimed(self) -> Iterator[int]:
        """Task numbers taken from the queue, one at a time."""
        while len(task := os.read(self.queue, TASK_BYTES)) == TASK_BYTES:
            yield int.from_bytes(task, sys.byteorder)

    def finish(self) -> tuple[str, int]:
        """The fingerprint and the number of card files."""
        if self.pids:
            for number in self.claimed():
                self.hashes[number] = sweep_task(self.tasks[number])
            self.collect()
            self.close()
        for number, task in enumerate(self.tasks):
            if number not in self.hashes:  # no helpers, or one that died mid-task
                self.hashes[number] = sweep_task(task)
        return self.fingerprint()

    def collect(self) -> None:
        received = bytearray()
        while chunk := os.read(self.results, 64 * 1024):
            received += chunk
        numbers = array("Q", received[: len(received) - len(received) % RESULT_BYTES])
        for at in range(0, len(numbers), 4):
            self.hashes[numbers[at]] = (numbers[at + 1], numbers[at + 2], numbers[at + 3])

    def fingerprint(self) -> tuple[str, int]:
        crc, adler, files = 0, 1, 0
        for number in range(len(self.tasks)):
            data = result_bytes(number, self.hashes[number])
            crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
            files += self.hashes[number][2]
        return f"{crc:08x}{adler:08x}-{files}", files

    def close(self, finished: bool = True) -> None:
        for descriptor in (self.queue, self.results, self.results_in):
            if descriptor != -1:
                os.close(descriptor)
        self.queue = self.results = self.results_in = -1
        for pid in self.pids:
            if not finished:  # the work failed or was interrupted: the helpers' answer is not wanted
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)  # SIGKILL, without importing signal
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.pids = []

    def __enter__(self) -> Sweep:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(finished=kind is None)
