"""A drafted 绩效自评报告 (self-evaluation report) as a Word document.

    data = report_bytes(doc, projects=[("科普.toml", project_doc), ...])
    done = write_report(doc, "自评报告.docx", projects, overwrite=False)   # ReportResult

The chapters such reports have — 一、基本情况 二、绩效自评工作开展情况
三、预算执行情况 四、绩效目标完成情况 五、偏差及原因 六、改进措施及结果应用
七、自评结论 — written from the form and its scores (scoring.score_document):
every figure comes from the form or the scoring; a department given with its
project forms also shows the projects and their sum (exchange.rollup). The
form's own texts (targets, actual results, reasons, the 偏差 / 改进 / 结论
narrative) are used where it has them; a highlighted 【待填写：…】 where it has
not. Each unmet target and each finding a reviewer would ask about becomes an
item of chapter 五 asking for its reason. The forms are attached at the end,
in the official layout (exchange.layout, the same table as the .docx export).

The wording lives in exchange/templates/report.toml (exchange.wording), the
layout follows GB/T 9704: A4, 仿宋_GB2312 三号 body on a fixed 28.95 pt line,
小标宋 title, 黑体 level-1 and 楷体 level-2 headings in Word's built-in
heading styles (标题 1 / 标题 2, so the navigation pane lists them), page
numbers `— 1 —` in the footer (odd pages right, even pages left).
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from model import Document, Kind
from model.text import cells
from scoring import Result, score_document
from scoring.rules import grade_of

from .layout import Sheet, date_text, default_title, differs, has_scores, render, wan
from .rollup import Rollup, rollup
from .reportgoals import NAMES_LISTED, GoalChapters, cn_number, pct_text, text_lines
from .running import named_project, plain_name, short, title_lines, unique
from .wording import fill, load_wording, rules_paragraphs

__all__ = ["Block", "Draft", "ReportResult", "draft_report", "report_bytes", "write_report", "PLACEHOLDER",
           "cn_number"]

PLACEHOLDER = "【待填写"
HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass
class Block:
    """One piece of the report: kind is title, h1, h2, p, strong (a bold paragraph),
    item (a numbered paragraph), annex (a continued line of the 附件 list), unit (a
    table's unit), table (rows of text, the first a header), signature, checks (the
    heading of 待核对事项), check (one of them, highlighted), attachment (a form)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    sheet: Sheet | None = None


@dataclass
class Draft:
    blocks: list[Block]
    result: Result
    rollup: Rollup | None
    items: int  # items of chapter 五
    words: dict[str, Any]
    checks: int = 0  # items of 待核对事项

    @property
    def placeholders(self) -> int:
        n = 0
        for b in self.body():
            n += b.text.count(PLACEHOLDER) + sum(c.count(PLACEHOLDER) for row in b.rows for c in row)
        return n

    def body(self) -> list[Block]:
        """The report's own text: the blocks before 待核对事项 and the attached forms."""
        return [b for b in self.blocks if b.kind not in ("checks", "check", "attachment")]

    def text(self) -> str:
        """The report as plain text, one block a line (for tests and previews)."""
        out = []
        for b in self.blocks:
            if b.kind == "table":
                out += ["\t".join(r) for r in b.rows]
            elif b.kind == "attachment":
                out.append(f"[{b.text}]")
            else:
                out.append(b.text)
        return "\n".join(out)


@dataclass(frozen=True)
class ReportResult:
    path: Path
    size: int  # bytes written
    result: Result  # the scores of the form
    rollup: Rollup | None  # the department against its projects, when project forms were given
    placeholders: int  # 【待填写：…】 left for the person
    items: int  # items of 五、偏差及原因
    checks: int = 0  # items of 待核对事项 (what the checks found, to verify and delete)


def _money(v: Decimal | None) -> str:
    return "" if v is None else fill("${v}", v=v)


def _money_or_ask(v: Decimal | None) -> str:
    return "【待填写：金额】" if v is None else fill("${v}", v=v)


class _Writer(GoalChapters):
    def __init__(self, doc: Document, projects: Sequence[tuple[str, Document]], result: Result,
                 words: dict[str, Any]) -> None:
        self.doc, self.projects, self.res, self.w = doc, list(projects), result, words
        self.blocks: list[Block] = []
        self.items = 0
        dept = doc.kind is Kind.department
        self.dept = dept
        self.roll = rollup(doc, self.projects) if (dept and self.projects) else None
        ph = lambda what: f"【待填写：{what}】"  # noqa: E731
        project = short(doc.project_name) or ph("项目名称")
        self.v = {
            "year": str(doc.year) if doc.year else ph("年度"),
            "unit": short(doc.unit) or short(doc.department) or ph("单位名称"),
            "project": project,
            "project_named": named_project(project),
            "department": short(doc.department) or ph("主管部门"),
            "implementing_unit": short(doc.implementing_unit) or ph("项目实施单位"),
        }
        self.suggest: dict[str, list[str]] = {"overshoot": [], "cost_over": [], "unmet": []}
        self.execution_short = False
        self.checks: list[str] = []  # what the checks found, with its place: 待核对事项 at the end
        indicators = [ind for _, ind in doc.iter_indicators()]
        self.has_targets = any(ind.target.strip() for ind in indicators)
        self.has_actuals = any(ind.actual.strip() for ind in indicators)
        self.all_compared = True  # every indicator has a target and an actual to compare
        self.scored = has_scores(result)

    # -- helpers -----------------------------------------------------------

    def f(self, template: str, **values: object) -> str:
        return fill(template, **{**self.v, **values})

    def add(self, kind: str, text: str = "", **kw: Any) -> None:
        self.blocks.append(Block(kind, text, **kw))

    def para(self, text: str) -> None:
        self.add("p", text)

    def paras(self, text: str) -> None:
        for line in text_lines(text):
            self.para(line)

    def kind_key(self, base: str) -> str:
        return f"{base}_{'department' if self.dept else 'project'}"

    def check(self, place: str, message: str) -> None:
        """A finding for 待核对事项 (never the narrative), with its place in the form."""
        text = f"{place}：{message.rstrip('。')}。" if place else f"{message.rstrip('。')}。"
        if text not in self.checks:
            self.checks.append(text)

    def is_goal(self, g: int) -> bool:
        """A goal is a goal; a block that is only the indicator table (no target,
        no actual text: 项目年度绩效指标, 部门整体支出绩效评价指标, 年度绩效指标
        scored as a whole) is not one."""
        goal = self.doc.goals[g]
        if goal.target.strip() or goal.actual.strip():
            return True
        # 年度绩效指标 scored as a whole (no indicators listed) is the table too
        return not goal.levels and not plain_name(goal.title).endswith("指标")

    def total(self) -> tuple[Decimal | None, str]:
        """The total and grade as the form printed them; the computed ones when it printed none."""
        res = self.res
        if self.doc.declared_total is not None:
            return self.doc.declared_total, grade_of(self.doc.declared_total)
        return (res.total, res.grade) if has_scores(res) else (None, "")
    # -- the report --------------------------------------------------------

    def write(self) -> None:
        w = self.w
        kind = "department" if self.dept else "project"
        self.add("title", self.f(w["title"][kind]))
        self.para(self.f(w["opening"][kind]))
        self.basic()
        self.work()
        self.budget()
        self.goals()
        self.deviation()
        self.improvement()
        self.conclusion()
        self.check_list()
        self.attachments()

    def basic(self) -> None:
        w, doc = self.w["basic"], self.doc
        self.add("h1", self.w["chapters"]["basic"])
        self.add("h2", w[self.kind_key("overview")])
        if not self.dept:
            self.para(self.f(w["project_facts"]))
        self.para(w[self.kind_key("overview_placeholder")])
        self.add("h2", w["budget_heading"])
        ex = doc.execution
        if ex.initial_budget is not None and ex.budget is not None:
            text = self.f(w["initial"], initial=ex.initial_budget)
            if ex.additions is not None or ex.reductions is not None:
                text += self.f(w["adjustments"], additions=ex.additions or ZERO, reductions=ex.reductions or ZERO)
            text += "，" + self.f(w["full_budget"], budget=ex.budget)
        elif ex.budget is not None:
            text = self.f(w["full_budget_only"], budget=ex.budget) + w["adjustments_missing"]
        else:
            text = w["budget_missing"]
        if ex.funds:
            items = "、".join(self.f(w["fund_item"], name=plain_name(fr.name), budget=_money_or_ask(
                fr.budget if fr.budget is not None else fr.spent)) for fr in ex.funds)
            text += self.f(w["funds"], funds=items)
        listed = self.project_list()
        if listed:
            text += self.f(w["listed_projects"], count=len(listed), projects="、".join(
                self.f(w["listed_project_item"], name=short(n), budget=b) if b is not None else short(n)
                for n, b, _ in listed))
        self.para(text)
        self.add("h2", w["goals_heading"])
        goals = [(g, goal) for g, goal in enumerate(doc.goals) if self.is_goal(g)]
        if not goals:
            self.para(w["no_goals"])
            return
        self.para(self.f(w["goals_intro"], count=len(goals)))
        for n, (g, goal) in enumerate(goals, start=1):
            title = self.goal_title(g)
            target = " ".join(text_lines(goal.target))
            line = self.f(w["goal_line"], title=title, target=target) if target else \
                self.f(w["goal_line_no_target"], title=title)
            self.para(f"{n}.{line}")

    def project_list(self) -> list[tuple[str, Decimal | None, Decimal | None]]:
        if self.roll is not None:
            return [(p.name, p.budget, p.spent) for p in self.roll.projects]
        return [(p.name, p.budget, p.spent) for p in self.doc.projects]

    def goal_title(self, g: int) -> str:
        goal = self.doc.goals[g]
        title = short(goal.title, 40)
        if title:
            return title
        if self.dept:
            return f"年度目标{g + 1}"
        return "项目年度绩效指标" if goal.levels else "项目绩效总目标"

    def work(self) -> None:
        w, res = self.w["work"], self.res
        self.add("h1", self.w["chapters"]["work"])
        self.add("h2", w["organisation_heading"])
        self.para(self.f(w["organisation"]))
        self.para(w["organisation_placeholder"])
        self.add("h2", w["method_heading"])
        parts: list[tuple[str, Decimal | None]] = []
        if res.execution.present:
            parts.append(("预算执行情况", res.execution.weight))
        for g, gr in enumerate(res.goals):
            if gr.scored:
                parts.append((self.goal_title(g), gr.effective_weight))
        if parts and all(weight is not None for _, weight in parts):
            self.para(self.f(w["weights"], parts="，".join(self.f(w["weights_part"], name=n, weight=wt)
                                                             for n, wt in parts)))
        else:
            self.para(w["weights_missing"])
        count = sum(1 for _ in self.doc.iter_indicators())
        goals = sum(1 for g in range(len(self.doc.goals)) if self.is_goal(g))
        if goals or count:
            key = "scope" if goals and count else ("scope_goals" if goals else "scope_indicators")
            self.para(self.f(w[key], goals=goals, indicators=count))
        self.para(w["rules_intro"])
        for i, text in enumerate(rules_paragraphs(res.settings, self.w), start=1):
            self.para(f"{i}.{text}")

    def budget(self) -> None:
        w, ex, er = self.w["budget"], self.doc.execution, self.res.execution
        self.add("h1", self.w["chapters"]["budget"])
        listed = self.project_list()
        if listed:
            self.add("h2", w["execution_heading"])
        # the rate and the score as the form printed them (87%, 17.4), else the computed ones
        rate = ex.declared_rate if ex.declared_rate is not None else (pct_text(er.rate) if er.rate is not None else None)
        score = ex.declared_score if ex.declared_score is not None else er.score
        if er.budget is not None and er.spent is not None and rate is not None:
            key = "execution" if score is not None else "execution_unscored"
            text = self.f(w[key], budget=er.budget, spent=er.spent, rate=rate, score=score)
        else:
            text = w["execution_missing"]
        if ex.basic is not None or ex.project is not None:
            text += self.f(w["split"], basic=_money(ex.basic) or "—", project=_money(ex.project) or "—")
        if ex.funds:
            text += self.f(w["funds"], funds="、".join(
                self.f(w["fund_item"], name=plain_name(fr.name), budget=_money_or_ask(fr.budget),
                       spent=_money_or_ask(fr.spent))
                for fr in ex.funds))
        if er.budget is not None and er.spent is not None and er.budget > 0:
            if er.spent < er.budget:
                self.execution_short = True
                unspent = wan(er.budget - er.spent)
                text += self.f(w["unspent"], unspent=unspent, share=pct_text(unspent / er.budget * HUNDRED))
            elif er.spent > er.budget:
                text += self.f(w["over"], over=wan(er.spent - er.budget))
        self.para(text)
        if listed:
            self.projects_block()

    def projects_block(self) -> None:
        w = self.w["budget"]
        self.add("h2", w["projects_heading"])
        head = list(w["projects_table_head"])
        rows: list[list[str]] = [head]
        r = self.roll
        tol = self.res.settings.tolerance
        project = self.doc.execution.project
        listed = self.doc.projects
        if r is None and all(p.budget is None and p.spent is None and p.declared_score is None for p in listed):
            # names only: no table of empty columns, no sums of nothing
            self.para(self.f(w["projects_names_only"], count=len(listed),
                             names="、".join(short(p.name) for p in listed)))
            return
        if r is not None:
            for p in r.projects:
                rows.append([short(p.name), _money(p.budget), _money(p.spent), (pct_text(p.rate) + "%") if p.rate is not None
                             else "", _money(p.score) if p.score is not None else w["projects_no_score"],
                             p.grade or "—"])
            budget_sum, spent_sum = r.budget_sum, r.spent_sum
            score, grade = r.weighted_score, r.weighted_grade
        else:
            for p in self.doc.projects:
                rate = p.spent / p.budget * HUNDRED if (p.budget and p.spent is not None) else None
                rows.append([short(p.name), _money(p.budget), _money(p.spent), (pct_text(rate) + "%") if rate is not None else "",
                             _money(p.declared_score) if p.declared_score is not None else w["projects_no_score"],
                             grade_of(p.declared_score) if p.declared_score is not None else "—"])
            budgets = [p.budget for p in self.doc.projects if p.budget is not None]
            spents = [p.spent for p in self.doc.projects if p.spent is not None]
            budget_sum = wan(sum(budgets, ZERO)) if budgets else None
            spent_sum = wan(sum(spents, ZERO)) if spents else None
            score = grade = None
        rate_sum = spent_sum / budget_sum * HUNDRED if (budget_sum and spent_sum is not None) else None
        rows.append([w["projects_total"], _money(budget_sum), _money(spent_sum),
                     (pct_text(rate_sum) + "%") if rate_sum is not None else "",
                     _money(score) if score is not None else "", grade or ""])
        count = len(rows) - 2
        key = "projects_intro" if r is not None else "projects_listed_intro"
        text = self.f(w[key], count=count, budget=_money(budget_sum) or "—", spent=_money(spent_sum) or "—",
                      rate=pct_text(rate_sum) if rate_sum is not None else "—")
        if project is not None and budget_sum is not None:
            said = any(f.code == "PROJECTS_SUM" for f in self.res.findings)  # the check says it already
            if abs(budget_sum - project) > tol:
                if not said:
                    self.check("所属项目", self.f(w["projects_mismatch"], sum=budget_sum, project=project,
                                                  difference=wan(budget_sum - project)))
            else:
                text += self.f(w["projects_match"], project=project)
            if spent_sum is not None and abs(spent_sum - project) > tol and abs(spent_sum - budget_sum) > tol:
                self.check("所属项目", self.f(w["projects_spent_mismatch"], sum=spent_sum, project=project,
                                              difference=wan(spent_sum - project)))
        if r is not None:
            if score is not None:
                text += self.f(w["projects_weighted"], score=score, grade=grade)
            else:
                text += w["projects_unscored"]
        self.para(text)
        self.add("unit", w["projects_table_unit"])
        self.add("table", rows=rows)

    # -- 六、七 ---------------------------------------------------------------

    def improvement(self) -> None:
        w, doc = self.w["improvement"], self.doc
        self.add("h1", self.w["chapters"]["improvement"])
        self.add("h2", w["measures_heading"])
        if doc.narrative.improvement.strip():
            self.paras(doc.narrative.improvement)
        else:
            self.para(w["measures_placeholder"])
        hints = []
        for key in ("unmet", "overshoot", "cost_over"):
            names = list(dict.fromkeys(self.suggest[key]))
            if names:
                listed = "、".join(f"“{n}”" for n in names[:NAMES_LISTED])
                hints.append(self.f(w[key], names=listed))
        if self.execution_short:
            hints.append(w["execution"])
        if hints:
            self.para(w["suggestions_intro"])
            for n, text in enumerate(hints, start=1):
                self.add("item", self.f(w["suggestion"], n=n, text=text))
        self.add("h2", w["application_heading"])
        self.para(w["application"])
        self.para(w["application_placeholder"])

    def conclusion(self) -> None:
        w, res, doc = self.w["conclusion"], self.res, self.doc
        self.add("h1", self.w["chapters"]["conclusion"])
        total, grade = self.total()
        if total is not None:
            text = self.f(w["department" if self.dept else "project"], total=total, grade=grade)
            parts = []
            er = res.execution
            ex_score = self.doc.execution.declared_score if self.doc.execution.declared_score is not None \
                else er.score  # as printed
            if er.present and ex_score is not None:
                parts.append(self.f(w["part"], name="预算执行情况", score=ex_score,
                                    of=self.f(w["of"], weight=er.weight) if er.weight is not None else ""))
            for g, gr in enumerate(res.goals):
                if gr.scored and gr.score is not None:
                    weight = gr.effective_weight
                    parts.append(self.f(w["part"], name=self.goal_title(g), score=gr.score,
                                        of=self.f(w["of"], weight=weight) if weight is not None else ""))
            # the parts add up to the computed total: said only where the form's total is that one
            agrees = res.declared_total is None or not differs(res.declared_total, res.total, res.settings.tolerance)
            if parts and agrees and has_scores(res):
                text += self.f(w["parts"], parts="，".join(parts))
            self.para(text)
        else:
            self.para(w["unscored"])
        if doc.narrative.summary.strip():
            for line in text_lines(doc.narrative.summary):
                self.para(self.f(w["from_form"], text=line))
        names = self.form_names()
        if len(names) == 1:
            self.add("p", f"附件：{names[0]}")
        else:
            self.add("p", f"附件：1.{names[0]}")
            for n, name in enumerate(names[1:], start=2):
                self.add("annex", f"{n}.{name}")
        self.add("signature", self.v["unit"])
        self.add("signature", date_text(doc.fill_date) or w["signature_date_missing"])

    def form_names(self) -> list[str]:
        """The attached forms' names, each once: a name two forms share gets the
        project's name, then a number (two attachments never have the same name)."""
        forms = [self.doc] + [p for _, p in self.projects]
        names = [short(doc.title, 60) or short(default_title(doc), 60) for doc in forms]
        names = [f"{n}（{short(doc.project_name, 20)}）" if names.count(n) > 1 and doc.project_name.strip() else n
                 for n, doc in zip(names, forms)]
        return unique(names)

    def check_list(self) -> None:
        """待核对事项: what the checks found, each with its place in the form, highlighted,
        after the report's own text (to verify, correct in the form, and delete)."""
        if not self.checks:
            return
        w = self.w["checks"]
        self.add("checks", w["heading"])
        self.add("check", w["intro"])
        for n, text in enumerate(self.checks, start=1):
            self.add("check", f"{n}.{text}")

    def attachments(self) -> None:
        w = self.w["attachment"]
        forms = [(self.doc, self.res)] + [(p, score_document(p)) for _, p in self.projects]
        for n, (doc, res) in enumerate(forms, start=1):
            label = w["single"] if len(forms) == 1 else self.f(w["heading"], n=n)
            self.add("attachment", label, sheet=render(doc, res))


def draft_report(doc: Document, projects: Sequence[tuple[str, Document]] = (), *, result: Result | None = None,
                 wording: dict[str, Any] | None = None) -> Draft:
    """The report's content as blocks (what `report_bytes` lays out in Word)."""
    res = result if result is not None else score_document(doc)
    words = wording if wording is not None else load_wording()
    writer = _Writer(doc, projects, res, words)
    writer.write()
    return Draft(writer.blocks, res, writer.roll, writer.items, words, len(writer.checks))


# ---------------------------------------------------------------------------
# Word


BODY_PT = 16.0  # 三号
LINE_PT = 28.95  # 22 lines on the 225 mm type area of GB/T 9704
TITLE_PT = 22.0  # 二号
PAGE_NUMBER_PT = 14.0  # 四号
REPORT_PAGE = (37, 35, 28, 26)  # top, bottom, left, right (mm), GB/T 9704
_TITLE_CELLS = 2 * 19  # a title line: 19 characters of 二号 on the 156 mm type area (a little to spare)


def _report_document(fonts: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """A Word document with the report's styles (GB/T 9704): body, headings, title,
    tables, the attached form and page numbers; the styles by role."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    from .word import FORM_FONT, new_document, paragraph_style, set_style_font

    fallback = dict(fonts.get("fallback", {}))
    body, latin = fonts["body"], fonts.get("latin", "Times New Roman")
    d = new_document(body, BODY_PT, fallback, extra_fonts=(fonts["title"], fonts["heading1"], fonts["heading2"],
                                                           fonts["table"], fonts["page_number"], FORM_FONT))
    styles = d.styles
    normal = styles["Normal"]
    pf = normal.paragraph_format
    pf.first_line_indent = Pt(BODY_PT * 2)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True
    for level, font in ((1, fonts["heading1"]), (2, fonts["heading2"])):
        style = styles[f"Heading {level}"]
        set_style_font(style, font, latin, size=BODY_PT, bold=False)
        style.font.italic = False
        hp = style.paragraph_format
        hp.space_before = hp.space_after = Pt(0)
        hp.first_line_indent = Pt(BODY_PT * 2)
        hp.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hp.line_spacing = Pt(LINE_PT)
        hp.keep_with_next = True
        hp.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = paragraph_style(d, "报告标题", fonts["title"], TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = Pt(LINE_PT)  # one blank line under the title
    table_style = paragraph_style(d, "报告表格", fonts["body"], 10.5)
    table_style.paragraph_format.first_line_indent = Pt(0)
    table_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    table_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell_style = paragraph_style(d, "表格文字", FORM_FONT, 10.5)
    cell_style.paragraph_format.first_line_indent = Pt(0)
    cell_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cell_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    form_title = paragraph_style(d, "表格标题", FORM_FONT, 16, bold=True, base="表格文字")
    number_style = paragraph_style(d, "页码", fonts["page_number"], PAGE_NUMBER_PT)
    number_style.paragraph_format.first_line_indent = Pt(0)
    number_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    return d, {"title": title, "table": table_style, "cell": cell_style, "form_title": form_title,
               "number": number_style}


def _report_page(d: Any, number_style: Any) -> Any:
    """A4 portrait with GB/T 9704 margins, page numbers `— 1 —` right on odd pages and
    left on even ones; the page's Geometry."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from .word import Geometry, add_page_number, set_paragraph_style

    top, bottom, left, right = REPORT_PAGE
    portrait = Geometry(False, top, bottom, left, right, footer=bottom - 7 - 5)
    section = d.sections[0]
    portrait.apply(section)
    d.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        p = footer.paragraphs[0]
        set_paragraph_style(p, number_style)
        p.alignment = align
        if side == "right":
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        add_page_number(p, "— ", " —")
    return portrait


def _layout(draft: Draft) -> bytes:
    from .word import xml_text

    d, st = _report_document(draft.words["fonts"])
    portrait = _report_page(d, st["number"])
    for block in draft.blocks:
        if block.kind == "attachment":
            _attachment(d, block, st)
        else:
            _text_block(d, block, st, draft, portrait.text_width_mm)
    props = d.core_properties
    props.title = xml_text(draft.blocks[0].text)[:255] if draft.blocks else ""
    props.author = "jixiao"
    props.comments = "绩效自评报告（初稿）"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _text_block(d: Any, block: Block, st: dict[str, Any], draft: Draft, width_mm: float) -> None:
    """A block of the report's text (or its table of projects) at the end of `d`, in its style."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from .word import add_text

    styles, kind = d.styles, block.kind
    if kind == "title":
        lines = title_lines(block.text, _TITLE_CELLS, draft.words["title_endings"]["endings"])
        add_text(d.add_paragraph(style=st["title"]), "\n".join(lines))
    elif kind == "checks":  # 待核对事项: a page of its own, all highlighted
        p = d.add_paragraph(style=styles["Heading 1"])
        p.paragraph_format.page_break_before = True
        add_text(p, block.text, highlight=True)
    elif kind == "check":
        add_text(d.add_paragraph(), block.text, highlight=True)
    elif kind in ("h1", "h2"):
        add_text(d.add_paragraph(style=styles["Heading 1" if kind == "h1" else "Heading 2"]), block.text)
    elif kind == "strong":
        p = d.add_paragraph()
        p.paragraph_format.keep_with_next = True
        add_text(p, block.text, bold=True)
    elif kind in ("p", "item"):
        add_text(d.add_paragraph(), block.text)
    elif kind == "annex":
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 5)  # under the text after “附件：”
        add_text(p, block.text)
    elif kind == "signature":
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        p.paragraph_format.first_line_indent = Pt(0)
        add_text(p, block.text)
    elif kind == "unit":  # the unit of a table's figures, above it on the right
        p = d.add_paragraph(style=st["table"])
        p.paragraph_format.keep_with_next = True
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(p, block.text)
    elif kind == "table":
        _table(d, block.rows, width_mm, st["table"])
        d.add_paragraph()  # a blank line after the table


def _attachment(d: Any, block: Block, st: dict[str, Any]) -> None:
    """An attached form: a section of its own (landscape), its 附件 heading, the form laid out in pages."""
    from docx.enum.section import WD_SECTION
    from docx.shared import Pt

    from .word import Geometry, add_sheet_table, add_text, end_after_table, form_geometry

    sheet = block.sheet
    assert sheet is not None
    geometry = form_geometry(sheet)
    new = d.add_section(WD_SECTION.NEW_PAGE)
    Geometry(geometry.landscape, 25, 20, 20, 20, footer=10).apply(new)
    head = d.add_paragraph(style=d.styles["Heading 1"])
    head.paragraph_format.first_line_indent = Pt(0)
    add_text(head, block.text)
    page = Geometry(geometry.landscape, 25, 20, 20, 20)
    # the form's pages: the first under the 附件 heading (its line and spacing, about 16 mm)
    add_sheet_table(d, sheet, page.text_width_mm, cell_style=st["cell"], title_style=st["form_title"],
                    room=(page.text_height_mm - ATTACHMENT_HEADING_MM, page.text_height_mm))
    end_after_table(d)


ATTACHMENT_HEADING_MM = 16.0  # the 附件 heading above an attached form, with its spacing


def _table(d: Any, rows: list[list[str]], width: float, table_style: Any) -> None:
    """A table of the report (the projects): the name column takes what the figures
    leave, each figure column fits its header; rows whole, the header repeated."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from .word import add_text, print_rows, set_paragraph_style

    ncols = max(len(r) for r in rows)
    table = d.add_table(rows=len(rows), cols=ncols)
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    need = [max(cells(row[c]) if c < len(row) else 0 for row in rows) + 2 for c in range(ncols)]
    rest = sum(need[1:])
    figures = min(0.62, rest / (rest + 20))
    widths = [width * (1 - figures)] + [width * figures * need[c] / rest for c in range(1, ncols)]
    for c, col in enumerate(table.columns):
        col.width = Mm(widths[c])
    for r, row in enumerate(rows):
        row_cells = table.rows[r].cells
        for c, text in enumerate(row):
            row_cells[c].width = Mm(widths[c])
            row_cells[c].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = row_cells[c].paragraphs[0]
            set_paragraph_style(p, table_style)
            if c == 0 and 0 < r < len(rows) - 1:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            add_text(p, text, bold=True if r == 0 else None)
    print_rows(table, header=1)


def report_bytes(doc: Document, projects: Sequence[tuple[str, Document]] = (), *, result: Result | None = None,
                 wording: dict[str, Any] | None = None) -> bytes:
    """The drafted report as a .docx file's bytes."""
    return _layout(draft_report(doc, projects, result=result, wording=wording))


def write_report(doc: Document, path: str | os.PathLike[str], projects: Sequence[tuple[str, Document]] = (), *,
                 overwrite: bool = False, result: Result | None = None,
                 wording: dict[str, Any] | None = None,
                 source: str | os.PathLike[str] | None = None) -> ReportResult:
    """Write the drafted report to `path` (.docx) atomically; ExportError (Chinese) when it cannot.

    `projects` are (label, document) pairs of the department's project forms;
    they need a department form (ValueError otherwise, Chinese).
    """
    from .export import ExportError, save_bytes

    out = Path(path)
    if out.suffix.lower() != ".docx":
        raise ExportError(f"{out}：自评报告是 Word 文档，请用 .docx 作扩展名。", "format")
    if projects and doc.kind is not Kind.department:
        raise ValueError("只有部门整体支出绩效自评表可以附带项目表；请把部门表放在第一个。")
    not_projects = [label for label, p in projects if p.kind is not Kind.project]
    if not_projects:
        raise ValueError("以下文件不是项目支出绩效自评表：" + "、".join(not_projects) + "；部门表只能有一张，放在第一个。")
    draft = draft_report(doc, projects, result=result, wording=wording)
    data = _layout(draft)
    save_bytes(out, data, overwrite=overwrite, source=source)  # no more readable than the form
    return ReportResult(out, len(data), draft.result, draft.rollup, draft.placeholders, draft.items, draft.checks)
