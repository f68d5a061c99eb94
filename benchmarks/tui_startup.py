"""Start-up of the app against a bare Textual app, with a 2,000-indicator form.

Both run headless (no terminal output; layout and rendering still happen) in a
fresh process, and report the moment their first screen has been composed and
rendered. The figure is the time from just before the process is spawned to
that moment, so interpreter start and imports count.

    .venv/bin/python benchmarks/tui_startup.py [N_INDICATORS] [RUNS]
    .venv/bin/python benchmarks/tui_startup.py --file FORM.toml [RUNS]

Target: jixiao ≤ 1.5 × the bare app (a Tree of the same rows). With `--file`
the app opens that form instead of a synthetic one (e.g. the largest form the
limits accept, written by `benchmarks/largest_form.py --write DIR`); each
figure is followed by the peak memory (resident set) of the app's process.
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
            import resource
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(repr(time.time()), usage.ru_maxrss, usage.ru_utime + usage.ru_stime, flush=True)
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


def timed(script: str) -> tuple[float, float, float]:
    """Seconds to the first screen, the process's peak memory in MB, and the
    CPU seconds it used until then (the figure to compare on a busy machine)."""
    env = dict(os.environ, JIXIAO_STATE_DIR=tempfile.mkdtemp(prefix="jixiao-bench-"))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                         timeout=120)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    moment, peak, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(moment) - start, int(peak) / 1024, float(cpu)


def main() -> None:
    from model import dumps_document, load_document
    from synth import make_document

    args = sys.argv[1:]
    source = None
    if args[:1] == ["--file"]:
        source = Path(args[1])
        args = args[2:]
        doc = load_document(source)
    else:
        doc = make_document(int(args[0]) if args else 2000)
        args = args[1:]
    runs = int(args[0]) if args else 7
    shape = [[[len(sub.indicators) for sub in level.sublevels] for level in goal.levels]
             for goal in doc.goals]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.toml"
        if source is not None:
            path.write_bytes(source.read_bytes())
        else:
            path.write_text(dumps_document(doc), encoding="utf-8")
        first = textwrap.indent(textwrap.dedent(FIRST_SCREEN), "    ")
        ours = JIXIAO.format(root=str(ROOT), path=str(path), first_screen=first)
        bare = BARE.format(shape=shape, first_screen=first)
        timed(ours), timed(bare)  # warm the file cache and .pyc files
        a, b = [], []
        for _ in range(runs):
            a.append(timed(ours))
            b.append(timed(bare))
    jixiao, base = statistics.median(t for t, _, _ in a), statistics.median(t for t, _, _ in b)
    rows = sum(1 for _ in doc.iter_indicators())
    what = f"{source.name}, " if source is not None else ""
    print(f"form: {what}{rows} indicators; {runs} runs each, median seconds to the first screen")
    print(f"bare Textual app, one Tree of the same rows: {base * 1000:.0f} ms "
          f"(CPU {statistics.median(c for _, _, c in b) * 1000:.0f} ms), peak {max(m for _, m, _ in b):.0f} MB")
    print(f"jixiao with the form:                       {jixiao * 1000:.0f} ms "
          f"(CPU {statistics.median(c for _, _, c in a) * 1000:.0f} ms), peak {max(m for _, m, _ in a):.0f} MB")
    print(f"ratio: {jixiao / base:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
