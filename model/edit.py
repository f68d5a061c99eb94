"""Edits of a document: every change goes through here.

Documents are immutable. Each function returns a new document that shares all
untouched nodes with the old one, so an undo history is a list of documents
and scoring can reuse what it computed for unchanged nodes.

A node is addressed by a path of indexes: `()` is the document, `(g,)` a
goal, `(g, l)` a level one (一级指标), `(g, l, s)` a level two (二级指标),
`(g, l, s, i)` an indicator.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .document import Document, Goal, Indicator, LevelOne, LevelTwo
from .problems import DocumentError, Problem

__all__ = [
    "Path",
    "CHILDREN",
    "node_at",
    "children_of",
    "replace_at",
    "update_at",
    "update_execution",
    "insert_at",
    "remove_at",
    "move_at",
    "find_indicator_paths",
    "validated_update",
    "depth_model",
]

Path = tuple[int, ...]

# The field that holds each node type's children.
CHILDREN: dict[type[BaseModel], str] = {
    Document: "goals",
    Goal: "levels",
    LevelOne: "sublevels",
    LevelTwo: "indicators",
}
_DEPTH_MODELS: tuple[type[BaseModel], ...] = (Document, Goal, LevelOne, LevelTwo, Indicator)


def depth_model(depth: int) -> type[BaseModel]:
    """The node type at a path length: 0 document, 1 goal, ... 4 indicator."""
    return _DEPTH_MODELS[depth]


def children_of(node: BaseModel) -> tuple[Any, ...]:
    field = CHILDREN.get(type(node))
    return getattr(node, field) if field else ()


def node_at(doc: Document, path: Path) -> Any:
    node: Any = doc
    for index in path:
        kids = children_of(node)
        if not 0 <= index < len(kids):
            raise IndexError(f"no node at {path}")
        node = kids[index]
    return node


def _with_children(node: BaseModel, kids: tuple[Any, ...]) -> Any:
    return node.model_copy(update={CHILDREN[type(node)]: kids})


def replace_at(doc: Document, path: Path, new: Any) -> Document:
    """A document with the node at `path` replaced by `new`."""
    if not path:
        return new
    parent_path, index = path[:-1], path[-1]
    parent = node_at(doc, parent_path)
    kids = list(children_of(parent))
    if not 0 <= index < len(kids):
        raise IndexError(f"no node at {path}")
    kids[index] = new
    return replace_at(doc, parent_path, _with_children(parent, tuple(kids)))


def validated_update(node: BaseModel, changes: dict[str, Any]) -> Any:
    """A copy of `node` with `changes` applied and validated.

    Only the node's own fields are validated again, not its children, so
    changing a goal's weight costs the same however many indicators it has.
    Raises DocumentError with a Chinese message on a bad value.
    """
    if not changes:
        return node
    cls = type(node)
    child_field = CHILDREN.get(cls)
    unknown = [k for k in changes if k not in cls.model_fields or k == child_field]
    if unknown:
        raise KeyError(f"unknown field(s) for {cls.__name__}: {unknown}")
    data = {name: getattr(node, name) for name in cls.model_fields if name != child_field}
    data.update(changes)
    try:
        fresh = cls.model_validate(data)
    except ValidationError as exc:
        from .files import validation_problem  # messages live with the loader

        problems = [validation_problem(err, data, {}, "") for err in exc.errors()]
        raise DocumentError([Problem(p.message, place=p.place, key=p.key) for p in problems]) from None
    if child_field:
        fresh = fresh.model_copy(update={child_field: getattr(node, child_field)})
    return fresh


def update_at(doc: Document, path: Path, **changes: Any) -> Document:
    """Change fields of the node at `path` (validated)."""
    node = node_at(doc, path)
    return replace_at(doc, path, validated_update(node, changes))


def update_execution(doc: Document, **changes: Any) -> Document:
    return doc.model_copy(update={"execution": validated_update(doc.execution, changes)})


def insert_at(doc: Document, parent_path: Path, index: int, node: Any) -> Document:
    """Insert `node` as child number `index` of the node at `parent_path`."""
    parent = node_at(doc, parent_path)
    expected = depth_model(len(parent_path) + 1)
    if not isinstance(node, expected):
        raise TypeError(f"expected {expected.__name__}, got {type(node).__name__}")
    kids = list(children_of(parent))
    index = max(0, min(index, len(kids)))
    kids.insert(index, node)
    return replace_at(doc, parent_path, _with_children(parent, tuple(kids)))


def remove_at(doc: Document, path: Path) -> Document:
    if not path:
        raise ValueError("cannot remove the document")
    parent = node_at(doc, path[:-1])
    kids = list(children_of(parent))
    del kids[path[-1]]
    return replace_at(doc, path[:-1], _with_children(parent, tuple(kids)))


def move_at(doc: Document, path: Path, delta: int) -> tuple[Document, Path]:
    """Move a node among its siblings; returns the new document and path."""
    if not path:
        return doc, path
    parent = node_at(doc, path[:-1])
    kids = list(children_of(parent))
    old = path[-1]
    new = max(0, min(len(kids) - 1, old + delta))
    if new == old:
        return doc, path
    kids.insert(new, kids.pop(old))
    return replace_at(doc, path[:-1], _with_children(parent, tuple(kids))), path[:-1] + (new,)


def find_indicator_paths(doc: Document, name: str) -> list[Path]:
    """Indicators matching `name`: an indicator name, or a `/`-separated path
    of names ending with it (goal title / level / sublevel / indicator), where
    any leading part may be left out."""
    wanted = [part.strip() for part in name.split("/") if part.strip()]
    if not wanted:
        return []
    found: list[Path] = []
    for path, ind in doc.iter_indicators():
        goal = doc.goals[path[0]]
        level = goal.levels[path[1]]
        sub = level.sublevels[path[2]]
        names = [goal.title, level.name, sub.name, ind.name]
        if names[-1].strip() != wanted[-1]:
            continue
        # the leading parts must appear, in order, among the ancestors
        ancestors = [n.strip() for n in names[:-1]]
        pos = 0
        ok = True
        for part in wanted[:-1]:
            try:
                pos = ancestors.index(part, pos) + 1
            except ValueError:
                ok = False
                break
        if ok:
            found.append(path)
    return found
