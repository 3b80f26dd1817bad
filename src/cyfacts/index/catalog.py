"""Opening the deck a command works on: from the cache when it is current, else read and indexed
anew; and telling the user on stderr which card files could not be read."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar, cast

from cyfacts.deck.layout import config_stamp, require_deck
from cyfacts.environment import Environment
from cyfacts.index.build import Catalog
from cyfacts.index.cache import CacheMissError, cache_file, cached_files, read_cache, write_cache
from cyfacts.index.fingerprint import Sweep
from cyfacts.model.cards import Deck

MAX_LISTED_PROBLEMS = 10
T = TypeVar("T")


def build_catalog(root: Path, environment: Environment, total: int) -> Catalog:
    from cyfacts.deck.loader import load_deck
    from cyfacts.index.build import SearchIndex
    from cyfacts.index.progress import Progress

    progress = Progress(environment.stderr, total)
    deck = load_deck(root, progress, with_lines=False)
    index = SearchIndex.build(deck.cards, config=deck.config)
    progress.finish()
    return Catalog(deck, index)


def rebuild(root: Path, environment: Environment, state: tuple[str, int]) -> Catalog:
    catalog = build_catalog(root, environment, state[1])
    # A read-only or full cache folder only costs speed; the answer is the same.
    with contextlib.suppress(OSError):
        write_cache(cache_file(root, environment.settings.cache_dir), state[0], catalog.index, catalog.deck)
    return catalog


class Attempt(Generic[T]):
    """What `work` answered, or the error it raised, on a catalog that may not be current yet."""

    __slots__ = ("answer", "catalog", "error", "fingerprint")

    def __init__(self, work: Callable[[Catalog], T], catalog: Catalog, fingerprint: str) -> None:
        self.catalog, self.fingerprint = catalog, fingerprint
        self.answer: T | None = None
        self.error: Exception | None = None
        try:
            self.answer = work(catalog)
        except Exception as error:  # raised by result(), once the catalog is known to be current
            self.error = error

    def result(self) -> T:
        if self.error is not None:
            raise self.error
        return cast("T", self.answer)


def attempt_cached(path: Path, work: Callable[[Catalog], T]) -> Attempt[T] | None:
    try:
        catalog, fingerprint = read_cache(path)
    except CacheMissError:
        return None
    return Attempt(work, catalog, fingerprint)


def with_catalog(root: Path, environment: Environment, work: Callable[[Catalog], T]) -> T:
    """`work`'s answer from the deck: from the cache when its fingerprint matches the deck's files
    now, else from the deck read and indexed anew (and cached). Never stale.

    On a large deck the fingerprint takes longest, so helpers compute it while `work` runs on the
    cache; if the deck turns out to have changed, that answer is thrown away and `work` runs again."""
    folders = require_deck(root)
    path = cache_file(root, environment.settings.cache_dir)
    helpers = environment.settings.sweep_helpers
    with Sweep.start(folders, expected_files=cached_files(path), helpers=helpers) as sweep:
        attempt = attempt_cached(path, work)
        state = sweep.finish()
    state = (f"{state[0]}+{config_stamp(root)}", state[1])
    if attempt is None or attempt.fingerprint != state[0]:
        attempt = None  # a stale answer and its cards can be large: let them go before the rebuild
        attempt = Attempt(work, rebuild(root, environment, state), state[0])
    report_problems(attempt.catalog.deck, environment)
    return attempt.result()


def report_problems(deck: Deck, environment: Environment) -> None:
    """The deck's readable cards are served; skipped files are counted and named on stderr."""
    if not deck.problems:
        return
    total = len(deck.cards) + deck.skipped
    if deck.skipped:
        environment.warn(f"cyfacts: skipped {deck.skipped} of {total} card files that could not be read:")
    else:
        environment.warn("cyfacts: part of the deck could not be read:")
    for problem in deck.problems[:MAX_LISTED_PROBLEMS]:
        environment.warn(f"  {problem}")
    if len(deck.problems) > MAX_LISTED_PROBLEMS:
        environment.warn(f"  … and {len(deck.problems) - MAX_LISTED_PROBLEMS} more")
    environment.warn("  run `cyfacts validate` to list every problem")
