"""What screens and controllers may ask of the app, as a protocol.

Screens reach the app through `self.app`; typing it as `AppHost` (with
`cast`) names the few things they use without importing `tui.app`, which
imports the screens (no import cycle, no `type: ignore`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

__all__ = ["AppHost"]


class AppHost(Protocol):
    keymap: dict[str, str]
    """The person's remapped keys (binding id -> keys), as loaded from keys.toml."""

    def remember(self, path: Path) -> None:
        """Put a file on the recent-files list."""

    def show_start(self, can_go_back: bool = False) -> None:
        """Show the start screen (over the current form when `can_go_back`)."""

    def open_path(self, path: Path) -> bool:
        """Open a form in place of what is shown; False when it cannot be loaded
        (the load-error screen is then shown)."""
