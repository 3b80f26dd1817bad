"""Citations, series, units, English and completion: from lookup to use."""

from __future__ import annotations

import json

import pytest

from cyfacts.errors import UsageError
from cyfacts.model.cards import Deck, Figure
from cyfacts.model.units import Converted, convert, parse_target
from cyfacts.render.words import error_text, figure_text_en, language, number_text
from cyfacts.services.cite import authors, cite, gbt7714
from cyfacts.services.related import related_cards
from cyfacts.services.series import build_series, combine, match_metric, metrics
from tests.cards import by_id
from tests.runner import english, invoke


def figure(value: str, unit: str, normalized: float, base: str, qualifier: str | None = None) -> Figure:
    return Figure(value, unit, qualifier, normalized, base)


@pytest.mark.parametrize(
    ("start", "end", "bound"),
    [
        ("under", None, "lower"),  # 不足6.4 → the growth from it is at least what is computed
        (None, "over", "lower"),
        ("over", None, "upper"),
        (None, "under", "upper"),
        ("under", "under", "indeterminate"),
        ("about", None, "approximate"),
        (None, None, "exact"),
        ("nearly", "more_than", "lower"),
    ],
)
def test_bounds_follow_the_qualifiers(start: str | None, end: str | None, bound: str) -> None:
    assert combine(start, end) == bound


def test_series_of_economic_output(deck: Deck) -> None:
    found = build_series("经济总量", metrics(deck.cards)["经济总量"])
    assert [(p.year, p.figure.value) for p in found.points] == [(2019, "6.4"), (2024, "8.7")]
    assert found.annual_growth == pytest.approx((8.7 / 6.4) ** (1 / 5) - 1)
    assert found.annual_bound == "lower"
    (change,) = found.steps
    assert change.change == pytest.approx(2.3e12)
    assert change.growth == pytest.approx(8.7 / 6.4 - 1)


@pytest.mark.parametrize(
    ("query", "best"), [("经济总量", "经济总量"), ("粮食", "粮食总产量"), ("存款余额", "存款余额")]
)
def test_metric_names_match_fuzzily(deck: Deck, query: str, best: str) -> None:
    assert match_metric(query, sorted(metrics(deck.cards)))[0][0] == best


@pytest.mark.parametrize(
    ("target", "fig", "expected"),
    [
        ("亿元", figure("8.7", "万亿元", 8.7e12, "CNY"), Converted(87000.0, "亿元")),
        ("CNY", figure("8.7", "万亿元", 8.7e12, "CNY"), Converted(8.7e12, "CNY")),
        ("t", figure("3811.6", "万吨", 3.8116e7, "t"), Converted(3.8116e7, "t")),
        ("万吨", figure("3811.6", "万吨", 3.8116e7, "t"), Converted(3811.6, "万吨")),
        ("ha", figure("200", "万亩", 2e6, "mu"), Converted(2e6 / 15, "ha")),
        ("万亩", figure("200", "万亩", 2e6, "mu"), Converted(200.0, "万亩")),
    ],
)
def test_unit_conversion(target: str, fig: Figure, expected: Converted) -> None:
    converted = convert(fig, parse_target(target))
    assert converted.unit == expected.unit
    assert converted.value == pytest.approx(expected.value)


def test_incompatible_and_unknown_units_say_why() -> None:
    with pytest.raises(UsageError) as caught:
        convert(figure("3811.6", "万吨", 3.8116e7, "t"), parse_target("亿元"))
    assert english(caught.value) == "cannot show mass in '亿元', which measures money (yuan)"
    assert error_text(caught.value, "zh")[0] == "无法以 '亿元' 显示质量：它度量的是金额（元）"
    with pytest.raises(UsageError) as caught:
        parse_target("furlongs")
    assert english(caught.value) == "unknown unit 'furlongs'"


@pytest.mark.parametrize(
    ("value", "text"), [(87000.0, "87,000"), (0.5, "0.5"), (133333.33333, "133,333.3333"), (0.0, "0")]
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(
    ("fig", "text"),
    [
        (figure("8.7", "万亿元", 8.7e12, "CNY"), "8.7 trillion yuan"),
        (figure("787.1", "亿元", 7.871e10, "CNY"), "78.71 billion yuan"),
        (figure("3811.6", "万吨", 3.8116e7, "t"), "38.116 million tonnes"),
        (figure("10.6", "%", 0.106, "ratio"), "10.6%"),
        (figure("20000", "P", 20000.0, "P", "over"), "over 20,000 P"),
        (figure("80", "个", 80.0, "count", "more_than"), "more than 80"),
        (figure("6.4", "万亿元", 6.4e12, "CNY", "under"), "under 6.4 trillion yuan"),
    ],
)
def test_figures_in_english(fig: Figure, text: str) -> None:
    assert figure_text_en(fig) == text


def test_language_from_option_or_environment() -> None:
    assert language(None) == "zh"
    assert language(None, "en") == "en"
    assert language("zh", "en") == "zh"
    with pytest.raises(UsageError) as caught:
        language("fr")
    assert english(caught.value) == "unknown language 'fr'"


def test_citation_authors_and_placeholders(deck: Deck) -> None:
    source = deck.sources["chengyu-twin-city-2025"]
    assert authors(source) == ["潘昭宇", "房汉廷", "关利欣", "董亚宁"]
    assert (
        gbt7714(source, "2015")
        == "潘昭宇, 房汉廷, 关利欣, 等. 提升成渝地区双城经济圈发展能级[N]. [报纸名不详], [2025]([版次不详])."
    )
    citation = cite([source, source._replace(id="other")], "bibtex")
    assert citation.text.count("@article{") == 2
    assert "journal" not in citation.text  # never invented
    assert citation.missing == ("publisher", "date")


def test_cite_command_gives_one_entry_per_source_and_warns() -> None:
    result = invoke("cite", "lead-gdp-2019", "ind-grain-output-2024", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.count("[N]") == 1
    assert "the source record does not show: newspaper (publisher), publication date, page (版次)" in result.stderr
    assert "来源记录中没有：报纸名（出版者）、出版日期、版次" in invoke("cite", "lead-gdp-2019").stderr
    records = json.loads(invoke("cite", "lead-gdp-2019", "--style", "csl-json").stdout)
    assert records[0]["type"] == "article-newspaper"
    assert records[0]["issued"] == {"date-parts": [[2025]], "circa": True}
    bad = invoke("cite", "lead-gdp-2019", "--style", "mla", "--lang", "en")
    assert bad.exit_code == 2
    assert "valid styles: gbt7714-2015, gbt7714-2025, apa, bibtex, csl-json, quote" in bad.stderr
    assert invoke("cite", "no-such-card").exit_code == 1


def test_series_command() -> None:
    record = json.loads(invoke("series", "GDP", "--json").stdout)
    assert record["metric"] == "经济总量"
    assert record["computed_by"] == "cyfacts"
    assert [growth["bound"] for growth in record["annual_growth"]] == ["lower"]
    assert record["conflicts"] == []
    assert invoke("series", "粮食", "--unit", "亿元").exit_code == 2
    assert invoke("series", "qqqqzzzz").exit_code == 1


def test_english_tables_and_units_on_search_and_show() -> None:
    table = invoke("search", "经济总量", "--lang", "en", "--unit", "亿元", env={"COLUMNS": "200"}).stdout
    assert "economic output" in table
    assert "87,000 亿元 (8.7 trillion yuan)" in table
    assert "Lead" in table  # the section's English heading
    env_table = invoke("search", "经济总量", "--format", "table", env={"CYFACTS_LANG": "en", "COLUMNS": "200"}).stdout
    assert "economic output" in env_table
    record = json.loads(invoke("search", "经济总量", "--json", "--unit", "亿元").stdout)[0]
    assert "经济总量" in record["claim"]  # JSON carries both languages always
    assert "economic output" in record["claim_en"]
    assert record["figures"][0]["converted"]["unit"] == "亿元"
    assert invoke("search", "经济总量", "--unit", "万吨").exit_code == 2


def test_related_cards(deck: Deck) -> None:
    card = by_id(deck, "lead-gdp-2019")
    assert card is not None
    ids = [c.id for c in related_cards(card, deck.cards)]
    assert ids[0] == "lead-gdp-2024"  # same metric first
    assert "lead-15th-five-year-plan-proposal" in ids  # same paragraph (the lead)
    record = json.loads(invoke("show", "lead-gdp-2019", "--related", "--json").stdout)
    assert record["related"][0] == "lead-gdp-2024"


def complete(*words: str, env: dict[str, str] | None = None) -> list[str]:
    """What the shell is offered for the last word of `cyfacts WORDS…`."""
    line = " ".join(("cyfacts", *words))
    completion = {"_CYFACTS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words))}
    return invoke(*words, env={**completion, **(env or {})}).stdout.split()


def test_completion_of_vocabularies() -> None:
    assert complete("search", "x", "--theme", "e") == ["ecology"]
    assert complete("list", "--kind", "") == ["assessment", "event", "expert", "figure", "policy", "recommendation"]


def test_shell_completion_offers_card_ids() -> None:
    result = invoke(
        "show",
        "lead-",
        env={"_CYFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "cyfacts show lead-", "COMP_CWORD": "2"},
    )
    assert "lead-gdp-2019" in result.stdout
    assert "lead-gdp-2024" in result.stdout
