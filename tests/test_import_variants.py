"""Seed 000 from both of its texts, converted text with one cell per line, and the
variants real forms have as the importer reads them (each with an input that
triggers it and the nearest one that does not)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from builders import document_strings

from exchange.grid import grid_from_cell_lines, looks_like_cell_lines
from exchange.importer import import_forms, import_text, import_text_forms
from exchange.notes import NoteKind
from exchange.table import parse_number
from model import Document, Kind, load_document
from model.document import MonthDate
from scoring import score_document

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
TAB_TEXT = DATA / "seed-000-forms.txt"  # seed 000's forms as tab-separated text
CELL_LINES = DATA / "seed-000-cell-per-line.txt"  # the whole seed, one table cell per line
NAMES = ("hongshan-2024-department", "hongshan-2024-project-affairs", "hongshan-2024-project-transfer")


# -- seed 000 from its two texts -------------------------------------------------------


@pytest.mark.parametrize("source", [TAB_TEXT, CELL_LINES], ids=["tab-separated", "cell-per-line"])
def test_seed_000_imports_to_its_three_forms_pinned_figures(source):
    results = import_forms(source)
    assert len(results) == 3
    for result, name in zip(results, NAMES):
        sample = load_document(ROOT / "sample_data" / f"{name}.toml")
        doc = result.document
        assert doc.kind is sample.kind and doc.goals == sample.goals and doc.execution == sample.execution
        assert doc.rules == sample.rules  # stated in each form's 备注
        for field in ("unit", "project_name", "department", "implementing_unit", "year", "fill_date",
                      "declared_total"):
            assert getattr(doc, field) == getattr(sample, field), (name, field)
    dept, affairs, transfer = (score_document(r.document) for r in results)
    assert (dept.total, dept.grade, dept.execution.score) == (D("97.78"), "优", D("19.78"))
    assert [g.score for g in dept.goals] == [D(19), D(59)]
    assert affairs.total == D(99) and affairs.declared_total == D(99)
    assert [f.message for f in transfer.findings if f.code == "DECLARED_MISMATCH"] == \
        ["表上总分 99，计算为 74（相差 25）"]
    assert [r.notes[-1].message for r in results] == [
        "表上总分 97.78，导入后计算得 97.78（优）", "表上自评得分 99，导入后计算得 99（优）",
        "表上自评得分 99，导入后计算得 74（中）；相差 25，见检查结果"]


def test_every_cell_of_the_cell_per_line_text_is_in_a_form_or_in_a_note():
    results = import_forms(CELL_LINES)
    values = set().union(*(document_strings(r.document) for r in results))
    numbers = {parse_number(v) for v in values if parse_number(v) is not None}
    noted = " ".join(n.text + " " + n.message for r in results for n in r.notes)
    structure = re.compile(r"指标|单位名称|支出总额|项目名称|主管部门|实施单位|预算|执行|资金总额|年初|实际完成|得分|"
                           r"偏差|改进措施|绩效")
    lost = []
    for line in CELL_LINES.read_text(encoding="utf-8").split("\n"):
        if not line.startswith("\t") or not line.strip():
            continue
        cell = line.strip()
        label, colon, value = cell.partition(":")
        if colon and value.strip():  # `单位名称: …` in one cell
            cell = value.strip()
        if cell in values or cell in noted or parse_number(cell) in numbers:
            continue
        if re.sub(r"[（(][^)）]*[)）]", "", cell).strip() and structure.search(cell) and len(cell) <= 24:
            continue  # a header or label cell
        if cell.startswith("2025年"):  # the fill date, kept as a date
            continue
        lost.append(cell)
    assert lost == []


def test_notes_on_cell_per_line_text_point_at_the_lines_of_the_file():
    lines = CELL_LINES.read_text(encoding="utf-8").split("\n")
    affairs = import_forms(CELL_LINES)[1]
    shifted = [n for n in affairs.notes if "左移" in n.message]
    assert len(shifted) == 5
    for note in shifted:  # the row starts at that line, with its first cell
        assert lines[note.row - 1].startswith("\t")
    moved = next(n for n in affairs.notes if "区块标题列" in n.message)
    line = int(re.match(r"第 (\d+) 行", moved.where).group(1))
    assert lines[line - 1] == "\t生态效益指标"


def test_cell_per_line_text_rules():
    text = ("项目支出绩效自评表\n\n"
            "\t指标名称\n\t年初目标值\n\t实际完成值\n\t得分\n\n"
            "\t活动参与人数\n（线上&线下）\n\t≥500人次\n\t620人次\n\t10\n\n"  # a cell's own line break
            "\t\n\t≥1次\n\t1次\n\t5\n\n"  # a lone tab: the empty (merged) cell
            "偏差大或目标未完成原因分析：无\n")
    assert looks_like_cell_lines(text)
    grid = grid_from_cell_lines(text)
    assert grid.rows[7][0].value == "活动参与人数\n（线上&线下）" and grid.rows[13][0].value == ""
    assert grid.ref(7, 1) == "第 10 行（表格第 2 列）"
    result = import_text(text)
    inds = [ind for _, ind in result.document.iter_indicators()]
    assert [ind.name for ind in inds] == ["活动参与人数（线上&线下）", ""]
    assert result.document.narrative.deviation == "无"
    # tab-separated text is not taken for it
    assert not looks_like_cell_lines(TAB_TEXT.read_text(encoding="utf-8"))
    assert not looks_like_cell_lines("\ta\n\tb\n")  # too little to tell


# -- header fields ------------------------------------------------------------------------


TABLE = "指标名称\t年初目标值\t实际完成值\t分值\t得分\n培训场次\t≥10场\t10场\t80\t80\n"


@pytest.mark.parametrize("typed", ["2022年3月", "2022.3", "2022 年 3 月"])
def test_a_month_only_fill_date_is_imported_as_a_month(typed):
    doc = import_text(f"填报日期：{typed}\n{TABLE}").document
    assert doc.fill_date == MonthDate(2022, 3)
    full = import_text(f"填报日期：2022年3月5日\n{TABLE}").document.fill_date
    assert type(full) is not MonthDate and str(full) == "2022-03-05"


def test_labels_typed_with_spaces_a_seal_note_and_a_year_line():
    text = ("项目支出绩效自评表\n（  2024  年度）\n单 位 名 称 ：  某某区科协\t\t填报单位（盖章）：某某区科协\n"
            "项目名称\t科普活动\n" + TABLE)
    result = import_text(text)
    doc = result.document
    assert (doc.year, doc.unit, doc.project_name, doc.kind) == (2024, "某某区科协", "科普活动", Kind.project)
    assert result.warnings == []
    assert import_text("项目支出绩效自评表\n（2024年）说明\n" + TABLE).document.year is None


def test_a_total_row_with_its_weight_and_score_takes_the_score():
    result = import_text(TABLE + "总分\t\t\t100\t93\n")
    assert result.document.declared_total == D(93)
    assert any("总分行：分值 100、得分 93" in n.message for n in result.notes)
    assert result.notes[-1].message == "表上总分 93，导入后计算得 80（良）；相差 13，见检查结果"
    assert import_text(TABLE + "总分\t93\n").document.declared_total == D(93)
    assert import_text(TABLE + "总分：93分\n").document.declared_total == D(93)


def test_weights_in_block_and_level_labels():
    text = ("部门整体支出绩效自评表\n年度目标（80分）\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "\t产出指标（55分）\t数量指标\t培训\t≥1次\t1次\t55\t55\n"
            "\t效益指标（25分）\t社会效益指标\t服务\t提升\t提升\t25\t25\n")
    result = import_text(text)
    goal = result.document.goals[0]
    assert (goal.title, goal.weight) == ("年度目标", D(80))
    assert [(lv.name, lv.weight) for lv in goal.levels] == [("产出指标", D(55)), ("效益指标", D(25))]
    # without a weight, 年度目标 heads a column naming each row's goal, as before
    plain = import_text(text.replace("年度目标（80分）", "年度目标").replace("\t产出", "目标一\t产出")).document
    assert [g.title for g in plain.goals] == ["目标一"] and plain.goals[0].weight is None


# -- the budget execution as a row of the indicator table -------------------------------


CENTRAL = ("项目支出绩效自评表\n项目名称\t某项目\n"
           "绩效指标（100分）\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
           "\t{l1}\t预算执行率\t预算执行率\t100%\t98%\t10\t10\n"
           "\t产出指标\t数量指标\t培训场次\t≥10场\t10场\t90\t90\n")


def test_the_execution_rate_row_inside_the_indicator_table_is_the_execution_block():
    result = import_text(CENTRAL.format(l1="预算执行率"))
    doc = result.document
    ex = doc.execution
    assert (ex.weight, ex.declared_score, ex.declared_rate) == (D(10), D(10), D(98))
    assert [ind.name for _, ind in doc.iter_indicators()] == ["培训场次"]
    assert doc.goals[0].weight == D(90)  # the 100 of the block included the 10 of the execution
    note = next(n for n in result.notes if "预算执行率" in n.message)
    assert note.kind is NoteKind.reinterpreted and note.row == 4 and "目标“100%”未导入" in note.message
    res = score_document(doc)
    assert res.total == D(100) and not [f for f in res.findings if f.code in ("TOTAL_WEIGHT", "WEIGHT_SUM")]
    # under a level of its own name only: a 产出 indicator named so stays an indicator
    kept = import_text(CENTRAL.format(l1="产出指标")).document
    assert [ind.name for _, ind in kept.iter_indicators()] == ["预算执行率", "培训场次"]
    assert kept.execution.weight is None


# -- funding rows with — for none ------------------------------------------------------


FUNDS = ("项目支出绩效自评表\n项目名称\t某项目\n"
         "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
         "\t年度资金总额\t100\t100\t95\t10\t95%\t9.5\n"
         "\t其中：当年财政拨款\t100\t100\t95\t—\t—\t—\n"
         "\t上年结转资金\t—\t—\t—\t—\t—\t—\n"
         "\t其他资金\t{other}\t—\t—\t—\t—\t—\n")


def test_funding_rows_with_a_dash_for_none():
    result = import_text(FUNDS.format(other="—"))
    ex = result.document.execution
    assert (ex.budget, ex.spent, ex.weight, ex.declared_score) == (D(100), D(95), D(10), D("9.5"))
    assert [(f.name, f.budget) for f in ex.funds] == [("当年财政拨款", D(100)), ("上年结转资金", None),
                                                      ("其他资金", None)]
    assert result.warnings == []
    assert "FUNDS_BREAKDOWN" not in {f.code for f in score_document(result.document).findings}
    wrong = import_text(FUNDS.format(other="未知"))
    assert [n.text for n in wrong.warnings] == ["未知"]


# -- forms with only 分值 and 得分 --------------------------------------------------------


def _judged_form(with_values: bool) -> str:
    head = "一级指标\t二级指标\t三级指标\t" + ("年度指标值\t实际完成值\t" if with_values else "") + "分值\t得分\n"
    rows = []
    for i in range(16):
        values = "≥1次\t1次\t" if with_values else ""
        rows.append(f"{'产出指标' if i == 0 else ''}\t{'数量指标' if i == 0 else ''}\t指标{i + 1}\t{values}5\t3.85\n")
    return "部门整体支出绩效自评表\n" + head + "".join(rows)


def test_a_form_with_only_weights_and_scores_is_said_once():
    result = import_text(_judged_form(False))
    missing = [n for n in result.notes if n.kind is NoteKind.missing_column]
    assert [n.message for n in missing] == ["表中没有“年初目标值”和“实际完成值”两列（只有分值和得分），这两栏留空"]
    findings = score_document(result.document).findings
    assert [f.code for f in findings if f.code in ("TARGET_MISSING", "ACTUAL_MISSING")] == []
    assert [f.code for f in findings].count("SCORES_ONLY") == 1
    full = import_text(_judged_form(True))
    assert not [n for n in full.notes if n.kind is NoteKind.missing_column]


# -- level labels with weights, levels not repeated -----------------------------------------


def test_level_labels_with_weights_and_levels_scored_as_a_whole():
    text = ("部门整体支出绩效自评表\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
            "产出指标（40分）\t数量指标（20分）\t培训场次\t≥10场\t10场\t20\t20\n"
            "\t\t讲座场次\t≥5场\t5场\t\t\n"  # not repeated: carries 产出 / 数量
            "\t质量指标\t合格率\t100%\t100%\t20\t20\n"
            "效益指标（30分）\t\t\t\t\t30\t28\n"  # a level scored as a whole
            "满意度指标\t服务对象满意度指标\t\t\t\t10\t9\n")
    doc = import_text(text).document
    产出, 效益, 满意度 = doc.goals[0].levels
    assert (产出.name, 产出.weight) == ("产出指标", D(40))
    assert [(s.name, s.weight, [i.name for i in s.indicators]) for s in 产出.sublevels] == \
        [("数量指标", D(20), ["培训场次", "讲座场次"]), ("质量指标", None, ["合格率"])]
    assert (效益.weight, 效益.declared_score, 效益.sublevels) == (D(30), D(28), ())
    assert [(s.name, s.weight, s.declared_score) for s in 满意度.sublevels] == [("服务对象满意度指标", D(10), D(9))]
    assert score_document(doc).goals[0].score == D(77)  # 20 + 20 + 28 + 9 (讲座 has no weight)


# -- the 备注 states the rules -----------------------------------------------------------


@pytest.mark.parametrize("remarks, rules", [
    ("定性指标分三档，分别按 100%-80%、80%-50%、50%-0% 打分；反向指标得分=权重×A/B。", {"preset": "paper"}),
    ("定性指标分三档：100-80、80-60、60-0；反向指标得分=权重×(1-(B-A)/A)。", {"preset": "linear-80-60"}),
    ("定性指标分三档：100-80、80-60、60-0。", {"preset": "paper", "partial_min": D(60)}),
    ("本表数据来源于财务系统。", {}),
])
def test_the_rules_stated_in_the_remarks_are_the_forms_rules(remarks, rules):
    doc = import_text(TABLE + f"备注：{remarks}\n").document
    got = {k: v for k, v in doc.rules.model_dump().items() if v is not None}
    assert got == rules


def test_text_forms_list_every_form():
    results = import_text_forms(TAB_TEXT.read_text(encoding="utf-8"))
    assert [str(f) for f in results[0].forms] == [
        "1. 部门整体支出绩效自评表：2024年度武汉市洪山区科学技术协会部门整体绩效自评表（第 1 行起，25 个指标）",
        "2. 项目支出绩效自评表：科协事务管理经费（第 68 行起，18 个指标）",
        "3. 项目支出绩效自评表：上级转移支付（第 112 行起，7 个指标）"]


def test_a_month_only_fill_date_survives_export_and_import(tmp_path):
    import openpyxl

    from exchange.importer import import_file
    from exchange.layout import DATA_SHEET
    from exchange.xlsx import write_xlsx

    doc = load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml").model_copy(
        update={"fill_date": MonthDate(2025, 2)})
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    assert import_file(out).document == doc  # the hidden copy
    wb = openpyxl.load_workbook(out)
    assert "填报日期：2025年2月" in [c.value for row in wb["自评表"].iter_rows() for c in row]
    del wb[DATA_SHEET]
    wb.save(out)
    assert import_file(out).document.fill_date == MonthDate(2025, 2)  # the printed 2025年2月
