"""How a deck is laid out on disk: a folder of sources, each a folder with _source.yaml and one YAML
file per card. Kept apart from the loader so that finding the files costs no YAML import.

What is in the deck folder but is not read is said, never silently skipped: card files in a folder
without _source.yaml, outside any source folder, or in a folder nested inside a source folder. And
nothing outside the deck is read: a source folder or card file that links out of the deck's real
folder is reported, not followed."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from cyfacts.errors import DeckNotFoundError

SOURCE_FILE = "_source.yaml"
CONFIG_FILE = "cyfacts.yaml"  # at the deck root: its vocabularies and places (deck/config.py)
CARD_SUFFIXES = (".yaml", ".yml")
# Looking for stray card files below a folder that is not read stops this deep and after this many
# entries: enough to notice a misplaced folder of cards, bounded on a folder that is something else.
STRAY_DEPTH = 4
STRAY_ENTRIES = 4096


class Finding(NamedTuple):
    """Something in the deck folder that is not read, and why: a problem with no line."""

    path: Path
    message: str


class Listing(NamedTuple):
    """A source folder's card files (in directory order) and its subfolders that hold card files."""

    names: list[str]
    nested: list[str]


class DeckLayout(NamedTuple):
    root: Path  # absolute, with links resolved: one deck has one cache, however it is named
    folders: list[Path]
    findings: list[Finding]


def is_card_name(name: str) -> bool:
    return name.endswith(CARD_SUFFIXES)


def resolved(path: Path) -> Path:
    """The path with links resolved, or as absolute as can be where it cannot be resolved."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def inside(path: Path | str, root: Path) -> bool:
    """Whether the path, links followed, stays inside the deck's (resolved) root."""
    real = os.path.realpath(path)
    return real == str(root) or real.startswith(str(root).rstrip(os.sep) + os.sep)


def holds_cards(folder: Path) -> bool:
    """Whether card files lie in this folder or below it (hidden folders and links not followed)."""
    pending, seen = [(folder, 0)], 0
    while pending:
        current, depth = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    seen += 1
                    if seen > STRAY_ENTRIES or entry.name.startswith("."):
                        continue
                    if is_card_name(entry.name) and entry.is_file():
                        return True
                    if depth < STRAY_DEPTH and entry.is_dir(follow_symlinks=False):
                        pending.append((Path(entry.path), depth + 1))
        except OSError:
            continue
    return False


def nested_card_folders(folder: str, others: list[str]) -> list[str]:
    """The subfolders (among names that are not card files) that hold card files."""
    nested = []
    for name in others:
        if name.startswith("."):
            continue
        try:
            found = os.stat(os.path.join(folder, name), follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(found.st_mode) and holds_cards(Path(folder, name)):
            nested.append(name)
    return sorted(nested)


def list_folder(folder: str, at_root: bool = False) -> Listing:
    """A source folder's card files and nested card folders; OSError when it cannot be listed. The
    deck's config file is not a card where the deck is a single source folder. (This runs on every
    folder in every run: a comprehension, and a second look only where not every name is a card.)"""
    listed = os.listdir(folder)
    names = [name for name in listed if name.endswith(CARD_SUFFIXES)]
    if at_root and CONFIG_FILE in names:
        names.remove(CONFIG_FILE)
    if len(names) == len(listed):
        return Listing(names, [])
    chosen = set(names)
    return Listing(names, nested_card_folders(folder, [name for name in listed if name not in chosen]))


def card_paths(folder: Path, at_root: bool = False) -> Iterator[Path]:
    """The folder's card files, in name order, _source.yaml aside."""
    for name in sorted(list_folder(str(folder), at_root).names):
        if name != SOURCE_FILE:
            yield folder / name


def nested_finding(folder: Path, name: str) -> Finding:
    return Finding(
        folder / name,
        "a folder inside a source folder holds card files, which are not read; "
        "move them into the source folder, or make the folder a source of its own beside it",
    )


def source_folders(root: Path) -> list[Path]:
    """The deck's source folders (the deck root is a folder of sources, or one source folder)."""
    return deck_layout(root).folders


def deck_layout(root: Path) -> DeckLayout:
    """The deck's source folders, and what else in its root is not read."""
    root = resolved(root)
    if (root / SOURCE_FILE).is_file():
        return DeckLayout(root, [root], [])
    try:
        entries = sorted(root.iterdir())
    except OSError as error:
        raise DeckNotFoundError.of("deck_unreadable", path=str(root), reason=str(error.strerror or error)) from None
    folders, findings = [], []
    for path in entries:
        if path.name.startswith(".") or path.name == CONFIG_FILE:
            continue
        if path.is_dir() and (path / SOURCE_FILE).is_file():
            if inside(path, root):
                folders.append(path)
            else:
                findings.append(Finding(path, "a source folder that links outside the deck; it is not read"))
        elif path.is_dir() and not path.is_symlink():
            if holds_cards(path):
                findings.append(Finding(path, f"a folder with card files but no {SOURCE_FILE}; its cards are not read"))
        elif is_card_name(path.name):
            findings.append(
                Finding(path, "a card file outside any source folder is not read; move it into a source folder")
            )
    return DeckLayout(root, folders, findings)


def require_deck(root: Path) -> DeckLayout:
    """The deck's layout, or an error that says what a deck is."""
    if root.is_file():  # a card file given where the deck is wanted: the deck holds it
        raise DeckNotFoundError.of("deck_is_file", path=str(root))
    if not root.is_dir():
        raise DeckNotFoundError.of("deck_not_found", path=str(root))
    layout = deck_layout(root)
    if not layout.folders:
        raise DeckNotFoundError.of("deck_without_source", path=str(root), record=SOURCE_FILE)
    return layout


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
