"""Figures and dates as Chinese text writes them: 超20000P, 不足6.4万亿元, 80多个, 时速400公里,
截至2025年8月. Units are read with the one unit table (model/units.py); `validate` uses this to prove a
figure stands in its quote, and `cyfacts draft` to find every figure in an article.

Text given here is expected with markup and white space removed (model.text.squash), as quotes are
compared with their source."""

from __future__ import annotations

import re
from typing import NamedTuple

from cyfacts.model.units import BASE_UNITS, MAGNITUDES, RATE_PREFIXES

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# Qualifier words before a number, longest first; a few words end in one without being one (最近).
PREFIX_QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("超过", "over"),
    ("超", "over"),
    ("逾", "over"),
    ("不足", "under"),
    ("不到", "under"),
    ("将近", "nearly"),
    ("接近", "nearly"),
    ("近", "nearly"),
    ("大约", "about"),
    ("约", "about"),
)
NOT_QUALIFIERS = ("最近", "附近", "邻近", "临近", "靠近")
MIDDLE_QUALIFIERS = {"多": "more_than", "余": "more_than"}  # 80多个, 1万余人
TRAILING_QUALIFIERS: tuple[tuple[str, str], ...] = (("以上", "at_least"), ("左右", "about"))
# Words a claim may say a qualifier with in its own words, beside those a figure is written with.
PARAPHRASED_QUALIFIERS = {"over": ("以上", "多于"), "under": ("低于", "少于", "未满"), "at_least": ("至少", "不少于")}
UNIT_WORDS = sorted((word for word in BASE_UNITS if word), key=len, reverse=True)
MAGNITUDE_WORDS = [word for word, _ in MAGNITUDES]  # already longest first
# A number followed by one of these is a date, an ordinal or a name, not a figure (2024年, 8月, 5G, Ⅱ类).
NOT_FIGURE_AFTER = ("年", "月", "日", "号", "级", "类", "代", "时", "岁")
YEAR_RANGE = re.compile(r"(\d{4})\s*[—–\-~～至到]\s*(\d{4})年")
# A year that ends a range (2022—2035年) is a period's end, not a date the text is about.
DATE = re.compile(r"(?<![—–\-~～\d])(截至|截止到|截止|到)?(\d{4})年(?:(\d{1,2})月|(底|末))?")


def qualifier_words(qualifier: str) -> tuple[str, ...]:
    """Every word that says a qualifier: as a figure is written (超, 不足, 多 …) or as a claim may
    put it (超过 as 多于, 不足 as 低于)."""
    written = [word for word, said in (*PREFIX_QUALIFIERS, *TRAILING_QUALIFIERS) if said == qualifier]
    written += [word for word, said in MIDDLE_QUALIFIERS.items() if said == qualifier]
    return (*written, *PARAPHRASED_QUALIFIERS.get(qualifier, ()))


class FoundFigure(NamedTuple):
    """A figure in text: its value, unit and qualifier as written, and where it stands."""

    value: str
    unit: str
    qualifier: str | None
    start: int  # the figure's first character, a qualifier before it included
    end: int  # after its last character, a qualifier after it included
    value_start: int


class StatedDate(NamedTuple):
    year: int
    month: int | None  # 截至2024年底 gives 12
    since_start: bool  # 截至…: a figure as of this date
    start: int
    end: int

    @property
    def as_of(self) -> str | None:
        return f"{self.year}-{self.month:02d}" if self.month else None


def longest_at(text: str, position: int, words: list[str]) -> str:
    return next((word for word in words if text.startswith(word, position)), "")


def read_unit(text: str, position: int) -> tuple[str, str | None, int]:
    """The unit that starts at `position` (a magnitude chain and a base word: 万亿元, 个, %), a 多 or
    余 standing inside it (80多个, 1万余人), and where the unit ends."""
    qualifier, magnitude, at = None, "", position
    for _ in range(2):
        if qualifier is None and text[at : at + 1] in MIDDLE_QUALIFIERS:
            qualifier, at = MIDDLE_QUALIFIERS[text[at]], at + 1
        base = longest_at(text, at, UNIT_WORDS)
        word = longest_at(text, at, MAGNITUDE_WORDS)
        if base and len(base) >= len(word):  # 千米 is a base word, not 千 + 米
            return magnitude + base, qualifier, at + len(base)
        if not word:
            break
        magnitude, at = magnitude + word, at + len(word)
    if qualifier is None and text[at : at + 1] in MIDDLE_QUALIFIERS and magnitude:
        qualifier, at = MIDDLE_QUALIFIERS[text[at]], at + 1
    base = longest_at(text, at, UNIT_WORDS)
    if base:
        return magnitude + base, qualifier, at + len(base)
    if magnitude:
        return magnitude, qualifier, at
    if qualifier is not None:  # 多 with nothing after it is not a unit's: 80多 stands alone
        return "", qualifier, at
    return "", None, position


def prefix_qualifier(text: str, position: int) -> tuple[str | None, int]:
    before = text[max(0, position - 4) : position]
    if before.endswith(NOT_QUALIFIERS):
        return None, position
    for word, qualifier in PREFIX_QUALIFIERS:
        if before.endswith(word):
            return qualifier, position - len(word)
    return None, position


def is_figure(text: str, start: int, end: int) -> bool:
    """Not a year, month, ordinal, version or part of a name such as PM2.5 or 5G."""
    before = text[start - 1 : start]
    after = text[end : end + 1]
    if (before.isascii() and (before.isalnum() or before == ".")) or before == "第":
        return False
    if after.isascii() and after.isalpha() and not longest_at(text, end, UNIT_WORDS):
        return False
    return after not in NOT_FIGURE_AFTER and YEAR_RANGE.match(text, start) is None


def find_figures(text: str) -> list[FoundFigure]:
    """Every figure in the text, in order."""
    found = []
    for match in NUMBER.finditer(text):
        start, end = match.span()
        if not is_figure(text, start, end):
            continue
        unit, qualifier, unit_end = read_unit(text, end)
        before, first = prefix_qualifier(text, start)
        if qualifier is None and before is not None:
            qualifier = before
        else:
            first = start
        rate = next((word for word in RATE_PREFIXES if text.endswith(word, 0, first)), None)
        if rate and unit and unit + RATE_PREFIXES[rate] in BASE_UNITS:
            unit, first = unit + RATE_PREFIXES[rate], first - len(rate)
        last = unit_end
        trailing = next(((w, q) for w, q in TRAILING_QUALIFIERS if text.startswith(w, unit_end)), None)
        if trailing and qualifier is None:
            qualifier, last = trailing[1], unit_end + len(trailing[0])
        found.append(FoundFigure(match.group(), unit, qualifier, first, last, start))
    return found


def stated_dates(text: str) -> list[StatedDate]:
    """Every year the text names, with its month where it gives one (2025年8月, 2024年底)."""
    dates = []
    for match in DATE.finditer(text):
        year = int(match.group(2))
        if not 1900 <= year <= 2100:
            continue
        month = int(match.group(3)) if match.group(3) else (12 if match.group(4) else None)
        if month is not None and not 1 <= month <= 12:
            month = None
        dates.append(StatedDate(year, month, match.group(1) is not None, match.start(), match.end()))
    return dates
