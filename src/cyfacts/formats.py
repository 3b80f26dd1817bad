"""Records to text in the machine formats: JSON, JSON Lines, CSV and YAML. No printing here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("json", "jsonl", "csv", "yaml")
# Excel only reads CSV as UTF-8 when the file starts with a byte-order mark.
CSV_BOM = "\ufeff"


def to_json(records: Sequence[dict[str, Any]] | dict[str, Any]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_jsonl(records: Sequence[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def flat_value(value: Any) -> str:
    """Lists become '; '-joined text (figures by their text form); None becomes an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(item["text"] if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(records: Sequence[dict[str, Any]]) -> str:
    import csv  # only CSV output pays for it
    import io

    if not records:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(records[0]))
    for record in records:
        writer.writerow([flat_value(v) for v in record.values()])
    return CSV_BOM + buffer.getvalue()


def to_yaml(records: Sequence[dict[str, Any]]) -> str:
    import yaml  # only the YAML export pays for it

    return str(yaml.safe_dump(list(records), allow_unicode=True, sort_keys=False, width=1000))


def render(records: Sequence[dict[str, Any]], fmt: str) -> str:
    return {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "yaml": to_yaml}[fmt](records)
