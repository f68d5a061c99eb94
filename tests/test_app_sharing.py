"""No lost work, in the app: the editing marker (read-only view, take over,
stale markers), crash recovery, failed saves, conflicts with what changed,
and a file changed on disk (issue 4; the machinery is tested headless in
tests/test_storage*.py)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time

import pytest
from test_app_support import ROOT, app_for, clear_field, form, isolated, screen_text, type_text, wait_for  # noqa: F401

import model.storage.atomic as atomic_module
import tui.screens.main as main_module
from model import load_document
from model.storage import find_recovery, marker_path, read_marker
from model.storage.common import current_host, current_user
from tui import compat
from tui.dialogs.base import ChoiceDialog, TextDialog
from tui.session import Address
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量, actual 9个

HOLDER = """
import sys, time
from model.storage import acquire_marker
status = acquire_marker(sys.argv[1])
print(status.state, flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(form):
    """Another jixiao process on this host holding the form's marker."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(form)], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ours"
        yield proc
    finally:
        proc.kill()
        proc.wait()




async def _set_actual(pilot, screen, text: str, field: str = "actual") -> None:
    screen.go_to(FIRST, field)
    await pilot.pause()
    await clear_field(pilot, screen.query_one(f"#indicator-{field}", FieldInput))
    await type_text(pilot, text)


async def test_second_opener_sees_user_and_host_and_gets_read_only(form, holder):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        question = app.screen.question
        assert "正由他人编辑" in screen_text(app)
        assert current_user() in question and current_host() in question
        assert f"进程 {holder.pid}" in question
        await pilot.press("r")
        await pilot.pause()
        screen = app.main
        assert screen.session.read_only
        assert screen.read_only and screen.has_class("-read-only")
        assert "只读" in screen_text(app).splitlines()[0]
        # typing is refused and the value stays what the file says
        await _set_actual(pilot, screen, "1个")
        assert screen.session.node(FIRST).actual == "9个" and not screen.session.dirty
        assert screen.query_one("#indicator-actual", FieldInput).value == "9个"
        before = form.read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.read_bytes() == before
        # a what-if is still allowed (a trial), and thrown away at the end
        await pilot.press("f5")
        await _set_actual(pilot, screen, "1", "score")
        assert screen.session.result.total < screen.session.whatif_summary().total_before
        await pilot.press("f5")
        await pilot.pause()
        assert not screen.session.whatif and screen.session.node(FIRST).actual == "9个"
    # closing a read-only view never removes the other person's marker
    assert read_marker(form).pid == holder.pid


async def test_take_over_after_confirming_then_edit_and_save(form, holder):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("r")
        await pilot.pause()
        screen = app.main
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and str(holder.pid) in app.screen.question
        await pilot.press("t")
        await pilot.pause()
        assert not screen.session.read_only
        assert not screen.read_only and not screen.has_class("-read-only")
        assert read_marker(form).pid == os.getpid()
        await _set_actual(pilot, screen, "30个")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].actual == "30个"
    assert not marker_path(form).exists()  # ours, released on leaving


async def test_a_stale_marker_of_a_dead_process_is_cleared(form):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", HOLDER.replace("time.sleep(120)", ""), str(form)],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    dead = read_marker(form)
    assert dead is not None and dead.pid != os.getpid()
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.main.session.file.marker is not None)
        assert not isinstance(app.screen, ChoiceDialog)
        assert not app.main.session.read_only
        assert read_marker(form).pid == os.getpid()


async def test_a_marker_from_another_host_shows_its_age_and_can_be_taken_over(form):
    marker_path(form).write_text(json.dumps({
        "format": "jixiao-editing", "user": "lisi", "host": "finance-server-02", "pid": 4242,
        "since": time.time() - 3 * 3600, "version": "0.1.0", "token": "x", "started": "",
    }), encoding="utf-8")
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        question = app.screen.question
        assert "lisi" in question and "finance-server-02" in question
        assert "3 小时" in question and "另一台主机" in question
        await pilot.press("t")
        await pilot.pause()
        assert not app.main.session.read_only
        assert read_marker(form).host == current_host()


async def test_unsaved_work_comes_back_after_a_crash(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "12个")
        screen.show_pane("tree")
        await pilot.press("a")  # a structure edit: kept at once
        await pilot.pause()
        doc = screen.session.doc
        await wait_for(pilot, lambda: find_recovery(form) is not None)  # written in a worker
        # the crash: the app goes away without being asked anything
    assert load_document(form) != doc  # nothing was saved
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        text = screen_text(app)
        assert "发现未保存的工作" in text and "建设科普惠民社区" in app.screen.question
        await pilot.press("v")  # every difference, in a list
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert any("12个" in line for line in app.screen.plain.splitlines())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("r")
        await pilot.pause()
        session = app.main.session
        assert session.doc == doc and session.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_document(form) == doc
        assert find_recovery(form) is None  # gone after the save


async def test_discarding_at_quit_removes_the_recovery(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        screen.show_pane("tree")
        await pilot.press("a")
        await wait_for(pilot, lambda: find_recovery(form) is not None)  # written in a worker
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert find_recovery(form) is None


async def test_typing_is_kept_within_seconds_not_only_after_structure_edits(form, monkeypatch):
    monkeypatch.setattr(main_module, "TICK", 0.05)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        screen.session.file.throttle.interval = 0.2
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "7个")
        # the last keystroke reaches the recovery file within the interval
        # (no further edit needed to push it out)
        await wait_for(pilot, lambda: (r := find_recovery(form)) is not None
                        and 'actual = "7个"'.encode() in r.data)


# recovery writes run in a thread worker, ordered against save, discard, quit

def _held_recovery_writes(monkeypatch):
    """Recovery writes that record their thread and wait until state["gate"]
    is set (from a threading.Timer when the UI thread is to wait for one:
    the UI thread must not be what lets it finish)."""
    import threading

    import model.storage.formfile as session_module

    real = session_module.write_recovery
    state = {"threads": [], "written": [], "entered": threading.Event(), "gate": threading.Event()}

    def write(path, data, base=None):
        state["threads"].append(threading.current_thread())
        state["entered"].set()
        assert state["gate"].wait(10)
        state["written"].append(data)
        return real(path, data, base=base)

    monkeypatch.setattr(session_module, "write_recovery", write)
    return state


async def test_the_recovery_file_is_written_off_the_ui_thread(form, monkeypatch):
    import threading

    state = _held_recovery_writes(monkeypatch)
    state["gate"].set()
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        screen.show_pane("tree")
        await pilot.press("a")
        await wait_for(pilot, lambda: find_recovery(form) is not None)
    assert state["threads"] and threading.main_thread() not in state["threads"]


@pytest.mark.parametrize("leave", ["save", "discard at quit", "save at quit"])
async def test_a_recovery_write_in_progress_never_outlives_a_save_or_discard(form, monkeypatch, leave):
    import threading

    state = _held_recovery_writes(monkeypatch)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        screen.show_pane("tree")
        await pilot.press("a")  # a structure edit: its recovery write starts
        await wait_for(pilot, state["entered"].is_set)
        screen.show_pane("tree")
        await pilot.press("a")  # and another one is queued behind it
        await pilot.pause()
        assert len(state["threads"]) == 1  # one write at a time
        threading.Timer(0.2, state["gate"].set).start()
        if leave == "save":
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not screen.session.dirty
        else:
            await pilot.press("ctrl+q")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.press("d" if leave == "discard at quit" else "s")
            await pilot.pause()
        assert find_recovery(form) is None  # the save or discard waited for the write
        await pilot.pause(0.5)  # and the queued one never comes
        assert find_recovery(form) is None
    assert find_recovery(form) is None
    assert state["written"]  # the write under way finished first (then was removed)
    if leave != "discard at quit":
        assert load_document(form) == screen.session.doc  # both additions saved


async def test_a_failing_recovery_write_is_said_once(form, monkeypatch):
    import model.storage.formfile as session_module
    from model.storage import StorageError

    calls = []

    def refuse(path, data, base=None):
        calls.append(path)
        raise StorageError("恢复文件夹不可写", "permission", path)

    monkeypatch.setattr(session_module, "write_recovery", refuse)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        for count in (1, 2, 3):
            screen.show_pane("tree")
            await pilot.press("a")
            await wait_for(pilot, lambda: len(calls) == count)
        await pilot.pause(0.2)
        said = [n for n in compat.notifications(app) if "恢复文件夹不可写" in str(n.message)]
        assert len(said) == 1 and "无法写入恢复文件" in str(said[0].message)
        assert len(calls) == 3 and screen.session.dirty  # editing goes on


def _refuse_new_files(*args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied")


@pytest.mark.parametrize("how", ["real", "simulated"])
async def test_save_into_a_read_only_folder_keeps_everything(form, monkeypatch, how):
    if how == "real" and sys.platform == "win32":
        pytest.skip("POSIX only: a folder's mode bits do not stop writing on Windows (ACLs do, jixiao sets none)")
    if how == "real" and os.geteuid() == 0:
        pytest.skip("root may write into any folder")
    before = form.read_bytes()
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "20个")
        if how == "real":
            os.chmod(form.parent, 0o555)
        else:
            monkeypatch.setattr(atomic_module.tempfile, "mkstemp", _refuse_new_files)
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
        finally:
            os.chmod(form.parent, 0o755)
        assert screen.session.dirty and screen.session.node(FIRST).actual == "20个"
        assert "●" in screen_text(app).splitlines()[0]  # still marked unsaved
        messages = " ".join(str(n.message) for n in compat.notifications(app))
        assert "保存失败" in messages and "没有写入权限" in messages
        assert form.read_bytes() == before
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # once the folder is writable again
        await pilot.pause()
        assert not screen.session.dirty
        assert load_document(form) == screen.session.doc


async def test_a_conflict_shows_what_changed_and_overwrite_asks_again(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "20个")
        theirs = form.read_text(encoding="utf-8").replace('actual = "9个"', 'actual = "40个"')
        form.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        question = app.screen.question
        assert "建设科普惠民社区" in question and "9个" in question and "40个" in question
        await pilot.press("o")  # overwrite: asks again
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "确认覆盖" in screen_text(app)
        assert form.read_text(encoding="utf-8") == theirs
        await pilot.press("y")
        await pilot.pause()
        assert load_document(form).goals[0].levels[0].sublevels[0].indicators[0].actual == "20个"
        assert form.with_name(form.name + ".bak").read_text(encoding="utf-8") == theirs


async def test_a_change_on_disk_is_noticed_and_reloaded(form, monkeypatch):
    monkeypatch.setattr(main_module, "TICK", 0.05)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        # an atomic replace by another program (git pull, another editor)
        new = form.with_name("incoming.toml")
        new.write_text(form.read_text(encoding="utf-8").replace("declared_total = 97.78",
                                                                "declared_total = 96.5"),
                       encoding="utf-8")
        os.replace(new, form)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "文件在磁盘上已更改" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert str(screen.session.doc.declared_total) == "96.5" and not screen.session.dirty
        # asked once per change, not on every look
        await pilot.pause(0.3)
        assert not isinstance(app.screen, ChoiceDialog)


async def test_a_read_only_view_follows_the_file(form, holder, monkeypatch):
    monkeypatch.setattr(main_module, "TICK", 0.05)
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("r")
        await pilot.pause()
        form.write_text(form.read_text(encoding="utf-8").replace("declared_total = 97.78",
                                                                 "declared_total = 90"),
                        encoding="utf-8")
        session = app.main.session
        await wait_for(pilot, lambda: str(session.doc.declared_total) == "90")
        assert not isinstance(app.screen, ChoiceDialog) and not session.can_undo



async def test_file_names_in_notifications_are_text_not_markup(tmp_path, form):
    odd = tmp_path / "[b]粗体[@click=app.quit]表.toml"
    odd.write_bytes(form.read_bytes())
    app = app_for(odd)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "8个")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.session.dirty
        saved = [n for n in compat.notifications(app) if "已保存到" in n.message]
        assert saved and not saved[-1].markup
        assert "[b]粗体[@click=app.quit]表.toml" in saved[-1].message


async def test_the_start_screen_lists_unsaved_work_and_opens_it(form):
    from tui.session import Session

    crashed = Session.open(form)
    crashed.edit(FIRST, {"actual": "5个"})
    crashed.file.keep_now(crashed.recovery_job(edited=True, structural=True))  # and then the power went off
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        text = screen_text(app)
        assert "有未保存的工作" in text and form.name in text
        await pilot.press("enter")  # the first choice: the form with unsaved work
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "发现未保存的工作" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert app.main.session.node(FIRST).actual == "5个" and app.main.session.dirty


async def test_the_start_screen_without_unsaved_work_has_no_such_section():
    app = app_for(None)
    async with app.run_test(size=(80, 24)):
        assert "有未保存的工作" not in screen_text(app)


async def test_a_total_no_form_can_hold_is_refused_and_a_poisoned_recovery_never_crashes(form):
    """Issue 14, F1 in the app: typing 90.0000000000000000000000000001 in 总分 is
    refused with a message (the app goes on, the figures stay); unsaved work an
    older version kept with such a value is reported as unreadable, not a crash
    loop, and opening the form still works."""
    from model.storage import write_recovery

    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main
        await pilot.pause()
        field = screen.query_one("#document-declared_total", FieldInput)
        await clear_field(pilot, field)
        await type_text(pilot, "90.0000000000000000000000000001")
        note = str(screen.query_one("#document-declared_total-note").render())
        assert "小数" in note and app.is_running
        # the last figure typed that a form can hold stays (each keystroke is applied when valid)
        assert screen.session.doc.declared_total == 90
        assert str(screen.session.result.total) == "97.78"
    poisoned = form.read_text(encoding="utf-8").replace("declared_total = 97.78",
                                                        "declared_total = 90.0000000000000000000000000001")
    assert poisoned != form.read_text(encoding="utf-8")
    write_recovery(form, poisoned.encode("utf-8"), form.read_bytes())
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):
            await pilot.pause(0.1)
            if isinstance(app.screen, ChoiceDialog):
                break
        if isinstance(app.screen, ChoiceDialog):  # offered: restoring says why it cannot
            await pilot.press("r")
            await pilot.pause()
        assert app.is_running and app.main is not None
        assert str(app.main.session.result.total) == "97.78"
        shown = " ".join(str(n.message) for n in compat.notifications(app)) + screen_text(app)
        assert "小数" in shown or "无法" in shown


async def test_a_long_conflict_scrolls_its_question_and_keeps_the_answers_on_screen(form):
    """At 80×24 the changes of both sides do not fit: the question scrolls
    (PageDown) in its own box and the answers stay on the screen (issue 23:
    they were pushed below the bottom edge)."""
    from textual.containers import VerticalScroll
    from textual.geometry import Region
    from textual.widgets import Button

    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.main
        await wait_for(pilot, lambda: screen.session.file.marker is not None)
        await _set_actual(pilot, screen, "20个")
        theirs = (form.read_text(encoding="utf-8").replace('actual = "9个"', 'actual = "40个"', 1)
                  .replace('actual = "95%"', 'actual = "85%"', 1)
                  .replace("declared_total = 97.78", "declared_total = 96.5"))
        form.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.pause()
        dialog = app.screen
        box = dialog.query_one("#question-box", VerticalScroll)
        assert box.max_scroll_y > 0  # longer than its room
        for button in dialog.query(Button):
            assert Region(0, 0, 80, 24).contains_region(button.region), button.label
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: box.scroll_y > 0)
        await pilot.press("r")  # an answer's key still answers
        await wait_for(pilot, lambda: not isinstance(app.screen, ChoiceDialog))
        assert screen.session.node(FIRST).actual == "40个"  # reloaded from the disk
