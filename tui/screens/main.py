"""The main screen: navigator, editor and scoring panel around one session.

The screen owns the flow: widgets say what the person asked for, the screen
changes the session, then tells each widget to catch up (`after_change`).
At 110 columns and wider the three panes sit side by side; narrower (80×24)
one pane shows at a time and F4 (or Enter / Esc / F3) switches. Which pane
is active, whether the screen is narrow and whether the form is read-only
are reactives; their watchers set the classes the stylesheet uses.

The screen keeps the layout and what every change is followed by; the
key actions hand their work to controllers that use its public API only:
undo, redo, structure edits and what-if to `self.edits`
(tui/controllers/edits.py); saving, conflicts, take-over, recovery and the
file on disk to `self.files` (tui/controllers/files.py; the file itself is
`model.storage.FormFile`); the grid's changes to `self.grid_control`; export,
import, pasted rows and the roll-up to `self.exchange`. See
docs/architecture.md.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import DescendantBlur, DescendantFocus, Paste, Resize
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Tree
from textual.worker import Worker, WorkerState

from model import DocumentError

from .. import compat, keys, strings as S
from ..controllers.edits import EditController
from ..controllers.files import RECOVERY, FileController
from ..controllers.grid import GridController
from ..host import AppHost
from ..session import (
    EXECUTION,
    FORM,
    Address,
    ReadOnly,
    Session,
)
from ..sheet import build_rows, scope_of
from ..text import clip, number, one_line
from ..widgets.editor import Edit, FieldInput, NodeEditor
from ..widgets.grid import IndicatorGrid
from ..widgets.navigator import FormTree
from ..widgets.panel import ScoringPanel
from ..widgets.statusbar import StatusBar
from ..dialogs.base import Choice, ChoiceDialog

if TYPE_CHECKING:  # pragma: no cover
    from ..controllers.exchange import ExchangeController

WIDE = 110  # columns from which the three panes are shown together
TICK = 1.0  # seconds between checks of the recovery throttle and the file on disk
PANES = ("tree", "editor", "panel")
GRID_PANES = ("grid", "panel")  # what F4 cycles through in the grid


class MainScreen(Screen[None]):
    BINDINGS = keys.SCREEN

    pane: reactive[str] = reactive("tree", init=False)
    """The active pane: the one shown when narrow, and the one with focus."""
    narrow: reactive[bool] = reactive(False, init=False)
    """Narrower than `WIDE` columns: one pane at a time."""
    read_only: reactive[bool] = reactive(False, init=False)
    """Someone else is editing the file: a view that follows their saves."""
    grid_mode: reactive[bool] = reactive(False, init=False)
    """The grid editor (表格编辑) stands in for the tree and the editor."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        # a keystroke redraws the field and the total, not the whole screen
        compat.draw_only_what_changed(self)
        self.session = session
        self._asking = False  # a question dialog is open
        self._behind = False  # a total_first change's catching up is due

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # the layout class is set before the panes mount: set later, it would
        # style every widget of the screen a second time
        narrow = self.app.size.width < WIDE
        self.set_reactive(MainScreen.narrow, narrow)
        self.set_class(narrow, "-narrow")
        yield StatusBar(self.session, id="status")
        with Horizontal(id="body"):
            yield FormTree(self.session, id="tree", classes="pane -active")
            yield NodeEditor(self.session, self.apply_edit, id="editor", classes="pane")
            yield IndicatorGrid(self.session, self.grid_control, id="grid", classes="pane")
            yield ScoringPanel(self.session, id="panel", classes="pane")
        yield Footer(compact=True)

    @property
    def tree(self) -> FormTree:
        return self.query_one("#tree", FormTree)

    @property
    def editor(self) -> NodeEditor:
        return self.query_one("#editor", NodeEditor)

    @property
    def panel(self) -> ScoringPanel:
        return self.query_one("#panel", ScoringPanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def grid(self) -> IndicatorGrid:
        return self.query_one("#grid", IndicatorGrid)

    @cached_property
    def grid_control(self) -> GridController:
        """What the grid editor's changes do (through the session)."""
        return GridController(self)

    @cached_property
    def edits(self) -> EditController:
        """Undo and redo, structure edits and what-if (what they ask and say)."""
        return EditController(self)

    @cached_property
    def files(self) -> FileController:
        """Saving, conflicts, sharing and recovery: what the screen asks and
        shows about the file on disk (`model.storage.FormFile`)."""
        return FileController(self)

    @cached_property
    def exchange(self) -> ExchangeController:
        """Export, import, pasted rows and the roll-up for this screen (loaded
        when first used: not on the first screen's path)."""
        from ..controllers.exchange import ExchangeController

        return ExchangeController(self.app, self)

    @property
    def host(self) -> AppHost:
        return cast(AppHost, self.app)

    @property
    def asking(self) -> bool:
        """A question dialog of this screen is open."""
        return self._asking

    def on_mount(self) -> None:
        self.narrow = self.app.size.width < WIDE
        self.editor.show(FORM)
        self.tree.focus()
        # every committed change is kept in the recovery file by a thread worker
        self.session.keeper = self.files.keep
        # the form shows first; then who else is editing, and unsaved work
        self.call_after_refresh(self.files.claim)
        self.set_interval(TICK, self.files.tick)

    def on_unmount(self) -> None:
        self.session.close()

    def on_screen_resume(self) -> None:
        """Back from a dialog (take-over, a question, help): the focused
        field's text is selected again, as when it first got the focus, so
        typing replaces it rather than adding to it."""
        self.call_after_refresh(self._select_focused)

    def _select_focused(self) -> None:
        field = self.focused
        if isinstance(field, FieldInput) and field.spec.replaced_when_typed:
            field.select_all()

    def on_resize(self, event: Resize) -> None:
        self.narrow = event.size.width < WIDE

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")

    def watch_pane(self, pane: str) -> None:
        for name in PANES + ("grid",):
            self.query_one(f"#{name}").set_class(name == pane, "-active")
        if pane in ("tree", "editor"):
            self.grid_mode = False

    def watch_grid_mode(self, grid_mode: bool) -> None:
        self.set_class(grid_mode, "-grid")
        self.refresh_bindings()
        if not grid_mode:
            self.grid.stop_editing()

    def watch_read_only(self, read_only: bool) -> None:
        self.set_class(read_only, "-read-only")
        self.status.refresh()

    def show_pane(self, name: str, field: str | None = None, select: bool = False) -> None:
        """Show (in narrow mode) and focus a pane."""
        self.pane = name
        if name == "tree":
            self.tree.focus()
        elif name == "editor":
            self.editor.focus_field(field, select)
        elif name == "grid":
            self.grid.focus_cell()
        else:
            self.panel.query_one("#findings").focus()

    def _pane_of(self, widget: Widget) -> str | None:
        node: Any = widget
        while node is not None and node is not self:
            if getattr(node, "id", None) in PANES + ("grid",):
                return node.id
            node = node.parent
        return None

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        pane = self._pane_of(event.widget)
        if pane is not None:
            self.pane = pane

    @on(DescendantBlur)
    def _blurred(self, event: DescendantBlur) -> None:
        # leaving a field ends its typing run: the next edit is a new undo step
        self.session.seal()

    # -- catching up after a change ----------------------------------------------------

    def after_change(self, *, select: Address | None = None, force: bool = False,
                     total_first: bool = False) -> None:
        """Bring every widget up to date with the session after a change:
        `select` a node (shown in the tree and the editor); `force` relabels
        every row of the tree (what-if marks, a reload).

        `total_first` (a typed value, a committed cell): only the status
        line (total, grade, finding counts) is brought up to date now, so the
        frame that shows the keystroke shows the new total; the rest (tree,
        editor's derived lines, scoring panel, grid rows) follows right after
        that frame, once for a burst of keys (`_catch_up`)."""
        if total_first:
            self.status.refresh()
            if not self.grid_mode:
                # cheap, and keeps what the editor knows it shows in step
                # with the document: an undo before the catching up must
                # see the typed value as the one it replaces
                self.editor.load_values()
            if not self._behind:
                self._behind = True
                self.call_after_refresh(self._catch_up)
            return
        self._behind = False
        self.tree.sync(force=force)
        if self.grid_mode:
            # the grid stands in for the tree and the editor: they catch up
            # when it is left (`leave_grid`)
            self.grid.refresh_rows()
            if select is not None:
                self.tree.select_address(select)
                self.grid.select(select)
            self.panel.refresh_all()
            self.status.refresh()
            return
        if select is not None:
            self.tree.select_address(select)
            if self.editor.address != select:
                self.editor.show(select)
        elif not self.session.exists(self.editor.address):
            self.editor.show(FORM)
        else:
            # cheap: only fields whose model value changed are looked at, and
            # a field already showing its value (being typed) is left alone
            self.editor.load_values()
        self.editor.refresh_derived()
        self.panel.refresh_all()
        self.status.refresh()

    def _catch_up(self) -> None:
        """The rest of a `total_first` change, after the frame that drew the
        total (nothing left to do if a full `after_change` came first)."""
        if self._behind and self.is_attached:
            self.after_change()

    # -- navigator events -----------------------------------------------------------

    @on(Tree.NodeHighlighted, "#tree")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        address = event.node.data
        if address is None or address == self.editor.address:
            return
        self._leave_node()
        self.editor.show(address)

    @on(Tree.NodeSelected, "#tree")
    def _selected(self, event: Tree.NodeSelected) -> None:
        address = event.node.data
        if address is None:
            return
        if address != self.editor.address:
            self._leave_node()
            self.editor.show(address)
        self.show_pane("editor")

    def _leave_node(self) -> None:
        self.session.seal()
        for spec, text, message in self.editor.pending_errors():
            value = number(None)
            self.notify(S.FIELD_RESTORED.format(label=spec.label, value=one_line(text) or value),
                        severity="warning")

    def go_to(self, address: Address, field: str | None = None) -> None:
        """Show a node in the tree and the editor (a finding, the palette)."""
        if not self.session.exists(address):
            address = FORM
        self.tree.select_address(address)
        if address != self.editor.address:
            self._leave_node()
            self.editor.show(address)
        self.show_pane("editor", field)

    # -- editing -------------------------------------------------------------------

    def apply_edit(self, edit: Edit) -> None:
        """Apply a field's new value (the editor calls this for every typed
        change and pick: the one way an edit reaches the session)."""
        spec = edit.spec
        key = edit.key
        try:
            self.session.edit(edit.address, {spec.name: edit.value}, key=key)
        except ReadOnly as exc:
            self.edits.refuse_read_only(exc.message)
            self.editor.load_values(force=True)
            return
        except DocumentError as exc:
            message = exc.summary()
            self.editor.set_error(spec, str(edit.value), message)
            return
        self.editor.clear_error(spec)
        self.after_change(total_first=True)

    def pending_errors(self) -> list[tuple[Any, str, str]]:
        """Fields whose typed text is invalid and so not in the document."""
        return self.editor.pending_errors()

    def commit_open_cell(self) -> bool:
        """Before a save, save as, what-if, export, report or leaving the
        form: the grid's cell being typed in goes into the form, as if it
        were left. False when its text cannot be taken: the reason is said
        and the caller stops (the edit stays open; nothing is lost)."""
        if not self.grid_mode:
            return True
        error = self.grid.commit_open_cell()
        if error is None:
            return True
        self.notify(S.GRID_CELL_OPEN.format(message=error), severity="warning", timeout=8)
        return False

    @on(ScoringPanel.JumpTo)
    def _jump(self, event: ScoringPanel.JumpTo) -> None:
        event.stop()
        finding = event.finding
        if finding.section == "execution":
            address = EXECUTION
        elif finding.section == "goals" and finding.node:
            address = Address("goals", tuple(finding.node))
        else:
            address = FORM
        self.go_to(address, finding.field or None)

    @property
    def current(self) -> Address:
        return self.editor.address

    # -- actions: history, structure, what-if (self.edits) ----------------------------

    def action_undo(self) -> None:
        self.edits.undo()

    def action_redo(self) -> None:
        self.edits.redo()

    def action_add(self) -> None:
        self.edits.add()

    def action_add_sibling(self) -> None:
        self.edits.add_sibling()

    def action_duplicate(self) -> None:
        self.edits.duplicate()

    def action_move(self, delta: int) -> None:
        self.edits.move(delta)

    def action_delete(self) -> None:
        self.edits.delete()

    def action_whatif(self) -> None:
        self.edits.whatif()

    def action_rename(self) -> None:
        address = self.current
        if address.section == "document":
            self.show_pane("editor", "title", select=True)
        else:
            self.show_pane("editor", "label" if address.section == "execution" else "name",
                           select=True)

    # -- actions: panes --------------------------------------------------------------

    def action_back(self) -> None:
        self.show_pane("grid" if self.grid_mode else "tree")

    def action_switch_pane(self) -> None:
        panes = GRID_PANES if self.grid_mode else PANES
        index = panes.index(self.pane) if self.pane in panes else -1
        self.show_pane(panes[(index + 1) % len(panes)])

    def action_panel(self) -> None:
        back = "grid" if self.grid_mode else "tree"
        self.show_pane("panel" if self.pane != "panel" else back)

    # -- the grid editor (表格编辑) -----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # in the grid, Ctrl+G has nothing to open: left out of the footer
        if action == "grid" and self.grid_mode:
            return False
        return True

    def action_grid(self) -> None:
        """Open the grid on the selected node's indicators (ctrl+g, palette 表格编辑)."""
        self.open_grid(self.current)

    def open_grid(self, at: Address) -> None:
        """The grid on `at` (预算执行: the whole form, at the execution's row)."""
        rows = build_rows(self.session, scope_of(at))
        # a flat form without indicators yet opens at its execution's row: Ctrl+N adds the first
        if not any(not row.head for row in rows) and not (self.session.flat and rows):
            self.notify(S.GRID_NO_ROWS, severity="warning", timeout=6)
            return
        self._leave_node()
        self.grid_mode = True
        self.grid.open(at)
        self.show_pane("grid")

    def leave_grid(self, address: Address) -> None:
        """The grid's second Esc: back to the tree, at the row the cursor was on."""
        self.grid_mode = False
        target = address if self.session.exists(address) else FORM
        self.tree.select_address(target)
        self.editor.show(target)  # the editor did not follow the grid's edits
        self.show_pane("tree")

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen())

    # -- actions: files -------------------------------------------------------------

    def ask(self, title: str, question: str, choices: list[Choice],
            answered: Callable[[str | None], None]) -> None:
        """Ask with a choice dialog (one at a time: none while one is open)."""
        if self._asking:
            return
        self._asking = True

        def done(choice: str | None) -> None:
            self._asking = False
            answered(choice)

        self.app.push_screen(ChoiceDialog(title, question, choices), done)

    def action_save(self) -> None:
        self.files.save()

    def action_save_as(self) -> None:
        self.files.save_as()

    def action_take_over(self) -> None:
        self.files.ask_take_over()

    def action_open(self) -> None:
        self.leave(lambda: self.host.show_start(can_go_back=True))

    def leave(self, proceed: Callable[[], None], *, quitting: bool = False) -> None:
        """Run `proceed` once unsaved changes are saved or let go (asks first)."""
        self.files.leave(proceed, quitting=quitting)

    @on(Worker.StateChanged)
    def _kept(self, event: Worker.StateChanged) -> None:
        """A recovery write in a thread worker ended (see FileController.keep)."""
        worker = event.worker
        if worker.group != RECOVERY:
            return
        if event.state is WorkerState.SUCCESS:
            for message in worker.result or ():
                self.files.recovery_message(message)
        elif event.state is WorkerState.ERROR:
            self.files.recovery_message(clip(one_line(str(worker.error)), 200))

    # -- actions: export, import, roll-up, pasted rows (self.exchange) ------------------

    def action_export(self) -> None:
        self.exchange.export()

    def action_import(self) -> None:
        self.exchange.import_form()

    def action_rollup(self) -> None:
        self.exchange.rollup()

    def action_report(self) -> None:
        self.exchange.report()

    def action_layout_weights(self) -> None:
        self.edits.layout_weights()

    def action_exchange_report(self) -> None:
        self.exchange.show_last_report()

    def on_paste(self, event: Paste) -> None:
        # a paste into a field is the field's; in the navigator it adds table rows
        if self.focused is self.tree:
            event.stop()
            self.exchange.paste(event.text)
