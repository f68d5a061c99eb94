"""tui/compat.py: every Textual or Rich internal jixiao touches is there in the
installed versions. An upgrade that removes one fails here, by name, instead
of somewhere deep in the app (or silently, for the line breaking)."""

from __future__ import annotations

import importlib
import io
import re

import pytest
from textual.app import App
from textual.widgets import Label, Tree

from tui import compat


@pytest.mark.parametrize(("module", "attribute", "pattern"), compat.LINE_BREAKING_TARGETS)
def test_the_line_breaking_patterns_are_where_compat_puts_ours(module, attribute, pattern):
    found = getattr(importlib.import_module(module), attribute, None)
    assert isinstance(found, re.Pattern), f"{module}.{attribute} is gone: update tui/compat.py"


class _Probe(App[None]):
    def compose(self):
        yield Label("探针 probe")
        tree: Tree[int] = Tree("根", id="tree")
        tree.root.add("子", data=1)
        yield tree


async def test_the_app_internals_compat_reads_are_there():
    app = _Probe()
    async with app.run_test(size=(40, 6)) as pilot:
        app.notify("通知 one")
        await pilot.pause()
        assert [n.message for n in compat.notifications(app)] == ["通知 one"]
        app.notify("正在 two")
        await pilot.pause()
        compat.withdraw_notification(app, "正在 two")
        await pilot.pause()
        assert [n.message for n in compat.notifications(app)] == ["通知 one"]
        assert "探针 probe" in compat.screen_text(app)
        tree = app.query_one("#tree", Tree)
        tree.root.expand()
        compat.build_tree_lines(tree)
        child = tree.root.children[0]
        tree.move_cursor(child)
        assert tree.cursor_node is child


def test_a_missing_internal_is_named_not_an_attribute_error():
    with pytest.raises(compat.CompatError, match="_notifications"):
        compat.notifications(object())
    with pytest.raises(compat.CompatError, match="_tree_lines"):
        compat.build_tree_lines(object())


_MOVE = re.compile(r"\x1b\[(\d+);(\d+)H")
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


class _Terminal:
    """The text a terminal shows after the updates it was sent (cursor moves
    and text; styles are dropped)."""

    def __init__(self, width: int, height: int) -> None:
        self.cells = [[" "] * width for _ in range(height)]

    def feed(self, data: str) -> None:
        from rich.cells import cell_len

        x = y = 0
        pieces = _MOVE.split(data)
        for index, piece in enumerate(pieces):
            kind = index % 3
            if kind == 1:
                y = int(piece) - 1
            elif kind == 2:
                x = int(piece) - 1
            else:
                for char in _CONTROL.sub("", piece):
                    if char == "\n":
                        y, x = y + 1, 0
                        continue
                    width = cell_len(char)
                    if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                        self.cells[y][x] = char
                        for extra in range(1, width):
                            if x + extra < len(self.cells[y]):
                                self.cells[y][x + extra] = ""
                    x += width

    def text(self) -> list[str]:
        return ["".join(row).rstrip() for row in self.cells]


async def test_a_screen_that_draws_only_what_changed_shows_what_a_full_render_shows(tmp_path, monkeypatch):
    # the main screen's partial updates skip the widgets no change overlaps
    # (compat.draw_only_what_changed): what a terminal shows after them must
    # be what a full render of the screen shows
    import shutil
    from pathlib import Path

    from rich.console import Console
    from textual.screen import Screen

    from tui.app import JixiaoApp
    from tui.session import Address
    from tui.widgets.editor import FieldInput

    monkeypatch.setenv("JIXIAO_STATE_DIR", str(tmp_path / "state"))
    form = tmp_path / "form.toml"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "sample_data" / "hongshan-2024-department.toml",
                    form)
    size = (120, 40)
    terminal = _Terminal(*size)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor", width=size[0],
                      height=size[1], legacy_windows=False)
    partial = []
    original_display = App._display

    def display(self, screen, update):
        if update is not None and hasattr(update, "render_segments"):
            if type(update).__name__ == "ChopsUpdate":
                partial.append(update)
            terminal.feed(update.render_segments(console))
        original_display(self, screen, update)

    monkeypatch.setattr(App, "_display", display)
    app = JixiaoApp(str(form))
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        assert type(screen._compositor) is not type(Screen()._compositor)  # installed
        screen.refresh()  # a whole frame first: the terminal starts from the full picture
        await pilot.pause()
        screen.go_to(Address("goals", (0, 0, 2, 0)), "actual")
        await pilot.pause()
        field = screen.query_one("#indicator-actual", FieldInput)
        before = len(partial)
        for key in ("end", "backspace", "backspace", "5", "0", "%"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause()
        assert field.value.endswith("50%")
        assert len(partial) > before  # keystrokes were drawn by partial updates
        shown = terminal.text()
        full = [line.rstrip() for line in compat.screen_text(app).splitlines()]
        assert shown[: len(full)] == full


def test_the_terminal_drivers_parser_is_where_compat_replaces_it():
    # an upgrade that moves Textual's XTermParser fails here, not as keys pressed by a paste
    from textual.drivers import linux_driver

    assert compat.paste_as_text_parser() is not None
    assert compat.install_paste_as_text()
    assert linux_driver.XTermParser.__name__ == "PasteAsTextParser"
