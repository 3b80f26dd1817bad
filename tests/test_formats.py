import csv
import io
import json

import pytest

from cyfacts.model.cards import Figure, figure_text
from cyfacts.render.formats import CSV_BOM, plain_number, render, render_chunks, to_json
from cyfacts.render.records import card_record
from tests.cards import by_id


def figure(value: str, unit: str, qualifier: str | None) -> Figure:
    return Figure(value, unit, qualifier, 0.0, "")


@pytest.mark.parametrize(
    ("fig", "text"),
    [
        (figure("8.7", "万亿元", None), "8.7万亿元"),
        (figure("6.4", "万亿元", "under"), "不足6.4万亿元"),
        (figure("20000", "P", "over"), "超20000P"),
        (figure("80", "个", "more_than"), "80多个"),
        (figure("3", "亿元", "about"), "约3亿元"),
        (figure("100", "%", "nearly"), "近100%"),
    ],
)
def test_figure_text_reads_like_the_source(fig: Figure, text: str) -> None:
    assert figure_text(fig) == text


def test_json_keeps_chinese_and_key_order(deck) -> None:  # type: ignore[no-untyped-def]
    record = card_record(by_id(deck, "lead-gdp-2024"))
    text = to_json([record])
    assert "\\u" not in text
    assert "经济总量" in text
    assert list(json.loads(text)[0]) == [
        "id",
        "claim",
        "claim_en",
        "quote",
        "source",
        "section",
        "subsection",
        "speaker",
        "places",
        "theme",
        "year",
        "year_inferred",
        "as_of",
        "kind",
        "figures",
        "tags",
        "note",
        "file",
    ]
    assert json.loads(text)[0]["figures"][0] == {
        "text": "8.7万亿元",
        "value": "8.7",
        "unit": "万亿元",
        "qualifier": None,
        "normalized": 8.7e12,
        "base_unit": "CNY",
        "metric": "经济总量",
    }


def test_jsonl_is_one_object_per_line() -> None:
    assert render([{"a": "中"}, {"a": 2}], "jsonl") == '{"a": "中"}\n{"a": 2}\n'


def test_csv_flattens_lists_and_carries_normalized_figures(deck) -> None:  # type: ignore[no-untyped-def]
    text = render([card_record(by_id(deck, "lead-gdp-2019"))], "csv")
    assert not text.startswith(CSV_BOM)  # Python's csv, pandas and databases read the first column's name as is
    assert render([card_record(by_id(deck, "lead-gdp-2019"))], "csv", bom=True) == CSV_BOM + text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:3] == ["id", "claim", "claim_en"]
    assert rows[0]["figures"] == "不足6.4万亿元"
    assert rows[0]["normalized"] == "6400000000000"
    assert rows[0]["base_unit"] == "CNY"
    assert rows[0]["year_inferred"] == "false"
    assert rows[0]["subsection"] == ""
    assert "; GDP" in rows[0]["tags"] or rows[0]["tags"].startswith("GDP")


def test_empty_csv_is_empty() -> None:
    assert render([], "csv") == ""


def test_yaml_export_round_trips(deck) -> None:  # type: ignore[no-untyped-def]
    import yaml

    records = [card_record(c) for c in deck.cards[:5]]
    assert yaml.safe_load(render(records, "yaml")) == records


@pytest.mark.parametrize("count", [0, 1, 2, None])
def test_output_written_a_record_at_a_time_is_the_whole_dump(deck, count: int | None) -> None:  # type: ignore[no-untyped-def]
    """Exports stream record by record; the text must be exactly what dumping the list gives."""
    import yaml

    records = [card_record(c) for c in deck.cards][:count]
    assert render(iter(records), "json") == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    assert render(iter(records), "yaml") == yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000)
    chunks = list(render_chunks(iter(records), "jsonl"))
    assert len(chunks) == len(records)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        (["=1", "b"], "'=1; b"),
        ("a=1", "a=1"),
        (-3, "-3"),
        (-0.5, "-0.5"),
        ("算力", "算力"),
    ],
)
def test_csv_neutralises_what_a_spreadsheet_would_run(value: object, cell: str) -> None:
    text = render([{"field": value}], "csv")
    (row,) = list(csv.DictReader(io.StringIO(text.removeprefix(CSV_BOM))))
    assert row["field"] == cell


def test_csv_flattens_explain_matches() -> None:
    record = {"id": "x", "matches": [{"term": "算力", "field": "claim", "how": "exact", "score": 1.0}]}
    (row,) = list(csv.DictReader(io.StringIO(render([record], "csv").removeprefix(CSV_BOM))))
    assert row["matches"] == "算力 claim exact 1.0"


def test_csv_joins_several_figures_in_each_column(deck) -> None:  # type: ignore[no-untyped-def]
    first, second = by_id(deck, "lead-gdp-2019"), by_id(deck, "ind-grain-output-2024")
    assert first is not None
    assert second is not None
    card = first._replace(figures=first.figures + second.figures)  # the bundled cards hold one figure each
    (row,) = csv.DictReader(io.StringIO(render([card_record(card)], "csv")))
    assert row["figures"].split("; ") == [figure_text(f) for f in card.figures]
    assert row["normalized"].split("; ") == [plain_number(f.normalized) for f in card.figures]
    assert row["base_unit"].split("; ") == [f.base_unit for f in card.figures]


@pytest.mark.parametrize(
    ("value", "text"), [(8.7e12, "8700000000000"), (0.106, "0.106"), (38116000.0, "38116000"), (25.0, "25")]
)
def test_plain_numbers_have_no_exponent(value: float, text: str) -> None:
    assert plain_number(value) == text
