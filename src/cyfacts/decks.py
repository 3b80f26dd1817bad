"""Opening the deck a command works on, and telling the user what could not be read."""

from __future__ import annotations

from pathlib import Path

from cyfacts.environment import Environment
from cyfacts.loader import load_deck
from cyfacts.model import Deck

MAX_LISTED_PROBLEMS = 10


def open_deck(root: Path, environment: Environment) -> Deck:
    """The deck's readable cards; skipped files are counted and named on stderr, never fatal."""
    deck = load_deck(root)
    if deck.problems:
        total = len(deck.cards) + deck.skipped
        environment.warn(f"cyfacts: skipped {deck.skipped} of {total} card files that could not be read:")
        for problem in deck.problems[:MAX_LISTED_PROBLEMS]:
            environment.warn(f"  {problem}")
        if len(deck.problems) > MAX_LISTED_PROBLEMS:
            environment.warn(f"  … and {len(deck.problems) - MAX_LISTED_PROBLEMS} more")
        environment.warn("  run `cyfacts validate` to list every problem")
    return deck
