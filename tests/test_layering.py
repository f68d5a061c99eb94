"""The layers stay apart: model <- scoring <- exchange <- tui, and Textual only in tui.

Each check runs in a fresh interpreter, because this test process may
already have imported Textual for other tests.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from platforms import posix_only

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"


def _fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


_PROBE = """
import sys
{imports}
bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})
print(','.join(bad))
"""


@pytest.mark.parametrize(("imports", "forbidden"), [
    ("import model, model.files, model.edit, model.values", ("textual", "tui", "scoring", "exchange")),
    ("import scoring, scoring.engine, scoring.rules, scoring.findings", ("textual", "tui", "exchange")),
    ("import exchange, pkgutil, importlib\n"
     "for m in pkgutil.iter_modules(exchange.__path__): importlib.import_module('exchange.' + m.name)",
     ("textual", "tui")),
    ("import tui", ("textual",)),
    ("import jixiao.cli", ("textual",)),
])
def test_importing_a_layer_does_not_pull_in_the_layers_above(imports, forbidden):
    run = _fresh(_PROBE.format(imports=imports, forbidden=forbidden))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", f"{imports!r} imported {run.stdout.strip()}"


def test_the_probe_can_fail():
    # the same probe does see Textual when it is imported
    run = _fresh(_PROBE.format(imports="import textual", forbidden=("textual",)))
    assert run.stdout.strip().split(",")[0] == "textual"


def _imported_modules(cmd: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run a command with -X importtime and return the modules it imported."""
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1", PYTHONDONTWRITEBYTECODE="1")
    run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", cwd=tmp_path,
                         env=env, timeout=120)  # jixiao writes UTF-8 whatever the code page
    modules = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            modules.add(line.rsplit("|", 1)[1].strip())
    return run, modules


def _commands(tmp_path: Path) -> list[tuple[str, list[str], int]]:
    jixiao = Path(sys.executable).with_name("jixiao")
    py = [sys.executable, "-m", "jixiao.cli"]
    new_file = str(tmp_path / "新表.toml")
    out = [
        ("python -m jixiao.cli check", py + ["check", str(SAMPLE)], 1),
        ("python -m jixiao.cli score --json", py + ["score", "--json", str(SAMPLE)], 0),
        ("python -m jixiao.cli new", py + ["new", "--template", "wuhan-department", new_file], 0),
    ]
    if jixiao.exists():
        out.append(("jixiao check", [str(jixiao), "check", str(SAMPLE)], 1))
    return out


@pytest.mark.parametrize("which", ["python -m jixiao.cli check", "python -m jixiao.cli score --json",
                                   "python -m jixiao.cli new", pytest.param("jixiao check", marks=posix_only(
                                       "the `jixiao` script of a Linux venv's bin/; the Windows bundle's "
                                       "jixiao.bat is run by test_windows_bundle.py"))])
def test_the_command_line_does_not_import_textual(which, tmp_path):
    commands = {name: (cmd, rc) for name, cmd, rc in _commands(tmp_path)}
    if which not in commands:
        pytest.fail(f"{which}: {Path(sys.executable).with_name('jixiao')} is missing; "
                    "run `.venv/bin/pip install -e '.[dev]'`")
    cmd, expected_rc = commands[which]
    # run from the repository so `-m jixiao.cli` finds the package even when not installed
    run, modules = _imported_modules(cmd, ROOT)
    assert run.returncode == expected_rc, run.stderr[-2000:]
    assert "model" in modules  # the probe sees real imports
    if "new" not in which:
        assert "scoring" in modules
    textual = sorted(m for m in modules if m == "textual" or m.startswith("textual."))
    assert textual == [], f"{which} imported {textual[:5]}"
    assert "Traceback" not in run.stderr


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(("package", "forbidden"), [
    ("model", {"scoring", "exchange", "tui", "jixiao", "textual"}),
    ("scoring", {"exchange", "tui", "jixiao", "textual"}),
    ("exchange", {"tui", "jixiao", "textual"}),
    ("tui", {"jixiao"}),  # the entry points sit on top of the app, not under it
])
def test_no_source_file_imports_a_layer_above(package, forbidden):
    # also catches imports inside functions, which the subprocess probe only
    # sees when that function runs
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imports_of(path) & forbidden
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


# the command palette looks up the main screen when it runs: the one late import allowed
ALLOWED_LATE = {("tui.commands", "tui.screens.main")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _tui_graph() -> dict[str, set[str]]:
    """tui module -> the tui modules it imports, imports inside functions and
    under TYPE_CHECKING included."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tui").rglob("*.py")):
        me = _module_name(path)
        package = me.split(".") if path.name == "__init__.py" else me.split(".")[:-1]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                names = []
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    as_module = ROOT / Path(*full.split("."))
                    names.append(full if as_module.with_suffix(".py").exists() or as_module.is_dir()
                                 else base)
            else:
                continue
            found.update(n for n in names if n.split(".")[0] == "tui" and n != me)
        graph[me] = found
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in done:
            return
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if (node, nxt) not in ALLOWED_LATE:
                visit(nxt, stack)
        stack.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return cycles


def test_tui_modules_import_each_other_without_cycles():
    graph = _tui_graph()
    assert "tui.screens.main" in graph["tui.app"]  # the graph sees real imports
    cycles = _cycles(graph)
    assert cycles == [], "import cycles in tui/: " + "; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_can_fail():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
