"""Small hostile xlsx files, written with zipfile (for the tests and benchmarks/hostile_xlsx.py).

Each builder writes a minimal but well-formed workbook whose XML is mostly one
repeated piece, so a file of a few kilobytes can unpack to hundreds of
megabytes or millions of elements:

    merges(path, 10_000)                      # 10,000 merged ranges
    shared_strings(path, 30_000_000)          # 30 million shared strings
    rows(path, 20_000_000)                    # 20 million rows, no <dimension>
    rows(path, 1_000_000, hidden=True)        # a hidden `jixiao` sheet of a million rows
    long_string(path, 400 * 2**20)            # one shared string of 400 MB
    members(path, 5_000)                      # 5,000 zip members
    overlapping_merges(path, 20)              # 20 different ranges of ~100,000 cells each
    padded(path, "xl/pad.xml", b" " * 2**21)  # one more member, compressed 1,000 times
    with_doctype(path)                        # a DTD declaring an entity

The repeated piece is compressed once per block and streamed, so building a
file that unpacks to 400 MB takes well under a second.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _content_types(sheets: int, strings: bool) -> str:
    parts = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                    for i in range(1, sheets + 1))
    if strings:
        parts += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{parts}</Types>")


ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')

HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值".split("\t")


def _workbook(sheets: list[tuple[str, str]]) -> str:
    entries = "".join(f'<sheet name="{name}" sheetId="{i}"{state} r:id="rId{i}"/>'
                      for i, (name, state) in enumerate(sheets, start=1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{NS}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>")


def _workbook_rels(n: int, strings: bool) -> str:
    ws = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    ss = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    rels = "".join(f'<Relationship Id="rId{i}" Type="{ws}" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    if strings:
        rels += f'<Relationship Id="rId{n + 1}" Type="{ss}" Target="sharedStrings.xml"/>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>")


def _header_row(r: int = 1) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADER))
    return f'<row r="{r}">{cells}</row>'


def _stream(zf: zipfile.ZipFile, name: str, head: str, piece: str, count: int, tail: str) -> None:
    """Write head + piece * count + tail as one member, without holding it in memory."""
    data = piece.encode("utf-8")
    per_block = max(1, (1 << 20) // max(1, len(data)))  # about 1 MB of XML per write
    block = data * per_block
    with zf.open(name, "w", force_zip64=True) as fh:
        fh.write(head.encode("utf-8"))
        full, rest = divmod(count, per_block)
        for _ in range(full):
            fh.write(block)
        fh.write(data * rest)
        fh.write(tail.encode("utf-8"))


def _package(path: Path, sheets: list[tuple[str, str, str, str, int, str]], strings: tuple | None = None) -> Path:
    """sheets: (name, state attribute, head, repeated piece, count, tail) for each worksheet."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _content_types(len(sheets), strings is not None))
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", _workbook([(s[0], s[1]) for s in sheets]))
        zf.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets), strings is not None))
        for i, (_, _, head, piece, count, tail) in enumerate(sheets, start=1):
            _stream(zf, f"xl/worksheets/sheet{i}.xml", head, piece, count, tail)
        if strings is not None:
            _stream(zf, "xl/sharedStrings.xml", *strings)
    return path


def _sheet_head(dimension: str | None = "A1:E2") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}">{dim}<sheetData>'


def plain(path: Path, body_rows: int = 1, dimension: str | None = None) -> Path:
    """A harmless workbook: a header and `body_rows` indicator rows (the control case)."""
    row = "".join(f'<c r="{chr(65 + i)}{{r}}" t="inlineStr"><is><t>{v}</t></is></c>'
                  for i, v in enumerate(("产出指标", "数量指标", "培训场次{r}", "≥10场", "12场")))
    rows = "".join(f'<row r="{r}">{row.format(r=r)}</row>' for r in range(2, body_rows + 2))
    return _package(path, [("表", "", _sheet_head(dimension) + _header_row() + rows, "", 0,
                            "</sheetData></worksheet>")])


def merges(path: Path, count: int, ref: str = "A1:CV1000") -> Path:
    """A small table and `count` merged ranges, all `ref` (by default 100 columns x 1,000 rows each)."""
    head = _sheet_head() + _header_row() + "</sheetData>" + f'<mergeCells count="{count}">'
    return _package(path, [("表", "", head, f'<mergeCell ref="{ref}"/>', count, "</mergeCells></worksheet>")])


def overlapping_merges(path: Path, count: int) -> Path:
    """A sheet used from A1 to CV1000 and `count` different merged ranges over most of it."""
    head = (_sheet_head(None) + _header_row() + '<row r="1000"><c r="CV1000" t="inlineStr"><is><t>x</t></is></c></row>'
            + "</sheetData>" + f'<mergeCells count="{count}">')
    refs = "".join(f'<mergeCell ref="A1:CV{1000 - i}"/>' for i in range(count))
    return _package(path, [("表", "", head + refs, "", 0, "</mergeCells></worksheet>")])


def shared_strings(path: Path, count: int, *, distinct: bool = False) -> Path:
    """`count` shared strings (empty ones, or `distinct` numbers) and a table that uses the first."""
    head = _sheet_head() + _header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    sst = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS}">'
    if distinct:
        strings = (sst + "".join(f"<si><t>{i}</t></si>" for i in range(count)), "", 0, "</sst>")
    else:
        strings = (sst, "<si><t/></si>", count, "</sst>")
    return _package(path, [("表", "", head, "", 0, "</sheetData></worksheet>")], strings)


def long_string(path: Path, size: int) -> Path:
    """One shared string of `size` characters."""
    head = _sheet_head() + _header_row() + '<row r="2"><c r="C2" t="s"><v>0</v></c></row>'
    strings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS}"><si><t>', "a", size,
               "</t></si></sst>")
    return _package(path, [("表", "", head, "", 0, "</sheetData></worksheet>")], strings)


def rows(path: Path, count: int, *, hidden: bool = False) -> Path:
    """`count` rows without a <dimension>: in the visible sheet, or in a hidden `jixiao` sheet."""
    if not hidden:
        head = _sheet_head(None) + _header_row()
        return _package(path, [("表", "", head, "<row/>", count, "</sheetData></worksheet>")])
    visible = ("表", "", _sheet_head() + _header_row(), "", 0, "</sheetData></worksheet>")
    data = ("jixiao", ' state="hidden"', _sheet_head(None),
            '<row><c t="inlineStr"><is><t>x</t></is></c></row>', count, "</sheetData></worksheet>")
    return _package(path, [visible, data])


def padded(path: Path, name: str, data: bytes) -> Path:
    """A valid one-sheet workbook with one more member `name` holding `data`."""
    plain(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(name, data)
    return path


def with_doctype(path: Path) -> Path:
    """A sheet whose XML declares an entity (xlsx files never have a DTD)."""
    head = ('<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY e "产出指标">]>'
            f'<worksheet xmlns="{NS}"><sheetData>' + _header_row()
            + '<row r="2"><c r="A2" t="inlineStr"><is><t>&e;</t></is></c></row>')
    return _package(path, [("表", "", head, "", 0, "</sheetData></worksheet>")])


def members(path: Path, count: int) -> Path:
    """A valid one-sheet workbook padded with `count` empty zip members."""
    plain(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        for i in range(count):
            zf.writestr(f"xl/media/pad{i}.xml", "")
    return path
