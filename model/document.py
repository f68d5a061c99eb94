"""The assessment document: one 预算绩效自评表, as pydantic models.

The models are frozen: an edit makes a new document that shares every
unchanged node with the old one (see `model.edit`). That gives undo for free
and lets scoring reuse the results of nodes that did not change.

Every number may be missing (`None`): real forms leave figures out. Money is in
万元, weights and scores in points (分), rates in percent.
"""


import re
import unicodedata
from datetime import date
from decimal import Context, Decimal, localcontext
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "Framework",
    "SCHEMA_VERSION",
    "Kind",
    "Method",
    "Tier",
    "Indicator",
    "LevelTwo",
    "LevelOne",
    "Goal",
    "FundRow",
    "Label",
    "LABEL_SLOTS",
    "COLUMNS",
    "ProjectRef",
    "Execution",
    "Narrative",
    "Rules",
    "Document",
    "PRESET_NAMES",
    "LIMITS",
    "MonthDate",
    "parse_date",
]

SCHEMA_VERSION = 1

# Limits that keep hostile files from becoming slow or absurd; each is far
# above anything a real form holds and is reported with its value when hit.
# The counts are checked on the parsed TOML before validation, and for a
# document by `model.limits.limit_problems` (docs/file-format.md).
LIMITS = {
    "name": 2_000,  # a qualitative indicator's name can be a whole paragraph
    "value": 2_000,  # target / actual text
    "text": 100_000,  # goals, reasons and narrative
    "points": Decimal(1000),
    "money": Decimal("1e10"),  # 万元
    "percent": Decimal(100_000),
    # Decimal places of any number: 万元 to the 分 (0.000001 万元 = 0.01 元),
    # and far finer than any weight or score is printed. With the bounds
    # above a number has at most 17 significant digits, so every sum and
    # rounding of scoring is exact in a 28-digit decimal context.
    "places": 6,
    "goals": 200,  # [[goals]]
    "levels": 50,  # [[goals.levels]] in one goal
    "sublevels": 100,  # [[goals.levels.sublevels]] in one level one
    "indicators": 3_000,  # [[goals.levels.sublevels.indicators]] in the whole form
    "rows": 4_000,  # goals, levels, sublevels and indicators together
    "funds": 100,  # [[execution.funds]]
    "projects": 1_000,  # [[projects]]
}


def _clean_text(value: str) -> str:
    # Windows line ends become plain newlines so that saving is deterministic.
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _text(limit: int) -> Any:
    return Annotated[str, Field(max_length=limit), AfterValidator(_clean_text)]


Name = _text(LIMITS["name"])
ValueText = _text(LIMITS["value"])
LongText = _text(LIMITS["text"])

_ONE = Decimal(1)
_FINEST = _ONE.scaleb(-LIMITS["places"])
_EXACT = Context(prec=40)  # more digits than any number within the limits has


def _canonical_number(value: Decimal) -> Decimal:
    """One written form per number, so that what loads saves and loads again.

    Validation has already refused more than LIMITS["places"] significant
    decimals; what is left beyond them are trailing zeros (`20.000000000`,
    `0e-999999999`), which are cut to the limit, and positive exponents
    (`1E+2`), which become plain integers. Decimals as typed up to the limit
    are kept (`17.40` stays 17.40: the printed precision of a declared figure
    is how a rounding difference is told from a mismatch).
    """
    if value.is_zero():
        return Decimal(0)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        with localcontext(_EXACT):  # whatever the caller's context: the result is exact
            return value.quantize(_ONE)
    if isinstance(exponent, int) and exponent < -LIMITS["places"]:
        with localcontext(_EXACT):
            return value.quantize(_FINEST)
    return value


def _number(limit: Decimal | int, low: Decimal | int = 0) -> Any:
    return Annotated[Decimal, Field(ge=low, le=limit, allow_inf_nan=False,
                                    decimal_places=LIMITS["places"]),
                     AfterValidator(_canonical_number)]


Points = _number(LIMITS["points"])
Money = _number(LIMITS["money"])
Percent = _number(LIMITS["percent"])

_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")
_CN_MONTH = re.compile(r"^\s*(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[./-]\s*(\d{1,2}))\s*$")


class MonthDate(date):
    """A fill date given to the month only, as some forms print it (`2022年3月`, `2022.3`).

    It is a `date` (the first of the month) so that code comparing or sorting
    dates keeps working, but it remembers that no day was given: it is written
    as `"2022-03"` (a TOML string: TOML has no year-month type), shown as
    `2022年3月`, and is never equal to a full date.
    """

    __slots__ = ()

    def __new__(cls, year: int, month: int) -> "MonthDate":
        return super().__new__(cls, year, month, 1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (MonthDate, (self.year, self.month))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MonthDate):
            return (self.year, self.month) == (other.year, other.month)
        if isinstance(other, date):
            return False
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(("month", self.year, self.month))


def parse_date(text: str) -> date | None:
    """A date as forms print it (`2025年2月10日`, `2025.2.10`, `2025-02-10`), or a
    month-only one (`2022年3月`, `2022.3`, `2022-03`, as a `MonthDate`), or None."""
    m = _CN_DATE.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _CN_MONTH.match(text)
    if m:
        month = int(m.group(2) or m.group(3))
        if 1 <= month <= 12 and 1 <= int(m.group(1)):
            return MonthDate(int(m.group(1)), month)
    return None


def _read_date(value: Any) -> Any:
    """Accept `2025-02-10` (a TOML date) and the way forms print it, `2025年2月10日`."""
    if isinstance(value, str):
        return parse_date(value) or value
    return value


FillDate = Annotated[date, BeforeValidator(_read_date)]


class Kind(StrEnum):
    """部门整体 (department-wide) or 项目 (one budget project)."""

    department = "department"
    project = "project"

    @property
    def label(self) -> str:
        return {"department": "部门整体支出绩效自评表", "project": "项目支出绩效自评表"}[self.value]


class Framework(StrEnum):
    """How a form's indicators are laid out and scored (RULES.md 3 and 5b)."""

    levels = "levels"  # 一级 / 二级 / 三级指标, each indicator scored by its target's formula
    flat = "flat"  # one flat list: 得分 = 得分系数 × 指标权重, 是否核心指标, 调整指标值

    @property
    def label(self) -> str:
        return {"levels": "分级指标（一级/二级/三级）", "flat": "平铺指标（得分 = 得分系数 × 指标权重）"}[self.value]


class Method(StrEnum):
    """How an indicator is scored (计分方法)."""

    auto = "auto"  # from the target's operator and the level (RULES.md 5)
    positive = "positive"  # 正向：weight × min(B/A, 1)
    reverse = "reverse"  # 反向：weight × min(A/B, 1), or the linear rule
    exact = "exact"  # 等于：full when equal
    qualitative = "qualitative"  # 定性：tier and typed score

    @property
    def label(self) -> str:
        return {
            "auto": "自动",
            "positive": "正向指标",
            "reverse": "反向指标",
            "exact": "等值指标",
            "qualitative": "定性指标",
        }[self.value]


_TIER_PUNCT = re.compile(r"[\s,，、。.;；:：!！]")
_TIER_WORDS = re.compile(r"^(?:已经|已)?(部分|未|没有|未能)?达成(?:了)?(?:预期)?(?:指标|目标)?(?:值)?"
                         r"(?:并?具有一定效果|且?效果较差|但?效果较差)?$")


class Tier(StrEnum):
    """The three tiers of a qualitative indicator (定性指标档次)."""

    achieved = "achieved"  # 达成预期指标
    partial = "partial"  # 部分达成预期指标并具有一定效果
    unachieved = "unachieved"  # 未达成预期指标且效果较差

    @classmethod
    def named(cls, text: str) -> "Tier | None":
        """The tier a text names, or None: `达成预期指标`, `部分达成预期指标`,
        `部分达成并具有一定效果`, `未达成`, `未达成预期指标且效果较差`, …
        (an actual written as the tier reached)."""
        if not text or len(text) > 40:
            return None
        key = _TIER_PUNCT.sub("", unicodedata.normalize("NFKC", text))
        m = _TIER_WORDS.match(key)
        if m is None:
            return None
        return {None: cls.achieved, "部分": cls.partial}.get(m.group(1), cls.unachieved)

    @property
    def label(self) -> str:
        return {
            "achieved": "达成预期指标",
            "partial": "部分达成并具有一定效果",
            "unachieved": "未达成且效果较差",
        }[self.value]


class _Node(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        populate_by_name=True,
        use_enum_values=False,
        validate_default=False,
    )


class Indicator(_Node):
    """三级指标: one row of the indicator table."""

    name: Name = ""
    target: ValueText = ""  # 年度指标值 / 年初目标值 (A)
    actual: ValueText = ""  # 实际完成值 (B)
    weight: Points | None = None  # 分值
    score: Points | None = None  # 得分 as typed on the form
    method: Method = Method.auto
    tier: Tier | None = None  # qualitative tier, chosen by the person
    not_applicable: bool = False  # 不适用
    adjusted_target: ValueText = ""  # 调整指标值: the target when given (RULES.md 5b)
    coefficient: Percent | None = None  # 得分系数, in percent: score = coefficient × weight (flat)
    core: bool = False  # 是否核心指标 (flat)
    reason: LongText = ""  # 偏差原因分析
    improvement: LongText = ""  # 改进措施
    # 上年实际完成值: last year's actual, kept beside the target for reference
    # by `jixiao new --from`; shown in the app, never scored nor exported
    last_actual: ValueText = ""


class LevelTwo(_Node):
    """二级指标, e.g. 数量指标; may hold no indicators (an empty category row)."""

    name: Name = ""
    weight: Points | None = None
    declared_score: Points | None = None  # a subtotal printed on the form
    indicators: tuple[Indicator, ...] = ()


class LevelOne(_Node):
    """一级指标, e.g. 产出指标, 效益指标, 满意度指标, 成本指标."""

    name: Name = ""
    weight: Points | None = None
    declared_score: Points | None = None
    sublevels: tuple[LevelTwo, ...] = ()


class Goal(_Node):
    """年度目标 / 项目绩效总目标 / 项目年度绩效指标.

    A goal with indicators scores as the sum of its levels; a goal without
    scored indicators (a total goal judged as a whole) scores its
    `declared_score`. A goal with neither weight nor score is narrative only.
    """

    title: Name = ""
    target: LongText = ""  # 年初设定目标 / 指标要求
    actual: LongText = ""  # 全年实际完成情况 / 完成情况
    weight: Points | None = None
    declared_score: Points | None = None
    levels: tuple[LevelOne, ...] = ()


class FundRow(_Node):
    """A row of the funds breakdown: 当年财政拨款, 上年结转资金, 其他资金."""

    name: Name = ""
    initial_budget: Money | None = None  # 年初预算数
    budget: Money | None = None  # 全年预算数
    spent: Money | None = None  # 全年执行数


class ProjectRef(_Node):
    """A project of the department as the department's report states it."""

    name: Name = ""
    budget: Money | None = None
    spent: Money | None = None
    declared_score: Points | None = None


class Execution(_Node):
    """预算执行情况: the budget execution block (万元)."""

    label: Name = ""  # how the form names it, e.g. 成本指标 in Dongxihu 2025
    weight: Points | None = None  # 分值: 20 in Hubei/Wuhan forms, 10 in central ones
    initial_budget: Money | None = None  # 年初预算数
    additions: Money | None = None  # 年中追加
    reductions: Money | None = None  # 年中调减
    budget: Money | None = None  # 全年预算数 (A)
    spent: Money | None = None  # 执行数 (B)
    basic: Money | None = None  # 基本支出
    project: Money | None = None  # 项目支出
    declared_rate: Percent | None = None  # 执行率 as printed, in percent
    declared_score: Points | None = None  # 得分 as printed
    funds: tuple[FundRow, ...] = ()


class Narrative(_Node):
    deviation: LongText = ""  # 偏差大或目标未完成原因分析
    improvement: LongText = ""  # 改进措施及结果应用方案
    remarks: LongText = ""  # 备注
    summary: LongText = ""  # 自评结论 / 其他说明


PRESET_NAMES = ("paper", "linear-80-60")


class Rules(_Node):
    """Rule settings (RULES.md section 5); a missing key takes the preset's value."""

    preset: Literal["paper", "linear-80-60"] | None = None
    achieved_min: _number(100) | None = None
    partial_min: _number(100) | None = None
    reverse: Literal["ratio", "linear"] | None = None
    overshoot: _number(100_000, 100) | None = None
    tolerance: _number(100) | None = None
    rescale_not_applicable: bool | None = None


# Where a form's own wording can stand in the official layout (exchange.layout):
# the 预算执行情况 block's label, the headings of the indicator table and of a
# goal's 年初设定目标 / 全年实际完成情况 block; `total`: the form ends its table with
# a total row of its own (`总分 | 100 | 93`) instead of 自评得分 / 评价等级; `execution_…`:
# the headings of the execution block's columns (全年预算数 for 全年预算数（A）).
LABEL_SLOTS = ("execution", "level_one", "level_two", "indicator", "target", "actual", "weight", "score",
               "reason", "goal_target", "goal_actual", "total", "execution_initial_budget", "execution_budget",
               "execution_spent", "execution_weight", "execution_rate", "execution_score")


class Label(_Node):
    """A heading or row label as the form printed it, where it differs from the
    official wording (年度指标值 for 年初目标值（A）); an export prints it so."""

    slot: Literal["execution", "level_one", "level_two", "indicator", "target", "actual", "weight", "score",
                  "reason", "goal_target", "goal_actual", "total", "execution_initial_budget", "execution_budget",
                  "execution_spent", "execution_weight", "execution_rate", "execution_score"]
    text: Name


# The columns an indicator table can have (exchange.layout prints them in this
# order unless the form's own order differs): 一级指标, 二级指标, 三级指标, 年度指标值,
# 调整指标值, 实际完成值, 得分系数, 分值, 得分, 是否核心指标, 偏差原因分析, 改进措施.
COLUMNS = ("level_one", "level_two", "indicator", "target", "adjusted", "actual", "coefficient", "weight",
           "score", "core", "reason", "improvement")
Column = Literal["level_one", "level_two", "indicator", "target", "adjusted", "actual", "coefficient", "weight",
                 "score", "core", "reason", "improvement"]


def _columns_once(columns: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(columns)) != len(columns):
        raise ValueError("指标表的栏目不能重复")
    return columns


def _one_label_a_slot(labels: tuple[Label, ...]) -> tuple[Label, ...]:
    slots = [label.slot for label in labels]
    if len(set(slots)) != len(slots):
        raise ValueError("同一位置的表上用语只能写一条")
    return labels


class Document(_Node):
    """One self-evaluation form (自评表)."""

    # A version above SCHEMA_VERSION is refused (with a request to upgrade)
    # before the rest of the file is validated: model.files.validate_document.
    schema_version: int = Field(default=SCHEMA_VERSION, alias="schema", ge=1, le=SCHEMA_VERSION)
    kind: Kind = Kind.department
    framework: Framework = Framework.levels  # 指标体系: levels, or the flat list (RULES.md 5b)
    title: Name = ""
    unit: Name = ""  # 单位名称
    project_name: Name = ""  # 项目名称
    department: Name = ""  # 主管部门
    implementing_unit: Name = ""  # 项目实施单位
    year: Annotated[int, Field(ge=1949, le=2200)] | None = None
    fill_date: FillDate | None = None  # 填报日期
    declared_total: Points | None = None  # 总分 / 自评得分 as printed
    rules: Rules = Rules()
    execution: Execution = Execution()
    goals: tuple[Goal, ...] = ()
    projects: tuple[ProjectRef, ...] = ()
    narrative: Narrative = Narrative()
    labels: Annotated[tuple[Label, ...], AfterValidator(_one_label_a_slot)] = ()  # the form's own wording
    # The indicator table's columns as the form has them, in its order (imported, or
    # from its template); empty: the official columns (exchange.layout.indicator_columns)
    columns: Annotated[tuple[Column, ...], AfterValidator(_columns_once)] = ()

    @property
    def display_name(self) -> str:
        if self.kind is Kind.project and self.project_name:
            return self.project_name
        return self.title or self.unit or self.project_name or "（未命名）"

    def iter_indicators(self):
        """Yield (path, indicator) for every indicator, in form order."""
        for g, goal in enumerate(self.goals):
            for l1, level in enumerate(goal.levels):
                for l2, sub in enumerate(level.sublevels):
                    for i, ind in enumerate(sub.indicators):
                        yield (g, l1, l2, i), ind
