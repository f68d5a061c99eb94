"""Chinese line breaking for everything the app wraps.

Textual wraps text through Rich's `rich._wrap.divide_line`, which breaks
lines only at spaces. Chinese has no spaces between words, so a sentence
after a space is one long "word": it is pushed whole onto the next line and
then folded, leaving the line before it short (`按 Ctrl+P` alone, then the
rest; a finding's mark alone on its line), and a colon or comma can start a
line.

These patterns make every CJK character a place where a line may break, as
Chinese typesetting does, while keeping the rules that matter for reading:
closing punctuation (，。、；：）」” …) stays at the end of the line before it,
opening punctuation (（「“ …) stays with the character after it, and runs of
Latin letters and digits (`Ctrl+P`, `95%`, a path) are still one word.

`tui.compat.install_line_breaking()` puts them in place of the word patterns
of Rich's and Textual's line breaking (private modules: that is why it lives
in tui/compat.py).
"""

from __future__ import annotations

import re

__all__ = ["WORD", "CHUNK"]

# CJK ideographs, kana, bopomofo, CJK symbols and punctuation, full-width forms
_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef"
        "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6")
_OPEN = "（《「『【〔〈｛［“‘"
_CLOSE = "，。、；：？！）》」』】〕〉｝］”’…·％"

_UNIT = (
    rf"[{_OPEN}]*(?![{_OPEN}{_CLOSE}])[{_CJK}][{_CLOSE}]*"  # a CJK character, with its punctuation
    rf"|[{_OPEN}]*[^\s{_CJK}{_OPEN}{_CLOSE}]+[{_CLOSE}]*"  # a Latin word, number or path
    rf"|[{_OPEN}{_CLOSE}]+"  # punctuation on its own
)
# Rich's words carry the spaces on both sides; Textual's chunks (TextArea's
# soft wrap) the spaces after them, and a run of spaces is a chunk of its own
WORD = re.compile(rf"\s*(?:{_UNIT})\s*")
CHUNK = re.compile(rf"(?:{_UNIT})\s*|\s+")

