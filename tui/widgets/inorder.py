"""Keys typed ahead are handled in the order they were typed.

Textual hands a key to the focused widget through its message queue, and
runs the key's binding (Tab to the next field, Enter, Backspace, the grid's
moves…) only when the key has come back up to the app unhandled. When
several keys arrive in one read (typed fast, over a slow SSH link, or while
the app was busy), the printable ones after a bound key are already typed
into the field by the time its binding runs: `95<Tab>97<Tab>` put `9597` in
one cell, and a Backspace deleted the last character typed, not the one
before it.

A text field with `KeysInOrder` runs its own bindings (the grid's moves,
the cursor keys, Backspace) and the moves between fields (Tab) when the key
reaches the field, in its turn among the others. The screen's and the app's
other keys (a pane, a dialog, save) go the usual way. A key that reaches
a field after the focus has moved on (it was handed to the field before a
Tab typed ahead of it moved the focus) is handed on to where the focus is. Priority
bindings are untouched (the app runs them before the key is handed on).
"""

from __future__ import annotations

from typing import Any

from textual import events

__all__ = ["KeysInOrder"]

# the app's bindings that only move between fields: typed ahead, they are
# taken in their turn too (Tab in the editor)
MOVES = frozenset({"app.focus_next", "app.focus_previous", "focus_next", "focus_previous"})


class KeysInOrder:
    """Mixin for an Input or TextArea (before it in the bases)."""

    # keys that are not printable but that the widget types itself (a
    # TextArea's Enter starts a new line)
    TYPED_KEYS: frozenset[str] = frozenset()

    async def on_key(self, event: events.Key) -> None:
        widget: Any = self
        focused = widget.app.focused
        if focused is not None and focused is not widget:
            # typed after a key that moved the focus on (Tab), but handed to
            # this field before it moved: it goes where the focus is now
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.is_printable or event.key in self.TYPED_KEYS:
            return
        active = widget.screen.active_bindings.get(event.key)
        if active is None or not active.enabled or active.binding.priority:
            return
        if active.node is not widget and active.binding.action not in MOVES:
            return  # the screen's and the app's own keys (panes, dialogs) go their way
        event.stop()
        event.prevent_default()
        await widget.app.run_action(active.binding.action, active.node)
