"""Every library the program imports is declared in pyproject.toml's dependencies.

The shipped packages are parsed (imports inside functions included); each
top-level module that is neither the standard library nor one of jixiao's own
packages must belong to a distribution named in `[project] dependencies`, so an
installed jixiao never misses a library that only happened to be in the
developer's environment (as rich once was, imported by 17 modules but only
present because Textual needs it).
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


def own_packages() -> set[str]:
    include = _pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.split(".")[0].rstrip("*") for pattern in include}


def declared() -> set[str]:
    """The distributions named in [project] dependencies, normalised."""
    return {_normal(re.match(r"[A-Za-z0-9._-]+", req).group()) for req in _pyproject()["project"]["dependencies"]}


def third_party_imports(source: str, own: set[str]) -> set[str]:
    """Top-level names of the absolute imports in `source` that are not stdlib or `own`."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in own and n != "__future__"}


def undeclared(imports: dict[str, set[str]], allowed: set[str]) -> dict[str, str]:
    """module -> why, for each imported module no declared distribution provides."""
    providers = packages_distributions()
    out = {}
    for module, files in sorted(imports.items()):
        dists = {_normal(d) for d in providers.get(module, [])}
        where = ", ".join(sorted(files)[:3])
        if not dists:
            out[module] = f"no installed distribution provides it (imported in {where})"
        elif not dists & allowed:
            out[module] = f"from {sorted(dists)}, not in [project] dependencies (imported in {where})"
    return out


def shipped_imports() -> dict[str, set[str]]:
    own = own_packages()
    found: dict[str, set[str]] = {}
    for package in sorted(own):
        for path in (ROOT / package).rglob("*.py"):
            for module in third_party_imports(path.read_text(encoding="utf-8"), own):
                found.setdefault(module, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_every_imported_library_is_a_declared_dependency():
    imports = shipped_imports()
    # the scan sees the libraries the layers are built on
    assert {"pydantic", "textual", "rich", "openpyxl"} <= set(imports)
    problems = undeclared(imports, declared())
    assert not problems, "\n".join(f"{m}: {why}" for m, why in problems.items())


def test_the_check_finds_an_undeclared_library():
    # pytest is installed here (a dev extra) but not a run-time dependency;
    # an import inside a function counts like one at the top
    source = "import os\nfrom model import x\ndef f():\n    import pytest.mark\n    from rich import text\n"
    imports = {m: {"m.py"} for m in third_party_imports(source, own_packages())}
    assert set(imports) == {"pytest", "rich"}
    problems = undeclared(imports, declared())
    assert set(problems) == {"pytest"}
    assert "not in [project] dependencies" in problems["pytest"]
    assert set(undeclared({"no_such_module_xyz": {"m.py"}}, declared())) == {"no_such_module_xyz"}
