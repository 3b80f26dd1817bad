"""How a person sees cards: in Chinese or English, and with figures in the unit they asked for.
Tables and records ask a Presentation for every word and figure they show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import DEFAULT_KINDS, DEFAULT_THEMES, Card, DeckConfig, Figure, Label, Source, figure_text
from cyfacts.render.words import COVERAGE_WORDS, LABELS, LIST_JOINERS, figure_text_en, number_text

if TYPE_CHECKING:
    from cyfacts.model.units import TargetUnit
    from cyfacts.search.ranking import Findings, Result

NO_SECTIONS: Mapping[tuple[str, str], str] = MappingProxyType({})


NO_PLACES: Mapping[str, str] = MappingProxyType({})


class Presentation(NamedTuple):
    lang: str = "zh"
    unit: TargetUnit | None = None
    sections_en: Mapping[tuple[str, str], str] = NO_SECTIONS  # (source id, heading) → English heading
    themes: Mapping[str, Label] = DEFAULT_THEMES  # the deck's vocabularies, with their labels
    kinds: Mapping[str, Label] = DEFAULT_KINDS
    places_en: Mapping[str, str] = NO_PLACES  # place → its English name

    @classmethod
    def of(
        cls, lang: str, unit: TargetUnit | None, sources: Iterable[Source], config: DeckConfig | None = None
    ) -> Presentation:
        english = {(s.id, section.heading): section.heading_en for s in sources for section in s.sections}
        if config is None:
            return cls(lang, unit, english)
        places = {place.name: place.en for place in config.places.values()}
        return cls(lang, unit, english, config.themes, config.kinds, places)

    def place(self, name: str) -> str:
        return self.places_en.get(name, name) if self.lang == "en" else name

    def quoted(self, terms: Sequence[str]) -> str:
        """“重庆”和“GDP”; “Chongqing” and “GDP”."""
        marks = [f"“{term}”" for term in terms]
        joiner, last = LIST_JOINERS[self.lang]
        return marks[0] if len(marks) == 1 else joiner.join(marks[:-1]) + last + marks[-1]

    def coverage(self, result: Result) -> str:
        """What a reader must know of a result that is not a full answer: what it lacks, and where a
        place was asked, the places its data is about."""
        words = COVERAGE_WORDS[self.lang]
        if result.coverage == "full":
            return ""
        if result.coverage == "approximate":
            return words["approximate"]
        lines = [words["missing"].format(terms=self.quoted(result.missing))]
        if result.scope:
            joiner = LIST_JOINERS[self.lang][0]
            scope = joiner.join(map(self.place, result.scope))
            asked = joiner.join(map(self.place, result.places_missed))
            lines.append(words["scope"].format(scope=scope, asked=asked))
        return "\n".join(lines)

    def no_full_answer(self, findings: Findings) -> str | None:
        """Said plainly when no result answers the whole query: 没有卡片同时包含“重庆”和“GDP”；
        以下结果只含“GDP”."""
        results = findings.results
        if not results or any(r.coverage == "full" for r in results):
            return None
        words = COVERAGE_WORDS[self.lang]
        terms = [findings.shown.get(t.text, t.text) for t in findings.terms if t.kind != "quantity"]
        if all(r.coverage == "approximate" for r in results):
            return words["only_approximate"].format(terms=self.quoted(terms))
        found = {tuple(t for t in terms if t not in r.missing) for r in results if r.coverage == "partial"}
        head = words["none_holds_all"].format(terms=self.quoted(terms))
        if len(found) == 1 and (held := next(iter(found))):
            return head + words["only"].format(terms=self.quoted(held))
        return head + words["each_some"]

    def label(self, key: str) -> str:
        return LABELS[self.lang][key]

    def claim(self, card: Card) -> str:
        return card.claim_en if self.lang == "en" else card.claim

    def theme(self, card: Card) -> str:
        return self.theme_name(card.theme)

    def kind(self, card: Card) -> str:
        return self.kind_name(card.kind)

    def theme_name(self, theme: str) -> str:
        """A theme as the deck labels it in the reader's language; the key itself if unlabelled."""
        return label_in(self.themes.get(theme), self.lang) or theme

    def kind_name(self, kind: str) -> str:
        return label_in(self.kinds.get(kind), self.lang) or kind

    def section(self, card: Card) -> str:
        if self.lang == "en":
            return self.sections_en.get((card.source, card.section)) or card.section
        return card.section

    def figure(self, figure: Figure) -> str:
        """The figure as the reader asked for it, with the source's own value beside a conversion."""
        written = figure_text_en(figure) if self.lang == "en" else figure_text(figure)
        if self.unit is None:
            return written
        from cyfacts.model.units import convert, convertible  # only a run with --unit pays for it

        if not convertible(figure, self.unit):
            return written
        converted = convert(figure, self.unit)
        return f"{number_text(converted.value)} {converted.unit} ({written})"

    def require_convertible(self, figures: Iterable[Figure]) -> None:
        """A unit that none of the shown figures can take is a mistake worth saying."""
        if self.unit is None:
            return
        from cyfacts.model.units import convertible, incompatible

        shown = list(figures)
        if shown and not any(convertible(f, self.unit) for f in shown):
            raise UsageError(incompatible(shown[0].base_unit, self.unit))


def label_in(label: Label | None, lang: str) -> str | None:
    if label is None:
        return None
    return label.en if lang == "en" else label.zh
