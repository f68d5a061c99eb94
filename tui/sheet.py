"""The grid editor's rows and cells (表格编辑), without Textual.

The grid shows the indicators under one goal, level or sublevel (the whole
form from the root) as rows of a table: one group row per 二级指标 (with its
一级指标, and the goal when the grid spans several), then its indicators; an
二级指标 without indicators shows one empty row, where typing adds the first
one. A flat form (RULES.md 5b) has no group rows: its indicators are one
list, with the flat framework's columns (`FLAT_COLUMNS`: 年初指标值, 调整指标值,
全年完成值, 得分系数, 权重, 得分, 是否核心指标); `columns_for` says which
columns a form has. `build_rows` makes the rows from the session; `fill` computes the
document after a block of tab-separated cells is pasted at a cell (applied by
the caller through `Session.commit`, so a paste is one undo step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from model import Document, DocumentError, Framework, Indicator, Kind
from model.edit import insert_at, node_at, update_at
from model.limits import growth_problems, limit_problems

from . import strings as S
from .fields import FIELDS, FUND_FIELDS, FieldError, FieldSpec, format_value, parse_input
from .session import EXECUTION, FORM, Address, Session, flat_step
from .text import number, one_line

__all__ = ["Column", "COLUMNS", "EDITABLE", "FLAT_COLUMNS", "FLAT_EDITABLE", "columns_for", "HEAD_KINDS", "Row", "scope_of", "build_rows",
           "cell_spec", "fund_value", "row_again", "cell_value",
           "cell_text", "PasteError", "Filled", "fill", "split_cells"]

RowKind = Literal["group", "indicator", "empty", "execution", "fund", "goal", "level",
                  "sublevel"]
# rows of a node above the indicators (or the execution's): their figures
# are typed in the same columns as an indicator's (see `cell_spec`)
HEAD_KINDS = ("execution", "fund", "goal", "level", "sublevel")


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # the indicator's field, or "formula" / "mark" (read-only)
    title: str
    min_width: int  # cells at 80 columns
    share: int  # how the spare width is shared out
    spec: FieldSpec | None = None  # editable columns only
    long_title: str = ""  # the line under the grid names the cell so (else `title`)

    @property
    def editable(self) -> bool:
        return self.spec is not None

    @property
    def cell_title(self) -> str:
        return self.long_title or self.title


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
# A flat form's columns (RULES.md 5b): the adjusted target beside the initial one, the
# coefficient that makes the score (得分 = 得分系数 × 指标权重) and the core flag; titles
# short enough for 80 columns (the line under the grid names the field in full)
_FLAT = S.GRID_FLAT_COLUMNS
_FLAT_CELLS = S.GRID_FLAT_CELLS
FLAT_COLUMNS: tuple[Column, ...] = (
    Column("name", _FLAT["name"], 12, 8, _SPECS["name"]),
    *(Column(name, _FLAT[name], width, share, _SPECS[name], _FLAT_CELLS[name])
      for name, width, share in (("target", 8, 2), ("adjusted_target", 8, 2), ("actual", 8, 2),
                                 ("coefficient", 6, 1), ("weight", 5, 1), ("score", 5, 1),
                                 ("core", 4, 0))),
    Column("formula", _FLAT["formula"], 6, 1),
    Column("mark", _FLAT["mark"], 4, 0),
)
FLAT_EDITABLE = tuple(i for i, c in enumerate(FLAT_COLUMNS) if c.editable)


def columns_for(doc: Document) -> tuple[Column, ...]:
    """The grid's columns for a form: the flat framework's, or the levels'."""
    return FLAT_COLUMNS if doc.framework is Framework.flat else COLUMNS


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
    def head(self) -> bool:
        """A row of the execution, a fund, a goal or a level (not an indicator's)."""
        return self.kind in HEAD_KINDS

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


def _execution_rows(session: Session) -> list[Row]:
    """The execution's row (budget, spent, weight, score) and its fund rows
    (name, budget, spent): the three usual ones when the form has none."""
    doc = session.doc
    res = session.result.execution
    rows = [Row("execution", EXECUTION, doc.execution, res, S.EXECUTION)]
    if doc.kind is Kind.department and not doc.execution.funds:
        return rows  # as in the editor: department forms show fund rows they have
    funds: list[Any] = list(doc.execution.funds) or [None] * len(S.FUND_NAMES)
    for index, fund in enumerate(funds):
        rows.append(Row("fund", Address("execution", (index,)), fund, res))
    return rows


def build_rows(session: Session, scope: Address) -> list[Row]:
    """The rows of the grid for `scope` (see `scope_of`): on the whole form
    the execution's rows first; then each goal's row (when the grid spans
    several), each 一级指标's and 二级指标's row, and the indicators."""
    doc = session.doc
    result = session.result
    rows: list[Row] = []
    if scope.section == "goals":
        goals = [scope.path[:1]]
    else:
        goals = [(g,) for g in range(len(doc.goals))]
        rows.extend(_execution_rows(session))
    several = len(goals) > 1
    for goal_path in goals:
        goal = node_at(doc, goal_path)
        levels = list(enumerate(goal.levels))
        if scope.section == "goals" and len(scope.path) >= 2:
            levels = [(scope.path[1], goal.levels[scope.path[1]])]
        if several and not flat_step(doc, goal):
            rows.append(Row("goal", Address("goals", goal_path), goal, result.node(goal_path),
                            _name(goal)))
        for l1, level in levels:
            level_path = goal_path + (l1,)
            if not flat_step(doc, level):  # a flat form's unnamed level is no row
                rows.append(Row("level", Address("goals", level_path), level,
                                result.node(level_path), _name(level)))
            subs = list(enumerate(level.sublevels))
            if scope.section == "goals" and len(scope.path) >= 3:
                subs = [(scope.path[2], level.sublevels[scope.path[2]])]
            for l2, sub in subs:
                path = goal_path + (l1, l2)
                address = Address("goals", path)
                sub_result = result.node(path)
                if not flat_step(doc, sub):
                    rows.append(Row("sublevel", address, sub, sub_result,
                                    f"{_name(level)} › {_name(sub)}"))
                if not sub.indicators:
                    rows.append(Row("empty", address, sub, sub_result))
                for i, ind in enumerate(sub.indicators):
                    rows.append(Row("indicator", Address("goals", path + (i,)), ind,
                                    sub_result.children[i]))
    return rows


_FORM_SPECS = {form: {spec.name: spec for spec in specs} for form, specs in FIELDS.items()}
_FUND_SPECS = {spec.name: spec for spec in FUND_FIELDS}
# a head row's field in each column (column -> (form, field)); absent: not typed there
_HEAD_CELLS: dict[str, dict[str, tuple[str, str]]] = {
    "execution": {"target": ("execution", "budget"), "actual": ("execution", "spent"),
                  "weight": ("execution", "weight"), "score": ("execution", "declared_score")},
    "fund": {"name": ("fund", "name"), "target": ("fund", "budget"),
             "actual": ("fund", "spent")},
    "goal": {"name": ("goal", "title"), "weight": ("goal", "weight"),
             "score": ("goal", "declared_score")},
    "level": {"name": ("level", "name"), "weight": ("level", "weight"),
              "score": ("level", "declared_score")},
    "sublevel": {"name": ("sublevel", "name"), "weight": ("sublevel", "weight"),
                 "score": ("sublevel", "declared_score")},
}


def cell_spec(row: Row, column: Column) -> FieldSpec | None:
    """The field typed in this cell of this row, or None (not typed here)."""
    if row.kind in ("indicator", "empty"):
        return column.spec
    form, name = _HEAD_CELLS.get(row.kind, {}).get(column.name, ("", ""))
    if not form:
        return None
    return _FUND_SPECS[name] if form == "fund" else _FORM_SPECS[form][name]


def fund_value(row: Row, name: str) -> Any:
    """A fund row's value (an absent row: its usual name, no figures)."""
    if row.node is not None:
        return getattr(row.node, name)
    index = row.address.path[0]
    return S.FUND_NAMES[index] if name == "name" and index < len(S.FUND_NAMES) else None


def row_again(session: Session, row: Row) -> Row:
    """`row` with its node and result as the session has them now."""
    doc, result = session.doc, session.result
    if row.kind in ("execution", "fund"):
        node: Any = doc.execution
        if row.kind == "fund":
            funds = doc.execution.funds
            index = row.address.path[0]
            node = funds[index] if index < len(funds) else None
        return Row(row.kind, row.address, node, result.execution, row.label)
    return Row(row.kind, row.address, session.node(row.address),
               result.node(row.address.path), row.label)


def cell_value(row: Row, column: Column) -> Any:
    """The model value of an editable cell (None on an empty row)."""
    spec = cell_spec(row, column)
    if row.kind in ("empty", "group") or spec is None:
        return None
    if row.kind == "fund":
        return fund_value(row, spec.name)
    return getattr(row.node, spec.name)


def cell_text(row: Row, column: Column) -> str:
    """What a cell shows (the whole text: the grid clips it to the column)."""
    if row.kind == "group":
        return ""
    if row.kind == "empty":
        return S.GRID_EMPTY_ROW if column.name == "name" else ""
    if row.head:
        return _head_text(row, column)
    res = row.result
    if column.name == "formula":
        return "" if res.formula is None else number(res.formula)
    if column.name == "mark":
        if res.excluded:
            return S.GRID_EXCLUDED
        return {"error": S.MARK_ERROR, "warning": S.MARK_WARNING}.get(
            res.worst.value if res.worst is not None else "", "")
    assert column.spec is not None
    value = getattr(row.node, column.name)
    if value is False:
        return ""  # 是否核心指标 否: the column shows the 是 only
    return one_line(format_value(column.spec, value))


def _head_text(row: Row, column: Column) -> str:
    spec = cell_spec(row, column)
    if spec is not None:
        value = cell_value(row, column)
        if row.kind == "sublevel" and column.name == "name":
            return "  › " + one_line(str(value))  # set in under its 一级指标
        return one_line(format_value(spec, value)) if value is not None else ""
    if column.name == "name":
        return row.label
    if column.name == "mark" and row.kind != "fund":
        worst = getattr(row.result, "worst", None)
        return {"error": S.MARK_ERROR, "warning": S.MARK_WARNING}.get(
            worst.value if worst is not None else "", "")
    if column.name == "formula" and row.kind != "fund":
        score = getattr(row.result, "score", None)
        return "" if score is None else number(score)
    return ""


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
    column index `at_column` into the form's columns, `columns_for`) rightwards and downwards.

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
    columns = [c for c in columns_for(doc)[at_column:] if c.editable]
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
                raise PasteError(S.GRID_PASTE_BAD.format(line=offset + 1, column=column.cell_title,
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
