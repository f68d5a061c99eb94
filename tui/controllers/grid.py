"""The work behind the grid editor (表格编辑): every change it asks for goes
through the session, like the editor's.

- a committed cell is one `Session.edit`: one undo step (a cell still being
  typed in is put in the form for the recovery file with the same typing
  key, so that and its commit, or its Esc, are one step);
- typing in an empty 二级指标's row adds its first indicator with that cell
  (one `Session.commit`: one step);
- Enter on the last row and Ctrl+N add a row (`Session.add_sibling`, or
  `Session.add` on an empty 二级指标); Ctrl+D deletes one (`Session.delete`,
  undoable, said in a notification);
- a paste fills cells from the cursor (`tui.sheet.fill`) as one
  `Session.commit`.

Each goes through `Session.commit` (which keeps the unsaved work in the
recovery file); after it the host (the main screen) brings every widget up
to date (`after_change`).
"""

from __future__ import annotations

from typing import Any, Protocol

from model import DocumentError, FundRow, Indicator
from model.edit import insert_at, update_at, validated_update

from .. import strings as S
from ..fields import FieldError, parse_input
from ..session import EXECUTION, Address, CannotEdit, Session
from ..sheet import Column, PasteError, Row, cell_spec, fill
from ..text import clip, one_line, pasted

__all__ = ["GridHost", "GridController"]


class GridHost(Protocol):
    """What the controller uses of the main screen."""

    session: Session

    def after_change(self, *, select: Address | None = None, force: bool = False,
                     total_first: bool = False) -> None: ...

    def leave_grid(self, address: Address) -> None: ...

    def notify(self, message: str, *, severity: str = ..., timeout: float | None = ...) -> Any: ...


def _problems(exc: DocumentError) -> str:
    return exc.summary()


class GridController:
    """The grid's `GridActions` (tui/widgets/grid.py) for one main screen."""

    def __init__(self, host: GridHost) -> None:
        self.host = host

    @property
    def session(self) -> Session:
        return self.host.session

    def grid_commit(self, row: Row, column: Column, text: str, *,
                    still_open: bool = False) -> str | None:
        """`still_open`: the cell is still being typed in (its text kept in
        the form for the recovery file): the step stays open, so the edit's
        later commit, or its Esc, is the same undo step."""
        spec = cell_spec(row, column)
        if spec is None:
            return S.GRID_NOT_HERE.format(column=column.cell_title)
        try:
            value = parse_input(spec, text)
        except FieldError as exc:
            return exc.message
        session = self.session
        try:
            structural = False
            if row.kind == "fund":
                step = self._fund_commit(row, spec.name, value)
            elif row.kind != "empty":  # an indicator's, the execution's, a goal's or level's
                step = session.edit(row.address, {spec.name: value},
                                    key=("grid", row.address, spec.name))
            else:  # the first indicator of an empty 二级指标, with this cell
                sub = row.address.path
                after = insert_at(session.doc, sub, 0, Indicator())
                after = update_at(after, sub + (0,), **{column.name: value})
                label = S.GRID_FIRST_LABEL.format(name=clip(one_line(text), 20))
                step = session.commit(after, label, Address("goals", sub + (0,)))
                structural = True
        except CannotEdit as exc:  # read-only
            return exc.message
        except DocumentError as exc:
            return _problems(exc)
        if not still_open:
            session.seal()  # the next cell is a step of its own
        if step is not None:
            # a cell's new value: the total first, the rest after that frame
            self.host.after_change(total_first=not structural)
        return None

    def _fund_commit(self, row: Row, name: str, value: Any) -> Any:
        """A fund row's cell: the execution's whole `funds` (the three usual
        rows made when the form had none), as the editor's fund table does."""
        session = self.session
        funds: list[Any] = list(session.doc.execution.funds) or [
            FundRow(name=name) for name in S.FUND_NAMES]
        index = row.address.path[0]
        funds[index] = validated_update(funds[index], {name: value})
        return session.edit(EXECUTION, {"funds": tuple(funds)},
                            key=("grid", row.address, name), label=S.GRID_FUND_LABEL)

    def grid_add_row(self, row: Row) -> Address | None:
        session = self.session
        try:
            if row.kind == "indicator":
                new = session.add_sibling(row.address)
            else:
                new = session.add(row.sublevel)
        except CannotEdit as exc:
            self.host.notify(exc.message, severity="warning")
            return None
        self.host.after_change()
        return new

    def grid_delete_row(self, row: Row) -> None:
        session = self.session
        name = one_line(row.node.name.strip()) or S.UNNAMED
        try:
            session.delete(row.address)
        except CannotEdit as exc:
            self.host.notify(exc.message, severity="warning")
            return
        self.host.after_change()
        self.host.notify(S.GRID_DELETED.format(name=clip(name, 30)), timeout=4)

    def grid_paste(self, rows: list[Row], at_row: int, at_column: int, text: str) -> Address | None:
        session = self.session
        try:
            filled = fill(session.doc, rows, at_row, at_column, pasted(text))
        except PasteError as exc:
            self.host.notify(exc.message, severity="warning", timeout=8)
            return None
        label = S.GRID_PASTE_LABEL.format(rows=filled.rows)
        try:
            step = session.commit(filled.doc, label, filled.first)
        except CannotEdit as exc:
            self.host.notify(exc.message, severity="warning")
            return None
        if step is None:
            return filled.first
        self.host.after_change()
        message = S.GRID_PASTE_DONE.format(rows=filled.rows, added=filled.added)
        if filled.dropped:
            message += S.GRID_PASTE_DROPPED.format(count=filled.dropped)
        self.host.notify(message, timeout=5)
        return filled.first

    def grid_leave(self, address: Address) -> None:
        self.host.leave_grid(address)
