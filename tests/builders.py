"""Small documents built in code, for the rule and check tests.

    doc = form(ind("≥90%", "95%", weight=5))          # one indicator
    doc = form(ind(...), ind(...), sub="成本指标")     # under a cost level
    result = score(doc)
    assert codes(result) == {...}

A `form` is a department form: an execution block (A 100, B 100, weight 20)
and one goal worth 80 holding one level one and one level two with the given
indicators. Every part can be replaced with keyword arguments, and `bare=True`
leaves the execution block out (a form scored by its indicators only).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from model import Document, Execution, Goal, Indicator, LevelOne, LevelTwo, Rules
from scoring import Finding, Result, score_document

D = Decimal


def dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def ind(target: str = "", actual: str = "", weight: Any = None, score: Any = None,
        name: str = "指标", **fields: Any) -> Indicator:
    """An indicator (三级指标). Numbers may be given as int, str or Decimal."""
    return Indicator(name=name, target=target, actual=actual, weight=dec(weight), score=dec(score),
                     **fields)


def execution(budget: Any = 100, spent: Any = 100, weight: Any = 20, **fields: Any) -> Execution:
    numbers = {k: dec(v) if not isinstance(v, (tuple, str)) else v for k, v in fields.items()}
    return Execution(budget=dec(budget), spent=dec(spent), weight=dec(weight), **numbers)


def form(*indicators: Indicator, level: str = "产出指标", sub: str = "数量指标",
         goal_weight: Any = 80, level_weight: Any = None, sub_weight: Any = None,
         goals: tuple[Goal, ...] | None = None, exe: Execution | None = None, bare: bool = False,
         rules: Rules | None = None, declared_total: Any = None, **doc_fields: Any) -> Document:
    """A department form around `indicators` (see the module docstring)."""
    if goals is None:
        goals = (Goal(title="年度目标1", weight=dec(goal_weight), levels=(
            LevelOne(name=level, weight=dec(level_weight), sublevels=(
                LevelTwo(name=sub, weight=dec(sub_weight), indicators=tuple(indicators)),
            )),
        )),)
    if exe is None:
        exe = Execution() if bare else execution()
    return Document(title="测试表", goals=goals, execution=exe, rules=rules or Rules(),
                    declared_total=dec(declared_total), **doc_fields)


def score(doc: Document) -> Result:
    return score_document(doc)


def codes(result: Result) -> set[str]:
    return {f.code for f in result.findings}


def having(result: Result, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def only(result: Result, code: str) -> Finding:
    found = having(result, code)
    assert len(found) == 1, f"expected one {code}, got {[f.message for f in found]}"
    return found[0]


def first_indicator(result: Result):
    return result.goals[0].children[0].children[0].children[0]


def document_strings(doc: Document) -> set[str]:
    """Every value of a document as text (for "nothing was dropped" checks)."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif value is not None:
            out.add(str(value))

    walk(doc.model_dump())
    return out
