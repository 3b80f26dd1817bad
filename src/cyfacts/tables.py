"""Rich renderables for people. Card text always goes in as Text, so it is never read as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cyfacts.model import Card, Problem, Source
from cyfacts.records import figure_text
from cyfacts.search import Result
from cyfacts.stats import Stats
from cyfacts.textnorm import fold

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


def figures_cell(card: Card) -> Text:
    return folded_text("\n".join(figure_text(f) for f in card.figures))


def year_cell(card: Card) -> Text:
    year = card.as_of or str(card.year)
    return Text(year + ("*" if card.year_inferred else ""))


def place_cell(card: Card) -> Text:
    return folded_text(f"{card.theme}\n{card.section}", style="")


LITERAL_MATCHES = ("exact", "word", "prefix")


def matched_terms(result: Result) -> list[str]:
    """The terms that stand as written in the card, so they can be marked in its claim."""
    return [m.term for m in result.matches if m.how in LITERAL_MATCHES]


def explanation(result: Result) -> str:
    """Why a card scored: each query term, the field it was found in, how, and what it earned."""
    parts = [f"{m.term}: {m.field} {m.how} {m.score:.2f}" for m in result.matches]
    return f"score {result.score:g} ← " + "; ".join(parts)


def claim_cell(result: Result, explain: bool) -> Text:
    cell = highlight(result.card.claim, matched_terms(result))
    if explain:
        cell.append("\n" + explanation(result), style="dim")
    return cell


def results_table(results: Sequence[Result], explain: bool = False) -> Table:
    inferred = any(r.card.year_inferred for r in results)
    table = Table(show_lines=True, caption="* year inferred: the quote names no year" if inferred else None)
    for name in ("#", "claim", "figure", "year", "theme / section", "id"):
        table.add_column(name, overflow="fold", no_wrap=name in ("#", "year"))
    for rank, result in enumerate(results, start=1):
        card = result.card
        table.add_row(
            Text(str(rank)),
            claim_cell(result, explain),
            figures_cell(card),
            year_cell(card),
            place_cell(card),
            folded_text(card.id, style="cyan"),
        )
    return table


def narrow_list(results: Sequence[Result], explain: bool = False) -> Group:
    """For terminals too narrow for a table: one block per card, every line folded to fit."""
    blocks: list[RenderableType] = []
    for rank, result in enumerate(results, start=1):
        card = result.card
        block = Text(overflow="fold")
        block.append(f"{rank}. {card.id}\n", style="cyan")
        block.append_text(claim_cell(result, explain))
        for line in (", ".join(figure_text(f) for f in card.figures), year_cell(card).plain, card.theme, card.section):
            if line:
                block.append(f"\n{line}")
        blocks.append(block)
        blocks.append(Text(""))
    return Group(*blocks)


def cards_table(cards: Sequence[Card]) -> Table:
    inferred = "; * year inferred: the quote names no year" if any(c.year_inferred for c in cards) else ""
    table = Table(show_lines=True, caption=f"{len(cards)} cards{inferred}")
    for name in ("id", "claim", "figure", "year", "theme / section"):
        table.add_column(name, overflow="fold", no_wrap=name == "year")
    for card in cards:
        table.add_row(
            folded_text(card.id, style="cyan"),
            folded_text(card.claim),
            figures_cell(card),
            year_cell(card),
            place_cell(card),
        )
    return table


def results_view(results: Sequence[Result], width: int, explain: bool = False) -> RenderableType:
    return narrow_list(results, explain) if width < NARROW else results_table(results, explain)


def cards_view(cards: Sequence[Card], width: int) -> RenderableType:
    return narrow_list([Result(card, 0.0) for card in cards]) if width < NARROW else cards_table(cards)


def card_view(card: Card, source: Source | None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    section = source.section(card.section) if source else None
    expert = section.expert if section else None
    rows: list[tuple[str, str | None]] = [
        ("id", card.id),
        ("claim", card.claim),
        ("claim_en", card.claim_en),
        ("quote", f"“{card.quote}”"),
        ("figures", "; ".join(figure_text(f) for f in card.figures) or None),
        ("year", f"{card.year}" + (" (inferred: the quote names no year)" if card.year_inferred else "")),
        ("as_of", card.as_of),
        ("theme", card.theme),
        ("kind", card.kind),
        ("source", f"{card.source} · {source.title}" if source else card.source),
        ("section", card.section),
        ("subsection", card.subsection),
        ("speaker", f"{card.speaker}（{expert.affiliation}）" if expert else card.speaker),
        ("tags", ", ".join(card.tags)),
        ("note", card.note),
        ("file", card.path),
    ]
    for name, value in rows:
        if value:
            table.add_row(Text(name), folded_text(value))
    return table


def bar(count: int, largest: int) -> Text:
    width = max(1, round(BAR_WIDTH * count / largest)) if largest else 0
    return Text("█" * width, style="green")


def stats_view(stats: Stats) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{stats.total} cards", style="bold")]
    for name, counts in stats.counts.items():
        table = Table(title=f"by {name}", title_justify="left", show_edge=False)
        table.add_column(name, overflow="fold")
        table.add_column("cards", justify="right")
        table.add_column("", no_wrap=True)
        largest = max((c.count for c in counts), default=0)
        for count in counts:
            table.add_row(folded_text(count.value), Text(str(count.count)), bar(count.count, largest))
        parts.append(table)
    if stats.figures:
        table = Table(title="figures", title_justify="left", show_lines=True)
        for name in ("figure", "year", "claim", "id"):
            table.add_column(name, overflow="fold")
        for card, figure in stats.figures:
            table.add_row(
                folded_text(figure_text(figure)),
                year_cell(card),
                folded_text(card.claim),
                folded_text(card.id, style="cyan"),
            )
        parts.append(table)
    return Group(*parts)


def problems_text(problems: Sequence[Problem]) -> Text:
    return Text("\n".join(map(str, problems)))
