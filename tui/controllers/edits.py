"""The main screen's undo and redo, structure edits and what-if: what each
asks and says; the changes themselves are the session's (`Session.commit`
keeps the recovery file). The main screen's key actions hand them here.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Protocol

from model.storage import diff_documents
from model.templates import layout_document, layout_named, with_layout_weights

from .. import strings as S
from ..dialogs.base import Choice
from ..session import FORM, Address, CannotEdit, ReadOnly, Session, count_indicators, node_name
from ..text import number, one_line

__all__ = ["EditHost", "EditController"]


class EditHost(Protocol):
    """What the controller uses of the main screen."""

    session: Session
    editor: Any  # the node editor (the address it shows)

    @property
    def current(self) -> Address: ...

    def after_change(self, *, select: Address | None = None, force: bool = False) -> None: ...

    def show_pane(self, name: str, field: str | None = None, select: bool = False) -> None: ...

    def commit_open_cell(self) -> bool: ...

    def ask(self, title: str, question: str, choices: list[Choice],
            answered: Callable[[str | None], None]) -> None: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> Any: ...


class EditController:
    """History, structure and what-if actions for one main screen."""

    def __init__(self, host: EditHost) -> None:
        self.host = host
        self._read_only_noted = 0.0

    @property
    def session(self) -> Session:
        return self.host.session

    def notify(self, message: str, *, severity: Any = "information",
               timeout: float | None = None) -> None:
        self.host.notify(message, severity=severity, timeout=timeout)

    def ask(self, title: str, question: str, choices: list[Choice],
            answered: Callable[[str | None], None]) -> None:
        self.host.ask(title, question, choices, answered)

    def refuse_read_only(self, message: str) -> None:
        now = time.monotonic()
        if now - self._read_only_noted > 3:  # once, not on every key
            self._read_only_noted = now
            self.notify(message, severity="warning", timeout=6)

    def undo(self) -> None:
        if self.session.read_only and not self.session.whatif:
            self.refuse_read_only(S.READ_ONLY_EDIT)
            return
        step = self.session.undo()
        if step is None:
            self.notify(S.NOTHING_TO_UNDO)
            return
        self._after_history(step.address, step.structural)
        self.notify(S.UNDONE.format(label=step.label), timeout=2)

    def redo(self) -> None:
        if self.session.read_only and not self.session.whatif:
            self.refuse_read_only(S.READ_ONLY_EDIT)
            return
        step = self.session.redo()
        if step is None:
            self.notify(S.NOTHING_TO_REDO)
            return
        self._after_history(step.address, step.structural)
        self.notify(S.REDONE.format(label=step.label), timeout=2)

    def _after_history(self, address: Address, structural: bool) -> None:
        target = address if self.session.exists(address) else FORM
        if target != self.host.editor.address:
            self.host.after_change(select=target)
        else:
            self.host.after_change()

    def _structure(self, change: Callable[[], Address], *, edit_name: bool = False) -> None:
        try:
            new = change()
        except CannotEdit as exc:
            self.notify(exc.message, severity="warning")
            return
        self.host.after_change(select=new)
        if edit_name:
            self.host.show_pane("editor", select=True)

    def add(self) -> None:
        self._structure(lambda: self.session.add(self.host.current), edit_name=True)

    def add_sibling(self) -> None:
        self._structure(lambda: self.session.add_sibling(self.host.current), edit_name=True)

    def duplicate(self) -> None:
        self._structure(lambda: self.session.duplicate(self.host.current))

    def move(self, delta: int) -> None:
        address = self.host.current
        try:
            new = self.session.move(address, delta)
        except ReadOnly as exc:
            self.refuse_read_only(exc.message)
            return
        if new == address:
            if address.section == "goals":
                edge = S.EDGE_TOP if delta < 0 else S.EDGE_BOTTOM
                self.notify(S.CANNOT_MOVE.format(edge=edge), timeout=2)
            return
        self.host.after_change(select=new)

    def delete(self) -> None:
        address = self.host.current
        if self.session.read_only and not self.session.whatif:
            self.refuse_read_only(S.READ_ONLY_EDIT)
            return
        if address.section != "goals":
            self.notify(S.CANNOT_DELETE_FORM, severity="warning")
            return
        node = self.session.node(address)
        count = count_indicators(node)
        below = S.DELETE_BELOW.format(count=count) if address.kind != "indicator" and count else ""
        kind = S.KIND_NAMES[address.kind]
        question = S.DELETE_QUESTION.format(kind=kind, name=one_line(node_name(node)) or S.UNNAMED,
                                            below=below)

        def answered(choice: str | None) -> None:
            if choice == "delete":
                self._structure(lambda: self.session.delete(address))
                self.host.show_pane("tree")

        self.ask(S.DELETE_TITLE.format(kind=kind), question, [
            Choice("delete", S.DELETE_CONFIRM, "y", "error"),
            Choice("cancel", S.DELETE_CANCEL, "n"),
        ], answered)

    def layout_weights(self) -> None:
        """Replace the form's weights with a layout's (one undoable step):
        the layout is asked for (a template or a sample's; not the flat
        framework, whose weights are its indicators'), the weights put in
        (`with_layout_weights`)."""
        if not self.host.commit_open_cell():
            return
        choices = [Choice(name, label, key) for name, (label, key) in S.CREATE_TEMPLATES.items()
                   if not getattr(layout_named(name), "flat", True)]

        def answered(choice: str | None) -> None:
            layout = layout_named(choice) if choice else None
            if layout is None:
                return
            session = self.session
            after = with_layout_weights(session.doc, layout_document(layout))
            try:
                step = session.commit(after, S.LAYOUT_WEIGHTS_LABEL, FORM)
            except CannotEdit as exc:
                self.notify(exc.message, severity="warning")
                return
            self.host.after_change(force=True)
            self.notify(S.LAYOUT_WEIGHTS_SAME if step is None else S.LAYOUT_WEIGHTS_DONE.format(
                template=S.CREATE_TEMPLATES[choice][0]), timeout=5)

        self.ask(S.LAYOUT_WEIGHTS_TITLE, S.LAYOUT_WEIGHTS_QUESTION, choices, answered)

    def _whatif_question(self, summary: Any) -> str:
        """How many scores changed; when none did, what was changed (an
        actual typed in, a reason written), so the question is not about
        "0 changes"."""
        if summary.edited:
            return S.WHATIF_END_QUESTION.format(count=summary.edited,
                                                before=number(summary.total_before),
                                                after=number(summary.total_after))
        base = self.session.whatif_base
        changes = diff_documents(base, self.session.doc) if base is not None else []
        lines = [f"· {one_line(d.describe())}" for d in changes[:3]]
        if len(changes) > 3:
            lines.append(S.WHATIF_END_MORE.format(count=len(changes) - 3))
        return S.WHATIF_END_NO_SCORE.format(count=len(changes), total=number(summary.total_after),
                                            lines="\n".join(lines))

    def whatif(self) -> None:
        session = self.session
        if not self.host.commit_open_cell():
            return
        if not session.whatif:
            session.start_whatif()
            self.notify(S.WHATIF_ON, timeout=4)
            self.host.after_change(force=True)
            return
        summary = session.whatif_summary()
        if summary is None or session.doc is session.whatif_base:
            session.end_whatif(keep=True)
            self.notify(S.WHATIF_END_NO_CHANGES, timeout=2)
            self.host.after_change(force=True)
            return
        if session.read_only:  # nothing to keep them in: a trial only
            session.end_whatif(keep=False)
            self.notify(S.WHATIF_READ_ONLY_DISCARDED, timeout=4)
            self.host.after_change(force=True)
            return

        def answered(choice: str | None) -> None:
            if choice not in ("keep", "discard"):
                return
            session.end_whatif(keep=choice == "keep")
            self.notify(S.WHATIF_KEPT if choice == "keep" else S.WHATIF_DISCARDED, timeout=3)
            self.host.after_change(force=True)

        question = self._whatif_question(summary)
        self.ask(S.WHATIF_END_TITLE, question, [
            Choice("keep", S.WHATIF_KEEP, "k", "primary"),
            Choice("discard", S.WHATIF_DISCARD, "d", "warning"),
            Choice("cancel", S.QUIT_CANCEL, "c"),
        ], answered)
