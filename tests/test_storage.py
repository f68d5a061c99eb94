"""Safe saves, failed saves, conflicts with their differences, disk watching,
cleaning after a killed save (model/storage; issue 4)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
from platforms import not_under_wine, posix_only

from model import dumps_document, loads_document
from model.edit import insert_at, remove_at, update_at
from model.document import Indicator
from model.storage import (
    ANY,
    DiskStatus,
    DiskWatch,
    Fingerprint,
    backup_path,
    clean_temp_files,
    diff_documents,
    fingerprint_file,
    iter_form_files,
    lock_file_for,
    safe_save,
    summarize,
)
from model.storage import atomic as atomic_module
from model.storage import common as common_module
from model.storage import save as save_module

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def first_indicator_path(doc):
    return next(iter(doc.iter_indicators()))[0]


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "洪山-2024.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def edited(data: bytes, **changes) -> bytes:
    doc = loads_document(data)
    return dumps_document(update_at(doc, first_indicator_path(doc), **changes)).encode("utf-8")


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# -- saving ------------------------------------------------------------------------------


def test_save_replaces_keeps_backup_and_returns_new_fingerprint(form):
    old = form.read_bytes()
    new = edited(old, actual="10个")
    outcome = safe_save(form, new, old)
    assert outcome.ok and outcome.written
    assert form.read_bytes() == new
    assert outcome.fingerprint == Fingerprint.of(new) == fingerprint_file(form)
    assert outcome.backup == backup_path(form) and backup_path(form).read_bytes() == old
    assert temp_files(form.parent) == []
    # the next save starts from the new fingerprint; the backup rolls on
    newer = edited(new, actual="11个")
    assert safe_save(form, newer, outcome.fingerprint).ok
    assert backup_path(form).read_bytes() == new


@posix_only("POSIX permission bits: Windows keeps only the read-only flag and jixiao sets no ACLs "
            "(test_storage_windows.py checks that)")
def test_save_keeps_permissions(form):
    os.chmod(form, 0o640)
    old = form.read_bytes()
    assert safe_save(form, edited(old, actual="10个"), old).ok
    assert stat.S_IMODE(form.stat().st_mode) == 0o640
    assert stat.S_IMODE(backup_path(form).stat().st_mode) == 0o640


@posix_only("POSIX permission bits: Windows keeps only the read-only flag and jixiao sets no ACLs")
def test_a_backup_is_no_more_readable_than_the_form_now_is(form):
    """FILE.bak written while the form was 0640 follows the form made 0600
    at the next save: one that writes nothing, and one that keeps no backup."""
    os.chmod(form, 0o640)
    old = form.read_bytes()
    new = edited(old, actual="10个")
    assert safe_save(form, new, old).ok
    bak = backup_path(form)
    assert stat.S_IMODE(bak.stat().st_mode) == 0o640 and bak.read_bytes() == old
    os.chmod(form, 0o600)
    assert safe_save(form, new, new).ok  # nothing to write
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600 and bak.read_bytes() == old
    os.chmod(bak, 0o644)
    os.chmod(form, 0o620)
    assert safe_save(form, edited(new, actual="11个"), new, backup=False).ok
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600 and bak.read_bytes() == old
    assert stat.S_IMODE(form.stat().st_mode) == 0o620


@posix_only("symbolic links: making one on Windows needs administrator rights or developer mode, and Wine 8's "
            "do not resolve as NTFS's; the Windows branch that refuses a link is in test_storage_windows.py")
def test_save_through_a_symlink_the_person_opened_writes_the_real_file(form, tmp_path):
    link = tmp_path / "link.toml"
    link.symlink_to(form)
    old = form.read_bytes()
    new = edited(old, actual="10个")
    assert safe_save(link, new, old, follow=os.path.realpath(link)).ok
    assert link.is_symlink() and form.read_bytes() == new


def test_new_file_must_not_exist(tmp_path, form):
    data = form.read_bytes()
    fresh = tmp_path / "新表.toml"
    assert safe_save(fresh, data, None).ok and fresh.read_bytes() == data
    assert not backup_path(fresh).exists()
    outcome = safe_save(fresh, edited(data, actual="1个"), None)
    assert outcome.status == "conflict" and fresh.read_bytes() == data


def test_saving_the_bytes_already_there_is_a_quiet_success(form):
    data = form.read_bytes()
    stale = b"what this session thinks was there"
    outcome = safe_save(form, data, stale)
    assert outcome.ok and not outcome.written
    assert not backup_path(form).exists()


# -- conflicts -------------------------------------------------------------------------


def test_conflict_writes_nothing_and_names_the_indicators_and_values(form):
    loaded = form.read_bytes()
    theirs = edited(loaded, actual="12个")
    form.write_bytes(theirs)  # a colleague saved
    mine = edited(loaded, target="2个")
    outcome = safe_save(form, mine, loaded)
    assert outcome.status == "conflict" and not outcome.ok
    assert form.read_bytes() == theirs and not backup_path(form).exists()
    conflict = outcome.conflict
    assert conflict.disk == Fingerprint.of(theirs) and conflict.disk_bytes == theirs
    # what the other side changed (loaded -> disk)
    (change,) = conflict.changed_on_disk
    assert change.key == "actual" and (change.before, change.after) == ("9个", "12个")
    assert "建设科普惠民社区（村）数量" in change.place
    # what saving would overwrite (disk -> mine): their actual and my target
    assert {(d.key, d.before, d.after) for d in conflict.differences} == {
        ("actual", "12个", "9个"), ("target", "1个", "2个")}
    assert "12个" in outcome.message and "建设科普惠民社区" in outcome.message


def test_overwrite_after_confirming_uses_the_disk_fingerprint(form):
    loaded = form.read_bytes()
    form.write_bytes(edited(loaded, actual="12个"))
    mine = edited(loaded, target="2个")
    conflict = safe_save(form, mine, loaded).conflict
    # a third change in between is still caught
    third = edited(loaded, actual="13个")
    form.write_bytes(third)
    assert safe_save(form, mine, conflict.disk).status == "conflict"
    conflict = safe_save(form, mine, loaded).conflict
    outcome = safe_save(form, mine, conflict.disk)
    assert outcome.ok and form.read_bytes() == mine and backup_path(form).read_bytes() == third
    assert safe_save(form, edited(mine, actual="1个"), ANY).ok


def test_conflict_when_the_file_was_deleted_or_broken(form):
    loaded = form.read_bytes()
    mine = edited(loaded, target="2个")
    form.unlink()
    outcome = safe_save(form, mine, loaded)
    assert outcome.status == "conflict" and outcome.conflict.deleted
    assert not form.exists()
    assert safe_save(form, mine, outcome.conflict.disk).ok  # None: recreate it
    form.write_bytes(b"not = [toml")
    outcome = safe_save(form, edited(mine, actual="1个"), mine)
    assert outcome.status == "conflict" and outcome.conflict.disk_problem
    assert form.read_bytes() == b"not = [toml"


# -- failed saves ------------------------------------------------------------------------


def assert_failed_cleanly(outcome, form: Path, before: bytes, reason: str | None = None):
    assert outcome.status == "failed" and not outcome.ok and outcome.fingerprint is None
    assert form.read_bytes() == before, "the original file changed"
    assert temp_files(form.parent) == [], "a temporary file was left behind"
    assert outcome.message and "“" in outcome.message
    if reason:
        assert outcome.error.reason == reason


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32",
                    reason="permissions do not stop root, and mode bits do not stop writing on Windows")
def test_read_only_folder_real(form):
    before = form.read_bytes()
    lock_file_for(form).touch()
    os.chmod(form.parent, 0o555)
    try:
        outcome = safe_save(form, edited(before, actual="1个"), before)
    finally:
        os.chmod(form.parent, 0o755)
    assert_failed_cleanly(outcome, form, before, "permission")
    assert "没有写入权限" in outcome.message and "另存为" in outcome.message


def test_read_only_folder_simulated(form, monkeypatch):
    # as root (or on any system), a folder that refuses new files
    before = form.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_module.tempfile, "mkstemp", refuse)
    outcome = safe_save(form, edited(before, actual="1个"), before)
    assert_failed_cleanly(outcome, form, before, "permission")
    assert "没有写入权限" in outcome.message and "另存为" in outcome.message


@pytest.mark.parametrize(("error", "reason", "words"), [
    (errno.ENOSPC, "disk_full", "磁盘空间已满"),
    (errno.EROFS, "read_only_fs", "只读"),
    (errno.EIO, "io", "写入时出错"),
])
@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_write_failures_leave_the_original_and_no_temp(form, monkeypatch, error, reason, words, where):
    before = form.read_bytes()
    fail = OSError(error, os.strerror(error))
    if where == "fsync":
        monkeypatch.setattr(atomic_module.os, "fsync", lambda fd: (_ for _ in ()).throw(fail))
    elif where == "replace":  # the rename over the form: an exchange on Linux, a replace elsewhere
        real = os.replace

        def replace(src, dst):
            if Path(dst) == form:
                raise fail
            return real(src, dst)

        def exchange(a, b):
            if Path(b) == form:
                raise fail
            return False

        monkeypatch.setattr(atomic_module.os, "replace", replace)
        monkeypatch.setattr(atomic_module, "exchange", exchange)
    else:
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])
                raise fail

        monkeypatch.setattr(atomic_module.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    outcome = safe_save(form, edited(before, actual="1个"), before)
    assert_failed_cleanly(outcome, form, before, reason)
    assert words in outcome.message


def test_folder_gone_and_path_under_a_file(tmp_path, form):
    data = form.read_bytes()
    gone = tmp_path / "已删除的文件夹" / "表.toml"
    outcome = safe_save(gone, data, None)
    assert outcome.status == "failed" and outcome.error.reason == "missing_folder"
    assert "不存在" in outcome.message
    under = form / "表.toml"  # a "folder" that is a file
    outcome = safe_save(under, data, None)
    assert outcome.status == "failed" and outcome.error.reason == "not_a_folder"
    assert form.read_bytes() == data and temp_files(tmp_path) == []


def test_target_is_a_folder(tmp_path, form):
    folder = tmp_path / "表.toml"
    folder.mkdir()
    outcome = safe_save(folder, form.read_bytes(), ANY)
    assert outcome.status == "failed" and outcome.error.reason == "is_folder"


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32",
                    reason="permissions do not stop root, and mode bits do not stop writing on Windows")
def test_read_only_file_is_respected(form):
    before = form.read_bytes()
    os.chmod(form, 0o444)
    outcome = safe_save(form, edited(before, actual="1个"), before)
    assert_failed_cleanly(outcome, form, before, "read_only_file")


def test_read_only_file_simulated(form, monkeypatch):
    before = form.read_bytes()
    monkeypatch.setattr(save_module.os, "access", lambda path, mode: False)
    outcome = safe_save(form, edited(before, actual="1个"), before)
    assert_failed_cleanly(outcome, form, before, "read_only_file")
    assert "只读" in outcome.message


def _flaky_replace(monkeypatch, form: Path, failures: int) -> list[int]:
    calls = []
    real = os.replace

    def replace(src, dst):
        if Path(dst) == form:
            calls.append(1)
            if len(calls) <= failures:
                exc = PermissionError(errno.EACCES, "Access is denied")
                exc.winerror = 32  # ERROR_SHARING_VIOLATION
                raise exc
        return real(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", replace)
    monkeypatch.setattr(atomic_module, "exchange", lambda a, b: False)  # Windows has none
    monkeypatch.setattr(atomic_module, "REPLACE_RETRIES", 8)
    monkeypatch.setattr(atomic_module, "REPLACE_DELAY", 0.0)
    return calls


def test_replace_held_briefly_by_another_program_is_retried(form, monkeypatch):
    before = form.read_bytes()
    calls = _flaky_replace(monkeypatch, form, failures=3)
    new = edited(before, actual="1个")
    outcome = safe_save(form, new, before)
    assert outcome.ok and outcome.attempts == 4 and len(calls) == 4
    assert form.read_bytes() == new and temp_files(form.parent) == []


def test_replace_held_for_good_fails_after_bounded_retries(form, monkeypatch):
    before = form.read_bytes()
    calls = _flaky_replace(monkeypatch, form, failures=10**6)
    monkeypatch.setattr(common_module, "sys", types.SimpleNamespace(platform="win32"))
    outcome = safe_save(form, edited(before, actual="1个"), before)
    assert len(calls) == 9  # one try and eight retries
    assert_failed_cleanly(outcome, form, before, "busy")
    assert "占用" in outcome.message


def test_save_waits_for_the_lock_and_reports_when_it_cannot_get_it(form):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock\n"
         f"lock = FileLock({str(lock_file_for(form))!r}); lock.acquire()\n"
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = form.read_bytes()
        outcome = safe_save(form, edited(before, actual="1个"), before, lock_timeout=0.3)
        assert outcome.status == "failed" and outcome.error.reason == "locked"
        assert "正在保存" in outcome.message and form.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert safe_save(form, edited(before, actual="1个"), before).ok


# -- cleaning after a killed save ------------------------------------------------------------


def test_cleaner_removes_only_our_leftovers(form, tmp_path):
    ours = [f".{form.name}.abcd1234.tmp", f".{form.name}.zz_9xy00.tmp"]
    others = [f".{form.name}.notes.tmp", f"{form.name}.tmp", ".其他.toml.abcd1234.tmp",
              f".{form.name}.abcd1234.tmp.keep", "x.tmp"]
    for name in ours + others:
        (tmp_path / name).write_bytes(b"partial")
    removed = clean_temp_files(form)
    assert sorted(p.name for p in removed) == sorted(ours)
    assert sorted(p.name for p in tmp_path.iterdir() if "tmp" in p.name) == sorted(others)


def test_cleaner_spares_fresh_files_while_a_save_holds_the_lock(form, tmp_path):
    fresh = tmp_path / f".{form.name}.fresh123.tmp"
    old = tmp_path / f".{form.name}.old12345.tmp"
    fresh.write_bytes(b"being written")
    old.write_bytes(b"abandoned")
    os.utime(old, (old.stat().st_atime - 3600, old.stat().st_mtime - 3600))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from filelock import FileLock\n"
         f"lock = FileLock({str(lock_file_for(form))!r}); lock.acquire()\n"
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert clean_temp_files(form, lock_timeout=0.2) == [old]
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert fresh.exists() and not old.exists()


# -- differences -----------------------------------------------------------------------------


def test_diff_inserted_indicator_is_one_addition(form):
    doc = loads_document(form.read_bytes())
    path = first_indicator_path(doc)
    more = insert_at(doc, path[:-1], 0, Indicator(name="新增指标", target="≥1次"))
    (d,) = diff_documents(doc, more)
    assert d.change == "added" and "新增指标" in d.place
    (d,) = diff_documents(more, doc)
    assert d.change == "removed" and "新增指标" in d.place


def test_diff_removed_goal_is_one_removal_and_renamed_goal_one_change(form):
    doc = loads_document(form.read_bytes())
    fewer = remove_at(doc, (0,))
    (d,) = diff_documents(doc, fewer)
    assert d.change == "removed" and "年度目标1" in d.place
    renamed = update_at(doc, (0,), title="新的目标名")
    (d,) = diff_documents(doc, renamed)
    assert (d.change, d.key, d.before, d.after) == ("changed", "title", "年度目标1", "新的目标名")


def test_diff_covers_weights_scores_execution_and_header(form):
    doc = loads_document(form.read_bytes())
    path = first_indicator_path(doc)
    from decimal import Decimal

    other = update_at(doc, path, weight=Decimal("4.50"), score=Decimal(3))
    other = other.model_copy(update={"title": "新标题",
                                     "execution": other.execution.model_copy(update={"spent": Decimal("1.5")})})
    found = {(d.key, d.before, d.after) for d in diff_documents(doc, other)}
    assert found == {("weight", "（空）", "4.5"), ("score", "4", "3"), ("title", doc.title, "新标题"),
                     ("spent", "485.77", "1.5")}
    assert "共 4 处不同" in summarize(diff_documents(doc, other))
    assert diff_documents(doc, doc) == []


def test_diff_shows_hostile_names_inert(form):
    doc = loads_document(form.read_bytes())
    path = first_indicator_path(doc)
    hostile = update_at(doc, path, name="\x1b[31m[b]红[/b]\x07")
    text = "\n".join(d.describe() for d in diff_documents(doc, hostile))
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31m[b]红[/b]\\x07" in text


# -- changes on disk ---------------------------------------------------------------------------


def _later(path: Path):
    """A clock well after the file's time, so its stat may be trusted."""
    return lambda: path.stat().st_mtime_ns + 10**10


def test_watch_sees_an_atomic_replace_with_same_size_and_time(form, tmp_path):
    loaded = form.read_bytes()
    watch = DiskWatch(form, loaded, clock_ns=_later(form))
    assert watch.poll().status is DiskStatus.SAME
    st = form.stat()
    other = loaded.replace("9个".encode(), "8个".encode(), 1)
    assert len(other) == len(loaded)
    tmp = tmp_path / "incoming"
    tmp.write_bytes(other)
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    os.replace(tmp, form)
    check = watch.poll()
    assert check.status is DiskStatus.CHANGED and check.data == other
    watch.reset(other)  # reloaded
    assert watch.poll().status is DiskStatus.SAME


def test_watch_ignores_a_replace_with_identical_content(form, tmp_path):
    loaded = form.read_bytes()
    watch = DiskWatch(form, loaded)
    tmp = tmp_path / "incoming"
    tmp.write_bytes(loaded)
    os.replace(tmp, form)  # new inode, new time, same bytes (e.g. git checkout)
    assert watch.poll().status is DiskStatus.SAME


def test_watch_rehashes_even_when_the_stat_is_fooled(form, monkeypatch):
    """A same-size in-place rewrite whose stat looks unchanged (time restored,
    coarse timestamps) is still found by the periodic re-hash."""
    loaded = form.read_bytes()
    monkeypatch.setattr(DiskWatch, "_signature", staticmethod(lambda st: (st.st_size, st.st_mtime_ns)))
    watch = DiskWatch(form, loaded, verify_every=5, clock_ns=_later(form))
    assert watch.poll().status is DiskStatus.SAME  # poll 1 hashes and trusts the stat
    st = form.stat()
    with open(form, "r+b") as fh:  # in place, same size
        fh.write(loaded.replace("9个".encode(), "8个".encode(), 1))
    os.utime(form, ns=(st.st_atime_ns, st.st_mtime_ns))
    statuses = [watch.poll().status for _ in range(4)]  # polls 2-5
    assert statuses[:3] == [DiskStatus.SAME] * 3  # the stat is fooled...
    assert statuses[3] is DiskStatus.CHANGED  # ...until the re-hash


def test_watch_does_not_trust_a_recent_stat(form):
    loaded = form.read_bytes()
    watch = DiskWatch(form, loaded, clock_ns=lambda: form.stat().st_mtime_ns)  # "just written"
    assert watch.poll().status is DiskStatus.SAME
    st = form.stat()
    with open(form, "r+b") as fh:
        fh.write(loaded.replace("9个".encode(), "8个".encode(), 1))
    os.utime(form, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert watch.poll().status is DiskStatus.CHANGED


def test_watch_missing_and_new_files(form, tmp_path):
    loaded = form.read_bytes()
    watch = DiskWatch(form, loaded)
    form.unlink()
    assert watch.poll().status is DiskStatus.MISSING
    form.write_bytes(loaded)
    assert watch.poll().status is DiskStatus.SAME
    fresh = tmp_path / "新表.toml"
    watch = DiskWatch(fresh, None)  # never saved yet
    assert watch.poll().status is DiskStatus.SAME
    fresh.write_bytes(b"title = 'x'\n")
    assert watch.poll().status is DiskStatus.CHANGED


def test_watch_after_our_own_save(form):
    loaded = form.read_bytes()
    watch = DiskWatch(form)  # baseline read now
    new = edited(loaded, actual="1个")
    outcome = safe_save(form, new, loaded)
    assert watch.poll().status is DiskStatus.CHANGED  # not yet told about the save
    watch.reset(outcome.fingerprint)
    assert watch.poll().status is DiskStatus.SAME


# -- folders of forms --------------------------------------------------------------------------


def test_iter_form_files(tmp_path):
    for name in ["b.toml", "a.TOML", "sub/c.toml", "sub/deeper/d.toml", ".hidden.toml",
                 ".git/x.toml", "sub/c.toml.bak", "sub/.c.toml.abcd1234.tmp", "notes.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_form_files(tmp_path)]
    assert found == ["a.TOML", "b.toml", "sub/c.toml", "sub/deeper/d.toml"]


@not_under_wine("a name over 255 characters fails with FileExistsError there (NTFS: ERROR_INVALID_NAME)")
def test_name_too_long_is_explained(tmp_path, form):
    # over 255 bytes of UTF-8 (Linux); over 255 characters (Windows)
    outcome = safe_save(tmp_path / ("长" * (300 if sys.platform == "win32" else 120) + ".toml"),
                        form.read_bytes(), None)
    assert outcome.status == "failed" and outcome.error.reason == "name_too_long"
    assert "文件名" in outcome.message and temp_files(tmp_path) == []


def test_the_differences_name_a_flat_forms_row_by_its_name_without_empty_steps():
    """A flat form (RULES.md 5b) keeps its list in an unnamed goal, level and sublevel:
    no step of the place a difference is shown at (the recovery and conflict dialogs)."""
    from decimal import Decimal

    from model import Document, Framework, Goal, LevelOne, LevelTwo

    rows = (Indicator(name="统计调查项目完成率", weight=Decimal(30)), Indicator(name="社会公众满意度", weight=Decimal(30),
                                                                        coefficient=Decimal("93.33")))
    flat = Document(framework=Framework.flat, goals=(Goal(levels=(LevelOne(sublevels=(LevelTwo(indicators=rows),)),)),))
    changed = update_at(flat, (0, 0, 0, 1), coefficient=Decimal(100))
    added = insert_at(flat, (0, 0, 0), 2, Indicator(name="新指标"))
    assert [d.describe() for d in diff_documents(flat, changed)] == [
        "指标2「社会公众满意度」：得分系数（%）（coefficient） “93.33” → “100”"]
    assert [d.describe() for d in diff_documents(flat, added)] == ["指标3「新指标」：新增"]
    # the same unnamed levels in a form with levels are steps, as always
    levels = flat.model_copy(update={"framework": Framework.levels})
    assert [d.describe() for d in diff_documents(levels, update_at(levels, (0, 0, 0, 1), weight=Decimal(20)))] == [
        "目标1 / 一级指标1 / 二级指标1 / 指标2「社会公众满意度」：分值（weight） “30” → “20”"]

