"""Questions for an amount (多少, how many, 多少公里, 多久): the words they are asked with, and the
term each adds to a query: a figure, a figure measuring what the unit measures, a span of time, or an
amount rather than a rate of it."""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
from collections.abc import Callable

from cyfacts.index.words import FILLER_CHARACTERS
from cyfacts.model.text import is_cjk
from cyfacts.model.units import BASE_UNITS, dimension_of, split_unit
from cyfacts.search.terms import Term, pattern

# A question for an amount (多少, how many) is answered only by a card that gives a figure.
QUANTITY_WORDS = ("多少", "多大", "几个", "几大", "几多", "有几", "多高", "多长", "多久", "多远")
# The same in Latin letters: English, and the pinyin of 几个, 多少, 多大.
# "data centre numbers", "number of ports": the number asked for, not a word to find.
QUANTITY_LATIN = (
    r"\bhow (?:many|much|big|large|long|far)\b|\bcount\b|\bnumbers?(?: of)?\b|\bji ?ge\b|\bduo ?(?:shao|da)\b"
)
QUANTITY_HINTS = ("how", "count", "number", "ji", "duo")  # the pattern is compiled only for a query holding one
QUANTITY = Term("数值", "quantity")
# A question for how long (多久, how long) is answered by a card that gives a duration, as a figure
# or in words (一小时通达); looked for before the other words, which some of these hold (多长时间).
DURATION_WORDS = ("多久", "多长时间", "多少时间", "how long")
DURATION = Term("时长", "quantity")
# A question for an amount that says nothing of a rate (服务业增加值多少, how big is …) wants an
# amount: a growth rate or a share (6.5%) is no answer to it. Words that ask for a rate:
RATE_WORDS = tuple(
    (
        "增速 增长 增幅 下降 降低 降幅 减少 比重 占比 比例 率 百分 幅度 同比 年均 涨 跌 % ％ "
        "好转 改善 提升 提高 上升 变化 变好 变差"
    ).split()
)
RATE_LATIN = (
    r"\b(?:grow|grew|growth|rates?|declin\w*|fall|fell|drop\w*|shares?|percent\w*|cent|ratio|increas\w*"
    r"|rise|rose|chang\w*|improv\w*|better|worse)\b"
)
AMOUNT_ASKED = Term("数值:an amount", "quantity")
# A question asked in a unit (多少公里, 多少万吨, 几个) is answered by a figure measuring the same
# (length, mass, a count): 时速400公里 is no answer to how many kilometres. Its term is the
# quantity's text, this mark, and the dimension.
MEASURED = ":"
LONGEST_UNIT = 6  # 万亿立方米


def quantity_words(text: str) -> str | None:
    """The words a question for an amount is asked with (多少, how many), as typed; None if none."""
    found = pattern(QUANTITY_LATIN).search(text) if any(hint in text for hint in QUANTITY_HINTS) else None
    if found:
        return found.group()
    return next((word for word in (*DURATION_WORDS, *QUANTITY_WORDS) if word in text), None)


def unit_asked(text: str, asked: str, is_word: Callable[[str], bool]) -> str:
    """The unit word a Chinese question for an amount names right after it (多少公里, 多少万吨粮食;
    the 个 of 几个), where what follows stands apart from it: in 多少人口 the 人 begins a word, and
    is no unit. "" if none."""
    if asked.endswith("个"):
        return "个"
    after = text[text.index(asked) + len(asked) :] if asked in text else ""
    for size in range(min(len(after), LONGEST_UNIT), 0, -1):
        word, rest = after[:size], after[size:]
        if split_unit(word)[1] in BASE_UNITS and stands_apart(rest, is_word):
            return word
    return ""


def stands_apart(rest: str, is_word: Callable[[str], bool]) -> bool:
    """Whether the text after a unit is no part of it: the end, a space, a filler word (的, 吗), or a
    word of its own (粮食 in 万吨粮食, not 口 of 人口)."""
    if not rest or not is_cjk(rest[0]) or rest[0] in FILLER_CHARACTERS:
        return True
    return any(is_word(rest[:size]) for size in range(2, 5))


def question_term(text: str, asked: str, is_word: Callable[[str], bool]) -> tuple[Term, str]:
    """The term a question for an amount adds, and the words it is shown as (多少公里)."""
    if asked in DURATION_WORDS:
        return DURATION, asked
    unit = "" if asked.isascii() else unit_asked(text, asked, is_word)
    base = BASE_UNITS.get(split_unit(unit)[1], ("", ""))[0] if unit else ""
    if not base:
        return (QUANTITY if asks_rate(text) else AMOUNT_ASKED), asked
    shown = asked if asked.endswith(unit) else asked + unit
    return Term(f"{QUANTITY.text}{MEASURED}{dimension_of(base)}", "quantity"), shown


def asks_rate(text: str) -> bool:
    """Whether a question for an amount may be answered by a rate: it names one (增速, 占比, growth),
    or is about the figures of something that is one (达标率)."""
    chinese = text.replace("增加值", "")  # value added is an amount, not an increase
    return any(word in chinese for word in RATE_WORDS) or bool(pattern(RATE_LATIN).search(text))
