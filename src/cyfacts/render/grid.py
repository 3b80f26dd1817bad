"""Tables that fit the terminal without breaking what must stay whole.

Ids, figures, years and ranks never wrap: their columns are as wide as their widest cell. One column
(the claim) takes whatever width is left, and its text is broken as an editor would break it
(render/wrap.py). Below the width where that column would be too narrow to read, each row becomes a
block of lines instead, whose whole pieces still stay whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from cyfacts.render.wrap import break_lines, narrowest_fit, widest_line

if TYPE_CHECKING:
    from rich.console import JustifyMethod, RenderableType

GAP = 2  # cells between two columns (a space of padding and a space for the box's divider)
SEPARATOR = " · "  # between whole pieces that share a line in a block


class Column(NamedTuple):
    label: str
    cells: Sequence[Text]
    flex: bool = False  # the one column that takes the slack and wraps
    justify: JustifyMethod = "left"


def wrapped(text: Text, width: int) -> Text:
    """The text broken into lines of at most `width` cells, its styles kept."""
    lines = [text[start:end] for start, end in break_lines(text.plain, width)]
    return Text("\n").join(lines)


def whole_width(column: Column) -> int:
    return max([cell_len(column.label), *(widest_line(cell.plain) for cell in column.cells)])


def flex_width(columns: Sequence[Column], width: int, least: int) -> int | None:
    """The width the flex column gets at this terminal width: all that the whole columns leave, up
    to what its text needs; None if that is less than `least` or than its longest unbreakable span."""
    (flex,) = [c for c in columns if c.flex]
    left = width - GAP * (len(columns) - 1) - sum(whole_width(c) for c in columns if not c.flex)
    needed = max([cell_len(flex.label), *(narrowest_fit(cell.plain) for cell in flex.cells)])
    if left < max(least, needed):
        return None
    return min(left, whole_width(flex))


def fitted_table(
    columns: Sequence[Column], width: int, least: int, caption: str | None = None, spaced: bool = True
) -> RenderableType | None:
    """The table at this width, or None when it cannot fit without breaking a whole cell. Rows of
    several lines are `spaced` by a blank line; one-line rows (a chart) need not be."""
    flexible = flex_width(columns, width, least)
    if flexible is None:
        return None
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_lines=spaced,  # SIMPLE_HEAD draws them blank: a blank line between rows
        header_style="bold",
    )
    for column in columns:
        size = flexible if column.flex else whole_width(column)
        table.add_column(column.label, width=size, no_wrap=True, justify=column.justify)
    for row in zip(*(c.cells for c in columns), strict=True):
        table.add_row(*(wrapped(cell, flexible) if c.flex else cell for c, cell in zip(columns, row, strict=True)))
    return Group(table, Text(""), Text(caption, style="dim")) if caption else table


class Block(NamedTuple):
    """One row as lines, for a terminal too narrow for the table."""

    head: Text  # the first line, whole (a rank and an id, say)
    pieces: Sequence[Text]  # whole pieces (figures, a year), put on lines as they fit
    texts: Sequence[Text]  # text that wraps (the claim, the section)
    indent: int = 0


def piece_lines(pieces: Sequence[Text], room: int) -> list[Text]:
    """Whole pieces joined on lines as they fit, each line as long as `room` allows; a piece wider
    than that has a line of its own, whole."""
    lines: list[Text] = []
    line: Text | None = None
    for piece in pieces:
        if not piece.plain:
            continue
        if line is not None and cell_len(line.plain) + len(SEPARATOR) + cell_len(piece.plain) <= room:
            line.append(SEPARATOR, style="dim")
            line.append_text(piece)
            continue
        if line is not None:
            lines.append(line)
        line = piece.copy()
    return [*lines, line] if line is not None else lines


def indented(lines: Sequence[Text], indent: int) -> Text:
    """Lines as one text, every one but the first indented; laid out already, so never folded
    again: a long id stays whole for the terminal to show."""
    out = Text(no_wrap=True, overflow="ignore")
    for number, line in enumerate(lines):
        if number:
            out.append("\n" + " " * indent)
        out.append_text(line)
    return out


def block_lines(block: Block, width: int) -> Text:
    room = max(1, width - block.indent)
    lines = [block.head, *piece_lines(block.pieces, room)]
    for text in block.texts:
        if text.plain:
            lines.extend(wrapped(text, room).split("\n"))
    return indented(lines, block.indent)


def blocks(rows: Sequence[Block], width: int, caption: str | None = None) -> RenderableType:
    parts: list[RenderableType] = []
    for number, row in enumerate(rows):
        if number:
            parts.append(Text(""))
        parts.append(block_lines(row, width))
    if caption:
        parts.extend((Text(""), Text(caption, style="dim")))
    return Group(*parts)
