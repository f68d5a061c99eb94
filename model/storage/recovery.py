"""Crash recovery: unsaved work kept in the user's state directory.

While a form has unsaved changes the app writes the whole document (the
bytes saving would write) with `write_recovery`; `RecoveryThrottle` says
when. After a crash or `kill -9`, `find_recovery` finds it on the next open
with its age and what it changes against the file on disk; after a
successful save or an explicit discard the app calls `discard_recovery`.

Files live in `platformdirs.user_state_dir("jixiao")/recovery` (override
with the environment variable JIXIAO_STATE_DIR), one per form, named by a
hash of the form's absolute path: `NAME-<hash>.json`. Each is written
atomically and readable only by its user (0600).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..files import loads_document
from ..limits import MAX_FILE_BYTES
from ..problems import DocumentError
from ..regular import read_regular_file
from .atomic import ABANDONED_AFTER, atomic_write
from .common import (
    Fingerprint,
    StorageError,
    current_host,
    explain_os_error,
    format_age,
    process_alive,
    process_start,
)
from .diff import Difference, diff_documents, summarize

__all__ = [
    "STATE_DIR_ENV",
    "state_dir",
    "recovery_dir",
    "recovery_file_for",
    "Recovery",
    "write_recovery",
    "find_recovery",
    "discard_recovery",
    "list_recoveries",
    "clean_recovery_dir",
    "RecoveryThrottle",
]

STATE_DIR_ENV = "JIXIAO_STATE_DIR"
RECOVERY_FORMAT = "jixiao-recovery"
_MAX_RECOVERY_BYTES = 4 * MAX_FILE_BYTES + 64 * 1024  # JSON escaping can double the size


def state_dir() -> Path:
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("jixiao", appauthor=False))


def recovery_dir() -> Path:
    return state_dir() / "recovery"


def _form_key(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.realpath(path))


def recovery_file_for(path: str | os.PathLike[str]) -> Path:
    key = _form_key(path)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in Path(key).stem)[:40] or "form"
    return recovery_dir() / f"{stem}-{digest}.json"


@dataclass(frozen=True)
class Recovery:
    """Unsaved work found for a form."""

    form: Path  # the form it belongs to
    file: Path  # the recovery file
    data: bytes  # the document's bytes, as saving would write them
    written: float  # when, seconds since the epoch
    age: float  # seconds
    differences: tuple[Difference, ...]  # from the file on disk to the recovery
    summary: str  # Chinese, a few lines
    base: Fingerprint | None = None  # the file on disk the work started from
    disk_changed: bool = False  # the file on disk is no longer that base
    disk_missing: bool = False
    problem: str = ""  # the recovered bytes are not a readable form (kept anyway)
    writer_pid: int = 0
    writer_host: str = ""
    writer_started: str = ""  # the writer's process start time (a reused pid is not it)

    @property
    def from_live_session(self) -> bool:
        """Another jixiao still running on this host wrote it (not a crash)."""
        return (self.writer_host == current_host() and self.writer_pid != os.getpid()
                and process_alive(self.writer_pid, self.writer_started))


def write_recovery(path: str | os.PathLike[str], doc_bytes: bytes,
                   base: bytes | Fingerprint | None = None) -> Path:
    """Keep unsaved work for `path`. `base`: what the file held when the work
    started (loaded or last saved), to tell later whether the file moved on.
    Raises StorageError (Chinese message) if the state directory is unusable."""
    folder = recovery_dir()
    target = recovery_file_for(path)
    if isinstance(base, bytes):
        base = Fingerprint.of(base)
    try:
        text = doc_bytes.decode("utf-8")
        content, encoding = text, "utf-8"
    except UnicodeDecodeError:
        content, encoding = base64.b64encode(doc_bytes).decode("ascii"), "base64"
    now = time.time()
    record = {
        "format": RECOVERY_FORMAT,
        "form": _form_key(path),
        "written": now,
        "written_text": datetime.fromtimestamp(now).astimezone().isoformat(timespec="seconds"),
        "pid": os.getpid(),
        "started": process_start(os.getpid()),
        "host": current_host(),
        "base_size": base.size if base else None,
        "base_sha256": base.sha256 if base else None,
        "encoding": encoding,
        "content": content,
    }
    body = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(target, body, mode=0o600)
    except OSError as exc:
        error = explain_os_error(exc, target, action="写入恢复文件")
        raise StorageError(error.message.replace("原文件没有改动。", "") +
                           f"（恢复文件夹：{folder}）", error.reason, target) from None
    return target


def _read_record(file: Path) -> dict | None:
    try:
        raw = read_regular_file(file, _MAX_RECOVERY_BYTES, follow=False)
    except OSError:  # missing, unreadable, or not a regular file (never waited for)
        return None
    if len(raw) > _MAX_RECOVERY_BYTES:
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("format") != RECOVERY_FORMAT:
        return None
    if not isinstance(record.get("content"), str) or not isinstance(record.get("written"), (int, float)):
        return None
    return record


def _content(record: dict) -> bytes | None:
    try:
        if record.get("encoding") == "base64":
            return base64.b64decode(record["content"], validate=True)
        return record["content"].encode("utf-8")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def _disk_bytes(form: Path) -> tuple[bytes | None, bool]:
    """(bytes, missing) of the form on disk; bytes None when unreadable."""
    try:
        return read_regular_file(form, MAX_FILE_BYTES), False
    except FileNotFoundError:
        return None, True
    except OSError:
        return None, False


def find_recovery(path: str | os.PathLike[str], *, now: float | None = None) -> Recovery | None:
    """Unsaved work for this form, or None.

    A recovery identical to the file on disk holds nothing unsaved (the crash
    came after a save): it is removed and None is returned. An unreadable
    recovery file is left alone and ignored.
    """
    file = recovery_file_for(path)
    record = _read_record(file)
    if record is None or record.get("form") != _form_key(path):
        return None
    data = _content(record)
    if data is None:
        return None
    form = Path(_form_key(path))
    disk, missing = _disk_bytes(form)
    if disk is not None and disk == data:
        discard_recovery(path)
        return None
    base = None
    if isinstance(record.get("base_size"), int) and isinstance(record.get("base_sha256"), str):
        base = Fingerprint(record["base_size"], record["base_sha256"])
    written = float(record["written"])
    age = max(0.0, (time.time() if now is None else now) - written)
    differences: tuple[Difference, ...] = ()
    problem = ""
    try:
        recovered = loads_document(data, source=str(file))
    except DocumentError as exc:
        recovered = None
        problem = exc.problems[0].message if exc.problems else "无法读取"
    if recovered is not None and disk is not None:
        try:
            differences = tuple(diff_documents(loads_document(disk, source=str(form)), recovered))
        except DocumentError:
            pass
    disk_changed = base is not None and not base.matches(disk)
    lines = [f"发现未保存的内容（{format_age(age)}前自动保留）。"]
    if missing:
        lines.append("磁盘上的表单文件已不存在。")
    elif disk_changed:
        lines.append("注意：此后磁盘上的文件也被修改过；恢复后保存会覆盖那些修改，请先核对。")
    if problem:
        lines.append(f"恢复内容无法读取为自评表：{problem}")
    elif differences:
        lines.append("与磁盘上的文件相比，" + summarize(list(differences)))
    pid = record.get("pid") if isinstance(record.get("pid"), int) else 0
    host = record.get("host") if isinstance(record.get("host"), str) else ""
    started = record.get("started") if isinstance(record.get("started"), str) else ""
    return Recovery(form, file, data, written, age, differences, "\n".join(lines), base,
                    disk_changed, missing, problem, pid, host, started)


def discard_recovery(path: str | os.PathLike[str]) -> bool:
    """Remove the recovery file of a form. True if there was one."""
    try:
        recovery_file_for(path).unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError:
        return False


def list_recoveries(*, now: float | None = None) -> list[Recovery]:
    """Unsaved work for every form (e.g. for a start screen), newest first."""
    folder = recovery_dir()
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    except OSError:
        return []
    found = []
    for name in names:
        record = _read_record(folder / name)
        if record is None or not isinstance(record.get("form"), str):
            continue
        recovery = find_recovery(record["form"], now=now)
        if recovery is not None:
            found.append(recovery)
    return sorted(found, key=lambda r: -r.written)


def clean_recovery_dir(*, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed recovery write left (older than ten minutes)."""
    folder = recovery_dir()
    now = time.time() if now is None else now
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if not (name.startswith(".") and name.endswith(".tmp")):  # the folder is ours alone
            continue
        candidate = folder / name
        try:
            if now - candidate.stat().st_mtime < ABANDONED_AFTER:
                continue
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


class RecoveryThrottle:
    """When to write the recovery file: at once after a structural edit (add,
    delete, move, paste) or after a quiet spell, otherwise at most every
    `interval` seconds. Pure; the clock is injectable.

        throttle.edited(structural=False)  -> True: write now
        throttle.due()                     -> True: write now (poll from a timer)
        throttle.wait()                    -> seconds until due, or None
        throttle.written()                 after writing
        throttle.reset()                   after a save or a discard
    """

    def __init__(self, interval: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.pending = False
        self.last_write: float | None = None

    def edited(self, structural: bool = False) -> bool:
        self.pending = True
        return structural or self.due()

    def due(self) -> bool:
        if not self.pending:
            return False
        return self.last_write is None or self.clock() - self.last_write >= self.interval

    def wait(self) -> float | None:
        if not self.pending:
            return None
        if self.last_write is None:
            return 0.0
        return max(0.0, self.interval - (self.clock() - self.last_write))

    def written(self) -> None:
        self.pending = False
        self.last_write = self.clock()

    def reset(self) -> None:
        self.pending = False
        self.last_write = None
