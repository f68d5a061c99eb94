"""Reading a whole form (自评表) out of a grid: header, execution, goals,
indicator tables, total and narrative.

The reader walks the rows once and recognises them by their labels, as a
person reads the paper form; it does not depend on fixed positions, so it reads
jixiao's own xlsx export, forms laid out by hand in WPS or Excel, plain tables
with only a header row, and text pasted from Word or WPS. What it cannot place
becomes a `Note`; nothing is dropped without one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from model import LABEL_SLOTS, Document, Kind
from model.document import parse_date
from model.files import validate_document
from model.problems import DocumentError
from model.values import parse_value
from scoring.rules import PRESETS, UNSCORED, grade_of

from .grid import Grid, cell_text, join_lines
from .layout import OFFICIAL_LABELS
from .notes import Note, NoteKind
from .notes import short as _short
from .table import BLANK_SCORE_WORDS, TableRow, clean_decimal, header_mapping, parse_number, read_table
from .vocab import WEIGHT_RE, norm, strip_weight
from .wording import printed_rules_preset
from .weights import TITLE_WORDS as WEIGHT_TABLE_TITLES
from .weights import apply_weights, is_weight_header, match_count, name_key, read_weight_table

__all__ = ["read_form", "read_forms", "FormReading", "build_levels", "rules_from_remarks", "MAX_FORMS"]

def _as_compared(text: str) -> str:
    """A heading as compared with the official wording: NFKC, no spaces (年初目标值(A) is
    年初目标值（A）, but 实际完成值 without its (B) is a wording of its own)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# indicator table column -> the slot of its heading (model.Label)
_HEADING_SLOTS = {"level_one": "level_one", "level_two": "level_two", "name": "indicator", "target": "target",
                  "actual": "actual", "weight": "weight", "score": "score", "reason": "reason"}

# row labels -> document field
HEADER_LABELS = {
    "单位名称": "unit", "填报单位": "unit", "部门名称": "unit",
    "填报日期": "fill_date",
    "总分": "declared_total", "自评得分": "declared_total", "自评总分": "declared_total",
    "综合得分": "declared_total", "评价得分": "declared_total",
    "基本支出总额": "basic", "基本支出": "basic",
    "项目支出总额": "project", "项目支出": "project",
    "项目名称": "project_name", "主管部门": "department",
    "项目实施单位": "implementing_unit", "实施单位": "implementing_unit",
    "评价等级": "grade",
}
NARRATIVE_LABELS = {
    "偏差大或目标未完成原因分析": "deviation", "偏差原因分析": "deviation",
    "目标未完成原因分析": "deviation",
    "改进措施及结果应用方案": "improvement", "改进措施": "improvement",
    "备注": "remarks",
    "自评结论": "summary", "其他说明": "summary", "评价结论": "summary", "总体评价结论": "summary",
    "自评结论及说明": "summary",
    # problems found go to the remarks, under their own heading
    "存在问题": "problems", "存在的问题": "problems", "存在问题及原因分析": "problems", "主要问题": "problems",
}
# Header labels of fields the model does not hold (their value is noted, never read as another field's)
OTHER_LABELS = {"财政处室", "业务处室", "主管处室", "项目负责人", "联系人", "联系电话", "预算单位", "项目属性",
                "项目类型", "项目期", "资金用途", "填报人", "审核人"}
# The first cell of a printed total row under the indicator table (a total, not an indicator)
TOTAL_ROW_WORDS = {"合计", "总计", "总分", "合计得分", "总得分", "得分合计", "分值合计", "综合得分", "自评总分"}
ALL_LABELS = {**HEADER_LABELS, **NARRATIVE_LABELS}
# `单位名称：…`, also as typed in Word with spaces for alignment (`单 位 名 称 ：`) and with
# `（盖章）` before the colon; group 1 folded with `norm` is the key of ALL_LABELS.
LABEL_INLINE = re.compile(
    "(" + "|".join(r"[ \t\u3000]*".join(re.escape(ch) for ch in k)
                   for k in sorted(ALL_LABELS, key=len, reverse=True))
    + r")[ \t\u3000]*(?:[（(][ \t\u3000]*(?:盖章|公章|签章|签字)[ \t\u3000]*[)）])?[ \t\u3000]*[:：]\s*")
GOAL_WEIGHTED = re.compile(
    r"^(?P<title>[^\n：:（(]{0,60}?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[)）]\s*(?:[：:]\s*(?P<text>[\s\S]*))?$")
GOAL_NUMBERED = re.compile(
    r"^(?P<title>(?:年度|绩效|部门)?目标\s*[0-9一二三四五六七八九十]+)\s*(?:[：:]\s*(?P<text>[\s\S]*))?$")
GOAL_COLON = re.compile(r"^(?P<title>[^\n：:]{1,60})[：:]\s*(?P<text>[\s\S]*)$")
ACTUAL_ROW = re.compile(r"^(?:全年)?(?:实际)?完成情况\s*[：:]\s*(?P<text>[\s\S]*)$")
TITLE_WORDS = ("自评表", "评价表", "自评结果表")
BLOCK_LABELS = {"年度绩效指标", "绩效指标", "部门年度绩效指标", "年度绩效目标"}
TEXT_GOAL_TARGET = {"年初设定目标", "年度目标", "指标要求", "年初目标", "绩效目标", "预期目标"}
TEXT_GOAL_ACTUAL = {"全年实际完成情况", "实际完成情况", "完成情况", "全年完成情况"}
YEAR_IN_TITLE = re.compile(r"^\s*((?:19|20|21)\d{2})\s*年")


YEAR_LINE = re.compile(r"^[（(]\s*((?:19|20|21)\d{2})\s*年度?\s*[)）]$")  # （  2024  年度）
YEAR_IN_BRACKETS = re.compile(r"[（(]\s*((?:19|20|21)\d{2})\s*年度?\s*[)）]")
TOTAL_KEYS = {"declared_total"}
# A row of the indicator table that is the budget execution (central layout: 预算执行率 | 10 | 10)
EXECUTION_ROW_NAMES = {"预算执行率", "预算执行", "预算执行情况", "预算资金执行率", "资金执行率", "项目预算执行率"}
# Fund rows of the execution block: `其中：当年财政拨款`
FUND_PREFIX = re.compile(r"^\s*其中\s*[:：]?\s*")


@dataclass
class FormReading:
    raw: dict[str, Any]
    notes: list[Note]
    kind_found: bool
    stopped_at: int | None = None  # row where another form starts
    start: int = 0  # first row of this form's part of the grid
    weight_tables: list[Any] = field(default_factory=list)  # exchange.weights.WeightTable, in order
    # indicator name (weights.name_key) -> (grid row, place) of its first row, for notes
    name_rows: dict[str, tuple[int, str]] = field(default_factory=dict)


@dataclass
class _Goal:
    data: dict[str, Any]
    block: tuple[int, int] | None = None  # (row, col) of the block label cell
    from_title: bool = False
    rows: list[TableRow] = field(default_factory=list)


class _FormReader:
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
        self.goals: list[_Goal] = []
        self.projects: list[dict[str, Any]] = []
        self.kind_hints: list[Kind] = []
        self.seen_content = False  # a label or table has been read
        self.title_rows: set[int] = set()
        self.open_text: tuple[str, str] | None = None  # ("narrative", key) collecting lines
        self.open_container: str = ""  # where that text is (Word: a table's lines do not go on below it)
        self.stopped_at: int | None = None
        self._cells: dict[int, tuple[tuple[int, str], ...]] = {}  # cells(r), read once per row
        self.labels: dict[str, str] = {}  # slot -> the form's own wording of a heading (model.Label)

    # -- helpers -----------------------------------------------------------

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

    def current_goal(self) -> _Goal | None:
        return self.goals[-1] if self.goals else None

    def new_goal(self, title: str = "", weight: Decimal | None = None, *, block=None,
                 from_title: bool = False) -> _Goal:
        data: dict[str, Any] = {"title": title}
        if weight is not None:
            data["weight"] = weight
        goal = _Goal(data, block, from_title)
        self.goals.append(goal)
        return goal

    # -- the walk ----------------------------------------------------------

    def read(self) -> FormReading:
        self._find_title()
        r = self.start
        while r < self.g.height:
            if r in self.title_rows:
                if self.seen_content and self.stopped_at is None:
                    self.stopped_at = r
                    break
                r += 1
                continue
            if not self.g.nonempty(r):
                r += 1
                continue
            r = self._row(r)
        self._note_preamble()
        name_rows: dict[str, tuple[int, str]] = {}
        for goal in self.goals:
            for tr in goal.rows:
                if tr.indicator and tr.indicator.get("name"):
                    name_rows.setdefault(name_key(tr.indicator["name"]), (tr.row, self.g.ref(tr.row)))
        return FormReading(self._assemble(), self.notes, bool(self.kind_hints) or self.kind is not None,
                           self.stopped_at, self.start, self.weight_tables, name_rows)

    def _note_preamble(self) -> None:
        """Text above the form's title (the report a form is printed in): one line, with its place."""
        rows = self.preamble
        if not rows:
            return
        if len(rows) <= 2:
            for r in rows:
                self._skip_row(r)
            return
        texts = [" ".join(t for _, t in self.cells(r)) for r in rows]
        first, last = self.g.ref(rows[0]), self.g.ref(rows[-1])
        note = Note(NoteKind.skipped_row, f"表格前的 {len(rows)} 行文字不属于自评表，未导入（{first} 至 {last}）："
                                          f"{_short(texts[0], 24)} …… {_short(texts[-1], 24)}",
                    rows[0] + 1, None, first, "\n".join(texts))
        self.notes.insert(0, note)

    def _skip_row(self, r: int) -> None:
        self.note(NoteKind.skipped_row, "无法识别这一行，未导入：" + " | ".join(_short(t, 24) for _, t in self.cells(r)),
                  r, None, "\t".join(t for _, t in self.cells(r)))

    def _is_content(self, r: int) -> bool:
        """A row that belongs to the form body (a label row or a table header)."""
        cells = self.cells(r)
        if not cells:
            return False
        first = cells[0][1]
        if norm(first) in ALL_LABELS or LABEL_INLINE.match(first):
            return True
        return (header_mapping(self.g, r) is not None or self._execution_header(r) is not None
                or self._text_goal_header(r) is not None)

    def _title_like(self, r: int) -> bool:
        text = self.single(r)
        return (text is not None and len(text) <= 80 and any(w in text for w in TITLE_WORDS)
                and not LABEL_INLINE.search(text))

    def _year_line_above(self, r: int, title: str) -> int | None:
        """The row above a title that holds its year (`2024年度武汉市…` / `部门整体绩效自评表`)."""
        prev = r - 1
        while prev >= self.start and not self.g.nonempty(prev):
            prev -= 1
        above = self.single(prev) if prev >= self.start else None
        if (above is not None and len(above) <= 40 and not LABEL_INLINE.search(above)
                and YEAR_IN_TITLE.match(above) and not YEAR_IN_TITLE.match(title)):
            return prev
        return None

    def _find_title(self) -> None:
        first_content = next((r for r in range(self.start, self.g.height) if self._is_content(r)), self.g.height)
        candidates = [r for r in range(self.start, first_content) if self._title_like(r)]
        if not candidates and self.g.is_sheet:
            top = next((r for r in range(self.start, first_content) if self.g.nonempty(r)), None)
            if top is not None and self.wide(top):
                candidates = [top]
        if not candidates and self.g.source == "docx":
            # Word: the short paragraph right above the form (a title without 自评表 in it)
            above = next((r for r in range(first_content - 1, self.start - 1, -1) if self.g.nonempty(r)), None)
            text = self.single(above) if above is not None and self.g.is_paragraph(above) else None
            if text is not None and len(text) <= 60 and not LABEL_INLINE.search(text) \
                    and not YEAR_LINE.match(text.strip()):
                candidates = [above]
        if candidates:
            r = candidates[-1]
            parts = [self.single(r) or ""]
            self.title_rows.add(r)
            self.title_row = r
            above = self._year_line_above(r, parts[0])
            if above is not None:
                self.title_rows.add(above)
                self.title_row = above
                parts.insert(0, self.single(above) or "")
            title = "".join(p.strip() for p in parts)
            self.raw["title"] = title
            m = YEAR_IN_TITLE.match(title) or YEAR_IN_BRACKETS.search(title)
            if m:
                self.raw["year"] = int(m.group(1))
            if "项目" in title and "部门整体" not in title:
                self.kind_hints.append(Kind.project)
            elif "部门" in title or "整体" in title:
                self.kind_hints.append(Kind.department)
        # a title line after the body has begun starts the next form (its year line with it)
        for r in range(first_content, self.g.height):
            if self._title_like(r):
                self.title_rows.add(r)
                above = self._year_line_above(r, self.single(r) or "")
                if above is not None and above >= first_content:
                    self.title_rows.add(above)
                break

    def _row(self, r: int) -> int:
        first = self.cells(r)[0][1]
        if norm(first).startswith("所属项目") and len(self.cells(r)) > 1:
            self.seen_content = True
            self.open_text = None
            return self._read_projects(r)
        # tables first: their headers also contain label words
        ex = self._execution_header(r)
        if ex is not None:
            self.seen_content = True
            self.open_text = None
            return self._read_execution(r, ex)
        tg = self._text_goal_header(r)
        if tg is not None:
            self.seen_content = True
            self.open_text = None
            return self._read_text_goal(r, tg)
        mapping = header_mapping(self.g, r)
        if mapping is not None:
            self.seen_content = True
            self.open_text = None
            if is_weight_header(self.g, r, mapping, self._line_above(r)):
                return self._read_weight_table(r, mapping)
            return self._read_indicators(r, mapping)
        if self._total_row(r):
            self.seen_content = True
            return r + 1
        if self._labels(r):
            self.seen_content = True
            return r + 1
        text = self.single(r)
        if text is not None and self._goal_line(r, text):
            self.seen_content = True
            self.open_text = None
            return r + 1
        if text is not None and self.open_text is not None and self.g.container(r) == self.open_container:
            _, key = self.open_text
            prev = self.narrative.get(key, "")
            self.narrative[key] = (prev + "\n" + text) if prev else text
            return r + 1
        if text is not None and (m := YEAR_LINE.match(text.strip())):
            year = int(m.group(1))
            if self.raw.get("year", year) != year:
                self.note(NoteKind.skipped_cell, f"年度前面已读为 {self.raw['year']}，此处的 {year} 未导入", r, None, text)
            self.raw["year"] = year
            return r + 1
        if self.title_row is not None and r < self.title_row:
            self.preamble.append(r)
            return r + 1
        self._skip_row(r)
        return r + 1

    def _total_row(self, r: int) -> bool:
        """`总分 | 100 | 93`: a total row under an indicator table with its 分值 and 得分 columns."""
        cells = self.cells(r)
        key = norm(cells[0][1])
        if len(cells) < 2 or (ALL_LABELS.get(key) not in TOTAL_KEYS and key not in TOTAL_ROW_WORDS):
            return False
        numbers = [(c, t, self._number(t, r, c)) for c, t in cells[1:]]
        if any(v is None for _, _, v in numbers) or len(numbers) not in (1, 2):
            return False
        if len(numbers) == 1:
            if key not in TOTAL_ROW_WORDS or self.score_col is None or numbers[0][0] != self.score_col:
                return False
            (c2, t2, v2), = numbers
            self.note(NoteKind.info, f"{cells[0][1]}行：得分 {t2}，读作总分", r, c2, t2)
            self._set_label("declared_total", t2, r, c2)
            return True
        (c1, t1, v1), (c2, t2, v2) = numbers
        if self.score_col is not None and c1 == self.score_col:
            (c1, t1, v1), (c2, t2, v2) = (c2, t2, v2), (c1, t1, v1)
        elif not (self.score_col == c2 or v1 == 100):
            return False
        self.note(NoteKind.info, f"{cells[0][1]}行：分值 {t1}、得分 {t2}，得分读作总分", r, c2, t2)
        self._set_label("declared_total", t2, r, c2)
        self.labels.setdefault("total", cells[0][1])  # the form's own total row, exported so (model.Label)
        return True

    # -- labels ------------------------------------------------------------

    def _labels(self, r: int) -> bool:
        """Rows of `label | value` pairs or `label：value` cells. True when read."""
        cells = self.cells(r)
        found = False
        i = 0
        consumed: set[int] = set()
        pending: list[tuple[str, int, str]] = []
        while i < len(cells):
            c, text = cells[i]
            key = norm(text)
            if key in ALL_LABELS:
                # the value: the next cell, unless it is a label itself or an empty value cell
                # lies between (`主管部门 | (空) | 财政处室`: no 主管部门 given)
                value, vc = "", None
                if i + 1 < len(cells) and self._value_of(r, c, cells[i + 1]):
                    vc, value = cells[i + 1]
                    i += 1
                pending.append((ALL_LABELS[key], c if vc is None else vc, value))
                consumed.add(c)
                if vc is not None:
                    consumed.add(vc)
                found = True
                if ALL_LABELS[key] in NARRATIVE_LABELS.values() and vc is not None:
                    # the rest of the row belongs to the text (cells of a wide merged value)
                    rest = [t for cc, t in cells[i + 1:]]
                    if rest:
                        pending[-1] = (pending[-1][0], pending[-1][1], "\n".join([value] + rest))
                        consumed.update(cc for cc, _ in cells[i + 1:])
                        i = len(cells)
                i += 1
                continue
            inline = list(LABEL_INLINE.finditer(text))
            if inline and inline[0].start() == 0:
                for j, m in enumerate(inline):
                    end = inline[j + 1].start() if j + 1 < len(inline) else len(text)
                    pending.append((ALL_LABELS[norm(m.group(1))], c, text[m.end():end].strip()))
                consumed.add(c)
                found = True
            i += 1
        if not found:
            return False
        for c, text in cells:
            if c not in consumed:
                self.note(NoteKind.skipped_cell, f"此单元格不属于任何栏目，内容“{_short(text)}”未导入", r, c, text)
        self.open_text = None
        for key, c, value in pending:
            self._set_label(key, value, r, c)
        return True

    def _value_of(self, r: int, c: int, nxt: tuple[int, str]) -> bool:
        """Whether cell `nxt` is the value of the label in column c of row r."""
        vc, text = nxt
        if norm(text) in ALL_LABELS or norm(text) in OTHER_LABELS:
            return False
        if not self.g.structured:
            return True
        return not any(not self.g.text(r, cc) and not self.g.is_continuation(r, cc) for cc in range(c + 1, vc))

    def _set_label(self, key: str, value: str, r: int, c: int) -> None:
        if key == "problems":  # 存在问题: kept in the remarks under its own heading
            key, value = "remarks", (f"存在问题：{value}" if value else value)
        if key == "remarks" and self.remarks_row is None:
            self.remarks_row = r
        if key in NARRATIVE_LABELS.values():
            prev = self.narrative.get(key, "")
            self.narrative[key] = (prev + "\n" + value) if prev and value else (value or prev)
            self.open_text = ("narrative", key)
            self.open_container = self.g.container(r)
            return
        if key == "grade":
            value = re.sub(r"[（(]计算[:：][^）)]*[）)]$", "", value)  # 优（计算：中）: the printed 优
            total = self.raw.get("declared_total")
            if value == UNSCORED and total is None:
                return  # an unscored form says so (jixiao's own export of one)
            if value and (value not in ("优", "良", "中", "差") or (total is not None and grade_of(total) != value)):
                self.note(NoteKind.skipped_cell, f"评价等级“{_short(value)}”由总分计算得出，不导入", r, c, value)
            return
        if not value:
            return
        if key in ("unit", "project_name", "department", "implementing_unit"):
            if key == "project_name":
                self.kind_hints.append(Kind.project)
            if key in self.raw and self.raw[key] != value:
                self.note(NoteKind.skipped_cell, f"{_label_of(key)}前面已读为“{_short(self.raw[key])}”，"
                                                 f"此处的“{_short(value)}”未导入", r, c, value)
                return
            self.raw[key] = value
            return
        if key == "fill_date":
            d = _parse_date(self.g.cell(r, c).value if self.g.cell(r, c).value is not None else value, value)
            if d is None:
                self.note(NoteKind.skipped_cell, f"填报日期“{_short(value)}”无法识别（应如 2025年2月10日），未导入", r, c, value)
                return
            self.raw["fill_date"] = d
            return
        number = self._number(value, r, c)
        if number is None:
            self.note(NoteKind.skipped_cell, f"{_label_of(key)}应为数字，内容“{_short(value)}”未导入", r, c, value)
            return
        if key == "declared_total":
            if "declared_total" in self.raw and self.raw["declared_total"] != number:
                self.note(NoteKind.skipped_cell, f"总分前面已读为 {self.raw['declared_total']}，此处的 {number} 未导入",
                          r, c, value)
                return
            self.raw["declared_total"] = number
            return
        if key in ("basic", "project"):
            self.kind_hints.append(Kind.department)
            self.execution[key] = number

    def _number(self, value: str, r: int, c: int) -> Decimal | None:
        cell = self.g.cell(r, c)
        if isinstance(cell.value, Decimal) and cell_text(cell).strip() == value:
            return clean_decimal(cell.value * 100 if cell.percent else cell.value)
        return parse_number(value)

    # -- goals -------------------------------------------------------------

    def _goal_line(self, r: int, text: str) -> bool:
        m = ACTUAL_ROW.match(text)
        if m and self.goals:
            goal = self.goals[-1]
            goal.data["actual"] = m.group("text").strip()
            return True
        m = GOAL_WEIGHTED.match(text) or GOAL_NUMBERED.match(text)
        weight = None
        if m is None and self.wide(r) and self.g.structured and not self.g.is_paragraph(r):
            m = GOAL_COLON.match(text)
        if m is None:
            return False
        if "w" in m.groupdict() and m.group("w"):
            weight = Decimal(m.group("w"))
        goal = self.new_goal(m.group("title").strip(), weight, from_title=True)
        body = (m.groupdict().get("text") or "").strip()
        if body:
            goal.data["target"] = body
        return True

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

    def _block_goal(self, r: int, first_col: int, table: bool) -> _Goal:
        """The goal a block (text or indicator table) at row r belongs to."""
        label_cells = [(c, t) for c, t in self.cells(r) if c < first_col]
        goal = self.current_goal()
        # inside the merged label of the current block
        for c in range(first_col):
            m = self.g.merge_of(r, c)
            if m is not None and goal is not None and goal.block == (m[0], m[1]) and m[0] < r:
                return goal
        if label_cells:
            c, label = label_cells[0]
            for c2, t in label_cells[1:]:
                self.note(NoteKind.skipped_cell, f"区块标题列的多余内容“{_short(t)}”未导入", r, c2, t)
            title, weight = strip_weight(label)
            if weight is None:
                m = WEIGHT_RE.search(label)
                if m:
                    weight = Decimal(m.group(1))
                    title = (label[: m.start()] + label[m.end():]).strip()
            if norm(title) in BLOCK_LABELS and goal is not None and not goal.rows and goal.from_title:
                if weight is not None and "weight" not in goal.data:
                    goal.data["weight"] = weight
                goal.block = (r, c)
                return goal
            return self.new_goal(title, weight, block=(r, c))
        # no label: the block continues the goal above if that goal has nothing of this kind yet
        if goal is not None and not goal.rows and (table or not (goal.data.get("target") or goal.data.get("actual"))):
            goal.block = goal.block or (r, 0)
            return goal
        return self.new_goal("", None, block=(r, 0))

    def _read_text_goal(self, r: int, cols: dict[str, int]) -> int:
        self._own_label("goal_target", r, cols["target"])
        self._own_label("goal_actual", r, cols["actual"])
        first = min(cols.values())
        goal = self._block_goal(r, first, table=False)
        header_r = r
        r += 1
        got = False
        while r < self.g.height:
            if not self.g.nonempty(r):
                r += 1
                continue
            if self._is_stop(r, header_r):
                break
            # rows of the block: content under the target/actual/score columns
            row_cells = self.cells(r)
            outside = [(c, t) for c, t in row_cells if c < first and not self.g.is_continuation(r, c)]
            if outside:
                break
            for c, t in row_cells:
                key = next((k for k, cc in cols.items() if cc == c), None)
                if key is None:
                    key = _nearest_left(cols, c)
                if key in ("target", "actual"):
                    goal.data[key] = t
                elif key in ("score", "weight"):
                    number = self._number(t, r, c)
                    if number is None:
                        self.note(NoteKind.skipped_cell, f"{_label_of(key)}应为数字，内容“{_short(t)}”未导入", r, c, t)
                        continue
                    field_name = "declared_score" if key == "score" else "weight"
                    goal.data[field_name] = number
                else:
                    self.note(NoteKind.skipped_cell, f"内容“{_short(t)}”不在任何一栏下，未导入", r, c, t)
            got = True
            r += 1
            break  # one value row per block
        if not got:
            self.note(NoteKind.info, "目标区块只有标题行，没有内容", header_r)
        return r

    def _line_above(self, r: int) -> str:
        prev = r - 1
        while prev >= self.start and not self.g.nonempty(prev):
            prev -= 1
        return (self.single(prev) or "") if prev >= self.start else ""

    def _table_rows(self, header_r: int) -> tuple[list[int], int]:
        rows: list[int] = []
        r = header_r + 1
        while r < self.g.height:
            if self._is_stop(r, header_r) or self._total_row_start(r):
                break
            if self.g.nonempty(r):
                rows.append(r)
            r += 1
        return rows, r

    def _total_row_start(self, r: int) -> bool:
        """A printed total row (合计 | … | 100 | 97.8) ends the indicator table."""
        cells = self.cells(r)
        return bool(cells) and norm(cells[0][1]) in TOTAL_ROW_WORDS

    def _read_weight_table(self, header_r: int, mapping: dict[int, str]) -> int:
        rows, r = self._table_rows(header_r)
        table = read_weight_table(self.g, header_r, mapping, rows)
        self.weight_tables.append(table)
        names = [norm(self.g.text(header_r, c)) for c in self.g.nonempty(header_r)
                 if c not in mapping or mapping[c] == "skip"]
        # its title line (`附件：…绩效评价指标体系`), listed as a row of no form when it was read
        title = ""
        above = self._line_above(header_r)
        if above and any(w in above for w in WEIGHT_TABLE_TITLES):
            skipped = [n for n in self.notes if n.kind is NoteKind.skipped_row and n.text == above]
            if skipped:
                self.notes.remove(skipped[-1])
                title = f"“{_short(above, 30)}”，"
        self.note(NoteKind.info, f"这是评分表（{title}{len(table.entries)} 个标准分），用来补上自评表中没有的分值"
                                 + (f"；其中{'、'.join('“' + _short(n, 12) + '”' for n in names)}栏不导入" if names else ""),
                  header_r)
        return r

    def _own_label(self, slot: str, r: int, c: int) -> None:
        """Remember a heading worded otherwise than the official form (年度指标值 for
        年初目标值（A）), the first of each kind, so an export prints it the same way."""
        text = "".join(line.strip() for line in self.g.text(r, c).splitlines())
        text = strip_weight(text)[0] if slot == "execution" else text
        same = _as_compared(text) in (_as_compared(OFFICIAL_LABELS[slot]),
                                      "预算执行情况" if slot == "execution" else None)
        if text and slot not in self.labels and not same:
            self.labels[slot] = text

    def _read_indicators(self, r: int, mapping: dict[int, str]) -> int:
        for c, f in mapping.items():
            if f in _HEADING_SLOTS:
                self._own_label(_HEADING_SLOTS[f], r, c)
        first = min((c for c, f in mapping.items() if f != "section"), default=0)
        goal = self._block_goal(r, first, table=True)
        header_r = r
        rows, r = self._table_rows(header_r)
        self.score_col = next((c for c, f in mapping.items() if f == "score"), None)
        carry = ("", "")
        table_rows = read_table(self.g, header_r, mapping, rows, self.notes, carry=carry)
        table_rows = self._execution_rows(goal, table_rows)
        if any(tr.goal for tr in table_rows):
            self._split_by_goal_column(goal, table_rows)
        else:
            goal.rows.extend(table_rows)
        return r

    def _execution_rows(self, goal: _Goal, rows: list[TableRow]) -> list[TableRow]:
        """`预算执行率 | 预算执行率 | 预算执行率 | 10 | 10` inside the indicator table (the central
        layout) is the budget execution: its weight, score and rate go to the execution block."""
        out = []
        for tr in rows:
            ind = tr.indicator or {}
            names = [n for n in (tr.level_one, tr.level_two, ind.get("name", "")) if n]
            if (not names or not all(norm(strip_weight(n)[0]) in EXECUTION_ROW_NAMES for n in names)
                    or "weight" in self.execution or "declared_score" in self.execution):
                out.append(tr)
                continue
            weight = ind.get("weight", tr.level_two_weight if tr.level_two_weight is not None else tr.level_one_weight)
            taken = []
            if weight is not None:
                self.execution["weight"] = weight
                taken.append(f"分值 {weight}")
            if ind.get("score") is not None:
                self.execution["declared_score"] = ind["score"]
                taken.append(f"得分 {ind['score']}")
            actual = parse_value(ind.get("actual", ""))
            if actual.kind == "number" and actual.unit_kind == "percent" and actual.number is not None:
                self.execution["declared_rate"] = actual.number
                taken.append(f"执行率 {ind['actual']}")
            if weight is not None and goal.data.get("weight") is not None and goal.data["weight"] >= weight:
                goal.data["weight"] -= weight
                taken.append(f"“{_short(goal.data.get('title') or '目标', 16)}”的分值减为 {goal.data['weight']}")
            rest = [f"{label}“{ind[k]}”" for k, label in (("target", "目标"), ("reason", "偏差原因")) if ind.get(k)]
            self.note(NoteKind.reinterpreted, "“预算执行率”一行按预算执行情况读入，不作为指标（"
                      + "，".join(taken) + "）" + (f"；{'、'.join(rest)}未导入" if rest else ""), tr.row)
        return out

    def _split_by_goal_column(self, goal: _Goal, rows: list[TableRow]) -> None:
        current = goal
        for tr in rows:
            if tr.goal and tr.goal != current.data.get("title", ""):
                if not current.rows and not current.data.get("title"):
                    current.data["title"] = tr.goal
                else:
                    current = self.new_goal(tr.goal)
            current.rows.append(tr)

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

    # -- execution ---------------------------------------------------------

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

    def _read_execution(self, r: int, cols: dict[str, int]) -> int:
        ex = self.execution
        if "section" in cols:
            self._own_label("execution", r, cols["section"])
        for c, t in self.cells(r):
            key = norm(t)
            if c in cols.values():
                if c == cols.get("section") or c == cols.get("score"):
                    m = WEIGHT_RE.search(t) or re.search(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]", t)
                    if m and "weight" not in ex:
                        ex["weight"] = Decimal(m.group(1))
                continue
            if c < min(v for k, v in cols.items() if k != "section") and "label" not in ex:
                if "部门整体" in key:
                    self.kind_hints.append(Kind.department)
                ex["label"] = t
                continue
            self.note(NoteKind.skipped_cell, f"执行情况表头中的“{_short(t)}”不对应任何一栏，未导入", r, c, t)
        label_col = min((v for k, v in cols.items() if k not in ("section",)), default=1) - 1
        header_r = r
        r += 1
        first_values = True
        funds: list[dict[str, Any]] = []
        while r < self.g.height:
            if not self.g.nonempty(r):
                r += 1
                continue
            if self._is_stop(r, header_r):
                break
            cells = self.cells(r)
            texts = {c: t for c, t in cells}
            names = [t for t in texts.values() if norm(t) in ("年中追加", "追加", "年中调减", "调减")]
            if names:
                self._adjustments(r, cells)
                r += 1
                continue
            numbers = {k: texts.get(c, "") for k, c in cols.items() if k not in ("section",)}
            label = texts.get(label_col, "") if label_col >= 0 else ""
            in_block = all(c == label_col or c in cols.values() or self.g.is_continuation(r, c)
                           for c, _ in cells)
            if not any(numbers.values()):
                if not (label and in_block and len(cells) == 1):
                    break
                first_values = False  # a fund row with no amounts (the totals row was empty)
            outside = [(c, t) for c, t in cells if c not in cols.values() and c != label_col]
            for c, t in outside:
                if c < label_col and self.g.is_continuation(r, c):
                    continue
                self.note(NoteKind.skipped_cell, f"执行情况中的“{_short(t)}”不对应任何一栏，未导入", r, c, t)
            if first_values:
                for key, c in cols.items():
                    t = texts.get(c, "")
                    if key == "section" or not t:
                        continue
                    value = self._exec_number(key, t, r, c)
                    if value is None:
                        continue
                    if key == "rate":
                        ex["declared_rate"] = value
                    elif key == "score":
                        ex["declared_score"] = value
                    elif key == "weight":
                        ex["weight"] = value
                    else:
                        ex[key] = value
                if label and norm(label) not in ("合计", "总计", "小计", "年度资金总额"):
                    if "label" not in ex:
                        ex["label"] = label
                    else:
                        self.note(NoteKind.skipped_cell, f"执行数据行的名称“{_short(label)}”未导入", r, label_col, label)
                first_values = False
            else:
                fund: dict[str, Any] = {"name": FUND_PREFIX.sub("", label)}
                for key in ("initial_budget", "budget", "spent"):
                    c = cols.get(key)
                    t = texts.get(c, "") if c is not None else ""
                    if t:
                        value = self._exec_number(key, t, r, c)
                        if value is not None:
                            fund[key] = value
                for key in ("rate", "score", "weight"):
                    c = cols.get(key)
                    t = texts.get(c, "") if c is not None else ""
                    if t and t not in BLANK_SCORE_WORDS:
                        self.note(NoteKind.skipped_cell, f"资金来源行的{_label_of(key)}“{_short(t)}”不导入（只记录金额）",
                                  r, c, t)
                funds.append(fund)
            r += 1
        if funds:
            ex["funds"] = funds
        return r

    def _adjustments(self, r: int, cells: tuple[tuple[int, str], ...]) -> None:
        i = 0
        while i < len(cells):
            c, t = cells[i]
            key = norm(t)
            target = "additions" if "追加" in key else "reductions" if "调减" in key else None
            if target and i + 1 < len(cells):
                vc, vt = cells[i + 1]
                value = self._exec_number(target, vt, r, vc)
                if value is not None:
                    self.execution[target] = value
                i += 2
                continue
            if target is None:
                self.note(NoteKind.skipped_cell, f"“{_short(t)}”未导入", r, c, t)
            i += 1

    def _exec_number(self, key: str, text: str, r: int, c: int) -> Decimal | None:
        cell = self.g.cell(r, c)
        if text.strip() in BLANK_SCORE_WORDS:  # `—`: none (a fund the project does not have)
            return None
        value: Decimal | None
        if isinstance(cell.value, Decimal):
            value = clean_decimal(cell.value * 100 if cell.percent else cell.value)
        else:
            value = parse_number(text)
            if value is not None and text.strip().endswith("元") and not text.strip().endswith("万元"):
                value = None
        if value is None:
            self.note(NoteKind.skipped_cell, f"{_label_of(key)}应为数字，内容“{_short(text)}”未导入", r, c, text)
            return None
        if key == "rate" and not cell.percent and "%" not in text and "％" not in text and value <= Decimal("1.5"):
            self.note(NoteKind.converted, f"执行率 {text} 没有百分号，按 {value * 100}% 读入", r, c, text)
            value = clean_decimal(value * 100)
        return value

    # -- projects ----------------------------------------------------------

    def _read_projects(self, r: int) -> int:
        cols: dict[str, int] = {}
        for c, t in self.cells(r):
            key = norm(t)
            if "项目名称" in key:
                cols["name"] = c
            elif "预算" in key:
                cols["budget"] = c
            elif "执行" in key:
                cols["spent"] = c
            elif "得分" in key:
                cols["declared_score"] = c
        header_r = r
        r += 1
        while r < self.g.height:
            if not self.g.nonempty(r):
                r += 1
                continue
            if self._is_stop(r, header_r):
                break
            p: dict[str, Any] = {}
            for c, t in self.cells(r):
                key = next((k for k, cc in cols.items() if cc == c), None)
                if key == "name":
                    p["name"] = t
                elif key is not None:
                    value = self._number(t, r, c)
                    if value is None:
                        self.note(NoteKind.skipped_cell, f"{_label_of(key)}应为数字，内容“{_short(t)}”未导入", r, c, t)
                    else:
                        p[key] = value
                elif not self.g.is_continuation(r, c):
                    self.note(NoteKind.skipped_cell, f"“{_short(t)}”不在任何一栏下，未导入", r, c, t)
            self.projects.append(p)
            r += 1
        return r

    # -- assembly ----------------------------------------------------------

    def _assemble(self) -> dict[str, Any]:
        raw = dict(self.raw)
        kind = self.kind
        if kind is None:
            hints = set(self.kind_hints)
            if Kind.project in hints and "project_name" in raw:
                kind = Kind.project
            elif hints == {Kind.project}:
                kind = Kind.project
            else:
                kind = Kind.department
        raw["kind"] = kind.value
        if self.execution:
            raw["execution"] = self.execution
        goals = []
        for goal in self.goals:
            data = dict(goal.data)
            levels = build_levels(goal.rows)
            if levels:
                data["levels"] = levels
            goals.append(data)
        if goals:
            raw["goals"] = goals
        if self.projects:
            raw["projects"] = self.projects
        narrative = dict(self.narrative)
        preset = printed_rules_preset(narrative.get("remarks", ""))
        if preset is not None:
            # the 备注 the export prints for a form without remarks: the rules in force
            del narrative["remarks"]
            raw["rules"] = {"preset": preset}
            self.note(NoteKind.info, f"备注栏是按“{PRESETS[preset].label}”打印的计分规则说明，未作为备注导入；"
                                     "评分规则取该规则")
        elif narrative.get("remarks"):
            rules, said = rules_from_remarks(narrative["remarks"])
            if rules:
                raw["rules"] = rules
                self.note(NoteKind.info, f"备注写明了计分规则（{said}），评分规则设为 {_rules_text(rules)}",
                          self.remarks_row)
        if narrative:
            raw["narrative"] = narrative
        if self.labels:
            raw["labels"] = [{"slot": slot, "text": self.labels[slot]} for slot in LABEL_SLOTS if slot in self.labels]
        return raw


_REVERSE_RATIO = re.compile(r"反向指标.{0,60}?(?:得分)?=?(?:权重|分值)?[*×xX]?\(?A/B\)?")
_REVERSE_LINEAR = re.compile(r"反向指标.{0,80}?(?:1-\(B-A\)/A|\(B-A\)/A|超出.{0,10}?(?:比例|部分).{0,6}?扣)")
_BANDS = re.compile(r"(?:100-)?80-(50|60)")


def rules_from_remarks(text: str) -> tuple[dict[str, Any], str]:
    """The rule settings a form's 备注 states (RULES.md 5): the reverse rule (得分=权重×A/B,
    or the linear 1-(B-A)/A) and the tier bands (100-80、80-50、50-0 or 80-60). Returns the
    raw [rules] table (empty when the remarks state neither) and what was read, in Chinese."""
    if not text or ("反向" not in text and "80" not in text):
        return {}, ""
    flat = re.sub(r"[\s$%*×\\{}]|leq|geq|frac", "", unicodedata.normalize("NFKC", text))
    flat = flat.replace("—", "-").replace("–", "-").replace("~", "-").replace("～", "-")
    reverse = "linear" if _REVERSE_LINEAR.search(flat) else "ratio" if _REVERSE_RATIO.search(flat) else None
    bands = None
    if "定性" in flat or "档" in flat:
        m = _BANDS.search(flat)
        if m:
            bands = Decimal(m.group(1))
    said = []
    if reverse:
        said.append("反向指标 " + ("超出按比例扣分" if reverse == "linear" else "得分=权重×A/B"))
    if bands is not None:
        said.append(f"定性档次 80/{bands}")
    if not said:
        return {}, ""
    rules: dict[str, Any]
    if reverse == "linear" and bands in (None, Decimal(60)):
        rules = {"preset": "linear-80-60"}
    elif reverse == "linear":
        rules = {"preset": "paper", "reverse": "linear"}
    else:
        rules = {"preset": "paper"}
    if bands is not None and bands != (Decimal(60) if rules["preset"] == "linear-80-60" else Decimal(50)):
        rules["partial_min"] = bands
    return rules, "，".join(said)


def _rules_text(rules: dict[str, Any]) -> str:
    from scoring.rules import PRESET_LABELS

    text = f"“{PRESET_LABELS.get(rules['preset'], rules['preset'])}”"
    extra = []
    if "reverse" in rules:
        extra.append("反向指标按超出比例扣分")
    if "partial_min" in rules:
        extra.append(f"部分达成下限 {rules['partial_min']}%")
    return text + (f"，{'，'.join(extra)}" if extra else "")


def build_levels(rows: list[TableRow]) -> list[dict[str, Any]]:
    """Levels of a goal from table rows, in form order (consecutive names group)."""
    levels: list[dict[str, Any]] = []
    for tr in rows:
        if not levels or levels[-1]["name"] != tr.level_one:
            levels.append({"name": tr.level_one, "sublevels": []})
        level = levels[-1]
        if tr.level_one_weight is not None and "weight" not in level:
            level["weight"] = tr.level_one_weight
        if tr.indicator is not None and not set(tr.indicator) - {"weight", "score"} \
                and (tr.level_one_given or tr.level_two_given):
            # `产出指标（40分） | | | 40 | 40`: a level scored as a whole (no indicators below it)
            group = level
            if tr.level_two_given:
                if not level["sublevels"] or level["sublevels"][-1]["name"] != tr.level_two:
                    level["sublevels"].append({"name": tr.level_two, "indicators": []})
                group = level["sublevels"][-1]
                if tr.level_two_weight is not None:
                    group.setdefault("weight", tr.level_two_weight)
            if "weight" in tr.indicator:
                group.setdefault("weight", tr.indicator["weight"])
            if "score" in tr.indicator:
                group["declared_score"] = tr.indicator["score"]
            continue
        if tr.indicator is None and not tr.level_two_given:
            continue  # a category row naming only the level one
        subs = level["sublevels"]
        if not subs or subs[-1]["name"] != tr.level_two or (tr.level_two_given and tr.indicator is None
                                                            and subs[-1]["indicators"]):
            subs.append({"name": tr.level_two, "indicators": []})
        sub = subs[-1]
        if tr.level_two_weight is not None and "weight" not in sub:
            sub["weight"] = tr.level_two_weight
        if tr.indicator is not None:
            sub["indicators"].append(dict(tr.indicator))
    for level in levels:
        for sub in level["sublevels"]:
            if not sub["indicators"]:
                del sub["indicators"]
        if not level["sublevels"]:
            del level["sublevels"]
    return levels


def _nearest_left(cols: dict[str, int], c: int) -> str | None:
    best = None
    for k, cc in cols.items():
        if cc <= c and (best is None or cc > cols[best]):
            best = k
    return best


def _label_of(key: str) -> str:
    return {
        "unit": "单位名称", "project_name": "项目名称", "department": "主管部门",
        "implementing_unit": "项目实施单位", "declared_total": "总分", "basic": "基本支出总额",
        "project": "项目支出总额", "initial_budget": "年初预算数", "budget": "预算数",
        "spent": "执行数", "rate": "执行率", "score": "得分", "weight": "分值",
        "declared_score": "得分", "additions": "年中追加", "reductions": "年中调减",
        "target": "年初设定目标", "actual": "全年实际完成情况", "name": "项目名称",
    }.get(key, key)


def _parse_date(value: Any, text: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(text)


def read_form(grid: Grid, kind: Kind | None = None, start: int = 0) -> FormReading:
    """Read a grid as a form from row `start`: the raw document data and the notes.
    `stopped_at` is the row where the next form's title begins, if any."""
    return _FormReader(grid, kind, start).read()


MAX_FORMS = 200  # forms in one document; a real one holds a department form and a few projects


def read_forms(grid: Grid, kind: Kind | None = None) -> list[FormReading]:
    """Every form of a grid, in order (a department form and its project forms, as seed
    000 prints them), with the weight tables of the document applied to the form whose
    indicators they name (the most names; on a tie, the form they stand in)."""
    readings: list[FormReading] = []
    start = 0
    while True:
        reading = read_form(grid, kind, start)
        readings.append(reading)
        if reading.stopped_at is None or len(readings) >= MAX_FORMS:
            break
        start = reading.stopped_at
    if readings[-1].stopped_at is not None:
        rest = readings[-1].stopped_at
        readings[-1].notes.append(Note(NoteKind.skipped_row, f"文档中的表超过 {MAX_FORMS} 张，从这里起未读入",
                                       rest + 1, None, grid.ref(rest)))
    for i, reading in enumerate(readings):
        for table in reading.weight_tables:
            counts = [match_count(other.raw, table) for other in readings]
            best = max(counts)
            if best == 0:
                reading.notes.append(Note(NoteKind.skipped_row, f"评分表（{table.where}起）中的指标名称与自评表都对不上，"
                                                                f"其 {len(table.entries)} 个标准分未用上",
                                          table.header_row + 1, None, table.where))
                continue
            target = i if counts[i] == best else next(j for j in range(len(readings)) if counts[j] == best)
            readings[target].notes.extend(apply_weights(readings[target].raw, table, readings[target].name_rows))
    return readings


def validate_raw(raw: dict[str, Any], notes: list[Note], source: str) -> Document:
    """A Document from raw data; values the model refuses are dropped with a note."""
    for _ in range(50):
        try:
            return validate_document(raw, "", source)
        except DocumentError as err:
            removed = False
            for p in err.problems:
                if _remove_key(raw, p.key):
                    notes.append(Note(NoteKind.dropped_value, f"{p.place or p.key}：{p.message}，此值未导入"))
                    removed = True
            if not removed:
                raise
    return validate_document(raw, "", source)


def _remove_key(raw: Any, key: str) -> bool:
    """Remove one refused value; never a table or a list of them (a count over a limit
    refuses the import instead of dropping every goal)."""
    if not key:
        return False
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", key)
    node = raw
    for part in parts[:-1]:
        if part.startswith("["):
            idx = int(part[1:-1])
            if not isinstance(node, list) or idx >= len(node):
                return False
            node = node[idx]
        else:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
    last = parts[-1]
    if last.startswith("["):
        idx = int(last[1:-1])
        if isinstance(node, list) and idx < len(node) and not isinstance(node[idx], (dict, list)):
            del node[idx]
            return True
        return False
    if isinstance(node, dict) and last in node and not isinstance(node[last], (dict, list)):
        del node[last]
        return True
    return False
