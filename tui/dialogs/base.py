"""Modal dialogs: the `Dialog` base, a choice among buttons, a file name for
"save as", and a scrollable text to read.

A dialog only collects what the person says and dismisses with it; the
screen that opened it does the work in its callback. Every choice has a
letter key (shown in its button) and Esc cancels, so no dialog needs the
mouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.widgets.input import Selection

from model.oserror import link_target

from .. import strings as S
from ..text import cells, one_line

__all__ = ["Dialog", "Choice", "ChoiceDialog", "SaveAsDialog", "TextDialog", "WeightsDialog",
           "destination_problem", "select_file_name"]

T = TypeVar("T")


class Dialog(ModalScreen[T], Generic[T]):
    """A box in the middle of the screen over the one below; Esc cancels
    (dismisses with None). Subclasses set the box's width in their CSS."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    Dialog .title { text-style: bold; width: 100%; }
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $error; }
    Dialog .warning { color: $warning; }
    """

    BINDINGS = [Binding("escape", "cancel", S.CANCEL, show=False)]

    answered = False
    """The dialog has been answered: what comes after (key repeat, a laggy
    link sending `y y y`) is ignored. Textual's `dismiss` would call the
    owner's callback again and pop the screen below: a blank app, then a
    ScreenStackError."""

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        if self.answered:
            return AwaitComplete(_nothing())
        self.answered = True
        return super().dismiss(result)

    def on_key(self, event: events.Key) -> None:
        # every dialog class's on_key runs (Textual walks the classes); this
        # one stops a key that reaches a dialog already answered
        if self.answered:  # a key still on its way to the dialog
            event.prevent_default()
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)


async def _nothing() -> None:
    return None


def destination_problem(path: Path) -> str | None:
    """Why a file cannot be written at `path` (Chinese), or None: a folder,
    a folder that is not there, or a symbolic link (never written through:
    the person did not choose where it leads)."""
    if path.is_symlink():
        return S.DEST_SYMLINK.format(path=one_line(str(path)), target=one_line(link_target(path)))
    if path.is_dir():
        return S.DEST_IS_DIR
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return S.DEST_NO_FOLDER.format(folder=one_line(str(folder)))
    return None


def select_file_name(field: Input) -> None:
    """Select the file name in a path field, without its folder and its
    extension: what a person types replaces the proposed name and keeps the
    rest (End or Home first to edit instead)."""
    value = field.value
    name = Path(value).name
    stem = Path(name).stem if "." in name.lstrip(".") else name
    start = len(value) - len(name)
    field.selection = Selection(start, start + len(stem))


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    key: str
    variant: str = "default"


class ChoiceDialog(Dialog[str | None]):
    """A question with a few answers; dismisses with the chosen id (None on Esc)."""

    DEFAULT_CSS = """
    ChoiceDialog > Vertical { width: 70; max-width: 96%; max-height: 90%; }
    ChoiceDialog #question-box { height: auto; }
    ChoiceDialog .question { width: 100%; margin: 1 0; }
    ChoiceDialog Horizontal { height: auto; width: 100%; }
    ChoiceDialog Button { margin: 0 1 0 0; min-width: 10; }
    ChoiceDialog Horizontal.-stacked { layout: vertical; }
    ChoiceDialog .-stacked Button { margin: 0; }
    """
    ROOM = 60  # cells for the buttons on one line at 80 columns (the box's inside, less a margin)
    BINDINGS = [Binding("pageup", "scroll_question(-1)", show=False),
                Binding("pagedown", "scroll_question(1)", show=False)]

    def __init__(self, title: str, question: str, choices: list[Choice], *,
                 cancel: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.question = question
        self.choices = choices
        self.cancellable = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="title")
            with VerticalScroll(id="question-box"):
                yield Static(Text(self.question), classes="question")
            # buttons that do not fit on one line at 80 columns go one per line
            wide = sum(cells(c.label) + 3 for c in self.choices) > self.ROOM
            self.button_rows = len(self.choices) if wide else 1
            with Horizontal(classes="-stacked" if wide else ""):
                for choice in self.choices:
                    yield Button(choice.label, id=f"choice-{choice.id}", variant=choice.variant,
                                 compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_resize(self, event: events.Resize) -> None:
        """A long question (a conflict's changes, both sides) scrolls in its
        own box, PageUp / PageDown, so the buttons stay on the screen: the
        box is 90 % of the height, less its border, the title, the
        question's margins and the buttons' rows."""
        room = event.size.height * 9 // 10 - 2 - 1 - 2 - self.button_rows
        self.query_one("#question-box", VerticalScroll).styles.max_height = max(3, room)

    def action_scroll_question(self, pages: int) -> None:
        box = self.query_one("#question-box", VerticalScroll)
        box.scroll_page_down() if pages > 0 else box.scroll_page_up()

    def on_key(self, event) -> None:
        if self.answered:
            return
        for choice in self.choices:
            if event.key == choice.key or event.character == choice.key:
                event.stop()
                self.dismiss(choice.id)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)


class SaveAsDialog(Dialog[Path | None]):
    """Ask for a file name; checks the folder and asks before overwriting.
    Dismisses with the path (always ending in `suffix`, .toml for forms), or None."""

    DEFAULT_CSS = """
    SaveAsDialog > Vertical { width: 76; max-width: 96%; }
    SaveAsDialog Input { margin: 1 0 0 0; }
    """

    def __init__(self, suggestion: str, *, title: str = S.SAVE_AS_TITLE, suffix: str = ".toml",
                 prompt: str | None = None) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.title_text = title
        self.suffix = suffix
        self.prompt = prompt if prompt is not None else S.SAVE_AS_PROMPT.format(suffix=suffix)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Label(self.prompt)
            yield Input(self.suggestion, id="save-as-path", compact=True, select_on_focus=False)
            yield Static("", id="save-as-error", classes="error")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        select_file_name(field)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        error = self.query_one("#save-as-error", Static)
        if not text:
            error.update(S.SAVE_AS_EMPTY)
            return
        path = Path(text).expanduser()
        if path.suffix.lower() != self.suffix and not path.is_dir():
            path = path.with_name(path.name + self.suffix)
        problem = destination_problem(path)
        if problem:
            error.update(Text(problem))
            return
        if path.exists():
            def answered(choice: str | None) -> None:
                if choice == "overwrite":
                    self.dismiss(path)

            self.app.push_screen(ChoiceDialog(self.title_text, S.SAVE_AS_EXISTS.format(path=path), [
                Choice("overwrite", S.SAVE_AS_OVERWRITE, "y", "warning"),
                Choice("cancel", S.DELETE_CANCEL, "n"),
            ]), answered)
            return
        self.dismiss(path)


class TextDialog(Dialog[None]):
    """A text to read that scrolls with the keys (all differences, an import
    report, the roll-up); Esc, Enter or q closes. `tall` fills the screen's
    height (long reports); otherwise the box fits its text."""

    DEFAULT_CSS = """
    TextDialog > Vertical { width: 90; max-width: 98%; max-height: 94%; }
    TextDialog #text-body { height: auto; max-height: 18; }
    TextDialog.-tall > Vertical { width: 110; max-width: 100%; height: 100%; max-height: 100%; }
    TextDialog.-tall #text-body { height: 1fr; max-height: 100%; }
    """

    BINDINGS = [Binding("escape,enter,q", "cancel", S.CANCEL, show=False)]

    def __init__(self, title: str, body: Text | list[str], *, tall: bool = False,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="-tall" if tall else None)
        self.title_text = title
        self.body = body if isinstance(body, Text) else Text("\n".join(body))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text), classes="title")
            with VerticalScroll(id="text-body"):
                yield Static(self.body, id="text")
            yield Label(S.TEXT_DIALOG_CLOSE, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text-body").focus()

    @property
    def plain(self) -> str:
        """The text shown, without styles."""
        return self.body.plain


class WeightsDialog(Dialog["list[Decimal | None] | None"]):
    """The weights as the paper form has them, for a form being made from a
    template: one field per weight above the indicators (the execution, each
    goal and 一级指标; `model.templates.weight_slots`), the template's
    filled in and selected so typing replaces it. Enter goes to the next;
    on the last it is done. Dismisses with the weights in order, or None
    (Esc: the template's as they are)."""

    DEFAULT_CSS = """
    WeightsDialog > Vertical { width: 60; max-width: 96%; }
    WeightsDialog Horizontal { height: 1; }
    WeightsDialog .weight-label { width: 24; }
    WeightsDialog Input { width: 10; }
    WeightsDialog .error { height: auto; }
    """

    def __init__(self, slots: list[tuple[str, object, object]]) -> None:
        super().__init__(id="weights-dialog")
        self.slots = slots

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.WEIGHTS_TITLE, classes="title")
            yield Static(S.WEIGHTS_HINT, classes="hint")
            for index, (name, _, weight) in enumerate(self.slots):
                with Horizontal():
                    yield Label(Text(one_line(name)), classes="weight-label")
                    yield Input("" if weight is None else str(weight), id=f"weight-{index}",
                                restrict=r"[0-9.]*", compact=True, select_on_focus=True)
            yield Static("", id="weights-error", classes="error")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self.query(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
            return
        try:
            weights = [Decimal(f.value) if f.value.strip() else None for f in fields]
        except ArithmeticError:
            self.query_one("#weights-error", Static).update(S.WEIGHTS_BAD)
            return
        self.dismiss(weights)
