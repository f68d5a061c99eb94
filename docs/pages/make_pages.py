"""Print the sample forms and their drafted reports to PDF with LibreOffice and keep a
few pages of each as PNG (50 dpi) in this folder, for people to look at.

    python docs/pages/make_pages.py

Needs LibreOffice and poppler-utils (tests/pages.py says which packages). For each
sample, for a central-layout project form of another province as imported
(`central-variant`, its own headings and total row) and for a department form of
the flat framework imported from Word (`flat-variant`, its own columns): the .docx form (first two
pages), the .xlsx form (first page), the report's first page and its 待核对事项 page. tests/test_exchange_pages.py checks the same
prints by their text and layout.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from exchange.export import export_document  # noqa: E402
from exchange.importer import import_file, import_text  # noqa: E402
from foreignforms import FLAT_DEPARTMENT, as_docx  # noqa: E402
from exchange.report import write_report  # noqa: E402
from model import load_document  # noqa: E402
from pages import MISSING, ensure_tools, page_count, pages_text, to_pdf, to_png  # noqa: E402
from test_exchange_own_layout import CENTRAL  # noqa: E402


def main() -> int:
    soffice = ensure_tools()
    if soffice is None:
        print(MISSING, file=sys.stderr)
        return 2
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        forms = [(path.stem, load_document(path)) for path in sorted((ROOT / "sample_data").glob("*.toml"))]
        forms.append(("central-variant", import_text(CENTRAL).document))  # another province's form, imported
        source = folder / "flat-source.docx"  # the flat framework (RULES.md 5b), imported from Word
        source.write_bytes(as_docx(FLAT_DEPARTMENT))
        forms.append(("flat-variant", import_file(source).document))
        for stem, doc in forms:
            files.append(export_document(doc, folder / f"{stem}-form.docx").path)
            files.append(export_document(doc, folder / f"{stem}-form-xlsx.xlsx").path)
            files.append(write_report(doc, folder / f"{stem}-report.docx").path)
        for source, pdf in to_pdf(soffice, files, folder).items():
            pages = page_count(pdf)
            if source.stem.endswith("-report"):
                texts = pages_text(pdf)
                checks = next((n for n, t in enumerate(texts, start=1) if t.startswith("待核对事项")), None)
                to_png(pdf, HERE / source.stem, 1, 1)
                if checks:
                    to_png(pdf, HERE / f"{source.stem}-checks", checks, checks)
            else:
                to_png(pdf, HERE / source.stem, 1, min(pages, 1 if source.suffix == ".xlsx" else 2))
    total = sum(p.stat().st_size for p in HERE.glob("*.png"))
    print(f"{len(list(HERE.glob('*.png')))} pages, {total // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
