"""jixiao works installed from its wheel, and the offline bundle installs with no network.

The wheel is built from a copy of the source (offline/make_dist.py), installed
into a fresh virtual environment and run from a temporary folder, so nothing is
imported from the source tree. The dependencies' wheels come from a cache beside
this Python (`<venv>/jixiao-test-wheels/`): downloaded once from the package
index at the versions installed here, reused with `--no-index` after that.

The full bundle (Windows and Linux, CPython 3.11-3.13) needs the package index
for every run; that test runs only with JIXIAO_NETWORK_TESTS=1.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# The embeddable Windows Python of the Windows lane (offline/wine_lane.py) has
# neither venv nor pip: these tests need a full CPython.
venv = pytest.importorskip("venv", reason="needs a full CPython with venv and pip "
                           "(the Windows lane's embeddable Python has neither)")
from filelock import FileLock

from model.templates import TEMPLATES, sample_files

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(sys.prefix) / "jixiao-test-wheels"
BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"


def _load_make_dist():
    spec = importlib.util.spec_from_file_location("make_dist", ROOT / "offline" / "make_dist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_dist = _load_make_dist()


def tree_files() -> set[str]:
    """Every file of the shipped packages in the source tree (what the wheel must hold)."""
    found = set()
    for package in make_dist.package_roots():
        for path in (ROOT / package).rglob("*"):
            relative = path.relative_to(ROOT)
            if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in relative.parts):
                continue
            if path.suffix in (".pyc", ".bak") or path.name.endswith("~"):
                continue
            found.add(relative.as_posix())
    return found


def data_files() -> set[str]:
    return {f for f in tree_files() if not f.endswith(".py")}


def clean_env(tmp: Path) -> dict[str, str]:
    """No source tree on the path, no pip configuration, state and settings in `tmp`."""
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith("PIP_") and k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(PIP_CONFIG_FILE=os.devnull, PYTHONIOENCODING="utf-8",
               JIXIAO_STATE_DIR=str(tmp / "state"), JIXIAO_CONFIG_DIR=str(tmp / "config"))
    return env


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The jixiao wheel, with its dependencies' wheels in CACHE."""
    built = make_dist.build_wheel(tmp_path_factory.mktemp("wheel"))
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE) + ".lock"):  # two test workers may fill it at once
        constraints = make_dist.write_constraints(tmp_path_factory.mktemp("pins") / "pins.txt")
        try:
            make_dist.download(built, CACHE, constraints, find_links=CACHE)
        except make_dist.BuildError:  # first run, or a dependency changed: from the index
            make_dist.download(built, CACHE, constraints)
    return built


def test_the_wheel_holds_every_file_of_the_packages(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = sorted(tree_files() - names)
    assert not missing, (f"not in the wheel: {missing}; add the file's extension to "
                         "[tool.setuptools.package-data] in pyproject.toml")
    # the shipped data files are found: the stylesheet, templates and samples among them
    assert "tui/app.tcss" in names
    assert {f"sample_data/templates/{t}.toml" for t in TEMPLATES} <= names
    tops = {n.split("/")[0] for n in names if ".dist-info/" not in n}
    assert tops == set(make_dist.package_roots())  # no tests/, benchmarks/, docs/


def from_source(args: list, cwd: Path, monkeypatch, capsys) -> tuple[int, str]:
    """What the command prints run from the source tree (in this process)."""
    from jixiao.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "1")  # main() sets it; keep it local
    capsys.readouterr()
    code = main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_installed_wheel_runs_from_another_folder(wheel, tmp_path, monkeypatch, capsys):
    env_dir = tmp_path / "fresh venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / BIN / f"python{EXE}"
    env = clean_env(tmp_path)
    install = run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                   "--no-compile", "--no-index", "--find-links", CACHE, wheel], tmp_path, env)
    assert install.returncode == 0, install.stdout + install.stderr

    work, source = tmp_path / "work", tmp_path / "source"
    work.mkdir()
    source.mkdir()
    form = "某项目.toml"
    jixiao = env_dir / BIN / f"jixiao{EXE}"
    steps = {
        "new": ["new", "--template", "wuhan-project", "--unit", "某单位", "--year", "2025", form],
        "score": ["score", form],
        "check": ["check", form],
        "json": ["score", "--json", SAMPLE],
        "check sample": ["check", SAMPLE],
    }
    got = {}
    for key, step in steps.items():
        got[key] = run([jixiao] + step, work, env)
        want = from_source(step, source, monkeypatch, capsys)
        assert (got[key].returncode, got[key].stdout) == want, (step, got[key].stderr)
    # the steps did their work (the comparison alone would pass if both failed alike)
    assert [got[k].returncode for k in ("new", "score")] == [0, 0]
    assert got["check"].returncode in (0, 1) and form in got["check"].stdout
    assert (work / form).read_bytes() == (source / form).read_bytes()
    assert "某单位" in (work / form).read_text(encoding="utf-8")
    assert json.loads(got["json"].stdout)["total"] > 0
    assert "[" in got["check sample"].stdout  # findings listed

    help_ = run([python, "-m", "jixiao", "--help"], work, env)
    assert help_.returncode == 0 and "check" in help_.stdout and "usage: jixiao" in help_.stdout

    # the installed app: imported from the fresh venv, its data files where the code looks
    probe = """
import importlib.resources, inspect, json, sys
import jixiao, model, tui.app, textual
from textual.app import App
from model.templates import template_files, sample_files
css = []
for value in vars(tui.app).values():
    if inspect.isclass(value) and issubclass(value, App) and value.__module__ == "tui.app":
        paths = value.CSS_PATH if isinstance(value.CSS_PATH, list) else [value.CSS_PATH]
        css += [str(p) for p in paths if p]
data = {}
for name in json.loads(sys.argv[1]):
    top, *rest = name.split("/")
    data[name] = importlib.resources.files(top).joinpath(*rest).is_file()
print(json.dumps({
    "modules": [m.__file__ for m in (jixiao, model, tui.app, textual)],
    "css": css,
    "templates": [name for name, _, path in template_files() if path.is_file()],
    "samples": [p.name for p in sample_files()],
    "data": data,
}))
"""
    seen = run([python, "-c", probe, json.dumps(sorted(data_files()))], work, env)
    assert seen.returncode == 0, seen.stderr
    found = json.loads(seen.stdout)
    prefix = str(env_dir.resolve())
    assert all(str(Path(f).resolve()).startswith(prefix) for f in found["modules"]), found["modules"]
    assert found["css"] and all(Path(p).is_file() and str(Path(p).resolve()).startswith(prefix)
                                for p in found["css"]), found["css"]
    assert found["templates"] == sorted(TEMPLATES)
    assert found["samples"] == [p.name for p in sample_files()]
    assert found["data"] and all(found["data"].values()), found["data"]


def _text_lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1]


@pytest.mark.skipif(os.name == "nt", reason="install.sh and its launcher are for Linux")
def test_offline_bundle_installs_with_no_network(wheel, tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    archive = make_dist.make_bundle(out, host=True, find_links=CACHE, wheel=wheel)
    name = f"jixiao-{make_dist.project()['version']}-offline"
    assert archive == out / f"{name}.zip"

    with zipfile.ZipFile(archive) as zf:
        entries = {i.filename: i for i in zf.infolist()}
        assert all(e.startswith(name + "/") for e in entries)
        assert entries[f"{name}/install.sh"].external_attr >> 16 & 0o111
        bat = zf.read(f"{name}/install.bat")
        readme = zf.read(f"{name}/README.txt")
        sh = zf.read(f"{name}/install.sh")
        place = tmp_path / "办公 电脑"  # Chinese and a space in the path
        zf.extractall(place)
    # install.bat: CRLF everywhere, no BOM, nothing but ASCII before it switches to UTF-8
    assert bat.startswith(b"@echo off\r\n")
    assert all(line.endswith(b"\r") for line in _text_lines(bat)) and bat.endswith(b"\r\n")
    assert bat[:bat.index(b"chcp 65001")].isascii() and not bat.isascii()
    assert readme.startswith(b"\xef\xbb\xbf") and all(line.endswith(b"\r") for line in _text_lines(readme))
    assert b"\r" not in sh and sh.startswith(b"#!/bin/sh\n")

    bundle = place / name
    old_env = bundle / ".venv"  # an earlier install (the update path): replaced
    old_env.mkdir()
    (old_env / "pyvenv.cfg").write_text("home = /nowhere\n", encoding="utf-8")
    (old_env / "stale").write_text("", encoding="utf-8")
    env = clean_env(tmp_path)
    env["PYTHON"] = sys.executable
    done = run(["sh", bundle / "install.sh"], tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "安装完成" in done.stdout and "Installed" in done.stdout
    assert not (old_env / "stale").exists()

    # the launcher works from elsewhere, also through a link on the PATH
    launcher = bundle / "jixiao"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "jixiao").symlink_to(launcher)
    want = from_source(["check", SAMPLE], tmp_path, monkeypatch, capsys)
    assert "[" in want[1]  # findings listed
    for command in (launcher, tmp_path / "bin" / "jixiao"):
        got = run([command, "check", SAMPLE], tmp_path, env)
        assert (got.returncode, got.stdout) == want, got.stderr
    where = run([bundle / ".venv" / "bin" / "python", "-c", "import jixiao; print(jixiao.__file__)"],
                tmp_path, env)
    assert where.stdout.startswith(str(bundle / ".venv"))


def test_installer_refuses_a_python_the_bundle_does_not_fit(tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "wheelhouse").mkdir(parents=True)
    for wheel_name in ("jixiao-0.1.0-py3-none-any.whl", "pip-1.0-py3-none-any.whl"):
        (bundle / "wheelhouse" / wheel_name).write_bytes(b"")
    (bundle / "install.py").write_bytes((ROOT / "offline" / "install.py").read_bytes())
    this = "%d.%d" % sys.version_info[:2]
    env = clean_env(tmp_path)
    for versions, fits in ((["3.99"], False), ([this], True)):
        info = {"name": "jixiao", "version": "0.1.0", "python": versions, "platforms": []}
        (bundle / "bundle.json").write_text(json.dumps(info), encoding="utf-8")
        check = run([sys.executable, bundle / "install.py", "--check"], tmp_path, env)
        assert check.returncode == (0 if fits else 3)
    (bundle / "bundle.json").write_text(json.dumps(dict(info, python=["3.99"])), encoding="utf-8")
    refused = run([sys.executable, bundle / "install.py"], tmp_path, env)
    assert refused.returncode == 3
    assert "3.99" in refused.stderr and this in refused.stderr and "PYTHON=" in refused.stderr
    assert not (bundle / ".venv").exists()
    # a folder that is not the whole bundle (install.bat opened inside the zip) is said so
    (bundle / "bundle.json").unlink()
    partial = run([sys.executable, bundle / "install.py"], tmp_path, env)
    assert partial.returncode == 1 and "解压" in partial.stderr and not (bundle / ".venv").exists()


@pytest.mark.skipif(os.environ.get("JIXIAO_NETWORK_TESTS") != "1",
                    reason="downloads wheels for every platform: JIXIAO_NETWORK_TESTS=1")
def test_full_bundle_holds_wheels_for_windows_and_linux(tmp_path):
    """Windows x86_64, Linux x86_64 and aarch64, CPython 3.11-3.13; and the Windows bundle."""
    out = tmp_path / "dist"
    archive = make_dist.make_bundle(out)  # also checks each target resolves with --no-index
    wheels = [p.name for p in (out / "wheelhouse").glob("*.whl")]
    for python in make_dist.PYTHONS:
        abi = "cp" + python.replace(".", "")
        for platform in ("win_amd64", "x86_64", "aarch64"):
            for compiled in ("pydantic_core-", "lxml-"):
                assert any(abi in w and platform in w for w in wheels if w.startswith(compiled)), \
                    (python, platform, compiled)
    distributions = [w.split("-")[0].lower() for w in wheels if w.endswith("-none-any.whl")]
    assert len(distributions) == len(set(distributions))  # pure-Python wheels once
    assert json.loads((out / "bundle.json").read_text())["python"] == list(make_dist.PYTHONS)
    assert archive.stat().st_size > 0
    # beside it, the Windows bundle with Python inside, from the same wheels
    windows = make_dist.make_windows_bundle(out, out / "wheelhouse")
    with zipfile.ZipFile(windows) as zf:
        names = set(zf.namelist())
    top = windows.stem
    assert {f"{top}/python/python.exe", f"{top}/绩效自评.bat", f"{top}/jixiao.bat",
            f"{top}/lib/jixiao/cli.py"} <= names
    assert not any(n.endswith("bcryptprimitives.dll") for n in names)  # the Wine lane's only


def _load_installer():
    spec = importlib.util.spec_from_file_location("bundle_install", ROOT / "offline" / "install.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux machines of the bundle")
@pytest.mark.parametrize(("machine", "fits"), [("x86_64", True), ("aarch64", True), ("loongarch64", False)])
def test_installer_takes_the_linux_machines_the_bundle_has_wheels_for(monkeypatch, machine, fits):
    installer = _load_installer()
    this = "%d.%d" % sys.version_info[:2]
    info = {"name": "jixiao", "version": "0.1.0", "python": [this],
            "platforms": list(make_dist.PLATFORMS), "not_covered": make_dist.NOT_COVERED}
    monkeypatch.setattr(installer.platform, "machine", lambda: machine)
    reason = installer.unfit(info)
    assert (reason is None) == fits
    if not fits:  # says which machines it is for, and why not this one
        assert "Linux aarch64" in reason[0] and "pydantic-core" in reason[0] and "README.txt" in reason[1]
