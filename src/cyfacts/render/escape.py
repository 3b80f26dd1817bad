"""Card text and file names made safe for a terminal. Decks come from anywhere, and a control
character in a claim or a file name (ESC ] 0;… BEL, ESC [2J, the one-byte CSI 0x9b, a newline
that starts a forged problem line, a right-to-left override) would be obeyed by the terminal, not
shown. Here each becomes a visible escape (\\x1b, \\x9b, \\u202e): what the card holds, plainly."""

from __future__ import annotations

from functools import cache

# C0 and C1 controls and DEL, the bidirectional overrides and isolates that reorder what a line
# seems to say, and the Unicode line and paragraph separators.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = (*range(0x20), *range(0x7F, 0xA0), *map(ord, BIDI), 0x2028, 0x2029)


def escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@cache
def escapes(keep: str) -> dict[int, str]:
    """A str.translate table for every control character but those in `keep`."""
    kept = set(map(ord, keep))
    return {code: escape(code) for code in CONTROLS if code not in kept}


def printable(text: str, keep: str = "\n\t") -> str:
    """Text for a terminal, where line breaks and tabs may stay (table cells, folded text)."""
    return text.translate(escapes(keep))


def one_line(text: str) -> str:
    """Text that must stay on its line: a problem's path and message, a warning."""
    return text.translate(escapes(""))
