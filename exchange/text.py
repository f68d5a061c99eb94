"""CSV and Markdown exports, and reading jixiao's own CSV back.

CSV: one row per indicator, UTF-8 with a byte-order mark and CRLF line ends
so that Excel and WPS open it directly. A cell a spreadsheet could run as a
formula (its first character other than white space is `=`, `+`, `-` or `@`,
or it starts with a tab or carriage return) gets a leading `'`, and so does a
cell that starts with `'` itself; `csv_unescape` removes exactly that quote
again, so every text survives export and import unchanged. `read_csv_form`
reads a CSV with jixiao's header by its columns, cell texts exactly as written.

Markdown: a readable report of the form with its scores and findings; user
text is made inert (control and bidi characters shown as `\\x1b`, `\\u202e`)
and escaped so that it shows literally.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from typing import Any

from model import Document, Goal, Kind
from model.text import inert
from scoring import GroupResult, Result, score_document
from scoring.findings import CODES
from scoring.rules import fmt

from .form import FormReading, build_levels
from .grid import Grid
from .layout import date_text, default_title
from .notes import Note, NoteKind
from .notes import short as _short
from .table import TableRow, method_of, parse_number, tier_of

__all__ = ["csv_text", "markdown_text", "CSV_COLUMNS", "csv_escape", "csv_unescape", "read_csv_form"]

CSV_COLUMNS = ("年度目标", "一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分",
               "公式得分", "完成率", "计分方法", "定性档次", "不适用", "偏差原因", "改进措施", "问题")
# computed by jixiao on export, not fields of the form
CSV_COMPUTED = ("公式得分", "完成率", "问题")
_FORMULA_START = ("=", "+", "-", "@")


def _num(value: Decimal | None) -> str:
    return "" if value is None else fmt(value)


def _guarded(text: str) -> bool:
    return text[:1] in ("'", "\t", "\r") or text.lstrip()[:1] in _FORMULA_START


def csv_escape(text: str) -> str:
    """A CSV cell no spreadsheet runs as a formula: `'` before a text that could be one
    (or that starts with `'`, so that the quote can be told apart on import)."""
    return "'" + text if _guarded(text) else text


def csv_unescape(cell: str) -> str:
    """The exact inverse of `csv_escape`: removes the quote it added, and only that."""
    return cell[1:] if cell[:1] == "'" and _guarded(cell[1:]) else cell


def _typed(value: Decimal | None) -> str:
    """A figure of the form as typed: 138.40 stays 138.40."""
    return "" if value is None else format(value, "f")


def _score(typed: Decimal | None, score: Decimal | None) -> str:
    return _typed(typed) if typed is not None and typed == score else _num(score)


def csv_text(doc: Document, result: Result | None = None) -> str:
    """One row per indicator; the text to write with encoding 'utf-8-sig'."""
    res = result if result is not None else score_document(doc)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for path, ind in doc.iter_indicators():
        g, l1, l2, _ = path
        goal = doc.goals[g]
        level = goal.levels[l1]
        sub = level.sublevels[l2]
        ir = res.node(path)
        problems = "；".join(f"[{f.severity.label}] {f.message}" for f in ir.findings)
        row = [
            goal.title or f"年度目标{g + 1}", level.name, sub.name, ind.name, ind.target, ind.actual,
            _typed(ind.weight), _score(ind.score, ir.score), _num(ir.formula),
            (fmt(_round(ir.completion)) + "%") if ir.completion is not None else "",
            ir.method.label if ir.method is not None else "", ind.tier.label if ind.tier else "",
            "是" if ind.not_applicable else "", ind.reason, ind.improvement, problems,
        ]
        writer.writerow([csv_escape(str(v)) for v in row])
    return buf.getvalue()


def read_csv_form(grid: Grid, kind: Kind | None = None) -> FormReading | None:
    """The form of a CSV that jixiao wrote (its header row: CSV_COLUMNS, in any order, some
    left out), read by its columns; None for any other CSV.

    Cell texts are taken exactly as written (`csv_unescape` only), never as
    labels or headers: an indicator named 单位名称 or ` =1+1` is that
    indicator. Consecutive rows with the same 年度目标, 一级指标 and
    二级指标 make one goal, level and sublevel, as the export wrote them.
    """
    col = _csv_columns(grid)
    if col is None:
        return None
    notes: list[Note] = []
    computed = [c for c in CSV_COMPUTED if c in col]
    notes.append(Note(NoteKind.info, "jixiao 导出的 CSV：按列名读入，单元格内容原样读入"
                      + (f"；{'、'.join(computed)}由 jixiao 计算，未读入" if computed else "")))
    goals: list[dict[str, Any]] = []
    rows: list[list[TableRow]] = []
    last_goal: str | None = None
    for r in range(1, grid.height):
        cells = [csv_unescape(c.value) if isinstance(c.value, str) else "" for c in grid.rows[r]]
        if not any(cells):
            continue
        for c in range(len(col), len(cells)):
            if cells[c]:
                notes.append(Note(NoteKind.skipped_cell, f"此单元格不在任何一栏下，内容“{_short(cells[c])}”未导入",
                                  r + 1, c + 1, grid.ref(r, c), cells[c]))
        row = _CsvRow(grid, r, cells, col, notes)
        goal = row.at("年度目标")
        if goal != last_goal or not goals:
            goals.append({"title": goal})
            rows.append([])
            last_goal = goal
        rows[-1].append(TableRow(row=r, goal=goal, level_one=row.at("一级指标"), level_two=row.at("二级指标"),
                                 indicator=row.indicator(), level_one_given=True, level_two_given=True))
    raw: dict[str, Any] = {"kind": (kind or Kind.department).value}
    for data, table in zip(goals, rows):
        levels = build_levels(table)
        if levels:
            data["levels"] = levels
    if goals:
        raw["goals"] = goals
    return FormReading(raw, notes, kind_found=kind is not None)


def _csv_columns(grid: Grid) -> dict[str, int] | None:
    """Column name -> index of a CSV jixiao wrote (its header row: CSV_COLUMNS, in
    any order, some left out, none twice, the indicator's own three there); None otherwise."""
    if grid.source != "csv" or not grid.rows:
        return None
    head = [c.value if isinstance(c.value, str) else "" for c in grid.rows[0]]
    while head and head[-1] == "":
        head.pop()
    if (not head or len(set(head)) != len(head) or not set(head) <= set(CSV_COLUMNS)
            or not {"三级指标", "年初目标值", "实际完成值"} <= set(head)):
        return None
    return {name: i for i, name in enumerate(head)}


@dataclass
class _CsvRow:
    """One row of jixiao's CSV: its cells by column name, and its indicator."""

    grid: Grid
    r: int
    cells: list[str]
    col: dict[str, int]
    notes: list[Note]

    def at(self, name: str) -> str:
        i = self.col.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def _skipped(self, name: str, message: str, text: str) -> None:
        c = self.col[name]
        self.notes.append(Note(NoteKind.skipped_cell, message, self.r + 1, c + 1, self.grid.ref(self.r, c), text))

    def indicator(self) -> dict[str, Any]:
        """The indicator's fields: texts as written, numbers, the method and tier by their names."""
        ind: dict[str, Any] = {"name": self.at("三级指标"), "target": self.at("年初目标值"),
                               "actual": self.at("实际完成值"), "reason": self.at("偏差原因"),
                               "improvement": self.at("改进措施")}
        for name, key in (("分值", "weight"), ("得分", "score")):
            text = self.at(name)
            if text:
                number = parse_number(text)
                if number is None:
                    self._skipped(name, f"{name}应为数字，内容“{_short(text)}”未导入", text)
                else:
                    ind[key] = number
        for name, key, read in (("计分方法", "method", method_of), ("定性档次", "tier", tier_of)):
            text = self.at(name)
            if text:
                value = read(text)
                if value is None:
                    self._skipped(name, f"无法识别的{name}“{_short(text)}”，未导入", text)
                else:
                    ind[key] = value
        if self.at("不适用") == "是":
            ind["not_applicable"] = True
        return ind


def _round(value: Decimal) -> Decimal:
    from scoring.rules import q2

    return q2(value)


# ---------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|~"})
_LINE_START = ("#", "+", "-", "=", ">")


def _md_line(line: str) -> str:
    line = line.translate(_MD_SPECIAL)
    if line.lstrip().startswith(_LINE_START):
        i = len(line) - len(line.lstrip())
        line = line[:i] + "\\" + line[i:]
    return line


def _md_lines(text: str) -> list[str]:
    """The lines of user text, inert (`\\x1b`, `\\u202e` shown, as everywhere jixiao
    shows user text: a report is often read with `cat`), each escaped for Markdown."""
    return [_md_line(line) for line in inert(text.replace("\r", ""), newlines=True).split("\n")]


def md(text: str) -> str:
    """User text as literal Markdown (inline): specials escaped, line breaks kept."""
    return "<br>".join(_md_lines(text))


def _md_para(text: str) -> str:
    return "  \n".join(_md_lines(text))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def markdown_text(doc: Document, result: Result | None = None) -> str:
    res = result if result is not None else score_document(doc)
    out = _md_head(doc, res) + _md_execution(doc, res)
    for g, goal in enumerate(doc.goals):
        out += _md_goal(g, goal, res.goals[g])
    if doc.projects:
        out.append("## 所属项目（万元）")
        out.append("")
        out += _table(["项目名称", "全年预算数", "全年执行数", "得分"],
                      [[md(p.name), _typed(p.budget), _typed(p.spent), _typed(p.declared_score)]
                       for p in doc.projects])
        out.append("")
    n = doc.narrative
    for label, text in (("偏差大或目标未完成原因分析", n.deviation), ("改进措施及结果应用方案", n.improvement),
                        ("备注", n.remarks), ("自评结论", n.summary)):
        if text.strip():
            out += [f"## {label}", "", _md_para(text.strip()), ""]
    out += _md_findings(res)
    return "\n".join(out)


def _md_head(doc: Document, res: Result) -> list[str]:
    """The title, the form's facts and the total."""
    from .layout import has_scores

    title = doc.title.strip() or default_title(doc)
    out = [f"# {md(title)}", ""]
    facts = []
    if doc.kind is Kind.project:
        facts += [("项目名称", doc.project_name), ("主管部门", doc.department),
                  ("项目实施单位", doc.implementing_unit)]
    facts += [("单位名称", doc.unit), ("填报日期", date_text(doc.fill_date))]
    for label, value in facts:
        if value:
            out.append(f"- {label}：{md(value)}")
    if has_scores(res):
        total_line = f"- **总分：{fmt(res.total)}（{res.grade}）**"
    else:
        total_line = "- **总分：未评分**（表中没有得分）"
    if res.declared_total is not None:
        total_line += f"；表上所填 {fmt(res.declared_total)}"
    return out + [total_line, ""]


def _md_execution(doc: Document, res: Result) -> list[str]:
    """The budget execution table, its funds, and the spending's parts."""
    ex, er = doc.execution, res.execution
    out = ["## 预算执行情况（万元）", ""]
    rows = [[md(ex.label or "合计"), _typed(ex.initial_budget), _typed(ex.budget), _typed(ex.spent),
             (fmt(er.rate) + "%") if er.rate is not None else "", _typed(ex.weight), _num(er.score)]]
    for fund in ex.funds:
        rows.append([md(fund.name), _typed(fund.initial_budget), _typed(fund.budget), _typed(fund.spent),
                     "", "", ""])
    out += _table(["项目", "年初预算数", "全年预算数（A）", "全年执行数（B）", "执行率", "分值", "得分"], rows)
    extra = []
    if ex.basic is not None or ex.project is not None:
        extra.append(f"基本支出 {_num(ex.basic) or '—'} 万元，项目支出 {_num(ex.project) or '—'} 万元。")
    if ex.additions is not None or ex.reductions is not None:
        extra.append(f"年中追加 {_num(ex.additions) or '0'} 万元，调减 {_num(ex.reductions) or '0'} 万元。")
    if extra:
        out += ["", " ".join(extra)]
    out.append("")
    return out


def _md_goal(g: int, goal: Goal, gr: GroupResult) -> list[str]:
    """A goal's heading and score, its target and actual texts, its indicator table."""
    heading = goal.title.strip() or f"年度目标{g + 1}"
    score = ""
    if gr.scored:
        score = f"（{_num(gr.score) or '—'} / {_num(gr.effective_weight) or '—'} 分）"
    out = [f"## {md(heading)}{score}", ""]
    if goal.target.strip():
        out += [f"**年初设定目标：** {_md_para(goal.target)}", ""]
    if goal.actual.strip():
        out += [f"**全年实际完成情况：** {_md_para(goal.actual)}", ""]
    rows = []
    for l1, level in enumerate(goal.levels):
        for l2, sub in enumerate(level.sublevels):
            if not sub.indicators:
                rows.append([md(level.name), md(sub.name), "", "", "", "", "", ""])
            for i, ind in enumerate(sub.indicators):
                ir = gr.children[l1].children[l2].children[i]
                formula = ""
                if ir.formula is not None and ir.typed is not None and ir.formula != ir.typed:
                    formula = f"（公式 {fmt(ir.formula)}）"
                rows.append([md(level.name), md(sub.name), md(ind.name), md(ind.target), md(ind.actual),
                             _typed(ind.weight), (_score(ind.score, ir.score) or "—") + formula,
                             md(ind.reason)])
        if not level.sublevels:
            rows.append([md(level.name), "", "", "", "", "", "", ""])
    if rows:
        out += _table(["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分", "偏差原因"],
                      rows)
        out.append("")
    return out


def _md_findings(res: Result) -> list[str]:
    """The list of problems found, counted by severity."""
    counts = res.counts()
    out = ["## 问题清单", "",
           "共 {} 条：".format(len(res.findings)) + "，".join(f"{s.label} {counts[s]}" for s in counts) + "。", ""]
    for f in res.findings:
        out.append(f"- **{f.severity.label}** `{f.code}` {md(CODES.get(f.code, (None, ''))[1])}："
                   f"{md(f.path)}：{md(f.message)}")
    out.append("")
    return out
