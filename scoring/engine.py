"""Scores, totals, grades and checks of one document (RULES.md 5 and 6).

`score_document(doc)` is a pure function of the document. Pass a `ScoreCache`
to make rescoring after an edit cheap: documents are immutable and share
unchanged nodes, so a node that is the same object in the same place reuses
the result computed for it last time, and only the edited path is computed
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model import Document, Goal, Indicator, LevelOne, LevelTwo, Method, Tier
from model.values import Value, parse_value

from .findings import Finding, Severity, make
from .rules import Settings, fmt, grade_of, q2, resolve

__all__ = [
    "IndicatorResult",
    "GroupResult",
    "ExecutionResult",
    "Result",
    "ScoreCache",
    "score_document",
    "resolve_method",
    "is_cost_context",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    target: Value
    actual: Value
    method: Method | None  # resolved (never auto); None when it cannot be told
    weight: Decimal | None
    typed: Decimal | None  # the score typed on the form
    formula: Decimal | None  # the score the rules give
    score: Decimal | None  # what counts: typed if given, else the formula
    completion: Decimal | None  # completion in percent (B/A, or A/B for reverse)
    explanation: str  # e.g. "≥ 90 %，正向指标"
    findings: tuple[Finding, ...]
    worst: Severity | None
    not_applicable: bool = False

    @property
    def children(self) -> tuple[()]:
        return ()

    @property
    def all_findings(self) -> tuple[Finding, ...]:
        return self.findings


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A goal, level one or level two: its score, weight and children."""

    name: str
    weight: Decimal | None  # as given on the form
    effective_weight: Decimal | None  # given, or the sum of the children's
    score: Decimal | None
    declared: Decimal | None
    children: tuple  # GroupResult or IndicatorResult
    findings: tuple[Finding, ...]  # this node's own findings
    all_findings: tuple[Finding, ...]  # own and everything below
    worst: Severity | None
    scored: bool = True  # False for a narrative goal (no weight, no score)


@dataclass(frozen=True, slots=True)
class ExecutionResult:
    budget: Decimal | None  # A
    spent: Decimal | None  # B
    rate: Decimal | None  # B / A in percent, 2 decimals
    score: Decimal | None
    formula: Decimal | None
    weight: Decimal | None
    findings: tuple[Finding, ...]
    worst: Severity | None


@dataclass(frozen=True, slots=True)
class Result:
    settings: Settings
    execution: ExecutionResult
    goals: tuple[GroupResult, ...]
    total: Decimal
    declared_total: Decimal | None
    grade: str
    findings: tuple[Finding, ...]  # everything, in form order
    document_findings: tuple[Finding, ...] = ()

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def node(self, path: tuple[int, ...]):
        """The result of the node at an index path (goal, level, sublevel, indicator)."""
        node: object = self
        kids = self.goals
        for index in path:
            node = kids[index]
            kids = node.children  # type: ignore[attr-defined]
        return node

    @property
    def weight(self) -> Decimal | None:
        parts = [self.execution.weight] + [g.weight for g in self.goals if g.scored]
        return None if any(p is None for p in parts) else sum(parts, ZERO)


def _worst(findings: tuple[Finding, ...], children: tuple = ()) -> Severity | None:
    best: Severity | None = None
    for f in findings:
        if best is None or f.severity.rank < best.rank:
            best = f.severity
    for c in children:
        w = c.worst
        if w is not None and (best is None or w.rank < best.rank):
            best = w
    return best


class ScoreCache:
    """Results of nodes from earlier runs, reused while the node is unchanged."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.entries: dict[tuple, tuple[object, object]] = {}

    def prepare(self, settings: Settings) -> None:
        if settings != self.settings or len(self.entries) > self.LIMIT:
            self.entries.clear()
            self.settings = settings

    def get(self, key: tuple, node: object):
        hit = self.entries.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        return None

    def put(self, key: tuple, node: object, result: object) -> None:
        self.entries[key] = (node, result)


# ---------------------------------------------------------------------------
# Indicators

COST_WORD = "成本"


def is_cost_context(level_name: str, sub_name: str) -> bool:
    """Under 成本指标 (or 经济/社会/生态环境成本指标) a bare number is a limit."""
    return COST_WORD in level_name or COST_WORD in sub_name


def resolve_method(method: Method, target: Value, cost: bool) -> Method | None:
    if method is not Method.auto:
        return method
    if target.kind == "number":
        if target.op in (">=", ">"):
            return Method.positive
        if target.op in ("<=", "<"):
            return Method.reverse
        if target.op == "=":
            return Method.exact
        return Method.reverse if cost else Method.positive
    if target.kind == "text":
        return Method.qualitative
    return None


def _units_compatible(t: Value, a: Value) -> tuple[bool, str | None]:
    """Whether the numbers can be compared; and the unit check's code, if any."""
    tk, ak = t.unit_kind, a.unit_kind
    if tk and ak:
        if tk != ak:
            if "other" in (tk, ak) and "percent" not in (tk, ak):
                return True, "UNIT_WORD_MISMATCH"
            return False, "UNIT_KIND_MISMATCH"
        if tk == "count" or tk == "other":
            if t.unit.split("/")[0] != a.unit.split("/")[0]:
                return True, "UNIT_WORD_MISMATCH"
        return True, None
    if tk or ak:
        return True, "UNIT_ONE_SIDED"
    return True, "UNIT_MISSING"


def _numbers(t: Value, a: Value) -> tuple[Decimal, Decimal]:
    if t.unit_kind and a.unit_kind and t.unit_kind == a.unit_kind and t.unit_kind in ("money", "time"):
        return t.base_number, a.base_number  # type: ignore[return-value]
    return t.number, a.number  # type: ignore[return-value]


def _formula(method: Method, w: Decimal, target: Decimal, actual: Decimal,
             settings: Settings) -> tuple[Decimal, Decimal | None]:
    """(score, completion %) of a quantitative indicator."""
    if method is Method.exact:
        if actual == target:
            return w, HUNDRED
        method = Method.positive
    if method is Method.positive:
        if target <= 0:
            return (w if actual >= target else ZERO), None
        ratio = actual / target
        return q2(w * min(max(ratio, ZERO), ONE)), ratio * HUNDRED
    # reverse
    if settings.reverse == "linear":
        if actual <= target:
            return w, (target / actual * HUNDRED) if actual > 0 else None
        if target <= 0:
            return ZERO, None
        share = ONE - (actual - target) / target
        return q2(w * max(ZERO, share)), (target / actual * HUNDRED)
    if actual <= 0:
        return w, None
    ratio = target / actual
    return q2(w * min(max(ratio, ZERO), ONE)), ratio * HUNDRED


def _in_band(tier: Tier, share: Decimal, s: Settings) -> bool:
    if tier is Tier.achieved:
        return s.achieved_min <= share <= HUNDRED
    if tier is Tier.partial:
        return s.partial_min <= share < s.achieved_min
    return ZERO <= share < s.partial_min


def _band_text(tier: Tier, w: Decimal, s: Settings) -> str:
    lo, hi = {
        Tier.achieved: (s.achieved_min, HUNDRED),
        Tier.partial: (s.partial_min, s.achieved_min),
        Tier.unachieved: (ZERO, s.partial_min),
    }[tier]
    closing = "]" if tier is Tier.achieved else ")"
    return f"[{fmt(q2(w * lo / HUNDRED))}, {fmt(q2(w * hi / HUNDRED))}{closing}"


def score_indicator(ind: Indicator, place: str, node: tuple[int, ...], cost: bool,
                    s: Settings) -> IndicatorResult:
    target = parse_value(ind.target)
    actual = parse_value(ind.actual)
    method = resolve_method(ind.method, target, cost)
    w = ind.weight
    typed = ind.score
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, node=node, field=fld))

    formula: Decimal | None = None
    completion: Decimal | None = None
    quantitative = method in (Method.positive, Method.reverse, Method.exact)
    comparable = False
    t_num = a_num = None
    if quantitative and target.kind == "number" and actual.kind == "number":
        ok, unit_code = _units_compatible(target, actual)
        if unit_code == "UNIT_KIND_MISMATCH":
            add(unit_code, f"目标“{ind.target}”是{_kind_word(target)}，实际“{ind.actual}”是"
                           f"{_kind_word(actual)}，无法比较", "actual")
        elif unit_code == "UNIT_WORD_MISMATCH":
            add(unit_code, f"目标单位“{target.unit}”与实际单位“{actual.unit}”不同", "actual")
        elif unit_code == "UNIT_ONE_SIDED":
            side = "实际" if target.unit else "目标"
            have = target.unit or actual.unit
            add(unit_code, f"{side}值未写单位（另一方为“{have}”）", "actual" if target.unit else "target")
        elif unit_code == "UNIT_MISSING":
            add(unit_code, f"目标“{ind.target}”和实际“{ind.actual}”都没有单位", "target")
        if ok:
            comparable = True
            t_num, a_num = _numbers(target, actual)
            if w is not None:
                formula, completion = _formula(method, w, t_num, a_num, s)  # type: ignore[arg-type]
            else:
                _, completion = _formula(method, ONE, t_num, a_num, s)  # type: ignore[arg-type]
    elif quantitative and target.kind != "empty" and actual.kind != "empty" and not ind.not_applicable:
        which = "目标" if target.kind != "number" else "实际"
        add("NOT_SCORABLE", f"{which}值不是数值，无法按{method.label}公式计分", "actual")

    if not ind.target.strip():
        add("TARGET_MISSING", "未填年度指标值（目标）", "target")
    if not ind.actual.strip():
        add("ACTUAL_MISSING", "未填实际完成值", "actual")
    if w is None and not ind.not_applicable:
        add("WEIGHT_MISSING", "未填分值，跳过封顶检查" + ("，无法按公式计分" if comparable else ""), "weight")

    if ind.not_applicable:
        if s.rescale_not_applicable:
            add("NOT_APPLICABLE", "标为不适用，不计分，其分值按比例分配给同一目标下的其他指标",
                "not_applicable")
        else:
            add("NOT_APPLICABLE", "标为不适用，但当前规则未允许重新分配分值，仍按原方法计分",
                "not_applicable")
    excluded = ind.not_applicable and s.rescale_not_applicable
    score = typed if typed is not None else formula

    if typed is not None and w is not None and typed > w:
        add("SCORE_OVER_WEIGHT", f"得分 {fmt(typed)} 超过分值 {fmt(w)}", "score")
    if typed is not None and formula is not None and abs(typed - formula) > s.tolerance:
        add("TYPED_SCORE_DIFFERS", f"所填得分 {fmt(typed)} 与公式得分 {fmt(formula)} 不同"
                                   f"（{method.label}，完成 {fmt(q2(completion)) if completion is not None else '—'}%）",
            "score")

    if method is Method.qualitative:
        if ind.tier is None:
            if ind.target.strip() and ind.target.strip() == ind.actual.strip():
                add("TIER_SUGGEST", f"实际完成“{ind.actual}”与目标一致，建议选“达成预期指标”", "tier")
            elif typed is not None:
                add("TIER_MISSING", "定性指标已打分但未选档次，无法检查分数区间", "tier")
        elif typed is not None and w is not None and w > 0:
            share = typed / w * HUNDRED
            if not _in_band(ind.tier, share, s):
                add("TIER_BAND", f"得分 {fmt(typed)} 不在“{ind.tier.label}”的区间 "
                                 f"{_band_text(ind.tier, w, s)} 内（分值 {fmt(w)}）", "score")

    if not excluded and not ind.reason.strip():
        unmet = False
        if w is not None and score is not None and score < w:
            unmet = True
        if ind.tier in (Tier.partial, Tier.unachieved):
            unmet = True
        if unmet:
            add("UNMET_NO_REASON", f"得分 {fmt(score)} 低于分值 {fmt(w)}，目标未完全完成，请填写偏差原因"
                if ind.tier in (None, Tier.achieved)
                else f"档次为“{ind.tier.label}”，请填写偏差原因", "reason")
        if comparable and method in (Method.positive, Method.exact) and t_num is not None \
                and a_num is not None and t_num > 0 and a_num * HUNDRED >= t_num * s.overshoot:
            pct = q2(a_num / t_num * HUNDRED)
            add("OVERSHOOT_NO_REASON", f"实际 {fmt(a_num)}{_unit(actual)}为目标 {fmt(t_num)}{_unit(target)}的 "
                                       f"{fmt(pct)}%（≥ {fmt(s.overshoot)}%），目标可能定得过低，请说明", "reason")
    if comparable and method is Method.reverse and (cost or target.unit_kind == "money") \
            and t_num is not None and a_num is not None and a_num > t_num:
        over = q2((a_num - t_num) / t_num * HUNDRED) if t_num > 0 else None
        add("COST_OVER_LIMIT", f"实际 {fmt(a_num)}{_unit(actual, base=True)}超出限额 "
                               f"{fmt(t_num)}{_unit(target, base=True)}"
                               + (f"（超出 {fmt(over)}%）" if over is not None else ""), "actual")

    if score is None and not excluded and method is not None:
        if typed is None and (w is not None or not comparable):
            add("SCORE_MISSING", "未填得分，也无法按公式算出", "score")
        elif typed is None:
            add("SCORE_MISSING", "未填得分；填上分值即可按公式计分", "score")

    explanation = _explain(target, method, cost)
    findings = tuple(out)
    return IndicatorResult(
        target=target, actual=actual, method=method, weight=w, typed=typed,
        formula=formula, score=None if excluded else score, completion=completion,
        explanation=explanation, findings=findings, worst=_worst(findings),
        not_applicable=ind.not_applicable,
    )


def _unit(v: Value, base: bool = False) -> str:
    if base and v.unit_kind == "money":
        return " 万元"
    if base and v.unit_kind == "time":
        return " 天"
    return f" {v.unit}" if v.unit else ""


def _kind_word(v: Value) -> str:
    return {"percent": "百分比", "count": "数量", "money": "金额", "time": "时间",
            "other": f"“{v.unit}”"}.get(v.unit_kind, "无单位数值")


def _explain(target: Value, method: Method | None, cost: bool) -> str:
    if method is None:
        return "未填目标"
    if method is Method.qualitative:
        return "定性指标，按档次打分"
    reading = target.describe() if target.kind == "number" else "非数值目标"
    note = method.label
    if method is Method.reverse and target.op is None and cost:
        note += "（成本指标）"
    return f"{reading}，{note}"


# ---------------------------------------------------------------------------
# Groups: level two, level one, goal


def _sum_scores(children: tuple) -> Decimal | None:
    total: Decimal | None = None
    for c in children:
        if c.score is not None:
            total = (total or ZERO) + c.score
    return total


def _child_weight(c) -> Decimal | None:
    return c.effective_weight if isinstance(c, GroupResult) else c.weight


def _is_empty(c) -> bool:
    if isinstance(c, GroupResult):
        return not c.children and c.weight is None and c.declared is None
    return False


def _group(name: str, weight: Decimal | None, declared: Decimal | None, children: tuple,
           place: str, node: tuple[int, ...], s: Settings, kind: str,
           rescale: Decimal | None = None, scored: bool = True) -> GroupResult:
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, node=node, field=fld))

    computed = _sum_scores(children)
    if computed is not None and rescale is not None:
        computed = q2(computed * rescale)
    score = computed if computed is not None else declared

    # weights of the children
    relevant = [c for c in children if not _is_empty(c) and not getattr(c, "not_applicable", False)]
    child_weights = [_child_weight(c) for c in relevant]
    known = [cw for cw in child_weights if cw is not None]
    effective = weight
    if relevant and len(known) == len(relevant):
        total_w = sum(known, ZERO)
        if effective is None:
            effective = total_w
        elif abs(total_w - weight) > s.tolerance:  # type: ignore[operator]
            add("WEIGHT_SUM", f"下级分值合计 {fmt(total_w)} 与{kind}分值 {fmt(weight)} 不符", "weight")
    elif weight is not None and known:
        add("WEIGHT_SUM_INCOMPLETE", f"{len(relevant) - len(known)} 个下级未填分值，无法核对合计"
                                     f"（已填 {fmt(sum(known, ZERO))} / {fmt(weight)}）", "weight")

    if weight is not None:
        if computed is not None and computed > weight + s.tolerance:
            add("CHILDREN_OVER_WEIGHT", f"下级得分合计 {fmt(computed)} 超过{kind}分值 {fmt(weight)}", "score")
        if declared is not None and declared > weight:
            add("SCORE_OVER_WEIGHT", f"得分 {fmt(declared)} 超过分值 {fmt(weight)}", "declared_score")
    if declared is not None and computed is not None:
        _declared_check(add, declared, computed, s, f"{kind}得分")
    if scored and score is None and not children and weight is not None:
        add("SCORE_MISSING", f"{kind}未填得分，按 0 分计", "declared_score")

    findings = tuple(out)
    below: list[Finding] = list(findings)
    for c in children:
        below.extend(c.all_findings)
    return GroupResult(
        name=name, weight=weight, effective_weight=effective, score=score, declared=declared,
        children=children, findings=findings, all_findings=tuple(below),
        worst=_worst(findings, children), scored=scored,
    )


def _declared_check(add, declared: Decimal, computed: Decimal, s: Settings, what: str,
                    unit: str = "") -> None:
    diff = declared - computed
    if abs(diff) <= s.tolerance:
        return
    exponent = declared.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    rounded = computed.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    if rounded == declared and places < 2:
        add("DECLARED_ROUNDING", f"表上{what} {fmt(declared)}{unit}，计算为 {fmt(computed)}{unit}"
                                 f"（四舍五入差异 {fmt(diff)}）", "declared")
    else:
        add("DECLARED_MISMATCH", f"表上{what} {fmt(declared)}{unit}，计算为 {fmt(computed)}{unit}"
                                 f"（相差 {fmt(diff)}）", "declared")


def _goal_place(goal: Goal, g: int) -> str:
    return goal.title.strip() or f"目标{g + 1}"


def _name(text: str, fallback: str) -> str:
    text = text.strip()
    if not text:
        return fallback
    return text if len(text) <= 40 else text[:40] + "…"


def score_goal(goal: Goal, g: int, s: Settings, cache: ScoreCache | None) -> GroupResult:
    gplace = _goal_place(goal, g)
    levels: list[GroupResult] = []
    na_weight = ZERO
    all_weight = ZERO
    for l1, level in enumerate(goal.levels):
        lplace = f"{gplace} / {_name(level.name, f'一级指标{l1 + 1}')}"
        key = (id(level), (g, l1), lplace)
        hit = cache.get(key, level) if cache else None
        if hit is None:
            hit = score_level(level, lplace, (g, l1), s, cache)
            if cache:
                cache.put(key, level, hit)
        levels.append(hit)
    if s.rescale_not_applicable:
        for level in goal.levels:
            for sub in level.sublevels:
                for ind in sub.indicators:
                    if ind.weight is not None:
                        all_weight += ind.weight
                        if ind.not_applicable:
                            na_weight += ind.weight
    rescale = None
    if na_weight > 0 and all_weight > na_weight:
        rescale = all_weight / (all_weight - na_weight)
    scored = bool(goal.levels) or goal.weight is not None or goal.declared_score is not None
    result = _group(goal.title, goal.weight, goal.declared_score, tuple(levels), gplace, (g,), s,
                    "目标", rescale, scored)
    if not scored:  # a narrative goal: text only, no points
        return GroupResult(result.name, None, None, None, None, result.children, result.findings,
                           result.all_findings, result.worst, scored=False)
    return result


def score_level(level: LevelOne, place: str, node: tuple[int, ...], s: Settings,
                cache: ScoreCache | None) -> GroupResult:
    subs: list[GroupResult] = []
    for l2, sub in enumerate(level.sublevels):
        splace = f"{place} / {_name(sub.name, f'二级指标{l2 + 1}')}"
        cost = is_cost_context(level.name, sub.name)
        path = node + (l2,)
        key = (id(sub), path, splace, cost)
        hit = cache.get(key, sub) if cache else None
        if hit is None:
            hit = score_sublevel(sub, splace, path, cost, s, cache)
            if cache:
                cache.put(key, sub, hit)
        subs.append(hit)
    return _group(level.name, level.weight, level.declared_score, tuple(subs), place, node, s, "一级指标")


def score_sublevel(sub: LevelTwo, place: str, node: tuple[int, ...], cost: bool, s: Settings,
                   cache: ScoreCache | None) -> GroupResult:
    inds: list[IndicatorResult] = []
    for i, ind in enumerate(sub.indicators):
        iplace = f"{place} / {_name(ind.name, f'指标{i + 1}')}"
        path = node + (i,)
        key = (id(ind), path, iplace, cost)
        hit = cache.get(key, ind) if cache else None
        if hit is None:
            hit = score_indicator(ind, iplace, path, cost, s)
            if cache:
                cache.put(key, ind, hit)
        inds.append(hit)
    return _group(sub.name, sub.weight, sub.declared_score, tuple(inds), place, node, s, "二级指标")


# ---------------------------------------------------------------------------
# Execution, totals, document checks

EXEC_PLACE = "预算执行情况"


def score_execution(doc: Document, s: Settings) -> ExecutionResult:
    ex = doc.execution
    place = ex.label.strip() and f"{EXEC_PLACE}（{ex.label.strip()}）" or EXEC_PLACE
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, section="execution", field=fld))

    a, b, w = ex.budget, ex.spent, ex.weight
    rate = formula = None
    if a is None or b is None:
        missing = "、".join(n for n, v in (("全年预算数 A", a), ("执行数 B", b)) if v is None)
        add("BUDGET_MISSING", f"缺少{missing}，无法计算执行率"
            + ("，按表上所填得分计" if ex.declared_score is not None else ""), "budget" if a is None else "spent")
    elif a == 0:
        add("BUDGET_ZERO", "全年预算数 A 为 0，无法计算执行率；请填写调整后的全年预算数", "budget")
    else:
        ratio = b / a
        rate = q2(ratio * HUNDRED)
        if b > a:
            add("EXECUTION_OVER_BUDGET", f"执行数 {fmt(b)} 万元超过预算数 {fmt(a)} 万元（执行率 {fmt(rate)}%），"
                                         f"得分按 100% 封顶，超支需要说明", "spent")
        if w is not None:
            formula = q2(w * min(ratio, ONE))
    if w is None:
        add("WEIGHT_MISSING", "预算执行未填分值", "weight")
    score = formula if formula is not None else ex.declared_score
    if ex.declared_score is not None and w is not None and ex.declared_score > w:
        add("SCORE_OVER_WEIGHT", f"得分 {fmt(ex.declared_score)} 超过分值 {fmt(w)}", "declared_score")
    if ex.declared_rate is not None and rate is not None:
        _declared_check(add, ex.declared_rate, rate, s, "执行率", "%")
    if ex.declared_score is not None and formula is not None:
        _declared_check(add, ex.declared_score, formula, s, "执行得分")

    if ex.basic is not None and ex.project is not None and b is not None:
        parts = ex.basic + ex.project
        if abs(parts - b) > s.tolerance:
            add("BUDGET_SPLIT", f"基本支出 {fmt(ex.basic)} + 项目支出 {fmt(ex.project)} = {fmt(parts)} 万元，"
                                f"不等于执行数 {fmt(b)} 万元（相差 {fmt(parts - b)}）", "basic")
    if ex.funds:
        for label, attr, total in (("全年预算数", "budget", a), ("执行数", "spent", b),
                                   ("年初预算数", "initial_budget", ex.initial_budget)):
            values = [getattr(r, attr) for r in ex.funds]
            if total is None or all(v is None for v in values):
                continue
            summed = sum((v for v in values if v is not None), ZERO)
            if abs(summed - total) > s.tolerance:
                names = " + ".join(f"{r.name or '资金'} {fmt(getattr(r, attr))}" for r in ex.funds
                                   if getattr(r, attr) is not None)
                add("FUNDS_BREAKDOWN", f"资金来源{label}：{names} = {fmt(summed)} 万元，"
                                       f"不等于年度资金总额 {fmt(total)} 万元", attr)
    if ex.initial_budget is not None and a is not None and (ex.additions is not None or ex.reductions is not None):
        plus = ex.additions or ZERO
        minus = ex.reductions or ZERO
        expected = ex.initial_budget + plus - minus
        if abs(expected - a) > s.tolerance:
            add("BUDGET_ADJUSTMENTS", f"年初预算 {fmt(ex.initial_budget)} + 追加 {fmt(plus)} − 调减 {fmt(minus)}"
                                      f" = {fmt(expected)} 万元，不等于全年预算数 {fmt(a)} 万元", "budget")
    findings = tuple(out)
    return ExecutionResult(budget=a, spent=b, rate=rate, score=score, formula=formula, weight=w,
                           findings=findings, worst=_worst(findings))


def _document_checks(doc: Document, execution: ExecutionResult, goals: tuple[GroupResult, ...],
                     total: Decimal, s: Settings) -> tuple[Finding, ...]:
    out: list[Finding] = []
    # top-level weights
    scored = [g for g in goals if g.scored]
    parts = [execution.weight] + [g.effective_weight for g in scored]
    known = [p for p in parts if p is not None]
    if parts and len(known) == len(parts):
        summed = sum(known, ZERO)
        if summed != HUNDRED:
            detail = " + ".join(fmt(p) for p in known)
            out.append(make("TOTAL_WEIGHT", "总分", f"预算执行与各目标分值合计 {detail} = {fmt(summed)}，不等于 100",
                            section="document", field="weight"))
    elif known:
        out.append(make("TOTAL_WEIGHT_INCOMPLETE", "总分",
                        f"{len(parts) - len(known)} 个部分未填分值，无法核对合计是否为 100",
                        section="document", field="weight"))
    if doc.declared_total is not None:
        _declared_check(lambda code, msg, fld="": out.append(
            make(code, "总分", msg, section="document", field="declared_total")),
            doc.declared_total, total, s, "总分")
        if doc.declared_total > HUNDRED:
            out.append(make("SCORE_OVER_WEIGHT", "总分", f"总分 {fmt(doc.declared_total)} 超过满分 100",
                            section="document", field="declared_total"))
    # a department's projects against its 项目支出
    if doc.projects and doc.execution.project is not None:
        amounts = [(p.name, p.spent if p.spent is not None else p.budget) for p in doc.projects]
        if all(v is not None for _, v in amounts):
            summed = sum((v for _, v in amounts), ZERO)  # type: ignore[misc]
            if abs(summed - doc.execution.project) > s.tolerance:
                names = " + ".join(f"{n or '项目'} {fmt(v)}" for n, v in amounts)
                out.append(make("PROJECTS_SUM", "所属项目",
                                f"所列项目 {names} = {fmt(summed)} 万元，与项目支出 "
                                f"{fmt(doc.execution.project)} 万元不符（相差 {fmt(summed - doc.execution.project)}）",
                                section="projects", field="budget"))
    return tuple(out)


def score_document(doc: Document, cache: ScoreCache | None = None) -> Result:
    """Score a document and run every check."""
    s = resolve(doc.rules)
    if cache is not None:
        cache.prepare(s)
    execution = score_execution(doc, s)
    goals: list[GroupResult] = []
    for g, goal in enumerate(doc.goals):
        key = (id(goal), g)
        hit = cache.get(key, goal) if cache else None
        if hit is None:
            hit = score_goal(goal, g, s, cache)
            if cache:
                cache.put(key, goal, hit)
        goals.append(hit)
    goals_t = tuple(goals)
    total = (execution.score or ZERO) + sum((g.score for g in goals_t if g.score is not None), ZERO)
    doc_findings = _document_checks(doc, execution, goals_t, total, s)
    findings: list[Finding] = list(doc_findings)
    findings.extend(execution.findings)
    for g in goals_t:
        findings.extend(g.all_findings)
    return Result(settings=s, execution=execution, goals=goals_t, total=total,
                  declared_total=doc.declared_total, grade=grade_of(total),
                  findings=tuple(findings), document_findings=doc_findings)
