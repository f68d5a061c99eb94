"""Form files: deterministic TOML that round-trips, and clear Chinese errors (model/files.py)."""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import (
    Document,
    DocumentError,
    Execution,
    FundRow,
    Goal,
    Indicator,
    Kind,
    LevelOne,
    LevelTwo,
    Method,
    Narrative,
    ProjectRef,
    Rules,
    Tier,
    dumps_document,
    load_document,
    loads_document,
)
from model.edit import update_at
from model.storage import save_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"

# -- strategies over the models ----------------------------------------------------

_CHINESE = "预算绩效自评表产出指标数量质量时效成本效益满意度科普活动场次万元年度目标达成保障逐年上升（）【】“”、，。；：％＞＝≥≤"
_TRICKY = ['"', "'", "\\", "\n", "\r\n", "\t", "\x00", "\x01", "\x1b", "\x7f", "\u2028", "\ufeff", "#",
           "[b]", "[@click=app.quit]", "'''", '"""', "\\u0041", "=", " ", "\u3000", "é", "😀"]
_PIECES = st.one_of(st.sampled_from(list(_CHINESE)), st.sampled_from(_TRICKY),
                    st.characters(exclude_categories=("Cs",)))
texts = st.lists(_PIECES, max_size=12).map("".join)


def decimals(max_value: int | str, places: int = 4):
    return st.decimals(min_value=0, max_value=Decimal(max_value), places=places,
                       allow_nan=False, allow_infinity=False)


points = st.none() | decimals(1000, 3)
money = st.none() | decimals("10000000", 4)

indicators = st.builds(
    Indicator, name=texts, target=texts, actual=texts, weight=points, score=points,
    method=st.sampled_from(list(Method)), tier=st.none() | st.sampled_from(list(Tier)),
    not_applicable=st.booleans(), reason=texts, improvement=texts,
)
sublevels = st.builds(LevelTwo, name=texts, weight=points, declared_score=points,
                      indicators=st.lists(indicators, max_size=3).map(tuple))
levels = st.builds(LevelOne, name=texts, weight=points, declared_score=points,
                   sublevels=st.lists(sublevels, max_size=2).map(tuple))
goals = st.builds(Goal, title=texts, target=texts, actual=texts, weight=points, declared_score=points,
                  levels=st.lists(levels, max_size=2).map(tuple))
funds = st.builds(FundRow, name=texts, initial_budget=money, budget=money, spent=money)
executions = st.builds(
    Execution, label=texts, weight=points, initial_budget=money, additions=money, reductions=money,
    budget=money, spent=money, basic=money, project=money,
    declared_rate=st.none() | decimals(1000, 2), declared_score=points,
    funds=st.lists(funds, max_size=3).map(tuple),
)
rules = st.builds(
    Rules, preset=st.sampled_from([None, "paper", "linear-80-60"]),
    achieved_min=st.none() | decimals(100, 2), partial_min=st.none() | decimals(100, 2),
    reverse=st.sampled_from([None, "ratio", "linear"]),
    overshoot=st.none() | st.decimals(min_value=100, max_value=1000, places=1),
    tolerance=st.none() | decimals(1, 3), rescale_not_applicable=st.sampled_from([None, True, False]),
)
documents = st.builds(
    Document, kind=st.sampled_from(list(Kind)), title=texts, unit=texts, project_name=texts,
    department=texts, implementing_unit=texts, year=st.none() | st.integers(1949, 2200),
    fill_date=st.none() | st.dates(date(1990, 1, 1), date(2100, 12, 31)), declared_total=points,
    rules=rules, execution=executions, goals=st.lists(goals, max_size=3).map(tuple),
    projects=st.lists(st.builds(ProjectRef, name=texts, budget=money, spent=money,
                                declared_score=points), max_size=2).map(tuple),
    narrative=st.builds(Narrative, deviation=texts, improvement=texts, remarks=texts, summary=texts),
)

_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- round trips ----------------------------------------------------------------------

@_SETTINGS
@given(documents)
def test_round_trip_gives_the_same_document_and_the_same_bytes(doc):
    text = dumps_document(doc)
    again = loads_document(text.encode("utf-8"))
    assert again == doc
    assert dumps_document(again) == text
    # Chinese stays readable: never \uXXXX escapes
    for t in (doc.title, doc.unit, doc.narrative.summary):
        for ch in t:
            if "\u4e00" <= ch <= "\u9fff":
                assert ch in text
    assert "\r" not in text


def test_the_sample_round_trips_byte_for_byte(tmp_path):
    data = SAMPLE.read_bytes()
    doc = loads_document(data)
    assert dumps_document(doc).encode("utf-8") == data
    out = tmp_path / "copy.toml"
    assert save_document(doc, out) == data
    assert out.read_bytes() == data
    assert load_document(out) == doc


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
            if line[:2] in ("- ", "+ ")]


single_line = st.text(alphabet=st.sampled_from(list(_CHINESE) + list("0123456789%\"\\' ")), min_size=1,
                      max_size=20).filter(lambda s: s.strip() != "")


def _with_indicator(doc: Document, extra: Indicator) -> Document:
    goal = Goal(title="追加", levels=(LevelOne(sublevels=(LevelTwo(indicators=(extra,)),)),))
    return doc.model_copy(update={"goals": doc.goals + (goal,)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.builds(_with_indicator, documents, indicators), st.data())
def test_a_one_value_edit_changes_one_line(doc, data):
    paths = [p for p, _ in doc.iter_indicators()]
    path = data.draw(st.sampled_from(paths))
    old = data.draw(single_line)
    new = data.draw(single_line.filter(lambda s: s != old))
    before = update_at(doc, path, actual=old)
    after = update_at(before, path, actual=new)
    changed = _changed_lines(dumps_document(before), dumps_document(after))
    assert len(changed) == 2, changed
    assert changed[0].startswith("- actual = ") and changed[1].startswith("+ actual = ")


def test_a_one_value_edit_of_the_sample_changes_one_line():
    doc = load_document(SAMPLE)
    path = next(p for p, _ in doc.iter_indicators())
    changed = _changed_lines(dumps_document(doc), dumps_document(update_at(doc, path, actual="10个")))
    assert changed == ['- actual = "9个"', '+ actual = "10个"']
    changed = _changed_lines(dumps_document(doc), dumps_document(update_at(doc, path, weight=Decimal("2.5"))))
    assert changed == ["+ weight = 2.5"]


# -- errors --------------------------------------------------------------------------

GOOD = '''schema = 1
title = "测试"

[execution]
weight = 20
budget = 100
spent = 100

[[goals]]
title = "年度目标1"
weight = 80

[[goals.levels]]
name = "产出指标"

[[goals.levels.sublevels]]
name = "数量指标"

[[goals.levels.sublevels.indicators]]
name = "培训场次"
target = "≥10场"
actual = "10场"
weight = 80
'''

PLACE = "目标1「年度目标1」 / 一级指标1「产出指标」 / 二级指标1「数量指标」 / 指标1「培训场次」"


def _problems(text: str) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        loads_document(text.encode("utf-8"), source="表.toml")
    return info.value


def test_the_good_text_loads():
    doc = loads_document(GOOD)
    assert doc.goals[0].levels[0].sublevels[0].indicators[0].weight == Decimal(80)


@pytest.mark.parametrize(("old", "new", "key", "suggestion", "place", "line"), [
    ("name = \"培训场次\"", "naem = \"培训场次\"", "naem", "name",
     "目标1「年度目标1」 / 一级指标1「产出指标」 / 二级指标1「数量指标」 / 指标1", 20),
    ("budget = 100", "budgt = 100", "budgt", "budget", "预算执行情况（execution）", 6),
    ("title = \"测试\"", "titel = \"测试\"", "titel", "title", "文件顶层", 2),
])
def test_unknown_keys_are_an_error_naming_the_key(old, new, key, suggestion, place, line):
    err = _problems(GOOD.replace(old, new))
    assert err.kind == "invalid"
    [p] = err.problems
    assert f"未知的键“{key}”" in p.message and f"“{suggestion}”" in p.message
    assert p.place == place and p.line == line and p.file == "表.toml"
    assert p.key.endswith(key)


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ('schema = 1\ntitle = "abc\n', 2, 13, "缺少结尾引号"),
    ('schema = 1\ntitle = "a\x01"\n', 2, 11, "控制字符"),
    ('schema = 1\n\n[[goals]]\ntitle = 年度\n', 4, 9, "文字要加引号"),
    ('schema = 1\ntitle = "a"\ntitle = "b"\n', 3, 12, "重复定义"),
    ('schema = 1\n[execution\n', 2, 11, "“]”"),
])
def test_a_toml_syntax_error_reports_line_and_column(text, line, column, words):
    err = _problems(text)
    assert err.kind == "syntax"
    [p] = err.problems
    assert (p.line, p.column) == (line, column)
    assert p.message.startswith(f"TOML 语法错误（第 {line} 行第 {column} 列）：") and words in p.message
    assert str(p).startswith(f"表.toml:{line}:{column}: ")
    # Chinese only, and never "regenerate it" (a new file would throw the content away)
    assert not any("a" <= ch.lower() <= "z" for ch in p.message.replace("TOML", "").replace("VS Code", ""))
    assert "重新生成" not in p.message and "内容都还在" in p.message


def test_validation_errors_name_the_place_in_chinese_and_come_together():
    text = (GOOD.replace('weight = 80\n\n[[goals.levels]]', 'weight = "八十"\n\n[[goals.levels]]')
                .replace('actual = "10场"\nweight = 80', 'actual = 10\nweight = -3'))
    err = _problems(text)
    assert err.kind == "invalid"
    got = [(p.place, p.message, p.line) for p in err.problems]
    assert got == [
        ("目标1「年度目标1」 / 分值（weight）", "应为数字，实际是 “八十”；请去掉单位和文字", 11),
        (f"{PLACE} / 实际完成值（actual）", "应为文字（加引号），实际是 10", 22),
        (f"{PLACE} / 分值（weight）", "不能小于 0，实际为 -3", 23),
    ]
    shown = str(err)
    assert len(shown.splitlines()) == 3 and "Traceback" not in shown


@pytest.mark.parametrize(("field", "value", "words"), [
    ("tier", '"done"', "应为"), ("method", '"auto2"', "应为"), ("not_applicable", '"是"', "true 或 false"),
    ("score", "nan", "NaN"), ("score", "1001", "不能大于 1000"),
])
def test_bad_indicator_values_are_explained(field, value, words):
    err = _problems(GOOD + f"{field} = {value}\n")
    assert any(words in p.message and p.place.startswith(PLACE) for p in err.problems), err.problems


def test_bad_bytes_are_a_clear_error():
    with pytest.raises(DocumentError) as info:
        loads_document(GOOD.encode("gbk"), source="表.toml")
    [p] = info.value.problems
    assert "UTF-8" in p.message and p.line == 2


def test_a_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(DocumentError) as info:
        load_document(tmp_path / "没有.toml")
    assert info.value.kind == "read" and "文件不存在" in info.value.problems[0].message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_either_loads_or_gives_problems(text):
    try:
        doc = loads_document(text)
    except DocumentError as err:
        assert err.problems and all(p.message for p in err.problems)
    else:
        assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('a中 "\\\n\t\r\x01\x7f\x80\x9b\u2028\u202e#\'=[]{}\ufeff')),
               min_size=1, max_size=30))
def test_a_string_is_written_as_tomli_w_writes_it_and_reads_back(text):
    import tomli_w

    doc = Document(title=text.replace("\r", "") or "x")
    written = dumps_document(doc)
    assert tomli_w.dumps({"title": doc.title}, multiline_strings=True) in written
    assert loads_document(written).title == doc.title


def test_writing_again_after_edits_reuses_unchanged_items_and_writes_the_same_text():
    """dumps_document keeps the text of each [[...]] item by node: after edits
    (shared unchanged nodes) the text is what writing from scratch gives, and
    the kept text goes with its node."""
    import gc
    import random

    import model.writer as writer_module
    from model import Indicator, dumps_document, load_document, loads_document
    from model.edit import insert_at, remove_at

    writer_module._ITEM_TEXT.clear()
    doc = load_document(SAMPLE)
    paths = [path for path, _ in doc.iter_indicators()]
    rng = random.Random(12)
    dumps_document(doc)
    for step in range(40):
        path = rng.choice(paths)
        if step % 10 == 3:
            doc = insert_at(doc, path[:-1], 0, Indicator(name=f"新指标{step}"))
        elif step % 10 == 7 and len(doc.goals[path[0]].levels[path[1]].sublevels[path[2]].indicators) > 1:
            doc = remove_at(doc, path)
        else:
            doc = update_at(doc, path, actual=f"{step}个", name=f"指标 [b]{step}[/b]\n第二行")
        paths = [p for p, _ in doc.iter_indicators()]
        kept = dumps_document(doc)
        writer_module._ITEM_TEXT.clear()
        fresh = dumps_document(doc)
        assert kept == fresh
        assert loads_document(fresh.encode("utf-8")) == doc
    del doc
    gc.collect()
    assert writer_module._ITEM_TEXT == {}  # the kept text went with the nodes
