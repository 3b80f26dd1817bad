"""Records to text in the machine formats: JSON, JSON Lines, CSV and YAML. No printing here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import Any

FORMATS = ("json", "jsonl", "csv", "yaml")
# Excel only reads CSV as UTF-8 when the file starts with a byte-order mark; other readers (Python's
# csv module, pandas, databases) take it for part of the first column's name, so it is asked for (--bom).
CSV_BOM = "\ufeff"
# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection): such text
# cells get a leading apostrophe, as OWASP recommends, so they show as the text they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@cache
def unsafe_in_json() -> re.Pattern[str]:
    """What json.dumps leaves raw but a terminal would obey: DEL, the C1 controls (0x9b is a
    one-byte CSI), bidirectional overrides and the Unicode line separators."""
    return re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def terminal_safe_json(text: str) -> str:
    """JSON text with those characters written as \\u escapes: the same JSON value, since they can
    only stand inside strings, and safe to print to a terminal."""
    if unsafe_in_json().search(text) is None:
        return text
    return unsafe_in_json().sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def dumps(value: Any, indent: int | None = None) -> str:
    return terminal_safe_json(json.dumps(value, ensure_ascii=False, indent=indent))


def to_json(records: Sequence[dict[str, Any]] | dict[str, Any]) -> str:
    return dumps(records, indent=2) + "\n"


def json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The text of to_json(list(records)), one record at a time: a whole-deck export never holds the
    deck's text in memory. Strings never hold a raw newline in JSON, so indenting each line of a
    record by two spaces nests it exactly as the whole array would."""
    opening = "[\n  "
    for record in records:
        yield opening + dumps(record, indent=2).replace("\n", "\n  ")
        opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"


def jsonl_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    return (dumps(record) + "\n" for record in records)


def flat_item(item: Any) -> str:
    """One item of a list cell: a figure by its text form, an --explain match by its values."""
    if isinstance(item, dict):
        return str(item["text"]) if "text" in item else " ".join(map(str, item.values()))
    return str(item)


def flat_value(value: Any) -> str:
    """Lists become '; '-joined text (figures by their text form); None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(map(flat_item, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def neutral_text(text: str) -> str:
    """Text that a spreadsheet would run as a formula, with a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any) -> str:
    """A cell as text; text a spreadsheet would run as a formula gets a leading apostrophe. Numbers
    (a year, a score) are never text, so a negative number stays a number."""
    cell = flat_value(value)
    return neutral_text(cell) if isinstance(value, str | list) else cell


def plain_number(value: float) -> str:
    """A number as spreadsheets read it, without exponent or a trailing .0: 8700000000000, 0.106."""
    from decimal import Decimal

    text = format(Decimal(repr(value)), "f")
    return text.removesuffix(".0") if "." in text else text


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    """A record's cells: lists flattened, and after `figures` what each comes to in its base unit
    (`normalized`, `base_unit`), so that a spreadsheet can sum and compare them. A card's several
    figures are joined with "; " in each of the three."""
    row: dict[str, str] = {}
    for key, value in record.items():
        row[key] = csv_cell(value)
        if key == "figures":
            row["normalized"] = "; ".join(plain_number(f["normalized"]) for f in value)
            row["base_unit"] = "; ".join(f["base_unit"] for f in value)
    return row


def csv_chunks(records: Iterable[dict[str, Any]], bom: bool = False) -> Iterator[str]:
    """A header from the first record's fields, then a row per record; nothing at all for none."""
    import csv  # only CSV output pays for it
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for number, record in enumerate(records):
        row = csv_row(record)
        if number == 0:
            buffer.write(CSV_BOM if bom else "")
            writer.writerow(list(row))
        writer.writerow(list(row.values()))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def yaml_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A block list of mappings, one item at a time: the same text as dumping the whole list."""
    import yaml  # only the YAML export pays for it

    empty = True
    for record in records:
        empty = False
        yield str(yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=1000))
    if empty:
        yield "[]\n"


CHUNKS: dict[str, Callable[[Iterable[dict[str, Any]]], Iterator[str]]] = {
    "json": json_chunks,
    "jsonl": jsonl_chunks,
    "csv": csv_chunks,
    "yaml": yaml_chunks,
}


def render_chunks(records: Iterable[dict[str, Any]], fmt: str, bom: bool = False) -> Iterator[str]:
    return csv_chunks(records, bom) if fmt == "csv" else CHUNKS[fmt](records)


def render(records: Iterable[dict[str, Any]], fmt: str, bom: bool = False) -> str:
    return "".join(render_chunks(records, fmt, bom))
