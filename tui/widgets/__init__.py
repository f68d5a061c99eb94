"""Widgets of the main screen, and a helper shared by them."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def set_text(widget: Static, text: Text) -> None:
    """Update a Static, asking for a layout pass only when its height may
    have changed: a layout pass costs the whole screen, and these are
    updated on every keystroke."""
    previous = getattr(widget, "_jixiao_text", None)
    if previous is not None and previous == text:
        return
    width = max(1, widget.size.width)
    lines = 0
    for line in text.plain.split("\n"):
        lines += max(1, -(-Text(line).cell_len // width)) if not text.no_wrap else 1
    layout = getattr(widget, "_jixiao_lines", None) != lines
    widget._jixiao_text = text  # type: ignore[attr-defined]
    widget._jixiao_lines = lines  # type: ignore[attr-defined]
    widget.update(text, layout=layout)
