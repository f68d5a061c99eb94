"""Showing user text literally and safely (no Textual import).

Names, targets and actuals come from files anyone can write. They are shown
as Rich `Text` objects (never parsed as markup) after `inert()` has turned
control characters into visible escapes, so `[b]`, `[@click=app.quit]` or an
ANSI escape sequence in a name is displayed, not obeyed.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from rich.text import Text

__all__ = ["inert", "one_line", "literal", "cells", "clip", "number"]


def inert(text: str, *, newlines: bool = True) -> str:
    """Control and format characters as visible escapes (`\\x1b`, `\\u202e`).

    With `newlines` false, a newline becomes `⏎` so a label stays one line;
    tabs become a space.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append("\n" if newlines else "⏎")
        elif ch == "\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    return inert(text, newlines=False)


def literal(text: str, style: str = "") -> Text:
    """A Text that shows `text` exactly as typed (one line, inert)."""
    return Text(one_line(text), style=style, no_wrap=True, end="")


def cells(text: str) -> int:
    """Terminal cells a string takes: CJK characters are two wide."""
    from rich.cells import cell_len

    return cell_len(text)


def clip(text: str, width: int) -> str:
    """Cut `text` to at most `width` cells, ending with `…` when cut."""
    if width <= 0:
        return ""
    if cells(text) <= width:
        return text
    out = []
    used = 0
    for ch in text:
        w = cells(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def number(value: Decimal | None, empty: str = "—") -> str:
    """A figure as people read it: 5, 19.78, 15.5; `—` when missing."""
    if value is None:
        return empty
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
