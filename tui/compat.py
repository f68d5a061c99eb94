"""Every touch of a Textual or Rich internal, in one module.

jixiao uses a few things Textual and Rich do not publish, and a few published
ones for a behaviour they do not promise. Each is reached only through a
function here, so a release that changes one breaks one place, and
`tests/test_compat.py` checks every one against the installed versions, by
name and by what it does: an upgrade that changes one fails that test
loudly. pyproject.toml holds Textual and Rich to the minor release tested
(`~=`) for the same reason; no other module of tui/ uses a private name of
theirs (also checked there).

What is touched, and why:

- `rich._wrap.re_word` and `textual._wrap.re_chunk`: the word patterns of
  Rich's and Textual's line breaking, replaced so that Chinese text breaks
  between characters (`install_line_breaking`, patterns in `tui.linebreak`).
  At run time a missing pattern is skipped: lines then break at spaces only.
- `Tree.last_line` (public): reading it builds the tree's line index, which
  Textual builds lazily; moving the cursor to a node just expanded needs it
  first, or the node has no line yet (`build_tree_lines`).
- `Widget.virtual_size` redeclared without `layout=True` for widgets whose
  size their container fixes (an input field, a grid cell, the findings
  list): a change repaints them instead of laying out the whole screen on
  every key (`virtual_size_without_layout`).
- `App._notifications` and `App._unnotify`: a "working…" notification is
  taken back when the work is done (`withdraw_notification`; if they are
  gone, the note simply stays until its timeout). Textual publishes only
  `clear_notifications`, which would also take away the notes on show
  beside it (a warning said once, a save's).
- `Screen._compositor`, `Compositor.render_partial_update` and
  `Compositor._get_renders`: a screen update redraws only the widgets that
  overlap a changed region (`draw_only_what_changed`). Textual redraws every
  widget whose clip (its container's area) meets the box around all the
  changed regions: a keystroke that changes a field and the total redrew all
  of the screen's widgets from their caches, about 2 ms a keystroke on a
  2-core machine (benchmarks/tui_update.py). Without the internals the
  screen keeps Textual's compositor (correct, slower).
- `textual._xterm_parser.XTermParser`, as the terminal drivers name it
  (`textual.drivers.linux_driver.XTermParser`, and win32's on Windows):
  replaced by a subclass that reads a bracketed paste as text
  (`install_paste_as_text`). Textual's parser goes on parsing escape
  sequences inside a paste and sends what it does not recognise as keys, so
  a table copied with `ESC[2J` pressed J (move down) and a BEL Ctrl+G (the
  grid). Ours takes everything between the paste's start and end markers as
  one Paste event, its codes removed (`model.text.pasted`). If the
  internals are gone, Textual's parser stays (and the paste handlers still
  strip the codes from what arrives as a paste).
- For tests and benchmarks only: `App._notifications` (the notifications
  shown), `Screen._compositor` with `App._background_screens` (the screen
  as text), `App._driver` (keys fed as a terminal driver does).
"""

from __future__ import annotations

import importlib
import io
import re
from types import ModuleType
from typing import Any

from textual.geometry import Region

__all__ = [
    "CompatError",
    "LINE_BREAKING_TARGETS",
    "install_line_breaking",
    "build_tree_lines",
    "virtual_size_without_layout",
    "draw_only_what_changed",
    "notifications",
    "withdraw_notification",
    "screen_text",
    "send_to_driver",
    "install_paste_as_text",
    "paste_as_text_parser",
    "terminal_driver",
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


def _minus(a: Any, b: Any) -> list[Any]:
    """Region `a` less region `b`, as up to four regions."""
    cut = a.intersection(b)
    if not (cut.width and cut.height):
        return [a]
    out = []
    if cut.y > a.y:
        out.append(Region(a.x, a.y, a.width, cut.y - a.y))
    if cut.bottom < a.bottom:
        out.append(Region(a.x, cut.bottom, a.width, a.bottom - cut.bottom))
    if cut.x > a.x:
        out.append(Region(a.x, cut.y, cut.x - a.x, cut.height))
    if cut.right < a.right:
        out.append(Region(cut.right, cut.y, a.right - cut.right, cut.height))
    return out


def _partial_compositor() -> type | None:
    """A Textual Compositor whose partial updates render only the widgets
    that show a changed cell, or None if the internals are gone.

    Why this is the same picture: a partial update writes only the cells of
    the changed regions (its spans), each with the front-most widget that
    covers it (Textual renders front to back and the first strip for a cell
    wins). So a widget matters only where it covers a changed cell that no
    widget in front of it covers; Textual renders every widget whose clip
    meets the box around all the changes, only to throw most lines away."""
    try:
        from textual._compositor import Compositor
    except ImportError:
        return None
    if not all(callable(getattr(Compositor, name, None))
               for name in ("render_partial_update", "_get_renders")):
        return None
    if not hasattr(Compositor(), "_dirty_regions"):
        return None

    class PartialCompositor(Compositor):  # type: ignore[misc, valid-type]
        _changed: list[Any] | None = None

        def render_partial_update(self) -> Any:
            self._changed = list(self._dirty_regions)
            try:
                return super().render_partial_update()
            finally:
                self._changed = None

        def _get_renders(self, crop: Any = None) -> Any:
            changed = self._changed
            if not changed:
                yield from super()._get_renders(crop)
                return
            # as Textual's own, front to back, less the widgets that show no
            # changed cell not already covered by a widget in front; of the
            # others only the rows those cells are on (not fewer columns: the
            # update is cut where widgets' edges are)
            uncovered = [c for c in changed if c.width and c.height]
            for widget, (region, clip) in self.visible_widgets.items():
                if not uncovered:
                    break
                shown = region.intersection(clip)
                if not (shown.width and shown.height):
                    continue
                hits = [c for c in uncovered if shown.overlaps(c)]
                if not hits:
                    continue
                top = max(shown.y, min(c.y for c in hits))
                bottom = min(shown.bottom, max(c.bottom for c in hits))
                clip = clip.intersection(Region(clip.x, top, clip.width, bottom - top))
                x, y, width, height = region.intersection(clip)
                yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))
                uncovered = [piece for c in uncovered for piece in _minus(c, shown)]

    return PartialCompositor


_PARTIAL: list[type | None] = []


def draw_only_what_changed(screen: Any) -> bool:
    """Give a screen (before it is mounted) a compositor whose partial
    updates redraw only the widgets a change overlaps. Returns whether it
    was done (False: the internals are gone; the screen keeps Textual's)."""
    if not _PARTIAL:
        _PARTIAL.append(_partial_compositor())
    partial = _PARTIAL[0]
    if partial is None or type(getattr(screen, "_compositor", None)) is not partial.__base__:
        return False
    screen._compositor = partial()
    return True


def build_tree_lines(tree: Any) -> None:
    """Build a Tree's line index now (after expanding nodes), so that
    `move_cursor` finds a node that was just made visible: `move_cursor`
    reads the node's line as it was at the last build."""
    tree.last_line  # noqa: B018 - reading it builds the index


def virtual_size_without_layout() -> Any:
    """A `virtual_size` reactive for a widget whose size its container
    fixes: as Textual's, but a change repaints the widget instead of laying
    out the screen (Textual's asks for a layout pass). Declare it in the
    class body: `virtual_size: Reactive[Size] = virtual_size_without_layout()`."""
    from textual.geometry import Size
    from textual.reactive import Reactive

    return Reactive(Size(0, 0), layout=False)


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


PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _held_back(text: str, marker: str, shortest: int) -> int:
    """How many characters at the end of `text` could be the start of
    `marker` (at least `shortest` of them), to wait for the next read."""
    for size in range(min(len(marker) - 1, len(text)), shortest - 1, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


def paste_as_text_parser() -> type | None:
    """Textual's XTermParser with bracketed paste read as text (see the
    module's docstring), or None if the parser is gone."""
    try:
        from textual import events
        from textual._time import get_time
        from textual._xterm_parser import XTermParser
    except ImportError:
        return None
    from textual import constants

    from model.text import pasted

    class PasteAsTextParser(XTermParser):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held = ""  # maybe the start of a marker: waits for the next read
            self._held_since = 0.0
            self._paste: list[str] | None = None  # the paste being read

        def feed(self, data: str) -> Any:
            if not data:  # end of input
                held, self._held = self._held, ""
                if held and self._paste is None:
                    yield from super().feed(held)
                yield from super().feed("")
                return
            text, self._held = self._held + data, ""
            while text:
                marker = PASTE_START if self._paste is None else PASTE_END
                at = text.find(marker)
                if at < 0:
                    # a lone ESC outside a paste is the Escape key: never held
                    keep = _held_back(text, marker, 2 if self._paste is None else 1)
                    text, self._held = text[:len(text) - keep], text[len(text) - keep:]
                    self._held_since = get_time()
                    yield from self._take(text)
                    return
                yield from self._take(text[:at])
                text = text[at + len(marker):]
                if self._paste is None:
                    self._paste = []
                else:
                    whole, self._paste = "".join(self._paste), None
                    yield events.Paste(pasted(whole))

        def _take(self, text: str) -> Any:
            if self._paste is not None:
                self._paste.append(text)
            elif text:
                yield from super().feed(text)

        def tick(self) -> Any:
            if (self._held and self._paste is None
                    and get_time() >= self._held_since + constants.ESCAPE_DELAY):
                held, self._held = self._held, ""
                yield from super().feed(held)
            yield from super().tick()

    return PasteAsTextParser


def terminal_driver() -> ModuleType | None:
    """The module of Textual's terminal driver on this system, whose
    `XTermParser` reads the keys (win32 on Windows); None if it will not import."""
    import sys

    driver = "win32" if sys.platform == "win32" else "linux_driver"
    try:
        return importlib.import_module(f"textual.drivers.{driver}")
    except ImportError:
        return None


def install_paste_as_text() -> bool:
    """The terminal drivers read a bracketed paste as text (see the module's
    docstring). Returns whether the parser was replaced."""
    parser = paste_as_text_parser()
    if parser is None:
        return False
    module = terminal_driver()
    if module is None or not isinstance(getattr(module, "XTermParser", None), type):
        return False
    module.XTermParser = parser
    return True
