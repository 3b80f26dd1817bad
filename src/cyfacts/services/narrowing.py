"""Why nothing (or nothing whole) was found: the filters that turned every match away, named as the
reader gave them, so a reader learns the cards exist; and, when no result answers the whole query,
what the results do hold."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from cyfacts.errors import Counted, NoMatchError, Quoted, Together
from cyfacts.search.evidence import years_only_inferred, years_only_mentioned
from cyfacts.search.filters import Filters

if TYPE_CHECKING:
    from cyfacts.index.build import Catalog
    from cyfacts.search.ranking import Findings


class Notice(NamedTuple):
    """Something the reader must be told beside the answer: a message key and its values."""

    key: str
    values: Mapping[str, Any]


def partial_notice(findings: "Findings") -> Notice | None:
    """Said plainly when no result answers the whole query: no card holds “重庆” and “GDP”
    together; the results below hold only “GDP”."""
    results = findings.results
    if not results or any(r.coverage == "full" for r in results):
        return None
    terms = [findings.shown.get(t.text, t.text) for t in findings.terms]
    # Pieces of a long query that were not read, and that a result does not write, are asked too.
    terms += list(dict.fromkeys(m for r in results for m in r.missing if m not in terms))
    if results[0].coverage == "approximate":  # the best answer every term, some only loosely
        if years := years_only_mentioned(m for r in results for m in r.matches):
            return Notice("year_mentioned_only", {"years": Quoted(years)})
        if years := years_only_inferred(m for r in results for m in r.matches):
            return Notice("year_inferred_only", {"years": Quoted(years)})
        return Notice("approximate_only", {"terms": Quoted(terms)})
    held = {tuple(t for t in terms if t not in r.missing) for r in results if r.coverage == "partial"}
    if len(held) == 1 and (only := next(iter(held))):
        return Notice("partial_only", {"terms": Quoted(terms), "held": Quoted(only)})
    return Notice("partial_each", {"terms": Quoted(terms)})


def given_filters(filters: Filters) -> list[str]:
    return [name for name, value in filters._asdict().items() if value is not None]


def excluding_filters(filters: Filters, finds_any: Callable[[Filters], bool]) -> list[str]:
    """The names of the given filters that leave nothing each on its own; when none does by itself,
    all of them, since only together do they exclude every card. `finds_any` says whether anything
    passes a set of filters."""
    given = given_filters(filters)
    alone = [name for name in given if not finds_any(Filters()._replace(**{name: getattr(filters, name)}))]
    return alone or given


def as_given(names: list[str], given: Mapping[str, object]) -> Together:
    """The filters as the reader typed them: --theme 生态, --year 2023."""
    return Together(f"--{name} {given[name]}" for name in names if name in given)


def search_miss(catalog: "Catalog", text: str, filters: Filters, given: Mapping[str, object]) -> NoMatchError:
    """The error for a search that found nothing: when cards match without the filters, it says
    how many and names the filters that turned them away."""
    from cyfacts.search.ranking import find

    if not catalog.index.columns.ids:  # nothing was served: fewer words would not help
        return NoMatchError.of("no_cards_served", skipped=Counted(catalog.deck.skipped, "card_file"))
    unfiltered = find(catalog.index, text, None, 1).total if given_filters(filters) else 0
    if not unfiltered:
        return NoMatchError.of("no_match", query=text)
    names = excluding_filters(filters, lambda narrower: find(catalog.index, text, narrower, 1).total > 0)
    return NoMatchError.of(
        "filtered_out", matches=Counted(unfiltered, "card"), query=text, filters=as_given(names, given)
    )


def selection_miss(catalog: "Catalog", filters: Filters, given: Mapping[str, object]) -> NoMatchError:
    """The error for filters that no card passes (list, stats), naming those that exclude every
    card; a speaker no card has is answered with the deck's speakers and their pinyin."""
    columns = catalog.index.columns
    places = catalog.index.places
    names = excluding_filters(filters, lambda narrower: bool(narrower.rows(columns, places)))
    if names != ["speaker"]:
        return NoMatchError.of("none_passes", filters=as_given(names, given))
    speakers = sorted({s for s in columns.speakers if s})
    readings = tuple(f"{name} ({' '.join(catalog.index.charmaps.readings_of(name))})" for name in speakers)
    return NoMatchError.of("none_passes", hint="speaker_unknown", filters=as_given(names, given), speakers=readings)
