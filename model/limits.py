"""The size limits of a form: how many goals, levels, indicators and bytes.

A form past these limits is refused when it is read, before the expensive
part: the file size before parsing (`model.files.read_form_bytes`), the
counts on the parsed TOML before validation (`count_problems`), and the size
of the text saving would write after validation. The limits are sized so that
the largest accepted form loads, scores and checks within a second or two and
the app shows it well below a gigabyte (docs/performance.md).

`limit_problems(doc)` answers the same question for a document made in memory
(an import, a paste): an empty list means `jixiao check` will accept the file
saving it writes. `growth_problems(doc, n)` answers it before `n` indicators
are made (a paste of 100,000 rows into the grid is refused at once).
"""

from __future__ import annotations

from typing import Any

from .document import LIMITS, Document
from .problems import Problem
from .writer import dumps_document

__all__ = ["MAX_FILE_BYTES", "count_problems", "growth_problems", "limit_problems",
           "saved_size_problem"]

# A real form is a few kilobytes. tomllib reads pathological TOML (a million
# one-digit array items, 100,000 unknown keys) at about 1 MB per second, so
# the limit also bounds how long a hostile file can keep the app busy.
MAX_FILE_BYTES = 2 * 1024 * 1024


def _items(node: Any, key: str) -> list[Any] | tuple[Any, ...]:
    """The child tables under `key` of a parsed TOML table or of a model node."""
    if isinstance(node, dict):
        value = node.get(key)
        return value if isinstance(value, (list, tuple)) else ()
    value = getattr(node, key, ())
    return value if isinstance(value, tuple) else ()


INDICATORS = "三级指标（[[goals.levels.sublevels.indicators]]）"
ROWS = "目标和各级指标"


def _over(what: str, count: int, limit: int, source: str = "", place: str = "") -> Problem:
    # No key: the problem is the form as a whole, not one value that an
    # importer could leave out.
    return Problem(f"{what}过多（{count} 个，上限 {limit} 个）；一份自评表远少于此，"
                   "请确认选对了文件，或把内容分成几份表。", file=source, place=place)


def count_problems(form: dict[str, Any] | Document, source: str = "") -> list[Problem]:
    """Counts beyond LIMITS, in parsed TOML (a dict) or a Document.

    Linear in the number of tables, and it stops at the first goal or level
    past a limit, so 200,000 `[[goals]]` are refused in milliseconds.
    """
    problems: list[Problem] = []

    def over(what: str, count: int, limit: int, place: str = "") -> None:
        problems.append(_over(what, count, limit, source, place))

    goals = _items(form, "goals")
    if len(goals) > LIMITS["goals"]:
        over("目标（[[goals]]）", len(goals), LIMITS["goals"])
        return problems
    rows = len(goals)
    indicators = 0
    for g, goal in enumerate(goals):
        levels = _items(goal, "levels")
        if len(levels) > LIMITS["levels"]:
            over("一级指标（[[goals.levels]]）", len(levels), LIMITS["levels"], f"目标{g + 1}")
            return problems
        rows += len(levels)
        for l1, level in enumerate(levels):
            subs = _items(level, "sublevels")
            if len(subs) > LIMITS["sublevels"]:
                over("二级指标（[[goals.levels.sublevels]]）", len(subs), LIMITS["sublevels"],
                     f"目标{g + 1} / 一级指标{l1 + 1}")
                return problems
            rows += len(subs)
            for sub in subs:
                indicators += len(_items(sub, "indicators"))
        if indicators > LIMITS["indicators"] or rows + indicators > LIMITS["rows"]:
            break  # the totals below already say it
    rows += indicators
    if indicators > LIMITS["indicators"]:
        over(INDICATORS, indicators, LIMITS["indicators"])
    elif rows > LIMITS["rows"]:
        over(ROWS, rows, LIMITS["rows"])
    execution = form.get("execution") if isinstance(form, dict) else form.execution
    funds = _items(execution, "funds") if execution is not None else ()
    if len(funds) > LIMITS["funds"]:
        over("资金来源（[[execution.funds]]）", len(funds), LIMITS["funds"])
    projects = _items(form, "projects")
    if len(projects) > LIMITS["projects"]:
        over("所属项目（[[projects]]）", len(projects), LIMITS["projects"])
    return problems


def growth_problems(doc: Document, indicators: int) -> list[Problem]:
    """Why `doc` with `indicators` more indicators would be past the limits,
    before they are made; empty when it would not."""
    have = sum(1 for _ in doc.iter_indicators())
    rows = have + sum(1 + len(g.levels) + sum(len(lv.sublevels) for lv in g.levels)
                      for g in doc.goals)
    if have + indicators > LIMITS["indicators"]:
        return [_over(INDICATORS, have + indicators, LIMITS["indicators"])]
    if rows + indicators > LIMITS["rows"]:
        return [_over(ROWS, rows + indicators, LIMITS["rows"])]
    return []


def saved_size_problem(size: int, source: str = "") -> Problem | None:
    """The problem with a saved form of `size` bytes, if it is over the limit."""
    if size <= MAX_FILE_BYTES:
        return None
    return Problem(f"保存后的文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）；"
                   "请删减过长的文字或多余的行。", file=source)


def limit_problems(doc: Document, text: str | None = None) -> list[Problem]:
    """Why the file saving `doc` writes would be refused by `jixiao check`
    (counts, or the size of its text); empty when it is within the limits.
    `text` is `dumps_document(doc)` if the caller already has it."""
    problems = count_problems(doc)
    if problems:
        return problems
    if text is None:
        text = dumps_document(doc)
    size = saved_size_problem(len(text.encode("utf-8")))
    return [size] if size else []
