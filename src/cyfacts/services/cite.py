"""Ready-to-paste references for a source, in GB/T 7714-2015, GB/T 7714-2025, BibTeX and CSL-JSON.

Only what the source record holds is cited. A field the record lacks (this article names no newspaper
and prints no date) is never invented: the GB/T styles show a visible placeholder in its place, the
machine formats leave the field out and say so in a note, and every missing field is reported, with
the _source.yaml field that would fill it, so the command can warn on stderr. The source's experts
are its authors, in section order. A record with a `url` is cited as an online newspaper ([N/OL]),
with the date it was accessed.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from cyfacts.model.cards import Source

STYLES = ("gbt7714-2015", "gbt7714-2025", "bibtex", "csl-json")
MAX_AUTHORS = 3  # GB/T 7714: more than three authors → the first three and 等
NEWSPAPER_PLACEHOLDER = "[报纸名不详]"
DATE_PLACEHOLDER = "[出版日期不详]"
PAGE_PLACEHOLDER = "[版次不详]"


class Citation(NamedTuple):
    text: str
    missing: tuple[str, ...]  # what the source record does not show, for the warning
    fields: tuple[str, ...] = ()  # the _source.yaml fields that would fill it, written as in the file


def authors(source: Source) -> list[str]:
    names: list[str] = []
    for section in source.sections:
        if section.expert and section.expert.name not in names:
            names.append(section.expert.name)
    return names


# What each gap is, and the _source.yaml line that fills it.
GAPS = {
    "publisher": ("newspaper (publisher)", "publisher: 报纸名"),
    "date": ("publication date", "date: YYYY-MM-DD"),
    "page": ("page (版次)", "page: 版次"),
    "accessed": ("date the url was read", "accessed: YYYY-MM-DD"),
}


def gaps(source: Source) -> list[str]:
    """The record's fields a citation needs and does not have."""
    needed = ["publisher", "date", "page"] + (["accessed"] if source.url else [])
    return [name for name in needed if not getattr(source, name)]


def missing_fields(source: Source) -> tuple[str, ...]:
    missing = []
    for name in gaps(source):
        label = GAPS[name][0]
        if name == "date":
            label += f" (year {source.year} is {'inferred' if source.year_inferred else 'known'})"
        missing.append(label)
    return tuple(missing)


def date_text(source: Source) -> str:
    """The exact date if the record has one; else an inferred year in square brackets, as GB/T 7714
    writes an estimated year; else a placeholder."""
    if source.date:
        return source.date
    if source.year_inferred:
        return f"[{source.year}]"
    return str(source.year) if source.year else DATE_PLACEHOLDER


def gbt7714(source: Source, edition: str) -> str:
    """主要责任者. 题名[N]. 报纸名, 出版日期(版次).  Online: 题名[N/OL]. 报纸名, 出版日期(版次)[引用日期].
    URL.  The 2025 edition writes Chinese entries with full-width commas and brackets; the 2015
    edition with half-width ones."""
    full_width = edition == "2025"
    comma, left, right = ("，", "（", "）") if full_width else (", ", "(", ")")
    names = authors(source)
    shown = names[:MAX_AUTHORS] + (["等"] if len(names) > MAX_AUTHORS else [])
    head = f"{comma.join(shown)}. " if shown else ""
    newspaper = source.publisher or NEWSPAPER_PLACEHOLDER
    kind = "N/OL" if source.url else "N"
    page = source.page or PAGE_PLACEHOLDER
    entry = f"{head}{source.title}[{kind}]. {newspaper}{comma}{date_text(source)}{left}{page}{right}"
    if source.url:
        accessed = f"[{source.accessed}]" if source.accessed else ""
        return f"{entry}{accessed}. {source.url}."
    return f"{entry}."


def bibtex(source: Source) -> str:
    fields = [("author", " and ".join(authors(source))), ("title", source.title)]
    if source.publisher:
        fields.append(("journal", source.publisher))
    fields.append(("year", str(source.year)))
    if source.date:
        fields.append(("date", source.date))
    if source.page:
        fields.append(("pages", source.page))
    if source.url:
        fields.append(("url", source.url))
    if source.accessed:
        fields.append(("urldate", source.accessed))
    fields.append(("note", machine_note(source)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{source.id},\n{body}\n}}\n"


def csl_item(source: Source) -> dict[str, object]:
    item: dict[str, object] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": source.title,
        "author": [{"literal": name} for name in authors(source)],
        "issued": {"date-parts": [[source.year]], **({"circa": True} if source.year_inferred else {})},
        **({"note": machine_note(source)} if machine_note(source) else {}),
        "language": "zh-CN",
    }
    if source.publisher:
        item["container-title"] = source.publisher
    if source.date:
        item["issued"] = {"date-parts": [date_parts(source.date)]}
    if source.page:
        item["page"] = source.page
    if source.url:
        item["URL"] = source.url
    if source.accessed:
        item["accessed"] = {"date-parts": [date_parts(source.accessed)]}
    return item


def date_parts(date: str) -> list[int]:
    """2025-09-01 → [2025, 9, 1], as CSL-JSON writes dates."""
    return [int(part) for part in date.split("-")]


def machine_note(source: Source) -> str:
    words = {"publisher": "newspaper", "date": "exact date", "page": "page", "accessed": "access date"}
    shown = [words[name] for name in gaps(source)]
    year = f"year {source.year} inferred; " if source.year_inferred else ""
    return f"{year}not shown in the source: {', '.join(shown)}" if shown else year.rstrip("; ")


def cite(sources: list[Source], style: str) -> Citation:
    """One entry per source, in the order given; what any of them lacks is listed once."""
    if style == "csl-json":
        text = json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"
    elif style == "bibtex":
        text = "\n".join(bibtex(s) for s in sources)
    else:
        text = "".join(gbt7714(s, style.rsplit("-", 1)[1]) + "\n" for s in sources)
    missing = tuple(dict.fromkeys(gap for s in sources for gap in missing_fields(s)))
    fields = tuple(dict.fromkeys(GAPS[name][1] for s in sources for name in gaps(s)))
    return Citation(text, missing, fields)
