"""Writing a cache file: the cards of an update's runs, copied part by part, then the file table and
metadata, then the header with every checksum (index/cache.py reads it)."""

from __future__ import annotations

import json
import marshal
import os
import zlib
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

from cyfacts import __version__
from cyfacts.index.cache import FORMAT, HEADER_BYTES, MAGIC, config_plain, crc, layout_hash
from cyfacts.index.charmaps import CharMaps
from cyfacts.index.fingerprint import CHECK_BYTES
from cyfacts.index.parts import Columns, Run, copy_region, write_all
from cyfacts.index.texts import BLOB_NAMES
from cyfacts.index.words import Vocabulary
from cyfacts.model.cards import DeckConfig, Problem, Source


def source_plain(source: Source) -> tuple[Any, ...]:
    """The source as plain values in the model's field order; sections and experts nested alike."""
    sections = tuple((*section[:-1], tuple(section.expert) if section.expert else None) for section in source.sections)
    return tuple(sections if name == "sections" else getattr(source, name) for name in Source._fields)


class Contents(NamedTuple):
    """What a new cache file holds besides its cards: the deck's sources and problems, the
    character tables, the file table for the next update, and the header's facts."""

    sources: dict[str, Source]
    problems: Sequence[Problem]
    skipped: int
    charmaps: CharMaps
    table: Any
    deck: str  # the deck's root, resolved
    fingerprint: str
    files: int
    config: DeckConfig
    vocabulary: Vocabulary


def region_crc(descriptor: int, start: int, stop: int) -> int | None:
    """CRC-32 of bytes start…stop of the file, or None when the file ends before."""
    value, offset = 0, start
    while offset < stop:
        data = os.pread(descriptor, min(1 << 22, stop - offset), offset)
        if not data:
            return None
        value, offset = zlib.crc32(data, value), offset + len(data)
    return value


def piece_crcs(descriptor: int, begin: int, end: int) -> list[int | None]:
    """CRC-32 of each CHECK_BYTES piece of a region."""
    return [region_crc(descriptor, start, min(start + CHECK_BYTES, end)) for start in range(begin, end, CHECK_BYTES)]


def write_index(descriptor: int, runs: Sequence[Run], contents: Contents) -> None:
    """The cards of the runs, in order, and the contents, written to an empty file."""
    os.ftruncate(descriptor, HEADER_BYTES)  # the header's room, written last
    os.lseek(descriptor, HEADER_BYTES, os.SEEK_SET)
    blobs = {}
    for name in BLOB_NAMES:  # its text, then its cards' offsets in the file: where, how large, how many, CRC
        begin = os.lseek(descriptor, 0, os.SEEK_END)
        offsets = copy_region(runs, name, descriptor)
        starts = offsets[:-1].tobytes()
        write_all(descriptor, starts)
        value = zlib.crc32(starts, region_crc(descriptor, begin, offsets[-1]) or 0)
        blobs[name] = (begin, offsets[-1] - begin, len(offsets) - 1, value)
    rows_begin = os.lseek(descriptor, 0, os.SEEK_END)
    row_offsets = copy_region(runs, "rows", descriptor)
    body_end = os.lseek(descriptor, 0, os.SEEK_END)
    columns = Columns.empty()
    for part, start, end in runs:
        columns.extend(part.columns, start, end)
    table = marshal.dumps(contents.table)
    meta = marshal.dumps(
        {
            "columns": (
                tuple(columns.ids),
                array("H", columns.years).tobytes(),
                tuple(columns.themes),
                tuple(columns.kinds),
                tuple(columns.speakers),
                tuple(columns.places),
                tuple(columns.measures),
                tuple(columns.amounts),
                bytes(columns.inferred),
            ),
            "card_sources": tuple(columns.sources),
            "vocabulary": tuple(contents.vocabulary),
            "config": config_plain(contents.config),
            "blobs": blobs,
            "rows": row_offsets.tobytes(),
            "charmaps": contents.charmaps.pack(),
            "sources": tuple(source_plain(s) for s in contents.sources.values()),
            "problems": tuple(tuple(p) for p in contents.problems),
            "skipped": contents.skipped,
        }
    )
    write_all(descriptor, table)
    write_all(descriptor, meta)
    header = {
        "magic": MAGIC,
        "format": FORMAT,
        "version": __version__,
        "layout": layout_hash(),
        "deck": contents.deck,
        "fingerprint": contents.fingerprint,
        "files": contents.files,
        "cards": len(columns.ids),
        "rows": [rows_begin, body_end, piece_crcs(descriptor, rows_begin, body_end)],
        "table": [body_end, len(table), crc(table)],
        "meta": [body_end + len(table), len(meta), crc(meta)],
    }
    encoded = json.dumps(header, ensure_ascii=False).encode("utf-8")
    if len(encoded) >= HEADER_BYTES:
        raise OSError("the deck's path is too long for a cache header")
    os.pwrite(descriptor, encoded.ljust(HEADER_BYTES - 1) + b"\n", 0)
