"""Filters shared by search, list and stats; unknown vocabulary values are usage errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import KINDS, THEMES
from cyfacts.model.text import fold

if TYPE_CHECKING:
    from cyfacts.index.build import CardColumns


def check_choice(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    folded = value.strip().casefold()
    if folded not in allowed:
        raise UsageError.of("unknown_choice", option=option, value=value, valid=allowed)
    return folded


class Filters(NamedTuple):
    theme: str | None = None
    kind: str | None = None
    year: int | None = None
    since: int | None = None
    until: int | None = None
    speaker: tuple[str, ...] | None = None  # folded: a card passes if its speaker holds any of them

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
    ) -> Filters:
        if since is not None and until is not None and since > until:
            raise UsageError.of("since_after_until", since=since, until=until)
        return cls(
            check_choice("theme", theme, THEMES),
            check_choice("kind", kind, KINDS),
            year,
            since,
            until,
            (fold(speaker),) if speaker else None,
        )

    def accepts(self, theme: str, kind: str, year: int, speaker: str | None) -> bool:
        return (
            (self.theme is None or theme == self.theme)
            and (self.kind is None or kind == self.kind)
            and (self.year is None or year == self.year)
            and (self.since is None or year >= self.since)
            and (self.until is None or year <= self.until)
            and (self.speaker is None or any(name in fold(speaker or "") for name in self.speaker))
        )

    def accepts_row(self, columns: CardColumns, row: int) -> bool:
        """The same test on an index's columns, so filtering never reads a card."""
        return self.accepts(columns.themes[row], columns.kinds[row], columns.years[row], columns.speakers[row])

    def rows(self, columns: CardColumns) -> list[int]:
        """The rows of the cards that pass, found from the index's columns alone."""
        return [row for row in range(len(columns.ids)) if self.accepts_row(columns, row)]
