"""A form goes out in its own wording (issue 22, point 5, as far as done): the headings
a form printed its own way (年度指标值, 项目资金（万元）, 预期目标 …) are kept with the
form (`[[labels]]`, model.Label) and exported so; a form made from a template uses the
template's; exporting and importing again gives the same form."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from docx_read import tables
from exchange.export import export_document
from exchange.importer import import_file, import_text
from exchange.layout import OFFICIAL_LABELS, render
from model import Document, Label, load_document
from model.templates import template_file

CENTRAL = ("项目支出绩效自评表\n项目名称\t某项目\n"
           "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
           "\t年度资金总额\t100\t100\t95\t10\t95%\t9.5\n"
           "年度总体目标\t预期目标\t实际完成情况\n"
           "\t完成培训\t已完成\n"
           "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
           "\t产出指标\t数量指标\t培训场次\t≥10场\t12场\t20\t20\t\n"
           "总分\t\t\t\t\t\t100\t29.5\t\n")


def _headings(doc: Document) -> set[str]:
    sheet = render(doc)
    return {cell.value for cell in sheet.cells.values() if isinstance(cell.value, str)}


def test_an_imported_form_keeps_its_own_headings():
    doc = import_text(CENTRAL).document
    own = {label.slot: label.text for label in doc.labels}
    assert own == {"execution": "项目资金（万元）", "target": "年度指标值", "actual": "实际完成值",
                   "reason": "偏差原因分析及改进措施", "goal_target": "预期目标", "goal_actual": "实际完成情况",
                   "total": "总分", "execution_budget": "全年预算数", "execution_spent": "全年执行数",
                   "execution_rate": "执行率", "execution_score": "得分"}  # 年初预算数, 分值: as the official
    assert doc.declared_total == 29.5
    heads = _headings(doc)
    assert {"年度指标值", "实际完成值", "偏差原因分析及改进措施", "预期目标", "实际完成情况"} <= heads
    assert "年初目标值（A）" not in heads and "年初设定目标" not in heads
    assert {"全年预算数", "全年执行数", "执行率", "得分"} <= heads and "全年预算数（A）" not in heads
    assert any(h.startswith("项目资金（万元）") for h in heads)
    # its own total row (总分 | 100 | 29.5), not 自评得分 / 评价等级
    sheet = render(doc)
    row = next(r for (r, c), cell in sheet.cells.items() if cell.value == "总分" and c == 0)
    assert [sheet.cells[(row, c)].value for c in (6, 7)] == [100, 29.5]
    assert "评价等级" not in heads and "自评得分" not in heads


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_then_import_keeps_the_wording(tmp_path, fmt):
    doc = import_text(CENTRAL).document
    out = tmp_path / f"f.{fmt}"
    export_document(doc, out)
    back = import_file(out).document
    assert back.labels == doc.labels and back.declared_total == doc.declared_total
    assert back.goals == doc.goals and back.execution == doc.execution
    if fmt == "docx":
        d = docx.Document(io.BytesIO(out.read_bytes()))
        texts = {"".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tables(d)[0].iter(qn("w:tc"))}
        assert "年度指标值" in texts and "偏差原因分析及改进措施" in texts


def test_an_official_form_records_nothing_and_a_template_gives_its_wording():
    for name in ("hongshan-2024-department", "hongshan-2024-project-affairs"):
        path = template_file("wuhan-project").parent.parent / f"{name}.toml"
        # seed 000 words only the execution block's headings its own way
        assert {label.slot for label in load_document(path).labels} == {
            "execution_budget", "execution_spent", "execution_score"}
    central = load_document(template_file("central-project"))
    assert Label(slot="target", text="年度指标值") in central.labels
    assert "年度指标值" in _headings(central) and OFFICIAL_LABELS["target"] not in _headings(central)
    assert OFFICIAL_LABELS["target"] in _headings(load_document(template_file("wuhan-project")))


def test_fund_rows_print_as_the_official_form_and_come_back(tmp_path):
    doc = Document(kind="project", project_name="某项目", execution={
        "budget": 100, "spent": 95, "funds": [{"name": "当年财政拨款", "budget": 100}, {"name": "上年结转资金"},
                                               {"name": "其他资金"}]})
    heads = _headings(doc)
    assert {"其中：当年财政拨款", "上年结转资金", "其他资金"} <= heads  # rows the form left empty are kept
    out = tmp_path / "f.docx"
    export_document(doc, out)
    assert import_file(out).document.execution.funds == doc.execution.funds


# -- the form's own columns (model.Document.columns) ------------------------------------------

HONGSHAN_2024 = ("hongshan-2024-department", "hongshan-2024-project-affairs", "hongshan-2024-project-transfer")
SEED_COLUMNS = ["一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"]


def _sample(stem: str) -> Document:
    from pathlib import Path

    return load_document(Path(__file__).resolve().parent.parent / "sample_data" / f"{stem}.toml")


def _table_heads(sheet) -> list[str]:
    row = next(r for (r, c), cell in sheet.cells.items() if cell.value in ("一级指标", "三级指标", "指标名称"))
    return [sheet.cells[(row, c)].value for c in range(1, sheet.ncols) if (row, c) in sheet.cells]


@pytest.mark.parametrize("stem", HONGSHAN_2024)
def test_a_form_prints_only_the_columns_it_has(stem):
    # seed 000's tables have no 分值 and no 偏差原因分析 column: neither is printed empty
    doc = _sample(stem)
    assert _table_heads(render(doc)) == SEED_COLUMNS
    # an old file without the record keeps the official nine columns
    old = doc.model_copy(update={"columns": ()})
    assert _table_heads(render(old)) == SEED_COLUMNS[:5] + ["分值", "得分", "偏差原因分析"]


def test_a_column_that_holds_something_is_printed_though_the_form_lacks_it():
    from model.edit import update_at

    doc = _sample("hongshan-2024-department")
    path, _ = next(doc.iter_indicators())
    typed = update_at(doc, path, reason="活动经费调剂", weight=5)
    heads = _table_heads(render(typed))
    assert heads == SEED_COLUMNS[:5] + ["分值", "得分", "偏差原因分析"]  # nothing typed is lost


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("stem", HONGSHAN_2024)
def test_an_import_records_the_columns_it_saw(tmp_path, stem, fmt):
    doc = _sample(stem)
    out = tmp_path / f"f.{fmt}"
    export_document(doc, out)
    if fmt == "xlsx":  # the printed cells, not the saved copy
        import openpyxl

        from exchange.layout import DATA_SHEET

        wb = openpyxl.load_workbook(out)
        del wb[DATA_SHEET]
        wb.save(out)
    back = import_file(out).document
    assert back.columns == doc.columns == ("level_one", "level_two", "indicator", "target", "actual", "score")
    assert _table_heads(render(back)) == SEED_COLUMNS


def test_the_central_form_records_its_columns_in_its_order():
    doc = import_text(CENTRAL).document
    assert doc.columns == ()  # the official columns, in their order: nothing to record (as for labels)
    # a form whose table puts 分值 before the values prints it there again
    moved = import_text(CENTRAL.replace("三级指标\t年度指标值\t实际完成值\t分值", "三级指标\t分值\t年度指标值\t实际完成值")
                        .replace("培训场次\t≥10场\t12场\t20", "培训场次\t20\t≥10场\t12场")).document
    assert moved.columns[2:5] == ("indicator", "weight", "target")
    heads = _table_heads(render(moved))
    assert heads[2:6] == ["三级指标", "分值", "年度指标值", "实际完成值"]


def test_the_flat_framework_exports_with_its_own_columns_and_comes_back(tmp_path):
    from foreignforms import FLAT_DEPARTMENT, as_docx

    source = tmp_path / "flat.docx"
    source.write_bytes(as_docx(FLAT_DEPARTMENT))
    doc = import_file(source).document
    sheet = render(doc)
    heads = _table_heads(sheet)
    assert heads == ["指标名称", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）", "指标权重（分）",
                     "指标得分（分）", "是否核心指标", "偏差原因"]
    texts = {cell.value for cell in sheet.cells.values() if isinstance(cell.value, str)}
    # its execution as rate, weight and score; no 一级/二级, no goal line, no empty budget rows
    assert {"执行率", "执行率权重", "执行率得分", "序号", "是", "否"} <= texts
    assert not {"一级指标", "年度绩效指标", "基本支出总额", "全年预算数（A）", "年度目标1："} & texts
    out = tmp_path / "out.docx"
    export_document(doc, out)
    back = import_file(out).document
    assert back.goals == doc.goals and back.execution == doc.execution and back.columns == doc.columns
    assert back.labels == doc.labels and back.declared_total == doc.declared_total


def test_a_new_flat_form_prints_the_flat_columns_before_anything_is_typed():
    from model import Framework, Goal, Indicator, LevelOne, LevelTwo

    goal = Goal(levels=(LevelOne(sublevels=(LevelTwo(indicators=(Indicator(name="数据发布及时率"),)),)),))
    doc = Document(framework=Framework.flat, unit="某局", goals=(goal,))
    assert _table_heads(render(doc)) == ["指标名称", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）",
                                         "指标权重（分）", "指标得分（分）", "是否核心指标", "偏差原因"]
