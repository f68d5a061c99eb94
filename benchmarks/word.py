"""Word output: the form as .docx and the drafted report, for forms of 50 and
2,000 indicators (synthetic, benchmarks/synth.py), and the Hongshan 2024 sample.

    .venv/bin/python benchmarks/word.py

Prints a Markdown table for docs/exchange.md (best of 3, seconds). Never run as a test.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from exchange.report import report_bytes  # noqa: E402
from exchange.word import form_docx_bytes  # noqa: E402
from exchange.xlsx import xlsx_bytes  # noqa: E402
from model import load_document  # noqa: E402
from synth import make_document  # noqa: E402


def best(fn, repeat: int = 3) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - t0)
    return min(times), size


def main() -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| form | xlsx s | docx form s | report s | report KB |")
    print("|---|---:|---:|---:|---:|")
    forms = [("Hongshan 2024 (25 indicators)", load_document(ROOT / "sample_data" / "hongshan-2024-department.toml")),
             ("50 indicators", make_document(50)), ("2,000 indicators", make_document(2000))]
    for label, doc in forms:
        x, _ = best(lambda: xlsx_bytes(doc))
        f, _ = best(lambda: form_docx_bytes(doc))
        r, size = best(lambda: report_bytes(doc))
        print(f"| {label} | {x:.2f} | {f:.2f} | {r:.2f} | {size // 1024} |")


if __name__ == "__main__":
    main()
