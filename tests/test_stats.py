import pytest

from cyfacts.errors import UsageError
from cyfacts.filters import Filters
from cyfacts.stats import compute_stats, count_by, stats_record


def test_counts_cover_every_card(deck) -> None:  # type: ignore[no-untyped-def]
    stats = compute_stats(deck.cards)
    for name, counts in stats.counts.items():
        assert sum(c.count for c in counts) == len(deck.cards), name


def test_years_are_in_time_order_and_others_by_count(deck) -> None:  # type: ignore[no-untyped-def]
    years = [c.value for c in count_by(deck.cards, "year")]
    assert years == sorted(years)
    kinds = [c.count for c in count_by(deck.cards, "kind")]
    assert kinds == sorted(kinds, reverse=True)


def test_theme_filter_lists_its_figures(deck) -> None:  # type: ignore[no-untyped-def]
    cards = Filters.build(theme="ecology").apply(deck.cards)
    record = stats_record(compute_stats(cards, ["theme"], with_figures=True))
    assert record["by"] == {"theme": [{"value": "ecology", "count": len(cards)}]}
    assert {f["id"] for f in record["figures"]} >= {"eco-pm25-decline-2024"}
    assert all(f["id"].startswith("eco-") for f in record["figures"])


def test_unknown_field_is_a_usage_error(deck) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="cannot count by 'colour'"):
        compute_stats(deck.cards, ["colour"])


@pytest.mark.parametrize(("option", "value"), [("theme", "economy"), ("kind", "fact")])
def test_unknown_vocabulary_is_a_usage_error(option: str, value: str) -> None:
    with pytest.raises(UsageError, match=f"unknown {option}"):
        Filters.build(theme=value) if option == "theme" else Filters.build(kind=value)


def test_since_after_until_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--since 2025 is after --until 2020"):
        Filters.build(since=2025, until=2020)
