"""Opening the deck a command works on: from the cache when it is current and intact, else brought up
to date (only what changed is read again) and cached."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Generic, TypeVar, cast

from cyfacts.deck.layout import DeckLayout, config_stamp, require_deck
from cyfacts.environment import Environment
from cyfacts.errors import CacheChangedError, DeckConfigError
from cyfacts.index.build import Catalog
from cyfacts.index.cache import CacheFile, CacheMissError
from cyfacts.index.fingerprint import Sweep
from cyfacts.index.store import Store
from cyfacts.model.cards import Deck

T = TypeVar("T")


def layout_prefix(layout: DeckLayout) -> bytes:
    """What the fingerprint depends on besides the card files: the deck's root, its config file (an
    edit to it changes how cards are read and the index's places and words), and what in it is not
    read (a misplaced folder of cards appears, or goes)."""
    parts = [
        str(layout.root),
        config_stamp(layout.root),
        *(f"{finding.path}\0{finding.message}" for finding in layout.findings),
    ]
    return "\0\0".join(parts).encode("utf-8", "surrogateescape")


class Attempt(Generic[T]):
    """What `work` answered, or the error it raised, on a catalog that may not be current yet."""

    __slots__ = ("answer", "catalog", "error")

    def __init__(self, work: Callable[[Catalog], T], catalog: Catalog) -> None:
        self.catalog = catalog
        self.answer: T | None = None
        self.error: Exception | None = None
        try:
            self.answer = work(catalog)
        except Exception as error:  # raised by result(), once the catalog is known to be current
            self.error = error

    @property
    def damaged(self) -> bool:
        """The cache file turned out to be damaged while the work read it."""
        return isinstance(self.error, CacheChangedError)

    def result(self) -> T:
        if self.error is not None:
            raise self.error
        return cast("T", self.answer)


def store_of(environment: Environment) -> Store:
    settings = environment.settings
    return Store(settings.cache_dir, environment.say, settings.why_no_cache_dir())


@contextlib.contextmanager
def signals_stop_the_build() -> Iterator[None]:
    """While a cache is written, SIGTERM and SIGHUP stop the run as Ctrl-C does, so that every
    clean-up runs (helpers reaped, no temporary file left) instead of the process just vanishing."""
    import signal

    def stop(number: int, _frame: object) -> None:
        raise SystemExit(128 + number)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal here
                previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, handler)


def bring_up_to_date(
    layout: DeckLayout, environment: Environment, store: Store, old: CacheFile | None, sweep: Sweep
) -> CacheFile:
    from cyfacts.index.progress import Progress
    from cyfacts.index.update import update_cache

    progress = Progress(environment.stderr, 0)
    with signals_stop_the_build():
        fresh = update_cache(
            layout,
            store,
            old,
            tasks=sweep.tasks,
            hashes=sweep.state().hashes,
            scans=sweep.scans,
            prefix=sweep.prefix,
            progress=progress,
        )
    progress.finish()
    return fresh


def with_catalog(
    root: Path,
    environment: Environment,
    work: Callable[[Catalog], T],
    report: Callable[[Deck], None] | None = None,
    whole: bool = False,
) -> T:
    """`work`'s answer from the deck: from the cache when its fingerprint matches the deck's files
    now and its body checks out, else from the cache brought up to date. Never stale, never damaged.
    `report` is told the deck's problems, to say which files were skipped. `whole` says that the
    answer will be read card by card after this returns (list, stats, export): then the cached rows
    are checked first, while the answer can still come from a rebuilt index.

    On a large deck the fingerprint and the checks take longest, so helpers compute them while `work`
    runs on the cache; if the deck turns out to have changed, that answer is thrown away and `work`
    runs again."""
    layout = require_deck(root)
    store = store_of(environment)
    cached = store.open(layout.root)
    checks = cached.checks(rows=whole) if cached is not None else []
    with Sweep.start(
        layout.folders,
        expected_files=cached.files if cached is not None else 0,
        helpers=environment.settings.sweep_helpers,
        root=layout.root,
        checks=checks,
        prefix=layout_prefix(layout),
    ) as sweep:
        attempt = attempt_on(cached, work)
        state = sweep.finish()
    current = cached is not None and state.intact and cached.fingerprint == state.fingerprint
    fresh = None
    try:
        if attempt is None or not current or attempt.damaged:
            damaged = not state.intact or (attempt is not None and attempt.damaged)
            attempt = None  # a stale answer and its cards can be large: let them go before the update
            usable = cached if cached is not None and not damaged and cached.intact() else None
            fresh = bring_up_to_date(layout, environment, store, usable, sweep)
            attempt = Attempt(work, fresh.catalog())
    finally:
        for done in (cached, fresh):
            if done is not None:
                done.release()
    deck = attempt.catalog.deck
    if report is not None:
        report(deck)
    if not deck.config.readable:  # without its places, a region's figure would pass for a city's
        raise DeckConfigError.of("config_unreadable", path=deck.config.path)
    return attempt.result()


def attempt_on(cached: CacheFile | None, work: Callable[[Catalog], T]) -> Attempt[T] | None:
    if cached is None:
        return None
    try:
        catalog = cached.catalog()  # reads and checks the metadata: the sweep is under way meanwhile
    except CacheMissError:
        return None
    return Attempt(work, catalog)
