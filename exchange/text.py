"""CSV and Markdown exports.

CSV: one row per indicator, UTF-8 with a byte-order mark and CRLF line ends
so that Excel and WPS open it directly. A cell that would start with `=`,
`+`, `-` or `@` gets a leading `'` so that a spreadsheet does not take it for
a formula (the CSV import removes it again).

Markdown: a readable report of the form with its scores and findings; user
text is escaped so that it shows literally.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from model import Document, Kind
from scoring import Result, score_document
from scoring.findings import CODES
from scoring.rules import fmt

from .grid import CSV_FORMULA_ESCAPE, _FORMULA_START
from .layout import date_text, default_title

__all__ = ["csv_text", "markdown_text", "CSV_COLUMNS"]

CSV_COLUMNS = ("年度目标", "一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分",
               "公式得分", "完成率", "计分方法", "定性档次", "不适用", "偏差原因", "改进措施", "问题")


def _num(value: Decimal | None) -> str:
    return "" if value is None else fmt(value)


def _typed(value: Decimal | None) -> str:
    """A figure of the form as typed: 138.40 stays 138.40."""
    return "" if value is None else format(value, "f")


def _score(typed: Decimal | None, score: Decimal | None) -> str:
    return _typed(typed) if typed is not None and typed == score else _num(score)


def _csv_cell(text: str) -> str:
    if text and text[0] in _FORMULA_START:
        return CSV_FORMULA_ESCAPE + text
    return text


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
        writer.writerow([_csv_cell(str(v)) for v in row])
    return buf.getvalue()


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


def md(text: str) -> str:
    """User text as literal Markdown (inline): specials escaped, line breaks kept."""
    return "<br>".join(_md_line(line) for line in text.replace("\r", "").split("\n"))


def _md_para(text: str) -> str:
    return "  \n".join(_md_line(line) for line in text.replace("\r", "").split("\n"))


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def markdown_text(doc: Document, result: Result | None = None) -> str:
    res = result if result is not None else score_document(doc)
    out: list[str] = []
    title = doc.title.strip() or default_title(doc)
    out.append(f"# {md(title)}")
    out.append("")
    facts = []
    if doc.kind is Kind.project:
        facts += [("项目名称", doc.project_name), ("主管部门", doc.department),
                  ("项目实施单位", doc.implementing_unit)]
    facts += [("单位名称", doc.unit), ("填报日期", date_text(doc.fill_date))]
    for label, value in facts:
        if value:
            out.append(f"- {label}：{md(value)}")
    from .layout import has_scores

    if has_scores(res):
        total_line = f"- **总分：{fmt(res.total)}（{res.grade}）**"
    else:
        total_line = "- **总分：—**（表中没有分值和得分）"
    if res.declared_total is not None:
        total_line += f"；表上所填 {fmt(res.declared_total)}"
    out.append(total_line)
    out.append("")

    ex, er = doc.execution, res.execution
    out.append("## 预算执行情况（万元）")
    out.append("")
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

    for g, goal in enumerate(doc.goals):
        gr = res.goals[g]
        heading = goal.title.strip() or f"年度目标{g + 1}"
        score = ""
        if gr.scored:
            score = f"（{_num(gr.score) or '—'} / {_num(gr.effective_weight) or '—'} 分）"
        out.append(f"## {md(heading)}{score}")
        out.append("")
        if goal.target.strip():
            out.append(f"**年初设定目标：** {_md_para(goal.target)}")
            out.append("")
        if goal.actual.strip():
            out.append(f"**全年实际完成情况：** {_md_para(goal.actual)}")
            out.append("")
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
            out.append(f"## {label}")
            out.append("")
            out.append(_md_para(text.strip()))
            out.append("")

    out.append("## 问题清单")
    out.append("")
    counts = res.counts()
    out.append("共 {} 条：".format(len(res.findings)) + "，".join(f"{s.label} {counts[s]}" for s in counts) + "。")
    out.append("")
    for f in res.findings:
        out.append(f"- **{f.severity.label}** `{f.code}` {md(CODES.get(f.code, (None, ''))[1])}："
                   f"{md(f.path)}：{md(f.message)}")
    out.append("")
    return "\n".join(out)
