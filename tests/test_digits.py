"""Numbers keep the digits typed: `138.40` stays `138.40` in the field, in the
file, in the grid, and in exports (an xlsx number format with the same
decimals); computed figures are not padded with zeros."""

from __future__ import annotations

from decimal import Decimal

from builders import form as build, ind
from test_app_support import app_for, clear_field, isolated, type_text  # noqa: F401

from exchange.export import export_document
from exchange.text import csv_text
from model import dumps_document, loads_document
from scoring import score_document
from tui.session import EXECUTION, Address, Session
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))


def doc_with(**indicator):
    return build(ind("≥10场", "12场", name="开展培训", **indicator))


def test_retyping_a_figure_with_a_trailing_zero_is_an_edit_and_is_saved_so():
    session = Session(doc_with(weight=5))
    session.edit(EXECUTION, {"budget": Decimal("138.4")}, key="typing")
    session.seal()
    session.edit(EXECUTION, {"budget": Decimal("138.40")}, key="typing")
    assert str(session.doc.execution.budget) == "138.40"
    assert "budget = 138.40\n" in dumps_document(session.doc)
    # and the document with 138.40 is not the one with 138.4: unsaved work
    saved = Session(session.doc)
    saved.edit(EXECUTION, {"budget": Decimal("138.4")})
    assert saved.dirty
    assert saved.undo() is not None and not saved.dirty


def test_typing_a_zero_after_a_figure_in_one_run_keeps_it_and_typing_back_drops_the_step():
    session = Session(doc_with(weight=5))
    for text in ("1", "13", "138", "138.", "138.4", "138.40"):
        session.edit(EXECUTION, {"budget": Decimal(text.rstrip(".") or "0")}, key="run")
    assert str(session.doc.execution.budget) == "138.40"
    assert len(session.undo_stack) == 1
    session.edit(EXECUTION, {"budget": Decimal(100)}, key="run")  # typed back to what it was (100)
    assert not session.undo_stack and not session.dirty


def test_load_save_load_keeps_the_digits():
    text = dumps_document(doc_with(weight=Decimal("5.50"), score=Decimal("4.0")))
    assert "weight = 5.50\n" in text and "score = 4.0\n" in text
    again = loads_document(text.encode())
    assert dumps_document(again) == text


async def test_a_figure_typed_in_the_editor_is_saved_and_shown_as_typed(tmp_path):
    path = tmp_path / "表.toml"
    path.write_text(dumps_document(doc_with(weight=5)), encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(EXECUTION, "budget")
        await pilot.pause()
        await clear_field(pilot, screen.query_one("#execution-budget", FieldInput))
        await type_text(pilot, "138.40")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "budget = 138.40\n" in path.read_text(encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.go_to(EXECUTION, "budget")
        await pilot.pause()
        assert app.screen.query_one("#execution-budget", FieldInput).value == "138.40"


def test_exports_keep_the_typed_decimals_and_leave_computed_scores_alone(tmp_path):
    import openpyxl

    doc = build(ind("≥10场", "12场", name="开展培训", weight=Decimal("5.50"), score=Decimal("4.50")),
                ind("≥10场", "5场", name="培训人数", weight=Decimal("5")))
    out = tmp_path / "表.xlsx"
    export_document(doc, out)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    formats = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)):
                formats.setdefault(cell.value, cell.number_format)
    assert formats[5.5] == "0.00"  # the weight typed 5.50
    assert formats[4.5] == "0.00"  # the typed score 4.50
    assert formats[2.5] == "General"  # 5 × 5/10 by the formula: computed, no zeros added
    csv = csv_text(doc, score_document(doc))
    assert ",5.50,4.50," in csv and ",2.5," in csv
