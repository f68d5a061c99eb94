"""From a keystroke in an indicator's actual value to the panel showing the
new total, with a 2,000-indicator form (headless, in process).

For each keystroke: t0 when the key reaches the input; t1 when the first
screen update after the panel's summary was refreshed has been rendered
(compositor done). Reported: median and 90th percentile of t1 − t0, and the
part spent in jixiao's own handlers (validate, edit, rescore, refresh the
widgets) before rendering.

    .venv/bin/python benchmarks/tui_update.py [N_INDICATORS] [KEYSTROKES]

Target: median ≤ 16 ms.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


async def measure(path: Path, strokes: int) -> tuple[list[float], list[float]]:
    from textual.screen import Screen

    from tui.app import JixiaoApp
    from tui.session import Address
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
            screen.go_to(Address("goals", target), "actual")
            await pilot.pause()
            field = screen.query_one("#indicator-actual", FieldInput)
            field.value = ""
            await pilot.pause()
            totals = set()
            for n in range(strokes):
                # type 90, 9, 90, 9, ... : every keystroke changes the total
                key = "0" if field.value == "9" else ("backspace" if field.value == "90" else "9")
                await pilot.press(key)
                await pilot.pause()
                totals.add(screen.session.result.total)
            assert len(totals) > 1, "the total never moved"
    finally:
        FieldInput._on_key = original_key
        ScoringPanel.refresh_summary = original_summary
        Screen._compositor_refresh = original_refresh
    return latencies, handlers


def main() -> None:
    from model import dumps_document
    from synth import make_document

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    strokes = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    os.environ.setdefault("JIXIAO_STATE_DIR", tempfile.mkdtemp(prefix="jixiao-bench-"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.toml"
        path.write_text(dumps_document(make_document(size)), encoding="utf-8")
        latencies, handlers = asyncio.run(measure(path, strokes))
    ms = sorted(x * 1000 for x in latencies)
    hs = sorted(x * 1000 for x in handlers)
    print(f"form: {size} indicators; {len(ms)} keystrokes in an actual value")
    print(f"keystroke → panel shows the new total: median {statistics.median(ms):.1f} ms, "
          f"p90 {ms[int(len(ms) * 0.9) - 1]:.1f} ms (target median ≤ 16 ms)")
    print(f"  of which jixiao's handlers (validate, edit, rescore, refresh widgets): "
          f"median {statistics.median(hs):.1f} ms")


if __name__ == "__main__":
    main()
