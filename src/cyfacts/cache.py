"""The deck's index, cached between runs: one file per deck in the user's cache folder.

Never stale: its header holds a fingerprint of every deck file (path, size, modification time), and a
mismatch rebuilds it. Never half-read: it is written to a temporary file and renamed into place, and
a run keeps its file open. Never trusted blindly: a file that is not ours, of another format version,
or damaged is ignored and rebuilt.

Layout: one JSON header line; the index as `marshal` data (plain strings, arrays as bytes); then the
cards as JSON rows, read one by one only when a command shows them.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cyfacts import __version__
from cyfacts.charmaps import CharMaps
from cyfacts.index import Blob, CardColumns, SearchIndex, Sounds
from cyfacts.model import Deck, Expert, Problem, Section, Source
from cyfacts.store import CardStore, card_row, rows_reader

FORMAT = 1  # bump whenever the layout or the meaning of any part changes
MAGIC = "cyfacts-index"
CACHE_ENV = "CYFACTS_CACHE_DIR"


class CacheMissError(Exception):
    """The cache file is absent, stale, foreign or damaged: build anew."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """A deck ready to answer: its cards (read lazily from the cache) and its search index."""

    deck: Deck
    index: SearchIndex


def cache_dir(env: Mapping[str, str]) -> Path:
    if env.get(CACHE_ENV):
        return Path(env[CACHE_ENV])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cyfacts"


def cache_file(root: Path, env: Mapping[str, str]) -> Path:
    key = hashlib.blake2b(str(root.resolve()).encode(), digest_size=10).hexdigest()
    return cache_dir(env) / f"deck-{key}.idx"


def fingerprint(files: list[tuple[str, int, int]]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path, size, mtime in files:
        digest.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# --- writing -----------------------------------------------------------------------------------------


def blob_plain(blob: Blob) -> tuple[str, bytes]:
    return blob.text, array("I", blob.starts).tobytes()


def source_plain(source: Source) -> tuple[Any, ...]:
    sections = tuple(
        (s.heading, s.heading_en, s.theme, (s.expert.name, s.expert.affiliation) if s.expert else None)
        for s in source.sections
    )
    return (
        source.id,
        source.title,
        source.title_en,
        source.publisher,
        source.date,
        source.year,
        source.year_inferred,
        source.year_note,
        source.seed,
        sections,
        source.path,
    )


def index_plain(index: SearchIndex, deck: Deck, offsets: array[int]) -> dict[str, Any]:
    columns, maps = index.columns, index.charmaps
    return {
        "columns": (columns.ids, array("H", columns.years).tobytes(), columns.themes, columns.kinds, columns.speakers),
        "fields": {name: blob_plain(blob) for name, blob in index.fields.items()},
        "sounds": {name: (blob_plain(s.pinyin), blob_plain(s.initials)) for name, s in index.sounds.items()},
        "chinese": blob_plain(index.chinese),
        "charmaps": (
            "".join(map(chr, maps.to_simplified)),
            "".join(maps.to_simplified.values()),
            "".join(maps.pinyin),
            ",".join(maps.pinyin.values()),
        ),
        "sources": tuple(source_plain(s) for s in deck.sources.values()),
        "problems": tuple((p.path, p.line, p.message, p.column) for p in deck.problems),
        "skipped": deck.skipped,
        "offsets": offsets.tobytes(),
    }


def write_cache(path: Path, print_: str, index: SearchIndex, deck: Deck) -> None:
    """Write atomically: a temporary file in the same folder, renamed over the old one."""
    rows, offsets, offset = [], array("Q"), 0
    for card in index.cards:
        row = (card_row(card) + "\n").encode("utf-8")
        offsets.append(offset)
        rows.append(row)
        offset += len(row)
    body = marshal.dumps(index_plain(index, deck, offsets))
    header = (
        json.dumps(
            {"magic": MAGIC, "format": FORMAT, "version": __version__, "fingerprint": print_, "index_bytes": len(body)}
        )
        + "\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", suffix=".idx", delete=False) as tmp:
        try:
            tmp.write(header.encode())
            tmp.write(body)
            tmp.writelines(rows)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            os.unlink(tmp.name)
            raise
    os.replace(tmp.name, path)


# --- reading -----------------------------------------------------------------------------------------


def blob_from(plain: tuple[str, bytes]) -> Blob:
    text, starts = plain
    table = array("I")
    table.frombytes(starts)
    return Blob(text, table)


def source_from(plain: tuple[Any, ...]) -> Source:
    source_id, title, title_en, publisher, date, year, year_inferred, year_note, seed, sections, path = plain
    return Source(
        source_id,
        title,
        title_en,
        publisher,
        date,
        year,
        year_inferred,
        year_note,
        seed,
        tuple(Section(h, he, t, Expert(*e) if e else None) for h, he, t, e in sections),
        path,
    )


def charmaps_from(plain: tuple[str, str, str, str]) -> CharMaps:
    keys, values, chars, readings = plain
    return CharMaps(dict(zip(map(ord, keys), values, strict=True)), dict(zip(chars, readings.split(","), strict=True)))


def catalog_from(data: dict[str, Any], file: BinaryIO, base: int) -> Catalog:
    ids, years_bytes, themes, kinds, speakers = data["columns"]
    years, offsets = array("H"), array("Q")
    years.frombytes(years_bytes)
    offsets.frombytes(data["offsets"])
    if not len(ids) == len(years) == len(offsets) == len(themes):
        raise CacheMissError("inconsistent columns")
    cards = CardStore(len(ids), *rows_reader(file, base, offsets))
    sources = {s.id: s for s in map(source_from, data["sources"])}
    deck = Deck(cards, sources, tuple(Problem(*p) for p in data["problems"]), data["skipped"])
    index = SearchIndex(
        cards=cards,
        columns=CardColumns(ids, years, themes, kinds, speakers),
        fields={name: blob_from(plain) for name, plain in data["fields"].items()},
        sounds={name: Sounds(blob_from(p), blob_from(i)) for name, (p, i) in data["sounds"].items()},
        chinese=blob_from(data["chinese"]),
        charmaps=charmaps_from(data["charmaps"]),
    )
    return Catalog(deck, index)


def read_cache(path: Path, print_: str) -> Catalog:
    try:
        file = path.open("rb")
    except OSError as error:
        raise CacheMissError(str(error)) from None
    try:
        header = json.loads(file.readline(4096))
        if not isinstance(header, dict) or header.get("magic") != MAGIC or header.get("format") != FORMAT:
            raise CacheMissError("not a cache of this format")
        if header.get("version") != __version__ or header.get("fingerprint") != print_:
            raise CacheMissError("stale")
        size = int(header["index_bytes"])
        body = file.read(size)
        if len(body) != size:
            raise CacheMissError("truncated")
        return catalog_from(marshal.loads(body), file, file.tell())
    except CacheMissError:
        file.close()
        raise
    except Exception as error:  # a damaged or foreign file can fail in any way: never trust it
        file.close()
        raise CacheMissError(f"unreadable: {error}") from None
