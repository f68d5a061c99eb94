"""Typing in the grid's current cell (表格编辑): the part of `IndicatorGrid`
that starts, keeps, commits and cancels an edit.

A mixin of `tui.widgets.grid.IndicatorGrid` (kept apart so each part reads
on its own): an edit starts when the cell's input is typed in (or F2), is
committed through the grid's `GridActions` when the cell is left (one undo
step), is kept in the form while still open for the recovery file
(`keep_open_cell`), and is put back on Esc. Every kind of row (an
indicator's, the execution's, a fund's, a goal's or a level's) is edited the
same way: the cell's field is `tui.sheet.cell_spec`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from .. import strings as S
from ..fields import format_value
from ..sheet import Column, Row, cell_spec, cell_text, cell_value, row_again
from ..text import inert
from . import LiveText

if TYPE_CHECKING:
    from ..session import Session

__all__ = ["CellEditing"]


class CellEditing:
    """The editing half of the grid. The grid gives it `current`,
    `current_column`, `input`, `actions`, `session`, `rows`, `row`,
    `error_text`, `shown_text`, `moved()`, `show_current()` and
    `cell_title()`."""

    # what the grid provides (see IndicatorGrid)
    session: Session
    actions: Any  # the grid's GridActions (tui/widgets/grid.py)
    rows: list[Row]
    row: int
    error_text: str | None
    shown_text: str
    current: Row | None
    current_column: Column
    input: Any  # the grid's CellInput

    def init_editing(self) -> None:
        self.editing = False
        # the open cell's text last put in the form while still being typed
        # in (keep_open_cell), and what the cell held before the edit
        self._kept: str | None = None
        self._before_edit = ""

    if TYPE_CHECKING:  # the grid's (never defined here: they would hide Textual's)
        def moved(self) -> None: ...

        def show_current(self) -> None: ...

        def cell_title(self) -> str: ...

        def query_one(self, selector: str, expect_type: Any = None) -> Any: ...

    def cell_edit_text(self) -> str:
        """The current cell's text as it is edited (whole, line breaks and all)."""
        row = self.current
        if row is None or row.kind == "empty":
            return ""
        column = self.current_column
        value = cell_value(row, column)
        if isinstance(value, str):
            return value
        spec = cell_spec(row, column)
        if row.head and spec is not None:
            return format_value(spec, value) if value is not None else ""
        return cell_text(row, column)

    def typed(self, text: str) -> None:
        """The input's text changed: a person typing starts (or goes on with)
        an edit of the current cell; the line under the table shows it whole."""
        row = self.current
        if row is None or not row.editable:
            return
        if not self.editing:
            if text == self.shown_text:
                return
            self._start_editing()
        cell = self.query_one("#grid-cell", LiveText)
        shown = Text(S.GRID_CELL.format(column=self.cell_title(), text=""), style="dim")
        shown.append(inert(text))
        if self.error_text is None:
            cell.set_text(shown, keep_height=True)

    def edit(self) -> None:
        """F2: edit the cell keeping its text (a number's stays selected, so
        typing replaces it; ← → move inside the text)."""
        row = self.current
        if self.editing or row is None or not row.editable:
            return
        self._start_editing()
        field = self.input
        spec = cell_spec(row, self.current_column)
        if spec is None or spec.kind != "number":
            field.cursor_position = len(field.value)  # drops the selection

    def _start_editing(self) -> None:
        self.editing = True
        self._kept = None
        self._before_edit = self.cell_edit_text()

    def catch_up(self) -> None:
        """Keys typed ahead (read in one burst: typed fast, or while the app
        was busy) reach the input before its Changed messages reach the
        grid, so a Tab, Enter or Ctrl+S among them finds the grid not yet
        editing: what the input holds now is the edit, and it starts here."""
        if not self.editing and self.input.value != self.shown_text:
            self.typed(self.input.value)

    def commit(self) -> bool:
        """Put the edited text in the cell (one undo step). False when it
        cannot be taken: the reason is shown and the edit goes on."""
        self.catch_up()
        row = self.current
        if not self.editing or row is None:
            return True
        text = self.input.value
        column = self.current_column
        unchanged = row.kind != "empty" and text == self.cell_edit_text() and self._kept is None
        if not unchanged and not (row.kind == "empty" and not text.strip()):
            error = self.actions.grid_commit(row, column, text)
            if error is not None:
                self.error_text = error
                self.show_current()
                return False
            self._refresh_current()
        self.editing = False
        self._kept = None
        return True

    def commit_open_cell(self) -> str | None:
        """Before anything that writes, compares or ends the work (save,
        save as, what-if, export, quit, leaving the form): the cell being
        typed in goes into the form, as when it is left. None when nothing
        is left open; else why its text cannot be taken (the edit stays
        open with the reason shown, so nothing typed is lost)."""
        self.catch_up()
        if not self.editing:
            return None
        if self.commit():
            self.moved()
            return None
        return self.error_text

    def keep_open_cell(self) -> None:
        """The text of the cell being typed in put in the form without
        ending the edit (the app calls this before the recovery file is
        kept): a crash or a dropped connection does not lose it. The edit
        goes on; its commit, or its Esc (which puts the old text back), is
        the same undo step. Text the form cannot take is left out until it
        is corrected."""
        row = self.current
        if not self.editing or row is None or row.kind == "empty":
            return
        text = self.input.value
        if text == (self._kept if self._kept is not None else self._before_edit):
            return
        if self.actions.grid_commit(row, self.current_column, text, still_open=True) is None:
            self._kept = text
            self._refresh_current()

    def _refresh_current(self) -> None:
        """The committed row from the session at once (the frame that shows
        the commit shows its cells); the other rows catch up with
        `refresh_rows`, which the screen calls right after that frame."""
        row = self.current
        session = self.session
        if row is None or row.kind == "empty" or not session.exists(row.address):
            return
        self.rows[self.row] = row_again(session, row)

    def cancel(self) -> None:
        """Esc while editing: the cell keeps what it had."""
        self._put_back()
        self.editing = False
        self.moved()

    def _put_back(self) -> None:
        """An edit dropped after its text was kept in the form: the old text
        back (the kept step and this one cancel out)."""
        row = self.current
        if self._kept is not None and row is not None and row.kind != "empty":
            self.actions.grid_commit(row, self.current_column, self._before_edit)
            self._refresh_current()
        self._kept = None

    def stop_editing(self) -> None:
        """Drop an edit in progress (the grid is being left)."""
        if self.editing:
            self._put_back()
            self.editing = False
            self.error_text = None

    def clear(self) -> None:
        """Delete: empty the cell."""
        row = self.current
        if row is None or row.kind == "empty" or cell_spec(row, self.current_column) is None \
                or cell_value(row, self.current_column) in (None, ""):
            return
        error = self.actions.grid_commit(row, self.current_column, "")
        if error is None:
            self._refresh_current()
        self.moved()
        if error is not None:
            self.error_text = error
            self.show_current()
