"""Export, import, pasted rows and the department roll-up, in the app.

The work is done by `exchange/` (export_document, import_file,
parse_pasted_rows / add_rows, rollup / format_rollup); the dialogs of
`tui.dialogs.exchange` only ask. This controller opens a dialog, does the
work with what it dismissed with, and shows what came back:

- `export()`           F6: format and path; a failure opens the dialog again with the reason.
- `import_form()`      F7 / start screen: file in, .toml out, the report, then
                       the new form opens (after the main screen's `leave`).
- `paste(text)`        bracketed paste in the navigator: the rows are added
                       as one undoable step (`Session.commit`).
- `rollup()`           F8: pick forms of the folder, show the roll-up.
- `report()`           Ctrl+R: a drafted self-evaluation report (.docx); a
                       department form may take project forms of its folder.
- `show_last_report()` F9: the notes of the last import or paste again.

The work itself (reading and writing files, the roll-up) runs in a thread
worker (`_in_thread`), so the screen keeps answering keys; a note says what
is going on when it takes longer than `BUSY_AFTER`, one piece of work runs
at a time, and what came back is shown on the app's thread. The worker is
given snapshots: the document (immutable) and its score, taken before it starts.

The main screen owns one controller and is reached only through its public
API (`ExchangeHost`). Every path and piece of user text is shown as Rich
`Text` (never markup); every failure is a Chinese message, never a traceback.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Callable, Protocol, TypeVar, cast

from rich.text import Text

from model import Document, DocumentError, load_document
from model.limits import limit_problems
from model.oserror import os_reason
from model.templates import read_title

from .. import compat, strings as S
from ..host import AppHost
from ..dialogs.base import SaveAsDialog, TextDialog
from ..dialogs.exchange import (
    Candidate,
    ExportDialog,
    ExportRequest,
    ImportDialog,
    ImportRequest,
    RollupPicker,
    same_file,
)
from ..session import Address, CannotEdit, Session
from ..text import clip, inert, number, one_line
from ..text import pasted as pasted_text
from ..view import problem_list

__all__ = ["ExchangeHost", "ExchangeController", "notes_text", "rollup_report", "unwritten_name"]

NOTIFY_NOTES = 2  # notes quoted in the paste notification
BUSY_AFTER = 0.3  # seconds: slower work shows a "working…" note
EXCHANGE = "exchange"  # the worker group
T = TypeVar("T")


class ExchangeHost(Protocol):
    """What the controller uses of the main screen."""

    session: Session
    is_attached: bool

    @property
    def current(self) -> Address: ...

    def pending_errors(self) -> list[tuple[Any, str, str]]: ...

    def commit_open_cell(self) -> bool: ...

    def after_change(self, *, select: Address | None = None, force: bool = False) -> None: ...

    def leave(self, proceed: Callable[[], None], *, quitting: bool = False) -> None: ...


def notes_text(notes: list[Any]) -> Text:
    """Every note (exchange.notes.Note) on its own line: place, kind,
    message, and the original text."""
    text = Text()
    for index, note in enumerate(notes):
        if index:
            text.append("\n")
        mark = "▲ " if note.is_warning else "  "
        text.append(mark, style="bold yellow" if note.is_warning else "")
        if note.where:
            text.append(inert(note.where) + "：", style="bold cyan")
        text.append(f"[{note.kind.label}] ", style="bold" if note.is_warning else "dim")
        text.append(inert(note.message, newlines=True))
        if note.text and note.text not in note.message:
            text.append("\n" + S.REPORT_ORIGINAL.format(text=one_line(note.text)), style="dim")
    return text


def unwritten_name(base: Path, mark: str, ours: Callable[[Path], bool]) -> Path:
    """The name to propose for a file jixiao writes: `base`, unless a file of
    that name is there that `ours` did not write (the document the form was
    imported from, someone else's file); then the stem with `mark` (`NAME-导出.docx`),
    with `mark` and 2, 3, … A proposal is never a file jixiao did not write."""
    names = (base.with_name(f"{base.stem}{mark}{'' if n == 1 else n}{base.suffix}") for n in range(1, 1000))
    candidate = base
    for candidate in itertools.chain((base,), names):
        if not candidate.exists() or ours(candidate):
            break
    return candidate


def _unexpected(exc: Exception) -> str:
    return S.EXCHANGE_UNEXPECTED.format(error=f"{type(exc).__name__}: {one_line(str(exc))[:200]}")


class ExchangeController:
    """Exchange flows for one main screen (`host`), or for the start screen
    (`host` None: import only)."""

    def __init__(self, app: Any, host: ExchangeHost | None = None) -> None:
        self.app = app
        self.host = host
        self.last_report: tuple[str, Text] | None = None
        self.busy: str | None = None  # the "working…" note of the work in progress
        self.exported: set[Path] = set()  # the files this screen's exports wrote (absolute)
        self.reports: set[Path] = set()  # the reports it drafted (absolute)

    def _notify(self, message: str, severity: str = "information", timeout: float = 6) -> None:
        self.app.notify(message, severity=severity, timeout=timeout)

    def _show(self, title: str, body: Text, id: str,
              closed: Callable[[None], None] | None = None) -> None:
        self.app.push_screen(TextDialog(title, body, tall=True, id=id), closed)

    # -- work in a thread -----------------------------------------------------------

    def _idle(self) -> bool:
        """No work in progress; otherwise say so (one piece of work at a time)."""
        if self.busy is None:
            return True
        self._notify(S.EXCHANGE_STILL_BUSY.format(busy=self.busy.rstrip("…")), "warning", 4)
        return False

    def _in_thread(self, busy: str, work: Callable[[], T], done: Callable[[T], None]) -> None:
        """Run `work` in a thread worker, then `done(its result)` on the app's
        thread. `work` turns expected failures into its result; anything else
        it raises is shown as a Chinese message. `busy` shows while it takes
        longer than BUSY_AFTER."""
        app = self.app
        self.busy = busy
        shown: list[bool] = []

        def show() -> None:
            shown.append(True)
            self._notify(busy, timeout=600)

        timer = app.set_timer(BUSY_AFTER, show)

        async def follow() -> None:
            from textual.worker import WorkerCancelled, WorkerFailed

            worker = app.run_worker(work, name=busy, group=EXCHANGE, thread=True, exit_on_error=False)
            failed: BaseException | None = None
            try:
                result = await worker.wait()
            except WorkerCancelled:  # the app is closing
                return
            except WorkerFailed as exc:
                failed = exc.error
            finally:
                timer.stop()
                if shown:
                    compat.withdraw_notification(app, busy)
                self.busy = None
            if failed is not None:
                self._notify(_unexpected(failed) if isinstance(failed, Exception) else busy,
                             "error", 10)
                return
            done(result)

        app.run_worker(follow(), name=busy, group=EXCHANGE, exit_on_error=False)

    # -- export ---------------------------------------------------------------------

    def _default_export_path(self, fmt: str) -> Path:
        """The form's name with the format's extension, unless a file of that
        name exists that this session did not export (the Word document the
        form was imported from, someone else's file): then `NAME-导出.docx`,
        `NAME-导出2.docx`, ... An export never proposes a file it did not write."""
        assert self.host is not None
        path = self.host.session.path
        base = Path.cwd() / f"{S.UNTITLED}.{fmt}" if path is None else path.with_suffix(f".{fmt}")
        return unwritten_name(base, S.EXPORT_NAME_SUFFIX, self._exported)

    def _exported(self, path: Path) -> bool:
        """Whether this session's exports wrote `path`."""
        return path.absolute() in self.exported

    def _ask_export(self, path: Path, fmt: str, error: str) -> None:
        assert self.host is not None
        dialog = ExportDialog(path, whatif=self.host.session.whatif, fmt=fmt, error=error,
                              propose=self._default_export_path, written=self._exported)
        self.app.push_screen(dialog, self._export_chosen)

    def _may_start(self) -> bool:
        """Nothing else is running; fields whose text the form did not take
        are named (they are left out of what is written)."""
        assert self.host is not None
        if not self._idle() or not self.host.commit_open_cell():
            return False
        for spec, _text, message in self.host.pending_errors():
            self._notify(S.EXPORT_FIELD_LEFT_OUT.format(label=spec.label, message=message), "warning")
        return True

    def export(self) -> None:
        if not self._may_start():
            return
        self._ask_export(self._default_export_path("xlsx"), "xlsx", "")

    def _export_chosen(self, request: ExportRequest | None) -> None:
        if request is None or self.host is None or not self._idle():
            return
        session = self.host.session
        doc, result, whatif = session.doc, session.result, session.whatif
        source = session.path  # the export is no more readable than the form

        def work() -> Any:
            from exchange.export import ExportError, export_document

            try:
                return export_document(doc, request.path, request.fmt,
                                       overwrite=request.overwrite, result=result, source=source)
            except ExportError as err:
                return S.EXPORT_FAILED.format(reason=one_line(str(err)))
            except OSError as exc:
                return S.EXPORT_FAILED.format(reason=os_reason(exc))
            except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
                return _unexpected(exc)

        def done(outcome: Any) -> None:
            from exchange.layout import has_scores

            if isinstance(outcome, str):  # again, with the reason, once the dialog is gone
                self.app.call_after_refresh(self._ask_export, request.path, request.fmt, outcome)
                return
            self.exported.add(outcome.path.absolute())
            result = outcome.result
            total = (S.EXPORT_TOTAL.format(total=number(result.total), grade=result.grade)
                     if has_scores(result) else S.EXPORT_NO_SCORES)
            message = S.EXPORT_DONE.format(label=S.EXPORT_LABELS[outcome.fmt],
                                           path=one_line(str(outcome.path.absolute())), total=total)
            if whatif:
                message += S.EXPORT_DONE_WHATIF
            self._notify(message, timeout=8)

        self._in_thread(S.EXPORT_BUSY, work, done)

    # -- import ---------------------------------------------------------------------

    def import_form(self, *, from_start: bool = False, source: Path | None = None) -> None:
        """Ask for the files, import, show the report, then open the new form.
        `source`: the document to import, filled in (a .docx opened as a form)."""
        if not self._idle():
            return
        session = self.host.session if self.host is not None else None
        folder = session.path.parent if session is not None and session.path is not None else Path.cwd()
        open_path = session.path if session is not None else None
        request = None if source is None else ImportRequest(source, source.with_suffix(".toml"))
        self._ask_import(folder, open_path, request, "", from_start)

    def _ask_import(self, folder: Path, open_path: Path | None, request: ImportRequest | None,
                    error: str, from_start: bool) -> None:
        def chosen(answer: ImportRequest | None) -> None:
            if answer is not None and self._idle():
                self._import(answer, folder, open_path, from_start)

        self.app.push_screen(ImportDialog(folder, open_path, request=request, error=error), chosen)

    def _import(self, request: ImportRequest, folder: Path, open_path: Path | None,
                from_start: bool) -> None:
        def work() -> Any:
            """The import's result, or a Chinese message saying why there is none."""
            from exchange.importer import ImportFailed, import_file
            from model.storage import save_document

            try:
                result = import_file(request.source)
            except ImportFailed as err:
                return one_line(str(err))
            except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
                return _unexpected(exc)
            if result.empty:
                return one_line(result.not_a_form)
            try:
                save_document(result.document, request.out, source=request.source)
            except OSError as exc:
                return S.IMPORT_WRITE_FAILED.format(path=one_line(str(request.out)),
                                                    reason=os_reason(exc))
            return result

        def done(outcome: Any) -> None:
            if isinstance(outcome, str):  # again, with the reason, once the dialog is gone
                self.app.call_after_refresh(self._ask_import, folder, open_path, request, outcome,
                                            from_start)
                return
            self._imported(request, outcome, from_start)

        self._in_thread(S.IMPORT_BUSY, work, done)

    def _imported(self, request: ImportRequest, result: Any, from_start: bool) -> None:
        """The report of an import that wrote its form; closing it opens the form."""
        body = import_report(request, result)
        self.last_report = (S.IMPORT_REPORT_TITLE, body)
        app = cast(AppHost, self.app)
        host = self.host

        def open_it() -> None:
            app.open_path(request.out)

        def closed(_: None) -> None:
            if host is not None and not from_start and host.is_attached:
                host.leave(open_it)  # asks about unsaved changes first
            else:
                open_it()

        self._show(S.IMPORT_REPORT_TITLE, body, "import-report", closed)

    # -- pasted rows -------------------------------------------------------------------

    def paste(self, text: str) -> None:
        """Add the rows of a pasted table under the selected node, as one undoable step."""
        from exchange.paste import PasteError, add_rows, parse_pasted_rows

        host = self.host
        assert host is not None
        text = pasted_text(text)  # the terminal's reader strips codes too; any other way in
        if "\t" not in text:
            self._notify(S.PASTE_NOT_TABLE, "warning", 8)
            return
        session = host.session
        address = host.current
        if address.section != "goals" and session.doc.goals:
            self._notify(S.PASTE_WHERE, "warning", 8)
            return
        try:
            pasted = parse_pasted_rows(text)
        except PasteError as err:
            self._notify(one_line(str(err)), "warning", 8)
            return
        lines = len(text.strip("\r\n").splitlines())
        at = address.path if address.section == "goals" else (0,)
        after, paths = add_rows(session.doc, pasted.rows, at=at)
        too_many = limit_problems(after)
        if too_many:  # saving it would be refused: refuse it now, nothing changes
            self._notify(S.PASTE_OVER_LIMITS.format(reason=too_many[0].message), "warning", 10)
            return
        count = len(paths)
        categories = sum(1 for r in pasted.rows if r.indicator is None)
        body = Text(S.PASTE_REPORT_SUMMARY.format(lines=lines, count=count), style="bold")
        if pasted.notes:
            body.append("\n\n")
            body.append_text(notes_text(pasted.notes))
        self.last_report = (S.PASTE_REPORT_TITLE, body)
        try:
            step = session.commit(after, S.PASTE_LABEL.format(count=count), address)
        except CannotEdit as exc:  # read-only: someone else is editing the form
            self._notify(exc.message, "warning", 8)
            return
        if step is None:
            message = S.PASTE_NOTHING
            if pasted.notes:
                message += S.PASTE_SEE_ALL
            self._notify(message, "warning", 8)
            return
        host.after_change(select=Address("goals", paths[0]) if paths else address)
        message = S.PASTE_DONE.format(count=count)
        if categories:
            message += S.PASTE_CATEGORIES.format(count=categories)
        message += S.PASTE_UNDO_HINT
        warnings = pasted.warnings
        if warnings:
            message += S.PASTE_NOTES.format(count=len(warnings))
            for note in warnings[:NOTIFY_NOTES]:
                message += "\n· " + clip(one_line(str(note)), 70)
            message += "\n" + S.PASTE_MORE.format(count=len(pasted.notes))
        elif pasted.notes:
            message += "；" + S.PASTE_SEE_ALL
        self._notify(message, "warning" if warnings else "information", 10 if warnings else 6)

    def show_last_report(self) -> None:
        if self.last_report is None:
            self._notify(S.NO_REPORT, timeout=3)
            return
        title, body = self.last_report
        self._show(title, body, "exchange-report")

    # -- department roll-up ---------------------------------------------------------------

    def _candidates(self) -> tuple[Path, list[Candidate]]:
        assert self.host is not None
        session = self.host.session
        folder = session.path.parent.absolute() if session.path is not None else Path.cwd()
        out: list[Candidate] = []
        if session.path is None:
            out.append(Candidate(session.name, None, True))
        try:
            files = sorted(p for p in folder.glob("*.toml") if p.is_file())
        except OSError:
            files = []
        for path in files:
            current = session.path is not None and same_file(path, session.path)
            out.append(Candidate(path.name, path, current, read_title(path)))
        return folder, out

    def rollup(self) -> None:
        assert self.host is not None
        if not self._idle():
            return
        folder, candidates = self._candidates()
        if not candidates:
            self._notify(S.ROLLUP_NO_FORMS, "warning")
            return

        def picked(indices: list[int] | None) -> None:
            if indices is None or self.host is None or not self._idle():
                return
            chosen = [candidates[i] for i in indices]
            session = self.host.session
            doc, dirty = session.doc, session.dirty

            def work() -> Text:
                try:
                    return rollup_report(chosen, doc, dirty)
                except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
                    return Text(_unexpected(exc))

            self._in_thread(S.ROLLUP_BUSY, work,
                            lambda body: self._show(S.ROLLUP_TITLE, body, "rollup-report"))

        self.app.push_screen(RollupPicker(folder, candidates, self.host.session.dirty), picked)

    # -- drafted report ----------------------------------------------------------------

    def report(self) -> None:
        """Pick the project forms (department forms only), then the file, then draft."""
        from model import Kind

        host = self.host
        assert host is not None
        if not self._may_start():
            return
        folder, candidates = self._candidates()
        others = [c for c in candidates if not c.current]
        if host.session.doc.kind is not Kind.department or not others:
            self._ask_report_path([])
            return

        def picked(indices: list[int] | None) -> None:
            if indices is not None:
                self._ask_report_path([others[i] for i in indices])

        self.app.push_screen(RollupPicker(folder, others, False, title=S.REPORT_PICK_TITLE,
                                          hint=S.REPORT_PICK_HINT, minimum=0),
                             picked)

    def _ask_report_path(self, projects: list[Candidate], error: str = "") -> None:
        assert self.host is not None
        session = self.host.session
        stem = session.path.stem if session.path is not None else S.UNTITLED
        folder = session.path.parent if session.path is not None else Path.cwd()
        # as an export's: never a file this screen did not draft (the name's 2, 3, … then)
        suggestion = unwritten_name(folder / f"{stem}{S.REPORT_NAME_SUFFIX}.docx", "",
                                    lambda p: p.absolute() in self.reports)
        if error:
            self._notify(error, "error", 10)

        def chosen(path: Path | None) -> None:
            if path is not None and self._idle():
                self._write_report(path, projects)

        self.app.push_screen(SaveAsDialog(str(suggestion), title=S.REPORT_PATH_TITLE, suffix=".docx",
                                          prompt=S.REPORT_PATH_PROMPT), chosen)

    def _write_report(self, path: Path, projects: list[Candidate]) -> None:
        assert self.host is not None
        session = self.host.session
        doc, result = session.doc, session.result
        source = session.path  # the report is no more readable than the form

        def work() -> Any:
            from exchange.export import ExportError
            from exchange.report import write_report

            try:
                docs = [(c.label, load_document(c.path)) for c in projects if c.path is not None]
                return write_report(doc, path, docs, overwrite=True, result=result, source=source)
            except DocumentError as err:
                return S.REPORT_FAILED.format(
                    reason=one_line(err.summary(3, places=True)))
            except (ExportError, ValueError) as err:
                return S.REPORT_FAILED.format(reason=one_line(str(err)))
            except OSError as exc:
                return S.REPORT_FAILED.format(reason=os_reason(exc))
            except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
                return _unexpected(exc)

        def done(outcome: Any) -> None:
            if isinstance(outcome, str):
                self.app.call_after_refresh(self._ask_report_path, projects, outcome)
                return
            self.reports.add(outcome.path.absolute())
            self._notify(S.REPORT_DONE.format(
                path=one_line(str(outcome.path.absolute())), total=number(outcome.result.total),
                grade=outcome.result.grade, items=outcome.items,
                placeholders=outcome.placeholders), timeout=10)

        self._in_thread(S.REPORT_BUSY, work, done)


def rollup_report(chosen: list[Candidate], current: Document, dirty: bool) -> Text:
    """Load the chosen forms (the open one as shown: `current`, with unsaved
    changes when `dirty`) and roll them up. Safe in a thread."""
    from exchange.rollup import format_rollup, pick_department, rollup

    docs: list[tuple[str, Document]] = []
    failed: list[tuple[str, DocumentError]] = []
    for c in chosen:
        if c.current:
            docs.append((c.label, current))
            continue
        assert c.path is not None
        try:
            docs.append((c.label, load_document(c.path)))
        except DocumentError as err:
            failed.append((c.label, err))
    text = Text()
    if failed:
        text.append(S.ROLLUP_FAILED_HEAD + "\n", style="bold red")
        for label, err in failed:
            text.append("✗ " + one_line(label) + "\n", style="bold")
            text.append_text(problem_list(err))
            text.append("\n")
        text.append("\n")
    try:
        (dept_label, dept), projects = pick_department(docs)
    except ValueError as err:
        text.append(one_line(str(err)), style="bold red")
        return text
    if not projects:
        text.append(S.ROLLUP_NO_PROJECTS, style="bold red")
        return text
    if dirty and any(c.current for c in chosen):
        text.append(S.ROLLUP_UNSAVED_NOTE + "\n\n", style="yellow")
    report = rollup(dept, projects, department_source=dept_label)
    for line in format_rollup(report).rstrip("\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("✗"):
            style = "bold red"
        elif stripped.startswith("✓"):
            style = "green"
        elif line and not line.startswith(" ") and line.endswith("：") or line.startswith("部门汇总") \
                or line.startswith("按资金加权平均得分"):
            style = "bold"
        else:
            style = ""
        text.append(inert(line) + "\n", style=style)
    return text


def import_report(request: ImportRequest, result: Any) -> Text:
    """What an import made (exchange.importer.ImportResult) and every note."""
    doc = result.document
    text = Text(S.IMPORT_SUMMARY.format(source=one_line(str(request.source)),
                                        path=one_line(str(request.out)), goals=len(doc.goals),
                                        indicators=sum(1 for _ in doc.iter_indicators())), style="bold")
    if result.restored:
        text.append("\n" + S.IMPORT_RESTORED)
    text.append("\n\n")
    if result.notes:
        text.append(S.IMPORT_NOTES_HEAD.format(count=len(result.notes), warnings=len(result.warnings)) + "\n")
        text.append_text(notes_text(result.notes))
    else:
        text.append(S.IMPORT_NO_NOTES)
    return text
