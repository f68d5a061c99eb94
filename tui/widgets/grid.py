"""The grid editor (表格编辑): the indicators of a goal, level or sublevel
as rows of a table, typed in as in a spreadsheet.

The table (`GridTable`) draws the rows (`tui.sheet`) and moves a cell
cursor; typing a character starts editing the cell with that character
(replacing it), F2 edits keeping the text. The edit happens in one `Input`
(`CellInput`) laid over the cell, so an input method's candidate window
follows the cell. Enter commits and moves down (after a run of Tabs, to the
column the run started in), Tab / Shift+Tab commit and move right / left, Esc
cancels the edit and a second Esc leaves the grid.

The grid changes nothing itself: a committed cell, a new or deleted row and
a paste go to the `GridActions` it was built with (the main screen's grid
controller), which changes the session and brings every widget up to date;
the grid then shows the new rows (`refresh_rows`).
"""

from __future__ import annotations

from typing import Any, Protocol

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input

from .. import keys, strings as S
from ..session import FORM, Address, Session
from ..sheet import COLUMNS, EDITABLE, Column, Row, build_rows, cell_text, scope_of
from ..text import cells, clip, inert, one_line
from ..view import findings_block, name_of, score_weight
from . import LiveText

__all__ = ["GridActions", "IndicatorGrid", "GridTable", "CellInput", "column_widths"]

GAP = 1  # blank cells between columns
_RIGHT = ("weight", "score", "formula")  # figures are right-aligned


class GridActions(Protocol):
    """What the grid asks of the screen; each returns after the session and
    every widget (the grid included) show the change."""

    def grid_commit(self, row: Row, column: Column, text: str) -> str | None:
        """Put `text` in a cell; a Chinese message if it cannot be taken."""

    def grid_add_row(self, row: Row) -> Address | None:
        """A new indicator below `row` (the first of an empty 二级指标)."""

    def grid_delete_row(self, row: Row) -> None: ...

    def grid_paste(self, rows: list[Row], at_row: int, at_column: int, text: str) -> Address | None:
        """Fill cells from a pasted block; the first row filled, or None."""

    def grid_leave(self, address: Address) -> None: ...


def column_widths(width: int) -> list[int]:
    """Each column's width in cells for a table `width` cells wide: the
    minimum widths, the spare room shared out (most to the name); narrower
    than the minimum, the name column gives way first."""
    widths = [c.min_width for c in COLUMNS]
    spare = width - sum(widths) - GAP * (len(COLUMNS) - 1)
    if spare >= 0:
        shares = sum(c.share for c in COLUMNS)
        given = 0
        for index, column in enumerate(COLUMNS):
            extra = spare * column.share // shares
            widths[index] += extra
            given += extra
        widths[0] += spare - given
    else:
        widths[0] = max(6, widths[0] + spare)
    return widths


class CellInput(Input):
    """The text of the cell being edited, laid over the cell."""

    BINDINGS = keys.CELL
    DEFAULT_CSS = """
    CellInput { position: absolute; display: none; height: 1; border: none; padding: 0;
                background: $accent 30%; }
    """
    # a cell's size is fixed by its column (see FieldInput in editor.py)
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, grid: IndicatorGrid, **kwargs: Any) -> None:
        super().__init__(compact=True, select_on_focus=False, **kwargs)
        self.grid = grid

    def action_commit_enter(self) -> None:
        self.grid.enter()

    def action_commit_move(self, rows: int, columns: int, tab: bool = False) -> None:
        self.grid.move(rows, columns, tab)

    def action_commit_add_row(self) -> None:
        self.grid.add_row()

    def action_cancel(self) -> None:
        self.grid.cancel()


class GridTable(Widget, can_focus=True):
    """The header and the rows; the cell cursor. Its keys are the grid's."""

    BINDINGS = keys.GRID
    DEFAULT_CSS = """
    GridTable { height: 1fr; }
    """

    def __init__(self, grid: IndicatorGrid, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.grid = grid

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        text = self.grid.line(y, width, self.has_focus)
        if text is None:
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        segments = Segment.apply_style(text.render(self.app.console), base)
        return Strip(segments).crop_extend(0, width, base)

    def on_resize(self) -> None:
        self.grid.keep_in_view()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        # typing replaces the cell (a character that is not a key binding)
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.grid.type(event.character)

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.grid.paste(event.text)

    # the keys (keys.GRID)
    def action_edit(self) -> None:
        self.grid.edit()

    def action_enter(self) -> None:
        self.grid.enter()

    def action_move(self, rows: int, columns: int, tab: bool = False) -> None:
        self.grid.move(rows, columns, tab)

    def action_edge(self, side: int) -> None:
        self.grid.edge(side)

    def action_page(self, direction: int) -> None:
        self.grid.page(direction)

    def action_add_row(self) -> None:
        self.grid.add_row()

    def action_delete_row(self) -> None:
        self.grid.delete_row()

    def action_clear(self) -> None:
        self.grid.clear()

    def action_leave(self) -> None:
        self.grid.leave()


class IndicatorGrid(Vertical):
    """The grid pane: where it is, the table, the current cell's whole text,
    the current row's findings."""

    DEFAULT_CSS = """
    IndicatorGrid { height: 100%; padding: 0 0 0 1; }
    IndicatorGrid #grid-title { height: 1; text-style: bold; }
    IndicatorGrid #grid-cell { height: auto; max-height: 3; color: $text; }
    IndicatorGrid #grid-cell.error { color: $error; }
    IndicatorGrid #grid-findings { height: auto; max-height: 6; }
    """

    def __init__(self, session: Session, actions: GridActions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.actions = actions
        self.scope: Address = FORM
        self.rows: list[Row] = []
        self.row = 0  # index into rows (never a group row when there is another)
        self.column = 0  # index into COLUMNS (an editable one)
        self.top = 0  # first row shown
        self.editing = False
        self.run_start: int | None = None  # the column a run of Tabs started in
        self._built_for: tuple[Any, Any] | None = None
        self._error: str | None = None

    def compose(self) -> ComposeResult:
        yield LiveText(id="grid-title")
        yield GridTable(self, id="grid-table")
        yield CellInput(self, id="grid-input")
        yield LiveText(id="grid-cell")
        yield LiveText(id="grid-findings", classes="node-findings")

    @property
    def table(self) -> GridTable:
        return self.query_one("#grid-table", GridTable)

    @property
    def input(self) -> CellInput:
        return self.query_one("#grid-input", CellInput)

    # -- what is shown ----------------------------------------------------------------

    def open(self, at: Address) -> None:
        """Show the grid for the node at `at` (see `sheet.scope_of`), the
        cursor on `at`'s name cell (the first row's for a group)."""
        self.stop_editing()
        self.scope = scope_of(at)
        self._built_for = None
        self.refresh_rows()
        self.column = EDITABLE[0]
        self.run_start = None
        self.row = self._first_editable()
        if at.kind in ("indicator", "sublevel"):
            self.select(at, column="name")
        self.top = 0
        self.keep_in_view()
        self._show_current()
        # the table has its height only once laid out
        self.call_after_refresh(self.keep_in_view)

    def refresh_rows(self) -> None:
        """Catch up with the session (after any change)."""
        session = self.session
        key = (session.doc, session.result)
        if self._built_for is not None and self._built_for[0] is key[0] \
                and self._built_for[1] is key[1]:
            return
        self._built_for = key
        if not session.exists(self.scope):
            self.scope = FORM
        self.rows = build_rows(session, self.scope)
        where = S.GRID_ALL if self.scope.section != "goals" else " › ".join(
            one_line(name_of(session.node(Address("goals", self.scope.path[:depth]))))
            for depth in range(1, len(self.scope.path) + 1))
        self.query_one("#grid-title", LiveText).set_text(
            Text(S.GRID_TITLE.format(where=where), no_wrap=True, overflow="ellipsis", end=""))
        self.row = min(self.row, max(0, len(self.rows) - 1))
        if self.rows and not self.rows[self.row].editable:
            self.row = self._step(self.row, 1) if self._step(self.row, 1) != self.row \
                else self._step(self.row, -1)
        self.keep_in_view()
        self.table.refresh()
        self._show_current()

    def select(self, address: Address, column: str | None = None) -> bool:
        """Put the cursor on the row of `address` (an indicator, or an empty
        二级指标's row); False when it is not in the grid."""
        for index, row in enumerate(self.rows):
            if row.editable and (row.address == address or
                                 (row.kind == "empty" and address.kind == "sublevel"
                                  and row.address == address)):
                self.row = index
                if column is not None:
                    self.column = next(i for i, c in enumerate(COLUMNS) if c.name == column)
                self.keep_in_view()
                self.table.refresh()
                self._show_current()
                return True
        return False

    @property
    def current(self) -> Row | None:
        return self.rows[self.row] if self.rows else None

    @property
    def current_column(self) -> Column:
        return COLUMNS[self.column]

    def _first_editable(self) -> int:
        for index, row in enumerate(self.rows):
            if row.editable:
                return index
        return 0

    def _step(self, index: int, direction: int) -> int:
        """The next editable row from `index` in `direction` (itself at an edge)."""
        probe = index + direction
        while 0 <= probe < len(self.rows):
            if self.rows[probe].editable:
                return probe
            probe += direction
        return index

    def visible_rows(self) -> int:
        return max(1, self.table.size.height - 1)

    def keep_in_view(self) -> None:
        if self.table.size.height <= 1:
            return  # not laid out yet
        shown = self.visible_rows()
        row = self.row
        # the group row just above the cursor stays in sight with it
        upper = row - 1 if row > 0 and not self.rows[row - 1].editable else row
        if upper < self.top:
            self.top = upper
        elif row >= self.top + shown:
            self.top = row - shown + 1
        self.top = max(0, min(self.top, max(0, len(self.rows) - shown)))
        if self.editing:
            self._place_input()
        self.table.refresh()

    # -- drawing ------------------------------------------------------------------------

    def line(self, y: int, width: int, focused: bool) -> Text | None:
        """Line `y` of the table (0 is the header); None for a blank line."""
        widths = column_widths(width)
        if y == 0:
            text = Text(no_wrap=True, end="", style="bold underline")
            for index, column in enumerate(COLUMNS):
                text.append(_pad(column.title, widths[index], right=column.name in _RIGHT))
                text.append(" " * GAP)
            return text
        index = self.top + y - 1
        if index >= len(self.rows):
            if not self.rows and y == 1:
                return Text(S.GRID_NO_ROWS, style="dim", no_wrap=True, end="")
            return None
        row = self.rows[index]
        if row.kind == "group":
            text = Text(no_wrap=True, end="")
            figures = "  " + score_weight(row.result)
            room = max(6, width - len(figures))
            text.append(clip(row.label, room), style="bold cyan")
            text.append(figures, style="dim")
            return text
        current = index == self.row
        text = Text(no_wrap=True, end="")
        for col, column in enumerate(COLUMNS):
            content = cell_text(row, column)
            style = ""
            if row.kind == "empty":
                style = "dim italic"
            elif column.name == "mark":
                style = "bold red" if content == S.MARK_ERROR else "yellow"
            elif column.name == "formula":
                style = "dim"
            if current and col == self.column:
                style = "reverse" if focused else "underline"
            elif current:
                style = (style + " bold").strip()
            text.append(_pad(content, widths[col], right=column.name in _RIGHT), style=style)
            text.append(" " * GAP)
        return text

    def _show_current(self) -> None:
        """The current cell's whole text and the current row's findings."""
        row = self.current
        cell = self.query_one("#grid-cell", LiveText)
        box = self.query_one("#grid-findings", LiveText)
        if self._error is not None:
            cell.set_text(Text(self._error))
            cell.add_class("error")
        elif row is None or not row.editable:
            cell.set_text(Text(""))
            cell.remove_class("error")
        else:
            cell.remove_class("error")
            column = self.current_column
            content = cell_text(row, column) if row.kind == "indicator" else ""
            shown = Text(S.GRID_CELL.format(column=column.title, text=""), style="dim")
            shown.append(inert(self._full_text(row, column)) if content else S.GRID_CELL_EMPTY,
                         style="" if content else "dim")
            cell.set_text(shown)
        if row is None:
            box.set_text(Text(""))
        else:
            box.set_text(findings_block(row.result.findings))

    @staticmethod
    def _full_text(row: Row, column: Column) -> str:
        """The cell's text with line breaks kept visible (for the line under the grid)."""
        value = getattr(row.node, column.name, None)
        if column.spec is None or value is None:
            return cell_text(row, column)
        return cell_text(row, column) if not isinstance(value, str) else value

    # -- moving -------------------------------------------------------------------------

    def move(self, rows: int, columns: int, tab: bool = False) -> None:
        """Move the cursor (committing an edit first); `tab`: part of a run
        of Tabs (Enter then goes back to the column the run started in)."""
        if self.editing and not self.commit():
            return
        if not self.rows:
            return
        if tab:
            if self.run_start is None:
                self.run_start = self.column
        else:
            self.run_start = None
        position = EDITABLE.index(self.column) + columns
        if position >= len(EDITABLE):  # past the last column: next row's first
            if tab and self._step(self.row, 1) != self.row:
                self.row = self._step(self.row, 1)
                self.run_start = None
            position = 0 if tab else len(EDITABLE) - 1
        elif position < 0:
            if tab and self._step(self.row, -1) != self.row:
                self.row = self._step(self.row, -1)
                position = len(EDITABLE) - 1
            else:
                position = 0
        self.column = EDITABLE[position]
        for _ in range(abs(rows)):
            self.row = self._step(self.row, 1 if rows > 0 else -1)
        self._moved()

    def enter(self) -> None:
        """Enter: commit, then down; after a run of Tabs, to the column the
        run started in; on the last row, a new row."""
        if self.editing and not self.commit():
            return
        if not self.rows:
            return
        if self.run_start is not None:
            self.column = self.run_start
            self.run_start = None
        below = self._step(self.row, 1)
        row = self.current
        if below == self.row and row is not None and row.kind == "indicator" \
                and not _blank(row.node):
            new = self.actions.grid_add_row(row)
            if new is not None:
                self.select(new)
            self._moved()
            return
        self.row = below
        self._moved()

    def edge(self, side: int) -> None:
        self.run_start = None
        self.column = EDITABLE[0] if side < 0 else EDITABLE[-1]
        self._moved()

    def page(self, direction: int) -> None:
        self.run_start = None
        for _ in range(self.visible_rows()):
            self.row = self._step(self.row, direction)
        self._moved()

    def _moved(self) -> None:
        self._error = None
        self.keep_in_view()
        self.table.refresh()
        self._show_current()

    # -- editing -------------------------------------------------------------------------

    def type(self, character: str) -> None:
        """A character typed on the table: start editing, replacing the cell
        (or, when keys arrive before the input has the focus, add to it)."""
        if self.editing:
            self.input.insert_text_at_cursor(character)
            return
        self.start_edit(character)

    def edit(self) -> None:
        """F2: edit the cell keeping its text (a number's is selected, so
        typing replaces it)."""
        if self.editing:
            return
        row = self.current
        if row is None or not row.editable:
            return
        value = getattr(row.node, self.current_column.name, None) if row.kind == "indicator" \
            else None
        text = "" if value is None else cell_text(row, self.current_column)
        if isinstance(value, str):
            text = value
        self.start_edit(text, select=self.current_column.spec is not None
                        and self.current_column.spec.kind == "number")

    def start_edit(self, text: str, select: bool = False) -> None:
        row = self.current
        if row is None or not row.editable:
            return
        field = self.input
        self.editing = True
        with field.prevent(Input.Changed):
            field.value = text
        field.cursor_position = len(text)
        if select:
            field.select_all()
        self._place_input()
        field.display = True
        self.screen.set_focus(field)  # now: the next key goes to the input

    def _place_input(self) -> None:
        table = self.table
        widths = column_widths(table.size.width)
        x = sum(w + GAP for w in widths[: self.column])
        y = 1 + self.row - self.top
        field = self.input
        # the input is placed within the grid's content, the table below the title
        field.styles.offset = (table.region.x - self.content_region.x + x,
                               table.region.y - self.content_region.y + y)
        field.styles.width = widths[self.column]

    def commit(self) -> bool:
        """Put the edited text in the cell (one undo step). False when it
        cannot be taken: the reason is shown and the edit goes on."""
        row = self.current
        if not self.editing or row is None:
            return True
        text = self.input.value
        column = self.current_column
        unchanged = row.kind == "indicator" and text == self._edit_original(row, column)
        if not unchanged and not (row.kind == "empty" and not text.strip()):
            error = self.actions.grid_commit(row, column, text)
            if error is not None:
                self._error = error
                self._show_current()
                return False
        self.stop_editing()
        return True

    def _edit_original(self, row: Row, column: Column) -> str:
        value = getattr(row.node, column.name, None)
        if isinstance(value, str):
            return value
        return cell_text(row, column)

    def cancel(self) -> None:
        """Esc while editing: the cell keeps what it had."""
        self.stop_editing()
        self._moved()

    def stop_editing(self) -> None:
        if not self.editing:
            return
        self.editing = False
        self._error = None
        field = self.input
        field.display = False
        if self.is_attached and self.display:
            self.screen.set_focus(self.table)

    def clear(self) -> None:
        """Delete: empty the cell."""
        row = self.current
        if row is None or row.kind != "indicator" or not cell_text(row, self.current_column):
            return
        error = self.actions.grid_commit(row, self.current_column, "")
        self._error = error
        self._show_current()

    def add_row(self) -> None:
        """Ctrl+N: a new row below the cursor (commits an edit first)."""
        if self.editing and not self.commit():
            return
        row = self.current
        if row is None:
            return
        new = self.actions.grid_add_row(row)
        if new is not None:
            self.run_start = None
            self.column = EDITABLE[0]
            self.select(new)
        self._moved()

    def delete_row(self) -> None:
        row = self.current
        if row is None or row.kind != "indicator":
            return
        self.actions.grid_delete_row(row)
        self._moved()

    def leave(self) -> None:
        row = self.current
        self.stop_editing()
        self.actions.grid_leave(row.address if row is not None else self.scope)

    def paste(self, text: str) -> None:
        row = self.current
        if row is None or not row.editable:
            return
        first = self.actions.grid_paste(self.rows, self.row, self.column, text)
        if first is not None:
            self.select(first)
        self._moved()


def _blank(node: Any) -> bool:
    return not (node.name.strip() or node.target.strip() or node.actual.strip()
                or node.weight is not None or node.score is not None)


def _pad(text: str, width: int, right: bool = False) -> str:
    shown = clip(one_line(text), width)
    room = width - cells(shown)
    return (" " * room + shown) if right else (shown + " " * room)
