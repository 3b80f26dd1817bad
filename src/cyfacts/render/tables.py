"""Rich renderables for people. Card text always goes in as Text, so it is never read as markup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cyfacts.model.cards import Card, Source
from cyfacts.model.text import fold
from cyfacts.render.presentation import Presentation
from cyfacts.render.words import LABELS
from cyfacts.search.ranking import Result

if TYPE_CHECKING:
    from cyfacts.services.stats import Stats  # only the stats command needs the module

BAR_WIDTH = 24
NARROW = 60  # below this many columns a six-column table cannot show Chinese text readably
MATCH_STYLE = "bold yellow"


def folded_text(text: str, style: str = "") -> Text:
    return Text(text, style=style, overflow="fold")


def highlight(text: str, terms: Sequence[str]) -> Text:
    """Mark the query terms where they occur; matching is case- and width-insensitive."""
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
    return folded_text("\n".join(view.figure(f) for f in card.figures))


def year_cell(card: Card) -> Text:
    year = card.as_of or str(card.year)
    return Text(year + ("*" if card.year_inferred else ""))


def place_cell(card: Card, view: Presentation) -> Text:
    return folded_text(f"{view.theme(card)}\n{view.section(card)}")


LITERAL_MATCHES = ("exact", "word", "prefix")


def matched_terms(result: Result) -> list[str]:
    """The terms that stand as written in the card, so they can be marked in its claim."""
    return [m.term for m in result.matches if m.how in LITERAL_MATCHES]


def explanation(result: Result) -> str:
    """Why a card scored: each query term, the field it was found in, how, and what it earned."""
    parts = [f"{m.term}: {m.field} {m.how} {m.score:.2f}" for m in result.matches]
    return f"score {result.score:g} ← " + "; ".join(parts)


COVERAGE_STYLE = {"partial": "yellow", "approximate": "magenta"}


def claim_cell(result: Result, explain: bool, view: Presentation) -> Text:
    cell = highlight(view.claim(result.card), matched_terms(result))
    note = view.coverage(result)
    if note:
        cell.append("\n" + note, style=COVERAGE_STYLE.get(result.coverage, ""))
    if explain:
        cell.append("\n" + explanation(result), style="dim")
    return cell


def results_table(results: Sequence[Result], explain: bool, view: Presentation) -> Table:
    inferred = any(r.card.year_inferred for r in results)
    table = Table(show_lines=True, caption=view.label("inferred") if inferred else None)
    for key in ("rank", "claim", "figure", "year", "place", "id"):
        table.add_column(view.label(key), overflow="fold", no_wrap=key in ("rank", "year"))
    for rank, result in enumerate(results, start=1):
        card = result.card
        table.add_row(
            Text(str(rank)),
            claim_cell(result, explain, view),
            figures_cell(card, view),
            year_cell(card),
            place_cell(card, view),
            folded_text(card.id, style="cyan"),
        )
    return table


def narrow_list(results: Sequence[Result], explain: bool, view: Presentation) -> Group:
    """For terminals too narrow for a table: one block per card, every line folded to fit."""
    blocks: list[RenderableType] = []
    for rank, result in enumerate(results, start=1):
        card = result.card
        block = Text(overflow="fold")
        block.append(f"{rank}. {card.id}\n", style="cyan")
        block.append_text(claim_cell(result, explain, view))
        figures = ", ".join(view.figure(f) for f in card.figures)
        for line in (figures, year_cell(card).plain, view.theme(card), view.section(card)):
            if line:
                block.append(f"\n{line}")
        blocks.append(block)
        blocks.append(Text(""))
    return Group(*blocks)


def cards_table(cards: Sequence[Card], view: Presentation) -> Table:
    inferred = f"; {view.label('inferred')}" if any(c.year_inferred for c in cards) else ""
    table = Table(show_lines=True, caption=f"{len(cards)} {view.label('cards')}{inferred}")
    for key in ("id", "claim", "figure", "year", "place"):
        table.add_column(view.label(key), overflow="fold", no_wrap=key == "year")
    for card in cards:
        table.add_row(
            folded_text(card.id, style="cyan"),
            folded_text(view.claim(card)),
            figures_cell(card, view),
            year_cell(card),
            place_cell(card, view),
        )
    return table


def results_view(results: Sequence[Result], width: int, explain: bool, view: Presentation) -> RenderableType:
    return narrow_list(results, explain, view) if width < NARROW else results_table(results, explain, view)


def cards_view(cards: Sequence[Card], width: int, view: Presentation) -> RenderableType:
    if width < NARROW:
        return narrow_list([Result(card, 0.0) for card in cards], False, view)
    return cards_table(cards, view)


def card_view(card: Card, source: Source | None, view: Presentation, related: Sequence[Card] = ()) -> RenderableType:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    section = source.section(card.section) if source else None
    expert = section.expert if section else None
    other_language = card.claim if view.lang == "en" else card.claim_en
    rows: list[tuple[str, str | None]] = [
        ("id", card.id),
        ("claim", view.claim(card)),
        ("claim_en", other_language),
        ("quote", f"“{card.quote}”"),
        ("figures", "; ".join(view.figure(f) for f in card.figures) or None),
        ("year", f"{card.year}" + (f" ({view.label('inferred').lstrip('* ')})" if card.year_inferred else "")),
        ("as_of", card.as_of),
        ("theme", view.theme(card)),
        ("kind", view.kind(card)),
        ("source", f"{card.source} · {source.title}" if source else card.source),
        ("section", view.section(card)),
        ("subsection", card.subsection),
        ("speaker", f"{card.speaker}（{expert.affiliation}）" if expert else card.speaker),
        ("tags", ", ".join(card.tags)),
        ("note", card.note),
        ("file", card.path),
    ]
    for key, value in rows:
        if value:
            table.add_row(Text(view.label(key)), folded_text(value))
    if not related:
        return table
    listing = Text(f"\n{view.label('related')}\n", style="bold")
    for other in related:
        listing.append(f"{other.id}", style="cyan")
        listing.append(f"  {view.claim(other)}\n")
    return Group(table, listing)


def bar(count: int, largest: int) -> Text:
    width = max(1, round(BAR_WIDTH * count / largest)) if largest else 0
    return Text("█" * width, style="green")


def count_label(name: str, value: str, view: Presentation) -> str:
    if name == "theme":
        return view.theme_name(value)
    return view.kind_name(value) if name == "kind" else value


def stats_view(stats: Stats, view: Presentation) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{stats.total} {view.label('cards')}", style="bold")]
    for name, counts in stats.counts.items():
        title = view.label(name) if name in LABELS[view.lang] else name
        table = Table(title=f"{view.label('by')} {title}", title_justify="left", show_edge=False)
        table.add_column(title, overflow="fold")
        table.add_column(view.label("count"), justify="right")
        table.add_column("", no_wrap=True)
        largest = max((c.count for c in counts), default=0)
        for count in counts:
            label = count_label(name, count.value, view)
            table.add_row(folded_text(label), Text(str(count.count)), bar(count.count, largest))
        parts.append(table)
    if stats.figures:
        table = Table(title=view.label("figures"), title_justify="left", show_lines=True)
        for key in ("figure", "year", "claim", "id"):
            table.add_column(view.label(key), overflow="fold")
        for card, figure in stats.figures:
            table.add_row(
                folded_text(view.figure(figure)),
                year_cell(card),
                folded_text(view.claim(card)),
                folded_text(card.id, style="cyan"),
            )
        parts.append(table)
    return Group(*parts)
