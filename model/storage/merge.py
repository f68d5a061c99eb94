"""Two people changed one form: both sides of a save conflict, and a merge
that keeps both where they touched different fields.

`merge_documents(base, mine, theirs)` is a three-way merge, field by field:
`base` is the form as this session loaded (or last saved) it, `mine` the
session's work, `theirs` what the file on disk holds now. A field only one
side changed takes that side's value; a field both changed to the same
value is that value; a field both changed differently is a clash, and then
there is no merge (the person chooses, seeing both sides). Rows added,
removed or moved on either side (the tree's shape differs) are not merged
either: which row is which is then a guess.

`conflict_sides` gathers what the conflict dialog shows: who changed the
file and when (the editing marker beside it, the file's time), their
changes and mine (each from the common base), and the merge when there is
one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..document import Document
from ..files import dumps_document, loads_document
from ..problems import DocumentError
from .diff import Difference, diff_documents
from .marker import is_ours, read_marker

__all__ = ["Merge", "ConflictSides", "merge_documents", "conflict_sides"]


class _Clash(Exception):
    pass


@dataclass(frozen=True)
class Merge:
    doc: Document | None  # None: no merge (see `reason`)
    reason: str = ""  # Chinese: why not


@dataclass(frozen=True)
class ConflictSides:
    who: str  # "张三（主机 a，进程 12）" or "" when nobody is named
    when: str  # "14:05:31" (today) or "2026-12-06 14:05", "" unknown
    theirs: tuple[Difference, ...]  # from the common base to the file on disk
    mine: tuple[Difference, ...]  # from the common base to my work
    merge: Merge


def _merge(base: Any, mine: Any, theirs: Any) -> Any:
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if (isinstance(mine, BaseModel) and type(mine) is type(theirs) is type(base)):
        update = {name: _merge(getattr(base, name), getattr(mine, name), getattr(theirs, name))
                  for name in type(mine).model_fields}
        return mine.model_copy(update=update)
    if (isinstance(mine, tuple) and isinstance(theirs, tuple) and isinstance(base, tuple)
            and len(mine) == len(theirs) == len(base)):
        return tuple(_merge(b, m, t) for b, m, t in zip(base, mine, theirs))
    raise _Clash


def merge_documents(base: Document, mine: Document, theirs: Document) -> Merge:
    """Both sides' changes in one form, or why that cannot be done."""
    try:
        merged = _merge(base, mine, theirs)
    except _Clash:
        return Merge(None, "双方改动了同一处（同一字段改成了不同的值，或增删、移动了行），"
                           "无法自动合并；请查看双方的修改后选择保留哪一方，或另存为副本后手工合并。")
    try:  # what is saved must load again: checked as a file is
        merged = loads_document(dumps_document(merged).encode("utf-8"), source="<合并的版本>")
    except DocumentError as exc:
        reason = exc.problems[0].message if exc.problems else ""
        return Merge(None, f"合并后的表单不成立（{reason}）；请另存为副本后手工合并。")
    return Merge(merged)


def _when(path: Path) -> str:
    try:
        moment = datetime.fromtimestamp(os.stat(path).st_mtime)
    except OSError:
        return ""
    if moment.date() == datetime.now().date():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%Y-%m-%d %H:%M")


def _who(path: Path) -> str:
    holder = read_marker(path)
    if holder is None or is_ours(holder):
        return ""
    return holder.describe()


def conflict_sides(path: Path, base_bytes: bytes | None, mine: Document,
                   disk_bytes: bytes) -> ConflictSides | None:
    """Both sides of a conflict on `path` (None when the base or the disk
    version is not a readable form: only the plain conflict is shown)."""
    try:
        base = loads_document(base_bytes or b"", source="<打开时的版本>")
        theirs = loads_document(disk_bytes, source=str(path))
    except DocumentError:
        return None
    return ConflictSides(_who(path), _when(path), tuple(diff_documents(base, theirs)),
                         tuple(diff_documents(base, mine)), merge_documents(base, mine, theirs))
