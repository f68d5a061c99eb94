"""What the widgets show, as Rich Text built from the session (no Textual).

Every piece of user text goes through `tui.text.literal`, so names are shown
exactly as typed and never read as markup.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.text import Text

from model import DocumentError
from scoring import Finding, Severity

from . import strings as S
from .text import cells, clip, inert, literal, number, one_line

__all__ = ["mark", "score_weight", "bar", "signed", "finding_text", "name_of", "tree_parts", "root_parts",
           "compose_row", "weight_of", "diff", "findings_block", "crumb_text"]

SEVERITY_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.info: "cyan"}
SEVERITY_MARK = {Severity.error: S.MARK_ERROR, Severity.warning: S.MARK_WARNING, Severity.info: "i"}


def mark(worst: Severity | None) -> Text:
    """✖ for an error, ▲ for a warning at or under the node; nothing else."""
    if worst is Severity.error:
        return Text(S.MARK_ERROR + " ", style=SEVERITY_STYLE[worst])
    if worst is Severity.warning:
        return Text(S.MARK_WARNING + " ", style=SEVERITY_STYLE[worst])
    return Text("")


def weight_of(res: Any) -> Decimal | None:
    weight = getattr(res, "weight", None)
    if weight is None:
        weight = getattr(res, "effective_weight", None)
    return weight


def score_weight(res: Any) -> str:
    return S.TREE_SCORE.format(score=number(res.score), weight=number(weight_of(res)))


def name_of(node: Any, fallback: str = S.UNNAMED) -> str:
    name = getattr(node, "title", None)
    if name is None or not isinstance(name, str):
        name = getattr(node, "name", "")
    return name.strip() or fallback


def tree_parts(node: Any, res: Any, *, changed: bool = False, kind: str = "") -> tuple[Text, str, Text]:
    """A navigator row in three parts: marks, the name (one line, inert), and
    score / weight. The navigator clips the name to the room it has when it
    draws the row, so the score stays in sight at any width."""
    prefix = Text(no_wrap=True, end="")
    if changed:
        prefix.append(S.MARK_CHANGED + " ", style="bold magenta")
    prefix.append_text(mark(res.worst))
    suffix = Text("  ", no_wrap=True, end="")
    if getattr(res, "excluded", False):
        suffix.append(S.FIELD_LABELS["not_applicable"], style="dim")
    else:
        suffix.append(score_weight(res), style="dim" if res.score is None else "bold")
    if kind == "execution":
        label = node.label.strip()
        name = S.EXECUTION_TREE_LABEL + (f"（{label}）" if label else "")
    else:
        name = name_of(node)
    return prefix, one_line(name), suffix


def root_parts(title: str, total: Decimal | None, grade: str, worst: Severity | None, *,
               changed: bool = False) -> tuple[Text, str, Text]:
    """The form's row: `total` None while nothing is scored (a new form)."""
    prefix = Text(no_wrap=True, end="")
    if changed:
        prefix.append(S.MARK_CHANGED + " ", style="bold magenta")
    prefix.append_text(mark(worst))
    shown = f"  {number(total)} {grade}" if total is not None else "  " + S.NOT_SCORED
    suffix = Text(shown, style="bold" if total is not None else "dim", no_wrap=True, end="")
    return prefix, one_line(title), suffix


def compose_row(parts: tuple[Text, str, Text], width: int | None = None) -> Text:
    """The row's Text; with `width`, the name is clipped so the row fits."""
    prefix, name, suffix = parts
    if width is not None:
        name = clip(name, max(6, width - prefix.cell_len - suffix.cell_len))
    return prefix + Text(name, no_wrap=True, end="") + suffix


def bar(score: Decimal | None, weight: Decimal | None, width: int = 10) -> Text:
    """A small bar of score / weight: █████░░░░░."""
    if score is None or weight is None or weight <= 0:
        return Text("░" * width, style="dim")
    share = max(Decimal(0), min(Decimal(1), score / weight))
    full = int((share * width).to_integral_value(rounding="ROUND_HALF_UP"))
    style = "green" if share >= Decimal("0.9") else "yellow" if share >= Decimal("0.6") else "red"
    return Text("█" * full, style=style) + Text("░" * (width - full), style="dim")


def signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if value > 0:
        return "+" + number(value)
    if value < 0:
        return "-" + number(-value)  # the findings' minus sign, on the same panel
    return "±0"


def diff(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None:
        return None
    return after - before


def finding_text(finding: Finding, *, place: bool = True) -> Text:
    text = Text(end="")
    text.append(SEVERITY_MARK[finding.severity] + " ", style=SEVERITY_STYLE[finding.severity])
    if place:
        text.append(one_line(finding.path), style="dim")
        text.append("\n  ")
    text.append(one_line(finding.message))
    return text



def findings_block(findings: tuple[Finding, ...]) -> Text:
    """A node's own findings in full, one per line with its mark (the
    editor under a node's score, the grid under its rows)."""
    if not findings:
        return Text(S.NO_FINDINGS_HERE, style="dim green")
    text = Text()
    for index, finding in enumerate(findings):
        if index:
            text.append("\n")
        # a no-break space keeps the mark on the line of its message
        text.append(SEVERITY_MARK[finding.severity] + "\u00a0", style=SEVERITY_STYLE[finding.severity])
        text.append(inert(finding.message, newlines=True))
    return text


CRUMB_SEPARATOR = " › "


def crumb_text(parts: list[tuple[str, str]], width: int) -> Text:
    """The editor's breadcrumb: (name, score / weight) of each ancestor and
    then the node itself, within `width` cells. When it does not fit, the
    ancestors give way first (their scores, then their names are cut with
    …), so the node's own name and score stay in sight."""
    names = [one_line(name) for name, _ in parts]
    scores = [score for _, score in parts]
    last = len(parts) - 1
    sep = cells(CRUMB_SEPARATOR)

    def total(shown_names: list[str], with_scores: bool) -> int:
        out = sum(cells(n) for n in shown_names) + sep * last
        out += sum(1 + cells(s) for i, s in enumerate(scores) if with_scores or i == last)
        return out

    with_scores = total(names, True) <= width
    if not with_scores and last > 0:
        own = cells(names[last]) + 1 + cells(scores[last])
        room = width - own - sep * last
        each = room // last if last else 0
        if each >= 2:
            names = [clip(n, each) if i < last else n for i, n in enumerate(names)]
        else:  # not even that: the node alone, after one ellipsis for them all
            names = ["…", names[last]]
            scores = [scores[0], scores[last]]
            last = 1
    own_room = width - (total(names, with_scores) - cells(names[last]))
    if own_room < cells(names[last]):
        names[last] = clip(names[last], max(2, own_room))
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for index, name in enumerate(names):
        if index:
            text.append(CRUMB_SEPARATOR, style="dim")
        text.append(name, style="bold" if index == last else "")
        if with_scores or index == last:
            text.append(" " + scores[index], style="dim")
    return text


def problem_list(error: DocumentError) -> Text:
    """Each problem as: where (line, column, place, key), then what to do."""
    text = Text()
    for index, problem in enumerate(error.problems):
        if index:
            text.append("\n\n")
        where = []
        if problem.line is not None:
            where.append(S.LOAD_ERROR_LINE.format(line=problem.line))
            if problem.column is not None:
                where.append(S.LOAD_ERROR_COLUMN.format(column=problem.column))
        text.append(f"{index + 1}. ", style="bold")
        text.append(" ".join(where) or "—", style="bold cyan")
        if problem.place:
            text.append("  " + inert(problem.place), style="bold")
        if problem.key:
            text.append(f"  ({inert(problem.key)})", style="dim")
        text.append("\n   ")
        text.append(inert(problem.message, newlines=True))
    return text
