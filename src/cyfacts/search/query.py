"""Reading a query: split into terms by script, question words set aside, and the other ways to
read it (without question words; pinyin typed with spaces as one term)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from cyfacts.model.text import fold, has_cjk, is_cjk

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
# Each distinct term costs passes over the whole index, and each Chinese character of a phrase the
# deck does not hold one more: so a query is read for at most MAX_TERMS distinct terms and
# MAX_CHINESE_CHARS Chinese characters in all, a run longer than a phrase (a pasted paragraph) is
# cut into phrase-sized pieces, and repeated terms are read once. Any query under the length limit
# then costs about what a few ordinary terms cost, on any deck.
MAX_TERMS = 6
MAX_TERM_CHARS = 16
MAX_CHINESE_CHARS = 24
MAX_JOINED_LETTERS = 24  # pinyin typed with spaces, read as one word: its readings multiply with length


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


def distinct_pieces(text: str) -> list[str]:
    """The query's runs, long ones cut into phrase-sized pieces, each once, in the order typed."""
    pieces = (run[i : i + MAX_TERM_CHARS] for run in split_runs(text) for i in range(0, len(run), MAX_TERM_CHARS))
    return list(dict.fromkeys(pieces))


def read_and_unread(text: str) -> tuple[list[str], list[str]]:
    """The terms a query is read for, and those past the limits (said to the user, not searched)."""
    read: list[str] = []
    unread: list[str] = []
    chinese = 0
    for piece in distinct_pieces(text):
        size = sum(map(is_cjk, piece))
        if len(read) < MAX_TERMS and chinese + size <= MAX_CHINESE_CHARS:
            read.append(piece)
            chinese += size
        else:
            unread.append(piece)
    return read, unread


def query_terms(text: str) -> list[str]:
    return read_and_unread(text)[0]


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
        if len(latin) >= 2 and sum(map(len, latin)) <= MAX_JOINED_LETTERS:
            options.append([t for t in option if kind_of(t) != "latin"] + ["".join(latin)])
    return options


def is_blank_query(query: str) -> bool:
    return not any(unicodedata.category(c)[0] in "LN" for c in fold(query))
