"""The official form as a sheet of cells: what the xlsx export writes.

`render(doc, result)` lays a document out as the 部门整体支出绩效自评表 or the
项目支出绩效自评表 (see docs/exchange.md for the rows), as a pure `Sheet`:
cells with values, styles and merged ranges, column widths and row heights.
The xlsx writer only draws it; `Sheet.to_grid()` gives the same cells as the
importer would read them back from the file, which is how an import knows what
the export showed.

Figures the form printed (its total, execution rate and score) are shown as
printed, the computed one beside them only where they differ (`printed`);
figures it did not print are the computed ones (scoring.score_document), so a
spreadsheet opened without recalculation shows the right numbers. The 备注
row holds the form's remarks as typed, and stays empty when it has none
(jixiao's scoring rules are not the form's remarks; the importer still reads a
备注 that is exactly such a rules note, from older exports, as those rules).

The Word export (exchange.word) draws the same Sheet as one Word table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from model import COLUMNS, Document, Framework, Goal, Kind
from model.document import MonthDate
from model.text import cells
from scoring import GroupResult, Result, score_document
from scoring.rules import fmt, grade_of, q2

from .grid import Cell, Grid

__all__ = ["Sheet", "SheetCell", "render", "words", "word_width", "wrap_words", "default_title", "date_text",
           "has_scores", "percent_text", "wording", "wan", "indicator_columns", "DEFAULT_COLUMNS", "OFFICIAL_LABELS", "differs", "COMPUTED_MARK", "LAYOUT_VERSION", "MAX_CELL_TEXT", "FORM_SHEET", "FINDINGS_SHEET", "DATA_SHEET"]

LAYOUT_VERSION = "1"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL_TEXT = 32_767  # what one xlsx cell can hold
FORM_SHEET = "自评表"
FINDINGS_SHEET = "问题清单"
DATA_SHEET = "jixiao"

# Column bounds in Excel width units (about one Latin character; a CJK
# character takes about two), by what the column holds in the indicator table.
_COL_BOUNDS = {"block": (12, 18), "level_one": (10, 14), "level_two": (12, 18), "indicator": (18, 34),
               "target": (12, 18), "adjusted": (12, 18), "actual": (12, 18), "coefficient": (8, 10),
               "weight": (7, 9), "score": (7, 9), "core": (8, 10), "reason": (18, 32), "improvement": (14, 28)}
# The indicator table's columns of a form that does not record its own (`Document.columns`):
# the official form's; 改进措施 (and the flat framework's columns) only when some row has one.
DEFAULT_COLUMNS = ("level_one", "level_two", "indicator", "target", "actual", "weight", "score", "reason")
# … and of a flat-framework form (RULES.md 5b): one list, no levels
FLAT_COLUMNS = ("indicator", "target", "adjusted", "actual", "coefficient", "weight", "score", "core", "reason")
# The official wording of the headings a form may word its own way (model.Label):
# an export prints the form's own where it has one (`Document.labels`).
OFFICIAL_LABELS = {
    "execution": "预算执行情况（万元）", "level_one": "一级指标", "level_two": "二级指标", "indicator": "三级指标",
    "target": "年初目标值（A）", "actual": "实际完成值（B）", "weight": "分值", "score": "得分",
    "reason": "偏差原因分析", "goal_target": "年初设定目标", "goal_actual": "全年实际完成情况",
    "adjusted": "调整指标值", "coefficient": "得分系数（%）", "core": "是否核心指标", "improvement": "改进措施",
    "execution_initial_budget": "年初预算数", "execution_budget": "全年预算数（A）", "execution_spent": "全年执行数（B）",
    "execution_weight": "分值", "execution_rate": "执行率（B/A）", "execution_score": "得分（分值×执行率）",
}
# The flat framework's own wording (RULES.md 5b) where the form has none of its own.
FLAT_LABELS = {"indicator": "指标名称", "target": "年初指标值", "actual": "全年完成值", "weight": "指标权重（分）",
               "score": "指标得分（分）", "reason": "偏差原因"}
LINE_HEIGHT = 14.4  # points per line of 11 pt 宋体
MIN_HEIGHT = 18.0
MAX_HEIGHT = 409.0  # Excel's limit


@dataclass
class SheetCell:
    value: str | Decimal | None
    style: str
    merge_to: tuple[int, int] | None = None  # (last row, last col), inclusive
    percent: bool = False
    places: int | None = None  # a rate's decimals as the form printed it (100% → 0); None: two
    runs_on: bool = False  # merged down past the last row of a printed page (exchange.word.sheet_rows)


@dataclass
class Sheet:
    ncols: int
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    widths: list[float] = field(default_factory=list)
    nrows: int = 0
    table_start: int = 2  # first bordered row
    repeat_rows: tuple[int, int] = (0, 1)
    roles: tuple[str, ...] = ()  # what each column holds in the indicator table (column 0: the block)
    # rows printed on the same page as the row after them: a block's heading
    # rows (年初设定目标 …, 一级指标 …, a goal line) never stand alone at a page's foot
    keep_with_next: set[int] = field(default_factory=set)
    # a row of an indicator table -> the table's heading row (一级指标 …), which a
    # printed page that continues the table repeats (exchange.word)
    heading_of: dict[int, int] = field(default_factory=dict)

    def put(self, r: int, c: int, value: str | Decimal | None, style: str, *,
            to: tuple[int, int] | None = None, percent: bool = False, places: int | None = None) -> None:
        if isinstance(value, str):
            if _CONTROL.search(value):
                # xlsx escapes these as _x0001_, which reads back as typed text; the
                # saved form in the hidden sheet keeps them
                value = _CONTROL.sub("", value)
            if len(value) > MAX_CELL_TEXT:
                value = value[:MAX_CELL_TEXT]
        if to is not None and to == (r, c):
            to = None
        self.cells[(r, c)] = SheetCell(value, style, to, percent, places)
        self.nrows = max(self.nrows, (to[0] if to else r) + 1)

    def span(self, r: int, c1: int, c2: int, value: str | Decimal | None, style: str, *,
             percent: bool = False, places: int | None = None) -> None:
        self.put(r, c1, value, style, to=(r, c2) if c2 > c1 else None, percent=percent, places=places)

    def covered(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for (r, c), cell in self.cells.items():
            if cell.merge_to:
                r2, c2 = cell.merge_to
                for rr in range(r, r2 + 1):
                    for cc in range(c, c2 + 1):
                        out[(rr, cc)] = (r, c, r2, c2)
        return out

    def to_grid(self) -> Grid:
        """The cells as openpyxl reads them back from the written file."""
        rows: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for (r, c), cell in sorted(self.cells.items()):
            row = rows[r]
            while len(row) <= c:
                row.append(Cell())
            v = cell.value
            if isinstance(v, Decimal):
                v = Decimal(repr(float(v)))  # xlsx stores binary doubles
            elif isinstance(v, str):
                v = as_read_back(v) or None
            row[c] = Cell(v, cell.percent)
        return Grid(rows, source="xlsx", name=FORM_SHEET, merges=self.covered())


_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")


def as_read_back(text: str) -> str:
    """A string as openpyxl returns it after xlsxwriter wrote it: xlsxwriter
    escapes a literal `_xHHHH_` as `_x005F_xHHHH_`, and openpyxl deletes every
    `x005F_`, so a few strings that look like escapes do not come back as typed."""
    if "_x" not in text:
        return text
    return _ESCAPE_LIKE.sub(r"_x005F\1", text).replace("x005F_", "")


def date_text(d: date | None) -> str:
    if isinstance(d, MonthDate):  # a fill date given to the month only
        return f"{d.year}年{d.month}月"
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def default_title(doc: Document) -> str:
    year = f"{doc.year}年度" if doc.year else ""
    label = doc.kind.label
    if doc.kind is Kind.project:
        who = doc.project_name or doc.unit
        if who.endswith("项目") and label.startswith("项目"):
            label = label[2:]  # 科普项目支出绩效自评表, not 科普项目项目…
    else:
        who = doc.unit
    return f"{year}{who}{label}"


def has_scores(res: Result) -> bool:
    """Whether anything on the form is scored (otherwise its total means nothing)."""
    return res.scored


def wording(doc: Document) -> dict[str, str]:
    """The headings of this form: its own (`doc.labels`) where it has them, else the official ones."""
    flat = FLAT_LABELS if doc.framework is Framework.flat else {}
    return {**OFFICIAL_LABELS, **flat, **{label.slot: label.text for label in doc.labels}}


def _filled(doc: Document) -> set[str]:
    """The indicator-table columns that hold something on this form."""
    out = set()
    for goal in doc.goals:
        for level in goal.levels:
            if level.name.strip():
                out.add("level_one")
            if any(sub.name.strip() for sub in level.sublevels):
                out.add("level_two")
    for _, ind in doc.iter_indicators():
        out.add("indicator")
        if ind.target.strip():
            out.add("target")
        if ind.adjusted_target.strip():
            out.add("adjusted")
        if ind.actual.strip():
            out.add("actual")
        if ind.coefficient is not None:
            out.add("coefficient")
        if ind.weight is not None:
            out.update(("weight", "score"))  # a weight gives a score
        if ind.score is not None:
            out.add("score")
        if ind.core:
            out.add("core")
        if ind.reason.strip():
            out.add("reason")
        if ind.improvement.strip():
            out.add("improvement")
    return out


def indicator_columns(doc: Document) -> tuple[str, ...]:
    """The indicator table's columns, in order: the form's own (`doc.columns`, as it was
    imported or made from its template), else the official ones. A column the form does
    not have is not printed; one that holds something on it always is (at its place in
    the official order), so nothing typed is lost."""
    filled = _filled(doc)
    if not doc.columns:
        base = list(FLAT_COLUMNS if doc.framework is Framework.flat else DEFAULT_COLUMNS)
    else:
        base = list(doc.columns)
    if "indicator" not in base:
        base.insert(0, "indicator")
    for col in COLUMNS:
        if col in filled and col not in base:
            before = [c for c in COLUMNS[: COLUMNS.index(col)] if c in base]
            base.insert(base.index(before[-1]) + 1 if before else 0, col)
    return tuple(base)


def _points(w: Decimal | None) -> str:
    return f"（{fmt(w)}分）" if w is not None else ""


def _goal_label(goal: Goal, g: int, doc: Document) -> str:
    title = goal.title.strip()
    if not title:
        if doc.kind is Kind.project:
            title = "项目年度绩效指标" if goal.levels else "项目绩效总目标"
        else:
            title = f"年度目标{g + 1}"
    return title


def render(doc: Document, result: Result | None = None) -> Sheet:
    """Lay out the filled form (see docs/exchange.md, “xlsx layout”)."""
    res = result if result is not None else score_document(doc)
    roles = indicator_columns(doc)
    # at least the columns of the title lines and of the execution block
    n = max(1 + len(roles), 7, 1 + len(_execution_keys(doc)))
    last = n - 1
    s = Sheet(n, roles=("block", *roles))
    scored = has_scores(res)
    total = printed(doc.declared_total, res.total if scored else None, res)
    r = _title_rows(s, doc, total, last)
    r = _head_rows(s, r, doc, last)
    r = _execution(s, r, doc, res, last)
    for g, goal in enumerate(doc.goals):
        r = _goal(s, r, doc, g, goal, res, last)
    if doc.projects:
        r = _projects(s, r, doc, last)
    r = _total_row(s, r, doc, res, total, last)
    r = _narrative_rows(s, r, doc, last)
    s.nrows = max(s.nrows, r)
    _size(s)
    return s


def _total_label(doc: Document) -> str:
    return "总分" if doc.kind is Kind.department else "自评得分"


def _title_rows(s: Sheet, doc: Document, total: str | Decimal | None, last: int) -> int:
    """The title, and the line 单位名称：… 填报日期：… 总分：… under it (repeated on every page)."""
    s.span(0, 0, last, doc.title.strip() or default_title(doc), "title")
    split = 6 if last >= 8 else last - 1  # the total at the right: two columns at least
    s.span(1, 0, 2, f"单位名称：{doc.unit}", "info")
    s.span(1, 3, split - 1, f"填报日期：{date_text(doc.fill_date)}", "info")
    s.span(1, split, last, f"{_total_label(doc)}：{figure_text(total)}", "info")
    s.table_start = 2
    return 2


def _head_rows(s: Sheet, r: int, doc: Document, last: int) -> int:
    """单位名称 and 基本支出总额 / 项目支出总额 (department); 项目名称 and 主管部门 / 项目实施单位."""
    if doc.kind is Kind.department:
        s.put(r, 0, "单位名称", "label")
        s.span(r, 1, last, doc.unit, "text")
        r += 1
        ex = doc.execution
        if not (doc.framework is Framework.flat and ex.basic is None and ex.project is None):  # a flat form has none
            s.put(r, 0, "基本支出总额", "label")
            s.span(r, 1, 2, ex.basic, "number")
            s.span(r, 3, 4, "项目支出总额", "label")
            s.span(r, 5, last, ex.project, "number")
            r += 1
        return r
    s.put(r, 0, "项目名称", "label")
    s.span(r, 1, last, doc.project_name, "text")
    r += 1
    s.put(r, 0, "主管部门", "label")
    s.span(r, 1, 3, doc.department, "text")
    s.span(r, 4, 5, "项目实施单位", "label")
    s.span(r, 6, last, doc.implementing_unit, "text")
    return r + 1


def _total_row(s: Sheet, r: int, doc: Document, res: Result, total: str | Decimal | None, last: int) -> int:
    """总分 / 评价等级, or the form's own total row: 总分 | 100 | 93 under the 分值 and 得分 columns."""
    own_total = next((label.text for label in doc.labels if label.slot == "total"), None)
    if own_total:
        score_col = _column(s, "score") or last
        weight_col = _column(s, "weight") or score_col - 1
        weight_col = min(weight_col, score_col - 1)
        s.span(r, 0, weight_col - 1, own_total, "label")
        s.span(r, weight_col, score_col - 1, Decimal(100), "number")
        s.span(r, score_col, last, total, "number_bold")
    else:
        grade = 6 if last >= 8 else last - 1  # the grade: two columns at least (优（计算：中）)
        s.put(r, 0, _total_label(doc), "label")
        s.span(r, 1, grade - 3, total, "number_bold")
        s.span(r, grade - 2, grade - 1, "评价等级", "label")
        s.span(r, grade, last, _grade(doc, res, has_scores(res)), "center")
    return r + 1


def _narrative_rows(s: Sheet, r: int, doc: Document, last: int) -> int:
    """偏差大或目标未完成原因分析, 改进措施及结果应用方案, 备注 (the form's own, as typed), 自评结论."""
    narrative = doc.narrative
    rows = [("偏差大或目标未完成原因分析", narrative.deviation),
            ("改进措施及结果应用方案", narrative.improvement),
            ("备注", narrative.remarks)]
    if narrative.summary.strip():
        rows.append(("自评结论", narrative.summary))
    for label, text in rows:
        s.put(r, 0, label, "label")
        s.span(r, 1, last, text, "text")
        r += 1
    return r


# The computed figure beside a printed one it differs from: `99（计算得分：74）`.
# The importer reads the printed figure and leaves the mark (table.parse_number).
COMPUTED_MARK = "（计算得分：{}）"
COMPUTED_RATE_MARK = "（计算：{}）"


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def differs(declared: Decimal, computed_value: Decimal, tolerance: Decimal) -> bool:
    """Whether a printed figure and the computed one differ beyond the tolerance
    and beyond the printed figure's rounding (97.4 for 97.44 does not differ)."""
    if abs(declared - computed_value) <= tolerance:
        return False
    rounded = computed_value.quantize(Decimal(1).scaleb(-_places(declared)))
    return rounded != declared


def printed(declared: Decimal | None, computed_value: Decimal | None, res: Result) -> str | Decimal | None:
    """The figure the form shows: the printed one as typed when there is one (a
    form printed 99 shows 99), the computed one beside it, marked, only where they
    differ (`99（计算得分：74）`); the computed one when nothing was printed."""
    if declared is None:
        return computed(computed_value)
    if computed_value is None or not differs(declared, computed_value, res.settings.tolerance):
        return declared
    return f"{format(declared, 'f')}{COMPUTED_MARK.format(fmt(computed_value))}"


def figure_text(value: str | Decimal | None) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value or ""


def _grade(doc: Document, res: Result, scored: bool) -> str:
    """The grade of the printed total; the computed grade beside it where it differs."""
    if doc.declared_total is None:
        return res.grade  # 未评分 when nothing is scored
    grade = grade_of(doc.declared_total)
    if scored and grade != res.grade and differs(doc.declared_total, res.total, res.settings.tolerance):
        return f"{grade}{COMPUTED_RATE_MARK.format(res.grade)}"
    return grade


def _rate(s: Sheet, r: int, c1: int, c2: int, declared: Decimal | None, rate: Decimal | None,
          res: Result) -> None:
    """执行率 as the form printed it (100%, 87%, 0%), else the computed one with two decimals."""
    if declared is None:
        s.span(r, c1, c2, rate / 100 if rate is not None else None, "percent", percent=True)
    elif rate is None or not differs(declared, rate, res.settings.tolerance):
        s.span(r, c1, c2, declared / 100, "percent", percent=True, places=_places(declared))
    else:
        s.span(r, c1, c2, f"{format(declared, 'f')}%{COMPUTED_RATE_MARK.format(fmt(rate) + '%')}", "center")


def _execution_keys(doc: Document) -> list[str]:
    """The execution block's columns. A column the form leaves empty throughout
    (年初预算数, 分值 on many department forms; 全年预算数 and 全年执行数 on a flat
    form, which gives the rate alone) is not printed, nor 分值 where the form's own
    score heading names the weight (`得分（20分*执行率）`: its weight is read from it)."""
    ex = doc.execution
    keys = ["label", "initial_budget", "budget", "spent", "weight", "rate", "score"]
    if ex.initial_budget is None and all(f.initial_budget is None for f in ex.funds):
        keys.remove("initial_budget")
    own_score = next((label.text for label in doc.labels if label.slot == "execution_score"), "")
    if ex.weight is None or f"{fmt(ex.weight)}分" in own_score:
        keys.remove("weight")  # none, or the form's 得分（20分*执行率） names it (seed 000)
    if doc.framework is Framework.flat and ex.budget is None and ex.spent is None and not ex.funds \
            and ex.additions is None and ex.reductions is None:
        keys.remove("budget")
        keys.remove("spent")
    return keys


def _execution_columns(doc: Document, last: int) -> list[tuple[str, int, int]]:
    """The execution block's columns as (key, first, last column): one column each
    from column 1, the last spanning to the sheet's last column."""
    keys = _execution_keys(doc)
    if last >= 8 and "budget" in keys:  # the official form's nine columns: each figure under its place
        slots = {"label": 1, "initial_budget": 2, "budget": 3, "spent": 4, "weight": 5, "rate": 6, "score": 7}
        lasts = [slots[k] for k in keys[:-1]] + [last]
    else:
        lasts = list(range(1, len(keys))) + [last]
    firsts = [1] + [t + 1 for t in lasts[:-1]]
    return list(zip(keys, firsts, lasts))


def _column(s: Sheet, role: str) -> int | None:
    """The sheet column of an indicator-table column, None when the form has none."""
    return s.roles.index(role) if role in s.roles else None


def _goal_text_columns(last: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """年初设定目标, 全年实际完成情况 and 得分 of a goal's text block: (first, last) column each."""
    score = (8, last) if last >= 8 else (last, last)
    return (1, 3), (4, score[0] - 1), score


def _execution(s: Sheet, r: int, doc: Document, res: Result, last: int) -> int:
    """预算执行情况: the heading row, the 年度资金总额 row with its figures, a row per
    fund (其中：当年财政拨款 …), and 年中追加 / 年中调减 when given. A flat form that
    gives the rate alone: its one row `执行率 | 98% | 执行率权重 | 10 | 执行率得分 | 9.8`."""
    ex, er = doc.execution, res.execution
    dept = doc.kind is Kind.department
    columns = _execution_columns(doc, last)
    words = wording(doc)
    if "budget" not in dict((k, 0) for k, _, _ in columns):
        s.put(r, 0, "执行率", "label")
        _rate(s, r, 1, 2, ex.declared_rate, er.rate, res)
        s.put(r, 3, "执行率权重", "label")
        s.put(r, 4, ex.weight, "number")
        s.put(r, 5, "执行率得分", "label")
        score = printed(ex.declared_score, None if er.score == ex.declared_score else er.score, res)
        s.span(r, 6, last, score, "number")
        return r + 1
    start = r
    s.keep_with_next.add(r)
    for key, c1, c2 in columns:
        s.span(r, c1, c2, "" if key == "label" else words[f"execution_{key}"], "header")
    r += 1
    values: dict[str, str | Decimal | None] = {
        "label": ex.label or ("部门整体支出总额" if dept else "年度资金总额"),
        "initial_budget": ex.initial_budget, "budget": ex.budget, "spent": ex.spent, "weight": ex.weight,
        "score": printed(ex.declared_score, None if er.score == ex.declared_score else er.score, res)}
    for key, c1, c2 in columns:
        if key == "rate":
            _rate(s, r, c1, c2, ex.declared_rate, er.rate, res)
        else:
            s.span(r, c1, c2, values[key], "label" if key == "label" else "number")
    r += 1
    for i, fund in enumerate(ex.funds):
        # the official form: 其中：当年财政拨款 / 上年结转资金 / 其他资金 (the importer drops the 其中：)
        name = f"其中：{fund.name}" if i == 0 and fund.name and not fund.name.startswith("其中") else fund.name
        row = {"label": name, "initial_budget": fund.initial_budget, "budget": fund.budget,
               "spent": fund.spent}
        for key, c1, c2 in columns:
            if key in row:
                s.span(r, c1, c2, row[key], "center" if key == "label" else "number")
        first_blank = next(c1 for key, c1, _ in columns if key not in row)
        s.span(r, first_blank, last, "", "text")
        r += 1
    if ex.additions is not None or ex.reductions is not None:
        texts = ["年中追加", ex.additions, "年中调减", ex.reductions]
        for (key, c1, c2), value in zip(columns, texts):
            s.span(r, c1, c2, value, "label" if isinstance(value, str) else "number")
        s.span(r, columns[len(texts)][1], last, "", "text")
        r += 1
    own = words["execution"]
    label = "预算执行情况\n（万元）" if own == OFFICIAL_LABELS["execution"] else own
    s.put(start, 0, label + "\n" + _points(ex.weight), "section", to=(r - 1, 0))
    return r


def _goal(s: Sheet, r: int, doc: Document, g: int, goal: Goal, res: Result, last: int) -> int:
    gr = res.goals[g]
    words = wording(doc)
    title = _goal_label(goal, g, doc)
    dept = doc.kind is Kind.department
    block_start = r
    # a flat form's one list of indicators has no goal line (nothing to say in it)
    bare = doc.framework is Framework.flat and not (goal.title.strip() or goal.target.strip()
                                                    or goal.weight is not None)
    if goal.levels and dept:
        if not bare:
            s.keep_with_next.add(r)
            s.span(r, 0, last, f"{title}{_points(goal.weight)}：{goal.target}", "goal")
            r += 1
        if goal.actual.strip():
            s.keep_with_next.add(r)
            s.span(r, 0, last, f"全年实际完成情况：{goal.actual}", "goal")
            r += 1
        block_start = r
        label = "年度绩效指标"
    else:
        label = f"{title}\n{_points(goal.weight)}".rstrip()
    if not goal.levels or goal.target.strip() or goal.actual.strip():
        if not (goal.levels and dept):
            (t1, t2), (a1, a2), (c1, c2) = _goal_text_columns(last)
            # a goal with no weight and no score (the central form's 年度总体目标, a narrative
            # goal) has no 得分 column: its 实际完成情况 takes the place
            scored = goal.levels or goal.weight is not None or goal.declared_score is not None
            if not scored:
                a2 = c2
            s.keep_with_next.add(r)
            s.span(r, t1, t2, words["goal_target"], "header")
            s.span(r, a1, a2, words["goal_actual"], "header")
            if scored:
                s.span(r, c1, c2, "得分", "header")
            r += 1
            s.span(r, t1, t2, goal.target, "text")
            s.span(r, a1, a2, goal.actual, "text")
            score = goal.declared_score if goal.declared_score is not None and gr.score == q2(goal.declared_score) \
                else computed(gr.score)  # as typed (17.50) when it is the typed one
            if scored:
                s.span(r, c1, c2, None if goal.levels else score, "number")
            r += 1
    if goal.levels:
        r = _indicator_table(s, r, goal, gr, last, words, numbered=bare)
        if bare:  # the flat form's 序号 column in place of the block label
            return r
    if r == block_start:  # a goal with nothing to show still gets its row
        s.span(r, 1, last, "", "text")
        r += 1
    s.put(block_start, 0, label, "section", to=(r - 1, 0))
    return r


def _indicator_table(s: Sheet, r: int, goal: Goal, gr: GroupResult, last: int, words: dict[str, str], *,
                     numbered: bool = False) -> int:
    """The indicator table of a goal: its heading row (the form's columns, `indicator_columns`),
    then a row per indicator, 一级 and 二级 merged down their rows; a level with nothing
    below it gets one row. The table's last column spans to the sheet's last. `numbered`:
    the first column numbers the rows (序号), as a flat form does, instead of a block label."""
    roles = s.roles
    spans = {role: (c, c if c < len(roles) - 1 else last) for c, role in enumerate(roles) if c}
    one, two = _column(s, "level_one"), _column(s, "level_two")
    s.keep_with_next.add(r)
    heading = r
    if numbered:
        s.put(r, 0, "序号", "header")
    for role, (c1, c2) in spans.items():
        s.span(r, c1, c2, words[role], "header")
    r += 1
    for l1, level in enumerate(goal.levels):
        lr = gr.children[l1]
        level_start = r
        if not level.sublevels:
            _whole_row(s, r, (one or 0) + 1, spans, level.weight, lr.score)
            r += 1
        for l2, sub in enumerate(level.sublevels):
            sr = lr.children[l2]
            sub_start = r
            if not sub.indicators:
                _whole_row(s, r, max(one or 0, two or 0) + 1, spans, sub.weight, sr.score)
                r += 1
            for i, ind in enumerate(sub.indicators):
                ir = sr.children[i]
                values = {"indicator": (ind.name, "text"), "target": (ind.target, "center"),
                          "adjusted": (ind.adjusted_target, "center"), "actual": (ind.actual, "center"),
                          "coefficient": (ind.coefficient, "number"), "weight": (ind.weight, "number"),
                          "score": (score_as_typed(ind.score, ir.score), "number"),
                          "core": ("是" if ind.core else "否", "center"),
                          "reason": (ind.reason, "text"), "improvement": (ind.improvement, "text")}
                for role, (c1, c2) in spans.items():
                    if role in values:
                        value, style = values[role]
                        s.span(r, c1, c2, value, style)
                if numbered:
                    s.put(r, 0, str(i + 1), "center")
                r += 1
            if two is not None:
                s.put(sub_start, two, sub.name + _br_points(sub.weight), "center", to=(r - 1, two))
        if one is not None:
            s.put(level_start, one, level.name + _br_points(level.weight), "center", to=(r - 1, one))
    s.heading_of.update(dict.fromkeys(range(heading + 1, r), heading))
    return r


def _whole_row(s: Sheet, r: int, first: int, spans: dict[str, tuple[int, int]], weight: Decimal | None,
               score: Decimal | None) -> None:
    """The row of a level with nothing below it, from column `first` on.

    A level scored as a whole prints its weight under 分值 and its score under
    得分 (`产出指标（40分） | | | | | 40 | 40`), which the importer reads back as
    that level's weight and declared score; an empty category keeps the row blank.
    """
    for role, (c1, c2) in spans.items():
        if c1 >= first:
            s.span(r, c1, c2, "", "text")
    if weight is not None and "weight" in spans:
        s.span(r, *spans["weight"], weight, "number")
    if (score is not None or weight is not None) and "score" in spans:
        s.span(r, *spans["score"], score, "number")


def computed(value: Decimal | None) -> Decimal | None:
    """A computed figure without the zeros its rounding added (20.00 is 20):
    only figures typed with trailing zeros keep them in an export."""
    if value is None or not value.is_finite():
        return value
    return Decimal(fmt(value))


def wan(value: Decimal) -> Decimal:
    """An amount computed from others (a sum, what is left unspent, a difference), in 万元
    to two places as forms print money (89.974 is 89.97); typed amounts are shown as typed."""
    exponent = value.as_tuple().exponent
    return q2(value) if isinstance(exponent, int) and exponent < -2 else value


def score_as_typed(typed: Decimal | None, score: Decimal | None) -> Decimal | None:
    """The score that counts: as typed (138.40) when it is the typed one,
    else the computed one."""
    if typed is not None and score is not None and typed == score:
        return typed
    return computed(score)


def _br_points(w: Decimal | None) -> str:
    return f"\n（{fmt(w)}分）" if w is not None else ""


def _projects(s: Sheet, r: int, doc: Document, last: int) -> int:
    start = r
    budget = 5 if last >= 8 else last - 2  # name, budget, spent, score
    s.keep_with_next.add(r)
    s.span(r, 1, budget - 1, "项目名称", "header")
    s.put(r, budget, "全年预算数", "header")
    s.put(r, budget + 1, "全年执行数", "header")
    s.span(r, budget + 2, last, "得分", "header")
    r += 1
    for p in doc.projects:
        s.span(r, 1, budget - 1, p.name, "text")
        s.put(r, budget, p.budget, "number")
        s.put(r, budget + 1, p.spent, "number")
        s.span(r, budget + 2, last, p.declared_score, "number")
        r += 1
    s.put(start, 0, "所属项目（万元）", "section", to=(r - 1, 0))
    return r


# -- sizes -----------------------------------------------------------------


def _text_of(cell: SheetCell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return percent_text(v, cell.places) if cell.percent else fmt(v)
    return v


def percent_text(fraction: Decimal, places: int | None) -> str:
    """A rate as printed: with the form's decimals (`100%`), else two (`98.88%`, as 0.00%)."""
    return f"{q2(fraction * 100) if places is None else round(fraction * 100, places):f}%"


# Labels are short terms (年度资金总额, 可持续性影响指标, 执行率（B/A）) that must
# not wrap inside a word; they may wrap before a bracket or after a colon.
_LABEL_STYLES = frozenset({"label", "header", "section", "center"})
_WORD_BREAK = re.compile(r"(?=[（(])|(?<=[）)：:，、])")
MAX_WORD = 20  # widest word kept whole (cells: 10 Chinese characters); longer text wraps anywhere


def words(text: str) -> list[str]:
    """The pieces of a label that wrap as one: its lines, split before a bracket
    and after a closing bracket or colon (`预算执行情况（万元）` → 预算执行情况 / （万元）)."""
    return [w for line in text.split("\n") for w in _WORD_BREAK.split(line) if w]


def word_width(cell: SheetCell, whole_lines: bool = False) -> int:
    """Cells (one a Latin character, two a Chinese one) of the widest word of a
    label that must stay on one line, 0 for running text or a word too long to keep.
    `whole_lines`: a heading of a few characters stays on one line (执行率（B/A）) —
    for a spreadsheet, which cannot be told where to break it (Word can: wrap_words)."""
    if cell.style not in _LABEL_STYLES:
        return 0
    pieces = words(_text_of(cell))
    if whole_lines and cell.style in ("label", "header"):
        pieces = [line for line in _text_of(cell).split("\n") if cells(line) <= MAX_WORD] or pieces
    return max((w for w in map(cells, pieces) if w <= MAX_WORD), default=0)


def wrap_words(cell: SheetCell, width: float) -> str:
    """A label's text with its lines broken between words to fit `width` cells
    (a printer breaks Chinese anywhere: 预算执行情况（万 / 元）); other text as it is."""
    text = _text_of(cell)
    if cell.style not in ("label", "header") or cells(text) <= width:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        current = ""
        for w in _WORD_BREAK.split(line):
            if current and cells(current + w) > width:
                out.append(current)
                current = w
            else:
                current += w
        out.append(current)
    return "\n".join(out)


def _size(s: Sheet) -> None:
    # widths: the longest line of single-column cells, within bounds; never
    # narrower than a label's widest word (年度资金总额 does not wrap as 年度资金总/额)
    need = [0.0] * s.ncols
    floor = [0.0] * s.ncols
    for (r, c), cell in s.cells.items():
        if cell.merge_to and cell.merge_to[1] != c:
            continue
        if r < s.table_start:
            continue
        for line in _text_of(cell).split("\n"):
            need[c] = max(need[c], cells(line) + 2)
        floor[c] = max(floor[c], word_width(cell, whole_lines=True) + 2.5)
    widths = []
    for c in range(s.ncols):
        lo, hi = _COL_BOUNDS.get(s.roles[c] if c < len(s.roles) else "", (10, 20))
        widths.append(float(max(min(max(need[c], lo), hi), floor[c])))
    s.widths = widths
    # heights: lines each cell needs at its (merged) width
    lines_needed: dict[int, float] = {}
    for (r, c), cell in s.cells.items():
        text = _text_of(cell)
        if not text:
            continue
        r2, c2 = cell.merge_to if cell.merge_to else (r, c)
        width = sum(widths[c: c2 + 1])
        if cell.style == "title":
            lines_needed[r] = max(lines_needed.get(r, 0), 1.6 * _lines(text, width / 1.5))
            continue
        total = _lines(text, width)
        rows = r2 - r + 1
        per_row = total / rows
        for rr in range(r, r2 + 1):
            lines_needed[rr] = max(lines_needed.get(rr, 0), per_row)
    for r in range(s.nrows):
        lines = max(1.0, lines_needed.get(r, 1.0))
        s.heights[r] = min(MAX_HEIGHT, max(MIN_HEIGHT, math.ceil(lines) * LINE_HEIGHT + 4))


def _lines(text: str, width: float) -> int:
    usable = max(1.0, width - 1.5)
    total = 0
    for line in text.split("\n"):
        total += max(1, math.ceil(cells(line) * 1.05 / usable))
    return total
