"""Reading a whole form (自评表) out of a grid: header, execution, goals,
indicator tables, total and narrative.

The reader walks the rows once and recognises them by their labels, as a
person reads the paper form; it does not depend on fixed positions, so it reads
jixiao's own xlsx export, forms laid out by hand in WPS or Excel, plain tables
with only a header row, and text pasted from Word or WPS. What it cannot place
becomes a `Note`; nothing is dropped without one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from model import LABEL_SLOTS, Document, Kind
from model.files import validate_document
from model.problems import DocumentError
from scoring.rules import PRESETS, UNSCORED, grade_of

from .formexec import ExecutionRows
from .formgoals import GoalRows
from .formwords import (
    ALL_LABELS,
    LABEL_INLINE,
    NARRATIVE_LABELS,
    OTHER_LABELS,
    TITLE_WORDS,
    TOTAL_KEYS,
    TOTAL_ROW_WORDS,
    YEAR_IN_BRACKETS,
    YEAR_IN_TITLE,
    YEAR_LINE,
    cell_date,
    label_of,
)
from .grid import Grid
from .notes import Note, NoteKind
from .notes import short as _short
from .headings import table_columns
from .layout import DEFAULT_COLUMNS
from .table import TableRow, header_mapping
from .vocab import norm
from .weights import apply_weights, is_weight_header, match_count, name_key
from .wording import printed_rules_preset

__all__ = ["read_form", "read_forms", "FormReading", "build_levels", "rules_from_remarks", "MAX_FORMS"]

@dataclass
class FormReading:
    raw: dict[str, Any]
    notes: list[Note]
    kind_found: bool
    stopped_at: int | None = None  # row where another form starts
    start: int = 0  # first row of this form's part of the grid
    weight_tables: list[Any] = field(default_factory=list)  # exchange.weights.WeightTable, in order
    # indicator name (weights.name_key) -> (grid row, place) of its first row, for notes
    name_rows: dict[str, tuple[int, str]] = field(default_factory=dict)


class _FormReader(GoalRows, ExecutionRows):

    # -- helpers -----------------------------------------------------------


    # -- the walk ----------------------------------------------------------

    def read(self) -> FormReading:
        self._find_title()
        r = self.start
        while r < self.g.height:
            if r in self.title_rows:
                if self.seen_content and self.stopped_at is None:
                    self.stopped_at = r
                    break
                r += 1
                continue
            if not self.g.nonempty(r):
                r += 1
                continue
            r = self._row(r)
        self._note_preamble()
        name_rows: dict[str, tuple[int, str]] = {}
        for goal in self.goals:
            for tr in goal.rows:
                if tr.indicator and tr.indicator.get("name"):
                    name_rows.setdefault(name_key(tr.indicator["name"]), (tr.row, self.g.ref(tr.row)))
        return FormReading(self._assemble(), self.notes, bool(self.kind_hints) or self.kind is not None,
                           self.stopped_at, self.start, self.weight_tables, name_rows)

    def _note_preamble(self) -> None:
        """Text above the form's title (the report a form is printed in): one line, with its place."""
        rows = self.preamble
        if not rows:
            return
        if len(rows) <= 2:
            for r in rows:
                self._skip_row(r)
            return
        texts = [" ".join(t for _, t in self.cells(r)) for r in rows]
        first, last = self.g.ref(rows[0]), self.g.ref(rows[-1])
        note = Note(NoteKind.skipped_row, f"表格前的 {len(rows)} 行文字不属于自评表，未导入（{first} 至 {last}）："
                                          f"{_short(texts[0], 24)} …… {_short(texts[-1], 24)}",
                    rows[0] + 1, None, first, "\n".join(texts))
        self.notes.insert(0, note)


    def _is_content(self, r: int) -> bool:
        """A row that belongs to the form body (a label row or a table header)."""
        cells = self.cells(r)
        if not cells:
            return False
        first = cells[0][1]
        if norm(first) in ALL_LABELS or LABEL_INLINE.match(first):
            return True
        return (header_mapping(self.g, r) is not None or self._execution_header(r) is not None
                or self._text_goal_header(r) is not None)

    def _title_like(self, r: int) -> bool:
        text = self.single(r)
        return (text is not None and len(text) <= 80 and any(w in text for w in TITLE_WORDS)
                and not LABEL_INLINE.search(text))

    def _year_line_above(self, r: int, title: str) -> int | None:
        """The row above a title that holds its year (`2024年度武汉市…` / `部门整体绩效自评表`)."""
        prev = r - 1
        while prev >= self.start and not self.g.nonempty(prev):
            prev -= 1
        above = self.single(prev) if prev >= self.start else None
        if (above is not None and len(above) <= 40 and not LABEL_INLINE.search(above)
                and YEAR_IN_TITLE.match(above) and not YEAR_IN_TITLE.match(title)):
            return prev
        return None

    def _find_title(self) -> None:
        first_content = next((r for r in range(self.start, self.g.height) if self._is_content(r)), self.g.height)
        candidates = [r for r in range(self.start, first_content) if self._title_like(r)]
        if not candidates and self.g.is_sheet:
            top = next((r for r in range(self.start, first_content) if self.g.nonempty(r)), None)
            if top is not None and self.wide(top):
                candidates = [top]
        if not candidates and self.g.source == "docx":
            # Word: the short paragraph right above the form (a title without 自评表 in it)
            above = next((r for r in range(first_content - 1, self.start - 1, -1) if self.g.nonempty(r)), None)
            text = self.single(above) if above is not None and self.g.is_paragraph(above) else None
            if text is not None and len(text) <= 60 and not LABEL_INLINE.search(text) \
                    and not YEAR_LINE.match(text.strip()):
                candidates = [above]
        if candidates:
            r = candidates[-1]
            parts = [self.single(r) or ""]
            self.title_rows.add(r)
            self.title_row = r
            above = self._year_line_above(r, parts[0])
            if above is not None:
                self.title_rows.add(above)
                self.title_row = above
                parts.insert(0, self.single(above) or "")
            title = "".join(p.strip() for p in parts)
            self.raw["title"] = title
            m = YEAR_IN_TITLE.match(title) or YEAR_IN_BRACKETS.search(title)
            if m:
                self.raw["year"] = int(m.group(1))
            if "项目" in title and "部门整体" not in title:
                self.kind_hints.append(Kind.project)
            elif "部门" in title or "整体" in title:
                self.kind_hints.append(Kind.department)
        # a title line after the body has begun starts the next form (its year line with it)
        for r in range(first_content, self.g.height):
            if self._title_like(r):
                self.title_rows.add(r)
                above = self._year_line_above(r, self.single(r) or "")
                if above is not None and above >= first_content:
                    self.title_rows.add(above)
                break

    def _row(self, r: int) -> int:
        first = self.cells(r)[0][1]
        if norm(first).startswith("所属项目") and len(self.cells(r)) > 1:
            self.seen_content = True
            self.open_text = None
            return self._read_projects(r)
        # tables first: their headers also contain label words
        ex = self._execution_header(r)
        if ex is not None:
            self.seen_content = True
            self.open_text = None
            return self._read_execution(r, ex)
        tg = self._text_goal_header(r)
        if tg is not None:
            self.seen_content = True
            self.open_text = None
            return self._read_text_goal(r, tg)
        mapping = header_mapping(self.g, r)
        if mapping is not None:
            self.seen_content = True
            self.open_text = None
            if is_weight_header(self.g, r, mapping, self._line_above(r)):
                return self._read_weight_table(r, mapping)
            return self._read_indicators(r, mapping)
        if self._total_row(r) or self._rate_row(r):
            self.seen_content = True
            return r + 1
        if self._labels(r):
            self.seen_content = True
            return r + 1
        text = self.single(r)
        if (text is not None and self._goal_line(r, text)) or (text is None and self._goal_row(r)):
            self.seen_content = True
            self.open_text = None
            return r + 1
        if text is not None and self.open_text is not None and self.g.container(r) == self.open_container:
            _, key = self.open_text
            prev = self.narrative.get(key, "")
            self.narrative[key] = (prev + "\n" + text) if prev else text
            return r + 1
        if text is not None and (m := YEAR_LINE.match(text.strip())):
            year = int(m.group(1))
            if self.raw.get("year", year) != year:
                self.note(NoteKind.skipped_cell, f"年度前面已读为 {self.raw['year']}，此处的 {year} 未导入", r, None, text)
            self.raw["year"] = year
            return r + 1
        if self.title_row is not None and r < self.title_row:
            self.preamble.append(r)
            return r + 1
        self._skip_row(r)
        return r + 1

    def _total_row(self, r: int) -> bool:
        """`总分 | 100 | 93`: a total row under an indicator table with its 分值 and 得分 columns."""
        cells = self.cells(r)
        key = norm(cells[0][1])
        if len(cells) < 2 or (ALL_LABELS.get(key) not in TOTAL_KEYS and key not in TOTAL_ROW_WORDS):
            return False
        numbers = [(c, t, self._number(t, r, c)) for c, t in cells[1:]]
        if any(v is None for _, _, v in numbers) or len(numbers) not in (1, 2):
            return False
        if len(numbers) == 1:
            if key not in TOTAL_ROW_WORDS or self.score_col is None or numbers[0][0] != self.score_col:
                return False
            (c2, t2, v2), = numbers
            self.note(NoteKind.info, f"{cells[0][1]}行：得分 {t2}，读作总分", r, c2, t2)
            self._set_label("declared_total", t2, r, c2)
            return True
        (c1, t1, v1), (c2, t2, v2) = numbers
        if self.score_col is not None and c1 == self.score_col:
            (c1, t1, v1), (c2, t2, v2) = (c2, t2, v2), (c1, t1, v1)
        elif not (self.score_col == c2 or v1 == 100):
            return False
        self.note(NoteKind.info, f"{cells[0][1]}行：分值 {t1}、得分 {t2}，得分读作总分", r, c2, t2)
        self._set_label("declared_total", t2, r, c2)
        self.labels.setdefault("total", cells[0][1])  # the form's own total row, exported so (model.Label)
        return True

    # -- labels ------------------------------------------------------------

    def _labels(self, r: int) -> bool:
        """Rows of `label | value` pairs or `label：value` cells. True when read."""
        cells = self.cells(r)
        found = False
        i = 0
        consumed: set[int] = set()
        pending: list[tuple[str, int, str]] = []
        while i < len(cells):
            c, text = cells[i]
            key = norm(text)
            if key in ALL_LABELS:
                # the value: the next cell, unless it is a label itself or an empty value cell
                # lies between (`主管部门 | (空) | 财政处室`: no 主管部门 given)
                value, vc = "", None
                if i + 1 < len(cells) and self._value_of(r, c, cells[i + 1]):
                    vc, value = cells[i + 1]
                    i += 1
                pending.append((ALL_LABELS[key], c if vc is None else vc, value))
                consumed.add(c)
                if vc is not None:
                    consumed.add(vc)
                found = True
                if ALL_LABELS[key] in NARRATIVE_LABELS.values() and vc is not None:
                    # the rest of the row belongs to the text (cells of a wide merged value)
                    rest = [t for cc, t in cells[i + 1:]]
                    if rest:
                        pending[-1] = (pending[-1][0], pending[-1][1], "\n".join([value] + rest))
                        consumed.update(cc for cc, _ in cells[i + 1:])
                        i = len(cells)
                i += 1
                continue
            inline = list(LABEL_INLINE.finditer(text))
            if inline and inline[0].start() == 0:
                for j, m in enumerate(inline):
                    end = inline[j + 1].start() if j + 1 < len(inline) else len(text)
                    pending.append((ALL_LABELS[norm(m.group(1))], c, text[m.end():end].strip()))
                consumed.add(c)
                found = True
            i += 1
        if not found:
            return False
        for c, text in cells:
            if c not in consumed:
                self.note(NoteKind.skipped_cell, f"此单元格不属于任何栏目，内容“{_short(text)}”未导入", r, c, text)
        self.open_text = None
        for key, c, value in pending:
            self._set_label(key, value, r, c)
        return True

    def _value_of(self, r: int, c: int, nxt: tuple[int, str]) -> bool:
        """Whether cell `nxt` is the value of the label in column c of row r."""
        vc, text = nxt
        if norm(text) in ALL_LABELS or norm(text) in OTHER_LABELS:
            return False
        if not self.g.structured:
            return True
        return not any(not self.g.text(r, cc) and not self.g.is_continuation(r, cc) for cc in range(c + 1, vc))

    def _set_label(self, key: str, value: str, r: int, c: int) -> None:
        if key == "problems":  # 存在问题: kept in the remarks under its own heading
            key, value = "remarks", (f"存在问题：{value}" if value else value)
        if key == "remarks" and self.remarks_row is None:
            self.remarks_row = r
        if key in NARRATIVE_LABELS.values():
            prev = self.narrative.get(key, "")
            self.narrative[key] = (prev + "\n" + value) if prev and value else (value or prev)
            self.open_text = ("narrative", key)
            self.open_container = self.g.container(r)
            return
        if key == "grade":
            value = re.sub(r"[（(]计算[:：][^）)]*[）)]$", "", value)  # 优（计算：中）: the printed 优
            total = self.raw.get("declared_total")
            if value == UNSCORED and total is None:
                return  # an unscored form says so (jixiao's own export of one)
            if value and (value not in ("优", "良", "中", "差") or (total is not None and grade_of(total) != value)):
                self.note(NoteKind.skipped_cell, f"评价等级“{_short(value)}”由总分计算得出，不导入", r, c, value)
            return
        if not value:
            return
        if key in ("unit", "project_name", "department", "implementing_unit"):
            if key == "project_name":
                self.kind_hints.append(Kind.project)
            if key in self.raw and self.raw[key] != value:
                self.note(NoteKind.skipped_cell, f"{label_of(key)}前面已读为“{_short(self.raw[key])}”，"
                                                 f"此处的“{_short(value)}”未导入", r, c, value)
                return
            self.raw[key] = value
            return
        if key == "fill_date":
            d = cell_date(self.g.cell(r, c).value if self.g.cell(r, c).value is not None else value, value)
            if d is None:
                self.note(NoteKind.skipped_cell, f"填报日期“{_short(value)}”无法识别（应如 2025年2月10日），未导入", r, c, value)
                return
            self.raw["fill_date"] = d
            return
        number = self._number(value, r, c)
        if number is None:
            self.note(NoteKind.skipped_cell, f"{label_of(key)}应为数字，内容“{_short(value)}”未导入", r, c, value)
            return
        if key == "declared_total":
            if "declared_total" in self.raw and self.raw["declared_total"] != number:
                self.note(NoteKind.skipped_cell, f"总分前面已读为 {self.raw['declared_total']}，此处的 {number} 未导入",
                          r, c, value)
                return
            self.raw["declared_total"] = number
            return
        if key in ("basic", "project"):
            self.kind_hints.append(Kind.department)
            self.execution[key] = number


    # -- goals -------------------------------------------------------------


    # -- execution ---------------------------------------------------------


    # -- projects ----------------------------------------------------------


    # -- assembly ----------------------------------------------------------

    def _assemble(self) -> dict[str, Any]:
        raw = dict(self.raw)
        kind = self.kind
        if kind is None:
            hints = set(self.kind_hints)
            if Kind.project in hints and "project_name" in raw:
                kind = Kind.project
            elif hints == {Kind.project}:
                kind = Kind.project
            else:
                kind = Kind.department
        raw["kind"] = kind.value
        if self.execution:
            raw["execution"] = self.execution
        goals = []
        for goal in self.goals:
            data = dict(goal.data)
            levels = build_levels(goal.rows)
            if levels:
                data["levels"] = levels
            goals.append(data)
        if goals:
            raw["goals"] = goals
        if self.projects:
            raw["projects"] = self.projects
        narrative = dict(self.narrative)
        preset = printed_rules_preset(narrative.get("remarks", ""))
        if preset is not None:
            # the 备注 the export prints for a form without remarks: the rules in force
            del narrative["remarks"]
            raw["rules"] = {"preset": preset}
            self.note(NoteKind.info, f"备注栏是按“{PRESETS[preset].label}”打印的计分规则说明，未作为备注导入；"
                                     "评分规则取该规则")
        elif narrative.get("remarks"):
            rules, said = rules_from_remarks(narrative["remarks"])
            if rules:
                raw["rules"] = rules
                self.note(NoteKind.info, f"备注写明了计分规则（{said}），评分规则设为 {_rules_text(rules)}",
                          self.remarks_row)
        if narrative:
            raw["narrative"] = narrative
        if self.labels:
            raw["labels"] = [{"slot": slot, "text": self.labels[slot]} for slot in LABEL_SLOTS if slot in self.labels]
        columns = table_columns(role for _, role in sorted(self.first_table.items()))
        if columns and tuple(columns) != DEFAULT_COLUMNS:  # the official ones are no record (as labels)
            raw["columns"] = columns
        return raw


_REVERSE_RATIO = re.compile(r"反向指标.{0,60}?(?:得分)?=?(?:权重|分值)?[*×xX]?\(?A/B\)?")
_REVERSE_LINEAR = re.compile(r"反向指标.{0,80}?(?:1-\(B-A\)/A|\(B-A\)/A|超出.{0,10}?(?:比例|部分).{0,6}?扣)")
_BANDS = re.compile(r"(?:100-)?80-(50|60)")


def rules_from_remarks(text: str) -> tuple[dict[str, Any], str]:
    """The rule settings a form's 备注 states (RULES.md 5): the reverse rule (得分=权重×A/B,
    or the linear 1-(B-A)/A) and the tier bands (100-80、80-50、50-0 or 80-60). Returns the
    raw [rules] table (empty when the remarks state neither) and what was read, in Chinese."""
    if not text or ("反向" not in text and "80" not in text):
        return {}, ""
    flat = re.sub(r"[\s$%*×\\{}]|leq|geq|frac", "", unicodedata.normalize("NFKC", text))
    flat = flat.replace("—", "-").replace("–", "-").replace("~", "-").replace("～", "-")
    reverse = "linear" if _REVERSE_LINEAR.search(flat) else "ratio" if _REVERSE_RATIO.search(flat) else None
    bands = None
    if "定性" in flat or "档" in flat:
        m = _BANDS.search(flat)
        if m:
            bands = Decimal(m.group(1))
    said = []
    if reverse:
        said.append("反向指标 " + ("超出按比例扣分" if reverse == "linear" else "得分=权重×A/B"))
    if bands is not None:
        said.append(f"定性档次 80/{bands}")
    if not said:
        return {}, ""
    rules: dict[str, Any]
    if reverse == "linear" and bands in (None, Decimal(60)):
        rules = {"preset": "linear-80-60"}
    elif reverse == "linear":
        rules = {"preset": "paper", "reverse": "linear"}
    else:
        rules = {"preset": "paper"}
    if bands is not None and bands != (Decimal(60) if rules["preset"] == "linear-80-60" else Decimal(50)):
        rules["partial_min"] = bands
    return rules, "，".join(said)


def _rules_text(rules: dict[str, Any]) -> str:
    from scoring.rules import PRESET_LABELS

    text = f"“{PRESET_LABELS.get(rules['preset'], rules['preset'])}”"
    extra = []
    if "reverse" in rules:
        extra.append("反向指标按超出比例扣分")
    if "partial_min" in rules:
        extra.append(f"部分达成下限 {rules['partial_min']}%")
    return text + (f"，{'，'.join(extra)}" if extra else "")


def build_levels(rows: list[TableRow]) -> list[dict[str, Any]]:
    """Levels of a goal from table rows, in form order (consecutive names group)."""
    levels: list[dict[str, Any]] = []
    for tr in rows:
        if not levels or levels[-1]["name"] != tr.level_one:
            levels.append({"name": tr.level_one, "sublevels": []})
        level = levels[-1]
        if tr.level_one_weight is not None and "weight" not in level:
            level["weight"] = tr.level_one_weight
        if tr.indicator is not None and not set(tr.indicator) - {"weight", "score"} \
                and (tr.level_one_given or tr.level_two_given):
            # `产出指标（40分） | | | 40 | 40`: a level scored as a whole (no indicators below it)
            group = level
            if tr.level_two_given:
                if not level["sublevels"] or level["sublevels"][-1]["name"] != tr.level_two:
                    level["sublevels"].append({"name": tr.level_two, "indicators": []})
                group = level["sublevels"][-1]
                if tr.level_two_weight is not None:
                    group.setdefault("weight", tr.level_two_weight)
            if "weight" in tr.indicator:
                group.setdefault("weight", tr.indicator["weight"])
            if "score" in tr.indicator:
                group["declared_score"] = tr.indicator["score"]
            continue
        if tr.indicator is None and not tr.level_two_given:
            continue  # a category row naming only the level one
        subs = level["sublevels"]
        if not subs or subs[-1]["name"] != tr.level_two or (tr.level_two_given and tr.indicator is None
                                                            and subs[-1]["indicators"]):
            subs.append({"name": tr.level_two, "indicators": []})
        sub = subs[-1]
        if tr.level_two_weight is not None and "weight" not in sub:
            sub["weight"] = tr.level_two_weight
        if tr.indicator is not None:
            sub["indicators"].append(dict(tr.indicator))
    for level in levels:
        for sub in level["sublevels"]:
            if not sub["indicators"]:
                del sub["indicators"]
        if not level["sublevels"]:
            del level["sublevels"]
    return levels


def read_form(grid: Grid, kind: Kind | None = None, start: int = 0) -> FormReading:
    """Read a grid as a form from row `start`: the raw document data and the notes.
    `stopped_at` is the row where the next form's title begins, if any."""
    return _FormReader(grid, kind, start).read()


MAX_FORMS = 200  # forms in one document; a real one holds a department form and a few projects


def read_forms(grid: Grid, kind: Kind | None = None) -> list[FormReading]:
    """Every form of a grid, in order (a department form and its project forms, as seed
    000 prints them), with the weight tables of the document applied to the form whose
    indicators they name (the most names; on a tie, the form they stand in)."""
    readings: list[FormReading] = []
    start = 0
    while True:
        reading = read_form(grid, kind, start)
        readings.append(reading)
        if reading.stopped_at is None or len(readings) >= MAX_FORMS:
            break
        start = reading.stopped_at
    if readings[-1].stopped_at is not None:
        rest = readings[-1].stopped_at
        readings[-1].notes.append(Note(NoteKind.skipped_row, f"文档中的表超过 {MAX_FORMS} 张，从这里起未读入",
                                       rest + 1, None, grid.ref(rest)))
    for i, reading in enumerate(readings):
        for table in reading.weight_tables:
            counts = [match_count(other.raw, table) for other in readings]
            best = max(counts)
            if best == 0:
                reading.notes.append(Note(NoteKind.skipped_row, f"评分表（{table.where}起）中的指标名称与自评表都对不上，"
                                                                f"其 {len(table.entries)} 个标准分未用上",
                                          table.header_row + 1, None, table.where))
                continue
            target = i if counts[i] == best else next(j for j in range(len(readings)) if counts[j] == best)
            readings[target].notes.extend(apply_weights(readings[target].raw, table, readings[target].name_rows))
    return readings


def validate_raw(raw: dict[str, Any], notes: list[Note], source: str) -> Document:
    """A Document from raw data; values the model refuses are dropped with a note."""
    for _ in range(50):
        try:
            return validate_document(raw, "", source)
        except DocumentError as err:
            removed = False
            for p in err.problems:
                if _remove_key(raw, p.key):
                    notes.append(Note(NoteKind.dropped_value, f"{p.place or p.key}：{p.message}，此值未导入"))
                    removed = True
            if not removed:
                raise
    return validate_document(raw, "", source)


def _remove_key(raw: Any, key: str) -> bool:
    """Remove one refused value; never a table or a list of them (a count over a limit
    refuses the import instead of dropping every goal)."""
    if not key:
        return False
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", key)
    node = raw
    for part in parts[:-1]:
        if part.startswith("["):
            idx = int(part[1:-1])
            if not isinstance(node, list) or idx >= len(node):
                return False
            node = node[idx]
        else:
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
    last = parts[-1]
    if last.startswith("["):
        idx = int(last[1:-1])
        if isinstance(node, list) and idx < len(node) and not isinstance(node[idx], (dict, list)):
            del node[idx]
            return True
        return False
    if isinstance(node, dict) and last in node and not isinstance(node[last], (dict, list)):
        del node[last]
        return True
    return False
