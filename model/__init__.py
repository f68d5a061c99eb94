"""jixiao's document model: forms, values and files. Never imports Textual."""

from .document import (
    LABEL_SLOTS,
    LIMITS,
    PRESET_NAMES,
    SCHEMA_VERSION,
    Document,
    Execution,
    FundRow,
    Goal,
    Indicator,
    Label,
    Kind,
    LevelOne,
    LevelTwo,
    Method,
    Narrative,
    ProjectRef,
    Rules,
    Tier,
)
from .files import (
    MAX_FILE_BYTES,
    dumps_document,
    has_comments,
    load_document,
    loads_document,
)
from .limits import limit_problems
from .problems import DocumentError, Problem
from .values import Value, parse_value

__all__ = [
    "LABEL_SLOTS",
    "LIMITS",
    "PRESET_NAMES",
    "SCHEMA_VERSION",
    "Document",
    "Execution",
    "FundRow",
    "Label",
    "Goal",
    "Indicator",
    "Kind",
    "LevelOne",
    "LevelTwo",
    "Method",
    "Narrative",
    "ProjectRef",
    "Rules",
    "Tier",
    "MAX_FILE_BYTES",
    "dumps_document",
    "has_comments",
    "load_document",
    "loads_document",
    "limit_problems",
    "DocumentError",
    "Problem",
    "Value",
    "parse_value",
]
