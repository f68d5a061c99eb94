"""From a keystroke in an indicator's actual value to the screen showing the
new total, with a 2,000-indicator form (headless, in process).

For each keystroke:

- t0: the key event is handed to the app, as the terminal driver does it
  (`driver.send_message`: the app's own key dispatch counts);
- t1: the end of the first screen update (compositor refresh) during which
  a line showing the new total was drawn anywhere on screen — the status
  line (总分 … at the top) or the scoring panel — and the update was turned
  into the escape sequences a terminal would receive. (Until 2026-12-02 only
  the panel counted; since then the app draws the status line's total in
  the keystroke's own frame and the panel right after it.)

Keys are typed at most ten a second (a pause of 0.1 s after each update), so
each keystroke starts from an idle app as it does for a person typing.
Pilot's `press` is used only to set the scene: it waits for idleness by
polling, and its waiting interleaves with the work being measured.

Reported: median, 90th percentile and spread of t1 − t0, and the part spent
in jixiao's own handlers (validate, edit, rescore, refresh the widgets).

    .venv/bin/python benchmarks/tui_update.py [N_INDICATORS] [KEYSTROKES]
    .venv/bin/python benchmarks/tui_update.py --pilot   # the first (2026-11-22) method
    .venv/bin/python benchmarks/tui_update.py --grid    # the grid editor (表格编辑)
    .venv/bin/python benchmarks/tui_update.py --recovery  # every 5th keystroke writes the recovery file

`--grid`: the keystroke is the Enter that commits a score typed in the grid
editor's 得分 cell (the grid at 120×40 with the panel beside it); typing the
figure and moving back up to the cell set the scene and are not timed. Each
commit is one `Session.edit`; the status line and the committed row are
drawn in the key's own frame, then every other widget catches up right
after it: the tree, the hidden editor, the panel and the grid's other rows.

`--recovery`: as the default mode, but before every fifth keystroke the
recovery throttle is made due, so that keystroke starts a recovery write
(the whole form serialised and written, see docs/reliability.md) and the
next ones run while it may still be going on. Reported as well: the 99th
percentile and the maximum (target, issue 12: p99 ≤ 33 ms, two frames).

The app is started as `jixiao FILE` starts it: the garbage collector paused
until the first frame, then resumed with what start-up made frozen
(jixiao/cli.py, `tui.app.run`), so Python's full collections no longer walk
the form's objects while one types. `--no-freeze`: without that, as before.

`--full-updates`: the main screen keeps Textual's own compositor instead of
the one of `tui.compat.draw_only_what_changed` (whose partial updates
redraw only the widgets a change overlaps): with and without, to see what
that override is worth (docs/performance.md).

The yardstick (`bare_keystroke.py` of the shared benchmarks: a bare Textual
app whose Input updates a Static, timed the same way) is run right after in
the same session, and the ratio printed. Targets (issue 12): ≤ 1.5 × the
yardstick at 2,000 indicators, ≤ 1.2 × on a real form's size (50).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from typing import Any
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _plain(strips) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@contextlib.contextmanager
def _frame_probe(state: dict):
    """Hooks (Textual internals, for measuring only) that set state["frame"]'s
    result at the end of the first screen update in which the status line or
    the scoring panel was drawn with the new total and turned into escape
    sequences."""
    from rich.console import Console
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    from tui.text import number
    from tui.widgets.panel import ScoringPanel
    from tui.widgets.statusbar import StatusBar

    original_display = App._display
    original_refresh = Screen._compositor_refresh
    original_lines = Widget.render_lines
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      width=120, height=40, legacy_windows=False)

    def display(self, screen, renderable):
        # headless apps skip this; a terminal app pays for turning the update
        # into escape sequences, so the benchmark does it too
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(console)
        original_display(self, screen, renderable)

    def compositor_refresh(self):
        original_refresh(self)
        if state["seen"] and state["frame"] is not None:
            state["frame"].set_result(time.perf_counter())
            state["frame"] = None
            state["seen"] = False

    def render_lines(self, crop):
        strips = original_lines(self, crop)
        session = state["session"]
        if (state["frame"] is not None and session is not None and session.doc is not state["before"]
                and (isinstance(self, StatusBar)
                     or any(isinstance(node, ScoringPanel) for node in self.ancestors_with_self))):
            # the app has rescored by now (the status line or the panel is
            # being redrawn after the edit)
            if f" {number(session.result.total)} " in _plain(strips):
                state["seen"] = True
        return strips

    App._display, Screen._compositor_refresh, Widget.render_lines = display, compositor_refresh, render_lines
    try:
        yield
    finally:
        App._display, Screen._compositor_refresh, Widget.render_lines = (
            original_display, original_refresh, original_lines)


@contextlib.contextmanager
def _handler_probe(screen, state: dict):
    """state["handled"]: when the screen has applied an edit and done what the
    key's own dispatch does (the first `after_change` of the keystroke; the
    catching up that follows the frame is not counted here)."""
    original_after = type(screen).after_change

    def after_change(self, *args, **kwargs):
        original_after(self, *args, **kwargs)
        if state["handled"] is None:
            state["handled"] = time.perf_counter()

    type(screen).after_change = after_change
    try:
        yield
    finally:
        type(screen).after_change = original_after


async def _timed_stroke(app, session, state: dict, event, latencies: list[float],
                        handlers: list[float]) -> None:
    """Hand one key to the app as the terminal driver does; wait for the frame
    that shows the new total."""
    from tui import compat

    before = session.result.total
    state.update(before=session.doc, session=session, seen=False, handled=None)
    done = asyncio.get_running_loop().create_future()
    state["frame"] = done
    t0 = time.perf_counter()
    compat.send_to_driver(app, event)
    t1 = await asyncio.wait_for(done, 5)
    assert session.result.total != before
    latencies.append(t1 - t0)
    if state["handled"] is not None:
        handlers.append(state["handled"] - t0)
    state["before"] = None


RECOVERY_EVERY = 5  # --recovery: every fifth keystroke coincides with a due recovery write


async def _actual_field(pilot: Any, screen: Any, target: tuple[int, ...]) -> Any:
    """The indicator's 实际完成值 field, focused, once its form has mounted
    (the editor builds its forms after the first frame)."""
    from tui.session import Address
    from tui.widgets.editor import FieldInput

    screen.go_to(Address("goals", target), "actual")
    await pilot.pause()
    while not screen.editor.ready:
        await pilot.pause(0.02)
    return screen.query_one("#indicator-actual", FieldInput)


def _as_the_command(app: Any) -> Any:
    """Start the app as `jixiao FILE` does (see the module docstring)."""
    if "--full-updates" in sys.argv:
        from tui import compat

        compat.draw_only_what_changed = lambda screen: False
    if "--no-freeze" not in sys.argv:
        gc.disable()
        app.resume_collection = True
    return app


async def measure(path: Path, strokes: int,
                  recovery_every: int = 0) -> tuple[list[float], list[float]]:
    """A keystroke in an indicator's actual value (see the module docstring);
    `recovery_every`: make the recovery throttle due before every n-th one."""
    from textual import events

    from tui.app import JixiaoApp

    state: dict = {"before": None, "session": None, "seen": False, "frame": None, "handled": None}
    latencies: list[float] = []
    handlers: list[float] = []
    with _frame_probe(state):
        app = _as_the_command(JixiaoApp(str(path)))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            session = screen.session
            with _handler_probe(screen, state):
                target = next(p for p, ind in session.doc.iter_indicators()
                              if ind.weight is not None and ind.score is None and "%" in ind.actual)
                field = await _actual_field(pilot, screen, target)
                field.value = "9"
                await pilot.pause(0.3)
                field.action_end()  # the value was selected on focus: type after it
                await pilot.pause()
                totals = set()
                for stroke in range(strokes):
                    if recovery_every and stroke % recovery_every == 0:
                        session.file.throttle.last_write = None  # this keystroke writes the recovery file
                    # 9 → 90 → 9 → 90 ...: every keystroke changes the total
                    key = "0" if field.value == "9" else "backspace"
                    await _timed_stroke(app, session, state, events.Key(key, "0" if key == "0" else None),
                                        latencies, handlers)
                    totals.add(session.result.total)
                    await asyncio.sleep(0.1)
            assert len(totals) > 1, "the total never moved"
    return latencies, handlers


async def measure_grid(path: Path, strokes: int) -> tuple[list[float], list[float]]:
    """Enter committing a score in the grid editor, to the screen showing the
    new total (see the module docstring)."""
    from tui.widgets.grid import IndicatorGrid

    state: dict = {"before": None, "session": None, "seen": False, "frame": None, "handled": None}
    latencies: list[float] = []
    handlers: list[float] = []
    # The app's 1 s tick puts a cell still being typed in into the form (for
    # the recovery file); falling between the typing and the timed Enter it
    # would leave the Enter nothing to change, and no new total to wait for.
    keep = IndicatorGrid.keep_open_cell
    IndicatorGrid.keep_open_cell = lambda self: None  # type: ignore[method-assign]
    try:
        return await _measure_grid(path, strokes, state, latencies, handlers)
    finally:
        IndicatorGrid.keep_open_cell = keep  # type: ignore[method-assign]


async def _measure_grid(path: Path, strokes: int, state: dict, latencies: list[float],
                        handlers: list[float]) -> tuple[list[float], list[float]]:
    from textual import events

    from tui.app import JixiaoApp
    from tui.session import Address

    with _frame_probe(state):
        app = _as_the_command(JixiaoApp(str(path)))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            session = screen.session
            with _handler_probe(screen, state):
                target = next(p for p, ind in session.doc.iter_indicators()
                              if ind.weight is not None and ind.weight >= Decimal("0.01"))
                screen.go_to(Address("goals", target))
                await pilot.pause()
                await pilot.press("ctrl+g", "end")  # the grid, on the 得分 cell
                await pilot.pause(0.3)
                grid = screen.grid
                assert grid.current is not None and grid.current.address == Address("goals", target)
                totals = set()
                for stroke in range(strokes):
                    # 0.01, 0, 0.01 ...: typing starts the edit; every commit moves the total
                    await pilot.press(*("0" if stroke % 2 else "0.01"))
                    await pilot.pause(0.1)
                    await _timed_stroke(app, session, state, events.Key("enter", "\r"), latencies, handlers)
                    totals.add(session.result.total)
                    await pilot.pause(0.1)
                    await pilot.press("up")  # back to the cell
                    await pilot.pause(0.1)
            assert len(totals) > 1, "the total never moved"
            assert len(session.undo_stack) == strokes  # one step per committed cell
    return latencies, handlers


async def measure_pilot(path: Path, strokes: int) -> tuple[list[float], list[float]]:
    """The first method (2026-11-22), kept for comparison: keys through
    Pilot.press; t0 when the key reaches the field, t1 at the first
    compositor refresh after the panel's summary was refreshed."""
    from textual.screen import Screen

    from tui import compat
    from tui.app import JixiaoApp
    from tui.widgets.editor import FieldInput
    from tui.widgets.panel import ScoringPanel

    marks: dict[str, float | bool] = {"pending": False}
    latencies: list[float] = []
    handlers: list[float] = []
    original_key = FieldInput._on_key
    original_summary = ScoringPanel.refresh_summary
    original_refresh = Screen._compositor_refresh

    async def on_key(self, event):
        marks["t0"] = time.perf_counter()
        await original_key(self, event)

    def refresh_summary(self):
        original_summary(self)
        if "t0" in marks:
            marks["handled"] = time.perf_counter()
            marks["pending"] = True

    def compositor_refresh(self):
        original_refresh(self)
        if marks["pending"]:
            marks["pending"] = False
            latencies.append(time.perf_counter() - marks["t0"])
            handlers.append(marks["handled"] - marks["t0"])

    FieldInput._on_key = on_key
    ScoringPanel.refresh_summary = refresh_summary
    Screen._compositor_refresh = compositor_refresh
    try:
        app = JixiaoApp(str(path))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            target = next(p for p, ind in screen.session.doc.iter_indicators()
                          if ind.weight is not None and ind.score is None and "%" in ind.actual)
            field = await _actual_field(pilot, screen, target)
            field.value = ""
            await pilot.pause()
            for _ in range(strokes):
                key = "0" if field.value == "9" else ("backspace" if field.value == "90" else "9")
                await pilot.press(key)
                await pilot.pause()
    finally:
        FieldInput._on_key = original_key
        ScoringPanel.refresh_summary = original_summary
        Screen._compositor_refresh = original_refresh
    return latencies, handlers


def main() -> None:
    from model import dumps_document
    from synth import make_document

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    pilot = "--pilot" in sys.argv
    grid = "--grid" in sys.argv
    recovery = "--recovery" in sys.argv
    size = int(args[0]) if args else 2000
    strokes = int(args[1]) if len(args) > 1 else 60
    os.environ.setdefault("JIXIAO_STATE_DIR", tempfile.mkdtemp(prefix="jixiao-bench-"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.toml"
        path.write_text(dumps_document(make_document(size)), encoding="utf-8")
        run = measure_grid if grid else measure_pilot if pilot else measure
        if recovery:
            latencies, handlers = asyncio.run(measure(path, strokes, RECOVERY_EVERY))
        else:
            latencies, handlers = asyncio.run(run(path, strokes))
    ms = sorted(x * 1000 for x in latencies)
    hs = sorted(x * 1000 for x in handlers)
    method = "pilot (first method)" if pilot else "driver"
    where = "Enter committing a score in the grid" if grid else "keystrokes in an actual value"
    print(f"form: {size} indicators; {len(ms)} {where}; {method}")
    print(f"keystroke → screen shows the new total: median {statistics.median(ms):.1f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms, min {ms[0]:.1f}, max {ms[-1]:.1f} "
          f"(target median ≤ 16 ms)")
    if recovery:
        p99 = ms[max(0, -(-len(ms) * 99 // 100) - 1)]
        print(f"  with a recovery write due every {RECOVERY_EVERY}th keystroke: p99 {p99:.1f} ms, "
              f"max {ms[-1]:.1f} ms (target p99 ≤ 33 ms)")
    if hs:
        print(f"  of which jixiao's handlers (key dispatch, validate, edit, rescore, refresh "
              f"widgets): median {statistics.median(hs):.1f} ms")
    yardstick = ROOT.parent / "shared" / "bench" / "bare_keystroke.py"
    if yardstick.is_file() and not pilot:
        import re
        import subprocess

        out = subprocess.run([sys.executable, str(yardstick), str(strokes)], capture_output=True, text=True,
                             timeout=600).stdout
        found = re.search(r"median ([\d.]+) ms", out)
        if found:
            bare = float(found.group(1))
            print(f"yardstick (bare Input -> Static, same session): median {bare:.1f} ms; "
                  f"ratio {statistics.median(ms) / bare:.2f}")


if __name__ == "__main__":
    main()
