"""Importing a form from xlsx, CSV or tab-separated text (导入).

    result = import_file("表.xlsx")          # or import_text(pasted)
    result.document                          # a model.Document
    result.notes                             # every skipped or reinterpreted cell

A workbook jixiao exported imports back to the very same document; its edits
made in WPS or Excel are taken, and listed (see merge.py). Any other workbook,
CSV or text is read by its labels and column headers (see form.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from model import Document, Kind
from model.files import dumps_document, loads_document
from model.problems import DocumentError

from .form import read_form, validate_raw
from .grid import Grid, GridError, grid_from_csv, grid_from_text, read_workbook
from .layout import FINDINGS_SHEET, FORM_SHEET, LAYOUT_VERSION, render
from .notes import Note, NoteKind
from .text import read_csv_form
from .xlsx import DATA_MARKER, decode_hidden

__all__ = ["ImportResult", "ImportFailed", "import_file", "import_text", "import_grid", "SUFFIXES"]

SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".txt": "text", ".tsv": "text", ".tab": "text"}


class ImportFailed(Exception):
    """The input cannot be imported at all; `str()` is a Chinese message."""


@dataclass
class ImportResult:
    document: Document
    notes: list[Note] = field(default_factory=list)
    source: str = "text"  # "xlsx", "csv" or "text"
    sheet: str | None = None  # the sheet read, for xlsx
    restored: bool = False  # a jixiao export: hidden data restored what the form cannot show

    @property
    def warnings(self) -> list[Note]:
        """Notes about cells not taken literally or not taken at all."""
        return [n for n in self.notes if n.is_warning]

    @property
    def empty(self) -> bool:
        """Nothing of a form was found."""
        d = self.document
        return not (d.goals or d.unit or d.project_name or d.execution.budget is not None
                    or d.execution.spent is not None or d.title)


def import_grid(grid: Grid, kind: Kind | None = None, source: str = "") -> ImportResult:
    reading = read_csv_form(grid, kind) or read_form(grid, kind)
    notes = list(reading.notes)
    if not reading.kind_found and kind is None:
        notes.append(Note(NoteKind.info, "表中没有能判断表类型的栏目，按部门整体支出绩效自评表读入"))
    try:
        doc = validate_raw(reading.raw, notes, source or grid.name)
    except DocumentError as err:
        raise ImportFailed("读入的内容不是有效的自评表，未生成文件："
                           + "；".join(p.message for p in err.problems[:5])) from None
    return _writable(ImportResult(doc, notes, grid.source))


def _writable(result: ImportResult) -> ImportResult:
    """The result as the file saving it would load, or ImportFailed when `jixiao check`
    would refuse that file (too large, too many rows): an import never makes such a form.
    The model's own loader decides, on the very text a save writes."""
    text = dumps_document(result.document)
    try:
        result.document = loads_document(text.encode("utf-8"), source="导入的表")
    except DocumentError as err:
        raise ImportFailed("读入的内容超出一份自评表的上限，未生成文件："
                           + "；".join(p.message for p in err.problems[:5])
                           + "。请把表格分成几份导入，或删减过长的文字。") from None
    return result


def import_text(text: str, *, kind: Kind | None = None, name: str = "粘贴的文本") -> ImportResult:
    """A form from tab-separated text (copied from WPS, Word or Excel)."""
    try:
        grid = grid_from_text(text, name)
    except GridError as err:
        raise ImportFailed(str(err)) from None
    return import_grid(grid, kind, name)


def import_file(path: str | os.PathLike[str], *, kind: Kind | None = None,
                sheet: str | None = None) -> ImportResult:
    """A form from an .xlsx, .csv or text file."""
    p = Path(path)
    fmt = SUFFIXES.get(p.suffix.lower(), "text")
    if p.suffix.lower() == ".xls":
        raise ImportFailed("这是旧版 Excel（.xls）文件；请在 WPS 或 Excel 中另存为 .xlsx 后再导入。")
    if fmt == "xlsx":
        return _import_xlsx(p, kind, sheet)
    data = _read_bytes(p)
    if data[:2] == b"PK":
        return _import_xlsx(p, kind, sheet)
    if fmt == "csv":
        try:
            grid = grid_from_csv(data, p.name)
        except GridError as err:
            raise ImportFailed(str(err)) from None
        return import_grid(grid, kind, str(p))
    notes: list[Note] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
        notes.append(Note(NoteKind.converted, "文件不是 UTF-8 编码，按 GBK（GB18030）读入"))
    if "\x00" in text:
        raise ImportFailed("文件含有空字符，不是文本文件；表格请保存为 .xlsx 或 .csv。")
    result = import_text(text, kind=kind, name=p.name)
    result.notes[:0] = notes
    return result


def _read_bytes(p: Path) -> bytes:
    from .grid import MAX_INPUT_BYTES

    try:
        if p.is_dir():
            raise ImportFailed("这是一个文件夹，不是表格文件。")
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise ImportFailed(f"文件过大（{size} 字节，上限 {MAX_INPUT_BYTES} 字节）。")
        return p.read_bytes()
    except FileNotFoundError:
        raise ImportFailed("文件不存在；请检查路径。") from None
    except OSError as exc:
        raise ImportFailed(f"无法读取文件：{exc.strerror or exc}") from None


def _import_xlsx(p: Path, kind: Kind | None, sheet: str | None) -> ImportResult:
    try:
        wb = read_workbook(p)
    except GridError as err:
        raise ImportFailed(str(err)) from None
    names = [name for name, _, _ in wb.sheets]
    notes: list[Note] = []
    if sheet is not None:
        chosen = next(((n, g) for n, g, _ in wb.sheets if n == sheet), None)
        if chosen is None:
            raise ImportFailed(f"没有名为“{sheet}”的工作表；工作表有：{'、'.join(names) or '（无）'}")
    else:
        chosen = next(((n, g) for n, g, _ in wb.sheets if n == FORM_SHEET), None)
        if chosen is None:
            chosen = next(((n, g) for n, g, vis in wb.sheets if vis), None)
        if chosen is None:
            raise ImportFailed("工作簿中没有可读的工作表。")
    name, grid = chosen
    if name in wb.refused:
        raise ImportFailed(wb.refused[name])
    others = [n for n in names if n != name and n != FINDINGS_SHEET]
    if others:
        notes.append(Note(NoteKind.info, f"读取工作表“{name}”；其他工作表未读入：{'、'.join(others)}"
                                         "（可用 --sheet 指定）"))
    result = import_grid(grid, kind, f"{p.name}:{name}")
    result.sheet = name
    result.notes[:0] = notes
    if name == FORM_SHEET and wb.hidden_data:
        _restore(result, wb.hidden_data, kind)
    return result


def _restore(result: ImportResult, hidden: list[str], kind: Kind | None) -> None:
    """Use the hidden copy of the saved form for what the sheet cannot show."""
    from .merge import merge_documents

    if len(hidden) < 4 or hidden[0] != DATA_MARKER:
        return
    if hidden[1] != LAYOUT_VERSION:
        result.notes.append(Note(NoteKind.info, f"工作簿由另一版本的 jixiao 导出（格式 {hidden[1]}），"
                                                "只按表中显示的内容读入"))
        return
    text = decode_hidden("".join(hidden[3:]))
    try:
        orig = loads_document(text.encode("utf-8"), source="隐藏工作表 jixiao")
    except DocumentError:
        result.notes.append(Note(NoteKind.info, "隐藏工作表 jixiao 已损坏，只按表中显示的内容读入"))
        return
    shown_notes: list[Note] = []
    shown = validate_raw(read_form(render(orig).to_grid(), kind).raw, shown_notes, "")
    doc, edits = merge_documents(orig, shown, result.document)
    result.document = doc
    _writable(result)
    result.restored = True
    if not edits:
        result.notes = [n for n in result.notes if n.kind is NoteKind.info and "工作表" in n.message]
        return
    # notes about reading the visible cells are only news where the sheet was edited;
    # keep the reading notes that the export itself did not cause
    shown_keys = {(n.kind, n.message) for n in shown_notes}
    result.notes = [n for n in result.notes if (n.kind, n.message) not in shown_keys] + edits

