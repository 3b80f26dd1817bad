"""Draft cards from a new article (`cyfacts draft`): every figure the text states, each with a
proposed quote, year, section, speaker, metric, kind and id, for a person to finish.

The article is read as the bundled one is written: `# title`, `## section` headings, and an expert's
answer opening with a name line (`**张三(某研究院研究员):**…`). Sentences end at 。！？; a figure's
quote is the shortest span that holds it, its clause, widened to the clause before when that holds
its subject or the year. What only a person can write, the claim in both languages and English
tags, is left empty, and the card is marked `draft: true`: it is not served, and `validate` warns
about it, until the person removes the mark."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from cyfacts.model.cards import DeckConfig, Figure, Source
from cyfacts.model.figures import FoundFigure, StatedDate, find_figures, stated_dates
from cyfacts.model.text import squash
from cyfacts.model.units import BASE_UNITS, split_unit

LEAD_SECTION = "导语"
SENTENCE_END = "。！？"
CLAUSE_END = "，；：,;:" + SENTENCE_END
PARAGRAPH_END = SENTENCE_END + "；：”」"
EXPERT_LINE = re.compile(
    r"^\s*(?:\*\*)?(?P<name>[\u4e00-\u9fff·]{2,8})\s*[(（](?P<affiliation>[^()（）]{2,80})[)）]\s*[:：]\s*(?:\*\*)?(?P<rest>.*)$"
)
HEADING = re.compile(r"^\s*(?P<marks>#{1,6})\s*(?P<text>.+?)\s*#*\s*$")
# Words between a figure's subject and its number (…工业增加值为2.42万亿元): not part of the metric.
LINK_WORDS = re.compile(
    r"(?:分别|总计|合计|累计|共计|实现|比上年|同比|年均)?"
    r"(?:通达|为|达到|达|增至|增长到|增长|下降|提高|升至|超过|超|是|约|共|有|近|不足|逾|占|由)+$"
)
LEAD_WORDS = re.compile(r"^(?:其中|截至|截止|同时|此外|另外|目前|已|全年|当年|实现|推出|成立|新实施|建成)+")
# A clause that opens with one of these has its subject in the clause before (比上年增长6.3%).
SUBJECTLESS = re.compile(r"^(?:比上年|同比|环比|年均|分别|其中|占|较|增长|下降|提高|增加|减少)")
TRAILING_QUALIFIER = re.compile(r"(?:超过|超|逾|不足|不到|将近|接近|近|大约|约)$")
GROWTH_WORDS = ("增长", "下降", "提高", "降低", "增加", "减少", "增速", "降幅")
MAX_METRIC = 16
MAX_ID_SYLLABLES = 8


class Paragraph(NamedTuple):
    section: str
    speaker: str | None
    text: str  # markup and white space removed, as quotes are compared
    line: int  # where it starts in the article


class DraftFigure(NamedTuple):
    """A figure found in the article, with everything proposed for its card."""

    figure: FoundFigure
    quote: str
    year: int
    year_inferred: bool
    as_of: str | None
    metric: str
    section: str
    speaker: str | None
    subsection: str | None
    line: int
    sentence: str  # where the figure stands, for what its quote leaves out (the place, say)


class Article(NamedTuple):
    title: str
    sections: tuple[tuple[str, str | None, str | None], ...]  # heading, expert name, affiliation
    paragraphs: tuple[Paragraph, ...]


def read_article(text: str) -> Article:
    """The article's title, sections (with their experts) and paragraphs. Paragraphs that a page
    layout broke in the middle of a sentence are joined again."""
    title, section, speaker = "", LEAD_SECTION, None
    sections: dict[str, tuple[str | None, str | None]] = {LEAD_SECTION: (None, None)}
    paragraphs: list[Paragraph] = []
    pending: list[str] = []
    start = 0

    def close() -> None:
        body = squash("".join(pending))
        if body:
            joined = (
                paragraphs
                and paragraphs[-1].section == section
                and not paragraphs[-1].text.endswith(tuple(PARAGRAPH_END))
            )
            if joined:
                last = paragraphs.pop()
                paragraphs.append(last._replace(text=last.text + body))
            else:
                paragraphs.append(Paragraph(section, speaker, body, start))
        pending.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        heading = HEADING.match(line)
        expert = EXPERT_LINE.match(line)
        if heading:
            close()
            if len(heading.group("marks")) == 1 and not title:
                title = heading.group("text")
            else:
                section, speaker = heading.group("text"), None
                sections.setdefault(section, (None, None))
            continue
        body = line
        if expert:
            close()
            speaker = expert.group("name")
            sections[section] = (speaker, expert.group("affiliation"))
            body = expert.group("rest")
        if not body.strip():
            close()
            continue
        if not pending:
            start = number
        pending.append(body)
    close()
    listed = tuple((heading, *expert) for heading, expert in sections.items())
    used = {p.section for p in paragraphs}
    return Article(title, tuple(s for s in listed if s[0] in used), tuple(paragraphs))


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Each sentence with where it starts; a closing quote mark stays with its sentence."""
    start = 0
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            end = index + 1
            while end < len(text) and text[end] in "”」）)":
                end += 1
            if end > start:
                yield start, text[start:end]
            start = end
    if start < len(text):
        yield start, text[start:]


def clauses(sentence: str) -> list[tuple[int, int]]:
    """The clauses of a sentence as (start, end), punctuation excluded."""
    spans, start = [], 0
    for index, char in enumerate(sentence):
        if char in CLAUSE_END:
            if index > start:
                spans.append((start, index))
            start = index + 1
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def clause_of(spans: Sequence[tuple[int, int]], position: int) -> int:
    return next((i for i, (a, b) in enumerate(spans) if a <= position < b), len(spans) - 1)


def quote_span(sentence: str, found: FoundFigure, after: int, date: StatedDate | None) -> tuple[int, int, bool]:
    """The shortest span of the sentence that holds the figure: from the previous figure of its
    clause (`after`) or the clause's start, widened to the clause before when the figure's clause
    lacks its subject (比上年增长6.3%) or when the year stands there. Says whether the span holds
    the year."""
    spans = clauses(sentence)
    index = clause_of(spans, found.value_start)
    start = spans[index][0]
    if start < after <= found.start:
        lead = sentence[after : found.start].lstrip("、")
        # 14.8%、9.8% share their subject; a figure with words of its own starts after the one before.
        if lead and not SUBJECTLESS.match(lead):
            start = found.start - len(lead)
    if start == spans[index][0] and index > 0 and SUBJECTLESS.match(sentence[start : found.start]):
        index -= 1
        start = spans[index][0]
    has_year = False
    if date is not None:
        date_clause = clause_of(spans, date.start)
        if date.start >= start and date.end <= found.start:
            has_year = True
        elif date_clause == index - 1 or (date_clause == index and date.end <= found.start):
            start, has_year = min(start, spans[date_clause][0]), True
    return min(start, found.start), found.end + len(counted_noun(sentence, found)), has_year


def counted_noun(sentence: str, found: FoundFigure) -> str:
    """For a count, the thing counted where it follows the figure (126个国家和地区的…): part of the
    figure's meaning, so of its quote and metric."""
    kind = BASE_UNITS.get(split_unit(found.unit)[1], ("",))[0] if found.unit else ""
    if kind != "count" and "/" not in found.unit:  # a count, or a rate (时速400公里高速列车)
        return ""
    noun = re.split(r"[，；：,;:。！？、的等\d]", sentence[found.end :], maxsplit=1)[0][:MAX_METRIC]
    return TRAILING_QUALIFIER.sub("", noun)  # 开行约200列: the 约 is the next figure's


def date_for(dates: Sequence[StatedDate], found: FoundFigure) -> StatedDate | None:
    """The date nearest before the figure in its sentence, else the first after it."""
    before = [d for d in dates if d.end <= found.start]
    if before:
        return before[-1]
    after = [d for d in dates if d.start >= found.end]
    return after[0] if after else None


def metric_of(sentence: str, found: FoundFigure, start: int, places: Sequence[str], previous: str | None) -> str:
    """What the figure measures, from the words before it in its span (工业增加值为2.42万亿元 → 工业增加值),
    or for a count the thing counted after it (126个国家和地区 → 国家和地区数量)."""
    count = bool(found.unit) and BASE_UNITS.get(split_unit(found.unit)[1], ("",))[0] == "count"
    following = counted_noun(sentence, found)
    words = sentence[start : found.start]
    words = re.sub(r"(?:截至|截止)?\d{4}年(?:\d{1,2}月|底|末)?(?:的)?", "", words)
    words = re.split(r"[，；：,;:、]", words)[-1]
    if count and len(counted_noun(sentence, found)) >= 2:
        words = counted_noun(sentence, found)
    for place in sorted(places, key=len, reverse=True):
        words = words.replace(place, "")
    words = LEAD_WORDS.sub("", LINK_WORDS.sub("", words)).strip("的、由")
    growth = any(word in sentence[start : found.end] for word in GROWTH_WORDS) and found.unit in ("%", "％")
    if not words or words in GROWTH_WORDS or words.startswith(("比上年", "同比", "年均")):
        # 比上年增长6.3%: the growth of what the figure before measured; 时速400公里高速列车: what the
        # figure is about follows it.
        words = previous + "增速" if growth and previous else following or previous or ""
    if words and count and not words.endswith(("数", "量")):
        words += "数量"
    return words[-MAX_METRIC:]


def subsection_of(text: str) -> str | None:
    """A paragraph's lead phrase, where it opens with one (先进制造业基地集聚成势。)."""
    first = next(sentences(text), (0, ""))[1]
    return first.rstrip("。") if 4 <= len(first) <= 16 and first.endswith("。") else None


def place_names(config: DeckConfig) -> list[str]:
    return [alias for place in config.places.values() for alias in (place.name, *place.aliases)]


def draft_figures(text: str, config: DeckConfig, default_year: int | None = None) -> list[DraftFigure]:
    """Every figure of the article, with its proposed quote, year and metric."""
    article = read_article(text)
    # Without a year of its own, a figure is dated by the source: the latest year the article names.
    everywhere = [d.year for p in article.paragraphs for d in stated_dates(p.text)]
    fallback = default_year or (max(everywhere) if everywhere else 0)
    names = place_names(config)
    drafts = []
    for paragraph in article.paragraphs:
        carried: int | None = None  # the last year the paragraph named
        subsection = subsection_of(paragraph.text)
        for _, sentence in sentences(paragraph.text):
            dates = stated_dates(sentence)
            previous: str | None = None
            after = 0  # where the figure before ends
            for found in find_figures(sentence):
                date = date_for(dates, found)
                start, end, has_year = quote_span(sentence, found, after, date)
                after = found.end
                year = date.year if date else (carried or fallback)
                metric = metric_of(sentence, found, start, names, previous)
                previous = metric.removesuffix("增速") or previous
                drafts.append(
                    DraftFigure(
                        figure=found._replace(start=found.start - start, end=found.end - start),
                        quote=sentence[start:end],
                        year=year,
                        year_inferred=not has_year,
                        as_of=date.as_of if date and has_year else None,
                        metric=metric,
                        section=paragraph.section,
                        speaker=paragraph.speaker,
                        subsection=subsection,
                        line=paragraph.line,
                        sentence=sentence,
                    )
                )
            if dates:
                carried = dates[-1].year
    return drafts


# --- writing the card files -------------------------------------------------------------------------


def quoted(text: str | None) -> str:
    """A YAML scalar that reads back as exactly this text (a JSON string is a YAML one)."""
    return "null" if text is None else json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    from pypinyin import lazy_pinyin  # only drafting pays for it

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(text)[:MAX_ID_SYLLABLES]]
    return "-".join(s for s in syllables if s) or "figure"


def card_id(draft: DraftFigure, taken: set[str]) -> str:
    when = draft.as_of or str(draft.year)
    base = f"{slug(draft.metric)}-{when}"
    chosen, number = base, 2
    while chosen in taken:
        chosen, number = f"{base}-{number}", number + 1
    taken.add(chosen)
    return chosen


def places_in(quote: str, config: DeckConfig) -> list[str]:
    named = [
        place.name
        for place in config.places.values()
        if any(len(alias) > 1 and alias in quote for alias in (place.name, *place.aliases))
    ]
    # A place whose wider place is named too says it already (成都 in 四川成都).
    return [name for name in named if not any(name in config.wider(other) for other in named)]


class Drafting(NamedTuple):
    """What every file of one draft shares."""

    source_id: str
    config: DeckConfig
    text_path: str  # the article, relative to the source folder
    kind: str  # the kind proposed for a figure's card


def card_text(draft: DraftFigure, card: str, theme: str, drafting: Drafting) -> str:
    config, text_name, kind, source = drafting.config, drafting.text_path, drafting.kind, drafting.source_id
    figure = Figure(draft.figure.value, draft.figure.unit, draft.figure.qualifier, 0.0, "", draft.metric)
    # The places the quote names, else those of its sentence (增至2024年的8.7万亿元 is the subject's).
    places = places_in(draft.quote, config) or places_in(draft.sentence, config)
    tags = [draft.metric, *places]
    lines = [
        f"# Drafted by `cyfacts draft` from {text_name}, paragraph at line {draft.line}.",
        "# Write claim and claim_en in your own words, add English tags, check every field,",
        "# then remove `draft: true`.",
        "draft: true",
        f"id: {card}",
        'claim: ""',
        'claim_en: ""',
        f"quote: {quoted(draft.quote)}",
        f"source: {source}",
        f"section: {quoted(draft.section)}",
        f"subsection: {quoted(draft.subsection)}",
        f"speaker: {quoted(draft.speaker)}",
        f"places: [{', '.join(quoted(p) for p in places)}]",
        f"theme: {theme}",
        f"year: {draft.year}",
        f"year_inferred: {'true' if draft.year_inferred else 'false'}",
        f"as_of: {quoted(draft.as_of)}",
        f"kind: {kind}",
        "figures:",
        f"  - value: {quoted(figure.value)}",
        f"    unit: {quoted(figure.unit)}",
        f"    qualifier: {figure.qualifier or 'null'}",
        f"    metric: {quoted(figure.metric or None)}",
        f"tags: [{', '.join(quoted(t) for t in dict.fromkeys(tags) if t)}]",
        "note: null",
    ]
    return "\n".join(lines) + "\n"


def source_text(article: Article, year: int, drafting: Drafting) -> str:
    """A _source.yaml to start from, with what the article itself shows."""
    source_id, text_path, config = drafting.source_id, drafting.text_path, drafting.config
    theme = next(iter(config.themes))
    themes = ", ".join(config.themes)
    lines = [
        "# Drafted by `cyfacts draft`: check every field; record only what the document shows.",
        f"id: {source_id}",
        f"title: {quoted(article.title or source_id)}",
        "title_en: null",
        "publisher: null",
        "date: null",
        "page: null",
        "url: null",
        "accessed: null",
        f"year: {year}",
        "year_inferred: true",
        f"text: {quoted(text_path)}",
        "sections:",
    ]
    for heading, name, affiliation in article.sections:
        lines += [
            f"  - heading: {quoted(heading)}",
            "    heading_en: null",
            f"    theme: {theme}  # one of: {themes}",
        ]
        if name is None:
            lines.append("    expert: null")
        else:
            lines += ["    expert:", f"      name: {quoted(name)}", f"      affiliation: {quoted(affiliation)}"]
    return "\n".join(lines) + "\n"


class DraftFile(NamedTuple):
    name: str
    text: str


def draft_files(text: str, drafting: Drafting, source: Source | None, taken: set[str]) -> list[DraftFile]:
    """The files a draft writes: one card per figure, and a source record when there is none yet."""
    article = read_article(text)
    drafts = draft_figures(text, drafting.config, source.year if source else None)
    first_theme = next(iter(drafting.config.themes))
    themes = {s.heading: s.theme for s in source.sections} if source else {}
    files = []
    for draft in drafts:
        identifier = card_id(draft, taken)
        theme = themes.get(draft.section, first_theme)
        files.append(DraftFile(f"{identifier}.yaml", card_text(draft, identifier, theme, drafting)))
    if source is None:
        year = max((d.year for d in drafts), default=0) or 2000
        files.append(DraftFile("_source.yaml", source_text(article, year, drafting)))
    return files


class Drafted(NamedTuple):
    written: tuple[Path, ...]
    already: int  # figures that a card in the folder already quotes


def existing_quotes(folder: Path, config: DeckConfig) -> tuple[Source | None, set[str], set[tuple[str, str]]]:
    """The folder's source record, its card ids, and the (quote, value) of each figure its cards hold,
    so that drafting again adds only what is new."""
    from cyfacts.deck.files import CardFileError, read_fields
    from cyfacts.deck.layout import SOURCE_FILE, card_paths
    from cyfacts.deck.loader import read_card, read_source

    source = None
    if (folder / SOURCE_FILE).is_file():
        source = read_source(folder / SOURCE_FILE, str(folder / SOURCE_FILE), config)  # a broken one: an error
    ids: set[str] = set()
    held: set[tuple[str, str]] = set()
    for path in card_paths(folder) if folder.is_dir() else ():
        ids.add(path.stem)
        try:
            card = read_card(read_fields(path, str(path), "card"), str(path), False, config)
        except CardFileError as error:
            if error.unfinished is None:
                continue
            card = error.unfinished.card
        held.update((squash(card.quote), figure.value) for figure in card.figures)
    return source, ids, held


def write_draft(text_file: Path, source_id: str, folder: Path, config: DeckConfig) -> Drafted:
    """Draft card files for the article into the source folder; never overwrite a file, and skip the
    figures a card there already quotes."""
    from cyfacts.deck.loader import ID_PATTERN

    if not ID_PATTERN.fullmatch(source_id):
        raise ValueError(f"source id {source_id!r} must be a lowercase slug such as 'chengyu-twin-city-2025'")
    text = text_file.read_text(encoding="utf-8-sig")
    source, taken, held = existing_quotes(folder, config)
    if source is not None and source.id != source_id:
        raise ValueError(f"{folder} holds source {source.id!r}, not {source_id!r}")
    relative = os.path.relpath(text_file.resolve(), folder.resolve())
    folder.mkdir(parents=True, exist_ok=True)
    written, already = [], 0
    kind = "figure" if "figure" in config.kinds else next(iter(config.kinds))
    for draft in draft_files(text, Drafting(source_id, config, relative, kind), source, taken):
        if draft.name != "_source.yaml" and is_held(draft.text, held):
            already += 1
            continue
        path = folder / draft.name
        with path.open("x", encoding="utf-8") as file:  # "x": never over a file already there
            file.write(draft.text)
        written.append(path)
    return Drafted(tuple(written), already)


def is_held(card: str, held: set[tuple[str, str]]) -> bool:
    quote = next(line for line in card.splitlines() if line.startswith("quote: "))
    value = next(line for line in card.splitlines() if line.startswith("  - value: "))
    return (squash(json.loads(quote[len("quote: ") :])), json.loads(value[len("  - value: ") :])) in held
