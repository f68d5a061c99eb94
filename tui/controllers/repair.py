"""Ways in: a form created where a new path was given, a misspelt key put
right, a GBK file converted to UTF-8 (no Textual; the app asks the person
first and acts through these).

- `can_create(path)`: a path that does not exist yet, in a folder that does,
  for a .toml file: offer to create a form there from a template;
  `create_from_template(path, name)` writes it (never over a file that
  appeared meanwhile) and returns the session.
- `fixable_keys(error)`: unknown keys for which the loader suggested the
  key meant; `fix_keys(path, problems)` rewrites those lines.
- `gbk_text(path)`: the text of a file that is not UTF-8 but reads as GBK
  (GB18030); `convert_to_utf8(path)` rewrites it as UTF-8.

Rewriting a file in place goes through `model.storage.safe_save`: under the
save lock, only if the file still holds what was read, keeping the previous
version as `FILE.bak`. Each function returns a Chinese message on failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from model import DocumentError
from model.files import read_form_bytes
from model.oserror import os_reason
from model.problems import Problem
from model.storage import backup_path, safe_save
from model.templates import layout_document, layout_named, weight_slots, with_weights

from .. import strings as S
from ..session import Session

__all__ = ["can_create", "template_weights", "create_from_template", "fixable_keys", "fix_keys", "gbk_text",
           "convert_to_utf8"]


def can_create(path: Path) -> bool:
    """Whether a form can be created at `path` (it does not exist; its folder does)."""
    try:
        return (not path.exists() and path.suffix.lower() == ".toml"
                and (path.parent if str(path.parent) else Path(".")).is_dir())
    except OSError:
        return False


def template_weights(name: str) -> list[tuple[str, tuple[int, ...], Any]]:
    """The weights layout `name` (a template, a sample's layout, the flat
    framework: `model.templates.LAYOUTS`) prints above its indicators (see
    `model.templates.weight_slots`); none for an unknown layout."""
    layout = layout_named(name)
    return weight_slots(layout_document(layout)) if layout is not None else []


def create_from_template(path: Path, name: str, weights: list[Any] | None = None) -> Session | str:
    """A new form at `path` from layout `name` (with `weights` as the
    paper form has them, in `template_weights` order), saved at once, as
    `jixiao new` makes it; the session, or a message saying why not."""
    layout = layout_named(name)
    if layout is None:
        return S.CREATE_NO_TEMPLATE.format(name=name)
    try:
        doc = layout_document(layout)
        if weights is not None:
            doc = with_weights(doc, weights)
    except DocumentError as exc:  # a weight the model refuses
        return exc.summary()
    session = Session(doc, path)
    outcome = session.save()  # expects no file there: never overwrites one
    if outcome.status != "saved":
        return outcome.message or S.CREATE_FAILED.format(path=path)
    return session


def fixable_keys(error: DocumentError) -> list[Problem]:
    """The unknown keys of `error` whose meant key is known, with a line."""
    return [p for p in error.problems if p.suggestion and p.line is not None and p.key]


def _rewrite(path: Path, before: bytes, after: bytes) -> str | None:
    outcome = safe_save(path, after, before, backup=True)
    if outcome.status != "saved":
        return outcome.message or S.REPAIR_CHANGED
    return None


def fix_keys(path: Path, problems: list[Problem]) -> str | None:
    """Replace each misspelt key on its line by the key suggested (the
    previous file kept as FILE.bak); a message if it could not be done."""
    try:
        data = read_form_bytes(path)
        text = data.decode("utf-8-sig")
    except (DocumentError, UnicodeDecodeError):
        return S.REPAIR_UNREADABLE
    lines = text.split("\n")
    changed = 0
    for problem in problems:
        assert problem.line is not None
        index = problem.line - 1
        wrong = re.split(r"[.\[\]]", problem.key.rstrip("]"))[-1]
        if not wrong or not 0 <= index < len(lines):
            continue
        pattern = re.compile(r"(?<![\w\-])" + re.escape(wrong) + r"(?![\w\-])")
        fixed, count = pattern.subn(problem.suggestion, lines[index], count=1)
        if count:
            lines[index] = fixed
            changed += 1
    if not changed:
        return S.REPAIR_NOTHING
    new = "\n".join(lines)
    if data.startswith(b"\xef\xbb\xbf"):
        new = "\ufeff" + new
    return _rewrite(path, data, new.encode("utf-8"))


def gbk_text(path: Path) -> str | None:
    """The text of a file that is not UTF-8 but reads as GBK (GB18030), or None."""
    try:
        data = read_form_bytes(path)
    except DocumentError:
        return None
    try:
        data.decode("utf-8-sig")
        return None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return None


def convert_to_utf8(path: Path) -> str | None:
    """Rewrite a GBK file as UTF-8 (the GBK file kept as FILE.bak)."""
    try:
        data = read_form_bytes(path)
    except DocumentError as exc:
        return exc.summary()
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return S.REPAIR_UNREADABLE
    try:
        return _rewrite(path, data, text.encode("utf-8"))
    except OSError as exc:
        return os_reason(exc)


def backup_name(path: Path) -> str:
    return backup_path(path).name
