"""Opening the deck a command works on: from the cache when it is current, else read and indexed
anew; and telling the user on stderr which card files could not be read."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cyfacts.cache import CacheMissError, Catalog, cache_file, fingerprint, read_cache, write_cache
from cyfacts.environment import Environment
from cyfacts.layout import CARD_SUFFIXES, require_deck, source_folders
from cyfacts.model import Deck

MAX_LISTED_PROBLEMS = 10


def deck_files(root: Path) -> list[tuple[str, int, int]]:
    """Every file the loader reads, with size and modification time: what the cache is keyed on."""
    require_deck(root)
    files = []
    for folder in source_folders(root):
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(CARD_SUFFIXES):
                    try:
                        stat = entry.stat()
                        files.append((entry.path, stat.st_size, stat.st_mtime_ns))
                    except OSError:
                        files.append((entry.path, -1, -1))
    return sorted(files)


def build_catalog(root: Path, environment: Environment, total: int) -> Catalog:
    from cyfacts.index import SearchIndex
    from cyfacts.loader import load_deck
    from cyfacts.progress import Progress

    progress = Progress(environment.stderr, total)
    deck = load_deck(root, progress)
    index = SearchIndex.build(deck.cards)
    progress.finish()
    return Catalog(deck, index)


def open_catalog(root: Path, environment: Environment) -> Catalog:
    files = deck_files(root)
    print_ = fingerprint(files)
    path = cache_file(root, environment.env)
    try:
        catalog = read_cache(path, print_)
    except CacheMissError:
        catalog = build_catalog(root, environment, len(files))
        # A read-only or full cache folder only costs speed; the answer is the same.
        with contextlib.suppress(OSError):
            write_cache(path, print_, catalog.index, catalog.deck)
    report_problems(catalog.deck, environment)
    return catalog


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
