"""Words for tables and messages in Chinese (the default) and English (--lang en, CYFACTS_LANG=en)."""

from __future__ import annotations

from typing import Any

from cyfacts.errors import Counted, CyfactsError, Together, UsageError
from cyfacts.model.cards import Figure, figure_text
from cyfacts.model.text import is_cjk
from cyfacts.model.units import BASES, shown_decimals, significant_digits

LANGUAGES = ("zh", "en")
THEME_NAMES = {
    "zh": {"overview": "综述", "industry": "产业", "innovation": "创新", "consumption": "消费", "ecology": "生态"},
    "en": {
        "overview": "overview",
        "industry": "industry",
        "innovation": "innovation",
        "consumption": "consumption",
        "ecology": "ecology",
    },
}
KIND_NAMES = {
    "zh": {"figure": "数据", "event": "事件", "policy": "政策", "assessment": "评估", "recommendation": "建议"},
    "en": {
        "figure": "figure",
        "event": "event",
        "policy": "policy",
        "assessment": "assessment",
        "recommendation": "recommendation",
    },
}
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
        "none": "（无）",
        "alike": "全部卡片相同：",
        "colon": "：",
        "separator": "；",
        "metrics": "指标",
        "years": "年份",
        "points": "数值个数",
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
        "by": "by ",
        "metric": "metric",
        "value": "value",
        "count": "cards",
        "related": "related cards",
        "claim_en": "Chinese",
        "none": "(none)",
        "alike": "same for every card: ",
        "colon": ": ",
        "separator": "; ",
        "metrics": "metric",
        "years": "years",
        "points": "values",
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
    "zh": {"points": "个百分点", "annual": "年均复合增速", "one_year": "只有一个年份的数值"},
    "en": {"points": "percentage points", "annual": "compound annual growth", "one_year": "only one year is known"},
}
QUALIFIER_WORDS = {"over": "over", "under": "under", "nearly": "nearly", "more_than": "more than", "about": "about"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def vocabulary_of(names: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """A vocabulary by key, each with its label per language (as a deck declares it), from a table
    of names by language: {"zh": {"ecology": "生态"}, "en": {…}} → {"ecology": {"zh": "生态", "en": …}}."""
    keys = dict.fromkeys(key for table in names.values() for key in table)
    return {key: {lang: table[key] for lang, table in names.items() if key in table} for key in keys}


def language(option: str | None, default: str | None = None) -> str:
    """--lang, else CYFACTS_LANG (`default`), else Chinese."""
    chosen = (option or default or "zh").strip().casefold()
    if chosen not in LANGUAGES:
        raise UsageError.of("unknown_language", value=chosen)
    return chosen


def fallback_language(default: str | None) -> str:
    """The language of a message given before --lang could be read: CYFACTS_LANG if valid, else Chinese."""
    chosen = (default or "").strip().casefold()
    return chosen if chosen in LANGUAGES else "zh"


# --- messages on stderr ------------------------------------------------------------------------------
# One table per language. `key` is the message; `key.hint` the line under it, where there is one.
# Values are filled in with str.format; user text is shown with !r, so control characters are escaped.
MESSAGES: dict[str, dict[str, str]] = {
    "zh": {
        "unknown_language": "未知的语言 {value!r}",
        "unknown_language.hint": "请用 zh 或 en（--lang 或 CYFACTS_LANG）",
        "query_empty": "查询为空",
        "query_empty.hint": "请给出要查的词，例如 cyfacts 算力",
        "query_too_long": "查询长 {length:,} 个字符；最多读取 {limit} 个",
        "no_match": "没有卡片匹配 {query!r}",
        "no_match.hint": "试试少用几个词，或用 cyfacts list 浏览",
        "filtered_out": "{query!r} 匹配 {matches}，但加上 {filters} 后一张也没有",
        "filtered_out.hint": "去掉 {filters} 即可看到：cyfacts search {query!r}",
        "none_passes": "没有卡片符合 {filters}",
        "none_passes.hint": "cyfacts stats 显示卡片的主题、年份、类型和发言人",
        "speaker_unknown.hint": "本卡片集的发言人：{speakers}",
        "formats_conflict": "只能选一种输出格式，不能同时用 {flags}",
        "limit_too_small": "--limit 至少为 1，不能是 {limit}",
        "repeated_option": "{option} 只能给一次，这里给了 {count} 次",
        "repeated_option.hint": "去掉多余的一个（{given}）",
        "bom_without_csv": "--bom 只用于 CSV 输出",
        "bom_without_csv.hint": "与 --csv 一起用，或 export --format csv --bom",
        "unknown_format": "未知的格式 {value!r}",
        "unknown_format.hint": "可用的格式：{valid}",
        "unknown_color": "--color 只能是 auto、always 或 never，不能是 {value!r}",
        "unknown_style": "未知的引用格式 {value!r}",
        "unknown_style.hint": "可用的格式：{valid}",
        "unknown_choice": "未知的{option} {value!r}",
        "unknown_choice.hint": "可用的值：{valid}",
        "since_after_until": "--since {since} 晚于 --until {until}",
        "cannot_count_by": "无法按 {value!r} 计数",
        "cannot_count_by.hint": "可用的字段：{valid}",
        "unknown_id": "没有 id 为 {id!r} 的卡片",
        "unknown_id.hint": "是不是：{close}",
        "unknown_id.none.hint": "cyfacts list 列出所有 id",
        "source_without_record": "卡片 {card!r} 的来源 {source!r} 没有来源记录",
        "no_metric": "没有指标匹配 {query!r}",
        "no_metric.hint": "cyfacts series 列出本卡片集的所有指标",
        "no_metrics": "本卡片集没有带指标的数据",
        "unknown_unit": "未知的单位 {value!r}",
        "unknown_unit.hint": "请用 亿元、万吨、万亩、% 这样的单位，或以下之一：{known}",
        "incompatible_unit": "无法以 {unit!r} 显示{have}：它度量的是{want}",
        "sweep_helpers": "{name} 须为 0 到 {most} 的整数，不能是 {value!r}",
        "sweep_helpers.hint": "不设它，由 cyfacts 自行决定",
        "validate_ok": "{cards}，{sources}，没有问题",
        "validate_problems": "{files}中发现{problems}",
        "showing": "显示 {total:,} 个结果中的 {shown:,} 个（--limit N 显示更多）",
        "showing_limited": "显示 {total:,} 个结果中的 {shown:,} 个",
        "cite_missing": "来源记录中没有：{missing}",
        "cite_missing.hint": "已用占位符标出或略去；如知道，请补进 _source.yaml",
        "cite_romanized": "作者姓名的拼音由 cyfacts 按汉字读音生成，请核对：{names}",
        "internal_error": "内部错误：{kind}：{detail}",
        "internal_error.hint": "这是 cyfacts 的缺陷；设置 CYFACTS_DEBUG=1 再运行可看到出错位置，请报告",
    },
    "en": {
        "unknown_language": "unknown language {value!r}",
        "unknown_language.hint": "use zh or en (--lang or CYFACTS_LANG)",
        "query_empty": "the query is empty",
        "query_empty.hint": "give a word to look for, e.g. cyfacts 算力",
        "query_too_long": "the query is {length:,} characters long; at most {limit} are read",
        "no_match": "no card matches {query!r}",
        "no_match.hint": "try fewer words, or cyfacts list to browse",
        "filtered_out": "{query!r} matches {matches}, but none with {filters}",
        "filtered_out.hint": "without {filters}: cyfacts search {query!r}",
        "none_passes": "no card passes {filters}",
        "none_passes.hint": "cyfacts stats shows the deck's themes, years, kinds and speakers",
        "speaker_unknown.hint": "speakers in this deck: {speakers}",
        "formats_conflict": "choose one output format, not {flags}",
        "limit_too_small": "--limit must be at least 1, not {limit}",
        "repeated_option": "{option} is given {count} times; it takes one value",
        "repeated_option.hint": "keep one of them ({given})",
        "bom_without_csv": "--bom applies only to CSV output",
        "bom_without_csv.hint": "use it with --csv, or export --format csv --bom",
        "unknown_format": "unknown format {value!r}",
        "unknown_format.hint": "valid formats: {valid}",
        "unknown_color": "--color takes auto, always or never, not {value!r}",
        "unknown_style": "unknown citation style {value!r}",
        "unknown_style.hint": "valid styles: {valid}",
        "unknown_choice": "unknown {option} {value!r}",
        "unknown_choice.hint": "valid values: {valid}",
        "since_after_until": "--since {since} is after --until {until}",
        "cannot_count_by": "cannot count by {value!r}",
        "cannot_count_by.hint": "valid fields: {valid}",
        "unknown_id": "no card has the id {id!r}",
        "unknown_id.hint": "did you mean: {close}",
        "unknown_id.none.hint": "cyfacts list shows every id",
        "source_without_record": "card {card!r} names source {source!r}, which has no record",
        "no_metric": "no metric matches {query!r}",
        "no_metric.hint": "cyfacts series lists the deck's metrics",
        "no_metrics": "no figure in this deck names a metric",
        "unknown_unit": "unknown unit {value!r}",
        "unknown_unit.hint": "use a unit such as 亿元, 万吨, 万亩, %, or one of: {known}",
        "incompatible_unit": "cannot show {have} in {unit!r}, which measures {want}",
        "sweep_helpers": "{name} must be a whole number from 0 to {most}, not {value!r}",
        "sweep_helpers.hint": "unset it to let cyfacts choose",
        "validate_ok": "{cards} in {sources}, no problems",
        "validate_problems": "{problems} in {files}",
        "showing": "showing {shown:,} of {total:,} (--limit N for more)",
        "showing_limited": "showing {shown:,} of {total:,}",
        "cite_missing": "the source record does not show: {missing}",
        "cite_missing.hint": "shown as placeholders or left out; add them to _source.yaml if you know them",
        "cite_romanized": "author names romanized by cyfacts from the characters' readings; check them: {names}",
        "internal_error": "internal error: {kind}: {detail}",
        "internal_error.hint": "this is a bug in cyfacts; run again with CYFACTS_DEBUG=1 to see where, and report it",
    },
}
# Words of ours that a message's values may hold, in the other language.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "money (yuan)": "金额（元）",
        "money (US dollars)": "金额（美元）",
        "mass": "质量",
        "area": "面积",
        "length": "长度",
        "speed": "速度",
        "time": "时间",
        "a share (%)": "比例（%）",
        "a count": "个数",
        "people": "人数",
        "a plain number": "无单位的数",
        "theme": "主题",
        "kind": "类型",
        "publisher": "报纸名（出版者）",
        "date": "出版日期",
        "page": "版次",
        "and": "和",
    },
    "en": {"publisher": "newspaper (publisher)", "date": "publication date", "page": "page (版次)"},
}
# Counted nouns: English singular and plural; Chinese with its measure word.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "card": ("张卡片", "张卡片"),
        "card_file": ("个卡片文件", "个卡片文件"),
        "source": ("个来源", "个来源"),
        "problem": ("个问题", "个问题"),
        "result": ("个结果", "个结果"),
    },
    "en": {
        "card": (" card", " cards"),
        "card_file": (" card file", " card files"),
        "source": (" source", " sources"),
        "problem": (" problem", " problems"),
        "result": (" result", " results"),
    },
}
LIST_SEPARATORS = {"zh": "、", "en": ", "}
TOGETHER_SEPARATORS = {"zh": " 和 ", "en": " and "}


def counted(number: int, noun: str, lang: str) -> str:
    one, many = NOUNS[lang][noun]
    return f"{number:,}" + (one if number == 1 else many)


def worded(value: Any, lang: str) -> Any:
    """A message's value as the reader's language says it; anything else is left to the template."""
    if isinstance(value, Counted):
        return counted(value.number, value.noun, lang)
    if isinstance(value, Together):
        return TOGETHER_SEPARATORS[lang].join(str(worded(item, lang)) for item in value)
    if isinstance(value, tuple | list):
        return LIST_SEPARATORS[lang].join(str(worded(item, lang)) for item in value)
    if isinstance(value, str):
        return VALUE_WORDS[lang].get(value, value)
    return value


def message(key: str, lang: str, **values: Any) -> str:
    return MESSAGES[lang][key].format(**{name: worded(value, lang) for name, value in values.items()})


def hint(key: str, lang: str, **values: Any) -> str | None:
    template = MESSAGES[lang].get(f"{key}.hint")
    return template.format(**{name: worded(value, lang) for name, value in values.items()}) if template else None


def error_text(error: CyfactsError, lang: str) -> tuple[str, str | None]:
    """An error's message and hint: in the reader's language when it names them by key."""
    if error.key is None:
        return error.message, error.hint
    return message(error.key, lang, **error.values), hint(error.hint_key or error.key, lang, **error.values)


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


def converted_text(figure: Figure, value: float, unit: str, lang: str) -> str:
    """A figure converted to the reader's unit, as precise as the source and with its qualifier:
    超200万亩 in ha → 超133,333 ha; 不足6.4万亿元 in 亿元 → 不足64,000亿元; in English, over 133,333 ha."""
    decimals = shown_decimals(value, significant_digits(figure.value))
    number = f"{value:,.{decimals}f}"
    if lang == "en":
        return " ".join(p for p in (QUALIFIER_WORDS.get(figure.qualifier or "", ""), number, unit) if p)
    spaced = unit if unit[:1] and is_cjk(unit[0]) else f" {unit}"
    return figure_text(figure._replace(value=number, unit=spaced))


# A metric names what a bare count counts once its counting word is taken off: 万亿级产业集群数量.
COUNT_SUFFIXES = ("数量", "个数", "数")


def counted_noun(figure: Figure, quote: str | None, lang: str) -> str | None:
    """A count written without a unit (四) shown with what it counts: the quote's own words where
    they hold the number and the noun (四大万亿级产业集群), else the noun beside the number."""
    if figure.unit or not figure.metric:
        return None
    noun = next((figure.metric[: -len(s)] for s in COUNT_SUFFIXES if figure.metric.endswith(s)), figure.metric)
    if lang == "zh" and quote:
        start = quote.find(figure.value)
        while start != -1:
            after = start + len(figure.value)
            found = quote.find(noun, after, after + len(noun) + 2)  # one word may stand between: 四大
            if found != -1:
                return quote[start : found + len(noun)]
            start = quote.find(figure.value, after)
    number = figure_text(figure) if lang == "zh" else figure_text_en(figure)
    return f"{number}（{noun}）" if lang == "zh" else f"{number} ({noun})"


def number_text(value: float) -> str:
    """At most four decimals, thousands separated, no trailing zeros: 87,000 or 0.1333."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.6g}"
    return "0" if text in ("-0", "") else text
