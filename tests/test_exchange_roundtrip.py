"""Export -> import gives the same document; edits made in WPS/Excel are taken and listed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange.importer import import_file
from exchange.layout import DATA_SHEET, FORM_SHEET
from exchange.notes import NoteKind
from exchange.xlsx import write_xlsx
from model import Document, Goal, Indicator, Kind, LevelOne, LevelTwo, Method, Tier, dumps_document, load_document
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
FORMS = sorted((ROOT / "sample_data").glob("*.toml")) + sorted((ROOT / "sample_data" / "templates").glob("*.toml"))
HONGSHAN_2024 = ROOT / "sample_data" / "hongshan-2024-department.toml"


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_document(path, tmp_path):
    doc = load_document(path)
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    result = import_file(out)
    assert result.restored
    assert result.document == doc
    assert dumps_document(result.document) == path.read_text(encoding="utf-8")
    assert result.notes == []


def _find(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


def test_an_actual_value_edited_in_the_spreadsheet_is_taken_and_listed(tmp_path):
    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    wb = openpyxl.load_workbook(out)
    ws = wb[FORM_SHEET]
    row = _find(ws, "经费拨付及时率").row
    ws.cell(row=row, column=6).value = "90%"  # 实际完成值
    ws.cell(row=_find(ws, "外聘律师团队").row, column=7).value = 2  # a typed score changed (得分: the form has no 分值)
    wb.save(out)
    result = import_file(out)
    assert result.restored
    changed = result.document
    paths = {ind.name: p for p, ind in changed.iter_indicators()}
    assert changed.goals[0].levels[0].sublevels[2].indicators[0].actual == "90%"
    assert changed.goals[1].levels[0].sublevels[0].indicators[6].score == Decimal(2)
    # everything the sheet cannot show is still the saved form's
    assert changed.rules == doc.rules and changed.narrative.summary == doc.narrative.summary
    assert changed.declared_total == doc.declared_total and changed.execution == doc.execution
    edits = [n for n in result.notes if n.kind is NoteKind.edited]
    assert len(edits) == 2
    assert any("经费拨付及时率" in n.message and "“95%”" in n.message and "“90%”" in n.message for n in edits)
    assert any("外聘律师团队" in n.message and "3" in n.message and "2" in n.message for n in edits)
    assert len(paths) > 20


def test_the_merge_keeps_the_saved_form_unless_a_cell_changed_and_names_the_field():
    from exchange.merge import merge_documents
    from model.edit import update_at
    from model.labels import FIELD_LABELS

    doc = load_document(HONGSHAN_2024)
    shown = doc.model_copy(update={"narrative": doc.narrative.model_copy(update={"summary": ""})})
    assert merge_documents(doc, shown, shown) == (doc, [])  # what the sheet cannot show is kept
    path, indicator = next(doc.iter_indicators())
    now = update_at(shown, path, reason="新的原因")
    merged, notes = merge_documents(doc, shown, now)
    assert merged.narrative == doc.narrative and merged.goals != doc.goals
    (note,) = notes
    assert indicator.name in note.message and f"{FIELD_LABELS['reason']}：" in note.message


def test_a_computed_score_left_alone_stays_computed(tmp_path):
    # a form whose scores come from the formula: the export writes them as values,
    # the import must not turn them into typed scores
    ind = Indicator(name="开展活动次数", target="≥10次", actual="8次", weight=Decimal(10))
    doc = Document(kind=Kind.project, project_name="测试项目", goals=(Goal(title="项目年度绩效指标", weight=Decimal(10),
                   levels=(LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=(ind,)),)),)),))
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    ws = openpyxl.load_workbook(out)[FORM_SHEET]
    assert ws.cell(row=_find(ws, "开展活动次数").row, column=8).value == 8  # the value is there for WPS
    back = import_file(out).document
    assert back == doc and back.goals[0].levels[0].sublevels[0].indicators[0].score is None


def test_rows_added_and_removed_in_the_spreadsheet(tmp_path):
    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    wb = openpyxl.load_workbook(out)
    ws = wb[FORM_SHEET]
    r = _find(ws, "外聘律师团队").row
    ws.cell(row=r, column=4).value = "新增的指标"  # a renamed row reads as that row edited
    wb.save(out)
    result = import_file(out)
    names = [ind.name for _, ind in result.document.iter_indicators()]
    assert "新增的指标" in names and "外聘律师团队" not in names
    assert any(n.kind is NoteKind.edited and "新增的指标" in n.message for n in result.notes)


def test_without_the_hidden_sheet_the_visible_form_is_read(tmp_path):
    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    wb = openpyxl.load_workbook(out)
    del wb[DATA_SHEET]
    wb.save(out)
    result = import_file(out)
    assert not result.restored
    back = result.document
    # every visible figure and text comes back; only what the form does not print is missing
    assert back.goals == doc.goals
    assert back.execution == doc.execution
    assert (back.unit, back.title, back.year, back.fill_date, back.declared_total) == \
        (doc.unit, doc.title, doc.year, doc.fill_date, doc.declared_total)
    assert back.narrative.deviation == doc.narrative.deviation
    assert back.narrative.remarks == doc.narrative.remarks
    # [rules] is not on the printed form, but its 备注 states the rules (reverse A/B, tiers 80/50)
    assert back.rules == doc.rules
    assert any("备注写明了计分规则" in n.message for n in result.notes)
    assert result.warnings == []
    assert result.notes[-1].message == "表上总分 97.78，导入后计算得 97.78（优）"


def test_a_damaged_hidden_sheet_falls_back_to_the_visible_form(tmp_path):
    doc = load_document(HONGSHAN_2024)
    out = tmp_path / "form.xlsx"
    write_xlsx(doc, out)
    wb = openpyxl.load_workbook(out)
    wb[DATA_SHEET]["A4"].value = "this is [not toml"
    wb.save(out)
    result = import_file(out)
    assert not result.restored
    assert any("已损坏" in n.message for n in result.notes)
    assert result.document.goals == doc.goals


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_text, min_size=1, max_size=4), targets=st.lists(_text, min_size=1, max_size=4),
       weights=st.lists(st.none() | st.decimals(0, 100, places=2), min_size=1, max_size=4),
       method=st.sampled_from(list(Method)), tier=st.none() | st.sampled_from(list(Tier)),
       kind=st.sampled_from(list(Kind)))
def test_round_trip_of_arbitrary_indicator_tables(tmp_path, names, targets, weights, method, tier, kind):
    inds = tuple(Indicator(name=n, target=targets[i % len(targets)], actual=targets[-1 - i % len(targets)],
                           weight=weights[i % len(weights)], method=method, tier=tier)
                 for i, n in enumerate(names))
    doc = Document(kind=kind, unit=names[0], goals=(
        Goal(title=names[-1], target=targets[0], weight=weights[0], levels=(
            LevelOne(name=targets[0], sublevels=(LevelTwo(name=names[0], indicators=inds),
                                                 LevelTwo(name=targets[-1]))),)),
        Goal(title="", target=names[0], actual=targets[0])))
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    assert import_file(out).document == doc


@pytest.mark.parametrize("text", ["x\x01y", "_x0001_", "_x005F_x0041_", "a\tb", " 前后空格 ", "'=1+1",
                                  "年度目标1（20分）：冒充目标行", "单位名称", "一级指标", "x" * 40_000],
                         ids=lambda text: f"{text[:12]!r}x{len(text)}")  # Windows caps PYTEST_CURRENT_TEST
def test_round_trip_of_awkward_text(tmp_path, text):
    short = text[:2000]
    doc = Document(unit=short, narrative={"remarks": text}, goals=(Goal(title=short, target=text, levels=(
        LevelOne(name=short, sublevels=(LevelTwo(name="数量指标", indicators=(
            Indicator(name=short, target=short, actual=short, reason=text),)),)),)),))
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    result = import_file(out)
    assert result.document == doc
    assert result.notes == []


def test_scores_shown_are_the_printed_ones(tmp_path):
    # Dongxihu 2025 printed 87%, 17.4 and 97.4: the computed 87.20%, 17.44 and
    # 97.44 are the same figures rounded, so the form shows its own, unmarked
    doc = load_document(ROOT / "sample_data" / "dongxihu-2025-department.toml")
    result = score_document(doc)
    assert result.execution.score == Decimal("17.44") and doc.execution.declared_score == Decimal("17.4")
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    ws = openpyxl.load_workbook(out)[FORM_SHEET]
    head = _find(ws, "得分（分值×执行率）")
    assert ws.cell(row=head.row + 1, column=head.column).value == pytest.approx(17.4)
    rate = _find(ws, "执行率（B/A）")
    cell = ws.cell(row=rate.row + 1, column=rate.column)
    assert cell.value == pytest.approx(0.87) and cell.number_format == "0%"
    assert ws.cell(row=_find(ws, "总分").row, column=2).value == pytest.approx(97.4)
    assert _find(ws, "总分：97.4")


def test_a_printed_score_is_never_replaced_by_the_computed_one(tmp_path):
    # the 上级转移支付 project printed 99; its indicators add up to 74
    doc = load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml")
    assert score_document(doc).total == Decimal("74.00") and doc.declared_total == Decimal("99")
    out = tmp_path / "f.xlsx"
    write_xlsx(doc, out)
    ws = openpyxl.load_workbook(out)[FORM_SHEET]
    total = _find(ws, "自评得分")
    assert ws.cell(row=total.row, column=2).value == "99（计算得分：74）"
    grade = _find(ws, "评价等级")
    assert ws.cell(row=total.row, column=grade.column + 2).value == "优（计算：中）"
    assert _find(ws, "自评得分：99（计算得分：74）")
    # read back from the printed cells alone, 99 is still what the form printed
    wb = openpyxl.load_workbook(out)
    del wb[DATA_SHEET]
    wb.save(out)
    back = import_file(out)
    assert back.document.declared_total == Decimal("99")
    assert not [n for n in back.notes if n.kind is NoteKind.skipped_cell]  # the marks are read, not skipped


# -- user text survives export and import exactly (CSV and xlsx) ---------------------------

AWKWARD = [" =1+1", "\n=1+1", "'=1+1", "''", "'", "'x", "\t=1", "=1+1", "-5", "+3", "@SUM(A1)", " 前后空格 ",
           "", " ", "\n", "单位名称", "年度目标1（20分）：冒充目标行", "一级指标", "产出指标", "12", "95%", "不适用",
           "\x1b]0;title\x07", "\u202e右到左", "a\r\nb"]


def _one_indicator(name: str, target: str, actual: str) -> Document:
    return Document(goals=(Goal(title="年度目标1", levels=(LevelOne(name="产出指标", sublevels=(
        LevelTwo(name="数量指标", indicators=(Indicator(name=name, target=target, actual=actual),)),)),)),))


def _csv_round_trip(doc: Document, tmp_path) -> Document:
    from exchange.export import export_document

    path = tmp_path / "f.csv"
    export_document(doc, path, overwrite=True)
    return import_file(path).document


def _texts(doc: Document) -> list[tuple[str, str, str]]:
    return [(i.name, i.target, i.actual) for _, i in doc.iter_indicators()]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_survives_csv_export_and_import(tmp_path, text):
    doc = _one_indicator(text, text, text)
    assert _texts(_csv_round_trip(doc, tmp_path)) == _texts(doc)


_any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20) | st.sampled_from(AWKWARD)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_any_text, _any_text, _any_text), min_size=1, max_size=4))
def test_any_indicator_text_survives_csv_and_xlsx_export_and_import(tmp_path, rows):
    inds = tuple(Indicator(name=n, target=t, actual=a) for n, t, a in rows)
    doc = Document(goals=(Goal(title="年度目标1", levels=(LevelOne(name="产出指标", sublevels=(
        LevelTwo(name="数量指标", indicators=inds),)),)),))
    expected = _texts(doc)  # as the model keeps it (a typed \r\n is a \n)
    assert _texts(_csv_round_trip(doc, tmp_path)) == expected
    write_xlsx(doc, tmp_path / "f.xlsx")
    assert _texts(import_file(tmp_path / "f.xlsx").document) == expected
