"""The grid editor (表格编辑): a form typed in as in a spreadsheet.

Pilot tests of its keys (typing replaces, F2 keeps, Enter after a run of
Tabs, Tab / Shift+Tab, Esc twice, Enter on the last row, Ctrl+N, Ctrl+D),
paste, undo (one step per cell, one per paste), the current row's findings;
and the headless part (`tui.sheet`): rows and pasted blocks.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from builders import form as build, ind
from test_app_support import ROOT, app_for, isolated, screen_text, type_text  # noqa: F401

from tui import compat
from model import Goal, LevelOne, LevelTwo, dumps_document, load_document
from tui.session import FORM, Address, Session
from tui.sheet import COLUMNS, PasteError, build_rows, fill, scope_of
from tui.text import number

SUB = (0, 0, 0)  # 年度目标1 / 产出指标 / 数量指标
FIRST = Address("goals", SUB + (0,))
SECOND = Address("goals", SUB + (1,))
EMPTY_SUB = Address("goals", (0, 0, 1))  # 质量指标: no indicators


def small_form() -> object:
    goal = Goal(title="年度目标1", weight=Decimal(80), levels=(
        LevelOne(name="产出指标", sublevels=(
            LevelTwo(name="数量指标", indicators=(
                ind("≥10场", "12场", weight=5, name="开展培训"),
                ind("≥100人", "90人", weight=5, name="培训人数"),
            )),
            LevelTwo(name="质量指标"),
        )),
    ))
    return build(goals=(goal,))


@pytest.fixture
def path(tmp_path) -> Path:
    out = tmp_path / "表.toml"
    out.write_text(dumps_document(small_form()), encoding="utf-8")
    return out


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in compat.notifications(app))


def col(name: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.name == name)


async def open_grid(pilot, at: Address = FIRST):
    screen = pilot.app.screen
    screen.go_to(at)
    await pilot.pause()
    await pilot.press("ctrl+g")
    await pilot.pause()
    return screen, screen.grid


def indicator(screen, address: Address):
    return screen.session.node(address)


async def test_opens_on_the_selected_indicator_and_typing_replaces_the_cell(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, SECOND)
        # the cell's input has the keys, laid over the cell, its text selected
        assert screen.grid_mode and screen.focused is grid.input and not grid.editing
        assert grid.input.value == "培训人数" and grid.input.selected_text == "培训人数"
        assert grid.current.address == SECOND and grid.column == col("name")
        text = screen_text(app)
        assert "表格编辑" in text and "培训人数" in text and "› 数量指标" in text
        await type_text(pilot, "学员")
        assert grid.editing and grid.input.value == "学员"
        await pilot.press("enter")
        await pilot.pause()
        assert indicator(screen, SECOND).name == "学员"  # replaced, not appended
        assert grid.current.kind == "empty"  # Enter moved down (to 质量指标's empty row)


async def test_f2_keeps_the_text_and_esc_cancels_then_leaves(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("f2")
        await type_text(pilot, "班")
        await pilot.press("enter")
        await pilot.pause()
        assert indicator(screen, FIRST).name == "开展培训班"
        await pilot.press("up")
        await type_text(pilot, "作废")
        await pilot.press("escape")  # cancels the edit, stays in the grid
        await pilot.pause()
        assert indicator(screen, FIRST).name == "开展培训班"
        assert screen.grid_mode and not grid.editing and grid.input.value == "开展培训班"
        await pilot.press("escape")  # leaves the grid, at the row the cursor was on
        await pilot.pause()
        assert not screen.grid_mode and screen.pane == "tree"
        assert screen.editor.address == FIRST
        assert "表格编辑：" not in screen_text(app)


async def test_a_row_typed_with_tabs_and_enter_then_the_next_row_starts_at_its_name(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, EMPTY_SUB)
        assert grid.current.kind == "empty"
        for value in ("合格率", "90%", "95%", "10"):
            await type_text(pilot, value)
            await pilot.press("tab")
        await type_text(pilot, "9")
        assert grid.column == col("score")
        await pilot.press("enter")  # last row: commits, and makes no row (Ctrl+N does)
        await pilot.pause()
        new = Address("goals", (0, 0, 1, 0))
        made = indicator(screen, new)
        assert (made.name, made.target, made.actual, made.weight, made.score) == (
            "合格率", "90%", "95%", Decimal(10), Decimal(9))
        assert len(screen.session.node(EMPTY_SUB).indicators) == 1  # no 新指标 row
        assert grid.current.address == new
        assert grid.column == col("name")  # back to the column the run of Tabs started in
        await pilot.press("enter")  # again: still no row
        await pilot.pause()
        assert len(screen.session.node(EMPTY_SUB).indicators) == 1
        await pilot.press("ctrl+n")  # Ctrl+N adds one
        await pilot.pause()
        assert len(screen.session.node(EMPTY_SUB).indicators) == 2
        assert grid.current.address == Address("goals", (0, 0, 1, 1))
        # Shift+Tab from the name column goes back to the row above's last column
        await pilot.press("shift+tab")
        assert grid.current.address == new and grid.column == col("score")
        await pilot.press("shift+tab")
        assert grid.column == col("weight")


async def test_each_committed_cell_is_one_undo_step(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("tab", "tab", "tab")  # to the weight column
        await type_text(pilot, "8")
        await pilot.press("tab")
        await type_text(pilot, "6")
        await pilot.press("enter")
        await pilot.pause()
        first = indicator(screen, FIRST)
        assert (first.weight, first.score) == (Decimal(8), Decimal(6))
        total = screen.session.result.total
        assert f"总分 {number(total)}" in screen_text(app)  # the status line follows
        await pilot.press("ctrl+z")
        await pilot.pause()
        first = indicator(screen, FIRST)
        assert (first.weight, first.score) == (Decimal(8), None)  # only the score undone
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert indicator(screen, FIRST).weight == Decimal(5)
        assert not screen.session.dirty


async def test_a_number_cell_refuses_text_and_says_why(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("end")  # the last column: the score
        assert grid.column == col("score")
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await pilot.pause()
        assert grid.editing  # still editing
        assert "不是数字" in screen_text(app)
        assert indicator(screen, FIRST).score is None
        await pilot.press("escape")
        await pilot.pause()
        assert not grid.editing and "不是数字" not in screen_text(app)


async def test_ctrl_n_adds_a_row_below_and_ctrl_d_deletes_one_undoably(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        sub = screen.session.node(Address("goals", SUB))
        assert [i.name for i in sub.indicators] == ["开展培训", "新指标", "培训人数"]
        assert grid.current.address == SECOND and grid.column == col("name")
        await type_text(pilot, "新行")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("up", "ctrl+d")
        await pilot.pause()
        sub = screen.session.node(Address("goals", SUB))
        assert [i.name for i in sub.indicators] == ["开展培训", "培训人数"]
        assert "已删除指标「新行」" in toasts(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        sub = screen.session.node(Address("goals", SUB))
        assert [i.name for i in sub.indicators] == ["开展培训", "新行", "培训人数"]


async def test_a_pasted_block_fills_from_the_cursor_adding_rows_in_one_undo_step(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, SECOND)
        await pilot.press("right")  # the target column of 培训人数
        before = screen.session.doc
        # as a terminal's bracketed paste: the app hands it to the focused cell
        app.post_message(_paste("≥80人\t85人\n≥2期\t3期\n≥1次\t1次\n"))
        await pilot.pause()
        sub = screen.session.node(Address("goals", SUB))
        assert [(i.name, i.target, i.actual) for i in sub.indicators] == [
            ("开展培训", "≥10场", "12场"), ("培训人数", "≥80人", "85人"),
            ("", "≥2期", "3期"), ("", "≥1次", "1次")]
        assert "已粘贴 3 行（新增 2 行" in toasts(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.doc == before  # one step


async def test_a_pasted_single_value_is_typed_into_the_cell(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, SECOND)
        app.post_message(_paste("学员人数"))
        await pilot.pause()
        assert grid.editing and grid.input.value == "学员人数"  # replaced the selected name
        await pilot.press("enter")
        await pilot.pause()
        assert indicator(screen, SECOND).name == "学员人数"


async def test_the_current_rows_findings_are_shown_under_the_grid(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, SECOND)  # 90人 of ≥100人: unmet, no reason
        own = screen.session.result_of(SECOND).findings
        assert own
        text = screen_text(app)
        assert own[0].message[:12] in text.replace("\n", "")
        await pilot.press("up")
        await pilot.pause()
        assert own[0].message[:12] not in screen_text(app).replace("\n", "")


async def test_the_grid_at_200_columns_keeps_the_panel_and_the_palette_opens_it(path):
    app = app_for(path)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "表格编辑")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.grid_mode
        assert screen.panel.display and screen.grid.display and not screen.tree.display
        assert screen.grid.size.width > 100  # the grid uses the width


async def test_a_form_without_sublevels_says_so_instead_of_opening_an_empty_grid(tmp_path):
    path = tmp_path / "空表.toml"
    path.write_text('schema = 1\ntitle = "空表"\n', encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not app.screen.grid_mode
        assert "没有二级指标" in toasts(app)


def _first(rows, kind: str) -> int:
    return next(i for i, row in enumerate(rows) if row.kind == kind)


def _paste(text: str):
    from textual.events import Paste

    return Paste(text)


# -- the headless part (tui.sheet) -------------------------------------------------


def test_rows_have_a_group_row_per_sublevel_and_an_empty_row_where_there_are_none():
    session = Session(small_form())
    rows = build_rows(session, scope_of(FORM))
    # the execution (a department form: no fund rows), then the levels and indicators
    assert [r.kind for r in rows] == ["execution", "level", "sublevel", "indicator",
                                      "indicator", "sublevel", "empty"]
    assert rows[2].label == "产出指标 › 数量指标"
    assert [r.kind for r in build_rows(session, Address("goals", (0,)))][:2] == ["level",
                                                                                 "sublevel"]
    assert scope_of(FIRST) == Address("goals", (0,))  # an indicator shows its goal


def test_fill_refuses_a_bad_number_naming_the_line_and_changes_nothing():
    doc = small_form()
    rows = build_rows(Session(doc), FORM)
    with pytest.raises(PasteError) as caught:
        fill(doc, rows, _first(rows, "indicator"), col("weight"), "5\t4\nabc\t3")
    assert "第 2 行" in caught.value.message and "分值" in caught.value.message


def test_fill_keeps_the_digits_typed_and_drops_cells_beyond_the_score():
    doc = small_form()
    rows = build_rows(Session(doc), FORM)
    filled = fill(doc, rows, _first(rows, "indicator"), col("weight"), "5.50\t4.00\textra\n")
    first = filled.doc.goals[0].levels[0].sublevels[0].indicators[0]
    assert str(first.weight) == "5.50" and str(first.score) == "4.00"
    assert filled.dropped == 1 and filled.added == 0


def test_a_pasted_row_into_an_empty_sublevel_creates_it(tmp_path):
    doc = small_form()
    rows = build_rows(Session(doc), FORM)
    filled = fill(doc, rows, _first(rows, "empty"), col("name"), "合格率\t≥90%\t95%\t10\t10")
    sub = filled.doc.goals[0].levels[0].sublevels[1]
    assert [(i.name, i.weight) for i in sub.indicators] == [("合格率", Decimal(10))]
    out = tmp_path / "x.toml"
    out.write_text(dumps_document(filled.doc), encoding="utf-8")
    assert load_document(out) == filled.doc


async def test_a_committed_cell_shows_the_total_and_its_row_first_then_the_rest(path, monkeypatch):
    # Enter: the status line's total and the committed row are brought up to
    # date in the key's own dispatch; the tree, the panel and the other rows
    # right after that frame. The app's tick would put the open cell in the
    # form for the recovery file whenever a second passes (on a busy machine,
    # before the Enter): here it waits, so the Enter is what commits.
    from tui.screens import main as main_module

    monkeypatch.setattr(main_module, "TICK", 3600)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("tab", "tab", "tab", "tab")  # to the score column
        await type_text(pilot, "4")
        goal = Address("goals", (0,))
        goal_before = screen.tree.row_text(goal)
        panel_before = screen.panel.query_one("#summary").plain
        grid.enter()  # what the Enter key does
        total = screen.session.result.total
        assert indicator(screen, FIRST).score == Decimal(4)
        committed = next(row for row in grid.rows if row.address == FIRST)
        assert committed.node.score == Decimal(4)  # its row at once
        assert screen.tree.row_text(goal) == goal_before  # the rest: not yet
        assert screen.panel.query_one("#summary").plain == panel_before
        await pilot.pause()
        await pilot.pause()
        assert screen.tree.row_text(goal) != goal_before
        assert f" {number(total)} " in screen.panel.query_one("#summary").plain
        assert f"总分 {number(total)}" in screen_text(app)
        group = next(row for row in grid.rows if row.kind == "sublevel")
        assert group.result is screen.session.result.node(group.address.path)  # rows rebuilt


# -- every number of the form in the grid (issue 23, point 2) ------------------------


async def test_the_execution_its_funds_and_a_levels_weight_are_typed_in_the_grid(tmp_path):
    path = tmp_path / "项目.toml"
    path.write_bytes((ROOT / "sample_data" / "templates" / "central-project.toml").read_bytes())
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+g")  # on the form: the whole form, the execution first
        await pilot.pause()
        grid = screen.grid
        assert [row.kind for row in grid.rows[:4]] == ["execution", "fund", "fund", "fund"]
        assert "各级合计一致" in screen_text(app)  # 10 + 90; 50 + 30 + 10
        for _ in range(30):
            if grid.row == 0:
                break
            await pilot.press("up")  # the arrows visit every row
        assert grid.current.kind == "execution" and grid.column == col("name")
        for value in ("120", "96.5", "10"):  # 全年预算数, 全年执行数, 分值
            await pilot.press("tab")
            await type_text(pilot, value)
        await pilot.press("enter")  # no fund figures yet: on to the first indicator's row
        await pilot.pause()
        execution = screen.session.doc.execution
        assert (execution.budget, execution.spent, execution.weight) == (
            Decimal(120), Decimal("96.5"), Decimal(10))
        assert grid.current.kind == "empty" and grid.column == col("name")
        for _ in range(10):  # ↑ visits every row: the levels', the goals', the funds'
            await pilot.press("up")
            if grid.current.kind == "fund" and grid.current.address.path == (0,):
                break
        assert grid.current.kind == "fund" and grid.column == col("name")
        await pilot.press("tab")
        await type_text(pilot, "100")
        await pilot.press("tab")
        await type_text(pilot, "90")
        await pilot.press("enter")
        await pilot.pause()
        fund = screen.session.doc.execution.funds[0]
        assert (fund.name, fund.budget, fund.spent) == ("当年财政拨款", Decimal(100), Decimal(90))
        assert grid.current.kind == "fund" and grid.current.address.path == (1,)  # the next fund
        while grid.current.kind != "level":
            await pilot.press("down")
        assert grid.current.node.name == "产出指标"
        await pilot.press("tab")  # past 年度指标值 and 实际完成值: nothing typed there
        assert grid.column == col("weight")
        await type_text(pilot, "40")
        await pilot.press("enter")
        await pilot.pause()
        level = Address("goals", (1, 0))
        assert screen.session.node(level).weight == Decimal(40)
        text = screen_text(app)
        assert "分值不合" in text and "不符" in text  # the footer, as it is typed
        await pilot.press("ctrl+z")  # one undo step
        await pilot.pause()
        assert screen.session.node(level).weight == Decimal(50)
        assert "各级合计一致" in screen_text(app)
