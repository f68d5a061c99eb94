"""The dialogs of export, import and the department roll-up.

They only ask: each checks what it can before dismissing (a path typed,
its folder there, overwrite confirmed) and dismisses with what the person
chose. The work is done by the screen's exchange controller
(`tui.controllers.exchange`), which opens a dialog again, with the reason,
when the work fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from .. import strings as S
from ..text import one_line
from .base import Choice, ChoiceDialog, Dialog, destination_problem, select_file_name

__all__ = [
    "FORMATS", "ExportRequest", "ExportDialog", "ImportRequest", "ImportDialog",
    "Candidate", "RollupPicker", "same_file",
]

FORMATS = ("xlsx", "docx", "csv", "md")


def _path(text: str) -> Path:
    return Path(text.strip()).expanduser()


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _confirm_overwrite(dialog: Dialog, question: str, then) -> None:
    def answered(choice: str | None) -> None:
        if choice == "overwrite":
            then()

    dialog.app.push_screen(ChoiceDialog(S.SAVE_AS_TITLE, question, [
        Choice("overwrite", S.EXPORT_OVERWRITE, "y", "warning"),
        Choice("cancel", S.DELETE_CANCEL, "n"),
    ]), answered)


# ---------------------------------------------------------------------------
# Export


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    overwrite: bool


class ExportDialog(Dialog[ExportRequest | None]):
    """Format and path. `path` is the proposal for the first format; after a
    failed export the dialog comes back with the same choice and the reason."""

    DEFAULT_CSS = """
    ExportDialog #export-format { height: 4; border: none; padding: 0; }
    """

    def __init__(self, path: Path, *, whatif: bool, fmt: str = FORMATS[0], error: str = "",
                 propose: Callable[[str], Path] | None = None,
                 written: Callable[[Path], bool] | None = None) -> None:
        super().__init__(id="export-dialog")
        self.proposed = path
        self.whatif = whatif
        self.initial_fmt = fmt
        self.error = error
        # the owner's proposal for a format (never a file the export did not write), and
        # whether a file is one this editing session exported
        self.propose = propose
        self.written = written or (lambda _path: False)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.EXPORT_TITLE, classes="title")
            yield Label(S.EXPORT_FORMAT_PROMPT)
            yield OptionList(*(Option(S.EXPORT_FORMATS[f], id=f) for f in FORMATS), id="export-format",
                             compact=True)
            yield Label(S.EXPORT_PATH_PROMPT)
            yield Input(str(self.proposed), id="export-path", compact=True, select_on_focus=False)
            if self.whatif:
                yield Static(S.EXPORT_WHATIF, classes="warning")
            yield Static(Text(self.error), id="export-error", classes="error")
            yield Label(S.EXPORT_HINT, classes="hint")

    def on_mount(self) -> None:
        formats = self.query_one("#export-format", OptionList)
        formats.highlighted = FORMATS.index(self.initial_fmt)
        if self.error:  # back after a failure: on the path, to change it
            field = self.query_one("#export-path", Input)
            field.focus()
            field.cursor_position = len(field.value)
        else:
            formats.focus()

    @property
    def fmt(self) -> str:
        formats = self.query_one("#export-format", OptionList)
        return FORMATS[formats.highlighted or 0]

    @on(OptionList.OptionHighlighted, "#export-format")
    def _format_moved(self, event: OptionList.OptionHighlighted) -> None:
        field = self.query_one("#export-path", Input)
        if self.propose is not None and field.value.strip() in ("", str(self.proposed)):
            self.proposed = self.propose(self.fmt)  # not typed over: the proposal for this format
            field.value = str(self.proposed)
            field.cursor_position = len(field.value)
            return
        path = _path(field.value) if field.value.strip() else self.proposed
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
        problem = destination_problem(path)
        if problem:
            self._error(problem)
            return
        fmt = self.fmt
        if path.exists():
            question = S.EXPORT_EXISTS if self.written(path) else S.EXPORT_EXISTS_FOREIGN
            _confirm_overwrite(self, question.format(path=one_line(str(path))),
                               lambda: self.dismiss(ExportRequest(fmt, path, overwrite=True)))
            return
        self.dismiss(ExportRequest(fmt, path, overwrite=False))


# ---------------------------------------------------------------------------
# Import


@dataclass(frozen=True)
class ImportRequest:
    source: Path
    out: Path


class ImportDialog(Dialog[ImportRequest | None]):
    """The file to import and the .toml to create. After a failed import the
    dialog comes back with the same paths and the reason."""

    def __init__(self, folder: Path | None, open_path: Path | None, *,
                 request: ImportRequest | None = None, error: str = "") -> None:
        super().__init__(id="import-dialog")
        self.folder = folder
        self.open_path = open_path
        self.request = request
        self.error = error
        self._out_typed = request is not None  # the person chose the output: leave it alone
        self._auto_out: set[str] = set()  # output paths filled in from the input path

    def compose(self) -> ComposeResult:
        if self.request is not None:
            source, out = str(self.request.source), str(self.request.out)
        else:
            source, out = (str(self.folder) + os.sep) if self.folder is not None else "", ""
        with Vertical():
            yield Label(S.IMPORT_TITLE, classes="title")
            yield Label(S.IMPORT_IN_PROMPT)
            yield Input(source, placeholder=S.IMPORT_IN_PLACEHOLDER, id="import-in", compact=True)
            yield Label(S.IMPORT_OUT_PROMPT)
            yield Input(out, id="import-out", compact=True)
            yield Static(Text(self.error), id="import-error", classes="error")
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
        from exchange.importer import REFUSED, SUFFIXES

        source = _path(text)
        if not source.exists():
            self._error(S.IMPORT_MISSING.format(path=one_line(str(source))))
            return None
        elif source.is_dir():
            self._error(S.DEST_IS_DIR)
            return None
        elif source.suffix.lower() not in SUFFIXES and source.suffix.lower() not in REFUSED:
            self._error(S.IMPORT_SUFFIX)  # (.doc, .wps, .pdf: the importer says what to do)
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
        problem = destination_problem(out)
        if problem:
            self._error(problem)
            return
        if self.open_path is not None and same_file(out, self.open_path):
            self._error(S.IMPORT_OUT_IS_OPEN)
            return
        request = ImportRequest(source, out)
        if out.exists():
            _confirm_overwrite(self, S.IMPORT_EXISTS.format(path=one_line(str(out))),
                               lambda: self.dismiss(request))
            return
        self.dismiss(request)


# ---------------------------------------------------------------------------
# Roll-up


@dataclass(frozen=True)
class Candidate:
    """A form the roll-up may take: a file of the folder, or the open form."""

    label: str
    path: Path | None
    current: bool
    title: str = ""


class PickList(SelectionList[int]):
    """Space toggles; Enter asks the screen to go on (not toggle). Each
    line starts with `[x]` or `[ ]`: ticked and unticked differ in shape,
    not only in colour (a monochrome screen, colour-blind eyes)."""

    BINDINGS = [Binding("enter", "screen.confirm", S.YES, show=False)]

    def render_line(self, y: int) -> Strip:
        # the option list's line, with our mark in the gutter the selection
        # list keeps for its button (4 cells: `[x] `)
        line = OptionList.render_line(self, y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        ticked = option.value in self.selected
        style = next(iter(line)).style or self.rich_style
        mark = Segment(S.TICKED if ticked else S.UNTICKED, style + Style(bold=ticked))
        return Strip([mark, Segment(" ", style), *line])


class RollupPicker(Dialog[list[int] | None]):
    """Which forms of the folder to take; dismisses with their indices. The
    roll-up needs at least two; the report's project forms may be none."""

    DEFAULT_CSS = """
    RollupPicker > Vertical { width: 90; }
    RollupPicker #rollup-files { height: auto; max-height: 16; }
    """

    def __init__(self, folder: Path, candidates: list[Candidate], dirty: bool, *,
                 title: str = S.ROLLUP_PICK_TITLE, hint: str = S.ROLLUP_PICK_HINT, minimum: int = 2) -> None:
        super().__init__(id="rollup-picker")
        self.folder = folder
        self.candidates = candidates
        self.dirty = dirty
        self.title_text = title
        self.hint = hint
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        selections = []
        for index, c in enumerate(self.candidates):
            prompt = Text(one_line(c.label))
            if c.current:
                prompt.append(S.ROLLUP_CURRENT.format(dirty=S.ROLLUP_CURRENT_DIRTY if self.dirty else ""),
                              style="bold")
            if c.title:
                prompt.append("  " + one_line(c.title), style="dim")
            selections.append(Selection(prompt, index, c.current))
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Label(Text(S.ROLLUP_FOLDER.format(folder=one_line(str(self.folder)))), classes="hint")
            yield PickList(*selections, id="rollup-files", compact=True)
            yield Static("", id="rollup-error", classes="error")
            yield Label(self.hint, classes="hint")

    def on_mount(self) -> None:
        picks = self.query_one("#rollup-files", PickList)
        picks.highlighted = next((i for i, c in enumerate(self.candidates) if c.current), 0)
        picks.focus()

    def action_confirm(self) -> None:
        chosen = list(self.query_one("#rollup-files", PickList).selected)
        if len(chosen) < self.minimum:
            self.query_one("#rollup-error", Static).update(S.ROLLUP_NONE_SELECTED)
            return
        self.dismiss(sorted(chosen))
