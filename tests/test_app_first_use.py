"""What a new user stumbled on (issue 23), each fixed: the focused field and
its cursor can be seen, empty cells show as cells, a field focused after a
dialog has its text selected, one wording for a form with nothing scored,
what-if says what changed when no score did, the roll-up's boxes differ in
shape, the new-file dialog fits 80 columns, the palette lists the common
commands first, and help names every way in."""

from __future__ import annotations

import shutil

from test_app_support import ROOT, app_for, editor_ready, form, isolated, screen_text, type_text, wait_for  # noqa: F401

from tui import strings as S
from tui.dialogs.base import Choice, ChoiceDialog
from tui.screens.main import MainScreen
from tui.session import Address
from tui.widgets.editor import FieldInput

INDICATOR = Address("goals", (0, 0, 0, 0))
TIMELY = Address("goals", (0, 0, 2, 0))  # 经费拨付及时率: a typed score


def _background(field) -> object:
    """The background colour of a field's text line, as drawn."""
    return list(field.render_line(0))[-1].style.bgcolor


async def test_the_focused_field_shows_a_steady_cursor_and_stands_out(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(INDICATOR, "actual")
        await pilot.pause()
        await pilot.press("end")  # the cursor after the text, nothing selected
        await pilot.pause()
        actual = screen.query_one("#indicator-actual", FieldInput)
        target = screen.query_one("#indicator-target", FieldInput)
        assert screen.focused is actual
        assert not actual.cursor_blink  # a blinking cursor is off half the time
        cursor = actual.get_component_rich_style("input--cursor")
        assert any(seg.style.bgcolor == cursor.bgcolor for seg in actual.render_line(0))
        assert _background(actual) != _background(target)  # the focused field stands out


async def test_empty_fund_cells_show_as_cells(tmp_path):
    path = tmp_path / "项目.toml"
    shutil.copyfile(ROOT / "sample_data" / "templates" / "central-project.toml", path)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(Address("execution"), "budget")
        # the editor builds its forms after the first frame: wait until the
        # cell is laid out at its width (a bounded wait, not a timing)
        await wait_for(pilot, lambda: bool(screen.query("#fund-0-spent"))
                       and screen.query_one("#fund-0-spent").size.width >= len(S.FUND_EMPTY_CELL))
        cell = screen.query_one("#fund-0-spent", FieldInput)
        assert cell.value == ""
        editor_bg = screen.editor.rich_style.bgcolor
        assert _background(cell) != editor_bg  # an empty cell is seen as a cell
        # and without colours: it says what goes there
        drawn = "".join(seg.text for seg in cell.render_line(0))
        assert S.FUND_EMPTY_CELL in drawn


async def test_a_field_focused_after_a_dialog_has_its_text_selected(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(TIMELY, "score")
        await pilot.pause()
        score = screen.query_one("#indicator-score", FieldInput)
        await pilot.press("end")  # as if the person had moved in the text
        await pilot.pause()
        assert score.selection.is_empty
        screen.ask("问题", "一个对话框", [Choice("ok", "好 (y)", "y")], lambda choice: None)  # e.g. take-over
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.focused is score
        await type_text(pilot, "2")
        assert score.value == "2"  # replaced, not "32"


async def test_a_new_form_says_not_scored_in_one_wording_everywhere(tmp_path):
    path = tmp_path / "新项目.toml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("3", "escape")  # the template, its weights as they are
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert await editor_ready(pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "总分 未评分" in text  # status line and editor
        assert text.count(S.NOT_SCORED) >= 3  # status line, editor, panel, tree
        assert "尚未计分" not in text and "0 差" not in text and "等级 差" not in text


async def test_whatif_names_the_change_when_no_score_changed(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("f5")
        screen.go_to(TIMELY, "actual")  # a typed score: the actual does not move it
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "96%")
        total = screen.session.result.total
        await pilot.press("f5")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "有 0 处" not in dialog.question
        assert "得分都没有变化" in dialog.question and str(total) in dialog.question
        assert "96%" in dialog.question  # what was changed


async def test_rollup_boxes_differ_in_shape_not_only_colour(tmp_path):
    for path in sorted((ROOT / "sample_data").glob("hongshan-2023-*.toml")):
        shutil.copyfile(path, tmp_path / path.name)
    app = app_for(tmp_path / "hongshan-2023-department.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        for _ in range(20):
            await pilot.pause(0.05)
            if app.screen.id == "rollup-picker":
                break
        picks = app.screen.query_one("#rollup-files")
        lines = ["".join(seg.text for seg in picks.render_line(y)) for y in range(3)]
        assert lines[0].startswith(S.TICKED) and "hongshan-2023-department" in lines[0]
        assert all(line.startswith(S.UNTICKED) for line in lines[1:])
        await pilot.press("down", "space")
        await pilot.pause()
        assert "".join(seg.text for seg in picks.render_line(1)).startswith(S.TICKED)


async def test_the_new_file_dialog_fits_80_columns(tmp_path):
    app = app_for(tmp_path / "新项目.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        box = dialog.query_one("Vertical").content_region
        buttons = list(dialog.query("Button"))
        assert len(buttons) == 6  # five layouts and 打开其他文件
        for button in buttons:
            assert box.contains_region(button.region), button.label  # none cut off


async def test_the_palette_lists_the_common_commands_first(form):
    from tui.commands import JixiaoCommands

    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        provider = JixiaoCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        assert titles[:3] == ["表格编辑", "保存", "撤销"]
        assert titles[-1] == "退出"


async def test_help_names_every_way_in(form):
    from textual.widgets import Static

    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = "".join(str(w.render()) for w in app.screen.query(Static))
        for way in ("Word（.docx）", ".xls", "文本", "Ctrl+G 表格编辑", "模板", "jixiao new"):
            assert way in text, way
