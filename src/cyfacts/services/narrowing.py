"""Why nothing was found when something would have been: the filters that turned every match away."""

from __future__ import annotations

from collections.abc import Callable

from cyfacts.search.filters import Filters


def given_filters(filters: Filters) -> list[str]:
    return [name for name, value in filters._asdict().items() if value is not None]


def excluding_filters(filters: Filters, finds_any: Callable[[Filters], bool]) -> list[str]:
    """The names of the given filters that leave nothing each on its own; when none does by itself,
    all of them, since only together do they exclude every card. `finds_any` says whether anything
    passes a set of filters."""
    given = given_filters(filters)
    alone = [name for name in given if not finds_any(Filters()._replace(**{name: getattr(filters, name)}))]
    return alone or given
