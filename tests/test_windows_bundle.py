"""The Windows bundle with Python inside (offline/windows_bundle.py), as a
person uses it: unzipped into a folder named `绩效 自评`, its own launcher
`jixiao.bat` checks and scores a form with a Chinese name, with no network;
the app reaches its first screen headless from the bundle's Python; the
registry script sets the console and the .toml association for this user.

Runs in the Windows lane (`make test-windows`, offline/wine_lane.py), which
builds the bundle from this checkout and names its zip in
JIXIAO_WINDOWS_BUNDLE; skipped elsewhere.

Under Wine the unzipped copy gets the lane's two Wine 8 bridges (the
`bcryptprimitives.dll` stand-in beside python.exe, `_wmi.pyd` left out:
docs/install.md); the zip itself holds neither change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from jixiao.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
BUNDLE = os.environ.get("JIXIAO_WINDOWS_BUNDLE", "")
UNDER_WINE = os.environ.get("JIXIAO_WINE_LANE") == "1"

pytestmark = pytest.mark.skipif(
    sys.platform != "win32" or not BUNDLE or not Path(BUNDLE).is_file(),
    reason="needs Windows and the bundle `make test-windows` builds (JIXIAO_WINDOWS_BUNDLE)")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("unzip") / "绩效 自评"
    with zipfile.ZipFile(BUNDLE) as zf:
        assert not [n for n in zf.namelist() if n.endswith("bcryptprimitives.dll")]  # never shipped
        zf.extractall(where)
    (folder,) = where.iterdir()
    if UNDER_WINE:  # the lane's bridges for Wine 8 (see the module docstring)
        shutil.copyfile(Path(sys.executable).parent / "bcryptprimitives.dll",  # not copy2: Wine 8 lacks CopyFile2
                        folder / "python" / "bcryptprimitives.dll")
        (folder / "python" / "_wmi.pyd").unlink()
    return folder


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """No route to this checkout: the bundle's Python must find everything in the bundle."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(JIXIAO_STATE_DIR=str(tmp_path / "state"), JIXIAO_CONFIG_DIR=str(tmp_path / "config"))
    return env


def bat(script: Path, *args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run a .bat of the bundle as cmd.exe does from a console (`/s`: the
    outer quotes go, the quoted path with its space stays)."""
    line = " ".join(f'"{a}"' for a in (script, *args))
    return subprocess.run(f'cmd.exe /d /s /c "{line}"', cwd=cwd, env=env, capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def test_the_bundle_holds_python_jixiao_and_the_launchers(bundle):
    names = {p.name for p in bundle.iterdir()}
    assert {"python", "lib", "tools", "绩效自评.bat", "jixiao.bat", "关联表单文件.bat", "README.txt"} <= names
    assert (bundle / "python" / "python.exe").is_file() and (bundle / "lib" / "jixiao").is_dir()
    for launcher in ("绩效自评.bat", "jixiao.bat", "关联表单文件.bat"):
        data = (bundle / launcher).read_bytes()
        data.decode("ascii")  # cmd reads .bat files in the console's code page
        assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_the_launcher_checks_and_scores_a_chinese_named_form(bundle, tmp_path, env, capsys):
    forms = tmp_path / "表单 文件夹"
    forms.mkdir()
    form = forms / "洪山 2024 自评.toml"
    shutil.copyfile(SAMPLE, form)
    where = subprocess.run([str(bundle / "python" / "python.exe"), "-X", "utf8", "-c",
                            "import jixiao; print(jixiao.__file__)"],
                           env=env, cwd=forms, capture_output=True, stdin=subprocess.DEVNULL)
    assert Path(where.stdout.decode("utf-8").strip()).is_relative_to(bundle / "lib")
    for command, shown in (("check", str(form)), ("score", form.name)):  # a full path, a name in cwd
        run = bat(bundle / "jixiao.bat", command, shown, cwd=forms, env=env)
        # the exit code and output of this checkout's code in-process (UTF-8 through the pipe)
        expected = cli_main([command, str(form)])
        out = capsys.readouterr().out
        assert run.returncode == expected, run.stderr.decode("utf-8", "replace")
        assert run.stdout.decode("utf-8").replace("\r\n", "\n").replace(shown, str(form)) == out.replace("\r\n", "\n")
    assert expected == 0 and "总分" in out  # score


FIRST_SCREEN = """
import asyncio, sys
from tui.app import JixiaoApp
from tui.screens.start import StartScreen

async def main():
    app = JixiaoApp(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__, isinstance(app.screen, StartScreen))

asyncio.run(main())
"""


def test_the_app_reaches_its_first_screen_from_the_bundles_python(bundle, tmp_path, env):
    run = subprocess.run([str(bundle / "python" / "python.exe"), "-c", FIRST_SCREEN], env=env, cwd=tmp_path,
                         capture_output=True, stdin=subprocess.DEVNULL, timeout=300)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert run.stdout.decode("ascii").split() == ["StartScreen", "True"]


def test_the_registry_script_sets_the_console_and_the_toml_association_for_this_user(bundle, env):
    import winreg

    setup = [str(bundle / "python" / "python.exe"), str(bundle / "tools" / "winsetup.py")]
    for args in (["console"], ["associate"]):
        done = subprocess.run(setup + args, env=env, capture_output=True, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Console\jixiao") as key:
        assert winreg.QueryValueEx(key, "CodePage")[0] == 65001
        assert winreg.QueryValueEx(key, "FaceName")[0] == "新宋体"
    classes = r"Software\Classes"
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{classes}\.toml") as key:
        assert winreg.QueryValueEx(key, "")[0] == "jixiao.form"
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{classes}\jixiao.form\shell\open\command") as key:
        assert winreg.QueryValueEx(key, "")[0] == f'"{bundle / "绩效自评.bat"}" "%1"'
    undone = subprocess.run(setup + ["associate", "/remove"], env=env, capture_output=True,
                            stdin=subprocess.DEVNULL)
    assert undone.returncode == 0
    with pytest.raises(FileNotFoundError):
        winreg.OpenKey(winreg.HKEY_CURRENT_USER, rf"{classes}\jixiao.form")
