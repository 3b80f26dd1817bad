"""Shell completion (cyfacts --install-completion) for ids, themes, kinds, speakers and metrics.
Completion runs on every <TAB>, so it reads the deck through the same cache as any command."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import typer

from cyfacts.model.cards import KINDS, THEMES


def starting(incomplete: str, values: object) -> list[str]:
    return sorted({str(v) for v in values if str(v).startswith(incomplete)})  # type: ignore[attr-defined]


def catalog_values(ctx: typer.Context, pick: Callable[[object], object]) -> list[object]:
    """Values from the deck the command line points at; nothing at all if it cannot be read."""
    from cyfacts.deck.locate import deck_root
    from cyfacts.environment import Environment
    from cyfacts.index.catalog import with_catalog

    root_ctx = ctx.find_root()
    facts = root_ctx.params.get("facts")
    env = Environment(stderr=open(os.devnull, "w"))  # noqa: SIM115  (completion must print nothing else)
    try:
        root = deck_root(Path(facts) if facts else None, env.settings)
        values: list[object] = list(with_catalog(root, env, pick))  # type: ignore[call-overload]
        return values
    except Exception:  # a broken deck or cache must never break the user's shell
        return []
    finally:
        env.stderr.close()


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    return starting(incomplete, catalog_values(ctx, lambda catalog: catalog.index.columns.ids))  # type: ignore[attr-defined]


def complete_speakers(ctx: typer.Context, incomplete: str) -> list[str]:
    values = catalog_values(ctx, lambda catalog: {s for s in catalog.index.columns.speakers if s})  # type: ignore[attr-defined]
    return starting(incomplete, values)


def complete_metrics(ctx: typer.Context, incomplete: str) -> list[str]:
    from cyfacts.services.series import metrics

    return starting(incomplete, catalog_values(ctx, lambda catalog: metrics(catalog.deck.cards)))  # type: ignore[attr-defined]


def complete_themes(incomplete: str) -> list[str]:
    return starting(incomplete, THEMES)


def complete_kinds(incomplete: str) -> list[str]:
    return starting(incomplete, KINDS)


def complete_fields(incomplete: str) -> list[str]:
    from cyfacts.services.stats import STAT_FIELDS

    return starting(incomplete, STAT_FIELDS)
