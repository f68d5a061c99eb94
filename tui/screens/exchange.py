"""Export, import, pasted rows and the department roll-up, in the app.

The work itself is done by `exchange/` (export_document, import_file,
parse_pasted_rows / add_rows, rollup / format_rollup); this module only asks
the person (format, paths, which files), shows what came back, and hands
the results to the session or the app:

- `export_form(main)`       F6: format and path, asks before overwriting.
- `import_form(app)`        F7 / start screen: file in, .toml out, the report,
                            then the new form opens (after `main.leave`).
- `paste_into_tree(main, text)`  bracketed paste in the navigator: the rows
                            are added as one undoable step (`Session.apply`).
- `rollup_form(main)`       F8: pick forms of the folder, show the roll-up.
- `show_last_report(main)`  F9: the notes of the last import or paste again.

Every path and every piece of user text is shown as Rich `Text` (never
markup); every failure is a Chinese message, never a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from model import Document, DocumentError, load_document

from .. import strings as S
from ..session import Address, CannotEdit, os_reason
from ..text import clip, inert, number, one_line
from .dialogs import Choice, ChoiceDialog, select_file_name

if TYPE_CHECKING:  # pragma: no cover
    from exchange.notes import Note

    from .main import MainScreen

FORMATS = ("xlsx", "csv", "md")
IMPORT_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".tab")
NOTIFY_NOTES = 2  # notes quoted in the paste notification


def _notify(app, message: str, severity: str = "information", timeout: float = 6) -> None:
    app.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]


def _path(text: str) -> Path:
    return Path(text.strip()).expanduser()


def _check_target(path: Path) -> str | None:
    """Why a file cannot be written there (Chinese), or None."""
    if path.is_dir():
        return S.EXCHANGE_IS_DIR
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return S.EXCHANGE_NO_FOLDER.format(folder=one_line(str(folder)))
    return None


def _confirm_overwrite(app, question: str, then: Callable[[], None]) -> None:
    def answered(choice: str | None) -> None:
        if choice == "overwrite":
            then()

    app.push_screen(ChoiceDialog(S.SAVE_AS_TITLE, question, [
        Choice("overwrite", S.EXPORT_OVERWRITE, "y", "warning"),
        Choice("cancel", S.DELETE_CANCEL, "n"),
    ]), answered)


# ---------------------------------------------------------------------------
# A scrollable report: import notes, paste notes, the roll-up


def notes_text(notes: list[Note]) -> Text:
    """Every note on its own line: place, kind, message, and the original text."""
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


class ReportScreen(ModalScreen[None]):
    """A title, and a body that scrolls with the keys; Esc (or Enter, q) closes."""

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > Vertical {
        width: 110; max-width: 100%; height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ReportScreen .title { text-style: bold; width: 100%; }
    ReportScreen #report-body { height: 1fr; }
    ReportScreen .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape,enter,q", "close", S.CANCEL, show=False)]

    def __init__(self, title: str, body: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="title")
            with VerticalScroll(id="report-body"):
                yield Static(self.body, id="report-text")
            yield Label(S.REPORT_CLOSE_HINT, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @property
    def plain(self) -> str:
        return self.body.plain


def _remember_report(main: Any, title: str, body: Text) -> None:
    main._exchange_report = (title, body)


def show_last_report(main: MainScreen) -> None:
    report = getattr(main, "_exchange_report", None)
    if report is None:
        _notify(main.app, S.NO_REPORT, timeout=3)
        return
    main.app.push_screen(ReportScreen(*report, id="exchange-report"))


# ---------------------------------------------------------------------------
# Export


def default_export_path(main: MainScreen, fmt: str) -> Path:
    path = main.session.path
    if path is None:
        return Path.cwd() / f"{S.UNTITLED}.{fmt}"
    return path.with_suffix(f".{fmt}")


class ExportDialog(ModalScreen[Path | None]):
    """Format and path; exports on Enter and stays open on an error."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ExportDialog .title { text-style: bold; }
    ExportDialog #export-format { height: 3; border: none; padding: 0; }
    ExportDialog .warning { color: $warning; }
    ExportDialog .error { color: $error; }
    ExportDialog .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, main: MainScreen) -> None:
        super().__init__(id="export-dialog")
        self.main = main

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.EXPORT_TITLE, classes="title")
            yield Label(S.EXPORT_FORMAT_PROMPT)
            yield OptionList(*(Option(S.EXPORT_FORMATS[f], id=f) for f in FORMATS), id="export-format",
                             compact=True)
            yield Label(S.EXPORT_PATH_PROMPT)
            yield Input(str(default_export_path(self.main, "xlsx")), id="export-path", compact=True,
                        select_on_focus=False)
            if self.main.session.whatif:
                yield Static(S.EXPORT_WHATIF, classes="warning")
            yield Static("", id="export-error", classes="error")
            yield Label(S.EXPORT_HINT, classes="hint")

    def on_mount(self) -> None:
        formats = self.query_one("#export-format", OptionList)
        formats.highlighted = 0
        formats.focus()

    @property
    def fmt(self) -> str:
        formats = self.query_one("#export-format", OptionList)
        return FORMATS[formats.highlighted or 0]

    @on(OptionList.OptionHighlighted, "#export-format")
    def _format_moved(self, event: OptionList.OptionHighlighted) -> None:
        field = self.query_one("#export-path", Input)
        path = _path(field.value) if field.value.strip() else default_export_path(self.main, self.fmt)
        if path.suffix.lower().lstrip(".") in FORMATS + ("markdown",) or not path.suffix:
            field.value = str(path.with_suffix("." + self.fmt))
            field.cursor_position = len(field.value)

    @on(OptionList.OptionSelected, "#export-format")
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        field = self.query_one("#export-path", Input)
        field.focus()
        select_file_name(field)

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._error(S.EXCHANGE_EMPTY_PATH)
            return
        path = _path(event.value)
        if not path.suffix:
            path = path.with_suffix("." + self.fmt)
        problem = _check_target(path)
        if problem:
            self._error(problem)
            return
        if path.exists():
            _confirm_overwrite(self.app, S.EXPORT_EXISTS.format(path=one_line(str(path))),
                               lambda: self._export(path, overwrite=True))
            return
        self._export(path, overwrite=False)

    def _export(self, path: Path, *, overwrite: bool) -> None:
        from exchange.export import ExportError, export_document
        from exchange.layout import has_scores

        session = self.main.session
        try:
            done = export_document(session.doc, path, self.fmt, overwrite=overwrite, result=session.result)
        except ExportError as err:
            self._error(S.EXPORT_FAILED.format(reason=one_line(str(err))))
            return
        except OSError as exc:
            self._error(S.EXPORT_FAILED.format(reason=os_reason(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
            self._error(S.EXCHANGE_UNEXPECTED.format(error=f"{type(exc).__name__}: {one_line(str(exc))[:200]}"))
            return
        result = done.result
        total = (S.EXPORT_TOTAL.format(total=number(result.total), grade=result.grade) if has_scores(result)
                 else S.EXPORT_NO_SCORES)
        message = S.EXPORT_DONE.format(label=S.EXPORT_LABELS[done.fmt], path=one_line(str(done.path.absolute())),
                                       total=total)
        if session.whatif:
            message += S.EXPORT_DONE_WHATIF
        _notify(self.app, message, timeout=8)
        self.dismiss(done.path)

    def action_cancel(self) -> None:
        self.dismiss(None)


def export_form(main: MainScreen) -> None:
    for spec, _text, message in main.editor.pending_errors():
        _notify(main.app, S.EXPORT_FIELD_LEFT_OUT.format(label=spec.label, message=message), "warning")
    main.app.push_screen(ExportDialog(main))


# ---------------------------------------------------------------------------
# Import


@dataclass
class Imported:
    source: Path
    path: Path
    result: Any  # exchange.importer.ImportResult


class ImportDialog(ModalScreen[Imported | None]):
    """Input file and the .toml to create; imports on Enter, stays open on an error."""

    DEFAULT_CSS = """
    ImportDialog { align: center middle; }
    ImportDialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ImportDialog .title { text-style: bold; }
    ImportDialog .error { color: $error; }
    ImportDialog .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, folder: Path | None, open_path: Path | None) -> None:
        super().__init__(id="import-dialog")
        self.folder = folder
        self.open_path = open_path
        self._out_typed = False  # the person edited the output path: leave it alone
        self._auto_out: set[str] = set()  # output paths filled in from the input path

    def compose(self) -> ComposeResult:
        start = (str(self.folder) + os.sep) if self.folder is not None else ""
        with Vertical():
            yield Label(S.IMPORT_TITLE, classes="title")
            yield Label(S.IMPORT_IN_PROMPT)
            yield Input(start, placeholder=S.IMPORT_IN_PLACEHOLDER, id="import-in", compact=True)
            yield Label(S.IMPORT_OUT_PROMPT)
            yield Input("", id="import-out", compact=True)
            yield Static("", id="import-error", classes="error")
            yield Label(S.IMPORT_HINT, classes="hint")

    def on_mount(self) -> None:
        field = self.query_one("#import-in", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Changed, "#import-in")
    def _input_changed(self, event: Input.Changed) -> None:
        if self._out_typed or not event.value.strip():
            return
        source = _path(event.value)
        if not source.suffix:
            return
        value = str(source.with_suffix(".toml"))
        self._auto_out.add(value)
        self.query_one("#import-out", Input).value = value

    @on(Input.Changed, "#import-out")
    def _output_changed(self, event: Input.Changed) -> None:
        # (Changed arrives after later assignments may have happened: compare values)
        if event.value and event.value not in self._auto_out:
            self._out_typed = True

    def _error(self, message: str) -> None:
        self.query_one("#import-error", Static).update(Text(message))

    @on(Input.Submitted, "#import-in")
    def _in_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._check_source() is not None:
            out = self.query_one("#import-out", Input)
            out.focus()
            out.cursor_position = len(out.value)

    def _check_source(self) -> Path | None:
        text = self.query_one("#import-in", Input).value
        if not text.strip():
            self._error(S.EXCHANGE_EMPTY_PATH)
            return None
        source = _path(text)
        if source.suffix.lower() == ".xls":
            pass  # the importer explains how to save as .xlsx
        elif not source.exists():
            self._error(S.IMPORT_MISSING.format(path=one_line(str(source))))
            return None
        elif source.is_dir():
            self._error(S.EXCHANGE_IS_DIR)
            return None
        elif source.suffix.lower() not in IMPORT_SUFFIXES:
            self._error(S.IMPORT_SUFFIX)
            return None
        self._error("")
        return source

    @on(Input.Submitted, "#import-out")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        source = self._check_source()
        if source is None:
            self.query_one("#import-in", Input).focus()
            return
        if not event.value.strip():
            self._error(S.EXCHANGE_EMPTY_PATH)
            return
        out = _path(event.value)
        if not out.suffix:
            out = out.with_suffix(".toml")
        if out.suffix.lower() != ".toml":
            self._error(S.IMPORT_OUT_SUFFIX)
            return
        problem = _check_target(out)
        if problem:
            self._error(problem)
            return
        if self.open_path is not None and _same_file(out, self.open_path):
            self._error(S.IMPORT_OUT_IS_OPEN)
            return
        if out.exists():
            _confirm_overwrite(self.app, S.IMPORT_EXISTS.format(path=one_line(str(out))),
                               lambda: self._import(source, out))
            return
        self._import(source, out)

    def _import(self, source: Path, out: Path) -> None:
        from exchange.importer import ImportFailed, import_file
        from model.files import save_document

        try:
            result = import_file(source)
        except ImportFailed as err:
            self._error(one_line(str(err)))
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
            self._error(S.EXCHANGE_UNEXPECTED.format(error=f"{type(exc).__name__}: {one_line(str(exc))[:200]}"))
            return
        if result.empty:
            self._error(S.IMPORT_EMPTY)
            return
        try:
            save_document(result.document, out)
        except OSError as exc:
            self._error(S.IMPORT_WRITE_FAILED.format(path=one_line(str(out)), reason=os_reason(exc)))
            return
        self.dismiss(Imported(source, out, result))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def import_report(done: Imported) -> Text:
    result = done.result
    doc = result.document
    text = Text(S.IMPORT_SUMMARY.format(source=one_line(str(done.source)), path=one_line(str(done.path)),
                                        goals=len(doc.goals),
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


def import_form(app, *, from_start: bool = False) -> None:
    """Ask for the files, import, show the report, then open the new form."""
    main = app.main
    session = main.session if main is not None else None
    folder = session.path.parent if session is not None and session.path is not None else Path.cwd()

    def imported(done: Imported | None) -> None:
        if done is None:
            return
        body = import_report(done)
        if main is not None:
            _remember_report(main, S.IMPORT_REPORT_TITLE, body)

        def open_it() -> None:
            app.open_path(done.path)

        def closed(_: None) -> None:
            if main is not None and not from_start and main.is_attached:
                main.leave(open_it)  # asks about unsaved changes first
            else:
                open_it()

        app.push_screen(ReportScreen(S.IMPORT_REPORT_TITLE, body, id="import-report"), closed)

    app.push_screen(ImportDialog(folder, session.path if session is not None else None), imported)


# ---------------------------------------------------------------------------
# Pasted rows in the navigator


def paste_into_tree(main: MainScreen, text: str) -> None:
    """Add the rows of a pasted table under the selected node, as one undoable step."""
    from exchange.paste import PasteError, add_rows, parse_pasted_rows

    app = main.app
    if "\t" not in text:
        _notify(app, S.PASTE_NOT_TABLE, "warning", 8)
        return
    session = main.session
    address = main.current
    if address.section != "goals" and session.doc.goals:
        _notify(app, S.PASTE_WHERE, "warning", 8)
        return
    try:
        pasted = parse_pasted_rows(text)
    except PasteError as err:
        _notify(app, one_line(str(err)), "warning", 8)
        return
    lines = len(text.strip("\r\n").splitlines())
    at = address.path if address.section == "goals" else (0,)
    after, paths = add_rows(session.doc, pasted.rows, at=at)
    count = len(paths)
    categories = sum(1 for r in pasted.rows if r.indicator is None)
    body = Text(S.PASTE_REPORT_SUMMARY.format(lines=lines, count=count), style="bold")
    if pasted.notes:
        body.append("\n\n")
        body.append_text(notes_text(pasted.notes))
    _remember_report(main, S.PASTE_REPORT_TITLE, body)
    try:
        step = session.apply(after, S.PASTE_LABEL.format(count=count), address)
    except CannotEdit as exc:  # read-only: someone else is editing the form
        _notify(app, exc.message, "warning", 8)
        return
    if step is None:
        message = S.PASTE_NOTHING
        if pasted.notes:
            message += S.PASTE_SEE_ALL
        _notify(app, message, "warning", 8)
        return
    select = Address("goals", paths[0]) if paths else address
    main._after_change(select=select)
    main._keep_recovery(True)  # pasted rows are kept at once, like any structure edit
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
    _notify(app, message, "warning" if warnings else "information", 10 if warnings else 6)


# ---------------------------------------------------------------------------
# Department roll-up


@dataclass
class Candidate:
    label: str
    path: Path | None
    current: bool


def rollup_candidates(main: MainScreen) -> tuple[Path, list[Candidate]]:
    session = main.session
    folder = session.path.parent if session.path is not None else Path.cwd()
    out: list[Candidate] = []
    if session.path is None:
        out.append(Candidate(session.name, None, True))
    try:
        files = sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError:
        files = []
    for path in files:
        current = session.path is not None and _same_file(path, session.path)
        out.append(Candidate(path.name, path, current))
    return folder, out


class PickList(SelectionList[int]):
    """Space toggles; Enter asks the screen to go on (not toggle)."""

    BINDINGS = [Binding("enter", "screen.confirm", S.YES, show=False)]


class RollupPicker(ModalScreen[list[int] | None]):
    DEFAULT_CSS = """
    RollupPicker { align: center middle; }
    RollupPicker > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    RollupPicker .title { text-style: bold; }
    RollupPicker #rollup-files { height: auto; max-height: 16; }
    RollupPicker .error { color: $error; }
    RollupPicker .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    def __init__(self, folder: Path, candidates: list[Candidate], dirty: bool) -> None:
        super().__init__(id="rollup-picker")
        self.folder = folder
        self.candidates = candidates
        self.dirty = dirty

    def compose(self) -> ComposeResult:
        from model.templates import read_title

        selections = []
        for index, c in enumerate(self.candidates):
            prompt = Text(one_line(c.label))
            if c.current:
                prompt.append(S.ROLLUP_CURRENT.format(dirty=S.ROLLUP_CURRENT_DIRTY if self.dirty else ""),
                              style="bold")
            title = read_title(c.path) if c.path is not None else ""
            if title:
                prompt.append("  " + one_line(title), style="dim")
            selections.append(Selection(prompt, index, c.current))
        with Vertical():
            yield Label(S.ROLLUP_PICK_TITLE, classes="title")
            yield Label(Text(S.ROLLUP_FOLDER.format(folder=one_line(str(self.folder)))), classes="hint")
            yield PickList(*selections, id="rollup-files", compact=True)
            yield Static("", id="rollup-error", classes="error")
            yield Label(S.ROLLUP_PICK_HINT, classes="hint")

    def on_mount(self) -> None:
        picks = self.query_one("#rollup-files", PickList)
        picks.highlighted = next((i for i, c in enumerate(self.candidates) if c.current), 0)
        picks.focus()

    def action_confirm(self) -> None:
        chosen = list(self.query_one("#rollup-files", PickList).selected)
        if len(chosen) < 2:
            self.query_one("#rollup-error", Static).update(S.ROLLUP_NONE_SELECTED)
            return
        self.dismiss(sorted(chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)


def rollup_report(main: MainScreen, chosen: list[Candidate]) -> Text:
    """Load the chosen forms (the open one as shown) and roll them up."""
    from exchange.rollup import format_rollup, pick_department, rollup

    from .load_error import problems_text

    session = main.session
    docs: list[tuple[str, Document]] = []
    failed: list[tuple[str, DocumentError]] = []
    for c in chosen:
        if c.current:
            docs.append((c.label, session.doc))
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
            text.append_text(problems_text(err))
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
    if session.dirty and any(c.current for c in chosen):
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


def rollup_form(main: MainScreen) -> None:
    folder, candidates = rollup_candidates(main)
    if not candidates:
        _notify(main.app, S.ROLLUP_NO_FORMS, "warning")
        return

    def picked(indices: list[int] | None) -> None:
        if indices is None:
            return
        try:
            body = rollup_report(main, [candidates[i] for i in indices])
        except Exception as exc:  # noqa: BLE001 - never a traceback in front of the person
            body = Text(S.EXCHANGE_UNEXPECTED.format(error=f"{type(exc).__name__}: {one_line(str(exc))[:200]}"))
        main.app.push_screen(ReportScreen(S.ROLLUP_TITLE, body, id="rollup-report"))

    main.app.push_screen(RollupPicker(folder, candidates, main.session.dirty), picked)


__all__ = [
    "ExportDialog", "ImportDialog", "ReportScreen", "RollupPicker", "export_form", "import_form",
    "paste_into_tree", "rollup_form", "show_last_report", "notes_text",
]
