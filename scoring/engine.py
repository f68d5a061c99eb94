"""Scores, totals, grades and checks of one document (RULES.md 5 and 6).

`score_document(doc)` is a pure function of the document. Pass a `ScoreCache`
to make rescoring after an edit cheap: documents are immutable and share
unchanged nodes, so a node that is the same object in the same place (same
index path, same names above it, same settings) reuses the result computed
for it last time, and only the edited path is computed again. The result is
the same, field for field, as scoring without a cache (tests/test_scoring.py
checks this over random edits).

The rules are described in docs/rules.md and the checks in docs/checks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from model import Document, DocumentError, Framework, Goal, Indicator, LevelOne, LevelTwo, Method, Rules, Tier
from model.files import validate_document
from model.values import Value, parse_value

from .findings import Finding, Severity, make
from .rules import UNSCORED, Settings, fmt, grade_of, q2, resolve

__all__ = [
    "IndicatorResult",
    "GroupResult",
    "ExecutionResult",
    "Result",
    "ScoreCache",
    "score_document",
    "SCORING_CONTEXT",
    "resolve_method",
    "is_cost_context",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# The decimal context scoring runs in, whatever the caller's context is. A
# figure of a valid form has at most 17 significant digits (LIMITS in
# model/document.py), so sums and roundings of figures are exact. A target
# or actual read from text has at most 18 digits (model.values) and may be
# scaled by 亿 and 亿元: a completion of 10^52 % needs 55 digits to be rounded
# to 2 decimals; 60 holds it. Signals stay traps: one would be a bug, and is
# reported as CANNOT_SCORE instead of raised (see `score_document`).
SCORING_CONTEXT = Context(prec=60, rounding=ROUND_HALF_EVEN,
                          traps=[InvalidOperation, DivisionByZero, Overflow])


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
    # Left out of the totals: not applicable while the rules allow rescaling.
    excluded: bool = False
    # The qualitative tier checked: the one chosen, or the one the actual names (`部分达成`).
    tier: Tier | None = None

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
    # False when the form has no execution block at all (every figure blank,
    # e.g. the execution rate is an indicator inside the tree instead).
    present: bool = True
    declared_rate: Decimal | None = None  # 执行率 as printed
    declared_score: Decimal | None = None  # 得分 as printed


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
    # Why the document could not be scored ("" when it was): then every score
    # is None, the total 0 and the grade "—", and the one finding is the
    # CANNOT_SCORE error that says why. The structure (goals, levels,
    # indicators) still mirrors the document, so it can be shown.
    cannot_score: str = ""

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
    def scored(self) -> bool:
        """Whether the form has been scored: a goal has a score (the budget
        execution alone is no evaluation: its rate gives it a score as soon
        as the amounts are in, and a total of 10 graded 差 would say what the
        form does not). Otherwise the total and the grade mean nothing: a
        new form, or one published with its targets only."""
        goals = [g for g in self.goals if g.scored]
        if not goals:  # no goal to score: the execution is the whole form
            return self.execution.score is not None
        return any(g.score is not None for g in goals)

    @property
    def weight(self) -> Decimal | None:
        """The sum of the top-level weights (execution and scored goals), if all are given."""
        parts = [g.effective_weight for g in self.goals if g.scored]
        if self.execution.present:
            parts.insert(0, self.execution.weight)
        if not parts or any(p is None for p in parts):
            return None
        return sum(parts, ZERO)  # type: ignore[arg-type]


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
    """Results of nodes from earlier runs, reused while the node is unchanged.

    An entry is keyed by the node's index path and remembers the node object
    and the context its result depends on (its place name, whether it sits
    under a cost level). A hit needs the very same object and the same
    context; settings changes clear the cache. Keying by path keeps the cache
    as large as the form: an edit overwrites the entries of the edited path.
    """

    LIMIT = 200_000

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.entries: dict[tuple, tuple[object, object, object]] = {}
        # goal index -> (the goal, what its indicators fill in): no settings in it
        self.filled: dict[int, tuple[Goal, Filled]] = {}

    def prepare(self, settings: Settings) -> None:
        if settings != self.settings or len(self.entries) > self.LIMIT:
            self.entries.clear()
            self.settings = settings

    def get(self, key: tuple, node: object, context: object = None):
        hit = self.entries.get(key)
        if hit is not None and hit[0] is node and hit[1] == context:
            return hit[2]
        return None

    def put(self, key: tuple, node: object, result: object, context: object = None) -> None:
        self.entries[key] = (node, context, result)


# ---------------------------------------------------------------------------
# Indicators

COST_WORD = "成本"


def is_cost_context(level_name: str, sub_name: str) -> bool:
    """Under 成本指标 (or 经济/社会/生态环境成本指标) a bare number is a limit."""
    return COST_WORD in level_name or COST_WORD in sub_name


# Names that say lower is better (RULES.md 5): a bare-number target under such a name is a limit
LOWER_IS_BETTER = re.compile(r"(?:调整率|结转结余率|结余率|控制率|偏差率|差错率|失误率|发生率|投诉|事故|违规|违纪)")


def direction_by_name(ind: Indicator, target: Value, cost: bool) -> bool:
    """A target without a direction (`3%`), not under a cost level, whose indicator name
    says lower is better (预算调整率, 结转结余率, …控制率, 投诉…, 事故…): read as `≤`."""
    return (ind.method is Method.auto and target.kind == "number" and target.op is None and not cost
            and bool(LOWER_IS_BETTER.search(ind.name)))


def resolve_method(method: Method, target: Value, cost: bool, name: str = "") -> Method | None:
    """The method an indicator is scored by: as chosen, else from its target's direction,
    its level (a bare number under 成本 is a limit) and its name (`预算调整率 3%` is ≤)."""
    if method is not Method.auto:
        return method
    if target.kind == "number" and target.op is None and not cost and LOWER_IS_BETTER.search(name):
        return Method.reverse
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
    """The two numbers in one unit: 万元 vs 元, 天 vs 个月, % vs ‰ are converted."""
    if t.unit_kind and t.unit_kind == a.unit_kind and t.unit_kind in ("money", "time", "percent"):
        return t.base_number, a.base_number  # type: ignore[return-value]
    return t.number, a.number  # type: ignore[return-value]


def _share(w: Decimal, ratio: Decimal) -> Decimal:
    """weight × ratio clamped to [0, 1], rounded to 2 decimals and never above the
    weight (a weight of 0.005 must not round up to a score of 0.01)."""
    return min(q2(w * min(max(ratio, ZERO), ONE)), w)


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
        return _share(w, ratio), ratio * HUNDRED
    # reverse
    if settings.reverse == "linear":
        if actual <= target:
            return w, (target / actual * HUNDRED) if actual > 0 else None
        if target <= 0:
            return ZERO, None
        share = ONE - (actual - target) / target
        return _share(w, share), (target / actual * HUNDRED)
    if actual <= 0:
        return w, None
    ratio = target / actual
    return _share(w, ratio), ratio * HUNDRED


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


@dataclass
class _Row:
    """One indicator while it is scored: its parsed values, settings and findings so far."""

    ind: Indicator
    target: Value
    actual: Value
    method: Method | None
    cost: bool
    s: Settings
    add: Any
    tier: Tier | None
    excluded: bool
    formula: Decimal | None = None
    completion: Decimal | None = None
    comparable: bool = False
    t_num: Decimal | None = None
    a_num: Decimal | None = None

    @property
    def w(self) -> Decimal | None:
        return self.ind.weight

    @property
    def typed(self) -> Decimal | None:
        return self.ind.score


def score_indicator(ind: Indicator, place: str, node: tuple[int, ...], cost: bool,
                    s: Settings) -> IndicatorResult:
    adjusted = ind
    if ind.adjusted_target.strip():  # 调整指标值: the target then (RULES.md 5b)
        ind = ind.model_copy(update={"target": ind.adjusted_target})
    target, actual = parse_value(ind.target), parse_value(ind.actual)
    method = resolve_method(ind.method, target, cost, ind.name)
    tier, implied = ind.tier, False
    if tier is None and method is Method.qualitative:
        tier = Tier.named(ind.actual)  # an actual written as the tier reached (`部分达成预期指标`)
        if tier is None and ind.score is not None and ind.target.strip() and ind.target.strip() == ind.actual.strip():
            tier, implied = Tier.achieved, True  # `健全` / `健全` scored: achieved, its band checked
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, node=node, field=fld))

    # Not applicable and the rules allow leaving it out: the row does not
    # count, and the checks about its score and explanation do not apply.
    row = _Row(ind, target, actual, method, cost, s, add, tier, ind.not_applicable and s.rescale_not_applicable)
    flat_formula = _flat_checks(adjusted, row.w, row.typed, add)
    if ind.not_applicable and row.w is None and row.typed is None:
        # `/` for target, actual, weight and score: not applicable, no share of the weight;
        # one finding says so and nothing else is asked of the row
        add("NOT_APPLICABLE", "标为不适用，未填分值和得分，不计分", "not_applicable")
        findings = tuple(out)
        return IndicatorResult(
            target=target, actual=actual, method=None, weight=None, typed=None, formula=None, score=None,
            completion=None, explanation="不适用", findings=findings, worst=_worst(findings),
            not_applicable=True, excluded=True, tier=None)
    if direction_by_name(ind, target, cost):
        add("DIRECTION_BY_NAME", f"目标“{ind.target}”没有写方向，按指标名称“{ind.name}”读作“≤”（越低越好，反向指标）；"
                                 "如不是，请在目标前写上 ≥ 或选择计分方法", "target")
    _compare(row)
    _missing_values(row)
    if ind.coefficient is not None:  # the flat framework: 得分 = 得分系数 × 指标权重 is the formula
        row.formula, row.completion = flat_formula, ind.coefficient
    # Each scored item is rounded to 2 decimals (RULES.md 5); the typed
    # figure itself is kept as typed.
    score = q2(row.typed) if row.typed is not None else row.formula
    _score_checks(row)
    _explanations(row, score)
    _score_missing(row, score)

    explanation = _explain(target, method, cost)
    if implied:
        explanation += f"（实际完成与目标一致，按“{tier.label}”核对）"  # type: ignore[union-attr]
    elif tier is not None and ind.tier is None:
        explanation += f"（实际完成值写明“{tier.label}”）"
    findings = tuple(out)
    return IndicatorResult(
        target=target, actual=actual, method=method, weight=row.w, typed=row.typed,
        formula=row.formula, score=None if row.excluded else score, completion=row.completion,
        explanation=explanation, findings=findings, worst=_worst(findings),
        not_applicable=ind.not_applicable, excluded=row.excluded, tier=tier,
    )


def _compare(row: _Row) -> None:
    """Target against actual for a quantitative row: the unit checks and the formula."""
    ind, target, actual, add, method = row.ind, row.target, row.actual, row.add, row.method
    quantitative = method in (Method.positive, Method.reverse, Method.exact)
    if quantitative and target.kind == "number" and actual.kind == "number":
        ok, unit_code = _units_compatible(target, actual)
        if unit_code == "UNIT_KIND_MISMATCH":
            add(unit_code, f"目标“{ind.target}”是{_kind_word(target)}，实际“{ind.actual}”是"
                           f"{_kind_word(actual)}，无法比较；请按目标的单位填写实际完成值", "actual")
        elif unit_code == "UNIT_WORD_MISMATCH":
            add(unit_code, f"目标单位“{target.unit}”与实际单位“{actual.unit}”不同，请确认口径一致",
                "actual")
        elif unit_code == "UNIT_ONE_SIDED":
            side = "实际" if target.unit else "目标"
            have = target.unit or actual.unit
            add(unit_code, f"{side}值“{ind.actual if target.unit else ind.target}”未写单位"
                           f"（另一方为“{have}”）", "actual" if target.unit else "target")
        elif unit_code == "UNIT_MISSING" and "unit" not in row.s.missing_everywhere:
            add(unit_code, f"目标“{ind.target}”和实际“{ind.actual}”都没有单位", "target")
        if ok:
            row.comparable = True
            row.t_num, row.a_num = _numbers(target, actual)
            if row.w is not None:
                row.formula, row.completion = _formula(method, row.w, row.t_num, row.a_num, row.s)  # type: ignore[arg-type]
            else:
                _, row.completion = _formula(method, ONE, row.t_num, row.a_num, row.s)  # type: ignore[arg-type]
    elif quantitative and target.kind != "empty" and actual.kind != "empty" and not row.excluded:
        which = "目标" if target.kind != "number" else "实际"
        text = ind.target if target.kind != "number" else ind.actual
        add("NOT_SCORABLE", f"{which}值“{text}”不是数值，无法按{method.label}公式计分"  # type: ignore[union-attr]
                            "；请填写数值或改为定性指标", "actual" if which == "实际" else "target")


# the fields a blank row lacks, in the order its one finding names them
_ROW_FIELDS = ("target", "actual", "weight", "score")


def _blank_row(row: _Row) -> bool:
    """A row with nothing filled in to score it: no target, actual, weight, score, 得分系数
    or tier (a new row, a template's row left blank). Its one finding is ROW_BLANK."""
    ind = row.ind
    return not (ind.target.strip() or ind.actual.strip() or ind.weight is not None or ind.score is not None
                or ind.coefficient is not None or ind.tier is not None or ind.not_applicable)


def _missing_values(row: _Row) -> None:
    ind, s, add = row.ind, row.s, row.add
    if _blank_row(row):
        # one finding for the row, not one per empty field; nothing when every one of its
        # fields is a column the whole form leaves empty (said once, at 总分)
        said = s.missing_everywhere | ({"target", "actual"} if s.scores_only else set())
        if any(f not in said for f in _ROW_FIELDS):
            add("ROW_BLANK", "整行未填：没有年度指标值、实际完成值、分值和得分；请填写，或删除这一行", "target")
        return
    if not ind.target.strip() and not s.scores_only and "target" not in s.missing_everywhere:
        add("TARGET_MISSING", "未填年度指标值（目标）", "target")
    if not ind.actual.strip() and not s.scores_only and "actual" not in s.missing_everywhere:
        add("ACTUAL_MISSING", "未填实际完成值", "actual")
    if row.w is None and not row.excluded and "weight" not in s.missing_everywhere:
        add("WEIGHT_MISSING", "未填分值，跳过封顶检查" + ("，无法按公式计分" if row.comparable else ""), "weight")
    if ind.not_applicable:
        if s.rescale_not_applicable:
            add("NOT_APPLICABLE", "标为不适用，不计分，其分值按比例分配给同一目标下的其他指标",
                "not_applicable")
        else:
            add("NOT_APPLICABLE", "标为不适用，但当前规则未允许重新分配分值，仍按原方法计分",
                "not_applicable")


def _score_checks(row: _Row) -> None:
    """The typed score against its weight, its formula and its tier's band."""
    ind, s, add, w, typed, tier = row.ind, row.s, row.add, row.w, row.typed, row.tier
    if typed is not None and w is not None and typed > w:
        add("SCORE_OVER_WEIGHT", f"得分 {fmt(typed)} 超过分值 {fmt(w)}", "score")
    if not row.excluded and typed is not None and row.formula is not None \
            and abs(typed - row.formula) > s.tolerance and ind.coefficient is None:
        done = fmt(q2(row.completion)) if row.completion is not None else "—"
        add("TYPED_SCORE_DIFFERS", f"所填得分 {fmt(typed)} 与公式得分 {fmt(row.formula)} 不同"
                                   f"（{row.method.label}，完成 {done}%）", "score")  # type: ignore[union-attr]
    if row.method is not Method.qualitative or row.excluded or ind.coefficient is not None:
        return
    if tier is None:
        if ind.target.strip() and ind.target.strip() == ind.actual.strip():
            add("TIER_SUGGEST", f"实际完成“{ind.actual}”与目标一致，建议选“达成预期指标”", "tier")
        elif typed is not None:
            add("TIER_MISSING", "定性指标已打分但未选档次，无法检查分数区间", "tier")
    elif typed is not None and w is not None and w > 0:
        share = typed / w * HUNDRED
        if not _in_band(tier, share, s):
            add("TIER_BAND", f"得分 {fmt(typed)} 不在“{tier.label}”的区间 "
                             f"{_band_text(tier, w, s)} 内（分值 {fmt(w)}）", "score")


def _explanations(row: _Row, score: Decimal | None) -> None:
    """A target not met or far overshot without a reason; a cost over its limit."""
    ind, s, add, w, tier = row.ind, row.s, row.add, row.w, row.tier
    t_num, a_num, actual, target = row.t_num, row.a_num, row.actual, row.target
    if not row.excluded and not ind.reason.strip():
        unmet = (w is not None and score is not None and score < w) or tier in (Tier.partial, Tier.unachieved)
        if unmet:
            add("UNMET_NO_REASON", f"得分 {fmt(score)} 低于分值 {fmt(w)}，目标未完全完成，请填写偏差原因"
                if tier in (None, Tier.achieved)
                else f"档次为“{tier.label}”，目标未完全完成，请填写偏差原因", "reason")  # type: ignore[union-attr]
        if row.comparable and row.method in (Method.positive, Method.exact) and t_num is not None \
                and a_num is not None and t_num > 0 and a_num * HUNDRED >= t_num * s.overshoot:
            pct = q2(a_num / t_num * HUNDRED)
            add("OVERSHOOT_NO_REASON", f"实际 {fmt(a_num)}{_unit(actual, base=True)}为目标 "
                                       f"{fmt(t_num)}{_unit(target, base=True)}的 {fmt(pct)}%"
                                       f"（≥ {fmt(s.overshoot)}%），目标可能定得过低，请说明", "reason")
    if not row.excluded and row.comparable and row.method is Method.reverse \
            and (row.cost or target.unit_kind == "money") and t_num is not None and a_num is not None \
            and a_num > t_num:
        over = q2((a_num - t_num) / t_num * HUNDRED) if t_num > 0 else None
        add("COST_OVER_LIMIT", f"实际 {fmt(a_num)}{_unit(actual, base=True)}超出限额 "
                               f"{fmt(t_num)}{_unit(target, base=True)}"
                               + (f"（超出 {fmt(over)}%）" if over is not None else "")
                               + "，请说明原因", "actual")


def _score_missing(row: _Row, score: Decimal | None) -> None:
    s, add, w, tier = row.s, row.add, row.w, row.tier
    if score is not None or row.excluded or row.method is None or "score" in s.missing_everywhere \
            or _blank_row(row):
        return
    if row.method is Method.qualitative and tier is not None and w is not None:
        add("SCORE_MISSING", f"已选“{tier.label}”，请在区间 {_band_text(tier, w, s)} 内填写得分", "score")
    elif w is not None or not row.comparable:
        add("SCORE_MISSING", "未填得分，也无法按公式算出", "score")
    else:
        add("SCORE_MISSING", "未填得分；填上分值即可按公式计分", "score")


def _flat_checks(ind: Indicator, w: Decimal | None, typed: Decimal | None, add) -> Decimal | None:
    """The flat framework's checks (RULES.md 5b) and its formula, 得分系数 × 指标权重 (the
    coefficient taken within 0–100 %): a coefficient outside 0–100 %, a typed score that is
    not coefficient × weight, a core indicator not met, an adjusted target without a reason."""
    formula = None
    c = ind.coefficient
    if c is not None:
        if c < ZERO or c > HUNDRED:
            add("COEFFICIENT_RANGE", f"得分系数 {fmt(c)}% 不在 0–100% 之间", "coefficient")
        if w is not None:
            formula = q2(w * min(max(c, ZERO), HUNDRED) / HUNDRED)
            if typed is not None and typed != formula:
                add("COEFFICIENT_SCORE", f"得分 {fmt(typed)} 不等于得分系数 {fmt(c)}% × 指标权重 {fmt(w)} = "
                                         f"{fmt(formula)}", "score")
    if ind.core and ((c is not None and c < HUNDRED) or (c is None and typed is not None and w is not None
                                                         and typed < w)):
        said = f"得分系数 {fmt(c)}%" if c is not None else f"得分 {fmt(typed)} 低于权重 {fmt(w)}"
        add("CORE_UNMET", f"核心指标未完成（{said}）", "core")
    if ind.adjusted_target.strip() and ind.adjusted_target.strip() != ind.target.strip() and not ind.reason.strip():
        add("ADJUSTED_NO_REASON", f"年初指标值“{ind.target}”调整为“{ind.adjusted_target}”，未说明调整原因",
            "adjusted_target")
    return formula


def _unit(v: Value, base: bool = False) -> str:
    """The unit to print after a number; `base` after `Value.base_number`."""
    if base and v.unit_kind == "money":
        return " 万元"
    if base and v.unit_kind == "time":
        return " 天"
    if base and v.unit_kind == "percent":
        return "%"
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
    """An empty category row: no weight, no score, and nothing below it that counts;
    or a not-applicable indicator without weight or score."""
    if isinstance(c, IndicatorResult):
        return c.not_applicable and c.weight is None and c.typed is None
    if isinstance(c, GroupResult):
        return c.weight is None and c.declared is None and all(_is_empty(k) for k in c.children)
    return False


def _group(name: str, weight: Decimal | None, declared: Decimal | None, children: tuple,
           place: str, node: tuple[int, ...], s: Settings, kind: str,
           rescale: Decimal | None = None, scored: bool = True) -> GroupResult:
    out: list[Finding] = []
    place = place or FLAT_PLACE  # a flat form's unnamed level: its list of indicators

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, node=node, field=fld))

    computed = _sum_scores(children)
    if computed is not None and rescale is not None:
        computed = q2(computed * rescale)
    # A group scored as a whole (no scored children) counts its printed score.
    score = computed if computed is not None else (q2(declared) if declared is not None else None)

    # Weights of the children. Empty category rows carry no weight; a row
    # marked not applicable still belongs to the weight structure (its
    # weight is what gets shared out when rescaling is on).
    relevant = [c for c in children if not _is_empty(c)]
    child_weights = [_child_weight(c) for c in relevant]
    known = [cw for cw in child_weights if cw is not None]
    effective = weight
    if relevant and len(known) == len(relevant):
        total_w = sum(known, ZERO)
        if effective is None:
            effective = total_w
        elif total_w != weight:
            detail = " + ".join(fmt(k) for k in known) + " = " if len(known) > 1 else ""
            add("WEIGHT_SUM", f"下级分值合计 {detail}{fmt(total_w)}，与{kind}分值 {fmt(weight)} 不符"
                              f"（相差 {fmt(total_w - weight)}）", "weight")  # type: ignore[operator]
    elif weight is not None and known:
        add("WEIGHT_SUM_INCOMPLETE", f"{len(relevant) - len(known)} 个下级未填分值，无法核对合计"
                                     f"（已填 {fmt(sum(known, ZERO))} / {fmt(weight)}）", "weight")

    if weight is not None:
        if computed is not None and computed > weight:
            add("CHILDREN_OVER_WEIGHT", f"下级得分合计 {fmt(computed)} 超过{kind}分值 {fmt(weight)}", "score")
        if declared is not None and declared > weight:
            add("SCORE_OVER_WEIGHT", f"得分 {fmt(declared)} 超过分值 {fmt(weight)}", "declared_score")
    if declared is not None and computed is not None:
        _declared_check(add, declared, computed, s, f"{kind}得分", field="declared_score")
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
                    unit: str = "", field: str = "declared") -> None:
    """A figure printed on the form against the computed one.

    Within the tolerance: fine. Printed with fewer decimals and equal to the
    computed figure rounded to those decimals (17.4 for 17.44): a rounding
    difference. Otherwise: a mismatch.
    """
    diff = declared - computed
    if abs(diff) <= s.tolerance:
        return
    exponent = declared.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    rounded = computed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == declared and places < 2:
        add("DECLARED_ROUNDING", f"表上{what} {fmt(declared)}{unit}，计算为 {fmt(computed)}{unit}"
                                 f"（四舍五入差异 {fmt(diff)}）", field)
    else:
        add("DECLARED_MISMATCH", f"表上{what} {fmt(declared)}{unit}，计算为 {fmt(computed)}{unit}"
                                 f"（相差 {fmt(diff)}）", field)


FLAT_PLACE = "指标"  # the place of a flat form's unnamed level's own findings


def _goal_place(goal: Goal, g: int) -> str:
    return _name(goal.title, f"目标{g + 1}")


def _place(parent: str, name: str, fallback: str, s: Settings) -> str:
    """The place of a level below `parent`; a flat form's unnamed goal and levels are no
    step of it (its indicators' places are their names)."""
    if s.flat and not name.strip():
        return parent
    return f"{parent} / {_name(name, fallback)}" if parent else _name(name, fallback)


def _name(text: str, fallback: str) -> str:
    text = text.strip()
    if not text:
        return fallback
    return text if len(text) <= 40 else text[:40] + "…"


def _na_rescale(levels: tuple[GroupResult, ...]) -> Decimal | None:
    """all weight / applicable weight of a goal's indicators, when some are left out."""
    all_weight = na_weight = ZERO
    for level in levels:
        for sub in level.children:
            for ind in sub.children:
                if ind.weight is not None:
                    all_weight += ind.weight
                    if ind.excluded:
                        na_weight += ind.weight
    if na_weight > 0 and all_weight > na_weight:
        return all_weight / (all_weight - na_weight)
    return None


def score_goal(goal: Goal, g: int, s: Settings, cache: ScoreCache | None) -> GroupResult:
    gplace = _goal_place(goal, g)
    # a flat form's unnamed goal is no step of its indicators' places either
    below = "" if s.flat and not goal.title.strip() else gplace
    levels: list[GroupResult] = []
    for l1, level in enumerate(goal.levels):
        lplace = _place(below, level.name, f"一级指标{l1 + 1}", s)
        path = (g, l1)
        hit = cache.get(path, level, lplace) if cache else None
        if hit is None:
            hit = score_level(level, lplace, path, s, cache)
            if cache:
                cache.put(path, level, hit, lplace)
        levels.append(hit)
    levels_t = tuple(levels)
    rescale = _na_rescale(levels_t) if s.rescale_not_applicable else None
    scored = bool(goal.levels) or goal.weight is not None or goal.declared_score is not None
    result = _group(goal.title, goal.weight, goal.declared_score, levels_t, gplace, (g,), s,
                    "目标", rescale, scored)
    if not scored:  # a narrative goal: text only, no points
        return GroupResult(result.name, None, None, None, None, result.children, result.findings,
                           result.all_findings, result.worst, scored=False)
    return result


def score_level(level: LevelOne, place: str, node: tuple[int, ...], s: Settings,
                cache: ScoreCache | None) -> GroupResult:
    subs: list[GroupResult] = []
    for l2, sub in enumerate(level.sublevels):
        splace = _place(place, sub.name, f"二级指标{l2 + 1}", s)
        cost = is_cost_context(level.name, sub.name)
        path = node + (l2,)
        context = (splace, cost)
        hit = cache.get(path, sub, context) if cache else None
        if hit is None:
            hit = score_sublevel(sub, splace, path, cost, s, cache)
            if cache:
                cache.put(path, sub, hit, context)
        subs.append(hit)
    return _group(level.name, level.weight, level.declared_score, tuple(subs), place, node, s, "一级指标")


def score_sublevel(sub: LevelTwo, place: str, node: tuple[int, ...], cost: bool, s: Settings,
                   cache: ScoreCache | None) -> GroupResult:
    inds: list[IndicatorResult] = []
    for i, ind in enumerate(sub.indicators):
        own = _name(ind.name, f'指标{i + 1}')
        iplace = f"{place} / {own}" if place else own  # a flat form: the indicator's name alone
        path = node + (i,)
        context = (iplace, cost)
        hit = cache.get(path, ind, context) if cache else None
        if hit is None:
            hit = score_indicator(ind, iplace, path, cost, s)
            if cache:
                cache.put(path, ind, hit, context)
        inds.append(hit)
    return _group(sub.name, sub.weight, sub.declared_score, tuple(inds), place, node, s, "二级指标")


# ---------------------------------------------------------------------------
# Execution, totals, document checks

EXEC_PLACE = "预算执行情况"
_EXEC_FIGURES = ("weight", "initial_budget", "additions", "reductions", "budget", "spent", "basic",
                 "project", "declared_rate", "declared_score")


def _execution_rate(ex, add) -> tuple[Decimal | None, Decimal | None]:
    """The execution rate (%) and the formula score: from A and B, or from the printed rate
    when the form gives the execution as a rate (执行率, 执行率权重, 执行率得分)."""
    a, b, w = ex.budget, ex.spent, ex.weight
    if (a is None or b is None) and ex.declared_rate is not None:
        rate = ex.declared_rate
        if rate > HUNDRED:
            add("EXECUTION_OVER_BUDGET", f"执行率 {fmt(rate)}% 超过 100%，得分按 100% 封顶，超支需要说明",
                "declared_rate")
        return rate, (_share(w, rate / HUNDRED) if w is not None else None)
    if a is None or b is None:
        missing = "、".join(n for n, v in (("全年预算数 A", a), ("执行数 B", b)) if v is None)
        add("BUDGET_MISSING", f"缺少{missing}，无法计算执行率"
            + ("，按表上所填得分计" if ex.declared_score is not None else ""), "budget" if a is None else "spent")
        return None, None
    if a == 0:
        add("BUDGET_ZERO", f"全年预算数 A 为 0（执行数 B 为 {fmt(b)} 万元），无法计算执行率；"
                           "请填写调整后的全年预算数", "budget")
        return None, None
    ratio = b / a
    rate = q2(ratio * HUNDRED)
    if b > a:
        add("EXECUTION_OVER_BUDGET", f"执行数 {fmt(b)} 万元超过预算数 {fmt(a)} 万元（执行率 {fmt(rate)}%），"
                                     f"得分按 100% 封顶，超支需要说明", "spent")
    return rate, (_share(w, ratio) if w is not None else None)


def score_execution(doc: Document, s: Settings) -> ExecutionResult:
    ex = doc.execution
    place = ex.label.strip() and f"{EXEC_PLACE}（{ex.label.strip()}）" or EXEC_PLACE
    if not ex.funds and all(getattr(ex, name) is None for name in _EXEC_FIGURES):
        # No execution block on this form (or not filled in at all).
        return ExecutionResult(budget=None, spent=None, rate=None, score=None, formula=None,
                               weight=None, findings=(), worst=None, present=False)
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "") -> None:
        out.append(make(code, place, message, section="execution", field=fld))

    a, b, w = ex.budget, ex.spent, ex.weight
    rate, formula = _execution_rate(ex, add)
    if w is None:
        add("WEIGHT_MISSING", "预算执行未填分值", "weight")
    declared_score = ex.declared_score
    score = formula if formula is not None else (q2(declared_score) if declared_score is not None else None)
    if (a is None or b is None) and declared_score is not None:
        score = q2(declared_score)  # the rate alone: the printed score stands, checked against the rate
    if declared_score is not None and w is not None and declared_score > w:
        add("SCORE_OVER_WEIGHT", f"得分 {fmt(declared_score)} 超过分值 {fmt(w)}", "declared_score")
    if ex.declared_rate is not None and rate is not None and a is not None and b is not None:
        _declared_check(add, ex.declared_rate, rate, s, "执行率", "%", field="declared_rate")
    if declared_score is not None and formula is not None:
        _declared_check(add, declared_score, formula, s, "执行得分", field="declared_score")

    if ex.basic is not None and ex.project is not None and b is not None:
        parts = ex.basic + ex.project
        if abs(parts - b) > s.tolerance:
            add("BUDGET_SPLIT", f"基本支出 {fmt(ex.basic)} + 项目支出 {fmt(ex.project)} = {fmt(parts)} 万元，"
                                f"不等于执行数 {fmt(b)} 万元（相差 {fmt(parts - b)}）", "basic")
    if ex.funds:
        _funds_check(ex, a, b, s, add)
    if ex.initial_budget is not None and a is not None and (ex.additions is not None or ex.reductions is not None):
        plus = ex.additions or ZERO
        minus = ex.reductions or ZERO
        expected = ex.initial_budget + plus - minus
        if abs(expected - a) > s.tolerance:
            add("BUDGET_ADJUSTMENTS", f"年初预算 {fmt(ex.initial_budget)} + 追加 {fmt(plus)} − 调减 {fmt(minus)}"
                                      f" = {fmt(expected)} 万元，不等于全年预算数 {fmt(a)} 万元"
                                      f"（相差 {fmt(expected - a)}）", "budget")
    findings = tuple(out)
    return ExecutionResult(budget=a, spent=b, rate=rate, score=score, formula=formula, weight=w,
                           findings=findings, worst=_worst(findings), present=True,
                           declared_rate=ex.declared_rate, declared_score=declared_score)


def _funds_check(ex, a: Decimal | None, b: Decimal | None, s: Settings, add) -> None:
    """The fund rows against 年度资金总额: one finding for the block, naming every column
    that does not add up (one blank row is one finding, not one per column)."""
    parts: list[str] = []
    first = ""
    for label, attr, total in (("全年预算数", "budget", a), ("执行数", "spent", b),
                               ("年初预算数", "initial_budget", ex.initial_budget)):
        values = [getattr(r, attr) for r in ex.funds]
        if total is None or all(v is None for v in values):
            continue
        summed = sum((v for v in values if v is not None), ZERO)
        if abs(summed - total) > s.tolerance:
            names = " + ".join(f"{r.name or '资金'} {fmt(getattr(r, attr))}" for r in ex.funds
                               if getattr(r, attr) is not None)
            parts.append(f"{label}：{names} = {fmt(summed)} 万元，不等于年度资金总额 {fmt(total)} 万元"
                         f"（相差 {fmt(summed - total)}）")
            first = first or attr
    if parts:
        add("FUNDS_BREAKDOWN", "资金来源" + "；".join(parts), first)


TOTAL_PLACE = "总分"


def _document_checks(doc: Document, execution: ExecutionResult, goals: tuple[GroupResult, ...],
                     total: Decimal, s: Settings) -> tuple[Finding, ...]:
    out: list[Finding] = []

    def add(code: str, message: str, fld: str = "", place: str = TOTAL_PLACE,
            section: str = "document") -> None:
        out.append(make(code, place, message, section=section, field=fld))

    if s.partial_min > s.achieved_min:
        add("RULES_INCONSISTENT", f"评分规则中“部分达成”下限 {fmt(s.partial_min)}% 高于“达成”下限 "
                                  f"{fmt(s.achieved_min)}%，定性档次区间无效；请修改 [rules] 设置",
            "partial_min", place="评分规则", section="rules")
    # top-level weights: execution and the scored goals make 100
    labels: list[str] = []
    parts: list[Decimal | None] = []
    if execution.present:
        labels.append("预算执行")
        parts.append(execution.weight)
    for g, goal in enumerate(goals):
        if goal.scored:
            labels.append(_name(goal.name, f"目标{g + 1}"))
            parts.append(goal.effective_weight)
    known = [p for p in parts if p is not None]
    if parts and len(known) == len(parts):
        summed = sum(known, ZERO)
        if summed != HUNDRED:
            detail = " + ".join(fmt(p) for p in known)
            parts_said = "指标权重" if doc.framework is Framework.flat else "各目标分值"
            add("TOTAL_WEIGHT", f"预算执行与{parts_said}合计 {detail} = {fmt(summed)}，不等于 100", "weight")
    elif known:
        missing = "、".join(label for label, p in zip(labels, parts) if p is None)
        add("TOTAL_WEIGHT_INCOMPLETE", f"{len(parts) - len(known)} 个部分未填分值（{missing}），"
                                       f"无法核对合计是否为 100（已填 {fmt(sum(known, ZERO))}）", "weight")
    if total > HUNDRED:
        add("CHILDREN_OVER_WEIGHT", f"各部分得分合计 {fmt(total)} 超过满分 100", "score")
    if s.scores_only:
        count = sum(1 for _ in doc.iter_indicators())
        add("SCORES_ONLY", f"全表 {count} 个指标都只有分值和得分，没有年度指标值和实际完成值（得分按分值评定，"
                           "无法按公式核对）；各行不再逐一提示缺少目标值和实际值", "target")
    _missing_once(doc, s, add)
    if doc.declared_total is not None:
        _declared_check(add, doc.declared_total, total, s, "总分", field="declared_total")
        if doc.declared_total > HUNDRED:
            add("SCORE_OVER_WEIGHT", f"总分 {fmt(doc.declared_total)} 超过满分 100", "declared_total")
    # a department's projects against its 项目支出
    if doc.projects and doc.execution.project is not None:
        amounts = [(p.name, p.spent if p.spent is not None else p.budget) for p in doc.projects]
        if all(v is not None for _, v in amounts):
            summed = sum((v for _, v in amounts), ZERO)  # type: ignore[misc]
            if abs(summed - doc.execution.project) > s.tolerance:
                names = " + ".join(f"{n or '项目'} {fmt(v)}" for n, v in amounts)
                add("PROJECTS_SUM", f"所列项目 {names} = {fmt(summed)} 万元，与项目支出 "
                                    f"{fmt(doc.execution.project)} 万元不符（相差 "
                                    f"{fmt(summed - doc.execution.project)}）",
                    "budget", place="所属项目", section="projects")
    return tuple(out)


# field -> what one finding for the whole form says (code, field's name, consequence, the
# finding's field): a column the whole form leaves empty (a form printed without a 分值
# column, a blank published form with no actuals and no scores) is said once, not on every row.
_MISSING_ONCE = {
    "target": ("TARGET_MISSING", "年度指标值（目标）", "", "target"),
    "actual": ("ACTUAL_MISSING", "实际完成值", "", "actual"),
    "weight": ("WEIGHT_MISSING", "分值", "，跳过封顶检查，无法按公式计分", "weight"),
    "score": ("SCORE_MISSING", "得分", "，也无法按公式算出", "score"),
    "unit": ("UNIT_MISSING", "单位（目标和实际都是数字）", "，请确认口径", "target"),
}


@dataclass(frozen=True)
class Filled:
    """What a goal's indicators fill in, for the checks of the whole form
    (`_scores_only`, `_missing_everywhere`). Kept per goal by the ScoreCache:
    an edit looks again at its own goal only, not at every row of the form."""
    rows: int = 0  # indicators that apply (not marked not applicable)
    target: bool = False  # ... one of them with a target (adjusted or not)
    actual: bool = False
    weight: bool = False
    scorable: bool = False  # a score, an actual or a 得分系数
    numeric: int = 0  # ... whose target and actual are both numbers
    unit: bool = False  # ... one of those with a unit
    text: bool = False  # any indicator, not applicable ones too, with a target or an actual
    score: bool = False  # any indicator with a score

    def __add__(self, other: Filled) -> Filled:
        return Filled(self.rows + other.rows, self.target or other.target, self.actual or other.actual,
                      self.weight or other.weight, self.scorable or other.scorable,
                      self.numeric + other.numeric, self.unit or other.unit,
                      self.text or other.text, self.score or other.score)


def filled_of(goal: Goal) -> Filled:
    out = Filled()
    for level in goal.levels:
        for sub in level.sublevels:
            for ind in sub.indicators:
                out += _filled_row(ind)
    return out


def _filled_row(ind: Indicator) -> Filled:
    text, score = bool(ind.target.strip() or ind.actual.strip()), ind.score is not None
    if ind.not_applicable:
        return Filled(text=text, score=score)
    t, a = parse_value(ind.target), parse_value(ind.actual)
    numeric = t.kind == "number" and a.kind == "number"
    return Filled(1, bool(_target_of(ind)), bool(ind.actual.strip()), ind.weight is not None,
                  score or bool(ind.actual.strip()) or ind.coefficient is not None,
                  int(numeric), numeric and bool(t.unit or a.unit), text, score)


def _filled(doc: Document, cache: ScoreCache | None) -> Filled:
    out = Filled()
    for g, goal in enumerate(doc.goals):
        hit = cache.filled.get(g) if cache is not None else None
        if hit is None or hit[0] is not goal:
            hit = (goal, filled_of(goal))
            if cache is not None:
                cache.filled[g] = hit
        out += hit[1]
    if cache is not None and len(cache.filled) > len(doc.goals):
        for g in [g for g in cache.filled if g >= len(doc.goals)]:
            del cache.filled[g]
    return out


def _missing_everywhere(filled: Filled, s: Settings) -> frozenset[str]:
    """Columns (of `_MISSING_ONCE`) empty on every indicator, not applicable ones aside, of
    a form of two or more. A score counts as missing only where nothing can give one either
    (no actual for a formula, no 得分系数); targets and actuals are `SCORES_ONLY`'s to say
    when the form has only 分值 and 得分."""
    if filled.rows < 2:
        return frozenset()
    empty = {
        "target": not s.scores_only and not filled.target,
        "actual": not s.scores_only and not filled.actual,
        "weight": not filled.weight,
        "score": not filled.scorable,
        "unit": filled.numeric >= 2 and not filled.unit,  # a form that prints no units at all
    }
    return frozenset(f for f, e in empty.items() if e)


def _target_of(ind: Indicator) -> str:
    return ind.adjusted_target.strip() or ind.target.strip()


def _missing_once(doc: Document, s: Settings, add) -> None:
    if not s.missing_everywhere:
        return
    count = sum(1 for _, ind in doc.iter_indicators() if not ind.not_applicable)
    for f, (code, label, then, fld) in _MISSING_ONCE.items():
        if f in s.missing_everywhere:
            add(code, f"全表 {count} 个指标都未填{label}{then}；各行不再逐一提示", fld)


def _scores_only(filled: Filled) -> bool:
    """No indicator has a target or an actual, and some have a score (see Settings.scores_only)."""
    return not filled.text and filled.score


def score_document(doc: Document, cache: ScoreCache | None = None) -> Result:
    """Score a document and run every check (RULES.md 5 and 6).

    Never raises: a document that cannot be scored (only possible for one
    that bypassed validation, or through a bug) gives a Result whose
    `cannot_score` says why, with a CANNOT_SCORE finding."""
    try:
        with localcontext(SCORING_CONTEXT):
            return _score(doc, cache)
    except (ArithmeticError, ValueError, TypeError) as exc:
        if cache is not None:
            cache.entries.clear()
        return _unscored(doc, exc)


def _score(doc: Document, cache: ScoreCache | None) -> Result:
    s = resolve(doc.rules)
    filled = _filled(doc, cache)
    if _scores_only(filled):
        s = replace(s, scores_only=True)
    missing = _missing_everywhere(filled, s)
    if missing:
        s = replace(s, missing_everywhere=missing)
    if doc.framework is Framework.flat:
        s = replace(s, flat=True)
    if cache is not None:
        cache.prepare(s)
    execution = score_execution(doc, s)
    goals: list[GroupResult] = []
    for g, goal in enumerate(doc.goals):
        path = (g,)
        hit = cache.get(path, goal) if cache else None
        if hit is None:
            hit = score_goal(goal, g, s, cache)
            if cache:
                cache.put(path, goal, hit)
        goals.append(hit)
    goals_t = tuple(goals)
    # the total is the sum of the rounded items
    total = (execution.score or ZERO) + sum((g.score for g in goals_t if g.score is not None), ZERO)
    doc_findings = _document_checks(doc, execution, goals_t, total, s)
    findings: list[Finding] = list(doc_findings)
    findings.extend(execution.findings)
    for g in goals_t:
        findings.extend(g.all_findings)
    result = Result(settings=s, execution=execution, goals=goals_t, total=total,
                    declared_total=doc.declared_total, grade=grade_of(total),
                    findings=tuple(findings), document_findings=doc_findings)
    # no score anywhere (a blank published form): no grade; the total of 0 means nothing
    return result if result.scored else replace(result, grade=UNSCORED)


# ---------------------------------------------------------------------------
# A document that cannot be scored


def _why(doc: Document, exc: Exception) -> tuple[str, str, tuple[int, ...], str]:
    """Why, and where (section, node, field): found by validating the
    document again (it bypassed validation to get here), or else what went
    wrong."""
    try:
        validate_document(doc.model_dump(by_alias=True))
    except DocumentError as err:
        problem = err.problems[0]
        where = f"{problem.place}：" if problem.place else ""
        parts = problem.key.split(".")
        section = parts[0].split("[")[0] if problem.key else "document"
        if section not in ("goals", "execution", "projects", "rules"):
            section = "document"
        node = tuple(int(i) for i in re.findall(r"\[(\d+)\]", problem.key)) if section == "goals" else ()
        return f"{where}{problem.message}", section, node, parts[-1].split("[")[0]
    except Exception:  # noqa: BLE001 - the explanation must not fail in turn
        pass
    return (f"计算中出现数值错误（{type(exc).__name__}）；请检查表中过大、过小或位数过多的数字",
            "document", (), "")


def _bare(node, name: str, children: tuple) -> GroupResult:
    weight = getattr(node, "weight", None)
    return GroupResult(name=name, weight=weight, effective_weight=weight, score=None,
                       declared=getattr(node, "declared_score", None), children=children,
                       findings=(), all_findings=(), worst=None)


def _bare_indicator(ind: Indicator) -> IndicatorResult:
    return IndicatorResult(
        target=parse_value(ind.target), actual=parse_value(ind.actual), method=None,
        weight=ind.weight, typed=ind.score, formula=None, score=None, completion=None,
        explanation="无法计分", findings=(), worst=None, not_applicable=bool(ind.not_applicable))


def _unscored(doc: Document, exc: Exception) -> Result:
    """The result of a document that cannot be scored: its structure, no
    scores, and one CANNOT_SCORE error that says why."""
    why, section, node, fld = _why(doc, exc)
    finding = make("CANNOT_SCORE", TOTAL_PLACE, f"无法计分：{why}；改正后即可计分", section=section,
                   node=node, field=fld)
    try:
        settings = resolve(doc.rules)
    except Exception:  # noqa: BLE001 - the rules themselves may be what is broken
        settings = resolve(Rules())
    goals = tuple(
        _bare(goal, goal.title, tuple(
            _bare(level, level.name, tuple(
                _bare(sub, sub.name, tuple(_bare_indicator(ind) for ind in sub.indicators))
                for sub in level.sublevels))
            for level in goal.levels))
        for goal in doc.goals)
    ex = doc.execution
    execution = ExecutionResult(budget=ex.budget, spent=ex.spent, rate=None, score=None, formula=None,
                                weight=ex.weight, findings=(), worst=None,
                                present=any(getattr(ex, n) is not None for n in _EXEC_FIGURES)
                                or bool(ex.funds),
                                declared_rate=ex.declared_rate, declared_score=ex.declared_score)
    return Result(settings=settings, execution=execution, goals=goals, total=ZERO,
                  declared_total=doc.declared_total, grade="—", findings=(finding,),
                  document_findings=(finding,), cannot_score=why)
