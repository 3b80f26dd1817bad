"""Parts of an index: cards with their index texts and rows, from which a cache file is put together.

A part is the old cache file (the cards of files that did not change), or cards read anew: in memory
when few, in a helper's scratch file when a large deck is read in parallel. Putting a new cache file
together copies runs of consecutive cards from parts, so one edit in a 100,000-card deck reads one
card and copies the rest, in the kernel where it can."""

from __future__ import annotations

import contextlib
import marshal
import os
from array import array
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from cyfacts.index.build import SEPARATOR
from cyfacts.index.rows import row_line
from cyfacts.index.texts import BLOB_NAMES, Deriver
from cyfacts.model.cards import Card
from cyfacts.model.units import amounts, measures

COPY_BYTES = 1 << 20
Source = int | bytes  # a file descriptor, or the bytes themselves


class Columns(NamedTuple):
    """What filters and year matching need of each card, in card order."""

    ids: list[str]
    years: list[int]
    themes: list[str]
    kinds: list[str]
    speakers: list[str | None]
    places: list[tuple[str, ...]]
    sources: list[str]  # for an update to tell duplicate ids apart (ids are unique within a source)
    measures: list[tuple[str, ...]]  # what each card's figures measure
    amounts: list[tuple[tuple[str, float], ...]]  # each card's figures in their base units
    inferred: bytearray  # 1 where the card's year is inferred, not stated

    @classmethod
    def empty(cls) -> Columns:
        return cls([], [], [], [], [], [], [], [], [], bytearray())

    def add(self, card: Card) -> None:
        self.ids.append(card.id)
        self.years.append(card.year)
        self.themes.append(card.theme)
        self.kinds.append(card.kind)
        self.speakers.append(card.speaker)
        self.places.append(card.places)
        self.sources.append(card.source)
        self.measures.append(measures(card.figures))
        self.amounts.append(amounts(card.figures))
        self.inferred.append(card.year_inferred)

    def extend(self, other: Columns, start: int, end: int) -> None:
        self.ids.extend(other.ids[start:end])
        self.years.extend(other.years[start:end])
        self.themes.extend(other.themes[start:end])
        self.kinds.extend(other.kinds[start:end])
        self.speakers.extend(other.speakers[start:end])
        self.places.extend(other.places[start:end])
        self.sources.extend(other.sources[start:end])
        self.measures.extend(other.measures[start:end])
        self.amounts.extend(other.amounts[start:end])
        self.inferred.extend(other.inferred[start:end])


Region = tuple[int, Sequence[int]]  # where a region begins in a source, and count + 1 offsets within it


class Part(NamedTuple):
    """Cards 0…count-1. Each blob and the rows are a region of `source`: card i's text (ending with
    a separator) or row lies from offsets[i] to offsets[i + 1] past the region's beginning."""

    source: Source
    blobs: dict[str, Region]
    rows: Region
    columns: Columns

    @property
    def size(self) -> int:
        return len(self.rows[1]) - 1

    def region(self, name: str) -> Region:
        return self.rows if name == "rows" else self.blobs[name]

    def text(self, name: str, index: int) -> str:
        """Card `index`'s text in one buffer (without its separator)."""
        base, offsets = self.blobs[name]
        return self.read(base + offsets[index], base + offsets[index + 1] - 1).decode("utf-8")

    def texts(self, name: str) -> list[str]:
        """Every card's text in one buffer, read at once."""
        base, offsets = self.blobs[name]
        if len(offsets) < 2:
            return []
        return self.read(base + offsets[0], base + offsets[-1] - 1).decode("utf-8").split(SEPARATOR.decode())

    def row(self, index: int) -> bytes:
        base, offsets = self.rows
        return self.read(base + offsets[index], base + offsets[index + 1])

    def read(self, start: int, end: int) -> bytes:
        if isinstance(self.source, bytes):
            return self.source[start:end]
        data = os.pread(self.source, end - start, start)
        if len(data) != end - start:
            raise OSError("a part of the index was cut short")
        return data


class PartBuilder:
    """Cards added one by one, with their index texts; `part()` in memory, `write()` to a file."""

    def __init__(self, deriver: Deriver) -> None:
        self.deriver = deriver
        self.buffers = {name: bytearray() for name in BLOB_NAMES}
        self.starts = {name: array("Q") for name in BLOB_NAMES}
        self.row_data = bytearray()
        self.row_starts = array("Q")
        self.columns = Columns.empty()

    def add(self, card: Card) -> int:
        for name, text in zip(BLOB_NAMES, self.deriver.texts(card), strict=True):
            buffer = self.buffers[name]
            self.starts[name].append(len(buffer))
            buffer += text.encode("utf-8")
            buffer += SEPARATOR
        self.row_starts.append(len(self.row_data))
        self.row_data += row_line(card)
        self.columns.add(card)
        return len(self.row_starts) - 1

    def regions(self) -> Iterable[tuple[str, bytearray, array[int]]]:
        yield from ((name, self.buffers[name], self.starts[name]) for name in BLOB_NAMES)
        yield "rows", self.row_data, self.row_starts

    def part(self) -> Part:
        """The cards as one in-memory part."""
        data = bytearray()
        regions: dict[str, Region] = {}
        for name, buffer, starts in self.regions():
            regions[name] = (len(data), array("Q", [*starts, len(buffer)]))
            data += buffer
        rows = regions.pop("rows")
        return Part(bytes(data), regions, rows, self.columns)

    def write(self, descriptor: int, extra: Any = None) -> tuple[int, int]:
        """The cards appended to a file, then a description of them (and of `extra`); returns where
        that description is."""
        regions: dict[str, tuple[int, bytes]] = {}
        for name, buffer, starts in self.regions():
            base = os.lseek(descriptor, 0, os.SEEK_END)
            write_all(descriptor, buffer)
            regions[name] = (base, array("Q", [*starts, len(buffer)]).tobytes())
        described = marshal.dumps((regions, (*self.columns[:-1], bytes(self.columns.inferred)), extra))
        where = os.lseek(descriptor, 0, os.SEEK_END)
        write_all(descriptor, described)
        return where, len(described)


def written_part(descriptor: int, where: int, size: int) -> tuple[Part, Any]:
    """A part a helper wrote to a scratch file, as write() described it there, and its extra."""
    described = os.pread(descriptor, size, where)
    if len(described) != size:
        raise OSError("a part of the index was cut short")
    plain, columns, extra = marshal.loads(described)
    regions: dict[str, Region] = {name: (base, array("Q", offsets)) for name, (base, offsets) in plain.items()}
    rows = regions.pop("rows")
    ids, years, themes, kinds, speakers, places, sources, measured, amounted, inferred = columns
    found = Columns(
        list(ids),
        list(years),
        list(themes),
        list(kinds),
        list(speakers),
        list(places),
        list(sources),
        list(measured),
        list(amounted),
        bytearray(inferred),
    )
    return Part(descriptor, regions, rows, found), extra


def write_all(descriptor: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def copy_range(source: Source, start: int, end: int, descriptor: int) -> None:
    """Bytes start…end of a part appended to the file: within the kernel where it can."""
    if isinstance(source, bytes):
        write_all(descriptor, memoryview(source)[start:end])
        return
    while start < end:
        copied = 0
        with contextlib.suppress(OSError, AttributeError):  # not every system or file system has it
            copied = os.copy_file_range(source, descriptor, end - start, start)
        if not copied:
            data = os.pread(source, min(COPY_BYTES, end - start), start)
            if not data:
                raise OSError(f"a part of the index was cut short at byte {start}")
            write_all(descriptor, data)
            copied = len(data)
        start += copied


Run = tuple[Part, int, int]  # cards start…end of a part


def runs_of(served: Iterable[tuple[Part, int]]) -> list[Run]:
    """Consecutive cards of one part, merged into runs, so that each run is copied in one piece."""
    runs: list[list[Any]] = []
    for part, index in served:
        if runs and runs[-1][0] is part and runs[-1][2] == index:
            runs[-1][2] = index + 1
        else:
            runs.append([part, index, index + 1])
    return [(part, start, end) for part, start, end in runs]


def copy_region(runs: Sequence[Run], name: str, descriptor: int) -> array[int]:
    """One region (a blob, or the rows) of the new file from the runs: appended to the file. Returns
    each card's offset in the file, with the region's end last."""
    at = os.lseek(descriptor, 0, os.SEEK_END)
    placed = array("Q")
    for part, start, end in runs:
        base, offsets = part.region(name)
        first, last = offsets[start], offsets[end]
        copy_range(part.source, base + first, base + last, descriptor)
        shift = at - first
        placed.extend([offset + shift for offset in offsets[start:end]])
        at += last - first
    placed.append(at)
    return placed
