"""Records to text in the machine formats: JSON, JSON Lines, CSV and YAML. No printing here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

FORMATS = ("json", "jsonl", "csv", "yaml")
# Excel only reads CSV as UTF-8 when the file starts with a byte-order mark; other readers (Python's
# csv module, pandas, databases) take it for part of the first column's name, so it is asked for (--bom).
CSV_BOM = "\ufeff"


def to_json(records: Sequence[dict[str, Any]] | dict[str, Any]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def json_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The text of to_json(list(records)), one record at a time: a whole-deck export never holds the
    deck's text in memory. Strings never hold a raw newline in JSON, so indenting each line of a
    record by two spaces nests it exactly as the whole array would."""
    opening = "[\n  "
    for record in records:
        yield opening + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"


def jsonl_chunks(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    return (json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def flat_value(value: Any) -> str:
    """Lists become '; '-joined text (figures by their text form); None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(item["text"] if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


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
        row[key] = flat_value(value)
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
