from collections.abc import Callable

import pytest

from cyfacts.index.build import SearchIndex, initials_string, syllable_string
from cyfacts.model.cards import Deck
from cyfacts.model.text import fold
from cyfacts.search.colloquial import formal_words
from cyfacts.search.english import compound_parts, expansions, forms
from cyfacts.search.evidence import Match, name_middles
from cyfacts.search.filters import Filters
from cyfacts.search.matching import side_by_side
from cyfacts.search.query import (
    filler_only,
    is_blank_query,
    kind_of,
    read_query,
    split_runs,
    words_within,
)
from cyfacts.search.questions import AMOUNT_ASKED, DURATION, QUANTITY
from cyfacts.search.ranking import said_in, search
from cyfacts.search.sounds import blurs
from cyfacts.search.terms import Term


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("算力", ["算力"]),
        ("2024 粮食", ["2024", "粮食"]),
        ("2024粮食", ["2024", "粮食"]),
        ("2025年8月算力", ["2025年", "8月", "算力"]),
        ("电子信息 占全国比重", ["电子信息", "占全国比重"]),
        ("ＰＭ２．５", ["pm2.5"]),
        ("Computing Power", ["computing", "power"]),
        ("“东数西算”工程", ["东数西算", "工程"]),
        ("10.6%", ["10.6%"]),
        ("PM 2.5", ["pm2.5"]),
        ("pm25 浓度", ["pm2.5", "浓度"]),
        ("R&D spending", ["r&d", "spending"]),
        ("   ", []),
        ("，。、", []),
    ],
)
def test_split_runs(query: str, terms: list[str]) -> None:
    assert split_runs(fold(query)) == terms


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        ("2024", "year"),
        ("2025年", "year"),
        ("10.6%", "number"),
        ("8月", "number"),
        ("8.7万亿元", "figure"),
        ("suanli", "latin"),
        ("r&d", "latin"),
        ("算力", "chinese"),
        ("pm2.5", "text"),
    ],
)
def test_kind_of(term: str, kind: str) -> None:
    assert kind_of(term) == kind


def test_sound_strings() -> None:
    assert syllable_string(["suan", "li", " ", "zong"]) == "'suan'li'zong'"
    assert initials_string("数据 中心", ["shu", "ju", " ", "zhong", "xin"]) == "sj|zx"


@pytest.mark.parametrize(("query", "blank"), [("", True), ("  　", True), ("？！…", True), ("算", False), ("a", False)])
def test_is_blank_query(query: str, blank: bool) -> None:
    assert is_blank_query(query) is blank


@pytest.fixture(scope="module")
def index(deck: Deck) -> SearchIndex:
    return SearchIndex.build(deck.cards, config=deck.config)


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("算力", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("粮食总产量", {"ind-grain-output-2024"}),
        ("2019 经济总量", {"lead-gdp-2019"}),
        ("GDP 2024", {"lead-gdp-2024"}),
        ("computing power", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("算利", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),  # homophone slip
        ("數據中心", {"ind-data-centers-2025-08", "ind-computing-power-2025-08"}),  # traditional
        ("suanli", {"ind-computing-power-2025-08", "ind-east-data-west-computing-hub"}),
        ("shu ju zhong xin", {"ind-data-centers-2025-08", "ind-computing-power-2025-08"}),
        ("lszcl", {"ind-grain-output-2024"}),  # initials of 粮食总产量
        ("ＰＭ２．５", {"eco-pm25-decline-2024"}),
        ("成渝的GDP有多大", {"lead-gdp-2019", "lead-gdp-2024"}),
    ],
)
def test_best_result(index: SearchIndex, query: str, best: set[str]) -> None:
    assert search(index, query)[0].card.id in best


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        # Filler characters inside words stay: only a filler word standing alone is dropped.
        ("成都", [Term("成都", "place", "成都")]),
        ("成都和重庆", [Term("成都", "place", "成都"), Term("重庆", "place", "重庆")]),
        ("首都", [Term("首都", "chinese")]),
        ("都市圈", [Term("都市圈", "chinese")]),
        ("就业", [Term("就业", "chinese")]),
        ("能源", [Term("能源", "chinese")]),
        ("能级", [Term("能级", "chinese")]),
        ("两会", [Term("两会", "chinese")]),  # 会 is a filler word only alone
        ("坐火车去宜宾", [Term("坐火车", "chinese"), Term("宜宾", "place", "宜宾")]),
        ("重庆的GDP", [Term("重庆", "place", "重庆"), Term("gdp|gross domestic product", "phrase")]),
        (
            "成渝的GDP有多大",
            [
                Term("成渝", "place", "成渝地区双城经济圈"),
                Term("gdp|gross domestic product", "phrase"),
                AMOUNT_ASKED,
            ],
        ),
        # A name the deck holds whole stays whole, though a place name stands in it.
        ("成渝综合性科学中心", [Term("成渝综合性科学中心", "chinese")]),
        ("重庆火过", [Term("重庆火过", "chinese")]),  # a slip of 重庆火锅, read as one phrase
        # English: stop words dropped, places named in any spelling, pinyin joined by the syllable.
        ("research and development", [Term("r&d", "latin")]),  # the deck writes only R&D
        (
            "Chengdu Chongqing GDP",
            [Term("chengdu chongqing", "place", "成渝地区双城经济圈"), Term("gdp|gross domestic product", "phrase")],
        ),
        ("shu ju zhong xin", [Term("shujuzhongxin", "latin")]),
        ("suàn lì", [Term("suanli", "latin")]),  # tone marks typed
        # Two places a stop word stands between are two places, not the region named by both.
        (
            "from Chengdu to Chongqing",
            [Term("chengdu", "place", "成都"), Term("chongqing", "place", "重庆")],
        ),
        # "how long" asks for a span of time: long is no topic.
        ("how long is the train", [Term("train", "latin"), DURATION]),
        ("重庆到成都要多长时间", [Term("重庆", "place", "重庆"), Term("成都", "place", "成都"), DURATION]),
        ("高铁多长", [Term("高铁", "chinese"), AMOUNT_ASKED]),
        # A question asked in a unit wants a figure measuring the same; a unit that begins a word
        # (人 of 人口) is none.
        ("高铁 多少公里", [Term("高铁", "chinese"), Term("数值:length", "quantity")]),
        ("多少吨粮食", [Term("粮食", "chinese"), Term("数值:mass", "quantity")]),
        ("数据中心有几个", [Term("数据中心", "chinese"), Term("数值:a count", "quantity")]),
        ("多少人口", [Term("人口", "chinese"), AMOUNT_ASKED]),
        # Two ways to cut at the same cost: the longer word first (联合 / 建, not 联 / 合建).
        ("联合建了哪些实验室", [Term("联合", "chinese"), Term("实验室", "chinese"), Term("建", "rest")]),
        ("芯片方面有什么突破", [Term("芯片", "chinese"), Term("突破", "chinese")]),
        # A filler character left alone between words only joined them.
        ("川渝为河流治理", [Term("川渝", "place", "川渝"), Term("河流", "chinese"), Term("治理", "chinese")]),
        ("gongye zengjiazhi", [Term("gongye", "latin"), Term("zengjiazhi", "latin")]),
        ("粮食 2023", [Term("粮食", "chinese"), Term("2023", "year")]),
        ("12.6万亿", [Term("12.6万亿", "figure")]),
    ],
)
def test_queries_are_read_as_a_person_means_them(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize("query", ["比特币", "bitcoin price", "qwxzvb", "算法", "成渝 比特币", "就业", "首都"])
def test_unanswerable_queries_return_nothing(index: SearchIndex, query: str) -> None:
    assert search(index, query) == []


def test_terms_that_no_card_answers_together_are_answered_in_turn(index: SearchIndex) -> None:
    ids = [r.card.id for r in search(index, "存款 贷款", limit=4)]
    assert any("deposits" in i for i in ids[:2])
    assert any("loans" in i for i in ids[:2])


def test_filters_and_limit_combine_with_ranking(index: SearchIndex) -> None:
    results = search(index, "成渝", Filters.build(theme="ecology"), limit=3)
    assert len(results) == 3
    assert {r.card.theme for r in results} == {"ecology"}


def test_equal_scores_are_ordered_deterministically(index: SearchIndex) -> None:
    first = [(r.card.id, r.score) for r in search(index, "川渝")]
    assert first == [(r.card.id, r.score) for r in search(index, "川渝")]
    scores = [r.score for r in search(index, "川渝")]
    assert scores == sorted(scores, reverse=True)


def test_matches_explain_the_score(index: SearchIndex) -> None:
    (top, *_) = search(index, "2024 粮食")
    assert {(m.term, m.how) for m in top.matches} >= {("粮食", "exact")}
    assert any(m.term == "2024" for m in top.matches)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("battery", ["battery", "batteries"]),
        ("batteries", ["batteries", "battery", "batterie"]),
        ("centers", ["centers", "center", "centres", "centre"]),
        ("centre", ["centre", "center"]),
        ("taxes", ["taxes", "tax", "taxe"]),
        ("organisation", ["organisation", "organization"]),
        ("labour", ["labour", "labor"]),
        ("gas", ["gas"]),  # too short to be a plural
        ("business", ["business"]),  # -ss is not a plural
        ("day", ["day"]),  # a vowel before the y: days, which the beginning of the word finds
        # -ing and -ed: the stem, undoubled, or with its e (only those the deck writes are looked for)
        ("live-streaming", ["live-streaming", "live-stream", "live-streame"]),
        ("planned", ["planned", "plann", "plan", "planne"]),
        ("priced", ["priced", "pric", "price"]),
        ("ring", ["ring"]),  # too short to hold an ending
        ("high-sped", ["high-sped"]),  # nor is sped
    ],
)
def test_forms_of_an_english_word(word: str, expected: list[str]) -> None:
    assert forms(word) == expected


def known_words(*words: str) -> Callable[[str], bool]:
    return frozenset(words).__contains__


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("data-center", ["data", "center"]),
        ("data-centre", ["datacentre"]),  # the deck writes it as one word
        ("lithium-ion", ["lithium", "ion"]),  # ion unknown: kept, to be answered loosely
        ("datacenter", ["data", "center"]),
        ("liangshi", None),  # halves must be whole words
        ("zzz-yyy", None),
    ],
)
def test_compound_parts(text: str, parts: list[str] | None) -> None:
    known = known_words("data", "center", "datacentre", "lithium")
    assert compound_parts(text, known, known) == parts


def test_an_acronym_expands_to_the_spellings_the_deck_writes() -> None:
    known = known_words("new", "energy", "vehicle")  # a deck that never says "electric"
    assert expansions("ev", known) == ["new energy vehicle"]
    assert expansions("ev", known_words("electric", *"new energy vehicle".split())) == [
        "electric vehicle",
        "new energy vehicle",
    ]
    assert expansions("ic", known) == []
    assert expansions("bri", known_words("belt", "road")) == ["belt and road"]  # stop words kept


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("IC industry", [Term("integrated circuit", "phrase"), Term("industry", "latin")]),
        ("CPC meeting", [Term("cpc|party", "phrase"), Term("meeting", "latin")]),  # the party, as the deck writes it
        ("East-Data-West-Computing", [Term("east data west computing", "phrase")]),  # never cut in two
        ("lithium-ion battery", [Term("lithium ion", "phrase"), Term("battery", "latin")]),
        ("datacenter", [Term("data center", "phrase")]),
    ],
)
def test_english_compounds_and_acronyms_are_one_term(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


def test_a_phrase_term_is_shown_as_typed(index: SearchIndex) -> None:
    assert read_query("IC industry", index).shown["integrated circuit"] == "IC"


@pytest.mark.parametrize(
    ("query", "top", "coverage"),
    [
        ("battery", "ind-industrial-digital-transformation", "full"),  # the deck writes batteries
        ("lithium batteries", "ind-industrial-digital-transformation", "full"),
        ("lithium-ion battery", "ind-industrial-digital-transformation", "approximate"),  # no card says ion
        ("EV", "ind-liangjiang-sanjiang-cooperation", "full"),  # new energy vehicles, tagged EVs too
        ("international cooperation countries", "inn-international-partners-80-countries", "full"),
    ],
)
def test_english_words_in_any_form(index: SearchIndex, query: str, top: str, coverage: str) -> None:
    first = search(index, query)[0]
    assert (first.card.id, first.coverage) == (top, coverage)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("rongchang zhu", [Term("rongchangzhu", "latin")]),  # 荣昌猪: the syllable ends the word
        ("data bang", [Term("data", "latin"), Term("bang", "latin")]),  # no phrase of the deck sounds so
        ("2类水质", [Term("ii类", "chinese"), Term("水质", "chinese")]),
        ("12类", [Term("12", "number"), Term("类", "chinese")]),  # not a grade
    ],
)
def test_syllables_and_grades_are_read_whole(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(("word", "formal"), [("付款", ("支付",)), ("电动车", ("新能源汽车",)), ("支付", ())])
def test_formal_words(word: str, formal: tuple[str, ...]) -> None:
    assert formal_words(word) == formal


def test_terms_written_side_by_side_break_ties(index: SearchIndex) -> None:
    rows = set(range(len(index.columns.ids)))
    pair = side_by_side(index, Term("补偿", "chinese"), Term("资金", "chinese"), rows)
    together = {index.columns.ids[r] for r in pair}
    assert "eco-watershed-compensation-second-round-funds" in together  # 补偿资金规模达25亿元
    assert "eco-watershed-compensation-multidimensional" not in together
    english = side_by_side(index, Term("computing", "latin"), Term("power", "latin"), rows)
    assert "ind-computing-power-2025-08" in {index.columns.ids[r] for r in english}
    assert side_by_side(index, Term("2024", "year"), Term("gdp", "latin"), rows) == set()


def test_name_middles(index: SearchIndex) -> None:
    names = {name.decode() for name, _ in name_middles(index, "经济")}
    assert "双城经济圈" in names
    assert all(name.find("经济") > 0 for name in names)
    assert name_middles(index, "经济圈") == []  # the end of every name it is in
    assert name_middles(index, "gdp") == []


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("block chain", [Term("blockchain", "latin")]),  # two words the deck writes as one
        ("hot pot", [Term("hotpot", "latin")]),
        ("country count", [Term("country", "latin"), AMOUNT_ASKED]),  # count asks for an amount
        ("chengdugdp", [Term("chengdu", "place", "成都"), Term("gdp", "latin")]),
        ("Chongqin GDP", [Term("chongqin", "place", "重庆"), Term("gdp|gross domestic product", "phrase")]),
    ],
)
def test_english_words_joined_split_and_slipped_are_read_whole(
    index: SearchIndex, query: str, terms: list[Term]
) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("car", "eco-carbon-neutrality-joint-service-platform"),
        ("labour", "inn-jinfeng-tianfu-jincheng-lab-cooperation"),
    ],
)
def test_a_word_beginning_another_word_is_not_that_word(index: SearchIndex, query: str, absent: str) -> None:
    # car is not carbon; labour (labor) is not laboratory: only word endings make a form of a word.
    assert absent not in {r.card.id for r in search(index, query, limit=None)}


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("Chengdu's GDP", [Term("chengdu", "place", "成都"), Term("gdp|gross domestic product", "phrase")]),
        (
            "成渝GDP2024",
            [
                Term("成渝", "place", "成渝地区双城经济圈"),
                Term("gdp|gross domestic product", "phrase"),
                Term("2024", "year"),
            ],
        ),
        ("2024gdp", [Term("2024", "year"), Term("gdp", "latin")]),
        ("suan4li4", [Term("suanli", "latin")]),  # tone numbers
        ("shu ju zhong xin ji ge", [Term("shujuzhongxin", "latin"), AMOUNT_ASKED]),  # 几个 in pinyin
        ("jiguang", [Term("jiguang", "latin")]),  # not ji ge
        ("co2", [Term("co2", "text")]),  # not pinyin: left as typed
    ],
)
def test_possessives_years_and_tone_numbers_are_read_apart(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("BTH", [Term("beijing tianjin hebei", "place", "京津冀")]),  # an acronym naming a place is the place
        ("YoY", [Term("year on year", "phrase")]),  # stop words kept: year on year is not year year
        ("5 bn", [Term("5 billion", "amount")]),  # an amount, read with its scale
        ("bn yuan", [Term("billion", "latin"), Term("yuan", "latin")]),
        ("sci-tech", [Term("science and technology", "phrase")]),  # the spelling the deck writes
    ],
)
def test_shortened_words_are_read_as_their_words(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


def test_a_phrase_with_a_repeated_word_is_found_only_as_written(index: SearchIndex) -> None:
    results = search(index, "YoY", limit=None)
    assert results
    for result in results:
        english = (result.card.claim_en + " " + " ".join(result.card.tags)).lower()
        assert "year-on-year" in english or "year on year" in english


@pytest.mark.parametrize(
    ("syllable", "blurs_to"),
    [("zhao", {"zao"}), ("zao", {"zhao"}), ("lin", {"nin", "ling"}), ("sheng", {"seng", "shen"}), ("an", {"ang"})],
)
def test_blurred_sounds(syllable: str, blurs_to: set[str]) -> None:
    assert set(blurs(syllable)) == blurs_to


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("320个项目", [Term("320个", "figure"), Term("项目", "chinese")]),  # one unit word, not 个项
        ("AI+", [Term("ai+", "text")]),  # 人工智能+ is a policy of its own
        ("8.7万亿元", [Term("8.7万亿元", "figure")]),  # magnitudes, then the unit
        ("外在", [Term("外在", "chinese")]),  # a word typed alone is never cut to 外
        ("干不干净", [Term("干净", "chinese")]),  # A not A asks about A
        ("首店多不多", [Term("首店", "chinese"), AMOUNT_ASKED]),  # 多不多: how many
        ("有没有数据中心", [Term("数据中心", "chinese")]),
        ("二〇二四年 粮食", [Term("2024年", "year"), Term("粮食", "chinese")]),  # a year in Chinese numerals
        ("2024年末 存款", [Term("2024年", "year"), Term("存款", "chinese")]),  # 年末: the year's end
        ("二零一九年经济总量", [Term("2019年", "year"), Term("经济总量", "chinese")]),
        ("data-centre numbers", [Term("data centre", "phrase"), AMOUNT_ASKED]),  # how many
        ("number of ports", [Term("ports", "latin"), AMOUNT_ASKED]),
        ("服务业增加值 多少", [Term("服务业增加值", "chinese"), AMOUNT_ASKED]),  # value added is an amount
        ("服务业增长多少", [Term("服务业", "chinese"), Term("增长", "chinese"), QUANTITY]),  # a rate will do
        ("成渝这块现在一年经济总量", [Term("成渝", "place", "成渝地区双城经济圈"), Term("经济总量", "chinese")]),
    ],
)
def test_chinese_questions_are_read_for_their_topic(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(
    ("query", "fillers"),
    [
        ("的", ["的"]),
        ("the of", ["the", "of"]),
        ("是不是", ["是不是"]),
        ("IT", []),
        ("的 算力", []),
        ("外在", []),
        ("numbers", ["numbers"]),  # how many of what?
    ],
)
def test_a_query_of_filler_words_only(query: str, fillers: list[str]) -> None:
    assert filler_only(query) == fillers


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        # A word made only of filler words (能到) carries no topic.
        ("内江 多久能到", [Term("内江", "place", "内江"), DURATION]),
        # A word the deck writes with a hyphen, typed without it.
        ("ecommerce", [Term("e-commerce", "latin")]),
    ],
)
def test_more_queries_are_read_as_a_person_means_them(index: SearchIndex, query: str, terms: list[Term]) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("400 kilometres per hour", [Term("400", "number"), Term("km", "latin"), Term("h", "latin")]),
        ("400 kph", [Term("400", "number"), Term("km", "latin"), Term("h", "latin")]),
        ("grew 6.5 per cent", [Term("grew", "latin"), Term("6.5%", "number")]),
    ],
)
def test_english_units_spelt_out_are_read_as_the_deck_writes_them(
    index: SearchIndex, query: str, terms: list[Term]
) -> None:
    assert list(read_query(query, index).terms) == terms


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ([("tags", 1.0)], 1.0),
        ([("tags", 1.0), ("tags", 1.0), ("tags", 0.83)], 1.0),  # a word in five tags is said once
        ([("claim_en", 0.95), ("tags", 1.0), ("claim_en", 0.79)], 1.95),  # in two fields: said twice
    ],
)
def test_a_term_counts_once_per_field_it_is_said_in(fields: list[tuple[str, float]], said: float) -> None:
    assert said_in([Match("computing", field, "word", score) for field, score in fields]) == pytest.approx(said)


def test_a_card_listing_a_word_in_more_tags_is_not_more_about_it(index: SearchIndex) -> None:
    assert search(index, "computing power")[0].card.id == "ind-computing-power-2025-08"


def test_a_hyphenated_word_finds_the_words_written_apart(index: SearchIndex) -> None:
    first = search(index, "services value-added growth")[0]  # the deck writes "services value added"
    assert (first.coverage, first.missing) == ("full", ())
    found = {r.card.id for r in search(index, "value-added")}
    assert "ind-services-value-added-growth-2024" in found


def test_a_long_term_is_said_more_by_the_card_writing_its_words_out(index: SearchIndex) -> None:
    # Both cards are tagged 生态补偿资金; only the second round's funds write 补偿资金 in their quote.
    assert words_within("生态补偿资金", index) == ["生态", "补偿", "资金"]
    first = search(index, "生態補償資金")[0]
    assert (first.card.id, first.coverage) == ("eco-watershed-compensation-second-round-funds", "full")
    slip = search(index, "生态补尝资金")[0]  # a slip's words (生态, 资金) are written out there too
    assert (slip.card.id, slip.coverage) == ("eco-watershed-compensation-second-round-funds", "approximate")
