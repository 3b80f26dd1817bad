"""Line breaking for Chinese and English as an editor breaks them: Chinese between any two characters,
English between words, and never inside a number, a Latin word or an id (6.4, 20,000, PM2.5,
2025-08), nor before closing punctuation or after opening punctuation (，。”） / “（).

Rich folds text at any cell, which splits 6.4 into "6." and "4" and ids in two; the tables here give
Rich lines that already fit, so it never has to."""

from __future__ import annotations

from rich.cells import cell_len

# Punctuation that may not begin a line, and that may not end one.
CLOSING = frozenset("，。、；：？！”’）》」』】〕…,.;:?!)]}%‰·")
OPENING = frozenset("“‘（《「『【〔([{")
# Inside a Latin word or number these join (6.4, 20,000, 2025-08, Chengdu-Chongqing, km/h, R&D).
JOINERS = frozenset(".,'’-/+:&_%")


def is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def atoms(text: str) -> list[tuple[int, int]]:
    """The text cut where a line may break: (start, end) spans that each stay on one line. Spaces
    are spans of their own, so a line may break at them and drop them."""
    spans: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        end = position + 1
        if text[position].isspace():
            while end < len(text) and text[end].isspace() and text[end] != "\n":
                end += 1
        elif is_word_char(text[position]):
            while end < len(text) and (
                is_word_char(text[end])
                or (text[end] in JOINERS and end + 1 < len(text) and is_word_char(text[end + 1]))
            ):
                end += 1
        spans.append((position, end))
        position = end
    return glued(text, spans)


def glued(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Closing punctuation joins the span before it, opening punctuation the span after it."""
    out: list[tuple[int, int]] = []
    pending_start: int | None = None  # opening punctuation waiting for what it opens
    for start, end in spans:
        piece = text[start:end]
        if piece in CLOSING and out and not text[out[-1][0]].isspace() and pending_start is None:
            out[-1] = (out[-1][0], end)
        elif piece in OPENING:
            pending_start = start if pending_start is None else pending_start
        elif pending_start is not None and not piece.isspace():
            out.append((pending_start, end))
            pending_start = None
        else:
            if pending_start is not None:
                out.append((pending_start, start))
                pending_start = None
            out.append((start, end))
    if pending_start is not None:
        out.append((pending_start, len(text)))
    return out


def break_lines(text: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) span of each line of `text` wrapped to `width` cells. A newline always
    breaks; spaces at a break are dropped; a span wider than the whole width is folded by cells."""
    lines: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in paragraphs(text):
        lines.extend(fill(text, paragraph_start, paragraph_end, max(1, width)))
    return lines


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for position, char in enumerate(text):
        if char == "\n":
            spans.append((start, position))
            start = position + 1
    spans.append((start, len(text)))
    return spans


def words(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """The paragraph's spans grouped into words: the runs between spaces (a Chinese sentence with no
    space is one long word)."""
    grouped: list[list[tuple[int, int]]] = [[]]
    for atom_start, atom_end in atoms(text[start:end]):
        if text[start + atom_start : start + atom_end].isspace():
            if grouped[-1]:
                grouped.append([])
        else:
            grouped[-1].append((start + atom_start, start + atom_end))
    return [word for word in grouped if word]


def fill(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy filling of one paragraph. A line breaks at a space where it can: a word that does not
    fit the rest of the line starts the next, unless it is longer than a line itself (a Chinese
    sentence), which then fills the line and breaks between its characters."""
    lines: list[tuple[int, int]] = []
    line: tuple[int, int, int] | None = None  # start, end, cells used
    for word in words(text, start, end):
        size = cell_len(text[word[0][0] : word[-1][1]])
        space = 0 if line is None else cell_len(text[line[1] : word[0][0]])
        if line is not None and line[2] + space + size <= width:
            line = (line[0], word[-1][1], line[2] + space + size)
            continue
        if line is not None and size <= width:
            lines.append(line[:2])
            line = None
        for atom_start, atom_end in word:
            atom_size = cell_len(text[atom_start:atom_end])
            gap = 0 if line is None else cell_len(text[line[1] : atom_start])  # the space before a word
            if line is not None and line[2] + gap + atom_size <= width:
                line = (line[0], atom_end, line[2] + gap + atom_size)
                continue
            if line is not None:
                lines.append(line[:2])
            *whole, (last_start, last_end) = folded(text, atom_start, atom_end, width)
            lines.extend(whole)
            line = (last_start, last_end, cell_len(text[last_start:last_end]))
    if line is not None:
        lines.append(line[:2])
    return lines or [(start, start)]


def folded(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """A span cut by cells into pieces no wider than `width` (only for a span wider than a line)."""
    pieces, piece_start, used = [], start, 0
    for position in range(start, end):
        size = cell_len(text[position])
        if used + size > width and position > piece_start:
            pieces.append((piece_start, position))
            piece_start, used = position, 0
        used += size
    pieces.append((piece_start, end))
    return pieces


def wrap(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in break_lines(text, width)]


def widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def narrowest_fit(text: str) -> int:
    """The widest span that must stay whole: the least width at which the text wraps without folding."""
    return max((cell_len(text[start:end]) for start, end in atoms(text) if not text[start:end].isspace()), default=0)
