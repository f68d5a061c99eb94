"""The wording of generated text, read from template files (package data).

    words = load_wording()                      # exchange/templates/report.toml
    words = load_wording("省里的措辞.toml")      # a copy with some keys changed
    fill(words["budget"]["execution"], budget="491.27", ...)

The phrasing of the drafted report and of the scoring rules printed in a
form's 备注 lives in `exchange/templates/report.toml`, not in code, so that a
province's wording can be changed without touching Python. A file given by
the user is laid over the default: the keys it has replace the default's, the
others stay. Placeholders are `${name}` (string.Template: a name the program
does not supply stays as written, and nothing but plain names is looked up).
"""

from __future__ import annotations

import copy
import functools
import os
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from scoring.rules import PRESETS, Settings, fmt

__all__ = ["WordingError", "load_wording", "fill", "rules_paragraphs", "rules_note", "printed_rules_preset",
           "DEFAULT_WORDING"]

DEFAULT_WORDING = "report.toml"
MAX_TEMPLATE_BYTES = 1_000_000


class WordingError(Exception):
    """A wording file cannot be read; `str()` is a Chinese message."""


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@functools.lru_cache(maxsize=1)
def _default() -> dict[str, Any]:
    text = resources.files("exchange").joinpath("templates", DEFAULT_WORDING).read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_wording(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The default wording, with the keys of `path` (a TOML file) laid over it."""
    words = copy.deepcopy(_default())
    if path is None:
        return words
    p = Path(path)
    try:
        if p.stat().st_size > MAX_TEMPLATE_BYTES:
            raise WordingError(f"{p}：措辞模板文件过大（超过 1 MB），未使用。")
        data = p.read_bytes()
    except OSError as exc:
        from model.oserror import os_reason

        raise WordingError(f"{p}：无法读取措辞模板：{os_reason(exc)}。") from None
    try:
        over = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WordingError(f"{p}：措辞模板不是 UTF-8 编码的文本；请用 UTF-8 保存。") from None
    except tomllib.TOMLDecodeError as exc:
        raise WordingError(f"{p}：措辞模板的 TOML 格式有误（{exc}）；请对照默认模板修改。") from None
    _check(over, words, p)
    return _merge(words, over)


def _check(over: dict[str, Any], base: dict[str, Any], p: Path, where: str = "") -> None:
    """Every value must have the type of the default's (text for text, …)."""
    for key, value in over.items():
        here = f"{where}.{key}" if where else key
        if key not in base:
            continue  # unknown keys are ignored (a newer file on an older program)
        want = base[key]
        if isinstance(want, dict):
            if not isinstance(value, dict):
                raise WordingError(f"{p}：“{here}”应是一个表（[{here}]）。")
            _check(value, want, p, here)
        elif isinstance(want, str) and not isinstance(value, str):
            raise WordingError(f"{p}：“{here}”应是文字（用引号括起）。")
        elif isinstance(want, list) and not (isinstance(value, list) and all(isinstance(v, str) for v in value)
                                              and len(value) == len(want)):
            raise WordingError(f"{p}：“{here}”应是 {len(want)} 项文字的列表。")


def fill(template: str, **values: object) -> str:
    """`template` with `${name}` replaced; figures (Decimal) as forms print them."""
    text = {k: (fmt(v) if isinstance(v, Decimal) else ("" if v is None else str(v))) for k, v in values.items()}
    return Template(template).safe_substitute(text)


def rules_paragraphs(settings: Settings, words: dict[str, Any] | None = None) -> list[str]:
    """The scoring rules in force, one paragraph each (from the wording's [rules])."""
    w = (words or _default())["rules"]
    quantitative = w["positive"] + (w["reverse_linear"] if settings.reverse == "linear" else w["reverse_ratio"]) \
        + w["cap"]
    out = [w["execution"], quantitative,
           fill(w["qualitative"], achieved=settings.achieved_min, partial=settings.partial_min)]
    if settings.rescale_not_applicable:
        out.append(w["not_applicable"])
    out += [w["rounding"], w["grades"]]
    return out


def rules_note(settings: Settings, words: dict[str, Any] | None = None) -> str:
    """The rules in force as a numbered note (the form's 备注 when it has none)."""
    return "\n".join(f"{i}. {p}" for i, p in enumerate(rules_paragraphs(settings, words), start=1))


def _lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def printed_rules_preset(text: str) -> str | None:
    """The preset whose rules note (`rules_note`, default wording) `text` is, or None.

    The form's 备注 shows the rules in force when the form has no remarks of its
    own; reading such a 备注 back gives the rules, not a remark."""
    if not text or "分" not in text:
        return None
    lines = _lines_of(text)
    for name, settings in PRESETS.items():
        if _lines_of(rules_note(settings)) == lines:
            return name
    return None
