"""Reading an indicator table (指标表) out of a grid.

The table starts at a header row whose cells name the columns (一级指标,
二级指标, 指标名称, 年初目标值, 实际完成值, 分值, 得分, 偏差原因, ... in any
order). Below it each row is an indicator, or a category row that only names a
level (an empty 二级指标 such as 生态效益指标). Empty 一级/二级 cells continue
the level above (merged cells, or the blank cells a copied merged cell leaves).

Rows copied out of PDFs and some Word tables arrive shifted one column to the
left, or with a category name in the wrong column. Such a row is realigned
only when the shifted reading is clearly better, and every realignment,
skipped cell or converted value becomes a `Note`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from model import LIMITS, Method, Tier
from model.values import parse_value

from .grid import Grid, cell_text, join_lines
from .notes import Note, NoteKind
from .notes import short as _short
from .headings import COLUMN_LABELS, STANDARD_ORDER, VALUE_PARTS, column_field
from .vocab import category_level, is_category, norm, strip_weight

__all__ = ["TableRow", "header_mapping", "read_table", "parse_number", "method_of", "tier_of", "TEXT_FIELDS",
           "NUMBER_FIELDS", "clean_decimal"]

TEXT_FIELDS = ("name", "target", "actual", "adjusted_target", "reason", "improvement")
NUMBER_FIELDS = ("weight", "score")
INDICATOR_FIELDS = TEXT_FIELDS + NUMBER_FIELDS + ("coefficient", "core", "method", "tier")
# Roles recognised and not read: row numbers
UNHELD_FIELDS = ("seq",)
_CORE = {"level_one", "level_two", "name", "target", "actual", "weight", "score", "reason"}
# Standard columns whose absence is reported as a missing column (warning);
# the others are often simply not printed (seed forms have no 分值 column).
_REQUIRED = ("name", "target", "actual")

# Fields whose line breaks are only layout when Word wrapped them by hand (Grid.join_lines).
_SHORT_FIELDS = ("goal", "level_one", "level_two", "name", "target", "actual", "weight", "score", "method", "tier")
NOT_APPLICABLE_WORDS = {"不适用", "N/A", "NA", "n/a"}
BLANK_SCORE_WORDS = {"/", "／", "—", "——", "–", "-", "－", "--", "无", "空"}


@dataclass
class TableRow:
    """One row of an indicator table, as read."""

    row: int  # grid row (0-based)
    goal: str = ""  # from a 年度目标 column, filled down
    level_one: str = ""
    level_one_weight: Decimal | None = None
    level_two: str = ""
    level_two_weight: Decimal | None = None
    indicator: dict[str, Any] | None = None  # Indicator fields; None for a category row
    level_one_given: bool = False  # the row named its level one (not filled down)
    level_two_given: bool = False


def header_mapping(grid: Grid, r: int) -> dict[int, str] | None:
    """column -> field when row `r` is an indicator table header, else None."""
    mapping: dict[int, str] = {}
    for c in range(len(grid.rows[r]) if r < grid.height else 0):
        if grid.is_continuation(r, c):
            continue
        text = grid.text(r, c)
        if not text:
            continue
        f = column_field(text)
        if f == "goal" and strip_weight(text)[1] is not None:
            f = "section"  # `年度目标（80分）` heading the table: the block label with its weight
        if f is not None:
            mapping[c] = f
    fields = set(mapping.values())
    core = fields & _CORE
    texts = [c for c in range(len(grid.rows[r]) if r < grid.height else 0)
             if grid.text(r, c) and not grid.is_continuation(r, c)]
    # a short table passes with two columns when every cell of the row is a header
    needed = 2 if "name" in fields and len(mapping) == len(texts) else 3
    if len(core) < needed:
        return None
    if "name" not in fields and not (fields & {"level_one", "level_two"} and fields & {"target", "actual"}):
        return None
    return mapping


_FINEST = Decimal(1).scaleb(-LIMITS["places"])


def clean_decimal(value: Decimal) -> Decimal:
    """98.8800 -> 98.88, 20.0 -> 20: the figure as a person would write it.
    More decimals than a form holds (a spreadsheet's 6.666666666666667 for
    =20/3) are rounded half up to LIMITS["places"]."""
    value = value.normalize()
    try:
        if value.is_finite() and value.as_tuple().exponent < -LIMITS["places"]:
            value = value.quantize(_FINEST, rounding=ROUND_HALF_UP).normalize()
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
    except InvalidOperation:  # more digits than the context holds (1e30): the model refuses it
        pass
    return value


# The computed figure jixiao's export writes beside a printed one it differs
# from, after NFKC (full-width brackets become ASCII ones).
COMPUTED_BESIDE = re.compile(r"\(计算(?:得分)?:[^)]*\)$")


def parse_number(text: str) -> Decimal | None:
    """`19.78`, `20分`, `98.88%` (-> 98.88), `236万元` -> Decimal; else None."""
    s = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    s = COMPUTED_BESIDE.sub("", s)  # `99（计算得分：74）`: the printed 99 (exchange.layout.printed)
    for suffix in ("万元", "分", "%", "％"):
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex admits only decimals
        return None
    return clean_decimal(value) if value.is_finite() else None


def method_of(text: str) -> str | None:
    """The Method a 计分方法 cell names (its label or value), or None."""
    key = norm(text)
    return next((m.value for m in Method if key in (m.label, m.value)), None)


def tier_of(text: str) -> str | None:
    """The Tier a 定性档次 cell names (its label, the start of it, or its value), or None."""
    key = norm(text)
    return next((t.value for t in Tier if key in (norm(t.label), t.value) or norm(t.label).startswith(key)), None)


def _value_like(text: str) -> bool:
    return bool(text) and parse_value(text).kind == "number"


@dataclass
class _Reader:
    grid: Grid
    notes: list[Note]
    mapping: dict[int, str]
    header_row: int | None
    rows: list[int] = field(default_factory=list)

    def note(self, kind: NoteKind, message: str, r: int | None = None, c: int | None = None,
             text: str = "") -> None:
        where = self.grid.ref(r, c) if r is not None else ""
        self.notes.append(Note(kind, message, None if r is None else r + 1,
                               None if c is None else c + 1, where, text))


def read_table(grid: Grid, header_row: int | None, mapping: dict[int, str], rows: list[int],
               notes: list[Note], *, check_columns: bool = True,
               carry: tuple[str, str] = ("", "")) -> list[TableRow]:
    """Read the indicator rows `rows` under a header mapping.

    `carry` is the (level one, level two) in force before the first row, for
    a paste that continues a table.
    """
    rd = _Reader(grid, notes, dict(mapping), header_row, list(rows))
    if check_columns:
        _check_columns(rd)
    _infer_unlabelled(rd)
    return _read_rows(rd, carry)


# -- columns ---------------------------------------------------------------


def _check_columns(rd: _Reader) -> None:
    seen: dict[str, int] = {}
    for c in sorted(rd.mapping):
        f = rd.mapping[c]
        if f in seen:
            head = rd.grid.text(rd.header_row, c) if rd.header_row is not None else ""
            _note_column(rd, c, f"第 {c + 1} 列“{head}”与第 {seen[f] + 1} 列都是“{COLUMN_LABELS[f]}”，"
                                f"只读第 {seen[f] + 1} 列")
            del rd.mapping[c]
        else:
            seen[f] = c
    if rd.header_row is None:
        return
    # header cells that name nothing we know
    for c in range(len(rd.grid.rows[rd.header_row])):
        if c in rd.mapping or rd.grid.is_continuation(rd.header_row, c):
            continue
        head = rd.grid.text(rd.header_row, c)
        if not head:
            continue
        if c < min(rd.mapping, default=0) and not _column_has_content(rd, c, skip_categories=True):
            continue  # the block label (年度绩效指标) left of the table
        _note_column(rd, c, f"列“{head}”不对应自评表的任何一栏，整列未读入")
        rd.mapping[c] = "skip"
    for c, f in sorted(rd.mapping.items()):
        if f in UNHELD_FIELDS:
            head = rd.grid.text(rd.header_row, c)
            _note_column(rd, c, f"“{head}”栏是行编号，未导入")
            rd.mapping[c] = "skip"
    parts = [rd.grid.text(rd.header_row, c) for c, f in sorted(rd.mapping.items()) if f in VALUE_PARTS]
    if parts:
        rd.note(NoteKind.converted, f"{'、'.join('“' + p + '”' for p in parts)}列的内容并入年度指标值和实际完成值"
                                    "（如 ≥ + 100 + % 读作 ≥100%）", rd.header_row)
    fields = set(rd.mapping.values())
    missing = [f for f in _REQUIRED if f not in fields]
    if {"target", "actual"} <= set(missing) and fields & {"weight", "score"}:
        # scores judged against weights: one note for the layout, not one per column
        rd.note(NoteKind.missing_column, "表中没有“年初目标值”和“实际完成值”两列（只有分值和得分），这两栏留空",
                rd.header_row)
        missing = [f for f in missing if f not in ("target", "actual")]
    for f in missing:
        rd.note(NoteKind.missing_column, f"表中没有“{COLUMN_LABELS[f]}”列，该栏留空", rd.header_row)
    levels = () if fields & {"coefficient", "core"} else ("level_one", "level_two")  # a flat list has none
    missing_optional = [COLUMN_LABELS[f] for f in (*levels, "weight", "score") if f not in fields]
    if missing_optional:
        rd.note(NoteKind.info, f"表中没有{'、'.join('“' + m + '”' for m in missing_optional)}列", rd.header_row)
    order = [rd.mapping[c] for c in sorted(rd.mapping) if rd.mapping[c] in STANDARD_ORDER]
    expected = [f for f in STANDARD_ORDER if f in order]
    if order != expected:
        rd.note(NoteKind.reordered_columns,
                "列顺序与标准表不同（" + "、".join(COLUMN_LABELS[f] for f in order) + "），已按列标题读入",
                rd.header_row)


def _column_has_content(rd: _Reader, c: int, skip_categories: bool = False) -> bool:
    for r in rd.rows:
        t = rd.grid.text(r, c)
        if t and not rd.grid.is_continuation(r, c) and not (skip_categories and is_category(t)):
            return True
    return False


def _note_column(rd: _Reader, c: int, message: str) -> None:
    """One note for a column not read: its place, its heading (the note's text) and its
    first values."""
    values = [rd.grid.text(r, c) for r in rd.rows if not rd.grid.is_continuation(r, c) and rd.grid.text(r, c)]
    head = rd.grid.text(rd.header_row, c) if rd.header_row is not None else ""
    if values:
        message += f"；该列有 {len(values)} 格，前几格：" + "、".join(f"“{_short(v, 12)}”" for v in values[:3])
    rd.note(NoteKind.skipped_column, message, rd.header_row, c, head)


def _infer_unlabelled(rd: _Reader) -> None:
    """An unlabelled column of numbers right of the table, in a table without 得分, is 得分."""
    fields = set(rd.mapping.values())
    width = max((len(rd.grid.rows[r]) for r in rd.rows), default=0)
    if not rd.mapping:
        return
    last = max(c for c, f in rd.mapping.items() if f != "skip")
    for c in range(last + 1, width):
        if c in rd.mapping:
            continue
        values = [rd.grid.text(r, c) for r in rd.rows if rd.grid.text(r, c)]
        if not values:
            continue
        if "score" not in fields and c == last + 1 and all(parse_number(v) is not None for v in values):
            rd.mapping[c] = "score"
            fields.add("score")
            head = f"第 {c + 1} 列"
            rd.note(NoteKind.reinterpreted, f"{head}没有列标题，内容都是数字，按“得分”读入", rd.header_row, c)
            _drop_missing_note(rd, "得分")
            continue
        break


def _drop_missing_note(rd: _Reader, label: str) -> None:
    """The “no such column” note of the header row, once the column was found after all."""
    row = None if rd.header_row is None else rd.header_row + 1
    for i, n in enumerate(rd.notes):
        if n.row == row and n.kind is NoteKind.info and f"“{label}”" in n.message:
            names = [m for m in re.findall(r"“([^”]+)”", n.message) if m != label]
            if names:
                rd.notes[i] = Note(NoteKind.info, "表中没有" + "、".join(f"“{m}”" for m in names) + "列",
                                   n.row, n.column, n.where, n.text)
            else:
                del rd.notes[i]
            return


# -- rows ------------------------------------------------------------------


def _positions(rd: _Reader) -> tuple[list[int], int]:
    """Section columns (left of the first mapped column) and the table width."""
    mapped = sorted(c for c, f in rd.mapping.items() if f not in ("skip",))
    first = mapped[0] if mapped else 0
    section = [c for c in range(first) if rd.mapping.get(c) in (None, "section")]
    section += [c for c, f in rd.mapping.items() if f == "section" and c >= first]
    width = (mapped[-1] + 1) if mapped else 0
    return section, width


def _layout_penalty(cells: list[str], rd: _Reader, section: list[int]) -> int:
    by = {f: cells[c] if c < len(cells) else "" for c, f in rd.mapping.items()}
    p = 0
    for c in section:
        if c < len(cells) and cells[c] and is_category(cells[c]):
            p += 1
    l1, l2 = by.get("level_one", ""), by.get("level_two", "")
    if l1:
        lvl = category_level(l1)
        p += 1 if lvl == 2 or lvl is None else 0
        p += 1 if _value_like(l1) else 0
    if l2:
        if category_level(l2) is None:
            p += 2
    name = by.get("name", "")
    if name and (_value_like(name) or is_category(name)):
        p += 2
    if not name and "name" in by and (by.get("target") or by.get("actual")):
        p += 2
    for f in NUMBER_FIELDS:
        v = by.get(f, "")
        if v and parse_number(v) is None and v not in NOT_APPLICABLE_WORDS and v not in BLANK_SCORE_WORDS:
            p += 2
    for c, v in enumerate(cells):
        if v and c not in rd.mapping and c not in section:
            p += 2
    return p


def _realign(rd: _Reader, r: int, cells: list[str], section: list[int], width: int) -> list[str]:
    """Shift a row right when its cells clearly sit one or two columns too far left."""
    trailing = 0
    for c in range(width - 1, -1, -1):
        if c < len(cells) and cells[c]:
            break
        trailing += 1
    if trailing == 0 or all(not v for v in cells):
        return cells
    base = _layout_penalty(cells, rd, section)
    best, best_shift = base, 0
    for s in range(1, min(trailing, 2) + 1):
        shifted = [""] * s + cells[: width - s] + cells[width:]
        p = _layout_penalty(shifted, rd, section)
        if p < best:
            best, best_shift = p, s
    if best_shift and base - best >= 2:
        shifted = [""] * best_shift + cells[: width - best_shift] + cells[width:]
        moved = [v for v in cells[:width] if v]
        rd.note(NoteKind.reinterpreted,
                f"这一行的单元格整体左移了 {best_shift} 列（如从 PDF 复制所致），已按列标题右移对齐："
                + " | ".join(_short(v, 16) for v in moved), r, None, "\t".join(cells))
        return shifted
    return cells


def _cell_value(rd: _Reader, r: int, c: int) -> str:
    if rd.grid.is_continuation(r, c):
        return ""
    return rd.grid.text(r, c)


def _read_rows(rd: _Reader, carry: tuple[str, str]) -> list[TableRow]:
    section, width = _positions(rd)
    out: list[TableRow] = []
    state = _Levels(*carry)
    blank: list[int] = []
    for r in rd.rows:
        by = _row_fields(rd, r, section, width)
        if by is None:
            continue
        if _is_blank_template(by):
            blank.append(r)
            continue
        out.append(_table_row(rd, r, by, state))
    if blank:
        refs = "、".join(rd.grid.ref(r) for r in blank[:6]) + ("等" if len(blank) > 6 else "")
        rd.note(NoteKind.skipped_row, f"跳过 {len(blank)} 个空白模板行（只有编号、“……”或“/”，没有指标名称和数值）：{refs}",
                blank[0], None, "\n".join("\t".join(t for _, t in _row_texts(rd, r)) for r in blank))
    return out


@dataclass
class _Levels:
    """The levels in force while rows are read (blank level cells continue them)."""

    level_one: str = ""
    level_two: str = ""
    l1_weight: Decimal | None = None
    goal: str = ""
    guessed: int = 0  # level-one cells that held only a weight, named by the usual order


def _row_texts(rd: _Reader, r: int) -> list[tuple[int, str]]:
    return [(c, rd.grid.text(r, c)) for c in rd.grid.nonempty(r)]


def _row_fields(rd: _Reader, r: int, section: list[int], width: int) -> dict[str, tuple[int, str]] | None:
    """field -> (column, text) of a row; None for an empty row."""
    raw_len = max(len(rd.grid.rows[r]), width)
    cells = [_cell_value(rd, r, c) for c in range(raw_len)]
    if not any(cells):
        return None
    if not rd.grid.structured:  # shifted rows come from text copied out of PDFs and Word
        cells = _realign(rd, r, cells, section, width)
    by: dict[str, tuple[int, str]] = {}
    for c, f in rd.mapping.items():
        if f in ("skip", "section"):
            continue
        if c < len(cells) and cells[c]:
            by[f] = (c, join_lines(cells[c]) if rd.grid.join_lines and f in _SHORT_FIELDS else cells[c])
    _outside_cells(rd, r, cells, section, by)
    # a level-two word in the level-one column, with no level two given
    if "level_one" in by and "level_two" not in by and category_level(by["level_one"][1]) == 2:
        c, v = by.pop("level_one")
        rd.note(NoteKind.reinterpreted, f"“{v}”是二级指标名称，却位于一级指标列，按二级指标读入", r, c, v)
        by["level_two"] = (c, v)
    _compose_values(rd, r, by)
    return by


def _outside_cells(rd: _Reader, r: int, cells: list[str], section: list[int],
                   by: dict[str, tuple[int, str]]) -> None:
    """Cells outside any column (the block column included): a level name, or a note."""
    for c, v in enumerate(cells):
        if not v or (c in rd.mapping and rd.mapping[c] != "section"):
            continue
        if c in section:
            lvl = category_level(v)
            if lvl is not None:
                target = "level_two" if lvl == 2 else "level_one"
                if target == "level_one" and "level_one" in by:
                    target = "level_two"
                if target not in by:
                    # in the block column; kept as a level even when the table has no such column
                    rd.note(NoteKind.reinterpreted, f"“{v}”位于区块标题列，按{COLUMN_LABELS[target]}读入", r, c, v)
                    by[target] = (c, v)
                    continue
            if _section_label(rd, r, c):
                continue
        rd.note(NoteKind.skipped_cell, f"此单元格不在任何一栏下，内容“{_short(v)}”未导入", r, c, v)


# `≥` / `正向` in a 指标性质 column -> the direction written before the target
_DIRECTIONS = {"≥": "≥", ">=": "≥", "≧": "≥", ">": ">", "≤": "≤", "<=": "≤", "≦": "≤", "<": "<", "=": "=",
               "正向": "≥", "反向": "≤", "正向指标": "≥", "反向指标": "≤", "大于等于": "≥", "小于等于": "≤",
               "等于": "=", "不低于": "≥", "不高于": "≤"}
# a number, perhaps with its direction (`≥100` beside a 计量单位 column)
_BARE_NUMBER = re.compile(r"(≥|≤|>=|<=|>|<|=)?\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _compose_values(rd: _Reader, r: int, by: dict[str, tuple[int, str]]) -> None:
    """Put a direction and a unit given in their own columns back into the values
    (`≥` + `100` + `%` -> `≥100%`), and the adjusted target (调整指标值) in place of
    the target when one is given."""
    nature = by.pop("nature", (0, ""))[1]
    unit = by.pop("unit", (0, ""))[1].strip()
    adjusted = by.pop("adjusted", None)
    if adjusted is not None and adjusted[1].strip() not in BLANK_SCORE_WORDS:
        by["adjusted_target"] = adjusted  # the target when given (scoring uses it)
    direction = _DIRECTIONS.get(unicodedata.normalize("NFKC", nature).replace(" ", ""), "")
    if unit in BLANK_SCORE_WORDS:
        unit = ""
    for f in ("target", "adjusted_target", "actual"):
        if f not in by:
            continue
        c, v = by[f]
        m = _BARE_NUMBER.fullmatch(unicodedata.normalize("NFKC", v).strip())
        if not m:
            continue
        text = ("" if m.group(1) or f == "actual" else direction) + v.strip() + unit
        if text != v:
            by[f] = (c, text)


_NUMBERING = re.compile(
    r"^\s*(?:指标\s*[0-9一二三四五六七八九十]+\s*[：:.、．]?|[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]"
    r"|[0-9]{1,2}\s*(?:[.、．](?!\d)|[)）])|[①-⑳])\s*")
_ELLIPSIS = re.compile(r"^[.…。·\s]*$")


def strip_numbering(name: str) -> str:
    """`指标1：开展活动场次`, `1.场次`, `（1）场次` -> the name without its numbering prefix."""
    return _NUMBERING.sub("", name, count=1).strip()


def _is_blank_template(by: dict[str, tuple[int, str]]) -> bool:
    """A template row left in a published form: no name (`指标2：`, `……`, `/`) and no
    figure (target, actual, weight and score empty or `/`)."""
    if "name" in by:
        name = strip_numbering(by["name"][1])
        if name and not _ELLIPSIS.fullmatch(name) and name not in BLANK_SCORE_WORDS:
            return False
    elif not any(by.get(f, (0, ""))[1] in BLANK_SCORE_WORDS for f in ("target", "actual")):
        return False  # a category row (only level names)
    return all(by.get(f, (0, ""))[1].strip() in BLANK_SCORE_WORDS | {""}
               for f in ("target", "actual", "weight", "score"))


# The usual order of level ones, for a level-one cell that gives only its weight
_USUAL_ORDER = ("产出指标", "效益指标", "满意度指标")
_LEVEL_OF_TWO = (("满意度", "满意度指标"), ("效益", "效益指标"), ("影响", "效益指标"), ("数量", "产出指标"),
                 ("质量", "产出指标"), ("时效", "产出指标"), ("成本", "产出指标"))


def _guess_level_one(rd: _Reader, r: int, c: int, state: _Levels, level_two: str) -> str:
    """The name of a level one whose cell holds only its weight (`（30分）`): from its level
    two where that says it (社会效益指标 -> 效益指标), else the usual order; noted as guessed."""
    name = next((one for word, one in _LEVEL_OF_TWO if word in level_two), "")
    if not name:
        name = _USUAL_ORDER[min(state.guessed, len(_USUAL_ORDER) - 1)]
    state.guessed += 1
    rd.note(NoteKind.reinterpreted, f"一级指标栏只写了分值，没有名称，推定为“{name}”（请核对）", r, c,
            rd.grid.text(r, c))
    return name


def _table_row(rd: _Reader, r: int, by: dict[str, tuple[int, str]], state: _Levels) -> TableRow:
    if "goal" in by:
        state.goal = by["goal"][1]
    row = TableRow(row=r, goal=state.goal)
    if "level_one" in by:
        name, w = strip_weight(join_lines(by["level_one"][1]))  # `满意度\n指标` wrapped by hand
        if not name and w is not None:
            name = _guess_level_one(rd, r, by["level_one"][0], state, by.get("level_two", (0, ""))[1])
        if name != state.level_one:
            state.level_two = ""
        state.level_one, state.l1_weight = name, w
        row.level_one_given = True
    if "level_two" in by:
        name, w = strip_weight(join_lines(by["level_two"][1]))
        state.level_two = name
        row.level_two_weight = w
        row.level_two_given = True
    row.level_one, row.level_two, row.level_one_weight = state.level_one, state.level_two, state.l1_weight
    ind: dict[str, Any] = {}
    for f in INDICATOR_FIELDS:
        if f not in by:
            continue
        c, v = by[f]
        value = _field_value(rd, r, c, f, v, ind)
        if value is not None:
            ind[f] = value
    if ind.get("name"):
        ind["name"] = strip_numbering(ind["name"]) or ind["name"]
    if _not_applicable(ind):
        ind["not_applicable"] = True
    if ind:
        row.indicator = ind
    return row


NOT_APPLICABLE_VALUES = {"/", "／", "—", "——", "-", "－", "无", "不适用", "N/A", "NA", "n/a"}


def _not_applicable(ind: dict[str, Any]) -> bool:
    """A named row whose target and actual both say it does not apply (`/`, `—`, `无`, `不适用`)."""
    return bool(ind.get("name")) and all(ind.get(f, "").strip() in NOT_APPLICABLE_VALUES for f in ("target", "actual"))


def _section_label(rd: _Reader, r: int, c: int) -> bool:
    """Text in the block column that belongs to the block label (merged cell top)."""
    return rd.grid.merge_of(r, c) is not None


def _field_value(rd: _Reader, r: int, c: int, f: str, v: str, ind: dict[str, Any]) -> Any:
    cell = rd.grid.cell(r, c)
    if f in TEXT_FIELDS:
        if isinstance(cell.value, Decimal) and cell.percent and f in ("target", "actual"):
            rd.note(NoteKind.converted, f"单元格是百分比格式的数字 {cell.value}，按“{cell_text(cell)}”读入", r, c,
                    cell_text(cell))
        limit = (LIMITS["name"] if f == "name" else LIMITS["value"] if f in ("target", "actual", "adjusted_target")
                 else LIMITS["text"])
        if len(v) > limit:
            rd.note(NoteKind.dropped_value, f"{COLUMN_LABELS[f]}过长（{len(v)} 字，上限 {limit} 字），已截断", r, c, v)
            v = v[:limit]
        return v
    if f in NUMBER_FIELDS:
        if v in NOT_APPLICABLE_WORDS and f == "score":
            rd.note(NoteKind.reinterpreted, f"得分栏写着“{v}”，按“不适用”读入", r, c, v)
            ind["not_applicable"] = True
            return None
        if v in BLANK_SCORE_WORDS:
            rd.note(NoteKind.reinterpreted, f"{COLUMN_LABELS[f]}栏写着“{v}”，按空白读入", r, c, v)
            return None
        number = parse_number(v)
        if number is None:
            rd.note(NoteKind.skipped_cell, f"{COLUMN_LABELS[f]}应为数字，内容“{_short(v)}”未导入", r, c, v)
            return None
        if number < 0 or number > LIMITS["points"]:
            rd.note(NoteKind.dropped_value, f"{COLUMN_LABELS[f]} {v} 超出 0–{LIMITS['points']} 的范围，未导入", r, c, v)
            return None
        if v.endswith("%") or v.endswith("％"):
            rd.note(NoteKind.converted, f"{COLUMN_LABELS[f]}写成百分比“{v}”，按 {number} 分读入", r, c, v)
        return number
    if f == "coefficient":
        number = parse_number(v)
        if number is None:
            rd.note(NoteKind.skipped_cell, f"得分系数应为数字（百分数），内容“{_short(v)}”未导入", r, c, v)
        return number
    if f == "core":
        if v.strip() in ("是", "√", "Y", "y", "核心"):
            return True
        if v.strip() not in ("否", "", "×", "N", "n", "/", "—"):
            rd.note(NoteKind.skipped_cell, f"是否核心指标应为“是”或“否”，内容“{_short(v)}”未导入", r, c, v)
        return None
    if f == "method":
        method = method_of(v)
        if method is None:
            rd.note(NoteKind.skipped_cell, f"无法识别的计分方法“{_short(v)}”，按自动判断", r, c, v)
        return method
    if f == "tier":
        tier = tier_of(v)
        if tier is None:
            rd.note(NoteKind.skipped_cell, f"无法识别的定性档次“{_short(v)}”，未导入", r, c, v)
        return tier
    return None  # pragma: no cover


