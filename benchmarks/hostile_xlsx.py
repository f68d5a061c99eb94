"""Hostile and largest-allowed inputs to `jixiao import`: time and peak memory.

    .venv/bin/python benchmarks/hostile_xlsx.py            # every case
    .venv/bin/python benchmarks/hostile_xlsx.py merges     # the cases whose name contains "merges"

Each input is built in a temporary folder (the spreadsheet bombs by
tests/xlsx_bombs.py, a few kilobytes each), then imported by
`exchange.importer.import_file` in a fresh interpreter, so that the peak
memory (VmHWM) is that case's alone. Time is measured around `import_file`
in that interpreter (start-up and imports not included), as wall time and as
the process's CPU time (user + system, start-up included): on a machine shared
with other work the CPU time is the better estimate of the wall time alone.
Requirement (issue F3): every input within the documented limits is read or
refused within 10 s and 1 GB. Prints a Markdown table for docs/performance.md.
Never run as a test.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import xlsx_bombs as bombs  # noqa: E402

from exchange import limits  # noqa: E402

TIMEOUT = 120

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from exchange.importer import ImportFailed, import_file
t1 = time.perf_counter()
try:
    result = import_file(sys.argv[1])
    outcome = f"read: {sum(1 for _ in result.document.iter_indicators())} indicators, {len(result.notes)} notes"
except ImportFailed as err:
    outcome = "refused: " + str(err)
t2 = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss / 1024
try:  # ru_maxrss keeps the parent's high-water mark across fork and exec on Linux; VmHWM is this process's
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmHWM:"))
except OSError:
    pass
print(json.dumps({"seconds": t2 - t1, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak,
                  "outcome": outcome}, ensure_ascii=False))
"""


def _distinct_rows(path: Path, count: int) -> Path:
    """A sheet of `count` numbered empty rows and no <dimension>: elements that do not compress away."""
    head = bombs._sheet_head(None) + bombs._header_row()
    body = "".join(f'<row r="{i}"/>' for i in range(2, count + 2))
    return bombs._package(path, [("表", "", head + body, "", 0, "</sheetData></worksheet>")])


def _wide_sheets(path: Path, sheets: int, rows: int, columns: int) -> Path:
    """`sheets` sheets of `rows` x `columns` distinct text cells (inline strings)."""
    def letters(c: int) -> str:
        out = ""
        c += 1
        while c:
            c, rem = divmod(c - 1, 26)
            out = chr(65 + rem) + out
        return out

    cols = [letters(c) for c in range(columns)]
    parts = []
    for s in range(sheets):
        body = "".join(
            f'<row r="{r}">' + "".join(f'<c r="{cols[c]}{r}" t="inlineStr"><is><t>文字{r}-{c}</t></is></c>'
                                       for c in range(columns)) + "</row>"
            for r in range(1, rows + 1))
        parts.append((f"表{s + 1}", "", bombs._sheet_head(None) + body, "", 0, "</sheetData></worksheet>"))
    return bombs._package(path, parts)


def _many_merges(path: Path, count: int) -> Path:
    """A 10,000-row table of 5 columns with `count` different merged ranges (two cells each)."""
    rows = limits.MAX_ROWS
    row = "".join(f'<c r="{chr(65 + i)}{{r}}" t="inlineStr"><is><t>v{{r}}</t></is></c>' for i in range(5))
    body = "".join(f'<row r="{r}">{row.format(r=r)}</row>' for r in range(1, rows + 1))
    refs = "".join(f'<mergeCell ref="{"AC"[i % 2]}{i // 2 + 1}:{"BD"[i % 2]}{i // 2 + 1}"/>' for i in range(count))
    return bombs._package(path, [("表", "", bombs._sheet_head(None) + body + "</sheetData>"
                                  + f'<mergeCells count="{count}">' + refs, "", 0, "</mergeCells></worksheet>")])


def _everything(path: Path) -> Path:
    """Every count at its limit at once: 49,990 distinct shared strings; a sheet of 10,000 rows x
    10 cells using them (the cell limit) with 9,990 merged ranges; a second sheet of numbered empty
    rows up to the element limit; no <dimension> anywhere."""
    strings = limits.MAX_SHARED_STRINGS - 10
    cols = "ABCDEFGHIJ"[:limits.MAX_XML_CELLS // limits.MAX_ROWS]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>{(r * 10 + i) % strings}</v></c>'
                                              for i, c in enumerate(cols)) + "</row>"
                   for r in range(1, limits.MAX_ROWS + 1))
    merges = limits.MAX_MERGES - 10
    refs = "".join(f'<mergeCell ref="{"AC"[i % 2]}{i // 2 + 1}:{"BD"[i % 2]}{i // 2 + 1}"/>' for i in range(merges))
    sheet1 = (bombs._sheet_head(None) + body + f'</sheetData><mergeCells count="{merges}">' + refs
              + "</mergeCells></worksheet>")
    used = 3 * strings + limits.MAX_ROWS * (1 + 2 * len(cols)) + merges + 200
    filler = "".join(f'<row r="{i}"/>' for i in range(1, limits.MAX_ELEMENTS - used))
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{bombs.NS}">'
           + "".join(f"<si><t>文字{i}</t></si>" for i in range(strings)))
    return bombs._package(path, [("表", "", sheet1, "", 0, ""),
                                 ("填充", "", bombs._sheet_head(None) + filler, "", 0, "</sheetData></worksheet>")],
                          (sst, "", 0, "</sst>"))


def _text(path: Path, rows: int, columns: int, sep: str) -> Path:
    lines = [sep.join(f"文字{r}-{c}" for c in range(columns)) for r in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _largest_form() -> object:
    from synth import make_document

    from model.document import LIMITS

    return make_document(min(LIMITS.get("indicators", 3_000), 3_000))


def _export(path: Path, fmt: str) -> Path:
    from exchange.export import export_document

    export_document(_largest_form(), path, fmt, overwrite=True)
    return path


CASES: list[tuple[str, str, Callable[[Path], Path]]] = [
    # the report's bombs
    ("report: 10,000 merged ranges (A1:CV1000 each)", "merges10k.xlsx", lambda p: bombs.merges(p, 10_000)),
    ("report: 1,000 merged ranges", "merges1k.xlsx", lambda p: bombs.merges(p, 1_000)),
    ("report: 30 million shared strings", "strings30m.xlsx", lambda p: bombs.shared_strings(p, 30_000_000)),
    ("report: 20 million rows, no <dimension>", "rows20m.xlsx", lambda p: bombs.rows(p, 20_000_000)),
    ("report: hidden jixiao sheet of 1 million rows", "hidden1m.xlsx",
     lambda p: bombs.rows(p, 1_000_000, hidden=True)),
    ("report: one shared string of 400 MB", "long400m.xlsx", lambda p: bombs.long_string(p, 400 * 2 ** 20)),
    ("5,000 zip members", "members.xlsx", lambda p: bombs.members(p, 5_000)),
    ("20 overlapping merged ranges of 100,000 cells", "overlap.xlsx", lambda p: bombs.overlapping_merges(p, 20)),
    # just within (or just past) each limit, with as much work as the limit allows
    ("limit: 499,900 XML elements (numbered empty rows, no <dimension>)", "elements.xlsx",
     lambda p: _distinct_rows(p, limits.MAX_ELEMENTS - 100)),
    ("limit: 49,990 distinct shared strings", "strings.xlsx", lambda p: bombs.shared_strings(p, limits.MAX_SHARED_STRINGS - 10, distinct=True)),
    ("limit: 9,990 merged ranges in a 10,000-row table", "merges.xlsx",
     lambda p: _many_merges(p, limits.MAX_MERGES - 10)),
    ("limit: 2 sheets of 10,000 rows x 5 text cells (100,000 cells, 320,000 elements)", "wide.xlsx",
     lambda p: _wide_sheets(p, 2, limits.MAX_ROWS, 5)),
    ("limit: all of the above at once (strings, cells, merges, elements)", "everything.xlsx", _everything),
    ("limit: pasted text, 10,000 rows x 10 cells", "wide.txt", lambda p: _text(p, limits.MAX_ROWS, 10, "\t")),
    ("limit: CSV, 10,000 rows x 10 cells", "wide.csv", lambda p: _text(p, limits.MAX_ROWS, 10, ",")),
    # the largest form the model accepts, through its own exports
    ("largest form (3,000 indicators): its xlsx export", "largest.xlsx", lambda p: _export(p, "xlsx")),
    ("largest form (3,000 indicators): its CSV export", "largest.csv", lambda p: _export(p, "csv")),
]


def run_case(path: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                             cwd=ROOT, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cpu": None, "peak_mb": None, "outcome": f"still running after {TIMEOUT} s (killed)"}
    if run.returncode != 0:
        return {"seconds": time.perf_counter() - start, "cpu": None, "peak_mb": None,
                "outcome": "crashed: " + run.stderr.strip().splitlines()[-1][:100]}
    return json.loads(run.stdout)


def main(argv: list[str], cases: list[tuple[str, str, Callable[[Path], Path]]] | None = None) -> int:
    """Build and import each case whose label or file name contains an argument (all without
    arguments); print the table. benchmarks/hostile_docx.py runs its own cases through it."""
    wanted = [a for a in argv if not a.startswith("-")]
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; load average {os.getloadavg()[0]:.2f} at start; "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print()
    print("| input | file | import (wall) | CPU | peak memory | outcome |")
    print("|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, build in CASES if cases is None else cases:
            if wanted and not any(w in label or w in name for w in wanted):
                continue
            path = build(Path(tmp) / name)
            size = path.stat().st_size
            r = run_case(path)
            seconds = "—" if r["seconds"] is None else f"{r['seconds']:.2f} s"
            cpu = "—" if r.get("cpu") is None else f"{r['cpu']:.2f} s"
            peak = "—" if r["peak_mb"] is None else f"{r['peak_mb']:.0f} MB"
            outcome = str(r["outcome"])
            outcome = outcome if len(outcome) <= 70 else outcome[:70] + "…"
            print(f"| {label} | {size / 1024:,.0f} KB | {seconds} | {cpu} | {peak} | {outcome} |", flush=True)
            path.unlink()
    print()
    print(f"Load average {os.getloadavg()[0]:.2f} at the end.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
