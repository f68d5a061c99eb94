"""The user's day, part 2: add and delete indicators and undo both; jump from
a finding or from the command palette to its node; user text shown literally."""

from __future__ import annotations

from decimal import Decimal

from test_app_support import app_for, form, go_down, isolated, label_of, screen_text, type_text  # noqa: F401

from tui.session import Address
from tui.widgets.panel import FindingList

SUB = Address("goals", (0, 0, 0))  # 年度目标1 / 产出指标 / 数量指标, two indicators


async def test_add_and_delete_an_indicator_then_undo_both(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await go_down(pilot, 4)  # form, 预算执行, 目标1, 产出指标, 数量指标
        assert screen.editor.address == SUB
        await pilot.press("a")  # a new indicator inside, its name ready to type over
        await pilot.pause()
        new = Address("goals", (0, 0, 0, 2))
        assert screen.editor.address == new
        assert screen.focused.id == "indicator-name"
        await type_text(pilot, "科普讲座场次")
        await pilot.press("tab")
        await type_text(pilot, ">=10场")
        doc = screen.session.doc
        assert screen.session.node(new).name == "科普讲座场次"
        assert screen.session.node(new).target == ">=10场"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is screen.tree
        assert "科普讲座场次" in label_of(app, new)
        # delete the first indicator, with confirmation
        await pilot.press("up", "up")
        first = Address("goals", (0, 0, 0, 0))
        assert screen.editor.address == first
        await pilot.press("x")
        await pilot.pause()
        assert "删除指标「建设科普惠民社区（村）数量」" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        names = [i.name for i in screen.session.node(SUB).indicators]
        assert names == ["开展科普活动次数", "科普讲座场次"]
        assert screen.session.result.node((0,)).score == Decimal(15)  # 19 − 4
        # undo the delete, then the add (typing counts as its own steps)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.name for i in screen.session.node(SUB).indicators][0] == "建设科普惠民社区（村）数量"
        while screen.session.can_undo:
            await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.name for i in screen.session.node(SUB).indicators] == [
            "建设科普惠民社区（村）数量", "开展科普活动次数"]
        assert not screen.session.dirty
        assert len(screen.tree.node_for(SUB).children) == 2
        assert doc is not screen.session.doc


async def test_delete_can_be_cancelled(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await go_down(pilot, 5)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(screen.session.node(SUB).indicators) == 2
        assert not screen.session.dirty


async def test_move_and_duplicate_keep_the_tree_in_step(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await go_down(pilot, 5)  # 建设科普惠民社区（村）数量
        await pilot.press("J")  # move down
        await pilot.pause()
        assert screen.editor.address == Address("goals", (0, 0, 0, 1))
        assert "开展科普活动次数" in label_of(app, Address("goals", (0, 0, 0, 0)))
        await pilot.press("d")  # duplicate
        await pilot.pause()
        copy = Address("goals", (0, 0, 0, 2))
        assert screen.session.node(copy).name == "建设科普惠民社区（村）数量（副本）"
        assert "建设科普惠民社区" in label_of(app, copy)
        assert screen.session.result.node((0,)).score == Decimal(23)  # the copy scores 4 too


async def test_jump_from_a_finding_to_its_node(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("f3")  # the scoring panel
        await pilot.pause()
        findings = screen.query_one(FindingList)
        assert screen.focused is findings
        assert "错误（1）" in screen_text(app)
        await pilot.press("down", "enter")  # the first error: 科普活动参与度, unit mismatch
        await pilot.pause()
        assert screen.editor.address == Address("goals", (0, 0, 1, 0))
        assert screen.focused.id == "indicator-actual"  # the field the finding is about
        assert screen.pane == "editor"
        assert "目标“≥90%”是百分比" in screen_text(app)


async def test_the_palette_jumps_to_an_indicator_by_a_fuzzy_chinese_name(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "橱窗次数")  # 定期更换科普橱窗内容次数
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.editor.address == Address("goals", (1, 0, 0, 0))


async def test_the_palette_runs_actions_by_their_chinese_names(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await go_down(pilot, 5)
        await pilot.press("x")
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.dirty
        await pilot.press("ctrl+p")
        await type_text(pilot, "撤销")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert not screen.session.dirty


async def test_markup_and_escape_sequences_in_names_are_shown_as_typed(tmp_path):
    path = tmp_path / "odd.toml"
    path.write_text(
        'schema = 1\ntitle = "[b]粗体[/b]"\n\n[execution]\nweight = 20\nbudget = 1\nspent = 1\n\n'
        '[[goals]]\ntitle = "[@click=app.quit]退出[/]"\nweight = 80\n\n[[goals.levels]]\nname = "产出指标"\n\n'
        '[[goals.levels.sublevels]]\nname = "数量指标"\n\n[[goals.levels.sublevels.indicators]]\n'
        'name = "红\\u001b[31m色"\ntarget = "≥1次"\nactual = "1次"\nweight = 80\n', encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[b]粗体[/b]" in text
        assert "[@click=app.quit]退出[/]" in text
        assert "红\\x1b[31m色" in text
        assert "\x1b" not in label_of(app, Address("goals", (0, 0, 0, 0)))
        assert app.is_running


async def test_the_panes_follow_the_terminal_width_and_the_active_pane(form):
    """Wide: three panes side by side; narrow (80×24): only the active one."""
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        panes = [screen.tree, screen.editor, screen.panel]
        assert not screen.narrow and all(p.display and p.region.width for p in panes)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.narrow and screen.has_class("-narrow")
        assert [p.region.width > 0 for p in panes] == [True, False, False]
        await pilot.press("f4")  # the next pane
        await pilot.pause()
        assert screen.pane == "editor" and screen.editor.has_class("-active")
        assert [p.region.width > 0 for p in panes] == [False, True, False]
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert not screen.narrow and all(p.region.width for p in panes)
