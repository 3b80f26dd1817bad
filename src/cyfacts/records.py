"""One output vocabulary: every command turns cards and results into the same ordered records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cyfacts.model import QUALIFIERS, Card, Figure

if TYPE_CHECKING:
    from cyfacts.conversion import TargetUnit
    from cyfacts.search import Result

# Qualifiers that stand after the number in Chinese (80多个); the others stand before it (超20000P).
SUFFIX_QUALIFIERS = {"more_than"}


def figure_text(figure: Figure) -> str:
    """The figure as a reader writes it: 不足6.4万亿元, 超20000P, 80多个."""
    if figure.qualifier is None:
        return f"{figure.value}{figure.unit}"
    word = QUALIFIERS[figure.qualifier]
    if figure.qualifier in SUFFIX_QUALIFIERS:
        return f"{figure.value}{word}{figure.unit}"
    return f"{word}{figure.value}{figure.unit}"


def figure_record(figure: Figure, unit: TargetUnit | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "text": figure_text(figure),
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "normalized": figure.normalized,
        "base_unit": figure.base_unit,
        "metric": figure.metric,
    }
    if unit is not None:
        from cyfacts.conversion import convert, convertible

        if convertible(figure, unit):
            converted = convert(figure, unit)
            record["converted"] = {"value": converted.value, "unit": converted.unit}
    return record


def card_record(card: Card, unit: TargetUnit | None = None) -> dict[str, Any]:
    """A card as JSON: keys in a fixed, documented order."""
    return {
        "id": card.id,
        "claim": card.claim,
        "claim_en": card.claim_en,
        "quote": card.quote,
        "source": card.source,
        "section": card.section,
        "subsection": card.subsection,
        "speaker": card.speaker,
        "theme": card.theme,
        "year": card.year,
        "year_inferred": card.year_inferred,
        "as_of": card.as_of,
        "kind": card.kind,
        "figures": [figure_record(f, unit) for f in card.figures],
        "tags": list(card.tags),
        "note": card.note,
        "file": card.path,
    }


def result_record(rank: int, result: Result, explain: bool = False, unit: TargetUnit | None = None) -> dict[str, Any]:
    record = {"rank": rank, "score": result.score, **card_record(result.card, unit)}
    if explain:
        record["matches"] = [
            {"term": m.term, "field": m.field, "how": m.how, "score": round(m.score, 3)} for m in result.matches
        ]
    return record
