"""The fast tier (`make test-fast`, `-m "not slow"`) still covers every module.

Which tests are fast is what pytest collects with `-m "not slow"` (the rules
in tests/conftest.py). A module counts as covered when a fast test imports
it: at the top of its file, in one of the file's helpers or fixtures (or a
helper module of tests/), or in the test itself, or when a module so
imported imports it when it loads (at its top, not inside a function that
may never run; importing `a.b` also loads `a`). For a Pilot test, tui's
imports inside functions count too: the screens and controllers the app
loads as the test drives it; test_every_screen_has_its_fast_pilot_test
makes sure each screen has one.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from conftest import SCREEN_TESTS, SLOW_TESTS

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("model", "scoring", "exchange", "tui", "jixiao")


def _module_files() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _module_files()


HELPERS = {path.stem for path in (ROOT / "tests").glob("*.py")}  # test_app_support, builders, …


def _resolve(node: ast.Import | ast.ImportFrom, package: list[str]) -> set[str]:
    """The project modules an import statement loads (its packages included),
    and the test helper modules (tests/*.py) it names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                 for alias in node.names]
    found = set()
    for name in names:
        parts = name.split(".")
        found.update(".".join(parts[:n]) for n in range(1, len(parts) + 1)
                     if ".".join(parts[:n]) in MODULES or ".".join(parts[:n]) in HELPERS)
    return found


def _run_as_main(node: ast.List | ast.Tuple) -> set[str]:
    """`python -m NAME` in a command line: NAME (its __main__ for a package)."""
    words = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
    found = set()
    for flag, name in zip(words, words[1:]):
        if flag == "-m" and isinstance(name, str):
            main = f"{name}.__main__"
            found |= _resolve(ast.Import(names=[ast.alias(main if main in MODULES else name)]), [])
    return found


def _imports(nodes: list[ast.stmt], package: list[str], into_functions: bool) -> set[str]:
    """Imports in these statements; into_functions=False leaves out function
    bodies and `if TYPE_CHECKING:` blocks (what loading the module runs)."""
    found: set[str] = set()
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= _resolve(node, package)
        elif isinstance(node, (ast.List, ast.Tuple)):  # [sys.executable, "-m", "jixiao", ...]
            found |= _run_as_main(node)
            todo.extend(node.elts)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not into_functions:
            continue
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
        else:
            todo.extend(ast.iter_child_nodes(node))
    return found


@cache
def loads(module: str, pilot: bool = False) -> frozenset[str]:
    """`module` and every project module loading it loads, transitively.
    `pilot`: for a test driving the app, tui's imports inside functions
    count too (its screens and controllers load as the test drives them)."""
    seen = {module}
    todo = [module]
    while todo:
        name = todo.pop()
        path = MODULES[name]
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        body = ast.parse(path.read_text(encoding="utf-8")).body
        found = _imports(body, package, into_functions=False)
        if pilot and name.startswith("tui"):
            found |= {m for m in _imports(body, package, into_functions=True) if m.startswith("tui")}
        for new in found - seen:
            seen.add(new)
            todo.append(new)
    return frozenset(seen)


@cache
def _helper_imports(helper: str) -> frozenset[str]:
    """Everything a test helper module imports, in its functions too (they
    are what the tests call), and the helpers it imports in turn."""
    seen: set[str] = set()
    todo = [helper]
    while todo:
        name = todo.pop()
        tree = ast.parse((ROOT / "tests" / f"{name}.py").read_text(encoding="utf-8"))
        for found in _imports(tree.body, [], into_functions=True) - seen:
            seen.add(found)
            if found in HELPERS:
                todo.append(found)
    return frozenset(seen)


def imported_by(file: Path, test: str) -> tuple[set[str], bool]:
    """Project modules a test of this file imports: the file's top, its
    helpers and fixtures (functions not named test_*), the test itself, and
    the test helper modules (tests/*.py) these import; and whether the test
    is a Pilot test (async)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    top = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    found = _imports(top, [], into_functions=False)
    pilot = False
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and (not node.name.startswith("test") or node.name == test):
            found |= _imports(node.body, [], into_functions=True)
            pilot |= node.name == test and isinstance(node, ast.AsyncFunctionDef)
    for helper in found & HELPERS:
        found |= _helper_imports(helper)
    return found - HELPERS, pilot


def fast_tests() -> list[str]:
    run = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "--collect-only", "-q", "-m", "not slow",
                          "-p", "no:cacheprovider", "-n", "0", "tests"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return [line for line in run.stdout.splitlines() if "::" in line]


def uncovered(tests: list[str]) -> list[str]:
    covered: set[str] = set()
    for test in tests:
        file, name = test.split("::")[0], test.split("::")[-1].split("[")[0]
        modules, pilot = imported_by(ROOT / file, name)
        for module in modules:
            covered |= loads(module, pilot)
    return sorted(set(MODULES) - covered)


@pytest.mark.slow  # collects the whole suite again (a few seconds)
def test_every_module_is_imported_by_a_fast_test():
    tests = fast_tests()
    assert len(tests) > 500  # the collection saw the suite
    missing = uncovered(tests)
    assert missing == [], f"modules no fast test imports: {missing}"


def test_the_coverage_check_can_fail():
    # the fast Pilot test of the help screen alone: none of exchange's writers
    help_only = ["tests/test_app_start.py::test_help_lists_every_binding_with_its_key"]
    missing = uncovered(help_only)
    assert "tui.app" not in missing and "tui.screens.help" not in missing
    assert "exchange.xlsx" in missing and "model.storage.diff" not in missing
    # a module imported only inside a function does not count, but for a
    # Pilot test tui's own do
    assert "tui.controllers.exchange" not in loads("tui.app")
    assert "tui.controllers.exchange" in loads("tui.app", pilot=True)
    assert "exchange.importer" not in loads("tui.app", pilot=True)


def test_the_tier_rules_name_tests_that_exist():
    for key in list(SCREEN_TESTS.values()) + sorted(SLOW_TESTS):
        file, name = key.split("::")
        tree = ast.parse((ROOT / "tests" / file).read_text(encoding="utf-8"))
        names = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert name in names, f"tests/conftest.py names {key}, which does not exist"


def test_every_screen_has_its_fast_pilot_test():
    screens = set()
    for path in sorted((ROOT / "tui" / "screens").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and any(
                    ast.unparse(base).split("[")[0] in ("Screen", "ModalScreen", "Dialog")
                    for base in node.bases) and node.name != "Dialog":
                screens.add(node.name)
    named = {name.strip() for key in SCREEN_TESTS for name in key.split(",")}
    assert screens - named == set(), f"screens without a fast Pilot test: {screens - named}"
