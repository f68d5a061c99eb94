"""Synthetic forms of any size, shaped like the real ones.

`make_document(n)` gives a department form with `n` indicators spread over
goals, the usual level-one / level-two framework, and a mix of value kinds
(percent, counts, money limits, qualitative words) so that scoring and the
checks do real work on every row.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model import Document, Execution, Goal, Indicator, Kind, LevelOne, LevelTwo  # noqa: E402

FRAMEWORK = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)
ROWS = (
    ("≥{n}次", "{m}次"), ("≥90%", "95%"), ("≤{n}万元", "{m}万元"), ("保障", "保障"),
    ("不少于{n}场", "{m}余场"), ("100%", "100%"), ("逐年上升", "逐年上升"), ("≥95%", "93%"),
)


def make_document(n_indicators: int, goals: int | None = None) -> Document:
    goals = goals or max(1, min(20, n_indicators // 100))
    per_goal = [n_indicators // goals + (1 if g < n_indicators % goals else 0) for g in range(goals)]
    subs_total = sum(len(subs) for _, subs in FRAMEWORK)
    goal_weight = (Decimal(80) / goals).quantize(Decimal("0.0001"))  # a form holds 6 decimals
    out_goals = []
    counter = 0
    for g, count in enumerate(per_goal):
        levels = []
        slot = 0
        per_sub = [count // subs_total + (1 if k < count % subs_total else 0) for k in range(subs_total)]
        weight_each = (goal_weight / count).quantize(Decimal("0.0001")) if count else Decimal(0)
        for level_name, sub_names in FRAMEWORK:
            subs = []
            for sub_name in sub_names:
                inds = []
                for _ in range(per_sub[slot]):
                    t, a = ROWS[counter % len(ROWS)]
                    n = 1 + counter % 17
                    m = n + (counter % 5) - 1
                    inds.append(Indicator(
                        name=f"指标{counter + 1:05d}（{level_name[:2]}{sub_name[:2]}）",
                        target=t.format(n=n), actual=a.format(m=max(m, 0)),
                        weight=weight_each,
                        score=weight_each if counter % 3 == 0 else None,
                        reason="" if counter % 4 else "已说明",
                    ))
                    counter += 1
                subs.append(LevelTwo(name=sub_name, indicators=tuple(inds)))
                slot += 1
            levels.append(LevelOne(name=level_name, sublevels=tuple(subs)))
        out_goals.append(Goal(title=f"年度目标{g + 1}", target=f"第 {g + 1} 项年度目标", weight=goal_weight,
                              levels=tuple(levels)))
    return Document(
        kind=Kind.department, title=f"合成表单（{n_indicators} 个指标）", unit="合成单位", year=2024,
        execution=Execution(weight=Decimal(20), budget=Decimal("1000.00"), spent=Decimal("987.65")),
        goals=tuple(out_goals),
    )


def first_indicator_path(doc: Document) -> tuple[int, int, int, int]:
    return next(path for path, _ in doc.iter_indicators())


if __name__ == "__main__":
    from model import dumps_document

    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sys.stdout.write(dumps_document(make_document(size)))
