"""The scoring panel: total, declared total, grade, execution, each goal and
level with score / weight and a bar, and the findings grouped by severity.

In what-if mode the top shows the what-if base beside the current figures
with their differences. Selecting a finding posts `JumpTo` so the screen can
show its node. The findings list is rebuilt only when the findings changed,
and long lists are cut per severity (the rest one Enter away).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scoring import Finding, Severity

from .. import strings as S
from ..compat import virtual_size_without_layout
from . import Lines
from ..session import Session, flat_step
from ..text import cells, clip, number, one_line
from ..view import SEVERITY_MARK, SEVERITY_STYLE, bar, diff, signed, weight_of

PER_SEVERITY = 100  # findings listed per severity before "show all"
IMMEDIATE = 80  # up to this many findings the list follows every keystroke
# (in the frame after the one showing the new figures); above it, rebuilding
# the list waits for a pause in typing (DEFER seconds), so that the total, grade
# and scores above it still update in the keystroke's own frame
DEFER = 0.25
MORE = "more:"


class FindingList(OptionList):
    """Findings; Enter (or a click) on one jumps to its node."""

    # The list's size is fixed by the panel; a new number of lines changes
    # only what it scrolls over (its scroll bars are updated by the list
    # itself), so a repaint will do instead of laying out the whole screen.
    virtual_size: Reactive[Size] = virtual_size_without_layout()


class ScoringPanel(Vertical):
    @dataclass
    class JumpTo(Message):
        finding: Finding

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._findings: tuple[Finding, ...] | None = None
        self._limit = PER_SEVERITY
        self._summary_key: tuple | None = None
        self._timer: Any = None
        self._goal_rows: dict[int, tuple[Any, Any, int, list[Text]]] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-box"):
            yield Lines(id="summary", classes="panel-summary")
        yield FindingList(id="findings")

    def on_mount(self) -> None:
        # the figures scroll with the panel's height; Tab goes straight to the
        # findings instead of stopping on a box that shows no focus
        self.query_one("#summary-box").can_focus = False
        self.refresh_all()

    # -- content -----------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_summary()
        findings = self.session.result.findings
        if self._findings is None:
            self.refresh_findings()
        elif findings != self._findings:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            if len(findings) <= IMMEDIATE:
                # the frame that shows the new figures first, the list in
                # the next one (17 ms later): drawing a rebuilt list costs
                # about as much as all the rest of a keystroke
                self.call_after_refresh(self.refresh_findings)
            else:
                self._timer = self.set_timer(DEFER, self.refresh_findings)
        elif self._timer is not None:  # back to what the list shows: nothing to redo
            self._timer.stop()
            self._timer = None

    def refresh_summary(self) -> None:
        session = self.session
        result = session.result
        width = self.size.width
        if (self._summary_key is not None and self._summary_key[0] is result
                and self._summary_key[1] == session.whatif and self._summary_key[2] == width):
            return
        self._summary_key = (result, session.whatif, width)
        # one Text per row: only the rows that changed are drawn again
        self.query_one("#summary", Lines).set_lines(self.summary_lines(max(30, width - 3)))

    def on_resize(self) -> None:
        self.refresh_summary()

    def summary_lines(self, width: int) -> list[Text]:
        """The figures, one Text per row (no Rich tables: this is redrawn on
        every keystroke). A goal's rows are rebuilt only when its node or
        its result changed (the score cache keeps unchanged results)."""
        session = self.session
        r = session.result
        lines: list[Text] = []
        summary = session.whatif_summary()
        if summary is not None:
            self._whatif_lines(lines, summary, width)
        head = Text(no_wrap=True, overflow="ellipsis", end="")
        head.append(f"{S.PANEL_TOTAL} ", style="bold")
        if r.scored:
            head.append(f" {number(r.total)} ", style="bold reverse")
            head.append(f"  {S.PANEL_GRADE} ", style="bold")
            head.append(f" {r.grade} ", style="bold reverse")
        else:  # a new form: no total and no grade yet
            head.append(S.NOT_SCORED, style="dim")
        lines.append(head)
        if r.declared_total is not None:
            difference = r.declared_total - r.total
            line = (S.PANEL_DECLARED_SAME.format(declared=number(r.declared_total)) if not difference
                    else S.PANEL_DECLARED.format(declared=number(r.declared_total),
                                                 diff=signed(difference)))
            lines.append(Text(line, style="dim" if not difference else "yellow", end=""))
        else:
            lines.append(Text(S.PANEL_NO_DECLARED, style="dim", end=""))
        e = r.execution
        lines.append(Text(f"{S.PANEL_EXECUTION} " + S.PANEL_RATE.format(rate=number(e.rate)), end=""))
        lines.append(_row("  " + S.PANEL_EXECUTION, f"{number(e.score)}/{number(e.weight)}",
                          bar(e.score, e.weight), width))
        cache: dict[int, tuple[Any, Any, int, list[Text]]] = {}
        previous = self._goal_rows
        for goal_index, goal in enumerate(r.goals):
            if not goal.scored:
                continue
            node = session.doc.goals[goal_index]
            seen = previous.get(goal_index)
            if seen is not None and seen[0] is node and seen[1] is goal and seen[2] == width:
                rows = seen[3]
            else:
                rows = self._goal_lines(node, goal, width)
            cache[goal_index] = (node, goal, width, rows)
            lines.extend(rows)
        self._goal_rows = cache
        while lines and not lines[-1].plain.strip():
            lines.pop()
        if lines:
            lines[-1] = lines[-1].copy()
            lines[-1].rstrip()
        return lines

    def _goal_lines(self, node: Any, goal: Any, width: int) -> list[Text]:
        """A goal's row and its levels' rows. A flat form's unnamed goal is
        its list of indicators (全部指标), and its unnamed levels are no rows."""
        doc = self.session.doc
        title = node.title.strip() or (S.GRID_ALL if flat_step(doc, node) else S.UNNAMED)
        rows = [_row(one_line(title), f"{number(goal.score)}/{number(weight_of(goal))}",
                     bar(goal.score, weight_of(goal)), width, style="bold")]
        for level_index, level in enumerate(goal.children):
            if flat_step(doc, node.levels[level_index]):
                continue
            name = node.levels[level_index].name.strip() or S.UNNAMED
            weight = weight_of(level)
            rows.append(_row("  " + one_line(name), f"{number(level.score)}/{number(weight)}",
                             bar(level.score, weight) if weight is not None else Text(""), width))
        return rows

    def _whatif_lines(self, out: list[Text], summary: Any, width: int) -> None:
        base = S.WHATIF_BASE_SAVED if summary.base_is_saved else S.WHATIF_BASE_START
        out.append(Text(S.WHATIF_HEADER.format(base=base), style="bold magenta", end=""))
        change = diff(summary.total_before, summary.total_after)
        out.append(_row(S.PANEL_TOTAL,
                        f"{number(summary.total_before)} → {number(summary.total_after)}",
                        Text(signed(change), style=_diff_style(change)), width, style="bold"))
        same = summary.grade_before == summary.grade_after
        out.append(_row(S.PANEL_GRADE, f"{summary.grade_before} → {summary.grade_after}",
                        Text("" if same else "≠", style="bold red"), width, style="bold"))
        for item in summary.changes[:12]:
            delta = diff(item.before, item.after)
            out.append(_row(S.MARK_CHANGED + " " + one_line(item.name),
                            f"{number(item.before)} → {number(item.after)}",
                            Text(signed(delta), style=_diff_style(delta)), width))
        if len(summary.changes) > 12:
            out.append(Text(S.WHATIF_MORE.format(count=len(summary.changes) - 12), style="dim",
                            end=""))
        if not summary.changes:
            out.append(Text(S.WHATIF_NO_CHANGES, style="dim", end=""))
        out.append(Text("", end=""))

    def refresh_findings(self, force: bool = False) -> None:
        self._timer = None
        findings = self.session.result.findings
        if not force and findings == self._findings:
            return
        self._findings = findings
        options: list[Option | None] = []
        if not findings:
            options.append(Option(Text(S.PANEL_NO_FINDINGS, style="dim"), disabled=True))
        groups: dict[Severity, list[int]] = {s: [] for s in Severity}
        for index, finding in enumerate(findings):
            groups[finding.severity].append(index)
        for severity in Severity:
            indexes = groups[severity]
            if not indexes:
                continue
            head = Text(S.PANEL_SEVERITY_HEAD.format(label=severity.label, count=len(indexes)),
                        style=SEVERITY_STYLE[severity] + " bold")
            options.append(Option(head, disabled=True))
            for index in indexes[: self._limit]:
                options.append(Option(_finding_prompt(findings[index]), id=str(index)))
            if len(indexes) > self._limit:
                options.append(Option(Text(S.PANEL_MORE.format(count=len(indexes) - self._limit),
                                           style="dim"), id=MORE + severity.value))
        findings_list = self.query_one(FindingList)
        highlighted = findings_list.highlighted
        scrolled = findings_list.scroll_y
        # in one step (clearing first would empty the list for a moment,
        # hide its scroll bar and ask for two layout passes of the screen)
        findings_list.set_options(options)
        if highlighted is not None and findings_list.option_count:
            findings_list.highlighted = min(highlighted, findings_list.option_count - 1)
        findings_list.scroll_to(y=scrolled, animate=False, immediate=True)

    @on(OptionList.OptionSelected, "#findings")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith(MORE):
            self._limit = 1_000_000
            self.refresh_findings(force=True)
            return
        if option_id.isdigit() and self._findings is not None:
            self.post_message(self.JumpTo(self._findings[int(option_id)]))


def _row(name: str, figures: str, tail: Text, width: int, style: str = "") -> Text:
    """One line: the name (clipped), figures right-aligned, then a bar or a difference."""
    tail_width = 10
    room = max(6, width - len(figures) - tail_width - 2)
    shown = clip(name, room)
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append(shown, style=style)
    out.append(" " * (room - cells(shown) + 1))
    out.append(figures, style=style)
    out.append(" ")
    out.append_text(tail)
    return out


def _finding_prompt(finding: Finding) -> Text:
    text = Text(end="")
    text.append(SEVERITY_MARK[finding.severity] + " ", style=SEVERITY_STYLE[finding.severity])
    text.append(one_line(finding.path), style="dim")
    text.append("\n  ")
    text.append(one_line(finding.message))
    return text


def _diff_style(value: Any) -> str:
    if value is None or value == 0:
        return "dim"
    return "green" if value > 0 else "red"
