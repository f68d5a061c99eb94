"""The editing session: one document, its history, its score (no Textual).

A `Session` holds the current document (immutable, `model.Document`), the
document as last saved, an undo/redo history of whole documents, an optional
what-if base, one `ScoreCache` and the current scoring `Result`. Every change
the app makes goes through here, using `model.edit`; widgets only show what
the session holds. Because documents share unchanged nodes, a history entry
costs a few small objects and rescoring after an edit touches one path.

Consecutive typing in one field is one undo step: an edit carries a
`key` (the node and field), and an edit with the same key as the step before
it extends that step instead of pushing a new one, until `seal()` is called
(the app seals when the person leaves the field, switches node, undoes, ...).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from model import (
    Document,
    Goal,
    Indicator,
    LevelOne,
    LevelTwo,
    dumps_document,
    has_comments,
    loads_document,
)
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
from model.files import decode_text, read_form_bytes
from model.limits import limit_problems
from model.storage import (
    ANY,
    DiskCheck,
    DiskWatch,
    MarkerState,
    MarkerStatus,
    Recovery,
    RecoveryThrottle,
    SaveOutcome,
    StorageError,
    acquire_marker,
    clean_temp_files,
    discard_recovery,
    find_recovery,
    release_marker,
    safe_save,
    take_over_marker,
    write_recovery,
)
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
    "os_reason",
    "same_document",
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


@dataclass(frozen=True, slots=True)
class RecoveryJob:
    """The unsaved work to keep, as it was when the throttle said so: taken
    on the app's thread and written in another (`Session.drain_recovery`).
    Documents are immutable and share unchanged nodes, so holding them is
    the snapshot."""

    path: Path
    work: Document
    saved: Document
    base: bytes | None  # what the file held when the work started
    epoch: int  # a save, discard or close since makes the job stale


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


def os_reason(exc: OSError) -> str:
    """A Chinese reason for a failed file operation."""
    from model.files import os_reason as reason  # the loader's wording, shared

    return reason(exc)


_NEW_NODES = {
    "goal": lambda: Goal(title=S.NEW_GOAL),
    "level": lambda: LevelOne(name=S.NEW_LEVEL_ONE),
    "sublevel": lambda: LevelTwo(name=S.NEW_LEVEL_TWO),
    "indicator": lambda: Indicator(name=S.NEW_INDICATOR),
}
_CHILD_KIND = {"document": "goal", "goal": "level", "level": "sublevel", "sublevel": "indicator"}


def same_document(a: Document, b: Document) -> bool:
    """Whether two documents are the same form, figures as typed included:
    `138.4` and `138.40` are equal numbers (pydantic compares them so) but
    not the same figure, and saving writes what was typed. The text is only
    compared when the documents are equal as values, which is rare unless
    they are the same object."""
    if a is b:
        return True
    if a != b:
        return False
    return dumps_document(a) == dumps_document(b)


def node_name(node: Any) -> str:
    if isinstance(node, Goal):
        return node.title
    if isinstance(node, Document):
        return node.display_name
    return getattr(node, "name", "") or getattr(node, "label", "")


def count_indicators(node: Any) -> int:
    if isinstance(node, Indicator):
        return 1
    return sum(count_indicators(child) for child in children_of(node))


class Session:
    """One open form (see the module docstring)."""

    HISTORY_LIMIT = 1000

    def __init__(self, doc: Document, path: str | os.PathLike[str] | None = None,
                 disk_bytes: bytes | None = None) -> None:
        self.doc = doc
        self.saved = doc
        self.path: Path | None = Path(path) if path is not None else None
        # where the file really is, as the person opened it: a symbolic link
        # they named is theirs to write through (model.storage refuses others)
        self.real_path: str | None = os.path.realpath(path) if path is not None else None
        self.disk_bytes = disk_bytes  # what the file held when loaded / last saved
        self._comments: tuple[bytes | None, bool] = (None, False)  # see `comments`
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
        # sharing and safety (model.storage): see claim(), save(), keep_recovery()
        self.read_only = False  # someone else is editing the file: view only
        self.marker: MarkerStatus | None = None
        self.watch: DiskWatch | None = None
        self.throttle = RecoveryThrottle()
        # recovery writes may run in another thread (see drain_recovery):
        # _writing is held while the recovery file is written or removed, and
        # guards _recovery_written; _queue guards the three after it
        self._writing = threading.Lock()
        self._recovery_written = False
        self._queue = threading.Lock()
        self._queued: RecoveryJob | None = None
        self._draining = False
        self._epoch = 0

    # -- opening ------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Session:
        """Load a form file. Raises DocumentError with every problem found."""
        data = read_form_bytes(path)
        doc = loads_document(data, source=str(path))
        return cls(doc, path, data)

    # -- reading --------------------------------------------------------------

    @property
    def comments(self) -> bool:
        """The file on disk has comments saving would drop (worked out when
        first asked, which is when saving: not on the way to the first screen)."""
        data = self.disk_bytes
        if data is None:
            return False
        if self._comments[0] is not data:
            self._comments = (data, has_comments(decode_text(data, str(self.path))))
        return self._comments[1]

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
        return step

    def redo(self) -> Step | None:
        self.seal()
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.undo_stack.append(step)
        self.doc = step.after
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
        return self._push(after, label, address, False, key)

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

    def add(self, address: Address) -> Address:
        """Add a child at the end (a sibling after an indicator); returns it."""
        kind = address.kind
        if kind == "execution":
            raise CannotEdit(S.CANNOT_ADD_HERE)
        if kind == "indicator":
            return self.add_sibling(address)
        parent_path = address.path
        new_kind = _CHILD_KIND[kind]
        index = len(children_of(self.node(address)))
        return self._insert(parent_path, index, _NEW_NODES[new_kind](), new_kind)

    def add_sibling(self, address: Address) -> Address:
        """Add a node of the same kind right after `address`; returns it."""
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
        self._push(after, S.EDIT_ADD.format(kind=S.KIND_NAMES[kind]), new, True)
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
        self._push(after, S.EDIT_DUPLICATE.format(kind=S.KIND_NAMES[address.kind]), new, True)
        return new

    def delete(self, address: Address) -> Address:
        """Remove a node; returns the address to show next."""
        if address.section != "goals":
            raise CannotEdit(S.CANNOT_DELETE_FORM)
        self.seal()
        node = self.node(address)
        after = remove_at(self.doc, address.path)
        label = S.EDIT_DELETE.format(kind=S.KIND_NAMES[address.kind], name=node_name(node))
        self._push(after, label, address.parent, True)
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
        self._push(after, label, new, True)
        return new

    def apply(self, after: Document, label: str, address: Address, *,
              structural: bool = True) -> Step | None:
        """Make a document computed elsewhere (rows pasted through
        exchange.paste) the current one, as one undoable step; None if it
        changes nothing."""
        self.seal()
        if same_document(after, self.doc):
            return None
        return self._push(after, label, address, structural)

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

    # -- files ----------------------------------------------------------------

    def claim(self) -> MarkerStatus | None:
        """On opening for editing: clear leftovers of a killed save, leave the
        editing marker, start watching the file. When someone else holds the
        marker the session becomes read-only (`take_over` ends that)."""
        if self.path is None:
            return None
        clean_temp_files(self.path)
        status = acquire_marker(self.path)
        self.marker = status
        self.read_only = status.state in (MarkerState.IN_USE, MarkerState.OTHER_HOST)
        self.watch = DiskWatch(self.path, self.disk_bytes)
        return status

    def take_over(self) -> MarkerStatus:
        """Edit a form someone else holds (the person confirmed)."""
        if self.path is None:
            raise NoPath()
        status = take_over_marker(self.path)
        self.marker = status
        if status.state in (MarkerState.OURS, MarkerState.UNAVAILABLE):
            self.read_only = False
        return status

    def close(self, *, discard: bool = False) -> None:
        """On leaving the form: release our marker (never someone else's);
        `discard`: the person let the unsaved work go, so drop its recovery.
        A recovery write in progress is waited for and none queued starts
        after; one we wrote for work that is saved by now is removed."""
        if self.path is None:
            return
        if discard:
            self.drop_recovery()
        else:
            self.settle_recovery()
            if same_document(self.work, self.saved):
                with self._writing:
                    if self._recovery_written:
                        discard_recovery(self.path)
                        self._recovery_written = False
        if self.marker is not None and self.marker.owned:
            release_marker(self.path)
            self.marker = None

    # recovery of unsaved work (a crash, kill -9, a lost SSH connection)

    def pending_recovery(self) -> Recovery | None:
        """Unsaved work a previous session left for this form, if any to offer."""
        if self.path is None or self.read_only:
            return None
        recovery = find_recovery(self.path)
        if recovery is None or recovery.from_live_session:
            return None
        return recovery

    def restore(self, recovery: Recovery) -> None:
        """Take the recovered document as the current one (one undoable step;
        the file on disk stays the base, so the form is unsaved and saving
        checks the disk as always). Raises DocumentError."""
        doc = loads_document(recovery.data, source=str(recovery.file))
        if self._whatif is not None:
            self.end_whatif(keep=True)
        self.seal()
        self._push(doc, S.EDIT_RESTORE, FORM, True)
        with self._writing:
            self._recovery_written = True  # it is on disk; keep it until saved

    def settle_recovery(self) -> None:
        """Before the recovery file is removed or the form left: snapshots
        not yet written are dropped (they are older than what comes next)
        and a write in progress is waited for."""
        with self._queue:
            self._epoch += 1
            self._queued = None
        with self._writing:
            pass

    def drop_recovery(self) -> None:
        """Remove the recovery file (after a save, or the person let the work
        go); no recovery write queued before lands after this."""
        self.settle_recovery()
        with self._writing:
            if self.path is not None:
                discard_recovery(self.path)
            self._recovery_written = False
        self.throttle.reset()

    @property
    def work(self) -> Document:
        """The document the person means to keep: during what-if, the
        document the what-if started from."""
        return self._whatif.base if self._whatif is not None else self.doc

    def recovery_job(self, *, edited: bool, structural: bool = False) -> RecoveryJob | None:
        """The work to keep in the recovery file if it is time: after an edit
        (`edited`), at once after a structure edit, otherwise at most every
        few seconds (the app asks from a timer with `edited=False`). Cheap:
        the writing is `queue_recovery` and `drain_recovery`."""
        if self.path is None or self.read_only:
            return None
        if not (self.throttle.edited(structural) if edited else self.throttle.due()):
            return None
        self.throttle.written()
        with self._queue:
            epoch = self._epoch
        return RecoveryJob(self.path, self.work, self.saved, self.disk_bytes, epoch)

    def queue_recovery(self, job: RecoveryJob) -> bool:
        """Hand a snapshot to the writer; a newer one replaces one not yet
        written. True: no writer is running, so the caller must run
        `drain_recovery` (in a thread); False: the running one takes it."""
        with self._queue:
            self._queued = job
            if self._draining:
                return False
            self._draining = True
            return True

    def drain_recovery(self) -> list[str]:
        """Write the queued snapshots until none is left (one writer at a
        time: `queue_recovery` says when to start one). Safe in any thread.
        Returns the Chinese messages of failed writes."""
        messages: list[str] = []
        try:
            while True:
                with self._queue:
                    job = self._queued
                    self._queued = None
                    if job is None:
                        self._draining = False
                        return messages
                message = self._write_recovery(job)
                if message:
                    messages.append(message)
        except BaseException:
            with self._queue:
                self._draining = False
            raise

    def _write_recovery(self, job: RecoveryJob) -> str | None:
        unsaved = not same_document(job.work, job.saved)
        data = dumps_document(job.work).encode("utf-8") if unsaved else b""
        with self._writing:
            if job.epoch != self._epoch:
                return None  # saved, discarded or closed since: not to be kept
            if not unsaved:
                if self._recovery_written:
                    discard_recovery(job.path)
                    self._recovery_written = False
                return None
            try:
                write_recovery(job.path, data, base=job.base)
            except StorageError as exc:
                return exc.message
            self._recovery_written = True
        return None

    def keep_recovery(self, structural: bool = False) -> str | None:
        """After an edit: keep the unsaved work in the recovery file now, in
        this thread, when it is time (`recovery_job`). Returns a Chinese
        message if the recovery file cannot be written. The app does the
        same in a thread worker."""
        return self._keep_now(self.recovery_job(edited=True, structural=structural))

    def recovery_tick(self) -> str | None:
        return self._keep_now(self.recovery_job(edited=False))

    def _keep_now(self, job: RecoveryJob | None) -> str | None:
        if job is None or not self.queue_recovery(job):
            return None
        messages = self.drain_recovery()
        return messages[0] if messages else None

    # the file on disk

    def poll_disk(self) -> DiskCheck | None:
        """Has the file changed on disk since it was loaded or last saved?"""
        if self.watch is None:
            return None
        return self.watch.poll()

    def save(self, *, expected: Any = None, overwrite: bool = False) -> SaveOutcome:
        """Save to the session's file through `model.storage.safe_save`:
        under the save lock, only if the file still holds what was loaded or
        last saved; the previous version is kept as FILE.bak.

        Returns the outcome: "saved", "conflict" (nothing written; overwrite
        after confirming with `overwrite=True, expected=conflict.disk`) or
        "failed" (nothing changed; the message says why). Raises NoPath (never
        saved: use save_as), WhatIfActive or ReadOnly.
        """
        if self._whatif is not None:
            raise WhatIfActive()
        if self.path is None:
            raise NoPath()
        if self.read_only:
            raise ReadOnly()
        return self._write(self.path, expected if overwrite else self.disk_bytes, follow=self.real_path)

    def save_as(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> SaveOutcome:
        """Save to another file, which becomes the session's file (editable,
        with our marker). `overwrite`: the person agreed to replace an
        existing file; otherwise an existing file is a conflict."""
        if self._whatif is not None:
            raise WhatIfActive()
        target = Path(path)
        # a new file takes the permissions of the form it comes from; a
        # symbolic link at the destination is refused (unless it is this form)
        same = self.path is not None and target == self.path
        outcome = self._write(target, ANY if overwrite else None, source=self.path,
                              follow=self.real_path if same else None)
        if outcome.status == "saved" and target != self.path:
            if self.path is not None:
                self.drop_recovery()  # the work is safe in the new file
                self.close()
            self.path = target
            self.real_path = os.path.realpath(target)
            self.read_only = False
            self.marker = acquire_marker(target)
            self.watch = DiskWatch(target, outcome.fingerprint)
        return outcome

    def copy_path(self) -> Path:
        """A free name beside the file for a copy: 表-副本.toml, 表-副本2.toml, ..."""
        base = self.path if self.path is not None else Path(S.UNTITLED + ".toml")
        for n in range(1, 1000):
            suffix = "-副本" if n == 1 else f"-副本{n}"
            candidate = base.with_name(f"{base.stem}{suffix}{base.suffix or '.toml'}")
            if not candidate.exists():
                return candidate
        raise FileExistsError(str(base))  # pragma: no cover - a thousand copies

    def save_copy(self) -> tuple[Path, SaveOutcome]:
        path = self.copy_path()
        return path, self.save_as(path)

    def _write(self, path: Path, expected: Any, *, follow: str | None = None,
               source: Path | None = None) -> SaveOutcome:
        doc = self.doc
        text = dumps_document(doc)
        too_big = limit_problems(doc, text)
        if too_big:  # never write a file `jixiao check` (and opening it) would refuse
            return SaveOutcome("failed", S.SAVE_OVER_LIMITS.format(
                reason="；".join(p.message for p in too_big[:3])))
        data = text.encode("utf-8")
        outcome = safe_save(path, data, expected, follow=follow, source=source)
        if outcome.status == "saved":
            self.saved = doc
            self.disk_bytes = data
            self.seal()
            if path == self.path:
                if self.watch is not None:
                    self.watch.reset(outcome.fingerprint)
                self.drop_recovery()
        return outcome

    def reload(self) -> None:
        """Replace the document with the file on disk. Undoable: the document
        as it was is one ctrl+z away (read-only: simply follows the file).
        Raises DocumentError."""
        if self.path is None:
            raise NoPath()
        data = read_form_bytes(self.path)
        doc = loads_document(data, source=str(self.path))
        if self._whatif is not None:
            self.end_whatif(keep=not self.read_only)
        self.seal()
        if self.read_only:
            self.doc = doc
            self.undo_stack.clear()
            self.redo_stack.clear()
        else:
            self._push(doc, S.EDIT_RELOAD, FORM, True)
        self.saved = doc
        self.disk_bytes = data
        if self.watch is not None:
            self.watch.reset(data)
