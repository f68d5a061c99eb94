"""Word documents (python-docx): the official form as .docx, and the pieces the report shares.

`form_docx_bytes(doc, result)` writes the form laid out by `layout.render` —
the very Sheet the xlsx export draws — as one Word table: the title and the
单位名称 / 填报日期 / 总分 line as its first two rows (borderless, repeated at
the top of every page), then the bordered form with the same merged cells
(一级 / 二级 down their rows, block labels, spans), the same texts and the
same figures. A4, landscape when the columns do not fit a portrait page.
Word and LibreOffice grow each row to fit its text (heights are minimums).

Fonts are set on styles, with the East Asian font (`w:eastAsia`) named beside
the Latin one, and each Chinese font gets an entry in the font table with an
alternative name (仿宋_GB2312 → 仿宋 …) so that Word and WPS substitute a
face of the same kind on a PC without it; LibreOffice substitutes by its own
table and fontconfig.

python-docx has no interface for a few table and field properties (cell
borders, header rows, PAGE fields, the language tag); those are added as
elements through the public `element` of python-docx objects.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from model import Document
from model.text import cells
from scoring import Result, score_document

from .layout import Sheet, default_title, percent_text, render, word_width, wrap_words

__all__ = ["form_docx_bytes", "xml_text", "new_document", "add_sheet_table", "add_page_number",
           "set_style_font", "sheet_cell_text", "FORM_FONT", "A4", "Geometry"]

FORM_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# Characters XML 1.0 does not allow (a document holding one cannot be opened).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# highlighted: a placeholder to fill in, and a computed figure beside a printed one it differs from
_PLACEHOLDER = re.compile(r"(【待填写[：:][^】]*】|（计算(?:得分)?：[^）]*）)")
A4 = (210, 297)  # millimetres
CHAR_PT = 5.25  # one layout width unit (half a 10.5 pt CJK character), in points
_FALLBACK = {"宋体": "SimSun", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei",
             "方正小标宋简体": "宋体", "仿宋": "FangSong", "楷体": "KaiTi"}


def xml_text(text: str) -> str:
    """User text as a document can hold it: characters XML 1.0 forbids are left out."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


# ---------------------------------------------------------------------------
# Document set-up


class Geometry:
    """Page size and margins of a section (millimetres)."""

    def __init__(self, landscape: bool, top: float, bottom: float, left: float, right: float,
                 footer: float = 10) -> None:
        self.landscape, self.top, self.bottom, self.left, self.right, self.footer = \
            landscape, top, bottom, left, right, footer

    @property
    def text_height_mm(self) -> float:
        height = A4[0] if self.landscape else A4[1]
        return height - self.top - self.bottom

    @property
    def text_width_mm(self) -> float:
        width = A4[1] if self.landscape else A4[0]
        return width - self.left - self.right

    def apply(self, section: Any) -> None:
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm

        w, h = (A4[1], A4[0]) if self.landscape else A4
        section.orientation = WD_ORIENT.LANDSCAPE if self.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(w), Mm(h)
        section.top_margin, section.bottom_margin = Mm(self.top), Mm(self.bottom)
        section.left_margin, section.right_margin = Mm(self.left), Mm(self.right)
        section.footer_distance = Mm(self.footer)
        section.header_distance = Mm(min(self.top - 5, 15))


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def set_style_font(style: Any, east_asia: str, latin: str = LATIN_FONT, *, size: float | None = None,
                   bold: bool | None = None) -> None:
    """A style's fonts: Latin, and the East Asian font Word uses for Chinese text."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)  # a theme font would win over the named one
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def _chinese_language(style: Any) -> None:
    """Mark text as Simplified Chinese (line breaking and punctuation as in Chinese)."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.insert_element_before(_el("w:lang", val="en-US", eastAsia="zh-CN"),
                              "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _font_table(document: Any, fonts: Mapping[str, str]) -> None:
    """Font table entries for the Chinese fonts used, each with a fallback name."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    main = document.part
    old = main.part_related_by(RT.FONT_TABLE)
    root = parse_xml(old.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in fonts.items():
        if name in have:
            continue
        font = _el("w:font", name=name)
        if alt and alt != name:
            font.append(_el("w:altName", val=alt))
        font.append(_el("w:charset", val="86"))  # GB2312
        font.append(_el("w:family", val="swiss" if "黑" in name else "roman"))
        font.append(_el("w:pitch", val="variable"))
        root.append(font)
        have.add(name)
    for rid in [rid for rid, rel in main.rels.items() if rel.reltype == RT.FONT_TABLE]:
        main.drop_rel(rid)
    main.relate_to(XmlPart(old.partname, old.content_type, root, old.package), RT.FONT_TABLE)


def new_document(body_font: str, size: float, fallbacks: Mapping[str, str] | None = None,
                 extra_fonts: tuple[str, ...] = ()) -> Any:
    """A python-docx document whose Normal style is `body_font` at `size` points, Chinese."""
    import docx

    d = docx.Document()
    normal = d.styles["Normal"]
    set_style_font(normal, body_font, size=size)
    _chinese_language(normal)
    pf = normal.paragraph_format
    pf.space_before = pf.space_after = 0
    table = {**_FALLBACK, **(fallbacks or {})}
    _font_table(d, {name: table.get(name, "") for name in (body_font, *extra_fonts) if not name.isascii()})
    return d


def paragraph_style(document: Any, name: str, east_asia: str, size: float, *, bold: bool = False,
                    base: str = "Normal") -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    set_style_font(style, east_asia, size=size, bold=bold)
    return style


def add_text(paragraph: Any, text: str, *, bold: bool | None = None, highlight: bool = False) -> None:
    """Runs for `text` (a line break for each `\n`); 【待填写：…】 placeholders highlighted so
    they are not missed, and the whole text with `highlight`."""
    from docx.enum.text import WD_COLOR_INDEX

    text = xml_text(text)
    for part in _PLACEHOLDER.split(text):
        if not part:
            continue
        run = paragraph.add_run(part)
        if bold is not None:
            run.bold = bold
        if highlight or _PLACEHOLDER.fullmatch(part):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def add_field(paragraph: Any, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) at the end of the paragraph; Word and LibreOffice update it."""
    fld = _el("w:fldSimple", instr=f" {instruction} ")
    run = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    run.append(t)
    fld.append(run)
    paragraph.paragraph_format.element.append(fld)


def add_page_number(paragraph: Any, before: str, after: str, *, total: str | None = None) -> None:
    """`before` PAGE `after` [NUMPAGES `total`] — e.g. `第 1 页，共 3 页` or `— 1 —`."""
    paragraph.add_run(before)
    add_field(paragraph, "PAGE")
    paragraph.add_run(after)
    if total is not None:
        add_field(paragraph, "NUMPAGES")
        paragraph.add_run(total)


# ---------------------------------------------------------------------------
# The form's Sheet as a table


def sheet_cell_text(value: str | Decimal | None, percent: bool, places: int | None = None) -> str:
    """A Sheet cell as the xlsx shows it: 491.27, 138.40 (as typed), 20, 98.88% (two
    decimals, as 0.00%), 100% (a rate printed so)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return percent_text(value, places) if percent else format(value, "f")
    return xml_text(value)


def _tc(cell: Any) -> Any:
    return cell.paragraphs[0].paragraph_format.element.getparent()


def _borders(tc: Any, **sides: str) -> None:
    """Cell borders: side=“single” or “nil”."""
    from docx.oxml.ns import qn

    tcpr = tc.get_or_add_tcPr()
    old = tcpr.find(qn("w:tcBorders"))
    if old is not None:
        tcpr.remove(old)
    borders = _el("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            kind = sides[side]
            attrs = {"val": kind} if kind == "nil" else {"val": kind, "sz": "4", "space": "0", "color": "000000"}
            borders.append(_el(f"w:{side}", **attrs))
    tcpr.insert_element_before(borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                               "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                               "w:tcPrChange")


_ALIGN = {"title": "center", "info": "left", "label": "center", "header": "center", "section": "center",
          "goal": "left", "text": "left", "center": "center", "number": "center", "number_bold": "center",
          "percent": "center"}
_BOLD = {"title", "label", "header", "section", "number_bold"}


# A Word cell keeps 0.19 cm of padding on each side (Excel about a tenth of
# that): the width of two more layout units per column.
_PADDING = 2.0


_UNBREAKABLE = re.compile(r"[\x21-\x7e]+")
_UNIT_MM = CHAR_PT * 25.4 / 72


def _floors(sheet: Sheet) -> list[float]:
    """Per column, the width (layout units) its longest unbreakable figure needs, e.g. 98.88%:
    Word breaks Chinese text anywhere but never inside a run of Latin letters and digits."""
    floors = [0.0] * sheet.ncols
    for (r, c), sc in sheet.cells.items():
        if r < sheet.table_start or (sc.merge_to and sc.merge_to[1] != c):
            continue
        text = sheet_cell_text(sc.value, sc.percent)
        longest = max((len(t) for t in _UNBREAKABLE.findall(text)), default=0)
        floors[c] = max(floors[c], longest * 1.3 + _PADDING + 0.5)  # Latin glyphs run wider than half an em
        floors[c] = max(floors[c], word_width(sc) * 1.1 + _PADDING + 0.5)  # a label's words kept whole
    return floors


def column_widths(sheet: Sheet, width_mm: float) -> list[float]:
    """The Sheet's column widths (mm), padded as Word pads cells, scaled to fill `width_mm`;
    no column narrower than its longest figure while the others can give way."""
    padded = [w + _PADDING for w in sheet.widths]
    floors = [f * _UNIT_MM for f in _floors(sheet)]
    if sum(floors) > width_mm * 0.9:  # more than the page holds: every floor gives way alike
        floors = [f * width_mm * 0.9 / sum(floors) for f in floors]
    fixed: dict[int, float] = {}
    for _ in range(len(padded)):
        free = [c for c in range(len(padded)) if c not in fixed]
        room = width_mm - sum(fixed.values())
        total = sum(padded[c] for c in free) or 1.0
        widths = {c: room * padded[c] / total for c in free}
        short = [c for c in free if widths[c] < floors[c]]
        if not short or room <= 0:
            break
        for c in short:
            fixed[c] = floors[c]
    return [fixed[c] if c in fixed else widths[c] for c in range(len(padded))]


def set_paragraph_style(paragraph: Any, style: Any) -> None:
    """`paragraph.style = style` without python-docx's look-up of the default style,
    which scans every style of the document on each call (quadratic on a long form)."""
    ppr = paragraph.paragraph_format.element.get_or_add_pPr()
    if ppr.pStyle is not None:
        ppr.pStyle.val = style.style_id
    else:
        ppr.insert(0, _el("w:pStyle", val=style.style_id))  # the first child of w:pPr in the schema


def add_sheet_table(document: Any, sheet: Sheet, width_mm: float, *, cell_style: Any, title_style: Any,
                    header_rows: bool = True, room: tuple[float, float] | None = None) -> Any:
    """The Sheet as a table at the end of `document`; merged cells as in the Sheet.

    `room`: the height (mm) the table has on its first page and on each page
    after. The Sheet is then laid out in pages (`pages`) and each page after
    the first is a table of its own, starting a new page, that repeats the
    title rows and, where it continues an indicator table, that table's
    heading row (一级指标 …), with the block label, 一级 and 二级 cells that
    run on from the page before restarted with their names: Word repeats only
    a table's first rows and never a merged cell's text. A page that runs
    longer than reckoned still repeats the title and heading rows (they are
    the table's header rows). exchange.docxread reads such a table as the
    rest of the one before it. Returns the first table.

    Merges are made on the table's elements (gridSpan across, vMerge down), as
    Word writes them: python-docx's `_Cell.merge` walks the whole table for each
    merge, too slow for a form of thousands of rows."""
    mm = column_widths(sheet, width_mm)
    if room is None:
        return _draw(document, sheet, mm, cell_style, title_style, header_rows)
    starts = pages(sheet, mm, *room)
    bounds = [sheet.table_start, *starts, sheet.nrows]
    headings = [sheet.heading_of.get(start) if i else None for i, start in enumerate(bounds[:-1])]
    by_page = _page_cells(sheet, bounds, headings)
    first = None
    for i, (start, end) in enumerate(zip(bounds, bounds[1:])):
        if i:
            _page_break(document)
        part = sheet_rows(sheet, start, end, headings[i], by_page[i])
        table = _draw(document, part, mm, cell_style, title_style, header_rows)
        first = first if first is not None else table
    return first


def _page_cells(sheet: Sheet, bounds: list[int], headings: list[int | None]) -> list[list[tuple[tuple[int, int], Any]]]:
    """The cells each page's table draws from (one pass, not one per page): the title
    rows' on every page, a cell on each page its rows reach, a heading row's on each page
    that repeats it."""
    import bisect

    pages_of_heading: dict[int, list[int]] = {}
    for i, h in enumerate(headings):
        if h is not None:
            pages_of_heading.setdefault(h, []).append(i)
    out: list[list[tuple[tuple[int, int], Any]]] = [[] for _ in headings]
    for (r, c), sc in sheet.cells.items():
        if r < sheet.table_start:
            for page in out:
                page.append(((r, c), sc))
            continue
        r2 = sc.merge_to[0] if sc.merge_to else r
        first, last = bisect.bisect_right(bounds, r) - 1, bisect.bisect_right(bounds, r2) - 1
        pages = set(range(max(first, 0), min(last, len(out) - 1) + 1)) | set(pages_of_heading.get(r, ()))
        for i in pages:
            out[i].append(((r, c), sc))
    return out


def _page_break(document: Any) -> None:
    """The paragraph between two tables (Word joins adjacent ones), at the top of a new page, 1 pt high."""
    from docx.shared import Pt

    p = document.add_paragraph()
    p.paragraph_format.page_break_before = True
    p.paragraph_format.line_spacing = Pt(1)
    p.paragraph_format.first_line_indent = 0
    p.paragraph_format.space_before = p.paragraph_format.space_after = 0


LINE_PT = 13.7  # a line of 10.5 pt text in a table cell, as LibreOffice and Word set it
CELL_PAD_PT = 4.5  # a cell's top and bottom margins and its borders
MIN_ROW_PT = 18.0  # the rows' least height (`add_sheet_table`)
TITLE_PT = 16.0
FILL = 0.96  # a page is reckoned full at this part of its height: the reckoning is not the printer's


def row_heights(sheet: Sheet, mm: list[float]) -> list[float]:
    """Each row's printed height (points) at the Word column widths `mm`: the lines its
    cells' text takes (a label broken between words), a merged cell's spread over its rows."""
    pt_per_mm = 72 / 25.4
    need = [MIN_ROW_PT] * sheet.nrows
    if sheet.nrows:
        need[0] = 28.0
    spread: list[tuple[int, int, float]] = []
    for (r, c), sc in sheet.cells.items():
        r2, c2 = sc.merge_to or (r, c)
        width = max(1.0, sum(mm[c: c2 + 1]) * pt_per_mm - 11)  # Word's 0.19 cm padding each side
        size = TITLE_PT if sc.style == "title" else CHAR_PT * 2
        text = wrap_words(sc, sum(mm[c: c2 + 1]) / _UNIT_MM - _PADDING - 1) if isinstance(sc.value, str) \
            else sheet_cell_text(sc.value, sc.percent, sc.places)
        lines = sum(max(1, math.ceil(cells(line) * size / 2 * 1.02 / width)) for line in text.split("\n"))
        h = lines * size * LINE_PT / (CHAR_PT * 2) + CELL_PAD_PT
        if r2 == r:
            need[r] = max(need[r], h)
        else:
            spread.append((r, r2, h))
    for r, r2, h in spread:
        have = sum(need[r: r2 + 1])
        if have < h:
            need[r2] += h - have
    return need


def pages(sheet: Sheet, mm: list[float], first_mm: float, room_mm: float) -> list[int]:
    """The rows that begin a new printed page, reckoned from `row_heights`: a page after
    the first holds the title rows, the heading row of an indicator table it continues,
    and rows up to FILL of `room_mm`. A row is never split (a row taller than a page runs
    on, and one of long text, TALL_ROW or taller, starts where it is when a quarter of the page
    is left); a block's heading rows (`keep_with_next`) go to the next page with the row after them."""
    heights = row_heights(sheet, mm)
    pt_per_mm = 72 / 25.4
    head = sum(heights[: sheet.table_start])
    room = room_mm * pt_per_mm * FILL
    avail = first_mm * pt_per_mm * FILL
    used = head
    page_start = sheet.table_start
    starts: list[int] = []
    for r in range(sheet.table_start, sheet.nrows):
        h = heights[r]
        runs_on = sheet.heights.get(r, 0) > TALL_ROW and avail - used >= avail / 4
        if used + h <= avail or r == page_start or runs_on:
            used += h
            while used > avail:  # a row of long text runs on to the next page (`_print_rows`)
                used, avail = head + used - avail, room
            continue
        b = r
        while b - 1 in sheet.keep_with_next and b - 1 > page_start:
            b -= 1
        starts.append(b)
        page_start = b
        avail = room
        repeated = heights[sheet.heading_of[b]] if b in sheet.heading_of else 0.0
        used = head + repeated + sum(heights[b: r + 1])
        while used > avail:  # a row taller than a page runs on to the next
            used -= avail - head
    return starts


def sheet_rows(sheet: Sheet, start: int, end: int, heading: int | None,
               cells: list[tuple[tuple[int, int], Any]] | None = None) -> Sheet:
    """The title rows, the heading row `heading` (or none) and rows start … end - 1 of a
    Sheet as a Sheet of their own; a cell merged down from above `start` starts again
    at `start` with its text (一级指标 and 二级指标 names, the block label). `cells`: the
    Sheet's cells that can be in it (all when None: `_page_cells` sorts them once)."""
    from dataclasses import replace

    rows = [*range(sheet.table_start), *([heading] if heading is not None else []), *range(start, end)]
    index = {old: new for new, old in enumerate(rows)}
    part = Sheet(sheet.ncols, widths=sheet.widths, table_start=sheet.table_start, roles=sheet.roles,
                 repeat_rows=(sheet.repeat_rows[0], sheet.repeat_rows[1] + (heading is not None)))
    for (r, c), sc in (sheet.cells.items() if cells is None else cells):
        r2, c2 = sc.merge_to or (r, c)
        if r < sheet.table_start:
            part.cells[(index[r], c)] = replace(sc, merge_to=(index[r], c2) if c2 > c else None)
        elif r == heading:  # the block label beside it runs down the page's rows of the table
            b = index[min(r2, end - 1)] if r2 >= start else index[r]
            part.cells[(index[r], c)] = replace(sc, merge_to=(b, c2) if (b, c2) != (index[r], c) else None)
        elif r < end and r2 >= start:
            a, b = index[max(r, start)], index[min(r2, end - 1)]
            # `runs_on`: merged down onto the next page, so drawn as a merge even when cut to one row
            part.cells[(a, c)] = replace(sc, merge_to=(b, c2) if (b, c2) != (a, c) else None,
                                         runs_on=r2 >= end)
    part.nrows = len(rows)
    part.heights = {index[r]: h for r, h in sheet.heights.items() if r in index}
    part.keep_with_next = {index[r] for r in sheet.keep_with_next if r in index}
    return part


def _draw(document: Any, sheet: Sheet, mm: list[float], cell_style: Any, title_style: Any,
          header_rows: bool) -> Any:
    """The Sheet as one table at the end of `document`, columns `mm` wide."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
    from docx.shared import Mm, Pt

    n, m = sheet.nrows, sheet.ncols
    table = document.add_table(rows=n, cols=m)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(w) for w in mm]
    for c, col in enumerate(table.columns):
        col.width = widths[c]
    for r, row in enumerate(table.rows):
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        row.height = Pt(28 if r == 0 else 18)
    tbl = _tc(table.rows[0].cells[0]).getparent().getparent()
    trs = list(tbl.tr_lst)
    grid = [list(tr.tc_lst) for tr in trs]
    for r in range(n):
        for c in range(m):
            grid[r][c].width = widths[c]
    covered = sheet.covered()
    _merge_cells(sheet, trs, grid, widths, covered)
    _cell_texts(table, sheet, grid, mm, covered, cell_style, title_style)
    _table_borders(sheet, grid, covered)
    _print_rows(trs, grid, sheet, header_rows)
    return table


def _merge_cells(sheet: Sheet, trs: list[Any], grid: list[list[Any]], widths: list[Any],
                 covered: dict[tuple[int, int], tuple[int, int, int, int]]) -> None:
    """The Sheet's merges on the table's elements: gridSpan across, vMerge down."""
    from docx.shared import Mm

    for (r, c), sc in sheet.cells.items():
        if sc.runs_on and (sc.merge_to or (r, c))[0] == r:  # a merge down cut at the page's last row
            grid[r][c].vMerge = "restart"
        if not sc.merge_to or covered.get((r, c), (r, c))[:2] != (r, c):
            continue
        r2, c2 = sc.merge_to
        for rr in range(r, r2 + 1):
            tc = grid[rr][c]
            if c2 > c:
                tc.grid_span = c2 - c + 1
                tc.width = sum(widths[c: c2 + 1], Mm(0))
                for cc in range(c + 1, c2 + 1):
                    trs[rr].remove(grid[rr][cc])
            if r2 > r:
                tc.vMerge = "restart" if rr == r else "continue"


def _cell_texts(table: Any, sheet: Sheet, grid: list[list[Any]], mm: list[float],
                covered: dict[tuple[int, int], tuple[int, int, int, int]], cell_style: Any, title_style: Any) -> None:
    """Each cell's text, a paragraph a line, in its style, aligned, centred down its cell."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.text.paragraph import Paragraph

    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    center = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for (r, c), sc in sorted(sheet.cells.items()):
        origin = covered.get((r, c))
        if origin is not None and origin[:2] != (r, c):
            continue  # inside another cell's merge
        tc = grid[r][c]
        c2 = sc.merge_to[1] if sc.merge_to else c
        text = xml_text(wrap_words(sc, sum(mm[c: c2 + 1]) / _UNIT_MM - _PADDING - 1)) \
            if isinstance(sc.value, str) else sheet_cell_text(sc.value, sc.percent, sc.places)
        style = title_style if sc.style == "title" else cell_style
        alignment = align[_ALIGN.get(sc.style, "left")]
        bold = True if sc.style in _BOLD else None
        for i, line in enumerate(text.split("\n")):
            p = Paragraph(tc.p_lst[0] if i == 0 else tc.add_p(), table)
            set_paragraph_style(p, style)
            p.alignment = alignment
            if line:
                add_text(p, line, bold=bold)
        tc.get_or_add_tcPr().vAlign_val = center


def _table_borders(sheet: Sheet, grid: list[list[Any]],
                   covered: dict[tuple[int, int], tuple[int, int, int, int]]) -> None:
    """None around the title; the line under the 单位名称 row closes the table at the
    top of every page; the first row of the form is bordered all round."""
    top = sheet.table_start
    for r in range(min(top + 1, sheet.nrows)):
        for c in range(sheet.ncols):
            origin = covered.get((r, c))
            if origin is not None and origin[:2] != (r, c):
                continue
            tc = grid[r][c]
            if r < top - 1:
                _borders(tc, top="nil", left="nil", bottom="nil", right="nil")
            elif r == top - 1:
                _borders(tc, top="nil", left="nil", bottom="single", right="nil")
            else:
                _borders(tc, top="single", left="single", bottom="single", right="single")


TALL_ROW = 200.0  # points (the layout's estimate): taller rows may continue on the next page


def _print_rows(trs: list[Any], grid: list[list[Any]], sheet: Sheet, header_rows: bool) -> None:
    """Rows as people print them: no row split across pages (`cantSplit`), the
    title rows repeated on every page (`tblHeader`), a block's heading rows kept
    on the page of the row after them (`keepNext` on their paragraphs, which is
    how Word and LibreOffice keep a table row with the next).

    A row of long text (taller than TALL_ROW points, a third of a page) may run
    on to the next page, as long text does on paper: kept whole it would leave
    most of a page empty before it."""
    first_row, last_row = sheet.repeat_rows
    for r, tr in enumerate(trs):
        trpr = tr.get_or_add_trPr()
        if sheet.heights.get(r, 0) <= TALL_ROW:
            trpr.insert(0, _el("w:cantSplit"))
        if header_rows and first_row <= r <= last_row:
            trpr.append(_el("w:tblHeader"))
        if r in sheet.keep_with_next or (header_rows and r <= last_row):
            for tc in tr.tc_lst:
                for p in tc.p_lst:
                    p.get_or_add_pPr().keepNext_val = True


def print_rows(table: Any, header: int = 0) -> None:
    """A table of the report printed as people print: no row split across pages, the
    first `header` rows repeated on each page and kept with the row under them."""
    from docx.oxml.ns import qn

    for r, row in enumerate(table.rows):
        tr = _tc(row.cells[0]).getparent()
        trpr = tr.get_or_add_trPr()
        trpr.insert(0, _el("w:cantSplit"))
        if r < header:
            trpr.append(_el("w:tblHeader"))
            for p in tr.iter(qn("w:p")):
                p.get_or_add_pPr().keepNext_val = True


def end_after_table(document: Any) -> None:
    """A document body should not end with a table: a tiny paragraph after it."""
    from docx.shared import Pt

    p = document.add_paragraph()
    p.paragraph_format.line_spacing = Pt(1)
    p.paragraph_format.first_line_indent = 0


# ---------------------------------------------------------------------------
# The form as a Word document


def form_geometry(sheet: Sheet) -> Geometry:
    """A4 landscape, as the forms are printed (margins as the xlsx print)."""
    return Geometry(True, 15, 15, 15, 15, 8)


def form_docx_bytes(doc: Document, result: Result | None = None) -> bytes:
    """The filled form in the official layout, as a .docx file's bytes."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    res = result if result is not None else score_document(doc)
    sheet = render(doc, res)
    d = new_document(FORM_FONT, 10.5)
    cell_style = paragraph_style(d, "表格文字", FORM_FONT, 10.5)
    title_style = paragraph_style(d, "表格标题", FORM_FONT, 16, bold=True)
    geometry = form_geometry(sheet)
    section = d.sections[0]
    geometry.apply(section)
    room = geometry.text_height_mm
    add_sheet_table(d, sheet, geometry.text_width_mm, cell_style=cell_style, title_style=title_style,
                    room=(room, room))
    end_after_table(d)
    footer = section.footer.paragraphs[0]
    footer.style = cell_style
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_number(footer, "第 ", " 页，共 ", total=" 页")
    props = d.core_properties
    props.title = xml_text(doc.title.strip() or default_title(doc))[:255]
    props.author = "jixiao"
    props.comments = "预算绩效自评表"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
