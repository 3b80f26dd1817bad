"""How a deck is laid out on disk: a folder of sources, each a folder with _source.yaml and one YAML
file per card. Kept apart from the loader so that finding the files costs no YAML import."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cyfacts.errors import DeckNotFoundError

SOURCE_FILE = "_source.yaml"
CONFIG_FILE = "cyfacts.yaml"  # at the deck root: its vocabularies and places (deck/config.py)
CARD_SUFFIXES = (".yaml", ".yml")


def source_folders(root: Path) -> list[Path]:
    """The deck root is a folder of sources, or one source folder itself."""
    if (root / SOURCE_FILE).is_file():
        return [root]
    try:
        entries = list(root.iterdir())
    except OSError as error:
        raise DeckNotFoundError(
            f"cannot read the deck folder {root}: {error.strerror or error}", "check that you may read it"
        ) from None
    return sorted(p for p in entries if p.is_dir() and (p / SOURCE_FILE).is_file())


def card_paths(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if path.suffix in CARD_SUFFIXES and path.name != SOURCE_FILE:
            yield path


def require_deck(root: Path) -> list[Path]:
    """The deck's source folders, or an error that says what a deck is."""
    if not root.is_dir():
        raise DeckNotFoundError(
            f"deck folder not found: {root}", "point --facts or CYFACTS_FACTS at a folder of sources"
        )
    folders = source_folders(root)
    if not folders:
        raise DeckNotFoundError(
            f"no source in {root}: expected folders holding {SOURCE_FILE}",
            "a deck is a folder of sources, each with _source.yaml and one YAML file per card",
        )
    return folders


def config_path(root: Path) -> Path:
    """`cyfacts.yaml` beside the source folders; for a deck given as one source folder, in its parent."""
    return root.parent / CONFIG_FILE if (root / SOURCE_FILE).is_file() else root / CONFIG_FILE


def config_stamp(root: Path) -> str:
    """What the deck config file is now (size, times, inode), so that editing it counts as a change."""
    try:
        found = config_path(root).stat()
    except OSError:
        return "no-config"
    return f"config:{found.st_size}.{found.st_mtime_ns}.{found.st_ctime_ns}.{found.st_ino}"
