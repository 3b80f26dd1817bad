"""What the index holds of one card: each field folded and simplified for matching, and how the
Chinese fields sound (pinyin with a mark at each syllable, and one initial per character).

This runs for every card of a deck that is indexed, so it is built for speed: the claim is read
through str.translate tables made from the per-character readings, and tags and subsections, which
repeat across cards, are read in context by pypinyin once each. The result is exactly what
build.syllable_string and build.initials_string make of the same readings (tests/test_index.py)."""

from __future__ import annotations

from collections.abc import Callable

from cyfacts.index.charmaps import CharMaps, contextual_syllables
from cyfacts.model.cards import Card, figure_text
from cyfacts.model.text import fold, is_cjk

TAG_SEPARATOR = " | "
FIELD_TEXT: dict[str, Callable[[Card], str]] = {
    "claim": lambda c: c.claim,
    "tags": lambda c: TAG_SEPARATOR.join(c.tags),
    "claim_en": lambda c: c.claim_en,
    "quote": lambda c: c.quote,
    "figures": lambda c: " ".join(f"{figure_text(f)} {f.metric or ''}" for f in c.figures),
    "subsection": lambda c: c.subsection or "",
    "section": lambda c: c.section,
}
# Fields whose sound is indexed. Tags and subsections are short and repeat across cards, so each is
# read in context by pypinyin once (重庆 → chong qing); the claim, unique per card, by the
# per-character table, which is fast.
SOUND_FIELDS = ("claim", "tags", "subsection")
SOUND_KINDS = ("pinyin", "initials")
BLOB_NAMES = (*FIELD_TEXT, *(f"{field}.{kind}" for field in SOUND_FIELDS for kind in SOUND_KINDS))
REPEATED_FIELDS = frozenset({"section", "subsection"})  # a handful of values shared by many cards


class PinyinTable(dict[int, str]):
    """str.translate table: a character to its reading and a syllable mark; white space to nothing."""

    def __init__(self, charmaps: CharMaps) -> None:
        super().__init__()
        self.charmaps = charmaps

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = "" if char.isspace() else self.charmaps.reading(char) + "'"
        self[code] = value
        return value


class InitialsTable(dict[int, str]):
    """str.translate table: a Chinese character to its reading's first letter; anything else to '|'."""

    def __init__(self, charmaps: CharMaps) -> None:
        super().__init__()
        self.charmaps = charmaps

    def __missing__(self, code: int) -> str:
        char = chr(code)
        value = self.charmaps.reading(char)[0] if is_cjk(char) else "|"
        self[code] = value
        return value


def sound_strings(text: str, syllables: list[str]) -> tuple[str, str]:
    """Pinyin ('suan'li'…', white space dropped) and initials of a text from its syllables."""
    pinyin = "'" + "'".join(s for s in syllables if s.strip()) + "'"
    initials = "".join(s[0] if is_cjk(c) else "|" for c, s in zip(text, syllables, strict=True))
    return pinyin, initials


class Deriver:
    """Turns cards into the index's texts, one tuple per card in BLOB_NAMES order."""

    def __init__(self, charmaps: CharMaps) -> None:
        self.charmaps = charmaps
        self.pinyin_table = PinyinTable(charmaps)
        self.initials_table = InitialsTable(charmaps)
        self.phrases: dict[str, tuple[str, str]] = {}  # a tag or subsection, read in context, as sounds
        self.separator = sound_strings(TAG_SEPARATOR, charmaps.readings_of(TAG_SEPARATOR))
        self.repeated: dict[str, str] = {}

    def matching_text(self, text: str) -> str:
        return self.charmaps.simplify(fold(text))

    def phrase(self, text: str) -> tuple[str, str]:
        """The pinyin (without its closing marks) and initials of a phrase read in context, once."""
        if text not in self.phrases:
            pinyin, initials = sound_strings(text, list(contextual_syllables(text)))
            self.phrases[text] = (pinyin[1:-1], initials)
        return self.phrases[text]

    def claim_sounds(self, text: str) -> tuple[str, str]:
        marked = text.translate(self.pinyin_table)
        return "'" + (marked or "'"), text.translate(self.initials_table)

    def tag_sounds(self, text: str) -> tuple[str, str]:
        """A joined tag list: each tag read in context, '|' between them, as if read whole."""
        tags = text.split(TAG_SEPARATOR)
        pieces = [self.phrase(tag) for tag in tags]
        marks = [p for i, (pinyin, _) in enumerate(pieces) for p in ((pinyin,) if i == 0 else ("|", pinyin)) if p]
        separator = self.separator[1]
        return "'" + "'".join(marks) + "'", separator.join(initials for _, initials in pieces)

    def subsection_sounds(self, text: str) -> tuple[str, str]:
        pinyin, initials = self.phrase(text)
        return f"'{pinyin}'", initials

    def field_text(self, name: str, text: str) -> str:
        if name not in REPEATED_FIELDS:
            return self.matching_text(text)
        if text not in self.repeated:
            self.repeated[text] = self.matching_text(text)
        return self.repeated[text]

    def texts(self, card: Card) -> tuple[str, ...]:
        fields = {name: self.field_text(name, text_of(card)) for name, text_of in FIELD_TEXT.items()}
        sounds = (
            *self.claim_sounds(fields["claim"]),
            *self.tag_sounds(fields["tags"]),
            *self.subsection_sounds(fields["subsection"]),
        )
        return (*fields.values(), *sounds)
