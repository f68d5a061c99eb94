"""One call to export a form to a file, for the command line and the app.

    export_document(doc, "表.xlsx")                   # format from the extension (.xlsx .docx .csv .md)
    export_document(doc, "报告.txt", fmt="md", overwrite=True)

Refuses to overwrite an existing file unless asked; writes atomically (a
half-written file never replaces a good one). Raises ExportError with a
Chinese message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from model import Document
from scoring import Result, score_document

__all__ = ["ExportError", "ExportResult", "export_document", "export_bytes", "save_bytes", "format_for", "FORMATS"]

FORMATS = ("xlsx", "docx", "csv", "md")
_SUFFIXES = {".xlsx": "xlsx", ".docx": "docx", ".csv": "csv", ".md": "md", ".markdown": "md"}


class ExportError(Exception):
    """The export cannot be written; `str()` is a Chinese message.

    `reason` is "format" (unknown format), "exists" (the file exists and
    overwriting was not asked for), "folder" or "write" (the system refused).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fmt: str
    size: int  # bytes written
    result: Result  # the scores written into the file


def format_for(path: str | os.PathLike[str]) -> str | None:
    """The export format a file name asks for, or None."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def export_bytes(doc: Document, fmt: str, result: Result | None = None) -> bytes:
    res = result if result is not None else score_document(doc)
    if fmt == "xlsx":
        from .xlsx import xlsx_bytes

        return xlsx_bytes(doc, res)
    if fmt == "docx":
        from .word import form_docx_bytes

        return form_docx_bytes(doc, res)
    if fmt == "csv":
        from .text import csv_text

        return csv_text(doc, res).encode("utf-8-sig")
    if fmt == "md":
        from .text import markdown_text

        return markdown_text(doc, res).encode("utf-8")
    raise ExportError(f"不支持的导出格式“{fmt}”；可用：xlsx、docx、csv、md。", "format")


def _check_target(out: Path, overwrite: bool) -> None:
    if out.is_dir():
        raise ExportError(f"{out}：这是一个文件夹，请给出文件名。", "folder")
    if out.exists() and not overwrite:
        raise ExportError(f"{out}：文件已存在，未覆盖。", "exists")


def save_bytes(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False,
               source: str | os.PathLike[str] | None = None) -> None:
    """Write an export atomically, no more readable than the form it comes
    from (`source`); ExportError ("folder", "exists", "write") when it cannot."""
    from model.oserror import os_reason
    from model.storage import atomic_write

    out = Path(path)
    _check_target(out, overwrite)
    try:
        atomic_write(out, data, source=source)
    except OSError as exc:
        raise ExportError(f"{out}：无法写入：{os_reason(exc)}。", "write") from None


def export_document(doc: Document, path: str | os.PathLike[str], fmt: str | None = None, *,
                    overwrite: bool = False, result: Result | None = None,
                    source: str | os.PathLike[str] | None = None) -> ExportResult:
    out = Path(path)
    fmt = fmt or format_for(out)
    if fmt is None:
        raise ExportError(f"{out}：无法从扩展名判断格式；请用 .xlsx / .docx / .csv / .md 作扩展名，或指定格式。", "format")
    _check_target(out, overwrite)  # before the work of laying the form out
    res = result if result is not None else score_document(doc)
    data = export_bytes(doc, fmt, res)
    save_bytes(out, data, overwrite=overwrite, source=source)
    return ExportResult(out, fmt, len(data), res)
