"""Answers a person can trust (issue 12): every result says how completely it answers, a place or a
year the card is not about is a missing term, numbers match whole, real words are not slips."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyfacts.index.build import SearchIndex
from cyfacts.index.words import filler_joined
from cyfacts.model.cards import Deck
from cyfacts.model.text import one_slip
from cyfacts.search.filters import Filters
from cyfacts.search.query import read_query
from cyfacts.search.ranking import find, search
from cyfacts.search.terms import Term
from tests.runner import invoke

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def index(deck: Deck) -> SearchIndex:
    return SearchIndex.build(deck.cards, config=deck.config)


@pytest.mark.parametrize(
    ("query", "top", "coverage", "missing", "scope"),
    [
        # A region's figure is not a city's or a province's: partial, saying where its data is from.
        ("重庆 GDP", "lead-gdp-2024", "partial", ("重庆",), ("成渝地区双城经济圈",)),
        ("重庆的GDP", "lead-gdp-2024", "partial", ("重庆",), ("成渝地区双城经济圈",)),
        ("Chongqing GDP", "lead-gdp-2024", "partial", ("Chongqing",), ("成渝地区双城经济圈",)),
        ("成都GDP", "lead-gdp-2024", "partial", ("成都",), ("成渝地区双城经济圈",)),
        ("四川 粮食", "ind-grain-output-2024", "partial", ("四川",), ("成渝地区双城经济圈",)),
        # The region's own figure answers the region, by any of its names.
        ("成渝 GDP", "lead-gdp-2024", "full", (), ()),
        ("Chengdu-Chongqing GDP 2024", "lead-gdp-2024", "full", (), ()),
        # A card about a city answers for its province and the region.
        ("成都 宜宾 高铁", "con-chengdu-zigong-yibin-hsr-opened", "full", (), ()),
        # Another year's figure is not this year's.
        ("粮食 2023", "ind-grain-output-2024", "partial", ("2023",), ()),
        ("粮食 2024", "ind-grain-output-2024", "full", (), ()),
        # Found only through a slip reading: approximate.
        ("算利", "ind-computing-power-2025-08", "approximate", (), ()),
        ("grian output", "ind-grain-output-2024", "approximate", (), ()),
        # Equivalent forms are full answers.
        ("糧食總產量", "ind-grain-output-2024", "full", (), ()),
        ("liangshi", "ind-grain-output-2024", "full", (), ()),
    ],
)
def test_each_result_says_how_completely_it_answers(
    index: SearchIndex, query: str, top: str, coverage: str, missing: tuple[str, ...], scope: tuple[str, ...]
) -> None:
    first = search(index, query)[0]
    assert (first.card.id, first.coverage, first.missing, first.scope) == (top, coverage, missing, scope)


@pytest.mark.parametrize(
    "query",
    [
        "重庆 GDP",
        "成都 算力",
        "四川 粮食产量",
        "GDP 2020",
        "粮食 2023",
        "算力 2024",
        "高校",
        "就业",
        "首都",
        "CBD",
        "87.1亿",
        "两会",  # not 两
    ],
)
def test_traps_get_no_full_answer(index: SearchIndex, query: str) -> None:
    results = search(index, query)
    assert not results or results[0].coverage != "full"


def test_full_answers_rank_above_approximate_and_partial(index: SearchIndex) -> None:
    order = {"full": 0, "approximate": 1, "partial": 2}
    for query in ("重庆 夜间消费", "成渝 生态", "computing power 2025", "电子信息 2024"):
        coverages = [order[r.coverage] for r in search(index, query)]
        assert coverages == sorted(coverages), query


@pytest.mark.parametrize(
    ("query", "not_top"),
    [
        ("2类水质", "eco-pm25-decline-2024"),  # 2 is not inside PM2.5
        ("8.7", "ind-sci-center-projects-investment-2025"),  # 8.7 is not inside 787.1
    ],
)
def test_numbers_match_whole(index: SearchIndex, query: str, not_top: str) -> None:
    results = search(index, query)
    assert not results or results[0].card.id != not_top


@pytest.mark.parametrize(
    ("spellings", "top"),
    [
        (("PM2.5", "PM 2.5", "pm25", "ＰＭ２．５"), "eco-pm25-decline-2024"),
        (("data center", "datacenter", "data-center", "data centers"), "ind-data-centers-2025-08"),
        (("R&D", "r&d", "R & D"), None),
    ],
)
def test_spellings_of_one_term_agree(index: SearchIndex, spellings: tuple[str, ...], top: str | None) -> None:
    firsts = {q: [r.card.id for r in search(index, q, limit=1)] for q in spellings}
    assert len({tuple(ids) for ids in firsts.values()}) == 1, firsts
    if top is not None:
        assert firsts[spellings[0]] == [top]


def test_an_acronym_is_a_word_not_pinyin_initials(index: SearchIndex) -> None:
    gdp = search(index, "GDP")
    assert gdp
    assert all("gdp" in r.card.id for r in gdp[:2])
    assert {m.how for r in gdp for m in r.matches} <= {"word", "exact", "prefix"}


def test_a_place_inside_a_wider_name_is_not_the_place(index: SearchIndex) -> None:
    # Chengdu-Chongqing (the region) is not Chengdu: its cards answer a question about Chengdu
    # only partially.
    for result in search(index, "Chengdu", limit=20):
        if "成渝地区双城经济圈" in result.card.places and "成都" not in result.card.places:
            assert result.coverage == "partial"


def test_strict_keeps_only_full_answers(index: SearchIndex) -> None:
    assert find(index, "重庆 GDP", strict=True).results == []
    assert all(r.coverage == "full" for r in find(index, "算力", strict=True).results)


def test_place_filter_keeps_cards_about_the_place_or_within_it(index: SearchIndex) -> None:
    results = search(index, "高铁", Filters.build(place="四川"))
    assert results
    assert all({"成都", "宜宾", "自贡", "内江", "四川"} & set(r.card.places) for r in results)


def test_cli_strict_and_place() -> None:
    strict = invoke("search", "重庆", "GDP", "--strict", "--json", "--lang", "en")
    assert (strict.exit_code, strict.stdout.strip()) == (1, "[]")
    assert "no card fully answers" in strict.stderr
    partial = invoke("search", "重庆", "GDP", "--json")
    assert partial.exit_code == 0
    assert partial.json()[0]["coverage"] == "partial"
    assert "没有卡片同时包含“重庆”和“GDP”；以下结果只含“GDP”" in partial.stderr
    english = invoke("search", "Chongqing", "GDP", "--lang", "en", "--json")
    assert "no card holds “Chongqing” and “GDP” together" in english.stderr
    unknown = invoke("search", "高铁", "--place", "火星", "--lang", "en")
    assert unknown.exit_code == 2
    assert "unknown place '火星'" in unknown.stderr
    assert "未知的地点 '火星'" in invoke("search", "高铁", "--place", "火星").stderr
    listed = invoke("list", "--place", "成都", "--json")
    assert listed.exit_code == 0
    assert all("成都" in card["places"] for card in listed.json())


def test_series_place_filter_never_gives_a_region_for_a_city() -> None:
    region = invoke("series", "经济总量", "--place", "成渝", "--json")
    assert region.exit_code == 0
    assert invoke("series", "经济总量", "--place", "重庆").exit_code == 1
    assert invoke("series", "经济总量", "--place", "火星").exit_code == 2


def test_place_filter_takes_traditional_characters_and_names_a_slip() -> None:
    assert invoke("list", "--place", "重慶", "--ids").stdout == invoke("list", "--place", "重庆", "--ids").stdout
    slip = invoke("--lang", "en", "search", "高铁", "--place", "Chongqin")
    assert slip.exit_code == 2
    assert slip.stderr == "cyfacts: unknown place 'Chongqin'\n  did you mean 重庆?\n"


@pytest.mark.parametrize("query", ["重庆 GDP", "Chongqing GDP", "chongqing 经济总量", "重慶 GDP", "Chongqin GDP"])
def test_series_reads_a_place_however_it_is_typed(query: str) -> None:
    # The region's GDP is no series of Chongqing's, in English, pinyin, traditional or with a slip.
    asked = invoke("series", query)
    assert asked.exit_code == 1
    assert "经济总量 没有关于重庆的数值" in asked.stderr
    assert asked.stdout == ""


@pytest.mark.parametrize("args", [("川渝 GDP",), ("GDP", "--place", "川渝"), ("渝 GDP",)])
def test_a_series_is_never_that_of_a_place_within_the_one_asked(args: tuple[str, ...]) -> None:
    # The economic circle lies within 川渝, but its GDP is not 川渝's.
    asked = invoke("series", *args)
    assert asked.exit_code == 1
    assert asked.stdout == ""
    assert "它的数值所涉地点：成渝地区双城经济圈" in asked.stderr


def test_a_series_says_when_it_has_no_figure_for_the_year_asked() -> None:
    asked = invoke("--lang", "en", "series", "GDP", "2020")
    assert asked.exit_code == 0  # the series is shown: its rows say their years
    assert asked.stderr.splitlines()[1] == "cyfacts: no figure of 经济总量 for 2020; the years it has: 2019, 2024"
    assert "no figure" not in invoke("series", "GDP", "2024").stderr
    only = invoke("--lang", "en", "series", "2024")
    assert (only.exit_code, only.stdout) == (2, "")
    assert "the query '2024' is only a year" in only.stderr


@pytest.mark.parametrize(
    ("query", "picked", "others"),
    [
        ("存款", "存款余额", "“存款余额年均增速”"),  # the balance, and the name holding the query too
        ("增速", "工业增加值增速", "“存款余额年均增速”, “贷款余额年均增速” and “服务业增加值增速”"),
    ],
)
def test_a_series_picked_among_metrics_holding_the_query_names_them(query: str, picked: str, others: str) -> None:
    said = invoke("--lang", "en", "series", query).stderr.splitlines()[0]
    assert said == f"cyfacts: metric: {picked}; the query may also mean {others} (name one to see it)"


@pytest.mark.parametrize("query", ["housing prices", "seach 算力 research", "2035"])
def test_weak_readings_are_no_answer(index: SearchIndex, query: str) -> None:
    # A slip keeps its first letter and length (housing is not using); a year no card is about is
    # missing, not found in some card's text.
    assert all(r.coverage != "full" for r in search(index, query))
    assert not any(
        m.how == "spelling" and m.term in ("housing", "prices") for r in search(index, query) for m in r.matches
    )


def test_a_year_alone_answers_nothing(index: SearchIndex) -> None:
    ids = [r.card.id for r in search(index, "2024 科创母基金")]
    assert ids == ["inn-sci-tech-mother-fund"]


def test_a_question_for_an_amount_says_it_in_the_users_words(index: SearchIndex) -> None:
    first = find(index, "重庆 多少").results[0]
    assert "多少" in first.missing


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("serach", "算力"), 2, "没有 'serach' 这个命令"),
        (("--lang", "en", "shwo", "lead-gdp-2024"), 2, "there is no command 'shwo'"),
        (("help",), 0, "Usage:"),
    ],
)
def test_a_mistyped_command_is_not_searched_for(args: tuple[str, ...], code: int, said: str) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    assert said in result.stderr + result.stdout


def test_a_mistyped_command_s_hint_keeps_the_whole_query() -> None:
    said = invoke("--lang", "en", "serach", "算力", "2024").stderr.splitlines()[1]
    assert said == "  did you mean: search? To search, write cyfacts search serach 算力 2024"


@pytest.mark.parametrize("words", [("services", "growth"), ("experts",), ("cities",), ("validation",)])
def test_a_word_more_than_one_slip_from_a_command_is_searched(words: tuple[str, ...]) -> None:
    assert "command" not in invoke("--lang", "en", *words).stderr


@pytest.mark.parametrize(
    ("typed", "word", "slip"),
    [
        ("serach", "search", True),  # two neighbours swapped
        ("shwo", "show", True),
        ("stat", "stats", True),  # one missing
        ("listt", "list", True),  # one added
        ("expert", "export", True),  # one wrong
        ("services", "series", False),  # two missing
        ("experts", "export", False),
        ("search", "search", False),
        ("sreach", "search", False),  # two apart, not neighbours
    ],
)
def test_one_slip(typed: str, word: str, slip: bool) -> None:
    assert one_slip(typed, word) is slip


def test_a_question_is_searched_though_its_first_word_looks_like_a_command() -> None:
    # how is close to show, but it begins a question.
    result = invoke("how", "many", "data", "centers", "--ids")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "ind-data-centers-2025-08"


def test_stats_fields_in_either_language() -> None:
    result = invoke("stats", "--by", "主题", "--by", "年份", "--json")
    assert list(result.json()["by"]) == ["theme", "year"]


def test_a_year_no_card_is_about_is_found_in_the_text_only_approximately(index: SearchIndex) -> None:
    # 2035 is the horizon of a plan: no card's year, but a card mentions it.
    first = search(index, "2035")[0]
    assert (first.card.id, first.coverage) == ("eco-six-rivers-ecological-corridor-plan", "approximate")
    assert {m.how for m in first.matches} == {"year_text"}
    # A year some card is about is never looked for in the text.
    assert all(m.how != "year_text" for r in search(index, "2024") for m in r.matches)


@pytest.mark.parametrize("query", ["2类水质", "Ⅱ类水质", "II类 水质", "ii类"])
def test_a_grade_typed_as_a_digit_is_the_roman_grade(index: SearchIndex, query: str) -> None:
    first = search(index, query)[0]
    assert (first.card.id, first.coverage) == ("eco-yangtze-mainstream-water-class-ii", "full")


def test_a_card_about_the_place_itself_comes_before_one_about_a_place_within_it(index: SearchIndex) -> None:
    about = [r for r in search(index, "四川") if r.coverage == "full"]
    itself = [n for n, r in enumerate(about) if "四川" in r.card.places]
    within = [n for n, r in enumerate(about) if "四川" not in r.card.places]
    assert itself
    assert within
    assert max(itself) < min(within), [r.card.places for r in about]


def test_terms_answered_in_turn_begin_with_the_rarest(index: SearchIndex) -> None:
    # 外国人 is said of several cards, 退税 of few: the tax refund is what is asked about (for 境外
    # 人员 and 购物, the everyday words read as the written ones, approximately).
    first = search(index, "外国人买东西能退税吗")[0]
    assert first.card.id == "con-departure-tax-refund-instant-pilot"
    assert first.coverage == "approximate"


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ("外国游客怎么付款", {"con-foreign-visitor-mobile-payment-measures"}),  # 付款 → 支付
        # 变好 → 好转, 改善: the air's figure, or the environment's improving as a whole
        ("空气变好了吗", {"eco-pm25-decline-2024", "eco-environmental-quality-improving"}),
        ("坐火车去宜宾", {"con-chengdu-zigong-yibin-hsr-opened"}),  # 去 is no topic
    ],
)
def test_everyday_words_are_read_as_the_written_ones_approximately(
    index: SearchIndex, query: str, top: set[str]
) -> None:
    results = search(index, query)
    assert {r.card.id for r in results[: len(top)]} == top
    assert all(r.coverage != "full" for r in results)


def test_a_word_the_deck_holds_is_matched_as_written_before_its_synonyms(index: SearchIndex) -> None:
    # 空气 is in the deck as written: the cards that hold it answer it fully, first; those that say
    # 大气 answer it approximately, after them.
    found = search(index, "空气", limit=None)
    full = [r for r in found if r.coverage == "full"]
    assert full
    assert all(any(m.how == "exact" for m in r.matches) for r in full)
    assert [r.coverage for r in found] == sorted((r.coverage for r in found), key=["full", "approximate"].index)
    assert any(r.coverage == "approximate" and r.matches[0].how == "synonym" for r in found)


def test_an_everyday_word_for_an_absent_topic_finds_nothing(index: SearchIndex) -> None:
    assert search(index, "找工作") == []  # 就业: the article says nothing of jobs


def test_a_word_in_the_middle_of_a_place_name_is_not_the_topic(index: SearchIndex) -> None:
    # Nearly every card is tagged 双城经济圈: 经济 there is part of the region's name, not the economy.
    ids = {r.card.id for r in search(index, "经济", limit=None)}
    assert "eco-new-afforestation-over-2-million-mu" not in ids
    assert "lead-gdp-2019" in ids  # 经济总量 is about the economy
    # A name's own head or start still finds it: 经济圈 and 双城 are how readers shorten the region.
    assert search(index, "经济圈")
    assert search(index, "双城")


@pytest.mark.parametrize("query", ["Chongqin GDP", "chendgu GDP", "chengdugdp", "chengdu-gdp"])
def test_a_slip_or_a_run_together_place_is_still_the_place(index: SearchIndex, query: str) -> None:
    # Read as text, chongqin would find Chengdu-Chongqing, the region: its GDP is no city's.
    first = search(index, query)[0]
    assert first.card.id == "lead-gdp-2024"
    assert first.coverage == "partial"
    assert first.scope == ("成渝地区双城经济圈",)
    assert find(index, query, strict=True).results == []


def test_a_figure_for_part_of_the_place_asked_is_no_full_answer(index: SearchIndex) -> None:
    # The economic circle lies within 川渝: its GDP is a part of 川渝's, not 川渝's GDP.
    first = search(index, "川渝 GDP")[0]
    assert (first.card.id, first.coverage, first.missing) == ("lead-gdp-2024", "partial", ("川渝",))
    assert (first.places_within, first.places_missed) == (("川渝",), ())
    assert first.scope == ("成渝地区双城经济圈",)
    assert find(index, "川渝 GDP", strict=True).results == []
    # A card about the place itself, or a claim (no figure) about a place within it, still answers.
    assert search(index, "成渝 GDP")[0].coverage == "full"
    rail = {r.card.id: r.coverage for r in search(index, "四川 高铁", limit=None)}
    assert rail["con-chengdu-zigong-yibin-hsr-opened"] == "full"  # about 成都, 自贡 and 宜宾


@pytest.mark.parametrize(("query", "place"), [("渝 GDP", "重庆"), ("川 GDP", "四川"), ("蜀 粮食", "四川")])
def test_a_province_s_short_name_standing_alone_is_the_province(index: SearchIndex, query: str, place: str) -> None:
    assert [t.place for t in find(index, query).terms if t.kind == "place"] == [place]
    assert find(index, query, strict=True).results == []  # the circle's figures are not the province's
    assert "成渝" in [t.text for t in find(index, "成渝 GDP").terms]  # never inside 成渝


def test_a_card_answering_terms_in_turn_lacks_only_what_it_lacks(index: SearchIndex) -> None:
    results = {r.card.id: r for r in search(index, "四川 重庆 GDP", limit=None)}
    # The two laboratories are in 重庆 and 四川: only GDP is missing.
    assert results["inn-jinfeng-tianfu-jincheng-lab-cooperation"].missing == ("GDP",)
    assert results["lead-gdp-2024"].missing == ("四川", "重庆")


def test_an_english_word_in_the_middle_of_a_place_name_is_not_the_topic(index: SearchIndex) -> None:
    # "economic" in "the twin-city economic circle" says nothing about the economy's growth rate.
    loans = next(r for r in search(index, "economic growth rate", limit=None) if r.card.id == "ind-loans-growth-2024")
    assert loans.coverage == "partial"
    assert loans.missing == ("economic",)
    assert [t.place for t in find(index, "economic circle").terms] == ["成渝地区双城经济圈"]  # the region's name


@pytest.mark.parametrize(
    ("query", "coverage"),
    [
        ("how much did PM2.5 fall", "full"),  # fall and fell are one word
        ("PM2.5 decline", "approximate"),  # decline is read as fall: another word
        ("GPD", "approximate"),  # two letters swapped
    ],
)
def test_english_readers_words_find_the_figure(index: SearchIndex, query: str, coverage: str) -> None:
    first = search(index, query)[0]
    assert first.card.id in {"eco-pm25-decline-2024", "lead-gdp-2024"}
    assert first.coverage == coverage


@pytest.mark.parametrize(
    ("query", "top"),
    [
        ("营照林", "eco-new-afforestation-over-2-million-mu"),  # zh for z: a blurred sound
        ("Rongchang pgis", "ind-agri-specialty-clusters"),  # two letters swapped
        ("cooperate countries", "inn-international-partners-80-countries"),  # cooperate: cooperation
    ],
)
def test_slips_of_sound_and_letters_still_find_the_card(index: SearchIndex, query: str, top: str) -> None:
    assert search(index, query)[0].card.id == top


def test_a_word_holding_a_filler_character_is_no_confident_answer(index: SearchIndex) -> None:
    # 外在 (external) is not 外 (foreign): no card answers it in full.
    results = search(index, "外在")
    assert not results or results[0].coverage != "full"
    first = search(index, "320个项目")[0]
    assert (first.card.id, first.coverage) == ("inn-joint-key-projects-2025", "full")


def test_a_trailing_plus_names_the_policy_and_falls_back_to_the_word(index: SearchIndex) -> None:
    assert [r.card.id for r in search(index, "AI+")] == ["inn-rec-2-innovation-ecosystem-future-industries"]
    assert search(index, "5G+")  # no card names 5G+: 5G is looked for


def test_a_query_naming_only_a_place_begins_with_the_overview(index: SearchIndex) -> None:
    # "What does the deck say of the region?": the lead's cards first, in the deck's order of themes.
    first = search(index, "成渝地区双城经济圈", limit=4)
    assert {r.card.theme for r in first} == {"overview"}


def test_a_term_found_only_in_a_section_heading_is_no_full_answer(index: SearchIndex) -> None:
    # Deposits sit under the heading 现代服务业优势明显增强: they are not a services figure.
    results = {r.card.id: r for r in search(index, "2024 服务业", limit=None)}
    assert results["ind-services-value-added-growth-2024"].coverage == "full"
    assert results["ind-deposits-2024"].coverage == "approximate"


@pytest.mark.parametrize("query", ["成度 GDP", "城都 GDP"])
def test_a_place_typed_by_sound_is_still_the_place(index: SearchIndex, query: str) -> None:
    # 成度 and 城都 sound as 成都 (its 都 read du, as the name reads it, not dou): the region's GDP is
    # not Chengdu's, typed either way.
    first = search(index, query)[0]
    assert first.card.id == "lead-gdp-2024"
    assert first.coverage == "partial"
    assert first.places_missed == ("成都",)


def test_a_query_naming_only_a_place_begins_with_a_card_that_writes_it(index: SearchIndex) -> None:
    # Eight cards are about 成都; most infer it from 成渝 or 成自宜. The one that names it comes first.
    found = search(index, "成都")
    assert "成都" in found[0].card.quote
    assert any("成都" not in r.card.quote and "成都" not in r.card.claim for r in found[1:])
    assert all(r.coverage == "full" for r in found if "成都" in r.card.places)


@pytest.mark.parametrize("query", ["成都到重庆 多久", "成都到重庆要多长时间", "how long from Chengdu to Chongqing"])
def test_a_question_for_how_long_is_answered_by_a_duration(index: SearchIndex, query: str) -> None:
    first = search(index, query)[0]
    assert (first.card.id, first.coverage) == ("con-chengdu-chongqing-one-hour-travel", "full")


def test_a_duration_is_a_span_of_time_not_a_speed(index: SearchIndex) -> None:
    from cyfacts.search.matching import duration_hits

    ids = {index.cards[row].id for row, _ in duration_hits(index, None)}
    # 一小时通达 and 半小时通达 are spans; 400公里/小时 is a speed.
    assert ids == {"con-chengdu-chongqing-one-hour-travel", "con-half-hour-to-node-cities"}


def test_a_question_asked_in_a_unit_is_not_answered_by_a_figure_of_another_kind(index: SearchIndex) -> None:
    # 时速400公里 is a speed: no answer to how many kilometres of high-speed rail.
    found = find(index, "川渝 高铁 多少公里")
    assert found.results
    assert all(r.coverage == "partial" for r in found.results)
    speed = next(r for r in found.results if r.card.id == "inn-breakthrough-400kmh-train-driver-assistance")
    assert speed.missing == ("多少公里",)
    first = search(index, "粮食多少万吨")[0]
    assert (first.card.id, first.coverage) == ("ind-grain-output-2024", "full")


def test_two_characters_typed_in_turn_find_the_word_approximately(index: SearchIndex) -> None:
    first = search(index, "区链块")[0]
    assert (first.card.id, first.coverage) == ("ind-digital-industries-growth", "approximate")
    assert not search(index, "链块区")  # two swaps away: no reading


@pytest.mark.parametrize(
    ("query", "top"),
    [
        # live-streaming is a form of the deck's live-stream; "they" says nothing of the topic.
        ("live-streaming sales of local products", "con-livestream-selling-specialty-products"),
        ("how many countries do they do science cooperation with", "inn-international-partners-80-countries"),
        # Among partial answers, the one lacking a common word (联合) before the one lacking the topic.
        ("川渝联合建了哪些实验室", "inn-jinfeng-tianfu-jincheng-lab-cooperation"),
    ],
)
def test_english_forms_and_rare_words_find_the_card(index: SearchIndex, query: str, top: str) -> None:
    assert search(index, query)[0].card.id == top


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_show_names_each_claim_by_what_it_holds_in_either_language(lang: str) -> None:
    # A script greps ^claim_en for the English whatever language the reader chose.
    lines = dict(line.split("\t", 1) for line in invoke("--lang", lang, "show", "lead-gdp-2024").stdout.splitlines())
    assert lines["claim"] == "2024年成渝地区双城经济圈的经济总量达到8.7万亿元。"
    assert lines["claim_en"].startswith("In 2024 the economic output")


def test_ids_list_only_full_answers_as_an_id_cannot_say_how_complete_it_is() -> None:
    # search 重庆 GDP --ids | xargs cite would quote the region's figure as Chongqing's.
    partial = invoke("search", "重庆", "GDP", "--ids")
    assert partial.exit_code == 1
    assert partial.stdout == ""
    assert "--ids lists full answers only" in invoke("--lang", "en", "search", "重庆", "GDP", "--ids").stderr
    whole = invoke("search", "GDP", "--ids")
    assert whole.exit_code == 0
    assert whole.stdout.splitlines() == ["lead-gdp-2024", "lead-gdp-2019"]


def test_a_year_only_inferred_is_said_so_not_called_a_slip() -> None:
    said = invoke("--lang", "en", "2024", "贷款").stderr.splitlines()[0]
    assert said == "cyfacts: the year “2024” of the results below is inferred: their quotes name no year"


def test_a_series_picked_among_several_metrics_names_the_others() -> None:
    picked = invoke("--lang", "en", "series", "deposits")
    assert picked.exit_code == 0
    assert picked.stderr.splitlines()[0] == (
        "cyfacts: no metric is named 'deposits': below is “存款余额”, found by search; "
        "it may also mean “存款余额年均增速”"
    )
    assert "may also mean" not in invoke("--lang", "en", "series", "经济总量").stderr  # named exactly


@pytest.mark.parametrize("query", ["经济增长率", "增长率"])
def test_a_series_found_by_search_says_so(query: str) -> None:
    # The article gives no growth rate of the economy: the series shown is industry's, and says so.
    said = invoke("--lang", "en", "series", query).stderr.splitlines()[0]
    picked = "below is “工业增加值增速”, found by search (series lists them)"
    assert said == f"cyfacts: no metric is named '{query}': {picked}"


def test_an_everyday_rise_is_read_as_the_written_one_and_said_approximate() -> None:
    said = invoke("--lang", "en", "成渝这几年经济总共涨到多少了", "--ids")
    assert said.exit_code == 1  # no full answer: 涨到 is read as 增至 or 达到
    found = invoke("成渝这几年经济总共涨到多少了", "--json").json()
    assert (found[0]["id"], found[0]["coverage"]) == ("lead-gdp-2024", "approximate")


@pytest.mark.parametrize("query", ["成渝经济有多大", "GDP多少", "经济 总量", "经济总量"])
def test_a_question_for_an_amount_gets_the_newest_figure_of_the_measure_it_asks(index: SearchIndex, query: str) -> None:
    # The economy's size in 2024 first: not a newer figure of another measure (computing power,
    # 2025-08), nor the economy's older one (2019).
    assert [r.card.id for r in search(index, query, limit=2)] == ["lead-gdp-2024", "lead-gdp-2019"]


@pytest.mark.parametrize(
    ("query", "card"),
    [
        # 126 is the corridor's countries; the ports card's quote holds it beside its own 548.
        ("126 ports", "ind-land-sea-corridor-ports-2024"),
        ("leasing 9.8%", "ind-leasing-business-services-growth-2024"),
    ],
)
def test_a_number_only_beside_a_cards_own_is_mentioned_not_given(index: SearchIndex, query: str, card: str) -> None:
    answer = next(r for r in search(index, query) if r.card.id == card)
    assert answer.coverage == "approximate"
    assert not find(index, query, strict=True).results or all(
        r.card.id != card for r in find(index, query, strict=True).results
    )


@pytest.mark.parametrize(
    ("query", "coverage"),
    [
        ("78.71 billion investment", "full"),
        ("787.1 billion investment", "partial"),  # 787.1亿 is 78.71 billion: the number alone is no match
        ("2.5 billion compensation", "full"),
        ("25 billion compensation", "partial"),
        ("38.116 million tonnes grain", "full"),
        ("GDP 8.7 tn", "full"),
    ],
)
def test_an_english_amount_is_read_with_its_scale(index: SearchIndex, query: str, coverage: str) -> None:
    assert search(index, query)[0].coverage == coverage


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("87000亿元", "lead-gdp-2024"),  # 8.7万亿元 at another scale
        ("87000亿", "lead-gdp-2024"),  # only a magnitude: the same value in any unit
        ("38116000吨", "ind-grain-output-2024"),  # 3811.6万吨
    ],
)
def test_a_figure_typed_at_another_scale_is_the_same_amount(index: SearchIndex, query: str, card: str) -> None:
    first = search(index, query)[0]
    assert (first.card.id, first.coverage) == (card, "full")
    assert not search(index, "87000元")  # another amount altogether


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("5G", "inn-breakthrough-5g-frequency-chip"),
        ("双离合", "inn-breakthrough-dual-clutch-transmission"),
        ("高速列车", "inn-breakthrough-400kmh-train-driver-assistance"),
    ],
)
def test_an_item_of_a_listing_quoted_by_several_cards_is_the_card_s_that_says_it(
    index: SearchIndex, query: str, card: str
) -> None:
    # The three breakthroughs quote one sentence that lists them all: 5G is not the train's.
    full = [r.card.id for r in find(index, query, strict=True).results]
    assert full == [card]
    # What they share is still each one's: all three carried out 联合攻关.
    shared = {r.card.id for r in find(index, "联合攻关", strict=True).results}
    assert {"inn-breakthrough-5g-frequency-chip", "inn-breakthrough-dual-clutch-transmission"} <= shared


def test_a_word_with_a_filler_character_stuck_to_it_is_no_word() -> None:
    # The segmenter does not know 川渝, so it cuts 川渝有 and 川渝对 from the deck's text.
    words = {"川渝", "川渝有", "川渝对", "目的", "目的地", "人工智能"}
    assert filler_joined(words) == {"川渝有", "川渝对"}  # 目的地 is a dictionary word


def test_a_place_before_a_filler_character_stays_a_place(index: SearchIndex) -> None:
    terms = read_query("川渝有哪些出名的农产品", index).terms
    assert terms[0] == Term("川渝", "place", "川渝")


@pytest.mark.parametrize("query", ["成渝", "Chengdu-Chongqing economic circle", "ChengduChongqing economic circle"])
def test_a_place_alone_begins_with_its_overview_s_figures(index: SearchIndex, query: str) -> None:
    # What the deck says of the region: its economy's size first, the newest year first.
    assert [r.card.id for r in search(index, query, limit=2)] == ["lead-gdp-2024", "lead-gdp-2019"]


@pytest.mark.parametrize("query", ["Chengdu, Chongqing GDP", "Chengdu & Chongqing GDP", "Chengdu/Chongqing GDP"])
def test_two_places_listed_are_two_places_not_the_region_named_after_both(index: SearchIndex, query: str) -> None:
    assert [t.place for t in find(index, query).terms if t.kind == "place"] == ["成都", "重庆"]
    assert find(index, query, strict=True).results == []  # the region's GDP is neither city's


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("潘昭宇 工业增加值", "ind-industrial-value-added-2024"),  # the figure does not name him
        ("Pan Zhaoyu grain", "ind-grain-output-2024"),
        ("Zhaoyu Pan grain", "ind-grain-output-2024"),
        ("Dong Yaning PM2.5", "eco-pm25-decline-2024"),
    ],
)
def test_a_speaker_named_answers_for_the_cards_of_their_section(index: SearchIndex, query: str, card: str) -> None:
    first = find(index, query, strict=True).results[0]
    assert (first.card.id, first.coverage) == (card, "full")


def test_a_speaker_is_not_another_speaker_s_source(index: SearchIndex) -> None:
    grain = next(r for r in search(index, "房汉廷 粮食", limit=None) if r.card.id == "ind-grain-output-2024")
    assert (grain.coverage, grain.missing) == ("partial", ("房汉廷",))  # 潘昭宇 gave it


def test_a_place_the_deck_names_with_and_is_that_place(index: SearchIndex) -> None:
    # "Sichuan and Chongqing" is how the deck's config writes 川渝; "Chengdu and Chongqing" is two cities.
    assert [t.place for t in find(index, "Sichuan & Chongqing GDP").terms if t.kind == "place"] == ["川渝"]
    assert [t.place for t in find(index, "Chengdu and Chongqing GDP").terms if t.kind == "place"] == ["成都", "重庆"]


def test_a_figure_card_without_places_is_no_city_s_because_its_text_names_the_region(tmp_path: Path) -> None:
    # The card says the region's figure in English ("Chengdu-Chongqing"): Chengdu inside that name
    # is the region's name, not the city; validate warns that the card gives no places.
    deck = tmp_path / "deck"
    shutil.copytree(REPO / "facts", deck)
    grain = deck / "chengyu-twin-city-2025" / "ind-grain-output-2024.yaml"
    grain.write_text(
        "".join(line for line in grain.read_text(encoding="utf-8").splitlines(True) if not line.startswith("places:")),
        encoding="utf-8",
    )
    for query in ("Chengdu grain", "成都 粮食"):
        assert invoke("--facts", str(deck), "search", query, "--strict", "--ids").exit_code == 1
    assert invoke("--facts", str(deck), "search", "成渝 粮食", "--strict", "--ids").stdout == "ind-grain-output-2024\n"
    checked = invoke("--lang", "en", "--facts", str(deck), "validate")
    assert "ind-grain-output-2024.yaml:13: warning: figures but no places" in checked.stdout


def test_a_topic_asked_for_another_year_is_shown_lacking_the_year(index: SearchIndex) -> None:
    ports = {r.card.id: r for r in search(index, "港口 2025", limit=None)}["ind-land-sea-corridor-ports-2024"]
    assert (ports.coverage, ports.missing) == ("partial", ("2025",))


def test_strict_ids_with_no_full_answer_says_how_to_see_the_partial_ones() -> None:
    said = invoke("--lang", "en", "search", "重庆", "GDP", "--strict", "--ids")
    assert (said.exit_code, said.stdout) == (1, "")
    hint = "  without --strict and --ids, partial answers are shown\n"
    assert said.stderr == "cyfacts: no card fully answers '重庆 GDP'\n" + hint


def test_a_character_left_alone_is_found_in_other_words_only_approximately(index: SearchIndex) -> None:
    # 外 is left of 外在 (a word the dictionary lacks) when 在 is cut: it is not 外债.
    assert {r.coverage for r in search(index, "外在便利化", limit=None)} == {"approximate"}


def test_a_chinese_policy_name_with_a_plus_is_that_policy(index: SearchIndex) -> None:
    # 人工智能+ is the AI+ policy the innovation expert names, not every card on AI.
    results = search(index, "人工智能+", limit=None)
    assert [(r.card.id, r.coverage) for r in results] == [("inn-rec-2-innovation-ecosystem-future-industries", "full")]


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("成渝在建的大型科研设施", "inn-major-research-facilities"),  # 大型 is said 重大, 在建 建设
        ("在成渝买到不满意的东西能退吗", "con-no-reason-returns-pledge"),  # 能退: 退货, 退换货
    ],
)
def test_everyday_questions_find_the_written_words(index: SearchIndex, query: str, card: str) -> None:
    assert search(index, query)[0].card.id == card


@pytest.mark.parametrize("query", ["中欧班列 通达126个国家", "成都 港口 西部陆海新通道"])
def test_a_quote_sharing_a_sibling_s_clause_does_not_answer_for_it(index: SearchIndex, query: str) -> None:
    # The trains card quotes the corridor's clause for its date: the corridor's countries and ports
    # are the corridor cards', whose quotes are part of the trains card's.
    card = "ind-china-europe-railway-express-leading"
    assert all(r.coverage == "partial" for r in search(index, query, limit=None) if r.card.id == card)
    assert card not in {r.card.id for r in find(index, query, strict=True).results}


@pytest.mark.parametrize(
    ("query", "full"),
    [
        ("算力 20", []),  # 20 is not the 20 of "20,000 P"
        ("算力 000", []),
        ("20,000 P", ["ind-computing-power-2025-08"]),  # one number, as the figures write it
        ("38,116,000 tonnes", ["ind-grain-output-2024"]),  # 3811.6万吨 in tonnes
        ("5,000,000,000 yuan", ["inn-sci-tech-mother-fund"]),  # 50亿元
        ("3811.6 tonnes", []),  # not 3811.6万吨
    ],
)
def test_numbers_with_thousands_separators_and_english_units(index: SearchIndex, query: str, full: list[str]) -> None:
    assert [r.card.id for r in find(index, query, strict=True).results] == full


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("潘昭宇 机构", "ind-expert-pan-zhaoyu"),
        ("谁是关利欣", "con-expert-guan-lixin"),  # 谁 asks, as 多少 does
        ("Dong Yaning title", "eco-expert-dong-yaning"),
        ("Fang Hanting employer", "inn-expert-fang-hanting"),
    ],
)
def test_who_an_expert_is_is_their_byline(index: SearchIndex, query: str, card: str) -> None:
    assert [r.card.id for r in find(index, query, strict=True).results][:1] == [card]


@pytest.mark.parametrize(
    ("query", "full"),
    [
        ("服务业增加值 多少", []),  # the article gives its growth (6.5%), never its amount
        ("PM2.5 多少", []),  # nor PM2.5's level, only its fall
        ("服务业增加值增速 多少", ["ind-services-value-added-growth-2024"]),  # a rate asked: a rate answers
        ("how much did PM2.5 fall", ["eco-pm25-decline-2024"]),
        ("达标率 多少", ["eco-cross-border-river-sections-compliance"]),  # a rate by name
        ("存款 多少", ["ind-deposits-2024"]),  # the balance, not its growth
    ],
)
def test_a_question_for_an_amount_is_not_answered_by_a_rate(index: SearchIndex, query: str, full: list[str]) -> None:
    assert [r.card.id for r in find(index, query, strict=True).results][: len(full) or None] == full


def test_a_claim_about_a_wider_place_that_names_the_place_asked_answers_for_it(index: SearchIndex) -> None:
    # 川渝 promote 川菜 and 重庆火锅: a claim about both that names Chongqing's hotpot, no figure.
    for query in ("Chongqing hotpot", "重庆 火锅"):
        assert [r.card.id for r in find(index, query, strict=True).results] == ["con-chuancai-yuwei-food-brand"]
    assert find(index, "重庆 GDP", strict=True).results == []  # a figure stays the wider place's
