"""Importing forms from Word, Excel, CSV or text (导入).

    result = import_file("表.docx")          # .docx .xlsx .xls .csv .txt; or import_text(pasted)
    result.document                          # a model.Document
    result.notes                             # every skipped or reinterpreted cell, with its place
    result.forms                             # every form the input holds (FormInfo), in order

    results = import_forms("表.docx")        # one ImportResult per form (a department form and
                                             # its project forms in one document)

A workbook jixiao exported (.xlsx, or converted to .xls) imports back to the
very same document; its edits made in WPS or Excel are taken, and listed (see
merge.py). Any other input is read by its labels and column headers (see
form.py): Word tables with their merged cells (word.py), old .xls workbooks
(xls.py), tab-separated text, and text with one table cell per line as
document-to-text converters write it (grid.py). Every import ends with the
total printed on the form beside the total computed after import.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from model import Document, Kind
from model.files import dumps_document, loads_document
from model.oserror import cannot_read
from model.problems import DocumentError
from model.regular import NOT_REGULAR, NotRegularFile, open_regular

from .form import FormReading, read_form, read_forms, validate_raw
from .grid import (
    MAX_INPUT_BYTES,
    Grid,
    GridError,
    Workbook,
    decode_input,
    grid_from_cell_lines,
    grid_from_csv,
    grid_from_text,
    looks_like_cell_lines,
    read_workbook,
)
from .layout import FINDINGS_SHEET, FORM_SHEET, LAYOUT_VERSION, render
from .notes import Note, NoteKind
from .text import read_csv_form
from .xlsx import DATA_MARKER, decode_hidden

__all__ = ["ImportResult", "ImportFailed", "FormInfo", "import_file", "import_forms", "import_text",
           "import_text_forms", "import_grid", "total_note", "SUFFIXES", "REFUSED"]

# The files `import_file` reads, by extension (the content decides in the end: a .docx
# renamed .doc is still read). The app's file filters use these keys.
SUFFIXES = {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv",
            ".txt": "text", ".tsv": "text", ".tab": "text"}
# Files that cannot be read, and what to do instead.
REFUSED = {
    ".doc": "这是 Word 97-2003 文档（.doc），无法直接读取；请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx）后再导入。",
    ".wps": "这是 WPS 文字文档（.wps），无法直接读取；请在 WPS 中“另存为” Word 文档（.docx）后再导入。",
    ".et": "这是 WPS 表格文档（.et），无法直接读取；请在 WPS 中“另存为” Excel 工作簿（.xlsx）后再导入。",
    ".pdf": "PDF 文件无法直接导入；请在 WPS 中把 PDF 转为 Word（.docx），或复制其中的表格文字后再导入。",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


class ImportFailed(Exception):
    """The input cannot be imported at all; `str()` is a Chinese message."""


@dataclass(frozen=True)
class FormInfo:
    """One form found in the input (for `jixiao import --list`)."""

    index: int  # 1-based, as `--form N` picks it
    kind: Kind
    name: str
    where: str  # the place of its first row (`第 68 行`, `第 12 段`)
    indicators: int

    def __str__(self) -> str:
        at = f"{self.where}起，" if self.where else ""
        return f"{self.index}. {self.kind.label}：{self.name}（{at}{self.indicators} 个指标）"


@dataclass
class ImportResult:
    document: Document
    notes: list[Note] = field(default_factory=list)
    source: str = "text"  # "docx", "xlsx", "xls", "csv" or "text"
    sheet: str | None = None  # the sheet read, for xlsx and xls
    restored: bool = False  # a jixiao export: hidden data restored what the form cannot show
    forms: list[FormInfo] = field(default_factory=list)  # every form of the input
    form: int = 1  # which of `forms` this is
    tables: str = ""  # the tables the input holds, in Chinese (for the message when none is a form)

    @property
    def warnings(self) -> list[Note]:
        """Notes about cells not taken literally or not taken at all."""
        return [n for n in self.notes if n.is_warning]

    @property
    def not_a_form(self) -> str:
        """The message for an input with no form in it: which tables were found, and
        what was looked for; nothing is written."""
        return f"没有找到自评表的内容。{self.tables or '文件中没有表格'}。{LOOKED_FOR}；未生成文件。"

    @property
    def empty(self) -> bool:
        """Nothing of a form was found: no labels (单位名称, 项目名称), execution
        figures or indicator table. A title alone (any first line of a document)
        is no form."""
        d = self.document
        return not (d.goals or d.unit or d.project_name or d.execution.budget is not None
                    or d.execution.spent is not None)


@dataclass
class _Input:
    grid: Grid
    notes: list[Note]  # about reading the input itself (encoding, sheet, nested tables)
    source: str
    label: str  # for validation messages
    sheet: str | None = None
    hidden: list[str] | None = None  # column A of a jixiao export's hidden sheet


# -- entry points ---------------------------------------------------------------------


def import_file(path: str | os.PathLike[str], *, kind: Kind | None = None, sheet: str | None = None,
                form: int | None = None) -> ImportResult:
    """The form in a .docx, .xlsx, .xls, .csv or text file; with several forms in the
    input, the `form`-th (1-based), by default the first, noting the others."""
    return _pick(_results(_read_input(Path(path), sheet), kind), form)


def import_forms(path: str | os.PathLike[str], *, kind: Kind | None = None,
                 sheet: str | None = None) -> list[ImportResult]:
    """Every form in the input, in order (one result each)."""
    return _results(_read_input(Path(path), sheet), kind)


def import_text(text: str | bytes, *, kind: Kind | None = None, name: str = "粘贴的文本",
                form: int | None = None) -> ImportResult:
    """A form from text: tab-separated (copied from WPS, Word or Excel), or one cell per
    line (as converters take Word tables out of a document). Bytes (standard input)
    are decoded as a text file's are: UTF-8, UTF-16 with its mark, or GBK (noted)."""
    return _pick(_results(_given_text(text, name), kind), form)


def import_text_forms(text: str | bytes, *, kind: Kind | None = None,
                      name: str = "粘贴的文本") -> list[ImportResult]:
    """Every form in the text, in order."""
    return _results(_given_text(text, name), kind)


def import_grid(grid: Grid, kind: Kind | None = None, source: str = "") -> ImportResult:
    """The first form of a grid."""
    return _pick(_results(_Input(grid, [], grid.source, source or grid.name), kind), None)


# -- reading the input -------------------------------------------------------------------


def _text_input(text: str, name: str, notes: list[Note]) -> _Input:
    try:
        if looks_like_cell_lines(text):
            grid = grid_from_cell_lines(text, name)
            notes = notes + [Note(NoteKind.info, "按“每个单元格一行”的转换文本读入（以制表符开头的行是单元格，"
                                                 "空行分隔表格行）")]
        else:
            grid = grid_from_text(text, name)
    except GridError as err:
        raise ImportFailed(str(err)) from None
    return _Input(grid, notes, "text", name)


def _given_text(text: str | bytes, name: str) -> _Input:
    return _decoded_input(text, name) if isinstance(text, bytes) else _text_input(text, name, [])


def _decoded_input(data: bytes, name: str) -> _Input:
    """The bytes of a text file or of standard input: UTF-8, UTF-16 with its
    mark, or GBK (noted); one decoding for both."""
    if len(data) > MAX_INPUT_BYTES:
        raise ImportFailed(f"输入过大（超过 {MAX_INPUT_BYTES} 字节）；自评表文件通常不到 1 MB。")
    try:
        text, gbk = decode_input(data)
    except GridError as err:
        raise ImportFailed(str(err)) from None
    if "\x00" in text:
        raise ImportFailed("文件含有空字符，不是文本文件；表格请保存为 .xlsx、.docx 或 .csv。")
    return _text_input(text, name, [Note(NoteKind.converted, gbk)] if gbk else [])


def _stat(p: Path) -> int:
    try:
        if p.is_dir():
            raise ImportFailed("这是一个文件夹，不是表格文件。")
        return p.stat().st_size
    except OSError as exc:
        raise ImportFailed(cannot_read(exc)) from None


def _read_bytes(p: Path, limit: int | None = None) -> bytes:
    size = _stat(p)
    if size > MAX_INPUT_BYTES:
        raise ImportFailed(f"文件过大（{size} 字节，上限 {MAX_INPUT_BYTES} 字节）；自评表文件通常不到 1 MB。")
    try:  # a pipe or device planted at the name is refused, never waited for
        with open(open_regular(p), "rb") as fh:
            return fh.read(limit) if limit is not None else fh.read()
    except NotRegularFile:
        raise ImportFailed(f"{NOT_REGULAR}（可导入 .xlsx、.xls、.docx、.csv、.txt 文件）。") from None
    except OSError as exc:
        raise ImportFailed(cannot_read(exc)) from None


def _zip_kind(p: Path) -> str | None:
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def _ole_kind(p: Path) -> str:
    """What an Office 97-2003 (OLE) file holds, by the names of its streams."""
    data = _read_bytes(p)
    if _utf16("EncryptedPackage") in data:
        return "encrypted"
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    return "other"


def _read_input(p: Path, sheet: str | None) -> _Input:
    ext = p.suffix.lower()
    head = _read_bytes(p, 8)
    if head.startswith(b"PK"):
        what = _zip_kind(p) or SUFFIXES.get(ext)
        if what == "docx":
            return _docx_input(p)
        if what in ("xlsx", None):
            return _workbook_input(p, sheet, "xlsx")
        raise ImportFailed("文件内容是压缩包，但不是 Word 或 Excel 文档；请另存为 .docx 或 .xlsx 后再导入。")
    if head.startswith(_OLE):
        what = _ole_kind(p)
        if what == "encrypted":
            raise ImportFailed("文件设有打开密码（已加密），无法读取；请在 Word、WPS 或 Excel 中取消密码后另存，再导入。")
        if what == "doc":
            raise ImportFailed(REFUSED[".doc"])
        if what == "xls":
            return _workbook_input(p, sheet, "xls")
        raise ImportFailed("这是旧版 Office（97-2003）格式的文件，但其中找不到 Excel 工作簿或 Word 文档，文件可能已损坏；"
                           "请用 WPS、Excel 或 Word 打开后另存为 .xlsx 或 .docx 再导入。")
    if ext in REFUSED:
        raise ImportFailed(REFUSED[ext])
    fmt = SUFFIXES.get(ext, "text")
    if fmt == "docx":
        raise ImportFailed("不是有效的 .docx 文件（内容不是 Word 文档，可能已损坏）；请用 Word 或 WPS 打开后重新保存为 .docx。")
    if fmt in ("xlsx", "xls"):
        return _workbook_input(p, sheet, fmt)
    data = _read_bytes(p)
    if fmt == "csv":
        try:
            grid = grid_from_csv(data, p.name)
        except GridError as err:
            raise ImportFailed(str(err)) from None
        return _Input(grid, [], "csv", str(p))
    return _decoded_input(data, p.name)


def _docx_input(p: Path) -> _Input:
    from .docxread import read_docx

    try:
        grid, notes = read_docx(p)
    except GridError as err:
        raise ImportFailed(str(err)) from None
    if not grid.rows:
        raise ImportFailed("Word 文档是空的，没有自评表。")
    return _Input(grid, notes, "docx", p.name)


def _workbook_input(p: Path, sheet: str | None, fmt: str) -> _Input:
    try:
        if fmt == "xls":
            from .xls import read_xls

            wb: Workbook = read_xls(p)
        else:
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
    if name in wb.refused:  # over a limit: an error only for the sheet being imported
        raise ImportFailed(wb.refused[name])
    others = [n for n in names if n != name and n != FINDINGS_SHEET]
    if others:
        notes.append(Note(NoteKind.info, f"读取工作表“{name}”；其他工作表未读入：{'、'.join(others)}"
                                         "（可用 --sheet 指定）"))
    hidden = wb.hidden_data if name == FORM_SHEET else None
    return _Input(grid, notes, fmt, f"{p.name}:{name}", name, hidden)


# -- forms ---------------------------------------------------------------------------------


LOOKED_FOR = ("要找的是：单位名称、项目名称等表头栏目，预算执行（预算数、执行数），或指标表"
              "（列标题如 一级指标、三级指标 / 指标名称、年度指标值、实际完成值、分值、得分）")


def describe_tables(grid: Grid, limit: int = 5) -> str:
    """The tables of a grid as a person would list them: where, how many rows and
    columns, and the first row (`表 1：3 行 3 列，首行“姓名 | 单位 | 电话”`)."""
    groups: dict[str, list[int]] = {}
    for r in range(grid.height):
        cells = grid.nonempty(r)
        if len(cells) < 2 or grid.is_paragraph(r):
            continue
        groups.setdefault(grid.container(r) or "", []).append(r)
    if not groups:
        return ""
    parts = []
    for name, rows in list(groups.items())[:limit]:
        width = max(len(grid.nonempty(r)) for r in rows)
        first = " | ".join(grid.text(rows[0], c)[:12] for c in grid.nonempty(rows[0])[:6])
        where = name if grid.container(rows[0]) else f"{grid.ref(rows[0])}起"
        parts.append(f"{where}：{len(rows)} 行 {width} 列，首行“{first}”")
    more = f"等 {len(groups)} 张" if len(groups) > limit else ""
    return f"找到的表格{more}：" + "；".join(parts)


def _is_form(reading: FormReading) -> bool:
    raw = reading.raw
    return bool(raw.get("goals") or raw.get("execution") or raw.get("unit") or raw.get("project_name"))


def _results(inp: _Input, kind: Kind | None) -> list[ImportResult]:
    csv_form = read_csv_form(inp.grid, kind) if inp.source == "csv" else None
    if csv_form is not None:
        readings = [csv_form]
    elif inp.hidden:  # a workbook jixiao exported holds one form, whatever its cells say
        readings = [read_form(inp.grid, kind)]
    else:
        readings = read_forms(inp.grid, kind)
    # a title with nothing of a form after it (a heading) is no form: its rows are listed
    kept: list[FormReading] = []
    for reading in readings:
        if kept and not _is_form(reading):
            kept[-1].notes.append(Note(NoteKind.skipped_row, f"标题“{reading.raw.get('title', '')[:30]}”之后没有自评表的内容，"
                                                             "不作为一张表导入", reading.start + 1, None,
                                       inp.grid.ref(reading.start)))
            kept[-1].notes.extend(reading.notes)
            continue
        kept.append(reading)
    results: list[ImportResult] = []
    for reading in kept:
        notes = list(inp.notes) + reading.notes
        if not reading.kind_found and kind is None:
            notes.append(Note(NoteKind.info, "表中没有能判断表类型的栏目，按部门整体支出绩效自评表读入"))
        try:
            doc = validate_raw(reading.raw, notes, inp.label)
        except DocumentError as err:  # pragma: no cover - validate_raw drops bad values
            raise ImportFailed("读入的内容不是有效的自评表：" + err.summary()) from None
        results.append(ImportResult(doc, notes, inp.source, inp.sheet))
    infos = [FormInfo(i + 1, r.document.kind, r.document.display_name,
                      inp.grid.ref(reading.start) if len(kept) > 1 else "",
                      sum(1 for _ in r.document.iter_indicators()))
             for i, (r, reading) in enumerate(zip(results, kept))]
    tables = describe_tables(inp.grid)
    for i, r in enumerate(results):
        r.forms, r.form, r.tables = infos, i + 1, tables
    if len(results) == 1 and inp.hidden:
        _restore(results[0], inp.hidden, kind)
    for r in results:
        _writable(r)
        if not r.restored or r.notes:
            r.notes.append(total_note(r.document))
    return results


def _writable(result: ImportResult) -> ImportResult:
    """The result as the file saving it would load, or ImportFailed when `jixiao check`
    would refuse that file (too large, too many rows): an import never makes such a form.
    The model's own loader decides, on the very text a save writes."""
    text = dumps_document(result.document)
    try:
        result.document = loads_document(text.encode("utf-8"), source="导入的表")
    except DocumentError as err:
        raise ImportFailed("读入的内容超出一份自评表的上限，未生成文件："
                           + err.summary(5)
                           + "。请把表格分成几份导入，或删减过长的文字。") from None
    return result


def _pick(results: list[ImportResult], form: int | None) -> ImportResult:
    if form is not None and not 1 <= form <= len(results):
        listing = "；".join(str(f) for f in results[0].forms)
        raise ImportFailed(f"没有第 {form} 张表：其中共有 {len(results)} 张（{listing}）。")
    chosen = results[(form or 1) - 1]
    if len(results) > 1:
        others = "、".join(f"第 {f.index} 张“{f.name}”（{f.where}起）" for f in chosen.forms if f.index != chosen.form)
        here = chosen.forms[chosen.form - 1]
        next_form = chosen.forms[chosen.form] if chosen.form < len(chosen.forms) else None
        chosen.notes.insert(0, Note(
            NoteKind.skipped_row,
            f"其中共有 {len(results)} 张表，导入的是第 {here.index} 张“{here.name}”；其余 {len(results) - 1} 张未导入："
            f"{others}。"
            "命令行可用 --form N 选择其中一张，或用 -o 文件夹 把每张表各存为一个文件",
            None if next_form is None else _row_of(next_form), None, next_form.where if next_form else ""))
    return chosen


def _row_of(info: FormInfo) -> int | None:
    m = re.match(r"^第 (\d+) 行", info.where)
    return int(m.group(1)) if m else None


def total_note(doc: Document) -> Note:
    """`表上总分 93，导入后计算得 93`: the printed total beside the computed one."""
    from scoring import score_document
    from scoring.rules import fmt

    from .layout import has_scores

    result = score_document(doc)
    label = "总分" if doc.kind is Kind.department else "自评得分"
    computed = f"导入后计算得 {fmt(result.total)}（{result.grade}）" if has_scores(result) else "导入后没有可计算的得分（未评分）"
    if doc.declared_total is None:
        return Note(NoteKind.info, f"表上没有{label}，{computed}")
    text = f"表上{label} {fmt(doc.declared_total)}，{computed}"
    if has_scores(result) and doc.declared_total != result.total:
        text += f"；相差 {fmt(doc.declared_total - result.total)}，见检查结果"
    return Note(NoteKind.info, text)


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
        orig = loads_document(text, source="隐藏工作表 jixiao")
    except DocumentError:
        result.notes.append(Note(NoteKind.info, "隐藏工作表 jixiao 已损坏，只按表中显示的内容读入"))
        return
    shown_notes: list[Note] = []
    shown = validate_raw(read_form(render(orig).to_grid(), kind).raw, shown_notes, "")
    doc, edits = merge_documents(orig, shown, result.document)
    result.document = doc
    result.restored = True
    if not edits:
        result.notes = [n for n in result.notes if n.kind is NoteKind.info and "工作表" in n.message]
        return
    # notes about reading the visible cells are only news where the sheet was edited;
    # keep the reading notes that the export itself did not cause
    shown_keys = {(n.kind, n.message) for n in shown_notes}
    result.notes = [n for n in result.notes if (n.kind, n.message) not in shown_keys] + edits
