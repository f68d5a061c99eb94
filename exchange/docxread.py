"""Reading Word documents (.docx) as a grid, with python-docx (the Word export is exchange.word).

The body is read in order: each paragraph becomes a one-cell row (the title,
`单位名称：…  填报日期：…`, `（  2024  年度）`, goal lines, 备注), each table
its rows, with the merged cells Word stores: cells merged across (`w:gridSpan`)
and down (`w:vMerge`), and rows that start later than the first column
(`w:gridBefore`). A label written vertically (`绩\\n效\\n指\\n标`, one
character a paragraph) is one word; other line breaks inside cells are kept
and the form reader joins them in names and values (`Grid.join_lines`).
Places in messages are `表 2 第 3 行第 4 列` and `第 5 段`.

The table structure is read from python-docx's elements (`tr_lst`, `tc_lst`,
`grid_span`, `vMerge`) rather than `_Row.cells`, which walks every vertical
merge up to its first row for every cell (quadratic in the merge's height).
Sizes are checked before parsing (`exchange.ooxml.scan_package`, as for
.xlsx): the file, the size and number of the parts inside the zip, and, by a
streaming count of their XML, elements, paragraphs, table cells and how deep
tables nest.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

from model.oserror import cannot_read

from .grid import MAX_COLUMNS, MAX_ROWS, Cell, Grid, GridError, fold_vertical, input_size, merge_map
from .notes import Note, NoteKind

__all__ = ["read_docx"]


def _check_package(p: Path) -> None:
    """A Word document, within the limits of `ooxml.scan_package` (sizes and
    count of parts, XML elements, paragraphs, table cells, nesting), before
    python-docx parses any of it."""
    from .ooxml import DOCX, PackageRefused, scan_package

    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                if "xl/workbook.xml" in names:
                    raise GridError("这是 Excel 工作簿（.xlsx），不是 Word 文档；请把扩展名改为 .xlsx 后再导入。")
                raise GridError("不是 Word（.docx）文档（其中没有正文）；请在 Word 或 WPS 中另存为 .docx 后再导入。")
            scan_package(zf, DOCX)
    except PackageRefused as err:
        raise GridError(str(err)) from None
    except zipfile.BadZipFile:
        raise GridError("无法打开 .docx 文件（压缩包已损坏）；请用 Word 或 WPS 打开后重新保存为 .docx。") from None
    except OSError as exc:
        raise GridError(cannot_read(exc)) from None


def read_docx(path: str | os.PathLike[str]) -> tuple[Grid, list[Note]]:
    """The body of a .docx as a grid, and notes about what it could not hold (nested
    tables). Raises GridError (Chinese) when the file cannot be read."""
    p = Path(path)
    input_size(p, "Word 文档", "；自评表文档通常不到 1 MB，如文档中有大量图片，请另存一份只含表格的文档再导入。")
    _check_package(p)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(p))
    except PackageNotFoundError:
        raise GridError("无法打开 .docx 文件；文件可能已损坏，请用 Word 或 WPS 重新保存为 .docx。") from None
    except (KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile, OSError) as exc:
        raise GridError(f"无法打开 .docx 文件（{type(exc).__name__}）；文件可能已损坏或不是 Word 文档，"
                        "请用 Word 或 WPS 重新保存为 .docx。") from None
    except Exception as exc:  # noqa: BLE001 - lxml raises many kinds on damaged XML
        raise GridError(f"无法读取 .docx 文件的内容（{type(exc).__name__}）；文件可能已损坏，"
                        "请用 Word 或 WPS 重新保存为 .docx。") from None
    try:
        return _Reader(p.name).read(document.element.body)
    except GridError:
        raise
    except Exception as exc:  # noqa: BLE001 - a value python-docx cannot read (gridSpan="x")
        raise GridError(f"Word 文档的内容已损坏（表格或段落的属性无法识别，{type(exc).__name__}）；"
                        "请用 Word 或 WPS 打开后重新保存为 .docx，再导入。") from None


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[list[Cell]] = []
        self.refs: dict[int, str] = {}
        self.paragraphs: set[int] = set()
        self.ranges: list[list[int]] = []  # [r1, c1, r2, c2]
        self.notes: list[Note] = []
        self.tables = 0
        self.paragraph_count = 0
        self.cells = 0
        # merges down still open at the end of the last table, and the rows read since
        # (empty paragraphs only: a table that follows may continue it on the next page)
        self.open_down: dict[int, list[int]] = {}
        self.since_table: list[int] | None = None
        self.seen: set[tuple[str, ...]] = set()  # the texts of every row read, for repeated header rows

    def read(self, body: Any) -> tuple[Grid, list[Note]]:
        from docx.oxml.ns import qn

        self.qn = qn
        self._walk(body)
        while self.rows and not self.rows[-1]:
            self.rows.pop()
        grid = Grid(self.rows, source="docx", name=self.name,
                    merges=merge_map([(a, b, c, d) for a, b, c, d in self.ranges if (a, b) != (c, d)]),
                    row_refs=self.refs, paragraphs=frozenset(self.paragraphs), join_lines=True)
        return grid, self.notes

    def _walk(self, container: Any) -> None:
        qn = self.qn
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                self._table(child)
            elif child.tag in (qn("w:sdt"), qn("w:customXml")):
                content = child.find(qn("w:sdtContent"))
                self._walk(content if content is not None else child)

    def _add(self, cells: list[Cell], ref: str) -> int:
        if len(self.rows) >= MAX_ROWS:
            raise GridError(f"文档过长（超过 {MAX_ROWS} 个段落和表格行）；请另存一份只含自评表的文档再导入。")
        self.rows.append(cells)
        r = len(self.rows) - 1
        self.refs[r] = ref
        return r

    def _paragraph(self, p: Any) -> None:
        self.paragraph_count += 1
        text = _paragraph_text(p)
        r = self._add([Cell(text)] if text.strip() else [], f"第 {self.paragraph_count} 段")
        self.paragraphs.add(r)
        if text.strip():
            self.seen.add((text,))
        if self.since_table is not None:
            self.since_table = self.since_table + [r] if not text.strip() else None

    def _continued(self, tbl: Any) -> tuple[int, dict[int, list[int]]]:
        """How many header rows to leave out of a table that continues the one before it
        on a new page (jixiao's Word export, exchange.word.add_sheet_table, and forms
        people split so), and the merges it continues. Such a table follows the other
        with only empty paragraphs between, and its first rows are header rows
        (`w:tblHeader`) that repeat rows already read: the title lines, a heading row.
        Nothing of it is left out otherwise."""
        if self.since_table is None:
            return 0, {}
        qn = self.qn
        skip = 0
        for tr in tbl.tr_lst:
            props = tr.trPr
            if props is None or props.find(qn("w:tblHeader")) is None:
                break
            texts = tuple(t for t in (fold_vertical("\n".join(_paragraph_text(p) for p in tc.iterchildren(qn("w:p")))
                                                    .strip()) for tc in tr.tc_lst) if t)
            if not texts or texts not in self.seen:
                break
            skip += 1
        if not skip:
            return 0, {}
        for r in reversed(self.since_table):  # the page break's empty paragraph
            if self.rows and len(self.rows) - 1 == r and not self.rows[r]:
                self.rows.pop()
                self.refs.pop(r, None)
                self.paragraphs.discard(r)
        return skip, self.open_down

    def _cell_text(self, tc: Any, r: int, c: int) -> str:
        qn = self.qn
        lines: list[str] = []
        nested = False
        for child in tc.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(_paragraph_text(child))
            elif child.tag == qn("w:tbl"):
                nested = True
                # its own rows and cells; a table nested deeper is text in its cell (each
                # paragraph read once: walking every level's descendants took minutes at 40 deep)
                for tr in child.iterchildren(qn("w:tr")):
                    lines.append(" | ".join(_paragraph_text_all(tc2, qn)
                                            for tc2 in tr.iterchildren(qn("w:tc"))))
        text = "\n".join(lines).strip()
        if nested:
            where = f"表 {self.tables} 第 {r - self._table_first + 1} 行第 {c + 1} 列"
            self.notes.append(Note(NoteKind.reinterpreted, "单元格中嵌套的表格按文字读入（每行一行，单元格以 | 分隔）",
                                   r + 1, c + 1, where, text))
        return fold_vertical(text)

    def _table(self, tbl: Any) -> None:
        skip, open_down = self._continued(tbl)  # column -> range merged down that may continue
        self.tables += 1
        self._table_first = len(self.rows)
        for i, tr in enumerate(tbl.tr_lst, start=1):
            if i <= skip:
                continue
            r = self._add([], f"表 {self.tables} 第 {i} 行")
            row: list[Cell] = []
            col = tr.grid_before
            for tc in tr.tc_lst:
                props = tc.tcPr  # read once: span and vertical merge are both in it
                span = 1 if props is None else max(1, props.grid_span)
                merge = None if props is None else props.vMerge_val
                if col + span > MAX_COLUMNS:
                    raise GridError(f"表 {self.tables} 第 {i} 行超过 {MAX_COLUMNS} 列；不是自评表的表格。")
                while len(row) < col:
                    row.append(Cell())
                above = open_down.get(col)
                if skip and i == skip + 1 and merge != "continue" and above is not None \
                        and above[3] == col + span - 1 and col < len(self.rows[above[0]]) \
                        and self.rows[above[0]][col].value == self._cell_text(tc, r, col):
                    # the first row after the repeated ones: a label merged down from the page
                    # before, started again with its text, continues that merge
                    merge = "continue"
                    above[2] = r
                    row.extend(Cell() for _ in range(span))
                    if props is not None and props.vMerge_val != "restart":
                        open_down.pop(col, None)
                elif merge == "continue" and above is not None and above[3] == col + span - 1:
                    above[2] = r  # the cell merged down from above: Word shows the first cell's text
                    row.extend(Cell() for _ in range(span))
                else:
                    row.append(Cell(self._cell_text(tc, r, col)))
                    row.extend(Cell() for _ in range(span - 1))
                    rng = [r, col, r, col + span - 1]
                    if span > 1 or merge == "restart":
                        self.ranges.append(rng)
                    for c in range(col, col + span):
                        open_down.pop(c, None)
                    if merge == "restart":
                        open_down[col] = rng
                col += span
            while row and row[-1].empty:
                row.pop()
            self.rows[r] = row
            self.seen.add(tuple(c.value for c in row if c.value))
        self.open_down = open_down
        self.since_table = []


def _paragraph_text(p: Any) -> str:
    """The text of a paragraph as Word shows it: runs anywhere inside it (hyperlinks,
    tracked insertions, content controls), tabs as `\t`, line breaks as `\n`; deleted
    text and field codes are other elements and stay out."""
    from docx.oxml.ns import qn

    tags = _tags(qn)
    out: list[str] = []
    for el in p.iter(tags["t"], tags["tab"], tags["br"], tags["cr"]):
        if el.getparent().tag != tags["r"]:
            continue  # a tab stop of the paragraph's properties, not a tab in the text
        tag = el.tag
        out.append((el.text or "") if tag == tags["t"] else "\t" if tag == tags["tab"] else "\n")
    return "".join(out)


_TAGS: dict[str, str] = {}


def _tags(qn: Any) -> dict[str, str]:
    if not _TAGS:
        _TAGS.update({name: qn(f"w:{name}") for name in ("t", "tab", "br", "cr", "r")})
    return _TAGS


def _paragraph_text_all(tc: Any, qn: Any) -> str:
    return " ".join(_paragraph_text(p) for p in tc.iter(qn("w:p"))).strip()
