"""Importing real forms: Word, .xls and converted text, against a yardstick; and how
fast bad input gets its message.

    .venv/bin/python benchmarks/import_forms.py

For each input: the median of `exchange.importer.import_forms` in process (warm),
and a fresh process doing the import (`python -c ...`, cold: interpreter start,
imports, reading, scoring the total line) against a fresh process doing only the
yardstick on the same file: `import docx; docx.Document(path)` for Word,
`import xlrd; xlrd.open_workbook(path, formatting_info=True)` for .xls, and
`import openpyxl` plus reading the file for text. Then the time to the message for
each kind of bad input of the issue (encrypted, Word 97, corrupt, 100 MB, no form
table, 10,000 merged cells). Prints Markdown for docs/performance.md. Never run as
a test.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

DATA = ROOT / "tests" / "data"


def cold(code: str, repeat: int = 5) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system, ms) of a fresh interpreter
    running `code`. CPU time is what the work costs; wall time also has the waits of a
    shared machine in it."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)
        walls.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def warm(fn, repeat: int = 15) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def inputs(tmp: Path) -> list[tuple[str, Path, str]]:
    import docx
    from test_exchange_word import _seed_document, typed_form
    from wordforms import form_docx

    from model import load_document

    dept = tmp / "hongshan-2024-department.docx"
    dept.write_bytes(form_docx(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml")))
    typed = tmp / "typed.docx"
    typed_form().save(str(typed))
    seed = _seed_document(tmp / "seed-000-three-forms.docx")
    assert docx  # the yardstick's module
    word = "import docx; docx.Document({!r})"
    xls = "import xlrd; xlrd.open_workbook({!r}, formatting_info=True)"
    text = "import openpyxl, pathlib; pathlib.Path({!r}).read_text(encoding='utf-8')"
    return [
        ("Word: Hongshan 2024 department form (vertical labels, wrapped names)", dept, word),
        ("Word: a project form typed by hand (central layout)", typed, word),
        ("Word: seed 000, report + three forms", seed, word),
        (".xls: Hongshan 2024 department export converted by LibreOffice", DATA / "hongshan-2024-department-export.xls",
         xls),
        (".xls: the affairs project's printed form", DATA / "hongshan-2024-project-affairs-visible.xls", xls),
        ("text, one cell per line: seed 000 (report + three forms)", DATA / "seed-000-cell-per-line.txt", text),
        ("text, tab-separated: seed 000's three forms", DATA / "seed-000-forms.txt", text),
    ]


def bad_inputs(tmp: Path) -> list[tuple[str, Path]]:
    import docx
    from test_exchange_word import ten_thousand_merged
    from wordforms import form_docx

    from model import load_document

    good = form_docx(load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml"))
    cut = tmp / "corrupt.docx"
    cut.write_bytes(good[: len(good) // 2])
    big = tmp / "big.docx"
    with open(big, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(100 * 1024 * 1024)
    big_xls = tmp / "big.xls"
    with open(big_xls, "wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        fh.truncate(100 * 1024 * 1024)
    minutes = tmp / "minutes.docx"
    d = docx.Document()
    d.add_paragraph("会议纪要")
    d.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    d.save(str(minutes))
    return [
        ("encrypted .docx", DATA / "encrypted.docx"),
        ("encrypted workbook named .xlsx", DATA / "encrypted.xlsx"),
        ("Word 97 .doc", DATA / "word97.doc"),
        ("corrupt .docx (cut in half)", cut),
        ("100 MB .docx", big),
        ("100 MB .xls", big_xls),
        ("a document with no form table", minutes),
        ("a table with 20,000 merged cells (10,001 rows)", ten_thousand_merged(tmp / "merged.docx")),
    ]


def main() -> None:
    from exchange.importer import ImportFailed, import_file, import_forms

    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.system()}; load average {os.getloadavg()[0]:.2f} at start; "
              f"{datetime.now():%Y-%m-%d %H:%M}\n")
        print("| input | forms | import in process, warm (ms) | `jixiao import` as a fresh process: wall / CPU (ms) "
              "| yardstick, fresh process: wall / CPU (ms) | ratio (CPU) |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, path, yard in inputs(tmp):
            results = import_forms(path)
            w = warm(lambda p=path: import_forms(p))
            cw, cc = cold(f"from exchange.importer import import_forms; import_forms({str(path)!r})")
            yw, yc = cold(yard.format(str(path)))
            print(f"| {label} | {len(results)} | {w:.1f} | {cw:.0f} / {cc:.0f} | {yw:.0f} / {yc:.0f} | {cc / yc:.2f} |")
        print()
        print("| bad input | time to the message (ms) | message |")
        print("|---|---:|---|")
        for label, path in bad_inputs(tmp):
            t0 = time.perf_counter()
            try:
                result = import_file(path)
                message = "imported: " + (f"{len(result.notes)} notes" if not result.empty else "nothing of a form")
            except ImportFailed as err:
                message = str(err)
            ms = (time.perf_counter() - t0) * 1000
            print(f"| {label} | {ms:.0f} | {message[:60]}… |")
        print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
