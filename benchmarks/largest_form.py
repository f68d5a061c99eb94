"""The largest forms the limits accept: how long they take to load, score and
check, and how long hostile files past the limits take to be refused.

    .venv/bin/python benchmarks/largest_form.py            # the table for docs/performance.md
    .venv/bin/python benchmarks/largest_form.py --write DIR  # also write the forms (for the app)

Two largest forms (model/document.py LIMITS, model/limits.py):

- "rows": every row the limits allow (LIMITS["rows"] goals, levels,
  sublevels and indicators, LIMITS["indicators"] of them indicators), every
  indicator with all its fields filled, texts long enough to bring the file
  to just under the size limit, plus the most funds rows and projects;
- "text": a few goals and the narrative with texts at their length limits,
  up to the size limit.

Each is written out, then read back the way `jixiao check` reads it (bytes →
TOML → limits → validation → the saved-size check), scored, and its findings
rendered. Peak memory is the process's maximum resident set. Never run as a
test.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model import (  # noqa: E402
    LIMITS,
    MAX_FILE_BYTES,
    Document,
    DocumentError,
    Execution,
    FundRow,
    Goal,
    Indicator,
    Kind,
    LevelOne,
    LevelTwo,
    Narrative,
    ProjectRef,
    dumps_document,
    loads_document,
)
from model.limits import limit_problems  # noqa: E402
from model.text import inert  # noqa: E402
from scoring import score_document  # noqa: E402

ROWS = (("≥{n}次", "{m}次"), ("≥90%", "95%"), ("≤{n}万元", "{m}万元"), ("保障", "保障"),
        ("不少于{n}场", "{m}余场"), ("100%", "100%"), ("逐年上升", "逐年上升"), ("≥95%", "93%"))


def _indicator(k: int, pad: str) -> Indicator:
    t, a = ROWS[k % len(ROWS)]
    n = 1 + k % 17
    return Indicator(name=f"指标{k + 1:05d}{pad}", target=t.format(n=n), actual=a.format(m=n + k % 5 - 1),
                     weight=Decimal("0.016"), score=Decimal("0.01") if k % 3 == 0 else None,
                     reason=pad if k % 4 == 0 else "", improvement=pad if k % 4 == 0 else "")


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def rows_form(pad_chars: int) -> Document:
    """Exactly LIMITS["rows"] rows, LIMITS["indicators"] of them indicators,
    under goals of three level ones with sublevels spread evenly."""
    pad = "说明" * (pad_chars // 2)
    groups = LIMITS["rows"] - LIMITS["indicators"]  # goals + levels + sublevels
    goals = min(LIMITS["goals"], max(1, groups // 15))
    levels = goals * 3
    subs = _spread(groups - goals - levels, levels)  # per level one
    inds = iter(_spread(LIMITS["indicators"], sum(subs)))  # per sublevel
    out, k = [], 0
    for g in range(goals):
        level_ones = []
        for lv in range(3):
            level_twos = []
            for s in range(subs[g * 3 + lv]):
                count = next(inds)
                level_twos.append(LevelTwo(name=f"二级指标{s + 1}", indicators=tuple(
                    _indicator(k + i, pad) for i in range(count))))
                k += count
            level_ones.append(LevelOne(name=("产出指标", "效益指标", "满意度指标")[lv],
                                       sublevels=tuple(level_twos)))
        out.append(Goal(title=f"年度目标{g + 1}", target=pad, weight=Decimal("0.4"), levels=tuple(level_ones)))
    return Document(
        kind=Kind.department, title="最大表单（行数）", unit="合成单位", year=2024,
        execution=Execution(weight=Decimal(20), budget=Decimal("1000.00"), spent=Decimal("987.65"),
                            funds=tuple(FundRow(name=f"资金{i}", budget=Decimal(1))
                                        for i in range(LIMITS["funds"]))),
        goals=tuple(out),
        projects=tuple(ProjectRef(name=f"项目{i}", budget=Decimal(1)) for i in range(LIMITS["projects"])),
    )


def text_form(goals: int) -> Document:
    """Few rows, texts at their length limits, up to the size limit (the
    narrative summary alone is 300 KB of Chinese)."""
    long = "长" * LIMITS["text"]  # 300 KB in UTF-8
    name = "名" * LIMITS["name"]
    return Document(
        kind=Kind.project, title=name, unit=name, project_name=name, year=2024,
        goals=tuple(Goal(title=name, target=long, actual=long if g % 2 else "", weight=Decimal(1),
                         levels=(LevelOne(name=name, sublevels=(LevelTwo(name=name, indicators=(
                             Indicator(name=name, target="≥1次", actual="1次", weight=Decimal(1),
                                       reason=long[:LIMITS["text"] // 4]),)),)),))
                    for g in range(goals)),
        narrative=Narrative(summary=long),
    )


def largest(make, lo: int, hi: int) -> tuple[Document, str]:
    """The largest form `make(n)` whose saved text is within the size limit."""
    best = None
    while lo <= hi:
        mid = (lo + hi) // 2
        doc = make(mid)
        text = dumps_document(doc)
        if len(text.encode("utf-8")) <= MAX_FILE_BYTES:
            best, lo = (doc, text), mid + 1
        else:
            hi = mid - 1
    assert best is not None
    return best


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(data: bytes) -> tuple[float, float, float, int, float]:
    """(load, score, render) in ms, the number of findings, and the CPU ms of
    all three: `jixiao check`'s work. On a busy machine the CPU time is the
    figure to compare."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    doc = loads_document(data)
    t1 = time.perf_counter()
    result = score_document(doc)
    t2 = time.perf_counter()
    lines = [f"{inert(f.path)}: [{f.code}] {inert(f.message)}" for f in result.findings]
    t3 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, len(lines), \
        (time.process_time() - c0) * 1000


def refusal(text: str) -> tuple[float, float]:
    """Wall and CPU ms until the text is refused."""
    c0, t0 = time.process_time(), time.perf_counter()
    try:
        loads_document(text.encode("utf-8"))
    except DocumentError:
        return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    raise AssertionError("not refused")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", help="write the largest forms into this folder")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; load average {os.getloadavg()[0]:.2f}; {time.strftime('%Y-%m-%d %H:%M')}")
    forms = {"rows": largest(rows_form, 0, 400), "text": largest(text_form, 1, 40)}
    print()
    print("| form | rows | indicators | findings | file | load+validate | score | render findings "
          "| total | total CPU | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, (doc, text) in forms.items():
        assert limit_problems(doc, text) == [], label
        data = text.encode("utf-8")
        if args.write:
            Path(args.write).mkdir(parents=True, exist_ok=True)
            (Path(args.write) / f"largest-{label}.toml").write_bytes(data)
        rows = len(doc.goals) + sum(len(g.levels) + sum(len(lv.sublevels) for lv in g.levels)
                                    for g in doc.goals)
        inds = sum(1 for _ in doc.iter_indicators())
        del doc
        gc.collect()
        runs = [check(data) for _ in range(args.runs)]
        load, score, render = (statistics.median(r[i] for r in runs) for i in range(3))
        cpu = statistics.median(r[4] for r in runs)
        print(f"| {label} | {rows + inds:,} | {inds:,} | {runs[0][3]:,} | {len(data) / 1024:,.0f} KB "
              f"| {load:.0f} ms | {score:.0f} ms | {render:.0f} ms | {load + score + render:.0f} ms "
              f"| {cpu:.0f} ms | {peak_mb():.0f} MB |")
    print()
    print("Refused (median of 3, wall / CPU):")
    hostile = {
        "209,000 [[goals]] (2 MB)": "[[goals]]\n" * 209_000,
        "690,000 inline goals (2 MB)": "goals = [" + "{}," * 690_000 + "]\n",
        "one goal over the limit": "[[goals]]\n" * (LIMITS["goals"] + 1),
        "one indicator over the limit": "[[goals]]\n[[goals.levels]]\n[[goals.levels.sublevels]]\n"
        + "[[goals.levels.sublevels.indicators]]\n" * (LIMITS["indicators"] + 1),
        "a file over 2 MB": "#" * (MAX_FILE_BYTES + 1),
    }
    for label, text in hostile.items():
        times = [refusal(text) for _ in range(3)]
        print(f"- {label}: {statistics.median(t for t, _ in times):.0f} ms / "
              f"{statistics.median(c for _, c in times):.0f} ms")


if __name__ == "__main__":
    main()
