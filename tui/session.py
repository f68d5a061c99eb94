"""The editing session: one document, its history, its score (no Textual).

A `Session` holds the current document (immutable, `model.Document`), the
document as last saved, an undo/redo history of whole documents, an optional
what-if base, one `ScoreCache` and the current scoring `Result`. Every change
(the app's, and `jixiao score --set`) is committed through `Session.commit`,
which records the undo step, rescores and hands the work to the recovery
keeper; `edit`, `add`, `delete`, ... build the new document with
`model.edit` in front of it. Widgets only show what the session holds.
Because documents share unchanged nodes, a history entry costs a few small
objects and rescoring after an edit touches one path.

The file on disk (its bytes, the editing marker, the recovery file, the
watch) is `session.file`, a `model.storage.FormFile`: the session hands it
the documents; `save`, `save_as`, `reload`, `restore` and `close` add what
only the session knows (what-if, undo).

Consecutive typing in one field is one undo step: an edit carries a
`key` (the node and field), and an edit with the same key as the step before
it extends that step instead of pushing a new one, until `seal()` is called
(the app seals when the person leaves the field, switches node, undoes, ...).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from model import Document, Framework, Goal, Indicator, LevelOne, LevelTwo, loads_document
from model.edit import (
    children_of,
    insert_at,
    move_at,
    node_at,
    remove_at,
    update_at,
    update_execution,
    validated_update,
)
from model.storage import ANY, FormFile, Recovery, RecoveryJob, SaveOutcome, same_document
from scoring import Result, ScoreCache, score_document

from . import strings as S

__all__ = [
    "Address",
    "RecoveryJob",
    "FORM",
    "EXECUTION",
    "Step",
    "Session",
    "SaveConflict",
    "NoPath",
    "WhatIfActive",
    "CannotEdit",
    "ReadOnly",
    "ANY",
    "ScoreChange",
    "WhatIfSummary",
    "same_document",
    "flat_step",
]

Section = Literal["document", "execution", "goals"]
_KINDS = ("goal", "level", "sublevel", "indicator")


@dataclass(frozen=True, slots=True)
class Address:
    """Where a node is: the form itself, its execution block, or an index
    path into the goals (goal, level one, level two, indicator)."""

    section: Section
    path: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        if self.section == "goals":
            return _KINDS[len(self.path) - 1]
        return self.section

    @property
    def parent(self) -> Address:
        if self.section == "goals" and len(self.path) > 1:
            return Address("goals", self.path[:-1])
        return FORM

    @staticmethod
    def of(path: tuple[int, ...]) -> Address:
        return Address("goals", tuple(path)) if path else FORM


FORM = Address("document")
EXECUTION = Address("execution")


@dataclass(slots=True)
class Step:
    """One undoable change: the documents before and after it."""

    before: Document
    after: Document
    label: str
    address: Address  # where it happened, to show the person on undo
    structural: bool  # nodes added, removed or moved
    key: Hashable | None = None  # typing in one field extends one step


class SaveConflict(Exception):
    """The file on disk is not what was loaded or last saved."""

    def __init__(self, reason: Literal["changed", "missing"]) -> None:
        super().__init__(reason)
        self.reason = reason


class NoPath(Exception):
    """The document has never been saved: it needs a file name (save as)."""


class WhatIfActive(Exception):
    """Saving is not possible during a what-if session."""


class CannotEdit(Exception):
    """A structure edit that makes no sense here; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReadOnly(CannotEdit):
    """The form is open read-only (someone else is editing it)."""

    def __init__(self) -> None:
        super().__init__(S.READ_ONLY_EDIT)


@dataclass(frozen=True, slots=True)
class ScoreChange:
    address: Address
    name: str
    before: Decimal | None
    after: Decimal | None


@dataclass(frozen=True, slots=True)
class WhatIfSummary:
    base_is_saved: bool
    total_before: Decimal
    total_after: Decimal
    grade_before: str
    grade_after: str
    changes: tuple[ScoreChange, ...]

    @property
    def edited(self) -> int:
        """How many scores changed where something was edited: the changes
        below which no other change is listed (an indicator, the execution,
        a goal scored as a whole), not the levels and goals they add up to."""
        paths = [c.address.path for c in self.changes if c.address.section == "goals"]
        return sum(1 for c in self.changes
                   if c.address.section != "goals"
                   or not any(len(p) > len(c.address.path) and p[:len(c.address.path)]
                              == c.address.path for p in paths))


@dataclass(slots=True)
class _WhatIf:
    base: Document
    base_result: Result
    undo: list[Step]
    redo: list[Step]
    base_is_saved: bool


_NEW_NODES = {
    "goal": lambda: Goal(title=S.NEW_GOAL),
    "level": lambda: LevelOne(name=S.NEW_LEVEL_ONE),
    "sublevel": lambda: LevelTwo(name=S.NEW_LEVEL_TWO),
    "indicator": lambda: Indicator(name=S.NEW_INDICATOR),
}
_CHILD_KIND = {"document": "goal", "goal": "level", "level": "sublevel", "sublevel": "indicator"}
# a flat form's new row, wrapped (innermost first) in the unnamed levels that a node at
# depth 0 (the form), 1 (a goal) or 2 (a level) without children lacks below it
_FLAT_WRAPS: tuple[tuple[type, str], ...] = ((LevelTwo, "indicators"), (LevelOne, "sublevels"),
                                             (Goal, "levels"))


def node_name(node: Any) -> str:
    if isinstance(node, Goal):
        return node.title
    if isinstance(node, Document):
        return node.display_name
    return getattr(node, "name", "") or getattr(node, "label", "")


def flat_step(doc: Document, node: Any) -> bool:
    """Whether `node` is a flat form's unnamed goal, level or sublevel: structure the file
    needs (docs/file-format.md), not a row the person sees. The navigator and the grid show
    its indicators in its place, as one list, and nothing names it."""
    return (doc.framework is Framework.flat and not isinstance(node, (Indicator, Document))
            and not node_name(node).strip())


def count_indicators(node: Any) -> int:
    if isinstance(node, Indicator):
        return 1
    return sum(count_indicators(child) for child in children_of(node))


class Session:
    """One open form (see the module docstring)."""

    HISTORY_LIMIT = 1000

    def __init__(self, doc: Document, path: str | os.PathLike[str] | None = None,
                 disk_bytes: bytes | None = None, *, file: FormFile | None = None) -> None:
        self.doc = doc
        self.saved = doc
        self.file = file if file is not None else FormFile(path, disk_bytes)
        self.cache = ScoreCache()
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self._open_key: Hashable | None = None
        self._whatif: _WhatIf | None = None
        self._result: Result | None = None
        self._result_doc: Document | None = None
        self._dirty_doc: Document | None = None
        self._dirty_saved: Document | None = None
        self._dirty = False
        # where committed work goes to be kept (the app: a thread worker)
        self.keeper: Callable[[RecoveryJob], None] = self._keep_here
        self.recovery_error: str | None = None  # the last failed write of `_keep_here`

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Session:
        """Load a form file. Raises DocumentError with every problem found."""
        file, doc = FormFile.open(path)
        return cls(doc, file=file)

    # -- reading --------------------------------------------------------------

    @property
    def result(self) -> Result:
        """The score of the current document (recomputed cheaply after an edit)."""
        if self._result_doc is not self.doc:
            self._result = score_document(self.doc, self.cache)
            self._result_doc = self.doc
        assert self._result is not None
        return self._result

    @property
    def dirty(self) -> bool:
        """Whether the document differs from the saved one."""
        if self._dirty_doc is not self.doc or self._dirty_saved is not self.saved:
            self._dirty = not same_document(self.doc, self.saved)
            self._dirty_doc, self._dirty_saved = self.doc, self.saved
        return self._dirty

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else S.UNTITLED

    def node(self, address: Address, doc: Document | None = None) -> Any:
        doc = self.doc if doc is None else doc
        if address.section == "document":
            return doc
        if address.section == "execution":
            return doc.execution
        return node_at(doc, address.path)

    def exists(self, address: Address, doc: Document | None = None) -> bool:
        try:
            self.node(address, doc)
        except IndexError:
            return False
        return True

    def result_of(self, address: Address, result: Result | None = None) -> Any:
        result = self.result if result is None else result
        if address.section == "document":
            return result
        if address.section == "execution":
            return result.execution
        return result.node(address.path)

    def iter_addresses(self) -> Iterator[tuple[Address, Any, tuple[str, ...]]]:
        """Every node of the goals, in form order, with the names above it."""
        def walk(node: Any, path: tuple[int, ...], names: tuple[str, ...]):
            for index, child in enumerate(children_of(node)):
                child_path = path + (index,)
                yield Address("goals", child_path), child, names
                yield from walk(child, child_path, names + (node_name(child),))

        yield from walk(self.doc, (), ())

    # -- history ----------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_stack)

    def seal(self) -> None:
        """End the current typing run: the next edit starts a new undo step."""
        self._open_key = None

    def _push(self, after: Document, label: str, address: Address, structural: bool,
              key: Hashable | None = None) -> Step | None:
        before = self.doc
        if after is before:
            return None
        if self.read_only and self._whatif is None:
            raise ReadOnly()  # a what-if is allowed: it is thrown away at the end
        self.redo_stack.clear()
        if key is not None and key == self._open_key and self.undo_stack \
                and self.undo_stack[-1].key == key:
            step = self.undo_stack[-1]
            step.after = after
            self.doc = after
            if same_document(step.after, step.before):  # typed and then typed back
                self.undo_stack.pop()
                self.doc = step.before
                self._open_key = None
            return step
        step = Step(before, after, label, address, structural, key)
        self.undo_stack.append(step)
        if len(self.undo_stack) > self.HISTORY_LIMIT:
            del self.undo_stack[0]
        self.doc = after
        self._open_key = key
        return step

    def undo(self) -> Step | None:
        self.seal()
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.redo_stack.append(step)
        self.doc = step.before
        self._committed(step.structural)
        return step

    def redo(self) -> Step | None:
        self.seal()
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.undo_stack.append(step)
        self.doc = step.after
        self._committed(step.structural)
        return step

    # -- value edits ------------------------------------------------------------

    def edit(self, address: Address, changes: dict[str, Any], *, key: Hashable | None = None,
             label: str | None = None) -> Step | None:
        """Change fields of one node; validated by the model.

        Raises `model.DocumentError` (Chinese message) for a bad value; the
        document is then unchanged. Returns the step, or None if nothing changed.
        """
        if not changes:
            return None
        doc = self.doc
        if address.section == "document":
            after = self._edit_document(doc, changes)
        elif address.section == "execution":
            after = update_execution(doc, **changes)
        else:
            after = update_at(doc, address.path, **changes)
        if same_document(after, doc):  # the same value typed again
            return None
        if label is None:
            first = next(iter(changes))
            label = S.EDIT_FIELD.format(label=S.FIELD_LABELS.get(first, first))
        return self.commit(after, label, address, structural=False, key=key)

    @staticmethod
    def _edit_document(doc: Document, changes: dict[str, Any]) -> Document:
        own: dict[str, Any] = {}
        parts: dict[str, dict[str, Any]] = {}
        for name, value in changes.items():
            if "." in name:
                head, rest = name.split(".", 1)
                parts.setdefault(head, {})[rest] = value
            else:
                own[name] = value
        updated: dict[str, Any] = {}
        for head, sub in parts.items():
            updated[head] = validated_update(getattr(doc, head), sub)
        if updated:
            doc = doc.model_copy(update=updated)
        if own:
            doc = validated_update(doc, own)
        return doc

    # -- structure edits --------------------------------------------------------

    @property
    def flat(self) -> bool:
        """The form scores one flat list of indicators (RULES.md 5b)."""
        return self.doc.framework is Framework.flat

    def add(self, address: Address) -> Address:
        """Add a child at the end (a sibling after an indicator); returns it.
        In a flat form every row added is an indicator (`add_flat`)."""
        kind = address.kind
        if kind == "indicator":
            return self.add_sibling(address)
        if self.flat and kind != "sublevel":
            return self.add_flat(FORM if kind == "execution" else address)
        if kind == "execution":
            raise CannotEdit(S.CANNOT_ADD_HERE)
        parent_path = address.path
        new_kind = _CHILD_KIND[kind]
        index = len(children_of(self.node(address)))
        return self._insert(parent_path, index, _NEW_NODES[new_kind](), new_kind)

    def add_flat(self, address: Address) -> Address:
        """A new indicator at the end of a flat form's list under `address` (the form: the
        whole list), making the unnamed goal, level and sublevel that hold it when the
        form has none yet: no level is asked for."""
        path = address.path if address.section == "goals" else ()
        node: Any = self.node(Address.of(path))
        while not isinstance(node, LevelTwo):
            kids = children_of(node)
            if not kids:
                break
            path += (len(kids) - 1,)
            node = kids[-1]
        if isinstance(node, LevelTwo):
            return self._insert(path, len(node.indicators), Indicator(name=S.NEW_INDICATOR), "indicator")
        row: Any = Indicator(name=S.NEW_INDICATOR)
        for wrap, kids_field in _FLAT_WRAPS[:3 - len(path)]:  # the unnamed levels it lacks
            row = wrap(**{kids_field: (row,)})
        self.seal()
        after = insert_at(self.doc, path, 0, row)
        new = Address("goals", path + (0,) * (4 - len(path)))
        self.commit(after, S.EDIT_ADD.format(kind=S.KIND_NAMES["indicator"]), new)
        return new

    def add_sibling(self, address: Address) -> Address:
        """Add a node of the same kind right after `address`; returns it."""
        if self.flat and address.kind != "indicator" and address.section != "execution":
            return self.add_flat(address)  # a flat form adds indicators only
        if address.section != "goals":
            if address.section == "document":
                return self.add(address)
            raise CannotEdit(S.CANNOT_ADD_HERE)
        kind = address.kind
        return self._insert(address.path[:-1], address.path[-1] + 1, _NEW_NODES[kind](), kind)

    def _insert(self, parent_path: tuple[int, ...], index: int, node: Any, kind: str) -> Address:
        self.seal()
        after = insert_at(self.doc, parent_path, index, node)
        new = Address("goals", parent_path + (index,))
        self.commit(after, S.EDIT_ADD.format(kind=S.KIND_NAMES[kind]), new)
        return new

    def duplicate(self, address: Address) -> Address:
        if address.section != "goals":
            raise CannotEdit(S.CANNOT_ADD_HERE)
        self.seal()
        node = self.node(address)
        name_field = "title" if isinstance(node, Goal) else "name"
        copy = node.model_copy(update={name_field: getattr(node, name_field) + S.COPY_SUFFIX})
        index = address.path[-1] + 1
        after = insert_at(self.doc, address.path[:-1], index, copy)
        new = Address("goals", address.path[:-1] + (index,))
        self.commit(after, S.EDIT_DUPLICATE.format(kind=S.KIND_NAMES[address.kind]), new)
        return new

    def delete(self, address: Address) -> Address:
        """Remove a node; returns the address to show next."""
        if address.section != "goals":
            raise CannotEdit(S.CANNOT_DELETE_FORM)
        self.seal()
        node = self.node(address)
        after = remove_at(self.doc, address.path)
        label = S.EDIT_DELETE.format(kind=S.KIND_NAMES[address.kind], name=node_name(node))
        self.commit(after, label, address.parent)
        index = address.path[-1]
        siblings = len(children_of(node_at(after, address.path[:-1])))
        if siblings:
            return Address("goals", address.path[:-1] + (min(index, siblings - 1),))
        return address.parent

    def move(self, address: Address, delta: int) -> Address:
        """Move a node among its siblings; returns its new address (the same
        address when it is already at that edge)."""
        if address.section != "goals":
            return address
        self.seal()
        after, new_path = move_at(self.doc, address.path, delta)
        if after is self.doc:
            return address
        new = Address("goals", new_path)
        label = S.EDIT_MOVE.format(kind=S.KIND_NAMES[address.kind], name=node_name(self.node(address)))
        self.commit(after, label, new)
        return new

    def commit(self, after: Document, label: str, address: Address, *,
               structural: bool = True, key: Hashable | None = None) -> Step | None:
        """The one way a change reaches the form: a typed value or a picked
        choice (`edit`), a grid cell, pasted rows, fund rows, a structure
        edit, a restore, a reload, `jixiao score --set`. Records the undo
        step (an edit with the `key` of the step before extends it: typing
        in one field), rescores, and keeps the unsaved work in the recovery
        file when it is due (`keeper`). None when it changes nothing.
        Raises ReadOnly."""
        if structural:
            self.seal()
        if same_document(after, self.doc):
            return None
        step = self._push(after, label, address, structural, key)
        self._committed(structural)
        return step

    def _committed(self, structural: bool) -> None:
        """After the document changed (a commit, an undo, the end of a what-if)."""
        self.result  # noqa: B018 - rescored now: the status line shows it in this frame
        job = self.recovery_job(edited=True, structural=structural)
        if job is not None:
            self.keeper(job)

    def _keep_here(self, job: RecoveryJob) -> None:
        """The keeper without an app: write in this thread; a failure's
        Chinese message is kept in `recovery_error`."""
        self.recovery_error = self.file.keep_now(job) or self.recovery_error

    # -- what-if ------------------------------------------------------------

    @property
    def whatif(self) -> bool:
        return self._whatif is not None

    def start_whatif(self) -> None:
        if self._whatif is not None:
            return
        self.seal()
        self._whatif = _WhatIf(self.doc, self.result, list(self.undo_stack), list(self.redo_stack),
                               base_is_saved=not self.dirty)

    def end_whatif(self, keep: bool) -> None:
        """Leave what-if: keep the edits (ordinary, undoable) or go back to
        exactly the document it started from."""
        state = self._whatif
        if state is None:
            return
        if keep and self.read_only and self.doc is not state.base:
            raise ReadOnly()
        self.seal()
        if not keep:
            self.doc = state.base
            self.undo_stack = state.undo
            self.redo_stack = state.redo
        self._whatif = None
        self._committed(True)  # the work to keep is what it ended with

    @property
    def whatif_base(self) -> Document | None:
        return self._whatif.base if self._whatif else None

    def changed(self, address: Address) -> bool:
        """During what-if: whether this node differs from the what-if base."""
        state = self._whatif
        if state is None:
            return False
        try:
            before = self.node(address, state.base)
        except IndexError:
            return True
        return before is not self.node(address)

    def whatif_summary(self) -> WhatIfSummary | None:
        state = self._whatif
        if state is None:
            return None
        base, now = state.base_result, self.result
        changes: list[ScoreChange] = []
        if base.execution.score != now.execution.score:
            changes.append(ScoreChange(EXECUTION, S.EXECUTION, base.execution.score,
                                       now.execution.score))

        def walk(base_node: Any, node: Any, base_res: Any, res: Any, path: tuple[int, ...]) -> None:
            kids = children_of(node)
            base_kids = children_of(base_node) if base_node is not None else ()
            for index, child in enumerate(kids):
                base_child = base_kids[index] if index < len(base_kids) else None
                if base_child is child:
                    continue
                child_res = res.children[index]
                base_child_res = base_res.children[index] if base_child is not None else None
                before = base_child_res.score if base_child_res is not None else None
                if before != child_res.score or base_child is None:
                    changes.append(ScoreChange(Address("goals", path + (index,)), node_name(child),
                                               before, child_res.score))
                if not isinstance(child, Indicator):
                    walk(base_child, child, base_child_res, child_res, path + (index,))

        class _Root:  # results of the document's goals, shaped like a group
            def __init__(self, goals: tuple) -> None:
                self.children = goals

        walk(state.base, self.doc, _Root(base.goals), _Root(now.goals), ())
        return WhatIfSummary(state.base_is_saved, base.total, now.total, base.grade, now.grade,
                             tuple(changes))

    # -- the file on disk (model.storage.FormFile owns it) ---------------------

    @property
    def path(self) -> Path | None:
        return self.file.path

    @property
    def read_only(self) -> bool:
        """Someone else is editing the file: view only (a what-if is allowed)."""
        return self.file.read_only

    @property
    def work(self) -> Document:
        """The document the person means to keep: during what-if, the
        document the what-if started from."""
        return self._whatif.base if self._whatif is not None else self.doc

    def close(self, *, discard: bool = False) -> None:
        """On leaving the form (see `FormFile.close`)."""
        self.file.close(unsaved=not same_document(self.work, self.saved), discard=discard)

    def restore(self, recovery: Recovery) -> None:
        """Take the recovered document as the current one (one undoable step;
        the file on disk stays the base, so the form is unsaved and saving
        checks the disk as always). Raises DocumentError."""
        doc = loads_document(recovery.data, source=str(recovery.file))
        if self._whatif is not None:
            self.end_whatif(keep=True)
        self.seal()
        self.commit(doc, S.EDIT_RESTORE, FORM)
        self.file.restored()

    def recovery_job(self, *, edited: bool, structural: bool = False,
                     now: bool = False) -> RecoveryJob | None:
        """The work to keep in the recovery file if it is time (see
        `FormFile.recovery_job`); the app writes it in a thread worker."""
        return self.file.recovery_job(self.work, self.saved, edited=edited,
                                      structural=structural, now=now)

    def save(self, *, expected: Any = None, overwrite: bool = False) -> SaveOutcome:
        """Save to the form's file (`FormFile.save`: only if the file still
        holds what was loaded or last saved). Raises NoPath (never saved:
        use save_as), WhatIfActive or ReadOnly."""
        if self._whatif is not None:
            raise WhatIfActive()
        if self.path is None:
            raise NoPath()
        if self.read_only:
            raise ReadOnly()
        return self._saved(self.file.save(self.doc, expected=expected, overwrite=overwrite))

    def save_as(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> SaveOutcome:
        """Save to another file, which becomes the form's file (`FormFile.save_as`)."""
        if self._whatif is not None:
            raise WhatIfActive()
        return self._saved(self.file.save_as(self.doc, path, overwrite=overwrite))

    def save_copy(self) -> tuple[Path, SaveOutcome]:
        """Save to a free name beside the file (表-副本.toml, ...), which
        becomes the form's file."""
        path = self.file.copy_path(S.UNTITLED)
        return path, self.save_as(path)

    def _saved(self, outcome: SaveOutcome) -> SaveOutcome:
        if outcome.status == "saved":
            self.saved = self.doc
            self.seal()
        return outcome

    def reload(self) -> None:
        """Replace the document with the file on disk. Undoable: the document
        as it was is one ctrl+z away (read-only: simply follows the file).
        Raises DocumentError."""
        if self.path is None:
            raise NoPath()
        doc = self.file.reread()
        if self._whatif is not None:
            self.end_whatif(keep=not self.read_only)
        self.seal()
        if self.read_only:
            self.doc = doc
            self.undo_stack.clear()
            self.redo_stack.clear()
        else:
            self.commit(doc, S.EDIT_RELOAD, FORM)
        self.saved = doc
