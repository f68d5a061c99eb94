"""Two people, one form, in the app (issue 19, point 10): when B takes the
form over and saves, A is told at once (status line and a dialog), and A's
save shows both sides (theirs, mine, who, when) and merges them when they
touched different fields."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_app_support import ROOT, app_for, clear_field, form, isolated, screen_text, type_text, wait_for  # noqa: F401

from model import load_document
from model.storage import read_marker
from tui.dialogs.base import ChoiceDialog
from tui.session import Address
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量, actual 9个

TAKER = """
import sys, time
from model import dumps_document, load_document
from model.edit import update_at
from model.storage import safe_save, take_over_marker
path, where, value = sys.argv[1], tuple(int(i) for i in sys.argv[2].split(",")), sys.argv[3]
print(take_over_marker(path).state, flush=True)
sys.stdin.readline()
loaded = open(path, "rb").read()
doc = update_at(load_document(path), where, actual=value)
print(safe_save(path, dumps_document(doc).encode("utf-8"), loaded).status, flush=True)
time.sleep(120)
"""


def _taker(form, where: str, value: str) -> subprocess.Popen:
    """Session B: takes the form over (Ctrl+T), then saves `actual` of the
    indicator at `where` when told to."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", TAKER, str(form), where, value],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)




async def _take_over_and_save(pilot, app, form, where: str, value: str) -> subprocess.Popen:
    screen = app.main
    await wait_for(pilot, lambda: screen.session.file.marker is not None)
    screen.go_to(FIRST, "actual")
    await pilot.pause()
    await clear_field(pilot, screen.query_one("#indicator-actual", FieldInput))
    await type_text(pilot, "30个")  # A's unsaved change
    taker = _taker(form, where, value)
    assert taker.stdout.readline().strip() == "ours"
    # A is told at once, unsaved work or not: a dialog naming B, and the status line
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
    assert "接管" in app.screen.question and f"进程 {taker.pid}" in app.screen.question
    await pilot.press("k")
    await pilot.pause()
    assert "已被他人接管" in screen_text(app).splitlines()[0]
    taker.stdin.write("go\n")
    taker.stdin.flush()
    assert taker.stdout.readline().strip() == "saved"
    return taker


async def test_a_take_over_is_told_at_once_and_different_fields_merge(form):
    app = app_for(form)
    async with app.run_test(size=(100, 30)) as pilot:
        taker = await _take_over_and_save(pilot, app, form, "0,0,2,0", "90%")
        try:
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            question = app.screen.question
            assert f"进程 {taker.pid}" in question and "修改时间" in question  # who and when
            assert "对方的修改" in question and "“90%”" in question  # theirs
            assert "我的修改" in question and "“30个”" in question  # mine
            assert "可以合并" in question
            await pilot.press("m")
            await pilot.pause()
            doc = load_document(form)
            assert doc.goals[0].levels[0].sublevels[0].indicators[0].actual == "30个"
            assert doc.goals[0].levels[0].sublevels[2].indicators[0].actual == "90%"
            assert not app.main.session.dirty
            assert read_marker(form).pid == taker.pid  # B still holds the form
        finally:
            taker.kill()
            taker.wait()


async def test_the_same_field_changed_on_both_sides_is_not_merged(form):
    app = app_for(form)
    async with app.run_test(size=(100, 30)) as pilot:
        taker = await _take_over_and_save(pilot, app, form, "0,0,0,0", "40个")
        try:
            before = form.read_bytes()
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            question = app.screen.question
            assert "“40个”" in question and "“30个”" in question and "无法自动合并" in question
            await pilot.press("m")  # not offered: nothing happens
            await pilot.pause()
            assert form.read_bytes() == before and app.main.session.dirty
        finally:
            taker.kill()
            taker.wait()
