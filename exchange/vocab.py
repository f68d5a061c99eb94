"""The words of the official forms: column headers, row labels, categories.

Header and label cells are compared after `norm`: full-width forms folded
(NFKC), spaces removed, and a trailing `（A）`, `(B)` or `（20分）` taken off.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

__all__ = [
    "norm",
    "strip_weight",
    "COLUMN_FIELDS",
    "COLUMN_LABELS",
    "STANDARD_ORDER",
    "column_field",
    "LEVEL_ONE_NAMES",
    "LEVEL_TWO_NAMES",
    "is_category",
    "category_level",
]

_SPACE = re.compile(r"\s+")
_TRAILING_MARK = re.compile(r"[（(]\s*(?:[A-Za-z]|[A-Za-z]\s*/\s*[A-Za-z])\s*[)）]$")
WEIGHT_RE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
_TRAILING_WEIGHT = re.compile(r"\s*[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")


@lru_cache(maxsize=4096)
def norm(text: str) -> str:
    """A header or label as compared: NFKC, no spaces, no trailing (A)/(20分)."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACE.sub("", text)
    for _ in range(2):
        text = _TRAILING_MARK.sub("", text)
        text = _TRAILING_WEIGHT.sub("", text)
    return text


def strip_weight(text: str) -> tuple[str, Decimal | None]:
    """`产出指标（40分）` -> (`产出指标`, 40); text without a weight is returned as is."""
    m = _TRAILING_WEIGHT.search(text)
    if not m:
        return text.strip(), None
    return text[: m.start()].strip(), Decimal(m.group(1))


# field -> header words (normalised); the first is the label jixiao writes.
COLUMN_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("年度目标", "绩效目标", "目标", "目标名称"),
    "level_one": ("一级指标", "一级", "一级指标名称"),
    "level_two": ("二级指标", "二级", "二级指标名称"),
    "name": ("三级指标", "指标名称", "三级指标名称", "三级", "指标", "绩效指标名称", "指标内容"),
    "target": ("年初目标值", "年度指标值", "年初目标", "目标值", "年度目标值", "指标值",
               "预期目标值", "计划目标值", "年度预期目标", "指标要求", "年初设定目标值"),
    "actual": ("实际完成值", "实际完成", "完成值", "全年实际完成值", "实际值", "实际完成情况",
               "全年完成值", "完成情况"),
    "weight": ("分值", "权重", "指标分值", "权重分值", "标准分值", "标准分", "满分", "指标权重"),
    "score": ("得分", "自评得分", "评分", "实际得分", "评价得分"),
    "reason": ("偏差原因分析", "偏差原因", "偏差原因分析及改进措施", "未完成原因", "偏差原因及改进措施",
               "未完成原因分析", "原因分析"),
    "improvement": ("改进措施",),
    "method": ("计分方法",),
    "tier": ("定性档次", "档次"),
    "section": ("年度绩效指标", "项目年度绩效指标", "绩效指标", "部门年度绩效指标"),
}

# The name of each column of an indicator table in import notes: the words of
# the official table (年初目标值, 偏差原因), not model.labels' field names.
COLUMN_LABELS = {
    "goal": "年度目标",
    "level_one": "一级指标",
    "level_two": "二级指标",
    "name": "指标名称",
    "target": "年初目标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "reason": "偏差原因",
    "improvement": "改进措施",
    "method": "计分方法",
    "tier": "定性档次",
    "section": "（区块标题）",
}

# The order of the official indicator table (sans the block column).
STANDARD_ORDER = ("level_one", "level_two", "name", "target", "actual", "weight", "score", "reason",
                  "improvement")

_EXACT: dict[str, str] = {}
for _field, _words in COLUMN_FIELDS.items():
    for _w in _words:
        _EXACT.setdefault(_w, _field)


@lru_cache(maxsize=4096)
def column_field(header: str) -> str | None:
    """The field a header cell names, or None."""
    key = norm(header)
    if not key:
        return None
    if key in _EXACT:
        return _EXACT[key]
    # looser forms: `年初目标值（A）` already folded; `得分（20分*执行率）` is not an indicator column
    if "一级" in key and "指标" in key:
        return "level_one"
    if "二级" in key and "指标" in key:
        return "level_two"
    if "三级" in key:
        return "name"
    if "偏差" in key or "原因" in key:
        return "reason"
    if "改进" in key:
        return "improvement"
    if "实际" in key and ("完成" in key or "值" in key):
        return "actual"
    if ("年初" in key or "年度" in key or "预期" in key) and ("目标" in key or "指标值" in key):
        return "target"
    if key.endswith("指标名称"):
        return "name"
    if key in ("分数",):
        return "score"
    return None


LEVEL_ONE_NAMES = frozenset({"产出指标", "效益指标", "满意度指标", "成本指标", "效果指标", "影响力指标"})
LEVEL_TWO_NAMES = frozenset({
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "可持续性影响指标",
    "服务对象满意度指标", "满意度指标", "社会公众满意度指标",
})


def is_category(text: str) -> bool:
    key = norm(text)
    return key in LEVEL_ONE_NAMES or key in LEVEL_TWO_NAMES


def category_level(text: str) -> int | None:
    """1 for a word that only names a level one, 2 for a level-two-only word,
    0 for a word that can be either (成本指标, 满意度指标), None otherwise."""
    key = norm(text)
    one, two = key in LEVEL_ONE_NAMES, key in LEVEL_TWO_NAMES
    if one and two:
        return 0
    if one:
        return 1
    if two:
        return 2
    return None
