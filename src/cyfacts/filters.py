"""Filters shared by search, list and stats; unknown vocabulary values are usage errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cyfacts.errors import UsageError
from cyfacts.model import KINDS, THEMES, Card
from cyfacts.textnorm import fold


def check_choice(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    folded = value.strip().casefold()
    if folded not in allowed:
        raise UsageError(f"unknown {option} {value!r}", f"valid values: {', '.join(allowed)}")
    return folded


@dataclass(frozen=True, slots=True)
class Filters:
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
    ) -> Filters:
        if since is not None and until is not None and since > until:
            raise UsageError(f"--since {since} is after --until {until}")
        return cls(
            check_choice("theme", theme, THEMES),
            check_choice("kind", kind, KINDS),
            year,
            since,
            until,
            fold(speaker) if speaker else None,
        )

    def matches(self, card: Card) -> bool:
        return (
            (self.theme is None or card.theme == self.theme)
            and (self.kind is None or card.kind == self.kind)
            and (self.year is None or card.year == self.year)
            and (self.since is None or card.year >= self.since)
            and (self.until is None or card.year <= self.until)
            and (self.speaker is None or self.speaker in fold(card.speaker or ""))
        )

    def apply(self, cards: Iterable[Card]) -> list[Card]:
        return [card for card in cards if self.matches(card)]
