"""Converted text (one cell a line): a cell's own blank lines stay in the cell, and the
table goes on (issue 21: a name broken over two lines with a blank line between lost 14
of 15 indicators)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.grid import grid_from_cell_lines
from exchange.importer import import_text
from scoring import score_document

D = Decimal
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def _cell_lines(rows: list[list[str]], before: str = "项目支出绩效自评表", after: str = "备注：无") -> str:
    out = [before, ""]
    for row in rows:
        out += ["\t" + v for v in row] + [""]
    return "\n".join(out + [after, ""])


def test_a_name_with_a_blank_line_inside_keeps_its_row_and_the_rest_of_the_table():
    rows = [["项目名称", "文化下乡", "", "", "", "", ""], HEADER]
    rows.append(["产出指标（100分）", "数量指标", "活动参与人数\n\n（线上&线下）", "≥1000人次", "1200人次", "10", "10"])
    for i in range(14):
        rows.append(["", "数量指标", f"开展活动{i + 1}", "≥10场", "9场", "6", "5.4"])
    result = import_text(_cell_lines(rows))
    doc = result.document
    names = [ind.name for _, ind in doc.iter_indicators()]
    assert len(names) == 15 and names[0] == "活动参与人数（线上&线下）"
    assert score_document(doc).total == D("85.60")  # 10 + 14 × 5.4
    assert doc.narrative.remarks == "无"  # the text after the table is still read as such


_word = st.text(alphabet="指标活动场次人数线上下ABC123（）&", min_size=2, max_size=6)  # 2+: a column of single characters is folded
_cell = st.lists(_word, min_size=1, max_size=3).map(lambda parts: "\n\n".join(parts))
_plain = _word


@st.composite
def _tables(draw):
    width = draw(st.integers(2, 6))
    n = draw(st.integers(1, 8))
    # a cell may hold blank lines anywhere but in the last cell of its row (see grid_from_cell_lines)
    return [[draw(_cell) for _ in range(width - 1)] + [draw(_plain)] for _ in range(n)]


@settings(max_examples=150, deadline=None)
@given(_tables())
def test_blank_lines_inside_cells_never_lose_a_row(rows):
    grid = grid_from_cell_lines(_cell_lines(rows))
    table = [[c.value for c in row] for row in grid.rows if len(row) > 1]
    assert table == rows  # every row, every cell, each cell's blank lines kept
