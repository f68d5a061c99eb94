"""The templates (blank forms) and sample forms jixiao ships, read as package data.

They live in `sample_data/` (`templates/` for the blanks) and are found with
`importlib.resources`, so the same code works in a source checkout, an
editable install and an installed wheel. No Textual, no pydantic at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .regular import open_regular

if TYPE_CHECKING:
    from .document import Document

__all__ = ["TEMPLATES", "template_file", "template_files", "sample_files", "read_title",
           "next_year_form", "RAISE_AT", "Exceeded", "exceeded_targets", "with_layout_weights",
           "weight_slots", "with_weights", "Layout", "LAYOUTS", "layout_named", "layout_document",
           "blank_layout"]

# name -> what it is (shown by `jixiao new --list` and on the start screen)
TEMPLATES = {
    "wuhan-department": "湖北/武汉 部门整体支出绩效自评表（预算执行 20 + 年度目标 80）",
    "wuhan-project": "武汉 项目支出绩效自评表（预算执行 20 + 总目标 20 + 绩效指标 60）",
    "central-project": "中央部门 项目支出绩效自评表（预算执行 10 + 产出 50 / 效益 30 / 满意度 10）",
}



@dataclass(frozen=True, slots=True)
class Layout:
    """One layout `jixiao new` offers: a template, a sample form's layout
    (its goals, levels and weights, blank) or the flat framework."""

    name: str  # what `jixiao new --template` takes
    kind: str  # "department" or "project" (model.Kind)
    label: str  # shown when asked, in Chinese
    template: str = ""  # a template's name (TEMPLATES)
    sample: str = ""  # a sample form's file name: its layout, blank
    flat: bool = False  # one flat list of indicators (RULES.md 5b)


# The layouts of the forms jixiao knows, by kind, in the order they are offered.
LAYOUTS = (
    Layout("wuhan-department", "department",
           "武汉部门整体：预算执行 20 + 年度目标 80（产出 40 / 效益 30 / 满意度 10）",
           template="wuhan-department"),
    Layout("department-goals", "department",
           "分目标计分：预算执行 20 + 年度目标1 20 + 年度目标2 60（洪山区 2024 的样式）",
           sample="hongshan-2024-department.toml"),
    Layout("flat", "department",
           "平铺指标：预算执行 10 + 各指标权重（得分 = 得分系数 × 指标权重）", flat=True),
    Layout("wuhan-project", "project", "武汉项目支出：预算执行 20 + 总目标 20 + 绩效指标 60",
           template="wuhan-project"),
    Layout("central-project", "project",
           "中央项目支出：预算执行 10 + 产出 50 / 效益 30 / 满意度 10", template="central-project"),
)


def layout_named(name: str) -> Layout | None:
    return next((layout for layout in LAYOUTS if layout.name == name), None)


def layout_document(layout: Layout) -> Document:
    """The blank form of a layout (DocumentError when its file cannot be read)."""
    from .document import Document, Execution, Framework, Goal, Kind, LevelOne, LevelTwo
    from .files import load_document

    if layout.template:
        source = template_file(layout.template)
        if source is None:
            raise FileNotFoundError(layout.template)
        return load_document(source)
    if layout.sample:
        return blank_layout(load_document(Path(str(_root() / layout.sample))))
    # the flat framework: one list under an unnamed level, filled in the grid
    return Document(kind=Kind(layout.kind), framework=Framework.flat,
                    execution=Execution(label="部门整体支出总额", weight=Decimal(10)),
                    goals=(Goal(levels=(LevelOne(sublevels=(LevelTwo(),)),)),))


def blank_layout(doc: Document) -> Document:
    """A form's layout without what was typed into it: its kind, rules,
    goals, levels and 二级指标 with their names and weights, the execution's
    label, weight and fund rows' names; no indicators, texts, figures or dates."""
    from .document import Document, Execution, FundRow, Goal, LevelOne, LevelTwo

    funds = tuple(FundRow(name=f.name) for f in doc.execution.funds)
    execution = Execution(label=doc.execution.label, weight=doc.execution.weight, funds=funds)
    goals = tuple(Goal(title=g.title, weight=g.weight, levels=tuple(
        LevelOne(name=one.name, weight=one.weight, sublevels=tuple(
            LevelTwo(name=sub.name, weight=sub.weight) for sub in one.sublevels))
        for one in g.levels)) for g in doc.goals)
    return Document(kind=doc.kind, framework=doc.framework, rules=doc.rules, execution=execution,
                    goals=goals, labels=doc.labels)


def _root() -> Traversable:
    return files("sample_data")


def template_file(name: str) -> Path | None:
    """The file of template `name`, or None when there is no such template."""
    if name not in TEMPLATES:
        return None
    found = _root() / "templates" / f"{name}.toml"
    return Path(str(found)) if found.is_file() else None


def template_files() -> list[tuple[str, str, Path]]:
    """(name, description, file) of every template shipped, by name."""
    out = []
    for name, description in sorted(TEMPLATES.items()):
        path = template_file(name)
        if path is not None:
            out.append((name, description, path))
    return out


def sample_files() -> list[Path]:
    """The real sample forms shipped, by file name."""
    root = _root()
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml") and p.is_file())


def read_title(path: Path) -> str:
    """A form's title without loading the whole model (fast, best effort)."""
    try:
        with open(open_regular(path), encoding="utf-8") as fh:  # a pipe: refused, never waited for
            for _, line in zip(range(40), fh):
                if line.startswith("["):
                    break  # a table: a goal's title is not the form's
                if line.startswith("title") and "=" in line:
                    value = line.split("=", 1)[1].strip()
                    if value.startswith('"') and value.endswith('"'):
                        return value[1:-1]
    except (OSError, UnicodeDecodeError):
        return ""
    return ""


# What a year's figures are: cleared in next year's form (the structure, the
# names, the targets and the weights stay).
_EXECUTION_FIGURES = ("initial_budget", "additions", "reductions", "budget", "spent", "basic",
                      "project", "declared_rate", "declared_score")
_INDICATOR_RESULTS = {"actual": "", "score": None, "tier": None, "reason": "", "improvement": ""}


def next_year_form(doc: Document) -> Document:
    """Next year's form from this year's (`jixiao new --from`): the
    structure, names, targets, weights and rules kept; the year advanced
    (in the title too, where it names the year); every actual, score,
    reason, improvement, money figure and date cleared; each indicator's
    actual kept as `last_actual`, beside its target, for reference."""
    year = doc.year + 1 if doc.year is not None else None

    def indicator(ind: Any) -> Any:
        return ind.model_copy(update={**_INDICATOR_RESULTS, "last_actual": ind.actual})

    def sublevel(sub: Any) -> Any:
        return sub.model_copy(update={"declared_score": None, "indicators": tuple(
            indicator(i) for i in sub.indicators)})

    def level(one: Any) -> Any:
        return one.model_copy(update={"declared_score": None, "sublevels": tuple(
            sublevel(s) for s in one.sublevels)})

    goals = tuple(g.model_copy(update={"actual": "", "declared_score": None, "levels": tuple(
        level(one) for one in g.levels)}) for g in doc.goals)
    funds = tuple(f.model_copy(update={"initial_budget": None, "budget": None, "spent": None})
                  for f in doc.execution.funds)
    execution = doc.execution.model_copy(update={**dict.fromkeys(_EXECUTION_FIGURES),
                                                 "funds": funds})
    title = doc.title
    if doc.year is not None and year is not None:
        title = title.replace(str(doc.year), str(year))
    narrative = type(doc.narrative)()
    return doc.model_copy(update={"year": year, "title": title, "fill_date": None,
                                  "declared_total": None, "execution": execution,
                                  "goals": goals, "narrative": narrative})


RAISE_AT = Decimal("1.3")  # an actual 30 % or more above its target: raise the target?


@dataclass(frozen=True, slots=True)
class Exceeded:
    """A target last year's actual exceeded by `RAISE_AT` or more."""

    path: tuple[int, ...]  # goal, level, sublevel, indicator
    name: str
    target: str
    actual: str
    percent: Decimal  # the actual as a percentage of the target


def exceeded_targets(doc: Document) -> list[Exceeded]:
    """The indicators whose actual is at least 130 % of their target (a
    target to reach or pass, `≥ 90%`, `1个`, both figures in comparable
    units), in form order: a reviewer asks why next year's was not raised."""
    from .values import parse_value

    out = []
    for g, goal in enumerate(doc.goals):
        for l1, level in enumerate(goal.levels):
            for l2, sub in enumerate(level.sublevels):
                for i, ind in enumerate(sub.indicators):
                    target, actual = parse_value(ind.target), parse_value(ind.actual)
                    if not (target.kind == "number" and actual.kind == "number") or target.op in ("<=", "<"):
                        continue
                    if actual.unit_kind != target.unit_kind and actual.unit and target.unit:
                        continue  # 个 against 万元: not comparable
                    t, a = target.base_number, actual.base_number
                    if t is None or a is None or t <= 0 or a < t * RAISE_AT:
                        continue
                    percent = (a / t * 100).quantize(Decimal("0.01"))
                    out.append(Exceeded((g, l1, l2, i), ind.name, ind.target, ind.actual, percent))
    return out


def _by_name(nodes: Any, name: str, index: int, count: int) -> Any:
    """The node of a layout matching a form's: by name, else at the same
    place when both have as many."""
    found = next((n for n in nodes if n.name.strip() == name.strip()), None)
    if found is None and len(nodes) == count:
        found = nodes[index]
    return found


def with_layout_weights(doc: Document, layout: Document) -> Document:
    """`doc` with the weights of a layout (a template): the execution's,
    each goal's, 一级指标's and 二级指标's where the layout has a node there
    (goals at the same place, levels by name, else at the same place).
    Indicators and everything typed stay. A form begun from the wrong
    template is put right in one step (the app commits it as one edit)."""
    execution = doc.execution.model_copy(update={"weight": layout.execution.weight})
    goals = []
    for g, goal in enumerate(doc.goals):
        if g >= len(layout.goals):
            goals.append(goal)
            continue
        other = layout.goals[g]
        levels = []
        for l1, level in enumerate(goal.levels):
            match = _by_name(other.levels, level.name, l1, len(goal.levels))
            if match is None:
                levels.append(level)
                continue
            subs = []
            for l2, sub in enumerate(level.sublevels):
                found = _by_name(match.sublevels, sub.name, l2, len(level.sublevels))
                subs.append(sub if found is None else sub.model_copy(update={"weight": found.weight}))
            levels.append(level.model_copy(update={"weight": match.weight, "sublevels": tuple(subs)}))
        goals.append(goal.model_copy(update={"weight": other.weight, "levels": tuple(levels)}))
    return doc.model_copy(update={"execution": execution, "goals": tuple(goals)})


def weight_slots(doc: Document) -> list[tuple[str, tuple[int, ...], Decimal | None]]:
    """The weights a paper form prints above its indicators, in its order:
    (name, where, weight) for the execution (where `()`), each scored goal
    and each 一级指标 (a flat form: the execution only, its indicators carry
    the rest). `jixiao new --weights` and the new-form dialog fill them in
    this order."""
    slots: list[tuple[str, tuple[int, ...], Decimal | None]] = [
        (doc.execution.label or "预算执行", (), doc.execution.weight)]
    if doc.framework.value == "flat":
        return slots  # the weights are the indicators' own (RULES.md 5b)
    for g, goal in enumerate(doc.goals):
        if goal.weight is None and not goal.levels:
            continue  # a narrative goal: no points
        slots.append((goal.title or f"目标{g + 1}", (g,), goal.weight))
        for l1, level in enumerate(goal.levels):
            slots.append((level.name, (g, l1), level.weight))
    return slots


def with_weights(doc: Document, weights: list[Decimal | None]) -> Document:
    """`doc` with the weights of `weight_slots(doc)` replaced, in order."""
    from .edit import update_at, update_execution

    for (_, where, _), weight in zip(weight_slots(doc), weights):
        doc = update_at(doc, where, weight=weight) if where else update_execution(doc, weight=weight)
    return doc
