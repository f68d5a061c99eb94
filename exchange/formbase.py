"""The state of a form reader and how it recognises rows (exchange.form reads the form
with it; formexec and formgoals read the execution block and the goals and tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Iterator
from typing import Any

from model import Kind

from .formwords import ALL_LABELS, LABEL_INLINE, OTHER_LABELS, TEXT_GOAL_ACTUAL, TEXT_GOAL_TARGET, TOTAL_ROW_WORDS
from .grid import Grid, cell_text
from .notes import Note, NoteKind
from .notes import short as _short
from .table import TableRow, clean_decimal, header_mapping, parse_number
from .vocab import norm


__all__ = ["ReaderBase", "Goal", "BlockRows"]


@dataclass
class Goal:
    data: dict[str, Any]
    block: tuple[int, int] | None = None  # (row, col) of the block label cell
    from_title: bool = False
    rows: list[TableRow] = field(default_factory=list)


class BlockRows:
    """The rows of a block under its heading row: each non-empty row, up to
    the row that starts something else (`ReaderBase._is_stop`). `end` is
    where reading stopped: the row a caller broke off at, the stop row, or
    the sheet's height."""

    def __init__(self, reader: ReaderBase, header_r: int) -> None:
        self.reader = reader
        self.header_r = header_r
        self.end = header_r + 1

    def __iter__(self) -> Iterator[int]:
        g = self.reader.g
        for r in range(self.header_r + 1, g.height):
            self.end = r
            if not g.nonempty(r):
                continue
            if self.reader._is_stop(r, self.header_r):
                return
            yield r
        self.end = max(g.height, self.header_r + 1)


class ReaderBase:
    def __init__(self, grid: Grid, kind: Kind | None, start: int = 0) -> None:
        self.g = grid
        self.kind = kind
        self.start = start
        self.title_row: int | None = None  # the first row of the title (a year line above it included)
        self.preamble: list[int] = []  # rows before the title that are no part of the form
        self.score_col: int | None = None  # 得分 column of the last indicator table (for the 总分 row)
        self.remarks_row: int | None = None
        self.weight_tables: list[Any] = []
        self._cells: dict[int, list[tuple[int, str]]] = {}
        self.notes: list[Note] = []
        self.raw: dict[str, Any] = {}
        self.execution: dict[str, Any] = {}
        self.narrative: dict[str, Any] = {}
        self.goals: list[Goal] = []
        self.projects: list[dict[str, Any]] = []
        self.kind_hints: list[Kind] = []
        self.seen_content = False  # a label or table has been read
        self.title_rows: set[int] = set()
        self.open_text: tuple[str, str] | None = None  # ("narrative", key) collecting lines
        self.open_container: str = ""  # where that text is (Word: a table's lines do not go on below it)
        self.stopped_at: int | None = None
        self._cells: dict[int, tuple[tuple[int, str], ...]] = {}  # cells(r), read once per row
        self.labels: dict[str, str] = {}  # slot -> the form's own wording of a heading (model.Label)
        self.first_table: dict[int, str] = {}  # column -> role of the first indicator table's heading row

    def note(self, kind: NoteKind, message: str, r: int | None = None, c: int | None = None,
             text: str = "") -> None:
        where = self.g.ref(r, c) if r is not None else ""
        self.notes.append(Note(kind, message, None if r is None else r + 1,
                               None if c is None else c + 1, where, text))

    def cells(self, r: int) -> list[tuple[int, str]]:
        """(column, text) of the row's non-empty cells (asked for many times per row: kept)."""
        got = self._cells.get(r)
        if got is None:
            got = self._cells[r] = [(c, self.g.text(r, c)) for c in self.g.nonempty(r)]
        return got

    def single(self, r: int) -> str | None:
        """The text of a row that holds one cell (a line, or a merged full-width cell)."""
        cells = self.cells(r)
        if len(cells) != 1:
            return None
        return cells[0][1]

    def wide(self, r: int) -> bool:
        """A single cell spanning most of the sheet (a merged title or goal line)."""
        cells = self.g.nonempty(r)
        if len(cells) != 1:
            return False
        if self.g.source == "text":
            return len(self.g.rows[r]) == 1
        if self.g.is_paragraph(r):
            return True
        m = self.g.merge_of(r, cells[0])
        width = max(self.g.width, 1)
        return m is not None and (m[3] - m[1] + 1) * 2 >= width

    def current_goal(self) -> Goal | None:
        return self.goals[-1] if self.goals else None

    def new_goal(self, title: str = "", weight: Decimal | None = None, *, block=None,
                 from_title: bool = False) -> Goal:
        data: dict[str, Any] = {"title": title}
        if weight is not None:
            data["weight"] = weight
        goal = Goal(data, block, from_title)
        self.goals.append(goal)
        return goal

    def _number(self, value: str, r: int, c: int) -> Decimal | None:
        cell = self.g.cell(r, c)
        if isinstance(cell.value, Decimal) and cell_text(cell).strip() == value:
            return clean_decimal(cell.value * 100 if cell.percent else cell.value)
        return parse_number(value)

    def _line_above(self, r: int) -> str:
        prev = r - 1
        while prev >= self.start and not self.g.nonempty(prev):
            prev -= 1
        return (self.single(prev) or "") if prev >= self.start else ""

    def _skip_row(self, r: int) -> None:
        self.note(NoteKind.skipped_row, "无法识别这一行，未导入：" + " | ".join(_short(t, 24) for _, t in self.cells(r)),
                  r, None, "\t".join(t for _, t in self.cells(r)))

    def _is_stop(self, r: int, header_r: int) -> bool:
        cells = self.cells(r)
        if not cells:
            return False
        if r in self.title_rows:
            return True
        if self._execution_header(r) is not None or self._text_goal_header(r) is not None:
            return True
        if header_mapping(self.g, r) is not None:
            return True
        c, first = cells[0]
        key = norm(first)
        if key in ALL_LABELS or key in OTHER_LABELS or key.startswith("所属项目"):
            return True
        if LABEL_INLINE.match(first):
            return True
        return self.wide(r)

    def _execution_header(self, r: int) -> dict[str, int] | None:
        cols: dict[str, int] = {}
        texts = self.cells(r)
        for c, t in texts:
            key = norm(t)
            if "年初预算" in key and "initial_budget" not in cols:
                cols["initial_budget"] = c
            elif ("预算数" in key or "全年预算" in key or key in ("预算", "预算金额")) and "budget" not in cols \
                    and "执行" not in key:
                cols["budget"] = c
            elif "执行数" in key or key in ("执行金额", "实际支出", "全年执行数"):
                cols.setdefault("spent", c)
            elif "执行率" in key and not key.startswith("得分"):
                cols.setdefault("rate", c)
            elif key in ("分值", "权重"):
                cols.setdefault("weight", c)
            elif key.startswith("得分"):
                cols.setdefault("score", c)
            elif "预算执行" in key or key.startswith("项目资金") or key.startswith("资金情况"):
                cols.setdefault("section", c)
        if "budget" in cols and "spent" in cols:
            return cols
        return None

    def _text_goal_header(self, r: int) -> dict[str, int] | None:
        cols: dict[str, int] = {}
        for c, t in self.cells(r):
            key = norm(t)
            if key in TEXT_GOAL_TARGET and "target" not in cols:
                cols["target"] = c
            elif key in TEXT_GOAL_ACTUAL and "actual" not in cols:
                cols["actual"] = c
            elif key in ("得分", "自评得分") and "score" not in cols:
                cols["score"] = c
            elif key in ("分值", "权重") and "weight" not in cols:
                cols["weight"] = c
        if "target" in cols and "actual" in cols and header_mapping(self.g, r) is None:
            return cols
        return None

    def _table_rows(self, header_r: int) -> tuple[list[int], int]:
        """A table's rows under its header, up to a stop row or a printed total row; and where it ended."""
        rows: list[int] = []
        block = BlockRows(self, header_r)
        for r in block:
            if self._total_row_start(r):
                break
            rows.append(r)
        return rows, block.end

    def _total_row_start(self, r: int) -> bool:
        """A printed total row (合计 | … | 100 | 97.8) ends the indicator table."""
        cells = self.cells(r)
        return bool(cells) and norm(cells[0][1]) in TOTAL_ROW_WORDS
