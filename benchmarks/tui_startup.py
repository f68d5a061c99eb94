"""Start-up of the app against the yardstick: a bare Textual app that reads the
same TOML with tomllib and shows its tree and total (`bare_tree_app.py` of
the shared benchmarks, or the copy of its logic below when that is missing).

Two ways, both alternating the two apps run by run so that a change in the
machine's load touches both alike:

- headless: each app runs in a fresh process without a terminal (layout and
  rendering still happen) and prints the end of the first screen update
  whose text holds the form's total (`总分 97.78`), the same moment the pty
  mode waits for; the figure is from just before the process is spawned to
  that moment (interpreter start and imports count);
- pty: each app runs in tmux at 80×24, and the figure is the time until the
  form's total is on the screen (polled every 10 ms), as a person sees it.

    .venv/bin/python benchmarks/tui_startup.py [--runs N] [--no-pty] [--no-headless] [--file FORM] [--floor]

`--floor` also runs, headless, the yardstick plus the pydantic floor (import
pydantic, declare one model, validate the parsed form with it before the
first screen), the least any app pays that shows only a validated form.

Forms: Hongshan 2024, Dongxihu 2025, and a synthetic form of 2,000 indicators;
with `--file`, that form only (e.g. the largest form the limits accept,
written by `benchmarks/largest_form.py --write DIR`).
Targets (issue 12): ≤ 1.3 × the yardstick for the real forms, ≤ 1.5 × at 2,000.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

YARDSTICK = ROOT.parent / "shared" / "bench" / "bare_tree_app.py"
JIXIAO = Path(sys.executable).with_name("jixiao")

# The moment the form's total is first drawn: after every screen update
# (compositor refresh) of the screen on top, the time is taken, then the
# screen's text is looked at (as a person would look at it); the first update
# whose text holds the total is the figure. The same probe runs in both apps.
FIRST_SCREEN = """
import io, time
from rich.console import Console
from textual.screen import Screen

_refresh = Screen._compositor_refresh

def _probe(screen):
    _refresh(screen)
    app = screen.app
    if app.screen is not screen or not screen.is_attached:
        return
    stamp = time.time()
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False)
    console.print(screen._compositor.render_update(full=True,
                                                   screen_stack=app._background_screens))
    if WANT in console.export_text():
        if SPANS:
            STAMPS["first frame"] = stamp
            print(repr(STAMPS), flush=True)
        print(repr(stamp), flush=True)
        app.exit()

Screen._compositor_refresh = _probe
WANT = {want!r}

# `--spans`: the moments between start and the first frame (time.time()),
# printed before the end stamp: when App.run is called (every module the
# app imports at the top is imported by then), and what `mark` adds.
SPANS = {spans!r}
STAMPS = {{}}


def mark(name, func):
    import functools

    @functools.wraps(func)  # Textual passes a handler its message by its signature
    def marked(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        finally:
            STAMPS.setdefault(name, time.time())
    return marked


if SPANS:
    from textual.app import App

    _run_unmarked = App.run

    def _run_marked(self, *args, **kwargs):
        STAMPS.setdefault("imports", time.time())
        return _run_unmarked(self, *args, **kwargs)

    App.run = _run_marked
"""

# `--spans` for jixiao: the form read and validated (Session.open), scored
# (the first Session.result), the main screen composed.
OURS_SPANS = """
import tui.session, tui.screens.main
from tui.session import Session
Session.open = classmethod(mark("read + validated", Session.open.__func__))
tui.session.score_document = mark("scored", tui.session.score_document)
tui.screens.main.MainScreen.on_mount = mark("main screen mounted",
                                            tui.screens.main.MainScreen.on_mount)
"""

# `--spans` for the floor: the form read and validated.
FLOOR_SPANS = """
Form.model_validate = mark("read + validated", Form.model_validate)
"""

# jixiao is started as the `jixiao FILE` command starts it (jixiao.cli.main),
# only headless
OURS = """
import sys
sys.path.insert(0, {root!r})
{first_screen}
from textual.app import App

_run = App.run

def _headless(self, *args, **kwargs):
    kwargs.update(headless=True, size=(80, 24))
    return _run(self, *args, **kwargs)

App.run = _headless
from jixiao.cli import main
{spans}
main([{path!r}])
"""

BARE = """
import sys
sys.path.insert(0, {bench!r})
{first_screen}
from bare_tree_app import Bare

Bare({path!r}, {total!r}).run(headless=True, size=(80, 24))
"""

# `--floor`: the yardstick plus what any app pays that validates the form
# with pydantic before showing it (import pydantic, declare one model,
# validate the parsed TOML with it): the part of the distance to the
# yardstick that the issue's own rule (one validated model behind every
# screen) puts out of reach.
BARE_PYDANTIC = """
import sys
sys.path.insert(0, {bench!r})
{first_screen}
import tomllib
from pydantic import BaseModel, ConfigDict
from bare_tree_app import Bare


class Form(BaseModel):
    model_config = ConfigDict(extra="allow")
    title: str = ""


{spans}


class Floor(Bare):
    def compose(self):
        with open(self.path, "rb") as f:
            Form.model_validate(tomllib.load(f))
        yield from super().compose()


Floor({path!r}, {total!r}).run(headless=True, size=(80, 24))
"""

# The yardstick's logic, for a checkout without the shared benchmarks.
BARE_COPY = '''
import sys, tomllib
from textual.app import App
from textual.widgets import Static, Tree

class Bare(App):
    def __init__(self, path, total):
        super().__init__()
        self.path, self.total = path, total

    def compose(self):
        with open(self.path, "rb") as f:
            form = tomllib.load(f)
        yield Static(f"{self.path}    总分 {self.total}")
        tree = Tree(form.get("title", "表单"))
        for goal in form.get("goals", []):
            g = tree.root.add(goal.get("title", ""), expand=True)
            for level in goal.get("levels", []):
                l1 = g.add(level.get("name", ""), expand=True)
                for sub in level.get("sublevels", []):
                    l2 = l1.add(sub.get("name", ""), expand=True)
                    for ind in sub.get("indicators", []):
                        l2.add_leaf(ind.get("name", ""))
        tree.root.expand()
        yield tree

if __name__ == "__main__":
    Bare(sys.argv[1], sys.argv[2]).run()
'''


def _env() -> dict[str, str]:
    return dict(os.environ, JIXIAO_STATE_DIR=tempfile.mkdtemp(prefix="jixiao-bench-"))


def headless(script: str) -> float:
    return headless_spans(script)[-1][1]


def headless_spans(script: str) -> list[tuple[str, float]]:
    """Run `script` without a terminal; the moments it printed (with
    `--spans`, each named; the last is the first frame), in seconds from
    just before the process was spawned."""
    import ast

    start = time.time()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_env(),
                         timeout=120)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    lines = out.stdout.strip().splitlines()
    end = float(lines[-1]) - start
    if len(lines) < 2 or not lines[-2].startswith("{"):
        return [("first frame", end)]
    stamps = ast.literal_eval(lines[-2])
    return sorted(((name, at - start) for name, at in stamps.items()), key=lambda s: s[1])


def in_tmux(command: list[str], want: str, limit: float = 30) -> float:
    """Seconds from starting `command` in tmux at 80×24 until `want` is on screen."""
    session = f"jxbench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    env_args = [f"JIXIAO_STATE_DIR={_env()['JIXIAO_STATE_DIR']}"]
    shell = " ".join(env_args + [_quote(c) for c in command]) + "; sleep 30"
    t0 = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", shell], check=True)
    try:
        while time.perf_counter() - t0 < limit:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
            if want in screen:
                return time.perf_counter() - t0
            time.sleep(0.01)
        raise SystemExit(f"{command[0]}: {want} not on screen within {limit} s")
    finally:
        subprocess.run(["tmux", "send-keys", "-t", session, "C-q"], capture_output=True)
        time.sleep(0.3)
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def forms(folder: Path, only: Path | None = None) -> list[tuple[str, Path, str]]:
    from model import dumps_document, load_document
    from scoring import score_document
    from scoring.rules import fmt
    from synth import make_document

    if only is not None:
        return [(only.name, only, fmt(score_document(load_document(only)).total))]
    out = []
    for name in ("hongshan-2024-department.toml", "dongxihu-2025-department.toml"):
        path = ROOT / "sample_data" / name
        out.append((name, path, fmt(score_document(load_document(path)).total)))
    doc = make_document(2000)
    path = folder / "synthetic-2000.toml"
    path.write_text(dumps_document(doc), encoding="utf-8")
    out.append(("synthetic, 2,000 indicators", path, fmt(score_document(doc).total)))
    return out


def spans(label: str, path: Path, total: str, yardstick: Path, runs: int) -> None:
    """`--spans`: jixiao and the pydantic floor alternated, headless; the
    median moment of each step from the spawn, and the step's own length."""
    first = FIRST_SCREEN.format(want=f"总分 {total}", spans=True)
    ours = OURS.format(root=str(ROOT), path=str(path), first_screen=first, spans=OURS_SPANS)
    floor = BARE_PYDANTIC.format(bench=str(yardstick.parent), path=str(path), total=total,
                                 first_screen=first, spans=FLOOR_SPANS)
    headless_spans(ours), headless_spans(floor)  # warm the file cache and .pyc files
    runs_of: dict[str, list[list[tuple[str, float]]]] = {"jixiao": [], "floor": []}
    for _ in range(runs):
        runs_of["jixiao"].append(headless_spans(ours))
        runs_of["floor"].append(headless_spans(floor))
    print(f"\n{label}: median ms from the spawn (step's own length)")
    print("| app | " + " | ".join(["step"] * 5) + " |")
    for app, measured in runs_of.items():
        names = [name for name, _ in measured[0]]
        medians = [statistics.median(dict(run)[name] for run in measured) * 1000 for name in names]
        cells, before = [], 0.0
        for name, at in zip(names, medians):
            cells.append(f"{name} {at:.0f} (+{at - before:.0f})")
            before = at
        print(f"| {app} | " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-pty", action="store_true")
    parser.add_argument("--no-headless", action="store_true")
    parser.add_argument("--yardstick", type=Path, default=YARDSTICK)
    parser.add_argument("--file", type=Path, default=None, help="measure this form only")
    parser.add_argument("--floor", action="store_true",
                        help="headless, also the yardstick plus the pydantic floor")
    parser.add_argument("--spans", action="store_true",
                        help="headless, jixiao and the pydantic floor: where the time goes")
    args = parser.parse_args()
    # Byte-compile jixiao's modules, as pip does for an installed package:
    # Textual's are compiled in the venv, and with PYTHONDONTWRITEBYTECODE set
    # (or a read-only checkout) jixiao's would otherwise be compiled on every
    # start (≈ 70 ms), which is not what an installed jixiao pays.
    import compileall

    for package in ("model", "scoring", "exchange", "tui", "jixiao"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        yardstick = args.yardstick
        if not yardstick.is_file():
            yardstick = folder / "bare_tree_app.py"
            yardstick.write_text(BARE_COPY, encoding="utf-8")
        print(f"yardstick: {args.yardstick if args.yardstick.is_file() else 'the copy in this script'}; "
              f"{args.runs} runs each, alternated; medians")
        if args.floor:
            print("| form | mode | yardstick ms | yardstick + pydantic floor ms | jixiao ms "
                  "| ratio | floor's ratio | jixiao / floor |")
            print("|---|---|---:|---:|---:|---:|---:|---:|")
        else:
            print("| form | mode | yardstick ms | jixiao ms | ratio |")
            print("|---|---|---:|---:|---:|")
        if args.spans:
            for label, path, total in forms(folder, args.file):
                spans(label, path, total, yardstick, args.runs)
            return
        for label, path, total in forms(folder, args.file):
            modes = []
            if not args.no_headless:
                first = FIRST_SCREEN.format(want=f"总分 {total}", spans=False)
                ours = OURS.format(root=str(ROOT), path=str(path), first_screen=first, spans="")
                bare = BARE.format(bench=str(yardstick.parent), path=str(path), total=total,
                                   first_screen=first)
                floor = BARE_PYDANTIC.format(bench=str(yardstick.parent), path=str(path),
                                             total=total, first_screen=first, spans="")
                modes.append(("headless", lambda o=ours: headless(o), lambda b=bare: headless(b),
                              (lambda f=floor: headless(f)) if args.floor else None))
            if not args.no_pty and shutil.which("tmux") and JIXIAO.exists():
                want = f"总分 {total}"
                modes.append(("tmux 80×24",
                              lambda p=path, w=want: in_tmux([str(JIXIAO), str(p)], w),
                              lambda p=path, t=total, w=want: in_tmux(
                                  [sys.executable, str(yardstick), str(p), t], w), None))
            for mode, run_ours, run_bare, run_floor in modes:
                run_ours(), run_bare()  # warm the file cache and .pyc files
                a, b, c = [], [], []
                for _ in range(args.runs):
                    a.append(run_ours())
                    b.append(run_bare())
                    if run_floor is not None:
                        c.append(run_floor())
                ours_ms, bare_ms = statistics.median(a) * 1000, statistics.median(b) * 1000
                if args.floor:
                    floor_ms = statistics.median(c) * 1000 if c else float("nan")
                    print(f"| {label} | {mode} | {bare_ms:.0f} | {floor_ms:.0f} | {ours_ms:.0f} "
                          f"| {ours_ms / bare_ms:.2f} | {floor_ms / bare_ms:.2f} "
                          f"| {ours_ms / floor_ms:.2f} |", flush=True)
                else:
                    print(f"| {label} | {mode} | {bare_ms:.0f} | {ours_ms:.0f} "
                          f"| {ours_ms / bare_ms:.2f} |", flush=True)


if __name__ == "__main__":
    main()
