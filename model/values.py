"""Target and actual values as people write them (RULES.md section 4).

`parse_value` turns the text of a 年度指标值 (target) or 实际完成值 (actual)
into a `Value`: an operator, a number, a unit and qualifiers, or qualitative
text. It is pure and total: any string gives a `Value`, never an exception.
The text itself is never changed; parsing only decides how it can be scored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = [
    "Value",
    "parse_value",
    "unit_kind",
    "UNIT_KINDS",
    "MAX_PARSED_LENGTH",
]

Op = Literal[">=", ">", "<=", "<", "="]
ValueKind = Literal["empty", "number", "text"]
UnitKind = Literal["", "count", "money", "percent", "time", "other"]

# Longer text is kept as text without trying to read a number from it:
# a value is a short phrase, and this keeps parsing linear and fast.
MAX_PARSED_LENGTH = 200
# More significant digits than this is not a figure anyone typed on purpose.
MAX_DIGITS = 18

COUNT_UNITS = (
    "人次", "场次", "家次", "户次", "个", "次", "场", "人", "家", "名", "条", "篇",
    "期", "册", "项", "所", "批", "台", "套", "块", "件", "份", "户", "本", "部",
    "处", "座", "间", "辆", "只", "头", "株", "棵", "亩", "公里", "米", "平方米",
    "吨", "课", "堂", "节", "类", "支", "队", "组", "单", "张", "幅", "集",
    "部分", "轮", "届", "所次", "校", "村", "社区", "街道", "篇次", "人天",
)
MONEY_UNITS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1),
               "亿元": Decimal(10000)}
TIME_UNITS = {"天": Decimal(1), "日": Decimal(1), "个工作日": Decimal(1),
              "工作日": Decimal(1), "周": Decimal(7), "个月": Decimal(30),
              "月": Decimal(30), "年": Decimal(365), "小时": Decimal(1) / 24}
# `≥100百分比` is ≥ 100 %; `个百分点` (percentage points) compares as percent.
PERCENT_UNITS = ("%", "‰", "百分比", "百分点", "个百分点")

UNIT_KINDS: dict[str, UnitKind] = {}
for _u in COUNT_UNITS:
    UNIT_KINDS[_u] = "count"
for _u in MONEY_UNITS:
    UNIT_KINDS[_u] = "money"
for _u in TIME_UNITS:
    UNIT_KINDS[_u] = "time"
for _u in PERCENT_UNITS:
    UNIT_KINDS[_u] = "percent"

# Operator words before the number, longest first.
PREFIX_OPS: tuple[tuple[str, Op | None, str], ...] = (
    (">=", ">=", ""), ("=>", ">=", ""), ("≥", ">=", ""), ("≧", ">=", ""),
    ("⩾", ">=", ""), ("<=", "<=", ""), ("=<", "<=", ""), ("≤", "<=", ""),
    ("≦", "<=", ""), ("⩽", "<=", ""), ("==", "=", ""), (">", ">", ""),
    ("<", "<", ""), ("=", "=", ""),
    ("大于等于", ">=", ""), ("大于或等于", ">=", ""), ("不少于", ">=", ""),
    ("不低于", ">=", ""), ("不小于", ">=", ""), ("至少", ">=", ""),
    ("达到", ">=", ""), ("小于等于", "<=", ""), ("小于或等于", "<=", ""),
    ("不超过", "<=", ""), ("不高于", "<=", ""), ("不大于", "<=", ""),
    ("不多于", "<=", ""), ("控制在", "<=", ""), ("超过", ">", "超"),
    ("大于", ">", ""), ("高于", ">", ""), ("多于", ">", ""), ("小于", "<", ""),
    ("低于", "<", ""), ("少于", "<", ""), ("等于", "=", ""),
    ("超", ">", "超"), ("约", None, "约"), ("共", None, ""), ("累计", None, ""),
    ("完成", None, ""),
)
PREFIX_OPS = tuple(sorted(PREFIX_OPS, key=lambda p: -len(p[0])))

# Operator words after the number and unit.
SUFFIX_OPS: tuple[tuple[str, Op | None, str], ...] = (
    ("及以上", ">=", "以上"), ("或以上", ">=", "以上"), ("以上", ">=", "以上"),
    ("及以下", "<=", ""), ("或以下", "<=", ""), ("以下", "<=", ""),
    ("以内", "<=", ""), ("之内", "<=", ""), ("内", "<=", ""),
    ("左右", None, "约"), ("多", None, "多"), ("余", None, "余"),
)

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMBER = re.compile(r"[零一二两三四五六七八九十]+")
_MULTIPLIERS = {"万": Decimal(10000), "千": Decimal(1000), "百": Decimal(100),
                "亿": Decimal(100000000)}
_SEPARATORS = re.compile(r"[或和及、，,；;。/与～~至\-—]")


@dataclass(frozen=True, slots=True)
class Value:
    """A target or actual value, as understood from its text."""

    text: str
    kind: ValueKind
    op: Op | None = None
    number: Decimal | None = None
    unit: str = ""
    unit_kind: UnitKind = ""
    qualifiers: tuple[str, ...] = field(default=())

    @property
    def base_number(self) -> Decimal | None:
        """The number in the base unit of its kind: 万元 for money, days for time."""
        if self.number is None:
            return None
        if self.unit_kind == "money":
            return self.number * MONEY_UNITS[self.unit]
        if self.unit_kind == "time":
            return self.number * TIME_UNITS[self.unit]
        if self.unit == "‰":
            return self.number / 10
        return self.number

    @property
    def at_least(self) -> bool:
        """`50余场`, `超150场`, `2场以上`: the actual was at least the number."""
        return any(q in ("余", "超", "以上", "多") for q in self.qualifiers)

    def describe(self) -> str:
        """Short Chinese reading of the value, e.g. `≥ 90 %` or `定性：保障`."""
        if self.kind == "empty":
            return "（空）"
        if self.kind == "text":
            return "文字：" + (self.text if len(self.text) <= 20 else self.text[:20] + "…")
        sign = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": "= "}.get(self.op or "", "")
        number = format_number(self.number) if self.number is not None else ""
        unit = f" {self.unit}" if self.unit else ""
        extra = "（至少）" if self.at_least and self.op is None else ""
        return f"{sign}{number}{unit}{extra}"


def format_number(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 90, 15.5, 0.25."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def unit_kind(unit: str) -> UnitKind:
    if not unit:
        return ""
    kind = UNIT_KINDS.get(unit)
    if kind:
        return kind
    # `次/年`, `场次/月`: a count per period is still a count.
    head = unit.split("/", 1)[0]
    return UNIT_KINDS.get(head, "other")


# `95%（含）以上`: the 含 note only says the bound is inclusive, which `以上`
# and `以下` already mean here.
_INCLUSIVE_NOTE = re.compile(r"\((?:含|包含|含本数)\)")
# `半年`, `半个月`: half of a time unit.
_HALF = re.compile(r"半(个月|年|天|日|小时|月)")


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, letters and signs into ASCII (`９０％`
    # becomes `90%`, `＞＝` becomes `>=`, `（` becomes `(`); spaces carry no
    # meaning here.
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if not ch.isspace())
    return _INCLUSIVE_NOTE.sub("", text)


def _cn_number(text: str) -> Decimal | None:
    """Small Chinese numerals as people write counts: 一, 两, 十二, 三十五."""
    if "十" not in text:
        if len(text) == 1 and text in _CN_DIGITS:
            return Decimal(_CN_DIGITS[text])
        return None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    t = _CN_DIGITS.get(tens, None) if tens else 1
    o = _CN_DIGITS.get(ones, None) if ones else 0
    if t is None or o is None:
        return None
    return Decimal(t * 10 + o)


def _strip_prefix(text: str) -> tuple[str, Op | None, list[str]]:
    op: Op | None = None
    qualifiers: list[str] = []
    changed = True
    while changed and text:
        changed = False
        for word, word_op, qualifier in PREFIX_OPS:
            if text.startswith(word):
                text = text[len(word):]
                if word_op is not None and op is None:
                    op = word_op
                if qualifier:
                    qualifiers.append(qualifier)
                changed = True
                break
    return text, op, qualifiers


def _strip_suffix(text: str) -> tuple[str, Op | None, list[str]]:
    op: Op | None = None
    qualifiers: list[str] = []
    changed = True
    while changed and text:
        changed = False
        for word, word_op, qualifier in SUFFIX_OPS:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                if word_op is not None and op is None:
                    op = word_op
                if qualifier:
                    qualifiers.append(qualifier)
                changed = True
                break
    return text, op, qualifiers


def _text(original: str) -> Value:
    return Value(text=original, kind="text")


@lru_cache(maxsize=65536)
def parse_value(text: str) -> Value:
    """Read a target or actual value. Never raises; see RULES.md section 4.

    >>> parse_value("≥90%").describe()
    '≥ 90 %'
    >>> parse_value("50余场").at_least
    True
    """
    if not isinstance(text, str):  # defensive: the model only passes str
        return _text(str(text))
    if not text.strip():
        return Value(text=text, kind="empty")
    if len(text) > MAX_PARSED_LENGTH:
        return _text(text)
    try:
        return _parse(text)
    except (InvalidOperation, ValueError, ArithmeticError):  # pragma: no cover - belt and braces
        return _text(text)


def _parse(original: str) -> Value:
    s = _normalise(original)
    s, op, qualifiers = _strip_prefix(s)
    lead = _leading_number(s)
    if lead is None:
        return _text(original)
    number, rest, chinese = lead
    rest = _take_qualifiers(rest, qualifiers)  # `50余场`, `130多场`
    rest, suffix_op, suffix_qualifiers = _strip_suffix(rest)
    qualifiers.extend(suffix_qualifiers)
    if op is None:
        op = suffix_op
    number, rest = _multiplied(number, rest, qualifiers)
    unit = _take_qualifiers(rest, qualifiers)
    if unit and not _looks_like_unit(unit):
        return _text(original)
    kind = unit_kind(unit)
    # A Chinese numeral counts only before a known unit: `三年`, `两个` are
    # values, but `一般`, `两学一做`, `十全十美` are words.
    if chinese and (not unit or kind == "other"):
        return _text(original)
    return Value(
        text=original,
        kind="number",
        op=op,
        number=number,
        unit=unit,
        unit_kind=kind,
        qualifiers=tuple(dict.fromkeys(qualifiers)),
    )


def _leading_number(s: str) -> tuple[Decimal, str, bool] | None:
    """The number a value starts with (`半`, digits, a Chinese numeral), the
    rest, and whether it was a Chinese numeral; None when it starts with none."""
    if _HALF.match(s):
        return Decimal("0.5"), s[1:], False
    if m := _NUMBER.match(s):
        digits = m.group(0).replace(",", "")
        if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
            return None
        return Decimal(digits), s[m.end():], False
    cn = _CN_NUMBER.match(s)
    number = _cn_number(cn.group(0)) if cn else None
    if cn is None or number is None or s[cn.end():].startswith("半"):  # 一年半
        return None
    return number, s[cn.end():], True


def _take_qualifiers(rest: str, qualifiers: list[str]) -> str:
    """`余`, `多` at the start of `rest` go to `qualifiers`; the rest after them."""
    while rest[:1] in ("余", "多"):
        qualifiers.append(rest[0])
        rest = rest[1:]
    return rest


def _multiplied(number: Decimal, rest: str, qualifiers: list[str]) -> tuple[Decimal, str]:
    """`20万余人次`, `10余万次`: a multiplier before a count unit (not 万元)."""
    if rest[:1] in _MULTIPLIERS and rest not in MONEY_UNITS and rest not in UNIT_KINDS:
        after = _take_qualifiers(rest[1:], qualifiers)
        if after not in MONEY_UNITS and (not after or unit_kind(after) != "other" or len(after) <= 3):
            return number * _MULTIPLIERS[rest[0]], after
    return number, rest


def _looks_like_unit(unit: str) -> bool:
    """A known unit, a count per period (`次/年`), or a short word with no digits."""
    if unit in UNIT_KINDS:
        return True
    head, sep, tail = unit.partition("/")
    if sep and head in UNIT_KINDS and tail in ("年", "月", "周", "天", "日", "季度", "人", "次"):
        return True
    if len(unit) > 3 or _SEPARATORS.search(unit):
        return False
    # `12月底前`, `6月前`: a date, not a quantity of months.
    if unit[:1] in ("月", "年", "日") or unit.startswith("个月"):
        return False
    # An unknown short word: all Chinese (`户次` style) or all Latin (`kg`),
    # not a mix such as `G基站` (`5G基站` is a name, not a value).
    if unit.isascii():
        return unit.isalpha()
    return all(_is_cjk(ch) for ch in unit)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
