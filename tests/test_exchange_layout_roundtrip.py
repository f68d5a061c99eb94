"""The official layout alone carries a form's points: export, import back, same scores.

Each real sample form is exported as .docx, and as .xlsx with the hidden
`jixiao` sheet (the saved copy) deleted, so the importer reads only the printed
cells. What comes back must score the same total and grade, with the same goals,
levels and indicators: names, weights and scores, including a level scored as a
whole (dongxihu 2025: 产出 40/40, 效益 30/30, 满意度 10/10, no indicators).

What the printed layout cannot carry, and so is not compared here: the computing
method and qualitative tier of an indicator (计分方法, 定性档次), not-applicable
marks, whether an indicator's score was typed or computed (the layout prints the
score that counts), the declared subtotal of a goal, level or level two that has
indicators below it (only indicator scores are printed there), and the [rules]
beyond what the 备注 states. The hidden sheet of the xlsx restores all of those.
The declared total, execution rate and execution score are printed as the form
had them (the computed ones beside them only where they differ) and come back.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from exchange.export import export_document
from exchange.importer import import_file
from exchange.layout import DATA_SHEET
from model import Document, Goal, Indicator, Kind, LevelOne, LevelTwo, load_document
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))  # the real forms, not the templates


def _num(v: Decimal | None) -> Decimal | None:
    return None if v is None else v.normalize()


def _printed(doc: Document) -> dict:
    """What the official layout prints of a form's points, as comparable values."""
    res = score_document(doc)
    goals = []
    for goal, gr in zip(doc.goals, res.goals, strict=True):
        levels = []
        for level, lr in zip(goal.levels, gr.children, strict=True):
            subs = []
            for sub, sr in zip(level.sublevels, lr.children, strict=True):
                inds = [(ind.name, ind.target, ind.actual, _num(ind.weight), _num(ir.score))
                        for ind, ir in zip(sub.indicators, sr.children, strict=True)]
                subs.append((sub.name, _num(sub.weight), _num(sr.score), inds))
            levels.append((level.name, _num(level.weight), _num(lr.score), subs))
        goals.append((goal.title, _num(goal.weight), _num(gr.score), levels))
    ex = res.execution
    return {"total": res.total, "grade": res.grade, "goals": goals,
            "execution": (_num(ex.weight), _num(ex.score)),
            "projects": [(p.name, _num(p.budget), _num(p.spent), _num(p.declared_score)) for p in doc.projects]}


def _docx_back(doc: Document, tmp_path: Path) -> Document:
    out = tmp_path / "form.docx"
    export_document(doc, out)
    return import_file(out).document


def _visible_xlsx_back(doc: Document, tmp_path: Path) -> Document:
    out = tmp_path / "form.xlsx"
    export_document(doc, out)
    wb = openpyxl.load_workbook(out)
    del wb[DATA_SHEET]
    wb.save(out)
    result = import_file(out)
    assert not result.restored  # read from the cells, not the saved copy
    return result.document


READ_BACK = {"docx": _docx_back, "visible-xlsx": _visible_xlsx_back}


@pytest.mark.parametrize("how", sorted(READ_BACK))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_printed_layout_carries_the_points(path, how, tmp_path):
    doc = load_document(path)
    back = READ_BACK[how](doc, tmp_path)
    want, got = _printed(doc), _printed(back)
    assert (got["total"], got["grade"]) == (want["total"], want["grade"])
    assert got == want


@pytest.mark.parametrize("how", sorted(READ_BACK))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_printed_figures_come_back_as_printed(path, how, tmp_path):
    # the layout prints the form's own total, rate and execution score (the computed
    # ones only beside them where they differ), so an import of it records them again
    doc = load_document(path)
    back = READ_BACK[how](doc, tmp_path)
    printed = (doc.declared_total, doc.execution.declared_rate, doc.execution.declared_score)
    assert (back.declared_total, back.execution.declared_rate, back.execution.declared_score) == printed


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_form(path, tmp_path):
    doc = load_document(path)
    out = tmp_path / "form.xlsx"
    export_document(doc, out)
    assert import_file(out).document == doc


def test_the_dongxihu_levels_scored_as_a_whole_come_back_with_their_points(tmp_path):
    doc = load_document(ROOT / "sample_data" / "dongxihu-2025-department.toml")
    back = _docx_back(doc, tmp_path)
    levels = [(lv.name, lv.weight, lv.declared_score) for g in back.goals for lv in g.levels]
    assert levels == [("产出指标", 40, 40), ("效益指标", 30, 30), ("满意度指标", 10, 10)]
    assert score_document(back).grade == "优"


def _whole_levels_doc() -> Document:
    """A level and a level two scored as a whole, beside an empty category and an indicator."""
    goal = Goal(title="项目年度绩效指标", weight=Decimal(70), levels=(
        LevelOne(name="产出指标", weight=Decimal(30), sublevels=(
            LevelTwo(name="数量指标", weight=Decimal(20), indicators=(
                Indicator(name="培训场次", target="≥10场", actual="12场", weight=Decimal(20)),)),
            LevelTwo(name="质量指标", weight=Decimal(10), declared_score=Decimal("8.5")),
            LevelTwo(name="时效指标"),
        )),
        LevelOne(name="效益指标", weight=Decimal(30), declared_score=Decimal(27)),
        LevelOne(name="满意度指标", weight=Decimal(10)),  # weight, score not filled in
    ))
    return Document(kind=Kind.project, project_name="科普培训", unit="某单位", goals=(goal,))


@pytest.mark.parametrize("how", sorted(READ_BACK))
def test_level_twos_scored_as_a_whole_and_empty_categories(how, tmp_path):
    doc = _whole_levels_doc()
    back = READ_BACK[how](doc, tmp_path)
    assert _printed(back) == _printed(doc)
    (goal,) = back.goals
    quality = goal.levels[0].sublevels[1]
    assert (quality.name, quality.weight, quality.declared_score) == ("质量指标", 10, Decimal("8.5"))
    timing = goal.levels[0].sublevels[2]
    assert (timing.name, timing.weight, timing.declared_score, timing.indicators) == ("时效指标", None, None, ())
    benefit, satisfaction = goal.levels[1], goal.levels[2]
    assert (benefit.weight, benefit.declared_score) == (30, 27)
    assert (satisfaction.weight, satisfaction.declared_score) == (10, None)
