"""Chinese figures to numbers in base units: 8.7万亿元 → 8.7e12 CNY, 3811.6万吨 → 3.8116e7 t.

Our own small parser, because general converters (cn2an) stop at mixed forms such as 1.2万亿元.
A unit is an optional chain of magnitude words (万, 亿, 万亿, 千万 …) followed by a base word;
unknown base words are kept as written, so any deck's units load.
"""

# No `from __future__ import annotations` here: typing.NamedTuple evaluates its fields' annotations,
# and each one written as a string costs a compile apiece, on every run.
import math
from typing import TYPE_CHECKING, NamedTuple

from cyfacts.errors import UsageError
from cyfacts.model.cards import Figure

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

# An exact size in the unit tables, as decimal text ("0.01"): read with Decimal only where a figure
# is converted, so that a run that converts none (a warm search) does not import decimal.
ExactSize = str

# Longest first, so 万亿 wins over 万 and 千万 over 千.
MAGNITUDES: tuple[tuple[str, int], ...] = (
    ("万亿", 10**12),
    ("千亿", 10**11),
    ("百亿", 10**10),
    ("十亿", 10**9),
    ("亿", 10**8),
    ("千万", 10**7),
    ("百万", 10**6),
    ("十万", 10**5),
    ("万", 10**4),
    ("千", 10**3),
    ("百", 10**2),
)


class BaseUnit(NamedTuple):
    """A base unit: what it measures (as error messages name it), its English word, and how many of
    it make one of its dimension's reference unit, so units of one dimension convert exactly."""

    dimension: str
    english: str
    per_reference: ExactSize = "1"


# The one unit table. Every base unit a figure can normalize to, with its dimension and English word.
BASES: dict[str, BaseUnit] = {
    "CNY": BaseUnit("money (yuan)", "yuan"),
    "USD": BaseUnit("money (US dollars)", "USD"),
    "t": BaseUnit("mass", "tonnes"),
    "kg": BaseUnit("mass", "kg", "1000"),
    "ha": BaseUnit("area", "hectares"),
    "mu": BaseUnit("area", "mu", "15"),
    "km2": BaseUnit("area", "km²", "0.01"),
    "m2": BaseUnit("area", "m²", "10000"),
    "km": BaseUnit("length", "km"),
    "m": BaseUnit("length", "m", "1000"),
    "km/h": BaseUnit("speed", "km/h"),
    "h": BaseUnit("time", "hours"),
    "m3": BaseUnit("volume", "m³"),
    "kW": BaseUnit("power", "kW"),
    "kWh": BaseUnit("energy", "kWh"),
    "ratio": BaseUnit("a share (%)", "%"),
    "pp": BaseUnit("a change in a share (percentage points)", "percentage points"),
    "times": BaseUnit("a multiple", "times"),
    "count": BaseUnit("a count", ""),
    "person": BaseUnit("people", "people"),
    "visit": BaseUnit("visits (人次)", "visits"),
    "P": BaseUnit("computing power (PFLOPS)", "P"),
    "TEU": BaseUnit("containers (TEU)", "TEU"),
}

# Unit words as cards write them (Chinese), each a base unit and its size in it.
BASE_UNITS: dict[str, tuple[str, ExactSize]] = {
    "元": ("CNY", "1"),
    "美元": ("USD", "1"),
    "吨": ("t", "1"),
    "公斤": ("kg", "1"),
    "千克": ("kg", "1"),
    "亩": ("mu", "1"),
    "公顷": ("ha", "1"),
    "公里": ("km", "1"),
    "千米": ("km", "1"),
    "公里/小时": ("km/h", "1"),
    "米": ("m", "1"),
    "平方公里": ("km2", "1"),
    "平方千米": ("km2", "1"),
    "平方米": ("m2", "1"),
    "立方米": ("m3", "1"),
    "千瓦": ("kW", "1"),
    "千瓦时": ("kWh", "1"),
    "小时": ("h", "1"),
    "%": ("ratio", "0.01"),
    "％": ("ratio", "0.01"),
    "个百分点": ("pp", "0.01"),
    "百分点": ("pp", "0.01"),
    "倍": ("times", "1"),
    "个": ("count", "1"),
    "家": ("count", "1"),
    "项": ("count", "1"),
    "座": ("count", "1"),
    "条": ("count", "1"),
    "所": ("count", "1"),
    "次": ("count", "1"),
    "列": ("count", "1"),
    "户": ("count", "1"),
    "辆": ("count", "1"),
    "台": ("count", "1"),
    "架": ("count", "1"),
    "艘": ("count", "1"),
    "件": ("count", "1"),
    "套": ("count", "1"),
    "场": ("count", "1"),
    "届": ("count", "1"),
    "批": ("count", "1"),
    "种": ("count", "1"),
    "人": ("person", "1"),
    "名": ("person", "1"),
    "位": ("person", "1"),
    "人次": ("visit", "1"),
    "P": ("P", "1"),
    "标准箱": ("TEU", "1"),
    "": ("", "1"),
}

# Words before a number that make it a rate: 时速400公里 is 400 公里/小时.
RATE_PREFIXES: dict[str, str] = {"时速": "/小时"}

# Unit names a reader may type for --unit that are not Chinese unit words, as (base unit, size in it).
NAMED_UNITS: dict[str, tuple[str, float]] = {
    "cny": ("CNY", 1.0),
    "yuan": ("CNY", 1.0),
    "rmb": ("CNY", 1.0),
    "usd": ("USD", 1.0),
    "t": ("t", 1.0),
    "tonne": ("t", 1.0),
    "tonnes": ("t", 1.0),
    # Chinese figures are in 吨, metric tonnes: a reader who types tons means those (no short ton).
    "ton": ("t", 1.0),
    "tons": ("t", 1.0),
    "kg": ("kg", 1.0),
    "ha": ("ha", 1.0),
    "hectare": ("ha", 1.0),
    "hectares": ("ha", 1.0),
    "mu": ("mu", 1.0),
    "km": ("km", 1.0),
    "ratio": ("ratio", 1.0),
    "percent": ("ratio", 0.01),
}

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_POSITIONS = {"十": 10, "百": 100, "千": 1000}


# A figure as written in a text has at most this many digits before its point (or zeros after it):
# 999 trillion of any unit is beyond every real figure, and far inside what a float holds exactly
# enough, so a typo or a hostile card ("1e9999999") is refused with a message instead of
# overflowing the arithmetic or turning into infinity.
MAX_DIGITS = 15
MAX_NORMALIZED = 1e30  # in a base unit: 1e15 万亿元 is 1e27 yuan
MAX_MAGNITUDE_WORDS = 4  # 千万亿 is two; a unit of a thousand 万 is not a unit


class FigureFormatError(ValueError):
    """A figure's value cannot be read as a number."""


def parse_chinese_integer(text: str) -> int:
    """Small Chinese numerals below 10,000: 一 → 1, 十二 → 12, 三百零五 → 305."""
    total, digit = 0, None
    for char in text:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in CHINESE_POSITIONS:
            total += (1 if digit is None else digit) * CHINESE_POSITIONS[char]
            digit = None
        else:
            raise FigureFormatError(f"not a number: {text!r}")
    return total + (digit or 0)


def parse_value(text: str) -> "Decimal":
    """A figure's value as written: 8.7, 20,000, 20000, or simple Chinese numerals."""
    from decimal import Decimal, InvalidOperation

    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned:
        raise FigureFormatError("empty value")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return Decimal(parse_chinese_integer(cleaned))
    if not number.is_finite():
        raise FigureFormatError(f"not a finite number: {text!r}")
    if number and abs(number.adjusted()) >= MAX_DIGITS:
        raise FigureFormatError(f"out of range: a figure has at most {MAX_DIGITS} digits before or after its point")
    return number


def significant_digits(text: str) -> int:
    """How many digits of a written value are significant, which is as precise as the source is:
    6.4 → 2, 3811.6 → 5, 200 → 3, 0.5 → 1, 四 → 1."""
    number = parse_value(text)
    digits = number.as_tuple().digits
    return max(1, len(digits) - next((i for i, d in enumerate(digits) if d), len(digits)))


def shown_decimals(value: float, digits: int) -> int:
    """Decimals that show `value` to `digits` significant digits, never rounding away whole units:
    133,333.33 to 3 digits → 0 decimals (133,333); 0.38116 to 5 → 5."""
    if value == 0:
        return 0
    import math

    return max(0, digits - 1 - math.floor(math.log10(abs(value))))


def split_unit(unit: str) -> tuple[int, str]:
    """Split 万亿元 into (10**12, 元); a known base word (千米) is never split."""
    rest, multiplier = unit.strip(), 1
    for _ in range(MAX_MAGNITUDE_WORDS):
        if rest in BASE_UNITS:
            break
        word, factor = next(((w, f) for w, f in MAGNITUDES if rest.startswith(w)), ("", 1))
        if not word:
            break
        rest, multiplier = rest[len(word) :], multiplier * factor
    return multiplier, rest


def normalize(value: str, unit: str) -> tuple[float, str]:
    """The figure in its base unit: ("8.7", "万亿元") → (8.7e12, "CNY")."""
    number = parse_value(value)
    multiplier, base_word = split_unit(unit)
    from decimal import Decimal

    base_unit, scale = BASE_UNITS.get(base_word, (base_word, "1"))
    try:
        normalized = float(number * multiplier * Decimal(scale))
    except ArithmeticError:  # decimal.Overflow and its kin
        normalized = math.inf
    if not math.isfinite(normalized) or abs(normalized) > MAX_NORMALIZED:
        raise FigureFormatError(f"out of range: {value}{unit} is more than {MAX_NORMALIZED:g} in its base unit")
    return normalized, base_unit


def unit_size(unit: str) -> float:
    """How many base units one of this unit is: 万亿元 → 1e12."""
    multiplier, word = split_unit(unit)
    return multiplier * float(BASE_UNITS.get(word, ("", "1"))[1])


# --- figures in the reader's own unit (--unit) ------------------------------------------------------
# 8.7万亿元 → 87,000 亿元, 3811.6万吨 → 38,116,000 t, 200万亩 → 133,333 ha. Only within one dimension;
# anything else is an error that says why.


class TargetUnit(NamedTuple):
    text: str  # as the user wrote it
    base: str
    size: float  # how many base units one target unit is


class Converted(NamedTuple):
    value: float
    unit: str


def parse_target(text: str) -> TargetUnit:
    named = NAMED_UNITS.get(text.strip().casefold())
    if named is not None:
        return TargetUnit(text.strip(), *named)
    multiplier, word = split_unit(text)
    if word not in BASE_UNITS or not text.strip():
        known = tuple(sorted({*NAMED_UNITS, *(w for w in BASE_UNITS if w)}))
        raise UsageError.of("unknown_unit", value=text, known=known)
    base, scale = BASE_UNITS[word]
    return TargetUnit(text.strip(), base, multiplier * float(scale))


def base_ratio(have: str, want: str) -> float | None:
    """How many `have` base units make one `want` base unit, or None across dimensions."""
    if have == want:
        return 1.0
    first, second = BASES.get(have), BASES.get(want)
    if first is None or second is None or first.dimension != second.dimension:
        return None
    from decimal import Decimal

    return float(Decimal(first.per_reference) / Decimal(second.per_reference))


def convertible(figure: Figure, target: TargetUnit) -> bool:
    return base_ratio(figure.base_unit, target.base) is not None


def convert(figure: Figure, target: TargetUnit) -> Converted:
    per = base_ratio(figure.base_unit, target.base)
    if per is None:
        raise incompatible(figure.base_unit, target)
    return Converted(figure.normalized / per / target.size, target.text)


def measures(figures: "Sequence[Figure]") -> tuple[str, ...]:
    """What a card's figures measure (length, money (yuan), a count …): a question asked in a unit
    (多少公里) is answered only by a figure of the same kind, not a speed in 公里/小时."""
    return tuple(sorted({dimension_of(figure.base_unit) for figure in figures}))


def amounts(figures: "Sequence[Figure]") -> tuple[tuple[str, float], ...]:
    """Each figure's amount in its base unit (("CNY", 8.7e12)): a figure typed at another scale
    (87000亿元 for 8.7万亿元) is the same figure."""
    return tuple((figure.base_unit, figure.normalized) for figure in figures)


# A share and a change in a share (6.5%, 2个百分点): a rate of something, never its amount.
RELATIVE_BASES = frozenset({"ratio", "pp"})


def relative_dimensions() -> frozenset[str]:
    return frozenset(BASES[base].dimension for base in RELATIVE_BASES)


def dimension_of(base: str) -> str:
    known = BASES.get(base)
    return known.dimension if known else (base or "a plain number")


def incompatible(base: str, target: TargetUnit) -> UsageError:
    """The error for a unit of another dimension: it says what each measures."""
    return UsageError.of("incompatible_unit", have=dimension_of(base), unit=target.text, want=dimension_of(target.base))
