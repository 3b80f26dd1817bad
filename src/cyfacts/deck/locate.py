"""Where the deck is: --facts, then CYFACTS_FACTS, then the deck around the current folder (found by
walking up, as git and ruff find their roots; a project's facts/ folder counts, so a checkout's
edited cards are read from its root), then the deck bundled with cyfacts."""

from __future__ import annotations

from pathlib import Path

from cyfacts.deck.layout import CONFIG_FILE, SOURCE_FILE
from cyfacts.settings import Settings

PROJECT_DECK = "facts"  # where a project keeps its deck, beside its README


def bundled_deck() -> Path:
    """Inside an installed wheel the deck is cyfacts/_deck; in a checkout it is the repo's facts/."""
    package = Path(__file__).resolve().parent.parent  # cyfacts/
    installed = package / "_deck"
    return installed if installed.is_dir() else package.parent.parent / "facts"


def deck_root(option: Path | None, settings: Settings, start: Path | None = None) -> Path:
    if option is not None:
        return option
    if settings.facts is not None:
        return settings.facts
    if start is None:
        try:
            start = Path.cwd()
        except OSError:  # the current folder was removed: there is no deck around it
            return bundled_deck()
    return enclosing_deck(start) or bundled_deck()


def enclosing_deck(start: Path) -> Path | None:
    """The deck that `start` lies in: the nearest folder, from `start` up, that holds cyfacts.yaml or
    source folders; from inside a source folder, that is its parent."""
    try:
        here = start.resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        # The file system's root is listed for no one's deck: it holds the whole machine.
        if is_file(folder / CONFIG_FILE) or (folder != folder.parent and holds_sources(folder)):
            return folder
        if is_file(folder / SOURCE_FILE):  # its parent holds it, so is a folder of sources
            return folder.parent
        if is_file(folder / PROJECT_DECK / CONFIG_FILE):  # a project's deck, as this one keeps it
            return folder / PROJECT_DECK
    return None


def is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def holds_sources(folder: Path) -> bool:
    """A folder of sources: some folder inside it holds _source.yaml."""
    try:
        return any(is_file(child / SOURCE_FILE) for child in folder.iterdir() if child.is_dir())
    except OSError:
        return False
