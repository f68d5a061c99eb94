"""What an operating-system error means, said one way.

`os_error_kind` sorts a failed file operation into a short code (the
`reason` of model.storage's StorageError): permission, read_only_fs,
disk_full, missing_folder, not_a_folder, is_folder, name_too_long, busy,
symlink, special, io. It reads Windows' own codes where Python's mapping
hides them (a folder opened as "access denied", a path over MAX_PATH as
"path not found", a file held by another program).

`os_reason` names the kind in a few Chinese words, for a message that
says itself what was tried ("无法写入：没有权限。"); model.storage's
`explain_os_error` adds what to do about it when a save fails.

A leaf module: model.files, model.storage and exchange/ all use it.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from .text import clip, inert

__all__ = ["RefusedTarget", "cannot_read", "link_target", "os_error_kind", "os_reason"]

_WINDOWS = sys.platform == "win32"
_WINDOWS_SHARING = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
_WINDOWS_NAME_TOO_LONG = 206  # ERROR_FILENAME_EXCED_RANGE
_WINDOWS_PATH_ERRORS = {3, 123}  # ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME
_MAX_PATH, _MAX_NAME = 260, 255


class RefusedTarget(OSError):
    """A path jixiao will not write through or read as a file: a symbolic
    link it was not asked to follow (errno ELOOP), or something that is not a
    regular file (a pipe, a device; errno EINVAL). `strerror` is Chinese, so
    callers that show `strerror` (e.g. exports) say what is wrong."""

    kind = "symlink"
    points_to = ""

    @classmethod
    def symlink(cls, path: str | os.PathLike[str]) -> RefusedTarget:
        points_to = link_target(path)
        shown = clip(inert(points_to), 120)
        exc = cls(errno.ELOOP, f"是一个符号链接（指向 {shown}），为安全起见不会通过它写入，也不会替换它", str(path))
        exc.kind, exc.points_to = "symlink", points_to
        return exc

    @classmethod
    def special(cls, path: str | os.PathLike[str]) -> RefusedTarget:
        exc = cls(errno.EINVAL, "不是普通文件（可能是管道或设备），不会读写它", str(path))
        exc.kind = "special"
        return exc


def link_target(path: str | os.PathLike[str]) -> str:
    """Where the symbolic link at `path` points, as the link says it ("?"
    when that cannot be read)."""
    try:
        return os.readlink(path)
    except OSError:
        return "?"


# errno -> kind, after the links, Windows' codes and a busy file are sorted out.
_ERRNO_KINDS = {
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.EROFS: "read_only_fs",
    errno.ENOSPC: "disk_full",
    getattr(errno, "EDQUOT", errno.ENOSPC): "disk_full",
    errno.ENOENT: "missing_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.EISDIR: "is_folder",
    errno.ENAMETOOLONG: "name_too_long",
}

# kind -> a few words; the kinds not here (symlink, special, io) are said by
# the error's own text.
_REASONS = {
    "permission": "没有权限",
    "read_only_fs": "文件系统只读",
    "disk_full": "磁盘已满",
    "missing_folder": "路径不存在",
    "not_a_folder": "路径中有一项不是文件夹",
    "is_folder": "这是一个文件夹",
    "name_too_long": "文件名过长，文件系统不接受",
    "busy": "文件正被其他程序占用",
}


def os_error_kind(exc: BaseException, path: str | os.PathLike[str] | None = None, *,
                  replacing: bool = False, windows: bool = _WINDOWS) -> str:
    """The kind of a failed operation on `path` (the error's own file name
    when not given). `replacing`: the error came from renaming a new file
    over the old one, where Windows reports a file held open by another
    program as "access denied". `windows`: read Windows' codes."""
    if isinstance(exc, RefusedTarget):
        return exc.kind
    code = getattr(exc, "errno", None)
    if code == errno.ELOOP:
        return "symlink"
    if windows:
        shown = path if path is not None else getattr(exc, "filename", None)
        code = (_windows_errno(exc, Path(shown)) if shown else None) or code
    if code != errno.EISDIR and (getattr(exc, "winerror", None) in _WINDOWS_SHARING
                                 or (replacing and windows and isinstance(exc, PermissionError))):
        return "busy"
    return _ERRNO_KINDS.get(code or -1, "io")


def os_reason(exc: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """A few Chinese words for why an operation on a file failed."""
    return _REASONS.get(os_error_kind(exc, path), "") or exc.strerror or str(exc) or type(exc).__name__


def cannot_read(exc: OSError) -> str:
    """What a reader says when a file cannot be read: that it is not there, or why."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在；请检查路径。"
    return f"无法读取文件：{os_reason(exc)}"


def _windows_errno(exc: BaseException, path: Path) -> int | None:
    """The POSIX errno Windows' report of an error means, where Python's
    mapping hides it: a folder opened or renamed onto is "access denied"
    (EACCES, no winerror from os.open), a path over MAX_PATH (260) or a name
    over 255 characters is "path not found" or "invalid name" (ENOENT,
    EINVAL) or ERROR_FILENAME_EXCED_RANGE (Windows' "Maximum Path Length
    Limitation" and "Naming Files" pages)."""
    code = getattr(exc, "errno", None)
    winerror = getattr(exc, "winerror", None)
    if code in (errno.EACCES, errno.EPERM) and os.path.isdir(path):
        return errno.EISDIR
    if winerror == _WINDOWS_NAME_TOO_LONG or (
            winerror in _WINDOWS_PATH_ERRORS
            and (len(str(path)) >= _MAX_PATH or len(path.name) > _MAX_NAME)):
        return errno.ENAMETOOLONG
    return None
