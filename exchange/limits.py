"""The limits of what an import reads (documented in docs/exchange.md, "Limits").

Each is far above any real form (a few hundred rows, a dozen columns) and low
enough that an input at every limit is read or refused within seconds and a
few hundred megabytes (benchmarks/hostile_xlsx.py measures it). An input over
a limit is refused with a Chinese message that names the limit, never read in
part; the one exception is width: cells right of MAX_COLUMNS in a CSV or xlsx
row are not read (pasted text that wide is refused).
"""

from __future__ import annotations

__all__ = [
    "MAX_INPUT_BYTES", "MAX_ROWS", "MAX_COLUMNS", "MAX_GRID_CELLS", "MAX_MERGED_CELLS",
    "MAX_MEMBERS", "MAX_MEMBER_BYTES", "MAX_UNPACKED_BYTES", "MAX_RATIO", "RATIO_FLOOR",
    "MAX_ELEMENTS", "MAX_XML_CELLS", "MAX_SHARED_STRINGS", "MAX_MERGES", "MAX_PARAGRAPHS",
    "MAX_TABLE_DEPTH", "MAX_XLS_CELLS",
]

# Every source: a file, a sheet, pasted text
MAX_INPUT_BYTES = 20 * 1024 * 1024  # the file (or pasted text, in characters)
MAX_ROWS = 10_000  # rows of one sheet or text, empty rows included
MAX_COLUMNS = 200  # columns read; cells further right are not read
MAX_GRID_CELLS = 100_000  # non-empty cells of one sheet or text
MAX_MERGED_CELLS = 500_000  # cells covered by merged ranges, within the sheet's used area

# xlsx and docx: the zip directory, checked before anything is unpacked
MAX_MEMBERS = 1_000  # zip members (an Excel file has a dozen; a few hundred with pictures)
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # one member, uncompressed
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # all members together, uncompressed
MAX_RATIO = 100  # uncompressed / compressed size of a member larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

# xlsx and docx: the XML, counted by a streaming scan before openpyxl or python-docx opens the file
MAX_ELEMENTS = 500_000  # XML elements in all parts together
MAX_XML_CELLS = 100_000  # <c> in all sheets (empty formatted cells included); <w:tc> in a Word document
MAX_SHARED_STRINGS = 50_000  # entries of the shared string table
MAX_MERGES = 10_000  # merged ranges in all sheets
MAX_PARAGRAPHS = 150_000  # docx: <w:p> in all parts (a form has a few thousand; every table cell has one)
MAX_TABLE_DEPTH = 5  # docx: a table in a cell of a table ... (forms nest one level, if at all)

# xls: cell records (empty formatted cells included) in all sheets, counted before xlrd reads them
MAX_XLS_CELLS = MAX_XML_CELLS
