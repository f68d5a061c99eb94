"""tui/compat.py: every Textual or Rich internal jixiao touches is there in the
installed versions. An upgrade that removes one fails here, by name, instead
of somewhere deep in the app (or silently, for the line breaking)."""

from __future__ import annotations

import importlib
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
