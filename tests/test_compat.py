"""tui/compat.py: every Textual or Rich internal jixiao touches is there in the
installed versions. An upgrade that removes one fails here, by name, instead
of somewhere deep in the app (or silently, for the line breaking)."""

from __future__ import annotations

import ast
import importlib
import inspect
import io
import re
import textwrap
from pathlib import Path

import pytest
from textual import events
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
        # a key handed over as the terminal driver does reaches the focused widget
        tree = app.query_one("#tree", Tree)
        tree.root.expand()
        tree.focus()
        await pilot.pause()
        line = tree.cursor_line
        compat.send_to_driver(app, events.Key("down", None))
        await pilot.pause()
        assert tree.cursor_line == line + 1


def test_a_missing_internal_is_named_not_an_attribute_error():
    with pytest.raises(compat.CompatError, match="_notifications"):
        compat.notifications(object())
    with pytest.raises(compat.CompatError, match="_driver"):
        compat.send_to_driver(object(), None)


class _Nested(App[None]):
    def compose(self):
        tree: Tree[int] = Tree("根", id="tree")
        parent = tree.root.add("父", data=1)
        parent.add("子", data=2)
        tree.root.expand()
        yield tree


async def test_moving_to_a_node_just_expanded_needs_the_lines_built_first():
    app = _Nested()
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        tree = app.query_one("#tree", Tree)
        parent = tree.root.children[0]
        child = parent.children[0]
        parent.expand()
        tree.move_cursor(child)  # Textual's own: the child has no line yet
        assert tree.cursor_node is not child, "Textual builds the lines itself now: drop build_tree_lines"
        compat.build_tree_lines(tree)
        tree.move_cursor(child)
        assert tree.cursor_node is child


def test_a_fixed_size_widget_repaints_without_laying_out_the_screen():
    from textual.geometry import Size
    from textual.reactive import Reactive
    from textual.widget import Widget

    class Fixed(Widget):
        virtual_size: Reactive[Size] = compat.virtual_size_without_layout()

    asked = []
    for widget in (Widget(), Fixed()):
        widget.refresh = lambda *a, _w=widget, **kw: asked.append((type(_w).__name__, kw.get("layout")))
        widget.virtual_size = Size(30, 2)
        assert widget.virtual_size == Size(30, 2)
    # Textual's virtual_size lays the screen out; if it stops doing so the
    # redeclaration can go
    assert asked == [("Widget", True), ("Fixed", False)]


def test_the_screen_compositor_can_be_the_partial_one():
    from textual.screen import Screen

    screen = Screen()
    assert compat.draw_only_what_changed(screen), "Compositor internals changed: update tui/compat.py"
    assert type(screen._compositor).__name__ == "PartialCompositor"


# underscored names the standard library documents as public
_STANDARD_LIBRARY = {"os._exit", "sys._getframe"}


def _private_names_outside_compat() -> list[str]:
    """Textual or Rich private names used by a module of tui/ other than
    compat.py: private modules imported, `x._name` on anything but self or
    cls, and names a class defines or uses that its Textual base defines."""
    framework = ("textual", "rich")
    found = []
    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "tui").rglob("*.py")):
        if path.name == "compat.py":
            continue
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(name)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{name}: import {m}" for m in modules
                          if m.split(".")[0] in framework and any(p.startswith("_") for p in m.split("."))]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__") \
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")) \
                    and ast.unparse(node) not in _STANDARD_LIBRARY:
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
            elif isinstance(node, ast.ClassDef) and isinstance(getattr(module, node.name, None), type):
                found += [f"{name}.{node.name}: {n}" for n in _borrowed(getattr(module, node.name), node)]
    return found


def _borrowed(cls: type, node) -> list[str]:
    """Private names of `cls`'s body (self._x read or set, methods) that a
    Textual or Rich base class defines."""
    theirs: set[str] = set()
    for base in cls.__mro__[1:]:
        if base.__module__.split(".")[0] in ("textual", "rich"):
            theirs |= {k for k in vars(base) if k.startswith("_") and not k.startswith("__")}
            try:
                theirs |= set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=", inspect.getsource(base)))
            except (OSError, TypeError):
                pass
    used = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id == "self" and n.attr.startswith("_") and not n.attr.startswith("__")}
    used |= {n.name for n in ast.walk(node) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
             and n.name.startswith("_") and not n.name.startswith("__")}
    return sorted(used & theirs)


def test_no_module_but_compat_touches_a_textual_or_rich_private_name():
    assert _private_names_outside_compat() == []


def test_the_private_name_check_can_fail():
    from textual.widgets import Tree as TextualTree

    class Shadowing(TextualTree):
        def _add_children(self, *nodes):  # Textual's DOMNode has one
            pass

        def helper(self):
            return self._tree_lines

    node = ast.parse(textwrap.dedent(inspect.getsource(Shadowing))).body[0]
    assert _borrowed(Shadowing, node) == ["_add_children", "_tree_lines"]


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
    assert compat.paste_as_text_parser() is not None
    assert compat.install_paste_as_text()
    assert compat.terminal_driver().XTermParser.__name__ == "PasteAsTextParser"  # win32's on Windows


@pytest.mark.parametrize("library", ["textual", "rich"])
def test_textual_and_rich_are_held_to_the_minor_release_tested(library):
    # the internals above are checked against this minor release only
    import tomllib
    from importlib.metadata import version

    with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as fh:
        dependencies = tomllib.load(fh)["project"]["dependencies"]
    (bound,) = [d for d in dependencies if re.match(rf"{library}\b", d)]
    pinned = re.fullmatch(rf"{library}~=(\d+)\.(\d+)\.(\d+)", bound)
    assert pinned, f"{bound}: hold it to a minor release with ~=X.Y.Z"
    assert version(library).split(".")[:2] == [pinned.group(1), pinned.group(2)]
