"""What `cyfacts cache` shows and does: where the cache is, what it holds, and emptying it."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cyfacts.index.store import CacheEntry, cache_entries, clear_cache
from cyfacts.settings import Settings


class CacheReport(NamedTuple):
    folder: Path | None
    why_none: str  # when there is no folder
    caches: list[CacheEntry]  # one per deck, largest first
    temporary: list[CacheEntry]  # left by a run that was killed while it wrote

    @property
    def size(self) -> int:
        return sum(entry.size for entry in (*self.caches, *self.temporary))


def cache_report(settings: Settings) -> CacheReport:
    folder = settings.cache_dir
    if folder is None:
        return CacheReport(None, settings.why_no_cache_dir(), [], [])
    entries = cache_entries(folder)
    caches = [entry for entry in entries if entry.deck is not None or entry.path.name.startswith("deck-")]
    return CacheReport(folder, "", caches, [entry for entry in entries if entry not in caches])


def empty_cache(settings: Settings) -> tuple[Path | None, int, int]:
    """Every cyfacts file of this user's in the cache folder removed: the folder, how many, how large."""
    folder = settings.cache_dir
    if folder is None:
        return None, 0, 0
    removed, size = clear_cache(folder)
    return folder, removed, size
