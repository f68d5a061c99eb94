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
    "LEVEL_ONE_NAMES",
    "LEVEL_TWO_NAMES",
    "is_category",
    "category_level",
]

_SPACE = re.compile(r"\s+")
# `（A）`, `(B)`, `（A/B）`, and the unit of a whole column: `（分）`, `（%）`, `（万元）`
_TRAILING_MARK = re.compile(r"[（(]\s*(?:[A-Za-z]|[A-Za-z]\s*/\s*[A-Za-z]|分|%|％|万元|元)\s*[)）]$")
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
