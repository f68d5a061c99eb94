"""Start-up of the app against a bare Textual app, with a 2,000-indicator form.

Both run headless (no terminal output; layout and rendering still happen) in a
fresh process, and report the moment their first screen has been composed and
rendered. The figure is the time from just before the process is spawned to
that moment, so interpreter start and imports count.

    .venv/bin/python benchmarks/tui_startup.py [N_INDICATORS] [RUNS]

Target: jixiao ≤ 1.5 × the bare app (a Tree of the same rows).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FIRST_SCREEN = """
    def on_ready(self) -> None:
        # Ready comes after the first screen is composed; one more refresh
        # makes sure it has been rendered too.
        def done() -> None:
            print(repr(time.time()), flush=True)
            self.exit()
        self.call_after_refresh(done)
"""

JIXIAO = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from tui.app import JixiaoApp

    class Bench(JixiaoApp):
    {first_screen}

    Bench({path!r}).run(headless=True, size=(120, 40))
""")

BARE = textwrap.dedent("""
    import sys, time
    from textual.app import App
    from textual.widgets import Tree

    SHAPE = {shape!r}

    class Bench(App):
        def compose(self):
            tree = Tree("表单")
            tree.root.add_leaf("预算执行  19.78/20")
            for g, levels in enumerate(SHAPE):
                goal = tree.root.add(f"年度目标{{g + 1}}  19/20", expand=True)
                for l, subs in enumerate(levels):
                    level = goal.add(f"一级指标{{l}}  15/—", expand=True)
                    for s, count in enumerate(subs):
                        sub = level.add(f"二级指标{{s}}  7/—", expand=True)
                        for i in range(count):
                            sub.add_leaf(f"指标{{i:05d}}（产出数量）  4/5")
            tree.root.expand()
            yield tree
    {first_screen}

    Bench().run(headless=True, size=(120, 40))
""")


def timed(script: str) -> float:
    env = dict(os.environ, JIXIAO_STATE_DIR=tempfile.mkdtemp(prefix="jixiao-bench-"))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=120)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return float(out.stdout.strip().splitlines()[-1]) - start


def main() -> None:
    from model import dumps_document
    from synth import make_document

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    doc = make_document(size)
    shape = [[[len(sub.indicators) for sub in level.sublevels] for level in goal.levels]
             for goal in doc.goals]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.toml"
        path.write_text(dumps_document(doc), encoding="utf-8")
        first = textwrap.indent(textwrap.dedent(FIRST_SCREEN), "    ")
        ours = JIXIAO.format(root=str(ROOT), path=str(path), first_screen=first)
        bare = BARE.format(shape=shape, first_screen=first)
        timed(ours), timed(bare)  # warm the file cache and .pyc files
        a, b = [], []
        for _ in range(runs):
            a.append(timed(ours))
            b.append(timed(bare))
    jixiao, base = statistics.median(a), statistics.median(b)
    rows = sum(1 for _ in doc.iter_indicators())
    print(f"form: {rows} indicators; {runs} runs each, median seconds to the first screen")
    print(f"bare Textual app, one Tree of the same rows: {base * 1000:.0f} ms")
    print(f"jixiao with the form:                       {jixiao * 1000:.0f} ms")
    print(f"ratio: {jixiao / base:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
