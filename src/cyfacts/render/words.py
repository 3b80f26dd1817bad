"""Words for tables in Chinese (the default) and English (--lang en, CYFACTS_LANG=en). Themes and
kinds are named by the deck (cyfacts.yaml; model/cards.py holds the default labels)."""

from __future__ import annotations

from cyfacts.errors import UsageError
from cyfacts.model.cards import Figure
from cyfacts.model.units import BASES

LANGUAGES = ("zh", "en")
LABELS = {
    "zh": {
        "rank": "#",
        "claim": "内容",
        "figure": "数据",
        "year": "年份",
        "place": "主题 / 章节",
        "id": "id",
        "quote": "原文",
        "source": "来源",
        "section": "章节",
        "subsection": "段落",
        "speaker": "发言人",
        "tags": "标签",
        "note": "说明",
        "file": "文件",
        "theme": "主题",
        "kind": "类型",
        "as_of": "截至",
        "figures": "数据",
        "inferred": "* 年份为推定：引文未写年份",
        "cards": "张卡片",
        "by": "按",
        "metric": "指标",
        "value": "数值",
        "count": "卡片数",
        "related": "相关卡片",
        "claim_en": "英文",
        "place_names": "地点",
    },
    "en": {
        "rank": "#",
        "claim": "claim",
        "figure": "figure",
        "year": "year",
        "place": "theme / section",
        "id": "id",
        "quote": "quote",
        "source": "source",
        "section": "section",
        "subsection": "subsection",
        "speaker": "speaker",
        "tags": "tags",
        "note": "note",
        "file": "file",
        "theme": "theme",
        "kind": "kind",
        "as_of": "as of",
        "figures": "figures",
        "inferred": "* year inferred: the quote names no year",
        "cards": "cards",
        "by": "by",
        "metric": "metric",
        "value": "value",
        "count": "cards",
        "related": "related cards",
        "claim_en": "Chinese",
        "place_names": "places",
    },
}
BOUND_WORDS = {
    "zh": {"exact": "", "lower": "至少", "upper": "至多", "approximate": "约", "indeterminate": "无法确定方向："},
    "en": {
        "exact": "",
        "lower": "at least ",
        "upper": "at most ",
        "approximate": "about ",
        "indeterminate": "bound unknown: ",
    },
}
NOTES = {
    "zh": "变化与年均增速由 cyfacts 根据卡片数值计算，并非原文所述。",
    "en": "Changes and annual growth are computed by cyfacts from the cards' figures, not stated by the source.",
}
SERIES_WORDS = {
    "zh": {
        "points": "个百分点",
        "annual": "年均复合增速",
        "one_year": "只有一个年份的数值",
        "conflict": "来源数值不一致",
        "no_place": "未注明地点",
    },
    "en": {
        "points": "percentage points",
        "annual": "compound annual growth",
        "one_year": "only one year is known",
        "conflict": "sources disagree",
        "no_place": "no place given",
    },
}
QUALIFIER_WORDS = {
    "over": "over",
    "under": "under",
    "nearly": "nearly",
    "more_than": "more than",
    "about": "about",
    "at_least": "at least",
}
# Joining a list of terms: “A”、“B”和“C”; “A”, “B” and “C”.
LIST_JOINERS = {"zh": ("、", "和"), "en": (", ", " and ")}
# How completely a search result answers its query (search/ranking.py's coverage).
COVERAGE_WORDS = {
    "zh": {
        "partial": "部分",
        "approximate": "（近似匹配）",
        "missing": "未含{terms}",
        "scope": "数据范围：{scope}，并非{asked}",
        "none_holds_all": "没有卡片同时包含{terms}",
        "only": "；以下结果只含{terms}",
        "each_some": "；以下结果各只含其中一部分",
        "only_approximate": "没有卡片确切包含{terms}；以下结果为近似匹配（同音字、错字或拼写相近）",
    },
    "en": {
        "partial": "partial",
        "approximate": "(approximate match)",
        "missing": "lacks {terms}",
        "scope": "data scope: {scope}, not {asked}",
        "none_holds_all": "No card holds {terms} together",
        "only": "; the results below hold only {terms}",
        "each_some": "; each result below holds only some of them",
        "only_approximate": "No card holds {terms} as written; the results below are approximate matches",
    },
}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def language(option: str | None, default: str | None = None) -> str:
    """--lang, else CYFACTS_LANG (`default`), else Chinese."""
    chosen = (option or default or "zh").strip().casefold()
    if chosen not in LANGUAGES:
        raise UsageError(f"unknown language {chosen!r}", "use zh or en (--lang or CYFACTS_LANG)")
    return chosen


def scaled(value: float) -> str:
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{number_text(value / size)} {word}"
    return number_text(value)


def figure_text_en(figure: Figure) -> str:
    """8.7 trillion yuan, 38.116 million tonnes, 10.6%, over 20,000 P, more than 80."""
    if figure.base_unit == "ratio":
        amount = f"{number_text(figure.normalized * 100)}%"
    elif figure.base_unit in BASES:
        amount = " ".join(p for p in (scaled(figure.normalized), BASES[figure.base_unit].english) if p)
    else:
        amount = f"{scaled(figure.normalized)} {figure.base_unit}".strip()
    qualifier = QUALIFIER_WORDS.get(figure.qualifier or "", "")
    return f"{qualifier} {amount}".strip()


def number_text(value: float) -> str:
    """At most four decimals, thousands separated, no trailing zeros: 87,000 or 0.1333."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    return "0" if text in ("-0", "") else text
