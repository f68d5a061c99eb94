"""Every check of RULES.md section 6: a form that triggers it and one that does not.

Each case below names a code, builds the smallest form that should trigger
it, the nearest form that should not, and the exact Chinese message (with its
numbers) and place the finding must carry. A last test makes sure every code
in the catalogue has a case and is documented in docs/checks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Callable

import pytest
from builders import codes, execution, first_indicator, form, having, ind, score

from model import Document, FundRow, Goal, LevelOne, LevelTwo, ProjectRef, Rules, Tier
from scoring import CODES, Severity

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
IND = "年度目标1 / 产出指标 / 数量指标 / 培训场次"
GOAL = "年度目标1"
EXEC = "预算执行情况"


def ok(**kw) -> Document:
    """The clean form: one indicator fully met, execution 100 %, weights 20 + 80."""
    return form(ind(kw.pop("target", "≥10场"), kw.pop("actual", "10场"), weight=kw.pop("weight", 80),
                    name="培训场次", **kw))


def qual(**kw) -> Document:
    base = dict(target="提升", actual="有所提升", weight=80, score=80, tier=Tier.achieved)
    base.update(kw)
    return ok(**base)


def levels(*weights_and_scores, goal_weight=80, goal_declared=None) -> Document:
    """A goal whose level ones carry (weight, indicator weight, indicator score)."""
    lvls = []
    for n, (lw, iw, isc) in enumerate(weights_and_scores):
        lvls.append(LevelOne(name=f"一级{n + 1}", weight=None if lw is None else D(lw), sublevels=(
            LevelTwo(name="数量指标", indicators=(ind("≥1次", "1次", iw, isc, name=f"指标{n + 1}"),)),)))
    goal = Goal(title="年度目标1", weight=None if goal_weight is None else D(goal_weight),
                declared_score=None if goal_declared is None else D(goal_declared), levels=tuple(lvls))
    return form(goals=(goal,))


def exe(**kw) -> Document:
    base = dict(budget=100, spent=100, weight=20)
    base.update(kw)
    return form(ind("≥10场", "10场", weight=80, name="培训场次"), exe=execution(**base))


@dataclass
class Case:
    code: str
    trigger: Callable[[], Document]
    clean: Callable[[], Document]
    message: str  # the exact message of the finding
    path: str
    field: str = ""


CASES = [
    # -- caps
    Case("SCORE_OVER_WEIGHT", lambda: ok(weight=4, score=5, reason="r"), lambda: ok(weight=4, score=4, reason="r"),
         "得分 5 超过分值 4", IND, "score"),
    Case("CHILDREN_OVER_WEIGHT", lambda: levels((None, 50, 50), (None, 40, 40), goal_weight=80),
         lambda: levels((None, 40, 40), (None, 40, 40), goal_weight=80),
         "下级得分合计 90 超过目标分值 80", GOAL, "score"),
    Case("EXECUTION_OVER_BUDGET", lambda: exe(budget=100, spent="120.5"), lambda: exe(budget=100, spent=100),
         "执行数 120.5 万元超过预算数 100 万元（执行率 120.5%），得分按 100% 封顶，超支需要说明", EXEC, "spent"),
    Case("TIER_BAND", lambda: qual(score=60, tier=Tier.achieved), lambda: qual(score=64, tier=Tier.achieved),
         "得分 60 不在“达成预期指标”的区间 [64, 80] 内（分值 80）", IND, "score"),
    # -- mismatches
    Case("WEIGHT_SUM", lambda: levels((30, 30, 30), (40, 40, 40)), lambda: levels((40, 40, 40), (40, 40, 40)),
         "下级分值合计 30 + 40 = 70，与目标分值 80 不符（相差 -10）", GOAL, "weight"),
    Case("WEIGHT_SUM_INCOMPLETE", lambda: levels((40, 40, 40), (None, None, 40)),
         lambda: levels((40, 40, 40), (40, 40, 40)),
         "1 个下级未填分值，无法核对合计（已填 40 / 80）", GOAL, "weight"),
    Case("TOTAL_WEIGHT", lambda: ok(weight=70) .model_copy(update={"goals": (
        Goal(title="年度目标1", weight=D(70), levels=ok().goals[0].levels),)}),
         ok, "预算执行与各目标分值合计 20 + 70 = 90，不等于 100", "总分", "weight"),
    Case("TOTAL_WEIGHT_INCOMPLETE", lambda: levels((None, None, 40), goal_weight=None),
         lambda: levels((None, 80, 80), goal_weight=None),
         "1 个部分未填分值（年度目标1），无法核对合计是否为 100（已填 20）", "总分", "weight"),
    Case("DECLARED_MISMATCH", lambda: ok(weight=80).model_copy(update={"declared_total": D(99)}),
         lambda: ok(weight=80).model_copy(update={"declared_total": D(100)}),
         "表上总分 99，计算为 100（相差 -1）", "总分", "declared_total"),
    Case("DECLARED_ROUNDING", lambda: exe(budget="370.64", spent="323.21", declared_score="17.4"),
         lambda: exe(budget="370.64", spent="323.21", declared_score="17.44"),
         "表上执行得分 17.4，计算为 17.44（四舍五入差异 -0.04）", EXEC, "declared_score"),
    Case("TYPED_SCORE_DIFFERS", lambda: ok(target="≥90%", actual="45%", weight=10, score=8, reason="r"),
         lambda: ok(target="≥90%", actual="45%", weight=10, score=5, reason="r"),
         "所填得分 8 与公式得分 5 不同（正向指标，完成 50%）", IND, "score"),
    Case("UNIT_KIND_MISMATCH", lambda: ok(target="≥90%", actual="9次"), lambda: ok(target="≥90%", actual="95%"),
         "目标“≥90%”是百分比，实际“9次”是数量，无法比较；请按目标的单位填写实际完成值", IND, "actual"),
    Case("UNIT_WORD_MISMATCH", lambda: ok(target="≥1次", actual="1个"), lambda: ok(target="≥1次", actual="1次"),
         "目标单位“次”与实际单位“个”不同，请确认口径一致", IND, "actual"),
    Case("UNIT_ONE_SIDED", lambda: ok(target="≥10场", actual="10"), lambda: ok(target="≥10场", actual="10场"),
         "实际值“10”未写单位（另一方为“场”）", IND, "actual"),
    Case("BUDGET_SPLIT", lambda: exe(basic="60", project="30"), lambda: exe(basic="70", project="30"),
         "基本支出 60 + 项目支出 30 = 90 万元，不等于执行数 100 万元（相差 -10）", EXEC, "basic"),
    Case("FUNDS_BREAKDOWN",
         lambda: exe(funds=(FundRow(name="当年财政拨款", budget=D(80)), FundRow(name="上年结转资金", budget=D(10)))),
         lambda: exe(funds=(FundRow(name="当年财政拨款", budget=D(90)), FundRow(name="上年结转资金", budget=D(10)))),
         "资金来源全年预算数：当年财政拨款 80 + 上年结转资金 10 = 90 万元，不等于年度资金总额 100 万元（相差 -10）",
         EXEC, "budget"),
    Case("BUDGET_ADJUSTMENTS", lambda: exe(initial_budget="381.71", additions=34, reductions="45.07", budget="370"),
         lambda: exe(initial_budget="381.71", additions=34, reductions="45.07", budget="370.64"),
         "年初预算 381.71 + 追加 34 − 调减 45.07 = 370.64 万元，不等于全年预算数 370 万元（相差 0.64）",
         EXEC, "budget"),
    Case("PROJECTS_SUM",
         lambda: exe(project=120, basic=None).model_copy(update={"projects": (
             ProjectRef(name="甲", budget=D("110.59")), ProjectRef(name="乙", budget=D("24.04")))}),
         lambda: exe(project="134.63").model_copy(update={"projects": (
             ProjectRef(name="甲", budget=D("110.59")), ProjectRef(name="乙", budget=D("24.04")))}),
         "所列项目 甲 110.59 + 乙 24.04 = 134.63 万元，与项目支出 120 万元不符（相差 14.63）", "所属项目", "budget"),
    Case("BUDGET_ZERO", lambda: exe(budget=0, spent=5), lambda: exe(budget=5, spent=5),
         "全年预算数 A 为 0（执行数 B 为 5 万元），无法计算执行率；请填写调整后的全年预算数", EXEC, "budget"),
    Case("RULES_INCONSISTENT", lambda: ok().model_copy(update={"rules": Rules(partial_min=D(90))}),
         lambda: ok().model_copy(update={"rules": Rules(partial_min=D(80))}),
         "评分规则中“部分达成”下限 90% 高于“达成”下限 80%，定性档次区间无效；请修改 [rules] 设置", "评分规则",
         "partial_min"),
    # -- explanations required
    Case("UNMET_NO_REASON", lambda: ok(actual="8场"), lambda: ok(actual="8场", reason="场地检修停办两场"),
         "得分 64 低于分值 80，目标未完全完成，请填写偏差原因", IND, "reason"),
    Case("OVERSHOOT_NO_REASON", lambda: ok(actual="13场"), lambda: ok(actual="12场"),
         "实际 13 场为目标 10 场的 130%（≥ 130%），目标可能定得过低，请说明", IND, "reason"),
    Case("COST_OVER_LIMIT", lambda: ok(target="≤15.5万元", actual="180万元", weight=80, reason="r"),
         lambda: ok(target="≤15.5万元", actual="15.5万元"),
         "实际 180 万元超出限额 15.5 万元（超出 1061.29%），请说明原因", IND, "actual"),
    # -- missing values
    Case("WEIGHT_MISSING", lambda: ok(weight=None, score=80), lambda: ok(weight=80, score=80),
         "未填分值，跳过封顶检查，无法按公式计分", IND, "weight"),
    Case("TARGET_MISSING", lambda: ok(target="", score=80), lambda: ok(score=80),
         "未填年度指标值（目标）", IND, "target"),
    Case("ACTUAL_MISSING", lambda: ok(actual="", score=80), lambda: ok(score=80),
         "未填实际完成值", IND, "actual"),
    Case("SCORES_ONLY", lambda: ok(target="", actual="", score=80), lambda: ok(target="", actual="10场", score=80),
         "全表 1 个指标都只有分值和得分，没有年度指标值和实际完成值（得分按分值评定，无法按公式核对）；"
         "各行不再逐一提示缺少目标值和实际值", "总分", "target"),
    Case("UNIT_MISSING", lambda: ok(target="≥10", actual="10"), lambda: ok(target="≥10个", actual="10个"),
         "目标“≥10”和实际“10”都没有单位", IND, "target"),
    Case("SCORE_MISSING", lambda: qual(score=None), lambda: qual(score=80),
         "已选“达成预期指标”，请在区间 [64, 80] 内填写得分", IND, "score"),
    # a row with nothing filled in: one finding, not TARGET_MISSING, ACTUAL_MISSING and SCORE_MISSING
    Case("ROW_BLANK", lambda: form(ind("≥10场", "10场", weight=40, name="培训场次"), ind(name="培训场次")),
         lambda: form(ind("≥10场", "10场", weight=40, name="培训场次"), ind(actual="10场", name="培训场次")),
         "整行未填：没有年度指标值、实际完成值、分值和得分；请填写，或删除这一行", IND, "target"),
    Case("BUDGET_MISSING", lambda: exe(spent=None), lambda: exe(spent=100),
         "缺少执行数 B，无法计算执行率", EXEC, "spent"),
    Case("NOT_SCORABLE", lambda: ok(actual="已完成", score=80), lambda: ok(actual="10场", score=80),
         "实际值“已完成”不是数值，无法按正向指标公式计分；请填写数值或改为定性指标", IND, "actual"),
    # -- the flat framework (RULES.md 5b)
    Case("COEFFICIENT_RANGE", lambda: ok(score=80, coefficient=120), lambda: ok(score=80, coefficient=100),
         "得分系数 120% 不在 0–100% 之间", IND, "coefficient"),
    Case("COEFFICIENT_SCORE", lambda: ok(score=80, coefficient=90), lambda: ok(score=72, coefficient=90, reason="原因"),
         "得分 80 不等于得分系数 90% × 指标权重 80 = 72", IND, "score"),
    Case("CORE_UNMET", lambda: ok(score=72, coefficient=90, core=True, reason="原因"),
         lambda: ok(score=80, coefficient=100, core=True), "核心指标未完成（得分系数 90%）", IND, "core"),
    Case("ADJUSTED_NO_REASON", lambda: ok(score=80, adjusted_target="≥8场"),
         lambda: ok(score=80, adjusted_target="≥8场", reason="年中任务调整"),
         "年初指标值“≥10场”调整为“≥8场”，未说明调整原因", IND, "adjusted_target"),
    Case("DIRECTION_BY_NAME", lambda: form(ind("3%", "2%", weight=80, score=80, name="预算调整率")),
         lambda: form(ind("≤3%", "2%", weight=80, score=80, name="预算调整率")),
         "目标“3%”没有写方向，按指标名称“预算调整率”读作“≤”（越低越好，反向指标）；如不是，请在目标前写上 ≥ 或选择计分方法",
         "年度目标1 / 产出指标 / 数量指标 / 预算调整率", "target"),
    # -- qualitative
    Case("TIER_SUGGEST", lambda: qual(actual="提升", tier=None, score=None),
         lambda: qual(actual="提升", tier=None, score=80),
         "实际完成“提升”与目标一致，建议选“达成预期指标”", IND, "tier"),
    Case("TIER_MISSING", lambda: qual(tier=None), lambda: qual(tier=Tier.achieved),
         "定性指标已打分但未选档次，无法检查分数区间", IND, "tier"),
    # -- a document that bypassed validation with a figure no form can hold (issue 14, F1)
    Case("CANNOT_SCORE", lambda: ok().model_copy(update={"declared_total": D("1E-99999")}), ok,
         "无法计分：总分（表上）（declared_total）：小数位数过多（最多 6 位），实际为 1E-99999；"
         "请四舍五入到 6 位小数以内；改正后即可计分", "总分", "declared_total"),
    Case("NOT_APPLICABLE", lambda: ok(not_applicable=True), ok,
         "标为不适用，但当前规则未允许重新分配分值，仍按原方法计分", IND, "not_applicable"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_check_triggers(case: Case):
    result = score(case.trigger())
    found = having(result, case.code)
    assert found, f"{case.code} not raised; got {sorted(codes(result))}"
    here = [f for f in found if f.path == case.path]
    assert [f.message for f in here] == [case.message], [(f.path, f.message) for f in found]
    f = here[0]
    assert f.severity is CODES[case.code][0]
    assert f.field == case.field


@pytest.mark.parametrize("case", CASES, ids=[c.code for c in CASES])
def test_check_stays_quiet_on_the_nearest_clean_form(case: Case):
    result = score(case.clean())
    assert case.code not in codes(result), [f.message for f in having(result, case.code)]


def test_the_clean_form_has_no_findings_at_all():
    r = score(ok())
    assert r.findings == () and r.total == D(100) and r.grade == "优"


def test_every_code_has_a_case_and_is_documented():
    assert {c.code for c in CASES} == set(CODES)
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", doc, flags=re.M))
    assert documented == set(CODES)
    for code, (severity, _) in CODES.items():
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{code}` |"))
        assert f"| {severity.value} |" in row, code


# -- further places and variants of the checks -----------------------------------------

def test_score_over_weight_on_levels_execution_and_total():
    doc = form(goals=(Goal(title="目标", weight=D(80), levels=(
        LevelOne(name="产出指标", weight=D(40), declared_score=D(45), sublevels=()),
        LevelOne(name="效益指标", weight=D(40), declared_score=D(40), sublevels=()))),),
        exe=execution(declared_score=25), declared_total=D(101))
    r = score(doc)
    messages = {(f.path, f.message) for f in having(r, "SCORE_OVER_WEIGHT")}
    assert messages == {("目标 / 产出指标", "得分 45 超过分值 40"), (EXEC, "得分 25 超过分值 20"),
                        ("总分", "总分 101 超过满分 100")}
    assert all(f.severity is Severity.error for f in having(r, "SCORE_OVER_WEIGHT"))


def test_cost_over_limit_percentage_converts_units():
    r = score(ok(target="≤1万元", actual="15000元", weight=80, reason="r"))
    assert [f.message for f in having(r, "COST_OVER_LIMIT")] == ["实际 1.5 万元超出限额 1 万元（超出 50%），请说明原因"]


def test_bare_number_over_a_cost_level_limit_is_reported():
    r = score(form(ind("51万元", "56万元", name="经费使用限额"), sub="成本指标"))
    assert [f.message for f in having(r, "COST_OVER_LIMIT")] == ["实际 56 万元超出限额 51 万元（超出 9.8%），请说明原因"]


@pytest.mark.parametrize("name", ["预算调整率", "资金结转结余率", "成本控制率", "预算偏差率", "投诉次数", "安全事故发生数"])
def test_a_target_without_a_direction_is_read_by_its_name(name):
    res = score(form(ind("3%", "2%", weight=80, score=80, name=name)))
    assert [f.code for f in res.findings] == ["DIRECTION_BY_NAME"]  # 2% under a limit of 3%: met, 80 of 80
    assert first_indicator(res).formula == D(80)
    # a direction written, or a name that says nothing of it: no finding, as written
    assert not score(form(ind("≥3%", "3%", weight=80, score=80, name=name))).findings
    plain = score(form(ind("3%", "2%", weight=80, score=80, name="培训覆盖率")))
    assert [f.code for f in plain.findings] == ["TYPED_SCORE_DIFFERS"]


def test_unmet_for_a_lower_tier_without_reason():
    r = score(qual(score=50, tier=Tier.partial))
    assert [f.message for f in having(r, "UNMET_NO_REASON")] == [
        "档次为“部分达成并具有一定效果”，目标未完全完成，请填写偏差原因"]


def test_declared_figures_of_groups_and_execution_rate():
    r = score(levels((40, 40, 40), (40, 40, 30), goal_declared=75))
    assert [(f.path, f.message) for f in having(r, "DECLARED_MISMATCH")] == [
        (GOAL, "表上目标得分 75，计算为 70（相差 5）")]
    r = score(exe(budget="370.64", spent="323.21", declared_rate="87"))
    assert [f.message for f in having(r, "DECLARED_ROUNDING")] == ["表上执行率 87%，计算为 87.2%（四舍五入差异 -0.2）"]
    r = score(exe(budget="370.64", spent="323.21", declared_rate="86.5"))
    assert [f.message for f in having(r, "DECLARED_MISMATCH")] == ["表上执行率 86.5%，计算为 87.2%（相差 -0.7）"]


def test_dongxihu_total_97_4_is_a_rounding_difference_from_97_44():
    doc = form(goals=(Goal(title="部门整体", weight=D(80), levels=(
        LevelOne(name="产出指标", weight=D(40), declared_score=D(40)),
        LevelOne(name="效益指标", weight=D(30), declared_score=D(30)),
        LevelOne(name="满意度指标", weight=D(10), declared_score=D(10)))),),
        exe=execution(budget="370.64", spent="323.21", weight=20, declared_score="17.4"), declared_total="97.4")
    r = score(doc)
    assert r.total == D("97.44") and r.grade == "优"
    assert [(f.path, f.message) for f in having(r, "DECLARED_ROUNDING")] == [
        ("总分", "表上总分 97.4，计算为 97.44（四舍五入差异 -0.04）"),
        (EXEC, "表上执行得分 17.4，计算为 17.44（四舍五入差异 -0.04）")]
    assert "WEIGHT_SUM" not in codes(r) and "TOTAL_WEIGHT" not in codes(r)


def test_empty_category_rows_carry_no_weight():
    doc = form(goals=(Goal(title="目标", weight=D(80), levels=(
        LevelOne(name="产出指标", weight=D(80), sublevels=(
            LevelTwo(name="数量指标", indicators=(ind("≥1次", "1次", 80, name="甲"),)),
            LevelTwo(name="质量指标"))),
        LevelOne(name="效益指标", sublevels=(LevelTwo(name="社会效益指标"),)))),))
    r = score(doc)
    assert r.findings == ()


def test_explanations_are_not_asked_when_a_reason_is_given():
    r = score(ok(actual="30场", reason="新增活动"))
    assert "OVERSHOOT_NO_REASON" not in codes(r)
    r = score(ok(target="≤15.5万元", actual="15万元"))
    assert "COST_OVER_LIMIT" not in codes(r)


def test_findings_carry_node_paths_and_sections():
    r = score(ok(target="≥90%", actual="9次"))
    f = having(r, "UNIT_KIND_MISMATCH")[0]
    assert f.section == "goals" and f.node == (0, 0, 0, 0)
    assert f.as_dict()["severity"] == "error" and f.as_dict()["node"] == [0, 0, 0, 0]
    assert r.node(f.node).findings[0] is f


# -- findings once, not per row; an unscored form (issue 21) --------------------------------


def test_a_column_missing_from_the_whole_form_is_one_finding():
    rows = [ind("≥10场", "10场", score=8, name=f"指标{i}") for i in range(11)]
    res = score(form(*rows))
    missing = having(res, "WEIGHT_MISSING")
    assert [(f.path, f.message) for f in missing] == [
        ("总分", "全表 11 个指标都未填分值，跳过封顶检查，无法按公式计分；各行不再逐一提示")]
    # one row with a weight: the others are missing it row by row again
    rows[0] = ind("≥10场", "10场", weight=8, score=8, name="指标0")
    assert len(having(score(form(*rows)), "WEIGHT_MISSING")) == 10


def test_a_form_scored_only_in_its_execution_has_no_total_and_no_grade():
    """The execution's rate gives it a score as soon as the amounts are in;
    with no indicator scored the form is not yet evaluated (a form published
    with its targets only showed 总分 10 差). One score makes it scored."""
    rows = [ind("=100%", "", weight=60, name="覆盖率"), ind("=100%", "", weight=30, name="保障率")]
    res = score(form(*rows, goal_weight=90, exe=execution(budget=100, spent=100, weight=10)))
    assert res.execution.score == 10
    assert not res.scored and res.grade == "未评分"
    rows[0] = ind("=100%", "100%", weight=60, score=60, name="覆盖率")
    res = score(form(*rows, goal_weight=90, exe=execution(budget=100, spent=100, weight=10)))
    assert res.scored and res.total == 70 and res.grade == "中"


def test_an_unscored_form_has_no_total_and_no_grade():
    blank = form(ind("≥10场", "", weight=40, name="培训场次"), ind("≥90%", "", weight=40, name="满意度"),
                 exe=execution(budget=None, spent=None, weight=20))
    res = score(blank)
    assert not res.scored and res.grade == "未评分"
    # no actual and no score anywhere: each said once for the form, nothing per row
    assert sorted((f.code, f.path) for f in res.findings if f.code.endswith("_MISSING")
                  and f.section == "goals" or f.path == "总分") == [
        ("ACTUAL_MISSING", "总分"), ("SCORE_MISSING", "总分")]
    assert having(res, "SCORE_MISSING")[0].message == "全表 2 个指标都未填得分，也无法按公式算出；各行不再逐一提示"
    filled = form(ind("≥10场", "10场", weight=40, name="培训场次"), ind("≥90%", "", weight=40, name="满意度"))
    assert score(filled).grade in ("优", "良", "中", "差")


def test_a_blank_fund_row_is_one_finding():
    doc = form(ind("≥10场", "10场", weight=80, score=80),
               exe=execution(budget=100, spent=100, weight=20, initial_budget=100,
                             funds=(FundRow(name="当年财政拨款", budget=D(60), spent=D(60), initial_budget=D(60)),
                                    FundRow(name="其他资金"))))
    found = having(score(doc), "FUNDS_BREAKDOWN")
    assert len(found) == 1
    assert found[0].message.count("不等于年度资金总额") == 3


def test_each_column_the_whole_form_leaves_empty_is_one_finding_and_one_filled_row_brings_the_rows_back():
    names = ("培训场次", "培训人数", "满意度")
    # a form with no targets at all (actuals and weights filled in)
    no_targets = form(*(ind("", "10场", weight=20, score=20, name=n, reason="r") for n in names))
    res = score(no_targets)
    assert [(f.path, f.message) for f in having(res, "TARGET_MISSING")] == [
        ("总分", "全表 3 个指标都未填年度指标值（目标）；各行不再逐一提示")]
    assert having(res, "TARGET_MISSING")[0].field == "target"
    # one row with a target: the others say it row by row again
    rows = [ind("≥10场", "10场", weight=20, score=20, name="培训场次")] + [
        ind("", "10场", weight=20, score=20, name=n, reason="r") for n in names[1:]]
    assert [f.path for f in having(score(form(*rows)), "TARGET_MISSING")] == [
        f"年度目标1 / 产出指标 / 数量指标 / {n}" for n in names[1:]]
    # no actuals at all (targets filled in, a form published before the year's end)
    no_actuals = form(*(ind("≥10场", "", weight=20, name=n) for n in names))
    res = score(no_actuals)
    assert [(f.path, f.field) for f in having(res, "ACTUAL_MISSING")] == [("总分", "actual")]
    assert [(f.path, f.field) for f in having(res, "SCORE_MISSING")] == [("总分", "score")]
    # a single row without an actual is that row's finding
    rows = [ind("≥10场", "10场", weight=20, name=n) for n in names[:2]] + [ind("≥10场", "", weight=20, name="满意度")]
    res = score(form(*rows))
    assert [f.path for f in having(res, "ACTUAL_MISSING")] == ["年度目标1 / 产出指标 / 数量指标 / 满意度"]


def test_a_blank_row_is_one_finding_and_a_blank_form_says_each_column_once():
    filled = ind("≥10场", "10场", weight=40, name="培训场次")
    res = score(form(filled, ind(name="新指标")))
    blank = [f for f in res.findings if f.node == (0, 0, 0, 1)]
    assert [f.code for f in blank] == ["ROW_BLANK"]  # not TARGET_, ACTUAL_, WEIGHT_ and SCORE_MISSING
    # a row with something in it lists what else it lacks, one finding each
    half = score(form(filled, ind("≥10场", name="新指标")))
    assert sorted(f.code for f in half.findings if f.node == (0, 0, 0, 1)) == [
        "ACTUAL_MISSING", "SCORE_MISSING", "WEIGHT_MISSING"]
    # a blank form (rows named, nothing else): each column once at 总分, nothing on the rows
    res = score(form(*(ind(name=f"指标{i}") for i in range(4)), exe=execution(budget=None, spent=None)))
    assert not [f for f in res.findings if f.section == "goals" and len(f.node) == 4]
    assert sorted(f.code for f in res.findings if f.path == "总分") == [
        "ACTUAL_MISSING", "SCORE_MISSING", "TARGET_MISSING", "WEIGHT_MISSING"]
    assert res.grade == "未评分"



def test_total_weight_names_a_flat_forms_indicator_weights_not_goals():
    """A flat form has no goals to speak of (RULES.md 5b): its TOTAL_WEIGHT
    says 指标权重; a form with goals still says 各目标分值."""
    from model import load_document
    from model.edit import update_at

    flat = load_document(Path(__file__).parent / "data" / "flat-department.toml")
    off = update_at(flat, next(p for p, _ in flat.iter_indicators()), weight=Decimal(40))
    [found] = [f for f in score(off).findings if f.code == "TOTAL_WEIGHT"]
    assert "指标权重" in found.message and "目标" not in found.message
    assert not [f for f in score(flat).findings if f.code == "TOTAL_WEIGHT"]
    levels = load_document(Path(__file__).parent.parent / "sample_data" / "hongshan-2024-department.toml")
    off = update_at(levels, (0,), weight=Decimal(40))  # the first goal's weight
    assert any("各目标分值" in f.message for f in score(off).findings if f.code == "TOTAL_WEIGHT")


def test_the_form_wide_findings_follow_an_edit_through_the_score_cache():
    """What each goal fills in is kept per goal by the ScoreCache (an edit
    looks at its own goal again, not at every row): the once-only findings
    appear and go as rows are edited, as a fresh scoring says."""
    from model.edit import update_at
    from scoring import ScoreCache, score_document

    doc = form(ind("≥10场", "12场", weight=None, name="甲"), ind("≥5场", "6场", weight=None, name="乙"),
               ind("≥1场", "1场", weight=5, score=5, name="丙"))
    cache = ScoreCache()
    paths = [p for p, _ in doc.iter_indicators()]
    assert "WEIGHT_MISSING" not in {f.code for f in score_document(doc, cache).findings if f.path == "总分"}
    for step in (dict(weight=None), dict(weight=Decimal(5))):
        doc = update_at(doc, paths[2], **step)
        cached, fresh = score_document(doc, cache), score_document(doc)
        assert [(f.code, f.path, f.message) for f in cached.findings] == \
               [(f.code, f.path, f.message) for f in fresh.findings]
        once = [f for f in cached.findings if f.code == "WEIGHT_MISSING" and f.path == "总分"]
        assert len(once) == (1 if step["weight"] is None else 0)
