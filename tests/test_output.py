"""Output that fits the shell and the eye: plain lines in a pipe, tldr-style lookups, options anywhere,
filters in either language, messages in the reader's language, data formats that can be relied on."""

from __future__ import annotations

import csv
import io

import pytest

from cyfacts.errors import Counted
from cyfacts.model.cards import Figure
from cyfacts.model.units import shown_decimals, significant_digits
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import converted_text, counted, counted_noun, message
from tests.conftest import REPO
from tests.runner import invoke

# --- plain when piped --------------------------------------------------------------------------------


def test_a_pipe_gets_one_tab_separated_line_per_result_with_full_ids() -> None:
    result = invoke("search", "算力")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["1", "ind-computing-power-2025-08"],
        ["2", "ind-east-data-west-computing-hub"],
        ["3", "ind-data-centers-2025-08"],
    ]
    assert lines[0].split("\t") == [
        "1",
        "ind-computing-power-2025-08",
        "超20000P",
        "2025-08",
        "产业",
        "加快构建特色产业体系",
        "截至2025年8月，成渝地区算力总规模已超过20000P。",
        "",  # coverage: nothing to say of a full answer
    ]
    assert "\x1b[" not in result.stdout


def test_a_partial_answer_says_what_it_lacks_in_its_line() -> None:
    result = invoke("search", "重庆", "GDP")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:2] == ["1", "lead-gdp-2024"]
    assert first[7] == "未含“重庆”；数据范围：成渝地区双城经济圈，并非重庆"
    assert result.stderr == "cyfacts: 没有卡片同时包含“重庆”和“GDP”；以下结果只含“GDP”\n"
    english = invoke("search", "Chongqing", "GDP", "--lang", "en").stdout.splitlines()[0].split("\t")
    assert english[7] == "lacks “Chongqing”; data scope: Chengdu-Chongqing Economic Circle, not Chongqing"


def test_a_year_only_mentioned_is_said_to_be_so() -> None:
    result = invoke("search", "2035")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split("\t")[:2] == ["1", "eco-six-rivers-ecological-corridor-plan"]
    assert result.stderr == "cyfacts: 没有卡片的年份是“2035”；以下结果只在文中提到“2035”\n"
    english = invoke("search", "2035", "--lang", "en").stderr
    assert english == "cyfacts: no card's year is “2035”; the results below only mention “2035” in their text\n"


def test_list_lines_and_ids() -> None:
    line = invoke("list", "--theme", "overview").stdout.splitlines()[1]
    assert line.split("\t")[:3] == ["lead-gdp-2019", "不足6.4万亿元", "2019"]
    ids = invoke("list", "--theme", "overview", "--ids").stdout
    assert ids.splitlines() == [
        "lead-15th-five-year-plan-proposal",
        "lead-gdp-2019",
        "lead-gdp-2024",
        "lead-growth-pole-power-source",
    ]
    assert invoke("search", "算力", "--format", "ids").stdout.splitlines()[0] == "ind-computing-power-2025-08"


def test_show_stats_and_series_in_a_pipe() -> None:
    show = dict(line.split("\t", 1) for line in invoke("show", "lead-gdp-2019").stdout.splitlines())
    assert show["id"] == "lead-gdp-2019"
    assert show["figures"] == "不足6.4万亿元"
    stats = invoke("stats", "--by", "year").stdout.splitlines()
    assert stats[0] == "cards\t172"
    assert "year\t2019\t1" in stats
    series = invoke("series", "经济总量")
    assert series.stdout.splitlines()[-1] == "annual\t2019\t2024\t至少6.33%\t成渝地区双城经济圈\tchengyu-twin-city-2025"
    assert "cyfacts 根据卡片数值计算" in series.stderr  # computed, so said: on stderr, apart from the data


def test_format_table_forces_the_table_in_a_pipe() -> None:
    table = invoke("search", "算力", "--format", "table").stdout
    assert table.splitlines()[0].split() == ["#", "内容", "数据", "年份", "id"]


@pytest.mark.parametrize(
    ("args", "env", "ansi"),
    [
        (["--color", "always"], {}, True),
        (["--color=always"], {"NO_COLOR": "1"}, True),  # the flag outranks the variable
        (["--color", "never"], {}, False),
        (["--color", "auto"], {}, False),  # auto: no colour off a terminal
        (["--no-color", "--color", "always"], {}, False),
    ],
)
def test_color_when(args: list[str], env: dict[str, str], ansi: bool) -> None:
    result = invoke("search", "算力", "--format", "table", *args, env=env)
    assert ("\x1b[" in result.stdout) is ansi


# --- tldr-style lookups, options anywhere ------------------------------------------------------------


def test_a_first_word_that_is_no_command_is_a_search() -> None:
    assert invoke("算力").stdout == invoke("search", "算力").stdout
    assert invoke("粮食", "2024", "--json").json()[0]["id"] == "ind-grain-output-2024"
    assert invoke("frobnicate").exit_code == 1  # a word no card holds: no match, not a usage error


def test_global_options_after_the_command() -> None:
    before = invoke("--lang", "en", "--facts", "facts", "search", "算力", "--format", "table")
    after = invoke("search", "算力", "--format", "table", "--lang", "en", "--facts", "facts")
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout
    assert "computing power" in after.stdout
    assert invoke("算力", "--facts", "/nonexistent").exit_code == 2


def test_a_bug_is_told_in_one_line_and_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("cyfacts.search.ranking.find", broken)
    result = invoke("search", "算力", "--lang", "en")
    assert result.exit_code == 3
    assert result.stderr == (
        "cyfacts: internal error: ZeroDivisionError: division by zero\n"
        "  this is a bug in cyfacts; run again with CYFACTS_DEBUG=1 to see where, and report it\n"
    )


def test_a_repeated_option_is_a_usage_error_in_the_readers_language() -> None:
    result = invoke("search", "算力", "--limit", "5", "--limit", "6")
    assert result.exit_code == 2
    assert result.stderr == "cyfacts: --limit 只能给一次，这里给了 2 次\n  去掉多余的一个（5、6）\n"
    assert invoke("--lang", "en", "--lang", "zh", "search", "算力").exit_code == 2
    assert invoke("stats", "--by", "theme", "--by", "kind").exit_code == 0  # --by is meant to repeat


# --- filters and messages ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ecology", "生态", "ECOLOGY", "shengtai", "sheng tai", "st"])
def test_a_theme_in_either_language_or_pinyin(value: str) -> None:
    result = invoke("list", "--theme", value, "--json")
    assert result.exit_code == 0, result.stderr
    assert {r["theme"] for r in result.json()} == {"ecology"}


@pytest.mark.parametrize("value", ["董亚宁", "董", "dong", "Dong Ya Ning", "yaning", "dyn"])
def test_a_speaker_by_part_of_the_name_or_pinyin(value: str) -> None:
    result = invoke("list", "--speaker", value, "--json")
    assert result.exit_code == 0, result.stderr
    assert {r["speaker"] for r in result.json()} == {"董亚宁"}


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["search", "粮食", "--year", "2023"],
            "cyfacts: '粮食' 匹配 1张卡片，但加上 --year 2023 后一张也没有\n"
            "  去掉 --year 2023 即可看到：cyfacts search '粮食'\n",
            "cyfacts: '粮食' matches 1 card, but none with --year 2023\n  without --year 2023: cyfacts search '粮食'\n",
        ),
        (
            ["list", "--theme", "生态", "--year", "2019"],
            "cyfacts: 没有卡片符合 --theme 生态 和 --year 2019\n  cyfacts stats 显示卡片的主题、年份、类型和发言人\n",
            "cyfacts: no card passes --theme 生态 and --year 2019\n"
            "  cyfacts stats shows the deck's themes, years, kinds and speakers\n",
        ),
        (
            ["search", "比特币"],
            "cyfacts: 没有卡片匹配 '比特币'\n  试试少用几个词，或用 cyfacts list 浏览\n",
            "cyfacts: no card matches '比特币'\n  try fewer words, or cyfacts list to browse\n",
        ),
    ],
)
def test_messages_name_the_filter_and_follow_the_language(args: list[str], zh: str, en: str) -> None:
    chinese, english = invoke(*args), invoke(*args, env={"CYFACTS_LANG": "en"})
    assert (chinese.exit_code, english.exit_code) == (1, 1)  # the exit code does not depend on the language
    assert chinese.stderr == zh
    assert english.stderr == en


def test_only_the_filter_that_excludes_everything_is_named() -> None:
    result = invoke("search", "粮食", "--theme", "industry", "--year", "2023", "--lang", "en")
    assert result.stderr.startswith("cyfacts: '粮食' matches 1 card, but none with --year 2023\n")


def test_an_unknown_speaker_lists_the_speakers_with_their_pinyin() -> None:
    result = invoke("list", "--speaker", "zhang", "--lang", "en")
    assert result.exit_code == 1
    assert "董亚宁 (dong ya ning)" in result.stderr.splitlines()[1]


def test_a_cut_list_says_how_many_there_are() -> None:
    result = invoke("search", "成渝")
    assert len(result.stdout.splitlines()) == 10
    assert result.stderr == "cyfacts: 显示 81 个结果中的 10 个（--limit N 显示更多）\n"
    english = invoke("search", "成渝", "--lang", "en", "--json")
    assert english.stderr == "cyfacts: showing 10 of 81 (--limit N for more)\n"
    assert invoke("search", "成渝", "--limit", "200").stderr == ""


# --- data you can rely on ----------------------------------------------------------------------------


def test_csv_reads_without_a_byte_order_mark_and_carries_normalized_figures() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("export", "--format", "csv").stdout)))
    assert "rank" not in rows[0]
    grain = next(row for row in rows if row["id"] == "ind-grain-output-2024")
    assert (grain["figures"], grain["normalized"], grain["base_unit"]) == ("3811.6万吨", "38116000", "t")
    assert invoke("export", "--format", "csv", "--bom").stdout.startswith("\ufeffid,")
    assert invoke("export", "--format", "json", "--bom").exit_code == 2


def test_stats_json_years_are_numbers_and_a_missing_value_is_null() -> None:
    record = invoke("stats", "--json", "--by", "year", "--by", "speaker").json()
    assert all(isinstance(c["value"], int) for c in record["by"]["year"])
    assert {"value": None, "count": 4} in record["by"]["speaker"]


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["search"], "Print one JSON array of card records."),
        (["list"], "Print one JSON array of card records."),
        (["show"], "Print the card as one JSON object"),
        (["stats"], "Print one JSON object: {cards, by: {field: [{value, count}]}, figures?}."),
        (["series"], "Print one JSON object: {metric, base_unit, places, points, changes, annual_growth, conflicts"),
    ],
)
def test_help_says_what_json_prints(command: list[str], words: str) -> None:
    help_text = " ".join(invoke(*command, "--help", env={"COLUMNS": "400"}).stdout.split())
    assert words in help_text


# --- figures as a careful editor writes them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits"), [("6.4", 2), ("3811.6", 5), ("200", 3), ("0.5", 1), ("20,000", 5), ("四", 1), ("0.05", 1)]
)
def test_significant_digits(value: str, digits: int) -> None:
    assert significant_digits(value) == digits


@pytest.mark.parametrize(
    ("value", "digits", "decimals"), [(133333.33, 3, 0), (0.38116, 5, 5), (64000.0, 2, 0), (8.7, 2, 1)]
)
def test_shown_decimals(value: float, digits: int, decimals: int) -> None:
    assert shown_decimals(value, digits) == decimals


@pytest.mark.parametrize(
    ("figure", "value", "unit", "lang", "text"),
    [
        (Figure("200", "万亩", "over", 2e6, "mu"), 2e6 / 15, "ha", "zh", "超133,333 ha"),
        (Figure("6.4", "万亿元", "under", 6.4e12, "CNY"), 64000.0, "亿元", "zh", "不足64,000亿元"),
        (Figure("80", "个", "more_than", 80.0, "count"), 80.0, "个", "zh", "80多个"),
        (Figure("3811.6", "万吨", None, 3.8116e7, "t"), 0.38116, "亿吨", "zh", "0.38116亿吨"),
        (Figure("200", "万亩", "over", 2e6, "mu"), 2e6 / 15, "ha", "en", "over 133,333 ha"),
    ],
)
def test_converted_figures_keep_precision_and_qualifier(
    figure: Figure, value: float, unit: str, lang: str, text: str
) -> None:
    assert converted_text(figure, value, unit, lang) == text


def test_a_bare_count_shows_with_its_noun() -> None:
    four = Figure("四", "", None, 4.0, "", "万亿级产业集群数量")
    quote = "共建电子信息、装备制造、先进材料、特色消费品四大万亿级产业集群"
    assert counted_noun(four, quote, "zh") == "四大万亿级产业集群"  # the quote's own words
    assert counted_noun(four, None, "zh") == "四（万亿级产业集群）"
    assert counted_noun(four, quote, "en") == "4 (万亿级产业集群)"
    assert counted_noun(Figure("29", "个", None, 29.0, "count", "数据中心数量"), None, "zh") is None
    shown = invoke("show", "ind-four-trillion-yuan-clusters", "--format", "table", env={"COLUMNS": "100"}).stdout
    assert "数据    四大万亿级产业集群" in shown.splitlines()


def test_unit_conversion_in_the_table() -> None:
    shown = invoke("search", "营造林", "--unit", "ha", "--format", "tsv").stdout.splitlines()[0].split("\t")
    assert shown[2] == "超133,333 ha (超200万亩)"


def test_computed_notes_only_when_something_was_computed() -> None:
    single = invoke("series", "粮食", "--json").json()
    assert len(single["points"]) == 1
    assert (single["computed_by"], single["note"], single["changes"]) == (None, None, [])
    table = invoke("series", "粮食", "--format", "table").stdout
    assert "cyfacts 根据" not in table
    assert "只有一个年份的数值" in table
    assert invoke("series", "经济总量", "--json").json()["computed_by"] == "cyfacts"


@pytest.mark.parametrize(
    ("number", "noun", "lang", "text"),
    [
        (1, "card", "en", "1 card"),
        (2, "card", "en", "2 cards"),
        (1, "source", "en", "1 source"),
        (3, "source", "zh", "3个来源"),
    ],
)
def test_plurals(number: int, noun: str, lang: str, text: str) -> None:
    assert counted(number, noun, lang) == text
    assert (
        message("validate_ok", "en", cards=Counted(1, "card"), sources=Counted(1, "source"), extra="")
        == "1 card in 1 source, no problems"
    )


def test_one_value_fields_are_said_in_a_line_not_drawn() -> None:
    table = invoke("stats", "--theme", "ecology", "--format", "table", env={"COLUMNS": "100"}).stdout
    assert "全部卡片相同：主题 生态 · 章节 持续推进生态共建共保 · 发言人 董亚宁" in table
    assert "按主题" not in table
    assert "按年份" in table
    assert "按主题" in invoke("stats", "--theme", "ecology", "--by", "theme", "--format", "table").stdout


def test_a_presentation_words_figures_in_both_languages() -> None:
    figure = Figure("8.7", "万亿元", None, 8.7e12, "CNY")
    assert Presentation("zh").figure(figure) == "8.7万亿元"
    assert Presentation("en").figure(figure) == "8.7 trillion yuan"


# --- help and discovery ------------------------------------------------------------------------------


def test_series_without_a_metric_lists_the_metrics() -> None:
    result = invoke("series")
    assert result.exit_code == 0
    assert "经济总量\t2\t2019,2024" in result.stdout.splitlines()
    metrics = invoke("series", "--json").json()
    assert {"metric": "经济总量", "values": 2, "years": [2019, 2024]} in metrics


def test_stats_by_completes_field_names() -> None:
    result = invoke(
        "stats",
        "--by",
        "sp",
        env={"_CYFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "cyfacts stats --by sp", "COMP_CWORD": "3"},
    )
    assert result.stdout.split() == ["speaker"]


def test_cite_a_quote_ready_to_paste() -> None:
    result = invoke("cite", "eco-pm25-decline-2024", "--style", "quote")
    assert result.exit_code == 0
    assert result.stdout.startswith("“")
    assert result.stdout.endswith(
        "”——董亚宁（中国社会科学院生态文明研究所国土空间与生态安全研究室副主任），《提升成渝地区双城经济圈发展能级》\n"
    )
    assert result.stderr == ""
    lead = invoke("cite", "lead-gdp-2019", "--style", "quote").stdout
    assert lead == "“经济总量由2019年不足6.4万亿元”——《提升成渝地区双城经济圈发展能级》\n"


def test_cite_in_apa() -> None:
    result = invoke("cite", "lead-gdp-2019", "--style", "apa", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == (
        "Pan, Z., Fang, H., Guan, L., & Dong, Y. (n.d.). 提升成渝地区双城经济圈发展能级 "
        "[Raising the development level of the Chengdu-Chongqing twin-city economic circle]. [Newspaper not named].\n"
    )
    assert "the source record does not show: newspaper (publisher), publication date" in result.stderr
    assert "潘昭宇 → Pan, Z." in result.stderr  # romanized by cyfacts: the reader is asked to check


def test_the_environment_says_a_message_in_the_wording_it_is_given() -> None:
    from cyfacts.environment import Environment
    from cyfacts.render.words import hint

    err = io.StringIO()
    env = Environment(stderr=err, env={})
    env.say("no_match", query="比特币")  # no wording given: the key itself, never a crash
    env.wording = lambda key, values: (message(key, "en", **values), hint(key, "en", **values))
    env.say("no_match", query="比特币")
    assert err.getvalue() == (
        "cyfacts: no_match\ncyfacts: no card matches '比特币'\n  try fewer words, or cyfacts list to browse\n"
    )


def test_every_message_the_code_names_is_worded_in_both_languages() -> None:
    import re

    from cyfacts.render.words import MESSAGES

    assert set(MESSAGES["zh"]) == set(MESSAGES["en"])
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "cyfacts").rglob("*.py"))
    named = set(re.findall(r'(?:\.of|say|message|Notice)\(\s*"([a-z_]+)"', source))
    named |= {f"{hint}.hint" for hint in re.findall(r'hint\s*=\s*(?:None if \w+ else )?"([a-z_.]+)"', source)}
    assert len(named) > 40
    assert named <= set(MESSAGES["en"])


def test_a_result_that_only_mentions_the_year_says_so_in_its_line() -> None:
    line = invoke("search", "2035").stdout.splitlines()[0].split("\t")
    assert line[7] == "（只在文中提到“2035”，并非其年份）"
    english = invoke("search", "2035", "--lang", "en").stdout.splitlines()[0].split("\t")
    assert english[7] == "(mentions “2035” in its text; not its year)"


def test_a_figure_for_part_of_the_place_asked_says_its_scope_in_its_line() -> None:
    line = invoke("search", "川渝", "GDP").stdout.splitlines()[0].split("\t")
    assert line[:2] == ["1", "lead-gdp-2024"]
    assert line[7] == "未含“川渝”；数据范围：成渝地区双城经济圈（川渝的一部分）"
    english = invoke("search", "川渝", "GDP", "--lang", "en").stdout.splitlines()[0].split("\t")
    assert english[7] == "lacks “川渝”; data scope: Chengdu-Chongqing Economic Circle (part of Sichuan and Chongqing)"


def test_a_place_filter_says_whose_figure_a_narrower_card_gives() -> None:
    # --place 川渝 judges a figure as 川渝 in the query does: the circle's GDP is not 川渝's.
    line = invoke("search", "GDP", "--place", "川渝").stdout.splitlines()[0].split("\t")
    assert line[:2] == ["1", "lead-gdp-2024"]
    assert line[7] == "未含“川渝”；数据范围：成渝地区双城经济圈（川渝的一部分）"
    strict = invoke("search", "GDP", "--place", "川渝", "--strict", "--ids")
    assert (strict.exit_code, strict.stdout) == (1, "")
    record = invoke("search", "GDP", "--place", "川渝", "--json").json()[0]
    assert (record["coverage"], record["missing"]) == ("partial", ["川渝"])
    assert invoke("search", "GDP", "--place", "成渝", "--strict", "--ids").stdout == "lead-gdp-2024\nlead-gdp-2019\n"


def test_a_question_for_an_amount_is_said_as_the_figure_a_card_lacks() -> None:
    line = invoke("search", "服务业增加值", "多少").stdout.splitlines()[0].split("\t")
    assert line[7] == "没有所问的数值（“多少”）"  # not 未含“多少”, as if 多少 were a word to find
    english = invoke("--lang", "en", "search", "重庆", "多少").stdout.splitlines()[0].split("\t")
    assert english[7] == "gives no figure of the kind asked (“多少”)"  # about 重庆, with no figure
    record = invoke("search", "服务业增加值", "多少", "--json").json()[0]
    assert record["missing"] == ["多少"]  # the record keeps the query's words
