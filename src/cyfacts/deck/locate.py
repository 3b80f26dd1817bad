"""Where the deck is: --facts, then CYFACTS_FACTS, then the deck bundled with cyfacts."""

from __future__ import annotations

from pathlib import Path

from cyfacts.settings import Settings


def bundled_deck() -> Path:
    """Inside an installed wheel the deck is cyfacts/_deck; in a checkout it is the repo's facts/."""
    package = Path(__file__).resolve().parent.parent  # cyfacts/
    installed = package / "_deck"
    return installed if installed.is_dir() else package.parent.parent / "facts"


def deck_root(option: Path | None, settings: Settings) -> Path:
    if option is not None:
        return option
    return settings.facts or bundled_deck()
