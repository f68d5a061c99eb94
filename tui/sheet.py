"""The grid editor's rows and cells (表格编辑), without Textual.

The grid shows the indicators under one goal, level or sublevel (the whole
form from the root) as rows of a table: one group row per 二级指标 (with its
一级指标, and the goal when the grid spans several), then its indicators; an
二级指标 without indicators shows one empty row, where typing adds the first
one. `build_rows` makes the rows from the session; `fill` computes the
document after a block of tab-separated cells is pasted at a cell (applied by
the caller through `Session.commit`, so a paste is one undo step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from model import Document, DocumentError, Indicator
from model.edit import insert_at, node_at, update_at
from model.limits import growth_problems, limit_problems

from . import strings as S
from .fields import FIELDS, FieldError, FieldSpec, format_value, parse_input
from .session import FORM, Address, Session
from .text import number, one_line

__all__ = ["Column", "COLUMNS", "EDITABLE", "Row", "scope_of", "build_rows", "cell_value",
           "cell_text", "PasteError", "Filled", "fill", "split_cells"]

RowKind = Literal["group", "indicator", "empty"]


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the indicator's field, or "formula" / "mark" (read-only)
    title: str
    min_width: int  # cells at 80 columns
    share: int  # how the spare width is shared out
    spec: FieldSpec | None = None  # editable columns only

    @property
    def editable(self) -> bool:
        return self.spec is not None


_SPECS = {spec.name: spec for spec in FIELDS["indicator"]}
COLUMNS: tuple[Column, ...] = (
    Column("name", S.GRID_COLUMNS["name"], 16, 8, _SPECS["name"]),
    Column("target", S.GRID_COLUMNS["target"], 10, 3, _SPECS["target"]),
    Column("actual", S.GRID_COLUMNS["actual"], 10, 3, _SPECS["actual"]),
    Column("weight", S.GRID_COLUMNS["weight"], 6, 1, _SPECS["weight"]),
    Column("score", S.GRID_COLUMNS["score"], 6, 1, _SPECS["score"]),
    Column("formula", S.GRID_COLUMNS["formula"], 7, 1),
    Column("mark", S.GRID_COLUMNS["mark"], 4, 0),
)
EDITABLE = tuple(i for i, c in enumerate(COLUMNS) if c.editable)  # cursor columns


@dataclass(frozen=True, slots=True)
class Row:
    """A line of the grid. `address` is the indicator's, or for a group row
    and an empty row the 二级指标's (goal's for a goal row)."""

    kind: RowKind
    address: Address
    node: Any  # the Indicator, or the LevelTwo / Goal
    result: Any  # its scoring result
    label: str = ""  # group rows: 一级 › 二级 (one line, inert)

    @property
    def editable(self) -> bool:
        return self.kind != "group"

    @property
    def sublevel(self) -> Address:
        """The 二级指标 this row belongs to."""
        return self.address.parent if self.kind == "indicator" else self.address


def scope_of(address: Address) -> Address:
    """The node whose indicators the grid shows when opened at `address`:
    a goal, level or sublevel itself; an indicator's goal (its neighbours);
    the whole form from the root or the execution block."""
    if address.section != "goals":
        return FORM
    if address.kind == "indicator":
        return Address("goals", address.path[:1])
    return address


def _name(node: Any) -> str:
    text = getattr(node, "title", None)
    if not isinstance(text, str):
        text = getattr(node, "name", "")
    return one_line(text.strip() or S.UNNAMED)


def build_rows(session: Session, scope: Address) -> list[Row]:
    """The rows of the grid for `scope` (see `scope_of`)."""
    doc = session.doc
    result = session.result
    rows: list[Row] = []
    if scope.section == "goals":
        goals = [scope.path[:1]]
    else:
        goals = [(g,) for g in range(len(doc.goals))]
    several = sum(1 for path in goals if node_at(doc, path).levels) > 1
    for goal_path in goals:
        goal = node_at(doc, goal_path)
        levels = list(enumerate(goal.levels))
        if scope.section == "goals" and len(scope.path) >= 2:
            levels = [(scope.path[1], goal.levels[scope.path[1]])]
        if several and not levels:
            continue
        if several:
            rows.append(Row("group", Address("goals", goal_path), goal, result.node(goal_path),
                            _name(goal)))
        for l1, level in levels:
            subs = list(enumerate(level.sublevels))
            if scope.section == "goals" and len(scope.path) >= 3:
                subs = [(scope.path[2], level.sublevels[scope.path[2]])]
            for l2, sub in subs:
                path = goal_path + (l1, l2)
                address = Address("goals", path)
                sub_result = result.node(path)
                rows.append(Row("group", address, sub, sub_result,
                                f"{_name(level)} › {_name(sub)}"))
                if not sub.indicators:
                    rows.append(Row("empty", address, sub, sub_result))
                for i, ind in enumerate(sub.indicators):
                    rows.append(Row("indicator", Address("goals", path + (i,)), ind,
                                    sub_result.children[i]))
    return rows


def cell_value(row: Row, column: Column) -> Any:
    """The model value of an editable cell (None on an empty row)."""
    if row.kind != "indicator" or column.spec is None:
        return None
    return getattr(row.node, column.name)


def cell_text(row: Row, column: Column) -> str:
    """What a cell shows (the whole text: the grid clips it to the column)."""
    if row.kind == "group":
        return ""
    if row.kind == "empty":
        return S.GRID_EMPTY_ROW if column.name == "name" else ""
    res = row.result
    if column.name == "formula":
        return "" if res.formula is None else number(res.formula)
    if column.name == "mark":
        if res.excluded:
            return S.GRID_EXCLUDED
        return {"error": S.MARK_ERROR, "warning": S.MARK_WARNING}.get(
            res.worst.value if res.worst is not None else "", "")
    assert column.spec is not None
    return one_line(format_value(column.spec, getattr(row.node, column.name)))


# -- paste ------------------------------------------------------------------------


class PasteError(ValueError):
    """A pasted cell cannot go where it would land; `message` says where and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Filled:
    doc: Document
    rows: int  # rows filled
    added: int  # of which new
    first: Address  # the row the paste started at
    dropped: int  # cells beyond the last editable column, not used


def split_cells(text: str) -> list[list[str]]:
    """Lines of tab-separated cells, as WPS, Word and Excel copy them
    (trailing empty line dropped; Windows line ends taken)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return [line.split("\t") for line in lines]


def fill(doc: Document, rows: list[Row], at_row: int, at_column: int, text: str) -> Filled:
    """The document with pasted cells put in from the cell (`at_row`, the
    column index `at_column` into COLUMNS) rightwards and downwards.

    The rows filled are the indicators of the cursor's 二级指标 from the
    cursor down; when the block is taller, new indicators are added at the
    end of that 二级指标. Number cells are read like typed ones; a cell that
    cannot be read raises PasteError naming its line and column, and nothing
    changes; so does a block that would take the form past its limits (the
    limit named), before any row is made."""
    table = split_cells(text)
    if not table:
        raise PasteError(S.GRID_PASTE_EMPTY)
    row = rows[at_row]
    sub_path = row.sublevel.path
    sub = node_at(doc, sub_path)
    start = row.address.path[-1] if row.kind == "indicator" else len(sub.indicators)
    columns = [c for c in COLUMNS[at_column:] if c.editable]
    dropped = 0
    count = len(sub.indicators)
    _within_limits(growth_problems(doc, max(0, start + len(table) - count)))
    added = 0
    for offset, cells in enumerate(table):
        changes: dict[str, Any] = {}
        if len(cells) > len(columns):
            dropped += sum(1 for cell in cells[len(columns):] if cell.strip())
        for column, cell in zip(columns, cells):
            assert column.spec is not None
            try:
                changes[column.name] = parse_input(column.spec, cell.strip() if column.spec.kind
                                                   == "number" else cell)
            except FieldError as exc:
                raise PasteError(S.GRID_PASTE_BAD.format(line=offset + 1, column=column.title,
                                                         message=exc.message)) from None
        index = start + offset
        if index >= count:
            doc = insert_at(doc, sub_path, count, Indicator())
            index = count
            count += 1
            added += 1
        try:
            doc = update_at(doc, sub_path + (index,), **changes)
        except DocumentError as exc:  # a value the model refuses
            raise PasteError(S.GRID_PASTE_REFUSED.format(line=offset + 1, message=exc.summary())) \
                from None
    _within_limits(limit_problems(doc))  # the size of the saved text
    first = Address("goals", sub_path + (start,))
    return Filled(doc, len(table), added, first, dropped)


def _within_limits(problems: list[Any]) -> None:
    if problems:
        raise PasteError(S.PASTE_OVER_LIMITS.format(reason=problems[0].message))
