"""offline/wine_lane.py's reading of pytest's output (Linux, no Wine): a run
without pytest's closing counts line (Wine aborting the process, a crash)
fails, whatever the process's exit code."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "offline"))
import wine_lane  # noqa: E402  (offline/ is not a package)

ABORTED = """\
..............................sFFFFFwine: Call from 000000017002D3F8 to unimplemented function KERNEL32.dll.CopyFile2, aborting
Windows fatal exception: code 0x80000100
  File "D:\\.wine-lane\\site\\_pytest\\main.py", line 343 in _main
  File "<frozen runpy>", line 198 in _run_module_as_main
wine: Unimplemented function KERNEL32.dll.CopyFile2 called at address 000000017002D3F8 (thread 0024), starting debugger...
"""

QUIET = """\
........s.F [100%]
FAILED tests/test_x.py::test_b - AssertionError
SKIPPED [1] tests/test_x.py:9: POSIX only: os.fork
1 failed, 9 passed, 1 skipped in 12.34s
"""

VERBOSE = "==== 3 passed, 2 skipped, 1 warning in 0.50s ====\n"


def test_an_aborted_run_has_no_counts_and_fails_even_with_exit_code_0():
    assert wine_lane.counts(ABORTED) is None
    code, line = wine_lane.result(0, None)
    assert code != 0
    assert line.startswith("windows: FAILED") and "without pytest's counts" in line


def test_an_aborted_run_keeps_its_own_nonzero_exit_code():
    assert wine_lane.result(3, wine_lane.counts(ABORTED))[0] == 3


def test_the_closing_counts_are_read_quiet_or_verbose():
    assert wine_lane.counts(QUIET) == {"failed": 1, "passed": 9, "skipped": 1}
    assert wine_lane.counts(VERBOSE) == {"passed": 3, "skipped": 2}


def test_a_count_in_a_test_name_or_message_is_not_the_closing_line():
    out = "FAILED tests/test_x.py::test_b - assert '2 passed in 3.0s' == ''\n"
    assert wine_lane.counts(out) is None


def test_a_finished_run_reports_its_counts_and_a_failure_is_non_zero():
    assert wine_lane.result(0, {"passed": 9, "skipped": 1}) == (0, "windows: 9 passed, 0 failed, 1 skipped")
    code, line = wine_lane.result(0, {"passed": 9, "error": 2})
    assert code == 1 and line == "windows: 9 passed, 2 failed, 0 skipped"


def test_a_rerun_that_aborts_makes_the_run_fail():
    assert wine_lane.rerun_counts({"passed": 9, "failed": 1}, None, 1) is None
    assert wine_lane.rerun_counts({"passed": 9, "failed": 1}, {"passed": 1}, 1) == {"passed": 10, "failed": 0}


def test_the_storage_run_holds_every_test_file_that_imports_model_storage():
    tests = Path(wine_lane.ROOT) / "tests"
    storage = set(wine_lane.storage_tests())
    importing = {f"tests/{path.name}" for path in tests.glob("test_*.py")
                 if re.search(r"^\s*(from|import) model\.storage", path.read_text(encoding="utf-8"), re.M)}
    assert "tests/test_storage_windows.py" in importing
    assert importing <= storage, f"add to STORAGE_TESTS: {sorted(importing - storage)}"
    assert {"tests/test_cli.py", "tests/test_exchange_cli.py", "tests/test_windows_bundle.py"} <= storage


def test_a_failed_tests_id_from_a_windows_line_has_no_carriage_return():
    out = "FAILED tests/test_a.py::test_x - AssertionError\r\nFAILED tests/test_b.py::test_y\r\n"
    assert wine_lane.failed_ids(out) == ["tests/test_a.py::test_x", "tests/test_b.py::test_y"]


def test_a_rerun_that_runs_nothing_leaves_the_failures_failed():
    merged = wine_lane.rerun_counts({"passed": 9, "failed": 2}, wine_lane.counts("no tests ran in 2.76s\n"), 2)
    assert merged == {"passed": 9, "failed": 2}
    assert wine_lane.result(4, merged) == (4, "windows: 9 passed, 2 failed, 0 skipped")
