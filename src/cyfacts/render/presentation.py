"""How a person sees cards: in Chinese or English, and with figures in the unit they asked for.
Tables and records ask a Presentation for every word and figure they show."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import Card, Figure, Source, figure_text
from cyfacts.render.words import KIND_NAMES, LABELS, THEME_NAMES, figure_text_en, number_text

if TYPE_CHECKING:
    from cyfacts.model.units import TargetUnit

NO_SECTIONS: Mapping[tuple[str, str], str] = MappingProxyType({})


class Presentation(NamedTuple):
    lang: str = "zh"
    unit: TargetUnit | None = None
    sections_en: Mapping[tuple[str, str], str] = NO_SECTIONS  # (source id, heading) → English heading

    @classmethod
    def of(cls, lang: str, unit: TargetUnit | None, sources: Iterable[Source]) -> Presentation:
        english = {(s.id, section.heading): section.heading_en for s in sources for section in s.sections}
        return cls(lang, unit, english)

    def label(self, key: str) -> str:
        return LABELS[self.lang][key]

    def claim(self, card: Card) -> str:
        return card.claim_en if self.lang == "en" else card.claim

    def theme(self, card: Card) -> str:
        return THEME_NAMES[self.lang].get(card.theme, card.theme)

    def kind(self, card: Card) -> str:
        return KIND_NAMES[self.lang].get(card.kind, card.kind)

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
