"""The templates in sample_data/templates/ that `jixiao new` starts a form from.

A fresh form must load, add up to 100 points, have the standard level
framework (RULES.md section 3), and show only findings that ask for what is
still to be filled in: no errors.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from model import Indicator, Kind, load_document
from model.edit import insert_at, update_at, update_execution
from scoring import score_document
from scoring.findings import Severity

TEMPLATES = Path(__file__).resolve().parent.parent / "sample_data" / "templates"
NAMES = ("wuhan-department", "wuhan-project", "central-project")

OUTPUT = ["数量指标", "质量指标", "时效指标", "成本指标"]
BENEFIT = ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]
SATISFACTION = ["服务对象满意度指标"]
FRAMEWORK = [("产出指标", OUTPUT), ("效益指标", BENEFIT), ("满意度指标", SATISFACTION)]

# What a blank form may still ask for: the budget figures, a goal's score.
BLANK_FORM_CODES = {"BUDGET_MISSING", "SCORE_MISSING"}


def load(name: str):
    return load_document(TEMPLATES / f"{name}.toml")


def D(text: str) -> Decimal:
    return Decimal(text)


def codes_of(result) -> set[str]:
    return {f.code for f in result.findings}


def indicator_table(doc):
    """The goal that holds the indicator tree."""
    tables = [g for g in doc.goals if g.levels]
    assert len(tables) == 1
    return tables[0]


def test_every_template_is_shipped() -> None:
    from model.templates import TEMPLATES as OFFERED  # among the layouts `jixiao new --list` offers

    assert {p.stem for p in TEMPLATES.glob("*.toml")} == set(NAMES) == set(OFFERED)


@pytest.mark.parametrize("name", NAMES)
def test_template_scores_without_errors(name: str) -> None:
    doc = load(name)
    r = score_document(doc)
    assert not [f for f in r.findings if f.severity is Severity.error]
    assert codes_of(r) <= BLANK_FORM_CODES
    assert r.weight == D("100")  # execution and goals add up to the full 100
    assert r.total == 0


@pytest.mark.parametrize("name", NAMES)
def test_template_has_the_standard_framework(name: str) -> None:
    doc = load(name)
    table = indicator_table(doc)
    assert [(lv.name, [s.name for s in lv.sublevels]) for lv in table.levels] == FRAMEWORK
    # nothing to delete before starting: no indicators, no figures, no unit
    assert not list(doc.iter_indicators())
    assert doc.unit == "" and doc.year is None and doc.declared_total is None
    assert doc.execution.budget is None and doc.execution.spent is None


def test_wuhan_department_weights() -> None:
    doc = load("wuhan-department")
    assert doc.kind is Kind.department
    assert doc.execution.weight == D("20")
    assert [g.weight for g in doc.goals] == [D("80")]
    assert [(lv.name, lv.weight) for lv in doc.goals[0].levels] == [
        ("产出指标", D("40")), ("效益指标", D("30")), ("满意度指标", D("10"))]


def test_wuhan_project_weights() -> None:
    doc = load("wuhan-project")
    assert doc.kind is Kind.project
    assert doc.execution.weight == D("20")
    assert [(g.title, g.weight) for g in doc.goals] == [("项目绩效总目标", D("20")),
                                                      ("项目年度绩效指标", D("60"))]
    assert not doc.goals[0].levels  # the total goal is judged as a whole


def test_central_project_weights() -> None:
    doc = load("central-project")
    assert doc.kind is Kind.project
    assert doc.execution.weight == D("10")
    assert [f.name for f in doc.execution.funds] == ["当年财政拨款", "上年结转资金", "其他资金"]
    overall = doc.goals[0]
    assert overall.weight is None and overall.declared_score is None  # 年度总体目标: text only
    table = indicator_table(doc)
    assert table.weight == D("90")
    assert [(lv.name, lv.weight) for lv in table.levels] == [
        ("产出指标", D("50")), ("效益指标", D("30")), ("满意度指标", D("10"))]


def test_filling_in_a_wuhan_project() -> None:
    """A user's first minutes with a new form: budget, total goal, indicators."""
    doc = load("wuhan-project")
    doc = update_execution(doc, budget=D("100"), spent=D("90"))
    doc = update_at(doc, (0,), declared_score=D("18"))
    # 项目年度绩效指标 / 产出指标 / 数量指标 gets its first indicator
    doc = insert_at(doc, (1, 0, 0), 0, Indicator(name="培训场次", target="≥10场", actual="8场",
                                                 weight=D("10")))
    r = score_document(doc)
    assert r.execution.score == D("18")
    assert r.goals[0].score == D("18")
    assert r.goals[1].score == D("8")  # 10 × 8 / 10
    assert r.total == D("44")
    # the shortfall asks for a reason, as on any form
    assert any(f.code == "UNMET_NO_REASON" for f in r.findings)
    # half-filled: the indicator weights (10) do not yet make up the table's 60
    errors = [f for f in r.findings if f.severity is Severity.error]
    assert [(f.code, f.path) for f in errors] == [("WEIGHT_SUM", "项目年度绩效指标")]
    # 满意度指标 / 服务对象满意度指标 completes the 60 points: no error left
    doc = insert_at(doc, (1, 2, 0), 0, Indicator(name="受训人员满意度", target="≥90%", actual="95%",
                                                 weight=D("50")))
    r = score_document(doc)
    assert not [f for f in r.findings if f.severity is Severity.error]
    assert r.goals[1].score == D("58")
    assert r.total == D("94")
    assert r.grade == "优"


def test_filling_in_a_wuhan_department_checks_level_weights() -> None:
    """The level weights the template sets (产出 40) are checked once rows are added."""
    doc = load("wuhan-department")
    doc = update_execution(doc, budget=D("200"), spent=D("200"))
    # one indicator worth 45 under 产出指标 (40) overflows the level
    doc = insert_at(doc, (0, 0, 0), 0, Indicator(name="活动场次", target="≥4场", actual="4场",
                                                 weight=D("45"), score=D("45")))
    r = score_document(doc)
    errors = {(f.code, f.path) for f in r.findings if f.severity is Severity.error}
    assert ("WEIGHT_SUM", "年度目标 / 产出指标") in errors
    assert ("CHILDREN_OVER_WEIGHT", "年度目标 / 产出指标") in errors
