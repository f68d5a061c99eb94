"""Export: the official form as xlsx (read back with openpyxl), CSV and Markdown."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exchange.layout import DATA_SHEET, FINDINGS_SHEET, FORM_SHEET, render, wording
from exchange.text import CSV_COLUMNS, csv_text, markdown_text
from exchange.xlsx import write_xlsx
from model import Document, Indicator, Kind, LevelOne, LevelTwo, Goal, load_document
from scoring import score_document
from scoring.rules import fmt

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))
HONGSHAN_2024 = ROOT / "sample_data" / "hongshan-2024-department.toml"


def test_there_are_sample_forms():
    names = {p.name for p in SAMPLES}
    assert "hongshan-2024-department.toml" in names
    assert {"hongshan-2023-project-science.toml", "hongshan-2023-project-operations.toml"} <= names


def _open(doc: Document, tmp_path: Path):
    path = tmp_path / "form.xlsx"
    write_xlsx(doc, path)
    return openpyxl.load_workbook(path)


def _find(ws, text: str):
    """The cell whose value is exactly `text`."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"no cell {text!r}")


def _find_all(ws, text: str):
    return [cell for row in ws.iter_rows() for cell in row if cell.value == text]


def _merged_range(ws, cell):
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng
    return None


def _num(value) -> Decimal | None:
    return None if value is None else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_exports_with_its_figures_in_the_right_cells(path, tmp_path):
    doc = load_document(path)
    result = score_document(doc)
    wb = _open(doc, tmp_path)
    assert wb.sheetnames == [FORM_SHEET, FINDINGS_SHEET, DATA_SHEET]
    ws = wb[FORM_SHEET]

    # execution: the value row under each header holds the figures
    ex, er = doc.execution, result.execution
    words = wording(doc)  # the form's own headings (seed 000: 预算数（A）, 得分（20分*执行率）)
    for key, expected in (("budget", ex.budget), ("spent", ex.spent), ("weight", ex.weight),
                          ("initial_budget", ex.initial_budget)):
        head = words[f"execution_{key}"]
        if not _find_all(ws, head) or key == "weight" and "hongshan-2024" in path.stem:
            # a column the form leaves empty is not printed, nor 分值 where 得分（20分*执行率） names it
            assert expected is None and key == "initial_budget" or key == "weight" \
                and (expected is None or f"{fmt(expected)}分" in words["execution_score"]), head
            continue
        cell = _find_all(ws, head)[0]
        below = ws.cell(row=cell.row + 1, column=cell.column).value
        assert _num(below) == expected, head
    rate = ws.cell(row=_find(ws, "执行率（B/A）").row + 1, column=_find(ws, "执行率（B/A）").column)
    # rate and score as the form printed them (none of the samples' differ beyond rounding)
    if ex.declared_rate is not None:
        assert Decimal(repr(rate.value)) * 100 == ex.declared_rate
        assert rate.number_format == ("0%" if ex.declared_rate == ex.declared_rate.to_integral() else "0.00%")
    elif er.rate is None:
        assert rate.value is None
    else:
        assert round(Decimal(repr(rate.value)) * 100, 2) == er.rate
        assert "%" in rate.number_format
    score_cell = _find(ws, words["execution_score"])
    printed_score = ex.declared_score if ex.declared_score is not None else er.score
    assert _num(ws.cell(row=score_cell.row + 1, column=score_cell.column).value) == printed_score

    # every indicator: its row holds target, actual, weight and the score that counts, each
    # under its heading; a column the form does not have (分值 on Hongshan 2024) is not there
    head_row = _find_all(ws, "一级指标")[0].row if _find_all(ws, "一级指标") else 1
    heads = [ws.cell(row=head_row, column=c).value for c in range(1, ws.max_column + 1)]
    col = {key: heads.index(head) + 1 for key, head in (("name", "三级指标"), ("target", "年初目标值（A）"),
                                                        ("actual", "实际完成值（B）"), ("weight", "分值"),
                                                        ("score", "得分")) if head in heads}
    if "hongshan-2024" in path.stem:  # the seed's tables: no 分值, no 偏差原因分析
        assert heads[1:] == ["一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"]
    elif not any(True for _ in doc.iter_indicators()):
        col = {}
    else:
        assert "weight" in col and "偏差原因分析" in heads
    rows_by_name: dict[str, list[int]] = {}
    for row in ws.iter_rows(min_col=col["name"], max_col=col["name"]) if col else ():
        if isinstance(row[0].value, str):
            rows_by_name.setdefault(row[0].value, []).append(row[0].row)
    seen: dict[str, int] = {}
    for p, ind in doc.iter_indicators():
        k = seen.get(ind.name, 0)
        seen[ind.name] = k + 1
        r = rows_by_name[ind.name][k] if ind.name else None
        if r is None:
            continue
        values = {key: ws.cell(row=r, column=c).value for key, c in col.items()}
        assert (values["target"] or "") == ind.target
        assert (values["actual"] or "") == ind.actual
        assert _num(values.get("weight")) == ind.weight
        assert _num(values["score"]) == result.node(p).score

    # the total and the grade: as printed; computed when the form printed none; 未评分 unscored
    scored = result.execution.score is not None or any(g.score is not None for g in result.goals if g.scored)
    label = "总分" if doc.kind is Kind.department else "自评得分"
    total = _find(ws, label)
    value = ws.cell(row=total.row, column=2).value
    grade = ws.cell(row=total.row, column=7).value
    if doc.declared_total is None:
        assert _num(value) == (result.total if scored else None)
        assert grade == result.grade  # 未评分 when nothing is scored
    elif isinstance(value, str):  # a printed total the computed one differs from, beside it
        assert value == f"{doc.declared_total}（计算得分：{fmt(result.total)}）"
    else:
        assert _num(value) == doc.declared_total

    # narrative fields
    for head, text in (("偏差大或目标未完成原因分析", doc.narrative.deviation),
                       ("改进措施及结果应用方案", doc.narrative.improvement), ("备注", doc.narrative.remarks)):
        cell = _find(ws, head)
        assert (ws.cell(row=cell.row, column=2).value or "") == text

    # the findings sheet lists every finding
    fs = wb[FINDINGS_SHEET]
    codes = [fs.cell(row=r, column=3).value for r in range(4, 4 + len(result.findings))]
    assert codes == [f.code for f in result.findings]
    assert wb[DATA_SHEET].sheet_state == "hidden"


def test_the_level_columns_are_merged_where_a_level_spans_rows(tmp_path):
    doc = load_document(HONGSHAN_2024)
    ws = _open(doc, tmp_path)[FORM_SHEET]
    # goal 2, 产出指标 / 数量指标 has 7 indicators: both cells span those 7 rows
    first = _find(ws, "定期更换科普橱窗内容次数").row
    last = _find(ws, "外聘律师团队").row
    sub = _merged_range(ws, ws.cell(row=first, column=3))
    assert ws.cell(row=first, column=3).value == "数量指标"
    assert (sub.min_row, sub.max_row) == (first, last)
    level = _merged_range(ws, ws.cell(row=first, column=2))
    assert ws.cell(row=first, column=2).value == "产出指标"
    assert level.min_row == first and level.max_row == _find_all(ws, "经费使用限额")[1].row
    # the block column spans the whole indicator table of the goal
    block = _merged_range(ws, ws.cell(row=first, column=1))
    assert ws.cell(row=block.min_row, column=1).value == "年度绩效指标"
    assert block.max_row == _find(ws, "社区及居民满意度").row
    # title and the goal line span the full width
    title = _merged_range(ws, ws["A1"])
    # (seven columns: the block, 一级 … 三级, target, actual, 得分, as seed 000 prints them)
    assert ws["A1"].value == doc.title and (title.min_col, title.max_col) == (1, 7)
    goal_line = _find(ws, "年度目标1（20分）：建设湖北省科普惠民区及社区（村）组织开展科普活动。")
    assert _merged_range(ws, goal_line).max_col == 7


def test_print_setup_font_and_widths(tmp_path):
    doc = load_document(HONGSHAN_2024)
    ws = _open(doc, tmp_path)[FORM_SHEET]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$2"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1  # 1 is the OOXML default, left out by xlsxwriter
    assert int(ws.page_setup.fitToHeight) == 0  # as many pages down as needed
    assert "&P" in ws.oddFooter.center.text
    fonts = {ws.cell(row=r, column=c).font.name for r in range(1, 40) for c in range(1, 10)
             if ws.cell(row=r, column=c).value is not None}
    assert fonts == {"宋体"}
    # borders on the table, none on the title
    assert ws["A3"].border.left.style == "thin"
    assert ws["A1"].border.left.style is None
    # the indicator-name column is wide enough for a typical name, and the widest; the score column narrow
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFG"}
    assert widths["D"] >= 18 and max(widths, key=widths.get) == "D"
    assert widths["G"] <= 10


def test_a_long_text_row_is_tall_enough(tmp_path):
    doc = load_document(HONGSHAN_2024)
    sheet = render(doc)
    remarks_row = next(r for (r, c), cell in sheet.cells.items() if cell.value == "备注")
    assert sheet.heights[remarks_row] >= 3 * 14  # three numbered paragraphs, wrapped


def test_unscored_forms_show_no_total(tmp_path):
    doc = load_document(ROOT / "sample_data" / "hongshan-2023-project-science.toml")
    ws = _open(doc, tmp_path)[FORM_SHEET]
    total = _find(ws, "自评得分")
    assert ws.cell(row=total.row, column=2).value is None  # not a misleading 0 / 差


def test_user_text_is_written_as_text_never_as_a_formula(tmp_path):
    doc = Document(kind=Kind.department, unit="=HYPERLINK(\"http://x\")", goals=(Goal(title="目标", levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=(
            Indicator(name="=1+1", target="=5次", actual="http://example.com", score=Decimal(3)),)),)),)),))
    path = tmp_path / "f.xlsx"
    write_xlsx(doc, path)
    ws = openpyxl.load_workbook(path)[FORM_SHEET]
    cell = _find(ws, "=1+1")
    assert cell.data_type == "s"
    assert ws.cell(row=cell.row, column=5).value == "=5次"
    assert ws.cell(row=cell.row, column=5).data_type == "s"
    assert not any(c.hyperlink for row in ws.iter_rows() for c in row)


def test_csv_has_one_row_per_indicator_with_a_bom(tmp_path):
    doc = load_document(HONGSHAN_2024)
    text = csv_text(doc)
    data = text.encode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    indicators = list(doc.iter_indicators())
    assert len(rows) == 1 + len(indicators)
    first = dict(zip(rows[0], rows[1]))
    assert first["三级指标"] == "建设科普惠民社区（村）数量"
    assert first["实际完成值"] == "9个" and first["得分"] == "4" and first["完成率"] == "900%"
    assert "OVERSHOOT" not in first["问题"] and "目标可能定得过低" in first["问题"]


def test_csv_guards_cells_that_a_spreadsheet_would_run_as_formulas():
    doc = Document(goals=(Goal(levels=(LevelOne(sublevels=(LevelTwo(indicators=(
        Indicator(name="=cmd|' /C calc'!A0", target="-5", actual="+3", reason="@SUM(A1)"),)),)),)),))
    row = list(csv.reader(io.StringIO(csv_text(doc))))[1]
    assert row[3] == "'=cmd|' /C calc'!A0"
    assert row[4] == "'-5" and row[5] == "'+3" and row[13] == "'@SUM(A1)"


def test_markdown_report_has_the_figures_and_shows_user_text_literally():
    doc = load_document(HONGSHAN_2024)
    text = markdown_text(doc)
    assert text.startswith("# 2024年度武汉市洪山区科学技术协会部门整体绩效自评表")
    assert "**总分：97.78（优）**" in text
    assert "| 部门整体支出总额 |  | 491.27 | 485.77 | 98.88% | 20 | 19.78 |" in text
    assert "## 年度目标2（59 / 60 分）" in text
    assert "UNIT_KIND_MISMATCH" in text
    odd = Document(title="[b]粗体[/b] | *x*", goals=(Goal(title="<script>", levels=(LevelOne(name="a|b", sublevels=(
        LevelTwo(indicators=(Indicator(name="# 标题", target="≥1次", actual="1次"),)),)),)),))
    md = markdown_text(odd)
    assert "# \\[b\\]粗体\\[/b\\] \\| \\*x\\*" in md
    assert "\\<script\\>" in md and "| a\\|b |" in md and "| \\# 标题 |" in md


def test_export_document_refuses_to_overwrite_and_says_why(tmp_path):
    from exchange.export import ExportError, export_document

    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "f.xlsx"
    done = export_document(doc, out)
    assert done.fmt == "xlsx" and done.size == out.stat().st_size and done.result.total == Decimal("97.78")
    before = out.read_bytes()
    with pytest.raises(ExportError) as err:
        export_document(doc, out, "csv")
    assert err.value.reason == "exists" and out.read_bytes() == before
    assert export_document(doc, out, "csv", overwrite=True).path.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(ExportError) as err:
        export_document(doc, tmp_path / "f.pdf")
    assert err.value.reason == "format"
    with pytest.raises(ExportError) as err:
        export_document(doc, tmp_path / "missing" / "f.md")
    assert err.value.reason == "write" and "无法写入" in str(err.value)
