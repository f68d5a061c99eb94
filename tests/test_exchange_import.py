"""Import from pasted tab-separated text, plain tables and CSV; the paste API."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from builders import document_strings

from exchange.importer import import_file, import_text
from exchange.notes import NoteKind
from exchange.paste import PasteError, add_rows, parse_pasted_rows
from exchange.table import parse_number
from exchange.text import csv_text
from model import Document, Goal, Indicator, Kind, LevelOne, LevelTwo, load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
# seed 000 from line 65 on, verbatim: the three forms as text extracted from the PDF
SEED = (Path(__file__).parent / "data" / "seed-000-forms.txt").read_text(encoding="utf-8")
LINES = SEED.split("\n")
FORMS = {  # (first line, last line), 1-based in the fixture
    "hongshan-2024-department": (3, 67),
    "hongshan-2024-project-affairs": (68, 111),
    "hongshan-2024-project-transfer": (112, 140),
}


def _slice(name: str) -> str:
    a, b = FORMS[name]
    return "\n".join(LINES[a - 1: b])


@pytest.mark.parametrize("name", FORMS)
def test_the_seed_forms_import_as_the_sample_forms(name):
    result = import_text(_slice(name))
    doc, sample = result.document, load_document(SAMPLES / f"{name}.toml")
    assert doc.kind is sample.kind
    assert doc.goals == sample.goals
    assert doc.execution == sample.execution
    for field in ("unit", "project_name", "department", "implementing_unit", "year", "fill_date",
                  "declared_total"):
        assert getattr(doc, field) == getattr(sample, field), field
    assert doc.narrative.deviation == sample.narrative.deviation
    assert doc.narrative.improvement == sample.narrative.improvement
    assert doc.title.replace(" ", "") == sample.title.replace(" ", "")


STRUCTURE = {"单位名称", "基本支出总额", "项目支出总额", "项目名称", "主管部门", "项目实施单位", "一级指标", "二级指标",
             "指标名称", "年初设定目标", "全年实际完成情况", "得分", "偏差大或目标未完成原因分析", "改进措施及结果应用方案",
             "年度绩效指标"}


@pytest.mark.parametrize("name", FORMS)
def test_every_cell_of_the_seed_tables_ends_up_in_the_form_or_in_a_note(name):
    text = _slice(name)
    result = import_text(text)
    values = document_strings(result.document)
    numbers = {parse_number(v) for v in values if parse_number(v) is not None}
    noted = " ".join(n.text + " " + n.message for n in result.notes)
    lost = []
    for line in text.split("\n"):
        if "\t" not in line:
            continue
        for cell in line.split("\t"):
            cell = cell.strip()
            if not cell:
                continue
            bare = re.sub(r"[（(][^)）]*[)）]", "", cell).replace(" ", "")
            if bare in STRUCTURE or any(w in bare for w in ("预算数", "执行数", "执行率", "预算执行情况",
                                                            "资金总额", "年初目标", "实际完成", "绩效")):
                continue
            label, _, value = cell.partition(":")
            if value and label.strip() in {"单位名称", "填报日期", "自评得分"}:
                cell = value.strip()
            number = parse_number(cell)
            if cell in values or cell in noted or (number is not None and number in numbers):
                continue
            if cell.startswith("2025年"):  # the fill date, stored as a date
                assert str(result.document.fill_date) == "2025-02-10"
                continue
            lost.append(cell)
    assert lost == []


def test_the_shifted_rows_of_the_seed_are_realigned_and_listed():
    result = import_text(_slice("hongshan-2024-project-affairs"))
    shifted = [n for n in result.notes if n.kind is NoteKind.reinterpreted and "左移" in n.message]
    assert [n.row for n in shifted] == [29, 31, 32, 33, 35]
    assert "各项工作完成及时率" in shifted[0].text
    moved = [n for n in result.notes if "区块标题列" in n.message]
    assert [n.text for n in moved] == ["生态效益指标"]
    doc = result.document
    level = doc.goals[1].levels[1]
    assert [s.name for s in level.sublevels] == ["数量指标", "质量指标", "时效指标"]
    assert level.sublevels[2].indicators[-1].name == "各项工作完成及时率"


def test_an_unlabelled_column_of_numbers_is_read_as_the_score_and_listed():
    result = import_text(_slice("hongshan-2024-project-transfer"))
    notes = [n for n in result.notes if "没有列标题" in n.message]
    assert len(notes) == 1 and notes[0].column == 7
    scores = [ind.score for _, ind in result.document.iter_indicators()]
    assert scores == [None, Decimal(10), Decimal(10), Decimal(10), Decimal(10), Decimal(7), Decimal(7)]


def test_the_whole_seed_text_reads_the_first_form_and_says_where_the_next_begins():
    result = import_text(SEED)
    assert result.document.unit == "武汉市洪山区科学技术协会"
    assert result.document.kind is Kind.department
    stop = [n for n in result.notes if "其余 2 张未导入" in n.message]
    assert len(stop) == 1 and stop[0].row == 68 and stop[0].kind is NoteKind.skipped_row
    assert "第 2 张“科协事务管理经费”（第 68 行起）" in stop[0].message
    assert "第 3 张“上级转移支付”（第 112 行起）" in stop[0].message
    # the heading above the form is not a field of it: listed, not silently dropped
    assert any(n.row == 1 and n.kind is NoteKind.skipped_row for n in result.notes)


# -- pasted rows -----------------------------------------------------------


def test_pasted_seed_table_gives_its_rows():
    a, b = 80, 102  # the affairs project's indicator table, header included
    result = parse_pasted_rows("\n".join(LINES[a - 1: b]))
    assert result.header_line == 1
    inds = result.indicators
    assert len(inds) == 18  # 1 cost + 7 数量 + 3 质量 + 3 时效 + 3 社会效益 + 1 满意度
    assert inds[0].name == "经费使用限额" and inds[0].target == "≤ 51万元" and inds[0].score == Decimal(2)
    categories = [(r.level_one, r.level_two) for r in result.rows if r.indicator is None]
    assert categories == [("成本指标", "社会成本指标"), ("成本指标", "生态环境成本指标"), ("效益指标", "经济效益指标"),
                          ("效益指标", "生态效益指标")]
    assert result.columns == ("section", "level_one", "level_two", "name", "target", "actual", "score")


def test_a_table_with_extra_missing_and_reordered_columns_reports_them():
    text = ("实际完成值\t指标名称\t责任科室\t得分\t备注说明\n"
            "95%\t服务对象满意度\t办公室\t10\t\n"
            "3次\t开展培训次数\t培训科\t8\t下半年补\n")
    result = parse_pasted_rows(text)
    kinds = {n.kind for n in result.notes}
    assert NoteKind.skipped_column in kinds and NoteKind.missing_column in kinds
    assert NoteKind.reordered_columns in kinds
    skipped_columns = [n.text for n in result.notes if n.kind is NoteKind.skipped_column]
    assert skipped_columns == ["责任科室", "备注说明"]
    missing = [n.message for n in result.notes if n.kind is NoteKind.missing_column]
    assert any("年初目标值" in m for m in missing)
    # each skipped column once, with its place and first values (not a note per cell)
    assert not [n for n in result.notes if n.kind is NoteKind.skipped_cell]
    places = [(n.row, n.column, n.message) for n in result.notes if n.kind is NoteKind.skipped_column]
    assert places == [(1, 3, "列“责任科室”不对应自评表的任何一栏，整列未读入；该列有 2 格，前几格：“办公室”、“培训科”"),
                      (1, 5, "列“备注说明”不对应自评表的任何一栏，整列未读入；该列有 1 格，前几格：“下半年补”")]


def test_rows_without_a_header_are_read_in_the_form_order_and_that_is_said():
    result = parse_pasted_rows("开展培训次数\t≥3次\t4次\n服务对象满意度\t≥90%\t95%\n")
    assert [(i.name, i.target, i.actual) for i in result.indicators] == [
        ("开展培训次数", "≥3次", "4次"), ("服务对象满意度", "≥90%", "95%")]
    assert result.notes[0].kind is NoteKind.reinterpreted and "没有列标题" in result.notes[0].message
    explicit = parse_pasted_rows("4次\t开展培训次数\n", columns=("actual", "name"))
    assert explicit.indicators[0].name == "开展培训次数" and explicit.notes == []


def test_cells_that_are_not_numbers_where_numbers_belong_are_listed():
    text = "指标名称\t年初目标值\t实际完成值\t分值\t得分\nA\t≥1次\t1次\t五分\t不适用\nB\t1个\t1个\t2000\t/\n"
    result = parse_pasted_rows(text)
    a, b = result.indicators
    assert a.weight is None and a.not_applicable and b.weight is None and b.score is None
    messages = [(n.kind, n.where) for n in result.notes if n.kind is not NoteKind.info]
    assert (NoteKind.skipped_cell, "第 2 行第 4 列") in messages  # 五分
    assert (NoteKind.reinterpreted, "第 2 行第 5 列") in messages  # 不适用
    assert (NoteKind.dropped_value, "第 3 行第 4 列") in messages  # 2000 > 1000
    assert (NoteKind.reinterpreted, "第 3 行第 5 列") in messages  # "/"


def test_excel_quoted_cells_with_line_breaks_are_one_cell():
    text = '指标名称\t年初目标值\t实际完成值\t偏差原因\n"多行\n名称"\t≥1次\t2次\t"原因含""引号""\n第二行"\n'
    result = parse_pasted_rows(text)
    ind = result.indicators[0]
    assert ind.name == "多行\n名称" and ind.reason == '原因含"引号"\n第二行'
    odd = parse_pasted_rows('指标名称\t年初目标值\n"未闭合的引号\t≥1次\n下一行\t1次\n')
    assert [i.name for i in odd.indicators] == ['"未闭合的引号', "下一行"]


def test_form_labels_below_a_pasted_table_are_listed_not_read_as_rows():
    text = "一级指标\t二级指标\t指标名称\t年初目标值\t实际完成值\t得分\n产出指标\t数量指标\tA\t1个\t1个\t5\n" \
           "偏差大或目标未完成原因分析\t无\t\t\t\t\n"
    result = parse_pasted_rows(text)
    assert len(result.rows) == 1
    assert any(n.kind is NoteKind.skipped_row and n.row == 3 for n in result.notes)


def test_empty_or_blank_paste_gives_nothing():
    assert parse_pasted_rows("").rows == [] and parse_pasted_rows("\n\t\n").notes == []
    with pytest.raises(PasteError):
        parse_pasted_rows("a\t" * 300)


def _doc() -> Document:
    return Document(goals=(Goal(title="目标", levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=(
            Indicator(name="甲"), Indicator(name="乙"))),)),)),))


def test_add_rows_puts_named_rows_under_their_levels_and_bare_rows_after_the_cursor():
    doc = _doc()
    pasted = parse_pasted_rows("一级指标\t二级指标\t指标名称\t年初目标值\n产出指标\t质量指标\t丙\t100%\n"
                               "效益指标\t社会效益指标\t丁\t提升\n").rows
    out, paths = add_rows(doc, pasted, at=(0, 0, 0, 0))
    level_names = [(lv.name, [s.name for s in lv.sublevels]) for lv in out.goals[0].levels]
    assert level_names == [("产出指标", ["数量指标", "质量指标"]), ("效益指标", ["社会效益指标"])]
    assert paths == [(0, 0, 1, 0), (0, 1, 0, 0)]
    bare = parse_pasted_rows("戊\t≥1次\t1次\n己\t≥2次\t2次\n").rows
    out2, paths2 = add_rows(doc, bare, at=(0, 0, 0, 0))
    assert [i.name for i in out2.goals[0].levels[0].sublevels[0].indicators] == ["甲", "戊", "己", "乙"]
    assert paths2 == [(0, 0, 0, 1), (0, 0, 0, 2)]
    # the old document is untouched and shares what did not change (one undo step)
    assert [i.name for i in doc.goals[0].levels[0].sublevels[0].indicators] == ["甲", "乙"]
    assert out2.goals[0].levels[0].sublevels[0].indicators[0] is doc.goals[0].levels[0].sublevels[0].indicators[0]
    empty, p = add_rows(Document(), bare)
    assert [i.name for _, i in empty.iter_indicators()] == ["戊", "己"] and p == [(0, 0, 0, 0), (0, 0, 0, 1)]


# -- files -----------------------------------------------------------------


def test_a_plain_xlsx_table_with_merged_cells_is_filled_down(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    ws.append(["产出指标", "数量指标", "培训场次", "≥10场", 12, 20, 20, None])
    ws.append([None, None, "培训人次", "≥500人次", "450人次", 20, 18, "疫情影响"])
    ws.append([None, "质量指标", "合格率", "≥95%", 0.97, 10, 10, None])
    ws.append(["满意度指标", "服务对象满意度指标", "满意度", "≥90%", "96%", 10, 10, None])
    ws.merge_cells("A2:A4")
    ws.merge_cells("B2:B3")
    ws["E4"].number_format = "0%"
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    result = import_file(path)
    doc = result.document
    levels = [(lv.name, [(s.name, [i.name for i in s.indicators]) for s in lv.sublevels]) for lv in doc.goals[0].levels]
    assert levels == [("产出指标", [("数量指标", ["培训场次", "培训人次"]), ("质量指标", ["合格率"])]),
                      ("满意度指标", [("服务对象满意度指标", ["满意度"])])]
    first = doc.goals[0].levels[0].sublevels[0].indicators
    assert first[0].actual == "12" and first[0].weight == Decimal(20)
    assert first[1].reason == "疫情影响" and first[1].score == Decimal(18)
    assert doc.goals[0].levels[0].sublevels[1].indicators[0].actual == "97%"
    assert any(n.kind is NoteKind.converted and n.where == "E4" for n in result.notes)


def test_our_csv_imports_back(tmp_path):
    doc = load_document(SAMPLES / "hongshan-2024-department.toml")
    path = tmp_path / "f.csv"
    path.write_bytes(csv_text(doc).encode("utf-8-sig"))
    result = import_file(path)
    back = result.document
    assert [g.title for g in back.goals] == ["年度目标1", "年度目标2"]
    pairs = [(i.name, i.target, i.actual, i.score) for _, i in back.iter_indicators()]
    assert pairs == [(i.name, i.target, i.actual, i.score) for _, i in doc.iter_indicators()]
    # read by its own columns: nothing to check; the computed columns are named once
    assert result.warnings == []
    assert any(n.kind is NoteKind.info and "公式得分、完成率、问题" in n.message for n in result.notes)


def test_gbk_text_and_unreadable_files(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("指标名称\t年初目标值\t实际完成值\n培训\t≥1次\t2次\n".encode("gb18030"))
    result = import_file(path)
    assert [i.name for _, i in result.document.iter_indicators()] == ["培训"]
    assert result.notes[0].kind is NoteKind.converted
    from exchange.importer import ImportFailed

    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ImportFailed, match="另存为 .xlsx"):
        import_file(tmp_path / "old.xls")
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailed, match="无法打开"):
        import_file(tmp_path / "bad.xlsx")
    with pytest.raises(ImportFailed, match="不存在"):
        import_file(tmp_path / "missing.xlsx")


def test_a_count_the_model_refuses_refuses_the_import_instead_of_dropping_every_goal(monkeypatch):
    # the model refuses forms with too many goals or indicators with a problem at the list
    # (`goals`); dropping that key like a bad value would import an empty form
    import exchange.form as form_module
    from exchange.importer import ImportFailed, import_text
    from model.problems import DocumentError, Problem

    real = form_module.validate_document

    def too_many_goals(raw, text="", source=""):
        if raw.get("goals"):
            raise DocumentError([Problem("目标过多（2 个，上限 1 个）", key="goals")])
        return real(raw, text, source)

    monkeypatch.setattr(form_module, "validate_document", too_many_goals)
    with pytest.raises(ImportFailed, match="目标过多"):
        import_text("指标名称\t年初目标值\t实际完成值\n培训\t≥1次\t2次\n")


def test_a_file_that_cannot_be_read_says_why_in_chinese(tmp_path, monkeypatch):
    """The importer and each reader name an operating-system error as the
    loader and a save do (model.oserror), not in the system's English."""
    import errno
    import zipfile

    from exchange import docxread, grid, importer, xls
    from exchange.grid import GridError
    from exchange.importer import ImportFailed

    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    source = tmp_path / "表.docx"
    source.write_bytes(b"x")
    failures = []
    with monkeypatch.context() as m:  # the importer's own look at the file
        m.setattr(importer, "open_regular", refused)
        with pytest.raises(ImportFailed) as failed:
            import_file(source)
        failures.append(str(failed.value))
    with monkeypatch.context() as m:  # every reader's size check
        m.setattr(Path, "stat", refused)
        with pytest.raises(GridError) as failed:
            grid.input_size(source)
        failures.append(str(failed.value))
    monkeypatch.setattr(docxread, "input_size", lambda *_a: 1)
    monkeypatch.setattr(zipfile, "ZipFile", refused)
    with pytest.raises(GridError) as failed:
        docxread.read_docx(source)
    failures.append(str(failed.value))
    monkeypatch.setattr(xls, "input_size", lambda *_a: 1)
    monkeypatch.setattr(Path, "read_bytes", refused)
    with pytest.raises(GridError) as failed:
        xls.read_xls(source)
    failures.append(str(failed.value))
    assert len(failures) == 4
    for message in failures:
        assert "无法读取文件：没有权限" in message and "Permission denied" not in message
