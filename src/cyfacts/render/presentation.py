"""How a person sees cards: in Chinese or English, and with figures in the unit they asked for.
Tables and records ask a Presentation for every word and figure they show."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.model.cards import DEFAULT_KINDS, DEFAULT_THEMES, Card, DeckConfig, Figure, Label, Source, figure_text
from cyfacts.render.words import (
    COVERAGE_WORDS,
    LABELS,
    LIST_SEPARATORS,
    converted_text,
    counted_noun,
    figure_text_en,
    quoted,
)

if TYPE_CHECKING:
    from cyfacts.model.units import TargetUnit
    from cyfacts.search.ranking import Result

NO_SECTIONS: Mapping[tuple[str, str], str] = MappingProxyType({})


NO_PLACES: Mapping[str, str] = MappingProxyType({})


def explanation(result: "Result") -> str:
    """Why a card scored: each query term, the field it was found in, how, and what it earned."""
    parts = [f"{m.term}: {m.field} {m.how} {m.score:.2f}" for m in result.matches]
    return f"score {result.score:g} ← " + "; ".join(parts)


def year_text(card: Card) -> str:
    """The month where the card has one (2025-08), else the year; * when the year is inferred."""
    return (card.as_of or str(card.year)) + ("*" if card.year_inferred else "")


class Presentation(NamedTuple):
    lang: str = "zh"
    unit: "TargetUnit | None" = None
    sections_en: Mapping[tuple[str, str], str] = NO_SECTIONS  # (source id, heading) → English heading
    themes: Mapping[str, Label] = DEFAULT_THEMES  # the deck's vocabularies, with their labels
    kinds: Mapping[str, Label] = DEFAULT_KINDS
    places_en: Mapping[str, str] = NO_PLACES  # place → its English name

    @classmethod
    def of(
        cls, lang: str, unit: "TargetUnit | None", sources: Iterable[Source], config: DeckConfig | None = None
    ) -> "Presentation":
        english = {(s.id, section.heading): section.heading_en for s in sources for section in s.sections}
        if config is None:
            return cls(lang, unit, english)
        places = {place.name: place.en for place in config.places.values()}
        return cls(lang, unit, english, config.themes, config.kinds, places)

    def place(self, name: str) -> str:
        return self.places_en.get(name, name) if self.lang == "en" else name

    def quoted(self, terms: Sequence[str]) -> str:
        """“重庆”和“GDP”; “Chongqing” and “GDP”."""
        return quoted(terms, self.lang)

    def coverage(self, result: "Result") -> str:
        """What a reader must know of a result that is not a full answer: what it lacks, and where a
        place was asked, the places its data is about."""
        words = COVERAGE_WORDS[self.lang]
        joiner = LIST_SEPARATORS[self.lang]
        if result.coverage == "full":
            if not result.places_within:
                return ""
            scope = joiner.join(map(self.place, result.scope))
            return words["part_of"].format(scope=scope, asked=joiner.join(map(self.place, result.places_within)))
        if result.coverage == "approximate":
            from cyfacts.search.evidence import years_only_mentioned  # loaded by the search that made it

            if years := years_only_mentioned(result.matches):  # 2035: a plan's horizon, not the card's year
                return words["mentioned"].format(years=self.quoted(years))
            return words["approximate"]
        return "\n".join([*self.lacking(result), *self.scope_lines(result)])

    def lacking(self, result: "Result") -> list[str]:
        """What a partial answer lacks: the query's terms, and the question for an amount said as
        what it is, a figure of the kind asked (not “多少” as a word)."""
        words = COVERAGE_WORDS[self.lang]
        terms = [term for term in result.missing if term != result.asked]
        lines = [words["missing"].format(terms=self.quoted(terms))] if terms else []
        if result.asked:
            lines.append(words["no_amount"].format(asked=self.quoted([result.asked])))
        return lines

    def scope_lines(self, result: "Result") -> list[str]:
        """Where a place was asked: the places the card's data is about, another's or a part of it."""
        words, joiner = COVERAGE_WORDS[self.lang], LIST_SEPARATORS[self.lang]
        scope = joiner.join(map(self.place, result.scope))
        if not scope:  # a card that records no places: what it lacks is all there is to say
            return []
        if result.places_missed:
            asked = joiner.join(map(self.place, result.places_missed))
            return [words["scope"].format(scope=scope, asked=asked)]
        if result.places_within:
            asked = joiner.join(map(self.place, result.places_within))
            return [words["part_of"].format(scope=scope, asked=asked)]
        return []

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

    def value_name(self, field: str, value: str) -> str:
        """A field's value as the reader sees it: a theme or kind by its label, anything else as is."""
        if field == "theme":
            return self.theme_name(value)
        return self.kind_name(value) if field == "kind" else value

    def section(self, card: Card) -> str:
        if self.lang == "en":
            return self.sections_en.get((card.source, card.section)) or card.section
        return card.section

    def figure(self, figure: Figure, card: Card | None = None) -> str:
        """The figure as the reader asked for it, with the source's own value beside a conversion.
        A bare count (四, no unit) is shown with what it counts, from its card where it can be."""
        written = figure_text_en(figure) if self.lang == "en" else figure_text(figure)
        noun = counted_noun(figure, card.quote if card else None, self.lang)
        written = noun or written
        if self.unit is None:
            return written
        from cyfacts.model.units import convert, convertible  # only a run with --unit pays for it

        if not convertible(figure, self.unit):
            return written
        converted = convert(figure, self.unit)
        return f"{converted_text(figure, converted.value, converted.unit, self.lang)} ({written})"

    def figures(self, card: Card) -> list[str]:
        return [self.figure(f, card) for f in card.figures]

    def fields(self, card: Card, source: Source | None) -> list[tuple[str, str | None]]:
        """What `show` tells of a card, field by field, in the reader's language: each field under its
        own name (claim is the Chinese, claim_en the English), the reader's language first."""
        section = source.section(card.section) if source else None
        expert = section.expert if section else None
        inferred = f" ({self.label('inferred').lstrip('* ')})" if card.year_inferred else ""
        claims = [("claim", card.claim), ("claim_en", card.claim_en)]
        return [
            ("id", card.id),
            *(claims[::-1] if self.lang == "en" else claims),
            ("quote", f"“{card.quote}”"),
            ("figures", "; ".join(self.figures(card)) or None),
            ("year", f"{card.year}{inferred}"),
            ("as_of", card.as_of),
            ("places", LIST_SEPARATORS[self.lang].join(map(self.place, card.places)) or None),
            ("theme", self.theme(card)),
            ("kind", self.kind(card)),
            ("source", f"{card.source} · {source.title}" if source else card.source),
            ("section", self.section(card)),
            ("subsection", card.subsection),
            ("speaker", f"{card.speaker}（{expert.affiliation}）" if expert else card.speaker),
            ("tags", ", ".join(card.tags)),
            ("note", card.note),
            ("file", card.path),
        ]

    def field_label(self, key: str) -> str:
        """A field's label in `show`: the claim in the reader's language is "the claim", the other is
        named by its language (英文 for claim_en in Chinese, Chinese for claim in English)."""
        if key in ("claim", "claim_en"):
            own = "claim_en" if self.lang == "en" else "claim"
            return self.label("claim" if key == own else "claim_en")
        return self.label(key)

    def require_convertible(self, figures: Iterable[Figure]) -> None:
        """A unit that none of the shown figures can take is a mistake worth saying."""
        if self.unit is None:
            return
        from cyfacts.model.units import convertible, incompatible

        shown = list(figures)
        if shown and not any(convertible(f, self.unit) for f in shown):
            raise incompatible(shown[0].base_unit, self.unit)


def label_in(label: Label | None, lang: str) -> str | None:
    if label is None:
        return None
    return label.en if lang == "en" else label.zh
