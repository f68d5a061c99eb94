"""The layers stay apart: model <- scoring <- exchange <- tui <- jixiao,
Textual only in tui, and no import cycle anywhere.

The import contracts of pyproject.toml run through import-linter (every
import statement, those inside functions included); the Textual probes run
in a fresh interpreter, because this test process may already have imported
Textual for other tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
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


# -- import contracts (pyproject.toml [tool.importlinter]) -------------------

PACKAGES = ("model", "scoring", "exchange", "tui", "jixiao")
CONTRACTS = [c["id"] for c in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
             ["tool"]["importlinter"]["contracts"]]
# the contracts are the same on every platform: Linux runs them once
linux_runs_the_contracts = posix_only(
    "import-linter's `lint-imports` script beside the interpreter (the Windows lane's embeddable "
    "Python has no Scripts) and a copy of the tree (shutil.copytree -> CopyFile2, which Wine 8 "
    "lacks: it aborts the process); the import contracts are the same on every platform")


def _lint(root: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), f"{lint} is missing; run `.venv/bin/pip install -e '.[dev]'`"
    args = [str(lint), "--no-cache", "--no-logo"] + [f"--contract={c}" for c in contracts]
    env = dict(os.environ, PYTHONPATH=str(root))
    return subprocess.run(args, capture_output=True, text=True, cwd=root, env=env, timeout=120)


@linux_runs_the_contracts
@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_import_contracts_hold(contract):
    run = _lint(ROOT, contract)
    assert "Contracts: 1 kept, 0 broken." in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]
    assert run.returncode == 0


def _with_late_imports(tmp_path: Path, late: dict[str, str]) -> Path:
    """A copy of the tree with an import added inside a function of each
    module named in `late` (module path -> import statement)."""
    root = tmp_path / "tree"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root)
    for module, statement in late.items():
        with open(root / module, "a", encoding="utf-8") as fh:
            fh.write(f"\n\ndef _late():\n    {statement}\n")
    return root


@linux_runs_the_contracts
def test_the_contracts_see_imports_inside_functions(tmp_path):
    root = _with_late_imports(tmp_path, {
        "model/document.py": "from model import files",  # model.files imports model.document
        "scoring/rules.py": "import exchange.export",  # a lower layer importing a higher one
        "exchange/notes.py": "import textual",
    })
    run = _lint(root, "layers", "acyclic", "textual-only-in-tui")
    assert "Contracts: 0 kept, 3 broken." in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]
    assert "- .document -> .files" in run.stdout and "scoring.rules -> exchange.export" in run.stdout
    assert run.returncode == 1


def import_graph(graph=None) -> dict[str, set[str]]:
    """module -> the modules it imports, as Python runs them: importing
    `a.b.c` also runs `a/__init__` and `a/b/__init__` (those of packages
    the importer is not itself inside). Imports inside functions count.
    `graph`: a grimp graph (default: the tree's)."""
    import grimp

    if graph is None:
        graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    edges: dict[str, set[str]] = {m: set() for m in graph.modules}
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            parts = imported.split(".")
            for n in range(1, len(parts) + 1):
                target = ".".join(parts[:n])
                if target != importer and not importer.startswith(target + "."):
                    edges[importer].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, round and round
    (the strongly connected components of more than one module), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = stack[stack.index(node):]
            del stack[stack.index(node):]
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_module_imports_itself_round_a_cycle():
    # the cycles the acyclic_siblings contract cannot see: through a
    # package's own __init__ (a.b -> a -> a.c -> a.b)
    edges = import_graph()
    assert "model.storage" in edges["model.files"] or "model.files" in edges["model.storage.save"]
    assert cycles(edges) == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles(edges))


def test_the_cycle_check_can_fail():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_cycle_check_sees_a_package_init():
    # model.storage/__init__ imports model.storage.save, which imports
    # model.files; a (late) import of model.storage.atomic in model.files
    # runs model/storage/__init__ first: a ring of three
    import grimp

    graph = grimp.ImportGraph()
    for importer, imported in [("model.storage", "model.storage.save"),
                               ("model.storage.save", "model.files"),
                               ("model.files", "model.storage.atomic")]:
        graph.add_import(importer=importer, imported=imported)
    for module in ("model", "model.storage"):
        graph.add_module(module)
    assert cycles(import_graph(graph)) == [["model.files", "model.storage", "model.storage.save"]]
