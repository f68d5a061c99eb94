"""The official form as a Word document, read back with python-docx.

The .docx table must be exactly the official layout the xlsx export uses
(exchange.layout.render): the same cells, texts, figures and merged ranges, so
that a reader of Word tables gets back what it gets from the workbook.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from docx_read import read_form, tables
from exchange.export import ExportError, export_document, format_for
from exchange.importer import import_file
from exchange.layout import DATA_SHEET, Sheet, percent_text, render
from exchange.word import form_docx_bytes, form_geometry
from exchange.wording import rules_note
from exchange.xlsx import write_xlsx
from model import Document, Goal, Indicator, LevelOne, LevelTwo, Rules, load_document
from scoring import score_document
from scoring.rules import PRESETS, fmt

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))
HONGSHAN_2024 = ROOT / "sample_data" / "hongshan-2024-department.toml"


def _open(doc: Document):
    return docx.Document(io.BytesIO(form_docx_bytes(doc)))


def _expected(sheet: Sheet):
    texts = {}
    for (r, c), cell in sheet.cells.items():
        v = cell.value
        if v is None:
            text = ""
        elif isinstance(v, Decimal):
            # a rate as printed (100%) or with two decimals (98.88%); a figure as typed (138.40)
            text = percent_text(v, cell.places) if cell.percent else format(v, "f")
        else:
            text = v
        texts[(r, c)] = text
    merges = {(r, c, *cell.merge_to) for (r, c), cell in sheet.cells.items() if cell.merge_to}
    return texts, merges


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_table_is_the_official_layout_of_the_xlsx(path):
    doc = load_document(path)
    sheet = render(doc)
    d = _open(doc)
    # the form: one table, a table of its own for each printed page after the first
    texts, merges, header_rows = read_form(tables(d))
    want_texts, want_merges = _expected(sheet)
    assert merges == want_merges
    for pos, text in want_texts.items():
        # a label may wrap between its words in Word (全年执行数 / （B）), never inside one
        assert texts.get(pos, "").replace("\n", "") == text.replace("\n", ""), pos
    # nothing in the Word table that the sheet does not have
    assert {p for p, t in texts.items() if t} <= set(want_texts)
    assert header_rows == list(range(sheet.repeat_rows[0], sheet.repeat_rows[1] + 1))


def test_hongshan_2024_figures_sit_in_their_cells():
    d = _open(load_document(HONGSHAN_2024))
    texts, merges, _ = read_form(tables(d))
    by_text = {t: pos for pos, t in texts.items()}
    # seed 000's execution block: no 年初预算数 (empty), no 分值 (得分（20分*执行率） names it), its headings
    r, c = by_text["预算数（A）"]
    assert "年初预算数" not in by_text and "分值" not in by_text and texts[(r + 1, c - 1)] == "部门整体支出总额"
    assert [texts[(r, c + k)].replace("\n", "") for k in range(4)] == ["预算数（A）", "执行数（B）", "执行率（B/A）",
                                                                     "得分（20分*执行率）"]
    assert texts[(r + 1, c)] == "491.27"
    assert texts[(r + 1, c + 1)] == "485.77"
    assert texts[(r + 1, c + 2)] == "98.88%"
    assert texts[(r + 1, c + 3)] == "19.78"
    # the indicator table has the seed's columns only: no 分值, no 偏差原因分析
    r, c = by_text["三级指标"]
    assert [texts.get((r, c + k), "").replace("\n", "") for k in range(4)] == ["三级指标", "年初目标值（A）", "实际完成值（B）", "得分"]
    assert "偏差原因分析" not in by_text
    r, c = by_text["总分"]
    assert texts[(r, c + 1)] == "97.78"
    assert texts[(r, by_text["评价等级"][1] + 2)] == "优"
    assert texts[(1, 0)] == "单位名称：武汉市洪山区科学技术协会"
    assert "填报日期：2025年2月10日" in texts.values()
    assert "总分：97.78" in texts.values()
    # 产出指标 of goal 1 merged down its five indicator rows; 数量指标 down its two
    r, c = by_text["建设科普惠民社区（村）数量"]
    assert (r, c - 2, r + 4, c - 2) in merges and texts[(r, c - 2)] == "产出指标"
    assert (r, c - 1, r + 1, c - 1) in merges and texts[(r, c - 1)] == "数量指标"
    # the 备注 holds the form's own remarks (the rules it was scored by)
    r, c = by_text["备注"]
    assert texts[(r, c + 1)].startswith("1. 预算执行情况口径")


def test_page_fonts_and_print_setup():
    d = _open(load_document(HONGSHAN_2024))
    section = d.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    normal = d.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "宋体"
    assert normal.get(qn("w:asciiTheme")) is None
    cell_style = d.styles["表格文字"].element.rPr.rFonts
    assert cell_style.get(qn("w:eastAsia")) == "宋体"
    # the font table names a fallback for the Chinese font
    font_table = d.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    assert "宋体".encode() in font_table.blob and b"SimSun" in font_table.blob
    # every row grows with its text: heights are minimums
    tbl = tables(d)[0]
    rules = {h.get(qn("w:hRule")) for h in tbl.iter(qn("w:trHeight"))}
    assert rules == {"atLeast"}
    # the footer counts pages
    footer = section.footer.paragraphs[0].paragraph_format.element
    assert [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))] == ["PAGE", "NUMPAGES"]
    # the form title is the document's title
    assert d.core_properties.title == "2024年度武汉市洪山区科学技术协会部门整体绩效自评表"


def test_the_form_is_always_landscape():
    narrow = Sheet(3, widths=[10.0, 10.0, 10.0])
    wide = Sheet(9, widths=[18.0] * 9)
    assert form_geometry(narrow).landscape is True
    assert form_geometry(wide).landscape is True
    assert form_geometry(render(load_document(HONGSHAN_2024))).landscape is True


def test_control_characters_leave_a_valid_document(tmp_path):
    doc = Document(unit="科协\x1b[31m\x00", year=2024, goals=(Goal(title="目标\ufffe", levels=(LevelOne(
        name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=(Indicator(
            name="次数\x07", target="≥1次", actual="2次\x0c", score=Decimal(5)),)),)),)),))
    out = tmp_path / "f.docx"
    export_document(doc, out)
    d = docx.Document(str(out))  # parses: no character XML forbids
    texts, _, _ = read_form(tables(d))
    values = set(texts.values())
    assert "单位名称：科协[31m" in values and "次数" in values and "2次" in values


def test_export_document_picks_docx_by_extension_and_refuses_to_overwrite(tmp_path):
    assert format_for("表.DOCX") == "docx"
    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "表.docx"
    done = export_document(doc, out)
    assert done.fmt == "docx" and out.read_bytes()[:2] == b"PK" and done.size == out.stat().st_size
    with pytest.raises(ExportError) as err:
        export_document(doc, out)
    assert err.value.reason == "exists" and "已存在" in str(err.value)


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_a_form_without_remarks_prints_an_empty_remark_and_keeps_its_rules_in_the_hidden_copy(tmp_path, preset):
    doc = Document(unit="某单位", year=2024, rules=Rules(preset=preset),
                   execution={"weight": 20, "budget": 10, "spent": 9})
    note = rules_note(score_document(doc).settings)
    texts, _, _ = read_form(tables(_open(doc)))
    remark = next(pos for pos, t in texts.items() if t == "备注")
    assert texts[(remark[0], remark[1] + 1)] == ""  # jixiao's rules are not the form's remark
    assert note not in texts.values()
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    assert import_file(out).document.rules == Rules(preset=preset)  # the saved copy keeps them
    # a 备注 that is exactly such a rules note (an older export) still reads back as those rules
    wb = openpyxl.load_workbook(out)
    del wb[DATA_SHEET]
    ws = wb["自评表"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "备注")
    ws.cell(row=cell.row, column=2).value = note
    wb.save(out)
    back = import_file(out).document
    assert back.narrative.remarks == ""
    assert back.rules == Rules(preset=preset)

def test_each_page_after_the_first_is_a_table_that_repeats_the_headings_and_reads_back_as_one(tmp_path):
    from docx_read import table_groups

    doc = load_document(HONGSHAN_2024)
    d = _open(doc)
    (group,) = table_groups(d)  # one form
    assert len(group) >= 2  # its indicator table runs onto a second page
    for tbl in group[1:]:
        rows = tbl.findall(qn("w:tr"))
        header = [tr for tr in rows if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        texts = ["".join(t.text or "" for t in tr.iter(qn("w:t"))) for tr in header]
        assert texts[0] == doc.title and texts[1].startswith("单位名称：")
        if len(header) == 3:  # it continues an indicator table: its heading row, then the 一级 name again
            assert texts[2].startswith("年度绩效指标一级指标二级指标三级指标")
            body = "".join(t.text or "" for t in rows[3].iter(qn("w:t")))
            assert body.startswith("产出指标") or body.startswith("效益指标") or body.startswith("满意度指标")
    out = tmp_path / "f.docx"
    export_document(doc, out)
    back = import_file(out)
    assert back.document.goals == doc.goals
    assert not [n for n in back.notes if n.kind.name in ("skipped_row", "skipped_cell")]
