"""Shared fixtures: the bundled deck, a small fixed deck for golden files, and the source article."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyfacts.deck.loader import load_deck
from cyfacts.model.cards import Deck

REPO = Path(__file__).resolve().parent.parent
DECK = REPO / "facts"
TINY_DECK = Path(__file__).resolve().parent / "data" / "decks" / "tiny"
WIDTHS_DECK = Path(__file__).resolve().parent / "data" / "decks" / "widths"  # bundled cards that test widths
SEEDS = REPO.parent / "shared" / "seeds"
ARTICLE = SEEDS / "000_1bfebc37eb48ddb8.txt"


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck(DECK)


@pytest.fixture(scope="session")
def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"source article not found at {ARTICLE}: ../shared/seeds/ is absent in this checkout")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache; one cache folder serves the whole session."""
    monkeypatch.setenv("CYFACTS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
