"""Filters shared by search, list and stats; unknown vocabulary values are usage errors."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import KINDS, THEMES
from cyfacts.model.text import close_to, fold

if TYPE_CHECKING:
    from collections.abc import Callable

    from cyfacts.index.build import CardColumns
    from cyfacts.index.places import Places


def check_choice(option: str, value: str | None, allowed: tuple[str, ...] | None) -> str | None:
    """The value, folded; one of `allowed` (None: the deck's vocabulary could not be read, so any)."""
    if value is None:
        return None
    folded = value.strip().casefold()
    if allowed is not None and folded not in allowed:
        close = close_to(folded, allowed)
        key = "unknown_choice_close" if close else "unknown_choice"
        raise UsageError.of(key, hint="unknown_choice", option=option, value=value, valid=allowed, close=close)
    return folded


class Filters(NamedTuple):
    theme: str | None = None
    kind: str | None = None
    year: int | None = None
    since: int | None = None
    until: int | None = None
    speaker: tuple[str, ...] | None = None  # folded: a card passes if its speaker holds any of them
    place: str | None = None  # as typed until `for_places` names the deck's place

    @classmethod
    def build(
        cls,
        *,
        theme: str | None = None,
        kind: str | None = None,
        year: int | None = None,
        since: int | None = None,
        until: int | None = None,
        speaker: str | None = None,
        place: str | None = None,
        themes: tuple[str, ...] | None = THEMES,
        kinds: tuple[str, ...] | None = KINDS,
    ) -> "Filters":
        """The filters, checked: `themes` and `kinds` are the deck's vocabularies."""
        if since is not None and until is not None and since > until:
            raise UsageError.of("since_after_until", since=since, until=until)
        return cls(
            check_choice("theme", theme, themes),
            check_choice("kind", kind, kinds),
            year,
            since,
            until,
            (fold(speaker),) if speaker else None,
            place.strip() if place and place.strip() else None,
        )

    def for_places(self, places: "Places", simplify: "Callable[[str], str] | None" = None) -> "Filters":
        """The --place filter as the deck names the place, in simplified or traditional characters
        (重慶 is 重庆); a place the deck does not declare is a usage error that lists those it does,
        or names the one a slip means (Chongqin: did you mean 重庆?)."""
        if self.place is None:
            return self
        named = places.named(self.place) or (places.named(simplify(self.place)) if simplify else None)
        if named is None:
            known = tuple(sorted(set(places.names.values())))
            close = places.misspelt(self.place)
            hint = "unknown_place.close" if close else None if known else "unknown_place.none"
            raise UsageError.of("unknown_place", hint=hint, place=self.place, known=known, close=close)
        return self._replace(place=named)

    def accepts(self, theme: str, kind: str, year: int, speaker: str | None) -> bool:
        return (
            (self.theme is None or theme == self.theme)
            and (self.kind is None or kind == self.kind)
            and (self.year is None or year == self.year)
            and (self.since is None or year >= self.since)
            and (self.until is None or year <= self.until)
            and (self.speaker is None or any(name in fold(speaker or "") for name in self.speaker))
        )

    def accepts_row(self, columns: "CardColumns", row: int, places: "Places | None" = None) -> bool:
        """The same test on an index's columns, so filtering never reads a card. A place filter
        keeps the cards about that place or a place within it."""
        if self.place is not None and (places is None or not places.answers(columns.places[row], self.place)):
            return False
        return self.accepts(columns.themes[row], columns.kinds[row], columns.years[row], columns.speakers[row])

    def rows(self, columns: "CardColumns", places: "Places | None" = None) -> list[int]:
        """The rows of the cards that pass, found from the index's columns alone."""
        return [row for row in range(len(columns.ids)) if self.accepts_row(columns, row, places)]
