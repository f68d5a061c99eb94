"""The scoring rules of RULES.md section 5, as scoring/ implements them."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from builders import codes, execution, first_indicator, form, having, ind, only, score
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import Document, Goal, Indicator, LevelOne, LevelTwo, Method, Rules, Tier, load_document
from model.edit import (
    insert_at,
    move_at,
    node_at,
    remove_at,
    update_at,
    update_execution,
)
from scoring import PRESETS, ScoreCache, Settings, grade_of, q2, resolve, score_document
from scoring.engine import resolve_method
from model.values import parse_value

D = Decimal
ROOT = Path(__file__).resolve().parent.parent


# -- execution -------------------------------------------------------------

def test_execution_score_is_weight_times_rate_rounded_half_up():
    r = score(form(exe=execution(budget="491.27", spent="485.77", weight=20)))
    assert r.execution.rate == D("98.88")
    assert r.execution.score == D("19.78")  # 19.7760... rounds up
    assert r.execution.formula == D("19.78")


def test_execution_dongxihu_is_17_44():
    r = score(form(exe=execution(budget="370.64", spent="323.21", weight=20)))
    assert r.execution.rate == D("87.20")
    assert r.execution.score == D("17.44")


def test_execution_above_budget_is_capped_at_the_weight_and_warned():
    r = score(form(exe=execution(budget=100, spent=120, weight=20)))
    assert r.execution.score == D(20)
    assert r.execution.rate == D(120)
    f = only(r, "EXECUTION_OVER_BUDGET")
    assert "120" in f.message and "100" in f.message and f.severity.value == "warning"


def test_execution_with_zero_budget_is_an_error_not_a_crash():
    r = score(form(ind("≥10场", "10场", weight=80), exe=execution(budget=0, spent=5, weight=20)))
    assert r.execution.score is None and r.execution.rate is None
    f = only(r, "BUDGET_ZERO")
    assert f.severity.value == "error" and f.section == "execution" and "为 0" in f.message
    assert r.total == D(80)


def test_execution_without_figures_counts_the_declared_score():
    r = score(form(exe=execution(budget=None, spent=None, weight=20, declared_score="18.5")))
    assert r.execution.score == D("18.5")
    assert "BUDGET_MISSING" in codes(r)


def test_a_form_without_execution_block_scores_its_goals_only():
    r = score(form(ind("≥10场", "10场", weight=80), bare=True))
    assert r.execution.present is False
    assert r.execution.findings == ()
    assert r.total == D(80)
    assert "TOTAL_WEIGHT" in codes(r)  # 80 alone is not 100


# -- positive, reverse, exact ------------------------------------------------

@pytest.mark.parametrize(("target", "actual", "weight", "expected"), [
    ("≥90%", "45%", 10, D(5)),
    ("≥90%", "95%", 10, D(10)),  # capped at the weight
    ("不少于15场", "12场", 5, D(4)),
    ("90%以上", "81%", 4, D("3.6")),
    ("10场", "5场", 6, D(3)),  # a bare number outside cost levels is positive
    (">2次", "1次", 3, D("1.5")),
    ("≥8次", "1次", 5, D("0.63")),  # 0.625 rounds half up, not to even
    ("≥3次", "1次", 2, D("0.67")),
    ("≥1万元", "5000元", 4, D(2)),  # units of one kind are converted
    ("≥50%", "200‰", 5, D(2)),
])
def test_positive_indicators(target, actual, weight, expected):
    r = first_indicator(score(form(ind(target, actual, weight=weight))))
    assert r.method is Method.positive
    assert r.formula == expected
    assert r.score == expected


@pytest.mark.parametrize(("target", "actual", "paper", "linear"), [
    ("≤10万元", "20万元", D(2), D(0)),
    ("≤10万元", "12万元", D("3.33"), D("3.2")),
    ("≤10万元", "8万元", D(4), D(4)),
    ("不超过5%", "10%", D(2), D(0)),
    ("30天以内", "40天", D(3), D("2.67")),
    ("≤1万元", "15000元", D("2.67"), D(2)),
])
def test_reverse_indicators_ratio_and_linear(target, actual, paper, linear):
    doc = form(ind(target, actual, weight=4))
    assert first_indicator(score(doc)).formula == paper
    linear_doc = doc.model_copy(update={"rules": Rules(preset="linear-80-60")})
    assert first_indicator(score(linear_doc)).formula == linear
    only_reverse = doc.model_copy(update={"rules": Rules(reverse="linear")})
    assert first_indicator(score(only_reverse)).formula == linear


def test_a_bare_number_under_a_cost_level_is_a_limit():
    r = first_indicator(score(form(ind("10万元", "20万元", weight=4), sub="成本指标")))
    assert r.method is Method.reverse and r.formula == D(2)
    r = first_indicator(score(form(ind("10万元", "20万元", weight=4), level="成本指标",
                                   sub="经济成本指标")))
    assert r.method is Method.reverse
    r = first_indicator(score(form(ind("10万元", "20万元", weight=4), sub="数量指标")))
    assert r.method is Method.positive and r.formula == D(4)


@pytest.mark.parametrize(("target", "cost", "method"), [
    ("≥90%", False, Method.positive), (">3次", True, Method.positive),
    ("≤5万元", False, Method.reverse), ("<5天", False, Method.reverse),
    ("=100%", False, Method.exact), ("100%", False, Method.positive), ("100%", True, Method.reverse),
    ("保障", False, Method.qualitative), ("", False, None),
])
def test_resolve_method(target, cost, method):
    assert resolve_method(Method.auto, parse_value(target), cost) is method
    assert resolve_method(Method.reverse, parse_value(target), cost) is Method.reverse


def test_exact_full_when_equal_else_positive():
    assert first_indicator(score(form(ind("=100%", "100%", weight=5)))).formula == D(5)
    r = first_indicator(score(form(ind("=100%", "90%", weight=5))))
    assert r.method is Method.exact and r.formula == D("4.5")
    r = first_indicator(score(form(ind("=100%", "110%", weight=5))))
    assert r.formula == D(5)  # not equal: positive, capped


def test_explicit_method_overrides_the_target():
    r = first_indicator(score(form(ind("90%", "95%", weight=4, method=Method.reverse))))
    assert r.method is Method.reverse and r.formula == D("3.79")


def test_typed_score_counts_and_the_formula_is_kept_beside_it():
    r = first_indicator(score(form(ind("≥90%", "45%", weight=10, score=8))))
    assert r.typed == D(8) and r.formula == D(5) and r.score == D(8)


def test_unscorable_numbers_give_no_formula():
    r = first_indicator(score(form(ind("≥90%", "9次", weight=5))))
    assert r.formula is None and r.score is None


# -- qualitative -------------------------------------------------------------

@pytest.mark.parametrize(("tier", "typed", "paper_ok", "linear_ok"), [
    (Tier.achieved, "8", True, True), (Tier.achieved, "10", True, True),
    (Tier.achieved, "7.99", False, False),
    (Tier.partial, "5", True, False), (Tier.partial, "6", True, True),
    (Tier.partial, "7.99", True, True), (Tier.partial, "8", False, False),
    (Tier.partial, "4.99", False, False),
    (Tier.unachieved, "0", True, True), (Tier.unachieved, "4.99", True, True),
    (Tier.unachieved, "5", False, True), (Tier.unachieved, "5.99", False, True),
    (Tier.unachieved, "6", False, False),
])
def test_qualitative_tier_bands_80_50_and_80_60(tier, typed, paper_ok, linear_ok):
    doc = form(ind("提升", "有所提升", weight=10, score=typed, tier=tier, reason="说明"))
    assert ("TIER_BAND" not in codes(score(doc))) is paper_ok
    linear = doc.model_copy(update={"rules": Rules(preset="linear-80-60")})
    assert ("TIER_BAND" not in codes(score(linear))) is linear_ok
    custom = doc.model_copy(update={"rules": Rules(partial_min=D(60))})
    assert ("TIER_BAND" not in codes(score(custom))) is linear_ok


def test_qualitative_score_is_the_typed_score():
    r = first_indicator(score(form(ind("保障", "保障", weight=4, score=4, tier=Tier.achieved))))
    assert r.method is Method.qualitative and r.formula is None and r.score == D(4)


# -- not applicable ------------------------------------------------------------

def _na_doc(rescale: bool | None) -> Document:
    return form(
        ind("≥10场", "10场", weight=20, name="甲"),
        ind("≥10场", "5场", weight=20, name="乙", reason="天气"),
        ind("≥10场", "10场", weight=20, name="丙"),
        ind("≥10场", "0场", weight=20, name="丁", not_applicable=True),
        rules=Rules(rescale_not_applicable=rescale),
    )


def test_not_applicable_is_scored_normally_by_default():
    r = score(_na_doc(None))
    assert r.goals[0].score == D(50)  # 20 + 10 + 20 + 0
    assert "WEIGHT_SUM" not in codes(r)


def test_not_applicable_rescaled_to_the_full_weight_when_allowed():
    r = score(_na_doc(True))
    d = r.goals[0].children[0].children[0].children[3]
    assert d.excluded and d.score is None
    assert r.goals[0].score == D("66.67")  # 50 of 60 applicable points, scaled to 80
    assert r.total == D("86.67")
    assert "WEIGHT_SUM" not in codes(r)  # the row still belongs to the weights
    assert "UNMET_NO_REASON" not in {f.code for f in r.findings if "丁" in f.path}


# -- rounding, totals, grades ----------------------------------------------------

def test_total_is_the_sum_of_rounded_items():
    doc = form(ind("≥8次", "1次", weight=5, name="甲"), ind("≥8次", "1次", weight=5, name="乙"),
               ind("≥10次", "10次", weight=70, name="丙"))
    r = score(doc)
    assert [i.score for i in r.goals[0].children[0].children[0].children] == [D("0.63"), D("0.63"), D(70)]
    assert r.goals[0].score == D("71.26")  # not q2(71.25)
    assert r.total == D("91.26")


def test_typed_scores_count_rounded_to_two_decimals():
    r = score(form(ind("≥10次", "10次", weight=80, score="79.995")))
    assert first_indicator(r).typed == D("79.995")
    assert first_indicator(r).score == D("80.00")


def test_hongshan_2024_figures():
    r = score_document(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml"))
    assert r.execution.rate == D("98.88") and r.execution.score == D("19.78")
    assert [g.score for g in r.goals] == [D(19), D(59)]
    assert r.total == D("97.78") and r.grade == "优"
    assert not having(r, "DECLARED_MISMATCH") and not having(r, "DECLARED_ROUNDING")


@pytest.mark.parametrize(("total", "grade"), [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"),
    ("60", "中"), ("59.99", "差"), ("0", "差"),
])
def test_grades(total, grade):
    assert grade_of(D(total)) == grade


def test_q2_is_half_up():
    assert q2(D("0.625")) == D("0.63")
    assert q2(D("0.615")) == D("0.62")
    assert q2(D("2.675")) == D("2.68")
    assert q2(D("-0.005")) == D("-0.01")


def test_arithmetic_is_decimal_not_float():
    # 0.1 + 0.2 style: a float sum would give 0.30000000000000004
    doc = form(ind("≥1次", "1次", weight="0.1", name="甲"), ind("≥1次", "1次", weight="0.2", name="乙"),
               ind("≥1次", "1次", weight="79.7", name="丙"))
    r = score(doc)
    assert r.goals[0].score == D("80")
    assert isinstance(r.total, Decimal)


# -- settings ------------------------------------------------------------------------

def test_presets():
    assert set(PRESETS) == {"paper", "linear-80-60"}
    paper, linear = PRESETS["paper"], PRESETS["linear-80-60"]
    assert (paper.achieved_min, paper.partial_min, paper.reverse) == (D(80), D(50), "ratio")
    assert (linear.achieved_min, linear.partial_min, linear.reverse) == (D(80), D(60), "linear")
    for s in (paper, linear):
        assert s.overshoot == D(130) and s.tolerance == D("0.01") and s.rescale_not_applicable is False


def test_resolve_defaults_and_overrides():
    assert resolve(Rules()) == PRESETS["paper"]
    s = resolve(Rules(preset="linear-80-60", overshoot=D(200), tolerance=D("0.1")))
    assert isinstance(s, Settings)
    assert (s.partial_min, s.reverse, s.overshoot, s.tolerance) == (D(60), "linear", D(200), D("0.1"))
    assert resolve(Rules(rescale_not_applicable=True)).rescale_not_applicable is True


def test_overshoot_threshold_is_a_setting():
    doc = form(ind("≥10场", "15场", weight=80))  # 150 %
    assert "OVERSHOOT_NO_REASON" in codes(score(doc))
    higher = doc.model_copy(update={"rules": Rules(overshoot=D(200))})
    assert "OVERSHOOT_NO_REASON" not in codes(score(higher))


def test_tolerance_is_a_setting():
    doc = form(exe=execution(budget="370.64", spent="323.21", weight=20, declared_score="17.4"))
    assert only(score(doc), "DECLARED_ROUNDING").message == "表上执行得分 17.4，计算为 17.44（四舍五入差异 -0.04）"
    loose = doc.model_copy(update={"rules": Rules(tolerance=D("0.05"))})
    assert not having(score(loose), "DECLARED_ROUNDING")


# -- the cache ---------------------------------------------------------------------

def _base_doc() -> Document:
    def level(name: str, subs: list[tuple[str, list[Indicator]]]) -> LevelOne:
        return LevelOne(name=name, sublevels=tuple(LevelTwo(name=n, indicators=tuple(i)) for n, i in subs))

    g1 = Goal(title="目标一", weight=D(40), levels=(
        level("产出指标", [("数量指标", [ind("≥10场", "12场", 5, name="培训"), ind("1个", "9个", 5, name="社区")]),
                          ("成本指标", [ind("≤15.5万元", "180万元", 5, 2, name="限额")])]),
        level("效益指标", [("社会效益指标", [ind("保障", "保障", 5, 5, name="保障", tier=Tier.achieved)]),
                          ("生态效益指标", [])]),
    ))
    g2 = Goal(title="目标二", weight=D(40), declared_score=D(39), levels=(
        level("产出指标", [("质量指标", [ind("≥90%", "9次", 10, name="参与度"),
                                        ind("=100%", "95%", 10, 9, name="合格率")])]),
        level("满意度指标", [("服务对象满意度指标", [ind("≥90%", "95%", 20, name="满意度")])]),
    ))
    g3 = Goal(title="叙述目标", target="只有文字")
    return form(goals=(g1, g2, g3), exe=execution(budget="491.27", spent="485.77", declared_score="19.78"),
                declared_total="97.78")


_TEXTS = ["≥10场", "12场", "9个", "≤15.5万元", "180万元", "保障", "", "95%", "9次", "=100%", "逐年上升",
          "50余场", "超150场", "半年", "1家或引进专家人才2名", "０", "≥0%"]
_NUMBERS = [None, D(0), D(2), D("2.5"), D(5), D(10), D(20), D("19.78"), D(40)]


def _random_edit(doc: Document, rng: random.Random) -> Document:
    paths = [p for p, _ in doc.iter_indicators()]
    kind = rng.randrange(12)
    if kind <= 4 and paths:
        path = rng.choice(paths)
        field = rng.choice(["target", "actual", "weight", "score", "method", "tier", "not_applicable",
                            "reason", "name"])
        value = {
            "target": lambda: rng.choice(_TEXTS), "actual": lambda: rng.choice(_TEXTS),
            "weight": lambda: rng.choice(_NUMBERS), "score": lambda: rng.choice(_NUMBERS),
            "method": lambda: rng.choice(list(Method)), "tier": lambda: rng.choice([None, *Tier]),
            "not_applicable": lambda: rng.choice([True, False]),
            "reason": lambda: rng.choice(["", "原因"]), "name": lambda: rng.choice(["甲", "乙", "培训"]),
        }[field]()
        return update_at(doc, path, **{field: value})
    if kind == 5 and doc.goals:
        g = rng.randrange(len(doc.goals))
        field = rng.choice(["weight", "declared_score", "title"])
        value = rng.choice(["目标一", "", "新目标"]) if field == "title" else rng.choice(_NUMBERS)
        return update_at(doc, (g,), **{field: value})
    if kind == 6:
        levels = [(g, l1) for g, goal in enumerate(doc.goals) for l1 in range(len(goal.levels))]
        if levels:
            path = rng.choice(levels)
            field = rng.choice(["weight", "name", "declared_score"])
            value = rng.choice(["产出指标", "成本指标", "效益指标"]) if field == "name" else rng.choice(_NUMBERS)
            return update_at(doc, path, **{field: value})
    if kind == 7:
        subs = [(g, l1, l2) for g, goal in enumerate(doc.goals) for l1, lv in enumerate(goal.levels)
                for l2 in range(len(lv.sublevels))]
        if subs:
            path = rng.choice(subs)
            if rng.random() < 0.5:
                return update_at(doc, path, name=rng.choice(["数量指标", "成本指标", "经济成本指标"]))
            new = ind(rng.choice(_TEXTS), rng.choice(_TEXTS), rng.choice(_NUMBERS), name="新增")
            return insert_at(doc, path, rng.randrange(5), new)
    if kind == 8 and paths:
        return remove_at(doc, rng.choice(paths))
    if kind == 9 and paths:
        return move_at(doc, rng.choice(paths), rng.choice([-1, 1]))[0]
    if kind == 10:
        field = rng.choice(["budget", "spent", "weight", "declared_score", "declared_rate", "basic"])
        return update_execution(doc, **{field: rng.choice(_NUMBERS)})
    rules = rng.choice([Rules(), Rules(preset="linear-80-60"), Rules(rescale_not_applicable=True),
                        Rules(overshoot=D(300)), Rules(partial_min=D(90))])
    return doc.model_copy(update={"rules": rules})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_cached_rescoring_equals_scoring_from_scratch(seed):
    rng = random.Random(seed)
    doc = _base_doc()
    cache = ScoreCache()
    assert score_document(doc, cache) == score_document(doc)
    for _ in range(25):
        doc = _random_edit(doc, rng)
        assert score_document(doc, cache) == score_document(doc)


def test_cache_reuses_unchanged_nodes_and_stays_bounded():
    doc = _base_doc()
    cache = ScoreCache()
    first = score_document(doc, cache)
    size = len(cache.entries)
    edited = update_at(doc, (1, 0, 0, 0), actual="95%")
    second = score_document(edited, cache)
    assert second.goals[0] is first.goals[0]  # untouched goal reused as is
    assert second.goals[1] is not first.goals[1]
    assert second.goals[1].children[1] is first.goals[1].children[1]
    for value in ["91%", "92%", "93%", "94%"] * 20:
        edited = update_at(edited, (1, 0, 0, 0), actual=value)
        score_document(edited, cache)
    assert len(cache.entries) == size  # an edit overwrites, it does not pile up
    assert node_at(edited, (1, 0, 0, 0)).actual == "94%"


# -- scoring is total ------------------------------------------------------------------

_PIECES = st.sampled_from(["≥", "≤", "=", "不少于", "以内", "超", "", "0", "0.00000000000000001", "9",
                           "99999999999999999", "1,000", "半", "亿", "万", "余", "%", "‰", "个", "次",
                           "万元", "元", "天", "年", "保障", "-", "."])
_VALUE_TEXT = st.lists(_PIECES, max_size=5).map("".join)
_POINTS = st.none() | st.decimals(min_value=0, max_value=1000, places=3)
_INDICATORS = st.builds(Indicator, name=st.sampled_from(["甲", "乙", ""]), target=_VALUE_TEXT,
                        actual=_VALUE_TEXT, weight=_POINTS, score=_POINTS,
                        method=st.sampled_from(list(Method)), tier=st.none() | st.sampled_from(list(Tier)),
                        not_applicable=st.booleans(), reason=st.sampled_from(["", "原因"]))
_MONEY = st.none() | st.decimals(min_value=0, max_value=10**10, places=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_INDICATORS, min_size=1, max_size=4), st.sampled_from(["数量指标", "成本指标"]),
       _MONEY, _MONEY, _POINTS,
       st.sampled_from([Rules(), Rules(preset="linear-80-60"), Rules(rescale_not_applicable=True)]))
def test_scoring_never_fails_and_formula_scores_stay_within_the_weight(inds, sub, budget, spent, weight,
                                                                        rules):
    doc = form(*inds, sub=sub, exe=execution(budget=budget, spent=spent, weight=weight), rules=rules)
    r = score_document(doc)
    for i in r.goals[0].children[0].children[0].children:
        if i.formula is not None:
            assert D(0) <= i.formula <= i.weight
    if r.execution.formula is not None:
        assert D(0) <= r.execution.formula <= r.execution.weight
    assert r.total >= 0 and r.grade in (("优", "良", "中", "差") if r.scored else ("未评分",))
    assert all(f.message and f.path for f in r.findings)


def test_q2_is_total_for_absurd_figures():
    huge = D("1E+40")
    assert q2(huge) == huge
