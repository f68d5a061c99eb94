"""The Windows branches of the storage code, on Windows: the Windows lane
(`make test-windows`, Windows CPython under Wine in code page 936) runs them;
elsewhere they are skipped, but for the editing marker test and the explanations of Windows' error codes,
which are checked everywhere with the system simulated.

Each test names the Windows behaviour it relies on, from Microsoft's
documentation; where Wine 8 differs, the test follows Windows and is marked
`not_under_wine` with the difference. The editing marker's OpenProcess
check is tested here with a child process (test_storage_markers.py forks,
so it is POSIX's); other Windows branches run in the lane through the usual
tests: recovery files (test_storage_recovery.py), saves without the exchange
rename (test_storage.py, test_storage_race.py's "windows" cases).
"""

from __future__ import annotations

import errno
import locale
import os
import stat
import subprocess
import sys
import types
from pathlib import Path

import pytest
from platforms import UNDER_WINE, WINDOWS

from model.storage import (
    MarkerState,
    RefusedTarget,
    acquire_marker,
    atomic_write,
    clean_temp_files,
    explain_os_error,
    find_recovery,
    lock_file_for,
    release_marker,
    safe_save,
    save_lock,
    StorageError,
    write_recovery,
)
from model.oserror import os_error_kind, os_reason
from model.storage import atomic as atomic_module
from model.storage import common as common_module
from model.storage.atomic import lock_holder, read_regular
from model.storage.common import pid_alive, process_start

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
windows_only = pytest.mark.skipif(not WINDOWS, reason="Windows' own behaviour (the Windows lane runs it)")


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "洪山 2024 自评.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# -- atomic replace and sharing violations ------------------------------------------------------


@windows_only
def test_a_rename_refused_while_another_program_holds_the_file_is_retried(form):
    """Windows: a file opened without FILE_SHARE_DELETE (as Python's open()
    and most editors open it) cannot be replaced by MoveFileEx until closed
    ("access denied"); the retry after the other program closes it succeeds."""
    held = open(form, "rb")  # noqa: SIM115 - closed by the sleep below
    sleeps: list[float] = []

    def other_program_closes(seconds: float) -> None:
        sleeps.append(seconds)
        held.close()

    try:
        attempts = atomic_write(form, "新内容".encode(), sleep=other_program_closes)
    finally:
        held.close()
    assert attempts == 2 and len(sleeps) == 1
    assert form.read_bytes() == "新内容".encode() and leftovers(form.parent) == []


@windows_only
def test_a_file_held_throughout_the_save_is_reported_busy_and_left_alone(form):
    """The same refusal for longer than the retries (about 1.8 s): the save
    says in Chinese that another program holds the file, nothing changes.

    Windows: no name of a file held open without FILE_SHARE_DELETE can be
    deleted (DeleteFile needs DELETE access, which that sharing mode denies),
    so the second name the save gave the form (a hard link, the form's own
    bytes) stays until the other program lets go; the clean-up when the form
    is next opened removes it."""
    before = form.read_bytes()
    with open(form, "rb"):
        outcome = safe_save(form, before.replace("洪山区".encode(), "别的区".encode()), before)
        assert outcome.status == "failed" and outcome.error.reason == "busy"
        assert "占用" in outcome.message and "原文件没有改动" in outcome.message
        assert form.read_bytes() == before
        for name in leftovers(form.parent):  # at most the hard link: the same file as the form
            assert os.path.samefile(form.parent / name, form)
    clean_temp_files(form)
    assert leftovers(form.parent) == []


@windows_only
@pytest.mark.skipif(UNDER_WINE, reason="Wine 8 differs from Windows: it replaces a read-only file")
def test_a_read_only_form_is_not_replaced(form):
    """Windows: MoveFileEx refuses to replace a file with the read-only
    attribute (ERROR_ACCESS_DENIED); jixiao says so and changes nothing."""
    before = form.read_bytes()
    os.chmod(form, stat.S_IREAD)
    try:
        outcome = safe_save(form, before + b"\n", before)
    finally:
        os.chmod(form, stat.S_IREAD | stat.S_IWRITE)
    assert outcome.status == "failed" and outcome.error.reason == "busy" and "只读" in outcome.message
    assert form.read_bytes() == before


@windows_only
def test_a_saved_form_keeps_only_the_read_write_flag_no_acl_is_set(form):
    """Windows keeps no POSIX modes: os.stat reports 0o666 for a writable file
    and 0o444 for a read-only one (Python's os.chmod documentation); jixiao's
    permission logic touches no ACLs, so a saved form stays writable."""
    before = form.read_bytes()
    assert safe_save(form, before + b"\n", before).ok
    assert stat.S_IMODE(form.stat().st_mode) == 0o666 and os.access(form, os.W_OK)


@windows_only
def test_a_link_is_refused_after_opening_where_there_is_no_o_nofollow(form, monkeypatch):
    """Windows has no O_NOFOLLOW: read_regular opens, then checks for a link."""
    assert atomic_module._NOFOLLOW == 0
    monkeypatch.setattr(atomic_module.os.path, "islink", lambda path: Path(path) == form)
    with pytest.raises(RefusedTarget):
        read_regular(form, 1 << 20)


# -- the save lock and who holds it ---------------------------------------------------------------


@windows_only
def test_the_save_lock_is_exclusive_and_nobody_is_named_without_proc_locks(form):
    """Windows: filelock locks with msvcrt.locking; there is no /proc/locks
    (the lane's Wine prefix has no Z: drive, so Linux's is out of reach too)
    and no user ids: a second lock says only that another program is saving."""
    with save_lock(form):
        assert lock_holder(lock_file_for(form)) is None
        with pytest.raises(StorageError) as refused:
            with save_lock(form, timeout=0.2):
                pass
    assert refused.value.reason == "locked" and "正在保存" in refused.value.message
    with save_lock(form, timeout=0.2):  # released
        pass


@windows_only
def test_whether_a_process_lives_is_asked_of_the_kernel():
    """Windows: os.kill(pid, 0) would end the process, so pid_alive uses
    OpenProcess and GetExitCodeProcess (STILL_ACTIVE while running); there is
    no /proc, so no start time is recorded."""
    assert pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.DEVNULL)
    child.wait()
    assert not pid_alive(child.pid)
    assert process_start(os.getpid()) == ""


HOLDER = """
import sys
from model.storage import acquire_marker
print(acquire_marker(sys.argv[1]).state, flush=True)
sys.stdin.read()  # holds the form until told to go; ends without releasing it, as a crash would
"""


def test_the_editing_marker_of_a_live_process_holds_and_a_dead_ones_is_cleared(form):
    """Another jixiao (a child process here: Windows has no fork) holds the
    form; once it is gone its marker is cleared. On Windows the liveness
    check is OpenProcess / GetExitCodeProcess (test_storage_markers.py, which
    forks, runs on POSIX only)."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(form)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"ours"
        status = acquire_marker(form)
        assert status.state is MarkerState.IN_USE and status.holder.pid == holder.pid
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
        holder.stdout.close()
    status = acquire_marker(form)
    assert status.state is MarkerState.OURS and status.cleared.pid == holder.pid
    assert release_marker(form)


# -- paths, names and encodings -------------------------------------------------------------------


@windows_only
def test_paths_with_a_drive_letter_backslashes_chinese_and_spaces(tmp_path):
    folder = tmp_path / "年度 自评" / "子 文件夹"
    folder.mkdir(parents=True)
    as_typed = str(folder) + "\\" + "表 一.toml"
    assert Path(as_typed).drive.endswith(":") and "\\" in as_typed
    data = SAMPLE.read_bytes()
    assert safe_save(as_typed, data, None).ok
    assert safe_save(as_typed.replace("\\", "/"), data + b"\n", data).ok  # the same file, written with /
    assert (folder / "表 一.toml").read_bytes() == data + b"\n"


@windows_only
def test_what_jixiao_writes_is_utf8_in_a_chinese_windows_code_page(form):
    """The lane runs in code page 936: open() without encoding= would write GBK."""
    if UNDER_WINE:
        assert locale.getpreferredencoding(False) == "cp936"  # the lane's premise
    from exchange.export import export_document
    from model.files import load_document

    doc = load_document(form)
    csv_file = form.with_name("导出 表.csv")
    export_document(doc, csv_file)
    csv_file.read_bytes().decode("utf-8")
    recovery = write_recovery(form, form.read_bytes().replace("洪山区".encode(), "恢复区".encode()), form.read_bytes())
    recovery.read_bytes().decode("utf-8")
    assert find_recovery(form) is not None and "恢复区" in find_recovery(form).data.decode("utf-8")


@windows_only
def test_the_command_prints_chinese_through_a_pipe_in_code_page_936(form):
    run = subprocess.run([sys.executable, "-m", "jixiao", "score", str(form)], capture_output=True,
                         stdin=subprocess.DEVNULL, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert "总分" in run.stdout.decode("utf-8")  # UTF-8, not the code page


# -- Windows' error codes, explained (simulated anywhere) ---------------------------------------


class WinError(OSError):
    def __init__(self, code: int, winerror: int | None) -> None:
        super().__init__(code, os.strerror(code))
        self.winerror = winerror


@pytest.fixture
def as_windows(monkeypatch):
    monkeypatch.setattr(common_module, "sys", types.SimpleNamespace(platform="win32"))


def test_a_folder_in_the_way_is_named_a_folder_not_access_denied(tmp_path, as_windows):
    """Windows reports opening or renaming onto a folder as access denied."""
    folder = tmp_path / "表.toml"
    folder.mkdir()
    for exc in (PermissionError(errno.EACCES, "Permission denied"), WinError(errno.EACCES, 5)):
        assert explain_os_error(exc, folder, replacing=True).reason == "is_folder"
    assert explain_os_error(WinError(errno.EACCES, 32), tmp_path / "x.toml", replacing=True).reason == "busy"


def test_a_path_too_long_for_windows_is_named_so(tmp_path, as_windows):
    """Windows: a path over MAX_PATH (260) or a name over 255 characters
    fails as "path not found", "invalid name" or ERROR_FILENAME_EXCED_RANGE."""
    long_path = tmp_path / ("长" * 300 + ".toml")
    assert explain_os_error(WinError(errno.ENOENT, 206), tmp_path / "a.toml").reason == "name_too_long"
    assert explain_os_error(WinError(errno.ENOENT, 3), long_path).reason == "name_too_long"
    assert explain_os_error(WinError(errno.EINVAL, 123), long_path).reason == "name_too_long"
    assert explain_os_error(WinError(errno.ENOENT, 3), tmp_path / "无" / "a.toml").reason == "missing_folder"


def test_a_short_reason_and_a_save_error_read_an_error_the_same_way(tmp_path, as_windows):
    """One reading of an OS error (model.oserror): the kind a failed save
    reports is the kind whose few words an export or a read shows."""
    folder = tmp_path / "表.toml"
    folder.mkdir()
    cases = [(PermissionError(errno.EACCES, "Permission denied"), folder, "is_folder", "这是一个文件夹"),
             (WinError(errno.EACCES, 32), tmp_path / "x.toml", "busy", "占用"),
             (WinError(errno.ENOENT, 206), tmp_path / "a.toml", "name_too_long", "文件名过长"),
             (OSError(errno.ENOSPC, "No space left on device"), tmp_path / "a.toml", "disk_full", "磁盘已满"),
             (OSError(errno.EIO, "Input/output error"), tmp_path / "a.toml", "io", "Input/output error")]
    for exc, path, kind, words in cases:
        assert os_error_kind(exc, path, windows=True) == kind
        assert explain_os_error(exc, path).reason == kind
        if kind not in ("is_folder", "name_too_long"):  # read from Windows' codes only on Windows
            assert words in os_reason(exc, path)
    assert os_error_kind(PermissionError(errno.EACCES, "Permission denied"), folder, windows=False) == "permission"
    assert os_reason(RefusedTarget.special(folder)).startswith("不是普通文件")
