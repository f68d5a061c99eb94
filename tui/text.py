"""Showing user text literally and safely (no Textual import).

Names, targets and actuals come from files anyone can write. They are shown
as Rich `Text` objects (never parsed as markup) after `inert()` has turned
control characters into visible escapes, so `[b]`, `[@click=app.quit]` or an
ANSI escape sequence in a name is displayed, not obeyed.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from model.text import cells, clip, inert, one_line, pasted

__all__ = ["inert", "pasted", "one_line", "literal", "cells", "clip", "number"]


def literal(text: str, style: str = "") -> Text:
    """A Text that shows `text` exactly as typed (one line, inert)."""
    return Text(one_line(text), style=style, no_wrap=True, end="")


def number(value: Decimal | None, empty: str = "—") -> str:
    """A figure as people read it: 5, 19.78, 15.5; `—` when missing."""
    if value is None:
        return empty
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
