"""Why nothing was found when something would have been: the filters that turned every match away,
named as the reader gave them, so a reader learns the cards exist."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from cyfacts.errors import Counted, NoMatchError, Together
from cyfacts.search.filters import Filters

if TYPE_CHECKING:
    from cyfacts.index.build import Catalog


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


def search_miss(catalog: Catalog, text: str, filters: Filters, given: Mapping[str, object]) -> NoMatchError:
    """The error for a search that found nothing: when cards match without the filters, it says
    how many and names the filters that turned them away."""
    from cyfacts.search.ranking import find

    unfiltered = find(catalog.index, text, None, 1).total if given_filters(filters) else 0
    if not unfiltered:
        return NoMatchError.of("no_match", query=text)
    names = excluding_filters(filters, lambda narrower: find(catalog.index, text, narrower, 1).total > 0)
    return NoMatchError.of(
        "filtered_out", matches=Counted(unfiltered, "card"), query=text, filters=as_given(names, given)
    )


def selection_miss(catalog: Catalog, filters: Filters, given: Mapping[str, object]) -> NoMatchError:
    """The error for filters that no card passes (list, stats), naming those that exclude every
    card; a speaker no card has is answered with the deck's speakers and their pinyin."""
    columns = catalog.index.columns
    names = excluding_filters(filters, lambda narrower: bool(narrower.rows(columns)))
    if names != ["speaker"]:
        return NoMatchError.of("none_passes", filters=as_given(names, given))
    speakers = sorted({s for s in columns.speakers if s})
    readings = tuple(f"{name} ({' '.join(catalog.index.charmaps.readings_of(name))})" for name in speakers)
    return NoMatchError.of("none_passes", hint="speaker_unknown", filters=as_given(names, given), speakers=readings)
