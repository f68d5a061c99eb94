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
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

from .. import keys, strings as S
from ..compat import virtual_size_without_layout
from ..session import FORM, Address, Session, flat_step
from ..sheet import (COLUMNS, Column, Row, build_rows, cell_spec, cell_text, cell_value,
                     columns_for, scope_of)
from ..text import cells, clip, inert, one_line
from ..view import findings_block, name_of, score_weight
from . import LiveText
from .grid_editing import CellEditing

__all__ = ["GridActions", "IndicatorGrid", "GridTable", "CellInput", "column_widths"]

GAP = 1  # blank cells between columns
WEIGHT_CODES = ("WEIGHT_SUM", "TOTAL_WEIGHT")  # findings of weights that do not add up
_RIGHT = ("weight", "score", "formula", "coefficient")  # figures are right-aligned


class GridActions(Protocol):
    """What the grid asks of the screen; each returns after the session and
    every widget (the grid included) show the change."""

    def grid_commit(self, row: Row, column: Column, text: str, *,
                    still_open: bool = False) -> str | None:
        """Put `text` in a cell; a Chinese message if it cannot be taken.
        `still_open`: the cell is still being typed in (see `IndicatorGrid.keep_open_cell`)."""

    def grid_add_row(self, row: Row) -> Address | None:
        """A new indicator below `row` (the first of an empty 二级指标)."""

    def grid_delete_row(self, row: Row) -> None: ...

    def grid_paste(self, rows: list[Row], at_row: int, at_column: int, text: str) -> Address | None:
        """Fill cells from a pasted block; the first row filled, or None."""

    def grid_leave(self, address: Address) -> None: ...


def column_widths(width: int, columns: tuple[Column, ...] = COLUMNS) -> list[int]:
    """Each column's width in cells for a table `width` cells wide: the
    minimum widths, the spare room shared out (most to the name); narrower
    than the minimum, the name column gives way first."""
    widths = [c.min_width for c in columns]
    spare = width - sum(widths) - GAP * (len(columns) - 1)
    if spare >= 0:
        shares = sum(c.share for c in columns)
        given = 0
        for index, column in enumerate(columns):
            extra = spare * column.share // shares
            widths[index] += extra
            given += extra
        widths[0] += spare - given
    else:
        widths[0] = max(6, widths[0] + spare)
    return widths


class CellInput(Input):
    """The grid's cursor and the text of the current cell: one Input laid
    over the current cell, which keeps the focus while the grid is shown
    (so no key changes the focus, which would lay out the screen and
    rebuild the footer). Not editing, the cell's text is selected: typing
    replaces it. The grid's keys (keys.GRID) are bound here."""

    BINDINGS = keys.GRID
    DEFAULT_CSS = """
    CellInput { position: absolute; height: 1; width: 10; border: none; padding: 0;
                background: $accent 40%; }
    """
    # a cell's size is fixed by its column (see FieldInput in editor.py)
    virtual_size: Reactive[Size] = virtual_size_without_layout()

    def __init__(self, grid: IndicatorGrid, **kwargs: Any) -> None:
        super().__init__(compact=True, select_on_focus=False, **kwargs)
        self.grid = grid

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.grid.typed(event.value)

    def on_paste(self, event: events.Paste) -> None:
        # a block of cells fills the grid; a single value is typed in the cell
        if "\t" in event.text or "\n" in event.text.strip("\r\n"):
            event.prevent_default()
            event.stop()
            self.grid.paste(event.text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is the grid's (action_enter)

    # the keys (keys.GRID)
    def action_edit(self) -> None:
        self.grid.edit()

    def action_enter(self) -> None:
        self.grid.enter()

    def action_move(self, rows: int, columns: int, tab: bool = False) -> None:
        self.grid.move(rows, columns, tab)

    def action_sideways(self, direction: int) -> None:
        """← →: inside the text while editing, else to the next cell."""
        if self.grid.editing:
            if direction < 0:
                self.action_cursor_left()
            else:
                self.action_cursor_right()
        else:
            self.grid.move(0, direction)

    def action_edge(self, side: int) -> None:
        """Home / End: inside the text while editing, else the row's first / last cell."""
        if self.grid.editing:
            if side < 0:
                self.action_home()
            else:
                self.action_end()
        else:
            self.grid.edge(side)

    def action_page(self, direction: int) -> None:
        self.grid.page(direction)

    def action_add_row(self) -> None:
        self.grid.add_row()

    def action_delete_row(self) -> None:
        if self.grid.editing:
            self.action_delete_right()
        else:
            self.grid.delete_row()

    def action_clear(self) -> None:
        if self.grid.editing:
            self.action_delete_right()
        else:
            self.grid.clear()

    def action_leave(self) -> None:
        if self.grid.editing:
            self.grid.cancel()
        else:
            self.grid.leave()


class GridTable(Widget):
    """The header and the rows, drawn line by line (the cursor's cell under
    the input)."""

    DEFAULT_CSS = """
    GridTable { height: 1fr; }
    """

    def __init__(self, grid: IndicatorGrid, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.grid = grid
        # line -> (what it showed, its strip): a commit redraws the rows
        # whose indicator, result or cursor changed, not the whole table
        self._strips: dict[int, tuple[tuple[Any, ...], Strip]] = {}
        self._styles: dict[str, Style] = {}
        self._base: Style | None = None

    def update_lines(self) -> None:
        """Repaint the lines whose content changed (the rows a commit or a
        cursor move touched), not the whole table."""
        width = self.size.width
        for y in range(self.size.height):
            cached = self._strips.get(y)
            if cached is None or cached[0][0] != self.grid.line_key(y) or cached[0][1] != width:
                self.refresh(Region(0, y, width, 1))

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # once per update, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._base if self._base is not None else self.rich_style
        key = (self.grid.line_key(y), width, base)
        cached = self._strips.get(y)
        if cached is not None and cached[0] == key:
            return cached[1]
        parts = self.grid.line(y, width)
        if parts is None:
            strip = Strip.blank(width, base)
        else:
            # plain segments: the cells are cut to their width already, so
            # Rich's wrapping (Text.render) is not needed
            strip = Strip([Segment(text, base + self._style(style)) for text, style in parts])
            strip = strip.crop_extend(0, width, base)
        self._strips[y] = (key, strip)
        return strip

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = Style.parse(name) if name else Style.null()
        return style

    def on_resize(self) -> None:
        self._strips.clear()
        self.grid.keep_in_view()

    def on_click(self, event: events.Click) -> None:
        self.grid.click(event.y, event.x)


class IndicatorGrid(CellEditing, Vertical):
    """The grid pane: where it is, the table, the current cell's whole text,
    the current row's findings."""

    DEFAULT_CSS = """
    IndicatorGrid { height: 100%; padding: 0 0 0 1; }
    IndicatorGrid #grid-title { height: 1; text-style: bold; }
    IndicatorGrid #grid-cell { height: auto; max-height: 3; color: $text; }
    IndicatorGrid #grid-cell.error { color: $error; }
    IndicatorGrid #grid-findings { height: auto; max-height: 6; margin: 0; }
    IndicatorGrid #grid-weights { height: 1; }
    """

    def __init__(self, session: Session, actions: GridActions, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.actions = actions
        self.scope: Address = FORM
        self.rows: list[Row] = []
        self.row = 0  # index into rows (never a group row when there is another)
        self.column = 0  # index into `columns` (an editable one)
        self.top = 0  # first row shown
        self.run_start: int | None = None  # the column a run of Tabs started in
        self._built_for: tuple[Any, Any] | None = None
        self.error_text: str | None = None
        self.shown_text = ""  # the text the input was given for the current cell
        self.init_editing()

    def compose(self) -> ComposeResult:
        yield LiveText(id="grid-title")
        yield GridTable(self, id="grid-table")
        yield CellInput(self, id="grid-input")
        yield LiveText(id="grid-weights")
        yield LiveText(id="grid-cell")
        yield LiveText(id="grid-findings")

    @property
    def columns(self) -> tuple[Column, ...]:
        """The form's columns: a flat form's (得分系数, 是否核心指标, 调整指标值) or the levels'."""
        return columns_for(self.session.doc)

    @property
    def editable_columns(self) -> tuple[int, ...]:
        """The indexes of the columns the cursor stops at."""
        return tuple(i for i, c in enumerate(self.columns) if c.editable)

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
        self.column = self.editable_columns[0]
        self.run_start = None
        self.row = self._first_editable()
        if at.kind in ("indicator", "sublevel", "execution"):
            self.select(at, column="name")
        self.top = 0
        self.moved()
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
        if self.column not in self.editable_columns:  # the form's columns changed (flat or not)
            self.column = self.editable_columns[0]
            self.run_start = None
        if self.input.display != bool(self.rows):
            self.input.display = bool(self.rows)  # no cell to be on: the table says why
        steps = [session.node(Address("goals", self.scope.path[:depth]))
                 for depth in range(1, len(self.scope.path) + 1)]
        # a flat form's unnamed levels are no step of the title (its list is 全部指标)
        where = " › ".join(one_line(name_of(node)) for node in steps
                           if not flat_step(session.doc, node)) or S.GRID_ALL
        self.query_one("#grid-title", LiveText).set_text(
            Text(S.GRID_TITLE.format(where=where), no_wrap=True, overflow="ellipsis", end=""))
        self.query_one("#grid-weights", LiveText).set_text(weights_line(session, self.scope))
        self.row = min(self.row, max(0, len(self.rows) - 1))
        if self.rows and not self.rows[self.row].editable:
            self.row = self._step(self.row, 1) if self._step(self.row, 1) != self.row \
                else self._step(self.row, -1)
        self.moved()

    def select(self, address: Address, column: str | None = None) -> bool:
        """Put the cursor on the row of `address` (an indicator, or an empty
        二级指标's row); False when it is not in the grid."""
        # a 二级指标 is found at its first row (its empty row or first
        # indicator), as it always was; a goal, level or the execution at its own
        wanted = ("empty",) if address.kind == "sublevel" else ("indicator", "goal", "level",
                                                                  "execution", "fund")
        for index, row in enumerate(self.rows):
            if row.kind in wanted and row.address == address:
                self.row = index
                if column is not None:
                    self.column = next(i for i, c in enumerate(self.columns) if c.name == column)
                self.moved()
                return True
        return False

    @property
    def current(self) -> Row | None:
        return self.rows[self.row] if self.rows else None

    @property
    def current_column(self) -> Column:
        return self.columns[self.column]

    def _first_editable(self) -> int:
        """The first indicator's row (or empty row); else the first row that can be typed in."""
        for index, row in enumerate(self.rows):
            if row.editable and not row.head:
                return index
        return next((i for i, row in enumerate(self.rows) if row.editable), 0)

    def _step(self, index: int, direction: int, heads: bool = True) -> int:
        """The next editable row from `index` in `direction` (itself at an
        edge); without `heads`, an indicator's or empty row only (Enter and
        Tab from an indicator's row go on to the next indicator's)."""
        probe = index + direction
        while 0 <= probe < len(self.rows):
            row = self.rows[probe]
            if row.editable and (heads or not row.head):
                return probe
            probe += direction
        return index

    def _below(self) -> int:
        """Where Enter goes: from an indicator's row the next indicator's;
        from the execution's and the funds' rows past the goals' and levels'
        rows (their weights come from the template or the new form's
        weights, and ↑ ↓ reach them), and from the execution's past the fund
        rows too when none has a figure; from a goal's or level's, the next row."""
        row = self.current
        if row is None or row.kind not in ("execution", "fund"):
            return self._step(self.row, 1, self._heads())
        funds = self.session.doc.execution.funds
        skip_funds = row.kind == "execution" and not any(
            f.initial_budget is not None or f.budget is not None or f.spent is not None
            for f in funds)
        probe = self._step(self.row, 1)
        while probe != self.row and self.rows[probe].kind in (
                ("fund", "goal", "level", "sublevel") if skip_funds else ("goal", "level", "sublevel")):
            following = self._step(probe, 1)
            if following == probe:
                break
            probe = following
        return probe

    def _heads(self) -> bool:
        """Whether Enter and Tab from the current row stop at head rows."""
        row = self.current
        return row is None or row.head

    def _typed_here(self, column: int) -> bool:
        row = self.current
        return row is None or cell_spec(row, self.columns[column]) is not None

    def visible_rows(self) -> int:
        return max(1, self.table.size.height - 1)

    def keep_in_view(self, place: bool = True) -> None:
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
        if place:
            self._place_input()
        self.table.update_lines()

    # -- drawing ------------------------------------------------------------------------

    def line_key(self, y: int) -> tuple[Any, ...]:
        """What line `y` shows depends on: the same key, the same line."""
        if y == 0:
            return ("header", self.columns)
        index = self.top + y - 1
        if index >= len(self.rows):
            return ("blank", not self.rows)
        row = self.rows[index]
        current = index == self.row
        return (row.node, row.result, row.kind, row.address, row.label, current,
                self.column if current else None)

    def line(self, y: int, width: int) -> list[tuple[str, str]] | None:
        """Line `y` of the table (0 is the header) as (text, style) pieces;
        None for a blank line."""
        columns = self.columns
        widths = column_widths(width, columns)
        if y == 0:
            return [(_pad(column.title, widths[index], right=column.name in _RIGHT) + " " * GAP,
                     "bold underline") for index, column in enumerate(columns)]
        index = self.top + y - 1
        if index >= len(self.rows):
            if not self.rows and y == 1:
                return [(clip(S.GRID_NO_ROWS, width), "dim")]
            return None
        row = self.rows[index]
        if row.kind == "group":
            figures = "  " + score_weight(row.result)
            room = max(6, width - cells(figures))
            return [(clip(row.label, room), "bold cyan"), (figures, "dim")]
        current = index == self.row
        parts: list[tuple[str, str]] = []
        for col, column in enumerate(columns):
            content = cell_text(row, column)
            style = ""
            if row.kind == "empty":
                style = "dim italic"
            elif row.head and column.name in ("name", "weight", "score"):
                style = "bold cyan"
            elif column.name == "mark":
                style = "bold red" if content == S.MARK_ERROR else "yellow"
            elif column.name == "formula":
                style = "dim"
            if current and col == self.column:
                style = "reverse"  # under the input; seen while it moves
            elif current:
                style = (style + " bold").strip()
            parts.append((_pad(content, widths[col], right=column.name in _RIGHT), style))
            parts.append((" " * GAP, ""))
        return parts

    def show_current(self) -> None:
        """The current cell's whole text and the current row's findings."""
        # the lines keep the height they reached while the grid is open (see
        # LiveText.set_text): moving between rows with one finding and with
        # three does not lay the screen out again nor move the table
        row = self.current
        cell = self.query_one("#grid-cell", LiveText)
        box = self.query_one("#grid-findings", LiveText)
        if self.error_text is not None:
            cell.set_text(Text(self.error_text), keep_height=True)
            cell.add_class("error")
        elif row is None or not row.editable:
            cell.set_text(Text(""), keep_height=True)
            cell.remove_class("error")
        else:
            cell.remove_class("error")
            column = self.current_column
            content = cell_text(row, column) if row.kind != "empty" else ""
            shown = Text(S.GRID_CELL.format(column=self.cell_title(), text=""), style="dim")
            shown.append(inert(self._full_text(row, column)) if content else S.GRID_CELL_EMPTY,
                         style="" if content else "dim")
            if row.kind == "indicator" and column.name == "actual" and row.node.last_actual:
                shown.append(S.LAST_ACTUAL.format(actual=inert(row.node.last_actual)),
                             style="dim")
            cell.set_text(shown, keep_height=True)
        if row is None:
            box.set_text(Text(""), keep_height=True)
        else:
            box.set_text(findings_block(row.result.findings), keep_height=True)

    @staticmethod
    def _full_text(row: Row, column: Column) -> str:
        """The cell's text with line breaks kept visible (for the line under the grid)."""
        value = cell_value(row, column)
        return value if isinstance(value, str) else cell_text(row, column)

    def cell_title(self) -> str:
        """What the current cell holds, named: the column's title, or on a
        head row the field's (全年预算数 in the 年度指标值 column of 预算执行)."""
        row, column = self.current, self.current_column
        spec = cell_spec(row, column) if row is not None and row.head else None
        return spec.label if spec is not None else column.cell_title

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
        if columns:
            self._sideways(columns, tab)
        for _ in range(abs(rows)):
            self.row = self._step(self.row, 1 if rows > 0 else -1)
        self.moved()

    def _sideways(self, columns: int, tab: bool) -> None:
        """A cell left or right; Tab goes past the row's end to the next row
        (and on a head row past the cells nothing is typed in)."""
        editable = self.editable_columns
        position = editable.index(self.column) + columns
        while tab and 0 <= position < len(editable) and not self._typed_here(editable[position]):
            position += 1 if columns > 0 else -1
        if position >= len(editable):  # past the last column: next row's first
            below = self._step(self.row, 1, self._heads())
            if tab and below != self.row:
                self.row = below
                self.run_start = None
            position = 0 if tab else len(editable) - 1
        elif position < 0:
            above = self._step(self.row, -1, self._heads())
            if tab and above != self.row:
                self.row = above
                position = len(editable) - 1
            else:
                position = 0
        self.column = editable[position]

    def enter(self) -> None:
        """Enter: commit, then down; after a run of Tabs, to the column the
        run started in. On the last row it never makes a row (a stray
        Enter left an indicator named 新指标): it says Ctrl+N does."""
        if self.editing and not self.commit():
            return
        if not self.rows:
            return
        if self.run_start is not None:
            self.column = self.run_start
            self.run_start = None
        below = self._below()
        last = below == self.row
        self.row = below
        self.moved()
        if last:
            self.notify(S.GRID_LAST_ROW, timeout=3)

    def edge(self, side: int) -> None:
        self.run_start = None
        self.column = self.editable_columns[0] if side < 0 else self.editable_columns[-1]
        self.moved()

    def page(self, direction: int) -> None:
        self.run_start = None
        for _ in range(self.visible_rows()):
            self.row = self._step(self.row, direction)
        self.moved()

    def moved(self) -> None:
        """After the cursor moved: the table's changed lines, the line under
        it, and the input on the new cell (after the next screen update:
        moving it lays the screen out, and the frame that shows a commit's
        new figures should not wait for that)."""
        self.error_text = None
        self.keep_in_view(place=False)
        self.table.update_lines()
        self.show_current()
        self.shown_text = self.cell_edit_text()
        if not self.editing:
            field = self.input
            with field.prevent(Input.Changed):
                field.value = self.shown_text
            # all selected (typing replaces it), the cursor at the start so
            # the cell shows the beginning of a long name, not its end
            field.selection = Selection(len(field.value), 0)
        self.call_after_refresh(self._place_input)

    # -- placing the input ------------------------------------------------------------

    def focus_cell(self) -> None:
        """Give the keys to the grid (the cell's input)."""
        field = self.input
        self._place_input()
        field.focus()

    def _place_input(self) -> None:
        table = self.table
        if not self.rows or table.size.height <= 1:
            return
        widths = column_widths(table.size.width, self.columns)
        x = sum(w + GAP for w in widths[: self.column])
        y = 1 + self.row - self.top
        field = self.input
        row = self.current
        field.placeholder = S.GRID_EMPTY_ROW if row is not None and row.kind == "empty" \
            and self.current_column.name == "name" else ""
        # the input is placed within the grid's content, the table below the title
        offset = (table.region.x - self.content_region.x + x,
                  table.region.y - self.content_region.y + y)
        if tuple(field.styles.offset.resolve(self.size, self.size)) != offset:
            field.styles.offset = offset
        if field.styles.width is None or field.styles.width.value != widths[self.column]:
            field.styles.width = widths[self.column]

    def add_row(self) -> None:
        """Ctrl+N: a new row below the cursor (commits an edit first)."""
        if self.editing and not self.commit():
            return
        row = self.current
        if row is None or (row.head and row.kind != "sublevel" and not self.session.flat):
            # (a flat form adds an indicator to its list from any row)
            self.notify(S.GRID_ADD_WHERE, timeout=3)
            return
        new = self.actions.grid_add_row(row)
        if new is not None:
            self.run_start = None
            self.column = self.editable_columns[0]
            self.select(new)
        self.moved()

    def delete_row(self) -> None:
        row = self.current
        if row is None or row.kind != "indicator":
            return
        self.actions.grid_delete_row(row)
        self.moved()

    def click(self, y: int, x: int) -> None:
        """A click on the table: the cursor to that cell (an edit committed first)."""
        index = self.top + y - 1
        if y < 1 or not 0 <= index < len(self.rows) or not self.rows[index].editable:
            return
        if self.editing and not self.commit():
            return
        widths = column_widths(self.table.size.width, self.columns)
        left = 0
        for column, width in enumerate(widths):
            if x < left + width + GAP and column in self.editable_columns:
                self.column = column
                break
            left += width + GAP
        self.row = index
        self.run_start = None
        self.moved()

    def leave(self) -> None:
        row = self.current
        self.stop_editing()
        self.actions.grid_leave(row.address if row is not None else self.scope)

    def paste(self, text: str) -> None:
        row = self.current
        if row is None or not row.editable or row.head:
            self.notify(S.GRID_PASTE_WHERE, timeout=4)
            return
        first = self.actions.grid_paste(self.rows, self.row, self.column, text)
        if first is not None:
            self.select(first)
        self.moved()


def weights_line(session: Session, scope: Address) -> Text:
    """The grid's footer: where the weights under the grid's scope do not
    add up (the first place, and how many more), or that they do."""
    wrong = [f for f in session.result.findings if f.code in WEIGHT_CODES
             and (scope.section != "goals" or f.node[:len(scope.path)] == scope.path)]
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    if not wrong:
        line.append(S.GRID_WEIGHTS_OK, style="dim")
        return line
    first = wrong[0]
    place = first.path or (S.FORM if first.section == "document" else S.EXECUTION)
    line.append(S.GRID_WEIGHTS_WRONG.format(place=one_line(place), message=one_line(first.message)),
                style="bold yellow")
    if len(wrong) > 1:
        line.append(S.GRID_WEIGHTS_MORE.format(count=len(wrong) - 1), style="yellow")
    return line


def _pad(text: str, width: int, right: bool = False) -> str:
    shown = clip(one_line(text), width)
    room = width - cells(shown)
    return (" " * room + shown) if right else (shown + " " * room)
