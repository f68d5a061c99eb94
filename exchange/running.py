"""A form's texts as they read in the running text of a drafted report.

The form keeps what was typed; the report's sentences need names that do not
run over half a page, values written the way a person writes them
(`≥100%`, not `≥ 100百分比`), a project named once (`科普项目`, not
`科普项目项目`), attachments that can be told apart, and a title that does
not leave one character alone on its second line. Pure functions; the report
(exchange.report) uses them.
"""

from __future__ import annotations

import math
import re

from model.text import cells

__all__ = ["short", "shown", "named_project", "plain_name", "title_lines", "unique", "LONG_NAME"]

LONG_NAME = 30  # characters of a name kept in running text; the attached form has it whole
_END_PUNCTUATION = "。；;，,、：:"
_AFTER_OPERATOR = re.compile(r"(?<=[≥≤<>=＜＞≧≦])\s+")
_NUMBER_SPACE_UNIT = re.compile(r"(?<=\d)\s+(?=[^\x00-\x7f]|%)")
_PERCENT_WORD = re.compile(r"(?<=\d)\s*(?:个)?百分比")


def plain_name(text: str) -> str:
    """A name on one line, without the full stop or comma it ended with (`…职责。`)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip()).rstrip(_END_PUNCTUATION).strip()


def short(text: str, limit: int = LONG_NAME) -> str:
    """A name for running text: whole up to `limit` characters, else cut with `…`."""
    name = plain_name(text)
    return name if len(name) <= limit else name[: limit - 1].rstrip(_END_PUNCTUATION) + "…"


def shown(value: str) -> str:
    """A target or actual value as a person writes it in a sentence: `≥ 15.5 万元` is
    `≥15.5万元`, `≥100百分比` is `≥100%`."""
    text = plain_name(value)
    text = _PERCENT_WORD.sub("%", text)
    text = _AFTER_OPERATOR.sub("", text)
    return _NUMBER_SPACE_UNIT.sub("", text)


def named_project(name: str) -> str:
    """`科普经费` → `科普经费项目`; `科普项目` stays `科普项目` (not `科普项目项目`)."""
    return name if name.endswith("项目") or name.startswith("【") else name + "项目"


def title_lines(title: str, width: float, suffixes: tuple[str, ...] = ()) -> list[str]:
    """A title broken into lines of at most `width` cells (a Chinese character is 2)
    so that no line is left with one or two characters: before a known ending
    (`部门整体支出绩效自评报告`) when the rest fits one line, else evenly."""
    if cells(title) <= width:
        return [title]
    for suffix in suffixes:
        head = title[: -len(suffix)] if title.endswith(suffix) else ""
        if head and cells(head) <= width:
            return [head, suffix]
    n = math.ceil(cells(title) / width)
    per_line = cells(title) / n
    lines, current = [], ""
    for ch in title:
        if current and cells(current + ch) > per_line + 1 and len(lines) < n - 1:
            lines.append(current)
            current = ""
        current += ch
    lines.append(current)
    return lines


def unique(names: list[str]) -> list[str]:
    """Names made distinct: a repeated one gets `（2）`, `（3）` …"""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return out
