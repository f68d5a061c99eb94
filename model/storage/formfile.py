"""The one owner of a form's file on disk, for one open form (no Textual).

`FormFile` holds everything about the file itself: where it is (and the real
path the person opened, a symbolic link they named being theirs to write
through), what it held when loaded or last saved, the editing marker and
whether someone else holds it (read-only), the disk watch, and the recovery
file of unsaved work with its writer thread's bookkeeping. It opens, saves,
saves as, reports a conflict, takes over, finds and keeps recovery, watches,
discards and closes. It knows nothing of undo, what-if or scoring: the caller
(the app's `tui.session.Session`, the command line) hands it the documents.

The app asks from its screen and shows the answers; the command line reads
forms through the same non-blocking reader (`model.files.read_form_bytes`).
See docs/architecture.md for who owns what, docs/reliability.md for the
guarantees.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Document
from ..files import decode_text, dumps_document, has_comments, loads_document, read_form_bytes
from ..limits import limit_problems
from ..problems import problems_text
from .atomic import clean_temp_files
from .common import StorageError
from .marker import (
    Editor,
    MarkerState,
    MarkerStatus,
    acquire_marker,
    is_ours,
    read_marker,
    release_marker,
    take_over_marker,
)
from .merge import ConflictSides, conflict_sides
from .recovery import Recovery, RecoveryThrottle, discard_recovery, find_recovery, write_recovery
from .save import ANY, Conflict, SaveOutcome, safe_save
from .watch import DiskCheck, DiskWatch

__all__ = ["FormFile", "RecoveryJob", "same_document", "OVER_LIMITS"]

OVER_LIMITS = ("表单超出一份自评表文件的上限，未保存（修改都还在，也已留存以防意外）：{reason}。"
               "请删去一些行或缩短过长的文字后再保存。")


def same_document(a: Document, b: Document) -> bool:
    """Whether two documents are the same form, figures as typed included:
    `138.4` and `138.40` are equal numbers (pydantic compares them so) but
    not the same figure, and saving writes what was typed. The text is only
    compared when the documents are equal as values, which is rare unless
    they are the same object."""
    if a is b:
        return True
    if a != b:
        return False
    return dumps_document(a) == dumps_document(b)


@dataclass(frozen=True, slots=True)
class RecoveryJob:
    """The unsaved work to keep, as it was when the throttle said so: taken
    on the app's thread and written in another (`FormFile.drain_recovery`).
    Documents are immutable and share unchanged nodes, so holding them is
    the snapshot."""

    path: Path
    work: Document
    saved: Document
    base: bytes | None  # what the file held when the work started
    epoch: int  # a save, discard or close since makes the job stale


class FormFile:
    """One form's file on disk (see the module docstring). `path` None: a
    form never saved (only `save_as` gives it a file)."""

    def __init__(self, path: str | os.PathLike[str] | None = None,
                 disk_bytes: bytes | None = None) -> None:
        self.path: Path | None = Path(path) if path is not None else None
        self.real_path: str | None = os.path.realpath(path) if path is not None else None
        self.disk_bytes = disk_bytes  # what the file held when loaded / last saved
        self._comments: tuple[bytes | None, bool] = (None, False)
        self.read_only = False  # someone else is editing the file: view only
        self.marker: MarkerStatus | None = None
        self.taken_by: Editor | None = None  # who took the form over from us
        self.watch: DiskWatch | None = None
        self.throttle = RecoveryThrottle()
        # recovery writes may run in another thread (see drain_recovery):
        # _writing is held while the recovery file is written or removed, and
        # guards _recovery_written; _queue guards the three after it
        self._writing = threading.Lock()
        self._recovery_written = False
        self._queue = threading.Lock()
        self._queued: RecoveryJob | None = None
        self._draining = False
        self._epoch = 0

    @staticmethod
    def read(path: str | os.PathLike[str]) -> tuple[Document, bytes]:
        """The form at `path` and its bytes (never blocking on a pipe).
        Raises DocumentError with every problem found."""
        data = read_form_bytes(path)
        return loads_document(data, source=str(path)), data

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> tuple[FormFile, Document]:
        doc, data = cls.read(path)
        return cls(path, data), doc

    @property
    def comments(self) -> bool:
        """The file on disk has comments saving would drop (worked out when
        first asked, which is when saving: not on the way to the first screen)."""
        data = self.disk_bytes
        if data is None:
            return False
        if self._comments[0] is not data:
            self._comments = (data, has_comments(decode_text(data, str(self.path))))
        return self._comments[1]

    # -- the editing marker ----------------------------------------------------

    def claim(self) -> MarkerStatus | None:
        """On opening for editing: clear leftovers of a killed save, leave the
        editing marker, start watching the file. When someone else holds the
        marker the file is read-only (`take_over` ends that)."""
        if self.path is None:
            return None
        clean_temp_files(self.path)
        status = acquire_marker(self.path)
        self.marker = status
        self.read_only = status.state in (MarkerState.IN_USE, MarkerState.OTHER_HOST)
        self.watch = DiskWatch(self.path, self.disk_bytes)
        return status

    def take_over(self) -> MarkerStatus:
        """Edit a form someone else holds (the person confirmed)."""
        assert self.path is not None
        status = take_over_marker(self.path)
        self.marker = status
        self.taken_by = None
        if status.state in (MarkerState.OURS, MarkerState.UNAVAILABLE):
            self.read_only = False
        return status

    def close(self, *, unsaved: bool, discard: bool = False) -> None:
        """On leaving the form: release our marker (never someone else's);
        `discard`: the person let the unsaved work go, so drop its recovery.
        A recovery write in progress is waited for and none queued starts
        after; one we wrote for work that is saved by now is removed."""
        if self.path is None:
            return
        if discard:
            self.drop_recovery()
        else:
            self.settle_recovery()
            if not unsaved:
                with self._writing:
                    if self._recovery_written:
                        discard_recovery(self.path)
                        self._recovery_written = False
        if self.marker is not None and self.marker.owned:
            release_marker(self.path)
            self.marker = None

    def taken_over(self) -> Editor | None:
        """Someone took the form over from us (their marker replaced ours):
        who, the first time it is noticed; None otherwise. Cheap (a small
        file read), asked every few seconds."""
        if self.path is None or self.marker is None or not self.marker.owned:
            return None
        holder = read_marker(self.path)
        if holder is None or is_ours(holder):
            return None
        self.taken_by = holder
        self.marker = MarkerStatus(MarkerState.IN_USE, holder)  # theirs now: never released by us
        return holder

    def conflict_sides(self, conflict: Conflict, mine: Document) -> ConflictSides | None:
        """Both sides of a save conflict, who and when, and the merge if any
        (see model.storage.merge)."""
        if self.path is None or conflict.disk_bytes is None:
            return None
        return conflict_sides(self.path, self.disk_bytes, mine, conflict.disk_bytes)

    # -- recovery of unsaved work (a crash, kill -9, a lost SSH connection) -----

    def pending_recovery(self) -> Recovery | None:
        """Unsaved work a previous session left for this form, if any to offer."""
        if self.path is None or self.read_only:
            return None
        recovery = find_recovery(self.path)
        if recovery is None or recovery.from_live_session:
            return None
        return recovery

    def restored(self) -> None:
        """The recovered work is the current document: its recovery file is
        on disk and is kept until the work is saved."""
        with self._writing:
            self._recovery_written = True

    def settle_recovery(self) -> None:
        """Before the recovery file is removed or the form left: snapshots
        not yet written are dropped (they are older than what comes next)
        and a write in progress is waited for."""
        with self._queue:
            self._epoch += 1
            self._queued = None
        with self._writing:
            pass

    def drop_recovery(self) -> None:
        """Remove the recovery file (after a save, or the person let the work
        go); no recovery write queued before lands after this."""
        self.settle_recovery()
        with self._writing:
            if self.path is not None:
                discard_recovery(self.path)
            self._recovery_written = False
        self.throttle.reset()

    def recovery_job(self, work: Document, saved: Document, *, edited: bool,
                     structural: bool = False, now: bool = False) -> RecoveryJob | None:
        """The work to keep in the recovery file if it is time: after an edit
        (`edited`), at once after a structure edit or when `now`, otherwise
        at most every few seconds. Cheap: the writing is `queue_recovery`
        and `drain_recovery`."""
        if self.path is None or self.read_only:
            return None
        if not now and not (self.throttle.edited(structural) if edited else self.throttle.due()):
            return None
        self.throttle.written()
        with self._queue:
            epoch = self._epoch
        return RecoveryJob(self.path, work, saved, self.disk_bytes, epoch)

    def queue_recovery(self, job: RecoveryJob) -> bool:
        """Hand a snapshot to the writer; a newer one replaces one not yet
        written. True: no writer is running, so the caller must run
        `drain_recovery` (in a thread); False: the running one takes it."""
        with self._queue:
            self._queued = job
            if self._draining:
                return False
            self._draining = True
            return True

    def drain_recovery(self) -> list[str]:
        """Write the queued snapshots until none is left (one writer at a
        time: `queue_recovery` says when to start one). Safe in any thread.
        Returns the Chinese messages of failed writes."""
        messages: list[str] = []
        try:
            while True:
                with self._queue:
                    job = self._queued
                    self._queued = None
                    if job is None:
                        self._draining = False
                        return messages
                message = self._write_recovery(job)
                if message:
                    messages.append(message)
        except BaseException:
            with self._queue:
                self._draining = False
            raise

    def keep_now(self, job: RecoveryJob | None) -> str | None:
        """Write `job` in this thread (unless a writer is running, which takes
        it); the Chinese message if the recovery file cannot be written."""
        if job is None or not self.queue_recovery(job):
            return None
        messages = self.drain_recovery()
        return messages[0] if messages else None

    def keep_final(self, work: Document, saved: Document) -> str | None:
        """The last recovery write before the process ends (the terminal is
        gone): a write under way is waited for, then `work` is written in
        this thread whatever the throttle says. The Chinese message if it
        cannot be written."""
        self.settle_recovery()
        job = self.recovery_job(work, saved, edited=True, now=True)
        return self._write_recovery(job) if job is not None else None

    def _write_recovery(self, job: RecoveryJob) -> str | None:
        unsaved = not same_document(job.work, job.saved)
        data = dumps_document(job.work).encode("utf-8") if unsaved else b""
        with self._writing:
            if job.epoch != self._epoch:
                return None  # saved, discarded or closed since: not to be kept
            if not unsaved:
                if self._recovery_written:
                    discard_recovery(job.path)
                    self._recovery_written = False
                return None
            try:
                write_recovery(job.path, data, base=job.base)
            except StorageError as exc:
                return exc.message
            self._recovery_written = True
        return None

    # -- the file on disk --------------------------------------------------------

    def poll_disk(self) -> DiskCheck | None:
        """Has the file changed on disk since it was loaded or last saved?"""
        if self.watch is None:
            return None
        return self.watch.poll()

    def reread(self) -> Document:
        """The form as the file holds it now, which becomes the baseline
        (what saving expects, what the watch compares with). Raises
        DocumentError (nothing changed then)."""
        assert self.path is not None
        doc, data = self.read(self.path)
        self.disk_bytes = data
        if self.watch is not None:
            self.watch.reset(data)
        return doc

    def save(self, doc: Document, *, expected: Any = None, overwrite: bool = False) -> SaveOutcome:
        """Write `doc` to the form's file through `safe_save`: under the save
        lock, only if the file still holds what was loaded or last saved
        (unless `overwrite`, after confirming, with `expected=conflict.disk`);
        the previous version is kept as FILE.bak. Outcome "saved", "conflict"
        (nothing written) or "failed" (nothing changed; the message says why)."""
        assert self.path is not None and not self.read_only
        return self._write(doc, self.path, expected if overwrite else self.disk_bytes,
                           follow=self.real_path)

    def save_as(self, doc: Document, path: str | os.PathLike[str], *,
                overwrite: bool = False) -> SaveOutcome:
        """Write `doc` to another file, which becomes this form's file
        (editable, with our marker). `overwrite`: the person agreed to
        replace an existing file; otherwise an existing file is a conflict."""
        target = Path(path)
        # a new file takes the permissions of the form it comes from; a
        # symbolic link at the destination is refused (unless it is this form)
        same = self.path is not None and target == self.path
        outcome = self._write(doc, target, ANY if overwrite else None, source=self.path,
                              follow=self.real_path if same else None)
        if outcome.status == "saved" and target != self.path:
            if self.path is not None:
                self.drop_recovery()  # the work is safe in the new file
                self.close(unsaved=False)
            self.path = target
            self.real_path = os.path.realpath(target)
            self.read_only = False
            self.taken_by = None
            self.marker = acquire_marker(target)
            self.watch = DiskWatch(target, outcome.fingerprint)
        return outcome

    def copy_path(self, untitled: str) -> Path:
        """A free name beside the file for a copy: 表-副本.toml, 表-副本2.toml, ..."""
        base = self.path if self.path is not None else Path(untitled + ".toml")
        for n in range(1, 1000):
            suffix = "-副本" if n == 1 else f"-副本{n}"
            candidate = base.with_name(f"{base.stem}{suffix}{base.suffix or '.toml'}")
            if not candidate.exists():
                return candidate
        raise FileExistsError(str(base))  # pragma: no cover - a thousand copies

    def _write(self, doc: Document, path: Path, expected: Any, *, follow: str | None = None,
               source: Path | None = None) -> SaveOutcome:
        text = dumps_document(doc)
        too_big = limit_problems(doc, text)
        if too_big:  # never write a file `jixiao check` (and opening it) would refuse
            return SaveOutcome("failed", OVER_LIMITS.format(
                reason=problems_text(too_big, 3)))
        data = text.encode("utf-8")
        outcome = safe_save(path, data, expected, follow=follow, source=source)
        if outcome.status == "saved":
            self.disk_bytes = data
            if path == self.path:
                if self.watch is not None:
                    self.watch.reset(outcome.fingerprint)
                self.drop_recovery()
        return outcome
