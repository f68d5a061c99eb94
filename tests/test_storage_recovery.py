"""Crash recovery: unsaved work kept in the state directory and found again
(model/storage; issue 4)."""

from __future__ import annotations

import json
import os
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from model import dumps_document, loads_document
from model.edit import update_at
from model.storage.common import process_start
from model.storage import (
    STATE_DIR_ENV,
    Fingerprint,
    RecoveryThrottle,
    StorageError,
    clean_recovery_dir,
    discard_recovery,
    find_recovery,
    list_recoveries,
    recovery_dir,
    recovery_file_for,
    safe_save,
    state_dir,
    write_recovery,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv(STATE_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "forms" / "洪山-2024.toml"
    path.parent.mkdir()
    path.write_bytes(SAMPLE.read_bytes())
    return path


def edited(data: bytes, **changes) -> bytes:
    doc = loads_document(data)
    path = next(iter(doc.iter_indicators()))[0]
    return dumps_document(update_at(doc, path, **changes)).encode("utf-8")


def test_written_found_with_age_and_summary_restored_and_discarded(form, state):
    loaded = form.read_bytes()
    unsaved = edited(loaded, actual="15个", reason="超额完成")
    file = write_recovery(form, unsaved, base=loaded)
    assert file.parent == state / "recovery" and file.exists()
    written = json.loads(file.read_text(encoding="utf-8"))["written"]
    found = find_recovery(form, now=written + 125)
    assert found is not None and found.data == unsaved  # restored bytes are equal
    assert found.age == pytest.approx(125)
    assert "2 分钟" in found.summary
    assert {(d.key, d.before, d.after) for d in found.differences} == {
        ("actual", "9个", "15个"), ("reason", "（空）", "超额完成")}
    assert "建设科普惠民社区（村）数量" in found.summary and "15个" in found.summary
    assert not found.disk_changed and not found.disk_missing and not found.from_live_session
    assert loads_document(found.data) == loads_document(unsaved)
    assert discard_recovery(form) is True
    assert not file.exists() and find_recovery(form) is None
    assert discard_recovery(form) is False


def test_recovery_file_is_private_and_keyed_by_absolute_path(form, tmp_path, monkeypatch):
    write_recovery(form, b"title = 'x'\n")
    file = recovery_file_for(form)
    if sys.platform != "win32":
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    monkeypatch.chdir(form.parent)
    assert recovery_file_for(Path(form.name)) == file  # relative path, same form
    twin = tmp_path / "other" / form.name  # same name, another folder
    twin.parent.mkdir()
    assert recovery_file_for(twin) != file
    assert find_recovery(twin) is None


def test_recovery_equal_to_the_file_on_disk_is_dropped(form):
    # killed right after a save, before the recovery was discarded
    write_recovery(form, form.read_bytes())
    assert find_recovery(form) is None
    assert not recovery_file_for(form).exists()


def test_recovery_warns_when_the_file_moved_on_since(form):
    loaded = form.read_bytes()
    write_recovery(form, edited(loaded, actual="15个"), base=Fingerprint.of(loaded))
    form.write_bytes(edited(loaded, target="3个"))  # someone saved meanwhile
    found = find_recovery(form)
    assert found.disk_changed and "也被修改过" in found.summary


def test_recovery_for_a_form_that_is_gone(form):
    unsaved = edited(form.read_bytes(), actual="15个")
    write_recovery(form, unsaved)
    form.unlink()
    found = find_recovery(form)
    assert found.data == unsaved and found.disk_missing and "不存在" in found.summary


def test_unreadable_bytes_are_kept_too(form):
    junk = b"\xff\xfe not a form \x00"
    write_recovery(form, junk)
    found = find_recovery(form)
    assert found.data == junk and found.problem and "无法读取" in found.summary


@pytest.mark.parametrize("content", [b"", b"{", b"[]", b'{"format": "jixiao-recovery"}',
                                     b'{"format": "jixiao-recovery", "content": 5, "written": 1}'])
def test_broken_recovery_file_is_ignored_not_removed(form, content):
    file = recovery_file_for(form)
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    assert find_recovery(form) is None and file.exists()


def test_recovery_of_another_form_with_a_colliding_file_is_not_offered(form, tmp_path):
    write_recovery(form, edited(form.read_bytes(), actual="15个"))
    record = json.loads(recovery_file_for(form).read_text(encoding="utf-8"))
    record["form"] = str(tmp_path / "另一个.toml")
    recovery_file_for(form).write_text(json.dumps(record), encoding="utf-8")
    assert find_recovery(form) is None


def test_state_dir_that_cannot_be_used_gives_a_chinese_error(form, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(STATE_DIR_ENV, str(blocker / "state"))
    with pytest.raises(StorageError) as info:
        write_recovery(form, b"x")
    assert "恢复文件" in str(info.value) and str(blocker) in str(info.value)


def test_default_state_dir_is_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv(STATE_DIR_ENV)
    assert state_dir() == Path(platformdirs.user_state_dir("jixiao", appauthor=False))


def test_list_recoveries_newest_first(tmp_path, form):
    other = form.with_name("另一张表.toml")
    other.write_bytes(form.read_bytes())
    write_recovery(form, edited(form.read_bytes(), actual="1个"))
    time.sleep(0.01)
    write_recovery(other, edited(other.read_bytes(), actual="2个"))
    assert [r.form.name for r in list_recoveries()] == ["另一张表.toml", form.name]


def test_stale_temp_files_in_the_state_dir_are_cleaned(form):
    write_recovery(form, b"x")
    old = recovery_dir() / ".x.json.abcd1234.tmp"
    fresh = recovery_dir() / ".y.json.abcd1234.tmp"
    for path in (old, fresh):
        path.write_bytes(b"partial")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert clean_recovery_dir() == [old]
    assert fresh.exists() and recovery_file_for(form).exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_work_of_a_killed_session_comes_back(form):
    """kill -9 while editing: the next open offers exactly what was kept."""
    loaded = form.read_bytes()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the editing session
        code = 0
        try:
            throttle = RecoveryThrottle(interval=0.0)
            data = loaded
            for n in range(1, 6):
                data = edited(data, actual=f"{n}个")
                if throttle.edited(structural=n == 5):
                    write_recovery(form, data, base=loaded)
                    throttle.written()
            os.write(w, b"kept\n")
            time.sleep(60)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    with os.fdopen(r) as reader:
        assert reader.readline().strip() == "kept"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert form.read_bytes() == loaded  # never saved
    found = find_recovery(form)
    assert found is not None and found.data == edited(loaded, actual="5个")
    assert found.writer_pid == pid and not found.from_live_session
    # restore, save, discard: the work is in the form and the recovery is gone
    assert safe_save(form, found.data, loaded).ok
    discard_recovery(form)
    assert find_recovery(form) is None and form.read_bytes() == found.data


# -- the throttle -------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_writes_at_once_then_at_most_every_interval():
    clock = Clock()
    t = RecoveryThrottle(interval=3.0, clock=clock)
    assert not t.due() and t.wait() is None
    assert t.edited() is True  # first edit after a quiet spell: write now
    t.written()
    clock.now += 1
    assert t.edited() is False and t.wait() == pytest.approx(2.0)
    clock.now += 1.5
    assert t.edited() is False and not t.due()
    clock.now += 0.5
    assert t.due() and t.wait() == 0.0  # at most `interval` behind
    t.written()
    assert not t.due()


def test_throttle_structural_edits_write_immediately_and_reset_clears():
    clock = Clock()
    t = RecoveryThrottle(interval=3.0, clock=clock)
    t.edited()
    t.written()
    clock.now += 0.1
    assert t.edited(structural=True) is True
    t.written()
    clock.now += 0.1
    t.edited()
    t.reset()  # saved
    assert not t.due() and t.wait() is None
    assert t.edited() is True


@pytest.mark.skipif(not process_start(os.getpid()), reason="process start times need /proc")
def test_recovery_of_a_reused_pid_is_offered_not_taken_for_a_live_session(form):
    """A live pid with another start time is not the writer (issue 19, point
    2): its recovery is offered, as after any crash."""
    loaded = form.read_bytes()
    write_recovery(form, edited(loaded, actual="5个"), base=loaded)
    record = json.loads(recovery_file_for(form).read_text(encoding="utf-8"))
    parent = os.getppid()  # alive, and not us
    record["pid"], record["started"] = parent, process_start(parent)
    recovery_file_for(form).write_text(json.dumps(record), encoding="utf-8")
    assert find_recovery(form).from_live_session  # that very process: its own work
    record["started"] = "1"  # the same pid, another process: the writer is gone
    recovery_file_for(form).write_text(json.dumps(record), encoding="utf-8")
    found = find_recovery(form)
    assert found.writer_pid == parent and not found.from_live_session
