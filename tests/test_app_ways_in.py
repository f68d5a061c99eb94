"""Ways in: a new path offers a form from a template (command line and start
screen), a misspelt key is put right with one key press, a GBK file is
converted to UTF-8 (both keeping FILE.bak), and a new empty form shows no
total of 0 / 差."""

from __future__ import annotations

from test_app_support import SAMPLE, app_for, isolated, screen_text, type_text  # noqa: F401

from model import load_document
from tui.dialogs.base import ChoiceDialog
from tui.screens.load_error import LoadErrorScreen
from tui.screens.main import MainScreen
from tui.screens.start import StartScreen


async def test_a_path_that_does_not_exist_offers_a_form_from_a_template(tmp_path):
    path = tmp_path / "新项目.toml"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "还不存在" in app.screen.question
        await pilot.press("3")  # 中央项目支出
        await pilot.pause()
        await pilot.press("escape")  # the template's weights as they are
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.session.path == path and not app.screen.session.dirty
        text = screen_text(app)
        assert "总分 0 差" not in text and "总分 未评分" in text  # nothing entered yet
    doc = load_document(path)
    assert doc.kind.value == "project" and doc.execution.weight == 10


async def test_a_new_path_typed_on_the_start_screen_is_offered_too(tmp_path):
    path = tmp_path / "部门.toml"
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        app.screen.query_one("#open-path").focus()
        await pilot.pause()
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("escape")  # the template's weights as they are
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert load_document(path).kind.value == "department"


async def test_a_misspelt_key_is_put_right_with_one_key_and_the_old_file_kept(tmp_path):
    path = tmp_path / "表.toml"
    original = SAMPLE.read_text(encoding="utf-8").replace("weight = 20", "wieght = 20", 1)
    path.write_text(original, encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert "改用建议的键" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert path.read_text(encoding="utf-8") == original.replace("wieght = 20", "weight = 20", 1)
    assert (tmp_path / "表.toml.bak").read_text(encoding="utf-8") == original


async def test_a_gbk_file_is_offered_conversion_to_utf8_keeping_the_original(tmp_path):
    path = tmp_path / "表.toml"
    text = SAMPLE.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert "GBK" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "97.78" in screen_text(app)
    assert path.read_text(encoding="utf-8") == text
    assert (tmp_path / "表.toml.bak").read_bytes() == text.encode("gbk")


async def test_a_form_that_does_not_load_for_other_reasons_offers_no_repair(tmp_path):
    path = tmp_path / "表.toml"
    path.write_text("schema = 1\nweight = [\n", encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert app.screen.repairs == []


async def test_a_new_form_takes_the_weights_as_the_paper_has_them(tmp_path):
    # issue 23, point 4: after the template, its weights are offered, each
    # selected so typing replaces it; Enter goes on, the last Enter creates
    path = tmp_path / "新项目.toml"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3")  # 中央项目支出: 10 / 90: 50, 30, 10
        await pilot.pause()
        assert app.screen.id == "weights-dialog"
        for value in ("10", "90", "40", "40", "10"):  # the paper's 产出 40, 效益 40
            await type_text(pilot, value)
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.pause()
        # on to the paper's next lines: the grid, at the execution's row
        assert app.screen.grid_mode and app.screen.grid.current.kind == "execution"
    doc = load_document(path)
    assert [lv.weight for lv in doc.goals[1].levels] == [40, 40, 10]
    assert doc.execution.weight == 10 and doc.goals[1].weight == 90


async def test_the_new_file_dialog_offers_the_sample_layout_and_the_flat_framework(tmp_path):
    # issue 23: the layouts `jixiao new` asks for, in the app too: 4 the
    # Hongshan 2024 sample's goals (blank), 5 the flat framework, whose only
    # weight to ask is the execution's (its indicators carry the rest)
    from model.templates import layout_document, layout_named

    path = tmp_path / "平铺.toml"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "部门平铺指标 (5)" in screen_text(app)
        await pilot.press("5")
        await pilot.pause()
        assert app.screen.id == "weights-dialog"
        await type_text(pilot, "15")
        await pilot.press("enter")  # the only field: creates
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    doc = load_document(path)
    assert doc.framework.value == "flat" and doc.execution.weight == 15
    assert doc.goals == layout_document(layout_named("flat")).goals

    path = tmp_path / "分目标.toml"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("escape")  # the layout's weights as they are
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    doc = load_document(path)
    assert [g.weight for g in doc.goals] == [20, 60] and not list(doc.iter_indicators())
