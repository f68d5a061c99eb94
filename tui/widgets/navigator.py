"""The navigator: form → 预算执行 → goals → 一级指标 → 二级指标 → indicators.

A flat form (RULES.md 5b) is shown as the form → 预算执行 → its indicators: the
unnamed goal, level and sublevel that hold them in the file are no rows
(`session.flat_step`), their indicators stand in their place.

Each row shows the name, score / weight and a mark when the node or anything
under it has an error (✖) or a warning (▲); in what-if mode, changed rows
carry ∆. After an edit, `sync()` walks the tree beside the new document and
result and relabels only the rows whose node or result object changed
(documents share unchanged nodes, the score cache shares unchanged results),
so a keystroke costs the depth of the edit, not the size of the form.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from model import Indicator
from model.edit import children_of

from ..compat import build_tree_lines
from ..keys import TREE
from ..session import EXECUTION, FORM, Address, Session, flat_step
from ..view import compose_row, root_parts, tree_parts

GUIDE = 2
_BLANK = Text("")


class FormTree(Tree[Address]):
    """The form as a tree; node data is the node's `Address`."""

    BINDINGS = TREE

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__("", data=FORM, **kwargs)
        self.session = session
        self.show_root = True
        self.auto_expand = False
        self.guide_depth = GUIDE
        # tree node id -> (model node, result node) last shown
        self._seen: dict[int, tuple[Any, Any]] = {}
        # tree node id -> (marks, name, score) and depth: the row is put
        # together (and the name clipped to the width) only when it is drawn
        self._rows: dict[int, tuple[tuple[Text, str, Text], int]] = {}
        # tree node id -> what its row is made from, for rows not drawn yet:
        # a 2,000-row form builds its tree without putting 2,000 rows together
        self._later: dict[int, tuple[Address, Any, Any, int]] = {}
        self.build()

    # -- building ----------------------------------------------------------------

    # -- drawing rows -------------------------------------------------------------

    def render_label(self, node: TreeNode[Address], base_style: Style, style: Style) -> Text:
        row = self._row(node.id)
        if row is None:
            return super().render_label(node, base_style, style)
        parts, depth = row
        room = max(16, (self.size.width or 80) - depth * GUIDE - 2 - 2)
        label = compose_row(parts, room)
        label.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style + Style(bold=True)), label)
        return label

    def get_label_width(self, node: TreeNode[Address]) -> int:
        # rows are clipped to the width, so the tree never scrolls sideways;
        # not measuring 2,000 labels keeps start-up fast
        return 1

    def row_text(self, address: Address) -> str:
        """A row as plain text, unclipped (for tests and the palette)."""
        node = self.node_for(address)
        row = self._row(node.id) if node is not None else None
        if row is None:
            return ""
        return compose_row(row[0]).plain

    def _row(self, node_id: int) -> tuple[tuple[Text, str, Text], int] | None:
        later = self._later.pop(node_id, None)
        if later is not None:
            address, model, res, depth = later
            self._rows[node_id] = (self._parts(address, model, res), depth)
        return self._rows.get(node_id)

    def _set_row(self, node: TreeNode[Address], parts: tuple[Text, str, Text], depth: int) -> None:
        self._later.pop(node.id, None)
        self._rows[node.id] = (parts, depth)

    def build(self) -> None:
        """(Re)build every row from the session."""
        self._seen.clear()
        self._rows.clear()
        self._later.clear()
        root = self.root
        root.remove_children()
        s = self.session
        self._label_root(force=True)
        execution = root.add_leaf(_BLANK, EXECUTION)
        self._set_row(execution, self._parts(EXECUTION, s.doc.execution, s.result.execution), 1)
        self._seen[execution.id] = (s.doc.execution, s.result.execution)
        self._add_nodes(root, s.doc.goals, s.result.goals, (), 2)
        root.expand()

    def _rows_of(self, models: tuple, results: tuple, path: tuple[int, ...]) -> list[tuple[Address, Any, Any]]:
        """The children shown for `models` under `path`: (address, node, result), a flat
        form's unnamed levels replaced by what they hold."""
        doc = self.session.doc
        out: list[tuple[Address, Any, Any]] = []
        for index, (model, res) in enumerate(zip(models, results)):
            address = Address("goals", path + (index,))
            if flat_step(doc, model):
                out.extend(self._rows_of(children_of(model), res.children, address.path))
            else:
                out.append((address, model, res))
        return out

    def _kids_of(self, model: Any, res: Any, address: Address) -> list[tuple[Address, Any, Any]]:
        return self._rows_of(children_of(model), res.children, address.path)

    def _add_nodes(self, parent: TreeNode[Address], models: tuple, results: tuple,
                   path: tuple[int, ...], depth: int) -> None:
        for address, model, res in self._rows_of(models, results, path):
            if isinstance(model, Indicator):
                node = parent.add_leaf(_BLANK, address)
            else:
                kids = children_of(model)
                node = parent.add(_BLANK, address, expand=True, allow_expand=bool(kids))
                self._add_nodes(node, kids, res.children, address.path, depth + 1)
            self._later[node.id] = (address, model, res, depth)
            self._seen[node.id] = (model, res)

    def _parts(self, address: Address, model: Any, res: Any) -> tuple[Text, str, Text]:
        changed = self.session.changed(address) if self.session.whatif else False
        return tree_parts(model, res, changed=changed, kind=address.kind)

    def _label_root(self, force: bool = False) -> None:
        s = self.session
        seen = self._seen.get(self.root.id)
        if not force and seen is not None and seen[0] is s.doc and seen[1] is s.result:
            return
        r = s.result
        total = r.total if r.scored else None
        self._set_row(self.root, root_parts(s.doc.display_name, total, r.grade, _worst_of(r),
                                            changed=s.changed(FORM)), 0)
        self.root.refresh()
        self._seen[self.root.id] = (s.doc, r)

    # -- keeping up with the session -------------------------------------------

    def sync(self, force: bool = False) -> None:
        """Relabel what changed; rebuild the children of a node whose count changed."""
        s = self.session
        self._label_root(force)
        root_kids = self.root.children
        if not root_kids:
            self.build()
            return
        execution = root_kids[0]
        seen = self._seen.get(execution.id)
        if force or seen is None or seen[0] is not s.doc.execution or seen[1] is not s.result.execution:
            self._set_row(execution, self._parts(EXECUTION, s.doc.execution, s.result.execution), 1)
            execution.refresh()
            self._seen[execution.id] = (s.doc.execution, s.result.execution)
        self._sync_children(self.root, 1, s.doc.goals, s.result.goals, (), force, 2)

    def _sync_children(self, parent: TreeNode[Address], offset: int, models: tuple, results: tuple,
                       path: tuple[int, ...], force: bool, depth: int) -> None:
        kids = list(parent.children)[offset:]
        flat = self.session.flat
        # a flat form's rows stand in for its unnamed levels; otherwise a row is its model's
        # (no list made: a keystroke in a 2,000-row sublevel looks at the rows, no more)
        rows = self._rows_of(models, results, path) if flat else None
        if len(kids) != (len(rows) if rows is not None else len(models)):
            self._rebuild(parent, offset, models, results, path, depth)
            return
        pairs = zip(kids, rows) if rows is not None else (
            (kid, (None, model, res)) for kid, model, res in zip(kids, models, results))
        for index, (kid, (address, model, res)) in enumerate(pairs):
            seen = self._seen.get(kid.id)
            if not force and seen is not None and seen[0] is model and seen[1] is res \
                    and (address is None or kid.data == address):
                continue
            if address is None:
                address = Address("goals", path + (index,))
            if kid.data is None or kid.data.kind != address.kind:
                self._rebuild(parent, offset, models, results, path, depth)  # a row of another kind here
                return
            kid.data = address
            self._set_row(kid, self._parts(address, model, res), depth)
            kid.refresh()
            self._seen[kid.id] = (model, res)
            if not isinstance(model, Indicator):
                kids_of_model = children_of(model)
                if kid.allow_expand != bool(kids_of_model):  # the setter redraws the whole tree
                    kid.allow_expand = bool(kids_of_model)
                if kids_of_model and not kid.is_expanded:
                    kid.expand()
                self._sync_children(kid, 0, kids_of_model, res.children, address.path, force, depth + 1)

    def _rebuild(self, parent: TreeNode[Address], offset: int, models: tuple, results: tuple,
                 path: tuple[int, ...], depth: int) -> None:
        for kid in list(parent.children)[offset:]:
            self._forget(kid)
            kid.remove()
        self._add_nodes(parent, models, results, path, depth)

    def _forget(self, node: TreeNode[Address]) -> None:
        self._seen.pop(node.id, None)
        self._rows.pop(node.id, None)
        self._later.pop(node.id, None)
        for child in node.children:
            self._forget(child)

    # -- finding rows ---------------------------------------------------------------

    def node_for(self, address: Address) -> TreeNode[Address] | None:
        if address.section == "document":
            return self.root
        kids = self.root.children
        if address.section == "execution":
            return kids[0] if kids else None
        node: TreeNode[Address] = self.root
        if self.session.flat:
            return self._flat_node_for(address)
        offset = 1
        for index in address.path:
            children = node.children
            if not 0 <= index + offset < len(children):
                return None
            node = children[index + offset]
            offset = 0
        return node

    def _flat_node_for(self, address: Address) -> TreeNode[Address] | None:
        """In a flat form a row's place in the tree is not its path: the node whose address
        is `address`, or else the row nearest above it shown (an unnamed level's: its
        first indicator; the form when it holds none)."""
        node: TreeNode[Address] = self.root
        path = address.path
        while True:
            below = None
            for child in node.children:
                data = child.data
                if data is None or data.section != "goals":
                    continue
                if data.path == path[:len(data.path)]:
                    below = child
                    break
                if below is None and data.path[:len(path)] == path:
                    return child  # an unnamed level: its first row shown
            if below is None:
                return node
            if below.data.path == path:
                return below
            node = below

    def select_address(self, address: Address) -> None:
        """Move the cursor to a node, expanding what is above it."""
        node = self.node_for(address)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
            parent = parent.parent
        build_tree_lines(self)  # the line index now, so the new node has its line
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    @property
    def address(self) -> Address:
        node = self.cursor_node
        return node.data if node is not None and node.data is not None else FORM

    # -- keys ----------------------------------------------------------------------

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.children:
            return
        if not node.is_expanded:
            node.expand()
        else:
            self.move_cursor(node.children[0])


def _worst_of(result: Any):
    """The worst severity in the whole form, from the parts' own summaries."""
    best = None
    severities = [result.execution.worst] + [g.worst for g in result.goals]
    severities += [f.severity for f in result.document_findings]
    for severity in severities:
        if severity is not None and (best is None or severity.rank < best.rank):
            best = severity
    return best
