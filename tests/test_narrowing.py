"""Which filters turned every match away: each one that does alone, else all of them together."""

from __future__ import annotations

import pytest

from cyfacts.search.filters import Filters
from cyfacts.services.narrowing import as_given, excluding_filters

# What a search for 粮食 finds: one card, of 2024, in the industry theme.
CARD = {"theme": "industry", "year": 2024}


def finds_any(filters: Filters) -> bool:
    return all(getattr(filters, name) in (None, value) for name, value in CARD.items())


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        (Filters(year=2023), ["year"]),
        (Filters(theme="industry", year=2023), ["year"]),  # the theme lets the card through: not named
        (Filters(theme="ecology", year=2023), ["theme", "year"]),
        (Filters(), []),
    ],
)
def test_the_filters_that_exclude_every_match(filters: Filters, names: list[str]) -> None:
    assert excluding_filters(filters, finds_any) == names


def test_filters_are_named_as_given() -> None:
    assert as_given(["theme", "year"], {"theme": "生态", "year": 2023}) == ("--theme 生态", "--year 2023")
