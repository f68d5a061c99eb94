"""Atomic writes, the short save lock, and cleaning what a killed save left.

A write goes to a temporary file in the same folder (`.NAME.xxxxxxxx.tmp`,
the same names `model.files.write_atomic` uses), is flushed and fsynced, gets
the old file's permissions, and is renamed over the target with `os.replace`,
so the target always holds either the old or the new bytes. On Windows a
rename refused because another program holds the file is retried a bounded
number of times. Any failure removes the temporary file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .common import StorageError, explain_os_error

__all__ = [
    "atomic_write",
    "save_lock",
    "lock_file_for",
    "temp_prefix",
    "clean_temp_files",
    "is_temp_file_of",
    "REPLACE_RETRIES",
    "LOCK_TIMEOUT",
]

# Windows: another program (an editor, antivirus, a sync client) holding the
# file makes os.replace fail with PermissionError for a moment. Retry with
# growing sleeps: 0.05 + 0.1 + ... + 0.4 s, about 1.8 s in all.
REPLACE_RETRIES = 8 if sys.platform == "win32" else 0
REPLACE_DELAY = 0.05
# A save holds the lock for milliseconds; waiting longer means something is wrong.
LOCK_TIMEOUT = 10.0
# Temporary files this old are abandoned even when the lock cannot be taken.
ABANDONED_AFTER = 600.0

_UMASK: int | None = None


def _umask() -> int:
    # Read once (os.umask can only be read by setting it, which is not
    # thread-safe), the first time a new file is written.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


_RANDOM = re.compile(r"[a-z0-9_]{8}")


def is_temp_file_of(candidate: str, target: Path) -> bool:
    """Whether a file name is one of our temporary files for `target`."""
    prefix = temp_prefix(target)
    return (candidate.startswith(prefix) and candidate.endswith(".tmp")
            and bool(_RANDOM.fullmatch(candidate[len(prefix):-4])))


def atomic_write(target: Path, data: bytes, *, prefix: str | None = None, mode: int | None = None,
                 retries: int | None = None, sleep: Callable[[float], None] = time.sleep) -> int:
    """Write `data` to `target` atomically; return how many renames it took.

    `prefix` names the temporary file (default `.TARGET.`); `mode` is the
    permission of a new file (default: the old file's, else 0o666 & ~umask).
    Raises OSError; the target is then untouched and no temporary file remains.
    """
    folder = target.parent
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
    retries = REPLACE_RETRIES if retries is None else retries
    fd, tmp = tempfile.mkstemp(prefix=prefix or temp_prefix(target), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        attempt = 0
        while True:
            attempt += 1
            try:
                os.replace(tmp, target)
                break
            except OSError as exc:
                exc.jixiao_step = "replace"  # type: ignore[attr-defined]  # for the message
                if not isinstance(exc, PermissionError) or attempt > retries:
                    raise
                sleep(REPLACE_DELAY * attempt)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_folder(folder)
    return attempt


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no folder handles)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def lock_file_for(target: Path) -> Path:
    """The lock file beside a form: `.NAME.jixiao.lock` (left in place, empty)."""
    return target.with_name(f".{target.name}.jixiao.lock")


@contextmanager
def save_lock(target: Path, timeout: float = LOCK_TIMEOUT, *, action: str = "保存") -> Iterator[None]:
    """Hold the short lock that serialises saves (and marker changes) of one
    form across processes and users. Raises StorageError if it cannot."""
    from filelock import FileLock, Timeout

    # filelock creates missing folders for its lock file: a folder that has
    # gone (a network drive unplugged) must not silently come back empty.
    try:
        if not stat.S_ISDIR(os.stat(target.parent).st_mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent))
    except OSError as exc:
        raise explain_os_error(exc, target, action=action) from None
    # 0o666: a colleague on the same server must be able to take the lock
    # file this process created.
    lock = FileLock(str(lock_file_for(target)), timeout=timeout, mode=0o666)
    try:
        lock.acquire()
    except Timeout:
        raise StorageError(f"无法{action}“{target.name}”：另一个程序正在保存此文件，"
                           f"等待 {timeout:g} 秒仍未完成。请稍后重试。原文件没有改动。",
                           "locked", target) from None
    except NotImplementedError:  # pragma: no cover - old filelock on a file system without flock
        from filelock import SoftFileLock

        lock = SoftFileLock(str(lock_file_for(target)), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StorageError(f"无法{action}“{target.name}”：另一个程序正在保存此文件。请稍后重试。",
                               "locked", target) from None
        except OSError as exc:
            raise explain_os_error(exc, target, action=action) from None
    except OSError as exc:
        raise explain_os_error(exc, target, action=action) from None
    try:
        yield
    finally:
        lock.release()


def clean_temp_files(path: str | os.PathLike[str], *, now: float | None = None,
                     lock_timeout: float = 2.0) -> list[Path]:
    """Remove temporary files a killed save of this form left behind.

    Call it when a form is opened. Under the save lock no save of this form
    is under way, so every `.NAME.xxxxxxxx.tmp` beside it is abandoned; when
    the lock cannot be taken (a read-only folder, a save in progress) only
    files older than ten minutes are removed. Returns the files removed.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        names = [n for n in os.listdir(folder) if is_temp_file_of(n, target)]
    except OSError:
        return []
    if not names:
        return []
    now = time.time() if now is None else now
    removed: list[Path] = []

    def sweep(min_age: float) -> None:
        for name in names:
            candidate = folder / name
            try:
                if min_age and now - candidate.stat().st_mtime < min_age:
                    continue
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)

    try:
        with save_lock(target, timeout=lock_timeout):
            sweep(0.0)
    except StorageError:
        sweep(ABANDONED_AFTER)
    return removed
