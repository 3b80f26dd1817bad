"""The deck's places as a query reads them: every name, alias, English name and pinyin of a declared
place, and which places lie within which. Built from the deck config; plain data, so a cached index
holds it at no cost."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from cyfacts.model.cards import DeckConfig
from cyfacts.model.text import fold, has_cjk


def key(name: str) -> str:
    """How a name is compared: folded, and for Latin names without spaces or hyphens."""
    folded = fold(name)
    return folded if has_cjk(folded) else "".join(c for c in folded if c.isalnum())


class Places(NamedTuple):
    names: Mapping[str, str]  # key of every name and alias → the place's name
    wider: Mapping[str, frozenset[str]]  # place → every place it lies within
    english: Mapping[str, str]  # place → its English name

    @classmethod
    def of(cls, config: DeckConfig) -> "Places":
        names: dict[str, str] = {}
        for place in config.places.values():
            for name in (place.name, *place.aliases, place.en, place.pinyin):
                if name.strip():
                    names.setdefault(key(name), place.name)
        wider = {name: frozenset(config.wider(name)) for name in config.places}
        return cls(names, wider, {p.name: p.en for p in config.places.values()})

    def is_place(self, text: str) -> bool:
        return key(text) in self.names

    def named(self, text: str) -> str | None:
        return self.names.get(key(text))

    def answers(self, card_places: Sequence[str], asked: str) -> bool:
        """A card answers for a place when one of its places is that place or lies within it."""
        return any(p == asked or asked in self.wider.get(p, ()) for p in card_places)
