"""The deck's index as a file: one per deck in the user's cache folder (index/store.py says where).

Never stale: its header holds the deck's fingerprint (every card file's name, size, times and inode),
and a mismatch updates it. Never trusted blindly: a file that is not ours, of another format version
or shape of card, or damaged anywhere (each text buffer is checked when first read, the rows in
pieces and each on its own, the metadata and file table as a whole) is ignored and rebuilt. Never
mapped: everything is read with pread, so a file cut short by another program gives a short read
and a clear error, never SIGBUS.

Layout: a JSON header padded to a fixed size; the index's text buffers, one region each; the cards
as checksummed JSON rows, read one by one only when a command shows them; the table of the deck's
files (each file's numbers and what became of it, for the next update); and last, the small rest of
the index (columns, offsets, tables) as `marshal` data.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import mmap
import os
import stat
import zlib
from array import array
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cyfacts import __version__
from cyfacts.errors import CacheChangedError
from cyfacts.index.build import Blob, CardColumns, Catalog, SearchIndex, Sounds
from cyfacts.index.charmaps import CharMaps
from cyfacts.index.fingerprint import CHECK_BYTES, Check, check_piece
from cyfacts.index.places import Places
from cyfacts.index.rows import CardStore, row_layout, rows_reader
from cyfacts.index.texts import BLOB_NAMES, FIELD_TEXT, SOUND_FIELDS
from cyfacts.index.words import Vocabulary
from cyfacts.model.cards import Deck, DeckConfig, Expert, Label, Place, Problem, Section, Source

if TYPE_CHECKING:
    from cyfacts.index.parts import Part

# Bump whenever the layout or the meaning of any part changes (tests/test_cache.py checks). 16: 谁 is
# a filler character; 15: no word of a filler character stuck to another (川渝有); 14: 末 and 底 are
# filler characters (2024年末); 13: whether the deck config could be read; 12: each card's figures
# in their base units; 11: what each card's figures measure; 10: the English vocabulary holds the
# parts of hyphenated words; 9: the filler words cover every one-character stop word; 8: the deck
# config, vocabulary, places and inferred years (7) in the checked, updatable file (5).
FORMAT = 16


def crc(data: bytes | bytearray) -> int:
    return zlib.crc32(data)


def layout_hash() -> str:
    """The layout, short enough for the header."""
    return f"{zlib.crc32(layout().encode()):08x}"


MAGIC = "cyfacts-index"
HEADER_BYTES = 8192  # room for the deck's path, however long


class CacheMissError(Exception):
    """The cache file is absent, stale, foreign or damaged: build anew."""


def layout() -> str:
    """What the model makes of a cached deck's rows and sources; part of every header."""
    shapes = (("source", Source), ("section", Section), ("expert", Expert), ("place", Place), ("label", Label))
    return row_layout() + "".join(f";{name}:{','.join(kind._fields)}" for name, kind in shapes)


def config_plain(config: DeckConfig) -> tuple[Any, ...]:
    return (
        tuple((key, *label) for key, label in config.themes.items()),
        tuple((key, *label) for key, label in config.kinds.items()),
        tuple(tuple(place) for place in config.places.values()),
        config.path,
        config.readable,  # a broken config is served from the cache as broken, never as no places
    )


def config_from(plain: tuple[Any, ...]) -> DeckConfig:
    themes, kinds, places, path, readable = plain
    return DeckConfig(
        themes=MappingProxyType({key: Label(zh, en) for key, zh, en in themes}),
        kinds=MappingProxyType({key: Label(zh, en) for key, zh, en in kinds}),
        places=MappingProxyType({p[0]: Place._make(p) for p in places}),
        path=path,
        readable=readable,
    )


# --- reading -----------------------------------------------------------------------------------------


def source_from(plain: tuple[Any, ...]) -> Source:
    values = dict(zip(Source._fields, plain, strict=True))
    values["sections"] = tuple(
        Section._make((*section[:-1], Expert._make(section[-1]) if section[-1] else None))
        for section in values["sections"]
    )
    return Source(**values)


def read_exactly(descriptor: int, size: int, offset: int) -> bytes:
    data = os.pread(descriptor, size, offset)
    if len(data) != size:
        raise CacheMissError("cut short")
    return data


def read_blob(descriptor: int, begin: int, size: int, count: int, value: int | None) -> tuple[bytes, array[int]]:
    """A buffer's text and its cards' offsets in it, as write_index placed them; checked against its
    CRC unless `value` is None (the file is known to be as written). A damaged one raises
    CacheChangedError, and the run builds the index anew. (Two reads: slicing one would copy the
    text again.)"""
    data = os.pread(descriptor, size, begin)
    offsets = os.pread(descriptor, 8 * count, begin + size)
    if len(data) != size or len(offsets) != 8 * count:
        raise CacheChangedError.of("cache_cut_short")
    if value is not None and zlib.crc32(offsets, zlib.crc32(data)) != value:
        raise CacheChangedError.of("cache_damaged")
    starts = array("Q")
    starts.frombytes(offsets)
    return data, array("Q", [start - begin for start in starts])


def mapped_blob(mapping: mmap.mmap, begin: int, size: int, count: int, value: int | None) -> Blob:
    """A buffer read in place from the mapped file (checked unless `value` is None)."""
    view = memoryview(mapping)
    if len(mapping) < begin + size + 8 * count:
        raise CacheChangedError.of("cache_cut_short")
    offsets = view[begin + size : begin + size + 8 * count]
    if value is not None and zlib.crc32(offsets, zlib.crc32(view[begin : begin + size])) != value:
        raise CacheChangedError.of("cache_damaged")
    starts = array("Q")
    starts.frombytes(offsets)
    return Blob(mapping, starts, begin + size - 1 if count else begin)


class LazyBlobs(Mapping[str, Blob]):
    """The index's buffers, each read from the cache file only when a query needs it, and checked
    unless the file is known to be as written. Mapped where the file is leased, so that no other
    program can cut it short meanwhile (which would kill the run with SIGBUS); read otherwise."""

    def __init__(self, cache: CacheFile, names: Sequence[str]) -> None:
        self.cache = cache
        self.names = names
        self.loaded: dict[str, Blob] = {}

    def __getitem__(self, name: str) -> Blob:
        if name not in self.loaded:
            begin, size, count, value = self.cache.meta["blobs"][name]
            check = None if self.cache.trusted else value
            if self.cache.mapping is not None:
                self.loaded[name] = mapped_blob(self.cache.mapping, begin, size, count, check)
            else:
                self.loaded[name] = Blob.of(*read_blob(self.cache.descriptor, begin, size, count, check))
        return self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class LazySounds(Mapping[str, Sounds]):
    def __init__(self, blobs: LazyBlobs) -> None:
        self.blobs = blobs

    def __getitem__(self, field: str) -> Sounds:
        if field not in SOUND_FIELDS:
            raise KeyError(field)
        return Sounds(self.blobs[f"{field}.pinyin"], self.blobs[f"{field}.initials"])

    def __iter__(self) -> Iterator[str]:
        return iter(SOUND_FIELDS)

    def __len__(self) -> int:
        return len(SOUND_FIELDS)


class CacheFile:
    """An open cache file whose header and metadata checked out: its catalog, its fingerprint,
    the checks that prove its body intact, and the file table for an update."""

    def __init__(self, descriptor: int, header: dict[str, Any]) -> None:
        self.descriptor = descriptor
        self.header = header
        self.loaded_meta: dict[str, Any] | None = None
        # Known to be byte for byte as written: just written by this run, or its file's numbers
        # (change time, inode …) are those recorded when it was written. Its body is then not
        # checksummed again on every run; anything that wrote to it since changed its change time.
        self.trusted = False
        self.mapping: mmap.mmap | None = None

    @property
    def meta(self) -> dict[str, Any]:
        """The metadata, read and checked when first needed: a run starts its sweep first."""
        if self.loaded_meta is None:
            try:
                offset, size, value = self.header["meta"]
                data = read_exactly(self.descriptor, size, offset)
                if crc(data) != value:
                    raise CacheMissError("damaged metadata")
                self.loaded_meta = marshal.loads(data)
            except CacheMissError:
                raise
            except Exception as error:  # a damaged or foreign file can fail in any way: never trust it
                raise CacheMissError(f"unreadable: {error}") from None
        return self.loaded_meta

    @property
    def fingerprint(self) -> str:
        return str(self.header["fingerprint"])

    @property
    def files(self) -> int:
        return int(self.header["files"])

    def pieces(self, region: str) -> list[Check]:
        begin, end, sums = self.header[region]
        return [
            Check(self.descriptor, start, min(start + CHECK_BYTES, end) - start, value)
            for start, value in zip(range(begin, end, CHECK_BYTES), sums, strict=True)
        ]

    def checks(self, rows: bool = False) -> list[Check]:
        """Checks of the rows, for a command that reads them all after the deck is opened (list,
        stats, export): each row carries its own checksum too, but a damaged one found halfway
        through the output would come too late to build the index anew."""
        return self.pieces("rows") if rows and not self.trusted else []

    def intact(self) -> bool:
        """Whether every part of the file checks out: before an update copies from it."""
        try:
            blobs = self.meta["blobs"].values()
            if self.trusted:
                return True
            self.table()
            for begin, size, count, value in blobs:
                read_blob(self.descriptor, begin, size, count, value)
        except (CacheChangedError, CacheMissError):
            return False
        return all(check_piece(check) for check in self.checks(rows=True))

    def table(self) -> Any:
        """The file table, checked; CacheMissError when it does not check out."""
        offset, size, value = self.header["table"]
        data = read_exactly(self.descriptor, size, offset)
        if crc(data) != value:
            raise CacheMissError("damaged file table")
        return marshal.loads(data)

    def blobs(self) -> LazyBlobs:
        return LazyBlobs(self, BLOB_NAMES)

    def map_leased(self) -> None:
        """Map the file, if this run can hold a read lease on it: while it does, another program
        that opens it to write or truncate waits (or fails at once, opening without blocking)
        until the run ends, so the mapping cannot be cut short under it. The lease-break notice
        (SIGIO) is ignored: the run is short. Where leases are not to be had, the file is read."""
        try:
            import fcntl
            import signal

            signal.signal(signal.SIGIO, signal.SIG_IGN)
            fcntl.fcntl(self.descriptor, fcntl.F_SETLEASE, fcntl.F_RDLCK)
            self.mapping = mmap.mmap(self.descriptor, 0, access=mmap.ACCESS_READ)
        except (ImportError, AttributeError, OSError, ValueError):  # no fcntl, no lease, not the main thread
            self.mapping = None

    def part(self) -> Part:
        """Its cards as a part, for an update to copy from."""
        from cyfacts.index.parts import Columns, Part

        regions: dict[str, tuple[int, Sequence[int]]] = {}
        for name, (begin, size, count, _) in self.meta["blobs"].items():
            offsets = array("Q")
            offsets.frombytes(read_exactly(self.descriptor, 8 * count, begin + size))
            offsets.append(begin + size)
            regions[name] = (0, offsets)
        rows = array("Q")
        rows.frombytes(self.meta["rows"])
        ids, years, themes, kinds, speakers, places, measured, amounted, inferred = self.meta["columns"]
        columns = Columns(
            list(ids),
            list(array("H", years)),
            list(themes),
            list(kinds),
            list(speakers),
            list(places),
            list(self.meta["card_sources"]),
            list(measured),
            list(amounted),
            bytearray(inferred),
        )
        return Part(self.descriptor, regions, (0, rows), columns)

    def catalog(self) -> Catalog:
        meta = self.meta
        ids, years_bytes, themes, kinds, speakers, places, measured, amounted, inferred = meta["columns"]
        years, offsets = array("H"), array("Q")
        years.frombytes(years_bytes)
        offsets.frombytes(meta["rows"])
        sizes = {len(ids), len(years), len(offsets) - 1, len(themes), len(places), len(measured), len(amounted)}
        if len(sizes | {len(inferred)}) != 1:
            raise CacheMissError("inconsistent columns")
        cards = CardStore(len(ids), *rows_reader(self.descriptor, offsets), keep=self)
        sources = {s.id: s for s in map(source_from, meta["sources"])}
        problems = tuple(Problem(*p) for p in meta["problems"])
        deck = Deck(cards, sources, problems, meta["skipped"], config_from(meta["config"]))
        blobs = self.blobs()
        index = SearchIndex(
            cards=cards,
            columns=CardColumns(ids, years, themes, kinds, speakers, places, measured, amounted, inferred),
            fields=LazyFields(blobs),
            sounds=LazySounds(blobs),
            charmaps=CharMaps.unpack_later(meta["charmaps"]),
            memo={},
            vocabulary=Vocabulary(*meta["vocabulary"]),
            places=Places.of(deck.config),
            themes=tuple(deck.config.themes),
        )
        return Catalog(deck, index)

    def release(self) -> None:
        """Give up the lease once the buffers are no longer searched (the cards' rows are read, not
        mapped), so that nobody waits on this run for longer than it searches."""
        if self.mapping is not None:
            with contextlib.suppress(ImportError, OSError):
                import fcntl

                fcntl.fcntl(self.descriptor, fcntl.F_SETLEASE, fcntl.F_UNLCK)

    def close(self) -> None:
        if self.descriptor != -1:
            os.close(self.descriptor)
            self.descriptor = -1

    def __del__(self) -> None:  # once no card, buffer or part of it is left, in a process that opens many
        with contextlib.suppress(OSError):
            self.close()


class LazyFields(Mapping[str, Blob]):
    def __init__(self, blobs: LazyBlobs) -> None:
        self.blobs = blobs

    def __getitem__(self, name: str) -> Blob:
        if name not in FIELD_TEXT:
            raise KeyError(name)
        return self.blobs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(FIELD_TEXT)

    def __len__(self) -> int:
        return len(FIELD_TEXT)


def read_header(descriptor: int) -> dict[str, Any]:
    """The header, if this is a cache file of this version for this shape of card."""
    header = json.loads(read_exactly(descriptor, HEADER_BYTES, 0))
    if not isinstance(header, dict) or header.get("magic") != MAGIC or header.get("format") != FORMAT:
        raise CacheMissError("not a cache of this format")
    if header.get("version") != __version__ or header.get("layout") != layout_hash():
        raise CacheMissError("written by another version, or for another shape of card")
    return header


def read_index(descriptor: int, meta: bool = True) -> CacheFile:
    """The cache file open at `descriptor`, its header checked (and its metadata, unless later)."""
    try:
        found = CacheFile(descriptor, read_header(descriptor))
        if meta:
            _ = found.meta
        return found
    except CacheMissError:
        raise
    except Exception as error:  # a damaged or foreign file can fail in any way: never trust it
        raise CacheMissError(f"unreadable: {error}") from None


def open_file(path: Path) -> int:
    """The cache file, opened for reading if it is a regular file of this user's: never blocks on a
    pipe put in its place, never follows a link, never trusts another user's file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise CacheMissError(f"cannot open: {error.strerror}") from None
    found = os.fstat(descriptor)
    if not stat.S_ISREG(found.st_mode) or (hasattr(os, "getuid") and found.st_uid != os.getuid()):
        os.close(descriptor)
        raise CacheMissError("not a regular file of this user's")
    return descriptor


def read_cache(path: Path, meta: bool = True) -> CacheFile:
    descriptor = open_file(path)
    try:
        return read_index(descriptor, meta)
    except BaseException:
        os.close(descriptor)
        raise


def peek_header(path: Path) -> dict[str, Any] | None:
    """A cache file's header whatever its version, or None when it is not one: for tidying up."""
    try:
        descriptor = open_file(path)
    except CacheMissError:
        return None
    try:
        header = json.loads(os.pread(descriptor, HEADER_BYTES, 0).split(b"\n", 1)[0])
        return header if isinstance(header, dict) and header.get("magic") == MAGIC else None
    except (OSError, ValueError):
        return None
    finally:
        os.close(descriptor)
