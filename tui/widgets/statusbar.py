"""The top line: file name, unsaved mark, total and grade, finding counts, mode."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from scoring import Severity

from .. import strings as S
from . import text_strip
from ..session import Session
from ..text import number, one_line


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar { height: 1; dock: top; background: $panel; color: $foreground; }
    """

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._counts: tuple[Any, dict[Severity, int]] | None = None

    def render_line(self, y: int) -> Strip:
        # one row, drawn straight from its Text (it is redrawn on every
        # keystroke: it shows the new total first)
        base = self.rich_style
        if y:
            return Strip.blank(self.size.width, base)
        return text_strip(self, self.render(), self.size.width, base)

    def render(self) -> Text:
        s = self.session
        r = s.result
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(" " + one_line(s.name), style="bold")
        if s.file.taken_by is not None:  # another session took the form over
            left.append("  " + S.STATUS_TAKEN + " ", style="bold reverse red")
        if s.read_only:
            left.append("  " + S.STATUS_READONLY + " ", style="bold reverse yellow")
        elif s.dirty:
            left.append("  " + S.STATUS_DIRTY, style="bold yellow")
        if s.whatif:
            left.append("  " + S.STATUS_WHATIF + " ", style="bold reverse magenta")
        if self._counts is None or self._counts[0] is not r:
            self._counts = (r, r.counts())  # once per result, not per redraw
        counts = self._counts[1]
        right = Text(no_wrap=True, end="")
        if r.scored:
            right.append(S.STATUS_TOTAL.format(total=number(r.total), grade=r.grade), style="bold")
        else:  # a new form: nothing entered yet, so no total and no grade
            right.append(S.STATUS_NOT_SCORED, style="dim")
        right.append("  ")
        right.append(f"{S.MARK_ERROR}{counts[Severity.error]}", style="bold red")
        right.append(" ")
        right.append(f"{S.MARK_WARNING}{counts[Severity.warning]} ", style="yellow")
        # one Text, padded by hand: cheaper than a table on every keystroke
        width = self.size.width
        room = max(0, width - right.cell_len - 1)
        if left.cell_len > room:
            left.truncate(room, overflow="ellipsis")
        return left + Text(" " * max(1, width - left.cell_len - right.cell_len)) + right
