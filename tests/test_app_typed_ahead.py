"""Keys typed ahead, read in one burst (typed fast, over a slow SSH link, or
while the app was busy), are taken in the order they were typed
(tui/widgets/inorder.py): a Tab, Backspace or Enter among them acts where it
was typed, not after the text behind it.

The burst is made as the terminal driver makes it: every key handed to the
app at once, before any is handled (`post_message`, as the driver does)."""

from __future__ import annotations

from decimal import Decimal

from test_app_grid import FIRST, SECOND, col, indicator, open_grid, path, small_form  # noqa: F401
from test_app_support import app_for, wait_for
from textual import events

NAMED = {"\t": "tab", "\x7f": "backspace", "\r": "enter"}


def burst(app, text: str) -> None:
    for ch in text:
        app.post_message(events.Key(NAMED.get(ch, ch), ch if ch not in NAMED else None))


async def test_a_burst_in_the_grid_fills_each_cell_it_was_typed_for(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await open_grid(pilot, FIRST)
        grid.column = col("target")
        grid.moved()
        await pilot.pause()
        burst(app, "≥20x\x7f场\t25场\t6\t4\r")  # Backspace takes the x, each Tab the next cell
        await wait_for(pilot, lambda: not grid.editing and indicator(screen, FIRST).score is not None)
        made = indicator(screen, FIRST)
        assert (str(made.target), str(made.actual), made.weight, made.score) == (
            "≥20场", "25场", Decimal(6), Decimal(4))
        assert grid.row == grid.rows.index(next(r for r in grid.rows if r.address == SECOND))


async def test_a_burst_in_the_editor_fills_each_field_it_was_typed_for(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(FIRST)
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: getattr(app.focused, "id", "").startswith("indicator-"))
        name = screen.query_one("#indicator-name")
        name.focus()
        await wait_for(pilot, lambda: app.focused is name)
        name.value = ""
        burst(app, "培训场次\t≥11场\t13场\t")
        await wait_for(pilot, lambda: str(indicator(screen, FIRST).actual) == "13场")
        made = indicator(screen, FIRST)
        assert (made.name, str(made.target), str(made.actual)) == ("培训场次", "≥11场", "13场")
