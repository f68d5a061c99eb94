"""A sheet of cells as the readers see it, from xlsx, xls, Word, CSV or pasted text.

Every source becomes a `Grid`: rows of `Cell`s (0-based inside, 1-based in
messages) and the merged ranges. Readers never touch openpyxl, xlrd or
python-docx directly, so the same reading code serves a workbook, a Word
document, a CSV file, text pasted from WPS, Word or Excel, and text a
converter took out of a Word document with one cell per line.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.oserror import cannot_read
from model.regular import NOT_REGULAR, open_regular
from model.values import format_number

from .limits import MAX_COLUMNS, MAX_GRID_CELLS, MAX_INPUT_BYTES, MAX_MERGED_CELLS, MAX_ROWS

if TYPE_CHECKING:
    from .ooxml import PackageScan

__all__ = [
    "Cell",
    "Grid",
    "GridError",
    "grid_from_text",
    "grid_from_cell_lines",
    "looks_like_cell_lines",
    "fold_vertical",
    "grid_from_csv",
    "decode_input",
    "read_workbook",
    "Workbook",
    "merge_map",
    "value_cell",
    "column_letter",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_INPUT_BYTES",
    "MAX_GRID_CELLS",
    "merge_map",
]

MAX_QUOTED_LINES = 200  # a quoted cell spanning more lines than this is not a quoted cell


class GridError(Exception):
    """The input cannot be read as a table at all (Chinese message)."""


@dataclass(frozen=True, slots=True)
class Cell:
    value: Any = None  # str, Decimal, date, bool or None
    percent: bool = False  # an xlsx number shown with a % format

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


EMPTY = Cell()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


STRUCTURED = ("xlsx", "xls", "docx")  # cells are real cells (never shifted as text out of a PDF)
SHEETS = ("xlsx", "xls")


@dataclass
class Grid:
    rows: list[list[Cell]]
    source: str = "text"  # "text", "csv", "xlsx", "xls" or "docx"
    name: str = ""  # file name or sheet name, for messages
    # (row, col) of every cell inside a merged range -> (r1, c1, r2, c2), inclusive
    merges: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)
    # Where rows come from when they are not sheet rows or lines of text: in a Word
    # document, "表 2 第 3 行" for a table row and "第 5 段" for a paragraph.
    row_refs: dict[int, str] = field(default_factory=dict)
    paragraphs: frozenset[int] = frozenset()  # rows that are paragraphs, not table rows (Word)
    # Text with one cell per line: the 0-based line of each cell, for messages.
    cell_lines: dict[tuple[int, int], int] = field(default_factory=dict)
    # Line breaks inside names and values are only layout (Word wraps by hand): the
    # readers join the lines of short fields (indicator names, targets, level names).
    join_lines: bool = False

    @property
    def structured(self) -> bool:
        """Real cells (a workbook or a Word table), not text split at tabs."""
        return self.source in STRUCTURED

    @property
    def is_sheet(self) -> bool:
        return self.source in SHEETS

    def is_paragraph(self, r: int) -> bool:
        return r in self.paragraphs

    def container(self, r: int) -> str:
        """What holds row r in a Word document: "段" for paragraphs, "表 N" for a table's
        rows; "" for every row of other sources (one container)."""
        if not self.row_refs or r not in self.row_refs:
            return ""
        return "段" if r in self.paragraphs else self.row_refs[r].split(" 第", 1)[0]

    @property
    def height(self) -> int:
        return len(self.rows)

    @cached_property
    def width(self) -> int:  # computed once: readers ask for it on every row
        return max((len(r) for r in self.rows), default=0)

    def cell(self, r: int, c: int) -> Cell:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return EMPTY

    def text(self, r: int, c: int) -> str:
        """The cell as text, stripped; '' for the hidden part of a merged range."""
        return cell_text(self.cell(r, c)).strip()

    def merge_of(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        return self.merges.get((r, c))

    def is_continuation(self, r: int, c: int) -> bool:
        """Inside a merged range but not its top-left cell."""
        m = self.merges.get((r, c))
        return m is not None and (m[0], m[1]) != (r, c)

    def ref(self, r: int, c: int | None = None) -> str:
        if c is not None and (r, c) in self.cell_lines:
            return f"第 {self.cell_lines[(r, c)] + 1} 行（表格第 {c + 1} 列）"
        if r in self.row_refs:
            base = self.row_refs[r]
            return base if c is None or r in self.paragraphs else f"{base}第 {c + 1} 列"
        if self.source == "text":
            return f"第 {r + 1} 行" + (f"第 {c + 1} 列" if c is not None else "")
        if c is None:
            return f"第 {r + 1} 行"
        return f"{column_letter(c)}{r + 1}"

    def nonempty(self, r: int) -> list[int]:
        """Columns of the row that hold something (top-left cells of merges only)."""
        if not 0 <= r < len(self.rows):
            return []
        return [c for c, cell in enumerate(self.rows[r])
                if not cell.empty and not self.is_continuation(r, c)]


def cell_text(cell: Cell) -> str:
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, Decimal):
        if cell.percent:
            return format_number(v * 100) + "%"
        return format_number(v)
    if isinstance(v, datetime):
        if v.hour or v.minute or v.second:
            return v.isoformat(sep=" ")
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return str(v)


def _too_many_rows(sheet: str) -> str:
    where = f"工作表“{sheet}”" if sheet else "表格"
    return (f"{where}超过 {MAX_ROWS:,} 行（空行也算），超过上限；一份自评表通常只有几百行。"
            "请只保留自评表的内容，分成几份导入。")


def _count_filled(row: list[Cell], filled: int, sheet: str) -> int:
    filled += sum(1 for cell in row if not cell.empty)
    if filled > MAX_GRID_CELLS:
        where = f"工作表“{sheet}”" if sheet else "表格"
        raise GridError(f"{where}中有内容的单元格超过 {MAX_GRID_CELLS:,} 个，超过上限；"
                        "请只保留自评表的内容，分成几份导入。")
    return filled


def merge_map(ranges: list[tuple[int, int, int, int]], height: int = MAX_ROWS,
              width: int = MAX_COLUMNS) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """(row, col) of every cell of the merged ranges -> its range (r1, c1, r2, c2), inclusive,
    within the used area `height` x `width` (any reader's grid: xlsx, or others that merge).

    A range is cut to the used area (a merge over a whole column covers a few
    cells, not a million) and a range given twice counts once; the cells
    covered must stay within MAX_MERGED_CELLS. Where hostile ranges overlap,
    the first one keeps a cell.
    """
    clipped: dict[tuple[int, int, int, int], None] = {}
    area = 0
    for r1, c1, r2, c2 in ranges:
        if r1 >= height or c1 >= width:
            continue
        box = (r1, c1, min(r2, height - 1), min(c2, width - 1))
        if box in clipped:
            continue
        clipped[box] = None
        area += (box[2] - r1 + 1) * (box[3] - c1 + 1)
        if area > MAX_MERGED_CELLS:
            raise GridError(f"合并单元格共覆盖超过 {MAX_MERGED_CELLS:,} 个单元格，超过上限；"
                            "文件中的合并区域互相重叠，不是正常的表格。")
    out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for box in clipped:
        r1, c1, r2, c2 = box
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out.setdefault((r, c), box)
    return out


# ---------------------------------------------------------------------------
# Pasted text


def input_size(p: Path, what: str = "表格文件", advice: str = "") -> int:
    """The size of an input file; GridError (Chinese) when it is missing, a folder, or
    over MAX_INPUT_BYTES (`advice` is added to that message). Every reader asks first."""
    try:
        if p.is_dir():
            raise GridError(f"这是一个文件夹，不是{what}。")
        st = p.stat()
    except OSError as exc:
        raise GridError(cannot_read(exc)) from None
    if not stat.S_ISREG(st.st_mode):  # a pipe would block the read that follows
        raise GridError(f"{NOT_REGULAR}。")
    size = st.st_size
    if size > MAX_INPUT_BYTES:
        raise GridError(f"文件过大（{size} 字节，上限 {MAX_INPUT_BYTES} 字节）{advice or '。'}")
    return size


def _text_lines(text: str) -> list[str]:
    """Pasted or converted text as lines: bounded, line breaks of any system, no BOM."""
    if len(text) > MAX_INPUT_BYTES:
        raise GridError(f"文本过长（{len(text)} 字符，上限 {MAX_INPUT_BYTES}）。")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.split("\n")


def _split_line(line: str) -> list[str]:
    return line.split("\t")


def grid_from_text(text: str, name: str = "粘贴的文本") -> Grid:
    """Tab-separated text as WPS, Word and Excel put on the clipboard.

    Excel and WPS wrap a cell that holds a tab, a quote or a line break in
    double quotes (doubling inner quotes); such a cell is read back as one
    cell. A quote that never closes is kept as literal text.
    """
    lines = _text_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    rows: list[list[Cell]] = []
    line_of_row: list[int] = []
    filled = 0
    i = 0
    while i < len(lines):
        cells, consumed = _read_record(lines, i)
        if len(cells) > MAX_COLUMNS:
            raise GridError(f"第 {i + 1} 行有 {len(cells)} 列，超过上限 {MAX_COLUMNS} 列。")
        rows.append([Cell(c) for c in cells])
        line_of_row.append(i)
        i += consumed
        if len(rows) > MAX_ROWS:
            raise GridError(_too_many_rows(""))
        filled = _count_filled(rows[-1], filled, "")
    grid = Grid(rows, source="text", name=name)
    # Rows are numbered by the line they start on, so messages match the text.
    if any(line != idx for idx, line in enumerate(line_of_row)):
        grid = _renumber(grid, line_of_row)
    return grid


def _renumber(grid: Grid, line_of_row: list[int]) -> Grid:
    # Insert empty rows so that row index == line index of the record's start.
    rows: list[list[Cell]] = []
    for cells, line in zip(grid.rows, line_of_row):
        while len(rows) < line:
            rows.append([])
        rows.append(cells)
    return Grid(rows, source=grid.source, name=grid.name)


def _read_record(lines: list[str], start: int) -> tuple[list[str], int]:
    """Cells of the record starting at `lines[start]`, and how many lines it used."""
    line = lines[start]
    if '"' not in line:
        return _split_line(line), 1
    cells: list[str] = []
    buf = line
    used = 1
    pos = 0
    while True:
        if pos < len(buf) and buf[pos] == '"':
            # a quoted cell: find the closing quote followed by a tab or the end
            j = pos + 1
            value: list[str] = []
            closed = False
            while True:
                if j >= len(buf):
                    if used >= MAX_QUOTED_LINES or start + used >= len(lines):
                        break
                    buf += "\n" + lines[start + used]
                    used += 1
                    continue
                ch = buf[j]
                if ch == '"':
                    if j + 1 < len(buf) and buf[j + 1] == '"':
                        value.append('"')
                        j += 2
                        continue
                    if j + 1 == len(buf) or buf[j + 1] == "\t":
                        closed = True
                        j += 1
                        break
                    break  # a quote inside the cell: not Excel quoting
                value.append(ch)
                j += 1
            if closed:
                cells.append("".join(value))
                if j >= len(buf):
                    return cells, used
                pos = j + 1  # skip the tab
                continue
            # not a well-formed quoted cell: read this line literally
            return _split_line(line), 1
        nxt = buf.find("\t", pos)
        if nxt < 0:
            cells.append(buf[pos:])
            return cells, used
        cells.append(buf[pos:nxt])
        pos = nxt + 1
        if pos == len(buf):
            cells.append("")
            return cells, used


# ---------------------------------------------------------------------------
# Converted text: one cell per line


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def fold_vertical(text: str) -> str:
    """A label written vertically (`绩\n效\n指\n标`, one character a line, as narrow
    merged cells of the official forms print it) as one word: `绩效指标`. A last line
    such as `（60分）` is kept after it. Other text (`1个\n2个`, `5\n5`) is returned
    unchanged."""
    if "\n" not in text:
        return text
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 3 or not all(len(line) == 1 for line in lines[:-1]) or not _CJK.search(lines[0]):
        return text
    return "".join(lines)


def join_lines(text: str) -> str:
    """Lines of a short field as one: `活动参与人数\n（线上&线下）` -> `活动参与人数（线上&线下）`.
    A space is kept between two Latin letters or digits that a line break separated."""
    if "\n" not in text:
        return text
    out = ""
    for line in (part.strip() for part in text.split("\n")):
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def looks_like_cell_lines(text: str) -> bool:
    """Text in which each table cell is its own line starting with a tab (as
    document-to-text converters write Word tables), not tab-separated rows."""
    tabbed = single = run = best = 0
    for line in text[:MAX_INPUT_BYTES].split("\n"):
        line = line.rstrip("\r")
        if "\t" not in line:
            run = 0
            continue
        tabbed += 1
        if line.startswith("\t") and line.count("\t") == 1:
            single += 1
            run += 1
            best = max(best, run)
        else:
            run = 0
    return tabbed >= 4 and best >= 3 and single * 10 >= tabbed * 9


def grid_from_cell_lines(text: str, name: str = "转换的文本") -> Grid:
    """Text with one table cell per line.

    Only the structure starts a cell: a line starting with a tab is a cell;
    lines after it without a tab continue that cell (its own line breaks); a
    tab alone is an empty (merged) cell; a blank line ends the row. A cell's
    own blank line stays in the cell: a blank line followed by a line without
    a tab is part of the cell (`活动参与人数` / `` / `（线上&线下）`), and the
    table goes on, while the row has fewer cells than the row above it in
    the table, or when the next cell follows that text at once. (A blank line
    inside the last cell of a full row, followed by text and a blank line,
    reads as text after the table: it cannot be told from a paragraph.) Lines outside tables are one-cell rows, as in pasted text.
    Each row sits at the index of its first line, so notes carry line
    numbers; each cell's own line is kept for messages.
    """
    lines = _text_lines(text)
    if len(lines) > MAX_ROWS * 8:
        raise GridError(f"行数过多（{len(lines)} 行，上限 {MAX_ROWS * 8} 行）。")
    reader = _CellLines(lines)
    for i, line in enumerate(lines):
        reader.line(i, line)
    reader.flush()
    rows = reader.rows
    while rows and not rows[-1]:
        rows.pop()
    return Grid(rows, source="text", name=name, cell_lines=reader.cell_lines, join_lines=True)


class _CellLines:
    """The state of `grid_from_cell_lines` while it walks the lines."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.rows: list[list[Cell]] = [[] for _ in lines]
        self.cell_lines: dict[tuple[int, int], int] = {}
        self.current: list[str] | None = None  # the cells of the row being read
        self.start = 0
        self.in_cell = False
        self.width = 0  # cells of the last row of the table being read (0: not in a table)
        self.blank = 0  # blank lines held back inside the row

    def flush(self) -> None:
        if self.current is not None:
            if len(self.current) > MAX_COLUMNS:
                raise GridError(f"第 {self.start + 1} 行起的表格行有 {len(self.current)} 个单元格（上限 {MAX_COLUMNS}）。")
            self.rows[self.start] = [Cell(fold_vertical(v)) for v in self.current]
            self.width = len(self.current)
        self.current = None
        self.blank = 0

    def _cell_goes_on(self, i: int) -> bool:
        """Whether the blank line i inside a cell is the cell's own: the text after it has
        no tab, and either the row is shorter than the row above it in the table, or the
        next cell follows the text at once (a paragraph between tables has a blank line
        after it)."""
        j = next((k for k in range(i + 1, len(self.lines)) if self.lines[k].strip()), None)
        if j is None or self.lines[j].startswith("\t"):
            return False
        if self.current is not None and len(self.current) < self.width:
            return True
        while j < len(self.lines) and not self.lines[j].startswith("\t"):
            j += 1
        return j < len(self.lines) and bool(self.lines[j - 1].strip())

    def line(self, i: int, line: str) -> None:
        if line.startswith("\t"):
            self.blank = 0
            if self.current is None:
                self.current, self.start = [], i
            self.cell_lines[(self.start, len(self.current))] = i
            self.current.append(line[1:].replace("\t", " "))
            self.in_cell = True
        elif not line.strip():
            if self.current is not None and self.in_cell and self.blank == 0 and self._cell_goes_on(i):
                self.blank = 1  # a blank line of the cell's own: the row goes on
                return
            if self.blank:
                self.blank += 1
                return
            self.flush()
            self.in_cell = False
        elif self.current is not None and self.in_cell:
            self.current[-1] = self.current[-1] + "\n" * (self.blank + 1) + line  # the cell's own line break
            self.blank = 0
        else:
            self.flush()
            self.width = 0  # text between tables: the next table has its own width
            self.rows[i] = [Cell(v) for v in line.split("\t")]
            self.in_cell = False


# ---------------------------------------------------------------------------
# CSV


GBK_NOTE = "文件不是 UTF-8 编码，按 GBK（GB18030）读入"


def decode_input(data: bytes) -> tuple[str, str]:
    """The text of a text or CSV file, and a note when it was read as GBK (else "").

    A byte order mark decides: UTF-8, or UTF-16 (what Excel's "Unicode 文本"
    and Notepad's "Unicode" write); without one, UTF-8, else GB18030 (GBK),
    which decodes any bytes (an unreadable sequence becomes U+FFFD)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            raise GridError("文件以 UTF-16（Unicode）标记开头，但内容不是完整的 UTF-16 文本，"
                            "可能已损坏；请另存为 UTF-8 后再导入。") from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), GBK_NOTE


def grid_from_csv(data: bytes, name: str) -> Grid:
    """A CSV file (UTF-8, UTF-16 with its mark, or GBK; comma or tab separated); cells exactly as
    written (jixiao's own CSV is read back by `text.read_csv_form`, which undoes its formula guard)."""
    if len(data) > MAX_INPUT_BYTES:
        raise GridError(f"文件过大（{len(data)} 字节，上限 {MAX_INPUT_BYTES} 字节）。")
    text, _note = decode_input(data)
    try:
        sample = text[:4096]
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = []
        filled = 0
        for row in reader:
            rows.append([Cell(c) for c in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS:
                raise GridError(_too_many_rows(""))
            filled = _count_filled(rows[-1], filled, "")
    except csv.Error as exc:
        raise GridError(f"CSV 格式错误：{exc}") from None
    return Grid(rows, source="csv", name=name)


# ---------------------------------------------------------------------------
# xlsx


@dataclass
class Workbook:
    """The sheets of a workbook as grids, plus jixiao's hidden data if present."""

    sheets: list[tuple[str, Grid, bool]]  # (name, grid, visible)
    hidden_data: list[str] | None  # column A of the `jixiao` sheet, or None
    # sheets over a limit (their grid is empty) -> why, in Chinese; refused if chosen
    refused: dict[str, str] = field(default_factory=dict)


def read_workbook(path: str | os.PathLike[str]) -> Workbook:
    """Read every sheet of an xlsx file. Raises GridError with a Chinese message.

    The package is checked first (`ooxml.scan_package`: zip directory and a
    streaming count of its XML against the limits), so openpyxl only ever opens
    a file whose reading is bounded; then each sheet is read row by row in
    openpyxl's read-only mode, up to MAX_ROWS rows and MAX_COLUMNS columns.
    """
    p = Path(path)
    input_size(p)
    import zipfile

    from .ooxml import PackageRefused, scan_package

    try:
        with open(open_regular(p), "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise GridError(cannot_read(exc)) from None
    if head[:4] == b"\xd0\xcf\x11\xe0":
        raise GridError("这是旧版 Excel（.xls）文件；请在 WPS 或 Excel 中另存为 .xlsx 后再导入。")
    if head[:2] != b"PK":
        raise GridError("不是 xlsx 文件（内容不是 Office Open XML）；请另存为 .xlsx 后再导入。")
    try:
        with zipfile.ZipFile(p) as zf:
            scan = scan_package(zf)
    except PackageRefused as err:
        raise GridError(str(err)) from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise GridError(f"无法打开 xlsx 文件（{type(exc).__name__}）；文件可能已损坏，请用 WPS/Excel 重新保存。") from None
    return _read_sheets(p, scan)


def _read_sheets(p: Path, scan: PackageScan) -> Workbook:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # read-only mode streams the cells and skips styling merged ranges, which
        # is most of openpyxl's time on a large form; merged ranges come from the scan
        wb = openpyxl.load_workbook(p, data_only=True, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise GridError(f"无法打开 xlsx 文件（{type(exc).__name__}）；文件可能已损坏，请用 WPS/Excel 重新保存。") from None
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise GridError(f"无法打开 xlsx 文件（{type(exc).__name__}）；文件可能已损坏。") from None
    sheets: list[tuple[str, Grid, bool]] = []
    hidden: list[str] | None = None
    refused: dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # a <dimension> that under-states the sheet would hide rows
            member = getattr(ws, "_worksheet_path", "").lstrip("/")
            last_row = scan.last_row.get(member, 0)
            if ws.title == "jixiao":
                hidden = _hidden_data(ws, last_row)
                continue
            try:
                grid = _sheet_grid(ws, scan.merges.get(member, []), last_row)
            except GridError as err:
                refused[ws.title] = str(err)
                grid = Grid([], source="xlsx", name=ws.title)
            sheets.append((ws.title, grid, ws.sheet_state == "visible"))
    except Exception as exc:  # damaged sheet XML
        raise GridError(f"无法读取 xlsx 文件的内容（{type(exc).__name__}）；文件可能已损坏。") from None
    finally:
        wb.close()
    return Workbook(sheets, hidden, refused)


def _hidden_data(ws: Any, last_row: int) -> list[str] | None:
    """Column A of jixiao's hidden sheet, or None when it holds more than any saved
    form could (the form's TOML, `%` and `_` percent-encoded: at most 3 characters a byte)."""
    from model import MAX_FILE_BYTES

    budget = 3 * MAX_FILE_BYTES + 10_000
    out: list[str] = []
    if last_row > MAX_ROWS:
        return None
    for (value,) in _rows(ws, last_row, 1, values_only=True):
        text = "" if value is None else str(value)
        budget -= len(text)
        if budget < 0:
            return None
        out.append(text)
    return out


def _rows(ws: Any, last_row: int, columns: int, values_only: bool = False) -> Any:
    """Rows 1 to `last_row` of a read-only sheet, `columns` wide; openpyxl stops
    parsing after the last one (what follows, such as the merged ranges, was scanned already)."""
    if last_row <= 0:
        return
    for n, row in enumerate(ws.iter_rows(max_row=last_row, max_col=columns, values_only=values_only), start=1):
        yield row
        if n >= last_row:
            break


def _sheet_grid(ws: Any, merged: list[tuple[int, int, int, int]], last_row: int) -> Grid:
    if last_row > MAX_ROWS:
        raise GridError(_too_many_rows(ws.title))
    rows: list[list[Cell]] = []
    filled = 0
    for row in _rows(ws, last_row, MAX_COLUMNS):
        last = len(row)
        while last and getattr(row[last - 1], "value", None) is None:
            last -= 1
        cells = [_xlsx_cell(c) for c in row[:last]]
        while cells and cells[-1].empty:
            cells.pop()
        rows.append(cells)
        filled = _count_filled(cells, filled, ws.title)
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return Grid(rows, source="xlsx", name=ws.title, merges=merge_map(merged, len(rows), width))


def _xlsx_cell(c: Any) -> Cell:
    v = getattr(c, "value", None)  # EmptyCell in read-only mode has a value of None
    return value_cell(v, getattr(c, "number_format", "") or "")


def value_cell(v: Any, number_format: str = "") -> Cell:
    """A workbook cell's value (xlsx or xls) as a Cell: numbers exact as Decimal (from the
    shortest repr of the stored double), a %-formatted number marked as percent."""
    if v is None:
        return EMPTY
    if isinstance(v, bool):
        return Cell(v)
    if isinstance(v, (int, float)):
        try:
            number = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        except InvalidOperation:  # pragma: no cover - nan/inf are not stored in xlsx
            return Cell(str(v))
        if not number.is_finite():
            return Cell(str(v))
        return Cell(number, percent="%" in number_format)
    if isinstance(v, (datetime, date)):
        return Cell(v)
    return Cell(str(v))
