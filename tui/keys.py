"""Every key binding of the main screen, in one table.

Each binding has an `id` (remappable in keys.toml, see tui/config.py) equal
to its entry in `strings.ACTIONS`, which gives its Chinese title and
description. The help screen and the command palette are generated from
these lists, so a binding cannot exist without being documented there.

Only keys that reach an app over SSH, tmux and Windows Terminal are used:
letters, F-keys, ctrl+letter, arrows, Enter, Esc, Delete.
"""

from __future__ import annotations

from textual.binding import Binding

from . import strings as S


def _b(key: str, action: str, binding_id: str, *, show: bool = True, priority: bool = False,
       key_display: str | None = None) -> Binding:
    title, description = S.ACTIONS[binding_id]
    # the footer may show a shorter word (80 columns); help and palette the title
    footer = S.FOOTER_LABELS.get(binding_id, title)
    return Binding(key, action, footer, show=show, priority=priority, id=binding_id,
                   tooltip=description, key_display=key_display)


# On the main screen, active wherever the focus is (priority: an Input or
# TextArea does not get to swallow ctrl+z or ctrl+s).
SCREEN = [
    _b("f1", "help", "help"),
    _b("ctrl+s", "save", "save", priority=True),
    _b("ctrl+z", "undo", "undo", priority=True),
    _b("ctrl+y", "redo", "redo", priority=True, show=False),
    _b("f5", "whatif", "whatif"),
    _b("ctrl+g", "grid", "grid"),
    _b("f4", "switch_pane", "switch_pane"),
    _b("f3", "panel", "panel", show=False),
    _b("f2", "rename", "rename", show=False),
    _b("f12", "save_as", "save_as", show=False),
    _b("ctrl+o", "open", "open", show=False, priority=True),
    _b("ctrl+t", "take_over", "take_over", show=False, priority=True),
    _b("escape", "back", "back", show=False),
]

TREE = [
    _b("enter", "select_cursor", "tree_open", show=False),
    _b("j", "cursor_down", "tree_down", show=False),
    _b("k", "cursor_up", "tree_up", show=False),
    _b("left", "collapse_or_parent", "tree_collapse", show=False),
    _b("right", "expand_or_child", "tree_expand", show=False),
    _b("space", "toggle_node", "tree_toggle", show=False),
    _b("a", "screen.add", "add"),
    _b("A", "screen.add_sibling", "add_sibling", show=False),
    _b("d", "screen.duplicate", "duplicate", show=False),
    _b("x,delete", "screen.delete", "delete"),
    _b("K", "screen.move(-1)", "move_up", show=False),
    _b("J", "screen.move(1)", "move_down", show=False),
    _b("r", "screen.rename", "tree_rename", show=False),
    _b("w", "screen.whatif", "tree_whatif", show=False),
    _b("p", "screen.panel", "tree_panel", show=False),
]

EDITOR = [
    _b("ctrl+l", "clear_score", "clear_score", show=False),
]

# The grid editor (tui/widgets/grid.py): bound on the cell's input, which
# has the focus while the grid is shown. Typing replaces the cell; the keys
# that move commit a cell being edited first; ← → Home End move inside the
# text while editing.
GRID = [
    _b("f2", "edit", "grid_edit"),
    _b("enter", "enter", "grid_enter", show=False),
    _b("tab", "move(0, 1, True)", "grid_next", show=False),
    _b("shift+tab", "move(0, -1, True)", "grid_previous", show=False),
    _b("up", "move(-1, 0)", "grid_cursor_up", show=False),
    _b("down", "move(1, 0)", "grid_cursor_down", show=False),
    _b("left", "sideways(-1)", "grid_cursor_left", show=False),
    _b("right", "sideways(1)", "grid_cursor_right", show=False),
    _b("home", "edge(-1)", "grid_home", show=False),
    _b("end", "edge(1)", "grid_end", show=False),
    _b("pageup", "page(-1)", "grid_page_up", show=False),
    _b("pagedown", "page(1)", "grid_page_down", show=False),
    _b("ctrl+n", "add_row", "grid_add_row"),
    _b("ctrl+d", "delete_row", "grid_delete_row", show=False),
    _b("delete", "clear", "grid_clear", show=False),
    _b("escape", "leave", "grid_leave"),
]

# Export, import, roll-up, report (tui/controllers/exchange.py); on the main screen too.
EXCHANGE = [
    _b("f6", "export", "export", show=False),
    _b("f7", "import", "import", show=False),
    _b("f8", "rollup", "rollup", show=False),
    _b("ctrl+r", "report", "report", show=False),
    _b("f9", "exchange_report", "exchange_report", show=False),
    _b("ctrl+e", "layout_weights", "layout_weights", show=False),
]
SCREEN.extend(EXCHANGE)

# The app's own (work on every screen).
APP = [
    _b("ctrl+q", "quit", "quit", priority=True, show=False),
]

PALETTE_ID = "palette"
PALETTE_KEY = "ctrl+p"

GROUPS = (
    (S.GROUP_GLOBAL, APP + SCREEN),
    (S.GROUP_TREE, TREE),
    (S.GROUP_EDITOR, EDITOR),
    (S.GROUP_GRID, GRID),
)


def all_bindings() -> list[Binding]:
    return [b for _, group in GROUPS for b in group]
