"""The variants real forms have, as the model and the scoring take them (issue: forms
come in from Word, old Excel and converted text). Each variant has a form that
triggers it and the nearest one that does not; the importer's side of the same
variants is in tests/test_import_variants.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from builders import codes, first_indicator, form, having, ind, score

from model import Document, Goal, LevelOne, LevelTwo, Tier, dumps_document, loads_document
from model.document import MonthDate, parse_date
from model.problems import DocumentError
from model.values import parse_value

D = Decimal


# -- a fill date given to the month only -------------------------------------------


@pytest.mark.parametrize("typed", ["2022年3月", "2022.3", "2022-03", "2022/3", "2022 年 03 月"])
def test_a_month_only_fill_date_is_accepted_and_saved_as_a_year_month_string(typed):
    doc = loads_document(f'schema = 1\nfill_date = "{typed}"\n')
    assert isinstance(doc.fill_date, MonthDate)
    assert (doc.fill_date.year, doc.fill_date.month) == (2022, 3)
    text = dumps_document(doc)
    assert 'fill_date = "2022-03"' in text
    assert loads_document(text) == doc  # round trip


def test_a_month_date_is_not_the_first_of_the_month_and_a_full_date_stays_a_date():
    assert MonthDate(2022, 3) != date(2022, 3, 1) and date(2022, 3, 1) != MonthDate(2022, 3)
    assert MonthDate(2022, 3) == MonthDate(2022, 3) and len({MonthDate(2022, 3), date(2022, 3, 1)}) == 2
    full = loads_document('schema = 1\nfill_date = "2022年3月5日"\n').fill_date
    assert type(full) is date and full == date(2022, 3, 5)
    assert "fill_date = 2022-03-05" in dumps_document(Document(fill_date=full))
    assert parse_date("2022.13") is None and parse_date("2022年") is None


def test_an_impossible_month_is_refused_with_the_forms_that_work():
    with pytest.raises(DocumentError) as err:
        loads_document('schema = 1\nfill_date = "2022年13月"\n')
    assert "2025年3月" in str(err.value) and "填报日期" in str(err.value)


# -- an actual without a unit -------------------------------------------------------


def test_an_actual_without_unit_is_read_in_the_targets_unit_and_reported():
    # ≤ 1411.9 万元 against 2023.73: read as 2023.73 万元 (were it 元, it would be far under the limit)
    result = score(form(ind("≤1411.9万元", "2023.73", weight=10, name="经费"), sub="成本指标"))
    row = first_indicator(result)
    assert row.formula == D("6.98")  # 10 × 1411.9 / 2023.73
    assert "UNIT_ONE_SIDED" in codes(result) and "COST_OVER_LIMIT" in codes(result)
    same = score(form(ind("≤1411.9万元", "2023.73万元", weight=10, name="经费"), sub="成本指标"))
    assert first_indicator(same).formula == D("6.98") and "UNIT_ONE_SIDED" not in codes(same)


# -- units written as words ---------------------------------------------------------


def test_percent_written_as_a_word_is_percent_not_a_hundredfold_number():
    value = parse_value("≥100百分比")
    assert (value.op, value.number, value.unit_kind) == (">=", D(100), "percent")
    result = score(form(ind("≥100百分比", "98%", weight=8, score="7.84")))
    assert first_indicator(result).formula == D("7.84")
    assert "TYPED_SCORE_DIFFERS" not in codes(result) and "UNIT_KIND_MISMATCH" not in codes(result)
    # the nearest plain form scores the same
    assert first_indicator(score(form(ind("≥100%", "98%", weight=8)))).formula == D("7.84")


def test_percentage_points_and_counts_per_year_compare():
    points = score(form(ind("≤2个百分点", "1.5个百分点", weight=5)))
    assert first_indicator(points).formula == D(5) and not having(points, "UNIT_WORD_MISMATCH")
    assert parse_value("≤2个百分点").unit_kind == "percent"
    per_year = score(form(ind("≥500人次/年", "600人次", weight=5)))
    assert first_indicator(per_year).formula == D(5)
    assert not having(per_year, "UNIT_WORD_MISMATCH") and not having(per_year, "UNIT_KIND_MISMATCH")
    assert having(score(form(ind("≥500人次/年", "600次", weight=5))), "UNIT_WORD_MISMATCH")
    # a multiplier before an unknown word still multiplies
    assert parse_value("20万余人次").number == D(200000)


# -- an actual that names a tier ----------------------------------------------------


@pytest.mark.parametrize("actual, tier", [("达成预期指标", Tier.achieved), ("部分达成预期指标", Tier.partial),
                                          ("部分达成并具有一定效果", Tier.partial), ("未达成", Tier.unachieved),
                                          ("未达成预期指标且效果较差。", Tier.unachieved)])
def test_an_actual_naming_a_tier_is_read_as_that_tier(actual, tier):
    assert Tier.named(actual) is tier
    result = score(form(ind("提升服务水平", actual, weight=10, score=6, reason="说明")))
    row = first_indicator(result)
    assert row.tier is tier and "TIER_MISSING" not in codes(result)
    # 6 of 10 is in the partial band only
    assert ("TIER_BAND" in codes(result)) is (tier is not Tier.partial)


def test_an_actual_in_other_words_still_asks_for_the_tier():
    result = score(form(ind("提升服务水平", "有所提升", weight=10, score=6, reason="说明")))
    assert first_indicator(result).tier is None and "TIER_MISSING" in codes(result)
    assert Tier.named("逐年上升") is None and Tier.named("保障") is None
    # a quantitative row is not read as a tier
    quantitative = score(form(ind("≥90%", "达成", weight=10, score=6)))
    assert first_indicator(quantitative).tier is None


# -- forms with only 分值 and 得分 columns -------------------------------------------


def _judged(n: int, with_target: bool = False) -> Document:
    rows = [ind("", "", weight=5, score=D("3.85"), name=f"指标{i + 1}", reason="r") for i in range(n)]
    if with_target:
        rows[0] = ind("≥90%", "", weight=5, score=D("3.85"), name="指标1", reason="r")
    return form(*rows, goal_weight=5 * n)


def test_a_form_with_only_weights_and_scores_gets_one_finding_not_two_per_row():
    result = score(_judged(16))
    assert [f.code for f in result.findings if f.code in ("TARGET_MISSING", "ACTUAL_MISSING")] == []
    only = having(result, "SCORES_ONLY")
    assert len(only) == 1 and "16 个指标" in only[0].message
    per_row = score(_judged(16, with_target=True))
    assert not having(per_row, "SCORES_ONLY")
    assert len(having(per_row, "TARGET_MISSING")) == 15  # the rows without the one target
    # no actual anywhere: one finding for the form, not 16
    assert [f.path for f in having(per_row, "ACTUAL_MISSING")] == ["总分"]


def test_a_blank_template_says_each_empty_column_once_not_on_every_row():
    # nothing filled in but the weights: no targets, no actuals, no scores, each said once
    blank = form(ind("", "", weight=5, name="a"), ind("", "", weight=5, name="b"))
    result = score(blank)
    assert not having(result, "SCORES_ONLY")
    assert sorted((f.code, f.path) for f in result.findings if f.code.endswith("_MISSING")) == [
        ("ACTUAL_MISSING", "总分"), ("SCORE_MISSING", "总分"), ("TARGET_MISSING", "总分")]


def test_the_scores_only_reading_follows_edits_with_a_cache():
    from scoring import ScoreCache, score_document

    cache = ScoreCache()
    judged = _judged(3)
    assert having(score_document(judged, cache), "SCORES_ONLY")
    goal = judged.goals[0]
    sub = goal.levels[0].sublevels[0]
    edited = sub.model_copy(update={"indicators": (sub.indicators[0].model_copy(update={"target": "≥1次"}),)
                                    + sub.indicators[1:]})
    doc = judged.model_copy(update={"goals": (Goal(title=goal.title, weight=goal.weight, levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name=sub.name, indicators=edited.indicators),)),)),)})
    again = score_document(doc, cache)
    # one row has a target now: the two without say so row by row
    assert not having(again, "SCORES_ONLY") and len(having(again, "TARGET_MISSING")) == 2
    assert {f.path for f in having(again, "TARGET_MISSING")} != {"总分"}
    assert again.findings == score_document(doc).findings
