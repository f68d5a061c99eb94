"""Word (.docx) import: the official layouts as Word stores them, a form typed by hand,
several forms in one document, a weight table, and bad input."""

from __future__ import annotations

import argparse
import copy
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from wordforms import add_form, form_docx, set_text

from exchange.cli import register
from exchange.grid import fold_vertical, join_lines
from exchange.importer import ImportFailed, import_file, import_forms
from exchange.layout import DATA_SHEET
from exchange.notes import NoteKind
from exchange.docxread import read_docx
from exchange.xlsx import write_xlsx
from model import Kind, Tier, load_document
from model.document import MonthDate
from scoring import score_document
from scoring.rules import resolve

D = Decimal
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))
DATA = Path(__file__).parent / "data"
SEED_FORMS = ("hongshan-2024-department", "hongshan-2024-project-affairs", "hongshan-2024-project-transfer")


def _visible_xlsx(doc, path: Path) -> Path:
    write_xlsx(doc, path)
    wb = openpyxl.load_workbook(path)
    del wb[DATA_SHEET]
    wb.save(path)
    return path


# -- the sample forms as Word prints them ---------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_word_form_reads_as_the_same_form_in_a_workbook(path, tmp_path):
    """Vertical block labels and hand-wrapped names come back; Word and Excel go through one
    layout logic, so the document is the one the printed spreadsheet gives."""
    doc = load_document(path)
    word = tmp_path / "form.docx"
    word.write_bytes(form_docx(doc, vertical=True, wrap_names=True, declared=False))
    from_word = import_file(word)
    from_sheet = import_file(_visible_xlsx(doc, tmp_path / "form.xlsx"))
    assert from_word.source == "docx" and not from_sheet.restored
    got, want = from_word.document, from_sheet.document
    if not want.title:  # a sheet's top line is its title only when it says 自评表; Word's is the paragraph
        got = got.model_copy(update={"title": "", "year": want.year})
    assert got == want
    assert score_document(from_word.document).total == score_document(from_sheet.document).total
    assert from_word.warnings == [n for n in from_sheet.warnings if "第 1 行" not in n.where]


@pytest.mark.parametrize("name", SEED_FORMS + ("dongxihu-2025-department",))
def test_the_sample_forms_in_word_import_to_their_figures(name, tmp_path):
    sample = load_document(ROOT / "sample_data" / f"{name}.toml")
    word = tmp_path / "form.docx"
    word.write_bytes(form_docx(sample))
    result = import_file(word)
    doc = result.document
    assert doc.goals == sample.goals and doc.execution == sample.execution
    assert resolve(doc.rules) == resolve(sample.rules)  # stated in the 备注 (Hongshan) or the default
    for field in ("kind", "unit", "project_name", "department", "implementing_unit", "year", "fill_date",
                  "declared_total"):
        assert getattr(doc, field) == getattr(sample, field), field
    assert doc.title == (sample.title or doc.title)  # Dongxihu's sample has none; Word's title paragraph is read
    mine, theirs = score_document(doc), score_document(sample)
    assert (mine.total, mine.grade) == (theirs.total, theirs.grade)
    assert sorted(f.code for f in mine.findings) == sorted(f.code for f in theirs.findings)
    assert result.warnings == []


def test_vertical_labels_and_wrapped_names_are_in_the_word_file(tmp_path):
    """The builder really writes what the test above claims to read back."""
    sample = load_document(ROOT / "sample_data" / "hongshan-2024-department.toml")
    word = tmp_path / "form.docx"
    word.write_bytes(form_docx(sample))
    cells = [c for t in docx.Document(str(word)).tables for row in t.rows for c in row.cells]
    texts = {c.text for c in cells}
    assert "年\n度\n绩\n效\n指\n标" in texts  # one character a paragraph
    assert "建设科普惠民\n社区（村）数量" in texts
    grid, notes = read_docx(word)
    assert notes == [] and grid.source == "docx" and grid.merges
    assert any(grid.text(r, 0) == "年度绩效指标" for r in range(grid.height))


def test_folding_vertical_labels_and_line_breaks():
    assert fold_vertical("绩\n效\n指\n标") == "绩效指标"
    assert fold_vertical("项\n目\n年\n度\n绩\n效\n指\n标\n（60分）") == "项目年度绩效指标（60分）"
    assert fold_vertical("1个\n2个") == "1个\n2个" and fold_vertical("5\n5\n5") == "5\n5\n5"
    assert fold_vertical("绩效\n指标") == "绩效\n指标"
    assert join_lines("活动参与人数\n（线上&线下）") == "活动参与人数（线上&线下）"
    assert join_lines("5G\nbase") == "5G base"


# -- several forms in one document --------------------------------------------------------


def _seed_document(path: Path) -> Path:
    word = docx.Document()
    for line in ("第六部分 附件", "一、部门整体绩效评价自评报告", "（一）部门整体绩效自评得分", "……（报告正文）……"):
        word.add_paragraph(line)
    for name in SEED_FORMS:
        add_form(word, load_document(ROOT / "sample_data" / f"{name}.toml"))
    word.save(str(path))
    return path


def test_a_document_with_three_forms_gives_three_with_their_figures(tmp_path):
    results = import_forms(_seed_document(tmp_path / "seed.docx"))
    assert [r.document.kind for r in results] == [Kind.department, Kind.project, Kind.project]
    totals = [score_document(r.document).total for r in results]
    assert totals == [D("97.78"), D(99), D(74)]
    transfer = score_document(results[2].document)
    mismatch = [f for f in transfer.findings if f.code == "DECLARED_MISMATCH" and f.path == "总分"]
    assert [f.message for f in mismatch] == ["表上总分 99，计算为 74（相差 25）"]
    assert results[2].notes[-1].message == "表上自评得分 99，导入后计算得 74（中）；相差 25，见检查结果"
    # the report in front of the forms is listed in one line with its place
    first = results[0].notes[0]
    assert first.kind is NoteKind.skipped_row and "第 1 段 至 第 4 段" in first.message
    assert [f.name for f in results[0].forms] == [results[0].document.display_name, "科协事务管理经费", "上级转移支付"]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_import_list_form_and_folder_from_the_command_line(tmp_path, capsys):
    seed = _seed_document(tmp_path / "seed.docx")
    assert run("import", str(seed), "--list") == 0
    listed = capsys.readouterr().out
    assert "中有 3 张表" in listed and "2. 项目支出绩效自评表：科协事务管理经费" in listed
    out = tmp_path / "forms"
    run("import", str(seed), "-o", str(out))
    printed = capsys.readouterr().out
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"1-{load_document(out / files[0]).display_name}.toml", "2-科协事务管理经费.toml",
                     "3-上级转移支付.toml"]
    assert printed.rstrip().endswith("表上自评得分 99，导入后计算得 74（中）；相差 25，见检查结果")
    assert load_document(out / "2-科协事务管理经费.toml").goals == \
        load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml").goals
    # a second run refuses to overwrite any of them
    assert run("import", str(seed), "-o", str(out)) == 2
    assert "均未写入" in capsys.readouterr().err
    single = tmp_path / "transfer.toml"
    run("import", str(seed), "--form", "3", "-o", str(single))
    assert load_document(single).project_name == "上级转移支付"
    assert run("import", str(seed), "--form", "4", "-o", str(tmp_path / "x.toml")) == 2
    assert "没有第 4 张表" in capsys.readouterr().err


# -- a form typed by hand into Word ----------------------------------------------------


def _merge(table, r1, c1, r2, c2, text="", vertical=False):
    cell = table.cell(r1, c1).merge(table.cell(r2, c2))
    set_text(cell, text, vertical=vertical)
    return cell


def typed_form() -> docx.Document:
    """The central project layout typed the way people do: spaces to align labels,
    full-width colons, merged 一级/二级 cells, a vertical 绩效指标, a name wrapped by hand,
    `—` for funds the project does not have, a month-only date, units as words."""
    word = docx.Document()
    word.add_paragraph("项目支出绩效自评表")
    word.add_paragraph("（  2024  年度）")
    word.add_paragraph("填报单位（盖章）：某某区科学技术协会　　　填 报 日 期 ：  2024年3月")
    t = word.add_table(rows=19, cols=9)
    t.style = "Table Grid"
    _merge(t, 0, 0, 0, 1, "项 目 名 称")
    _merge(t, 0, 2, 0, 8, "科普惠民工程")
    _merge(t, 1, 0, 1, 1, "主管部门")
    _merge(t, 1, 2, 1, 4, "某某区科学技术协会")
    _merge(t, 1, 5, 1, 6, "实施单位")
    _merge(t, 1, 7, 1, 8, "某某区科普中心")
    _merge(t, 2, 0, 6, 0, "项目资金\n（万元）")
    heads = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    for c, text in enumerate(heads, start=1):
        t.cell(2, c).text = text
    rows = [("年度资金总额", "100", "100", "95", "10", "95%", "9.5"),
            ("其中：当年财政拨款", "100", "100", "95", "—", "—", "—"),
            ("上年结转资金", "—", "—", "—", "—", "—", "—"),
            ("其他资金", "—", "—", "—", "—", "—", "—")]
    for r, values in enumerate(rows, start=3):
        for c, text in enumerate(values, start=1):
            t.cell(r, c).text = text
    _merge(t, 7, 0, 8, 0, "年度总体目标")
    _merge(t, 7, 1, 7, 4, "预期目标")
    _merge(t, 7, 5, 7, 8, "实际完成情况")
    _merge(t, 8, 1, 8, 4, "开展科普活动，提升公众科学素质。")
    _merge(t, 8, 5, 8, 8, "全年开展科普活动12场，公众科学素质有所提升。")
    _merge(t, 9, 0, 17, 0, "绩效指标", vertical=True)
    for c, text in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                              "偏差原因分析及改进措施"], start=1):
        t.cell(9, c).text = text
    _merge(t, 10, 1, 13, 1, "产出指标\n（50分）")
    _merge(t, 10, 2, 11, 2, "数量指标")
    indicators = [
        (10, "开展科普活动场次", "≥10场", "12场", "20", "20", ""),
        (11, "活动参与人数\n（线上&线下）", "≥500人次/年", "620人次", "10", "10", ""),
        (12, "活动合格率", "≥100百分比", "98%", "10", "9.8", "个别活动评估未达标"),
        (13, "经费控制数", "≤100万元", "95", "10", "10", ""),
        (14, "服务水平", "提升", "部分达成预期指标", "20", "12", "偏远社区覆盖不足"),
        (15, "科普设施运行", "正常", "达成预期指标", "10", "9", ""),
        (16, "公众满意度", "≥90%", "95%", "10", "10", ""),
    ]
    t.cell(12, 2).text = "质量指标"
    t.cell(13, 2).text = "成本指标"
    _merge(t, 14, 1, 15, 1, "效益指标\n（30分）")
    _merge(t, 14, 2, 15, 2, "社会效益\n指标")
    t.cell(16, 1).text = "满意度指标（10分）"
    t.cell(16, 2).text = "服务对象满意度指标"
    for r, name, target, actual, weight, score, reason in indicators:
        for c, text in enumerate((name, target, actual, weight, score, reason), start=3):
            t.cell(r, c).text = text
    _merge(t, 17, 1, 17, 8, "")
    _merge(t, 18, 0, 18, 5, "总分")
    t.cell(18, 6).text = "100"
    t.cell(18, 7).text = "90.3"
    word.add_paragraph("备注：1. 定性指标分三档：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差，"
                       "分别按 100%-80%（含80%）、80%-50%（含50%）、50%-0% 打分。")
    word.add_paragraph("2. 反向指标得分=权重×A/B。")
    return word


def test_a_form_typed_by_hand_in_word_imports_with_no_row_lost(tmp_path):
    path = tmp_path / "typed.docx"
    typed_form().save(str(path))
    result = import_file(path)
    doc = result.document
    assert doc.kind is Kind.project and doc.year == 2024 and doc.fill_date == MonthDate(2024, 3)
    assert (doc.project_name, doc.unit, doc.department, doc.implementing_unit) == \
        ("科普惠民工程", "某某区科学技术协会", "某某区科学技术协会", "某某区科普中心")
    ex = doc.execution
    assert (ex.initial_budget, ex.budget, ex.spent, ex.weight, ex.declared_rate, ex.declared_score) == \
        (D(100), D(100), D(95), D(10), D(95), D("9.5"))
    assert [(f.name, f.budget, f.spent) for f in ex.funds] == \
        [("当年财政拨款", D(100), D(95)), ("上年结转资金", None, None), ("其他资金", None, None)]
    names = [(path[1:3], ind.name) for path, ind in doc.iter_indicators()]
    assert [n for _, n in names] == ["开展科普活动场次", "活动参与人数（线上&线下）", "活动合格率", "经费控制数",
                                     "服务水平", "科普设施运行", "公众满意度"]
    goal = doc.goals[-1]
    assert [(lv.name, lv.weight) for lv in goal.levels] == [("产出指标", D(50)), ("效益指标", D(30)),
                                                            ("满意度指标", D(10))]
    assert [s.name for s in goal.levels[1].sublevels] == ["社会效益指标"]
    assert doc.goals[0].title == "年度总体目标" and doc.goals[0].target.startswith("开展科普活动")
    assert doc.declared_total == D("90.3") and doc.rules.preset == "paper"
    res = score_document(doc)
    assert res.total == D("90.3")
    codes = {(f.path.split(" / ")[-1], f.code) for f in res.findings}
    assert ("活动合格率", "TYPED_SCORE_DIFFERS") not in codes  # ≥100百分比 is 100 %
    assert ("经费控制数", "UNIT_ONE_SIDED") in codes  # 95 read in 万元
    assert not any(code == "TIER_MISSING" for _, code in codes)  # the actual names the tier
    assert res.node((1, 1, 0, 0)).tier is Tier.partial
    assert result.warnings == [], [str(n) for n in result.warnings]
    assert result.notes[-1].message == "表上自评得分 90.3，导入后计算得 90.3（优）"


# -- a weight table in the same document ------------------------------------------------


def test_a_weight_table_supplies_missing_weights_by_name_and_lists_the_names_that_differ(tmp_path):
    sample = load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml")
    word = docx.Document()
    add_form(word, sample)  # printed without weights (the seed prints only scores)
    word.add_paragraph("科协事务管理经费项目绩效评价指标体系")
    rows = [("一级指标", "二级指标", "三级指标", "标准分", "评分标准"),
            ("产出指标（46分）", "数量指标", "定期更换科普橱窗内容次数", "4", "按完成比例计分"),
            ("", "", "社区科普基础设施维修维护次数", "4", ""),
            ("", "质量指标", "经费使用合规率", "4", ""),
            ("", "", "外聘人员到岗率", "4", "名称与自评表不同"),
            ("成本指标", "经济成本指标", "经费使用限额", "2", "")]
    t = word.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            t.cell(r, c).text = text
    t.cell(2, 0).merge(t.cell(4, 0))
    path = tmp_path / "weights.docx"
    word.save(str(path))
    result = import_file(path)
    doc = result.document
    weights = {ind.name: ind.weight for _, ind in doc.iter_indicators()}
    assert weights["定期更换科普橱窗内容次数"] == D(4) and weights["经费使用限额"] == D(2)
    assert weights["经费使用合规率"] == D(4) and weights["外聘服务人员到岗率"] is None
    level = next(lv for lv in doc.goals[1].levels if lv.name == "产出指标")
    assert level.weight == D(46)
    messages = [n.message for n in result.notes]
    assert any("补上了 4 个指标、1 个一级/二级指标的分值" in m for m in messages)
    assert any("这是评分表（“科协事务管理经费项目绩效评价指标体系”，6 个标准分）" in m for m in messages)
    assert not [n for n in result.warnings if "指标体系" in n.text]  # its title is no stray row
    unused = [n for n in result.notes if "外聘人员到岗率" in n.message]
    assert len(unused) == 1 and unused[0].kind is NoteKind.skipped_row and unused[0].where.startswith("表 2 第 5 行")
    assert any("“外聘服务人员到岗率”在评分表中没有同名的行" in m for m in messages)
    assert len(result.forms) == 1  # the weight table is no form of its own


# -- bad input ---------------------------------------------------------------------------


def _timed_failure(path: Path) -> str:
    """The message for a file that cannot be imported (how fast: benchmarks/import_bad_input.py)."""
    with pytest.raises(ImportFailed) as err:
        import_file(path)
    return str(err.value)


def test_encrypted_corrupt_and_old_word_files_get_a_clear_message(tmp_path):
    assert "已加密" in _timed_failure(DATA / "encrypted.docx")
    assert "另存为” Word 文档（.docx）" in _timed_failure(DATA / "word97.doc")
    renamed = tmp_path / "其实是旧版.docx"
    renamed.write_bytes((DATA / "word97.doc").read_bytes())
    assert "Word 97-2003" in _timed_failure(renamed)
    good = form_docx(load_document(SAMPLES[0]))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good[: len(good) // 2])
    assert "损坏" in _timed_failure(cut)
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"this is not a word file" * 100)
    assert "不是有效的 .docx" in _timed_failure(garbage)
    # a zip whose document part is not XML
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else src.read(item))
    bad_xml = tmp_path / "bad-xml.docx"
    bad_xml.write_bytes(broken.getvalue())
    assert "损坏" in _timed_failure(bad_xml)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.docx"
    with open(big, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(100 * 1024 * 1024)
    assert "文件过大" in _timed_failure(big)


def test_a_document_without_a_form_says_so(tmp_path, capsys):
    word = docx.Document()
    word.add_paragraph("会议纪要")
    t = word.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "姓名", "电话"
    t.cell(1, 0).text, t.cell(1, 1).text = "张三", "123"
    path = tmp_path / "minutes.docx"
    word.save(str(path))
    assert run("import", str(path), "-o", str(tmp_path / "x.toml")) == 2
    err = capsys.readouterr().err
    assert "没有找到自评表的内容" in err and "Traceback" not in err
    assert not (tmp_path / "x.toml").exists()


def ten_thousand_merged(path: Path, copies: int = 10_000) -> Path:
    """A table whose first column is merged down 10,001 rows and whose other cells are
    merged across (10,000 rows copied): 20,000 merged cells."""
    word = docx.Document()
    word.add_paragraph("项目支出绩效自评表")
    t = word.add_table(rows=3, cols=4)
    for c, text in enumerate(("一级指标", "指标名称", "年初目标值", "实际完成值")):
        t.cell(0, c).text = text
    t.cell(1, 0).merge(t.cell(2, 0)).text = "产出指标"
    for c, text in enumerate(("培训", "≥1次", "1次"), start=1):
        t.cell(1, c).text = text
    t.cell(2, 1).merge(t.cell(2, 3)).text = "说明"
    tbl = word.element.body.tbl_lst[-1]
    row = tbl.tr_lst[-1]  # merged down in column 1 and across columns 2-4
    for _ in range(copies):
        tbl.append(copy.deepcopy(row))
    word.save(str(path))
    return path


def test_a_table_with_ten_thousand_merged_cells_is_read_and_every_row_listed(tmp_path):
    # 5,000 rows copied: 10,000 merged cells (down the first column, across the others)
    result = import_file(ten_thousand_merged(tmp_path / "merged.docx", 5_000))
    doc = result.document
    assert [ind.name for _, ind in doc.iter_indicators()] == ["培训"]
    skipped = [n for n in result.notes if n.kind is NoteKind.skipped_row]
    assert len(skipped) == 5_001 and skipped[-1].where == "表 1 第 5003 行"  # nothing dropped silently


def test_a_document_longer_than_any_form_is_refused_with_the_limit(tmp_path):
    # 10,000 rows copied: more rows than the import limit (exchange/limits.py)
    assert "文档过长（超过 10000 个段落和表格行）" in _timed_failure(ten_thousand_merged(tmp_path / "long.docx"))


def test_a_table_too_large_for_a_form_is_refused_before_it_is_built(tmp_path, monkeypatch):
    from exchange import ooxml

    monkeypatch.setattr(ooxml, "MAX_XML_CELLS", 1_000)  # the scan before python-docx parses
    assert "文档中表格的单元格超过 1,000 个" in _timed_failure(ten_thousand_merged(tmp_path / "m.docx", 1_000))
