"""Shared servers: permissions of every file a save makes, symbolic links
planted by others, and locks held or planted by another local user (issue
14, F4).

The tests with a second local user create one with `useradd` for the
session (and remove it after); they are skipped, with the reason, where that
is not possible (not root, no useradd, not Linux).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from hostile import NEW, OLD, HookedOS, kill, spawn
from model.storage import (
    ANY,
    Fingerprint,
    MarkerState,
    acquire_marker,
    atomic_write,
    backup_path,
    lock_file_for,
    marker_path,
    release_marker,
    safe_save,
)
from model.storage import atomic as atomic_module

POSIX = sys.platform != "win32"
IS_ROOT = POSIX and os.geteuid() == 0
pytestmark = pytest.mark.skipif(not POSIX, reason="POSIX permissions and symbolic links")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def umask_default() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "表.toml"
    path.write_bytes(OLD)
    return path


# -- permissions ---------------------------------------------------------------------------------


def test_copies_take_the_mode_of_the_form_they_come_from(form, tmp_path):
    os.chmod(form, 0o600)
    copy = tmp_path / "表-副本.toml"
    assert safe_save(copy, NEW, None, source=form).ok
    assert mode_of(copy) == 0o600  # was 0644: others could read the unsaved edit
    assert mode_of(lock_file_for(copy)) == 0o600
    # overwriting an existing, readable file with a private form's content
    # (save-as, after confirming) takes away what the form does not allow
    other = tmp_path / "旧文件.toml"
    other.write_bytes(OLD)
    os.chmod(other, 0o664)
    assert safe_save(other, NEW, ANY, source=form).ok
    assert mode_of(other) == 0o600
    # a group-readable form gives a group-readable copy
    os.chmod(form, 0o640)
    copy2 = tmp_path / "表-副本2.toml"
    assert safe_save(copy2, NEW, None, source=form).ok and mode_of(copy2) == 0o640
    # a brand-new form (nothing it comes from): the umask, as any editor
    fresh = tmp_path / "新表.toml"
    assert safe_save(fresh, NEW, None).ok and mode_of(fresh) == umask_default()


@pytest.mark.parametrize("form_mode", [0o600, 0o640, 0o644])
def test_the_editing_marker_is_no_more_readable_than_the_form(form, form_mode):
    os.chmod(form, form_mode)
    assert acquire_marker(form).state is MarkerState.OURS
    assert mode_of(marker_path(form)) == form_mode  # was 0644 for a 0600 form
    assert release_marker(form)
    marker_path(form).write_text("{}", encoding="utf-8")  # an older marker, 0644
    os.chmod(marker_path(form), 0o644)
    acquire_marker(form)
    assert mode_of(marker_path(form)) == form_mode


@pytest.mark.parametrize(("form_mode", "lock_mode"), [
    (0o600, 0o600), (0o644, 0o600), (0o640, 0o600), (0o660, 0o660), (0o664, 0o660),
])
def test_the_lock_file_can_be_used_only_by_those_who_may_write_the_form(form, form_mode, lock_mode):
    os.chmod(form, form_mode)
    outcome = safe_save(form, NEW, OLD)
    assert outcome.ok
    assert mode_of(lock_file_for(form)) == lock_mode  # was 0666 whatever the form
    assert mode_of(form) == form_mode and mode_of(backup_path(form)) == form_mode


def test_a_wide_lock_file_left_by_an_earlier_version_is_narrowed(form):
    os.chmod(form, 0o600)
    lock = lock_file_for(form)
    lock.touch()
    os.chmod(lock, 0o666)  # as earlier versions made it
    assert safe_save(form, NEW, OLD).ok
    assert mode_of(lock) == 0o600


def _foreign_gid() -> int:
    if IS_ROOT:
        return 4242  # root may give a file any group
    others = [g for g in os.getgroups() if g != os.getegid()]
    if not others:
        pytest.skip("needs root or membership of a second group")
    return others[0]


def test_the_group_of_the_form_is_kept_and_copies_get_it(form, tmp_path):
    gid = _foreign_gid()
    os.chown(form, -1, gid)
    os.chmod(form, 0o640)
    assert safe_save(form, NEW, OLD).ok
    # an atomic replace makes a new file, owned by the saver's own group: the
    # form's group bits would then open it to another set of people
    assert os.stat(form).st_gid == gid and mode_of(form) == 0o640
    copy = tmp_path / "表-副本.toml"
    assert safe_save(copy, NEW, None, source=form).ok
    assert os.stat(copy).st_gid == gid and mode_of(copy) == 0o640
    assert os.stat(lock_file_for(form)).st_gid == gid


def test_group_bits_are_dropped_when_the_group_cannot_be_kept(form, tmp_path, monkeypatch):
    gid = _foreign_gid()
    os.chown(form, -1, gid)
    os.chmod(form, 0o660)

    def refuse(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic_module, "os", HookedOS(lambda name, args: None, {"fchown": refuse}))
    copy = tmp_path / "表-副本.toml"
    assert safe_save(copy, NEW, None, source=form).ok
    assert os.stat(copy).st_gid != gid and mode_of(copy) == 0o600


# -- symbolic links --------------------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path) -> Path:
    """A file of the person's that a colleague would like overwritten."""
    home = tmp_path / "home"
    home.mkdir()
    path = home / "important.txt"
    path.write_bytes(b"precious\n")
    os.chmod(path, 0o600)
    return path


def assert_untouched(victim: Path) -> None:
    assert victim.read_bytes() == b"precious\n" and mode_of(victim) == 0o600
    assert sorted(p.name for p in victim.parent.iterdir()) == [victim.name], "something was made beside it"


@pytest.mark.parametrize("expected", ["confirmed", "new"])
def test_save_as_onto_a_planted_symlink_is_refused(tmp_path, victim, expected):
    planted = tmp_path / "x.toml"
    planted.symlink_to(victim)
    outcome = safe_save(planted, NEW, ANY if expected == "confirmed" else None)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    assert "符号链接" in outcome.message and str(victim) in outcome.message
    assert "换一个文件名" in outcome.message and "磁盘" not in outcome.message
    assert_untouched(victim)
    assert planted.is_symlink()


def test_save_as_through_a_dangling_symlink_is_refused(tmp_path, victim):
    planted = tmp_path / "x.toml"
    target = victim.parent / "new-file.toml"
    planted.symlink_to(target)
    outcome = safe_save(planted, NEW, None)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    assert not target.exists()
    assert_untouched(victim)


def test_a_symlink_at_the_lock_name_is_refused_with_the_right_cause(form, victim):
    lock = lock_file_for(form)
    lock.symlink_to(victim)
    outcome = safe_save(form, NEW, OLD)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    assert "请检查磁盘或网络连接" not in outcome.message
    assert lock.name in outcome.message and "符号链接" in outcome.message and "删除" in outcome.message
    assert form.read_bytes() == OLD
    assert_untouched(victim)
    lock.unlink()  # what the message says to do
    assert safe_save(form, NEW, OLD).ok


def test_a_form_opened_through_a_symlink_is_saved_through_it(form, tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to(form)
    opened = os.path.realpath(link)  # the person named the link: the form is its target
    assert safe_save(link, NEW, OLD, follow=opened).ok
    assert link.is_symlink() and form.read_bytes() == NEW
    # the same link, not opened by the person: refused
    outcome = safe_save(link, OLD, NEW)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    assert form.read_bytes() == NEW


def test_a_form_replaced_by_a_symlink_after_opening_is_not_written_through(form, victim):
    opened = os.path.realpath(form)
    loaded = form.read_bytes()
    form.unlink()
    form.symlink_to(victim)  # a colleague in the shared folder
    outcome = safe_save(form, NEW, loaded, follow=opened)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    # even "overwrite after confirming" with what is on disk now
    outcome = safe_save(form, NEW, Fingerprint.of(victim.read_bytes()), follow=opened)
    assert outcome.status == "failed" and outcome.error.reason == "symlink"
    assert_untouched(victim)


def test_exports_and_other_atomic_writes_refuse_a_symlink(tmp_path, victim):
    planted = tmp_path / "导出.xlsx"
    planted.symlink_to(victim)
    for source in (None, victim):  # an export names the form it comes from
        with pytest.raises(OSError) as caught:
            atomic_write(planted, b"exported", source=source)
        assert caught.value.errno == errno.ELOOP and "符号链接" in caught.value.strerror
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    assert_untouched(victim)


def _without_hanging(fn, fifo: Path):
    """Run fn() in a thread; if it is still blocked after 5 s (opening the
    pipe), unblock it by opening the pipe's other end, and fail."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=fn()), daemon=True)
    worker.start()
    worker.join(5.0)
    hung = worker.is_alive()
    if hung:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5.0)
    assert not hung, "blocked on a pipe planted at the name"
    return result.get("value")


def test_a_pipe_planted_at_the_marker_name_does_not_hang_opening(form):
    fifo = marker_path(form)
    os.mkfifo(fifo)
    status = _without_hanging(lambda: acquire_marker(form), fifo)
    assert status.state is MarkerState.OURS
    release_marker(form)


def test_a_pipe_at_a_save_as_destination_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    outcome = _without_hanging(lambda: safe_save(fifo, NEW, ANY), fifo)
    assert outcome.status == "failed" and outcome.error.reason == "special"
    assert "不是普通文件" in outcome.message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# -- another local user ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def other_user():
    """A second local user for the session: (name, uid, gid)."""
    if not IS_ROOT or not sys.platform.startswith("linux"):
        pytest.skip("creating a second local user needs root on Linux")
    useradd, userdel = shutil.which("useradd"), shutil.which("userdel")
    if not useradd or not userdel:
        pytest.skip("no useradd/userdel on this machine")
    name = "jxt" + uuid.uuid4().hex[:8]
    made = subprocess.run([useradd, "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"useradd failed: {made.stderr.strip()}")
    try:
        import pwd

        entry = pwd.getpwnam(name)
        yield name, entry.pw_uid, entry.pw_gid
    finally:
        subprocess.run([userdel, name], capture_output=True)


@pytest.fixture
def shared_dir():
    """A folder every user may write (as a shared project folder on a server)."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-shared-", dir="/tmp"))
    os.chmod(folder, 0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_user(user, fn):
    """Run fn(report) in a forked child that is `user` (setuid)."""
    import ctypes  # noqa: F401  - loaded before the child loses access to the interpreter's files
    import fcntl  # noqa: F401
    import grp  # noqa: F401
    import pwd  # noqa: F401

    _, uid, gid = user

    def run(report):
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        fn(report)
    return spawn(run)


def test_another_user_cannot_open_the_lock_of_a_form_they_may_not_write(other_user, shared_dir):
    form = shared_dir / "表.toml"
    form.write_bytes(OLD)
    os.chmod(form, 0o644)  # readable by everyone, writable by its owner only
    assert safe_save(form, NEW, OLD).ok
    lock = lock_file_for(form)

    def try_open(report):
        results = {}
        for flag in ("O_RDONLY", "O_RDWR"):
            try:
                os.close(os.open(lock, getattr(os, flag)))
                results[flag] = "opened"
            except OSError as exc:
                results[flag] = errno.errorcode[exc.errno]
        report(results)

    pid, reader = as_user(other_user, try_open)
    results = json.loads(reader.readline())
    reader.close()
    os.waitpid(pid, 0)
    # not opened, so it cannot be held either (flock works on any open file)
    assert results == {"O_RDONLY": "EACCES", "O_RDWR": "EACCES"}


def test_a_lock_held_by_another_user_is_reported_with_their_name(other_user, shared_dir):
    form = shared_dir / "表.toml"
    form.write_bytes(OLD)
    lock = lock_file_for(form)

    def hold(report):
        import fcntl

        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)  # planted before any save
        fcntl.flock(fd, fcntl.LOCK_EX)
        report({"held": True})
        time.sleep(60)

    pid, reader = as_user(other_user, hold)
    try:
        assert json.loads(reader.readline()) == {"held": True}
        outcome = safe_save(form, NEW, OLD, lock_timeout=0.3)
    finally:
        kill(pid)
        reader.close()
    assert outcome.status == "failed" and outcome.error.reason == "held_by_user"
    assert other_user[0] in outcome.message and outcome.error.holder == other_user[0]
    assert "另一个程序正在保存此文件" not in outcome.message and "磁盘" not in outcome.message
    assert form.read_bytes() == OLD
    assert safe_save(form, NEW, OLD).ok  # once they let go


def test_a_lock_file_of_another_user_that_cannot_be_opened_is_named(other_user, shared_dir):
    form = shared_dir / "表.toml"
    form.write_bytes(OLD)
    os.chown(form, other_user[1], other_user[2])  # their own form
    lock = lock_file_for(form)
    lock.touch()
    os.chmod(lock, 0o600)  # root's, and private

    def save(report):
        outcome = safe_save(form, NEW, OLD, lock_timeout=0.3)
        report({"status": outcome.status, "reason": outcome.error.reason if outcome.error else "",
                "message": outcome.message})

    pid, reader = as_user(other_user, save)
    result = json.loads(reader.readline())
    reader.close()
    os.waitpid(pid, 0)
    assert result["status"] == "failed" and result["reason"] == "held_by_user", result
    assert "root" in result["message"] and lock.name in result["message"]
    assert "没有写入权限（文件夹" not in result["message"]
    assert form.read_bytes() == OLD


@pytest.mark.parametrize("form_mode", [0o600, 0o640])
def test_exports_and_reports_are_no_more_readable_than_the_form(tmp_path, form_mode):
    from jixiao.cli import main

    form = tmp_path / "表.toml"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "sample_data" / "hongshan-2024-department.toml", form)
    os.chmod(form, form_mode)
    for name in ("表.xlsx", "表.docx", "表.csv", "表.md"):
        assert main(["export", str(form), "-o", str(tmp_path / name)]) == 0
        assert mode_of(tmp_path / name) == form_mode, name  # was the umask's 0644
    assert main(["report", str(form), "-o", str(tmp_path / "报告.docx")]) == 0
    assert mode_of(tmp_path / "报告.docx") == form_mode
