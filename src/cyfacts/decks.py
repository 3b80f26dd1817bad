"""Opening the deck a command works on: from the cache when it is current, else read and indexed
anew; and telling the user on stderr which card files could not be read."""

from __future__ import annotations

import contextlib
import os
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cyfacts.cache import CacheMissError, Catalog, cache_file, read_cache, write_cache
from cyfacts.environment import Environment
from cyfacts.layout import CARD_SUFFIXES, require_deck, source_folders
from cyfacts.model import Deck

MAX_LISTED_PROBLEMS = 10
T = TypeVar("T")


def folder_state(folder: Path) -> tuple[list[str], array[int]]:
    """Names, sizes and modification times of a folder's YAML files, in directory order. Names
    come from listdir and each stat is taken relative to the open folder: the cheapest way Python
    has to stat many files, which is most of what a warm run on a large deck does."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        names = [name for name in os.listdir(descriptor) if name.endswith(CARD_SUFFIXES)]
        try:
            stats = [os.stat(name, dir_fd=descriptor) for name in names]
        except OSError:  # a dangling link or an unreadable entry: the loader reports it; here it is a -1
            stats = [safe_stat(name, descriptor) for name in names]
    finally:
        os.close(descriptor)
    return names, array("q", [n for st in stats for n in (st.st_size, st.st_mtime_ns)])


def safe_stat(name: str, descriptor: int) -> os.stat_result:
    try:
        return os.stat(name, dir_fd=descriptor)
    except OSError:
        return os.stat_result((-1,) * 10)


def deck_state(root: Path) -> tuple[str, int]:
    """A fingerprint of every file the loader reads (name, size, modification time), and their count:
    what the cache is keyed on. The one unavoidable cost of a warm run is a stat of each file."""
    require_deck(root)
    # Two 32-bit checksums (zlib is loaded anyway) over names, sizes and times: a change slipping
    # past both is beyond any real chance, and nothing here needs to resist an adversary.
    crc, adler, count = 0, 1, 0
    for folder in source_folders(root):
        names, numbers = folder_state(folder)
        # Directory order is stable while nothing changes; if it changes, the cache is merely rebuilt.
        for chunk in (f"{folder}\0{len(names)}\0", "\0".join(names)):
            data = chunk.encode("utf-8", "surrogateescape")
            crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)
        crc, adler = zlib.crc32(numbers, crc), zlib.adler32(numbers, adler)
        count += len(names)
    return f"{crc:08x}{adler:08x}-{count}", count


def build_catalog(root: Path, environment: Environment, total: int) -> Catalog:
    from cyfacts.index import SearchIndex
    from cyfacts.loader import load_deck
    from cyfacts.progress import Progress

    progress = Progress(environment.stderr, total)
    deck = load_deck(root, progress, with_lines=False)
    index = SearchIndex.build(deck.cards)
    progress.finish()
    return Catalog(deck, index)


def rebuild(root: Path, environment: Environment, state: tuple[str, int]) -> Catalog:
    catalog = build_catalog(root, environment, state[1])
    # A read-only or full cache folder only costs speed; the answer is the same.
    with contextlib.suppress(OSError):
        write_cache(cache_file(root, environment.env), state[0], catalog.index, catalog.deck)
    return catalog


def with_catalog(root: Path, environment: Environment, work: Callable[[Catalog], T]) -> T:
    """`work`'s answer from the deck: from the cache when its fingerprint matches the deck's files
    now, else from the deck read and indexed anew (and cached). Never stale."""
    state = deck_state(root)
    try:
        catalog, stored = read_cache(cache_file(root, environment.env))
        if stored != state[0]:
            raise CacheMissError("stale")
    except CacheMissError:
        catalog = rebuild(root, environment, state)
    report_problems(catalog.deck, environment)
    return work(catalog)


def report_problems(deck: Deck, environment: Environment) -> None:
    """The deck's readable cards are served; skipped files are counted and named on stderr."""
    if not deck.problems:
        return
    total = len(deck.cards) + deck.skipped
    environment.warn(f"cyfacts: skipped {deck.skipped} of {total} card files that could not be read:")
    for problem in deck.problems[:MAX_LISTED_PROBLEMS]:
        environment.warn(f"  {problem}")
    if len(deck.problems) > MAX_LISTED_PROBLEMS:
        environment.warn(f"  … and {len(deck.problems) - MAX_LISTED_PROBLEMS} more")
    environment.warn("  run `cyfacts validate` to list every problem")
