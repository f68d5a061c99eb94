"""The start screen (`jixiao` without a file): recent files, the sample
forms, new from a template, import, or a path typed in. It only says what
was chosen (`OpenFile`, `NewFromTemplate`, `NextYearFrom`, `ImportChosen`);
the app acts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from model.storage import format_age, list_recoveries
from model.templates import read_title, sample_files, template_files

from .. import strings as S
from ..text import one_line

class StartScreen(Screen[None]):
    DEFAULT_CSS = """
    StartScreen { align: center top; }
    StartScreen > Vertical { width: 100; max-width: 100%; height: 1fr; padding: 0 1; }
    StartScreen .title { text-style: bold; margin: 1 0 0 0; }
    StartScreen #choices { height: 1fr; border: round $accent;
                           text-wrap: nowrap; text-overflow: ellipsis; }
    StartScreen #open-path { margin: 0 0 0 0; }
    StartScreen .hint { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "back", S.CANCEL, show=False),
                Binding("n", "next_year", S.START_NEXT_YEAR_KEY)]

    @dataclass
    class OpenFile(Message):
        path: Path

    @dataclass
    class NewFromTemplate(Message):
        path: Path

    @dataclass
    class NextYearFrom(Message):
        """Next year's form from this one (`n` on a form: jixiao new --from)."""

        path: Path

    class ImportChosen(Message):
        """从表格导入 was chosen."""

    def __init__(self, recent: list[str], *, can_go_back: bool = False) -> None:
        super().__init__()
        self.recent = recent
        self.can_go_back = can_go_back
        self.targets: dict[str, tuple[str, Path]] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(S.START_TITLE, classes="title")
            yield Static(S.START_HINT, classes="hint")
            yield OptionList(*self._options(), id="choices")
            yield Label(S.START_OPEN_PROMPT)
            yield Input(placeholder=S.START_OPEN_PLACEHOLDER, id="open-path", compact=True)
        yield Footer()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        counter = 0

        def add(kind: str, path: Path, prompt: Text) -> None:
            nonlocal counter
            key = f"item{counter}"
            counter += 1
            self.targets[key] = (kind, path)
            options.append(Option(prompt, id=key))

        unsaved = self._unsaved()
        if unsaved:
            options.append(Option(Text(S.START_UNSAVED, style="bold yellow"), disabled=True))
        for recovery in unsaved:
            prompt = Text("  " + one_line(recovery.form.name))
            prompt.append("  " + S.START_UNSAVED_AGE.format(age=format_age(recovery.age)),
                          style="yellow")
            prompt.append("  " + one_line(str(recovery.form.parent)), style="dim")
            add("open", recovery.form, prompt)
        options.append(Option(Text(S.START_RECENT, style="bold"), disabled=True))
        if not self.recent:
            options.append(Option(Text("  " + S.START_NONE, style="dim"), disabled=True))
        for item in self.recent:
            path = Path(item)
            prompt = Text("  " + one_line(path.name))
            prompt.append("  " + one_line(str(path.parent)), style="dim")
            if not path.exists():
                prompt.append(" " + S.START_MISSING, style="red")
            add("open", path, prompt)
        options.append(Option(Text(S.START_SAMPLES, style="bold"), disabled=True))
        samples = sample_files()
        if not samples:
            options.append(Option(Text("  " + S.START_NONE, style="dim"), disabled=True))
        for path in samples:
            prompt = Text("  " + one_line(path.name))
            title = read_title(path)
            if title:
                prompt.append("  " + one_line(title), style="dim")
            add("open", path, prompt)
        options.append(Option(Text(S.START_TEMPLATES, style="bold"), disabled=True))
        templates = template_files()
        if not templates:
            options.append(Option(Text("  " + S.START_NONE, style="dim"), disabled=True))
        for _, description, path in templates:
            add("new", path, Text("  " + S.START_TEMPLATE_ITEM.format(name=one_line(description))))
        options.append(Option(Text(S.START_IMPORT_HEAD, style="bold"), disabled=True))
        add("import", Path(), Text("  " + S.START_IMPORT))
        return options

    @staticmethod
    def _unsaved() -> list:
        """Forms with unsaved work a crash left behind (opening one offers it)."""
        try:
            return [r for r in list_recoveries() if not r.from_live_session][:5]
        except Exception:  # noqa: BLE001 - a broken state folder must not stop the start
            return []

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.focus()
        for index in range(choices.option_count):
            if not choices.get_option_at_index(index).disabled:
                choices.highlighted = index
                break

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self.targets.get(event.option.id or "")
        if target is None:
            return
        kind, path = target
        if kind == "import":
            self.post_message(self.ImportChosen())
        elif kind == "new":
            self.post_message(self.NewFromTemplate(path))
        else:
            self.post_message(self.OpenFile(path))

    @on(Input.Submitted, "#open-path")
    def _typed_path(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.OpenFile(Path(text).expanduser()))

    def action_next_year(self) -> None:
        """`n` on a recent or sample form: next year's form from it."""
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is None or not choices.has_focus:
            return
        option = choices.get_option_at_index(choices.highlighted)
        kind, path = self.targets.get(option.id or "", ("", Path()))
        if kind == "open":
            self.post_message(self.NextYearFrom(path))
        else:
            self.notify(S.START_NEXT_YEAR_WHERE, timeout=4)

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)
