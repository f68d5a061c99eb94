"""What an import could not place, or placed by interpretation (导入说明).

Import never guesses silently: every skipped row, column or cell, and every
cell read in a way other than literally, becomes a `Note` with its place and
the original text. The app lists them; the command prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["NoteKind", "Note", "WARNING_KINDS", "short"]


class NoteKind(StrEnum):
    skipped_row = "skipped_row"  # a row that could not be placed
    skipped_cell = "skipped_cell"  # a cell whose content was not read
    skipped_column = "skipped_column"  # a column whose header names no field
    missing_column = "missing_column"  # a standard column the table lacks
    reordered_columns = "reordered_columns"  # columns in another order than the form's
    reinterpreted = "reinterpreted"  # a cell read in another place or way than it stands
    converted = "converted"  # a value converted (number format, unit, percent)
    dropped_value = "dropped_value"  # a value the form cannot hold (out of range, too long)
    edited = "edited"  # a cell changed since jixiao exported the workbook
    info = "info"  # anything else worth knowing (which sheet was read, ...)

    @property
    def label(self) -> str:
        return {
            "skipped_row": "跳过的行",
            "skipped_cell": "跳过的单元格",
            "skipped_column": "跳过的列",
            "missing_column": "缺少的列",
            "reordered_columns": "列顺序不同",
            "reinterpreted": "重新解读",
            "converted": "已转换",
            "dropped_value": "舍弃的值",
            "edited": "导出后修改",
            "info": "说明",
        }[self.value]


# Kinds that mean "something in the input was not taken literally or not taken
# at all": the command exits 1 when any of them occurs.
WARNING_KINDS = frozenset({
    NoteKind.skipped_row,
    NoteKind.skipped_cell,
    NoteKind.skipped_column,
    NoteKind.missing_column,
    NoteKind.reinterpreted,
    NoteKind.dropped_value,
})


@dataclass(frozen=True, slots=True)
class Note:
    """One thing the import did not take literally, in Chinese.

    `row` and `column` are 1-based positions in the input (line and tab
    column for pasted text, sheet row and column for xlsx); `where` is the
    same place as people read it (`E12`, `第 12 行第 5 列`); `text` is the
    original content concerned, kept exactly.
    """

    kind: NoteKind
    message: str
    row: int | None = None
    column: int | None = None
    where: str = ""
    text: str = ""

    @property
    def is_warning(self) -> bool:
        return self.kind in WARNING_KINDS

    def __str__(self) -> str:
        head = f"{self.where}：" if self.where else ""
        return f"{head}[{self.kind.label}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "message": self.message,
            "row": self.row,
            "column": self.column,
            "where": self.where,
            "text": self.text,
        }


def short(text: str, limit: int = 30) -> str:
    """Cell text for a message: one line, cut at `limit` characters."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"
