"""Roll-up of a department from its projects (RULES.md section 5, aggregation)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from exchange.rollup import format_rollup, pick_department, rollup
from model import Document, Execution, Goal, Indicator, Kind, LevelOne, LevelTwo, ProjectRef, load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"


def _hongshan_2023():
    files = sorted(SAMPLES.glob("hongshan-2023-*.toml"))
    assert [f.name for f in files] == ["hongshan-2023-department.toml", "hongshan-2023-project-operations.toml",
                                       "hongshan-2023-project-science.toml"]
    return [(f.name, load_document(f)) for f in files]


def test_hongshan_2023_projects_do_not_add_up_to_the_departments_project_spending():
    (dept_name, dept), projects = pick_department(_hongshan_2023())
    assert dept_name == "hongshan-2023-department.toml"
    report = rollup(dept, projects)
    assert report.project_spending == D(120)
    assert report.budget_sum == D("134.63") and report.spent_sum == D("134.63")
    assert not report.ok
    assert any("134.63" in m and "120" in m and "14.63" in m for m in report.mismatches)
    # the department's own list names the same two projects with the same amounts
    assert not any("部门表写" in m for m in report.mismatches)
    assert {p.name for p in report.projects} == {"全民科学素质“十四五”工作经费", "机关运转经费"}
    # the narrative gives no weights or scores: said, not shown as 0 / 差
    assert all(p.score is None and p.grade is None for p in report.projects)
    assert report.weighted_score is None
    text = format_rollup(report)
    assert "134.63" in text and "无法计分" in text and "✗" in text


def _project(name: str, budget: str | None, execution_weight=None, goal_score=None, indicators=()) -> Document:
    levels = ()
    if indicators:
        subs = {}
        for level, sub, ind in indicators:
            subs.setdefault((level, sub), []).append(ind)
        by_level: dict[str, list] = {}
        for (level, sub), inds in subs.items():
            by_level.setdefault(level, []).append(LevelTwo(name=sub, indicators=tuple(inds)))
        levels = tuple(LevelOne(name=lv, sublevels=tuple(s)) for lv, s in by_level.items())
    goals = []
    if goal_score is not None:
        goals.append(Goal(title="总目标", weight=D(80), declared_score=D(goal_score)))
    if levels:
        goals.append(Goal(title="项目年度绩效指标", levels=levels))
    money = D(budget) if budget is not None else None
    return Document(kind=Kind.project, project_name=name, goals=tuple(goals),
                    execution=Execution(budget=money, spent=money,
                                        weight=D(execution_weight) if execution_weight else None))


def test_fund_weighted_average_score_by_hand():
    dept = Document(kind=Kind.department, execution=Execution(project=D(400)))
    a = _project("甲", "100", 20, 70)   # 20 + 70 = 90
    b = _project("乙", "300", 20, 50)   # 20 + 50 = 70
    c = _project("丙", "50")            # nothing scored: left out of the average
    report = rollup(dept, [("a", a), ("b", b), ("c", c)])
    assert [p.score for p in report.projects] == [D(90), D(70), None]
    assert [p.grade for p in report.projects] == ["优", "中", None]
    # (90 × 100 + 70 × 300) / (100 + 300) = 30000 / 400 = 75
    assert report.weighted_score == D("75.00") and report.weighted_grade == "中"
    assert any("丙" in n and "不参加加权平均" in n for n in report.notes)
    # 100 + 300 + 50 = 450 against 400
    assert report.mismatches and "450" in report.mismatches[0]


def test_weighted_average_rounds_half_up():
    dept = Document(kind=Kind.department)
    a = _project("甲", "1", 20, 60)     # 80
    b = _project("乙", "2", 20, D("61.01"))  # 81.01
    # (80 × 1 + 81.01 × 2) / 3 = 242.02 / 3 = 80.6733… -> 80.67
    report = rollup(dept, [("a", a), ("b", b)])
    assert report.weighted_score == D("80.67")
    assert report.ok  # no 项目支出 on the department: nothing to compare
    assert any("无法核对" in n for n in report.notes)


def test_indicators_with_the_same_name_are_aggregated_by_the_rules():
    out, cost = "产出指标", "成本指标"
    a = _project("甲", "100", indicators=[
        (out, "数量指标", Indicator(name="培训人次", target="≥100人次", actual="120人次", weight=D(10))),
        (out, "质量指标", Indicator(name="满意度", target="≥90%", actual="95%", weight=D(10))),
        ("效益指标", "社会效益指标", Indicator(name="保障运转", target="保障", actual="保障", weight=D(10), score=D(8))),
        (out, "数量指标", Indicator(name="活动次数", target="≥2次", actual="3次", weight=D(5))),
        (cost, "经济成本指标", Indicator(name="经费", target="≤10万元", actual="8万元", weight=D(10))),
        (out, "数量指标", Indicator(name="只在甲", target="1个", actual="1个")),
    ])
    b = _project("乙", "300", indicators=[
        (out, "数量指标", Indicator(name="培训人次", target="≥300人次", actual="240人次", weight=D(10))),
        (out, "质量指标", Indicator(name="满意度", target="≥80%", actual="85%", weight=D(10))),
        ("效益指标", "社会效益指标", Indicator(name="保障运转", target="保障", actual="基本保障", weight=D(10), score=D(6))),
        (out, "数量指标", Indicator(name="活动次数", target="≥1场", actual="2场", weight=D(5))),
        (cost, "经济成本指标", Indicator(name="经费", target="≤20万元", actual="250000元", weight=D(10))),
    ])
    report = rollup(Document(kind=Kind.department), [("a", a), ("b", b)])
    by = {x.name: x for x in report.indicators}
    # in form order; 只在甲 is in one project only
    assert list(by) == ["培训人次", "活动次数", "满意度", "保障运转", "经费"]
    # absolute values add: ≥400 人次 vs 360 人次 -> 90 % -> 10 × 0.9 = 9
    t = by["培训人次"]
    assert (t.rule, t.target, t.actual, t.completion, t.score) == ("absolute", "≥400人次", "360人次", D("90.00"), D("9.00"))
    # rates average by funds: target (90·100 + 80·300)/400 = 82.5 %, actual (95·100 + 85·300)/400 = 87.5 %
    s = by["满意度"]
    assert (s.rule, s.target, s.actual, s.score) == ("relative", "≥82.5%", "87.5%", D("10.00"))
    assert s.weight == D("10.00")
    # qualitative scores average by funds: (8·100 + 6·300)/400 = 6.5
    q = by["保障运转"]
    assert (q.rule, q.score) == ("qualitative", D("6.50"))
    # 次 and 场 do not add
    assert by["活动次数"].rule == "none" and "计量单位不同" in by["活动次数"].explanation
    # money converts: ≤30 万元 vs 8 + 25 = 33 万元 under a cost indicator -> reverse 30/33 -> 9.09
    m = by["经费"]
    assert (m.target, m.actual, m.score) == ("≤30万元", "33万元", D("9.09"))
    text = format_rollup(report)
    assert "培训人次" in text and "直接相加" in text and "资金额度加权" in text


def test_the_departments_project_list_is_checked_against_the_files():
    dept = Document(kind=Kind.department, execution=Execution(project=D(150)), projects=(
        ProjectRef(name="甲", budget=D(100), spent=D(90)), ProjectRef(name="丁", budget=D(50))))
    a = _project("甲", "100")
    report = rollup(dept, [("a", a)])
    assert any("「甲」执行数" in m and "90" in m and "100" in m for m in report.mismatches)
    assert any("「丁」没有对应的项目表" in n for n in report.notes)


def test_pick_department_needs_exactly_one():
    p = _project("甲", "1")
    d = Document(kind=Kind.department)
    with pytest.raises(ValueError, match="没有部门整体"):
        pick_department([("p", p)])
    with pytest.raises(ValueError, match="多张部门"):
        pick_department([("d1", d), ("d2", d), ("p", p)])
    (name, dept), projects = pick_department([("p", p), ("d", d)])
    assert name == "d" and projects == [("p", p)]


def test_sums_of_amounts_have_two_places_where_the_parts_had_more():
    from exchange.rollup import format_rollup, rollup
    from model import Document, Kind

    dept = Document(unit="某单位", execution={"project": D("100")})
    projects = [("a.toml", Document(kind=Kind.project, project_name="甲", execution={"budget": D("60.125"),
                                                                                  "spent": D("50")})),
                ("b.toml", Document(kind=Kind.project, project_name="乙", execution={"budget": D("29.849"),
                                                                                  "spent": D("39.974")}))]
    report = rollup(dept, projects)
    assert report.budget_sum == D("89.974")  # the data keeps every digit
    text = format_rollup(report)
    assert "各项目全年预算数合计 89.97" in text and "89.974" not in text
    assert "= 89.97 万元" in text and "（相差 -10.03）" in text
    assert "60.125" in text  # a typed amount as typed
