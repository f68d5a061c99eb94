"""Rule settings (RULES.md section 5) and their named presets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from model import Rules
from model.values import format_number

__all__ = ["Settings", "PRESETS", "DEFAULT_PRESET", "resolve", "q2", "fmt", "grade_of", "GRADES", "UNSCORED"]

# The grade of a form with no score anywhere (a blank published form): no total, no grade
UNSCORED = "未评分"


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved rule settings: a preset with the file's overrides applied."""

    preset: str
    achieved_min: Decimal  # 达成预期指标: score ≥ this % of the weight
    partial_min: Decimal  # 部分达成: score ≥ this % (and below achieved_min)
    reverse: str  # "ratio": weight × min(A/B, 1); "linear": 1 − (B − A)/A
    overshoot: Decimal  # actual ≥ this % of target needs an explanation
    tolerance: Decimal  # declared vs computed differences up to this are fine
    rescale_not_applicable: bool  # leave N/A indicators out and rescale the rest
    # Not a rule but the form's layout: no indicator has a target or an actual and some
    # have scores (only 分值 / 得分 columns: scores judged against weights). One finding
    # says so instead of TARGET_MISSING and ACTUAL_MISSING on every row. Set by scoring.
    scores_only: bool = False
    # Columns ("target", "actual", "weight", "score", "unit") empty on every indicator of a
    # form of two or more: a column the form does not have or has not filled in. Said once
    # for the form, not on every row. Set by scoring.
    missing_everywhere: frozenset[str] = frozenset()
    # The flat framework (RULES.md 5b): unnamed levels are no step of a finding's place. Set by scoring.
    flat: bool = False

    @property
    def label(self) -> str:
        return PRESET_LABELS.get(self.preset, self.preset)


PRESETS: dict[str, Settings] = {
    # The paper forms of the seeds (Wuhan, Hubei): 80/50 tiers, reverse = A/B.
    "paper": Settings("paper", Decimal(80), Decimal(50), "ratio", Decimal(130),
                      Decimal("0.01"), False),
    # One provincial system: 80/60 tiers and the linear reverse rule.
    "linear-80-60": Settings("linear-80-60", Decimal(80), Decimal(60), "linear", Decimal(130),
                             Decimal("0.01"), False),
}
PRESET_LABELS = {"paper": "纸质表规则（80/50，反向 A/B）",
                 "linear-80-60": "线性反向规则（80/60，超出按比例扣分）"}
DEFAULT_PRESET = "paper"


def resolve(rules: Rules) -> Settings:
    """The settings a document's [rules] table asks for."""
    base = PRESETS[rules.preset or DEFAULT_PRESET]
    overrides = {
        name: getattr(rules, name)
        for name in ("achieved_min", "partial_min", "reverse", "overshoot", "tolerance",
                     "rescale_not_applicable")
        if getattr(rules, name) is not None
    }
    return replace(base, **overrides) if overrides else base


_CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round to 2 decimals, half up (每个得分保留两位小数，四舍五入).

    Total: a figure too large to carry 2 decimals in the decimal context (a
    completion of 10^40 %, from a target typed as 0.00000000000000001) is
    returned as it is instead of raising.
    """
    try:
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def fmt(value: Decimal | None) -> str:
    """A figure for messages: 5, 19.78, 15.5."""
    if value is None:
        return "—"
    return format_number(value)


GRADES = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))


def grade_of(total: Decimal) -> str:
    """优 ≥ 90; 良 80 to < 90; 中 60 to < 80; 差 < 60."""
    for grade, floor in GRADES:
        if total >= floor:
            return grade
    return "差"
