"""Funding rows (当年财政拨款 / 上年结转资金 / 其他资金) in the app: edited under
the execution's fields, checked against the execution block; 基本支出 /
项目支出 on department forms only."""

from __future__ import annotations

import shutil
from decimal import Decimal

from builders import codes, execution, form
from test_app_support import ROOT, app_for, clear_field, isolated, screen_text, type_text  # noqa: F401

from model import FundRow
from scoring import score_document
from tui.session import EXECUTION
from tui.widgets.editor import FieldInput

TEMPLATE = ROOT / "sample_data" / "templates" / "central-project.toml"


def test_fund_rows_whose_spending_does_not_add_up_are_an_error_and_those_that_do_are_not():
    rows = (FundRow(name="当年财政拨款", budget=Decimal(90), spent=Decimal(80)),
            FundRow(name="上年结转资金", budget=Decimal(10), spent=Decimal(10)))
    wrong = form(exe=execution(budget=100, spent=100, funds=rows))
    assert "FUNDS_BREAKDOWN" in codes(score_document(wrong))
    right = form(exe=execution(budget=100, spent=90, funds=rows))
    assert "FUNDS_BREAKDOWN" not in codes(score_document(right))


async def test_fund_rows_are_typed_in_the_execution_editor_one_undo_step_per_cell(tmp_path):
    path = tmp_path / "项目.toml"
    shutil.copyfile(TEMPLATE, path)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(EXECUTION, "budget")
        await pilot.pause()
        await type_text(pilot, "100")
        text = screen_text(app)
        assert "当年财政拨款" in text and "基本支出" not in text  # a project form
        field = screen.query_one("#fund-0-budget", FieldInput)
        field.focus()
        await pilot.pause()
        await type_text(pilot, "90")
        funds = screen.session.doc.execution.funds
        assert [(f.name, f.budget) for f in funds] == [
            ("当年财政拨款", Decimal(90)), ("上年结转资金", None), ("其他资金", None)]
        assert "资金来源全年预算数：当年财政拨款 90 = 90 万元，不等于年度资金总额 100 万元" \
            in screen_text(app).replace("\n", "")
        screen.query_one("#fund-1-budget", FieldInput).focus()
        await pilot.pause()
        await type_text(pilot, "10")
        assert "FUNDS_BREAKDOWN" not in codes(screen.session.result)
        await pilot.press("ctrl+z")  # the second cell, typed as one run
        await pilot.pause()
        assert screen.session.doc.execution.funds[1].budget is None
        assert screen.query_one("#fund-1-budget", FieldInput).value == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [f.budget for f in screen.session.doc.execution.funds] == [None] * 3  # as the template had them


async def test_a_department_form_shows_basic_and_project_and_no_empty_fund_rows(tmp_path):
    path = tmp_path / "部门.toml"
    shutil.copyfile(ROOT / "sample_data" / "hongshan-2024-department.toml", path)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.go_to(EXECUTION, "budget")
        await pilot.pause()
        text = screen_text(app)
        assert "基本支出" in text and "项目支出" in text
        assert "当年财政拨款" not in text
        assert not app.screen.session.dirty  # showing the form changed nothing
