"""The form printed as people print it, checked in the files themselves
(python-docx, openpyxl): no row split across pages, title rows repeated,
block headings kept with the rows under them, labels as wide as their words,
the findings not printed with the form. tests/test_exchange_pages.py checks
the same on pages LibreOffice prints.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from docx_read import table_groups
from exchange.layout import DATA_SHEET, FINDINGS_SHEET, FORM_SHEET, render, words
from exchange.word import TALL_ROW, form_docx_bytes
from exchange.xlsx import TALL_MERGE, xlsx_bytes
from model import load_document
from model.text import cells

SAMPLES = sorted(Path(__file__).resolve().parent.parent.joinpath("sample_data").glob("*.toml"))


def _header(tr) -> bool:
    return tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def _rows(path: Path):
    """The form's rows, once each: a table that continues the form on a new page
    repeats header rows (the title, a heading row), left out here."""
    d = docx.Document(io.BytesIO(form_docx_bytes(load_document(path))))
    (group,) = table_groups(d)
    rows = list(group[0].iter(qn("w:tr")))
    for tbl in group[1:]:
        rows += [tr for tr in tbl.iter(qn("w:tr")) if not _header(tr)]
    return d, rows


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_row_splits_and_the_title_rows_repeat(path):
    d, rows = _rows(path)
    heights = render(load_document(path)).heights
    whole = [tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows]
    # every row is kept whole but one of long text, a third of a page or more, which may run on
    assert whole == [heights[r] <= TALL_ROW for r in range(len(rows))]
    assert sum(whole) >= len(rows) - 4
    header = [_header(tr) for tr in rows]
    assert header[:2] == [True, True] and not any(header[2:])
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def _keeps(tr) -> bool:
    ps = list(tr.iter(qn("w:p")))
    return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in ps)


def test_block_headings_keep_with_the_next_row():
    path = next(p for p in SAMPLES if "hongshan-2024-department" in p.name)
    _, rows = _rows(path)
    texts = ["".join(t.text or "" for t in tr.iter(qn("w:t"))) for tr in rows]
    kept = [t for tr, t in zip(rows, texts) if _keeps(tr)]
    heads = [t for t in texts if "一级指标二级指标" in t]
    assert len(heads) == 2 and all(h in kept for h in heads)
    assert any(t.startswith("年度目标1（20分）") for t in kept)
    assert any(t.startswith("年度资金总额") or "预算数（A）" in t for t in kept)
    # a block may break between its rows (its labels start again on the next page): its rows do not hold on
    assert not any("定期更换科普橱窗内容次数" in t or "外聘律师团队" in t for t in kept)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_label_columns_hold_their_words(path):
    sheet = render(load_document(path))
    for (r, c), cell in sheet.cells.items():
        if r < sheet.table_start or cell.merge_to and cell.merge_to[1] != c or not isinstance(cell.value, str):
            continue
        if cell.style in ("label", "header", "section"):
            widest = max((cells(w) for w in words(cell.value) if cells(w) <= 20), default=0)
            assert sheet.widths[c] >= widest + 2, (cell.value, sheet.widths[c])


def test_words_break_before_brackets_only():
    assert words("预算执行情况（万元）\n（20分）") == ["预算执行情况", "（万元）", "（20分）"]
    assert words("年度资金总额") == ["年度资金总额"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_workbook_prints_the_form_alone(path):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(load_document(path))))
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [FORM_SHEET]
    assert wb[FINDINGS_SHEET].sheet_state == "hidden" and wb[DATA_SHEET].sheet_state == "hidden"
    ws = wb[FORM_SHEET]
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.print_title_rows == "$1:$2"
    # a label merged down many rows stands at its top, not across a page break
    for rng in ws.merged_cells.ranges:
        if rng.max_row - rng.min_row >= TALL_MERGE:
            assert ws.cell(rng.min_row, rng.min_col).alignment.vertical == "top"


def _docx_texts(doc) -> list[str]:
    d = docx.Document(io.BytesIO(form_docx_bytes(doc)))
    return ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tbl in table_groups(d)[0]
            for tc in tbl.iter(qn("w:tc"))]


def test_numbers_as_the_form_had_them():
    from decimal import Decimal

    from model import Document

    # a 0/0 execution printed 0%, a rate printed 100%, an amount typed 138.40
    zero = Document(unit="某单位", execution={"budget": 0, "spent": 0, "declared_rate": 0, "weight": 20})
    full = Document(unit="某单位", execution={"budget": Decimal("138.40"), "spent": Decimal("138.40"),
                                               "declared_rate": 100, "weight": 20})
    assert "0%" in _docx_texts(zero)
    texts = _docx_texts(full)
    assert "100%" in texts and "100.00%" not in texts and "138.40" in texts
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(full)))
    ws = wb[FORM_SHEET]
    rate = next(c for row in ws.iter_rows() for c in row if c.value == 1 and "%" in c.number_format)
    assert rate.number_format == "0%"
    budget = next(c for row in ws.iter_rows() for c in row if c.value == 138.4)
    assert budget.number_format == "0.00"
    # columns the form leaves empty are not printed: no 年初预算数, no 分值 without a weight
    bare = Document(unit="某单位", execution={"budget": 10, "spent": 9})
    texts = _docx_texts(bare)
    assert "年初预算数" not in texts and "分值" not in texts and "全年预算数（A）" in texts


def test_an_empty_remark_stays_empty():
    from model import Document

    texts = _docx_texts(Document(unit="某单位", execution={"budget": 10, "spent": 9, "weight": 20}))
    remark = texts.index("备注")
    assert texts[remark + 1] == ""


def test_columns_fit_the_page_even_when_their_words_do_not():
    from exchange.layout import Sheet
    from exchange.word import column_widths

    sheet = Sheet(9, widths=[20.0] * 9, table_start=0)
    for c in range(9):
        sheet.put(0, c, "可持续性影响指标", "header")  # nine columns of 8-character words: more than a page
    widths = column_widths(sheet, 150)
    assert all(w > 0 for w in widths) and sum(widths) <= 150.01


def test_a_short_heading_is_one_line_in_the_workbook():
    sheet = render(load_document(SAMPLES[0]))
    rate = next(c for (r, c), cell in sheet.cells.items() if cell.value == "执行率（B/A）")
    assert sheet.widths[rate] >= cells("执行率（B/A）") + 2
