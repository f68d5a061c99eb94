"""Writing a document as form-file text (TOML; see docs/file-format.md).

The tables are laid out in a fixed order and each value is rendered as
tomli-w would, so a saved file is deterministic: load then save gives the
same bytes, Chinese stays readable, and changing one value changes one line.
Reading is model.files; writing a file to disk is model.storage.
"""

from __future__ import annotations

import re
import weakref
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Callable

from pydantic import BaseModel

from .document import Document, Framework, Method, MonthDate

__all__ = ["dumps_document"]

_SKIP_DEFAULTS: dict[str, Any] = {"method": Method.auto, "framework": Framework.levels}
_PLAIN = re.compile(r'[^"\\\x00-\x1f\x7f]*')  # a string tomli-w writes as "…" unchanged


def _format_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return str(int(value))
        text = format(value, "f")
        return text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_format_scalar(v) for v in value) + "]"
    if isinstance(value, MonthDate):  # TOML has no year-month type: a string, read back by the model
        return f'"{value.isoformat()}"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if _PLAIN.fullmatch(value):
            # nothing to escape: what tomli-w writes, without its per-call
            # cost (two thirds of writing a 2,000-row form); tested equal
            return f'"{value}"'
        import tomli_w  # only saving needs the writer

        return tomli_w.dumps({"v": value}, multiline_strings=True)[4:-1]
    raise TypeError(f"cannot write {type(value).__name__}")  # pragma: no cover


def _split(node: BaseModel) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    scalars: list[tuple[str, Any]] = []
    tables: list[tuple[str, Any]] = []
    for name, info in type(node).model_fields.items():
        value = getattr(node, name)
        key = info.alias or name
        if isinstance(value, BaseModel):
            tables.append((key, value))
        elif isinstance(value, tuple):
            if value and all(isinstance(v, str) for v in value):
                scalars.append((key, value))  # an array of words (`columns`)
            elif value:
                tables.append((key, value))
        elif value is None or value == "" or (value is False and info.default is False):
            # left out when it is the default; an explicit `false` that
            # overrides a preset (rules.rescale_not_applicable) is kept
            continue
        elif name in _SKIP_DEFAULTS and value == _SKIP_DEFAULTS[name]:
            continue
        else:
            scalars.append((key, value))
    return scalars, tables


# The text of each table-array item ([[goals]], [[goals.levels]], ...) by node:
# documents are immutable and an edit shares every unchanged node, so
# writing the document again after an edit only formats the edited path
# (saving and the recovery writes of a 2,000-indicator form: ≈ 60 ms -> a few).
# id(node) -> (weak reference to the node, header, text); an entry goes with
# its node. Safe across threads: a race at worst formats an item twice.
_ITEM_TEXT: dict[int, tuple[Any, str, str]] = {}


def _forget(key: int) -> Callable[[Any], None]:
    def forget(_ref: Any) -> None:
        _ITEM_TEXT.pop(key, None)

    return forget


def _emit_item(node: BaseModel, header: str, out: list[str]) -> None:
    """One item of a table array; its text starts with the blank line that
    separates it from what is before it (dropped at the start of a file)."""
    key = id(node)
    known = _ITEM_TEXT.get(key)
    if known is not None and known[0]() is node and known[1] == header:
        text = known[2]
    else:
        piece = [""]  # not empty: the item's text begins with its separating newline
        _emit(node, header, piece, aot=True)
        text = "".join(piece)
        _ITEM_TEXT[key] = (weakref.ref(node, _forget(key)), header, text)
    out.append(text if out else text[1:])


def _emit(node: BaseModel, header: str, out: list[str], aot: bool) -> None:
    scalars, tables = _split(node)
    if header:
        if not aot and not scalars and all(isinstance(v, BaseModel) for _, v in tables):
            # an empty plain table ([rules] with nothing set) is left out
            if not any(_split(v)[0] or _split(v)[1] for _, v in tables):
                return
        if out:
            out.append("\n")
        out.append(f"[[{header}]]\n" if aot else f"[{header}]\n")
    for key, value in scalars:
        out.append(f"{key} = {_format_scalar(value)}\n")
    for key, value in tables:
        name = f"{header}.{key}" if header else key
        if isinstance(value, BaseModel):
            _emit(value, name, out, aot=False)
        else:
            for item in value:
                _emit_item(item, name, out)


def dumps_document(doc: Document) -> str:
    """The file text of a document, deterministic and readable."""
    out: list[str] = []
    _emit(doc, "", out, aot=False)
    return "".join(out)
