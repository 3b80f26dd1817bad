"""Cards related to a card: those from the same paragraph, and those measuring the same metric."""

from __future__ import annotations

from collections.abc import Iterable

from cyfacts.model.cards import Card


def paragraph(card: Card) -> tuple[str, str, str | None]:
    """A card's paragraph, as far as the cards tell it: source, section and the paragraph's lead phrase.
    (Cards without a lead phrase share the section's remaining paragraphs: its assessment and advice.)"""
    return card.source, card.section, card.subsection


def related_cards(card: Card, cards: Iterable[Card]) -> list[Card]:
    measures = {f.metric for f in card.figures if f.metric}
    same_paragraph, same_metric = [], []
    for other in cards:
        if (other.source, other.id) == (card.source, card.id):
            continue
        if measures & {f.metric for f in other.figures}:
            same_metric.append(other)
        elif paragraph(other) == paragraph(card):
            same_paragraph.append(other)
    return same_metric + same_paragraph


def as_typed(cards: Iterable[Card], shared: set[str]) -> list[Card]:
    """The cards with each id as a reader must type it: SOURCE/ID where another source shares the id."""
    return [card._replace(id=f"{card.source}/{card.id}") if card.id in shared else card for card in cards]
