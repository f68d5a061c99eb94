"""Hostile Word documents and old Excel workbooks given to `jixiao import`: time and peak memory.

    .venv/bin/python benchmarks/hostile_docx.py            # every case
    .venv/bin/python benchmarks/hostile_docx.py nested     # the cases whose name contains "nested"

The documents of issue 19 (a 190 MB styles part in a few hundred KB, 10.9
million empty paragraphs, tables nested 40 deep, 50,000 header parts) and an
.xls of 1.4 million cells are built in a temporary folder (tests/docx_bombs.py;
the .xls with xlwt), then imported in a fresh interpreter as
benchmarks/hostile_xlsx.py does (same measurement, same table). Each must be
read or refused within 10 s and 1 GB. The cases just within the limits show
how long an accepted document can keep an import (and, in the app, its
thread worker) busy. Prints a Markdown table for docs/reliability.md. Never
run as a test.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import docx_bombs as bombs  # noqa: E402
import hostile_xlsx  # noqa: E402

from exchange import limits  # noqa: E402


CASES: list[tuple[str, str, Callable[[Path], Path]]] = [
    # the report's documents
    ("report: a 190 MB styles.xml", "styles.docx", lambda p: bombs.styles(p, 190 * 2 ** 20)),
    ("report: 10.9 million empty paragraphs", "paragraphs.docx", lambda p: bombs.paragraphs(p, 10_900_000)),
    ("report: tables nested 40 deep, 30,000 paragraphs", "nested40.docx", lambda p: bombs.nested(p, 40, 30_000)),
    ("report: 50,000 header parts", "headers.docx", lambda p: bombs.headers(p, 50_000)),
    ("report: an .xls of 1.4 million cells", "cells.xls", lambda p: bombs.xls_cells(p, 1_400_000)),
    # just past, and just within, each limit
    ("past: 100,001 table cells", "cells.docx", lambda p: bombs.cells(p, limits.MAX_XML_CELLS + 1)),
    ("past: an .xls of 100,001 cells", "cells100k.xls", lambda p: bombs.xls_cells(p, limits.MAX_XLS_CELLS + 1)),
    ("limit: 99,990 table cells (one table, 10 a row)", "cells-ok.docx",
     lambda p: bombs.cells(p, limits.MAX_XML_CELLS - 10)),
    ("limit: tables nested 5 deep around 100,000 paragraphs", "nested5.docx",
     lambda p: bombs.nested(p, limits.MAX_TABLE_DEPTH, 100_000)),
    ("limit: 149,990 empty paragraphs", "paragraphs-ok.docx",
     lambda p: bombs.paragraphs(p, limits.MAX_PARAGRAPHS - 10)),
    ("limit: 999 header parts", "headers-ok.docx", lambda p: bombs.headers(p, limits.MAX_MEMBERS - 5)),
    ("limit: an .xls of 99,990 cells", "cells-ok.xls", lambda p: bombs.xls_cells(p, limits.MAX_XLS_CELLS - 10)),
]


if __name__ == "__main__":
    sys.exit(hostile_xlsx.main(sys.argv[1:], CASES))
