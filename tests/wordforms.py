"""Word documents built in the tests, in the official layouts, with python-docx.

    data = form_docx(doc)                 # the form as Word prints it: title and header
                                          # line as paragraphs, then one table with the
                                          # merged cells of the printed form
    data = form_docx(doc, vertical=True, wrap_names=True)   # as people lay them out in Word

The table is the official layout as `exchange.layout.render` lays it out
(the same rows as seed 000's printed forms: merged 一级/二级 cells over their
rows, the block label merged down the whole table), showing the figures the
form printed (`declared=True`: the declared total, execution rate and score,
the score of a level scored as a whole) where the export shows computed ones.
Word-specific touches: block labels written vertically, one character a
paragraph (绩/效/指/标), and indicator names wrapped by hand with a line break.
"""

from __future__ import annotations

import io
from decimal import Decimal

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from exchange.layout import render
from model import Document, Kind
from scoring.rules import fmt, grade_of


def _text(value, percent: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value * 100) + "%" if percent else fmt(value)
    return str(value)


def set_text(cell, text: str, *, vertical: bool = False) -> None:
    """A cell's text: lines as line breaks, or (vertical) one character a paragraph."""
    if vertical:  # the label one character a paragraph; a weight line `（20分）` stays whole
        head, _, rest = text.partition("\n")
        chars = [ch for ch in head if not ch.isspace()]
        cell.paragraphs[0].text = chars[0] if chars else ""
        for ch in chars[1:] + ([rest] if rest else []):
            cell.add_paragraph(ch)
        return
    cell.text = text


def wrap(name: str) -> str:
    """A name broken by hand in the middle, between two CJK characters where possible."""
    for i in range(len(name) // 2, len(name) - 1):
        if "\u4e00" <= name[i - 1] <= "\u9fff" and "\u4e00" <= name[i] <= "\u9fff":
            return name[:i] + "\n" + name[i:]
    return name


def form_docx(doc: Document, *, vertical: bool = True, wrap_names: bool = True, declared: bool = True,
              preamble: list[str] = ()) -> bytes:
    word = docx.Document()
    add_form(word, doc, vertical=vertical, wrap_names=wrap_names, declared=declared, preamble=preamble)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def _as_printed(sheet, doc: Document) -> None:
    """The figures the form itself printed, where the export shows the computed ones: the
    declared total, execution rate and score, and the scores of levels scored as a whole."""
    total_label = "总分" if doc.kind is Kind.department else "自评得分"
    for (r, c), cell in list(sheet.cells.items()):
        text = cell.value if isinstance(cell.value, str) else ""
        if doc.declared_total is not None and r == 1 and text.startswith(total_label + "："):
            cell.value = f"{total_label}：{fmt(doc.declared_total)}"
        elif doc.declared_total is not None and c == 0 and text == total_label:
            sheet.cells[(r, 1)].value = doc.declared_total
            grade = next(cc for (rr, cc), v in sheet.cells.items() if rr == r and v.value == "评价等级") + 2
            sheet.cells[(r, grade)].value = grade_of(doc.declared_total)
        elif c == 0 and text.startswith("预算执行情况"):
            ex = doc.execution
            heads = {v.value: cc for (rr, cc), v in sheet.cells.items() if rr == r and isinstance(v.value, str)}
            rate = next(cc for h, cc in heads.items() if h.startswith("执行率"))
            score = next(cc for h, cc in heads.items() if h.startswith("得分"))
            if ex.declared_rate is not None:
                sheet.cells[(r + 1, rate)].value, sheet.cells[(r + 1, rate)].percent = f"{fmt(ex.declared_rate)}%", False
            if ex.declared_score is not None:
                sheet.cells[(r + 1, score)].value = ex.declared_score
    for goal in doc.goals:
        for level in goal.levels:
            if level.sublevels or level.declared_score is None:
                continue
            row = next(r for (r, c), cell in sheet.cells.items()
                       if c == 1 and isinstance(cell.value, str) and cell.value.split("\n")[0] == level.name)
            sheet.cells[(row, sheet.roles.index("score"))].value = level.declared_score


def add_form(word, doc: Document, *, vertical: bool = True, wrap_names: bool = True, declared: bool = True,
             preamble: list[str] = ()) -> None:
    sheet = render(doc)
    if declared:
        _as_printed(sheet, doc)
    for line in preamble:
        word.add_paragraph(line)
    title = word.add_paragraph()
    run = title.add_run(_text(sheet.cells[(0, 0)].value, False))
    run.bold, run.font.size = True, Pt(16)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    info = [_text(c.value, False) for (r, _), c in sorted(sheet.cells.items()) if r == 1]
    word.add_paragraph("      ".join(info))
    start = sheet.table_start
    table = word.add_table(rows=sheet.nrows - start, cols=sheet.ncols)
    table.style = "Table Grid"
    names = {ind.name for _, ind in doc.iter_indicators()}
    # the cells of the unmerged grid, taken once (`table.cell` walks the whole table each time);
    # the ranges do not overlap, so each merge's corners are still in place when it is made
    grid = [row.cells for row in table.rows]
    for (r, c), cell in sorted(sheet.cells.items()):
        if r < start:
            continue
        target = grid[r - start][c]
        if cell.merge_to:
            r2, c2 = cell.merge_to
            target = target.merge(grid[r2 - start][c2])
        text = _text(cell.value, cell.percent)
        upright = (vertical and cell.style == "section" and c == 0 and cell.merge_to and cell.merge_to[0] > r
                   and not any(ch.isspace() for ch in text.partition("\n")[0]))
        if wrap_names and isinstance(cell.value, str) and cell.value in names and c == 3:
            text = wrap(text)
        set_text(target, text, vertical=bool(upright))
    word.add_paragraph("")
