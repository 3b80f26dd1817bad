"""The deck's fingerprint: the name, size, modification and change time and inode of every card
file, hashed. The cache is keyed on it, so a warm run must list every folder and stat every file,
and on a large deck that sweep is most of the run. So where the deck is large and the machine has cores to spare, forked
helper processes sweep folders while the main process gets on with the search.

The sweep is cut into tasks: whole folders when there are many, chunks of files when there are
few. Helpers take tasks from a queue (a pipe holding the task numbers, read a few bytes at a time,
which the kernel hands to one reader only) and send back each task's hash through another pipe.
The main process joins in once its own work is done, and sweeps any task a helper failed to report.
The tasks depend only on the deck, so the fingerprint does not depend on how many processes took
part. The same helpers checksum the cache file's body, so a damaged cache is never trusted."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import contextlib
import os
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from cyfacts.deck.layout import Listing, list_folder
from cyfacts.settings import MAX_HELPERS

MAX_TASKS = 1024  # the whole queue and every result fit in a pipe's buffer, so no write ever waits
WHOLE_FOLDERS_FROM = 8  # with this many folders, whole folders are tasks enough to share out
CHUNK_FILES = 4096
PARALLEL_FROM = 8192  # below this many files a fork costs more than it saves
CHECK_BYTES = 32 * 1024 * 1024  # the cache body is checked in pieces this size, shared out like folders
# Queue entries and results are arrays of 64-bit numbers (array is loaded anyway; struct and signal
# are not, and a small deck's run should not pay for them).
TASK_BYTES = 8  # a task number
RESULT_BYTES = 32  # task number, crc32, adler32, files: one atomic pipe write
# Per card file: size, modification time, change time and inode. An edit that restores the old size
# and modification time (touch -d) still changes the change time, which no user can set, and a file
# replaced by another has another inode; chmod changes the change time too.
NUMBERS_PER_FILE = 4
UNREADABLE = -1  # in place of each number of a file that cannot be stat'ed
Hash = tuple[int, int, int]  # crc32, adler32, number of card files


def file_numbers(folder: str, names: Sequence[str]) -> "array[int]":
    """Size, modification time, change time and inode of each file; -1s for a file that cannot be
    stat'ed (a dangling link, say), which the loader will report. Each stat is relative to the open
    folder, the cheapest way Python has to stat many files."""
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
                numbers.extend((UNREADABLE,) * NUMBERS_PER_FILE)
                continue
            add(found.st_size)
            add(found.st_mtime_ns)
            add(found.st_ctime_ns)
            add(found.st_ino)
    finally:
        os.close(descriptor)
    return numbers


class Piece(NamedTuple):
    """Card files of one folder, from `start` in directory order: `names` (and its `nested` card
    folders) when the folder was listed while planning, else None for the whole folder, listed by
    whichever process sweeps it."""

    folder: str
    start: int = 0
    names: Sequence[str] | None = None
    nested: Sequence[str] = ()


Task = tuple[Piece, ...]


class Scanned(NamedTuple):
    """One piece as swept: its card files and their numbers (NUMBERS_PER_FILE each), or None for a
    folder that could not be listed."""

    piece: Piece
    names: Sequence[str] | None
    numbers: "array[int]"
    nested: Sequence[str]


class Check(NamedTuple):
    """A piece of the cache file to checksum, through a descriptor every process shares."""

    descriptor: int
    offset: int
    size: int
    crc: int  # what it must come to


def plan(folders: Sequence[str], root: str = "") -> list[Task]:
    """The sweep cut into at most MAX_TASKS tasks, from the folders alone (never from the number of
    processes, so the fingerprint does not depend on it). Many folders: whole folders, listed in
    parallel. A few: listed here, and their files cut into chunks, so that even a single huge
    folder is shared out."""
    if len(folders) >= WHOLE_FOLDERS_FROM:
        size = -(-len(folders) // MAX_TASKS)
        return [tuple(Piece(f) for f in folders[start : start + size]) for start in range(0, len(folders), size)]
    listed = [(folder, listing(folder, root)) for folder in folders]
    size = max(CHUNK_FILES, -(-sum(len(found.names) for _, found in listed if found) // MAX_TASKS))
    tasks: list[Task] = []
    for folder, found in listed:
        if found is None:  # unreadable: swept (and found unreadable) whole
            tasks.append((Piece(folder),))
            continue
        tasks.extend(
            (Piece(folder, start, found.names[start : start + size], found.nested if start == 0 else ()),)
            for start in range(0, max(len(found.names), 1), size)
        )
    return tasks


def listing(folder: str, root: str = "") -> Listing | None:
    """The folder's card files, or None when it cannot be listed: its sweep then says so."""
    try:
        return list_folder(folder, at_root=folder == root)
    except OSError:
        return None


def scan_piece(piece: Piece, root: str) -> Scanned:
    if piece.names is not None:
        return Scanned(piece, piece.names, file_numbers(piece.folder, piece.names), piece.nested)
    found = listing(piece.folder, root)
    if found is None:
        return Scanned(piece, None, array("q"), ())
    return Scanned(piece, found.names, file_numbers(piece.folder, found.names), found.nested)


def task_hash(scanned: Sequence[Scanned]) -> Hash:
    # Two 32-bit checksums (zlib is loaded anyway): a change slipping past both is beyond any real
    # chance, and nothing here needs to resist an adversary. Directory order is stable while nothing
    # changes; if it changes, the cache is merely rebuilt.
    crc, adler, files = 0, 1, 0
    for piece, listed, numbers, nested in scanned:
        names: Sequence[str]
        if listed is None:  # unreadable: the loader reports it; a folder that becomes readable differs
            names, head = [], f"{piece.folder}\0unreadable\0"
        else:
            names, head = listed, f"{piece.folder}\0{piece.start}\0{len(listed)}\0{'/'.join(nested)}\0"
        for text in (head, "\0".join(names)):
            data = text.encode("utf-8", "surrogateescape")
            crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        crc, adler = zlib.crc32(numbers, crc), zlib.adler32(numbers, adler)
        files += len(names)
    return crc, adler, files


def scan_task(task: Task, root: str = "") -> tuple[Hash, list[Scanned]]:
    scanned = [scan_piece(piece, root) for piece in task]
    return task_hash(scanned), scanned


def sweep_task(task: Task, root: str = "") -> Hash:
    return scan_task(task, root)[0]


def check_piece(check: Check) -> bool:
    """Whether this piece of the cache file still holds what was written (read, never mapped: a file
    truncated meanwhile gives a short read here, not a crash)."""
    crc, offset, end = 0, check.offset, check.offset + check.size
    while offset < end:
        data = os.pread(check.descriptor, min(1 << 20, end - offset), offset)
        if not data:
            return False
        crc, offset = zlib.crc32(data, crc), offset + len(data)
    return crc == check.crc


def combine(hashes: Sequence[Hash], prefix: bytes = b"") -> tuple[str, int]:
    """The deck's fingerprint from its tasks' hashes, and its number of card files."""
    crc, adler, files = zlib.crc32(prefix), zlib.adler32(prefix), 0
    for number, hashed in enumerate(hashes):
        data = result_bytes(number, hashed)
        crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        files += hashed[2]
    return f"{crc:08x}{adler:08x}-{files}", files


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


class SweepState(NamedTuple):
    """What a sweep found: the deck's fingerprint and card files, each task's hash (which tells an
    update which parts of the deck to look at again), and whether the cache file checked out."""

    fingerprint: str
    files: int
    hashes: tuple[Hash, ...]
    intact: bool


class Sweep:
    """`Sweep.start(folders)`, other work, then `finish()` for the fingerprint and the number of card
    files. Use it as a context manager, so that helpers are reaped even when the work fails.

    The queue holds the checks of the cache file first (large, even pieces), then the folders'
    tasks: queue number n is check n below len(checks), else task n - len(checks)."""

    def __init__(
        self, tasks: list[Task], helpers: int, root: str = "", checks: Sequence[Check] = (), prefix: bytes = b""
    ) -> None:
        self.tasks = tasks
        self.root = root
        self.checks = list(checks)
        self.prefix = prefix
        self.hashes: dict[int, Hash] = {}
        self.scans: dict[int, list[Scanned]] = {}  # tasks swept by the main process, for an update
        self.parent = os.getpid()
        self.finished: SweepState | None = None
        self.pids: list[int] = []
        self.queue = self.results = self.results_in = -1
        if helpers and hasattr(os, "fork"):
            self.start_helpers(helpers)

    @classmethod
    def start(
        cls,
        folders: Sequence[Path],
        expected_files: int = 0,
        helpers: int | None = None,
        *,
        root: Path | None = None,
        checks: Sequence[Check] = (),
        prefix: bytes = b"",
    ) -> "Sweep":
        """Begin sweeping a deck's source folders (and checking pieces of its cache file).
        `expected_files` (say, the count when the cache was built) decides whether helpers are worth
        forking; `helpers` overrides that choice. `prefix` is hashed first: what else the fingerprint
        depends on (the deck's root and what in it is not read)."""
        root_text = str(root) if root is not None else ""
        tasks = plan([str(folder) for folder in folders], root_text)
        if helpers is None:
            helpers = helpers_for(expected_files, len(tasks) + len(checks))
        return cls(tasks, helpers, root_text, checks, prefix)

    @property
    def size(self) -> int:
        return len(self.checks) + len(self.tasks)

    def run(self, number: int) -> Hash:
        """One queue entry's result: a check's (1 for intact, 0 for not), or a task's hash."""
        if number < len(self.checks):
            return int(check_piece(self.checks[number])), 0, 0
        task = number - len(self.checks)
        hashed, scanned = scan_task(self.tasks[task], self.root)
        if os.getpid() == self.parent:
            self.scans[task] = scanned
        return hashed

    def start_helpers(self, count: int) -> None:
        self.queue, queue_in = os.pipe()
        self.results, self.results_in = os.pipe()
        os.write(queue_in, array("Q", range(self.size)).tobytes())
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
                os.write(self.results_in, result_bytes(number, self.run(number)))
        finally:
            os._exit(0)

    def claimed(self) -> Iterator[int]:
        """Task numbers taken from the queue, one at a time."""
        while len(task := os.read(self.queue, TASK_BYTES)) == TASK_BYTES:
            yield int.from_bytes(task, sys.byteorder)

    def finish(self) -> SweepState:
        """The fingerprint, the number of card files, each task's hash, and whether the checks passed."""
        if self.pids:
            for number in self.claimed():
                self.hashes[number] = self.run(number)
            self.collect()
            self.close()
        for number in range(self.size):
            if number not in self.hashes:  # no helpers, or one that died mid-task
                self.hashes[number] = self.run(number)
        hashes = tuple(self.hashes[len(self.checks) + n] for n in range(len(self.tasks)))
        intact = all(self.hashes[n][0] == 1 for n in range(len(self.checks)))
        self.finished = SweepState(*combine(hashes, self.prefix), hashes, intact)
        return self.finished

    def state(self) -> SweepState:
        return self.finished if self.finished is not None else self.finish()

    def collect(self) -> None:
        received = bytearray()
        while chunk := os.read(self.results, 64 * 1024):
            received += chunk
        numbers = array("Q", received[: len(received) - len(received) % RESULT_BYTES])
        for at in range(0, len(numbers), 4):
            self.hashes[numbers[at]] = (numbers[at + 1], numbers[at + 2], numbers[at + 3])

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

    def __enter__(self) -> "Sweep":
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(finished=kind is None)
