"""The main screen's file on disk, as the person sees it: what it asks and
shows about saving, conflicts, taking over, recovery and changes on disk.

The file itself (reading, the checked save, the marker, the recovery file,
the watch) is `model.storage.FormFile`'s, reached through the session
(`session.file`); this controller only turns its answers into dialogs and
notifications, and the person's choices into its calls. The main screen
(`self.screen`) keeps its actions (Ctrl+S, F12, Ctrl+T, Ctrl+O, the quit
question) and hands them here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Protocol

from model import DocumentError
from model.storage import ConflictSides, DiskStatus, MarkerState, MarkerStatus, Recovery, summarize

from .. import strings as S
from ..host import AppHost
from ..dialogs.base import Choice, SaveAsDialog, TextDialog
from ..session import FORM, Address, NoPath, ReadOnly, RecoveryJob, Session, WhatIfActive
from ..text import clip, inert, one_line

__all__ = ["FileHost", "FileController", "RECOVERY", "DISK_EVERY", "conflict_question"]

DISK_EVERY = 2  # ticks between looks at the file on disk
RECOVERY = "recovery"  # the worker group of recovery writes


def conflict_question(path: str, conflict: Any, sides: ConflictSides | None) -> str:
    """The conflict dialog's text: who changed the file and when, their
    changes and mine, and whether the two merge (`sides`; None when a
    version is not a readable form: the plain description then)."""
    if conflict.deleted:
        return S.CONFLICT_MISSING.format(path=path)
    lines = [S.CONFLICT_CHANGED.format(path=path)]
    if sides is None:
        return lines[0] + "\n\n" + inert(conflict.describe(), newlines=True)
    if sides.who:
        lines.append(S.CONFLICT_BY.format(who=inert(sides.who)))
    if sides.when:
        lines.append(S.CONFLICT_AT.format(when=sides.when))
    lines += ["",
              S.CONFLICT_THEIRS.format(summary=inert(summarize(list(sides.theirs), 4), newlines=True)),
              S.CONFLICT_MINE.format(summary=inert(summarize(list(sides.mine), 4), newlines=True)),
              "",
              S.CONFLICT_CAN_MERGE if sides.merge.doc is not None
              else S.CONFLICT_NO_MERGE.format(reason=sides.merge.reason)]
    return "\n".join(lines)


class FileHost(Protocol):
    """What the controller uses of the main screen."""

    session: Session
    read_only: bool
    grid_mode: bool
    app: Any
    host: AppHost
    status: Any  # the status line (refresh)
    tree: Any  # the navigator (sync)
    grid: Any  # the grid editor (keep_open_cell)

    @property
    def asking(self) -> bool: ...

    def ask(self, title: str, question: str, choices: list[Choice],
            answered: Callable[[str | None], None]) -> None: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> Any: ...

    def commit_open_cell(self) -> bool: ...

    def pending_errors(self) -> list[tuple[Any, str, str]]: ...

    def after_change(self, *, select: Address | None = None, force: bool = False) -> None: ...

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool: ...

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any: ...


class FileController:
    """Saving, conflicts, sharing and recovery for one main screen."""

    def __init__(self, screen: FileHost) -> None:
        self.screen = screen
        self._comments_ok = False  # the person agreed to lose the file's comments
        self._ticks = 0
        self._recovery_warned = False  # a failing recovery write is said once
        self._disk_noted: object = None  # the disk change already offered or noted

    @property
    def session(self) -> Session:
        return self.screen.session

    def notify(self, message: str, *, severity: Any = "information", timeout: float | None = None) -> None:
        self.screen.notify(message, severity=severity, timeout=timeout)

    def ask(self, title: str, question: str, choices: list[Choice],
            answered: Callable[[str | None], None]) -> None:
        self.screen.ask(title, question, choices, answered)

    # -- saving ------------------------------------------------------------------------

    def _may_write(self) -> bool:
        """The grid's open cell taken, and no what-if running (said if so)."""
        if not self.screen.commit_open_cell():
            return False
        if self.session.whatif:
            self.notify(S.SAVE_IN_WHATIF, severity="warning")
            return False
        return True

    def save(self, then: Callable[[], None] | None = None) -> None:
        """Save, asking what is needed on the way; `then` runs after success."""
        session = self.session
        if not self._may_write():
            return
        if session.read_only:
            self.notify(S.SAVE_READ_ONLY, severity="warning", timeout=8)
            return
        for spec, text, message in self.screen.pending_errors():
            self.notify(S.FIELD_NOT_SAVED.format(label=spec.label, message=message),
                        severity="warning")
        if session.path is None:
            self.save_as(then)
            return
        if session.file.comments and not self._comments_ok:
            def answered(choice: str | None) -> None:
                if choice == "save":
                    self._comments_ok = True
                    self.save(then)
                elif choice == "save_as":
                    self.save_as(then)

            self.ask(S.COMMENTS_TITLE, S.COMMENTS_QUESTION, [
                Choice("save", S.COMMENTS_SAVE, "y", "warning"),
                Choice("save_as", S.COMMENTS_SAVE_AS, "a"),
                Choice("cancel", S.QUIT_CANCEL, "c"),
            ], answered)
            return
        self._write(session.save, then)

    def _write(self, write: Callable[[], Any], then: Callable[[], None] | None,
               message: str | None = None) -> None:
        """Run a save and act on its outcome: saved (then `then`), a conflict
        (ask), or failed (say why; the document stays unsaved, nothing lost)."""
        session = self.session
        try:
            outcome = write()
        except (NoPath, WhatIfActive, ReadOnly):  # pragma: no cover - guarded above
            return
        if outcome.status == "conflict":
            self._conflict(outcome.conflict, then)
            return
        if outcome.status == "failed":
            # the work is kept in the recovery file too, whatever happens next
            self.keep(session.recovery_job(edited=True, now=True))
            self.notify(S.SAVE_FAILED.format(reason=outcome.message), severity="error",
                        timeout=15)
            self.screen.status.refresh()
            return
        self.notify(message or S.SAVED.format(name=one_line(session.name)), timeout=3)
        if outcome.warning:
            self.notify(outcome.warning, severity="warning", timeout=8)
        if session.path is not None:
            self.screen.host.remember(session.path)
        self._disk_noted = None
        self.screen.status.refresh()
        self.screen.tree.sync(force=True)
        if then is not None:
            then()

    def _conflict(self, conflict: Any, then: Callable[[], None] | None) -> None:
        """Someone changed (or removed) the file since it was loaded: show
        both sides (theirs, mine, who and when) and ask: merge (when they
        touched different fields), reload, save a copy beside it, or overwrite."""
        session = self.session
        deleted = conflict.deleted
        sides = None if deleted else session.file.conflict_sides(conflict, session.doc)
        merged = sides.merge.doc if sides is not None else None
        choices = [Choice("copy", S.CONFLICT_COPY, "c", "primary")]
        if not deleted:
            choices.insert(0, Choice("reload", S.CONFLICT_RELOAD, "r"))
            choices.append(Choice("overwrite", S.CONFLICT_OVERWRITE, "o", "error"))
            if conflict.changed_on_disk or conflict.differences:
                choices.append(Choice("view", S.CONFLICT_VIEW, "v"))
            if merged is not None:
                choices.insert(0, Choice("merge", S.CONFLICT_MERGE, "m", "primary"))
        else:
            choices.append(Choice("overwrite", S.CONFLICT_RECREATE, "o", "warning"))
        choices.append(Choice("cancel", S.QUIT_CANCEL, "n"))

        def answered(choice: str | None) -> None:
            if choice == "merge" and merged is not None:
                self._merge(merged, conflict, then)
            elif choice == "reload":
                self.reload()
            elif choice == "copy":
                self._save_copy(then)
            elif choice == "view":
                self._show_differences(conflict, lambda: self._conflict(conflict, then))
            elif choice == "overwrite":
                if deleted:
                    self._write(lambda: session.save(overwrite=True, expected=None), then)
                else:
                    self._confirm_overwrite(conflict, then)

        self.ask(S.CONFLICT_TITLE, conflict_question(one_line(str(session.path)), conflict, sides),
                 choices, answered)

    def _merge(self, merged: Any, conflict: Any, then: Callable[[], None] | None) -> None:
        """Both sides' changes as one undoable step, then saved over the very
        version on disk they were merged with (changed again since: asked again)."""
        session = self.session
        session.commit(merged, S.EDIT_MERGE, FORM)
        self.screen.after_change(force=True)
        self._write(lambda: session.save(overwrite=True, expected=conflict.disk), then,
                    S.MERGED.format(name=one_line(session.name)))

    def _save_copy(self, then: Callable[[], None] | None) -> None:
        session = self.session
        holder: dict[str, Path] = {}

        def write_copy() -> Any:
            holder["path"], outcome = session.save_copy()
            return outcome

        self._write(write_copy, then, None)
        if "path" in holder and not session.dirty:
            self.notify(S.SAVED_COPY.format(path=one_line(str(holder["path"]))), timeout=8)

    def _show_differences(self, conflict: Any, back: Callable[[], None]) -> None:
        changes = conflict.changed_on_disk if conflict.changed_on_disk is not None \
            else conflict.differences
        lines = [clip(one_line(d.describe()), 200) for d in changes]
        self.screen.app.push_screen(TextDialog(S.CONFLICT_VIEW_TITLE.format(count=len(lines)), lines),
                             lambda _: back())

    def _confirm_overwrite(self, conflict: Any, then: Callable[[], None] | None) -> None:
        session = self.session
        backup = one_line(session.path.name + ".bak") if session.path else ""

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self._write(lambda: session.save(overwrite=True, expected=conflict.disk), then)

        self.ask(S.OVERWRITE_TITLE, S.OVERWRITE_QUESTION.format(backup=backup), [
            Choice("overwrite", S.OVERWRITE_CONFIRM, "y", "error"),
            Choice("cancel", S.DELETE_CANCEL, "n"),
        ], answered)

    def reload(self) -> None:
        session = self.session
        try:
            session.reload()
        except DocumentError as exc:
            reason = exc.summary(3, places=True)
            self.notify(S.RELOAD_FAILED.format(reason=one_line(reason)), severity="error", timeout=10)
            return
        self._disk_noted = None
        self.screen.after_change(force=True)
        self.notify(S.RELOADED.format(name=one_line(session.name)), timeout=5)

    # -- sharing, recovery, the file on disk (model.storage via the session) -------

    def claim(self) -> None:
        """After the first screen: leave our editing marker, or learn who holds
        it; then offer unsaved work a crash left behind."""
        session = self.session
        status = session.file.claim()
        if status is None:
            return
        self.screen.read_only = session.read_only
        self.screen.status.refresh()
        if session.read_only:
            self._ask_in_use(status)
            return
        note = status.message  # a stale marker cleared, or no marker possible
        if not self._offer_recovery(note) and note:
            self.notify(note, severity="warning" if status.state is
                        MarkerState.UNAVAILABLE else "information", timeout=8)

    def _ask_in_use(self, status: MarkerStatus) -> None:
        holder = status.holder
        who = holder.describe() if holder is not None else status.message
        other_host = status.state is MarkerState.OTHER_HOST
        question = (S.IN_USE_OTHER_HOST if other_host else S.IN_USE_QUESTION).format(who=who)

        def answered(choice: str | None) -> None:
            if choice == "take_over":
                self.take_over()
            elif choice == "open":
                self.screen.host.show_start(can_go_back=True)
            else:
                self.notify(S.READ_ONLY_OPENED, timeout=6)

        self.ask(S.IN_USE_TITLE, question, [
            Choice("read_only", S.IN_USE_READ_ONLY, "r", "primary"),
            Choice("take_over", S.IN_USE_TAKE_OVER, "t", "warning"),
            Choice("open", S.IN_USE_OPEN_OTHER, "o"),
        ], answered)

    def ask_take_over(self) -> None:
        session = self.session
        if not session.read_only:
            self.notify(S.TAKE_OVER_NOT_NEEDED, timeout=3)
            return
        holder = session.file.marker.holder if session.file.marker is not None else None
        who = holder.describe() if holder is not None else ""

        def answered(choice: str | None) -> None:
            if choice == "take_over":
                self.take_over()

        self.ask(S.IN_USE_TITLE, S.TAKE_OVER_QUESTION.format(who=who), [
            Choice("take_over", S.IN_USE_TAKE_OVER, "t", "warning"),
            Choice("cancel", S.DELETE_CANCEL, "n"),
        ], answered)

    def take_over(self) -> None:
        session = self.session
        status = session.file.take_over()
        self.screen.read_only = session.read_only
        self.screen.status.refresh()
        if session.read_only:  # pragma: no cover - take_over_marker always succeeds or says why
            self.notify(status.message or S.TAKE_OVER_FAILED, severity="error")
            return
        self.notify(S.TOOK_OVER, timeout=8)
        if session.whatif:
            self.notify(S.WHATIF_AFTER_TAKE_OVER, timeout=6)
        self._offer_recovery()

    def _offer_recovery(self, note: str = "") -> bool:
        """Offer unsaved work a crash left behind (with `note` on top: what
        happened to a stale marker); False when there is none."""
        session = self.session
        try:
            recovery = session.file.pending_recovery()
        except Exception as exc:  # noqa: BLE001 - a broken state folder must not stop editing
            self.notify(S.RECOVERY_UNREADABLE.format(reason=clip(one_line(str(exc)), 120)),
                        severity="warning", timeout=8)
            return False
        if recovery is None:
            return False
        question = S.RECOVERY_QUESTION.format(name=one_line(session.name),
                                              summary=inert(recovery.summary, newlines=True))
        if note:
            question = inert(note, newlines=True) + "\n\n" + question

        def answered(choice: str | None) -> None:
            if choice == "restore":
                self._restore(recovery)
            elif choice == "discard":
                session.file.drop_recovery()
                self.notify(S.RECOVERY_DISCARDED, timeout=4)
            else:
                self.notify(S.RECOVERY_KEPT, timeout=6)

        choices = [
            Choice("restore", S.RECOVERY_RESTORE, "r", "primary"),
            Choice("discard", S.RECOVERY_DISCARD, "d", "error"),
            Choice("later", S.RECOVERY_LATER, "l"),
        ]
        if recovery.differences:
            choices.insert(2, Choice("view", S.CONFLICT_VIEW, "v"))

            def answered_or_view(choice: str | None) -> None:
                if choice == "view":
                    lines = [clip(one_line(d.describe()), 200) for d in recovery.differences]
                    self.screen.app.push_screen(
                        TextDialog(S.RECOVERY_VIEW_TITLE.format(count=len(lines)), lines),
                        lambda _: self._offer_recovery())
                else:
                    answered(choice)

            self.ask(S.RECOVERY_TITLE, question, choices, answered_or_view)
            return True
        self.ask(S.RECOVERY_TITLE, question, choices, answered)
        return True

    def _restore(self, recovery: Recovery) -> None:
        try:
            self.session.restore(recovery)
        except DocumentError as exc:
            reason = exc.summary(3, places=True)
            self.notify(S.RECOVERY_BROKEN.format(reason=clip(one_line(reason), 200),
                                                 path=one_line(str(recovery.file))),
                        severity="error", timeout=15)
            return
        self.screen.after_change(force=True)
        self.notify(S.RESTORED, timeout=8)

    def keep(self, job: RecoveryJob | None) -> None:
        """The snapshot is taken here; serialising and writing it (the first
        time ≈ 100 ms at 2,000 indicators, after an edit the edited path
        only) runs in a thread worker, one at a time, the latest snapshot
        winning. A save, discard or close waits for a write
        in progress and drops the ones not started (Session.drop_recovery)."""
        if job is not None and self.session.file.queue_recovery(job):
            # after the frame that shows the edit, and after the widgets' catching
            # up that the edit's `after_change` asks for: the thread competes for the GIL
            self.screen.call_later(self.screen.call_after_refresh, self._start_writer)

    def _start_writer(self) -> None:
        self.screen.run_worker(self.session.file.drain_recovery, name="recovery", group=RECOVERY,
                               thread=True, exit_on_error=False)

    def terminal_gone(self) -> None:
        """The terminal went away (see JixiaoApp.terminal_gone): the grid's
        cell being typed in goes into the form, the unsaved work into the
        recovery file (at once, in this thread), and the form is left: our
        marker released, the recovery kept for the next session to offer."""
        session = self.session
        if self.screen.grid_mode:
            self.screen.grid.keep_open_cell()
        session.file.keep_final(session.work, session.saved)
        session.close()

    def recovery_message(self, message: str | None) -> None:
        if message and not self._recovery_warned:
            self._recovery_warned = True
            self.notify(S.RECOVERY_WRITE_FAILED.format(reason=message), severity="warning",
                        timeout=10)

    def tick(self) -> None:
        """Every second: unsaved work into the recovery file when due; every
        other second, a look at the file on disk while nothing is unsaved."""
        session = self.session
        if self.screen.grid_mode:
            self.screen.grid.keep_open_cell()  # the cell being typed in is kept too
        self.keep(session.recovery_job(edited=False))
        self._ticks += 1
        if self._ticks % DISK_EVERY or self.screen.asking or self.screen.app.screen is not self.screen:
            return
        if self.check_taken_over():
            return
        if session.dirty and not session.read_only:
            return  # the save will check, and ask
        self.check_disk()

    def check_taken_over(self) -> bool:
        """Someone took the form over (Ctrl+T in another session): say so at
        once, in the status line and a dialog, unsaved work or not."""
        session = self.session
        editor = session.file.taken_over()
        if editor is None:
            return False
        self.screen.status.refresh()
        name = one_line(session.name)
        self.notify(S.TAKEN_OVER_NOTE.format(name=name), severity="warning", timeout=10)

        def answered(choice: str | None) -> None:
            if choice == "copy":
                self._save_copy(None)

        self.ask(S.TAKEN_OVER_TITLE, S.TAKEN_OVER_QUESTION.format(
            who=inert(editor.describe()), name=name), [
            Choice("ok", S.TAKEN_OVER_OK, "k", "primary"),
            Choice("copy", S.CONFLICT_COPY, "c"),
        ], answered)
        return True

    def check_disk(self) -> None:
        """Offer to reload when the file changed on disk (a colleague saved,
        git pull); a read-only view just follows it."""
        session = self.session
        check = session.file.poll_disk()
        if check is None or check.status is DiskStatus.SAME:
            self._disk_noted = None
            return
        if check.status is DiskStatus.UNREADABLE:
            return
        noted = (check.status, check.fingerprint)
        if noted == self._disk_noted:
            return  # already offered: not again until it changes again
        self._disk_noted = noted
        if check.status is DiskStatus.MISSING:
            self.notify(S.DISK_MISSING.format(name=one_line(session.name)), severity="warning",
                        timeout=10)
            return
        if session.read_only and not session.whatif:
            self.reload()
            return

        def answered(choice: str | None) -> None:
            if choice == "reload":
                if session.whatif:
                    session.end_whatif(keep=False)
                self.reload()

        self.ask(S.DISK_CHANGED_TITLE,
                  S.DISK_CHANGED_QUESTION.format(path=one_line(str(session.path))), [
                      Choice("reload", S.DISK_RELOAD, "r", "primary"),
                      Choice("ignore", S.DISK_IGNORE, "i"),
                  ], answered)

    def save_as(self, then: Callable[[], None] | None = None) -> None:
        session = self.session
        if not self._may_write():
            return
        suggestion = str(session.path) if session.path is not None else S.UNTITLED + ".toml"

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._comments_ok = True
                self._write(lambda: session.save_as(path, overwrite=path.exists()), then)

        self.screen.app.push_screen(SaveAsDialog(suggestion), chosen)

    def leave(self, proceed: Callable[[], None], *, quitting: bool = False) -> None:
        """Run `proceed` once unsaved changes are saved or let go (asks
        first). Typing not yet in the form (the grid's open cell, a field
        whose text the form refused) counts as an unsaved change."""
        session = self.session
        typed = self.screen.commit_open_cell() and not self.screen.pending_errors()
        if (not session.dirty and typed) or session.read_only:  # read-only: a what-if at most
            proceed()
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                if session.whatif:
                    session.end_whatif(keep=True)
                    self.screen.after_change(force=True)
                self.save(then=proceed)
            elif choice == "discard":
                session.close(discard=True)
                proceed()

        title = S.QUIT_TITLE if quitting else S.OPEN_OTHER_TITLE
        question = (S.QUIT_QUESTION if quitting else S.OPEN_OTHER_QUESTION).format(
            name=one_line(session.name))
        self.ask(title, question, [
            Choice("save", S.QUIT_SAVE if quitting else S.OPEN_SAVE, "s", "primary"),
            Choice("discard", S.QUIT_DISCARD if quitting else S.OPEN_DISCARD, "d", "error"),
            Choice("cancel", S.QUIT_CANCEL, "c"),
        ], answered)
