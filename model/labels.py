"""The Chinese names of a form's fields and items: one table for all.

Messages about a file (model.files, model.storage's differences), the
importer's and the roll-up's notes (exchange/) and the app's field labels
(tui/) all name a field from here, so the same key never reads two ways.
The words are the form's own (docs/file-format.md), short enough for the
app's label column at 80×24.
"""

from __future__ import annotations

__all__ = ["FIELD_LABELS", "ITEM_NAMES"]

# key -> label. A dotted key names a field where the plain key's label would
# mislead: `narrative.improvement` beside the indicator's `improvement`, the
# goal's `target`, a fund row's `budget`.
FIELD_LABELS = {
    "schema": "格式版本",
    "kind": "表类型",
    "framework": "指标体系",
    "title": "标题",
    "unit": "单位名称",
    "project_name": "项目名称",
    "department": "主管部门",
    "implementing_unit": "项目实施单位",
    "year": "年度",
    "fill_date": "填报日期",
    "declared_total": "总分（表上）",
    "rules": "评分规则",
    "execution": "预算执行情况",
    "goals": "目标",
    "projects": "所属项目",
    "narrative": "说明",
    "name": "名称",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "method": "计分方法",
    "tier": "定性档次",
    "not_applicable": "不适用",
    "adjusted_target": "调整指标值",
    "coefficient": "得分系数（%）",
    "core": "是否核心指标",
    "reason": "偏差原因分析",
    "improvement": "改进措施",
    "last_actual": "上年实际完成值",
    "declared_score": "得分（表上）",
    "levels": "一级指标",
    "sublevels": "二级指标",
    "indicators": "三级指标",
    "label": "名称",
    "initial_budget": "年初预算数",
    "additions": "年中追加",
    "reductions": "年中调减",
    "budget": "全年预算数 A",
    "spent": "执行数 B",
    "basic": "基本支出",
    "project": "项目支出",
    "declared_rate": "执行率（表上）",
    "funds": "资金来源",
    "deviation": "偏差原因分析",
    "remarks": "备注",
    "summary": "自评结论",
    "preset": "规则预设",
    "achieved_min": "达成档下限",
    "partial_min": "部分达成档下限",
    "reverse": "反向指标公式",
    "overshoot": "超额阈值",
    "tolerance": "容差",
    "rescale_not_applicable": "不适用指标重新分配",
    "rules.preset": "评分规则",
    "narrative.deviation": "偏差原因分析",
    "narrative.improvement": "改进措施",
    "narrative.remarks": "备注",
    "narrative.summary": "自评结论",
    "fund.name": "资金来源",
    "fund.budget": "全年预算数",
    "fund.spent": "全年执行数",
    "goal.target": "年初设定目标",
    "goal.actual": "实际完成情况",
    "labels": "表上用语",
    "columns": "指标表栏目",
    "slot": "位置",
    "text": "文字",
}

# A list of the form -> the name of one of its items ("目标2", "一级指标1").
ITEM_NAMES = {"goals": "目标", "levels": "一级指标", "sublevels": "二级指标", "indicators": "指标",
              "funds": "资金来源", "projects": "项目"}
