"""Published forms from places no sample comes from (issue 21), each built as Word with
merged cells, as .xls and as converted text, importing to the same pinned figures."""

from __future__ import annotations

import argparse
from decimal import Decimal

import pytest
from foreignforms import COUNTY_PROJECT, HEBEI_PROJECT, LEFT, Form, as_cell_lines, as_docx, as_xls

from exchange.importer import import_file
from exchange.notes import NoteKind
from scoring import score_document

D = Decimal
VARIANTS = {"docx": as_docx, "xls": as_xls, "txt": lambda f: as_cell_lines(f).encode("utf-8")}


def _import(tmp_path, form, variant):
    path = tmp_path / f"form.{variant}"
    path.write_bytes(VARIANTS[variant](form))
    return import_file(path)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_county_project_form_imports_with_every_row_weight_and_score(tmp_path, variant):
    result = _import(tmp_path, COUNTY_PROJECT, variant)
    doc = result.document
    assert (doc.project_name, doc.implementing_unit, doc.year) == ("乡村文化活动补助", "某县文化馆", 2023)
    assert doc.department == ""  # its cell is empty; 财政处室 beside it is a label, not its value
    ex = doc.execution  # the 预算执行率 row of the table is the execution block, not an indicator
    assert (ex.weight, ex.declared_rate, ex.declared_score) == (D(10), D(98), D("9.8"))
    levels = [(lv.name, lv.weight) for lv in doc.goals[0].levels]
    assert levels == [("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]  # named from `（50分）`
    rows = [(ind.name, ind.target, ind.actual, ind.weight, ind.score, ind.not_applicable)
            for _, ind in doc.iter_indicators()]
    assert rows == [
        ("开展文化活动场次", "≥20场", "24场", D(20), D(20), False),
        ("活动合格率", "≥95%", "96%", D(10), D(10), False),
        ("资金结转结余率", "5%", "3%", D(5), D(5), False),
        ("按时完成率", "=100%", "100%", D(10), D(10), False),
        ("预算调整率", "3%", "2%", D(5), D(5), False),
        ("活动参与人数（线上&线下）", "≥5000人次", "4500人次", D(20), D(18), False),
        ("长效机制", "健全", "健全", D(10), D(10), False),
        ("生态环境影响", "/", "/", None, None, True),
        ("群众满意度", "≥90%", "95%", D(10), D(10), False),
    ]
    assert doc.declared_total == D("97.8")  # the 合计 row: a printed total, not an indicator
    labels = {label.slot: label.text for label in doc.labels}  # the export prints the form's own headings
    assert (labels["target"], labels["weight"], labels["score"], labels["total"]) == (
        "年度指标值", "指标权重（分）", "指标得分（分）", "合计")
    assert doc.narrative.summary == "项目总体完成良好。"
    assert doc.narrative.remarks == "存在问题：线下活动受天气影响。"
    assert doc.narrative.improvement == "增加室内场地。"
    skipped = [n for n in result.notes if n.kind is NoteKind.skipped_row and "空白模板行" in n.message]
    assert len(skipped) == 1 and skipped[0].message.startswith("跳过 3 个空白模板行")
    guessed = [n.message for n in result.notes if "推定为" in n.message]
    assert len(guessed) == 3
    res = score_document(doc)
    assert (res.total, res.grade) == (D("97.80"), "优")
    # every finding one a reviewer keeps: the direction read from a name, the row not applicable
    assert [(f.code, f.path.rsplit(" / ", 1)[-1]) for f in res.findings] == [
        ("DIRECTION_BY_NAME", "资金结转结余率"), ("NOT_APPLICABLE", "生态环境影响")]



@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_published_hebei_form_imports_with_every_row_and_only_findings_a_reviewer_keeps(tmp_path, variant):
    """廊坊市食品工程学校 2019 (Hebei, a province no sample comes from), as its page holds it."""
    result = _import(tmp_path, HEBEI_PROJECT, variant)
    doc = result.document
    assert (doc.project_name, doc.department, doc.implementing_unit, doc.year) == (
        "办公宿舍楼、食堂及餐厅暖通改造经费", "廊坊市发改委", "廊坊市食品工程学校", 2019)
    ex = doc.execution
    assert (ex.budget, ex.spent, ex.weight, ex.declared_rate, ex.declared_score) == (
        D("43.2"), D("37.24"), D(10), D(86), D(9))
    assert [f.name for f in ex.funds] == ["当年财政拨款", "上年结转资金", "其他资金"]
    # 年度总体目标 with its 预期目标 / 实际完成情况, then the 绩效指标 table (as tests/test_exchange_word.py reads
    # the central template: the overall goal's text, and the table as the goal scored)
    assert [(g.title, g.target, g.actual) for g in doc.goals] == [("年度总体目标", "43.2", "37.24"), ("绩效指标", "", "")]
    rows = [(ind.name, ind.weight, ind.score) for _, ind in doc.iter_indicators()]
    assert [name for name, _, _ in rows] == ["工程资金金额", "工程完工率", "工程验收合格率", "项目完成及时率",
                                             "成本控制率", "安全率", "学校发展能力", "长期使用性", "学生满意度"]
    assert all(w == D(10) for _, w, _ in rows) and sum(s for _, _, s in rows) == D(89)
    assert [lv.name for lv in doc.goals[1].levels] == ["产出指标", "效益指标", "满意度指标"]
    blank = [n.message for n in result.notes if "空白模板行" in n.message]
    assert len(blank) == 1 and blank[0].startswith("跳过 17 个空白模板行")
    res = score_document(doc)
    assert (res.total, res.grade) == (D("97.62"), "优")  # 8.62 (10 × 86.2 %) + 89
    assert [(f.code, f.path) for f in res.findings] == [
        ("UNIT_MISSING", "总分"),  # no units anywhere on the form: said once
        ("DECLARED_ROUNDING", "预算执行情况"), ("DECLARED_ROUNDING", "预算执行情况"),  # 86% / 9 as printed
        ("TYPED_SCORE_DIFFERS", "绩效指标 / 产出指标 / 数量指标 / 工程资金金额")]  # 9 typed, 8.62 by formula


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_document_without_a_form_says_which_tables_it_found_and_writes_nothing(tmp_path, variant, capsys):


    from exchange.cli import register

    form = Form(lines=["会议签到表"], rows=[["姓名", "单位", "电话"], ["张三", "某局", "123"], ["李四", "某委", "456"]])
    path = tmp_path / f"sign.{variant}"
    path.write_bytes(VARIANTS[variant](form))
    result = import_file(path)
    assert result.empty
    message = result.not_a_form
    assert "没有找到自评表的内容" in message and "3 行 3 列，首行“姓名 | 单位 | 电话”" in message
    assert "要找的是" in message and "年度指标值" in message and message.endswith("未生成文件。")
    out = tmp_path / "out.toml"
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    args = parser.parse_args(["import", str(path), "-o", str(out)])
    assert args.func(args) == 2
    assert not out.exists()
    assert "首行“姓名 | 单位 | 电话”" in capsys.readouterr().err


GOAL_ROW = Form(lines=["部门整体支出绩效自评表"], rows=[
    ["单位名称", "某县文化馆", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["年度目标（80分）", "全年开展文化活动不少于20场，群众满意度达到90%以上。", LEFT, LEFT, LEFT, LEFT, LEFT],
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标（50分）", "数量指标", "活动场次", "≥20场", "24场", "50", "50"],
    ["满意度指标（30分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "30", "30"],
])


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_goal_row_in_the_table_keeps_its_name_text_and_weight(tmp_path, variant):
    result = _import(tmp_path, GOAL_ROW, variant)
    goal, = result.document.goals
    assert (goal.title, goal.weight, goal.target) == ("年度目标", D(80), "全年开展文化活动不少于20场，群众满意度达到90%以上。")
    assert [lv.name for lv in goal.levels] == ["产出指标", "满意度指标"]
    assert not [n for n in result.notes if n.kind is NoteKind.skipped_row]


# -- the flat framework (RULES.md 5b) ---------------------------------------------------------


def test_a_flat_form_entered_by_hand_gives_its_printed_total():
    from model import Document, Execution, Framework, Goal, Indicator, LevelOne, LevelTwo

    rows = (Indicator(name="统计调查项目完成率", target="≥100%", actual="100%", weight=D(30), coefficient=D(100),
                      score=D(30), core=True),
            Indicator(name="数据发布及时率", target="≥95%", adjusted_target="≥90%", actual="92%", weight=D(30),
                      coefficient=D(96), score=D("28.8"), reason="年中机构改革"),
            Indicator(name="社会公众满意度", target="≥90%", actual="88%", weight=D(30), coefficient=D("93.33"),
                      core=True, reason="宣传不足"))
    doc = Document(framework=Framework.flat, declared_total=D("96.6"),
                   execution=Execution(weight=D(10), declared_rate=D(98), declared_score=D("9.8")),
                   goals=(Goal(levels=(LevelOne(sublevels=(LevelTwo(indicators=rows),)),)),))
    res = score_document(doc)
    assert (res.total, res.grade) == (D("96.60"), "优")
    scores = [res.node((0, 0, 0, i)).score for i in range(3)]
    assert scores == [D(30), D("28.80"), D("28.00")]  # the third: 93.33 % × 30, no typed score
    # the unnamed goal and levels are no step of the place: the flat list's row by its name
    assert [(f.code, f.path) for f in res.findings] == [("CORE_UNMET", "社会公众满意度")]
    from model import dumps_document, loads_document
    assert loads_document(dumps_document(doc).encode("utf-8")) == doc  # the TOML keeps it


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_flat_department_form_imports_to_its_printed_total(tmp_path, variant):
    from foreignforms import FLAT_DEPARTMENT

    from model import Framework

    doc = _import(tmp_path, FLAT_DEPARTMENT, variant).document
    assert doc.framework is Framework.flat and doc.unit == "某市统计局"
    ex = doc.execution
    assert (ex.declared_rate, ex.weight, ex.declared_score) == (D(98), D(10), D("9.8"))
    rows = [(i.name, i.target, i.adjusted_target, i.actual, i.coefficient, i.weight, i.score, i.core)
            for _, i in doc.iter_indicators()]
    assert rows == [
        ("统计调查项目完成率", "≥100%", "", "100%", D(100), D(30), D(30), True),
        ("数据发布及时率", "≥95%", "≥90%", "92%", D(96), D(30), D("28.8"), False),
        ("社会公众满意度", "≥90%", "", "88%", D("93.33"), D(30), D(28), True),
    ]
    res = score_document(doc)
    assert (res.total, res.declared_total, res.grade) == (D("96.60"), D("96.6"), "优")
    assert [f.code for f in res.findings] == ["CORE_UNMET"]
