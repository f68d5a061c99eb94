"""A weight table in the same document (评分表 / 指标体系 with 标准分).

Some forms list their indicators without weights and print the weights in a
separate table (a 评分表 or 绩效评价指标体系: 一级指标, 二级指标, 三级指标,
标准分, 评分标准). `read_weight_table` reads such a table's names and weights;
`apply_weights` fills the weights a form lacks, matched by name (level one,
level two and indicator, folded as headers are: full-width forms, spaces and
line breaks do not count), and lists every row whose name differs between the
two tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .grid import Grid, join_lines
from .notes import Note, NoteKind
from .notes import short as _short
from .table import parse_number
from .vocab import norm, strip_weight

__all__ = ["WeightEntry", "WeightTable", "is_weight_header", "read_weight_table", "apply_weights", "match_count",
           "name_key", "TITLE_WORDS"]

# Header words that only a weight table has (beside 标准分 / 分值)
_TABLE_WORDS = ("评分标准", "评分细则", "评分方法", "评分办法", "指标解释", "指标说明", "计分方法说明")
TITLE_WORDS = ("指标体系", "评分表", "评分标准", "权重表", "分值表")  # in a weight table's title line
_NAME_FIELDS = ("level_one", "level_two", "name")
_ALLOWED = {"level_one", "level_two", "name", "weight", "section", "skip"}


def name_key(text: str) -> str:
    """A name as compared between the two tables."""
    name, _ = strip_weight(join_lines(text))
    return re.sub(r"[。.；;、]+$", "", norm(name))


@dataclass
class WeightEntry:
    row: int  # grid row (0-based)
    where: str
    level_one: str
    level_two: str
    name: str  # '' for a level's own weight
    weight: Decimal
    used: bool = False


@dataclass
class WeightTable:
    header_row: int
    where: str
    entries: list[WeightEntry] = field(default_factory=list)

    @property
    def indicators(self) -> list[WeightEntry]:
        return [e for e in self.entries if e.name]


def is_weight_header(grid: Grid, r: int, mapping: dict[int, str], above: str = "") -> bool:
    """Whether the indicator-table header at row `r` heads a weight table: names and a
    weight column, no target, actual or score, and a word only weight tables have
    (标准分, 评分标准, …) in the header or in the title line above it."""
    fields = set(mapping.values())
    if "weight" not in fields or not fields <= _ALLOWED or not fields & {"name", "level_one", "level_two"}:
        return False
    heads = [norm(grid.text(r, c)) for c in grid.nonempty(r)]
    if any(h.startswith("标准分") for h in heads) or any(w in h for h in heads for w in _TABLE_WORDS):
        return True
    return any(w in above for w in TITLE_WORDS)


def read_weight_table(grid: Grid, header_row: int, mapping: dict[int, str], rows: list[int]) -> WeightTable:
    """Names and weights of a weight table. A weight column belongs to the name column
    nearest on its left (一级指标 | 分值 | 二级指标 | 分值 | …); with one weight column,
    to the deepest name a row gives. Weights in labels (`产出指标（55分）`) count too."""
    names = sorted(c for c, f in mapping.items() if f in _NAME_FIELDS)
    weights = sorted(c for c, f in mapping.items() if f == "weight")
    owner: dict[int, str | None] = {}
    for wc in weights:
        left = [c for c in names if c < wc]
        owner[wc] = mapping[left[-1]] if left and len(weights) > 1 else None
    table = WeightTable(header_row, grid.ref(header_row))
    carry = {"level_one": "", "level_two": ""}
    for r in rows:
        given: dict[str, str] = {}
        for c in names:
            if grid.is_continuation(r, c):
                continue
            text = grid.text(r, c)
            if text:
                given[mapping[c]] = text
        if "level_one" in given:
            if name_key(given["level_one"]) != name_key(carry["level_one"]):
                carry["level_two"] = ""
            carry["level_one"] = given["level_one"]
        if "level_two" in given:
            carry["level_two"] = given["level_two"]
        l1, l2 = strip_weight(join_lines(carry["level_one"])), strip_weight(join_lines(carry["level_two"]))
        name = join_lines(given.get("name", ""))
        found: list[tuple[str, Decimal]] = []
        for label, fld in ((l1, "level_one"), (l2, "level_two")):
            if label[1] is not None and fld in given:
                found.append((fld, label[1]))
        for wc in weights:
            if grid.is_continuation(r, wc):
                continue
            value = parse_number(grid.text(r, wc))
            if value is None:
                continue
            fld = owner[wc] or ("name" if name else "level_two" if "level_two" in given else "level_one")
            found.append((fld, value))
        for fld, value in found:
            entry_name = name if fld == "name" else ""
            if fld == "name" and not name:
                continue
            where = grid.ref(r)
            table.entries.append(WeightEntry(r, where, l1[0], l2[0] if fld != "level_one" else "",
                                             entry_name, value))
    return table


def _index(table: WeightTable) -> tuple[dict, dict, dict, dict, dict]:
    full: dict[tuple[str, str, str], WeightEntry] = {}
    by_name: dict[str, list[WeightEntry]] = {}
    level_one: dict[str, WeightEntry] = {}
    level_two: dict[tuple[str, str], WeightEntry] = {}
    two_by_name: dict[str, list[WeightEntry]] = {}
    for e in table.entries:
        k1, k2 = name_key(e.level_one), name_key(e.level_two)
        if e.name:
            full.setdefault((k1, k2, name_key(e.name)), e)
            by_name.setdefault(name_key(e.name), []).append(e)
        elif e.level_two:
            level_two.setdefault((k1, k2), e)
            two_by_name.setdefault(k2, []).append(e)
        else:
            level_one.setdefault(k1, e)
    return full, by_name, level_one, level_two, two_by_name


def _lookup(raw_ind_name: str, k1: str, k2: str, full: dict, by_name: dict) -> WeightEntry | None:
    k = name_key(raw_ind_name)
    hit = full.get((k1, k2, k))
    if hit is None and len(by_name.get(k, [])) == 1:
        hit = by_name[k][0]
    return hit


def match_count(raw: dict[str, Any], table: WeightTable) -> int:
    """How many of the form's indicators the table names."""
    full, by_name, *_ = _index(table)
    count = 0
    for goal in raw.get("goals", []):
        for level in goal.get("levels", []):
            k1 = name_key(level.get("name", ""))
            for sub in level.get("sublevels", []):
                k2 = name_key(sub.get("name", ""))
                for ind in sub.get("indicators", []):
                    if ind.get("name") and _lookup(ind["name"], k1, k2, full, by_name) is not None:
                        count += 1
    return count


def apply_weights(raw: dict[str, Any], table: WeightTable, rows_by_name: dict[str, tuple[int, str]]) -> list[Note]:
    """Fill the weights `raw` lacks from `table`; notes for what was filled and for every
    row whose name is in one table only. `rows_by_name` gives the form row (index and
    place) of an indicator by its `name_key`, for the notes."""
    full, by_name, level_one, level_two, two_by_name = _index(table)
    notes: list[Note] = []
    filled = levels_filled = 0
    unmatched: list[str] = []
    for goal in raw.get("goals", []):
        for level in goal.get("levels", []):
            k1 = name_key(level.get("name", ""))
            levels_filled += _fill(level, level_one.get(k1))
            for sub in level.get("sublevels", []):
                k2 = name_key(sub.get("name", ""))
                e2 = level_two.get((k1, k2))
                if e2 is None and len(two_by_name.get(k2, [])) == 1:
                    e2 = two_by_name[k2][0]
                levels_filled += _fill(sub, e2)
                for ind in sub.get("indicators", []):
                    name = ind.get("name", "")
                    hit = _lookup(name, k1, k2, full, by_name) if name else None
                    if name and hit is None and ind.get("weight") is None:
                        unmatched.append(name)
                    elif hit is not None and ind.get("weight") not in (None, hit.weight):
                        notes.append(_row_note(f"“{_short(name)}”自评表上分值为 {ind['weight']}，评分表为 "
                                               f"{hit.weight}（{hit.where}），保留自评表上的分值", name, rows_by_name))
                    filled += _fill(ind, hit)
    if filled or levels_filled:
        parts = [f"{filled} 个指标"] if filled else []
        if levels_filled:
            parts.append(f"{levels_filled} 个一级/二级指标")
        notes.insert(0, Note(NoteKind.converted, f"按评分表（{table.where}起）的标准分补上了 {'、'.join(parts)}的分值（按名称对应）",
                             table.header_row + 1, None, table.where))
    notes += [_row_note(f"自评表中的指标“{_short(name)}”在评分表中没有同名的行，仍未填分值", name, rows_by_name)
              for name in unmatched]
    return notes + _unused_notes(table)


def _fill(node: dict[str, Any], entry: WeightEntry | None) -> int:
    """The table's weight for a level, sublevel or indicator that has none
    (1 when filled); the entry is used either way."""
    if entry is None:
        return 0
    entry.used = True
    if node.get("weight") is not None:
        return 0
    node["weight"] = entry.weight
    return 1


def _row_note(message: str, name: str, rows_by_name: dict[str, tuple[int, str]]) -> Note:
    """An information note at the form's row of the indicator `name`."""
    row, where = rows_by_name.get(name_key(name), (None, ""))
    return Note(NoteKind.info, message, None if row is None else row + 1, None, where, name)


def _unused_notes(table: WeightTable) -> list[Note]:
    """The table's rows no name of the form matched: their weights were not used."""
    notes = []
    for e in table.entries:
        if not e.used:
            what = e.name or e.level_two or e.level_one
            notes.append(Note(NoteKind.skipped_row, f"评分表中的“{_short(what)}”（标准分 {e.weight}）在自评表中没有同名的"
                                                    f"{'指标' if e.name else '一级/二级指标'}，其分值未用上",
                              e.row + 1, None, e.where, what))
    return notes
