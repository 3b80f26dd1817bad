"""What a query term's hit is worth: the kinds of evidence (as written, a slip, a place …), the
fields they are found in, and which readings count as full answers. Shared by the matchers of
each script (matching, latin)."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Iterable
from typing import NamedTuple

from cyfacts.index.build import FIELD_WEIGHTS, SearchIndex

# How much each kind of evidence is worth, before the field's weight.
SIGNALS = {
    "exact": 1.0,
    "word": 1.0,
    "year": 1.0,
    "prefix": 0.85,
    "pinyin": 0.95,
    "homophone": 0.9,
    "initials": 0.8,
    "near": 0.8,
    "partial": 0.85,
    "place": 1.0,
    "number": 1.0,
    "year_inferred": 0.9,
    "spelling": 0.85,
    "year_text": 0.8,
    "number_text": 0.8,  # a number a card's text holds beside its own figures: mentioned, not given
    "quantity": 1.0,
    "synonym": 0.85,
    "place_slip": 0.9,
    "speaker": 1.0,  # a card of the section the speaker answers in: theirs, named or not
    "within": 0.97,  # a place within the one asked (成都 for 四川): full, after the place itself
    "heading": 1.0,  # in the section's heading only: the card sits under the topic, is not about it
    # The place asked for, written out in a card about it (成都 in 成都与重庆两大西部科学城, not only
    # inferred from 成渝): worth little, as it only breaks ties between cards about the same place.
    "named": 0.1,
}
# The article's headings a card sits under: a term found only there is context, not the claim.
HEADINGS = frozenset({"section", "subsection"})
# Readings that find a term as written or in an equivalent form; the others are approximate.
FULL_READINGS = frozenset("exact word year prefix pinyin initials place within named number quantity speaker".split())
TERM_FLOOR = 0.3  # a term matched more weakly counts as not matched: 成渝 比特币 is not about 成渝

# English text cannot hold a Chinese term: claim_en is skipped for those.
CHINESE = tuple(name for name in FIELD_WEIGHTS if name != "claim_en")
Scope = set[int] | None  # the only cards worth looking at, when an earlier term already narrowed them


class Match(NamedTuple):
    term: str
    field: str
    how: str
    score: float


def weighted(term: str, name: str, how: str) -> Match:
    return Match(term, name, how, FIELD_WEIGHTS.get(name, 1.0) * SIGNALS[how])


def name_middles(index: SearchIndex, term: str) -> list[tuple[bytes, int]]:
    """The place names a term stands in the middle of, each with the term's byte offset in it: 经济
    in 双城经济圈, economic in "twin-city economic circle" (a Latin term as a whole word). There the
    term is part of a name, not the topic of the text."""
    if not term:
        return []
    latin = term.isascii()
    found = []
    for name in index.places.spelled:
        at = name.find(term, 1)
        while 0 < at < len(name) - len(term):
            if not latin or not (name[at - 1].isalnum() or name[at + len(term)].isalnum()):
                found.append((name.encode(), len(name[:at].encode())))
            at = name.find(term, at + 1)
    return found


def years_only_inferred(matches: Iterable[Match]) -> list[str]:
    """The years asked for that the answers are only inferred to be about (the quote names no year),
    when nothing else about them is loose; [] otherwise. No slip is to blame."""
    loose = [m for m in matches if m.how not in FULL_READINGS]
    if not loose or any(m.how != "year_inferred" for m in loose):
        return []
    return sorted({m.term[:4] for m in loose})


def years_only_mentioned(matches: Iterable[Match]) -> list[str]:
    """The years that matches found only in a card's text, when nothing else about them is loose
    (2035, a plan's horizon, no card's year); [] otherwise."""
    loose = [m for m in matches if m.how not in FULL_READINGS]
    if not loose or any(m.how != "year_text" for m in loose):
        return []
    return sorted({m.term[:4] for m in loose})
