"""The templates (blank forms) and sample forms jixiao ships, read as package data.

They live in `sample_data/` (`templates/` for the blanks) and are found with
`importlib.resources`, so the same code works in a source checkout, an
editable install and an installed wheel. No Textual, no pydantic at import.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from .regular import open_regular

__all__ = ["TEMPLATES", "template_file", "template_files", "sample_files", "read_title"]

# name -> what it is (shown by `jixiao new --list` and on the start screen)
TEMPLATES = {
    "wuhan-department": "湖北/武汉 部门整体支出绩效自评表（预算执行 20 + 年度目标 80）",
    "wuhan-project": "武汉 项目支出绩效自评表（预算执行 20 + 总目标 20 + 绩效指标 60）",
    "central-project": "中央部门 项目支出绩效自评表（预算执行 10 + 产出 50 / 效益 30 / 满意度 10）",
}


def _root() -> Traversable:
    return files("sample_data")


def template_file(name: str) -> Path | None:
    """The file of template `name`, or None when there is no such template."""
    if name not in TEMPLATES:
        return None
    found = _root() / "templates" / f"{name}.toml"
    return Path(str(found)) if found.is_file() else None


def template_files() -> list[tuple[str, str, Path]]:
    """(name, description, file) of every template shipped, by name."""
    out = []
    for name, description in sorted(TEMPLATES.items()):
        path = template_file(name)
        if path is not None:
            out.append((name, description, path))
    return out


def sample_files() -> list[Path]:
    """The real sample forms shipped, by file name."""
    root = _root()
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith(".toml") and p.is_file())


def read_title(path: Path) -> str:
    """A form's title without loading the whole model (fast, best effort)."""
    try:
        with open(open_regular(path), encoding="utf-8") as fh:  # a pipe: refused, never waited for
            for _, line in zip(range(40), fh):
                if line.startswith("["):
                    break  # a table: a goal's title is not the form's
                if line.startswith("title") and "=" in line:
                    value = line.split("=", 1)[1].strip()
                    if value.startswith('"') and value.endswith('"'):
                        return value[1:-1]
    except (OSError, UnicodeDecodeError):
        return ""
    return ""
