"""Reading goals (年度目标 lines and blocks) and their indicator tables, and the
weight tables (评分表) of a document."""

from __future__ import annotations

from decimal import Decimal

from .formbase import BlockRows, Goal, ReaderBase
from .formwords import (
    ACTUAL_ROW,
    BLOCK_LABELS,
    GOAL_ROW_TITLES,
    GOAL_COLON,
    GOAL_NUMBERED,
    GOAL_WEIGHTED,
    HEADING_SLOTS,
    as_compared,
    label_of,
    nearest_left,
)
from .layout import OFFICIAL_LABELS
from .notes import NoteKind
from .notes import short as _short
from .table import TableRow, read_table
from .vocab import WEIGHT_RE, norm, strip_weight
from .weights import TITLE_WORDS as WEIGHT_TABLE_TITLES
from .weights import read_weight_table


__all__ = ["GoalRows"]


class GoalRows(ReaderBase):
    def _goal_line(self, r: int, text: str) -> bool:
        m = ACTUAL_ROW.match(text)
        if m and self.goals:
            goal = self.goals[-1]
            goal.data["actual"] = m.group("text").strip()
            return True
        m = GOAL_WEIGHTED.match(text) or GOAL_NUMBERED.match(text)
        weight = None
        if m is None and self.wide(r) and self.g.structured and not self.g.is_paragraph(r):
            m = GOAL_COLON.match(text)
        if m is None:
            return False
        if "w" in m.groupdict() and m.group("w"):
            weight = Decimal(m.group("w"))
        goal = self.new_goal(m.group("title").strip(), weight, from_title=True)
        body = (m.groupdict().get("text") or "").strip()
        if body:
            goal.data["target"] = body
        return True

    def _goal_row(self, r: int) -> bool:
        """`年度目标（80分） | 全年开展活动不少于20场…` as a row of a table: a goal with its
        weight and its target text (the indicator table below is its table)."""
        cells = self.cells(r)
        if len(cells) < 2:
            return False
        title, weight = strip_weight(cells[0][1])
        if norm(title) not in GOAL_ROW_TITLES and not GOAL_NUMBERED.match(title):
            return False
        goal = self.new_goal(title, weight, from_title=True)
        goal.data["target"] = "\n".join(t for _, t in cells[1:])
        return True

    def _block_goal(self, r: int, first_col: int, table: bool) -> Goal:
        """The goal a block (text or indicator table) at row r belongs to."""
        label_cells = [(c, t) for c, t in self.cells(r) if c < first_col]
        goal = self.current_goal()
        # inside the merged label of the current block
        for c in range(first_col):
            m = self.g.merge_of(r, c)
            if m is not None and goal is not None and goal.block == (m[0], m[1]) and m[0] < r:
                return goal
        if label_cells:
            c, label = label_cells[0]
            for c2, t in label_cells[1:]:
                self.note(NoteKind.skipped_cell, f"区块标题列的多余内容“{_short(t)}”未导入", r, c2, t)
            title, weight = strip_weight(label)
            if weight is None:
                m = WEIGHT_RE.search(label)
                if m:
                    weight = Decimal(m.group(1))
                    title = (label[: m.start()] + label[m.end():]).strip()
            if norm(title) in BLOCK_LABELS and goal is not None and not goal.rows and goal.from_title:
                if weight is not None and "weight" not in goal.data:
                    goal.data["weight"] = weight
                goal.block = (r, c)
                return goal
            return self.new_goal(title, weight, block=(r, c))
        # no label: the block continues the goal above if that goal has nothing of this kind yet
        if goal is not None and not goal.rows and (table or not (goal.data.get("target") or goal.data.get("actual"))):
            goal.block = goal.block or (r, 0)
            return goal
        return self.new_goal("", None, block=(r, 0))

    def _read_text_goal(self, r: int, cols: dict[str, int]) -> int:
        self._own_label("goal_target", r, cols["target"])
        self._own_label("goal_actual", r, cols["actual"])
        first = min(cols.values())
        goal = self._block_goal(r, first, table=False)
        header_r = r
        rows = BlockRows(self, header_r)
        # one value row per block: content under the target/actual/score columns
        r = next(iter(rows), None)
        if r is None or any(c < first and not self.g.is_continuation(r, c) for c, _ in self.cells(r)):
            self.note(NoteKind.info, "目标区块只有标题行，没有内容", header_r)
            return rows.end
        for c, t in self.cells(r):
            key = next((k for k, cc in cols.items() if cc == c), None)
            if key is None:
                key = nearest_left(cols, c)
            if key in ("target", "actual"):
                goal.data[key] = t
            elif key in ("score", "weight"):
                number = self._number(t, r, c)
                if number is None:
                    self.note(NoteKind.skipped_cell, f"{label_of(key)}应为数字，内容“{_short(t)}”未导入", r, c, t)
                    continue
                field_name = "declared_score" if key == "score" else "weight"
                goal.data[field_name] = number
            else:
                self.note(NoteKind.skipped_cell, f"内容“{_short(t)}”不在任何一栏下，未导入", r, c, t)
        return r + 1

    def _read_weight_table(self, header_r: int, mapping: dict[int, str]) -> int:
        rows, r = self._table_rows(header_r)
        table = read_weight_table(self.g, header_r, mapping, rows)
        self.weight_tables.append(table)
        names = [norm(self.g.text(header_r, c)) for c in self.g.nonempty(header_r)
                 if c not in mapping or mapping[c] == "skip"]
        # its title line (`附件：…绩效评价指标体系`), listed as a row of no form when it was read
        title = ""
        above = self._line_above(header_r)
        if above and any(w in above for w in WEIGHT_TABLE_TITLES):
            skipped = [n for n in self.notes if n.kind is NoteKind.skipped_row and n.text == above]
            if skipped:
                self.notes.remove(skipped[-1])
                title = f"“{_short(above, 30)}”，"
        self.note(NoteKind.info, f"这是评分表（{title}{len(table.entries)} 个标准分），用来补上自评表中没有的分值"
                                 + (f"；其中{'、'.join('“' + _short(n, 12) + '”' for n in names)}栏不导入" if names else ""),
                  header_r)
        return r

    def _own_label(self, slot: str, r: int, c: int) -> None:
        """Remember a heading worded otherwise than the official form (年度指标值 for
        年初目标值（A）), the first of each kind, so an export prints it the same way."""
        text = "".join(line.strip() for line in self.g.text(r, c).splitlines())
        text = strip_weight(text)[0] if slot == "execution" else text
        same = as_compared(text) in (as_compared(OFFICIAL_LABELS[slot]),
                                      "预算执行情况" if slot == "execution" else None)
        if text and slot not in self.labels and not same:
            self.labels[slot] = text

    def _read_indicators(self, r: int, mapping: dict[int, str]) -> int:
        fields = set(mapping.values())
        if fields & {"coefficient", "core"} and not fields & {"level_one", "level_two"} \
                and self.raw.get("framework") != "flat":
            # one flat list scored by 得分系数 × 指标权重 (RULES.md 5b)
            self.raw["framework"] = "flat"
            self.note(NoteKind.info, "指标表没有一级、二级指标，有得分系数或是否核心指标列：按平铺指标体系读入"
                                     "（得分 = 得分系数 × 指标权重）", r)
        for c, f in mapping.items():
            if f in HEADING_SLOTS:
                self._own_label(HEADING_SLOTS[f], r, c)
        first = min((c for c, f in mapping.items() if f != "section"), default=0)
        goal = self._block_goal(r, first, table=True)
        header_r = r
        rows, r = self._table_rows(header_r)
        self.score_col = next((c for c, f in mapping.items() if f == "score"), None)
        self.first_table = self.first_table or dict(mapping)  # the form's columns (model.Document.columns)
        carry = ("", "")
        table_rows = read_table(self.g, header_r, mapping, rows, self.notes, carry=carry)
        table_rows = self._execution_rows(goal, table_rows)
        if any(tr.goal for tr in table_rows):
            self._split_by_goal_column(goal, table_rows)
        else:
            goal.rows.extend(table_rows)
        return r

    def _split_by_goal_column(self, goal: Goal, rows: list[TableRow]) -> None:
        current = goal
        for tr in rows:
            if tr.goal and tr.goal != current.data.get("title", ""):
                if not current.rows and not current.data.get("title"):
                    current.data["title"] = tr.goal
                else:
                    current = self.new_goal(tr.goal)
            current.rows.append(tr)
