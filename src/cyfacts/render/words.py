"""Words for tables and messages in Chinese (the default) and English (--lang en, CYFACTS_LANG=en).
Themes and kinds are named by the deck (cyfacts.yaml; model/cards.py holds the default labels)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cyfacts.errors import Counted, CyfactsError, Quoted, Together, UsageError
from cyfacts.model.cards import Figure, figure_text
from cyfacts.model.text import is_cjk
from cyfacts.model.units import BASES, shown_decimals, significant_digits

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
        "places": "地点",
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
        "places": "places",
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
# The word before the last of a list of terms: “A”、“B”和“C”; “A”, “B” and “C”.
LAST_JOINERS = {"zh": "和", "en": " and "}
# How completely a search result answers its query (search/ranking.py's coverage).
COVERAGE_WORDS = {
    "zh": {
        "approximate": "（近似匹配）",
        "mentioned": "（只在文中提到{years}，并非其年份）",
        "missing": "未含{terms}",
        "no_amount": "没有所问的数值（{asked}）",
        "scope": "数据范围：{scope}，并非{asked}",
        "part_of": "数据范围：{scope}（{asked}的一部分）",
    },
    "en": {
        "approximate": "(approximate match)",
        "mentioned": "(mentions {years} in its text; not its year)",
        "missing": "lacks {terms}",
        "no_amount": "gives no figure of the kind asked ({asked})",
        "scope": "data scope: {scope}, not {asked}",
        "part_of": "data scope: {scope} (part of {asked})",
    },
}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


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
        "query_only_fillers": "查询只有不表示话题的词（{words}），查了会得到每一张卡片",
        "query_only_fillers.hint": "请给出要查的词，例如 cyfacts 算力",
        "query_too_long": "查询长 {length:,} 个字符；最多读取 {limit} 个",
        "no_match": "没有卡片匹配 {query!r}",
        "no_match.hint": "试试少用几个词，或用 cyfacts list 浏览",
        "no_full_match": "没有卡片完整回答 {query!r}",
        "no_full_match.hint": "不加 --strict 即可看到部分回答",
        "no_full_match.ids.hint": "不加 --strict 和 --ids 即可看到部分回答",
        "series_others": "指标：{metric}；查询也可能指{others}（写出指标名即可查看）",
        "series_years_missing": "{metric} 没有{years}年的数值；以下为已有年份：{held}",
        "series_searched": "没有名为 {query!r} 的指标：以下为搜索选出的“{metric}”（cyfacts series 列出全部指标）",
        "series_searched_others": "没有名为 {query!r} 的指标：以下为搜索选出的“{metric}”；也可能指{others}",
        "series_year_only": "series 列出一个指标的各年数值：查询 {query!r} 只有年份",
        "series_year_only.hint": "请写出指标，例如 cyfacts series 经济总量（不带指标则列出全部指标）",
        "no_full_id": "没有卡片完整回答 {query!r}，--ids 没有可列的 id",
        "no_full_id.hint": "用 --json 或表格查看部分回答",
        "ids_full_only": "--ids 只列出完整回答（id 无法标明回答是否完整）；未列出{left}（用 --json 或表格查看）",
        "partial_only": "没有卡片同时包含{terms}；以下结果只含{held}",
        "partial_each": "没有卡片同时包含{terms}；以下结果各只含其中一部分",
        "approximate_only": "没有卡片确切包含{terms}；以下结果为近似匹配（同音字、错字、拼写相近或近义词）",
        "year_inferred_only": "以下结果的年份{years}为推定：引文未写年份",
        "year_mentioned_only": "没有卡片的年份是{years}；以下结果只在文中提到{years}",
        "query_cut": "查询中不同的词太多，最多读取 {terms} 个；未读取：{cut}",
        "cache_none": "没有缓存文件夹（{why}）；每次运行都重新索引卡片集；"
        "把 CYFACTS_CACHE_DIR 设为一个文件夹即可保留索引",
        "cache_not_file": "缓存路径 {path} 不是普通文件；索引写在它的位置",
        "cache_unwritable": "无法在 {folder} 写入缓存：{why}；每次运行都重新索引卡片集；"
        "把 CYFACTS_CACHE_DIR 设为可写的文件夹",
        "cache_write_failed": "无法写入缓存：{why}；每次运行都重新索引卡片集",
        "cache_damaged": "缓存文件已损坏，或在读取时被改动",
        "cache_row_damaged": "缓存文件的一行已损坏，或被其他程序改动",
        "cache_cut_short": "缓存文件在读取时被截短",
        "output_failed": "无法写出结果：{detail}",
        "query_unread": "查询最多读取 {terms} 个不同的词和 {chars} 个汉字；未查：{unread}",
        "query_unread_more": "查询最多读取 {terms} 个不同的词和 {chars} 个汉字；未查：{unread} 等另外 {more} 个",
        "filtered_out": "{query!r} 匹配 {matches}，但加上 {filters} 后一张也没有",
        "filtered_out.hint": "去掉 {filters} 即可看到：cyfacts search {query!r}",
        "none_passes": "没有卡片符合 {filters}",
        "none_passes.hint": "cyfacts stats 显示卡片的主题、年份、类型和发言人",
        "speaker_unknown.hint": "本卡片集的发言人：{speakers}",
        "formats_conflict": "只能选一种输出格式，不能同时用 {flags}",
        "limit_too_small": "--limit 至少为 1，不能是 {limit}",
        "year_not_four_digits": "{option} 需要四位数的年份（如 2024），不能是 {year}",
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
        "unknown_choice_close": "未知的{option} {value!r}（是不是 {close!r}？）",
        "unknown_command": "没有 {name!r} 这个命令",
        "unknown_command.hint": "是不是想用：{close}？要搜索，请写 cyfacts search {query}",
        "unknown_place": "未知的地点 {place!r}",
        "unknown_place.hint": "本卡片集的地点：{known}",
        "unknown_place.none.hint": "本卡片集的 cyfacts.yaml 没有声明任何地点",
        "unknown_place.close.hint": "是不是：{close}？",
        "since_after_until": "--since {since} 晚于 --until {until}",
        "cannot_count_by": "无法按 {value!r} 计数",
        "cannot_count_by.hint": "可用的字段：{valid}",
        "unknown_id": "没有 id 为 {id!r} 的卡片",
        "unknown_id.hint": "是不是：{close}",
        "unknown_id.none.hint": "cyfacts list 列出所有 id",
        "not_in_source": "来源 {source!r} 没有卡片 {id!r}",
        "shared_id": "id {id!r} 在{sources}中都有；请写成 SOURCE/ID（来源/ID）",
        "shared_id.hint": "可选：{candidates}",
        "source_without_record": "卡片 {card!r} 的来源 {source!r} 没有来源记录",
        "no_metric": "没有指标匹配 {query!r}",
        "no_metric.hint": "cyfacts series 列出本卡片集的所有指标",
        "no_metrics": "本卡片集没有带指标的数据",
        "metric_not_there": "{metric} 没有关于{places}的数值",
        "metric_not_there.hint": "它的数值所涉地点：{known}",
        "no_conflicts": "没有两个来源对同一指标、地点和年份给出不同的数值",
        "no_cards_served": "卡片集中没有可用的卡片（跳过了{skipped}）",
        "no_cards_served.hint": "cyfacts validate 会说明原因（无法读取的文件、尚未完成的草稿）",
        "deck_unreadable": "无法读取卡片集文件夹 {path}：{reason}",
        "deck_unreadable.hint": "请检查是否有读取权限",
        "deck_is_file": "{path} 是文件，不是卡片集文件夹",
        "deck_is_file.hint": "请给出卡片集文件夹，即存放各来源文件夹的那一层",
        "deck_not_found": "找不到卡片集文件夹：{path}",
        "deck_not_found.hint": "请用 --facts 或 CYFACTS_FACTS 指向一个存放来源文件夹的文件夹",
        "deck_without_source": "{path} 中没有来源：应有含 {record} 的文件夹",
        "deck_without_source.hint": "卡片集是一组来源文件夹，每个含 _source.yaml，每张卡片一个 YAML 文件",
        "deck_skipped": "{total} 个卡片文件中有 {skipped} 个无法读取，已跳过：",
        "deck_partly_unread": "卡片集有部分内容无法读取：",
        "deck_problems.more": "  ……另有 {more} 个",
        "deck_problems.validate": "  用 cyfacts validate 列出全部问题",
        "config_unreadable": "卡片集配置 {path} 无法读取：不知道各卡片的地点，无法判断答案是否完整，因此不作回答",
        "config_unreadable.hint": "修正上面列出的问题（cyfacts validate 列出全部问题）",
        "unknown_unit": "未知的单位 {value!r}",
        "unknown_unit.hint": "请用 亿元、万吨、万亩、% 这样的单位，或以下之一：{known}",
        "incompatible_unit": "无法以 {unit!r} 显示{have}：它度量的是{want}",
        "sweep_helpers": "{name} 须为 0 到 {most} 的整数，不能是 {value!r}",
        "sweep_helpers.hint": "不设它，由 cyfacts 自行决定",
        "text_no_source": "--text {value}：本卡片集没有来源 {name!r}",
        "text_no_source_close": "--text {value}：本卡片集没有来源 {name!r}（是不是 {close!r}？）",
        "text_sources.hint": "来源：{sources}",
        "text_whose": "--text {value}：本卡片集有{sources}，请说明是哪个来源的原文",
        "text_whose.hint": "写成 --text SOURCE={value}（SOURCE 为来源：{known}）",
        "text_missing": "--text：没有文件 {path!r}（来源 {source!r} 的原文）",
        "coverage_without_text": "--coverage 需要来源的原文",
        "coverage_without_text.hint": "用 --text FILE 给出，或在 _source.yaml 中写明（text: FILE）",
        "validate_ok": "{cards}，{sources}，没有问题{extra}",
        "validate_problems": "{files}中发现{problems}{extra}",
        "validate_proven": "，引文已对照{texts}核实",
        "validate_unproven": "；{sources}没有原文，其引文未核实（用 --text 给出原文，或在 _source.yaml 写 text:）",
        "validate_warned": "，{warnings}",
        "draft_no_text": "没有文件 {path!r}",
        "draft_no_text.hint": "请给出 UTF-8 文本文件形式的文章",
        "draft_exists": "{path} 已存在；已有的文件从不覆盖",
        "draft_bad_source": "该文件夹的来源记录有问题：{problem}",
        "draft_bad_source.hint": "改正后再起草",
        "drafted": "已在 {out} 起草{cards}",
        "drafted.hint": "请为每张卡片写好 claim 和 claim_en，删去 `draft: true`，然后：cyfacts validate {out}",
        "drafted_some_known": "已在 {out} 起草{cards}；另有{already}已有卡片",
        "drafted_some_known.hint": "请为每张卡片写好 claim 和 claim_en，删去 `draft: true`，"
        "然后：cyfacts validate {out}",
        "showing": "显示 {total:,} 个结果中的 {shown:,} 个（--limit N 显示更多）",
        "showing_limited": "显示 {total:,} 个结果中的 {shown:,} 个",
        "cite_missing": "来源记录中没有：{missing}",
        "cite_missing.hint": "已用占位符标出或略去；如知道，请补进 _source.yaml：{fields}",
        "cite_romanized": "作者姓名的拼音由 cyfacts 按汉字读音生成，请核对：{names}",
        "internal_error": "内部错误：{kind}：{detail}",
        "internal_error.hint": "这是 cyfacts 的缺陷；设置 CYFACTS_DEBUG=1 再运行可看到出错位置，请报告",
    },
    "en": {
        "unknown_language": "unknown language {value!r}",
        "unknown_language.hint": "use zh or en (--lang or CYFACTS_LANG)",
        "query_empty": "the query is empty",
        "query_empty.hint": "give a word to look for, e.g. cyfacts 算力",
        "query_only_fillers": (
            "the query holds only words that carry no topic ({words}); searched, they would find every card"
        ),
        "query_only_fillers.hint": "give a word to look for, e.g. cyfacts 算力",
        "query_too_long": "the query is {length:,} characters long; at most {limit} are read",
        "no_match": "no card matches {query!r}",
        "no_match.hint": "try fewer words, or cyfacts list to browse",
        "no_full_match": "no card fully answers {query!r}",
        "no_full_match.hint": "without --strict, partial answers are shown",
        "no_full_match.ids.hint": "without --strict and --ids, partial answers are shown",
        "series_others": "metric: {metric}; the query may also mean {others} (name one to see it)",
        "series_years_missing": "no figure of {metric} for {years}; the years it has: {held}",
        "series_searched": "no metric is named {query!r}: below is “{metric}”, found by search (series lists them)",
        "series_searched_others": (
            "no metric is named {query!r}: below is “{metric}”, found by search; it may also mean {others}"
        ),
        "series_year_only": "series lists one metric's values by year: the query {query!r} is only a year",
        "series_year_only.hint": "name a metric, e.g. cyfacts series 经济总量 (without one, the metrics are listed)",
        "no_full_id": "no card fully answers {query!r}: --ids has no id to list",
        "no_full_id.hint": "see the partial answers with --json or the table",
        "ids_full_only": (
            "--ids lists full answers only (an id cannot say how complete an answer is); {left} not listed "
            "(see them with --json or the table)"
        ),
        "partial_only": "no card holds {terms} together; the results below hold only {held}",
        "partial_each": "no card holds {terms} together; each result below holds only some of them",
        "approximate_only": "no card holds {terms} as written; the results below are approximate matches",
        "year_inferred_only": ("the year {years} of the results below is inferred: their quotes name no year"),
        "year_mentioned_only": "no card's year is {years}; the results below only mention {years} in their text",
        "query_cut": "the query has too many distinct terms ({terms} are read); not read: {cut}",
        "cache_none": "no cache folder ({why}); the deck is indexed anew on every run; "
        "set CYFACTS_CACHE_DIR to a folder to keep the index",
        "cache_not_file": "the cache path {path} is {kind}, not a file; the index is written in its place",
        "cache_unwritable": "cannot write the cache in {folder}: {why}; the deck is indexed anew on every run; "
        "set CYFACTS_CACHE_DIR to a folder you can write",
        "cache_write_failed": "cannot write the cache: {why}; the deck is indexed anew on every run",
        "cache_damaged": "the cache file is damaged, or was changed while it was read",
        "cache_row_damaged": "a row of the cache file is damaged or was changed by another program",
        "cache_cut_short": "the cache file was cut short while it was read",
        "output_failed": "cannot write the output: {detail}",
        "query_unread": "a query is read for at most {terms} distinct terms and {chars} Chinese characters; "
        "not searched: {unread}",
        "query_unread_more": "a query is read for at most {terms} distinct terms and {chars} Chinese characters; "
        "not searched: {unread} and {more} more",
        "filtered_out": "{query!r} matches {matches}, but none with {filters}",
        "filtered_out.hint": "without {filters}: cyfacts search {query!r}",
        "none_passes": "no card passes {filters}",
        "none_passes.hint": "cyfacts stats shows the deck's themes, years, kinds and speakers",
        "speaker_unknown.hint": "speakers in this deck: {speakers}",
        "formats_conflict": "choose one output format, not {flags}",
        "limit_too_small": "--limit must be at least 1, not {limit}",
        "year_not_four_digits": "{option} takes a four-digit year (such as 2024), not {year}",
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
        "unknown_choice_close": "unknown {option} {value!r} (did you mean {close!r}?)",
        "unknown_command": "there is no command {name!r}",
        "unknown_command.hint": "did you mean: {close}? To search, write cyfacts search {query}",
        "unknown_place": "unknown place {place!r}",
        "unknown_place.hint": "places in this deck: {known}",
        "unknown_place.none.hint": "the deck's cyfacts.yaml declares no places",
        "unknown_place.close.hint": "did you mean {close}?",
        "since_after_until": "--since {since} is after --until {until}",
        "cannot_count_by": "cannot count by {value!r}",
        "cannot_count_by.hint": "valid fields: {valid}",
        "unknown_id": "no card has the id {id!r}",
        "unknown_id.hint": "did you mean: {close}",
        "unknown_id.none.hint": "cyfacts list shows every id",
        "not_in_source": "source {source!r} has no card {id!r}",
        "shared_id": "the id {id!r} is in {sources}; name one as SOURCE/ID",
        "shared_id.hint": "candidates: {candidates}",
        "source_without_record": "card {card!r} names source {source!r}, which has no record",
        "no_metric": "no metric matches {query!r}",
        "no_metric.hint": "cyfacts series lists the deck's metrics",
        "no_metrics": "no figure in this deck names a metric",
        "metric_not_there": "no figure of {metric} is about {places}",
        "metric_not_there.hint": "it is known for: {known}",
        "no_conflicts": "no two sources give different values for the same metric, place and year",
        "no_cards_served": "the deck has no card to serve ({skipped} skipped)",
        "no_cards_served.hint": "cyfacts validate says why (files that could not be read, drafts not finished)",
        "deck_unreadable": "cannot read the deck folder {path}: {reason}",
        "deck_unreadable.hint": "check that you may read it",
        "deck_is_file": "{path} is a file, not a deck folder",
        "deck_is_file.hint": "give the deck folder, which holds the source folders",
        "deck_not_found": "deck folder not found: {path}",
        "deck_not_found.hint": "point --facts or CYFACTS_FACTS at a folder of sources",
        "deck_without_source": "no source in {path}: expected folders holding {record}",
        "deck_without_source.hint": "a deck is a folder of sources, each with _source.yaml and one YAML file per card",
        "deck_skipped": "skipped {skipped} of {total} card files that could not be read:",
        "deck_partly_unread": "part of the deck could not be read:",
        "deck_problems.more": "  … and {more} more",
        "deck_problems.validate": "  run `cyfacts validate` to list every problem",
        "config_unreadable": (
            "the deck config {path} cannot be read: without its places no answer can be told complete, so none is given"
        ),
        "config_unreadable.hint": "fix the problem listed above (cyfacts validate lists every problem)",
        "unknown_unit": "unknown unit {value!r}",
        "unknown_unit.hint": "use a unit such as 亿元, 万吨, 万亩, %, or one of: {known}",
        "incompatible_unit": "cannot show {have} in {unit!r}, which measures {want}",
        "sweep_helpers": "{name} must be a whole number from 0 to {most}, not {value!r}",
        "sweep_helpers.hint": "unset it to let cyfacts choose",
        "text_no_source": "--text {value}: no source {name!r} in this deck",
        "text_no_source_close": "--text {value}: no source {name!r} in this deck (did you mean {close!r}?)",
        "text_sources.hint": "sources: {sources}",
        "text_whose": "--text {value}: the deck has {sources}; say whose text it is",
        "text_whose.hint": "write --text SOURCE={value} (sources: {known})",
        "text_missing": "--text: no such file {path!r} (for source {source!r})",
        "coverage_without_text": "--coverage needs the source's text",
        "coverage_without_text.hint": "give it with --text FILE, or name it in _source.yaml (text: FILE)",
        "validate_ok": "{cards} in {sources}, no problems{extra}",
        "validate_problems": "{problems} in {files}{extra}",
        "validate_proven": ", quotes proven against {texts}",
        "validate_unproven": (
            "; the quotes of {sources} were not proven: no source text (give --text, or text: in _source.yaml)"
        ),
        "validate_warned": ", {warnings}",
        "draft_no_text": "no such file {path!r}",
        "draft_no_text.hint": "give the article as a UTF-8 text file",
        "draft_exists": "{path} is already there; it is never overwritten",
        "draft_bad_source": "the folder's source record has a problem: {problem}",
        "draft_bad_source.hint": "fix it, then draft again",
        "drafted": "drafted {cards} in {out}",
        "drafted.hint": "write each claim and claim_en, remove `draft: true`, then: cyfacts validate {out}",
        "drafted_some_known": "drafted {cards} in {out}; {already} already have cards",
        "drafted_some_known.hint": "write each claim and claim_en, remove `draft: true`, then: cyfacts validate {out}",
        "showing": "showing {shown:,} of {total:,} (--limit N for more)",
        "showing_limited": "showing {shown:,} of {total:,}",
        "cite_missing": "the source record does not show: {missing}",
        "cite_missing.hint": "shown as placeholders or left out; if you know them, add to _source.yaml: {fields}",
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
        "volume": "体积",
        "power": "功率",
        "energy": "能量",
        "a change in a share (percentage points)": "比例的变化（百分点）",
        "a multiple": "倍数",
        "visits (人次)": "人次",
        "computing power (PFLOPS)": "算力（P，每秒千万亿次浮点运算）",
        "containers (TEU)": "集装箱（标准箱）",
        "theme": "主题",
        "kind": "类型",
        "publisher": "报纸名（出版者）",
        "date": "出版日期",
        "page": "版次",
        "accessed": "访问日期",
        "and": "和",
    },
    "en": {
        "publisher": "newspaper (publisher)",
        "date": "publication date",
        "page": "page (版次)",
        "accessed": "date the url was read",
    },
}
# Counted nouns: English singular and plural; Chinese with its measure word.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {
        "card": ("张卡片", "张卡片"),
        "card_file": ("个卡片文件", "个卡片文件"),
        "source": ("个来源", "个来源"),
        "problem": ("个问题", "个问题"),
        "result": ("个结果", "个结果"),
        "text": ("份原文", "份原文"),
        "warning": ("个警告", "个警告"),
        "figure": ("个数值", "个数值"),
    },
    "en": {
        "card": (" card", " cards"),
        "card_file": (" card file", " card files"),
        "source": (" source", " sources"),
        "problem": (" problem", " problems"),
        "result": (" result", " results"),
        "text": (" text", " texts"),
        "warning": (" warning", " warnings"),
        "figure": (" figure", " figures"),
    },
}
LIST_SEPARATORS = {"zh": "、", "en": ", "}
TOGETHER_SEPARATORS = {"zh": " 和 ", "en": " and "}


def counted(number: int, noun: str, lang: str) -> str:
    one, many = NOUNS[lang][noun]
    return f"{number:,}" + (one if number == 1 else many)


def quoted(terms: Sequence[str], lang: str) -> str:
    """“重庆”和“GDP”; “Chongqing” and “GDP”."""
    marks = [f"“{term}”" for term in terms]
    if len(marks) == 1:
        return marks[0]
    return LIST_SEPARATORS[lang].join(marks[:-1]) + LAST_JOINERS[lang] + marks[-1]


def worded(value: Any, lang: str) -> Any:
    """A message's value as the reader's language says it; anything else is left to the template."""
    if isinstance(value, Counted):
        return counted(value.number, value.noun, lang)
    if isinstance(value, Quoted):
        return quoted(value, lang)
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


def field_key(name: str) -> str:
    """A field as a reader may name it, in either language (主题, 年份, theme) → its key."""
    folded = name.strip().casefold()
    for labels in LABELS.values():
        for key, label in labels.items():
            if label.casefold() == folded:
                return key
    return folded
