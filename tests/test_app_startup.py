"""The first screen composes only what it shows: the editor's forms of
fields are built after the first frame, or when first asked for, and a node
or field asked for before its form has mounted is shown and focused when it
has (tui/widgets/editor.py)."""

from __future__ import annotations

from test_app_support import app_for, editor_ready, form, go_down, isolated, type_text  # noqa: F401

from tui.session import Address
from tui.widgets import editor as editor_module
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量


async def test_at_80x24_the_first_screen_has_no_field_widgets(form, monkeypatch):
    monkeypatch.setattr(editor_module, "BUILD_DELAY", 60)  # never, within this test
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.editor.ready
        assert list(screen.query(FieldInput)) == []
        assert "97.78" in screen.status.render().plain  # the figures are there


async def test_a_node_asked_for_before_its_form_exists_is_shown_and_focused(form, monkeypatch):
    monkeypatch.setattr(editor_module, "BUILD_DELAY", 60)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await go_down(pilot, 5)  # the first indicator
        assert screen.editor.address == FIRST
        await pilot.press("enter")
        await pilot.pause()
        assert screen.editor.ready
        name = screen.query_one("#indicator-name", FieldInput)
        assert app.focused is name
        assert name.value == "建设科普惠民社区（村）数量"
        await pilot.press("end")
        await type_text(pilot, "试点")
        node = screen.session.node(FIRST)
        assert node.name == "建设科普惠民社区（村）数量试点"


async def test_a_field_asked_for_right_after_opening_gets_what_is_typed(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")  # before any form has been built
        await pilot.pause()
        await type_text(pilot, "口径调整")
        assert screen.session.node(FIRST).reason == "口径调整"


async def test_when_wide_the_editor_is_built_after_the_first_frame(form, monkeypatch):
    monkeypatch.setattr(editor_module, "BUILD_DELAY", 60)
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await editor_ready(pilot, 1.0)  # in sight: not left for the delay
        title = app.screen.query_one("#document-title", FieldInput)
        assert title.value.startswith("2024年度武汉市洪山区")


async def test_the_collector_paused_for_start_up_runs_again_after_the_first_frame(form):
    import gc

    app = app_for(form)
    app.resume_collection = True  # as `jixiao FILE` starts it (jixiao/cli.py)
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up made is not scanned again
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_command_line_leaves_the_collector_running_when_not_opening_the_app():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import gc, jixiao.cli; print(gc.isenabled())"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


async def test_every_form_is_built_while_the_app_is_idle_after_the_first_screen(form):
    from tui.widgets.editor import FORMS

    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        for _ in range(200):
            await pilot.pause(0.02)
            if all(list(screen.query(f"#form-{name} FieldInput")) for name in FORMS):
                break
        assert all(list(screen.query(f"#form-{name} FieldInput")) for name in FORMS)
        assert screen.focused is screen.tree  # built in the background: the focus stays
