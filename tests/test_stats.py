import pytest

from cyfacts.errors import UsageError
from cyfacts.render.records import stats_record
from cyfacts.search.filters import Filters
from cyfacts.services.stats import compute_stats
from tests.runner import english


def test_counts_cover_every_card(deck) -> None:  # type: ignore[no-untyped-def]
    stats = compute_stats(deck.cards)
    for name, counts in stats.counts.items():
        assert sum(c.count for c in counts) == len(deck.cards), name


def test_years_are_in_time_order_and_others_by_count(deck) -> None:  # type: ignore[no-untyped-def]
    counts = compute_stats(deck.cards).counts
    years = [c.value for c in counts["year"]]
    assert all(isinstance(year, int) for year in years)
    assert years == sorted(year for year in years if isinstance(year, int))
    kinds = [c.count for c in counts["kind"]]
    assert kinds == sorted(kinds, reverse=True)


def test_theme_filter_lists_its_figures(deck) -> None:  # type: ignore[no-untyped-def]
    ecology = Filters.build(theme="ecology")
    cards = [card for card in deck.cards if ecology.accepts(card.theme, card.kind, card.year, card.speaker)]
    record = stats_record(compute_stats(cards, ["theme"], with_figures=True))
    assert record["by"] == {"theme": [{"value": "ecology", "count": len(cards)}]}
    assert {f["id"] for f in record["figures"]} >= {"eco-pm25-decline-2024"}
    assert all(f["id"].startswith("eco-") for f in record["figures"])


def test_unknown_field_is_a_usage_error(deck) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        compute_stats(deck.cards, ["colour"])
    assert english(caught.value) == "cannot count by 'colour'"


@pytest.mark.parametrize(("option", "value"), [("theme", "economy"), ("kind", "fact")])
def test_unknown_vocabulary_is_a_usage_error(option: str, value: str) -> None:
    with pytest.raises(UsageError) as caught:
        Filters.build(theme=value) if option == "theme" else Filters.build(kind=value)
    assert english(caught.value) == f"unknown {option} {value!r}"


def test_a_misspelt_vocabulary_value_gets_a_guess_and_the_valid_values() -> None:
    from cyfacts.render.words import error_text

    with pytest.raises(UsageError) as caught:
        Filters.build(theme="inovation")
    assert error_text(caught.value, "en") == (
        "unknown theme 'inovation' (did you mean 'innovation'?)",
        "valid values: overview, industry, innovation, consumption, ecology",
    )


def test_since_after_until_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        Filters.build(since=2025, until=2020)
    assert english(caught.value) == "--since 2025 is after --until 2020"


def test_stats_take_one_pass_over_any_iterable(deck) -> None:  # type: ignore[no-untyped-def]
    """On a large deck cards are read as they are visited: counting must not need a second pass."""
    once = iter(deck.cards)
    stats = compute_stats(once, ["theme", "kind"], with_figures=True)
    assert stats.total == len(deck.cards)
    assert sum(c.count for c in stats.counts["kind"]) == len(deck.cards)
    assert len(stats.figures) == sum(len(c.figures) for c in deck.cards)


def test_filtered_rows_are_the_cards_that_match(deck) -> None:  # type: ignore[no-untyped-def]
    from cyfacts.index.build import CardColumns

    columns = CardColumns.of(deck.cards)
    for filters in (Filters.build(theme="ecology"), Filters.build(kind="figure", since=2024), Filters.build()):
        assert [deck.cards[row] for row in filters.rows(columns)] == [
            c for c in deck.cards if filters.accepts(c.theme, c.kind, c.year, c.speaker)
        ]


def test_a_selection_reads_its_cards_as_visited_and_keeps_none(deck) -> None:  # type: ignore[no-untyped-def]
    from cyfacts.index.rows import CardStore, Selection

    reads: list[int] = []

    def read(index: int):  # type: ignore[no-untyped-def]
        reads.append(index)
        return deck.cards[index]

    store = CardStore(len(deck.cards), read, lambda: iter(deck.cards))
    chosen = Selection(store, [5, 1, 7])
    assert len(chosen) == 3
    assert [c.id for c in chosen] == [deck.cards[5].id, deck.cards[1].id, deck.cards[7].id]
    assert [c.id for c in chosen] == [c.id for c in chosen[0:3]]
    assert chosen[-1] == deck.cards[7]
    assert reads == [5, 1, 7, 5, 1, 7, 5, 1, 7, 7]  # every visit reads again: nothing is kept
