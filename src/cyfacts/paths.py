"""Where the deck is: --facts, then CYFACTS_FACTS, then the deck bundled with cyfacts."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

FACTS_ENV = "CYFACTS_FACTS"


def bundled_deck() -> Path:
    """Inside an installed wheel the deck is cyfacts/_deck; in a checkout it is the repo's facts/."""
    package = Path(__file__).resolve().parent
    installed = package / "_deck"
    return installed if installed.is_dir() else package.parent.parent / "facts"


def deck_root(option: Path | None, env: Mapping[str, str]) -> Path:
    if option is not None:
        return option
    if env.get(FACTS_ENV):
        return Path(env[FACTS_ENV])
    return bundled_deck()
