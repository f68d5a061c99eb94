"""F1 help: how the screen works and every key, generated from tui/keys.py
(with the person's remapped keys), so nothing can be missing from it."""

from __future__ import annotations

from typing import cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from .. import keys, strings as S
from ..config import keys_file
from ..host import AppHost
from ..dialogs.base import Dialog


_KEY_NAMES = {"escape": "Esc", "enter": "Enter", "space": "Space", "delete": "Delete",
              "left": "←", "right": "→", "up": "↑", "down": "↓", "tab": "Tab", "ctrl": "Ctrl",
              "shift": "Shift", "alt": "Alt"}


def key_text(app, binding: Binding) -> str:
    """The keys that trigger a binding now (after remapping), for people."""
    remapped = cast(AppHost, app).keymap.get(binding.id or "", binding.key)
    shown = []
    for key in remapped.split(","):
        key = key.strip()
        if len(key) == 1:
            shown.append(f"Shift+{key}" if key.isupper() else key)
            continue
        parts = key.split("+")
        words = []
        for part in parts:
            if part in _KEY_NAMES:
                words.append(_KEY_NAMES[part])
            elif len(part) == 1 or (part[:1] == "f" and part[1:].isdigit()):
                words.append(part.upper())
            else:
                words.append(part.capitalize())
        shown.append("+".join(words))
    return " / ".join(shown)


def key_rows(app) -> list[tuple[str, str, str]]:
    """(what, keys, description) for every binding, by group; a group starts
    with its title row (title, "", "") and ends with an empty row."""
    rows: list[tuple[str, str, str]] = []
    for title, group in keys.GROUPS:
        rows.append((title, "", ""))
        for binding in group:
            name, description = S.ACTIONS[binding.id or ""]
            rows.append((name, key_text(app, binding), description))
        if title == S.GROUP_GLOBAL:
            name, description = S.ACTIONS[keys.PALETTE_ID]
            rows.append((name, "Ctrl+P", description))
        rows.append(("", "", ""))
    return rows


def keys_table(app) -> Table:
    table = Table(box=None, expand=True, padding=(0, 1), show_header=False)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(no_wrap=True, style="bold cyan")
    table.add_column(ratio=1)
    titles = {title for title, _ in keys.GROUPS}
    for name, key, description in key_rows(app):
        if name in titles and not key:
            table.add_row(Text(name, style="bold underline"), "", "")
        else:
            table.add_row(name, key, description)
    return table


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen > VerticalScroll {
        width: 110; max-width: 100%; height: 100%; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,f1,q", "cancel", S.CANCEL, show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Label(S.HELP_TITLE, classes="title")
            yield Static(Text(S.HELP_INTRO.format(keys_file=keys_file()) + "\n" + S.HELP_MOUSE + "\n"))
            yield Static(keys_table(self.app), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
