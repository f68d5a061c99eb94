"""Where the app keeps its own small files (no Textual).

- the recent-files list, in the per-user state folder (platformdirs);
- the key remapping file `keys.toml`, in the per-user config folder:

      [keys]
      save = "ctrl+w"        # binding id = key(s), comma-separated
      "tree.add" = "n"

`JIXIAO_STATE_DIR` and `JIXIAO_CONFIG_DIR` override the folders (tests use
them so they never touch the real home folder).
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from . import strings as S

__all__ = ["state_dir", "config_dir", "RecentFiles", "load_keymap", "keys_file"]

RECENT_LIMIT = 10


def state_dir() -> Path:
    override = os.environ.get("JIXIAO_STATE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_state_dir("jixiao", appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("JIXIAO_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("jixiao", appauthor=False))


def keys_file() -> Path:
    return config_dir() / "keys.toml"


class RecentFiles:
    """The forms opened lately, newest first (a small JSON list)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = (folder or state_dir()) / "recent.json"

    def load(self) -> list[str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [item for item in data if isinstance(item, str)][:RECENT_LIMIT]

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put `path` first. Failing to record it is never an error for the person."""
        entry = str(Path(path).expanduser().resolve())
        items = [entry] + [p for p in self.load() if p != entry]
        try:
            from model.storage import atomic_write

            self.file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.file, json.dumps(items[:RECENT_LIMIT], ensure_ascii=False,
                                                indent=1).encode("utf-8"))
        except OSError:
            pass


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The key remapping ({binding id: keys}) and an error message, if any."""
    path = path or keys_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        return {}, str(exc)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {}, str(exc)
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        return {}, S.KEYMAP_FORMAT
    return {str(k): v for k, v in keys.items()}, None
