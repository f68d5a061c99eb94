"""Restoring what an xlsx export could not show (三方合并).

jixiao's export keeps the saved form in a hidden sheet. On import, three
documents are compared: the saved one (`orig`), what the export showed
(`shown`: the export read back) and what the sheet shows now (`now`). A field
whose cell is unchanged takes the saved value (so a computed score stays
computed, a typed score stays typed, a method or tier survives); a field whose
cell was edited takes the new value, and the edit is listed as a note.
Rows added or deleted in the spreadsheet are matched by name.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from model import Document
from model.labels import FIELD_LABELS, ITEM_NAMES
from scoring.rules import fmt

from .notes import Note, NoteKind

__all__ = ["merge_documents"]

_CHILD_LISTS = {"goals", "levels", "sublevels", "indicators", "funds", "projects"}


def merge_documents(orig: Document, shown: Document, now: Document) -> tuple[Document, list[Note]]:
    """The document the sheet now describes, keeping what it cannot show."""
    if now == shown:
        return orig, []
    notes: list[Note] = []
    merged = _merge_node(orig, shown, now, "", notes)
    return merged, notes


def _key(node: BaseModel) -> str:
    for attr in ("name", "title"):
        if hasattr(node, attr):
            return getattr(node, attr)
    return ""


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if hasattr(value, "value") and not isinstance(value, (str, int)):
        value = value.value
    if isinstance(value, str):
        return "“" + (value if len(value) <= 30 else value[:30] + "…") + "”"
    try:
        return fmt(value)  # Decimal
    except (TypeError, AttributeError):
        return str(value)


def _merge_node(o: BaseModel, shown: BaseModel, now: BaseModel, place: str, notes: list[Note]) -> Any:
    changes: dict[str, Any] = {}
    for name in type(o).model_fields:
        ov, sv, nv = getattr(o, name), getattr(shown, name), getattr(now, name)
        if name in _CHILD_LISTS:
            merged = _merge_list(name, ov, sv, nv, place, notes)
            if merged is not ov:
                changes[name] = merged
        elif isinstance(ov, BaseModel):
            sub_place = f"{place}{FIELD_LABELS.get(name, name)} / "
            merged = _merge_node(ov, sv, nv, sub_place, notes)
            if merged is not ov:
                changes[name] = merged
        elif nv != sv:
            changes[name] = nv
            notes.append(Note(NoteKind.edited,
                              f"{place}{FIELD_LABELS.get(name, name)}：导出时为 {_show(sv)}，表中现为 {_show(nv)}，按表中读入"))
    return o.model_copy(update=changes) if changes else o


def _merge_list(field: str, os: tuple, ss: tuple, ns: tuple, place: str, notes: list[Note]) -> tuple:
    if len(os) != len(ss):  # pragma: no cover - render/read keep the structure
        return ns
    word = ITEM_NAMES[field]
    out: list[Any] = []
    matcher = difflib.SequenceMatcher(a=[_key(x) for x in ss], b=[_key(x) for x in ns], autojunk=False)
    changed = False
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and a2 - a1 == b2 - b1):
            for i, j in zip(range(a1, a2), range(b1, b2)):
                label = _key(ns[j]) or f"{word}{j + 1}"
                merged = _merge_node(os[i], ss[i], ns[j], f"{place}{word}「{label}」 / ", notes)
                changed |= merged is not os[i]
                out.append(merged)
            continue
        for i in range(a1, a2):
            notes.append(Note(NoteKind.edited, f"{place}{word}「{_key(ss[i]) or i + 1}」已从表中删除"))
        for j in range(b1, b2):
            notes.append(Note(NoteKind.edited, f"{place}{word}「{_key(ns[j]) or j + 1}」是表中新增的，按表中读入"))
            out.append(ns[j])
        changed = True
    if not changed and len(out) == len(os):
        return os
    return tuple(out)
