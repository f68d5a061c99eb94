"""The editable fields of each kind of node, and reading what was typed.

No Textual here: the editor builds its widgets from these specs, and the
session tests use the same parsing. `parse_input` turns the text of a field
into the value the model takes, or raises `FieldError` with a Chinese message
saying why; the model's own validation (ranges, lengths) runs afterwards in
`model.edit.validated_update`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Literal

from model import Kind, Method, Tier

from . import strings as S


__all__ = ["FieldSpec", "FieldError", "FIELDS", "FUNDS", "FUND_FIELDS", "parse_input",
           "format_value", "NUMBER_CHARS",
           "INTEGER_CHARS", "field_value", "refused_char"]

FieldKind = Literal["text", "long", "number", "int", "date", "choice", "bool"]


class FieldError(ValueError):
    """What was typed cannot be this field's value; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str  # model field, or "narrative.x" / "rules.preset" on the document
    kind: FieldKind
    unit: str = ""  # "money" | "points" | "percent"
    label_key: str = ""  # key into model.labels.FIELD_LABELS when it differs from `name`

    @property
    def label(self) -> str:
        return S.FIELD_LABELS[self.label_key or self.name]

    @property
    def unit_text(self) -> str:
        return S.UNITS.get(self.unit, "")

    @property
    def placeholder(self) -> str:
        return S.PLACEHOLDERS.get(self.name, "")

    @property
    def replaced_when_typed(self) -> bool:
        """A figure or a value (`9个`, `≥90%`): its text is selected when the
        field gets the focus, so typing replaces it, as in a spreadsheet."""
        return self.kind in ("number", "int") or (self.kind == "text"
                                                  and self.name in ("target", "actual", "adjusted_target"))


def _choices(enum: type[Enum]) -> tuple[tuple[str, Any], ...]:
    return tuple((member.label, member) for member in enum)  # type: ignore[attr-defined]


KIND_CHOICES = _choices(Kind)
METHOD_CHOICES = _choices(Method)
TIER_CHOICES = _choices(Tier)
CHOICES = {"kind": KIND_CHOICES, "method": METHOD_CHOICES, "tier": TIER_CHOICES}

FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "document": (
        FieldSpec("kind", "choice"),
        FieldSpec("title", "text"),
        FieldSpec("unit", "text"),
        FieldSpec("project_name", "text"),
        FieldSpec("department", "text"),
        FieldSpec("implementing_unit", "text"),
        FieldSpec("year", "int"),
        FieldSpec("fill_date", "date"),
        FieldSpec("declared_total", "number", "points"),
        FieldSpec("rules.preset", "choice"),
        FieldSpec("narrative.deviation", "long"),
        FieldSpec("narrative.improvement", "long"),
        FieldSpec("narrative.remarks", "long"),
        FieldSpec("narrative.summary", "long"),
    ),
    "execution": (
        FieldSpec("label", "text"),
        FieldSpec("weight", "number", "points"),
        FieldSpec("budget", "number", "money"),
        FieldSpec("spent", "number", "money"),
        FieldSpec("initial_budget", "number", "money"),
        FieldSpec("additions", "number", "money"),
        FieldSpec("reductions", "number", "money"),
        FieldSpec("basic", "number", "money"),
        FieldSpec("project", "number", "money"),
        FieldSpec("declared_rate", "number", "percent"),
        FieldSpec("declared_score", "number", "points"),
    ),
    "goal": (
        FieldSpec("title", "text", label_key="name"),
        FieldSpec("weight", "number", "points"),
        FieldSpec("declared_score", "number", "points"),
        FieldSpec("target", "long", label_key="goal.target"),
        FieldSpec("actual", "long", label_key="goal.actual"),
    ),
    "level": (
        FieldSpec("name", "text"),
        FieldSpec("weight", "number", "points"),
        FieldSpec("declared_score", "number", "points"),
    ),
    "sublevel": (
        FieldSpec("name", "text"),
        FieldSpec("weight", "number", "points"),
        FieldSpec("declared_score", "number", "points"),
    ),
    "indicator": (
        FieldSpec("name", "text"),
        FieldSpec("target", "text"),
        FieldSpec("adjusted_target", "text"),  # the flat framework's (RULES.md 5b); shown there
        FieldSpec("actual", "text"),
        FieldSpec("coefficient", "number", "percent"),  # flat: 得分 = 得分系数 × 指标权重
        FieldSpec("weight", "number", "points"),
        FieldSpec("score", "number", "points"),
        FieldSpec("core", "bool"),  # flat: 是否核心指标
        FieldSpec("method", "choice"),
        FieldSpec("tier", "choice"),
        FieldSpec("not_applicable", "bool"),
        FieldSpec("reason", "long"),
        FieldSpec("improvement", "long"),
    ),
}

# The execution's fund rows (当年财政拨款 / 上年结转资金 / 其他资金), edited
# cell by cell in a small table under the execution's fields: a cell's edit
# replaces the whole `funds` tuple of the execution (`FUNDS`).
FUNDS = FieldSpec("funds", "text")
FUND_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", label_key="fund.name"),
    FieldSpec("initial_budget", "number", "money"),
    FieldSpec("budget", "number", "money", label_key="fund.budget"),
    FieldSpec("spent", "number", "money", label_key="fund.spent"),
)

# What a number field lets through as it is typed: digits (also full-width),
# one decimal point, and spaces or thousands separators people paste.
NUMBER_CHARS = re.compile(r"[0-9０-９.．。,，\s]*")
INTEGER_CHARS = re.compile(r"[0-9０-９\s]*")


def refused_char(spec: FieldSpec, text: str) -> str | None:
    """The first character a number field does not take, or None."""
    allowed = INTEGER_CHARS if spec.kind == "int" else NUMBER_CHARS
    for ch in text:
        if not allowed.fullmatch(ch):
            return ch
    return None


def refusal_message(spec: FieldSpec, char: str) -> str:
    if char in "-－−":
        return S.NUMBER_NEGATIVE
    shown = char if char.isprintable() else repr(char)
    if spec.kind == "int":
        return S.INTEGER_ONLY.format(char=shown)
    hint = S.NUMBER_UNIT_HINT.format(unit=spec.unit_text) if spec.unit_text else ""
    return S.NUMBER_ONLY.format(char=shown, unit_hint=hint)


def _number(spec: FieldSpec, text: str) -> Decimal | None:
    cleaned = unicodedata.normalize("NFKC", text).replace("。", ".")
    cleaned = "".join(ch for ch in cleaned if not ch.isspace() and ch not in ",，")
    if not cleaned:
        return None
    bad = refused_char(spec, cleaned)
    if bad is not None:
        raise FieldError(refusal_message(spec, bad))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise FieldError(S.NUMBER_BAD.format(text=text.strip())) from None
    if not value.is_finite():
        raise FieldError(S.NUMBER_BAD.format(text=text.strip()))
    return value


def parse_input(spec: FieldSpec, text: str) -> Any:
    """The model value for what was typed in a text-like field."""
    if spec.kind in ("text", "long"):
        return text
    if spec.kind == "number":
        return _number(spec, text)
    if spec.kind == "int":
        value = _number(spec, text)
        return None if value is None else int(value)
    if spec.kind == "date":
        stripped = text.strip()
        return stripped or None  # the model reads 2025-02-10 and 2025年2月10日
    if spec.kind == "choice" and spec.name in CHOICES:  # `jixiao score --set NAME.tier=达成`
        return _choice(spec, text)
    if spec.kind == "bool":  # a yes/no cell of the grid (是否核心指标)
        return _yes_no(spec, text)
    raise TypeError(f"{spec.kind} fields are not typed in")  # pragma: no cover


def _choice(spec: FieldSpec, text: str) -> Any:
    """A choice written out: its label, its stored value, or (a tier) the
    words `Tier.named` reads (达成, 部分达成, 未达成…); empty: none."""
    wanted = unicodedata.normalize("NFKC", text).strip()
    if not wanted:
        return None
    for label, member in CHOICES[spec.name]:
        if wanted in (label, member.value):
            return member
    if spec.name == "tier" and (tier := Tier.named(wanted)) is not None:
        return tier
    raise FieldError(S.CHOICE_UNKNOWN.format(
        text=wanted, label=spec.label, options="、".join(label for label, _ in CHOICES[spec.name])))


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "✔"}
_NO = {"", "否", "不是", "n", "no", "false", "0", "×", "x", "✗"}


def _yes_no(spec: FieldSpec, text: str) -> bool:
    """是 / 否 as typed in a cell (also y / n, 1 / 0, √ / ×); empty: 否."""
    wanted = unicodedata.normalize("NFKC", text).strip().lower()
    if wanted in _YES:
        return True
    if wanted in _NO:
        return False
    raise FieldError(S.YES_NO_UNKNOWN.format(text=text.strip(), label=spec.label))


def format_value(spec: FieldSpec, value: Any) -> str:
    """How a model value is shown in its input."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return S.FIELD_YES if value else S.FIELD_NO
    if isinstance(value, Decimal):
        # the digits as typed and saved: 138.40 stays 138.40
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def field_value(node: Any, spec: FieldSpec) -> Any:
    """The current value of `spec` on `node` (a document for dotted names)."""
    target = node
    name = spec.name
    if "." in name:
        head, name = name.split(".", 1)
        target = getattr(node, head)
    return getattr(target, name)
