"""The editor: the fields of the selected node.

One form per kind of node (document, execution, goal, level, indicator) is
built the first time a node of its kind is shown, after the first frame
(most of the screen's widgets are these fields, and at 80×24 the first screen
does not show the editor at all), then kept and switched; showing another
node only sets values. Textual mounts a form's fields asynchronously, so
`show()` of a node whose form is not mounted yet records the node (and any
focus request) and completes when the form has mounted. Every change
a person makes is validated as it is typed and handed to the screen as an
`Edit` through the one callback the editor was built with (`on_edit`); the
screen applies it to the session and calls `refresh_derived()` (how target
and actual were understood, the score line, this node's findings). Number
fields refuse anything that is not a digit and say why.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Label

from model import DocumentError, FundRow, Kind
from model.edit import children_of, validated_update

from .. import strings as S
from ..compat import virtual_size_without_layout
from ..fields import (
    FIELDS,
    FUND_FIELDS,
    FUNDS,
    INTEGER_CHARS,
    NUMBER_CHARS,
    TIER_CHOICES,
    FieldError,
    FieldSpec,
    field_value,
    format_value,
    parse_input,
    refusal_message,
    refused_char,
)
from ..keys import EDITOR
from ..session import FORM, Address, Session, count_indicators, flat_step
from ..text import number, one_line
from . import LiveText
from ..view import crumb_text, findings_block, name_of, score_weight

FORMS = ("document", "execution", "goal", "level", "indicator")
# an indicator's fields of the flat framework (RULES.md 5b): shown for a flat form's
# indicators, and for any indicator that has a value in them (an imported form's)
FLAT_FIELDS = ("adjusted_target", "coefficient", "core")
BUILD_DELAY = 0.25  # seconds after the first frame before the first form is built
PREBUILD = ("indicator", "level", "goal", "execution", "document")  # then these, in turn
PREBUILD_PAUSE = 0.05  # seconds between building one form and the next


def form_of(address: Address) -> str:
    kind = address.kind
    return "level" if kind == "sublevel" else kind


def widget_id(form: str, spec: FieldSpec) -> str:
    return f"{form}-{spec.name.replace('.', '-')}"


class FieldInput(Input):
    """A one-line field. Number fields refuse letters and post `Refused`.

    What the person types is handed to `on_typed` by the `value` watcher,
    inside the key's own dispatch: the new scores are drawn in the frame that
    shows the keystroke (a trip through the message queues costs a frame or
    two: benchmarks/tui_update.py). Values the editor puts in go through
    `show_value`, which the watcher does not report."""

    # `Input` sets its virtual width to the width of its text on every
    # change, and `Widget.virtual_size` asks for a layout pass of the whole
    # screen when it changes. A field's size is fixed by its row, and the
    # text scrolls inside it from `virtual_size` alone, so a repaint is
    # enough: typing no longer lays out the screen on every key.
    virtual_size: Reactive[Size] = virtual_size_without_layout()

    # the cursor stays on: a blinking one is as often off as on, and in a
    # terminal capture or a glance the focused field showed no cursor at all
    cursor_blink: Reactive[bool] = Reactive(False, init=False)

    # True while a value is being put in rather than typed (also while the
    # Input is being built with one): the watcher does not report it
    _showing = True

    @dataclass
    class Refused(Message):
        field: FieldInput
        char: str

    def __init__(self, spec: FieldSpec, on_typed: Callable[[FieldInput, str], None],
                 placeholder: str | None = None, **kwargs: Any) -> None:
        restrict = None
        if spec.kind == "number":
            restrict = NUMBER_CHARS.pattern
        elif spec.kind == "int":
            restrict = INTEGER_CHARS.pattern
        # a figure's or a value's text is selected when the field gets the
        # focus: typing replaces it (arrows or End to edit it instead)
        super().__init__(placeholder=spec.placeholder if placeholder is None else placeholder,
                         restrict=restrict, compact=True,
                         select_on_focus=spec.replaced_when_typed, **kwargs)
        self.spec = spec
        self._attempt = ""
        self._showing = False
        self.on_typed = on_typed
        # typing is reported by the watcher; Input's Changed message would
        # only travel up through the row's, form's and editor's queues (a
        # hop each, some before the keystroke's frame) with nobody listening
        self.disable_messages(Input.Changed)

    def show_value(self, text: str) -> None:
        """Put a value from the document in the field (not typed: not reported)."""
        self._showing = True
        try:
            self.value = text
            self.cursor_position = len(text)
        finally:
            self._showing = False

    def watch_value(self, value: str) -> None:
        if not self._showing and self.is_mounted:
            self.on_typed(self, value)

    def replace(self, text: str, start: int, end: int) -> None:
        self._attempt = text
        super().replace(text, start, end)

    def restricted(self) -> None:
        char = refused_char(self.spec, self._attempt) or self._attempt[:1]
        self.post_message(self.Refused(self, char))


@dataclass(frozen=True)
class Edit:
    """A field got a valid new value; the screen applies it."""

    address: Address
    spec: FieldSpec
    value: Any
    typing: bool  # typed text (coalesced into one undo step) or a pick
    part: tuple[Any, ...] = ()  # which cell of a table field (a fund row's cell)

    @property
    def key(self) -> tuple[Any, ...] | None:
        """The typing run this edit belongs to (one undo step), or None."""
        return (self.address, self.spec.name, *self.part) if self.typing else None


class NodeEditor(VerticalScroll):
    """The fields of one node (see the module docstring)."""

    BINDINGS = EDITOR

    def __init__(self, session: Session, on_edit: Callable[[Edit], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.on_edit = on_edit
        self.address: Address = FORM
        self._errors: dict[str, tuple[str, str]] = {}  # widget id -> (text, message)
        self._refusals: set[str] = set()  # widget ids whose note says a key was refused
        self._loaded: dict[str, Any] = {}  # widget id -> the model value last put there
        self._tier_settings: Any = None
        self._derived_for: Address | None = None
        self._parts: dict[str, Widget] = {}  # widget id -> widget, of every form built
        self._ready: set[str] = set()  # forms whose widgets are mounted
        self._building: set[str] = set()  # forms being mounted
        self._drawn = False  # the first frame has been drawn: forms may be built
        self._pending_focus: tuple[str | None, bool] | None = None
        self._wanted = False  # a node other than the form's own, or a field, was asked for

    # -- building -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield LiveText(id="crumbs", classes="crumbs")
        with ContentSwitcher(initial="form-document", id="forms"):
            for form in FORMS:
                yield Vertical(id=f"form-{form}", classes="form")

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame_drawn)

    def _first_frame_drawn(self) -> None:
        """The form is on screen: build the shown node's fields now if the
        editor is in sight or a field was asked for, else in a moment (well
        before a person can ask for them; asking sooner builds them then)."""
        self._drawn = True
        if self._wanted or self.region.area:
            self._build(form_of(self.address))
        else:
            self.set_timer(BUILD_DELAY, lambda: self._build(form_of(self.address)))

    def _keep(self, widget: Widget) -> Widget:
        """Register a widget of a form by its id (found before it is mounted)."""
        self._parts[widget.id or ""] = widget
        return widget

    def _part(self, wid: str) -> Any:
        return self._parts[wid]

    def _form_widgets(self, form: str) -> list[Widget]:
        # the score and this node's problems first: in sight while typing
        widgets: list[Widget] = [self._keep(LiveText(id=f"summary-{form}", classes="summary")),
                                 self._keep(LiveText(id=f"findings-{form}",
                                                     classes="node-findings"))]
        for spec in FIELDS[form]:
            widgets.extend(self._field(form, spec))
        if form == "execution":
            widgets.extend(self._funds_block())
        return widgets

    def _build(self, form: str) -> None:
        """Mount `form`'s widgets (once); the node waiting for it is shown
        when they have mounted."""
        if not self._drawn or form in self._ready or form in self._building:
            return
        self._building.add(form)
        mounting = self.query_one(f"#form-{form}", Vertical).mount_all(self._form_widgets(form))

        async def mounted() -> None:
            await mounting
            self._building.discard(form)
            self._ready.add(form)
            if form_of(self.address) == form and self.session.exists(self.address):
                self._show_now()
            # then the others, one at a time while the app is idle: a form is
            # ready before a person first asks for it, and keys typed right
            # after Enter reach its field
            rest = [f for f in PREBUILD if f not in self._ready and f not in self._building]
            if rest:
                self.set_timer(PREBUILD_PAUSE, lambda: self._build(rest[0]))

        self.call_later(mounted)

    def _funds_block(self) -> list[Widget]:
        return [self._keep(Label(S.FUNDS_HEAD, id="funds-head",
                                 classes="field-label long-label")),
                self._keep(Vertical(id="fund-rows", classes="form")),
                self._keep(LiveText(id="execution-funds-note", classes="note"))]

    def _fund_row(self, index: int, row: Any) -> Horizontal:
        cells = []
        for spec in FUND_FIELDS:
            value = _fund_value(row, spec, index)
            # an empty figure shows what goes there (dim): the cell is seen
            # as a cell even where colours are few (tmux, a monochrome screen)
            cells.append(self._keep(FieldInput(
                spec, self._fund_typed, id=f"fund-{index}-{spec.name}",
                placeholder=S.FUND_EMPTY_CELL if spec.kind == "number"
                else None,
                classes="field fund-name" if spec.name == "name" else "field fund-figure",
                value=format_value(spec, value))))
        return Horizontal(*cells, classes="field-row fund-row")

    def _funds(self) -> list[Any]:
        """The fund rows as shown: the form's, or the three usual ones (empty)."""
        funds = list(self.session.doc.execution.funds)
        return funds if funds else [None] * len(S.FUND_NAMES)

    def _load_funds(self, force: bool) -> None:
        """Show the fund rows (project forms, or any form that has them) and
        基本支出 / 项目支出 (department forms only)."""
        doc = self.session.doc
        department = doc.kind is Kind.department
        for name in ("basic", "project"):
            spec = next(s for s in FIELDS["execution"] if s.name == name)
            widget = self._widget("execution", spec)
            if widget.parent is not None:
                widget.parent.display = department
        show = not department or bool(doc.execution.funds)
        for wid in ("funds-head", "fund-rows"):
            self._part(wid).display = show
        if not show:
            return
        box = self._part("fund-rows")
        funds = self._funds()
        rows = list(box.children)
        if len(rows) != len(funds):
            box.remove_children()
            box.mount_all([self._fund_row(i, row) for i, row in enumerate(funds)])
            return
        for index, row in enumerate(funds):
            for spec in FUND_FIELDS:
                widget = self._part(f"fund-{index}-{spec.name}")
                value = _fund_value(row, spec, index)
                if not force:
                    try:
                        if parse_input(spec, widget.value) == value:
                            continue
                    except FieldError:
                        pass
                widget.show_value(format_value(spec, value))

    def _fund_typed(self, widget: FieldInput, text: str) -> None:
        if form_of(self.address) != "execution":
            return
        _, index_text, _ = (widget.id or "").split("-", 2)
        index = int(index_text)
        spec = widget.spec
        try:
            value = parse_input(spec, text)
            funds = self._funds()
            if index >= len(funds):
                return
            shown = _fund_value(funds[index], spec, index)
            if value == shown and (not isinstance(value, Decimal) or str(value) == str(shown)):
                return  # what the row holds (the input being filled in, not a person typing)
            rows = [row if row is not None else FundRow(name=S.FUND_NAMES[i])
                    for i, row in enumerate(funds)]
            rows[index] = validated_update(rows[index], {spec.name: value})
        except FieldError as exc:
            self.set_error(FUNDS, text, exc.message)
            return
        except DocumentError as exc:
            self.set_error(FUNDS, text, exc.summary())
            return
        self.on_edit(Edit(self.address, FUNDS, tuple(rows), typing=True,
                          part=(index, spec.name)))

    def _field(self, form: str, spec: FieldSpec) -> list[Widget]:
        wid = widget_id(form, spec)
        note = self._keep(LiveText(id=f"{wid}-note", classes="note"))
        if spec.kind == "long":
            from .choices import FieldArea

            return [Label(spec.label, classes="field-label long-label"),
                    self._keep(FieldArea(spec, id=wid, classes="field long")), note]
        if spec.kind in ("choice", "bool"):
            from .choices import choice_field

            widget: Widget = choice_field(spec, id=wid, classes="field")
        else:
            widget = FieldInput(spec, self._field_typed, id=wid, classes="field")
        row = [Label(spec.label, classes="field-label"), self._keep(widget)]
        if spec.unit_text:
            row.append(Label(spec.unit_text, classes="unit"))
        return [Horizontal(*row, classes="field-row"), note]

    def _widget(self, form: str, spec: FieldSpec) -> Widget:
        return self._part(widget_id(form, spec))

    # -- showing a node -------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """The shown node's form is mounted (its fields can be typed in)."""
        return form_of(self.address) in self._ready

    def show(self, address: Address) -> None:
        """Show another node's fields (when its form has mounted, if it has not)."""
        self.address = address
        self._derived_for = None
        form = form_of(address)
        self._wanted = self._wanted or address != FORM
        if form not in self._ready:
            self._build(form)
            self.query_one("#crumbs", LiveText).set_text(self._crumbs(address))
            return
        self._show_now()

    def _show_now(self) -> None:
        form = form_of(self.address)
        self.query_one("#forms", ContentSwitcher).current = f"form-{form}"
        self._errors.clear()
        self._refusals.clear()
        self._loaded.clear()
        for spec in FIELDS[form]:
            self._note(form, spec, None)
        self.load_values(force=True)
        self.refresh_derived()
        self.scroll_home(animate=False)
        if self._pending_focus is not None:
            name, select = self._pending_focus
            self._pending_focus = None
            self.focus_field(name, select)

    def load_values(self, force: bool = False) -> None:
        """Put the node's values in the fields. Without `force`, only fields
        whose value changed since they were loaded (undo, a structure edit)
        and that do not already show it are touched, so what is being typed
        (even an invalid number) is left alone."""
        session = self.session
        if not session.exists(self.address):
            self.show(FORM)
            return
        if not self.ready:
            return  # the values are put in when the form has mounted
        node = session.node(self.address)
        form = form_of(self.address)
        self._update_tier_options()
        flat = session.flat
        for spec in FIELDS[form]:
            widget = self._widget(form, spec)
            wid = widget.id or ""
            value = field_value(node, spec)
            if spec.name in FLAT_FIELDS and form == "indicator" and widget.parent is not None:
                shown = flat or value not in (None, "", False)
                if widget.parent.display != shown:
                    widget.parent.display = shown
            if not force and wid in self._loaded and self._loaded[wid] == value:
                continue
            self._loaded[wid] = value
            self._set_widget(widget, spec, value, force)
        if form == "execution":
            self._load_funds(force)

    def _set_widget(self, widget: Widget, spec: FieldSpec, value: Any, force: bool) -> None:
        if isinstance(widget, FieldInput):
            if not force:
                try:
                    if parse_input(spec, widget.value) == value:
                        return  # it shows this value already (the person typed it)
                except FieldError:
                    pass
            widget.show_value(format_value(spec, value))
            self.clear_error(spec)
            return
        widget.put(value, force)  # see tui/widgets/choices.py
        if spec.kind == "bool":
            self._label_bool(widget)

    def _update_tier_options(self) -> None:
        """Tier choices show their band (it depends on the form's rules)."""
        settings = self.session.result.settings
        if settings == self._tier_settings or "indicator" not in self._ready:
            return
        self._tier_settings = settings
        hundred = 100
        bands = {
            "achieved": f"{number(settings.achieved_min)}%–{hundred}%",
            "partial": f"{number(settings.partial_min)}%–{number(settings.achieved_min)}%",
            "unachieved": f"0–{number(settings.partial_min)}%",
        }
        options = [(S.BAND.format(label=label, band=bands[tier.value]), tier)
                   for label, tier in TIER_CHOICES]
        spec = next(s for s in FIELDS["indicator"] if s.name == "tier")
        self._widget("indicator", spec).replace_options(options)

    # -- derived lines ----------------------------------------------------------------

    def refresh_derived(self) -> None:
        """Breadcrumb, how values were understood, score line, node findings."""
        session = self.session
        address = self.address
        if not session.exists(address) or not self.ready:
            return
        form = form_of(address)
        node = session.node(address)
        res = session.result_of(address)
        # while the same node stays in the editor, its summary and findings
        # keep their height (see `LiveText.set_text`)
        keep = address == self._derived_for
        self._derived_for = address
        self.query_one("#crumbs", LiveText).set_text(self._crumbs(address))
        summary = self._part(f"summary-{form}")
        findings_box = self._part(f"findings-{form}")
        if form == "indicator":
            self._note_reading(form, "target", S.UNDERSTOOD.format(reading=res.explanation
                               if node.target.strip() else S.EMPTY_VALUE))
            reading = S.UNDERSTOOD.format(reading=res.actual.describe())
            if node.last_actual.strip():  # a form made from last year's (jixiao new --from)
                reading += S.LAST_ACTUAL.format(actual=node.last_actual)
            self._note_reading(form, "actual", reading)
            source = S.SCORE_TYPED if res.typed is not None else S.SCORE_FROM_FORMULA
            completion = (S.COMPLETION.format(pct=number(round(res.completion, 2)))
                          if res.completion is not None else "")
            summary.set_text(Text(S.SCORE_LINE.format(score=number(res.score), source=source,
                                                       formula=number(res.formula),
                                                       completion=completion)),
                     keep_height=keep)
            own = res.findings
        elif form == "execution":
            summary.set_text(Text(S.EXECUTION_LINE.format(rate=number(res.rate),
                                                           score=number(res.score),
                                                           weight=number(res.weight))),
                     keep_height=keep)
            own = res.findings
        elif form == "document":
            shown = (f"{S.PANEL_TOTAL} {number(res.total)}  {S.PANEL_GRADE} {res.grade}"
                     if res.scored else S.STATUS_NOT_SCORED)
            summary.set_text(Text(shown, style="bold"))
            own = res.document_findings
        else:
            line = S.GROUP_SCORE_LINE.format(score=number(res.score), weight=number(
                res.weight if res.weight is not None else res.effective_weight))
            line += "  " + S.CHILDREN_COUNT.format(count=len(children_of(node)),
                                                   indicators=count_indicators(node))
            summary.set_text(Text(line), keep_height=keep)
            own = res.findings
        findings_box.set_text(findings_block(own), keep_height=keep)

    def _crumbs(self, address: Address) -> Text:
        session = self.session
        if address.section in ("document", "execution"):
            text = Text(no_wrap=True, overflow="ellipsis", end="")
            text.append(S.FORM if address.section == "document" else S.EXECUTION, style="bold")
            return text
        parts = []
        for depth in range(1, len(address.path) + 1):
            sub = Address("goals", address.path[:depth])
            node = session.node(sub)
            if depth < len(address.path) and flat_step(session.doc, node):
                continue  # a flat form's unnamed levels are no step of it
            parts.append((name_of(node), score_weight(session.result_of(sub))))
        # the node's own name stays in sight on a narrow screen
        return crumb_text(parts, max(20, self.scrollable_content_region.width))

    def on_resize(self) -> None:
        if self.session.exists(self.address):
            self.query_one("#crumbs", LiveText).set_text(self._crumbs(self.address))

    def _note_reading(self, form: str, name: str, reading: str) -> None:
        spec = next(s for s in FIELDS[form] if s.name == name)
        wid = widget_id(form, spec)
        if wid in self._errors:
            return
        note = self._part(f"{wid}-note")
        note.set_text(Text(one_line(reading), style="dim"))
        note.display = True

    def _note(self, form: str, spec: FieldSpec, error: str | None) -> None:
        note = self._parts.get(f"{widget_id(form, spec)}-note")
        if note is None:
            return  # the form is not built: it has no note to show
        if error is None:
            note.set_text(Text(""))
            note.remove_class("error")
            note.display = False
        else:
            note.set_text(Text(error))
            note.add_class("error")
            note.display = True

    # -- input ------------------------------------------------------------------------

    def set_error(self, spec: FieldSpec, text: str, message: str) -> None:
        form = form_of(self.address)
        self._errors[widget_id(form, spec)] = (text, message)
        self._note(form, spec, message)

    def clear_error(self, spec: FieldSpec) -> None:
        """The field holds a value the form took: its error or refusal note goes."""
        form = form_of(self.address)
        wid = widget_id(form, spec)
        refused = wid in self._refusals
        self._refusals.discard(wid)
        if self._errors.pop(wid, None) is not None or refused:
            self._note(form, spec, None)
            if form == "indicator" and spec.name in ("target", "actual"):
                self._derived_for = None  # its reading comes back with refresh_derived

    def pending_errors(self) -> list[tuple[FieldSpec, str, str]]:
        """Fields whose typed text is invalid and so not in the document."""
        form = form_of(self.address)
        out: list[tuple[FieldSpec, str, str]] = []
        if not self.ready:
            return out
        for spec in FIELDS[form]:
            entry = self._errors.get(widget_id(form, spec))
            if entry is not None:
                out.append((spec, entry[0], entry[1]))
        return out

    @on(FieldInput.Refused)
    def _refused(self, event: FieldInput.Refused) -> None:
        event.stop()
        spec = FUNDS if (event.field.id or "").startswith("fund-") else event.field.spec
        form = form_of(self.address)
        self._refusals.add(widget_id(form, spec))
        self._note(form, spec, refusal_message(spec, event.char))
        self.app.bell()

    def _field_typed(self, widget: FieldInput, text: str) -> None:
        if (widget.id or "").startswith("fund-"):
            self._fund_typed(widget, text)
            return
        if self._is_shown(widget):
            self._typed(widget.spec, text, typing=True)

    # The handlers below are found by name (on_text_area_changed, ...): the
    # widget classes are imported only when a form is built.

    def on_text_area_changed(self, event: Message) -> None:
        widget: Any = getattr(event, "text_area", None)
        if not isinstance(getattr(widget, "spec", None), FieldSpec):
            return
        event.stop()
        if self._is_shown(widget):
            self._typed(widget.spec, widget.typed, typing=True)

    def _is_shown(self, widget: Widget) -> bool:
        """Whether a field belongs to the form on screen (a hidden form's
        widgets also post messages, e.g. when they mount)."""
        return (widget.id or "").split("-", 1)[0] == form_of(self.address)

    def _picked(self, widget: Widget, spec: FieldSpec, value: Any) -> None:
        if not self._is_shown(widget) or not self.session.exists(self.address):
            return
        if (widget.id or "") not in self._loaded:
            # the field has not been given the node's value yet: this is the
            # widget setting itself up (a Select picks its first option when
            # it mounts), not a person choosing
            return
        if field_value(self.session.node(self.address), spec) == value:
            return
        self.on_edit(Edit(self.address, spec, value, typing=False))

    def on_select_changed(self, event: Message) -> None:
        self._choice_changed(event, getattr(event, "select", None))

    def on_checkbox_changed(self, event: Message) -> None:
        self._choice_changed(event, getattr(event, "checkbox", None))

    def _choice_changed(self, event: Message, widget: Any) -> None:
        if not isinstance(getattr(widget, "spec", None), FieldSpec):
            return
        event.stop()
        if getattr(event, "value", None) != widget.value:
            return  # stale: the editor has put another value in since it was posted
        if widget.spec.kind == "bool":
            self._label_bool(widget)
        self._picked(widget, widget.spec, widget.picked)

    def _label_bool(self, widget: Any) -> None:
        """A yes/no box says its state: 是否核心指标 what it means, 不适用 also what it
        does under the rules in force."""
        if widget.spec.name == "core":
            widget.label = S.CORE_ON if widget.value else S.CORE_OFF
            widget.set_class(widget.value, "-on")
            return
        if not widget.value:
            label = S.NOT_APPLICABLE_OFF
        elif self.session.result.settings.rescale_not_applicable:
            label = S.NOT_APPLICABLE_ON_RESCALED
        else:
            label = S.NOT_APPLICABLE_ON_SCORED
        widget.label = label
        widget.set_class(widget.value, "-on")

    def _typed(self, spec: FieldSpec, text: str, typing: bool) -> None:
        try:
            value = parse_input(spec, text)
        except FieldError as exc:
            self.set_error(spec, text, exc.message)
            return
        self.on_edit(Edit(self.address, spec, value, typing=typing))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FieldInput):
            event.stop()
            self.screen.focus_next()

    # -- focus helpers ----------------------------------------------------------------

    def focus_field(self, name: str | None = None, select: bool = False) -> None:
        """Focus a field of the shown form: `name` (a model field, or a
        finding's field such as "declared"), else the node's name. With
        `select`, its text is selected so typing replaces it."""
        if not self.ready:
            self._pending_focus = (name, select)
            self._wanted = True
            self._build(form_of(self.address))
            return
        form = form_of(self.address)
        specs = FIELDS[form]
        wanted = {"declared": ("declared_score", "declared_total", "declared_rate")}.get(
            name or "", (name,) if name else ())
        spec = next((s for s in specs if s.name in wanted), None)
        if spec is None:
            spec = next((s for s in specs if s.name in ("name", "title", "label")), specs[0])
        widget = self._widget(form, spec)
        if select and isinstance(widget, FieldInput):
            widget.select_all()
        widget.focus()
        self.call_after_refresh(widget.scroll_visible, animate=False)

    def action_clear_score(self) -> None:
        """Clear the typed score: the indicator falls back to its formula score."""
        if self.address.kind != "indicator" or not self.ready:
            return
        spec = next(s for s in FIELDS["indicator"] if s.name == "score")
        widget = self._widget("indicator", spec)
        assert isinstance(widget, FieldInput)
        widget.value = ""


def _fund_value(row: Any, spec: FieldSpec, index: int) -> Any:
    """A fund row's value for `spec`; an absent row (a form without fund
    rows shows the three usual ones) has its usual name and no figures."""
    if row is not None:
        return getattr(row, spec.name)
    if spec.name == "name" and index < len(S.FUND_NAMES):
        return S.FUND_NAMES[index]
    return None
