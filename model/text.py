"""User text made safe to show, and its width on a terminal: the one helper.

Names, targets and actuals come from files anyone can write. Wherever they are
shown (the app, every command's output, storage messages), `inert()` turns
control, format and separator characters into visible escapes first, so an
ANSI escape sequence, an OSC title change, U+202E (right-to-left override) or
U+2028 in a name is displayed, never obeyed. `cells()` is the width a text
takes on a terminal (CJK and full-width characters take two cells).
"""

from __future__ import annotations

import unicodedata

__all__ = ["inert", "one_line", "cells", "clip"]

# Control (Cc), format (Cf: bidi overrides, zero-width joiners), surrogates,
# private use, and the line and paragraph separators U+2028 / U+2029.
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Co", "Zl", "Zp"))


def inert(text: str, *, newlines: bool = False) -> str:
    """`text` with every unsafe character shown as an escape (`\\x1b`, `\\u202e`).

    A tab becomes a space. A newline becomes `⏎` so the text stays on one
    line, unless `newlines` is true (multi-line fields shown as such).
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if newlines else "⏎")
        elif ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in _UNSAFE:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """`inert(text)`: one line, every unsafe character visible."""
    return inert(text)


def _cell(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(text: str) -> int:
    """Terminal cells a string takes: CJK and full-width characters are two."""
    if text.isascii():
        return len(text)
    return sum(_cell(ch) for ch in text)


def clip(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending with `…` when cut."""
    if width <= 0:
        return ""
    if cells(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = _cell(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
