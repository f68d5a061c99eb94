"""The column headings real forms use, by role: one table, kept here as data.

Every indicator-table reader (form import, paste) finds a column's role by its
heading through `column_field`. A heading is compared after `vocab.norm`:
full-width forms folded (NFKC: `（` is `(`), spaces and line breaks removed,
and a trailing mark taken off — `（A）`, `(B)`, `（A/B）`, `（20分）`, `（分）`,
`（%）`, `（万元）`. So `指标权重（分）`, `指标权重(分)` and `指标\n权重` are one
heading. To read a new form, add its headings to `HEADINGS` (the first word of
each role is the label jixiao writes).

Roles:
    goal, section        the block column (年度目标, 年度绩效指标)
    level_one, level_two 一级指标, 二级指标
    name                 三级指标 / 指标名称
    target, actual       年初目标值 / 年度指标值, 实际完成值
    adjusted             调整指标值 (the target when given: RULES.md 5b)
    nature               指标性质: a direction (≥ ≤ =) put back into the target, or 定量/定性
    unit                 度量单位 / 计量单位, put back into target and actual
    weight, score        分值 / 权重, 得分
    coefficient, core    得分系数, 是否核心指标 (the flat framework, RULES.md 5b)
    seq                  序号: row numbers, not read (one note)
    reason, improvement  偏差原因分析, 改进措施
    method, tier         jixiao's own columns (计分方法, 定性档次)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .vocab import norm

__all__ = ["HEADINGS", "COLUMN_FIELDS", "COLUMN_LABELS", "STANDARD_ORDER", "VALUE_PARTS", "column_field",
           "table_columns"]

# role -> headings (compared after norm); the first is the label jixiao writes.
HEADINGS: dict[str, tuple[str, ...]] = {
    "goal": ("年度目标", "绩效目标", "目标", "目标名称"),
    "level_one": ("一级指标", "一级", "一级指标名称"),
    "level_two": ("二级指标", "二级", "二级指标名称"),
    "name": ("三级指标", "指标名称", "三级指标名称", "三级", "指标", "绩效指标名称", "指标内容"),
    "target": ("年初目标值", "年度指标值", "年初目标", "目标值", "年度目标值", "指标值", "年初指标值",
               "预期目标值", "计划目标值", "年度预期目标", "指标要求", "年初设定目标值", "预期指标值",
               "年度预期指标值", "预期目标"),
    "actual": ("实际完成值", "实际完成", "完成值", "全年实际完成值", "实际值", "实际完成情况",
               "全年完成值", "完成情况", "全年实际值", "实际完成指标值", "实际完成数"),
    "adjusted": ("调整指标值", "调整后指标值", "调整后目标值", "调整目标值"),
    "nature": ("指标性质", "指标方向", "比较方式", "符号", "计算符号"),
    "unit": ("度量单位", "计量单位", "单位", "指标单位"),
    "weight": ("分值", "权重", "指标分值", "权重分值", "标准分值", "标准分", "满分", "指标权重", "指标分数"),
    "score": ("得分", "自评得分", "评分", "实际得分", "评价得分", "指标得分", "分数"),
    "coefficient": ("得分系数", "完成系数", "评分系数"),
    "seq": ("序号", "编号"),
    "core": ("是否核心指标", "核心指标"),
    "reason": ("偏差原因分析", "偏差原因", "偏差原因分析及改进措施", "未完成原因", "偏差原因及改进措施",
               "未完成原因分析", "原因分析"),
    "improvement": ("改进措施",),
    "method": ("计分方法",),
    "tier": ("定性档次", "档次"),
    "section": ("年度绩效指标", "项目年度绩效指标", "绩效指标", "部门年度绩效指标"),
}
COLUMN_FIELDS = HEADINGS  # the name the paste reader's `columns=` argument knows

COLUMN_LABELS = {
    "goal": "年度目标", "level_one": "一级指标", "level_two": "二级指标", "name": "指标名称",
    "target": "年初目标值", "actual": "实际完成值", "adjusted": "调整指标值", "adjusted_target": "调整指标值", "nature": "指标性质",
    "unit": "度量单位", "weight": "分值", "score": "得分", "coefficient": "得分系数", "core": "是否核心指标",
    "seq": "序号", "reason": "偏差原因", "improvement": "改进措施", "method": "计分方法", "tier": "定性档次",
    "section": "（区块标题）",
}

# The order of the official indicator table (sans the block column).
STANDARD_ORDER = ("level_one", "level_two", "name", "target", "actual", "weight", "score", "reason",
                  "improvement")
# Columns whose content is put back into the target and actual (`≥` + `100` + `%`).
VALUE_PARTS = ("nature", "unit")

# A role of a heading -> the indicator-table column of the form it is (model.COLUMNS);
# roles not listed (序号, 度量单位, 指标性质, the block column …) are no column of its own.
_TABLE_COLUMNS = {"level_one": "level_one", "level_two": "level_two", "name": "indicator", "target": "target",
                  "adjusted": "adjusted", "actual": "actual", "coefficient": "coefficient", "weight": "weight",
                  "score": "score", "core": "core", "reason": "reason", "improvement": "improvement"}


def table_columns(roles: Iterable[str]) -> list[str]:
    """The columns an indicator table's heading row gives the form (`Document.columns`),
    in its order, each once: the roles of its headings, left to right."""
    out: list[str] = []
    for role in roles:
        column = _TABLE_COLUMNS.get(role)
        if column is not None and column not in out:
            out.append(column)
    return out


_EXACT: dict[str, str] = {}
for _field, _words in HEADINGS.items():
    for _w in _words:
        _EXACT.setdefault(norm(_w), _field)


@lru_cache(maxsize=4096)
def column_field(header: str) -> str | None:
    """The role a heading names, or None."""
    key = norm(header)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    # looser forms (`得分（20分*执行率）` is not an indicator column)
    for words, role in _CONTAINS:
        if all(w in key for w in words):
            return role
    if ("年初" in key or "年度" in key or "预期" in key) and ("目标" in key or "指标值" in key):
        return "target"
    if key.endswith("指标名称"):
        return "name"
    return None


# (words all in the heading, role), tried in order after the exact headings
_CONTAINS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("一级", "指标"), "level_one"), (("二级", "指标"), "level_two"), (("三级",), "name"),
    (("调整", "指标值"), "adjusted"), (("偏差",), "reason"), (("原因",), "reason"), (("改进",), "improvement"),
    (("实际", "完成"), "actual"), (("实际", "值"), "actual"), (("核心指标",), "core"), (("得分系数",), "coefficient"),
    (("权重",), "weight"),
)
