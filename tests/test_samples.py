"""The real forms in sample_data/ reproduce the figures of RULES.md section 7.

Each sample is entered from shared/domain/seeds/ with its mistakes; these
tests pin both the figures the forms print and the problems the checks must
find in them, through the model and the scoring engine (no UI).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from model import dumps_document, load_document, loads_document
from model.edit import update_execution
from scoring import score_document
from scoring.findings import Severity

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
TEMPLATES = SAMPLES / "templates"

FORMS = (
    "hongshan-2024-department.toml",
    "hongshan-2024-project-affairs.toml",
    "hongshan-2024-project-transfer.toml",
    "hongshan-2023-department.toml",
    "dongxihu-2025-department.toml",
)


def D(text: str) -> Decimal:
    return Decimal(text)


def load(name: str):
    return load_document(SAMPLES / name)


def scored(name: str):
    return score_document(load(name))


def with_code(result, code: str):
    return [f for f in result.findings if f.code == code]


def codes(result) -> set[str]:
    return {f.code for f in result.findings}


def at(result, code: str, name: str):
    """The findings with `code` whose place ends with the indicator `name`."""
    return [f for f in with_code(result, code) if f.path.split(" / ")[-1] == name]


# ---------------------------------------------------------------------------
# every file


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.toml")) + sorted(TEMPLATES.glob("*.toml")),
                         ids=lambda p: p.name)
def test_file_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    doc = loads_document(data, source=str(path))
    assert dumps_document(doc).encode("utf-8") == data
    text = data.decode("utf-8")
    assert "\\u" not in text  # Chinese is written as itself, not escaped


def test_every_seed_form_is_shipped() -> None:
    shipped = {p.name for p in SAMPLES.glob("*.toml")}
    assert set(FORMS) <= shipped


def test_samples_are_readable_chinese() -> None:
    text = (SAMPLES / "hongshan-2024-project-affairs.toml").read_text(encoding="utf-8")
    assert 'project_name = "科协事务管理经费"' in text
    assert 'target = "≤ 51万元"' in text


# ---------------------------------------------------------------------------
# 000: Hongshan 2024, department


def test_hongshan_2024_department_figures() -> None:
    r = scored("hongshan-2024-department.toml")
    assert r.execution.rate == D("98.88")
    assert r.execution.score == D("19.78")
    assert [g.score for g in r.goals] == [D("19"), D("59")]
    assert r.total == D("97.78")
    assert r.declared_total == D("97.78")
    assert r.grade == "优"
    # the printed total and execution figures agree with the computed ones
    assert not with_code(r, "DECLARED_MISMATCH")
    assert not with_code(r, "DECLARED_ROUNDING")


def test_hongshan_2024_department_unit_mismatches() -> None:
    r = scored("hongshan-2024-department.toml")
    kind = with_code(r, "UNIT_KIND_MISMATCH")
    assert [f.path.split(" / ")[-1] for f in kind] == ["科普活动参与度"]  # ≥90% vs 9次
    assert kind[0].severity is Severity.error
    assert "≥90%" in kind[0].message and "9次" in kind[0].message
    word = at(r, "UNIT_WORD_MISMATCH", "开展科普活动次数")  # ≥1次 vs 9个
    assert len(word) == 1 and word[0].severity is Severity.warning
    assert "次" in word[0].message and "个" in word[0].message
    # the only error on the form is the percent-vs-count row
    assert {f.code for f in r.findings if f.severity is Severity.error} == {"UNIT_KIND_MISMATCH"}


def test_hongshan_2024_department_costs_over_limit() -> None:
    r = scored("hongshan-2024-department.toml")
    cost = at(r, "COST_OVER_LIMIT", "经费使用限额")
    assert len(cost) == 2
    first, second = cost
    assert first.path.startswith("年度目标1") and second.path.startswith("年度目标2")
    # ≤15.5万元 vs 180万元: 1061.29 % over; ≤51万元 vs 56万元: 9.8 % over
    assert "180" in first.message and "15.5" in first.message
    assert re.search(r"1061\.29\s*%", first.message)
    assert "56" in second.message and "51" in second.message
    assert re.search(r"9\.80?\s*%", second.message)
    assert all(f.severity is Severity.warning for f in cost)


def test_hongshan_2024_department_overshoot_without_reason() -> None:
    r = scored("hongshan-2024-department.toml")
    over = at(r, "OVERSHOOT_NO_REASON", "建设科普惠民社区（村）数量")  # 1个 vs 9个
    assert len(over) == 1
    assert "900" in over[0].message
    # rows met exactly are not overshoots
    assert not at(r, "OVERSHOOT_NO_REASON", "定期更换科普橱窗内容次数")  # ≥2次 vs 2次


def test_hongshan_2024_department_has_no_weights() -> None:
    doc = load("hongshan-2024-department.toml")
    assert all(ind.weight is None for _, ind in doc.iter_indicators())
    r = score_document(doc)
    missing = with_code(r, "WEIGHT_MISSING")
    # a column the whole form lacks is one finding, not one on each of its 25 rows
    assert [(f.path, f.message, f.severity) for f in missing] == [
        ("总分", "全表 25 个指标都未填分值，跳过封顶检查，无法按公式计分；各行不再逐一提示", Severity.info)]


# ---------------------------------------------------------------------------
# 000: project 科协事务管理经费


def test_affairs_project_figures() -> None:
    r = scored("hongshan-2024-project-affairs.toml")
    assert r.execution.rate == D("100")
    assert r.execution.score == D("20")
    assert [g.score for g in r.goals] == [D("20"), D("59")]
    assert [g.weight for g in r.goals] == [D("20"), D("60")]
    assert r.total == D("99")
    assert r.declared_total == D("99")
    assert r.grade == "优"
    assert not with_code(r, "DECLARED_MISMATCH")
    assert not with_code(r, "DECLARED_ROUNDING")


def test_affairs_project_cost_is_level_one() -> None:
    doc = load("hongshan-2024-project-affairs.toml")
    table = doc.goals[1]
    assert [lv.name for lv in table.levels] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert [s.name for s in table.levels[0].sublevels] == ["经济成本指标", "社会成本指标", "生态环境成本指标"]
    assert [s.name for s in table.levels[1].sublevels] == ["数量指标", "质量指标", "时效指标"]
    assert sum(1 for _ in doc.iter_indicators()) == 18
    r = score_document(doc)
    assert [lv.score for lv in r.goals[1].children] == [D("2"), D("49"), D("6"), D("2")]
    cost = at(r, "COST_OVER_LIMIT", "经费使用限额")  # ≤ 51万元 vs 56万元
    assert len(cost) == 1 and "成本指标 / 经济成本指标" in cost[0].path


# ---------------------------------------------------------------------------
# 000: project 上级转移支付


def test_transfer_project_declared_total_mismatch() -> None:
    doc = load("hongshan-2024-project-transfer.toml")
    assert doc.implementing_unit == ""
    assert doc.goals[0].declared_score is None  # the total goal's score is blank
    r = score_document(doc)
    assert r.execution.score == D("20")
    assert r.goals[1].score == D("54")  # 10 + 10 + 10 + 10 + 7 + 7
    assert r.total == D("74")
    assert r.declared_total == D("99")
    total = [f for f in with_code(r, "DECLARED_MISMATCH") if f.path == "总分"]
    assert len(total) == 1
    assert "99" in total[0].message and "74" in total[0].message
    assert not with_code(r, "DECLARED_ROUNDING")


def test_transfer_project_blank_scores_and_cost() -> None:
    r = scored("hongshan-2024-project-transfer.toml")
    missing = with_code(r, "SCORE_MISSING")
    assert {f.path.split(" / ")[-1] for f in missing} == {"项目绩效总目标", "经费使用限额"}
    cost = at(r, "COST_OVER_LIMIT", "经费使用限额")  # ≤ 15.5 万元 vs 180 万元
    assert len(cost) == 1
    assert "15.5" in cost[0].message and "180" in cost[0].message
    assert re.search(r"1061\.29\s*%", cost[0].message)


# ---------------------------------------------------------------------------
# 001: Hongshan 2023, department (narrative)


def test_hongshan_2023_figures() -> None:
    r = scored("hongshan-2023-department.toml")
    assert r.execution.rate == D("99.93")
    assert r.execution.score == D("19.99")
    scored_goals = [g for g in r.goals if g.scored]
    assert [(g.score, g.weight) for g in scored_goals] == [(D("80"), D("80"))]
    assert r.total == D("99.99")
    assert r.declared_total == D("99.99")
    assert r.grade == "优"
    assert r.weight == D("100")
    assert not with_code(r, "DECLARED_MISMATCH")
    assert not with_code(r, "DECLARED_ROUNDING")
    assert not with_code(r, "BUDGET_SPLIT")  # 256.72 + 120 = 376.72


def test_hongshan_2023_projects_do_not_add_up() -> None:
    doc = load("hongshan-2023-department.toml")
    assert [(p.budget, p.spent) for p in doc.projects] == [(D("110.59"), D("110.59")),
                                                           (D("24.04"), D("24.04"))]
    r = score_document(doc)
    found = with_code(r, "PROJECTS_SUM")
    assert len(found) == 1
    assert "134.63" in found[0].message and "120" in found[0].message
    assert "100%" in doc.narrative.remarks  # the text's other claim of 100 % execution


def test_hongshan_2023_narrative_goals() -> None:
    doc = load("hongshan-2023-department.toml")
    narrative = [g for g in doc.goals if g.weight is None and g.declared_score is None]
    assert len(narrative) == 8  # (1)…(7) and the item the report numbers 四、
    assert all(g.target for g in narrative)
    assert "新建企业科协 3 家" in narrative[-1].actual  # (7): 超额完成
    r = score_document(doc)
    assert [g.scored for g in r.goals] == [False] * 8 + [True]


# ---------------------------------------------------------------------------
# 002: Dongxihu 2025, department (narrative)


def test_dongxihu_2025_figures() -> None:
    r = scored("dongxihu-2025-department.toml")
    assert r.execution.rate == D("87.20")
    assert r.execution.score == D("17.44")
    assert r.execution.weight == D("20")
    table = [g for g in r.goals if g.scored]
    assert len(table) == 1
    assert [(lv.name, lv.score, lv.weight) for lv in table[0].children] == [
        ("产出指标", D("40"), D("40")), ("效益指标", D("30"), D("30")), ("满意度指标", D("10"), D("10"))]
    assert r.total == D("97.44")
    assert r.declared_total == D("97.4")
    assert r.grade == "优"


def test_dongxihu_2025_printed_figures_are_rounding_differences() -> None:
    r = scored("dongxihu-2025-department.toml")
    assert not with_code(r, "DECLARED_MISMATCH")
    rounding = with_code(r, "DECLARED_ROUNDING")
    total = [f for f in rounding if f.path == "总分"]
    assert len(total) == 1 and "97.4" in total[0].message and "97.44" in total[0].message
    execution = [f for f in rounding if f.section == "execution" and "17.44" in f.message]
    assert len(execution) == 1 and "17.4" in execution[0].message


def test_dongxihu_2025_budget_arithmetic_closes() -> None:
    doc = load("dongxihu-2025-department.toml")
    ex = doc.execution
    assert (ex.initial_budget, ex.additions, ex.reductions, ex.budget) == (
        D("381.71"), D("34"), D("45.07"), D("370.64"))
    assert (ex.basic, ex.project, ex.spent) == (D("186.26"), D("136.95"), D("323.21"))
    r = score_document(doc)
    assert not with_code(r, "BUDGET_ADJUSTMENTS")  # 381.71 + 34 − 45.07 = 370.64
    assert not with_code(r, "BUDGET_SPLIT")  # 186.26 + 136.95 = 323.21
    # the same checks do fire when a figure is off
    broken = score_document(update_execution(doc, reductions=D("45"), basic=D("186")))
    assert len(with_code(broken, "BUDGET_ADJUSTMENTS")) == 1
    assert len(with_code(broken, "BUDGET_SPLIT")) == 1


def test_dongxihu_2025_eight_goals() -> None:
    doc = load("dongxihu-2025-department.toml")
    narrative = [g for g in doc.goals if g.weight is None]
    assert [g.title[:3] for g in narrative] == ["目标一", "目标二", "目标三", "目标四",
                                                "目标五", "目标六", "目标七", "目标八"]
    assert all(g.target and g.actual for g in narrative)
    fourth = narrative[3]
    assert fourth.target == "不少于130场"
    assert "超150场" in fourth.actual
