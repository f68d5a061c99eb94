"""Finding a name by its pinyin (no Textual): `kphd` (initials), `kepu`
(full pinyin) or a mix (`kepuhd`) finds 科普活动….

The readings come from pypinyin (phrase-aware: 重庆 is chong qing), loaded
on first use only, since its dictionaries take a few tenths of a second to
load and most sessions never search by pinyin. A query matches when it can
be cut into non-empty prefixes of consecutive syllables of the name (a
syllable is a Chinese character's reading, or one letter or digit of other
text), so initials, full pinyin and any mix of the two are all found.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["is_pinyin_query", "syllables", "pinyin_match"]

_QUERY = re.compile(r"[a-z0-9]{2,}")
MAX_NAME = 200  # characters of a name that are looked at


def is_pinyin_query(query: str) -> bool:
    """Whether a typed query may be pinyin (two or more Latin letters or digits)."""
    return bool(_QUERY.fullmatch(query.strip().lower())) and any(
        ch.isalpha() for ch in query)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@lru_cache(maxsize=16384)
def syllables(name: str) -> tuple[tuple[str, int], ...]:
    """(syllable, character offset) for each character of `name` that can be
    typed: a Chinese character's pinyin (no tone), a letter or digit itself."""
    from pypinyin import Style, lazy_pinyin

    text = name[:MAX_NAME]
    out: list[tuple[str, int]] = []
    han = [i for i, ch in enumerate(text) if _is_han(ch)]
    readings: list[str] = []
    if han:
        # the Chinese characters as one text, so phrases are read as phrases
        readings = lazy_pinyin("".join(text[i] for i in han), style=Style.NORMAL,
                               errors="ignore")
    reading_of = dict(zip(han, readings)) if len(readings) == len(han) else {}
    for index, ch in enumerate(text):
        if index in reading_of:
            out.append((reading_of[index].lower(), index))
        elif ch.isascii() and ch.isalnum():
            out.append((ch.lower(), index))
    return tuple(out)


def pinyin_match(query: str, name: str) -> tuple[float, tuple[int, ...]]:
    """How well `query` matches `name` by pinyin (0 when it does not), and
    the character offsets it matched. A match from the first syllable
    scores highest; a match of initials and of full pinyin alike."""
    wanted = query.strip().lower()
    if not is_pinyin_query(wanted):
        return 0.0, ()
    sylls = syllables(name)
    if not sylls:
        return 0.0, ()
    for start in range(len(sylls)):
        if not sylls[start][0].startswith(wanted[0]):
            continue
        used = _cover(wanted, sylls, start)
        if used is not None:
            score = 1.0 if start == 0 else 0.8
            return score, tuple(sylls[i][1] for i in used)
    return 0.0, ()


def _cover(query: str, sylls: tuple[tuple[str, int], ...], start: int) -> list[int] | None:
    """Syllables from `start` whose non-empty prefixes, in order, make up
    `query`; None if there are none. Longest prefixes are tried first."""
    seen: set[tuple[int, int]] = set()

    def walk(position: int, index: int) -> list[int] | None:
        if position == len(query):
            return []
        if index >= len(sylls) or (position, index) in seen:
            return None
        seen.add((position, index))
        syllable = sylls[index][0]
        for length in range(min(len(syllable), len(query) - position), 0, -1):
            if query.startswith(syllable[:length], position):
                rest = walk(position + length, index + 1)
                if rest is not None:
                    return [index] + rest
        return None

    return walk(0, start)
