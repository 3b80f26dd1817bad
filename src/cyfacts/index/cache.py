"""The deck's index, cached between runs: one file per deck in the user's cache folder.

Never stale: its header holds a fingerprint of every deck file (path, size, modification time), and a
mismatch rebuilds it. Never half-read: it is written to a temporary file and renamed into place, and
a run keeps its file open. Never trusted blindly: a file that is not ours, of another format version,
or damaged is ignored and rebuilt.

Layout: a JSON header padded to a fixed size; the index's text buffers, which a run maps into memory
rather than reads; the cards as JSON rows, read one by one only when a command shows them; and last,
the small rest of the index (columns, offsets, tables) as `marshal` data.
"""

from __future__ import annotations

import json
import marshal
import mmap
import os
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from cyfacts import __version__
from cyfacts.index.build import Blob, CardColumns, Catalog, SearchIndex, Sounds
from cyfacts.index.charmaps import CharMaps
from cyfacts.index.places import Places
from cyfacts.index.rows import CardStore, card_row, row_layout, rows_reader
from cyfacts.index.words import Vocabulary
from cyfacts.model.cards import Card, Deck, DeckConfig, Expert, Label, Place, Problem, Section, Source

FORMAT = 7  # bump whenever the layout or the meaning of any part changes (tests/test_cache.py checks)
MAGIC = "cyfacts-index"
HEADER_BYTES = 512


class CacheMissError(Exception):
    """The cache file is absent, stale, foreign or damaged: build anew."""


def layout() -> str:
    """What the model makes of a cached deck's rows and sources; part of every header."""
    shapes = (("source", Source), ("section", Section), ("expert", Expert), ("place", Place), ("label", Label))
    return row_layout() + "".join(f";{name}:{','.join(kind._fields)}" for name, kind in shapes)


def layout_hash() -> str:
    """The layout, short enough for the fixed-size header."""
    return f"{zlib.crc32(layout().encode()):08x}"


def cache_file(root: Path, folder: Path) -> Path:
    where = str(root.resolve()).encode("utf-8", "surrogateescape")
    return folder / f"deck-{zlib.crc32(where):08x}{zlib.adler32(where):08x}.idx"


# --- writing -----------------------------------------------------------------------------------------


def source_plain(source: Source) -> tuple[Any, ...]:
    """The source as plain values in the model's field order; sections and experts nested alike."""
    sections = tuple((*section[:-1], tuple(section.expert) if section.expert else None) for section in source.sections)
    return tuple(sections if name == "sections" else getattr(source, name) for name in Source._fields)


def write_blob(file: IO[bytes], blob: Blob) -> tuple[int, bytes]:
    """The blob's bytes at the file's current end; returns where it ends and its card offsets there."""
    offset = file.tell()
    file.write(bytes(blob.data[blob.begin : blob.end]))
    starts = array("Q", (offset + start - blob.begin for start in blob.starts))
    return file.tell(), starts.tobytes()


def write_rows(file: IO[bytes], cards: Iterable[Card]) -> bytes:
    offsets = array("Q")
    for card in cards:
        offsets.append(file.tell())
        file.write((card_row(card) + "\n").encode("utf-8"))
    return offsets.tobytes()


def write_body(file: IO[bytes], index: SearchIndex, deck: Deck) -> dict[str, Any]:
    columns, maps = index.columns, index.charmaps
    return {
        "columns": (
            columns.ids,
            array("H", columns.years).tobytes(),
            columns.themes,
            columns.kinds,
            columns.speakers,
            columns.places,
            columns.inferred,
        ),
        "vocabulary": tuple(index.vocabulary),
        "fields": {name: write_blob(file, blob) for name, blob in index.fields.items()},
        "sounds": {
            name: (write_blob(file, s.pinyin), write_blob(file, s.initials)) for name, s in index.sounds.items()
        },
        "charmaps": maps.pack(),
        "sources": tuple(source_plain(s) for s in deck.sources.values()),
        "problems": tuple((p.path, p.line, p.message, p.column) for p in deck.problems),
        "skipped": deck.skipped,
        "config": config_plain(deck.config),
        "rows": write_rows(file, index.cards),
    }


def write_cache(path: Path, print_: str, index: SearchIndex, deck: Deck) -> None:
    """Write atomically: a temporary file in the same folder, renamed over the old one."""

    import tempfile  # only a run that writes the cache pays for it

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".idx", delete=False) as tmp:
        try:
            tmp.write(b" " * HEADER_BYTES)
            meta = marshal.dumps(write_body(tmp, index, deck))
            meta_offset = tmp.tell()
            tmp.write(meta)
            header = json.dumps(
                {
                    "magic": MAGIC,
                    "format": FORMAT,
                    "version": __version__,
                    "layout": layout_hash(),
                    "fingerprint": print_,
                    "meta_offset": meta_offset,
                    "meta_bytes": len(meta),
                }
            ).encode()
            tmp.seek(0)
            tmp.write(header.ljust(HEADER_BYTES - 1) + b"\n")
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, path)


# --- reading -----------------------------------------------------------------------------------------


def blob_from(data: mmap.mmap, plain: tuple[int, bytes]) -> Blob:
    end, starts_bytes = plain
    starts = array("Q")
    starts.frombytes(starts_bytes)
    return Blob(data, starts, end)


def source_from(plain: tuple[Any, ...]) -> Source:
    values = dict(zip(Source._fields, plain, strict=True))
    values["sections"] = tuple(
        Section._make((*section[:-1], Expert._make(section[-1]) if section[-1] else None))
        for section in values["sections"]
    )
    return Source(**values)


def config_plain(config: DeckConfig) -> tuple[Any, ...]:
    return (
        tuple((key, *label) for key, label in config.themes.items()),
        tuple((key, *label) for key, label in config.kinds.items()),
        tuple(tuple(place) for place in config.places.values()),
        config.path,
    )


def config_from(plain: tuple[Any, ...]) -> DeckConfig:
    themes, kinds, places, path = plain
    return DeckConfig(
        themes=MappingProxyType({key: Label(zh, en) for key, zh, en in themes}),
        kinds=MappingProxyType({key: Label(zh, en) for key, zh, en in kinds}),
        places=MappingProxyType({p[0]: Place._make(p) for p in places}),
        path=path,
    )


def catalog_from(meta: dict[str, Any], data: mmap.mmap) -> Catalog:
    ids, years_bytes, themes, kinds, speakers, places, inferred = meta["columns"]
    years, offsets = array("H"), array("Q")
    years.frombytes(years_bytes)
    offsets.frombytes(meta["rows"])
    if not len(ids) == len(years) == len(offsets) == len(themes):
        raise CacheMissError("inconsistent columns")
    cards = CardStore(len(ids), *rows_reader(data, offsets))
    sources = {s.id: s for s in map(source_from, meta["sources"])}
    deck = Deck(
        cards, sources, tuple(Problem(*p) for p in meta["problems"]), meta["skipped"], config_from(meta["config"])
    )
    index = SearchIndex(
        cards=cards,
        columns=CardColumns(ids, years, themes, kinds, speakers, places, inferred),
        fields={name: blob_from(data, plain) for name, plain in meta["fields"].items()},
        sounds={name: Sounds(blob_from(data, p), blob_from(data, i)) for name, (p, i) in meta["sounds"].items()},
        charmaps=CharMaps.unpack_later(meta["charmaps"]),
        memo={},
        vocabulary=Vocabulary(*meta["vocabulary"]),
        places=Places.of(deck.config),
    )
    return Catalog(deck, index)


def cached_files(path: Path) -> int:
    """How many card files the deck had when its cache was written (0 when unknown): a cheap guess
    at its size now, read from the header alone."""
    try:
        with path.open("rb") as file:
            fingerprint = json.loads(file.read(HEADER_BYTES)).get("fingerprint", "")
        return int(str(fingerprint).rpartition("-")[2])
    except (OSError, ValueError, AttributeError):
        return 0


def read_cache(path: Path) -> tuple[Catalog, str]:
    """The cached catalog and the deck fingerprint it was built from; the caller compares that."""
    try:
        with path.open("rb") as file:
            header = json.loads(file.read(HEADER_BYTES))
            if not isinstance(header, dict) or header.get("magic") != MAGIC or header.get("format") != FORMAT:
                raise CacheMissError("not a cache of this format")
            if header.get("version") != __version__ or header.get("layout") != layout_hash():
                raise CacheMissError("written by another version, or for another shape of card")
            file.seek(int(header["meta_offset"]))
            meta = file.read(int(header["meta_bytes"]))
            # The map outlives the file object and keeps this version of the file even if another
            # run replaces it meanwhile.
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        return catalog_from(marshal.loads(meta), data), str(header["fingerprint"])
    except CacheMissError:
        raise
    except Exception as error:  # a damaged or foreign file can fail in any way: never trust it
        raise CacheMissError(f"unreadable: {error}") from None
