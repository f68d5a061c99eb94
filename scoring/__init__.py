"""jixiao's rules: scores, totals, grades and checks. Pure functions over model/."""

from .engine import (
    ExecutionResult,
    GroupResult,
    IndicatorResult,
    Result,
    ScoreCache,
    score_document,
)
from .findings import CODES, Finding, Severity
from .rules import PRESETS, UNSCORED, Settings, grade_of, q2, resolve

__all__ = [
    "CODES",
    "PRESETS",
    "ExecutionResult",
    "Finding",
    "GroupResult",
    "IndicatorResult",
    "Result",
    "ScoreCache",
    "Settings",
    "Severity",
    "grade_of",
    "UNSCORED",
    "q2",
    "resolve",
    "score_document",
]
