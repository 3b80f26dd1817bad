"""Figures in the reader's own unit (--unit): 8.7万亿元 → 87,000 亿元, 3811.6万吨 → 38,116,000 t,
200万亩 → 133,333 ha. Only within one dimension; anything else is an error that says why."""

from __future__ import annotations

from typing import NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model import Figure
from cyfacts.units import BASE_UNITS, split_unit

# Unit names that the Chinese unit parser does not know, as (base unit, size in that base).
NAMED: dict[str, tuple[str, float]] = {
    "cny": ("CNY", 1.0),
    "yuan": ("CNY", 1.0),
    "rmb": ("CNY", 1.0),
    "t": ("t", 1.0),
    "tonne": ("t", 1.0),
    "tonnes": ("t", 1.0),
    "kg": ("t", 0.001),
    "ha": ("ha", 1.0),
    "hectare": ("ha", 1.0),
    "hectares": ("ha", 1.0),
    "mu": ("mu", 1.0),
    "km": ("km", 1.0),
    "ratio": ("ratio", 1.0),
    "percent": ("ratio", 0.01),
}
# Bases that measure the same thing: how many of the first make one of the second.
SAME_DIMENSION: dict[tuple[str, str], float] = {("mu", "ha"): 15.0, ("ha", "mu"): 1 / 15, ("kg", "t"): 1000.0}
DIMENSION_NAMES = {
    "CNY": "money (yuan)",
    "t": "mass",
    "mu": "area",
    "ha": "area",
    "ratio": "a share (%)",
    "count": "a count",
    "km": "length",
    "km/h": "speed",
    "person": "people",
    "h": "time",
}


class TargetUnit(NamedTuple):
    text: str  # as the user wrote it
    base: str
    size: float  # how many base units one target unit is


class Converted(NamedTuple):
    value: float
    unit: str


def parse_target(text: str) -> TargetUnit:
    named = NAMED.get(text.strip().casefold())
    if named is not None:
        return TargetUnit(text.strip(), *named)
    multiplier, word = split_unit(text)
    if word not in BASE_UNITS or not text.strip():
        known = ", ".join(sorted({*NAMED, *(w for w in BASE_UNITS if w)}))
        raise UsageError(f"unknown unit {text!r}", f"use a unit such as 亿元, 万吨, 万亩, %, or one of: {known}")
    base, scale = BASE_UNITS[word]
    return TargetUnit(text.strip(), base, multiplier * float(scale))


def convertible(figure: Figure, target: TargetUnit) -> bool:
    return figure.base_unit == target.base or (figure.base_unit, target.base) in SAME_DIMENSION


def convert(figure: Figure, target: TargetUnit) -> Converted:
    if figure.base_unit == target.base:
        return Converted(figure.normalized / target.size, target.text)
    per = SAME_DIMENSION.get((figure.base_unit, target.base))
    if per is None:
        raise UsageError(incompatible(figure.base_unit, target))
    return Converted(figure.normalized / per / target.size, target.text)


def incompatible(base: str, target: TargetUnit) -> str:
    have = DIMENSION_NAMES.get(base, base or "a plain number")
    want = DIMENSION_NAMES.get(target.base, target.base)
    return f"cannot show {have} in {target.text!r}, which measures {want}"
