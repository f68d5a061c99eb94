"""Findings: what the checks report (RULES.md section 6).

Every finding has a stable code, a severity, the place in the form, and a
Chinese message that carries the numbers. The catalogue below is the single
list of codes; docs/checks.md describes each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Severity", "Finding", "CODES", "SEVERITY_LABELS"]


class Severity(StrEnum):
    error = "error"  # the form is wrong
    warning = "warning"  # needs attention or an explanation
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]


SEVERITY_LABELS = {Severity.error: "错误", Severity.warning: "警告", Severity.info: "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    path: str  # the place, by names: 年度目标1 / 产出指标 / 数量指标 / 指标名
    message: str
    # Where the node is: "document", "execution", "projects", "rules" or
    # "goals"; for "goals", `node` is the index path (goal, level, sublevel,
    # indicator).
    section: str = "goals"
    node: tuple[int, ...] = ()
    field: str = ""  # the field most concerned, e.g. "score" or "actual"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
            "section": self.section,
            "node": list(self.node),
            "field": self.field,
        }


E, W, I = Severity.error, Severity.warning, Severity.info

# code -> (severity, short Chinese title). Titles are used by the app and docs.
CODES: dict[str, tuple[Severity, str]] = {
    # caps (封顶)
    "SCORE_OVER_WEIGHT": (E, "得分超过分值"),
    "CHILDREN_OVER_WEIGHT": (E, "下级得分合计超过分值"),
    "EXECUTION_OVER_BUDGET": (W, "执行数超过预算数"),
    "TIER_BAND": (E, "定性得分不在档次区间内"),
    # mismatches (不一致)
    "WEIGHT_SUM": (E, "下级分值合计与分值不符"),
    "WEIGHT_SUM_INCOMPLETE": (I, "部分下级未填分值"),
    "TOTAL_WEIGHT": (E, "各部分分值合计不等于 100"),
    "TOTAL_WEIGHT_INCOMPLETE": (I, "部分目标未填分值"),
    "DECLARED_MISMATCH": (W, "表上所填数与计算结果不符"),
    "DECLARED_ROUNDING": (W, "表上所填数与计算结果有舍入差异"),
    "TYPED_SCORE_DIFFERS": (W, "所填得分与公式得分不同"),
    # the flat framework (RULES.md 5b)
    "COEFFICIENT_RANGE": (E, "得分系数不在 0–100% 之间"),
    "COEFFICIENT_SCORE": (W, "得分不等于得分系数 × 指标权重"),
    "CORE_UNMET": (W, "核心指标未完成"),
    "ADJUSTED_NO_REASON": (W, "调整了指标值但未说明原因"),
    "UNIT_KIND_MISMATCH": (E, "目标与实际单位类别不同"),
    "UNIT_WORD_MISMATCH": (W, "目标与实际计量单位不同"),
    "UNIT_ONE_SIDED": (W, "只有一方写了单位"),
    "BUDGET_SPLIT": (E, "基本支出与项目支出之和不等于执行数"),
    "FUNDS_BREAKDOWN": (E, "资金来源合计不等于年度资金总额"),
    "BUDGET_ADJUSTMENTS": (E, "年初预算加追加减调减不等于全年预算"),
    "PROJECTS_SUM": (E, "所属项目合计与项目支出不符"),
    "BUDGET_ZERO": (E, "预算数为 0，无法计算执行率"),
    "RULES_INCONSISTENT": (E, "评分规则设置自相矛盾"),
    "CANNOT_SCORE": (E, "无法计分"),
    # explanations required (需要说明)
    "UNMET_NO_REASON": (W, "目标未完成但未填偏差原因"),
    "OVERSHOOT_NO_REASON": (W, "大幅超额完成但未填说明"),
    "COST_OVER_LIMIT": (W, "成本超出限额"),
    # missing values (缺项)
    "WEIGHT_MISSING": (I, "未填分值"),
    "TARGET_MISSING": (W, "未填年度指标值"),
    "ACTUAL_MISSING": (W, "未填实际完成值"),
    "SCORES_ONLY": (W, "表中只有分值和得分，没有目标值和实际值"),
    "UNIT_MISSING": (I, "数值未写单位"),
    "SCORE_MISSING": (W, "没有得分"),
    "ROW_BLANK": (W, "整行未填"),
    "BUDGET_MISSING": (W, "缺少预算数或执行数"),
    "NOT_SCORABLE": (I, "无法按公式计分"),
    "DIRECTION_BY_NAME": (I, "按指标名称读作反向指标"),
    # qualitative indicators (定性指标)
    "TIER_SUGGEST": (I, "建议定为“达成预期指标”"),
    "TIER_MISSING": (I, "定性指标未选档次"),
    "NOT_APPLICABLE": (I, "不适用指标"),
}


def make(code: str, path: str, message: str, *, section: str = "goals",
         node: tuple[int, ...] = (), field: str = "") -> Finding:
    severity = CODES[code][0]
    return Finding(code, severity, path, message, section, node, field)
