"""Chinese line breaking for everything the app wraps (no Textual import).

Textual wraps text through Rich's `rich._wrap.divide_line`, which breaks
lines only at spaces. Chinese has no spaces between words, so a sentence
after a space is one long "word": it is pushed whole onto the next line and
then folded, leaving the line before it short (`按 Ctrl+P` alone, then the
rest; a finding's mark alone on its line), and a colon or comma can start a
line.

`install()` makes every CJK character a place where a line may break, as
Chinese typesetting does, while keeping the rules that matter for reading:
closing punctuation (，。、；：）」” …) stays at the end of the line before it,
opening punctuation (（「“ …) stays with the character after it, and runs of
Latin letters and digits (`Ctrl+P`, `95%`, a path) are still one word.

It replaces the word pattern of `rich._wrap` (a private module: if it is
ever missing, nothing is changed and lines break at spaces as before).
"""

from __future__ import annotations

import re

__all__ = ["WORD", "install"]

# CJK ideographs, kana, bopomofo, CJK symbols and punctuation, full-width forms
_CJK = ("\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef"
        "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6")
_OPEN = "（《「『【〔〈｛［“‘"
_CLOSE = "，。、；：？！）》」』】〕〉｝］”’…·％"

WORD = re.compile(
    rf"\s*(?:"
    rf"[{_OPEN}]*(?![{_OPEN}{_CLOSE}])[{_CJK}][{_CLOSE}]*"  # a CJK character, with its punctuation
    rf"|[{_OPEN}]*[^\s{_CJK}{_OPEN}{_CLOSE}]+[{_CLOSE}]*"  # a Latin word, number or path
    rf"|[{_OPEN}{_CLOSE}]+"  # punctuation on its own
    rf")\s*"
)


def install() -> bool:
    """Use `WORD` for Rich's (and so Textual's) line breaking. Returns
    whether it could be installed."""
    try:
        import rich._wrap as wrap
    except ImportError:  # pragma: no cover - Rich always has it today
        return False
    if not isinstance(getattr(wrap, "re_word", None), re.Pattern):
        return False
    wrap.re_word = WORD
    return True
