"""The editor's multi-line fields (tui.widgets.choices.FieldArea) draw the
lines they are wrapped to.

A text area rewraps its text when its size changes (Textual's TextArea does
it in its resize handler), but the frame for the new size may already have
been drawn from the old wrap: the editor's scroll bar appearing makes the
fields one cell narrower, and the notes kept their wider lines until touched
(test_main_screen[120x40] caught one picture or the other by timing, on
Linux and under Wine alike).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical

from tui import compat
from tui.fields import FieldSpec
from tui.widgets.choices import FieldArea

TEXT = ("1. 预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转、年度调整、债券、"
        "上级对地方专项转移支付），执行数为资金使用单位财政资金实际支出数。")


class OneField(App):
    CSS = "#box { width: 32; height: 6; } FieldArea { height: 4; }"

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield FieldArea(FieldSpec("narrative.remarks", "long"), id="area")


def drawn(area: FieldArea) -> list[str]:
    """The text of the lines as the area draws them now (its scroll bar cut off)."""
    width = area.scrollable_content_region.width
    return [strip.crop(0, width).text.strip() for strip in area.render_lines(area.region.reset_offset)]


async def test_a_narrower_field_draws_its_text_wrapped_to_the_new_width():
    compat.install_line_breaking()  # as the app does: Chinese breaks between characters
    app = OneField()
    async with app.run_test(size=(60, 10)) as pilot:
        area = app.query_one(FieldArea)
        area.put(TEXT, True)
        await pilot.pause()
        before = drawn(area)
        for width in (31, 30, 29):  # one cell at a time, as a scroll bar takes it
            app.query_one("#box").styles.width = width
            await pilot.pause()
            await pilot.pause()
            now = drawn(area)
            wrapped = ["".join(line) for line in area.wrapped_document.lines[0]][:len(now)]
            assert [line.strip() for line in wrapped] == now, width
        assert now != before  # the lines did move: the check above saw a rewrap
