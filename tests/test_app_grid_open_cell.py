"""Nothing typed is lost in the grid (issue 19, point 1): the cell being
typed in and not yet left goes into the form before a save, save as,
what-if, export, quit or leaving the form, and into the recovery file while
it is still being typed in; a quit with such a cell asks like any unsaved
change; text the form cannot take stops the save and is never dropped.

Each of these failed before: Ctrl+S wrote the file without the open cell and
Ctrl+Q then quit without asking.
"""

from __future__ import annotations

from decimal import Decimal

from test_app_grid import FIRST, open_grid, path, toasts  # noqa: F401
from test_app_support import app_for, isolated, screen_text, type_text, wait_for  # noqa: F401

from model import load_document
from model.storage import find_recovery
from tui.screens import main as main_module
from tui.dialogs.base import ChoiceDialog
from tui.session import Address




def _first(path):
    return load_document(path).goals[0].levels[0].sublevels[0].indicators[0]


async def test_ctrl_s_saves_the_weight_and_score_typed_into_open_cells(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("tab", "tab", "tab")  # 分值
        await type_text(pilot, "7")
        await pilot.press("tab")  # 得分, committed 分值 on the way
        await type_text(pilot, "6")
        assert grid.editing  # 得分 typed, not left
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not grid.editing and screen.grid_mode  # committed, still in the grid
        assert not screen.session.dirty
    saved = _first(path)
    assert (saved.weight, saved.score) == (Decimal(7), Decimal(6))


async def test_a_name_typed_then_ctrl_q_asks_and_saving_keeps_it(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await type_text(pilot, "培训讲座")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # asked, not quit
        assert "未保存" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
    assert _first(path).name == "培训讲座"


async def test_text_a_number_cell_cannot_take_stops_the_save_and_the_quit_asks(path):
    before = path.read_bytes()
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("tab", "tab", "tab")  # 分值
        await type_text(pilot, "五分")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert grid.editing and grid.input.value == "五分"  # still there, to correct
        assert "还不能填入" in toasts(app)
        assert path.read_bytes() == before  # nothing written without it
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # the typing counts as unsaved
        await pilot.press("c")
        await pilot.pause()
        assert grid.editing and grid.input.value == "五分"
    assert path.read_bytes() == before


async def test_the_open_cell_reaches_the_recovery_file_while_typed_and_esc_undoes_it(path,
                                                                                   monkeypatch):
    monkeypatch.setattr(main_module, "TICK", 0.05)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        screen.session.file.throttle.interval = 0.2
        steps = len(screen.session.undo_stack)
        await type_text(pilot, "讲座人次")
        # kept without being left: a crash now loses nothing
        await wait_for(pilot, lambda: (r := find_recovery(path)) is not None
                        and "讲座人次".encode() in r.data)
        assert grid.editing and grid.input.value == "讲座人次"
        await type_text(pilot, "数")
        await pilot.press("escape")  # the edit dropped: the old name back, no step left
        await pilot.pause()
        assert not grid.editing
        assert screen.session.node(FIRST).name == "开展培训"
        assert len(screen.session.undo_stack) == steps


async def test_a_cell_kept_while_typed_then_committed_is_one_undo_step(path, monkeypatch):
    monkeypatch.setattr(main_module, "TICK", 0.05)
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        steps = len(screen.session.undo_stack)
        await type_text(pilot, "讲座")
        await wait_for(pilot, lambda: screen.session.node(FIRST).name == "讲座")
        await type_text(pilot, "人次")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.node(FIRST).name == "讲座人次"
        assert len(screen.session.undo_stack) == steps + 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.node(FIRST).name == "开展培训"


async def test_what_if_and_export_take_the_open_cell_first(path, tmp_path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot)
        await pilot.press("tab", "tab", "tab", "tab")  # 得分
        await type_text(pilot, "3")
        await pilot.press("f5")  # what-if starts from the form as typed
        await pilot.pause()
        assert not grid.editing and screen.session.whatif
        assert screen.session.whatif_base.goals[0].levels[0].sublevels[0] \
            .indicators[0].score == Decimal(3)
        await pilot.press("f5")
        await pilot.pause()
        await type_text(pilot, "2")
        screen.action_export()
        await pilot.pause()
        assert not grid.editing
        assert screen.session.node(FIRST).score == Decimal(2)


async def test_open_cells_of_the_execution_a_fund_and_a_level_are_kept_and_saved(tmp_path):
    # issue 23: the rows above the indicators keep what is typed the same way
    from test_app_support import ROOT

    path = tmp_path / "项目.toml"
    path.write_bytes((ROOT / "sample_data" / "templates" / "central-project.toml").read_bytes())
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+g")
        await pilot.pause()
        grid = screen.grid
        cells = {Address("execution"): ("target", "budget"),
                 Address("execution", (0,)): ("actual", "spent"),  # 当年财政拨款
                 Address("goals", (1, 0)): ("weight", "weight")}  # 产出指标
        for address, (column, field) in cells.items():
            kind = address.kind
            assert grid.select(address, column=column)
            await pilot.pause()
            await type_text(pilot, "7")
            assert grid.editing
            grid.keep_open_cell()  # what the app does before the recovery file is kept
            node = grid.current.node
            assert node is not None and getattr(node, field) == Decimal(7), kind
            assert grid.editing  # still being typed in
            await pilot.press("escape")  # dropped: the old value back
            await pilot.pause()
            node = grid.current.node
            assert node is None or getattr(node, field) != Decimal(7), kind
        await type_text(pilot, "8")  # the level's weight again, left open
        await pilot.press("ctrl+s")  # the last open cell (the level's weight) saved too
        await pilot.pause()
        assert not screen.session.dirty
    doc = load_document(path)
    assert doc.goals[1].levels[0].weight == Decimal(8)
