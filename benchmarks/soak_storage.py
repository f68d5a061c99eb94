"""Long adversarial runs of saving (the short versions are in the test suite:
tests/test_crash.py, tests/test_storage_race.py).

    .venv/bin/python benchmarks/soak_storage.py                 # 1,000 kills, 1,000 races per way
    .venv/bin/python benchmarks/soak_storage.py --kills 200 --races 200   # shorter

- kills: a child saves in a loop and is killed with SIGKILL at a random
  moment, N times; after each the form and FILE.bak must be whole versions
  and the temporary files left exactly what the cleaner removes.
- races: a save of NEW over OLD while another program (a forked process that
  does not take jixiao's lock, like an editor or a sync client) writes a
  third version at a random moment within the time a save takes here, by
  rename or in place. Each round ends "kept" (their version is the form: a
  conflict was shown, or they wrote after us), "backup" (it is FILE.bak and
  the save said so), "silent-backup" (FILE.bak, no word: an in-place writer
  still writing into the file we had just replaced) or "lost".
- steps: one save per step (every os call of the save), the other program
  writing just before it; on this machine's exchange rename, and as without
  it (macOS, network shares) and without hard links (FAT), and as on Windows
  (simulated: an open file cannot be renamed over there).

Prints Markdown tables for docs/reliability.md. POSIX only (fork, SIGKILL).
Never run as a test.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile import kill_rounds, patched, race_each_step, race_rounds  # noqa: E402

from model.storage import atomic as atomic_module  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--races", type=int, default=1000, help="rounds per way of writing")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    print(f"{platform.system()} {platform.release()}, Python {platform.python_version()}\n")

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        kills = kill_rounds(Path(folder) / "表.toml", args.kills, args.seed)
        took = time.perf_counter() - start
    print("| SIGKILL during saves | rounds | corrupt form or backup | temporary files left (all cleaned) | child errors | time |")
    print("|---|---|---|---|---|---|")
    print(f"| random moments | {kills['rounds']} | {kills['corrupt']} | {kills['temp_left']} "
          f"| {kills['errors']} | {took:.0f} s |\n")

    print("| Another program writes during a save | rounds | kept | backup (said so) | backup (no word) | lost | time |")
    print("|---|---|---|---|---|---|---|")
    for how in ("replace", "inplace"):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            t = race_rounds(Path(folder), args.races, args.seed, how=how, writer="process")
            took = time.perf_counter() - start
        print(f"| {how}, random moment | {t['rounds']} | {t['kept']} | {t['backup']} | {t['silent-backup']} "
              f"| {t['lost']} | {took:.0f} s |")
    print()

    print("| Another program writes before step k | steps | kept | backup (said so) | lost (at which call) |")
    print("|---|---|---|---|---|")
    for label, options, posix in (
            ("exchange rename", {}, True),
            ("no exchange, hard links", {"exchange": False}, True),
            ("no exchange, no hard links", {"exchange": False, "links": False}, True),
            ("Windows (simulated), hard links", {"exchange": False}, False),
            ("Windows (simulated), no hard links", {"exchange": False, "links": False}, False)):
        for how in ("replace", "inplace"):
            with tempfile.TemporaryDirectory() as folder, patched(atomic_module, "_POSIX", posix):
                results = race_each_step(Path(folder), how, **options)
            ends = [end for _, end in results.values()]
            lost = [f"{at}: {call}" for at, (call, end) in results.items() if end not in ("kept", "backup")]
            print(f"| {label}, {how} | {len(results)} | {ends.count('kept')} | {ends.count('backup')} "
                  f"| {len(lost)}{' (' + ', '.join(lost) + ')' if lost else ''} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
