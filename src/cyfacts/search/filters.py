"""Filters shared by search, list and stats; unknown vocabulary values are usage errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import KINDS, THEMES
from cyfacts.model.text import did_you_mean, fold

if TYPE_CHECKING:
    from cyfacts.index.build import CardColumns


def check_choice(option: str, value: str | None, allowed: tuple[str, ...] | None) -> str | None:
    """The value, folded; one of `allowed` (None: the deck's vocabulary could not be read, so any)."""
    if value is None:
        return None
    folded = value.strip().casefold()
    if allowed is not None and folded not in allowed:
        raise UsageError(
            f"unknown {option} {value!r}{did_you_mean(folded, allowed)}", f"valid values: {', '.join(allowed)}"
        )
    return folded


class Filters(NamedTuple):
    theme: str | None = None
    kind: str | None = None
    year: int | None = None
    since: int | None = None
    until: int | None = None
    speaker: str | None = None

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
        themes: tuple[str, ...] | None = THEMES,
        kinds: tuple[str, ...] | None = KINDS,
    ) -> Filters:
        """The filters, checked: `themes` and `kinds` are the deck's vocabularies."""
        if since is not None and until is not None and since > until:
            raise UsageError(f"--since {since} is after --until {until}")
        return cls(
            check_choice("theme", theme, themes),
            check_choice("kind", kind, kinds),
            year,
            since,
            until,
            fold(speaker) if speaker else None,
        )

    def accepts(self, theme: str, kind: str, year: int, speaker: str | None) -> bool:
        return (
            (self.theme is None or theme == self.theme)
            and (self.kind is None or kind == self.kind)
            and (self.year is None or year == self.year)
            and (self.since is None or year >= self.since)
            and (self.until is None or year <= self.until)
            and (self.speaker is None or self.speaker in fold(speaker or ""))
        )

    def accepts_row(self, columns: CardColumns, row: int) -> bool:
        """The same test on an index's columns, so filtering never reads a card."""
        return self.accepts(columns.themes[row], columns.kinds[row], columns.years[row], columns.speakers[row])

    def rows(self, columns: CardColumns) -> list[int]:
        """The rows of the cards that pass, found from the index's columns alone."""
        return [row for row in range(len(columns.ids)) if self.accepts_row(columns, row)]
