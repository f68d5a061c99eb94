"""The words a form reader recognises rows by (labels, titles, goal lines, total rows),
and the small helpers the readers share."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from model.document import parse_date


__all__ = ["HEADER_LABELS", "NARRATIVE_LABELS", "ALL_LABELS", "LABEL_INLINE", "OTHER_LABELS", "TOTAL_ROW_WORDS",
           "HEADING_SLOTS", "as_compared", "nearest_left", "label_of", "cell_date"]


def as_compared(text: str) -> str:
    """A heading as compared with the official wording: NFKC, no spaces (年初目标值(A) is
    年初目标值（A）, but 实际完成值 without its (B) is a wording of its own)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# indicator table column -> the slot of its heading (model.Label)
HEADING_SLOTS = {"level_one": "level_one", "level_two": "level_two", "name": "indicator", "target": "target",
                 "actual": "actual", "weight": "weight", "score": "score", "reason": "reason"}

# row labels -> document field
HEADER_LABELS = {
    "单位名称": "unit", "填报单位": "unit", "部门名称": "unit",
    "填报日期": "fill_date",
    "总分": "declared_total", "自评得分": "declared_total", "自评总分": "declared_total",
    "综合得分": "declared_total", "评价得分": "declared_total",
    "基本支出总额": "basic", "基本支出": "basic",
    "项目支出总额": "project", "项目支出": "project",
    "项目名称": "project_name", "主管部门": "department",
    "项目实施单位": "implementing_unit", "实施单位": "implementing_unit",
    "评价等级": "grade",
}
NARRATIVE_LABELS = {
    "偏差大或目标未完成原因分析": "deviation", "偏差原因分析": "deviation",
    "目标未完成原因分析": "deviation",
    "改进措施及结果应用方案": "improvement", "改进措施": "improvement",
    "备注": "remarks",
    "自评结论": "summary", "其他说明": "summary", "评价结论": "summary", "总体评价结论": "summary",
    "自评结论及说明": "summary",
    # problems found go to the remarks, under their own heading
    "存在问题": "problems", "存在的问题": "problems", "存在问题及原因分析": "problems", "主要问题": "problems",
}
# Header labels of fields the model does not hold (their value is noted, never read as another field's)
OTHER_LABELS = {"财政处室", "业务处室", "主管处室", "项目负责人", "联系人", "联系电话", "预算单位", "项目属性",
                "项目类型", "项目期", "资金用途", "填报人", "审核人"}
# The first cell of a printed total row under the indicator table (a total, not an indicator)
TOTAL_ROW_WORDS = {"合计", "总计", "总分", "合计得分", "总得分", "得分合计", "分值合计", "综合得分", "自评总分"}
ALL_LABELS = {**HEADER_LABELS, **NARRATIVE_LABELS}
# `单位名称：…`, also as typed in Word with spaces for alignment (`单 位 名 称 ：`) and with
# `（盖章）` before the colon; group 1 folded with `norm` is the key of ALL_LABELS.
LABEL_INLINE = re.compile(
    "(" + "|".join(r"[ \t\u3000]*".join(re.escape(ch) for ch in k)
                   for k in sorted(ALL_LABELS, key=len, reverse=True))
    + r")[ \t\u3000]*(?:[（(][ \t\u3000]*(?:盖章|公章|签章|签字)[ \t\u3000]*[)）])?[ \t\u3000]*[:：]\s*")
GOAL_WEIGHTED = re.compile(
    r"^(?P<title>[^\n：:（(]{0,60}?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分\s*[)）]\s*(?:[：:]\s*(?P<text>[\s\S]*))?$")
GOAL_NUMBERED = re.compile(
    r"^(?P<title>(?:年度|绩效|部门)?目标\s*[0-9一二三四五六七八九十]+)\s*(?:[：:]\s*(?P<text>[\s\S]*))?$")
GOAL_COLON = re.compile(r"^(?P<title>[^\n：:]{1,60})[：:]\s*(?P<text>[\s\S]*)$")
ACTUAL_ROW = re.compile(r"^(?:全年)?(?:实际)?完成情况\s*[：:]\s*(?P<text>[\s\S]*)$")
TITLE_WORDS = ("自评表", "评价表", "自评结果表")
# A row `年度目标（80分） | text`: a goal with its weight and target text, in a table
GOAL_ROW_TITLES = {"年度目标", "年度总体目标", "总体目标", "绩效目标", "部门年度目标", "项目绩效总目标",
                   "年度绩效目标", "部门整体绩效目标", "项目年度目标"}
BLOCK_LABELS = {"年度绩效指标", "绩效指标", "部门年度绩效指标", "年度绩效目标"}
TEXT_GOAL_TARGET = {"年初设定目标", "年度目标", "指标要求", "年初目标", "绩效目标", "预期目标"}
TEXT_GOAL_ACTUAL = {"全年实际完成情况", "实际完成情况", "完成情况", "全年完成情况"}
YEAR_IN_TITLE = re.compile(r"^\s*((?:19|20|21)\d{2})\s*年")


YEAR_LINE = re.compile(r"^[（(]\s*((?:19|20|21)\d{2})\s*年度?\s*[)）]$")  # （  2024  年度）
YEAR_IN_BRACKETS = re.compile(r"[（(]\s*((?:19|20|21)\d{2})\s*年度?\s*[)）]")
TOTAL_KEYS = {"declared_total"}
# A row of the indicator table that is the budget execution (central layout: 预算执行率 | 10 | 10)
EXECUTION_ROW_NAMES = {"预算执行率", "预算执行", "预算执行情况", "预算资金执行率", "资金执行率", "项目预算执行率"}
# Fund rows of the execution block: `其中：当年财政拨款`
FUND_PREFIX = re.compile(r"^\s*其中\s*[:：]?\s*")


def nearest_left(cols: dict[str, int], c: int) -> str | None:
    best = None
    for k, cc in cols.items():
        if cc <= c and (best is None or cc > cols[best]):
            best = k
    return best


def label_of(key: str) -> str:
    return {
        "unit": "单位名称", "project_name": "项目名称", "department": "主管部门",
        "implementing_unit": "项目实施单位", "declared_total": "总分", "basic": "基本支出总额",
        "project": "项目支出总额", "initial_budget": "年初预算数", "budget": "预算数",
        "spent": "执行数", "rate": "执行率", "score": "得分", "weight": "分值",
        "declared_score": "得分", "additions": "年中追加", "reductions": "年中调减",
        "target": "年初设定目标", "actual": "全年实际完成情况", "name": "项目名称",
    }.get(key, key)


def cell_date(value: Any, text: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(text)
