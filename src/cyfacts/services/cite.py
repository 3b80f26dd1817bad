"""Ready-to-paste references for a source, in GB/T 7714-2015, GB/T 7714-2025, APA 7, BibTeX and
CSL-JSON, and one expert's statement as a quotation (`quote`).

Only what the source record holds is cited. A field the record lacks (this article names no newspaper
and prints no date) is never invented: the GB/T and APA styles show a visible placeholder in its place,
the machine formats leave the field out and say so in a note, and every missing field is reported,
with the _source.yaml field that would fill it, so the command can warn on stderr. The source's
experts are its authors, in section order. A record with a `url` is cited as an online newspaper
([N/OL]), with the date it was accessed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import NamedTuple

from cyfacts.model.cards import Card, Source
from cyfacts.model.text import strip_markup

STYLES = ("gbt7714-2015", "gbt7714-2025", "apa", "bibtex", "csl-json", "quote")
MAX_AUTHORS = 3  # GB/T 7714: more than three authors → the first three and 等
APA_MAX_AUTHORS = 20  # APA 7 lists up to twenty authors
NEWSPAPER_PLACEHOLDER = "[报纸名不详]"
DATE_PLACEHOLDER = "[出版日期不详]"
PAGE_PLACEHOLDER = "[版次不详]"
APA_NEWSPAPER_PLACEHOLDER = "[Newspaper not named]"
Spell = Callable[[str], Sequence[str]]  # a name → one pinyin syllable per character


class Citation(NamedTuple):
    text: str
    missing: tuple[str, ...]  # what the source record does not show (publisher, date, page), for the warning
    romanized: tuple[str, ...] = ()  # names cyfacts wrote in pinyin itself, for the reader to check
    fields: tuple[str, ...] = ()  # the _source.yaml fields that would fill it, written as in the file


def authors(source: Source) -> list[str]:
    names: list[str] = []
    for section in source.sections:
        if section.expert and section.expert.name not in names:
            names.append(section.expert.name)
    return names


# The _source.yaml line that fills each gap.
GAPS = {
    "publisher": "publisher: 报纸名",
    "date": "date: YYYY-MM-DD",
    "page": "page: 版次",
    "accessed": "accessed: YYYY-MM-DD",
}


def gaps(source: Source) -> list[str]:
    """The record's fields a citation can use and does not have."""
    needed = ["publisher", "date", "page"] + (["accessed"] if source.url else [])
    return [name for name in needed if not getattr(source, name)]


def missing_fields(source: Source, style: str) -> tuple[str, ...]:
    """The gaps worth a warning in this style: only GB/T writes the page, so only it misses one."""
    return tuple(name for name in gaps(source) if name != "page" or style.startswith("gbt"))


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


def romanized_name(name: str, spell: Spell) -> str:
    """A Chinese name as APA writes an author: surname, then the given name's initial (潘昭宇 →
    Pan, Z.). The surname is taken to be the first character, as it is for most names."""
    syllables = [s.capitalize() for s in spell(name)]
    if len(syllables) < 2 or not all(s.isascii() and s.isalpha() for s in syllables):
        return name  # not a name in Chinese characters: as written
    return f"{syllables[0]}, {syllables[1][0]}."


def apa_authors(names: Sequence[str]) -> str:
    """APA 7: up to twenty, commas between, & before the last."""
    shown = list(names[:APA_MAX_AUTHORS])
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + ", & " + shown[-1]


def apa(source: Source, spell: Spell) -> str:
    """Author, A. (date). Title in the original [English title]. Newspaper. URL.  A source whose record
    holds no date is written (n.d.), as APA asks; its inferred year is in the warning."""
    names = [romanized_name(name, spell) for name in authors(source)]
    head = f"{apa_authors(names)} " if names else ""
    date = f"({source.date})" if source.date else "(n.d.)"
    title = f"{source.title} [{source.title_en}]" if source.title_en else source.title
    newspaper = source.publisher or APA_NEWSPAPER_PLACEHOLDER
    return f"{head}{date}. {title}. {newspaper}." + (f" {source.url}" if source.url else "")


def quotation(card: Card, source: Source | None) -> str:
    """One expert's statement ready to paste: “…”——董亚宁（中国社会科学院…），《提升成渝地区双城经济圈发展能级》."""
    section = source.section(card.section) if source else None
    expert = section.expert if section else None
    said = f"“{strip_markup(card.quote)}”——"
    if expert is not None:
        said += f"{expert.name}（{expert.affiliation}），"
    elif card.speaker:
        said += f"{card.speaker}，"
    return said + (f"《{source.title}》" if source else "")


def quotations(cards: Sequence[tuple[Card, Source | None]]) -> Citation:
    return Citation("".join(quotation(card, source) + "\n" for card, source in cards), ())


def cite(sources: list[Source], style: str, spell: Spell | None = None) -> Citation:
    """One entry per source, in the order given; what any of them lacks is listed once. APA needs
    `spell` to write the authors' names in pinyin."""
    romanized: tuple[str, ...] = ()
    if style == "csl-json":
        text = json.dumps([csl_item(s) for s in sources], ensure_ascii=False, indent=2) + "\n"
    elif style == "bibtex":
        text = "\n".join(bibtex(s) for s in sources)
    elif style == "apa":
        reading = spell or list  # without a pinyin table, names stay in characters
        text = "".join(apa(s, reading) + "\n" for s in sources)
        names = dict.fromkeys(name for s in sources for name in authors(s))
        romanized = tuple(f"{n} → {romanized_name(n, reading)}" for n in names if romanized_name(n, reading) != n)
    else:
        text = "".join(gbt7714(s, style.rsplit("-", 1)[1]) + "\n" for s in sources)
    missing = tuple(dict.fromkeys(gap for s in sources for gap in missing_fields(s, style)))
    fields = tuple(GAPS[name] for name in missing)
    return Citation(text, missing, romanized, fields)
