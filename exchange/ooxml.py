"""The bounded first look at an Office Open XML package (.xlsx, .docx), before
openpyxl or python-docx opens it.

An .xlsx or .docx file is a zip of XML parts, and a few kilobytes of zip can
unpack to gigabytes or to millions of XML elements. openpyxl reads some of it
whole before any limit of ours could apply: every shared string when the
workbook is opened, and every sheet without a `<dimension>` to the end, to
size it; python-docx parses every XML part (styles, headers) into a tree when
the document is opened, and walking tables nested 40 deep took minutes. So
`scan_package(zf, XLSX or DOCX)` looks first, at bounded cost:

1. the zip directory: how many members, each member's uncompressed size, their
   sum, and the compression ratio of the larger ones. zipfile never returns
   more bytes than the directory declares, so these sizes bound every later read;
2. every member streamed through expat (the standard library's XML parser,
   no tree kept): XML elements in all, and for a workbook rows per sheet,
   cells, shared strings and merged ranges, for a Word document paragraphs,
   table cells and how deep tables nest, are counted, and the scan stops at
   the first limit exceeded. A document type declaration (entity
   definitions) is refused: neither ever has one. Members that are not XML
   (images) stop at their first byte. Rows are not limited here (an unused
   sheet may be long): the element count bounds what openpyxl does with
   them, and the sheet read is cut at MAX_ROWS by grid.read_workbook.

Only a package within every limit is handed to openpyxl or python-docx. The
merged ranges met on the way are returned, so that the sheet XML is not read
again for them. The limits are documented in docs/exchange.md ("Limits").
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from .limits import (MAX_ELEMENTS, MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_MERGES, MAX_PARAGRAPHS, MAX_RATIO,
                     MAX_SHARED_STRINGS, MAX_TABLE_DEPTH, MAX_UNPACKED_BYTES, MAX_XML_CELLS, RATIO_FLOOR)

__all__ = ["PackageRefused", "PackageScan", "Kind", "XLSX", "DOCX", "scan_package"]

# SpreadsheetML, transitional and strict; other parts (drawings) have elements named `row` too
_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_ROW = frozenset(f"{ns} row" for ns in _MAIN)
_CELL = frozenset(f"{ns} c" for ns in _MAIN)
_STRING = frozenset(f"{ns} si" for ns in _MAIN)
_MERGE = frozenset(f"{ns} mergeCell" for ns in _MAIN)
# WordprocessingML, transitional and strict
_WORD = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
         "http://purl.oclc.org/ooxml/wordprocessingml/main")
_PARAGRAPH = frozenset(f"{ns} p" for ns in _WORD)
_TABLE_CELL = frozenset(f"{ns} tc" for ns in _WORD)
_TABLE = frozenset(f"{ns} tbl" for ns in _WORD)
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?")
_CHUNK = 64 * 1024


class PackageRefused(Exception):
    """The package exceeds a limit or is damaged; `str()` is a Chinese message."""


@dataclass(frozen=True)
class Kind:
    """What the package is, for the messages: its name, and what to do instead."""

    name: str  # xlsx 文件, Word 文档
    advice: str
    apps: str  # the programs that re-save it
    max_ratio: int = MAX_RATIO


XLSX = Kind("xlsx 文件", "请在 WPS 或 Excel 中只保留自评表所在的工作表，另存为新的 .xlsx 后再导入。", "WPS/Excel")
# A Word table of repeated rows compresses 200 times; the sizes and counts bound the rest
DOCX = Kind("Word 文档", "自评表文档通常不到 1 MB；请在 Word 或 WPS 中另存一份只含自评表的文档后再导入。",
            "Word/WPS", max_ratio=10 * MAX_RATIO)


@dataclass
class PackageScan:
    # zip member name -> merged ranges of that sheet, 0-based and inclusive (r1, c1, r2, c2)
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    # zip member name -> number of its last <row> (1-based), for the sheets that have rows
    last_row: dict[str, int] = field(default_factory=dict)
    elements: int = 0
    cells: int = 0  # <c> of a workbook, <w:tc> of a Word document
    merge_count: int = 0
    shared_strings: int = 0
    paragraphs: int = 0


def scan_package(zf: zipfile.ZipFile, kind: Kind = XLSX) -> PackageScan:
    """Check the zip directory, then count every part's XML, stopping at the first limit."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageRefused(f"{kind.name}由 {len(infos)} 个部件组成，超过上限 {MAX_MEMBERS}；"
                             "这不像一份自评表。" + kind.advice)
    total = 0
    for info in infos:
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise PackageRefused(f"{kind.name}中有一个部件解压后 {_mb(size)}，超过上限 {_mb(MAX_MEMBER_BYTES)}。"
                                 + kind.advice)
        if size > RATIO_FLOOR and size > kind.max_ratio * max(info.compress_size, 1):
            raise PackageRefused(f"{kind.name}中有一个部件压缩了 {size // max(info.compress_size, 1)} 倍"
                                 f"（上限 {kind.max_ratio} 倍），内容异常（可能是“压缩炸弹”），未读取。")
        total += size
    if total > MAX_UNPACKED_BYTES:
        raise PackageRefused(f"{kind.name}解压后共 {_mb(total)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}。" + kind.advice)
    scan = PackageScan()
    for info in infos:
        if not info.is_dir() and info.file_size:
            _scan_member(zf, info, scan, kind)
    return scan


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size < 1024 ** 3 else f"{size / 1024 ** 3:.1f} GB"


class _Stop(Exception):
    """The member is no (more) XML: stop reading it."""


class _Counter:
    """The element handlers of one member, counting into `scan` as they go."""

    def __init__(self, scan: PackageScan, kind: Kind) -> None:
        self.scan, self.kind = scan, kind
        self.row = self.last = self.depth = 0  # the row being read, the last one; table depth
        self.merges: list[tuple[int, int, int, int]] = []

    def refuse(self, what: str, limit: int) -> None:
        raise PackageRefused(f"{what}超过 {limit:,} 个，超过上限。" + self.kind.advice)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        scan = self.scan
        scan.elements += 1
        if scan.elements > MAX_ELEMENTS:
            self.refuse(f"{self.kind.name}的内容（XML 元素）", MAX_ELEMENTS)
        if name in _CELL or name in _TABLE_CELL:
            scan.cells += 1
            if scan.cells > MAX_XML_CELLS:
                self.refuse("工作表的单元格" if self.kind is XLSX else "文档中表格的单元格", MAX_XML_CELLS)
        elif name in _PARAGRAPH:
            scan.paragraphs += 1
            if scan.paragraphs > MAX_PARAGRAPHS:
                self.refuse("文档中的段落", MAX_PARAGRAPHS)
        elif name in _TABLE:
            self.depth += 1
            if self.depth > MAX_TABLE_DEPTH:
                raise PackageRefused(f"文档中的表格嵌套超过 {MAX_TABLE_DEPTH} 层（表格里套表格），"
                                     "超过上限；自评表不会这样嵌套。" + self.kind.advice)
        elif name in _ROW:
            try:  # as openpyxl numbers rows: `r`, else one after the previous row
                self.row = int(attrs["r"][:12])
            except (KeyError, ValueError):
                self.row += 1
            self.last = max(self.last, self.row)
        elif name in _STRING:
            scan.shared_strings += 1
            if scan.shared_strings > MAX_SHARED_STRINGS:
                self.refuse("工作簿中的文字条目", MAX_SHARED_STRINGS)
        elif name in _MERGE:
            m = _REF.fullmatch(attrs.get("ref", ""))
            if m is not None:
                self.merges.append(_merge_range(m))
                scan.merge_count += 1
                if scan.merge_count > MAX_MERGES:
                    self.refuse("工作表中的合并单元格", MAX_MERGES)

    def end(self, name: str) -> None:
        if name in _TABLE:
            self.depth -= 1


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: PackageScan, kind: Kind) -> None:
    counter = _Counter(scan, kind)

    def doctype(*_: object) -> None:
        raise PackageRefused(f"{kind.name}中含有文档类型声明（DTD），正常的 {kind.apps} 文件没有；"
                             "文件可能被篡改，未读取。")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.StartDoctypeDeclHandler = doctype
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError:
                    raise _Stop from None  # not XML (a picture), or broken: the reader reports it if it reads it
                if not chunk:
                    break
    except _Stop:
        pass
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise PackageRefused(f"无法读取{kind.name}的内容（{type(exc).__name__}）；文件可能已损坏或已加密，"
                             f"请用 {kind.apps} 打开后另存再导入。") from None
    if counter.merges:
        scan.merges[info.filename] = counter.merges
    if counter.last > 0:
        scan.last_row[info.filename] = counter.last


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _merge_range(m: re.Match[str]) -> tuple[int, int, int, int]:
    c1, r1 = _column(m.group(1)), int(m.group(2)) - 1
    c2 = _column(m.group(3)) if m.group(3) else c1
    r2 = int(m.group(4)) - 1 if m.group(4) else r1
    return (min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))
