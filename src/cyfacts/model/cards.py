"""The typed, frozen values the rest of cyfacts works with: cards, figures, sources, decks."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

NO_LINES: Mapping[str, int] = MappingProxyType({})
QUALIFIERS: dict[str, str] = {
    "over": "超",
    "under": "不足",
    "nearly": "近",
    "more_than": "多",
    "about": "约",
    "at_least": "以上",
}

# Qualifiers that stand after the number in Chinese (80多个); the others stand before it (超20000P).
SUFFIX_QUALIFIERS = {"more_than"}
# Qualifiers that stand after the unit (200万亩以上).
TRAILING_QUALIFIERS = {"at_least"}


class Figure(NamedTuple):
    value: str
    unit: str
    qualifier: str | None
    normalized: float
    base_unit: str
    metric: str | None = None


def figure_text(figure: Figure) -> str:
    """The figure as a reader writes it: 不足6.4万亿元, 超20000P, 80多个."""
    if figure.qualifier is None:
        return f"{figure.value}{figure.unit}"
    word = QUALIFIERS[figure.qualifier]
    if figure.qualifier in SUFFIX_QUALIFIERS:
        return f"{figure.value}{word}{figure.unit}"
    if figure.qualifier in TRAILING_QUALIFIERS:
        return f"{figure.value}{figure.unit}{word}"
    return f"{word}{figure.value}{figure.unit}"


class Card(NamedTuple):
    id: str
    claim: str
    claim_en: str
    quote: str
    source: str
    section: str
    subsection: str | None
    speaker: str | None
    theme: str
    year: int
    year_inferred: bool
    as_of: str | None
    kind: str
    places: tuple[str, ...]  # the places the claim is about, as the deck config names them
    figures: tuple[Figure, ...]
    tags: tuple[str, ...]
    note: str | None
    path: str
    lines: Mapping[str, int] = NO_LINES

    def line_of(self, name: str) -> int:
        """Line of a field in the card file, for `path:line:` messages; 1 when unknown."""
        return self.lines.get(name, 1)


class Expert(NamedTuple):
    name: str
    affiliation: str


class Section(NamedTuple):
    heading: str
    heading_en: str
    theme: str
    expert: Expert | None


class Source(NamedTuple):
    id: str
    title: str
    title_en: str
    publisher: str | None
    date: str | None  # YYYY-MM-DD, or as much of it as the document shows
    page: str | None  # 版次 (the newspaper's page), as printed
    url: str | None
    accessed: str | None  # YYYY-MM-DD: when the url was read
    year: int
    year_inferred: bool
    year_note: str | None
    seed: str | None
    text: str | None  # the source's text file, relative to _source.yaml, for proving quotes
    sections: tuple[Section, ...]
    path: str

    def section(self, heading: str) -> Section | None:
        return next((s for s in self.sections if s.heading == heading), None)


class Problem(NamedTuple):
    """One thing wrong in a deck file, located for `path:line: message` output."""

    path: str
    line: int
    message: str
    column: int | None = None
    warning: bool = False  # worth saying, but the deck is not wrong for it (a draft card)

    def __str__(self) -> str:
        return self.shown(self.path)

    def shown(self, path: str) -> str:
        """The problem as one line, with its file named as given (relative to where the user stands)."""
        message = f"warning: {self.message}" if self.warning else self.message
        if not self.line:  # a folder, or a file as a whole
            return f"{path}: {message}"
        where = f"{path}:{self.line}"
        if self.column is not None:
            where += f":{self.column}"
        return f"{where}: {message}"


class Label(NamedTuple):
    """A vocabulary value's name for readers, in Chinese and English."""

    zh: str
    en: str


class Place(NamedTuple):
    """A place a deck's cards can be about: its names, and the wider places it lies within."""

    name: str  # the full Chinese name, as cards name it
    en: str
    pinyin: str
    aliases: tuple[str, ...]
    within: tuple[str, ...]


DEFAULT_THEMES: Mapping[str, Label] = MappingProxyType(
    {
        "overview": Label("综述", "overview"),
        "industry": Label("产业", "industry"),
        "innovation": Label("创新", "innovation"),
        "consumption": Label("消费", "consumption"),
        "ecology": Label("生态", "ecology"),
    }
)
DEFAULT_KINDS: Mapping[str, Label] = MappingProxyType(
    {
        "figure": Label("数据", "figure"),
        "event": Label("事件", "event"),
        "policy": Label("政策", "policy"),
        "assessment": Label("评估", "assessment"),
        "recommendation": Label("建议", "recommendation"),
    }
)
NO_PLACES: Mapping[str, Place] = MappingProxyType({})
# The vocabularies of a deck that declares none.
THEMES: tuple[str, ...] = tuple(DEFAULT_THEMES)
KINDS: tuple[str, ...] = tuple(DEFAULT_KINDS)


class DeckConfig(NamedTuple):
    """What a deck declares in `cyfacts.yaml` at its root: its vocabularies and its places. A deck
    without the file, or a key it leaves out, gets the defaults."""

    themes: Mapping[str, Label] = DEFAULT_THEMES
    kinds: Mapping[str, Label] = DEFAULT_KINDS
    places: Mapping[str, Place] = NO_PLACES
    path: str | None = None  # where it was read from, for messages
    # False when the file is there but broken: its one problem is reported, and cards are not held
    # to the defaults meanwhile (each would report its own theme or place as unknown).
    readable: bool = True

    def wider(self, name: str) -> set[str]:
        """Every place that `name` lies within, directly or not."""
        found: set[str] = set()
        todo = list(self.places[name].within) if name in self.places else []
        while todo:
            parent = todo.pop()
            if parent not in found:
                found.add(parent)
                todo.extend(self.places[parent].within if parent in self.places else ())
        return found


DEFAULT_CONFIG = DeckConfig()


class Unfinished(NamedTuple):
    """A card file that is not served, kept so that `validate` can still check what it holds: a draft
    (draft: true), or a card with broken fields, read as far as it goes."""

    card: Card
    failed: frozenset[str]  # fields that could not be read; checks that need them are not run
    draft: bool = False


class Deck(NamedTuple):
    cards: Sequence[Card]
    sources: dict[str, Source]
    problems: tuple[Problem, ...] = ()
    skipped: int = 0
    config: DeckConfig = DEFAULT_CONFIG
    # What only `validate` needs; an index built from the deck, and its cache, leave them out.
    unfinished: tuple[Unfinished, ...] = ()
    broken_sources: frozenset[str] = frozenset()  # source ids whose record has problems of its own
