"""The bounded first look at an xlsx file, before openpyxl opens it.

An xlsx file is a zip of XML parts, and a few kilobytes of zip can unpack to
gigabytes or to millions of XML elements. openpyxl reads some of it whole
before any limit of ours could apply: every shared string when the workbook is
opened, and every sheet without a `<dimension>` to the end, to size it. So
`scan_package` looks first, at bounded cost:

1. the zip directory: how many members, each member's uncompressed size, their
   sum, and the compression ratio of the larger ones. zipfile never returns
   more bytes than the directory declares, so these sizes bound every later read;
2. every member streamed through expat (the standard library's XML parser,
   no tree kept): XML elements in all, rows per sheet, cells, shared strings
   and merged ranges are counted, and the scan stops at the first limit
   exceeded. A document type declaration (entity definitions) is refused: an
   xlsx file never has one. Members that are not XML (images) stop at their
   first byte. Rows are not limited here (an unused sheet may be long): the
   element count bounds what openpyxl does with them, and the sheet read is
   cut at MAX_ROWS by grid.read_workbook.

Only a package within every limit is handed to openpyxl. The merged ranges
met on the way are returned, so that the sheet XML is not read again for them.
The limits are documented in docs/exchange.md ("Limits").
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from .limits import (MAX_ELEMENTS, MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_MERGES, MAX_RATIO, MAX_SHARED_STRINGS,
                     MAX_UNPACKED_BYTES, MAX_XML_CELLS, RATIO_FLOOR)

__all__ = ["PackageRefused", "PackageScan", "scan_package"]

# SpreadsheetML, transitional and strict; other parts (drawings) have elements named `row` too
_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_ROW = frozenset(f"{ns} row" for ns in _MAIN)
_CELL = frozenset(f"{ns} c" for ns in _MAIN)
_STRING = frozenset(f"{ns} si" for ns in _MAIN)
_MERGE = frozenset(f"{ns} mergeCell" for ns in _MAIN)
_REF = re.compile(r"([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?")
_CHUNK = 64 * 1024


class PackageRefused(Exception):
    """The package exceeds a limit or is damaged; `str()` is a Chinese message."""


@dataclass
class PackageScan:
    # zip member name -> merged ranges of that sheet, 0-based and inclusive (r1, c1, r2, c2)
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    # zip member name -> number of its last <row> (1-based), for the sheets that have rows
    last_row: dict[str, int] = field(default_factory=dict)
    elements: int = 0
    cells: int = 0
    merge_count: int = 0
    shared_strings: int = 0


_TOO_BIG = "请在 WPS 或 Excel 中只保留自评表所在的工作表，另存为新的 .xlsx 后再导入。"


def scan_package(zf: zipfile.ZipFile) -> PackageScan:
    """Check the zip directory, then count every part's XML, stopping at the first limit."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageRefused(f"xlsx 文件由 {len(infos)} 个部件组成，超过上限 {MAX_MEMBERS}；"
                             "这不像一份自评表。" + _TOO_BIG)
    total = 0
    for info in infos:
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise PackageRefused(f"xlsx 文件中有一个部件解压后 {_mb(size)}，超过上限 {_mb(MAX_MEMBER_BYTES)}。"
                                 + _TOO_BIG)
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageRefused(f"xlsx 文件中有一个部件压缩了 {size // max(info.compress_size, 1)} 倍"
                                 f"（上限 {MAX_RATIO} 倍），内容异常（可能是“压缩炸弹”），未读取。")
        total += size
    if total > MAX_UNPACKED_BYTES:
        raise PackageRefused(f"xlsx 文件解压后共 {_mb(total)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}。" + _TOO_BIG)
    scan = PackageScan()
    for info in infos:
        if not info.is_dir() and info.file_size:
            _scan_member(zf, info, scan)
    return scan


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size < 1024 ** 3 else f"{size / 1024 ** 3:.1f} GB"


class _Stop(Exception):
    """The member is no (more) XML: stop reading it."""


def _scan_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: PackageScan) -> None:
    row = last = 0
    merges: list[tuple[int, int, int, int]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal row, last
        scan.elements += 1
        if scan.elements > MAX_ELEMENTS:
            raise PackageRefused(f"xlsx 文件的内容超过 {MAX_ELEMENTS:,} 个 XML 元素，超过上限。" + _TOO_BIG)
        if name in _CELL:
            scan.cells += 1
            if scan.cells > MAX_XML_CELLS:
                raise PackageRefused(f"工作表共超过 {MAX_XML_CELLS:,} 个单元格，超过上限。" + _TOO_BIG)
        elif name in _ROW:
            try:  # as openpyxl numbers rows: `r`, else one after the previous row
                number = int(attrs["r"][:12])
            except (KeyError, ValueError):
                number = row + 1
            row = number
            last = max(last, number)
        elif name in _STRING:
            scan.shared_strings += 1
            if scan.shared_strings > MAX_SHARED_STRINGS:
                raise PackageRefused(f"工作簿中的文字条目超过 {MAX_SHARED_STRINGS:,} 条，超过上限。" + _TOO_BIG)
        elif name in _MERGE:
            m = _REF.fullmatch(attrs.get("ref", ""))
            if m is not None:
                merges.append(_merge_range(m))
                scan.merge_count += 1
                if scan.merge_count > MAX_MERGES:
                    raise PackageRefused(f"工作表中的合并单元格超过 {MAX_MERGES:,} 处，超过上限。" + _TOO_BIG)

    def doctype(*_: object) -> None:
        raise PackageRefused("xlsx 文件中含有文档类型声明（DTD），正常的 Excel/WPS 文件没有；文件可能被篡改，未读取。")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError:
                    raise _Stop from None  # not XML (a picture), or broken: openpyxl reports it if it reads it
                if not chunk:
                    break
    except _Stop:
        pass
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise PackageRefused(f"无法读取 xlsx 文件的内容（{type(exc).__name__}）；文件可能已损坏或已加密，"
                             "请用 WPS/Excel 打开后另存为 .xlsx 再导入。") from None
    if merges:
        scan.merges[info.filename] = merges
    if last > 0:
        scan.last_row[info.filename] = last


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
