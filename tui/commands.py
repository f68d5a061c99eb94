"""The command palette (ctrl+p): every action, and a jump to any goal, level
or indicator by fuzzy name (Chinese included: matching is per character) or
by pinyin, initials or full (`kphd` or `kepu` finds 科普活动…; tui/pinyin.py).

Prompts are built as Rich Text with the matched characters highlighted, so a
name containing markup is shown as typed.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from . import keys, strings as S
from .pinyin import is_pinyin_query, pinyin_match
from .session import Address, flat_step
from .text import clip, one_line

MAX_NODE_HITS = 60
# what a person looks for first in the empty palette, in this order; the
# other commands follow in the help screen's order, quitting last
COMMON = ("grid", "save", "undo", "import", "export", "report", "whatif", "open", "help",
          "rollup", "save_as", "redo")
LAST = ("quit",)


def _rank(binding_id: str) -> int:
    if binding_id in COMMON:
        return COMMON.index(binding_id)
    return len(COMMON) + (1 if binding_id in LAST else 0)


def _highlight(matcher: Any, candidate: str) -> Text:
    text = Text(candidate, no_wrap=True, end="")
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            text.stylize("bold reverse", offset, offset + 1)
    return text


class JixiaoCommands(Provider):
    """Actions of the main screen and nodes of the open form."""

    def _main(self) -> Any:
        from .screens.main import MainScreen

        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def _actions(self) -> list[tuple[str, str, str, Any]]:
        """(title, description, key, callback) for every action with a binding."""
        from .screens.help import key_text

        main = self._main()
        out: list[tuple[str, str, str, Any]] = []
        seen: set[str] = set()
        bindings = sorted(keys.all_bindings(), key=lambda b: _rank(b.id or ""))
        for binding in bindings:
            binding_id = binding.id or ""
            title, description = S.ACTIONS[binding_id]
            if binding_id in (keys.PALETTE_ID, "tree_down", "tree_up") or title in seen:
                continue
            action = binding.action
            if binding in keys.APP:
                callback = partial(self.app.run_action, action)
            elif main is None:
                continue
            elif binding in keys.EDITOR:
                callback = partial(main.editor.run_action, action)
            elif binding in keys.TREE and not action.startswith("screen."):
                callback = partial(main.tree.run_action, action)
            else:
                callback = partial(main.run_action, action.removeprefix("screen."))
            seen.add(title)
            out.append((title, description, key_text(self.app, binding), callback))
        return out

    def _nodes(self) -> list[tuple[str, str, Address]]:
        main = self._main()
        if main is None:
            return []
        out = []
        doc, flat = main.session.doc, main.session.flat
        for address, node, names in main.session.iter_addresses():
            if flat_step(doc, node):
                continue  # a flat form's unnamed levels: no row to go to, no step of a place
            name = getattr(node, "title", None) if address.kind == "goal" else getattr(node, "name", "")
            name = one_line((name or "").strip() or S.UNNAMED)
            kind = S.KIND_NAMES[address.kind]
            path = " / ".join(one_line(n.strip() or S.UNNAMED) for n in names if n.strip() or not flat)
            out.append((name, f"{kind} · {path}" if path else kind, address))
        return out

    async def discover(self) -> Hits:
        for title, description, key, callback in self._actions():
            yield DiscoveryHit(Text(f"{title}  ({key})", end=""), callback, text=title,
                               help=_help(description))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, description, key, callback in self._actions():
            score = max(matcher.match(title), matcher.match(description) * 0.6)
            if score > 0:
                found = True
                prompt = _highlight(matcher, title)
                prompt.append(f"  ({key})", style="dim")
                yield Hit(score, prompt, callback, text=title, help=_help(description))
        main = self._main()
        hits = []
        by_pinyin = is_pinyin_query(query)
        for name, where, address in self._nodes():
            score = matcher.match(name)
            offsets: tuple[int, ...] | None = None
            if by_pinyin:
                spelled, matched = pinyin_match(query, name)
                if spelled > score:
                    score, offsets = spelled, matched
            if score > 0:
                hits.append((score, name, where, address, offsets))
        hits.sort(key=lambda h: -h[0])
        for score, name, where, address, offsets in hits[:MAX_NODE_HITS]:
            found = True
            prompt = Text(S.PALETTE_JUMP.format(kind=where.split(" · ")[0], name=""), style="dim",
                          no_wrap=True, end="")
            shown = clip(name, 60)
            if offsets is None:
                prompt.append_text(_highlight(matcher, shown))
            else:
                prompt.append_text(_marked(shown, offsets))
            yield Hit(score * 0.95, prompt, partial(main.go_to, address), text=name,
                      help=_help(where))
        if not found:
            yield Hit(0.01, Text(S.PALETTE_NO_MATCH, style="dim"), _nothing, text=query)


def _marked(name: str, offsets: tuple[int, ...]) -> Text:
    """A name with the characters a pinyin query matched highlighted."""
    text = Text(name, no_wrap=True, end="")
    for offset in offsets:
        if offset < len(name):
            text.stylize("bold reverse", offset, offset + 1)
    return text


def _help(text: str) -> str:
    # the palette reads help as markup: escape it so user text stays literal
    from textual.markup import escape

    return escape(text)


def _nothing() -> None:
    return None
