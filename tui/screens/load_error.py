"""A form that cannot be loaded: every problem with its line and place, and
a way on (open another file, or quit). Nothing half-loaded is ever shown."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Label, Static

from model import DocumentError

from .. import strings as S
from ..text import cells, one_line
from ..view import problem_list


class LoadErrorScreen(Screen[str]):
    """Dismisses with "open" (pick another file), "quit", or the id of one of
    the `repairs` offered (put misspelt keys right, convert a GBK file): the
    app does the work."""

    DEFAULT_CSS = """
    LoadErrorScreen > Vertical { padding: 0 1; }
    LoadErrorScreen .title { text-style: bold; color: $error; margin: 1 0 0 0; }
    LoadErrorScreen #problems { height: 1fr; border: round $error; }
    LoadErrorScreen Horizontal { height: auto; }
    LoadErrorScreen Button { margin: 0 1 0 0; }
    LoadErrorScreen Horizontal.-stacked { layout: vertical; }
    LoadErrorScreen .-stacked Button { margin: 0; }
    """
    BUTTON_MIN = 16  # a compact button's least width (Textual's Button min-width)

    BINDINGS = [
        Binding("o", "choose('open')", S.LOAD_ERROR_OTHER, show=False),
        Binding("q,escape", "choose('quit')", S.LOAD_ERROR_QUIT, show=False),
    ]

    def __init__(self, path: str, error: DocumentError, *,
                 repairs: list[tuple[str, str, str]] | None = None, note: str = "") -> None:
        super().__init__()
        self.path = path
        self.error = error
        self.repairs = repairs or []  # (id, label, key)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.LOAD_ERROR_TITLE, classes="title")
            yield Static(Text(S.LOAD_ERROR_INTRO.format(path=one_line(self.path),
                                                        count=len(self.error.problems))))
            if self.note:
                yield Static(Text(self.note), id="repair-note")
            with VerticalScroll(id="problems"):
                yield Static(problem_list(self.error), id="problem-list")
            with Horizontal(id="answers"):
                for repair_id, label, _ in self.repairs:
                    yield Button(label, id=repair_id, variant="warning", compact=True)
                yield Button(S.LOAD_ERROR_OTHER, id="open", variant="primary", compact=True)
                yield Button(S.LOAD_ERROR_QUIT, id="quit", compact=True)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_resize(self, event: events.Resize) -> None:
        """Buttons that do not fit on one line go one per line (a repair's
        label is long: at 80 columns 退出 was cut off the right edge)."""
        labels = [label for _, label, _ in self.repairs] + [S.LOAD_ERROR_OTHER, S.LOAD_ERROR_QUIT]
        wanted = sum(max(cells(label) + 2, self.BUTTON_MIN) + 1 for label in labels)
        self.query_one("#answers", Horizontal).set_class(wanted > event.size.width - 2, "-stacked")

    def on_key(self, event) -> None:
        for repair_id, _, key in self.repairs:
            if event.character == key:
                event.stop()
                self.dismiss(repair_id)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "quit")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
