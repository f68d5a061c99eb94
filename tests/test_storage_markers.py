"""The editing marker: the second opener learns who is editing (model/storage; issue 4).

"Another process" is a real one: a forked child that acquires the marker and
waits, or a finished process whose id is now free.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.storage import (
    MarkerState,
    acquire_marker,
    is_ours,
    marker_path,
    read_marker,
    release_marker,
    take_over_marker,
)
from model.storage import marker as marker_module
from model.storage.common import current_host, current_user, process_start

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "洪山-2024.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def spawn(fn):
    """Run fn(report) in a forked child; report(obj) sends a JSON line back.
    Returns (pid, lines) where lines() yields what the child reported."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        os.close(r)
        code = 0
        try:
            def report(obj):
                os.write(w, (json.dumps(obj, ensure_ascii=False) + "\n").encode())
            fn(report)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    reader = os.fdopen(r, "r", encoding="utf-8")
    return pid, reader


def stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def hold_marker(form: Path):
    def child(report):
        status = acquire_marker(form)
        report({"state": status.state.value})
        time.sleep(60)
    pid, reader = spawn(child)
    assert json.loads(reader.readline())["state"] == "ours"
    return pid, reader


def write_marker(form: Path, **fields) -> None:
    data = {"format": "jixiao-editing", "user": "zhangsan", "host": current_host(), "pid": 1,
            "since": time.time(), "version": "0.1.0", "token": "t", "started": ""}
    data.update(fields)
    marker_path(form).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_second_opener_sees_user_host_and_pid(form):
    pid, reader = hold_marker(form)
    try:
        status = acquire_marker(form)
        assert status.state is MarkerState.IN_USE and not status.owned
        holder = status.holder
        assert (holder.user, holder.host, holder.pid) == (current_user(), current_host(), pid)
        assert holder.age() < 3600
        for shown in (current_user(), current_host(), str(pid)):
            assert shown in status.message
        assert "只读" in status.message
        # the marker is still the first opener's
        assert read_marker(form).pid == pid and not is_ours(read_marker(form))
        assert release_marker(form) is False and marker_path(form).exists()
    finally:
        stop(pid)
        reader.close()
    # the first opener was killed: its marker is stale and is cleared
    status = acquire_marker(form)
    assert status.state is MarkerState.OURS and status.cleared.pid == pid
    assert "过期" in status.message
    assert is_ours(read_marker(form))
    assert release_marker(form) is True and not marker_path(form).exists()


def test_two_openers_at_the_same_moment_one_gets_it(form):
    go_r, go_w = os.pipe()

    def child(report):
        os.read(go_r, 1)
        report({"state": acquire_marker(form).state.value})
        time.sleep(60)

    children = [spawn(child) for _ in range(2)]
    os.write(go_w, b"xx")
    try:
        states = sorted(json.loads(reader.readline())["state"] for _, reader in children)
    finally:
        for pid, reader in children:
            stop(pid)
            reader.close()
        os.close(go_r)
        os.close(go_w)
    assert states == ["in_use", "ours"]


def test_stale_marker_of_a_dead_process_is_cleared(form):
    gone = dead_pid()
    write_marker(form, pid=gone, user="lisi")
    status = acquire_marker(form)
    assert status.state is MarkerState.OURS
    assert status.cleared.pid == gone and status.cleared.user == "lisi"
    assert is_ours(read_marker(form))


@pytest.mark.skipif(not process_start(os.getpid()), reason="process start times need /proc")
def test_marker_whose_pid_was_reused_is_stale(form):
    parent = os.getppid()
    write_marker(form, pid=parent, started=process_start(parent))
    assert acquire_marker(form).state is MarkerState.IN_USE  # that process is alive
    write_marker(form, pid=parent, started="1")  # same pid, another process
    status = acquire_marker(form)
    assert status.state is MarkerState.OURS and status.cleared.pid == parent


def test_marker_with_our_pid_but_another_session_is_stale(form):
    # e.g. a container where every jixiao runs as pid 1: a previous run's marker
    write_marker(form, pid=os.getpid(), token="a-previous-run")
    status = acquire_marker(form)
    assert status.state is MarkerState.OURS and status.cleared.token == "a-previous-run"


def test_marker_from_another_host_shows_its_age_and_can_be_taken_over(form):
    write_marker(form, host="办公室-PC", user="wangwu", pid=4242, since=time.time() - 3 * 3600)
    status = acquire_marker(form)
    assert status.state is MarkerState.OTHER_HOST and not status.owned
    assert status.holder.host == "办公室-PC" and status.holder.age() >= 3 * 3600
    assert "办公室-PC" in status.message and "wangwu" in status.message
    assert "3 小时" in status.message and "接管" in status.message
    assert read_marker(form).host == "办公室-PC"  # nothing changed yet
    taken = take_over_marker(form)
    assert taken.state is MarkerState.OURS and taken.cleared.host == "办公室-PC"
    assert is_ours(read_marker(form))
    assert acquire_marker(form).state is MarkerState.OURS


def test_take_over_from_a_live_process_and_release_leaves_theirs_alone(form):
    pid, reader = hold_marker(form)
    try:
        assert acquire_marker(form).state is MarkerState.IN_USE
        taken = take_over_marker(form)
        assert taken.owned and taken.cleared.pid == pid
        assert is_ours(read_marker(form))
    finally:
        stop(pid)
        reader.close()
    # someone takes it from us; our release must not remove their marker
    write_marker(form, host="别的主机", pid=7)
    assert release_marker(form) is False
    assert read_marker(form).host == "别的主机"


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe garbage", b"[]", b'{"format": "jixiao-editing"}',
    b'{"format": "jixiao-editing", "user": 1, "host": [], "pid": "x", "since": null}',
    b'{"format": "jixiao-editing", "user": "a", "host": "b", "pid": true, "since": 1}',
    b"[" * 100_000, b'{"a": "' + b"x" * 200_000 + b'"}',
], ids=lambda content: f"{content[:8]!r}x{len(content)}")  # Windows caps an environment variable at 32767
def test_broken_marker_is_replaced_not_a_crash(form, content):
    marker_path(form).write_bytes(content)
    assert read_marker(form) is None
    assert acquire_marker(form).state is MarkerState.OURS
    assert is_ours(read_marker(form))


def test_hostile_names_in_a_marker_are_shown_inert(form):
    write_marker(form, host="\x1b]0;pwned\x07[b]主机[/b]", user="\x1b[31m红\x1b[0m", pid=5)
    status = acquire_marker(form)
    assert status.state is MarkerState.OTHER_HOST
    assert "\x1b" not in status.message and "\x07" not in status.message
    assert "\\x1b[31m红" in status.message and "[b]主机[/b]" in status.message


def test_marker_cannot_be_written(form, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(marker_module, "atomic_write", refuse)
    status = acquire_marker(form)
    assert status.state is MarkerState.UNAVAILABLE and not status.owned
    assert "没有写入权限" in status.message and "保存时仍会检查" in status.message
    assert not marker_path(form).exists()


def test_marker_in_a_folder_that_is_gone(tmp_path):
    status = acquire_marker(tmp_path / "不存在" / "表.toml")
    assert status.state is MarkerState.UNAVAILABLE and "不存在" in status.message
    assert not (tmp_path / "不存在").exists()


def test_marker_file_names_the_editor_for_people_too(form):
    acquire_marker(form)
    data = json.loads(marker_path(form).read_text(encoding="utf-8"))
    assert data["user"] == current_user() and data["host"] == current_host()
    assert data["pid"] == os.getpid() and data["since_text"][:4].isdigit()
    assert marker_path(form).name == f".{form.name}.jixiao-editing.json"
