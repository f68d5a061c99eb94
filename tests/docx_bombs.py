"""Small hostile Word documents, written with zipfile, and .xls workbooks, written with
xlwt (for the tests and benchmarks/hostile_docx.py).

Each builder writes a minimal but well-formed .docx (python-docx opens it)
whose XML is mostly one repeated piece, so a file of a few kilobytes can
unpack to hundreds of megabytes or millions of elements (issue 19):

    styles(path, 190 * 2**20)                 # a 190 MB styles.xml (the report: 296 KB)
    paragraphs(path, 10_900_000)              # 10.9 million empty paragraphs (132 KB)
    nested(path, 40, 30_000)                  # tables nested 40 deep around 30,000 paragraphs
    headers(path, 50_000)                     # 50,000 header parts
    cells(path, 100_001)                      # one table of that many cells
    xls_cells(path, 1_400_000)                # an .xls of that many number cells

The repeated piece is written block by block into the compressed member, so
building a file that unpacks to 190 MB takes about a second.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_REL = f"{R}/header"
STYLES_REL = f"{R}/styles"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
BLOCK = 1 << 20  # characters of a repeated piece written at a time
TITLE = f'<w:p><w:r><w:t>项目支出绩效自评表</w:t></w:r></w:p>'


def _types(overrides: list[tuple[str, str]]) -> str:
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN_TYPE}"/>'
            + "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides)
            + "</Types>")


def _rels(rels: list[tuple[str, str]]) -> str:
    return (XML_HEAD + f'<Relationships xmlns="{PKG_REL}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
                      for i, (kind, target) in enumerate(rels, start=1))
            + "</Relationships>")


def _write(zf: zipfile.ZipFile, name: str, head: str, piece: str, count: int, tail: str) -> None:
    """A member of `head`, `piece` `count` times, then `tail`, written block by block."""
    with zf.open(name, "w", force_zip64=True) as fh:
        fh.write(head.encode())
        per = max(1, min(count, BLOCK // max(len(piece), 1)))
        block = (piece * per).encode()
        full, rest = divmod(count, per)
        for _ in range(full):
            fh.write(block)
        fh.write((piece * rest).encode())
        fh.write(tail.encode())


def _package(path: Path, body: tuple[str, str, int, str], *,
             parts: list[tuple[str, str, str, tuple[str, str, int, str]]] = ()) -> Path:
    """A .docx whose body is `body` (head, piece, count, tail inside <w:body>) and
    more parts: (name, content type, relationship type, (head, piece, count, tail))."""
    head, piece, count, tail = body
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _types([(name, kind) for name, kind, _, _ in parts]))
        zf.writestr("_rels/.rels", _rels([(f"{R}/officeDocument", "word/document.xml")]))
        zf.writestr("word/_rels/document.xml.rels",
                    _rels([(rel, name.removeprefix("word/")) for name, _, rel, _ in parts]))
        _write(zf, "word/document.xml", XML_HEAD + f'<w:document xmlns:w="{W}"><w:body>' + TITLE + head,
               piece, count, tail + "</w:body></w:document>")
        for name, _, _, (phead, ppiece, pcount, ptail) in parts:
            _write(zf, name, phead, ppiece, pcount, ptail)
    return path


def styles(path: Path, size: int) -> Path:
    """A styles part of about `size` bytes (the report's 296 KB file held 190 MB)."""
    piece = '<w:style w:type="paragraph" w:styleId="a"><w:name w:val="a"/></w:style>'
    part = (XML_HEAD + f'<w:styles xmlns:w="{W}">', piece, size // len(piece), "</w:styles>")
    return _package(path, ("", "", 0, ""), parts=[("word/styles.xml", STYLES_TYPE, STYLES_REL, part)])


def paragraphs(path: Path, count: int) -> Path:
    """`count` empty paragraphs after the title."""
    return _package(path, ("", "<w:p/>", count, ""))


def nested(path: Path, depth: int, count: int) -> Path:
    """A table in a cell of a table ... `depth` deep, `count` paragraphs in the innermost cell."""
    opening = "<w:tbl><w:tr><w:tc>" * depth
    closing = "</w:tc></w:tr></w:tbl><w:p/>" * depth
    inner = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    return _package(path, (opening, inner, count, closing.removesuffix("<w:p/>")))


def headers(path: Path, count: int) -> Path:
    """`count` header parts, each a paragraph, all related to the document."""
    part = (XML_HEAD + f'<w:hdr xmlns:w="{W}">', "<w:p><w:r><w:t>页眉</w:t></w:r></w:p>", 1, "</w:hdr>")
    return _package(path, ("", "", 0, ""),
                    parts=[(f"word/header{i}.xml", HEADER_TYPE, HEADER_REL, part) for i in range(count)])


def cells(path: Path, count: int, columns: int = 10) -> Path:
    """One table of `count` cells, `columns` a row (the last row may be shorter)."""
    cell = "<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
    rows, rest = divmod(count, columns)
    row = "<w:tr>" + cell * columns + "</w:tr>"
    tail = ("<w:tr>" + cell * rest + "</w:tr>" if rest else "") + "</w:tbl>"
    return _package(path, ("<w:tbl>", row, rows, tail))


def xls_cells(path: Path, count: int, columns: int = 10) -> Path:
    """An .xls of `count` number cells, `columns` a row, 60,000 rows a sheet."""
    import xlwt

    book = xlwt.Workbook()
    per_sheet = 60_000 * columns
    sheet = None
    for i in range(count):
        if i % per_sheet == 0:
            sheet = book.add_sheet(f"表{i // per_sheet + 1}")
        sheet.write((i % per_sheet) // columns, i % columns, i)
    book.save(str(path))
    return path
