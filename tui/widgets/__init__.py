"""Widgets of the main screen, and helpers shared by them."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import visualize
from textual.widget import Widget
from textual.widgets import Static


def text_strip(widget: Widget, line: Text, width: int, base: Style) -> Strip:
    """One row of a widget: a Text, never wrapped, cut or padded to `width`,
    on the widget's style `base`. Straight to segments, without Textual's
    Content (measuring, wrapping and styling a Visual costs ten times as
    much, for a row that is redrawn on every keystroke)."""
    own = line.style
    if isinstance(own, str):
        own = widget.app.console.get_style(own, default=Style.null())
    if line.spans:  # the line's own style is part of what Text.render yields
        segments = list(Segment.apply_style(line.render(widget.app.console), base))
    else:  # ... but only when it has spans
        segments = [Segment(line.plain, base + own)]
    return Strip(segments).crop_extend(0, width, base)


class LiveText(Static):
    """A Static that is updated on every keystroke (the editor's breadcrumb,
    score line, findings and field notes)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: Text | None = None
        self._padded = False

    def set_text(self, text: Text, *, keep_height: bool = False) -> None:
        """Show `text`, asking for a layout pass only when the height
        changes: a layout pass costs the whole screen. The height is measured
        the way Textual will draw the text (its own wrapping at the widget's
        width), before the update.

        With `keep_height` the widget never gets shorter: a shorter text is
        padded with empty lines to the height it has on screen. The editor
        uses this while one node is being typed in, so the fields below do
        not jump up and down as a finding comes and goes (and the screen is
        not laid out again)."""
        if self._shown is not None and self._shown == text and (keep_height or not self._padded):
            return
        self._shown = text
        self._padded = False
        height_rule = self.styles.height
        if height_rule is not None and not height_rule.is_auto:
            self.update(text, layout=False)  # its height is fixed by the stylesheet
            return
        width, on_screen = self.size.width, self.size.height
        if width <= 0:
            # not laid out yet (a form just switched to): the layout pass that
            # comes measures it
            self.update(text, layout=True)
            return
        height = visualize(self, text, markup=False).get_height(self.styles, width)
        if keep_height and height < on_screen:
            shown = text.copy()
            shown.append("\n" * (on_screen - height))
            self.update(shown, layout=False)
            self._padded = True
        else:
            self.update(text, layout=height != on_screen)


class Lines(Widget):
    """Lines of Rich Text, one per row, never wrapped (cut at the width).

    `set_lines` repaints only the rows whose text changed and asks for a
    layout pass only when the number of rows changed; each row is turned
    into segments once and kept until its text or the width changes. On a
    keystroke most of the scoring panel stays as it was, so this costs a
    few rows instead of the whole panel.
    """

    DEFAULT_CSS = """
    Lines { height: auto; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lines: list[Text] = []
        self._strips: dict[int, tuple[Text, int, Style, Strip]] = {}

    @property
    def lines(self) -> list[Text]:
        return self._lines

    @property
    def plain(self) -> str:
        return "\n".join(line.plain for line in self._lines)

    def set_lines(self, lines: list[Text]) -> None:
        old = self._lines
        lines = list(lines)
        self._lines = lines
        if len(old) != len(lines):
            self._strips.clear()
            self.refresh(layout=True)
            return
        width = self.size.width
        for y, (before, after) in enumerate(zip(old, lines)):
            if before is after or before == after:
                lines[y] = before  # keeps its drawn strip
            else:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self._lines), default=0)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[y]
        cached = self._strips.get(y)
        if cached is not None and cached[0] is line and cached[1] == width and cached[2] == base:
            return cached[3]
        strip = text_strip(self, line, width, base)
        self._strips[y] = (line, width, base, strip)
        return strip

    def on_resize(self) -> None:
        self._strips.clear()


__all__ = ["LiveText", "Lines", "text_strip"]
