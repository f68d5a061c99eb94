"""Core benchmarks: load+validate, full scoring, rescoring after one edit,
save, and the `jixiao check` start-up against the floor every pydantic
program pays (import pydantic, declare one model, parse the same TOML with
tomllib), alternated run by run in the same session.

    .venv/bin/python benchmarks/run.py            # all sizes
    .venv/bin/python benchmarks/run.py --quick    # fewer repeats

Prints a Markdown table for docs/performance.md. Never run as a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from model import LIMITS, dumps_document, loads_document  # noqa: E402
from model.storage import save_document  # noqa: E402
from model.edit import update_at  # noqa: E402
from scoring import ScoreCache, score_document  # noqa: E402
from synth import first_indicator_path, make_document  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def med(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f}"


def bench_size(n: int, repeat: int) -> dict[str, str]:
    doc = make_document(n)
    text = dumps_document(doc)
    data = text.encode()
    load = timed(lambda: loads_document(data), max(3, repeat // 4))
    full = timed(lambda: score_document(doc), max(3, repeat // 4))
    cache = ScoreCache()
    score_document(doc, cache)
    path = first_indicator_path(doc)
    # A keystroke: change one actual value, then rescore with the cache.
    values = ["9次", "10次", "11次", "12次"]
    state = {"doc": doc, "i": 0}

    def edit_and_rescore() -> None:
        state["i"] += 1
        state["doc"] = update_at(state["doc"], path, actual=values[state["i"] % 4])
        score_document(state["doc"], cache)

    rescore = timed(edit_and_rescore, repeat)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "form.toml"
        # a document never written before each time: writing one again after an
        # edit reuses the text of its unchanged items (model/files.py)
        saves = max(3, repeat // 4)
        fresh = [loads_document(data) for _ in range(saves)]
        save = timed(lambda: save_document(fresh.pop(), target), saves)
    return {"n": str(n), "bytes": f"{len(data) // 1024} KB", "load": med(load), "score": med(full),
            "rescore": med(rescore), "save": med(save)}


# The floor of a pydantic program that reads a form (issue 12's yardstick for `jixiao check`).
FLOOR = """
import sys, tomllib
from pydantic import BaseModel

class Form(BaseModel):
    title: str = ""

with open(sys.argv[1], "rb") as fh:
    raw = tomllib.load(fh)
Form(title=raw.get("title", ""))
"""


def bench_cli(repeat: int) -> tuple[float, float]:
    sample = ROOT / "benchmarks" / "out" / "form-50.toml"
    sample.parent.mkdir(exist_ok=True)
    sample.write_text(dumps_document(make_document(50)), encoding="utf-8")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    py = sys.executable

    def run(cmd: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        return (time.perf_counter() - t0) * 1000

    base_cmd = [py, "-c", FLOOR, str(sample)]
    check_cmd = [py, "-m", "jixiao", "check", str(sample)]
    for cmd in (base_cmd, check_cmd):  # warm the file cache and .pyc files
        run(cmd)
    base, check = [], []
    for _ in range(repeat):  # alternated, so a load change touches both alike
        base.append(run(base_cmd))
        check.append(run(check_cmd))
    return statistics.median(base), statistics.median(check)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeat = 20 if args.quick else 100
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print()
    print("| indicators | file | load+validate ms | full scoring ms | rescore after one edit ms | save ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    # 3,000 indicators is the most a form may hold (LIMITS in model/document.py)
    for n in (50, 2000, LIMITS["indicators"]):
        r = bench_size(n, repeat if n < LIMITS["indicators"] else max(10, repeat // 5))
        print(f"| {r['n']} | {r['bytes']} | {r['load']} | {r['score']} | {r['rescore']} | {r['save']} |")
    base, check = bench_cli(10 if args.quick else 20)
    print()
    print(f"pydantic floor (import, one model, tomllib parse): {base:.0f} ms; "
          f"`jixiao check` (50 indicators): {check:.0f} ms; ratio {check / base:.2f} (target ≤ 1.2)")


if __name__ == "__main__":
    main()
