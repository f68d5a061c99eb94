"""Hostile spreadsheets (spreadsheet bombs): each is read, or refused with a clear
Chinese message, and a refusal comes before openpyxl opens the file.

The files are built here, a few kilobytes each (tests/xlsx_bombs.py). How long
each takes and how much memory is measured by benchmarks/hostile_xlsx.py, not
here (docs/performance.md, "Hostile spreadsheets").
"""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
import docx_bombs
import xlsx_bombs as bombs

from exchange import limits, ooxml
from exchange.docxread import read_docx
from exchange.grid import read_workbook
from exchange.importer import ImportFailed, import_file, import_text


@pytest.fixture
def unopened(monkeypatch):
    """Fail the test if openpyxl is asked to open a file: the refusal must come first."""
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file that had to be refused before")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def refused(path, *words: str) -> str:
    with pytest.raises(ImportFailed) as info:
        import_file(path)
    message = str(info.value)
    assert all(w in message for w in words), message
    assert "Traceback" not in message
    return message


# -- bombs from the report, refused from the zip directory -------------------------------


# The report's bombs are larger (30 million strings, 20 million rows: benchmarks/hostile_xlsx.py
# runs them); just past the member limit is the same case and builds in a fraction of a second.
MEMBER_ITEMS = limits.MAX_MEMBER_BYTES // len("<si><t/></si>") + 1


def test_millions_of_shared_strings_are_refused_unread(tmp_path, unopened):
    path = bombs.shared_strings(tmp_path / "strings.xlsx", MEMBER_ITEMS)
    assert path.stat().st_size < 100_000
    refused(path, "解压后", "上限", "另存为")


def test_millions_of_rows_without_a_dimension_are_refused_unread(tmp_path, unopened):
    path = bombs.rows(tmp_path / "rows.xlsx", limits.MAX_MEMBER_BYTES // len("<row/>") + 1)
    refused(path, "解压后", "上限")


def test_a_million_row_hidden_jixiao_sheet_is_refused_unread(tmp_path, unopened):
    path = bombs.rows(tmp_path / "hidden.xlsx", 1_000_000, hidden=True)
    refused(path, "解压后", "上限")


def test_one_huge_shared_string_is_refused_unread(tmp_path, unopened):
    path = bombs.long_string(tmp_path / "long.xlsx", limits.MAX_MEMBER_BYTES + 1)
    refused(path, "解压后", "32.0 MB")


def test_a_member_compressed_a_thousand_times_is_refused_unread(tmp_path, unopened):
    path = bombs.padded(tmp_path / "pad.xlsx", "xl/pad.xml", b" " * (2 * limits.RATIO_FLOOR))
    refused(path, "压缩", f"上限 {limits.MAX_RATIO} 倍")


def test_too_many_zip_members_are_refused_unread(tmp_path, unopened):
    path = bombs.members(tmp_path / "members.xlsx", limits.MAX_MEMBERS)
    refused(path, f"上限 {limits.MAX_MEMBERS}")


# -- counted by the streaming scan, before openpyxl ----------------------------------------


def test_more_shared_strings_than_the_limit_are_refused_unread(tmp_path, unopened):
    path = bombs.shared_strings(tmp_path / "strings.xlsx", limits.MAX_SHARED_STRINGS + 1, distinct=True)
    with zipfile.ZipFile(path) as zf:  # not caught by the zip directory: the scan counts them
        info = zf.getinfo("xl/sharedStrings.xml")
        assert info.file_size < limits.MAX_RATIO * info.compress_size
    refused(path, "文字条目", f"{limits.MAX_SHARED_STRINGS:,}")


def test_more_merged_ranges_than_the_limit_are_refused_unread(tmp_path, unopened):
    path = bombs.merges(tmp_path / "merges.xlsx", limits.MAX_MERGES + 1)
    refused(path, "合并单元格", f"{limits.MAX_MERGES:,}")


def test_a_document_type_declaration_is_refused_unread(tmp_path, unopened):
    # entities are how XML bombs grow; a spreadsheet never declares any
    refused(bombs.with_doctype(tmp_path / "dtd.xlsx"), "DTD")


@pytest.mark.parametrize(("limit", "build", "words"), [
    ("MAX_ELEMENTS", lambda p: bombs.rows(p, 101), ("XML 元素",)),
    ("MAX_XML_CELLS", lambda p: bombs.plain(p, 30), ("单元格",)),
])
def test_the_element_and_cell_counts_are_limits(tmp_path, monkeypatch, unopened, limit, build, words):
    # the same scan with a small limit: the count is exact and stops the read
    monkeypatch.setattr(ooxml, limit, 100)
    refused(build(tmp_path / "f.xlsx"), *words)


# -- read, with bounded work ---------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 10_000])
def test_merged_ranges_far_beyond_the_table_cover_only_the_table(tmp_path, count):
    # each range covers 100 columns x 1,000 rows over a table of one row: they used to be
    # expanded cell by cell (10,000 x 100,000 lookups, minutes); now they are cut to the
    # used area and a range given twice counts once
    path = bombs.merges(tmp_path / "merges.xlsx", count)
    grid = read_workbook(path).sheets[0][1]
    assert grid.height == 1 and grid.width == 5
    assert len(grid.merges) <= grid.height * grid.width
    assert grid.merge_of(0, 4) == (0, 0, 0, 4)
    assert grid.text(0, 0) == "一级指标"


def test_overlapping_merged_ranges_covering_too_much_are_refused(tmp_path):
    path = bombs.overlapping_merges(tmp_path / "overlap.xlsx", 20)
    refused(path, "合并单元格", f"{limits.MAX_MERGED_CELLS:,}")


def test_a_sheet_longer_than_the_row_limit_is_refused(tmp_path):
    refused(bombs.rows(tmp_path / "rows.xlsx", limits.MAX_ROWS), f"{limits.MAX_ROWS:,} 行")


def test_a_long_sheet_that_is_not_imported_does_not_stop_the_import(tmp_path):
    # jixiao's own 问题清单 of a large form can be long; only the sheet read has to fit
    wb = openpyxl.Workbook(write_only=True)
    form = wb.create_sheet("表")
    form.append(bombs.HEADER)
    form.append(["产出指标", "数量指标", "培训场次", "≥10场", "12场"])
    long = wb.create_sheet("长表")
    for i in range(limits.MAX_ROWS + 1):
        long.append([i])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    result = import_file(path)
    assert [i.name for _, i in result.document.iter_indicators()] == ["培训场次"]
    with pytest.raises(ImportFailed, match="长表"):
        import_file(path, sheet="长表")


def test_a_dimension_that_understates_the_sheet_does_not_hide_rows(tmp_path):
    # read-only openpyxl trusts <dimension>; a wrong one used to drop every row below it
    path = bombs.plain(tmp_path / "dim.xlsx", body_rows=3, dimension="A1:A1")
    names = [i.name for _, i in import_file(path).document.iter_indicators()]
    assert names == ["培训场次2", "培训场次3", "培训场次4"]


def test_a_hidden_jixiao_sheet_larger_than_any_form_is_ignored(tmp_path):
    path = bombs.rows(tmp_path / "hidden.xlsx", limits.MAX_ROWS + 1, hidden=True)
    wb = read_workbook(path)
    assert wb.hidden_data is None
    assert not import_file(path).restored


def test_pasted_text_with_more_cells_than_the_limit_is_refused():
    columns = limits.MAX_GRID_CELLS // limits.MAX_ROWS + 1
    text = "\n".join("\t".join(["x"] * columns) for _ in range(limits.MAX_ROWS))
    with pytest.raises(ImportFailed, match=f"{limits.MAX_GRID_CELLS:,}"):
        import_text(text)


def test_a_plain_workbook_within_the_limits_is_read(tmp_path):
    # the control case: the builder makes workbooks openpyxl and the importer read
    path = bombs.plain(tmp_path / "plain.xlsx", body_rows=2)
    names = [i.name for _, i in import_file(path).document.iter_indicators()]
    assert names == ["培训场次2", "培训场次3"]


# -- Word documents and .xls workbooks (issue 19) ----------------------------------------


@pytest.fixture
def undocx(monkeypatch):
    """Fail the test if python-docx is asked to open a file: the refusal must come first."""
    import docx

    def refuse(*args, **kwargs):
        raise AssertionError("python-docx opened a file that had to be refused before")

    monkeypatch.setattr(docx, "Document", refuse)


@pytest.mark.parametrize(("build", "words"), [
    # the report's 190 MB styles part; just past the member limit is the same case
    (lambda p: docx_bombs.styles(p, limits.MAX_MEMBER_BYTES + 1000), ("解压后", "上限", "Word")),
    (lambda p: docx_bombs.paragraphs(p, limits.MAX_PARAGRAPHS + 1), ("段落", f"{limits.MAX_PARAGRAPHS:,}")),
    (lambda p: docx_bombs.nested(p, 40, 30_000), ("嵌套", f"{limits.MAX_TABLE_DEPTH} 层")),
    (lambda p: docx_bombs.headers(p, limits.MAX_MEMBERS + 1), ("部件", f"{limits.MAX_MEMBERS}")),
    (lambda p: docx_bombs.cells(p, limits.MAX_XML_CELLS + 1), ("单元格", f"{limits.MAX_XML_CELLS:,}")),
], ids=["styles", "paragraphs", "nested", "headers", "cells"])
def test_word_documents_past_a_limit_are_refused_before_python_docx_parses(tmp_path, undocx, build, words):
    path = build(tmp_path / "bomb.docx")
    assert path.stat().st_size < 1_000_000
    refused(path, *words)


def test_word_documents_within_the_limits_are_read(tmp_path):
    # tables nested to the limit: the nested ones are text in their cell, each paragraph read once
    grid, notes = read_docx(docx_bombs.nested(tmp_path / "nested.docx", limits.MAX_TABLE_DEPTH, 3))
    assert any("嵌套的表格" in n.message for n in notes)
    assert grid.text(1, 0).count("x") == 3  # the title, then the outer table's one cell


def test_an_xls_of_more_cells_than_an_xlsx_may_hold_is_refused_before_xlrd_reads_it(tmp_path, monkeypatch):
    import xlrd
    path = docx_bombs.xls_cells(tmp_path / "cells.xls", limits.MAX_XLS_CELLS + 1)

    def refuse(*args, **kwargs):
        raise AssertionError("xlrd read a workbook that had to be refused before")

    monkeypatch.setattr(xlrd, "open_workbook", refuse)
    refused(path, "单元格", f"{limits.MAX_XLS_CELLS:,}", "上限")
