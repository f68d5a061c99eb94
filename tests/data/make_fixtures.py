"""Remake the binary fixtures of tests/data that need tools CI does not have.

    .venv/bin/python tests/data/make_fixtures.py            # needs LibreOffice (soffice)
    .venv/bin/python tests/data/make_fixtures.py --encrypt  # also msoffcrypto-tool (pip)

Each fixture and the command that made it:

- hongshan-2024-department-export.xls: `jixiao export sample_data/hongshan-2024-department.toml
  -o x.xlsx`, then `soffice --headless --convert-to xls x.xlsx` (LibreOffice 7.4, filter
  "MS Excel 97"). The hidden `jixiao` sheet survives the conversion.
- hongshan-2024-project-affairs-visible.xls: the export of the affairs project with the
  hidden sheet deleted (openpyxl), converted the same way: only the printed form.
- word97.doc: a one-paragraph Word document, `soffice --headless --convert-to doc`
  (filter "MS Word 97").
- encrypted.docx, encrypted.xlsx: a small form document and workbook encrypted with the
  password `jixiao` by msoffcrypto-tool (`OOXMLFile(f).encrypt("jixiao", out)`): Office's
  agile encryption, an OLE container holding an `EncryptedPackage` stream.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE.parent))


def soffice(src: Path, fmt: str, out_dir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return out_dir / (src.stem + "." + fmt)


def main() -> None:
    import docx
    import openpyxl

    from exchange.layout import DATA_SHEET
    from exchange.xlsx import write_xlsx
    from model import load_document

    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        dept = t / "hongshan-2024-department-export.xlsx"
        write_xlsx(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml"), dept)
        shutil.copy(soffice(dept, "xls", t), HERE / "hongshan-2024-department-export.xls")

        affairs = t / "hongshan-2024-project-affairs-visible.xlsx"
        write_xlsx(load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml"), affairs)
        wb = openpyxl.load_workbook(affairs)
        del wb[DATA_SHEET]
        wb.save(affairs)
        shutil.copy(soffice(affairs, "xls", t), HERE / "hongshan-2024-project-affairs-visible.xls")

        small = t / "word97.docx"
        d = docx.Document()
        d.add_paragraph("项目支出绩效自评表")
        d.save(small)
        shutil.copy(soffice(small, "doc", t), HERE / "word97.doc")

        if "--encrypt" in sys.argv:
            import msoffcrypto.format.ooxml as ooxml
            from wordforms import form_docx

            plain = t / "plain.docx"
            plain.write_bytes(form_docx(load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml")))
            for src, name in ((plain, "encrypted.docx"), (affairs, "encrypted.xlsx")):
                with open(src, "rb") as fh, open(HERE / name, "wb") as out:
                    ooxml.OOXMLFile(fh).encrypt("jixiao", out)


if __name__ == "__main__":
    main()
