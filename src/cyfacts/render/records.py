"""One output vocabulary: every command turns cards and results into the same ordered records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cyfacts.model.cards import Card, Figure, figure_text
from cyfacts.render.words import NOTES

if TYPE_CHECKING:
    from cyfacts.model.units import TargetUnit
    from cyfacts.render.presentation import Presentation
    from cyfacts.search.ranking import Result
    from cyfacts.services.series import Conflict, Series
    from cyfacts.services.stats import Stats


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
        from cyfacts.model.units import convert, convertible

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
        "places": list(card.places),
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
    record = {
        "rank": rank,
        "score": result.score,
        "coverage": result.coverage,
        "missing": list(result.missing),
        "scope": list(result.scope),
        **card_record(result.card, unit),
    }
    if explain:
        record["matches"] = [
            {"term": m.term, "field": m.field, "how": m.how, "score": round(m.score, 3)} for m in result.matches
        ]
    return record


def stats_record(stats: Stats) -> dict[str, Any]:
    """Counts as data: years are numbers and a missing value (the lead has no speaker) is null."""
    record: dict[str, Any] = {
        "cards": stats.total,
        "by": {name: [{"value": c.value, "count": c.count} for c in counts] for name, counts in stats.counts.items()},
    }
    if stats.figures:
        record["figures"] = [
            {"id": card.id, "year": card.year, "claim": card.claim, **figure_record(figure)}
            for card, figure in stats.figures
        ]
    return record


def series_record(found: Sequence[Series], view: Presentation) -> dict[str, Any]:
    """A metric's series, one per set of places, flattened: every point, change and growth names the
    places it is about and the sources it comes from; `conflicts` lists the years sources disagree on.
    Only what cyfacts computed (a change, a growth rate) is marked as computed by it."""
    from cyfacts.render.series_view import change_text, computed

    marked = any(computed(s) for s in found)

    return {
        "metric": found[0].metric,
        "base_unit": found[0].base_unit,
        "places": [list(s.places) for s in found],
        "points": [
            {
                "year": p.year,
                "year_inferred": p.card.year_inferred,
                "id": p.card.id,
                "source": p.card.source,
                "places": list(s.places),
                "claim": p.card.claim,
                "claim_en": p.card.claim_en,
                "figure": figure_record(p.figure, view.unit),
            }
            for s in found
            for p in s.points
        ],
        "changes": [
            {
                "from": c.start.year,
                "to": c.end.year,
                "places": list(s.places),
                "sources": list(c.sources),
                "change": c.change,
                "growth": c.growth,
                "bound": c.bound,
                "text": change_text(c, view),
            }
            for s in found
            for c in s.steps
        ],
        "annual_growth": [
            {
                "value": g.value,
                "from": g.start.year,
                "to": g.end.year,
                "places": list(s.places),
                "sources": list(g.sources),
                "bound": g.bound,
            }
            for s in found
            for g in s.growths
        ],
        "conflicts": [conflict_record(c, view) for s in found for c in s.conflicts],
        "computed_by": "cyfacts" if marked else None,
        "note": NOTES["en"] if marked else None,
    }


def conflict_record(conflict: Conflict, view: Presentation) -> dict[str, Any]:
    return {
        "metric": conflict.metric,
        "places": list(conflict.places),
        "year": conflict.year,
        "values": [
            {
                "source": p.card.source,
                "id": p.card.id,
                "claim": p.card.claim,
                "figure": figure_record(p.figure, view.unit),
            }
            for p in conflict.points
        ],
    }
