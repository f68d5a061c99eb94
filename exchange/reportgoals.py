"""Chapters 四 (绩效目标完成情况) and 五 (偏差及原因) of the drafted report.

`GoalChapters` is the part of the report writer (exchange.report) that writes
each goal with its indicators, in sentences built from what the form holds,
and the items of 五 that ask for a reason; what the checks found goes to the
writer's 待核对事项 (`check`), never into these chapters.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from model import Document, Indicator, Method, Tier
from scoring import IndicatorResult, Result
from scoring.rules import q2

from .layout import wan
from .running import plain_name, short, shown
from .wording import fill

__all__ = ["GoalChapters", "NAMES_LISTED", "cn_number", "pct_text", "text_lines", "wan"]

HUNDRED = Decimal(100)
ZERO = Decimal(0)
NAMES_LISTED = 3  # indicator names listed in one sentence; more are “等”
_CN_DIGITS = "零一二三四五六七八九"
# Findings a reviewer asks about (the rest are about blank fields of the form).
_REVIEW = frozenset({"SCORE_OVER_WEIGHT", "CHILDREN_OVER_WEIGHT", "TIER_BAND", "WEIGHT_SUM", "TOTAL_WEIGHT",
                     "DECLARED_MISMATCH", "DECLARED_ROUNDING", "TYPED_SCORE_DIFFERS", "UNIT_KIND_MISMATCH",
                     "UNIT_WORD_MISMATCH", "UNIT_ONE_SIDED", "BUDGET_SPLIT", "FUNDS_BREAKDOWN",
                     "BUDGET_ADJUSTMENTS", "PROJECTS_SUM", "BUDGET_ZERO", "RULES_INCONSISTENT"})
# A printed figure that is the computed one rounded is no finding for the report.
_NOT_TO_CHECK = frozenset({"DECLARED_ROUNDING"})


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99; larger as digits)."""
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
    return head + (_CN_DIGITS[ones] if ones else "")


def pct_text(v: Decimal | None) -> str:
    return "" if v is None else fill("${v}", v=q2(v))


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _quoted(text: str, is_text: bool) -> str:
    return f"“{text}”" if is_text else text


class GoalChapters:
    """四 and 五, for the report writer: it provides what is declared below."""

    doc: Document
    res: Result
    roll: Any
    w: dict[str, Any]
    items: int
    suggest: dict[str, list[str]]
    has_targets: bool
    has_actuals: bool
    all_compared: bool
    scored: bool  # anything on the form scored
    f: Callable[..., str]
    add: Callable[..., None]
    para: Callable[[str], None]
    paras: Callable[[str], None]
    check: Callable[[str, str], None]
    is_goal: Callable[[int], bool]
    goal_title: Callable[[int], str]

    # -- 四 ------------------------------------------------------------------

    def goals(self) -> None:
        w, res = self.w["goals"], self.res
        self.add("h1", self.w["chapters"]["goals"])
        scored = [gr for gr in res.goals if gr.scored]
        weights = [gr.effective_weight for gr in scored]
        scores = [gr.score for gr in scored if gr.score is not None]
        if scores and weights and all(x is not None for x in weights):
            self.para(self.f(w["intro"], weight=sum(weights, ZERO), score=sum(scores, ZERO)))  # type: ignore[arg-type]
        elif scores:
            self.para(self.f(w["intro_unweighted"], score=sum(scores, ZERO)))
        elif scored:
            self.para(w["intro_unscored"])
        for g, goal in enumerate(self.doc.goals):
            gr = res.goals[g]
            title = self.goal_title(g)
            weight = gr.effective_weight if gr.scored else None
            head = w["heading_weight"] if weight is not None else w["heading"]
            self.add("h2", self.f(head, n=cn_number(g + 1), title=title, weight=weight))
            if self.is_goal(g):
                self.goal_texts(goal)
            of = self.f(w["of"], weight=weight) if weight is not None else ""
            if goal.levels:
                self.indicators(g)
            elif gr.scored and gr.score is not None:
                self.para(self.f(w["goal_score" if self.is_goal(g) else "block_score"], score=gr.score, of=of))
            elif gr.scored:
                self.para(w["goal_unscored"])

    def goal_texts(self, goal: Any) -> None:
        """A goal's target and its actual result, or a placeholder for the one missing."""
        w = self.w["goals"]
        target = " ".join(text_lines(goal.target))
        self.para(self.f(w["target"], target=target) if target else w["target_missing"])
        actual = text_lines(goal.actual)
        if actual:
            self.para(w["actual"] + actual[0])
            for line in actual[1:]:
                self.para(line)
        elif goal.levels or not target or goal.weight is None:
            self.para(w["actual_missing"])

    def indicators(self, g: int) -> None:
        w, res, goal = self.w["goals"], self.res, self.doc.goals[g]
        gr = res.goals[g]
        weight = gr.effective_weight if gr.scored else None
        unmet_names: list[str] = []
        count = 0
        compared = True
        for path, ind in _indicators_of(goal, g):
            count += 1
            ir = res.node(path)
            compared = compared and _compared(ind, ir)
            if _unmet(ind, ir):
                unmet_names.append(f"“{short(ind.name, 20)}”")
        self.all_compared = self.all_compared and compared
        listed = "、".join(unmet_names[:NAMES_LISTED]) + ("等" if len(unmet_names) > NAMES_LISTED else "")
        # “all met” only where every indicator has a target and an actual that show it
        met = self.f(w["some_unmet"], unmet=len(unmet_names), names=listed) if unmet_names \
            else (w["all_met"] if count and compared else "")
        of = self.f(w["of"], weight=weight) if weight is not None else ""
        key = "summary" if self.is_goal(g) else "summary_table"
        if not count:  # levels scored as a whole (产出指标 40 / 40), no indicators
            self.whole_levels(g)
            return
        if gr.score is not None:
            self.para(self.f(w[key], count=count, score=gr.score, of=of, met=met))
        else:
            self.para(self.f(w[f"{key}_unscored"], count=count, met=met))
        n = 0
        for l1, level in enumerate(goal.levels):
            lr = gr.children[l1]
            if not any(sub.indicators for sub in level.sublevels):
                continue
            n += 1
            score_text = self.f(w["level_score"], score=lr.score) if lr.score is not None else ""
            self.add("strong", self.f(w["level"], n=n, name=plain_name(level.name) or "指标", score_text=score_text))
            for l2, sub in enumerate(level.sublevels):
                if not sub.indicators:
                    continue
                items = "；".join(self.indicator_text(ind, res.node((g, l1, l2, i)))
                                 for i, ind in enumerate(sub.indicators))
                self.para(self.f(w["sublevel"], name=plain_name(sub.name) or plain_name(level.name),
                                 items=items) + "。")

    def whole_levels(self, g: int) -> None:
        """A table of levels scored as a whole: each level's score against its weight."""
        w, gr, goal = self.w["goals"], self.res.goals[g], self.doc.goals[g]
        parts = [self.f(w["level_part"], name=plain_name(level.name) or "指标", score=lr.score,
                        of=self.f(w["of"], weight=lr.weight) if lr.weight is not None else "")
                 for level, lr in zip(goal.levels, gr.children) if lr.score is not None]
        if parts:
            self.para(self.f(w["levels_only"], parts="，".join(parts)))

    def indicator_text(self, ind: Indicator, ir: IndicatorResult) -> str:
        """One indicator in a sentence, from what the form holds: target and actual where
        it has those columns, only the score against the weight where it has not."""
        w = self.w["goals"]
        name = short(ind.name) or "（未命名指标）"
        target = _quoted(shown(ind.target), ir.target.kind == "text")
        actual = _quoted(shown(ind.actual), ir.actual.kind == "text")
        if target and actual:
            parts = [self.f(w["indicator"], name=name, target=target, actual=actual)]
        elif actual:
            parts = [self.f(w["indicator_no_target"] if self.has_targets else w["indicator_actual_only"],
                            name=name, actual=actual)]
        elif target:
            parts = [self.f(w["indicator_no_actual"] if self.has_actuals else w["indicator_target_only"],
                            name=name, target=target)]
        else:
            parts = [name]
        parts += self.judgement(ind, ir)
        if ind.not_applicable:
            parts.append(w["not_applicable"])
        if ir.score is not None:
            parts.append(self.f(w["score_of"] if ir.weight is not None else w["score"], score=ir.score,
                                weight=ir.weight))
        elif not ind.not_applicable and self.scored:  # “未评分” says something only where others are scored
            parts.append(w["unscored"])
        return "，".join(parts)

    def judgement(self, ind: Indicator, ir: IndicatorResult) -> list[str]:
        """What the comparison of target and actual says (完成率, within a limit, a tier)."""
        w = self.w["goals"]
        if ir.method in (Method.positive, Method.exact) and ir.completion is not None:
            return [self.f(w["completion"], completion=pct_text(ir.completion))]
        if ir.method is Method.reverse:
            over = _over(ir)
            if over is not None:
                return [self.f(w["over_limit"], over=pct_text(over)) if over > 0 else w["within_limit"]]
        elif ir.method is Method.qualitative:
            if ind.tier is not None:
                return [self.f(w["tier"], tier=ind.tier.label)]
            if ind.target.strip() and ind.target.strip() == ind.actual.strip():
                return [w["qualitative_met"]]
        return []

    # -- 五 ------------------------------------------------------------------

    def deviation(self) -> None:
        w, res, doc = self.w["deviation"], self.res, self.doc
        self.add("h1", self.w["chapters"]["deviation"])
        self.add("h2", w["overall_heading"])
        if doc.narrative.deviation.strip():
            self.paras(doc.narrative.deviation)
        else:
            self.para(w["overall_placeholder"])
        self.add("h2", w["items_heading"])
        items: list[tuple[str, str, str]] = []  # (what, given reason, asks)
        er = res.execution
        if er.budget is not None and er.spent is not None and er.budget > 0:
            if er.spent < er.budget:
                rate = self.doc.execution.declared_rate
                items.append((self.f(w["execution"], rate=rate if rate is not None else pct_text(er.rate),
                                     unspent=wan(er.budget - er.spent)),
                              "", w["execution_ask"]))
            elif er.spent > er.budget:
                items.append((self.f(w["execution_over"], spent=er.spent, budget=er.budget), "",
                              w["execution_over_ask"]))
        # what the checks found is for 待核对事项, not for the report's sentences
        for f in res.findings:
            if f.code == "PROJECTS_SUM" and self.roll is not None:
                continue  # the roll-up of the project forms says it, with their figures
            if f.code in _REVIEW and f.code not in _NOT_TO_CHECK:
                self.check(f.path, f.message)
        if self.roll is not None:
            for m in self.roll.mismatches:
                self.check("", m)
        for path, ind in doc.iter_indicators():
            item = self.indicator_item(path, ind)
            if item is not None:
                items.append(item)
        if not items:
            self.para(w["none"] if self.all_compared else w["none_unknown"])
            return
        self.para(w["items_intro"])
        for n, (what, given, asks) in enumerate(items, start=1):
            reason = self.f(w["reason"], reason=given) + w["from_form"] if given else \
                self.f(w["reason_placeholder"], ask=asks)
            self.add("item", self.f(w["item"], n=n, what=what, reason=reason))
        self.items = len(items)

    def indicator_item(self, path: tuple[int, ...], ind: Indicator) -> tuple[str, str, str] | None:
        """An indicator that fell short of its target, ran over a cost limit or overshot
        it far: an item of 五 asking for the reason (unless the form gives it)."""
        w, res = self.w["deviation"], self.res
        ir = res.node(path)
        name = short(ind.name, 20) or "（未命名指标）"
        target = _quoted(shown(ind.target), ir.target.kind == "text")
        actual = _quoted(shown(ind.actual), ir.actual.kind == "text")
        facts: list[str] = []
        asks: list[str] = []
        over = _over(ir) if ir.method is Method.reverse else None
        score_text = self.f(w["unmet_score"], score=ir.score, weight=ir.weight) \
            if (ir.score is not None and ir.weight is not None) else ""
        if over is not None and over > 0:
            facts.append(self.f(w["cost_over"], target=target, actual=actual, over=pct_text(over)))
            asks.append(w["cost_over_ask"])
            self.suggest["cost_over"].append(name)
        elif _unmet(ind, ir):
            if ind.tier in (Tier.partial, Tier.unachieved):
                facts.append(self.f(w["unmet_tier"], tier=ind.tier.label, score_text=score_text))
            elif target and actual:
                facts.append(self.f(w["unmet"], target=target, actual=actual, score_text=score_text))
            else:
                facts.append(self.f(w["unmet_score_only"], score_text=score_text.lstrip("，")))
            asks.append(w["unmet_ask"])
            self.suggest["unmet"].append(name)
        pct = _overshoot(ir, res.settings.overshoot)
        if pct is not None:
            facts.append(self.f(w["overshoot_short" if facts else "overshoot"], target=target, actual=actual,
                                pct=pct_text(pct)))
            asks.append(w["overshoot_ask"])
            self.suggest["overshoot"].append(name)
        if not facts:
            return None
        goal = self.doc.goals[path[0]]
        sub = goal.levels[path[1]].sublevels[path[2]]
        place = "，".join(x for x in (self.goal_title(path[0]), plain_name(sub.name) or
                                     plain_name(goal.levels[path[1]].name)) if x)
        return self.f(w["indicator_item"], name=name, place=place, facts="；".join(facts)), ind.reason.strip(), \
            "；".join(asks)


def _indicators_of(goal: Any, g: int) -> list[tuple[tuple[int, int, int, int], Indicator]]:
    return [((g, l1, l2, i), ind) for l1, level in enumerate(goal.levels)
            for l2, sub in enumerate(level.sublevels) for i, ind in enumerate(sub.indicators)]


def _compared(ind: Indicator, ir: IndicatorResult) -> bool:
    """Whether the form shows how the indicator came out: a target and an actual compared."""
    if ind.not_applicable or ind.tier is not None:
        return True
    if not (ind.target.strip() and ind.actual.strip()):
        return False
    if ir.method is Method.qualitative:
        return ind.target.strip() == ind.actual.strip()
    return ir.completion is not None or _over(ir) is not None


def _over(ir: IndicatorResult) -> Decimal | None:
    """How far a reverse indicator's actual is above its target, in percent (negative: within)."""
    t, a = ir.target, ir.actual
    if t.kind != "number" or a.kind != "number" or t.number is None or a.number is None:
        return None
    if t.unit_kind and a.unit_kind and t.unit_kind != a.unit_kind:
        return None
    tn = t.base_number if t.unit_kind == a.unit_kind else t.number
    an = a.base_number if t.unit_kind == a.unit_kind else a.number
    if tn is None or an is None or tn <= 0:
        return None
    return (an - tn) / tn * HUNDRED


def _overshoot(ir: IndicatorResult, threshold: Decimal) -> Decimal | None:
    if ir.method not in (Method.positive, Method.exact) or ir.completion is None:
        return None
    return ir.completion if ir.completion >= threshold else None


def _unmet(ind: Indicator, ir: IndicatorResult) -> bool:
    """A target not (fully) reached: below its weight, a lower tier, under 100 %, or over a limit."""
    if ind.not_applicable:
        return False
    if ind.tier in (Tier.partial, Tier.unachieved):
        return True
    if ir.score is not None and ir.weight is not None and ir.score < ir.weight:
        return True
    if ir.method in (Method.positive, Method.exact) and ir.completion is not None and ir.completion < HUNDRED:
        return True
    if ir.method is Method.reverse:
        over = _over(ir)
        return over is not None and over > 0
    return False
