"""Noticing that the open form changed on disk (another editor, git pull, a
colleague's save), and finding the forms in a folder.

`DiskWatch.poll()` is cheap enough to call every second or two: a `stat`,
and a read and hash of the file only when the stat differs from the last
one (or every `verify_every` polls, or while the file's time is too recent
to trust). It compares the file's content with what was loaded or last
saved, so it survives atomic replaces (a new inode with the same content is
not a change) and same-size, same-time rewrites (the content differs).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..limits import MAX_FILE_BYTES
from ..oserror import os_reason
from ..regular import read_regular_file
from .common import Fingerprint

__all__ = ["DiskStatus", "DiskCheck", "DiskWatch", "READ_NOW", "iter_form_files"]

_READ_LIMIT = 16 * MAX_FILE_BYTES
# A file modified this recently may be modified again within the same
# timestamp tick (FAT: 2 s; some network shares: 1 s) without its stat
# changing, so its stat is not trusted as "unchanged" yet.
_RACY_NS = 3_000_000_000


class DiskStatus(StrEnum):
    SAME = "same"  # holds what was loaded or last saved
    CHANGED = "changed"  # holds something else (or appeared where there was none)
    MISSING = "missing"  # deleted or moved away
    UNREADABLE = "unreadable"  # exists but cannot be read now


@dataclass(frozen=True)
class DiskCheck:
    status: DiskStatus
    data: bytes | None = None  # the file's bytes, when CHANGED
    fingerprint: Fingerprint | None = None

    @property
    def changed(self) -> bool:
        return self.status is not DiskStatus.SAME


class _ReadNow:
    def __repr__(self) -> str:
        return "READ_NOW"


READ_NOW = _ReadNow()


class DiskWatch:
    """Tells whether a file still holds what was loaded or last saved.

        watch = DiskWatch(path, loaded_bytes)
        ... every second or two: if watch.poll().changed: offer to reload
        ... after a save or reload: watch.reset(saved_bytes)
    """

    def __init__(self, path: str | os.PathLike[str],
                 baseline: bytes | Fingerprint | None | _ReadNow = READ_NOW, *,
                 verify_every: int = 10, clock_ns=time.time_ns) -> None:
        self.path = Path(path)
        self.verify_every = max(1, verify_every)
        self.clock_ns = clock_ns
        self.baseline: Fingerprint | None = None
        self.reset(baseline)

    def reset(self, baseline: bytes | Fingerprint | None | _ReadNow = READ_NOW) -> None:
        """Take `baseline` (bytes or fingerprint; None: the file should not
        exist; READ_NOW: whatever it holds now) as the unchanged state."""
        self._sig: tuple | None = None
        self._polls = 0
        self._last = DiskCheck(DiskStatus.SAME)
        if isinstance(baseline, _ReadNow):
            check = self._read()
            self.baseline = check.fingerprint
        elif isinstance(baseline, bytes):
            self.baseline = Fingerprint.of(baseline)
        else:
            self.baseline = baseline
        self._last = DiskCheck(DiskStatus.SAME, fingerprint=self.baseline)

    def _read(self) -> DiskCheck:
        try:
            st = os.stat(self.path)
            data = read_regular_file(self.path, _READ_LIMIT)  # a planted pipe: never waited for
        except FileNotFoundError:
            self._sig = None
            return DiskCheck(DiskStatus.MISSING)
        except OSError:
            self._sig = None
            return DiskCheck(DiskStatus.UNREADABLE)
        fingerprint = Fingerprint.of(data)
        racy = self.clock_ns() - st.st_mtime_ns < _RACY_NS
        self._sig = None if racy else self._signature(st)
        return DiskCheck(DiskStatus.CHANGED, data, fingerprint)

    @staticmethod
    def _signature(st: os.stat_result) -> tuple:
        return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, getattr(st, "st_ctime_ns", 0))

    def poll(self) -> DiskCheck:
        """The file's state now, against the baseline."""
        self._polls += 1
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._sig = None
            status = DiskStatus.SAME if self.baseline is None else DiskStatus.MISSING
            self._last = DiskCheck(status)
            return self._last
        except OSError:
            self._sig = None
            self._last = DiskCheck(DiskStatus.UNREADABLE)
            return self._last
        if (self._sig is not None and self._signature(st) == self._sig
                and self._polls % self.verify_every != 0):
            return self._last
        check = self._read()
        if check.status is DiskStatus.CHANGED and check.fingerprint == self.baseline:
            check = DiskCheck(DiskStatus.SAME, fingerprint=check.fingerprint)
        self._last = check
        return check


def iter_form_files(folder: str | os.PathLike[str], *,
                    errors: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Every `*.toml` form under `folder`, in a stable order, skipping hidden
    files and folders (`.git`, our `.NAME.*.tmp`), never following symbolic
    links to folders (no loops). Folders that cannot be read are appended to
    `errors` as (path, Chinese message) and skipped."""
    root = Path(folder)

    def onerror(exc: OSError) -> None:
        if errors is not None:
            errors.append((Path(exc.filename or root), f"无法读取文件夹：{os_reason(exc)}"))

    for here, dirs, files in os.walk(root, onerror=onerror, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(".toml"):
                continue
            yield Path(here) / name
