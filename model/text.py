"""User text made safe to show, and its width on a terminal: the one helper.

Names, targets and actuals come from files anyone can write. Wherever they are
shown (the app, every command's output, storage messages), `inert()` turns
control, format and separator characters into visible escapes first, so an
ANSI escape sequence, an OSC title change, U+202E (right-to-left override) or
U+2028 in a name is displayed, never obeyed; `json_dumps_inert()` is JSON
output with the same characters escaped the JSON way. `cells()` is the width a
text takes on a terminal (CJK and full-width characters take two cells).
`pasted()` is the other direction: text pasted from a terminal's clipboard
with its escape sequences and control characters taken out, so that a table
copied with colour codes is only its text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

__all__ = ["inert", "pasted", "one_line", "cells", "clip", "json_dumps_inert"]

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
        elif _unsafe(ch):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE


def json_dumps_inert(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` with every character `inert`
    would change escaped as JSON (`\\u001b`, `\\u202e`, `\\u2028`): the output is
    JSON that loads back to `value` exactly, shows Chinese as such, and holds no
    character a terminal acts on (`json.dumps` alone lets U+009B and U+202E through)."""
    import json

    text = json.dumps(value, ensure_ascii=False, **options)
    if text.replace("\n", "").isprintable():
        return text
    # a raw line break is indentation (json.dumps escapes it inside strings); any other
    # unsafe character can only be inside a string, where \uXXXX is the same character
    return "".join(json.dumps(ch)[1:-1] if ch != "\n" and _unsafe(ch) else ch for ch in text)


# What a terminal acts on in a byte stream (ECMA-48): control strings (OSC,
# DCS, SOS, PM, APC) up to their terminator, CSI sequences, other escape
# sequences, then any C0 or C1 control character left (tab and line ends kept).
_CONTROL_STRING = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
_ESCAPE = r"\x1b[ -/]*[0-~]"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_TERMINAL_CODES = re.compile("|".join((_CONTROL_STRING, _CSI, _ESCAPE, _CONTROL)))


def pasted(text: str) -> str:
    """Pasted `text` with every escape sequence (colour codes, `ESC[2J`, OSC
    titles) and every other control character (BEL, NUL, C1) removed; tabs and
    line ends stay, they are the table. What is left is text, never a key."""
    if text.isprintable():
        return text
    return _TERMINAL_CODES.sub("", text)


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
