"""Reading the budget execution block (预算执行情况), its fund rows, and a department's
list of projects (所属项目)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable

from model import Kind
from model.values import parse_value

from .formbase import BlockRows, Goal, ReaderBase
from .formwords import EXECUTION_ROW_NAMES, FUND_PREFIX, label_of
from .notes import NoteKind
from .notes import short as _short
from .table import BLANK_SCORE_WORDS, TableRow, clean_decimal, parse_number
from .vocab import WEIGHT_RE, norm, strip_weight


__all__ = ["ExecutionRows"]


class ExecutionRows(ReaderBase):
    def _read_execution(self, r: int, cols: dict[str, int]) -> int:
        """The execution block from its heading row r: the totals row, then fund rows."""
        self._execution_heading(r, cols)
        label_col = min((v for k, v in cols.items() if k not in ("section",)), default=1) - 1
        first_values = True
        funds: list[dict[str, Any]] = []
        rows = BlockRows(self, r)
        for r in rows:
            cells = self.cells(r)
            texts = {c: t for c, t in cells}
            if any(norm(t) in ("年中追加", "追加", "年中调减", "调减") for t in texts.values()):
                self._adjustments(r, cells)
                continue
            numbers = {k: texts.get(c, "") for k, c in cols.items() if k not in ("section",)}
            label = texts.get(label_col, "") if label_col >= 0 else ""
            in_block = all(c == label_col or c in cols.values() or self.g.is_continuation(r, c)
                           for c, _ in cells)
            if not any(numbers.values()):
                if not (label and in_block and len(cells) == 1):
                    break
                first_values = False  # a fund row with no amounts (the totals row was empty)
            for c, t in cells:
                if c in cols.values() or c == label_col or (c < label_col and self.g.is_continuation(r, c)):
                    continue
                self.note(NoteKind.skipped_cell, f"执行情况中的“{_short(t)}”不对应任何一栏，未导入", r, c, t)
            if first_values:
                self._execution_totals(r, cols, texts, label, label_col)
                first_values = False
            else:
                funds.append(self._fund_row(r, cols, texts, label))
        if funds:
            self.execution["funds"] = funds
        return rows.end

    def _execution_heading(self, r: int, cols: dict[str, int]) -> None:
        """The heading row: its weight (`（20分）`, `20分*执行率`) and a label left of the columns."""
        ex = self.execution
        if "section" in cols:
            self._own_label("execution", r, cols["section"])
        for key in ("initial_budget", "budget", "spent", "weight", "rate", "score"):  # the columns' own wording
            if key in cols:
                self._own_label(f"execution_{key}", r, cols[key])
        first = min(v for k, v in cols.items() if k != "section")
        for c, t in self.cells(r):
            if c in cols.values():
                if c == cols.get("section") or c == cols.get("score"):
                    m = WEIGHT_RE.search(t) or re.search(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]", t)
                    if m and "weight" not in ex:
                        ex["weight"] = Decimal(m.group(1))
                continue
            if c < first and "label" not in ex:
                if "部门整体" in norm(t):
                    self.kind_hints.append(Kind.department)
                ex["label"] = t
                continue
            self.note(NoteKind.skipped_cell, f"执行情况表头中的“{_short(t)}”不对应任何一栏，未导入", r, c, t)

    _EXEC_FIELDS = {"rate": "declared_rate", "score": "declared_score"}

    def _execution_totals(self, r: int, cols: dict[str, int], texts: dict[int, str], label: str,
                          label_col: int) -> None:
        """The first values row: the block's figures, and its label unless it is 合计."""
        ex = self.execution
        for key, c in cols.items():
            t = texts.get(c, "")
            if key == "section" or not t:
                continue
            value = self._exec_number(key, t, r, c)
            if value is not None:
                ex[self._EXEC_FIELDS.get(key, key)] = value
        if label and norm(label) not in ("合计", "总计", "小计", "年度资金总额"):
            if "label" not in ex:
                ex["label"] = label
            else:
                self.note(NoteKind.skipped_cell, f"执行数据行的名称“{_short(label)}”未导入", r, label_col, label)

    def _fund_row(self, r: int, cols: dict[str, int], texts: dict[int, str], label: str) -> dict[str, Any]:
        """A fund row (当年财政拨款, 上年结转资金, 其他资金): its amounts; a rate or score is noted."""
        fund: dict[str, Any] = {"name": FUND_PREFIX.sub("", label)}
        for key in ("initial_budget", "budget", "spent"):
            c = cols.get(key)
            t = texts.get(c, "") if c is not None else ""
            if t and c is not None:
                value = self._exec_number(key, t, r, c)
                if value is not None:
                    fund[key] = value
        for key in ("rate", "score", "weight"):
            c = cols.get(key)
            t = texts.get(c, "") if c is not None else ""
            if t and t not in BLANK_SCORE_WORDS:
                self.note(NoteKind.skipped_cell, f"资金来源行的{label_of(key)}“{_short(t)}”不导入（只记录金额）", r, c, t)
        return fund

    RATE_LABELS = {"预算执行率": "declared_rate", "执行率": "declared_rate", "执行率权重": "weight",
                   "执行率分值": "weight", "执行率得分": "declared_score"}

    def _rate_row(self, r: int) -> bool:
        """`执行率 | 98% | 执行率权重 | 10 | 执行率得分 | 9.8`: the execution given as rate,
        weight and score (the flat framework's department forms)."""
        cells = self.cells(r)
        keys = [norm(t) for _, t in cells]
        if not {"执行率权重", "执行率分值", "执行率得分"} & set(keys):
            return False
        self._label_values(r, cells, lambda text: self.RATE_LABELS.get(norm(text)))
        return True

    def _adjustments(self, r: int, cells: tuple[tuple[int, str], ...]) -> None:
        def field_of(text: str) -> str | None:
            key = norm(text)
            return "additions" if "追加" in key else "reductions" if "调减" in key else None

        self._label_values(r, cells, field_of)

    def _label_values(self, r: int, cells: tuple[tuple[int, str], ...],
                      field_of: Callable[[str], str | None]) -> None:
        """`label | value | label | value …` in one row: each label's number
        into the execution (`field_of` names a label's field, None for a cell
        that is no label: noted as not imported)."""
        i = 0
        while i < len(cells):
            c, t = cells[i]
            key = field_of(t)
            if key is not None and i + 1 < len(cells) and field_of(cells[i + 1][1]) is None:
                vc, vt = cells[i + 1]
                value = self._exec_number("rate" if key == "declared_rate" else key, vt, r, vc)
                if value is not None:
                    self.execution[key] = value
                i += 2
                continue
            if key is None:
                self.note(NoteKind.skipped_cell, f"“{_short(t)}”未导入", r, c, t)
            i += 1

    def _exec_number(self, key: str, text: str, r: int, c: int) -> Decimal | None:
        cell = self.g.cell(r, c)
        if text.strip() in BLANK_SCORE_WORDS:  # `—`: none (a fund the project does not have)
            return None
        value: Decimal | None
        if isinstance(cell.value, Decimal):
            value = clean_decimal(cell.value * 100 if cell.percent else cell.value)
        else:
            value = parse_number(text)
            if value is not None and text.strip().endswith("元") and not text.strip().endswith("万元"):
                value = None
        if value is None:
            self.note(NoteKind.skipped_cell, f"{label_of(key)}应为数字，内容“{_short(text)}”未导入", r, c, text)
            return None
        if key == "rate" and not cell.percent and "%" not in text and "％" not in text and value <= Decimal("1.5"):
            self.note(NoteKind.converted, f"执行率 {text} 没有百分号，按 {value * 100}% 读入", r, c, text)
            value = clean_decimal(value * 100)
        return value

    def _read_projects(self, r: int) -> int:
        cols: dict[str, int] = {}
        for c, t in self.cells(r):
            key = norm(t)
            if "项目名称" in key:
                cols["name"] = c
            elif "预算" in key:
                cols["budget"] = c
            elif "执行" in key:
                cols["spent"] = c
            elif "得分" in key:
                cols["declared_score"] = c
        rows = BlockRows(self, r)
        for r in rows:
            p: dict[str, Any] = {}
            for c, t in self.cells(r):
                key = next((k for k, cc in cols.items() if cc == c), None)
                if key == "name":
                    p["name"] = t
                elif key is not None:
                    value = self._number(t, r, c)
                    if value is None:
                        self.note(NoteKind.skipped_cell, f"{label_of(key)}应为数字，内容“{_short(t)}”未导入", r, c, t)
                    else:
                        p[key] = value
                elif not self.g.is_continuation(r, c):
                    self.note(NoteKind.skipped_cell, f"“{_short(t)}”不在任何一栏下，未导入", r, c, t)
            self.projects.append(p)
        return rows.end

    def _execution_rows(self, goal: Goal, rows: list[TableRow]) -> list[TableRow]:
        """`预算执行率 | 预算执行率 | 预算执行率 | 10 | 10` inside the indicator table (the central
        layout) is the budget execution: its weight, score and rate go to the execution block."""
        out = []
        for tr in rows:
            ind = tr.indicator or {}
            names = [n for n in (tr.level_one, tr.level_two, ind.get("name", "")) if n]
            if (not names or not all(norm(strip_weight(n)[0]) in EXECUTION_ROW_NAMES for n in names)
                    or "weight" in self.execution or "declared_score" in self.execution):
                out.append(tr)
                continue
            weight = ind.get("weight", tr.level_two_weight if tr.level_two_weight is not None else tr.level_one_weight)
            taken = []
            if weight is not None:
                self.execution["weight"] = weight
                taken.append(f"分值 {weight}")
            if ind.get("score") is not None:
                self.execution["declared_score"] = ind["score"]
                taken.append(f"得分 {ind['score']}")
            actual = parse_value(ind.get("actual", ""))
            if actual.kind == "number" and actual.unit_kind == "percent" and actual.number is not None:
                self.execution["declared_rate"] = actual.number
                taken.append(f"执行率 {ind['actual']}")
            if weight is not None and goal.data.get("weight") is not None and goal.data["weight"] >= weight:
                goal.data["weight"] -= weight
                taken.append(f"“{_short(goal.data.get('title') or '目标', 16)}”的分值减为 {goal.data['weight']}")
            rest = [f"{label}“{ind[k]}”" for k, label in (("target", "目标"), ("reason", "偏差原因")) if ind.get(k)]
            self.note(NoteKind.reinterpreted, "“预算执行率”一行按预算执行情况读入，不作为指标（"
                      + "，".join(taken) + "）" + (f"；{'、'.join(rest)}未导入" if rest else ""), tr.row)
        return out
