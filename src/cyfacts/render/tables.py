"""Rich renderables for people. Card text always goes in as Text, so it is never read as markup.

Every table fits the terminal's width without breaking an id, a figure or a year (render/grid.py);
on a terminal too narrow for that, each row becomes a block of lines."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from cyfacts.model.cards import Card, Source
from cyfacts.model.text import fold
from cyfacts.render.escape import printable
from cyfacts.render.grid import Block, Column, blocks, fitted_table, indented, piece_lines, wrapped
from cyfacts.render.presentation import Presentation, explanation, year_text
from cyfacts.render.words import LABELS, counted
from cyfacts.search.ranking import Result

if TYPE_CHECKING:
    from cyfacts.services.stats import Count, Stats  # only the stats command needs the module

BAR_WIDTH = 24
MATCH_STYLE = "bold yellow"
ID_STYLE = "cyan"
# The least width the claim column may have before a table gives way to blocks: about ten Chinese
# characters, or four or five English words.
CLAIM_LEAST = {"zh": 20, "en": 30}


def folded_text(text: str, style: str = "") -> Text:
    return Text(printable(text), style=style, overflow="fold")


def highlight(text: str, terms: Sequence[str]) -> Text:
    """Mark the query terms where they occur; matching is case- and width-insensitive."""
    text = printable(text)
    out = folded_text(text)
    folded = fold(text)
    if len(folded) != len(text):
        return out  # positions would not line up; show it plain rather than mark the wrong letters
    for term in terms:
        start = folded.find(term)
        while term and start != -1:
            out.stylize(MATCH_STYLE, start, start + len(term))
            start = folded.find(term, start + len(term))
    return out


def figures_cell(card: Card, view: Presentation) -> Text:
    return Text("\n".join(view.figures(card)))


def year_cell(card: Card) -> Text:
    return Text(year_text(card))


def place_cell(card: Card, view: Presentation) -> Text:
    """The card's theme and section, shown small under its claim."""
    return Text(f"{view.theme(card)} · {view.section(card)}", style="dim")


def id_cell(card: Card) -> Text:
    return Text(card.id, style=ID_STYLE)


LITERAL_MATCHES = ("exact", "word", "prefix")


def matched_terms(result: Result) -> list[str]:
    """The terms that stand as written in the card, so they can be marked in its claim."""
    return [m.term for m in result.matches if m.how in LITERAL_MATCHES]


COVERAGE_STYLE = {"partial": "yellow", "approximate": "magenta"}


def claim_cell(result: Result, explain: bool, view: Presentation) -> Text:
    cell = highlight(view.claim(result.card), matched_terms(result))
    note = view.coverage(result)
    if note:
        cell.append("\n" + note, style=COVERAGE_STYLE.get(result.coverage, ""))
    if explain:
        cell.append("\n" + explanation(result), style="dim")
    return cell


def with_place(claim: Text, card: Card, view: Presentation) -> Text:
    return Text("\n").join([claim, place_cell(card, view)])


def inferred_note(cards: Sequence[Card], view: Presentation) -> str | None:
    return view.label("inferred") if any(c.year_inferred for c in cards) else None


def results_view(results: Sequence[Result], width: int, explain: bool, view: Presentation) -> RenderableType:
    """Rank, claim (with theme and section under it), figures, year and id; blocks when narrow."""
    cards = [r.card for r in results]
    claims = [claim_cell(r, explain, view) for r in results]
    columns = [
        Column(view.label("rank"), [Text(str(rank)) for rank in range(1, len(results) + 1)], justify="right"),
        Column(view.label("claim"), [with_place(c, card, view) for c, card in zip(claims, cards, strict=True)], True),
        Column(view.label("figure"), [figures_cell(card, view) for card in cards]),
        Column(view.label("year"), [year_cell(card) for card in cards]),
        Column(view.label("id"), [id_cell(card) for card in cards]),
    ]
    note = inferred_note(cards, view)
    table = fitted_table(columns, width, CLAIM_LEAST[view.lang], note)
    if table is not None:
        return table
    indent = len(str(len(results))) + 2
    rows = [
        Block(
            Text(f"{rank:>{indent - 2}}  ").append_text(id_cell(card)),
            [*(Text(view.figure(f, card)) for f in card.figures), year_cell(card)],
            [claim, place_cell(card, view)],
            indent,
        )
        for rank, (claim, card) in enumerate(zip(claims, cards, strict=True), start=1)
    ]
    return blocks(rows, width, note)


def cards_view(cards: Sequence[Card], width: int, view: Presentation) -> RenderableType:
    """Id, claim (with theme and section under it), figures and year; blocks when narrow."""
    columns = [
        Column(view.label("id"), [id_cell(card) for card in cards]),
        Column(view.label("claim"), [with_place(Text(view.claim(card)), card, view) for card in cards], True),
        Column(view.label("figure"), [figures_cell(card, view) for card in cards]),
        Column(view.label("year"), [year_cell(card) for card in cards]),
    ]
    inferred = inferred_note(cards, view)
    caption = counted(len(cards), "card", view.lang) + (f"{view.label('separator')}{inferred}" if inferred else "")
    table = fitted_table(columns, width, CLAIM_LEAST[view.lang], caption)
    if table is not None:
        return table
    rows = [
        Block(
            id_cell(card),
            [*(Text(view.figure(f, card)) for f in card.figures), year_cell(card)],
            [Text(view.claim(card)), place_cell(card, view)],
            2,
        )
        for card in cards
    ]
    return blocks(rows, width, caption)


WHOLE_FIELDS = ("id", "file")  # an id or a path is copied whole, so it is never broken across lines


def card_view(
    card: Card, source: Source | None, view: Presentation, related: Sequence[Card] = (), width: int = 80
) -> RenderableType:
    """The card field by field: names in a column, values wrapped beside them; an id or a file path
    stays whole on its line even when it is wider than the terminal."""
    rows = [(key, view.field_label(key), value) for key, value in view.fields(card, source) if value]
    label_width = max(Text(label).cell_len for _, label, _ in rows)
    room = max(1, width - label_width - 2)
    out = Text(no_wrap=True, overflow="ignore")
    for number, (key, label, value) in enumerate(rows):
        out.append(("\n" if number else "") + label, style="bold")
        out.append(" " * (label_width - Text(label).cell_len + 2))
        if key in WHOLE_FIELDS:
            out.append(value, style=ID_STYLE if key == "id" else "")
            continue
        for line_number, line in enumerate(wrapped(Text(value), room).split("\n")):
            out.append("\n" + " " * (label_width + 2) if line_number else "")
            out.append_text(line)
    if not related:
        return out
    out.append(f"\n\n{view.label('related')}", style="bold")
    for other in related:
        out.append("\n")
        out.append_text(id_cell(other))
        for line in wrapped(Text(view.claim(other)), max(1, width - 2)).split("\n"):
            out.append("\n  ")
            out.append_text(line)
    return out


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> Text:
    size = max(1, round(width * count / largest)) if largest else 0
    return Text("█" * size, style="green")


def count_label(name: str, value: str | int | None, view: Presentation) -> str:
    return view.label("none") if value is None else view.value_name(name, str(value))


def field_label(name: str, view: Presentation) -> str:
    return view.label(name) if name in LABELS[view.lang] else name


def count_chart(name: str, counts: Sequence[Count], view: Presentation, width: int) -> RenderableType:
    """How many cards have each value of one field, with a bar each, fitted to the width."""
    title = field_label(name, view)
    labels = [Text(count_label(name, c.value, view)) for c in counts]
    numbers = [Text(f"{c.count:,}") for c in counts]
    count_width = max(Text(view.label("count")).cell_len, *(n.cell_len for n in numbers))
    label_width = max(Text(title).cell_len, *(label.cell_len for label in labels))
    bar_width = max(4, min(BAR_WIDTH, width - label_width - count_width - 4))
    largest = max(c.count for c in counts)
    columns = [
        Column(title, labels, flex=True),
        Column(view.label("count"), numbers, justify="right"),
        Column("", [bar(c.count, largest, bar_width) for c in counts]),
    ]
    heading = Text(f"{view.label('by')}{title}", style="bold")
    table = fitted_table(columns, width, 1, spaced=False)
    if table is None:
        rows = [
            Block(label, [number, bar(c.count, largest, bar_width)], [], 2)
            for label, number, c in zip(labels, numbers, counts, strict=True)
        ]
        return Group(heading, blocks(rows, width))
    return Group(heading, table)


def alike_line(alike: Sequence[tuple[str, Count]], view: Presentation, width: int) -> Text:
    """The fields in which every card agrees, said in a line rather than drawn as one-bar charts:
    each field and value kept whole, on as many lines as the width needs."""
    pieces = [Text(f"{field_label(name, view)} {count_label(name, c.value, view)}") for name, c in alike]
    pieces[0] = Text(view.label("alike")).append_text(pieces[0])
    return indented(piece_lines(pieces, width - 2), 2)


def stats_view(stats: Stats, view: Presentation, width: int = 80, asked: Collection[str] = ()) -> RenderableType:
    """The count, then a chart per field; a field in which every card agrees is said in one line
    instead, unless it was asked for by name (--by)."""
    parts: list[RenderableType] = [Text(counted(stats.total, "card", view.lang), style="bold")]
    alike = [(n, cs[0]) for n, cs in stats.counts.items() if len(cs) == 1 and n not in asked and stats.total]
    if alike:
        parts.append(alike_line(alike, view, width))
    for name, counts in stats.counts.items():
        if counts and (len(counts) > 1 or name in asked):
            parts.extend((Text(""), count_chart(name, counts, view, width)))
    if stats.figures:
        parts.extend((Text(""), Text(view.label("figures"), style="bold"), figures_view(stats, view, width)))
    return Group(*parts)


def figures_view(stats: Stats, view: Presentation, width: int) -> RenderableType:
    pairs = stats.figures
    columns = [
        Column(view.label("figure"), [Text(view.figure(figure, card)) for card, figure in pairs]),
        Column(view.label("year"), [year_cell(card) for card, _ in pairs]),
        Column(view.label("claim"), [Text(view.claim(card)) for card, _ in pairs], True),
        Column(view.label("id"), [id_cell(card) for card, _ in pairs]),
    ]
    note = inferred_note([card for card, _ in pairs], view)
    table = fitted_table(columns, width, CLAIM_LEAST[view.lang], note)
    if table is not None:
        return table
    rows = [
        Block(id_cell(card), [Text(view.figure(figure, card)), year_cell(card)], [Text(view.claim(card))], 2)
        for card, figure in pairs
    ]
    return blocks(rows, width, note)
