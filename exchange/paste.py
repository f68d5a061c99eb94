"""Rows pasted into the indicator table (粘贴指标行).

The app's bracketed paste hands the text here:

    result = parse_pasted_rows(text)            # PasteResult: rows + notes
    doc2, paths = add_rows(doc, result.rows, at=cursor_path)

`parse_pasted_rows` reads tab-separated text as WPS, Word and Excel copy a
table: with a header row naming the columns (any order, extra columns
reported), or without one (the columns are then taken in the form's order and
that reading is itself a note). `add_rows` returns a new document (the old one
is untouched, so the app's undo is one step) and the paths of the new rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from model import Document, Goal, Indicator, LevelOne, LevelTwo
from model.edit import Path, replace_at

from .formwords import ALL_LABELS, LABEL_INLINE
from .grid import Grid, GridError, grid_from_text
from .notes import Note, NoteKind
from .notes import short as _short
from .table import TableRow, header_mapping, read_table
from .headings import COLUMN_FIELDS, COLUMN_LABELS
from .vocab import norm

__all__ = ["PastedRow", "PasteResult", "PasteError", "parse_pasted_rows", "add_rows", "DEFAULT_COLUMNS"]

# Without a header row, the columns are read by their count, in the order of
# the official indicator table.
DEFAULT_COLUMNS: dict[int, tuple[str, ...]] = {
    1: ("name",),
    2: ("name", "target"),
    3: ("name", "target", "actual"),
    4: ("name", "target", "actual", "score"),
    5: ("name", "target", "actual", "weight", "score"),
    6: ("level_one", "level_two", "name", "target", "actual", "score"),
    7: ("section", "level_one", "level_two", "name", "target", "actual", "score"),
    8: ("level_one", "level_two", "name", "target", "actual", "weight", "score", "reason"),
    9: ("level_one", "level_two", "name", "target", "actual", "weight", "score", "reason", "improvement"),
}


class PasteError(Exception):
    """The text cannot be read as a table at all (Chinese message)."""


@dataclass(frozen=True)
class PastedRow:
    """One pasted row: an indicator with the levels it names, or a category row."""

    line: int  # 1-based line of the pasted text
    level_one: str
    level_two: str
    indicator: Indicator | None  # None: the row only names a level (an empty category)
    goal: str = ""  # from a 年度目标 column, when there is one
    level_one_given: bool = False  # the row itself named its level one (not filled down)
    level_two_given: bool = False


@dataclass
class PasteResult:
    rows: list[PastedRow] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    columns: tuple[str, ...] = ()  # the field of each column, as read ("" for none)
    header_line: int | None = None  # 1-based line of the header row, if any

    @property
    def indicators(self) -> list[Indicator]:
        return [r.indicator for r in self.rows if r.indicator is not None]

    @property
    def warnings(self) -> list[Note]:
        return [n for n in self.notes if n.is_warning]


def _columns_from_names(names: Sequence[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for c, name in enumerate(names):
        if name in COLUMN_FIELDS:
            mapping[c] = name
        elif name:
            raise ValueError(f"unknown column field {name!r}; use one of {sorted(COLUMN_FIELDS)}")
    return mapping


def parse_pasted_rows(text: str, *, columns: Sequence[str] | None = None,
                      carry: tuple[str, str] = ("", "")) -> PasteResult:
    """Read pasted table text into indicator rows and notes.

    `columns` names the field of each column for text without a header row
    (e.g. ("name", "target", "actual")); `carry` is the (一级, 二级) in force
    above the paste, so that rows with blank level cells continue it.
    """
    try:
        grid = grid_from_text(text)
    except GridError as err:
        raise PasteError(str(err)) from None
    result = PasteResult()
    notes = result.notes
    if not any(grid.nonempty(r) for r in range(grid.height)):
        return result
    header = next((r for r in range(grid.height) if header_mapping(grid, r) is not None), None)
    if header is not None and columns is None:
        mapping = header_mapping(grid, header) or {}
        for r in range(header):
            _skip_row(grid, r, notes, "在列标题行之前")
        start = header + 1
        result.header_line = header + 1
    else:
        start = 0
        if columns is not None:
            mapping = _columns_from_names(columns)
        else:
            width = max(len(grid.rows[r]) for r in range(grid.height) if grid.nonempty(r))
            order = DEFAULT_COLUMNS.get(width) or DEFAULT_COLUMNS[9]
            mapping = {c: f for c, f in enumerate(order)}
            notes.append(Note(NoteKind.reinterpreted,
                              f"没有列标题行，按 {width} 列推定各列为："
                              + "、".join(COLUMN_LABELS[f] for f in order)
                              + ("；多出的列未读入" if width > 9 else "")))
    rows = []
    for r in range(start, grid.height):
        if not grid.nonempty(r):
            continue
        if r != header and header_mapping(grid, r) is not None:
            # a second table pasted with its own header: read it with its own columns
            mapping = header_mapping(grid, r) or mapping
            result.rows.extend(_rows(grid, None, mapping, rows, notes, carry, check=False))
            rows = []
            continue
        cells = grid.nonempty(r)
        first = norm(grid.text(r, cells[0]))
        if first in ALL_LABELS or LABEL_INLINE.match(grid.text(r, cells[0])):
            _skip_row(grid, r, notes, "是表下方的栏目，不是指标行")
            continue
        if len(grid.rows[r]) == 1 and len(mapping) > 1:
            _skip_row(grid, r, notes, "没有制表符，不是表格行")
            continue
        rows.append(r)
    result.rows.extend(_rows(grid, header if columns is None else None, mapping, rows, notes, carry,
                             check=header is not None and columns is None))
    width = max(mapping, default=-1) + 1
    result.columns = tuple(mapping.get(c, "") for c in range(width))
    return result


def _skip_row(grid: Grid, r: int, notes: list[Note], why: str) -> None:
    texts = [grid.text(r, c) for c in grid.nonempty(r)]
    if texts:
        notes.append(Note(NoteKind.skipped_row, f"这一行{why}，未导入：" + " | ".join(_short(t, 24) for t in texts),
                          r + 1, None, grid.ref(r), "\t".join(texts)))


def _rows(grid: Grid, header: int | None, mapping: dict[int, str], rows: list[int], notes: list[Note],
          carry: tuple[str, str], check: bool) -> list[PastedRow]:
    if not rows:
        return []
    table_rows = read_table(grid, header, mapping, rows, notes, check_columns=check, carry=carry)
    return [_pasted(tr, notes, grid) for tr in table_rows]


def _pasted(tr: TableRow, notes: list[Note], grid: Grid) -> PastedRow:
    ind = None
    if tr.indicator is not None:
        data: dict[str, Any] = dict(tr.indicator)
        for _ in range(len(data) + 1):
            try:
                ind = Indicator.model_validate(data)
                break
            except ValidationError as exc:
                for err in exc.errors():
                    key = err["loc"][0] if err.get("loc") else None
                    if key in data:
                        notes.append(Note(NoteKind.dropped_value,
                                          f"{COLUMN_LABELS.get(str(key), str(key))}“{_short(str(data[key]))}”无效"
                                          f"（{err.get('msg', '')}），未导入", tr.row + 1, None, grid.ref(tr.row),
                                          str(data[key])))
                        del data[key]
    return PastedRow(tr.row + 1, tr.level_one, tr.level_two, ind, tr.goal,
                     tr.level_one_given, tr.level_two_given)


# ---------------------------------------------------------------------------
# Adding the rows to a document


def add_rows(doc: Document, rows: Sequence[PastedRow], *, at: Path = (0,),
             create_goal: bool = True) -> tuple[Document, list[Path]]:
    """A new document with the pasted rows added; and the paths of the new indicators.

    `at` is where the cursor is: a goal `(g,)`, a level `(g, l)`, a sublevel
    `(g, l, s)` or an indicator `(g, l, s, i)`. Rows whose 一级/二级 cells are
    blank go right after the cursor (in its sublevel); rows that name their
    levels go under the levels of that name in the cursor's goal, which are
    created at the end of the goal when missing. Category rows create their
    (empty) level. An empty document gets a goal first when `create_goal`.
    """
    if not doc.goals:
        if not create_goal:
            raise IndexError("document has no goal")
        doc = doc.model_copy(update={"goals": (Goal(),)})
        at = (0,)
    at = tuple(at) or (0,)
    g = min(max(at[0], 0), len(doc.goals) - 1)
    goal = doc.goals[g]
    levels = [list_level(lv) for lv in goal.levels]
    new_ids: set[int] = set()
    cursor = list(at[1:])  # (l, s, i) within the goal
    for row in rows:
        named = row.level_one_given or row.level_two_given or bool(row.level_one or row.level_two)
        if named:
            li = _find_or_add(levels, row.level_one, _Level)
            level = levels[li]
            if not row.level_two_given and not row.level_two and row.indicator is None:
                continue  # a row naming only a level one: the level exists now
            si = _find_or_add(level.subs, row.level_two, _Sub)
            sub = level.subs[si]
            if row.indicator is not None:
                sub.items.append(row.indicator)
                new_ids.add(id(row.indicator))
            cursor = [li, si, len(sub.items) - 1]
            continue
        if row.indicator is None:
            continue
        li, si, pos = _cursor_slot(levels, cursor)
        levels[li].subs[si].items.insert(pos, row.indicator)
        new_ids.add(id(row.indicator))
        cursor = [li, si, pos]
    new_goal = goal.model_copy(update={"levels": tuple(lv.freeze() for lv in levels)})
    out = replace_at(doc, (g,), new_goal)
    paths = [p for p, ind in out.iter_indicators() if id(ind) in new_ids and p[0] == g]
    return out, paths


@dataclass
class _Sub:
    name: str
    old: LevelTwo | None
    items: list[Indicator]

    def freeze(self) -> LevelTwo:
        if self.old is None:
            return LevelTwo(name=self.name, indicators=tuple(self.items))
        if len(self.items) == len(self.old.indicators) and all(
                a is b for a, b in zip(self.items, self.old.indicators)):
            return self.old
        return self.old.model_copy(update={"indicators": tuple(self.items)})


@dataclass
class _Level:
    name: str
    old: LevelOne | None
    subs: list[_Sub]

    def freeze(self) -> LevelOne:
        subs = tuple(s.freeze() for s in self.subs)
        if self.old is None:
            return LevelOne(name=self.name, sublevels=subs)
        if len(subs) == len(self.old.sublevels) and all(a is b for a, b in zip(subs, self.old.sublevels)):
            return self.old
        return self.old.model_copy(update={"sublevels": subs})


def list_level(level: LevelOne) -> _Level:
    return _Level(level.name, level, [_Sub(s.name, s, list(s.indicators)) for s in level.sublevels])


def _find_or_add(items: list, name: str, make) -> int:
    """The last item of that name, or a new one at the end."""
    for i in range(len(items) - 1, -1, -1):
        if items[i].name == name:
            return i
    items.append(make(name, None, []))
    return len(items) - 1


def _cursor_slot(levels: list[_Level], cursor: list[int]) -> tuple[int, int, int]:
    """(level, sublevel, insert position) right after the cursor."""
    if not levels:
        levels.append(_Level("", None, []))
    li = cursor[0] if cursor and 0 <= cursor[0] < len(levels) else len(levels) - 1
    subs = levels[li].subs
    if not subs:
        subs.append(_Sub("", None, []))
    si = cursor[1] if len(cursor) >= 2 and 0 <= cursor[1] < len(subs) else len(subs) - 1
    items = subs[si].items
    pos = min(max(cursor[2] + 1, 0), len(items)) if len(cursor) >= 3 and si == cursor[1] else len(items)
    return li, si, pos


