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

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from scoring import Finding, Severity

from .. import strings as S
from ..session import Session
from ..text import number, one_line
from ..view import SEVERITY_MARK, SEVERITY_STYLE, bar, diff, signed, weight_of

PER_SEVERITY = 200  # findings listed per severity before "show all"
MORE = "more:"


class FindingList(OptionList):
    """Findings; Enter (or a click) on one jumps to its node."""


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

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary-box"):
            yield Static(id="summary", classes="panel-summary")
        yield FindingList(id="findings")

    def on_mount(self) -> None:
        self.refresh_all()

    # -- content -----------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_summary()
        self.refresh_findings()

    def refresh_summary(self) -> None:
        session = self.session
        result = session.result
        if (self._summary_key is not None and self._summary_key[0] is result
                and self._summary_key[1] == session.whatif):
            return
        self._summary_key = (result, session.whatif)
        self.query_one("#summary", Static).update(self.summary_table())

    def summary_table(self) -> Group:
        session = self.session
        r = session.result
        lines: list[Any] = []
        summary = session.whatif_summary()
        if summary is not None:
            lines.append(self._whatif_table(summary))
        head = Text()
        head.append(f"{S.PANEL_TOTAL} ", style="bold")
        head.append(f" {number(r.total)} ", style="bold reverse")
        head.append(f"  {S.PANEL_GRADE} ", style="bold")
        head.append(f" {r.grade} ", style="bold reverse")
        lines.append(head)
        if r.declared_total is not None:
            difference = r.declared_total - r.total
            line = (S.PANEL_DECLARED_SAME.format(declared=number(r.declared_total)) if not difference
                    else S.PANEL_DECLARED.format(declared=number(r.declared_total),
                                                 diff=signed(difference)))
            lines.append(Text(line, style="dim" if not difference else "yellow"))
        else:
            lines.append(Text(S.PANEL_NO_DECLARED, style="dim"))
        e = r.execution
        lines.append(Text(f"{S.PANEL_EXECUTION} " + S.PANEL_RATE.format(rate=number(e.rate))))
        table = Table.grid(expand=True, padding=(0, 1))
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True, width=10)
        table.add_row(Text("  " + S.PANEL_EXECUTION), f"{number(e.score)}/{number(e.weight)}",
                      bar(e.score, e.weight))
        for goal_index, goal in enumerate(r.goals):
            if not goal.scored:
                continue
            node = session.doc.goals[goal_index]
            table.add_row(Text(one_line(node.title.strip() or S.UNNAMED), style="bold"),
                          f"{number(goal.score)}/{number(weight_of(goal))}",
                          bar(goal.score, weight_of(goal)))
            for level_index, level in enumerate(goal.children):
                name = node.levels[level_index].name.strip() or S.UNNAMED
                weight = weight_of(level)
                table.add_row(Text("  " + one_line(name)),
                              Text(f"{number(level.score)}/{number(weight)}", style="dim"),
                              bar(level.score, weight) if weight is not None else "")
        lines.append(table)
        return Group(*lines)

    def _whatif_table(self, summary: Any) -> Group:
        base = S.WHATIF_BASE_SAVED if summary.base_is_saved else S.WHATIF_BASE_START
        table = Table.grid(expand=True, padding=(0, 1))
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        table.add_column(no_wrap=True, justify="right")
        change = diff(summary.total_before, summary.total_after)
        table.add_row(Text(S.PANEL_TOTAL, style="bold"),
                      Text(f"{number(summary.total_before)} → {number(summary.total_after)}",
                           style="bold"),
                      Text(signed(change), style=_diff_style(change)))
        table.add_row(Text(S.PANEL_GRADE, style="bold"),
                      Text(f"{summary.grade_before} → {summary.grade_after}", style="bold"),
                      Text("" if summary.grade_before == summary.grade_after else "≠",
                           style="bold red"))
        for item in summary.changes[:12]:
            delta = diff(item.before, item.after)
            table.add_row(Text(S.MARK_CHANGED + " " + one_line(item.name)),
                          f"{number(item.before)} → {number(item.after)}",
                          Text(signed(delta), style=_diff_style(delta)))
        parts: list[Any] = [Text(S.WHATIF_HEADER.format(base=base), style="bold magenta"), table]
        if len(summary.changes) > 12:
            parts.append(Text(S.WHATIF_MORE.format(count=len(summary.changes) - 12), style="dim"))
        if not summary.changes:
            parts.append(Text(S.WHATIF_NO_CHANGES, style="dim"))
        parts.append(Text(""))
        return Group(*parts)

    def refresh_findings(self, force: bool = False) -> None:
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
        findings_list.clear_options()
        findings_list.add_options(options)
        if highlighted is not None and findings_list.option_count:
            findings_list.highlighted = min(highlighted, findings_list.option_count - 1)

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
