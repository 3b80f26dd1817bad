"""Problems as a compiler prints them: `path:line: message`, one a line, the path relative to where the
user stands so that it can be opened from there."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cyfacts.model.cards import Problem

MAX_CLIMB = 3  # a path that climbs further up than this reads better whole


def path_from_here(path: str, deck_parent: Path, here: Path) -> str:
    """A problem's path (relative to the deck's parent folder, or absolute) as seen from `here`:
    relative, as git shows paths, unless only a long climb up reaches it."""
    full = Path(path) if Path(path).is_absolute() else deck_parent / path
    try:
        relative = os.path.relpath(full, here)
    except ValueError:  # another drive (Windows): no relative path exists
        return str(full)
    climb = Path(relative).parts.count("..")
    return str(full) if climb > MAX_CLIMB or os.path.commonpath([full, here]) == full.anchor else relative


def problem_lines(problems: Iterable[Problem], deck_parent: Path, here: Path) -> str:
    return "".join(f"{p.shown(path_from_here(p.path, deck_parent, here))}\n" for p in problems)
