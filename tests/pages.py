"""Printing documents to PDF with LibreOffice and reading the pages back (poppler).

Used by tests/test_exchange_pages.py and docs/pages/make_pages.py. LibreOffice
is found on PATH; where it is missing, `ensure_tools` installs it from the
system's package registry when that is feasible (apt-get as root on a CI
machine, or JIXIAO_INSTALL_LIBREOFFICE=1), and otherwise says what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PACKAGES = ("libreoffice-writer-nogui", "libreoffice-calc-nogui", "poppler-utils", "fonts-noto-cjk")
MISSING = "LibreOffice not installed: apt-get install " + " ".join(PACKAGES)
_SPACE = re.compile(r"\s+")


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _may_install() -> bool:
    wanted = os.environ.get("JIXIAO_INSTALL_LIBREOFFICE") == "1" or bool(os.environ.get("CI"))
    return wanted and shutil.which("apt-get") is not None and hasattr(os, "geteuid") and os.geteuid() == 0


def ensure_tools() -> str | None:
    """The soffice command, installing LibreOffice and poppler where feasible; None
    when they are missing and cannot be installed (the caller skips with MISSING)."""
    if _soffice() and shutil.which("pdftotext"):
        return _soffice()
    if not _may_install():
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]):
        if subprocess.run(cmd, env=env, capture_output=True, timeout=900).returncode != 0:
            return None
    return _soffice() if shutil.which("pdftotext") else None


def to_pdf(soffice: str, files: list[Path], outdir: Path) -> dict[Path, Path]:
    """Every file printed to PDF in one LibreOffice run, with a profile of its own
    (parallel runs do not share one); file → its PDF."""
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=600, check=False)
    return {f: outdir / (f.stem + ".pdf") for f in files}


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def pages_text(pdf: Path) -> list[str]:
    """Each page's text in drawing order (a table cell's lines together), without white space."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [_SPACE.sub("", page) for page in out.split("\f")[:page_count(pdf)]]


def page_words(pdf: Path) -> list[list[str]]:
    """Each page's words as poppler finds them (a run of Chinese text on one line is one word)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("<page ")[1:]
    return [re.findall(r"<word [^>]*>([^<]*)</word>", page) for page in pages]


def layout_lines(pdf: Path, page: int) -> list[str]:
    """The non-empty lines of one page as laid out (pdftotext -layout)."""
    out = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if line.strip()]


def flat(text: str) -> str:
    return _SPACE.sub("", text)


def to_png(pdf: Path, out_prefix: Path, first: int, last: int, dpi: int = 50) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf),
                    str(out_prefix)], check=True, capture_output=True)
