"""Old Excel (.xls) import: through the same layout logic as .xlsx.

The .xls fixtures were made from jixiao's own exports by LibreOffice (see
tests/data/make_fixtures.py for the commands), so that these tests need no
LibreOffice.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pytest

from exchange.cli import register
from exchange.importer import ImportFailed, import_file
from exchange.layout import DATA_SHEET
from exchange.xls import read_xls
from exchange.xlsx import write_xlsx
from model import dumps_document, load_document
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
EXPORT_XLS = DATA / "hongshan-2024-department-export.xls"
VISIBLE_XLS = DATA / "hongshan-2024-project-affairs-visible.xls"


def test_an_export_converted_to_xls_by_libreoffice_imports_back_unchanged():
    sample_path = ROOT / "sample_data" / "hongshan-2024-department.toml"
    result = import_file(EXPORT_XLS)
    assert result.source == "xls" and result.restored
    assert result.document == load_document(sample_path)
    assert dumps_document(result.document) == sample_path.read_text(encoding="utf-8")
    assert result.notes == []


def test_the_printed_form_in_xls_reads_as_the_same_form_in_xlsx(tmp_path):
    sample = load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml")
    xlsx = tmp_path / "visible.xlsx"
    write_xlsx(sample, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    del wb[DATA_SHEET]
    wb.save(xlsx)
    from_xls, from_xlsx = import_file(VISIBLE_XLS), import_file(xlsx)
    assert not from_xls.restored and from_xls.source == "xls"
    assert from_xls.document == from_xlsx.document
    doc = from_xls.document
    assert doc.goals == sample.goals and doc.execution == sample.execution and doc.rules == sample.rules
    assert doc.execution.declared_rate == 100  # a %-formatted number in the .xls
    assert score_document(doc).total == score_document(sample).total
    assert [str(n) for n in from_xls.notes] == [str(n) for n in from_xlsx.notes]


def test_the_xls_grid_has_the_merged_cells_and_the_hidden_sheet():
    wb = read_xls(EXPORT_XLS)
    assert wb.hidden_data is not None and wb.hidden_data[0] == "jixiao-export"
    names = [name for name, _, _ in wb.sheets]
    assert names == ["自评表", "问题清单"]
    grid = wb.sheets[0][1]
    assert grid.source == "xls" and grid.merges
    assert grid.merge_of(0, 0) == (0, 0, 0, 6)  # the title across the form (seven columns, as seed 000)


def test_broken_encrypted_and_huge_xls_files_get_a_clear_message(tmp_path):
    data = EXPORT_XLS.read_bytes()
    cut = tmp_path / "cut.xls"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(ImportFailed, match="损坏"):
        import_file(cut)
    text = tmp_path / "text.xls"
    text.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(ImportFailed, match="不是 .xls 文件"):
        import_file(text)
    locked = tmp_path / "locked.xls"
    locked.write_bytes((DATA / "encrypted.xlsx").read_bytes())
    with pytest.raises(ImportFailed, match="已加密"):
        import_file(locked)
    with pytest.raises(ImportFailed, match="已加密"):
        import_file(DATA / "encrypted.xlsx")
    big = tmp_path / "big.xls"
    with open(big, "wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(ImportFailed, match="文件过大"):
        import_file(big)


def test_import_xls_from_the_command_line(tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    out = tmp_path / "affairs.toml"
    args = parser.parse_args(["import", str(VISIBLE_XLS), "-o", str(out)])
    assert args.func(args) == 0
    printed = capsys.readouterr().out
    assert printed.rstrip().endswith("表上自评得分 99，导入后计算得 99（优）")
    assert load_document(out).project_name == "科协事务管理经费"


def test_the_department_sheet_of_the_xls_reads_as_the_xlsx_sheet(tmp_path):
    """The visible sheet alone (hidden copy not used): goal lines, merged blocks and the
    execution rate read from .xls exactly as from the .xlsx it was converted from."""
    from exchange.grid import read_workbook
    from exchange.importer import import_grid

    sample = load_document(ROOT / "sample_data" / "hongshan-2024-department.toml")
    xlsx = tmp_path / "dept.xlsx"
    write_xlsx(sample, xlsx)
    from_xls = import_grid(read_xls(EXPORT_XLS).sheets[0][1]).document
    from_xlsx = import_grid(read_workbook(xlsx).sheets[0][1]).document
    assert from_xls == from_xlsx
    assert from_xls.goals == sample.goals and from_xls.execution == sample.execution
