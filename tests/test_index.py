"""The index's texts per card: the fast derivation (translate tables, phrases read once) gives
exactly what reading each card's syllables one by one gives."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import lru_cache

import pytest

from cyfacts.index.build import initials_string, syllable_string
from cyfacts.index.charmaps import CharMaps, build_charmaps, contextual_syllables
from cyfacts.index.texts import FIELD_TEXT, TAG_SEPARATOR, Deriver
from cyfacts.model.cards import Card, Deck
from cyfacts.model.text import fold


@pytest.fixture(scope="module")
def charmaps() -> CharMaps:
    return build_charmaps()


def reference_texts(card: Card, charmaps: CharMaps) -> tuple[str, ...]:
    """The texts as the index was first built: each field's syllables listed, then joined."""
    read_tag = lru_cache(maxsize=None)(contextual_syllables)
    separator = charmaps.readings_of(TAG_SEPARATOR)

    def tag_syllables(text: str) -> list[str]:
        out: list[str] = []
        for number, tag in enumerate(text.split(TAG_SEPARATOR)):
            out.extend((separator if number else []) + read_tag(tag))
        return out

    readers: dict[str, Callable[[str], Sequence[str]]] = {
        "claim": charmaps.readings_of,
        "tags": tag_syllables,
        "subsection": contextual_syllables,
    }
    fields = {name: charmaps.simplify(fold(text_of(card))) for name, text_of in FIELD_TEXT.items()}
    sounds = []
    for name, read in readers.items():
        syllables = read(fields[name])
        sounds += [syllable_string(syllables), initials_string(fields[name], syllables)]
    return (*fields.values(), *sounds)


def test_every_card_of_the_deck_is_derived_as_before(deck: Deck, charmaps: CharMaps) -> None:
    derive = Deriver(charmaps)
    for card in deck.cards:
        assert derive.texts(card) == reference_texts(card, charmaps), card.id


@pytest.mark.parametrize("seed", range(30))
def test_odd_text_is_derived_as_before(deck: Deck, charmaps: CharMaps, seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["重庆", "成渝", " ", "  ", "|", "PM2.5", "ａｂ", "<b>", "</b>", "乐山", "行", "", "x", "　", "長"]

    def text() -> str:
        return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))

    card = deck.cards[seed]._replace(
        claim=text(), tags=tuple(text() or "t" for _ in range(rng.randint(1, 4))), subsection=text() or None
    )
    assert Deriver(charmaps).texts(card) == reference_texts(card, charmaps)
