"""Writing the form as an xlsx workbook (xlsxwriter).

Sheet 1 (自评表): the filled form in the official layout (`layout.render`):
宋体, borders, merged 一级/二级 cells, column widths that fit, A4 landscape,
title rows repeated on every printed page, page numbers in the footer.
Sheet 2 (问题清单, hidden so that it is not printed with the form): the
findings of `scoring.score_document`.
Sheet 3 (jixiao, hidden): the saved form itself, so that importing the
workbook again restores what the printed form cannot show (see merge.py).
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from typing import Any

from model import Document, dumps_document
from scoring import Result, score_document
from scoring.findings import CODES
from scoring.rules import fmt

from .layout import (DATA_SHEET, FINDINGS_SHEET, FORM_SHEET, LAYOUT_VERSION, LINE_HEIGHT, MAX_CELL_TEXT, Sheet,
                     _lines, has_scores, render)

__all__ = ["xlsx_bytes", "write_xlsx", "DATA_MARKER", "CHUNK", "encode_hidden", "decode_hidden"]

DATA_MARKER = "jixiao-export"
CHUNK = 30_000  # characters of the saved form per hidden cell
FONT = "宋体"


_BASE = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}


def _format(wb: Any, **kw: Any) -> Any:
    fmt = wb.add_format({**_BASE, **kw})
    fmt.set_font_charset(134)  # GB2312: lets Excel pick the CJK font on Windows
    return fmt


def typed_places(value: Decimal) -> int:
    """Decimal places to show for a figure typed with trailing zeros
    (138.40: 2), 0 for any other (the General format shows it as it is)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0 or not value.is_finite():
        return 0
    text = format(value, "f")
    return -exponent if text.endswith("0") else 0


def _number_format(wb: Any, fmts: dict[str, Any], style: str, value: Any, places: int | None = None) -> Any:
    """A number cell's format: a figure typed as 138.40 keeps its two
    decimals in WPS and Excel (0.00), the others show as General; a rate
    printed as 100% keeps its decimals (0%), a computed one shows two (0.00%)."""
    if style == "percent" and places is not None:
        key = f"percent:{places}"
        if key not in fmts:
            fmts[key] = _format(wb, **{**_STYLES["percent"], "num_format": "0" + ("." + "0" * places if places else "") + "%"})
        return fmts[key]
    if style not in ("number", "number_bold") or not isinstance(value, Decimal):
        return fmts[style]
    places = min(typed_places(value), 10)
    if not places:
        return fmts[style]
    key = f"{style}:{places}"
    if key not in fmts:
        fmts[key] = _format(wb, align="center", bold=style == "number_bold",
                            num_format="0." + "0" * places, border=1)
    return fmts[key]


_BORDER = {"border": 1}
_STYLES: dict[str, dict[str, Any]] = {  # the form sheet's cell styles (layout.SheetCell.style)
    "title": {"bold": True, "font_size": 16, "align": "center"},
    "info": {"align": "left"},
    "label": {"bold": True, "align": "center", **_BORDER},
    "header": {"bold": True, "align": "center", **_BORDER},
    "section": {"bold": True, "align": "center", **_BORDER},
    "goal": {"align": "left", **_BORDER},
    "text": {"align": "left", **_BORDER},
    "center": {"align": "center", **_BORDER},
    "number": {"align": "center", "num_format": "General", **_BORDER},
    "number_bold": {"align": "center", "bold": True, "num_format": "General", **_BORDER},
    "percent": {"align": "center", "num_format": "0.00%", **_BORDER},
}


def _formats(wb: Any) -> dict[str, Any]:
    border = _BORDER

    def f(**kw: Any) -> Any:
        return _format(wb, **kw)

    return {
        **{name: f(**spec) for name, spec in _STYLES.items()},
        # findings sheet
        "f_title": f(bold=True, font_size=14, align="left"),
        "f_head": f(bold=True, align="center", bg_color="#D9D9D9", **border),
        "f_text": f(align="left", **border),
        "f_center": f(align="center", **border),
        "f_error": f(align="center", bold=True, font_color="#C00000", **border),
        "f_warning": f(align="center", font_color="#9C5700", **border),
        "f_info": f(align="center", **border),
    }


def _write(ws: Any, r: int, c: int, value: Any, fmt: Any) -> None:
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, Decimal):
        ws.write_number(r, c, float(value), fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    else:
        text = str(value)
        ws.write_string(r, c, text[:MAX_CELL_TEXT], fmt)


# A label merged down this many rows or more may cross a page break; centred
# vertically it would be printed across the break, cut in two. It goes at the top.
TALL_MERGE = 5


def _top_aligned(wb: Any, fmts: dict[str, Any], style: str) -> Any:
    key = f"{style}:top"
    if key not in fmts:
        fmts[key] = _format(wb, **{**_STYLES[style], "valign": "top"})
    return fmts[key]


def _form_sheet(wb: Any, fmts: dict[str, Any], sheet: Sheet) -> None:
    ws = wb.add_worksheet(FORM_SHEET)
    for c, w in enumerate(sheet.widths):
        ws.set_column(c, c, w)
    for r, h in sheet.heights.items():
        ws.set_row(r, h)
    for (r, c), cell in sorted(sheet.cells.items()):
        fmt = _number_format(wb, fmts, cell.style, cell.value, cell.places)
        if cell.merge_to and cell.merge_to[0] - r >= TALL_MERGE:
            fmt = _top_aligned(wb, fmts, cell.style)
        if cell.merge_to:
            r2, c2 = cell.merge_to
            ws.merge_range(r, c, r2, c2, "", fmt)
        _write(ws, r, c, cell.value, fmt)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.7)
    ws.center_horizontally()
    ws.repeat_rows(*sheet.repeat_rows)
    ws.fit_to_pages(1, 0)  # as wide as one page, as many pages as needed
    ws.print_area(0, 0, sheet.nrows - 1, sheet.ncols - 1)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.hide_gridlines(0)


def _findings_sheet(wb: Any, fmts: dict[str, Any], doc: Document, result: Result) -> None:
    ws = wb.add_worksheet(FINDINGS_SHEET)
    widths = [6, 8, 24, 24, 44, 70]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.merge_range(0, 0, 0, 5, "", fmts["f_title"])
    ws.write_string(0, 0, f"问题清单：{doc.display_name}", fmts["f_title"])
    counts = result.counts()
    summary = (f"共 {len(result.findings)} 条：" + "，".join(f"{s.label} {counts[s]}" for s in counts)
               + (f"。计算总分 {fmt(result.total)}，等级 {result.grade}" if has_scores(result) else "。未评分（表中没有得分）"))
    if result.declared_total is not None:
        summary += f"；表上所填总分 {fmt(result.declared_total)}"
    ws.merge_range(1, 0, 1, 5, "", fmts["info"])
    ws.write_string(1, 0, summary, fmts["info"])
    heads = ["序号", "程度", "代码", "问题", "位置", "说明"]
    for c, h in enumerate(heads):
        ws.write_string(2, c, h, fmts["f_head"])
    for i, f in enumerate(result.findings, start=1):
        r = 2 + i
        lines = max(_lines(f.path, widths[4]), _lines(f.message, widths[5]), _lines(CODES.get(f.code, (None, ""))[1],
                                                                                       widths[3]))
        ws.set_row(r, max(18.0, lines * LINE_HEIGHT + 4))
        ws.write_number(r, 0, i, fmts["f_center"])
        ws.write_string(r, 1, f.severity.label, fmts[f"f_{f.severity.value}"])
        ws.write_string(r, 2, f.code, fmts["f_center"])
        ws.write_string(r, 3, CODES.get(f.code, (None, ""))[1], fmts["f_text"])
        ws.write_string(r, 4, f.path[:MAX_CELL_TEXT], fmts["f_text"])
        ws.write_string(r, 5, f.message[:MAX_CELL_TEXT], fmts["f_text"])
    if not result.findings:
        ws.merge_range(3, 0, 3, 5, "", fmts["f_text"])
        ws.write_string(3, 0, "没有发现问题。", fmts["f_text"])
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(2)
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C第 &P 页，共 &N 页")
    # not printed with the form: a hidden sheet is left out when the workbook
    # is printed or turned into PDF; 取消隐藏 shows it
    ws.hide()


def encode_hidden(text: str) -> str:
    """`%` and `_` percent-encoded: openpyxl mangles text that looks like `_xHHHH_`."""
    return text.replace("%", "%25").replace("_", "%5F")


def decode_hidden(text: str) -> str:
    return text.replace("%5F", "_").replace("%25", "%")


def _data_sheet(wb: Any, doc: Document) -> None:
    ws = wb.add_worksheet(DATA_SHEET)
    text = encode_hidden(dumps_document(doc))
    ws.write_string(0, 0, DATA_MARKER)
    ws.write_string(1, 0, LAYOUT_VERSION)
    ws.write_string(2, 0, "此工作表由 jixiao 生成，保存原表中不显示的信息（计分方法、定性档次、表上所填数等），"
                          "导入时用于还原；请勿修改。")
    for i in range(0, max(len(text), 1), CHUNK):
        ws.write_string(3 + i // CHUNK, 0, text[i: i + CHUNK])
    ws.hide()


def xlsx_bytes(doc: Document, result: Result | None = None) -> bytes:
    """The workbook as bytes."""
    import xlsxwriter

    res = result if result is not None else score_document(doc)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    wb.formats[0].set_font_name(FONT)  # the Normal style: empty cells in 宋体 too
    wb.set_properties({"title": doc.display_name, "creator": "jixiao", "comments": "预算绩效自评表"})
    fmts = _formats(wb)
    _form_sheet(wb, fmts, render(doc, res))
    _findings_sheet(wb, fmts, doc, res)
    _data_sheet(wb, doc)
    wb.close()
    return buf.getvalue()


def write_xlsx(doc: Document, path: str | os.PathLike[str], result: Result | None = None) -> bytes:
    """Write the workbook atomically (a half-written file never replaces a good one)."""
    from model.storage import atomic_write

    data = xlsx_bytes(doc, result)
    atomic_write(path, data)
    return data
