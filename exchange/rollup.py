"""A department rolled up from its projects (部门汇总, RULES.md section 5).

    report = rollup(department, [project1, project2, ...])
    print(format_rollup(report))

- The department's 项目支出 against the sum of its projects' budgets (全年预算数)
  and spending (执行数); a difference beyond the tolerance is a mismatch.
- Each project's score (score_document) and grade, and the fund-weighted
  average score: Σ(score × funds) / Σ funds, funds = the project's 全年预算数
  (its 执行数 when no budget is given), rounded to 2 decimals half up.
- Indicators with the same name in two or more projects, aggregated: absolute
  completion values (counts, money, time) add; relative values (percentages)
  average weighted by funds; the aggregated target and actual are then scored
  with the department's rules; qualitative scores average weighted by funds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from model import Document, Indicator, Kind
from model.text import inert
from model.values import Value, format_number, parse_value
from scoring import score_document
from scoring.engine import is_cost_context, resolve_method, score_indicator
from scoring.findings import Severity
from scoring.rules import fmt, grade_of, q2, resolve

from .layout import has_scores, wan

__all__ = ["ProjectLine", "AggregatedIndicator", "Rollup", "rollup", "format_rollup", "pick_department"]

ZERO = Decimal(0)
_OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


@dataclass
class ProjectLine:
    source: str  # file name or label
    name: str
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None  # execution rate in percent
    score: Decimal | None  # None: the form carries no scores at all
    grade: str | None
    declared_total: Decimal | None
    funds: Decimal | None  # the weight in the average: budget, else spent
    errors: int = 0
    warnings: int = 0


@dataclass
class AggregatedIndicator:
    name: str
    projects: list[str]
    rule: str  # "absolute", "relative", "qualitative" or "none"
    target: str = ""  # aggregated target text, e.g. "≥3次"
    actual: str = ""  # aggregated actual text
    weight: Decimal | None = None
    score: Decimal | None = None
    completion: Decimal | None = None  # percent
    explanation: str = ""  # how it was aggregated, in Chinese
    members: list[tuple[str, str, str, Decimal | None]] = field(default_factory=list)  # (project, target, actual, score)


@dataclass
class Rollup:
    department: str
    department_source: str
    project_spending: Decimal | None  # the department's 项目支出
    budget_sum: Decimal | None
    spent_sum: Decimal | None
    projects: list[ProjectLine]
    weighted_score: Decimal | None
    weighted_grade: str | None
    indicators: list[AggregatedIndicator]
    mismatches: list[str]  # Chinese; non-empty means the figures do not add up
    notes: list[str]  # Chinese; what was left out and why

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def as_dict(self) -> dict[str, object]:
        def d(v: Decimal | None) -> float | None:
            return None if v is None else float(v)

        return {
            "department": self.department,
            "project_spending": d(self.project_spending),
            "budget_sum": d(self.budget_sum),
            "spent_sum": d(self.spent_sum),
            "weighted_score": d(self.weighted_score),
            "weighted_grade": self.weighted_grade,
            "mismatches": list(self.mismatches),
            "notes": list(self.notes),
            "projects": [{"source": p.source, "name": p.name, "budget": d(p.budget), "spent": d(p.spent),
                          "rate": d(p.rate), "score": d(p.score), "grade": p.grade,
                          "declared_total": d(p.declared_total), "funds": d(p.funds)} for p in self.projects],
            "indicators": [{"name": a.name, "projects": a.projects, "rule": a.rule, "target": a.target,
                            "actual": a.actual, "weight": d(a.weight), "score": d(a.score),
                            "completion": d(a.completion), "explanation": a.explanation}
                           for a in self.indicators],
        }


def pick_department(docs: Sequence[tuple[str, Document]]) -> tuple[tuple[str, Document], list[tuple[str, Document]]]:
    """Split files into the department form and its projects, by kind.

    Raises ValueError (Chinese message) unless exactly one is a department form.
    """
    depts = [(s, d) for s, d in docs if d.kind is Kind.department]
    projects = [(s, d) for s, d in docs if d.kind is Kind.project]
    if not depts:
        raise ValueError("没有部门整体支出绩效自评表（kind = \"department\"）；请把部门表和项目表一起给出。")
    if len(depts) > 1:
        raise ValueError("有多张部门整体支出绩效自评表：" + "、".join(s for s, _ in depts) + "；一次只能汇总一个部门。")
    return depts[0], projects


def _key(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())


def rollup(department: Document, projects: Sequence[tuple[str, Document]], *,
           department_source: str = "") -> Rollup:
    """Roll a department up from its project forms (source label, document)."""
    settings = resolve(department.rules)
    tol = settings.tolerance
    lines = [_project_line(source, doc) for source, doc in projects]
    notes: list[str] = []
    mismatches: list[str] = []
    # the department's project spending against the projects
    target = department.execution.project
    budget_sum, spent_sum = _project_sums(lines, target, tol, mismatches, notes)
    if target is None:
        notes.append("部门表未填项目支出（execution.project），无法核对项目合计")
    _check_refs(department, lines, tol, mismatches, notes)
    weighted = _weighted_score(lines, notes)
    indicators = _aggregate(projects, lines, settings, notes)
    return Rollup(
        department=department.display_name, department_source=department_source, project_spending=target,
        budget_sum=budget_sum, spent_sum=spent_sum, projects=lines, weighted_score=weighted,
        weighted_grade=grade_of(weighted) if weighted is not None else None, indicators=indicators,
        mismatches=mismatches, notes=notes,
    )


def _project_line(source: str, doc: Document) -> ProjectLine:
    """A project form's line of the roll-up: its figures, score and findings."""
    res = score_document(doc)
    ex = doc.execution
    scored = has_scores(res)
    counts = res.counts()
    return ProjectLine(
        source=source, name=doc.display_name, budget=ex.budget, spent=ex.spent, rate=res.execution.rate,
        score=res.total if scored else None, grade=res.grade if scored else None,
        declared_total=doc.declared_total, funds=ex.budget if ex.budget is not None else ex.spent,
        errors=counts[Severity.error], warnings=counts[Severity.warning],
    )


def _project_sums(lines: list[ProjectLine], target: Decimal | None, tol: Decimal, mismatches: list[str],
                  notes: list[str]) -> tuple[Decimal | None, Decimal | None]:
    """The projects' budgets and spending added up (None when none is filled),
    each against the department's project spending `target`."""
    budgets = [p.budget for p in lines]
    spents = [p.spent for p in lines]
    budget_sum = sum((b for b in budgets if b is not None), ZERO) if any(b is not None for b in budgets) else None
    spent_sum = sum((s for s in spents if s is not None), ZERO) if any(s is not None for s in spents) else None
    for label, values, total in (("全年预算数", budgets, budget_sum), ("执行数", spents, spent_sum)):
        missing = [p.name for p, v in zip(lines, values) if v is None]
        if missing:
            notes.append(f"项目{label}未填：{'、'.join(missing)}；合计只含已填的项目")
        if target is None or total is None:
            continue
        if abs(total - target) > tol:
            parts = " + ".join(fmt(v) for v in values if v is not None)
            mismatches.append(f"所属项目{label}合计 {parts} = {fmt(wan(total))} 万元，与部门项目支出 {fmt(target)} 万元不符"
                              f"（相差 {fmt(wan(total - target))}）")
    return budget_sum, spent_sum


def _weighted_score(lines: list[ProjectLine], notes: list[str]) -> Decimal | None:
    """The projects' scores averaged by their funds; a note for each project left out."""
    usable = [p for p in lines if p.score is not None and p.funds is not None and p.funds > 0]
    for p in lines:
        if p.score is None:
            notes.append(f"项目「{p.name}」表中没有分值和得分，不参加加权平均")
        elif p.funds is None or p.funds <= 0:
            notes.append(f"项目「{p.name}」没有预算数或执行数，无法作为权重，不参加加权平均")
    if not usable:
        return None
    total_funds = sum((p.funds for p in usable), ZERO)  # type: ignore[misc]
    return q2(sum((p.score * p.funds for p in usable), ZERO) / total_funds)  # type: ignore[operator]


def _check_refs(department: Document, lines: list[ProjectLine], tol: Decimal, mismatches: list[str],
                notes: list[str]) -> None:
    """The projects the department's report lists, against the project files."""
    by_name = {_key(p.name): p for p in lines}
    for ref in department.projects:
        line = by_name.get(_key(ref.name))
        if line is None:
            notes.append(f"部门表列出的项目「{ref.name}」没有对应的项目表")
            continue
        for label, a, b in (("全年预算数", ref.budget, line.budget), ("执行数", ref.spent, line.spent)):
            if a is not None and b is not None and abs(a - b) > tol:
                mismatches.append(f"项目「{ref.name}」{label}：部门表写 {fmt(a)} 万元，项目表为 {fmt(b)} 万元")
    listed = {_key(r.name) for r in department.projects}
    if department.projects:
        for line in lines:
            if _key(line.name) not in listed:
                notes.append(f"项目表「{line.name}」不在部门表所列项目中")


# ---------------------------------------------------------------------------
# Indicators with the same name


def _aggregate(projects: Sequence[tuple[str, Document]], lines: list[ProjectLine], settings,
               notes: list[str]) -> list[AggregatedIndicator]:
    groups: dict[str, list[tuple[int, Indicator, bool, Decimal | None]]] = {}
    order: list[str] = []
    for p, (_, doc) in enumerate(projects):
        res = score_document(doc)
        for path, ind in doc.iter_indicators():
            if not ind.name.strip():
                continue
            goal = doc.goals[path[0]]
            level = goal.levels[path[1]]
            sub = level.sublevels[path[2]]
            cost = is_cost_context(level.name, sub.name)
            key = _key(ind.name)
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((p, ind, cost, res.node(path).score))
    out = []
    for key in order:
        members = groups[key]
        if len({p for p, *_ in members}) < 2:
            continue
        out.append(_aggregate_one(members, lines, settings))
    return out


def _agg_text(op: str | None, number: Decimal, unit: str) -> str:
    return f"{_OP_TEXT.get(op or '', '')}{format_number(q2(number))}{unit}"


def _aggregate_one(members, lines: list[ProjectLine], settings) -> AggregatedIndicator:
    name = members[0][1].name
    agg = AggregatedIndicator(name=name, projects=[lines[p].name for p, *_ in members], rule="none")
    agg.members = [(lines[p].name, ind.target, ind.actual, score) for p, ind, _, score in members]
    funds = [lines[p].funds for p, *_ in members]
    weights = [ind.weight for _, ind, _, _ in members]
    targets = [parse_value(ind.target) for _, ind, _, _ in members]
    actuals = [parse_value(ind.actual) for _, ind, _, _ in members]
    have_funds = all(f is not None and f > 0 for f in funds)
    total_funds = sum((f for f in funds if f is not None), ZERO)

    def weighted(values: list[Decimal]) -> Decimal:
        return sum((v * f for v, f in zip(values, funds)), ZERO) / total_funds  # type: ignore[operator]

    if all(w is not None for w in weights):
        agg.weight = q2(weighted(weights)) if have_funds else None  # type: ignore[arg-type]
    methods = {resolve_method(ind.method, t, c, ind.name) for (_, ind, c, _), t in zip(members, targets)}
    if any(m is not None and m.value == "qualitative" for m in methods):
        agg.explanation = _qualitative(agg, methods, [s for *_, s in members], have_funds, weighted)
        return agg
    agg.explanation = _not_summable(actuals, have_funds)
    if not agg.explanation:
        _quantities(agg, targets, actuals, weighted, all(c for _, _, c, _ in members), settings)
    return agg


def _qualitative(agg: AggregatedIndicator, methods: set, scores: list[Decimal | None], have_funds: bool,
                 weighted: Callable[[list[Decimal]], Decimal]) -> str:
    """A qualitative indicator: its score weighted by the projects' funds; the explanation."""
    if methods != {next(iter(methods))}:
        return "各项目的计分方法不同（有定性也有定量），无法汇总"
    if not have_funds:
        return "有项目没有预算数，无法按资金加权"
    agg.rule = "qualitative"
    if any(s is None for s in scores):
        return "定性指标：有项目未打分，无法加权平均"
    agg.score = q2(weighted(scores))  # type: ignore[arg-type]
    return "定性指标：得分按资金额度加权平均"


def _not_summable(actuals: list[Value], have_funds: bool) -> str:
    """Why the projects' actual values cannot be added up or averaged ("" when they can)."""
    if not all(a.kind == "number" for a in actuals):
        return "有项目的实际完成值不是数值（或未填），无法汇总"
    kinds = {a.unit_kind for a in actuals}
    if len(kinds) != 1:
        return "各项目实际完成值的单位类别不同，无法汇总"
    kind = kinds.pop()
    if kind in ("count", "other", "") and len({a.unit.split("/")[0] for a in actuals}) != 1:
        return "各项目实际完成值的计量单位不同（" + "、".join(sorted({a.unit or '无单位' for a in actuals})) + "），无法相加"
    if kind == "percent" and not have_funds:
        return "相对值需按资金加权，但有项目没有预算数"
    return ""


def _quantities(agg: AggregatedIndicator, targets: list[Value], actuals: list[Value],
                weighted: Callable[[list[Decimal]], Decimal], cost: bool, settings) -> None:
    """Numbers in one unit: added up (absolute) or averaged by funds (a
    percent), target and actual alike, then scored as one indicator."""
    kind = actuals[0].unit_kind
    relative = kind == "percent"

    def combine(values: list[Value]) -> Decimal:
        nums = [v.base_number if v.unit_kind in ("money", "time") else v.number for v in values]
        return weighted(nums) if relative else sum(nums, ZERO)  # type: ignore[arg-type,misc]

    unit = _base_unit(actuals[0])
    agg.rule = "relative" if relative else "absolute"
    agg.actual = _agg_text(None, combine(actuals), unit)
    agg.explanation = ("相对值：按资金额度加权平均" if relative else "绝对值：直接相加") + "，再按汇总后的目标和实际计分"
    ops = {t.op for t in targets}
    if all(t.kind == "number" for t in targets) and len(ops) == 1 and {t.unit_kind for t in targets} == {kind}:
        agg.target = _agg_text(ops.pop(), combine(targets), unit)
    elif any(t.kind != "empty" for t in targets):
        agg.explanation += "；各项目目标值写法不一致，未汇总目标"
        return
    else:
        agg.explanation += "；各项目均未填目标值，无法计分"
        return
    result = score_indicator(Indicator(name=agg.name, target=agg.target, actual=agg.actual, weight=agg.weight),
                             agg.name, (), cost, settings)
    agg.score = result.formula
    agg.completion = q2(result.completion) if result.completion is not None else None
    if agg.weight is None:
        agg.explanation += "；有项目未填分值，只给出完成率"


def _base_unit(v: Value) -> str:
    if v.unit_kind == "money":
        return "万元"
    if v.unit_kind == "time":
        return "天"
    return v.unit


# ---------------------------------------------------------------------------


def _m(v: Decimal | None, suffix: str = "") -> str:
    return "—" if v is None else fmt(v) + suffix


def _sum(v: Decimal | None) -> str:
    """A sum of amounts, to two places where the parts had more (89.974 is 89.97)."""
    return _m(None if v is None else wan(v))


def format_rollup(r: Rollup) -> str:
    """The roll-up as a readable Chinese report, each line inert (`model.text.inert`):
    names from the files cannot act on the terminal or break a line."""
    out = [f"部门汇总：{r.department}" + (f"（{r.department_source}）" if r.department_source else ""), ""]
    out.append("项目支出核对（万元）：")
    out.append(f"  部门项目支出        {_m(r.project_spending)}")
    out.append(f"  各项目全年预算数合计 {_sum(r.budget_sum)}")
    out.append(f"  各项目执行数合计     {_sum(r.spent_sum)}")
    if r.mismatches:
        for m in r.mismatches:
            out.append(f"  ✗ {m}")
    else:
        out.append("  ✓ 项目合计与部门项目支出一致")
    out.append("")
    out.append("各项目：")
    for p in r.projects:
        score = f"{fmt(p.score)} 分（{p.grade}）" if p.score is not None else "无法计分（表中没有分值和得分）"
        declared = f"，表上所填 {fmt(p.declared_total)}" if p.declared_total is not None else ""
        out.append(f"  · {p.name}（{p.source}）：预算 {_m(p.budget)}，执行 {_m(p.spent)}，"
                   f"执行率 {_m(p.rate, '%')}；{score}{declared}"
                   + (f"；错误 {p.errors} 条" if p.errors else ""))
    out.append("")
    if r.weighted_score is not None:
        out.append(f"按资金加权平均得分：{fmt(r.weighted_score)} 分（{r.weighted_grade}）")
    else:
        out.append("按资金加权平均得分：无法计算（没有既有得分又有资金额度的项目）")
    out.append("")
    if r.indicators:
        out.append("同名指标汇总：")
        for a in r.indicators:
            head = f"  · {a.name}（{'、'.join(a.projects)}）"
            figures = []
            if a.target:
                figures.append(f"目标 {a.target}")
            if a.actual:
                figures.append(f"实际 {a.actual}")
            if a.completion is not None:
                figures.append(f"完成 {fmt(a.completion)}%")
            if a.score is not None:
                figures.append(f"得分 {fmt(a.score)}" + (f" / {fmt(a.weight)}" if a.weight is not None else ""))
            out.append(head + "：" + ("，".join(figures) + "；" if figures else "") + a.explanation)
    else:
        out.append("同名指标汇总：各项目没有同名指标")
    if r.notes:
        out.append("")
        out.append("说明：")
        for n in r.notes:
            out.append(f"  - {n}")
    return "\n".join(inert(line) for line in out) + "\n"
