"""The long fuzz run: 100,000 seeded forms through load → score → check → save → reload.

    .venv/bin/python benchmarks/fuzz_forms.py              # seeds 0 … 99,999
    .venv/bin/python benchmarks/fuzz_forms.py 1000000 50000  # 50,000 seeds from 1,000,000

The cases and the guarantees checked on each are those of the test suite's
short run (`tests/fuzzforms.py`, ten thousand seeds): only DocumentError with
Chinese messages escapes loading; a loaded form is within the limits, scores
without raising and completely, renders its findings, saves within the size
limit, loads back equal and saves to the same bytes. Prints the figures for
docs/reliability.md and every failing seed (rerun one with
`run_case(make_case(SEED))`). Never run as a test.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzforms import Tally, run  # noqa: E402


def main() -> int:
    start = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; load average {os.getloadavg()[0]:.2f}; {time.strftime('%Y-%m-%d %H:%M')}")
    tally = Tally()
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    step = 10_000
    for first in range(start, start + count, step):
        run(range(first, min(first + step, start + count)), tally, keep=50)
        print(f"  {tally.cases:,} cases, {len(tally.failures)} failures, "
              f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(f"cases {tally.cases:,}: loaded {tally.loaded:,} (scored, saved, reloaded), "
          f"refused {tally.refused:,}, failures {len(tally.failures)}")
    print(f"time: {wall:.0f} s wall, {cpu:.0f} s CPU ({cpu / tally.cases * 1000:.2f} ms CPU per case)")
    kinds = Counter(what.split(":")[0] for _, what in tally.failures)
    for kind, n in kinds.most_common():
        print(f"  {n} × {kind}")
    for seed, what in tally.failures[:50]:
        print(f"  seed {seed}: {what}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
