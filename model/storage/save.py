"""Saving a form without ever losing anyone's work.

`safe_save(path, data, expected)` takes the form's short save lock, reads
what the file holds now, and compares it with what this session loaded or
last saved (`expected`). If they differ, someone else changed the file:
nothing is written and the outcome carries the conflict, with the
differences by indicator. Otherwise the new bytes replace the file with
`atomic.replace_checked`, which checks once more just before the replace and
keeps the very file it replaced as `FILE.bak`: a change another program
(an editor, a sync client, `git pull`, none of which take our lock) makes
during the save is a conflict, or, in the last instant, ends in `FILE.bak`
with a warning. Failures come back as a Chinese message; the original file
is never touched by a failed save.

No save writes through a symbolic link the person did not open: a link at
the destination is refused unless it leads to `follow`, the real path of
the form as it was opened.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from model.text import clip, inert

from ..document import Document
from ..files import loads_document
from ..limits import MAX_FILE_BYTES
from ..oserror import link_target
from ..problems import DocumentError
from ..regular import open_regular
from ..writer import dumps_document
from .atomic import (LOCK_TIMEOUT, Changed, atomic_write, file_mode, narrow_backup, read_regular, replace_checked,
                     save_lock)
from .common import Fingerprint, RefusedTarget, StorageError, explain_os_error
from .diff import Difference, diff_documents, summarize
from .marker import is_ours, read_marker

__all__ = ["ANY", "Conflict", "SaveOutcome", "safe_save", "save_document", "backup_path", "fingerprint_file"]


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
    # another program wrote the file in the instant of the save: its version
    # was kept here (FILE.bak); `warning` says so and what it changed
    displaced: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status == "saved"


def save_document(doc: Document, path: str | os.PathLike[str], *,
                  source: str | os.PathLike[str] | None = None) -> bytes:
    """Write a document to a new or unwatched file atomically (no conflict
    check: `safe_save` is for the form being edited); return the bytes written.
    `source`: the document an import read: the form is no more readable than it."""
    data = dumps_document(doc).encode("utf-8")
    atomic_write(path, data, source=source)
    return data


def fingerprint_file(path: str | os.PathLike[str]) -> Fingerprint | None:
    """The fingerprint of a file's current bytes, or None when it is missing."""
    import hashlib

    digest = hashlib.sha256()
    size = 0
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return Fingerprint(size, digest.hexdigest())


# A file this big on disk is not a form: do not read it all, do not replace it.
_READ_LIMIT = 16 * MAX_FILE_BYTES


def _read_current(target: Path) -> bytes | None:
    return read_regular(target, _READ_LIMIT)


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
              backup: bool = True, lock_timeout: float | None = None,
              follow: str | os.PathLike[str] | None = None,
              source: str | os.PathLike[str] | None = None) -> SaveOutcome:
    """Save `data` to `path` if the file still holds `expected`.

    `expected`: the bytes (or Fingerprint) loaded or last saved; None for a
    file that must not exist yet (a new file, a copy); ANY to overwrite after
    the person confirmed. To overwrite after a conflict, pass
    `outcome.conflict.disk` (so a third change is still caught).

    `follow`: the real path of the form as it was opened
    (`os.path.realpath` then); a symbolic link at `path` is written through
    only when it still leads there. Without it (save-as, copies) a symbolic
    link at `path` is refused: reason "symlink".

    `source`: the form the data comes from (save-as, a copy of it): a new
    file takes its permissions and group, and an overwritten file never
    grants more than it (see `atomic.file_mode`). None for a brand-new form.

    Never raises for file-system trouble: the outcome says "saved",
    "conflict" (nothing written) or "failed" (nothing changed; `message` says
    what happened and what to do).
    """
    name = Path(path).name
    try:
        target = _destination(Path(path), follow)
        source_st = _stat(source)
        mode, group = _mode_and_group(_stat(target, follow_symlinks=False), source_st)
        timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        with save_lock(target, timeout, mode=mode, group=group):
            return _save_locked(target, name, data, expected, backup, source_st)
    except StorageError as exc:
        if exc.reason == "locked":
            exc.message += _marker_note(Path(path))
        return SaveOutcome("failed", exc.message, error=exc)


def _stat(path: str | os.PathLike[str] | None, *, follow_symlinks: bool = True) -> os.stat_result | None:
    if path is None:
        return None
    try:
        return os.stat(path, follow_symlinks=follow_symlinks)
    except (OSError, ValueError):
        return None


def _mode_and_group(existing: os.stat_result | None,
                    source: os.stat_result | None) -> tuple[int, int | None]:
    """The permissions and group of the file a save writes (and so of its lock)."""
    group = existing.st_gid if existing is not None else (source.st_gid if source is not None else None)
    return file_mode(existing, source), group


def _destination(path: Path, follow: str | os.PathLike[str] | None) -> Path:
    """The file a save of `path` writes: `path` in its real folder, or the
    target of a symbolic link at `path` if that is `follow`. Raises
    StorageError (reason "symlink") for any other link."""
    candidate = Path(os.path.realpath(path.parent)) / path.name
    if not os.path.islink(candidate):
        return candidate
    real = os.path.realpath(candidate)
    if follow is not None and os.path.normcase(real) == os.path.normcase(os.path.abspath(follow)):
        return Path(real)
    raise StorageError(
        f"没有保存“{inert(path.name)}”：它是一个符号链接，指向 {clip(inert(link_target(candidate)), 120)}。"
        "为免误写链接所指的文件，jixiao 不会通过不是您打开的链接写入。"
        "请换一个文件名；如果确实要写入那个文件，请直接打开它，或另存为它的真实路径。原文件没有改动。",
        "symlink", candidate)


def _marker_note(path: Path) -> str:
    """Who the editing marker names, when someone else holds the lock."""
    holder = read_marker(path)
    if holder is None or is_ours(holder):
        return ""
    return f"（此表的编辑标记显示：{holder.describe()}。）"


def _save_locked(target: Path, name: str, data: bytes, expected: Expected, backup: bool,
                 source: os.stat_result | None) -> SaveOutcome:
    try:
        current = _read_current(target)
    except IsADirectoryError as exc:
        error = explain_os_error(exc, target)
        return SaveOutcome("failed", error.message, error=error)
    except RefusedTarget as exc:  # became a link (or a pipe) since it was looked at
        error = explain_os_error(exc, target)
        return SaveOutcome("failed", error.message, error=error)
    except OSError as exc:
        error = explain_os_error(exc, target, action="读取")
        error.message += "（保存前需要先确认磁盘上的内容没有被别人改动。）"
        return SaveOutcome("failed", error.message, error=error)
    if current is not None and len(current) > _READ_LIMIT:
        return _too_big(target, name)
    if current == data:
        # Already there (saved twice, or the other side saved the same):
        # nothing to write and nothing to lose.
        narrow_backup(backup_path(target), target)
        return SaveOutcome("saved", f"已保存“{name}”（内容没有变化）。", Fingerprint.of(data))
    if not _matches(expected, current):
        return _conflict_outcome(target, name, data, expected, current)
    if current is not None and not os.access(target, os.W_OK):
        error = StorageError(f"无法保存“{name}”：没有修改此文件的权限（文件是只读的，或属于其他用户）。"
                             "请先取消只读属性或请文件所有者开放权限，或用“另存为”保存为新文件。"
                             "原文件没有改动。", "read_only_file", target)
        return SaveOutcome("failed", error.message, error=error)
    existing = _stat(target, follow_symlinks=False) if current is not None else None
    mode, group = _mode_and_group(existing, source)
    try:
        done = replace_checked(target, data, current, mode=mode, group=group,
                               backup=backup_path(target) if backup else None, limit=_READ_LIMIT)
    except Changed as changed:  # another program wrote the file since the check
        if changed.current is not None and len(changed.current) > _READ_LIMIT:
            return _too_big(target, name)
        return _conflict_outcome(target, name, data, expected, changed.current)
    except OSError as exc:
        error = explain_os_error(exc, target, replacing=getattr(exc, "jixiao_step", "") == "replace")
        return SaveOutcome("failed", error.message, error=error)
    warning = ""
    if done.displaced is not None:
        warning = _displaced_warning(target, current, done.displaced, done.kept)
    elif backup and current is not None and done.kept is None:
        reason = explain_os_error(done.keep_error, target).message if done.keep_error else ""
        warning = f"（未能保留上一版本 {backup_path(target).name}：{reason}）"
    narrow_backup(backup_path(target), target)  # kept now, or an older one left (no backup asked, or none kept)
    message = f"已保存“{name}”。" + warning
    return SaveOutcome("saved", message, Fingerprint.of(data), backup=done.kept, warning=warning,
                       written=True, attempts=done.attempts,
                       displaced=done.kept if done.displaced is not None else None)


def _too_big(target: Path, name: str) -> SaveOutcome:
    error = StorageError(f"没有保存“{name}”：磁盘上的这个文件超过 {_READ_LIMIT // 1024 // 1024} MB，"
                         "不像是自评表，为免覆盖别的文件没有保存。请用“另存为”保存到新文件。",
                         "too_big", target)
    return SaveOutcome("failed", error.message, error=error)


def _conflict_outcome(target: Path, name: str, data: bytes, expected: Expected,
                      current: bytes | None) -> SaveOutcome:
    conflict = _conflict(target, data, expected, current)
    return SaveOutcome("conflict", f"没有保存“{name}”：{conflict.describe()}", conflict=conflict)


def _displaced_warning(target: Path, checked: bytes, theirs: bytes, kept: Path | None) -> str:
    """Another program wrote the file in the instant between the last check
    and the replace: say so, where its version is, and what it changed."""
    where = f"已保留为“{kept.name}”" if kept is not None else "未能保留"
    try:
        differences = diff_documents(_load(checked, "<保存前的版本>"), _load(theirs, str(target)))
        changes = "对方改动了：" + summarize(differences) if differences else "内容相同，仅格式不同"
    except DocumentError:
        changes = "对方的版本不是可读的自评表"
    return (f"\n注意：保存的同一时刻，另一个程序也改动了“{target.name}”；它的版本{where}（{changes}）。"
            "请打开比较，确认没有丢掉对方的修改。")
