import pytest

from cyfacts.model.units import FigureFormatError, normalize, parse_chinese_integer, split_unit


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("8.7", "万亿元", (8.7e12, "CNY")),
        ("6.4", "万亿元", (6.4e12, "CNY")),
        ("1.2", "万亿元", (1.2e12, "CNY")),
        ("787.1", "亿元", (7.871e10, "CNY")),
        ("25", "亿元", (2.5e9, "CNY")),
        ("3811.6", "万吨", (3.8116e7, "t")),
        ("10.6", "%", (0.106, "ratio")),
        ("100", "%", (1.0, "ratio")),
        ("200", "万亩", (2e6, "mu")),
        ("400", "公里/小时", (400.0, "km/h")),
        ("5", "千米", (5.0, "km")),
        ("20000", "P", (20000.0, "P")),
        ("20,000", "P", (20000.0, "P")),
        ("548", "个", (548.0, "count")),
        ("四", "个", (4.0, "count")),
        ("3", "千万元", (3e7, "CNY")),
        ("7", "", (7.0, "")),
    ],
)
def test_normalize(value: str, unit: str, expected: tuple[float, str]) -> None:
    normalized, base = normalize(value, unit)
    assert base == expected[1]
    assert normalized == pytest.approx(expected[0], rel=1e-12)


def test_normalize_is_exact_in_decimal() -> None:
    # 3811.6 × 10^4 in binary floating point would give 38116000.000000004
    assert normalize("3811.6", "万吨")[0] == 38116000.0


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万亿元", (10**12, "元")),
        ("亿元", (10**8, "元")),
        ("元", (1, "元")),
        ("千米", (1, "千米")),
        ("万", (10**4, "")),
    ],
)
def test_split_unit(unit: str, expected: tuple[int, str]) -> None:
    assert split_unit(unit) == expected


@pytest.mark.parametrize(("text", "number"), [("一", 1), ("十", 10), ("十二", 12), ("三百零五", 305), ("两千", 2000)])
def test_parse_chinese_integer(text: str, number: int) -> None:
    assert parse_chinese_integer(text) == number


@pytest.mark.parametrize("value", ["", "abc", "nan", "inf", "1.2.3"])
def test_bad_values_are_refused(value: str) -> None:
    with pytest.raises(FigureFormatError):
        normalize(value, "元")


@pytest.mark.parametrize(
    ("value", "unit"),
    [("1e9999999", "元"), ("1e400", "元"), ("1e-400", "元"), ("1e15", "元"), ("9", "万亿万亿万亿元")],
)
def test_values_out_of_range_are_refused_not_overflowed(value: str, unit: str) -> None:
    with pytest.raises(FigureFormatError, match="out of range"):
        normalize(value, unit)


@pytest.mark.parametrize(("value", "expected"), [("999999999999999", 999999999999999.0), ("0.00000000000001", 1e-14)])
def test_values_within_range_still_load(value: str, expected: float) -> None:
    assert normalize(value, "元") == (expected, "CNY")


def test_every_dimension_has_its_chinese_words() -> None:
    # A Chinese message names what a unit measures in Chinese, never in English.
    from cyfacts.model.units import BASES
    from cyfacts.render.words import VALUE_WORDS

    assert {unit.dimension for unit in BASES.values()} <= set(VALUE_WORDS["zh"])
