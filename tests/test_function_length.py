"""Each function reads in one sitting: at most LIMIT lines, from its `def`
to its last line (a nested function counts on its own and inside the
function that holds it).

ALLOWED names the functions still over the limit, each with why; it only
shrinks: an entry no longer over the limit fails too, so that it is taken
off.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "scoring", "exchange", "tui", "jixiao")
LIMIT = 60

ALLOWED: dict[str, str] = {}  # the export's layout functions (issue 22) are split: none left


def _lengths(path: Path, root: Path = ROOT) -> dict[str, int]:
    """`file::Class.function` -> its length in lines, for every function of the file."""
    found: dict[str, int] = {}
    where = path.relative_to(root).as_posix()

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                found[f"{where}::{name}"] = child.end_lineno - child.lineno + 1
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def _all_lengths() -> dict[str, int]:
    found: dict[str, int] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found.update(_lengths(path))
    return found


def test_no_function_is_over_the_limit():
    over = {name: n for name, n in _all_lengths().items() if n > LIMIT and name not in ALLOWED}
    assert over == {}, f"functions over {LIMIT} lines (split them by meaning): {over}"


def test_the_allowed_list_holds_only_functions_still_over_the_limit():
    lengths = _all_lengths()
    stale = [name for name in ALLOWED if lengths.get(name, 0) <= LIMIT]
    assert stale == [], f"no longer over {LIMIT} lines (or gone): take them off ALLOWED: {stale}"


def test_lengths_are_counted_from_def_to_the_last_line(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    source = tmp_path / "m.py"
    source.write_text(f"class C:\n    def long(self):\n    {body.replace(chr(10), chr(10) + '    ')}\n"
                      "        def inner():\n            return 1\n\n"
                      "def short():\n    return 2\n", encoding="utf-8")
    found = _lengths(source, tmp_path)
    assert found["m.py::C.long"] == LIMIT + 3 and found["m.py::C.long.inner"] == 2
    assert found["m.py::short"] == 2
