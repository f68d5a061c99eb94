"""Shared pieces of the storage layer: fingerprints, who we are, whether a
process lives, and Chinese explanations of operating-system errors."""

from __future__ import annotations

import hashlib
import os
import socket
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.oserror import RefusedTarget, link_target, os_error_kind
from model.text import clip, inert

__all__ = [
    "Fingerprint",
    "StorageError",
    "RefusedTarget",
    "explain_os_error",
    "user_name",
    "format_age",
    "current_user",
    "current_host",
    "app_version",
    "pid_alive",
    "process_alive",
    "process_start",
]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What a file held: its size and SHA-256. Two contents with the same
    fingerprint are the same bytes."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Fingerprint:
        return cls(len(data), hashlib.sha256(data).hexdigest())

    def matches(self, data: bytes | None) -> bool:
        return data is not None and len(data) == self.size and Fingerprint.of(data) == self

    def __str__(self) -> str:
        return f"{self.size}:{self.sha256[:12]}"


class StorageError(Exception):
    """A file operation that failed, explained in Chinese.

    `reason` is a short code the app can branch on: permission, read_only_file,
    read_only_fs, disk_full, missing_folder, not_a_folder, is_folder, busy,
    locked (another process of this user holds the save lock, or nobody can
    tell who), held_by_user (another user holds the save lock or owns a lock
    file this user cannot use: `holder` names them), symlink (a symbolic link
    jixiao will not write through: a destination the person did not open, or
    the lock's name), special (not a regular file: a pipe, a device),
    too_big, name_too_long, io.
    """

    def __init__(self, message: str, reason: str = "io", path: str | os.PathLike[str] = "",
                 holder: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.path = str(path)
        self.holder = holder  # the user who holds the lock, when known (held_by_user)

    def __str__(self) -> str:
        return self.message


def user_name(uid: int) -> str:
    """The login name of a user id, or "uid N" when it has none."""
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError, OverflowError):
        return f"uid {uid}"


# kind -> what happened and what to do, after "无法保存“name”：".
_EXPLAINED = {
    "special": "“{shown}”不是普通文件（可能是管道或设备）。请换一个文件名。原文件没有改动。",
    "symlink": "“{shown}”是一个符号链接（指向 {points}）。为免误写链接所指的文件，"
               "jixiao 不会通过它写入。请换一个文件名，或直接使用链接所指文件的真实路径。原文件没有改动。",
    "busy": "文件正被其他程序占用（例如 WPS、Excel、杀毒软件或同步盘），"
            "或文件被设为只读。请关闭占用它的程序（或取消只读）后重试。原文件没有改动。",
    "permission": "没有写入权限（文件夹：{folder}）。请用“另存为”保存到有写入权限的"
                  "文件夹（例如“文档”），或请管理员开放权限。原文件没有改动。",
    "read_only_fs": "所在的磁盘是只读的（例如光盘或只读挂载的网络盘）。请用“另存为”保存到其他位置。原文件没有改动。",
    "disk_full": "磁盘空间已满（或超出配额）。请清理磁盘空间后重试，或用“另存为”保存到其他磁盘。原文件没有改动。",
    "missing_folder": "文件夹“{folder}”不存在了（可能已被移动、删除，或网络盘已断开）。"
                      "请恢复该文件夹，或用“另存为”选择其他位置。",
    "not_a_folder": "路径“{folder}”中有一部分不是文件夹。请用“另存为”选择其他位置。",
    "is_folder": "这是一个文件夹，不能作为表单文件。请换一个文件名。",
    "name_too_long": "文件名或路径过长。请换一个短一些的文件名或位置。",
    "io": "写入时出错（{detail}）。请检查磁盘或网络连接后重试，或用“另存为”保存到其他位置。原文件没有改动。",
}


def explain_os_error(exc: BaseException, path: str | os.PathLike[str], *,
                     action: str = "保存", replacing: bool = False) -> StorageError:
    """A StorageError that says what happened to `path` and what to do; its
    reason is model.oserror's kind of the error.

    `replacing`: the error came from renaming the new file over the old one,
    where Windows reports a file held open by another program as "access
    denied".
    """
    p = Path(path)
    name = p.name or str(p)
    kind = os_error_kind(exc, p, replacing=replacing, windows=sys.platform == "win32")
    points = clip(inert(getattr(exc, "points_to", "") or link_target(p)), 120) if kind == "symlink" else ""
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    said = _EXPLAINED[kind].format(shown=inert(name), points=points, folder=p.parent, detail=detail)
    return StorageError(f"无法{action}“{name}”：" + said, kind, p)


def format_age(seconds: float) -> str:
    """A duration as people say it: 刚刚, 3 分钟, 2 小时, 5 天."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return "不到 1 分钟"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} 分钟"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} 小时"
    return f"{hours // 24} 天"


@lru_cache(maxsize=1)
def current_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no login name (some containers): fall back to the id
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "未知用户"


def current_host() -> str:
    try:
        return socket.gethostname() or "未知主机"
    except OSError:  # pragma: no cover
        return "未知主机"


@lru_cache(maxsize=1)
def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("jixiao")
    except Exception:
        return "?"


def pid_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine. When in doubt,
    say yes: a live editor taken for dead would lose its marker."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    except OSError:
        return True
    return True


def process_alive(pid: int, started: str = "") -> bool:
    """Whether the process that wrote `pid` (and, when known, its start
    time `started`, see `process_start`) still runs on this machine: a live
    pid with another start time is an unrelated process that got the pid."""
    if not pid_alive(pid):
        return False
    if started:
        now_started = process_start(pid)
        if now_started and now_started != started:
            return False
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    # os.kill(pid, 0) would terminate the process on Windows: ask the kernel.
    import ctypes

    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def process_start(pid: int) -> str:
    """When the process started, as the kernel counts it (Linux), or "".

    Stored in the editing marker so that a marker whose process id has been
    reused by an unrelated process is still recognised as stale.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return ""
    try:
        fields = stat[stat.rindex(b")") + 2:].split()
        return fields[19].decode("ascii")  # field 22, starttime
    except (ValueError, IndexError):
        return ""
