"""The editing marker: a note beside a form saying who is editing it.

`.NAME.jixiao-editing.json` holds user, host, process id, since when and the
app's version. It is advice, not a lock: the real guard against two saves
overwriting each other is the content check in `safe_save`. The marker lets
the second person know, by name, before they start typing.

`acquire_marker` returns the facts; whether to open read-only is the app's
decision. Marker changes happen under the form's save lock, so two people
opening at the same moment cannot both believe they hold it.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from model.text import clip, inert

from .atomic import atomic_write, file_mode, read_regular, save_lock, temp_prefix
from .common import (
    StorageError,
    app_version,
    current_host,
    current_user,
    explain_os_error,
    format_age,
    process_alive,
    process_start,
)

__all__ = [
    "Editor",
    "MarkerState",
    "MarkerStatus",
    "marker_path",
    "acquire_marker",
    "take_over_marker",
    "release_marker",
    "read_marker",
    "is_ours",
]

MARKER_FORMAT = "jixiao-editing"
_MAX_MARKER_BYTES = 64 * 1024
_token_pid = 0
_token = ""


def _session_token() -> str:
    """A random id for this process (renewed in a forked child)."""
    global _token_pid, _token
    if _token_pid != os.getpid():
        _token_pid, _token = os.getpid(), uuid.uuid4().hex
    return _token


def marker_path(path: str | os.PathLike[str]) -> Path:
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.jixiao-editing.json")


@dataclass(frozen=True)
class Editor:
    """Who holds (or held) a marker."""

    user: str
    host: str
    pid: int
    since: float  # seconds since the epoch
    version: str = "?"
    token: str = ""
    started: str = ""  # the process's start time (Linux), to spot a reused pid

    def age(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.since)

    def describe(self, now: float | None = None) -> str:
        """用户 zhang（主机 server1，进程 1234）自 2025-03-01 14:05 起编辑，已 3 分钟"""
        try:
            since = datetime.fromtimestamp(self.since).strftime("%Y-%m-%d %H:%M")
        except (OverflowError, OSError, ValueError):
            since = "未知时间"
        return (f"用户 {clip(inert(self.user), 40)}（主机 {clip(inert(self.host), 60)}，进程 {self.pid}）"
                f"自 {since} 起编辑，已 {format_age(self.age(now))}")


class MarkerState(StrEnum):
    OURS = "ours"  # this session holds the marker (just acquired, or already)
    IN_USE = "in_use"  # another live process on this host holds it
    OTHER_HOST = "other_host"  # a process on another host holds it; may be stale
    UNAVAILABLE = "unavailable"  # no marker could be written (e.g. a read-only folder)


@dataclass(frozen=True)
class MarkerStatus:
    state: MarkerState
    holder: Editor | None = None  # who holds it now (us, when OURS)
    cleared: Editor | None = None  # a stale marker removed, or the one taken over
    message: str = ""  # Chinese, for a notice

    @property
    def owned(self) -> bool:
        return self.state is MarkerState.OURS


def _ours(since: float | None = None) -> Editor:
    pid = os.getpid()
    return Editor(current_user(), current_host(), pid, time.time() if since is None else since,
                  app_version(), _session_token(), process_start(pid))


def is_ours(editor: Editor | None) -> bool:
    return (editor is not None and editor.pid == os.getpid() and editor.host == current_host()
            and editor.token == _session_token())


def _alive(editor: Editor) -> bool:
    """Whether the marker's process still runs (only meaningful on its host)."""
    if editor.pid == os.getpid():
        return is_ours(editor)  # our pid, another token: a dead process had our pid
    return process_alive(editor.pid, editor.started)  # a reused pid is not the editor


def read_marker(path: str | os.PathLike[str]) -> Editor | None:
    """The marker beside a form, or None (missing or unreadable)."""
    try:  # never through a link, never blocking on a pipe planted at its name
        raw = read_regular(marker_path(path), _MAX_MARKER_BYTES)
    except OSError:
        return None
    if raw is None or len(raw) > _MAX_MARKER_BYTES:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT:
        return None
    user, host, pid, since = data.get("user"), data.get("host"), data.get("pid"), data.get("since")
    if not (isinstance(user, str) and isinstance(host, str) and isinstance(pid, int)
            and not isinstance(pid, bool) and isinstance(since, (int, float))
            and not isinstance(since, bool) and since == since):
        return None
    text = {k: data.get(k) if isinstance(data.get(k), str) else "" for k in ("version", "token", "started")}
    return Editor(user, host, pid, float(since), text["version"] or "?", text["token"], text["started"])


def _write(path: Path, editor: Editor) -> None:
    target = Path(os.path.realpath(path))
    data = {
        "format": MARKER_FORMAT,
        "user": editor.user,
        "host": editor.host,
        "pid": editor.pid,
        "since": editor.since,
        "since_text": datetime.fromtimestamp(editor.since).astimezone().isoformat(timespec="seconds"),
        "version": editor.version,
        "token": editor.token,
        "started": editor.started,
    }
    body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    # no more readable than the form: who edits a private form is private too
    try:
        mode: int | None = file_mode(None, os.stat(target))
    except OSError:
        mode = None
    atomic_write(marker_path(target), body, prefix=temp_prefix(target), mode=mode)


def _unavailable(exc: BaseException, path: Path) -> MarkerStatus:
    if isinstance(exc, StorageError):
        reason = exc.message
    else:
        reason = explain_os_error(exc, path, action="标记").message
    return MarkerStatus(MarkerState.UNAVAILABLE, message=(
        f"无法在表单旁留下“正在编辑”标记：{reason}\n其他人打开此表时将看不到您正在编辑；"
        "保存时仍会检查文件是否被别人改过。"))


def acquire_marker(path: str | os.PathLike[str]) -> MarkerStatus:
    """Mark the form as being edited by this session, unless someone else is.

    OURS: the marker is ours (`cleared` names a stale marker that was
    removed: same host, process gone). IN_USE: another live process on this
    host is editing; `holder` names them. OTHER_HOST: a process on another
    host holds it (it may have crashed; `holder.age()` helps judge):
    `take_over_marker` if the person decides to. UNAVAILABLE: no marker
    could be written.
    """
    target = Path(os.path.realpath(path))
    try:
        with save_lock(target, timeout=3.0, action="打开"):
            holder = read_marker(target)
            if holder is not None and is_ours(holder):
                return MarkerStatus(MarkerState.OURS, holder, message="")
            if holder is not None and holder.host != current_host():
                return MarkerStatus(MarkerState.OTHER_HOST, holder, message=(
                    f"此表可能正在另一台电脑上编辑：{holder.describe()}。\n"
                    "如果对方已经关闭或程序已崩溃，可以接管编辑；否则请只读打开，以免互相覆盖。"))
            if holder is not None and _alive(holder):
                yourself = "（就是您自己，在另一个窗口中）" if holder.user == current_user() else ""
                return MarkerStatus(MarkerState.IN_USE, holder, message=(
                    f"此表正在被编辑{yourself}：{holder.describe()}。\n"
                    "请只读打开，或在确认对方不再编辑后接管。"))
            ours = _ours()
            _write(target, ours)
            note = ""
            if holder is not None:
                note = f"已清除过期的编辑标记（{holder.describe()}，该进程已不存在）。"
            return MarkerStatus(MarkerState.OURS, ours, cleared=holder, message=note)
    except (StorageError, OSError) as exc:
        return _unavailable(exc, target)


def take_over_marker(path: str | os.PathLike[str]) -> MarkerStatus:
    """Make the marker ours whoever holds it (the person chose to take over).
    `cleared` is the marker replaced, if any."""
    target = Path(os.path.realpath(path))
    try:
        with save_lock(target, timeout=3.0, action="接管"):
            previous = read_marker(target)
            if is_ours(previous):
                return MarkerStatus(MarkerState.OURS, previous)
            ours = _ours()
            _write(target, ours)
    except (StorageError, OSError) as exc:
        return _unavailable(exc, target)
    note = f"已接管编辑（原标记：{previous.describe()}）。" if previous else ""
    return MarkerStatus(MarkerState.OURS, ours, cleared=previous, message=note)


def release_marker(path: str | os.PathLike[str]) -> bool:
    """Remove the marker if it is ours (never someone else's). True if removed."""
    target = Path(os.path.realpath(path))
    try:
        with save_lock(target, timeout=3.0, action="关闭"):
            if not is_ours(read_marker(target)):
                return False
            marker_path(target).unlink()
            return True
    except (StorageError, OSError):
        return False
