"""Looking cards up in an opened deck: by id, by filters, and the sources a set of cards cites."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cyfacts.errors import UnknownIdError, UsageError
from cyfacts.index.build import Catalog
from cyfacts.index.rows import Selection
from cyfacts.model.cards import Card, Source
from cyfacts.search.filters import Filters


def find_card(catalog: Catalog, card_id: str) -> tuple[Card, Source | None]:
    """The card with this id and its source, or an error that suggests the closest ids."""
    position = catalog.index.position_of(card_id)
    if position is None:
        close = catalog.index.closest_ids(card_id)
        raise UnknownIdError(
            f"no card has the id {card_id!r}",
            f"did you mean: {', '.join(close)}" if close else "cyfacts list shows every id",
        )
    card = catalog.deck.cards[position]
    return card, catalog.deck.sources.get(card.source)


def selected(catalog: Catalog, filters: Filters) -> Sequence[Card]:
    """The cards that pass the filters, read only as they are shown."""
    index = catalog.index
    return Selection(catalog.deck.cards, filters.for_places(index.places).rows(index.columns, index.places))


def cited_sources(catalog: Catalog, card_ids: Iterable[str]) -> list[Source]:
    """The sources of these cards, each once, in the order the cards name them."""
    found: dict[str, Source] = {}
    for card_id in card_ids:
        card, source = find_card(catalog, card_id.strip())
        if source is None:
            raise UsageError(f"card {card.id!r} names source {card.source!r}, which has no record")
        found.setdefault(source.id, source)
    return list(found.values())
