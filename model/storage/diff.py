"""What differs between two versions of a form, by indicator and field.

Used to show a save conflict (the version on disk against yours) and what a
recovery file holds (the recovery against the file on disk). Rows are matched
by their names along the form's tree (goal / level one / level two /
indicator), so an inserted indicator shows as one added row, not as every
later row changed; a renamed row shows as a change of its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from ..document import Document, Framework
from ..labels import FIELD_LABELS
from model.text import clip, inert

__all__ = ["Difference", "diff_documents", "summarize"]

Change = Literal["changed", "added", "removed"]


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference. `before` is the first document's value, `after` the
    second's; both are display text (control characters made visible)."""

    place: str  # 目标1「年度目标1」 / 产出指标 / 数量指标 / 「开展科普活动次数」
    field: str  # 实际完成值（actual）; "" for an added or removed row
    before: str
    after: str
    change: Change
    key: str = ""  # the field's TOML key, e.g. "actual"

    def describe(self) -> str:
        if self.change == "added":
            return f"{self.place}：新增"
        if self.change == "removed":
            return f"{self.place}：删除"
        return f"{self.place}：{self.field} “{self.before}” → “{self.after}”"


@dataclass(frozen=True, slots=True)
class _Row:
    key: tuple[tuple[str, str], ...]  # names along the tree, for matching
    place: str
    fields: dict[str, Any]


def _scalars(node: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, (BaseModel, tuple)):
            continue
        out[name] = value
    return out


def _label(name: str, index: int, section: str, width: int = 30) -> str:
    shown = clip(inert(name), 2 * width)
    return f"{section}{index}「{shown}」" if shown else f"{section}{index}"


def _rows(doc: Document) -> list[_Row]:
    rows: list[_Row] = []
    head = _scalars(doc)
    head.pop("schema_version", None)
    rows.append(_Row((("form", ""),), "表头", head))
    rows.append(_Row((("rules", ""),), "评分规则", _scalars(doc.rules)))
    rows.append(_Row((("execution", ""),), "预算执行情况", _scalars(doc.execution)))
    for i, fund in enumerate(doc.execution.funds, 1):
        rows.append(_Row((("execution", ""), ("fund", fund.name)),
                         "预算执行情况 / " + _label(fund.name, i, "资金来源"), _scalars(fund)))
    flat = doc.framework is Framework.flat

    def step(above: str, name: str, index: int, section: str) -> str:
        # a flat form's unnamed goal and levels are no step of a place (docs/file-format.md)
        if flat and not name.strip():
            return above
        own = _label(name, index, section)
        return f"{above} / {own}" if above else own

    for g, goal in enumerate(doc.goals, 1):
        gkey = (("goal", goal.title),)
        gplace = step("", goal.title, g, "目标")
        rows.append(_Row(gkey, gplace or "指标", _scalars(goal)))
        for a, one in enumerate(goal.levels, 1):
            akey = gkey + (("level", one.name),)
            aplace = step(gplace, one.name, a, "一级指标")
            rows.append(_Row(akey, aplace or "指标", _scalars(one)))
            for b, two in enumerate(one.sublevels, 1):
                bkey = akey + (("sublevel", two.name),)
                bplace = step(aplace, two.name, b, "二级指标")
                rows.append(_Row(bkey, bplace or "指标", _scalars(two)))
                for c, ind in enumerate(two.indicators, 1):
                    own = _label(ind.name, c, "指标")
                    rows.append(_Row(bkey + (("indicator", ind.name),),
                                     f"{bplace} / {own}" if bplace else own, _scalars(ind)))
    for p, project in enumerate(doc.projects, 1):
        rows.append(_Row((("project", project.name),), _label(project.name, p, "所属项目"),
                         _scalars(project)))
    rows.append(_Row((("narrative", ""),), "说明", _scalars(doc.narrative)))
    return rows


def show_value(value: Any) -> str:
    """A field value as display text."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value))
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.as_tuple().exponent) <= 50:
            text = format(value, "f")
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            return text or "0"
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return clip(inert(str(value)), 120)


def _field_label(name: str) -> str:
    label = FIELD_LABELS.get(name, name)
    return f"{label}（{name}）" if label != name else name


def _compare(before: _Row, after: _Row, out: list[Difference]) -> None:
    for name, old in before.fields.items():
        new = after.fields.get(name)
        if old != new:
            out.append(Difference(after.place, _field_label(name), show_value(old), show_value(new),
                                  "changed", name))


def diff_documents(before: Document, after: Document) -> list[Difference]:
    """Every difference from `before` to `after`, in form order.

    A removed or added row stands for its children too (a removed goal is one
    difference, not one per indicator).
    """
    if before == after:
        return []
    rows_a, rows_b = _rows(before), _rows(after)
    keys_a = [r.key for r in rows_a]
    keys_b = [r.key for r in rows_b]
    out: list[Difference] = []
    removed: set[tuple] = set()
    added: set[tuple] = set()

    def remove(row: _Row) -> None:
        removed.add(row.key)
        if row.key[:-1] not in removed:
            out.append(Difference(row.place, "", "", "", "removed"))

    def add(row: _Row) -> None:
        added.add(row.key)
        if row.key[:-1] not in added:
            out.append(Difference(row.place, "", "", "", "added"))

    renamed: dict[tuple, tuple] = {}  # key in `before` -> key in `after`

    def same_slot(a: _Row, b: _Row) -> bool:
        # a row renamed in place: same kind, and the same parent (after the
        # parent's own renaming)
        parent = a.key[:-1]
        return (len(a.key) == len(b.key) and a.key[-1][0] == b.key[-1][0]
                and renamed.get(parent, parent) == b.key[:-1])

    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for ra, rb in zip(rows_a[i1:i2], rows_b[j1:j2]):
                _compare(ra, rb, out)
            continue
        left, right = rows_a[i1:i2], rows_b[j1:j2]
        if tag == "replace":
            paired = 0
            while paired < len(left) and paired < len(right) and same_slot(left[paired], right[paired]):
                renamed[left[paired].key] = right[paired].key
                _compare(left[paired], right[paired], out)
                paired += 1
            left, right = left[paired:], right[paired:]
        for row in left:
            remove(row)
        for row in right:
            add(row)
    return out


def summarize(differences: list[Difference], lines: int = 5) -> str:
    """A few lines for a notice: the count, then the first differences."""
    if not differences:
        return "内容相同。"
    text = [f"共 {len(differences)} 处不同："]
    text += [f"· {d.describe()}" for d in differences[:lines]]
    if len(differences) > lines:
        text.append(f"…… 还有 {len(differences) - lines} 处")
    return "\n".join(text)
