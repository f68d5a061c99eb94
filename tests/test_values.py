"""Values as people write them (RULES.md section 4): model/values.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.values import MAX_PARSED_LENGTH, Value, format_number, parse_value, unit_kind

D = Decimal

# text -> (kind, op, number, unit, unit kind, qualifiers)
TARGETS = [
    ("≥90%", ("number", ">=", D(90), "%", "percent", ())),
    ("≥ 2次", ("number", ">=", D(2), "次", "count", ())),
    ("90%以上", ("number", ">=", D(90), "%", "percent", ("以上",))),
    ("不少于15场", ("number", ">=", D(15), "场", "count", ())),
    ("≤15.5万元", ("number", "<=", D("15.5"), "万元", "money", ())),
    ("不超过50万元", ("number", "<=", D(50), "万元", "money", ())),
    ("不超过5%", ("number", "<=", D(5), "%", "percent", ())),
    ("30天以内", ("number", "<=", D(30), "天", "time", ())),
    ("5%以内", ("number", "<=", D(5), "%", "percent", ())),
    ("1个", ("number", None, D(1), "个", "count", ())),
    ("100%", ("number", None, D(100), "%", "percent", ())),
    ("半年", ("number", None, D("0.5"), "年", "time", ())),
    ("≤半年", ("number", "<=", D("0.5"), "年", "time", ())),
    ("半个月", ("number", None, D("0.5"), "个月", "time", ())),
    ("=100%", ("number", "=", D(100), "%", "percent", ())),
    (">=90%", ("number", ">=", D(90), "%", "percent", ())),
    ("９０％", ("number", None, D(90), "%", "percent", ())),
    ("≥９０％", ("number", ">=", D(90), "%", "percent", ())),
    ("＞＝９０％", ("number", ">=", D(90), "%", "percent", ())),
    ("≥ 95 ％", ("number", ">=", D(95), "%", "percent", ())),
    ("95%（含）以上", ("number", ">=", D(95), "%", "percent", ("以上",))),
    ("大于等于3次", ("number", ">=", D(3), "次", "count", ())),
    ("小于10%", ("number", "<", D(10), "%", "percent", ())),
    ("≤5‰", ("number", "<=", D(5), "‰", "percent", ())),
    ("1,000元", ("number", None, D(1000), "元", "money", ())),
    ("三年", ("number", None, D(3), "年", "time", ())),
    ("两个", ("number", None, D(2), "个", "count", ())),
    ("6个月内", ("number", "<=", D(6), "个月", "time", ())),
    ("2次/年", ("number", None, D(2), "次/年", "count", ())),
]

ACTUALS = [
    ("9个", ("number", None, D(9), "个", "count", ())),
    ("95%", ("number", None, D(95), "%", "percent", ())),
    ("180万元", ("number", None, D(180), "万元", "money", ())),
    ("2023.73", ("number", None, D("2023.73"), "", "", ())),
    ("50余场", ("number", None, D(50), "场", "count", ("余",))),
    ("超150场", ("number", ">", D(150), "场", "count", ("超",))),
    ("10余场", ("number", None, D(10), "场", "count", ("余",))),
    ("130多场", ("number", None, D(130), "场", "count", ("多",))),
    ("20万余人次", ("number", None, D(200000), "人次", "count", ("余",))),
    ("10余万次", ("number", None, D(100000), "次", "count", ("余",))),
    ("9次", ("number", None, D(9), "次", "count", ())),
]

QUALITATIVE = ["逐年上升", "保障", "达标", "提升", "项目持续开展", "1家或引进专家人才2名",
               "一般", "两学一做", "十全十美", "12月底前", "5G基站", "已完成", "较好",
               "有效提升", "100%完成", "全年", "≥"]


def _shape(v: Value):
    return (v.kind, v.op, v.number, v.unit, v.unit_kind, v.qualifiers)


@pytest.mark.parametrize(("text", "expected"), TARGETS, ids=[t for t, _ in TARGETS])
def test_targets(text, expected):
    v = parse_value(text)
    assert _shape(v) == expected
    assert v.text == text


@pytest.mark.parametrize(("text", "expected"), ACTUALS, ids=[t for t, _ in ACTUALS])
def test_actuals(text, expected):
    v = parse_value(text)
    assert _shape(v) == expected
    assert v.text == text


@pytest.mark.parametrize("text", QUALITATIVE)
def test_words_are_text_kept_as_typed(text):
    v = parse_value(text)
    assert v.kind == "text"
    assert v.text == text
    assert v.number is None and v.op is None


@pytest.mark.parametrize("text", ["", " ", "\u3000", "\n\t"])
def test_blank_is_empty(text):
    v = parse_value(text)
    assert v.kind == "empty" and v.text == text


@pytest.mark.parametrize(("text", "at_least"), [
    ("50余场", True), ("超150场", True), ("90%以上", True), ("130多场", True),
    ("50场", False), ("≥50场", False), ("逐年上升", False),
])
def test_at_least_qualifiers(text, at_least):
    assert parse_value(text).at_least is at_least


@pytest.mark.parametrize(("text", "base"), [
    ("180万元", D(180)), ("15000元", D("1.5")), ("1亿元", D(10000)), ("3千元", D("0.3")),
    ("半年", D("182.5")), ("6个月", D(180)), ("2周", D(14)), ("30天", D(30)),
    ("5‰", D("0.5")), ("95%", D(95)), ("9个", D(9)),
])
def test_base_number_converts_units(text, base):
    assert parse_value(text).base_number == base


def test_same_reading_for_full_and_half_width():
    for full, half in [("９０％", "90%"), ("≥９０％", "≥90%"), ("＞＝２次", ">=2次"),
                       ("１５．５万元", "15.5万元")]:
        assert _shape(parse_value(full)) == _shape(parse_value(half))


@pytest.mark.parametrize(("text", "described"), [
    ("≥90%", "≥ 90 %"), ("≤15.5万元", "≤ 15.5 万元"), ("50余场", "50 场（至少）"),
    ("保障", "文字：保障"), ("", "（空）"),
])
def test_describe(text, described):
    assert parse_value(text).describe() == described


@pytest.mark.parametrize(("unit", "kind"), [
    ("个", "count"), ("场次", "count"), ("万元", "money"), ("%", "percent"), ("天", "time"),
    ("次/年", "count"), ("分", "other"), ("", ""),
])
def test_unit_kind(unit, kind):
    assert unit_kind(unit) == kind


def test_format_number():
    assert format_number(D("15.50")) == "15.5"
    assert format_number(D("19.00")) == "19"
    assert format_number(D("1E+2")) == "100"
    assert format_number(D("0.25")) == "0.25"


def test_long_text_is_kept_as_text():
    text = "9" * (MAX_PARSED_LENGTH + 1)
    assert parse_value(text).kind == "text"
    assert parse_value("1" * 30 + "个").kind == "text"  # more digits than anyone types


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_parse_value_is_total_over_any_text(text):
    v = parse_value(text)
    assert isinstance(v, Value)
    assert v.text == text
    assert v.kind in ("empty", "number", "text")
    if v.kind == "number":
        assert v.number is not None and v.number.is_finite()
    else:
        assert v.number is None
    v.describe()
    _ = v.base_number, v.at_least


_VALUE_PIECES = st.sampled_from(["≥", "≤", ">=", "不少于", "不超过", "超", "约", "", "", "",
                                 "９", "9", "0.5", "1,000", "十", "半", "-", ".", "%", "％",
                                 "万", "余", "多", "以上", "以内", "个", "次", "万元", "年",
                                 "月", "(含)", "（含）", "/", "或", " ", "\u3000", "e", "1e400"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_VALUE_PIECES, max_size=8).map("".join))
def test_parse_value_is_total_over_value_like_text(text):
    v = parse_value(text)
    assert v.text == text
    if v.kind == "number":
        assert v.number.is_finite()
        assert v.unit_kind == unit_kind(v.unit)
