"""Saving a form without ever losing anyone's work.

`safe_save(path, data, expected)` takes the form's short save lock, reads
what the file holds now, and compares it with what this session loaded or
last saved (`expected`). If they differ, someone else changed the file:
nothing is written and the outcome carries the conflict, with the
differences by indicator. Otherwise the current file is kept as `FILE.bak`
and the new bytes replace it atomically. Failures come back as a Chinese
message; the original file is never touched by a failed save.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..files import MAX_FILE_BYTES, loads_document
from ..problems import DocumentError
from .atomic import atomic_write, save_lock, temp_prefix
from .common import Fingerprint, StorageError, explain_os_error
from .diff import Difference, diff_documents, summarize

__all__ = ["ANY", "Conflict", "SaveOutcome", "safe_save", "backup_path", "fingerprint_file"]


class _Any:
    def __repr__(self) -> str:
        return "ANY"


ANY = _Any()
"""`expected=ANY`: overwrite whatever the file holds (the person confirmed)."""

Expected = bytes | Fingerprint | None | _Any


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where a save keeps the previous version: `FILE.bak` beside the form."""
    p = Path(path)
    return p.with_name(p.name + ".bak")


@dataclass(frozen=True)
class Conflict:
    """The file on disk is not what this session loaded or last saved."""

    disk_bytes: bytes | None  # what the file holds now; None: it is gone
    disk: Fingerprint | None  # pass as `expected` to overwrite after confirming
    # from the version on disk to yours: what saving would overwrite
    differences: tuple[Difference, ...] = ()
    # from what you loaded to the version on disk: what the other side changed
    # (known when `expected` was the loaded bytes)
    changed_on_disk: tuple[Difference, ...] | None = None
    disk_problem: str = ""  # the version on disk is not a readable form

    @property
    def deleted(self) -> bool:
        return self.disk_bytes is None

    def describe(self) -> str:
        if self.deleted:
            return "磁盘上的文件已被删除或移走。"
        if self.disk_problem:
            return f"磁盘上的文件已被修改，且无法读取为自评表：{self.disk_problem}"
        shown = self.changed_on_disk if self.changed_on_disk is not None else self.differences
        head = "磁盘上的文件已被其他人或其他程序修改。"
        return head + "\n" + summarize(list(shown)) if shown else head + "（表单内容相同，仅格式不同。）"


@dataclass(frozen=True)
class SaveOutcome:
    status: Literal["saved", "conflict", "failed"]
    message: str  # Chinese, for the status line or a notice
    fingerprint: Fingerprint | None = None  # of the file now on disk, when saved
    conflict: Conflict | None = None
    error: StorageError | None = None
    backup: Path | None = None  # the previous version, when one was kept
    warning: str = ""  # saved, but something worth saying (no backup)
    written: bool = False  # False when the file already held exactly these bytes
    attempts: int = 0  # renames it took (more than 1: Windows retries)

    @property
    def ok(self) -> bool:
        return self.status == "saved"


def fingerprint_file(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The fingerprint of a file's current bytes, or None when it is missing."""
    import hashlib

    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError:
        return None
    return Fingerprint(size, digest.hexdigest())


# A file this big on disk is not a form: do not read it all, do not replace it.
_READ_LIMIT = 16 * MAX_FILE_BYTES


class _TooBig(Exception):
    pass


def _read_current(target: Path) -> bytes | None:
    try:
        with open(target, "rb") as fh:
            data = fh.read(_READ_LIMIT + 1)
    except FileNotFoundError:
        return None
    if len(data) > _READ_LIMIT:
        raise _TooBig()
    return data


def _matches(expected: Expected, current: bytes | None) -> bool:
    if expected is ANY:
        return True
    if expected is None:
        return current is None
    if isinstance(expected, Fingerprint):
        return expected.matches(current)
    return current == expected


def _load(data: bytes, source: str):
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError([], kind="read")
    return loads_document(data, source=source)


def _conflict(target: Path, data: bytes, expected: Expected, current: bytes | None) -> Conflict:
    if current is None:
        return Conflict(None, None)
    disk = Fingerprint.of(current)
    try:
        disk_doc = _load(current, str(target))
    except DocumentError as exc:
        problem = str(exc.problems[0].message) if exc.problems else "文件过大"
        return Conflict(current, disk, disk_problem=problem)
    differences: tuple[Difference, ...] = ()
    changed: tuple[Difference, ...] | None = None
    try:
        differences = tuple(diff_documents(disk_doc, _load(data, "<您的版本>")))
    except DocumentError:
        pass
    if isinstance(expected, bytes):
        try:
            changed = tuple(diff_documents(_load(expected, "<打开时的版本>"), disk_doc))
        except DocumentError:
            changed = None
    return Conflict(current, disk, differences, changed)


def safe_save(path: str | os.PathLike[str], data: bytes, expected: Expected, *,
              backup: bool = True, lock_timeout: float | None = None) -> SaveOutcome:
    """Save `data` to `path` if the file still holds `expected`.

    `expected`: the bytes (or Fingerprint) loaded or last saved; None for a
    file that must not exist yet (a new file, a copy); ANY to overwrite after
    the person confirmed. To overwrite after a conflict, pass
    `outcome.conflict.disk` (so a third change is still caught).

    Never raises for file-system trouble: the outcome says "saved",
    "conflict" (nothing written) or "failed" (nothing changed; `message` says
    what happened and what to do).
    """
    target = Path(os.path.realpath(path))  # save through a symlink, not over it
    name = Path(path).name
    try:
        lock = save_lock(target) if lock_timeout is None else save_lock(target, lock_timeout)
        with lock:
            return _save_locked(target, name, data, expected, backup)
    except StorageError as exc:
        return SaveOutcome("failed", exc.message, error=exc)


def _save_locked(target: Path, name: str, data: bytes, expected: Expected,
                 backup: bool) -> SaveOutcome:
    try:
        current = _read_current(target)
    except _TooBig:
        error = StorageError(f"没有保存“{name}”：磁盘上的这个文件超过 {_READ_LIMIT // 1024 // 1024} MB，"
                             "不像是自评表，为免覆盖别的文件没有保存。请用“另存为”保存到新文件。",
                             "too_big", target)
        return SaveOutcome("failed", error.message, error=error)
    except IsADirectoryError as exc:
        error = explain_os_error(exc, target)
        return SaveOutcome("failed", error.message, error=error)
    except OSError as exc:
        error = explain_os_error(exc, target, action="读取")
        error.message += "（保存前需要先确认磁盘上的内容没有被别人改动。）"
        return SaveOutcome("failed", error.message, error=error)
    if current == data:
        # Already there (saved twice, or the other side saved the same):
        # nothing to write and nothing to lose.
        return SaveOutcome("saved", f"已保存“{name}”（内容没有变化）。", Fingerprint.of(data))
    if not _matches(expected, current):
        conflict = _conflict(target, data, expected, current)
        return SaveOutcome("conflict", f"没有保存“{name}”：{conflict.describe()}", conflict=conflict)
    if current is not None and not os.access(target, os.W_OK):
        error = StorageError(f"无法保存“{name}”：没有修改此文件的权限（文件是只读的，或属于其他用户）。"
                             "请先取消只读属性或请文件所有者开放权限，或用“另存为”保存为新文件。"
                             "原文件没有改动。", "read_only_file", target)
        return SaveOutcome("failed", error.message, error=error)
    kept: Path | None = None
    warning = ""
    if backup and current is not None:
        kept = backup_path(target)
        try:
            mode = target.stat().st_mode & 0o7777
            atomic_write(kept, current, prefix=temp_prefix(target), mode=mode)
        except OSError as exc:
            kept = None
            warning = f"（未能保留上一版本 {backup_path(target).name}：{explain_os_error(exc, target).message}）"
    try:
        attempts = atomic_write(target, data)
    except OSError as exc:
        error = explain_os_error(exc, target, replacing=getattr(exc, "jixiao_step", "") == "replace")
        return SaveOutcome("failed", error.message, error=error)
    message = f"已保存“{name}”。" + warning
    return SaveOutcome("saved", message, Fingerprint.of(data), backup=kept, warning=warning,
                       written=True, attempts=attempts)
