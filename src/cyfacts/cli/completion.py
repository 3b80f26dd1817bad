"""Shell completion (cyfacts --install-completion) for ids, themes, kinds, speakers and metrics.
Completion runs on every <TAB>, so it reads the deck through the same cache as any command."""

# No `from __future__ import annotations` here: Typer reads each completion function's annotations
# on every run of a command that offers it, and string annotations would cost it a compile apiece.
import os
from collections.abc import Callable

import typer


def starting(incomplete: str, values: object) -> list[str]:
    return sorted({str(v) for v in values if str(v).startswith(incomplete)})  # type: ignore[attr-defined]


def catalog_values(ctx: typer.Context, pick: Callable[[object], object]) -> list[object]:
    """Values from the deck the command line points at; nothing at all if it cannot be read."""
    from cyfacts.cli.where import current_deck
    from cyfacts.environment import Environment
    from cyfacts.index.catalog import with_catalog

    env = Environment(stderr=open(os.devnull, "w"))  # noqa: SIM115  (completion must print nothing else)
    try:
        root = current_deck(ctx)
        values: list[object] = list(with_catalog(root, env, pick))  # type: ignore[call-overload]
        return values
    except Exception:  # a broken deck or cache must never break the user's shell
        return []
    finally:
        env.stderr.close()


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Ids, and SOURCE/ID for an id that several sources share."""

    def references(catalog: object) -> list[str]:
        from cyfacts.services.lookup import positions_of, qualified_id, shared_ids

        shared = shared_ids(catalog)  # type: ignore[arg-type]
        cards = catalog.deck.cards  # type: ignore[attr-defined]
        named = [qualified_id(cards[p]) for card_id in shared for p in positions_of(catalog, card_id)]  # type: ignore[arg-type]
        return [*catalog.index.columns.ids, *named]  # type: ignore[attr-defined]

    return starting(incomplete, catalog_values(ctx, references))


def complete_speakers(ctx: typer.Context, incomplete: str) -> list[str]:
    values = catalog_values(ctx, lambda catalog: {s for s in catalog.index.columns.speakers if s})  # type: ignore[attr-defined]
    return starting(incomplete, values)


def complete_metrics(ctx: typer.Context, incomplete: str) -> list[str]:
    from cyfacts.services.series import metrics

    return starting(incomplete, catalog_values(ctx, lambda catalog: metrics(catalog.deck.cards)))  # type: ignore[attr-defined]


def deck_vocabulary(ctx: typer.Context, name: str) -> list[str]:
    """The deck's own themes or kinds, read from its cyfacts.yaml alone (the defaults without one)."""
    from cyfacts.cli.where import current_config

    try:
        return list(getattr(current_config(ctx), name))
    except Exception:  # a broken deck must never break the user's shell
        return []


def complete_themes(ctx: typer.Context, incomplete: str) -> list[str]:
    return starting(incomplete, deck_vocabulary(ctx, "themes"))


def complete_kinds(ctx: typer.Context, incomplete: str) -> list[str]:
    return starting(incomplete, deck_vocabulary(ctx, "kinds"))


def complete_fields(incomplete: str) -> list[str]:
    from cyfacts.services.stats import STAT_FIELDS

    return starting(incomplete, STAT_FIELDS)
