"""Reading a query: split into terms by script, question words set aside, and the other ways to
read it (without question words; pinyin typed with spaces as one term)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from cyfacts.model.text import fold, has_cjk

# Pattern sources, compiled on first use (compiling them all costs more than a small search).
RUNS = r"\d+(?:\.\d+)?(?:年|月)|[a-z0-9][a-z0-9.'%\-]*|[^\sa-z0-9.%]+"
NUMBER = r"(\d+(?:\.\d+)?)(%|年|月)?"
YEAR = r"(?:19|20)\d\d"
LATIN = r"[a-z][a-z'\-]*"
# Words that carry no topic, cut out of a query when it is read without them (成渝的GDP有多大 → 成渝, gdp).
CHINESE_STOPWORDS = (
    "的 了 是 有 吗 呢 吧 啊 多少 多大 几个 什么 怎么 怎样 如何 哪些 哪个 为什么 一共 总共 有没有 请问 关于 "
    "好不好 能不能 可不可以 怎么样 多久 多长时间 是否 有哪些 跟 在 到 要 能 把 被 给 从 对 还 都 也 就"
).split()
ENGLISH_STOPWORDS = "the of for in on a an and to how many much what is are was did does do by with about".split()
STOPWORD_SET = frozenset(ENGLISH_STOPWORDS)
STOP_SPLIT = "|".join(sorted(CHINESE_STOPWORDS, key=len, reverse=True))  # no regex metacharacters in them


@cache
def pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def split_runs(text: str) -> list[str]:
    """Runs of one script, punctuation dropped: '2024粮食，GDP' → 2024, 粮食, gdp."""
    runs: list[str] = []
    for run in pattern(RUNS).findall(text):
        pieces = "".join(c if c.isalnum() or c in ".%'-" else " " for c in run).split()
        runs.extend(p.strip(".'-") for p in pieces if any(c.isalnum() for c in p))
    return runs


def kind_of(term: str) -> str:
    if pattern(NUMBER).fullmatch(term):
        return "number"
    if pattern(LATIN).fullmatch(term):
        return "latin"
    return "chinese" if has_cjk(term) else "text"


def without_stopwords(terms: list[str]) -> list[str]:
    """Question words and particles cut out: 成渝的GDP有多大 → 成渝, gdp."""
    out: list[str] = []
    for term in terms:
        if kind_of(term) == "chinese":
            out.extend(piece for piece in pattern(STOP_SPLIT).split(term) if piece)
        elif term not in STOPWORD_SET:
            out.append(term)
    return out


def alternatives(terms: list[str]) -> list[list[str]]:
    """The ways to read a query; a card keeps its best score over them. Besides the terms as typed:
    without question words, and pinyin typed with spaces (shu ju zhong xin) as one term."""
    options = [terms]
    stripped = without_stopwords(terms)
    if stripped and stripped != terms:
        options.append(stripped)
    for option in list(options):
        latin = [t for t in option if kind_of(t) == "latin"]
        if len(latin) >= 2:
            options.append([t for t in option if kind_of(t) != "latin"] + ["".join(latin)])
    return options


def is_blank_query(query: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in fold(query))
