"""Looking cards up in an opened deck: by id, by filters, and the sources a set of cards cites."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from cyfacts.errors import Counted, UnknownIdError, UsageError
from cyfacts.index.build import Catalog
from cyfacts.index.rows import Selection
from cyfacts.model.cards import Card, Source
from cyfacts.search.filters import Filters


def positions_of(catalog: Catalog, card_id: str) -> list[int]:
    """Every card with this id: ids are unique within a source, so there may be one per source."""
    ids, found = catalog.index.columns.ids, []
    try:
        position = ids.index(card_id)
        while True:
            found.append(position)
            position = ids.index(card_id, position + 1)
    except ValueError:
        return found


def find_card(catalog: Catalog, reference: str) -> tuple[Card, Source | None]:
    """The card an id names (`ID`, or `SOURCE/ID` where two sources share the id) and its source, or an
    error that lists the candidates or suggests the closest ids."""
    source_id, _, card_id = reference.rpartition("/")
    cards = catalog.deck.cards
    candidates = [cards[position] for position in positions_of(catalog, card_id)]
    named = [card for card in candidates if card.source == source_id] if source_id else candidates
    if len(named) == 1:
        return named[0], catalog.deck.sources.get(named[0].source)
    if len(named) > 1:
        choices = tuple(qualified_id(card) for card in named)
        raise UsageError.of("shared_id", id=card_id, sources=Counted(len(named), "source"), candidates=choices)
    if candidates:  # the id is there, in another source
        choices = tuple(qualified_id(card) for card in candidates)
        raise UnknownIdError.of("not_in_source", hint="unknown_id", source=source_id, id=card_id, close=choices)
    close = tuple(catalog.index.closest_ids(card_id))
    raise UnknownIdError.of("unknown_id", hint=None if close else "unknown_id.none", id=reference, close=close)


def qualified_id(card: Card) -> str:
    """SOURCE/ID: how a card is named where its id alone is not enough."""
    return f"{card.source}/{card.id}"


def typed_id(card: Card, shared: Collection[str]) -> str:
    """The id as a reader must type it to get this card back: SOURCE/ID where another source shares it."""
    return qualified_id(card) if card.id in shared else card.id


def shared_ids(catalog: Catalog) -> set[str]:
    """The ids that more than one source uses: only these need SOURCE/ID."""
    seen: set[str] = set()
    shared: set[str] = set()
    for card_id in catalog.index.columns.ids:
        (shared if card_id in seen else seen).add(card_id)
    return shared


def selected(catalog: Catalog, filters: Filters) -> Sequence[Card]:
    """The cards that pass the filters, read only as they are shown."""
    index = catalog.index
    named = filters.for_places(index.places, index.charmaps.simplify)
    return Selection(catalog.deck.cards, named.rows(index.columns, index.places))


def cited_sources(catalog: Catalog, card_ids: Iterable[str]) -> list[Source]:
    """The sources of these cards, each once, in the order the cards name them."""
    found: dict[str, Source] = {}
    for card_id in card_ids:
        card, source = find_card(catalog, card_id.strip())
        if source is None:
            raise UsageError.of("source_without_record", card=card.id, source=card.source)
        found.setdefault(source.id, source)
    return list(found.values())
