"""The user's day, part 3: what-if (keep and discard), saving, a file changed
on disk, quitting with unsaved changes."""

from __future__ import annotations

from decimal import Decimal

from test_app_support import app_for, clear_field, form, isolated, label_of, screen_text, type_text  # noqa: F401

from model import dumps_document, load_document
from tui.dialogs.base import ChoiceDialog
from tui.session import Address
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量, typed score 4


async def _whatif_score(pilot, screen, score: str) -> None:
    await pilot.press("f5")
    await pilot.pause()
    assert screen.session.whatif
    screen.go_to(FIRST, "score")
    await pilot.pause()
    await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
    await type_text(pilot, score)


async def test_whatif_shows_saved_beside_current_and_discard_restores_exactly(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        saved = screen.session.doc
        await _whatif_score(pilot, screen, "1")
        text = screen_text(app)
        assert "假设模式（已保存 → 当前）" in text
        assert "97.78 → 94.78" in text and "-3" in text
        assert "优 → 优" in text
        assert "4 → 1" in text  # the changed indicator's score
        assert label_of(app, FIRST).startswith("∆")
        assert label_of(app, Address("goals", (0,))).startswith("∆")
        assert not label_of(app, Address("goals", (1,))).startswith("∆")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "总分 97.78 → 94.78" in app.screen.question
        await pilot.press("d")  # discard
        await pilot.pause()
        assert screen.session.doc is saved
        assert not screen.session.whatif and not screen.session.dirty
        assert not screen.session.can_undo
        assert screen.query_one("#indicator-score", FieldInput).value == "4"
        assert not label_of(app, FIRST).startswith("∆")
        assert "总分 97.78 优" in screen_text(app)


async def test_whatif_keep_turns_the_changes_into_undoable_edits(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await _whatif_score(pilot, screen, "1")
        await pilot.press("ctrl+s")  # not while trying things out
        await pilot.pause()
        assert form.read_bytes() == (form.parent / form.name).read_bytes()
        assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].score == Decimal(4)
        await pilot.press("f5", "k")
        await pilot.pause()
        assert not screen.session.whatif
        assert screen.session.dirty and screen.session.result.total == Decimal("94.78")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.result.total == Decimal("97.78")


async def test_save_writes_exactly_the_document(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "口径调整")
        assert "● 未保存" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.read_text(encoding="utf-8") == dumps_document(screen.session.doc)
        assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].reason == "口径调整"
        assert "● 未保存" not in screen_text(app)
        assert not screen.session.dirty


async def test_refuse_to_overwrite_a_file_changed_on_disk(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "甲")
        theirs = form.read_text(encoding="utf-8").replace('unit = "', 'unit = "别人改的')
        form.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "文件已在别处被修改" in screen_text(app)
        await pilot.press("n")  # cancel: nothing written
        await pilot.pause()
        assert form.read_text(encoding="utf-8") == theirs and screen.session.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("c")  # save a copy beside it
        await pilot.pause()
        copy = form.with_name("hongshan-2024-department-副本.toml")
        assert form.read_text(encoding="utf-8") == theirs
        assert load_document(copy) == screen.session.doc
        assert screen.session.path == copy and not screen.session.dirty


async def test_reload_from_the_conflict_dialog_keeps_the_work_one_undo_away(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "乙")
        form.write_text(form.read_text(encoding="utf-8").replace("declared_total = 97.78",
                                                                 "declared_total = 96"),
                        encoding="utf-8")
        await pilot.press("ctrl+s", "r")
        await pilot.pause()
        assert screen.session.doc.declared_total == Decimal(96)
        assert screen.query_one("#indicator-reason").text == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.node(FIRST).reason == "乙" and screen.session.dirty


async def test_quitting_with_unsaved_changes_asks(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "丙")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "有未保存的修改" in screen_text(app)
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert app.is_running and app.screen is screen
        await pilot.press("ctrl+q", "s")  # save and quit
        await pilot.pause()
    assert app.return_value == 0
    assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].reason == "丙"


async def test_quitting_without_saving_leaves_the_file_alone(form):
    before = form.read_bytes()
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "丁")
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
    assert app.return_value == 0
    assert form.read_bytes() == before


async def test_comments_in_the_file_are_announced_once_before_saving(form):
    form.write_text("# 手写的注释\n" + form.read_text(encoding="utf-8"), encoding="utf-8")
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "reason")
        await pilot.pause()
        await type_text(pilot, "戊")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "注释" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert not form.read_text(encoding="utf-8").startswith("#")
        await type_text(pilot, "己")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].reason == "戊己"
