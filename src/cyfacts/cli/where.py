"""Which deck a command line points at, for the commands, their option checks and shell completion."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cyfacts.environment import Environment

if TYPE_CHECKING:
    import typer
    from typer._click import Context as ClickContext

    from cyfacts.model.cards import DeckConfig


def current_deck(ctx: typer.Context | ClickContext) -> Path:
    """--facts, $CYFACTS_FACTS, the deck around the current folder, or the bundled one."""
    from cyfacts.deck.locate import deck_root

    root = ctx.find_root()
    # While the shell completes a word the global options are parsed but their callback has not run.
    facts = root.meta.get("facts") or root.params.get("facts")
    env = ctx.find_object(Environment) or Environment()
    return deck_root(Path(facts) if facts is not None else None, env.settings)


def current_config(ctx: typer.Context | ClickContext) -> DeckConfig:
    """That deck's config (vocabularies, places), read without its cards."""
    from cyfacts.deck.config import deck_config

    return deck_config(current_deck(ctx))
