"""Reading form files (TOML; see docs/file-format.md).

Reading uses the standard library's tomllib with floats read as Decimal, so
`97.78` stays exactly 97.78; every problem is collected with its file, line
and place. The text saving writes is model.writer's `dumps_document`
(re-exported here), and writing it to disk is model.storage's.
"""

from __future__ import annotations

import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .document import (
    SCHEMA_VERSION,
    Document,
    Execution,
    Framework,
    FundRow,
    Goal,
    Indicator,
    Label,
    LevelOne,
    LevelTwo,
    Narrative,
    ProjectRef,
    Rules,
)
from .labels import FIELD_LABELS, ITEM_NAMES
from .limits import MAX_FILE_BYTES, count_problems, saved_size_problem
from .oserror import cannot_read
from .problems import DocumentError, Problem
from .regular import NOT_REGULAR, NotRegularFile, open_regular, read_fd
from .writer import dumps_document

__all__ = [
    "MAX_FILE_BYTES",
    "load_document",
    "loads_document",
    "dumps_document",
    "read_form_bytes",
    "has_comments",
    "validation_problem",
]

# Validation problems reported for one file; the rest are counted.
MAX_PROBLEMS = 100

# Which model a table at a key path holds, to suggest the right key for a typo.
_CHILD_MODELS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    Document: {"rules": Rules, "execution": Execution, "goals": Goal,
               "projects": ProjectRef, "narrative": Narrative, "labels": Label},
    Execution: {"funds": FundRow},
    Goal: {"levels": LevelOne},
    LevelOne: {"sublevels": LevelTwo},
    LevelTwo: {"indicators": Indicator},
}


# --------------------------------------------------------------------------
# Reading


def read_form_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a form file's bytes, refusing what is not a plausible form file
    (never blocking: a pipe or device planted at the name is refused, see
    model.regular)."""
    name = str(path)

    def refused(message: str) -> DocumentError:
        return DocumentError([Problem(message, file=name)], kind="read")

    try:
        fd = open_regular(path)
    except IsADirectoryError:
        raise refused("这是一个文件夹，不是表单文件。") from None
    except NotRegularFile:
        raise refused(f"{NOT_REGULAR}（表单文件是 .toml 文本文件）。") from None
    except OSError as exc:
        raise refused(cannot_read(exc)) from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise refused(f"文件过大（{size} 字节，上限 {MAX_FILE_BYTES} 字节）；"
                          "一份自评表通常只有几 KB，请确认选对了文件。")
        data = read_fd(fd, MAX_FILE_BYTES)
    except OSError as exc:
        raise refused(cannot_read(exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise refused(f"文件过大（上限 {MAX_FILE_BYTES} 字节）。")
    return data


def load_document(path: str | os.PathLike[str]) -> Document:
    """Load a form file. Raises DocumentError with every problem found."""
    data = read_form_bytes(path)
    return loads_document(data, source=str(path))


# A zip (.docx, .xlsx) or an OLE compound file (.doc, .xls) is a document to import
_OFFICE = {b"PK\x03\x04": "这是 Word 或 Excel 文件（.docx、.xlsx），",
           b"\xd0\xcf\x11\xe0": "这是旧版 Word 或 Excel 文件（.doc、.xls），"}


def decode_text(data: bytes, source: str) -> str:
    for magic, what in _OFFICE.items():
        if data.startswith(magic):
            raise DocumentError([Problem(
                what + "不是 jixiao 的表单文件（.toml）。请用“导入”把其中的自评表转换成表单："
                "在程序中按 F7，或运行 jixiao import 文件 -o 表单.toml。", file=source)], kind="office")
    try:
        text = data.decode("utf-8-sig")  # Windows editors may add a BOM
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DocumentError(
            [Problem("文件不是 UTF-8 编码（可能是 GBK）；请用记事本或 WPS 另存为 UTF-8 后再打开。",
                     file=source, line=line, column=column)],
            kind="syntax",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DocumentError(
            [Problem("文件含有空字符（\\0），不是文本文件。", file=source, line=line)], kind="syntax"
        )
    return text


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")
_TOML_MESSAGES = [
    ("Invalid value", "值无效（文字要加引号，数字不能带单位）"),
    ("Expected '=' after a key in a key/value pair", "键后面缺少“=”"),
    ("Invalid statement", "无法识别的语句"),
    ("Cannot overwrite a value", "重复定义了同一个键"),
    ("Cannot declare", "重复定义了同一个表"),
    ("Unterminated string", "字符串缺少结尾引号"),
    ("Illegal character '\\n'", "字符串缺少结尾引号（引号里的文字不能换行）"),
    ("Illegal character", "字符串里有不允许的控制字符"),
    ("Expected newline or end of document after a statement", "一行只能写一个键值对"),
    ("Invalid initial character for a key part", "键名以无效字符开头"),
    ("Unclosed array", "数组缺少结尾的“]”"),
    ("Unclosed inline table", "内联表缺少结尾的“}”"),
    ("Invalid date or datetime", "日期无效"),
    ("Found invalid character in key name", "键名中有无效字符"),
    ("Invalid hex value", "转义序列无效"),
    ("Unescaped '\\' in a string", "字符串中有未转义的“\\”"),
    ("Expected ']' at the end of a table declaration", "表头缺少结尾的“]”"),
    ("Expected ']]' at the end of an array declaration", "表头缺少结尾的“]]”"),
    ("Duplicate inline table key", "内联表中键重复"),
    ("Cannot mutate immutable namespace", "不能再往已写完的内联表或数组里添加内容"),
    ("Cannot redefine namespace", "重复定义了同一个表"),
    ("Escaped character is not a Unicode scalar value", "转义序列无效"),
    ("Found invalid character", "有无效字符"),
    ("Expected", "缺少应有的符号（如“=”“]”“,”或引号）"),  # after the longer "Expected …" above
]


def _toml_problem(exc: Exception, source: str) -> Problem:
    text = str(exc)
    line = column = None
    m = _TOML_POS.search(text)
    if m and m.group(1):
        line, column = int(m.group(1)), int(m.group(2))
    detail = _TOML_POS.sub("", text).strip()
    chinese = next((zh for en, zh in _TOML_MESSAGES if detail.startswith(en)), "写法不符合 TOML 格式")
    where = f"第 {line} 行第 {column} 列" if line is not None else "文件末尾"
    # never "regenerate it": a new file would throw away what this one holds
    message = (f"TOML 语法错误（{where}）：{chinese}。请用文本编辑器（记事本、VS Code 等）打开这个文件，"
               "在该处附近改正后再打开；文件中的内容都还在。")
    return Problem(message, file=source, line=line, column=column)


# A float whose text is longer than this, or whose exponent is beyond this, is
# not a figure anyone typed: `1e-999999999` is valid TOML and a valid weight
# (tiny and positive), but writing it out in full takes a gigabyte.
MAX_NUMBER_CHARS = 100
MAX_NUMBER_EXPONENT = 100


class _NumberOutOfRange(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _read_float(text: str) -> Decimal:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberOutOfRange(text)
    value = Decimal(text)
    if value.is_finite() and abs(value.as_tuple().exponent) > MAX_NUMBER_EXPONENT:
        raise _NumberOutOfRange(text)
    return value


def parse_toml(text: str, source: str = "<输入>") -> dict[str, Any]:
    try:
        return tomllib.loads(text, parse_float=_read_float)
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError([_toml_problem(exc, source)], kind="syntax") from None
    except RecursionError:
        raise DocumentError([Problem("TOML 结构嵌套过深，不是有效的自评表。", file=source)],
                            kind="syntax") from None
    except _NumberOutOfRange as exc:
        shown = exc.text if len(exc.text) <= 40 else exc.text[:40] + "…"
        at = text.find(exc.text)
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        raise DocumentError([Problem(f"数字“{shown}”位数过多或超出范围；请填写普通的数字，如 97.78。",
                                     file=source, line=line)], kind="syntax") from None
    except (ValueError, ArithmeticError, MemoryError) as exc:
        detail = str(exc)
        if "Exceeds the limit" in detail:  # an integer with thousands of digits
            detail = "整数位数过多"
        raise DocumentError([Problem(f"TOML 中有无法读取的值：{detail[:120]}；请填写普通的数字。",
                                     file=source)], kind="syntax") from None


def loads_document(data: bytes | str, source: str = "<输入>") -> Document:
    """Parse and validate a form from its bytes or text."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError([Problem(f"文件过大（上限 {MAX_FILE_BYTES} 字节）。", file=source)],
                                kind="read")
        size = len(data)
        text = decode_text(data, source)
    else:
        text = data
        size = len(text.encode("utf-8", "surrogatepass"))
    raw = parse_toml(text, source)
    doc = validate_document(raw, text, source)
    # What loads must save and load again, so the text saving writes must be
    # within the size limit too. It can be longer than what was read: an
    # inline `{},` (3 bytes) becomes a 39-byte `[[goals.levels.sublevels.
    # indicators]]` header, the worst case (13 times); a backslash in a
    # literal string is escaped (2 times). A file under 1/16 of the limit
    # cannot grow past it, and is not written out to check.
    if size * 16 > MAX_FILE_BYTES:
        problem = saved_size_problem(len(dumps_document(doc).encode("utf-8")), source)
        if problem:
            raise DocumentError([problem], kind="invalid")
    return doc


def _schema_number(version: Any) -> int | None:
    """The schema version as the model reads it (`2`, `2.0`, `"2"`), or None."""
    if isinstance(version, int):
        return int(version)
    if isinstance(version, (Decimal, str)):
        from pydantic import TypeAdapter

        try:
            return TypeAdapter(int).validate_python(version)
        except ValidationError:
            return None
    return None


def validate_document(raw: dict[str, Any], text: str = "", source: str = "<输入>") -> Document:
    """A Document from parsed TOML. Raises DocumentError with every problem:
    a newer schema alone; counts past the limits (before validation, which
    would take seconds and gigabytes on 200,000 goals); then the model's."""
    version = _schema_number(raw.get("schema", SCHEMA_VERSION))
    if version is not None and version > SCHEMA_VERSION:
        raise DocumentError([_newer_schema(version, source, text)], kind="invalid")
    too_many = count_problems(raw, source)
    if too_many:
        raise DocumentError(too_many, kind="invalid")
    try:
        return Document.model_validate(raw)
    except ValidationError as exc:
        lines = _line_index(text) if text else {}
        errors = exc.errors()
        problems = [validation_problem(err, raw, lines, source) for err in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(Problem(f"还有 {len(errors) - MAX_PROBLEMS} 个问题未列出；请先改正上面的问题。",
                                    file=source))
        raise DocumentError(problems, kind="invalid") from None
    except RecursionError:
        raise DocumentError([Problem("结构嵌套过深，不是有效的自评表。", file=source)]) from None


def _newer_schema(version: Any, source: str, text: str = "") -> Problem:
    return Problem(f"此文件的格式版本为 {version}，本程序只支持到 {SCHEMA_VERSION}；请升级 jixiao。",
                   file=source, line=_line_index(text).get(("schema",)) if text else None)


# -- places and lines ------------------------------------------------------

def place_of(loc: tuple[Any, ...], raw: Any) -> str:
    """The place in the form for a pydantic error location, by names.

    ('goals', 1, 'levels', 0, 'weight') -> '目标2「年度目标2」 / 一级指标「产出指标」 / 分值'
    """
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(key, str) and i + 1 < len(loc) and isinstance(loc[i + 1], int) \
                and key in ITEM_NAMES:
            index = loc[i + 1]
            child = None
            if isinstance(node, dict) and isinstance(node.get(key), (list, tuple)) \
                    and 0 <= index < len(node[key]):
                child = node[key][index]
            label = ITEM_NAMES[key] + str(index + 1)
            name = ""
            if isinstance(child, dict):
                candidate = child.get("name", child.get("title", ""))
                if isinstance(candidate, str):
                    name = candidate
            if name:
                short = name if len(name) <= 30 else name[:30] + "…"
                label += f"「{short}」"
            parts.append(label)
            node = child
            i += 2
            continue
        if isinstance(key, str):
            label = FIELD_LABELS.get(key, key)
            parts.append(f"{label}（{key}）" if label != key else key)
            node = node.get(key) if isinstance(node, dict) else None
        else:
            parts.append(f"第 {key + 1} 项" if isinstance(key, int) else str(key))
            node = None
        i += 1
    return " / ".join(parts)


def key_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for key in loc:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out


# Both patterns are unambiguous, so a long line is matched in linear time
# (`[a<100k spaces>,"b"]` inside an array took minutes with a lazy group).
_HEADER = re.compile(r"\s*(\[\[?)([^\]\n]*)\]\]?\s*(?:#.*)?")
_HEADER_KEYS = re.compile(r"[A-Za-z0-9_\-. \"]+")
_KEYLINE = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _line_index(text: str) -> dict[tuple[Any, ...], int]:
    """Map table and key paths to line numbers (best effort, for messages)."""
    result: dict[tuple[Any, ...], int] = {}
    counters: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        m = _HEADER.fullmatch(line)
        if m and _HEADER_KEYS.fullmatch(m.group(2).strip()):
            keys = [k.strip().strip('"') for k in m.group(2).strip().split(".")]
            if len(keys) > 8:  # no form nests this deep; skip it (quadratic otherwise)
                continue
            path: tuple[Any, ...] = ()
            for k in keys[:-1]:
                path += (k,)
                if path in counters:
                    path += (counters[path] - 1,)
            path += (keys[-1],)
            if m.group(1) == "[[":
                index = counters.get(path, 0)
                counters[path] = index + 1
                path += (index,)
            current = path
            result.setdefault(current, lineno)
            continue
        m = _KEYLINE.match(line)
        if m:
            result.setdefault(current + (m.group(1),), lineno)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_multiline = quote
    return result


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for end in range(len(loc), 0, -1):
        line = lines.get(tuple(loc[:end]))
        if line is not None:
            return line
    return None


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel]:
    model: type[BaseModel] = Document
    for key in loc:
        if isinstance(key, str):
            model = _CHILD_MODELS.get(model, {}).get(key, model)
    return model


def _describe_input(value: Any) -> str:
    if isinstance(value, str):
        text = f"“{value[:41]}”"
    elif isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return _describe_number(value)
    else:
        import reprlib  # bounded: a huge or deeply nested value is cut short

        text = reprlib.repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _describe_number(value: Any) -> str:
    """A number as people write it (1000, 0.0000001; 1E+30 when far out),
    shortened in the middle when long: 1.0000000000…00000001."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        return _describe_input(value)
    if value.is_finite() and -15 <= value.adjusted() <= 15 \
            and abs(value.as_tuple().exponent) <= MAX_NUMBER_EXPONENT:
        text = format(value, "f")
    else:
        text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}…{text[-8:]}"


def validation_problem(err: Any, raw: dict[str, Any], lines: dict, source: str) -> Problem:
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        import difflib

        key = str(loc[-1]) if loc else ""
        model = _model_at(loc[:-1])
        allowed = [f.alias or name for name, f in model.model_fields.items()]
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"，是否想写“{close[0]}”？" if close else f"；可用的键：{', '.join(allowed)}"
        message = f"未知的键“{key}”（可能拼写错误）{hint}"
        return Problem(message, file=source, line=_line_for(loc, lines),
                       place=place_of(loc[:-1], raw) or "文件顶层", key=key_path(loc),
                       suggestion=close[0] if close else "")
    messages = {
        "missing": "缺少此项",
        "decimal_parsing": f"应为数字，实际是 {_describe_input(value)}；请去掉单位和文字",
        "decimal_type": f"应为数字，实际是 {_describe_input(value)}",
        "float_parsing": f"应为数字，实际是 {_describe_input(value)}",
        "int_parsing": f"应为整数，实际是 {_describe_input(value)}",
        "int_type": f"应为整数，实际是 {_describe_input(value)}",
        "int_from_float": f"应为整数，实际是 {_describe_input(value)}",
        "int_parsing_size": "整数位数过多，请填写普通的整数",
        "finite_number": "不能是 NaN 或无穷大，请填写实际数字",
        "greater_than_equal": f"不能小于 {_describe_number(ctx.get('ge'))}，实际为 {_describe_input(value)}",
        "greater_than": f"必须大于 {_describe_number(ctx.get('gt'))}，实际为 {_describe_input(value)}",
        "less_than_equal": f"不能大于 {_describe_number(ctx.get('le'))}，实际为 {_describe_input(value)}",
        "decimal_max_places": f"小数位数过多（最多 {ctx.get('decimal_places')} 位），实际为 "
                              f"{_describe_number(value)}；请四舍五入到 {ctx.get('decimal_places')} "
                              "位小数以内",
        "less_than": f"必须小于 {_describe_number(ctx.get('lt'))}，实际为 {_describe_input(value)}",
        "string_type": f"应为文字（加引号），实际是 {_describe_input(value)}",
        "string_too_long": f"文字过长（{len(value) if isinstance(value, str) else '?'} 字，"
                           f"上限 {ctx.get('max_length')} 字）",
        "enum": f"应为 {ctx.get('expected', '')} 之一，实际是 {_describe_input(value)}",
        "literal_error": f"应为 {ctx.get('expected', '')} 之一，实际是 {_describe_input(value)}",
        "bool_type": f"应为 true 或 false，实际是 {_describe_input(value)}",
        "bool_parsing": f"应为 true 或 false，实际是 {_describe_input(value)}",
        "date_type": f"应为日期（如 2025-02-10，或只到月份 \"2025年3月\"），实际是 {_describe_input(value)}",
        "date_parsing": f"应为日期（如 2025-02-10，或只到月份 \"2025年3月\"），实际是 {_describe_input(value)}",
        "date_from_datetime_inexact": (f"应为日期（如 2025-02-10，或只到月份 \"2025年3月\"），实际是 {_describe_input(value)}"
                                       if isinstance(value, str) else "应为日期（如 2025-02-10），不要带时间"),
        "date_from_datetime_parsing": f"应为日期（如 2025-02-10，或只到月份 \"2025年3月\"），实际是 {_describe_input(value)}",
        "tuple_type": "应为一组表（用 [[...]] 书写）",
        "list_type": "应为一组表（用 [[...]] 书写）",
        "model_type": "应为一个表",
        "dict_type": "应为一个表",
        "model_attributes_type": "应为一个表",
    }
    message = messages.get(kind) or f"值无效（{str(err.get('msg', ''))[:120]}）；请按说明文档填写"
    if loc == ("schema",) and kind == "less_than_equal":
        return _newer_schema(value, source)
    return Problem(message, file=source, line=_line_for(loc, lines),
                   place=place_of(loc, raw), key=key_path(loc))


def has_comments(text: str) -> bool:
    """Whether TOML text holds comments (which saving does not keep)."""
    in_multiline: str | None = None
    for line in text.splitlines():
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        stripped = line.strip()
        if stripped.startswith("#"):
            return True
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
        if "#" in line and not in_multiline:
            # a comment after a value: a '#' outside of quotes
            quoted = False
            q = ""
            for ch in line:
                if quoted:
                    if ch == q:
                        quoted = False
                elif ch in "\"'":
                    quoted, q = True, ch
                elif ch == "#":
                    return True
    return False
