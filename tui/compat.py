"""Every touch of a Textual or Rich internal, in one module.

jixiao uses a few things Textual and Rich do not publish. Each is reached only
through a function here, so a release that renames one breaks one place, and
`tests/test_compat.py` checks every target against the installed versions: an
upgrade that removes one fails that test loudly, by name. pyproject.toml bounds
Textual and Rich below their next major version for the same reason.

What is touched, and why:

- `rich._wrap.re_word` and `textual._wrap.re_chunk`: the word patterns of
  Rich's and Textual's line breaking, replaced so that Chinese text breaks
  between characters (`install_line_breaking`, patterns in `tui.linebreak`).
  At run time a missing pattern is skipped: lines then break at spaces only.
- `Tree._tree_lines`: the tree's line index, built on demand; moving the
  cursor to a node just expanded needs it first (`build_tree_lines`).
- `App._notifications` and `App._unnotify`: a "working…" notification is
  taken back when the work is done (`withdraw_notification`; if they are
  gone, the note simply stays until its timeout).
- For tests and benchmarks only: `App._notifications` (the notifications
  shown), `Screen._compositor` with `App._background_screens` (the screen
  as text), `App._driver` (keys fed as a terminal driver does).
"""

from __future__ import annotations

import importlib
import io
import re
from typing import Any

__all__ = [
    "CompatError",
    "LINE_BREAKING_TARGETS",
    "install_line_breaking",
    "build_tree_lines",
    "notifications",
    "withdraw_notification",
    "screen_text",
    "send_to_driver",
]


class CompatError(RuntimeError):
    """A Textual or Rich internal that jixiao relies on is gone."""


def _require(obj: Any, name: str) -> Any:
    try:
        return getattr(obj, name)
    except AttributeError:
        owner = getattr(obj, "__name__", type(obj).__name__)
        raise CompatError(f"{owner}.{name} is gone: update tui/compat.py for this "
                          f"Textual/Rich release") from None


# (module, attribute, which pattern of tui.linebreak)
LINE_BREAKING_TARGETS = (("rich._wrap", "re_word", "WORD"), ("textual._wrap", "re_chunk", "CHUNK"))


def install_line_breaking() -> bool:
    """Chinese line breaking for Rich (Static, OptionList, all wrapped
    Content) and Textual (TextArea's soft wrap). Returns whether both
    patterns were installed; one whose module no longer has it is skipped."""
    from . import linebreak

    done = 0
    for module_name, attribute, pattern in LINE_BREAKING_TARGETS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        if isinstance(getattr(module, attribute, None), re.Pattern):
            setattr(module, attribute, getattr(linebreak, pattern))
            done += 1
    return done == len(LINE_BREAKING_TARGETS)


def build_tree_lines(tree: Any) -> None:
    """Build a Tree's line index now (after expanding nodes), so that
    `move_cursor` finds a node that was just made visible."""
    _require(tree, "_tree_lines")


def notifications(app: Any) -> list[Any]:
    """The notifications the app holds (tests read their messages)."""
    return list(_require(app, "_notifications"))


def withdraw_notification(app: Any, message: str) -> None:
    """Take back the notifications with this message that are still on show
    (a "working…" note once the work is done)."""
    try:
        notes = _require(app, "_notifications")
        unnotify = _require(app, "_unnotify")
    except CompatError:
        return  # the note stays until its timeout
    for note in list(notes):
        if note.message == message:
            unnotify(note)


def screen_text(app: Any) -> str:
    """Everything on screen as plain text, line by line, as a person sees it
    (tests)."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    compositor = _require(app.screen, "_compositor")
    console.print(compositor.render_update(full=True,
                                           screen_stack=_require(app, "_background_screens")))
    return console.export_text()


def send_to_driver(app: Any, event: Any) -> None:
    """Hand an event to the app the way the terminal driver does (benchmarks)."""
    _require(app, "_driver").send_message(event)
