"""The editor's multi-line, choice and yes/no fields.

Their Textual widgets (TextArea, Select, Checkbox) cost ≈ 30–40 ms to
import, and no field is on the first screen: this module is imported when
the editor builds its first form (tui/widgets/editor.py), not on the way to
the first screen. Each field shows a document value with `put`, which does
not report it as the person's change.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Checkbox, Select, TextArea

from scoring.rules import PRESET_LABELS

from .. import strings as S
from ..fields import KIND_CHOICES, METHOD_CHOICES, TIER_CHOICES, FieldSpec
from .inorder import KeysInOrder

__all__ = ["FieldArea", "FieldCheckbox", "FieldSelect", "choice_field"]


class FieldArea(KeysInOrder, TextArea):
    """A multi-line field (reasons, improvements, goal texts)."""

    TYPED_KEYS = frozenset({"enter"})  # a new line

    def __init__(self, spec: FieldSpec, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", compact=True,
                         highlight_cursor_line=False, **kwargs)
        self.spec = spec

    @property
    def typed(self) -> str:
        return self.text

    def on_resize(self) -> None:
        # TextArea rewraps its text in its own resize handler, which may run after the
        # frame at the new size was drawn from the old wrap (the editor's scroll bar
        # appearing made the notes one cell narrower and they kept their wider lines):
        # draw again from the new wrap
        self.refresh()

    def put(self, value: str, force: bool) -> None:
        if self.text != value:
            with self.prevent(TextArea.Changed):
                self.load_text(value)
                self.move_cursor((0, 0) if force else self.document.end)


class FieldSelect(Select[Any]):
    def __init__(self, spec: FieldSpec, options: list[tuple[str, Any]], allow_blank: bool,
                 prompt: str, **kwargs: Any) -> None:
        super().__init__(options, allow_blank=allow_blank, prompt=prompt, compact=True, **kwargs)
        self.spec = spec

    @property
    def picked(self) -> Any:
        """The value chosen, None for the blank choice."""
        return None if self.value is Select.NULL else self.value

    def put(self, value: Any, force: bool) -> None:
        wanted = Select.NULL if value is None else value
        if self.value != wanted:
            with self.prevent(Select.Changed):
                self.value = wanted

    def replace_options(self, options: list[tuple[str, Any]]) -> None:
        """New labels for the choices, keeping the one chosen (not reported)."""
        current = self.value
        with self.prevent(Select.Changed):
            self.set_options(options)
            if current is not Select.NULL:
                self.value = current


class FieldCheckbox(Checkbox):
    def __init__(self, spec: FieldSpec, label: str, **kwargs: Any) -> None:
        super().__init__(label, compact=True, **kwargs)
        self.spec = spec

    @property
    def picked(self) -> bool:
        return self.value

    def put(self, value: Any, force: bool) -> None:
        if self.value != bool(value):
            with self.prevent(Checkbox.Changed):
                self.value = bool(value)


def choice_field(spec: FieldSpec, **kwargs: Any) -> FieldSelect | FieldCheckbox:
    """The widget of a choice or yes/no field."""
    if spec.kind == "bool":
        return FieldCheckbox(spec, S.CORE_OFF if spec.name == "core" else S.NOT_APPLICABLE_OFF, **kwargs)
    if spec.name == "kind":
        return FieldSelect(spec, list(KIND_CHOICES), False, S.KIND_PROMPT, **kwargs)
    if spec.name == "method":
        return FieldSelect(spec, list(METHOD_CHOICES), False, S.METHOD_PROMPT, **kwargs)
    if spec.name == "tier":
        return FieldSelect(spec, list(TIER_CHOICES), True, S.TIER_BLANK, **kwargs)
    if spec.name == "rules.preset":
        return FieldSelect(spec, [(label, key) for key, label in PRESET_LABELS.items()], True,
                           S.PRESET_PROMPT, **kwargs)
    raise KeyError(spec.name)  # pragma: no cover
