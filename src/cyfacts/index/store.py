"""Where cache files live and how they come and go: the cache folder, the scratch file a new index
is written to, putting it in place atomically, and a folder that tidies itself.

A new index is written to an unnamed file in the cache folder (O_TMPFILE), which no signal, crash or
kill -9 can leave behind, and is given its name only when complete. Where the system has no unnamed
files, a named temporary file is removed on every path out, and one left by a killed run is swept
an hour later. Where there is no cache folder, or it cannot be written, the index is built in memory
for the run, and the user is told why each time."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import contextlib
import os
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from cyfacts import __version__
from cyfacts.index.cache import FORMAT, CacheFile, CacheMissError, layout_hash, peek_header, read_cache

PREFIX, TEMP_PREFIX, SUFFIX, MARK = "deck-", ".tmp-", ".idx", ".ok"
STALE_TEMP_SECONDS = 3600
Say = Callable[..., None]  # a message key and its values: Environment.say


def cache_name(root: Path) -> str:
    """One file per deck (by its resolved path) and per user, so that a shared cache folder works."""
    where = str(root).encode("utf-8", "surrogateescape")
    user = f"-u{os.getuid()}" if hasattr(os, "getuid") else ""
    return f"{PREFIX}{zlib.crc32(where):08x}{zlib.adler32(where):08x}{user}{SUFFIX}"


def cache_file(root: Path, folder: Path) -> Path:
    from cyfacts.deck.layout import resolved

    return folder / cache_name(resolved(root))


def owned(path: Path) -> os.stat_result | None:
    """The file's status if it is a regular file of this user's (never a link), else None."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or (hasattr(os, "getuid") and found.st_uid != os.getuid()):
        return None
    return found


def kind_of(path: Path) -> str | None:
    """What stands at a path that should hold a cache file, when it is not a plain file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISLNK, "a link"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
    ]
    return next((name for test, name in kinds if test(mode)), None)


class Scratch:
    """A file a new index is written to: unnamed (O_TMPFILE) where it can be, else a named temporary
    file that `discard` removes, or memory when there is no cache folder to write to."""

    def __init__(self, descriptor: int, folder: Path | None = None, temporary: Path | None = None) -> None:
        self.descriptor = descriptor
        self.folder = folder  # set for an unnamed file in the cache folder, which can be linked there
        self.temporary = temporary

    def discard(self) -> None:
        """Remove the named temporary file, if any (the descriptor stays open for reading)."""
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            self.temporary = None


def memory_file() -> int:
    """A file in memory: where no folder can be written, the index still works for this run."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("cyfacts-index", getattr(os, "MFD_CLOEXEC", 0))
    import tempfile

    with tempfile.TemporaryFile() as file:  # unlinked at once where the system allows it
        return os.dup(file.fileno())


class Store:
    """The cache folder of a run, or None where there is none, and what is said about it (once)."""

    def __init__(self, folder: Path | None, say: Say, missing: str = "") -> None:
        self.folder = folder
        self.said: set[tuple[str, str]] = set()
        self.say_to = say
        if folder is None:
            self.warn("cache_none", why=missing)

    def warn(self, key: str, **values: str) -> None:
        """The message named by `key`, in the reader's language; each said once a run."""
        said = (key, repr(sorted(values.items())))
        if said not in self.said:
            self.said.add(said)
            self.say_to(key, **values)

    def path(self, root: Path) -> Path | None:
        return self.folder / cache_name(root) if self.folder is not None else None

    def open(self, root: Path) -> CacheFile | None:
        """The deck's cache file if there is one of this version; whether it is current is the
        caller's to find out."""
        path = self.path(root)
        if path is None:
            return None
        try:
            cache = read_cache(path, meta=False)  # the metadata once the sweep has started
        except CacheMissError:
            kind = kind_of(path)
            if kind is not None and kind != "a folder":  # a folder cannot be replaced: publish says so
                self.warn("cache_not_file", path=str(path), kind=kind)
            return None
        cache.map_leased()  # first: from then on nobody else writes to the file until this run ends
        cache.trusted = read_mark(path) == numbers_of(os.fstat(cache.descriptor))
        return cache

    def unwritable(self, error: OSError) -> None:
        self.warn("cache_unwritable", folder=str(self.folder), why=error.strerror or str(error))

    def scratch(self) -> Scratch:
        """A new file for an index: in the cache folder if it can be written, else in memory."""
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                return self.scratch_in(self.folder)
            except OSError as error:
                self.unwritable(error)
        return Scratch(memory_file())

    def scratch_in(self, folder: Path) -> Scratch:
        flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0)
        if hasattr(os, "O_TMPFILE"):
            try:
                return Scratch(os.open(folder, flags | os.O_TMPFILE, 0o600), folder=folder)
            except OSError as error:
                if error.errno in (13, 30):  # EACCES, EROFS: no other way will do better
                    raise
        temporary = folder / f"{TEMP_PREFIX}{os.urandom(6).hex()}{SUFFIX}"
        return Scratch(os.open(temporary, flags | os.O_CREAT | os.O_EXCL, 0o600), temporary=temporary)

    def publish(self, scratch: Scratch, root: Path) -> None:
        """The written index, given the deck's cache name."""
        target = self.path(root)
        if target is None or (scratch.folder is None and scratch.temporary is None):
            return
        try:
            if scratch.temporary is not None:
                os.replace(scratch.temporary, target)  # a reader sees the old file or the new
            else:
                self.link_in_place(scratch, target)
            write_mark(target, scratch.descriptor)
        except OSError as error:
            kind = kind_of(target)
            why = f"{target} is {kind}" if kind else (error.strerror or str(error))
            self.warn("cache_write_failed", why=why)
        finally:
            scratch.discard()
        self.tidy(keep=target)

    def link_in_place(self, scratch: Scratch, target: Path) -> None:
        """An unnamed file given the cache's name: the old file unlinked, the new one linked. Not a
        rename over the old file: ext4 then writes the whole new file out first (auto_da_alloc), a
        tenth of a second at 100,000 cards, care a cache does not need (a torn one fails its checks
        and is rebuilt). A run that looks in between finds no cache, and builds one."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        folder = os.open(target.parent, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            # With a folder descriptor Python calls linkat, which follows /proc's link to the file
            # (AT_SYMLINK_FOLLOW); plain link() would try to link the /proc entry itself.
            os.link(f"/proc/self/fd/{scratch.descriptor}", target.name, src_dir_fd=folder, dst_dir_fd=folder)
        except FileExistsError:
            pass  # another run put its own in place just now: that one serves as well
        except OSError:  # no /proc: a named copy, renamed into place
            named = self.copy(scratch, target.parent)
            try:
                os.replace(named, target)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(named)
        finally:
            os.close(folder)

    @staticmethod
    def copy(scratch: Scratch, folder: Path) -> Path:
        from cyfacts.index.parts import copy_range

        named = folder / f"{TEMP_PREFIX}{os.urandom(6).hex()}{SUFFIX}"
        copy = os.open(named, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            copy_range(scratch.descriptor, 0, os.fstat(scratch.descriptor).st_size, copy)
        except OSError:
            os.unlink(named)
            raise
        finally:
            os.close(copy)
        return named

    def entries(self) -> Iterator[Path]:
        if self.folder is None:
            return
        with contextlib.suppress(OSError), os.scandir(self.folder) as found:
            yield from (Path(entry.path) for entry in found)

    def tidy(self, keep: Path | None = None) -> None:
        """Remove what no run will use again: temporary files older than an hour (left by a killed
        run), caches of another format or version, and caches of decks that no longer exist."""
        now = time.time()
        for path in self.entries():
            found = owned(path)
            if path.name.startswith(PREFIX) and path.name.endswith(MARK) and not path.with_suffix(SUFFIX).exists():
                with contextlib.suppress(OSError):
                    path.unlink()  # the mark of a cache that is gone
            if found is None or path == keep or not path.name.endswith(SUFFIX):
                continue
            if path.name.startswith(TEMP_PREFIX):
                stale = now - found.st_mtime > STALE_TEMP_SECONDS
            elif path.name.startswith(PREFIX):
                stale = not current(peek_header(path))
            else:
                continue
            if stale:
                with contextlib.suppress(OSError):
                    mark_of(path).unlink()
            if stale:
                with contextlib.suppress(OSError):
                    path.unlink()


def current(header: dict[str, object] | None) -> bool:
    """Whether a cache file's header is of this format and version, for a deck that still exists."""
    if header is None or header.get("format") != FORMAT or header.get("version") != __version__:
        return False
    deck = header.get("deck")
    return header.get("layout") == layout_hash() and isinstance(deck, str) and Path(deck).is_dir()


class CacheEntry(NamedTuple):
    """A file in the cache folder, for `cyfacts cache`."""

    path: Path
    size: int
    modified: float
    deck: str | None  # the deck it indexes, when it is a cache of this version
    cards: int
    current: bool


def cache_entries(folder: Path) -> list[CacheEntry]:
    """This user's cyfacts files in the folder: caches first (largest first), then temporary files."""
    found = []
    for path in Store(folder, lambda *_, **__: None).entries():
        status = owned(path)
        if status is None or not path.name.endswith(SUFFIX):
            continue
        if path.name.startswith(PREFIX):
            header = peek_header(path)
            deck = header.get("deck") if header else None
            cards = header.get("cards") if header else 0
            entry = CacheEntry(
                path,
                status.st_size,
                status.st_mtime,
                deck if isinstance(deck, str) else None,
                cards if isinstance(cards, int) else 0,
                current(header),
            )
        elif path.name.startswith(TEMP_PREFIX):
            entry = CacheEntry(path, status.st_size, status.st_mtime, None, 0, False)
        else:
            continue
        found.append(entry)
    return sorted(found, key=lambda e: (e.path.name.startswith(TEMP_PREFIX), -e.size, e.path.name))


def clear_cache(folder: Path) -> tuple[int, int]:
    """Remove this user's cyfacts files from the folder (nothing else in it); how many, how large."""
    removed = size = 0
    for entry in cache_entries(folder):
        with contextlib.suppress(OSError):
            entry.path.unlink()
            removed, size = removed + 1, size + entry.size
        with contextlib.suppress(OSError):
            mark_of(entry.path).unlink()
    return removed, size


# A cache file's mark: its numbers (device, inode, size, modification and change time) as they were
# when this user's run wrote it. While they are unchanged the file holds what was written, and its
# body need not be checksummed again on every run: any write to it since changed its change time,
# which no program can set back.


def mark_of(path: Path) -> Path:
    return path.with_suffix(MARK)


def numbers_of(found: os.stat_result) -> str:
    return f"{found.st_dev} {found.st_ino} {found.st_size} {found.st_mtime_ns} {found.st_ctime_ns}\n"


def write_mark(path: Path, descriptor: int) -> None:
    mark = mark_of(path)
    with contextlib.suppress(FileNotFoundError):
        mark.unlink()
    made = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        os.write(made, numbers_of(os.fstat(descriptor)).encode())
    finally:
        os.close(made)


def read_mark(path: Path) -> str | None:
    mark = mark_of(path)
    if owned(mark) is None:
        return None
    try:
        # A mark is ASCII; read as UTF-8, whose codec is loaded already (the ASCII one is not), since
        # anything else in it differs from every mark all the same.
        return mark.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
