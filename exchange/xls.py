"""Old Excel workbooks (.xls, BIFF8, as WPS and Excel 97-2003 save them), with xlrd.

Each sheet becomes the same `Grid` an .xlsx sheet gives (cells, merged
ranges, %-formatted numbers marked), so the layout logic of `exchange.form`
reads both alike; the hidden `jixiao` sheet of an export converted to .xls
restores what the printed form cannot show, as for .xlsx.

xlrd reads every sheet whole when it opens a file: an .xls of 1.4 million
cells took 12 s. So the workbook stream is scanned first (`count_cells`: the
record headers only, no cell decoded) and a file with more cells than an
.xlsx may have (MAX_XLS_CELLS, empty formatted cells included) is refused
before xlrd reads it.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

from model.oserror import cannot_read

from .grid import EMPTY, MAX_COLUMNS, MAX_ROWS, Cell, Grid, GridError, Workbook, input_size, merge_map, value_cell
from .limits import MAX_XLS_CELLS

__all__ = ["read_xls", "count_cells"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# BIFF8 records of one cell each: FORMULA, LABELSST, BLANK, NUMBER, LABEL, BOOLERR, RK
_ONE_CELL = frozenset((0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E))
_MULRK, _MULBLANK = 0x00BD, 0x00BE  # several cells: 6 bytes of row and columns, 6 (2) a cell


def count_cells(stream: bytes | memoryview, start: int, end: int, limit: int) -> int:
    """Cell records in the BIFF stream `stream[start:end]`, counting up to just
    past `limit` (a MULRK or MULBLANK record counts each of its cells)."""
    header = struct.Struct("<HH").unpack_from
    cells = 0
    pos = start
    while pos + 4 <= end and cells <= limit:
        kind, size = header(stream, pos)
        pos += 4
        if kind in _ONE_CELL:
            cells += 1
        elif kind == _MULRK:
            cells += max(0, size - 6) // 6
        elif kind == _MULBLANK:
            cells += max(0, size - 6) // 2
        pos += size
    return cells


def _check_cells(data: bytes) -> None:
    """Refuse a workbook of more cells than MAX_XLS_CELLS before xlrd reads it."""
    from xlrd import compdoc

    try:
        with open(os.devnull, "w") as log:
            doc = compdoc.CompDoc(data, logfile=log)
            stream, start, size = doc.locate_named_stream("Workbook")
            if stream is None:
                stream, start, size = doc.locate_named_stream("Book")
    except Exception:  # noqa: BLE001 - damaged: xlrd says so when it opens the file
        return
    if stream is None:
        return
    cells = count_cells(stream, start, start + size, MAX_XLS_CELLS)
    if cells > MAX_XLS_CELLS:
        raise GridError(f"工作簿的单元格超过 {MAX_XLS_CELLS:,} 个，超过上限；这不像一份自评表。"
                        "请在 WPS 或 Excel 中只保留自评表所在的工作表，另存为新的 .xlsx 后再导入。")


def read_xls(path: str | os.PathLike[str]) -> Workbook:
    """Every sheet of an .xls file. Raises GridError with a Chinese message."""
    p = Path(path)
    input_size(p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise GridError(cannot_read(exc)) from None
    if not data.startswith(OLE_MAGIC):
        raise GridError("不是 .xls 文件（不是 Excel 97-2003 工作簿）；请在 WPS 或 Excel 中另存为 .xlsx 后再导入。")
    _check_cells(data)
    import xlrd

    try:
        with open(os.devnull, "w") as log:  # xlrd writes its warnings to a log file
            book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, logfile=log)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise GridError("工作簿设有打开密码（已加密）；请在 WPS 或 Excel 中取消密码后另存，再导入。") from None
        raise GridError(f"无法打开 .xls 文件（{str(exc)[:80]}）；文件可能已损坏，请用 WPS 或 Excel 另存为 .xlsx 后再导入。"
                        ) from None
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on damaged files
        raise GridError(f"无法打开 .xls 文件（{type(exc).__name__}）；文件可能已损坏，"
                        "请用 WPS 或 Excel 另存为 .xlsx 后再导入。") from None
    try:
        sheets: list[tuple[str, Grid, bool]] = []
        hidden: list[str] | None = None
        for sheet in book.sheets():
            if sheet.name == "jixiao":
                hidden = [str(sheet.cell_value(r, 0)) if sheet.row_len(r) else "" for r in range(sheet.nrows)]
                continue
            sheets.append((sheet.name, _sheet_grid(book, sheet), sheet.visibility == 0))
    except GridError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged records
        raise GridError(f"无法读取 .xls 文件的内容（{type(exc).__name__}）；文件可能已损坏。") from None
    finally:
        book.release_resources()
    return Workbook(sheets, hidden)


def _sheet_grid(book: Any, sheet: Any) -> Grid:
    import xlrd

    if sheet.nrows > MAX_ROWS:
        raise GridError(f"工作表“{sheet.name}”行数过多（{sheet.nrows} 行，上限 {MAX_ROWS} 行）。")
    formats: dict[int, str] = {}
    rows: list[list[Cell]] = []
    for r in range(sheet.nrows):
        cells: list[Cell] = []
        for c in range(min(sheet.row_len(r), MAX_COLUMNS)):
            ctype = sheet.cell_type(r, c)
            value = sheet.cell_value(r, c)
            if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                cells.append(EMPTY)
            elif ctype == xlrd.XL_CELL_NUMBER:
                xf = sheet.cell_xf_index(r, c)
                if xf not in formats:
                    fmt = book.format_map.get(book.xf_list[xf].format_key)
                    formats[xf] = fmt.format_str if fmt is not None else ""
                cells.append(value_cell(value, formats[xf]))
            elif ctype == xlrd.XL_CELL_DATE:
                try:
                    cells.append(value_cell(xlrd.xldate_as_datetime(value, book.datemode)))
                except (ValueError, OverflowError, xlrd.XLDateError):
                    cells.append(value_cell(value))
            elif ctype == xlrd.XL_CELL_BOOLEAN:
                cells.append(Cell(bool(value)))
            elif ctype == xlrd.XL_CELL_ERROR:
                cells.append(Cell(xlrd.error_text_from_code.get(value, "#ERROR")))
            else:
                cells.append(Cell(str(value)))
        while cells and cells[-1].empty:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    ranges = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in sheet.merged_cells if r2 > r1 and c2 > c1]
    return Grid(rows, source="xls", name=sheet.name, merges=merge_map(ranges))
