"""The deck's places as a query reads them: every name, alias, English name and pinyin of a declared
place, and which places lie within which. Built from the deck config; plain data, so a cached index
holds it at no cost."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

from cyfacts.model.cards import DeckConfig
from cyfacts.model.text import fold, has_cjk, one_slip

MIN_SLIP_NAME = 5


def key(name: str) -> str:
    """How a name is compared: folded, and for Latin names without spaces or hyphens."""
    folded = fold(name)
    return folded if has_cjk(folded) else "".join(c for c in folded if c.isalnum())


class Places(NamedTuple):
    names: Mapping[str, str]  # key of every name and alias → the place's name
    wider: Mapping[str, frozenset[str]]  # place → every place it lies within
    english: Mapping[str, str]  # place → its English name
    # Every name as texts write it (folded, spaces and hyphens kept): a word in the middle of one
    # (经济 in 双城经济圈, economic in "twin-city economic circle") is part of the name.
    spelled: tuple[str, ...] = ()
    pinyin: Mapping[str, str] = MappingProxyType({})  # place → its pinyin as the config writes it, compact

    @classmethod
    def of(cls, config: DeckConfig) -> "Places":
        names: dict[str, str] = {}
        for place in config.places.values():
            for name in (place.name, *place.aliases, place.en, place.pinyin):
                if name.strip():
                    names.setdefault(key(name), place.name)
        wider = {name: frozenset(config.wider(name)) for name in config.places}
        spelled = {fold(n) for p in config.places.values() for n in (p.name, *p.aliases, p.en) if n.strip()}
        pinyin = {p.name: key(p.pinyin) for p in config.places.values() if p.pinyin.strip()}
        return cls(names, wider, {p.name: p.en for p in config.places.values()}, tuple(sorted(spelled)), pinyin)

    @property
    def words(self) -> frozenset[str]:
        """The words of the English and pinyin place names (chengdu, twin, circle …)."""
        latin = [name for name in (*self.spelled, *self.pinyin.values()) if name.isascii()]
        return frozenset(word for name in latin for word in re.split(r"[^a-z0-9]+", name) if word)

    def is_place(self, text: str) -> bool:
        return key(text) in self.names

    def named(self, text: str) -> str | None:
        return self.names.get(key(text))

    def misspelt(self, text: str) -> str | None:
        """The place a Latin name one slip away names (chongqin, chendgu → 重庆, 成都), for names of
        five letters or more: a shorter one is as likely another word."""
        typed = key(text)
        if len(typed) < MIN_SLIP_NAME or not typed.isascii():
            return None
        return next(
            (
                place
                for name, place in self.names.items()
                if name.isascii() and len(name) >= MIN_SLIP_NAME and one_slip(typed, name)
            ),
            None,
        )

    def answers(self, card_places: Sequence[str], asked: str) -> bool:
        """A card answers for a place when one of its places is that place or lies within it."""
        return any(p == asked or asked in self.wider.get(p, ()) for p in card_places)
