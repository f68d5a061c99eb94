"""The Windows bundle with Python inside (`make dist`, docs/install.md):

    jixiao-VERSION-windows/
        绩效自评.bat       double-click: the app, in Windows Terminal where
                           present, else in a console window set for Chinese
        jixiao.bat         from a console: `jixiao.bat FORM.toml`, `jixiao.bat check FORM.toml`
        关联表单文件.bat   double-clicking a .toml opens it in jixiao (this user only)
        README.txt
        python\\            the embeddable CPython 3.13 for win_amd64 (python.org's), unchanged
                           but for python313._pth, which adds ..\\lib and turns on `import site`
        lib\\               jixiao and its dependencies (the Windows wheels, unpacked)
        tools\\winsetup.py  the registry settings the .bat files ask for (HKCU only)

No installer, no administrator rights, no network: unzip anywhere and run.
The .bat files are ASCII (cmd reads them in the console's code page); the
Chinese in names and messages comes from Python. Standard library only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import embed  # noqa: E402

WINDOWS = HERE / "windows"  # the bundle's own files
TAGS = ["--platform=win_amd64", f"--python-version={embed.PYTHON}", "--implementation=cp",
        "--abi=cp313", "--only-binary=:all:"]
# Files of the bundle and their line endings (.bat: CRLF; README: CRLF and a BOM for Notepad)
FILES = {"绩效自评.bat": "\r\n", "jixiao.bat": "\r\n", "关联表单文件.bat": "\r\n",
         "README.txt": "\r\n", "winsetup.py": "\n"}
NEVER_SHIPPED = ("bcryptprimitives.dll",)  # the Wine lane's stand-in: Windows has its own


class BundleError(Exception):
    pass


def install_lib(lib: Path, wheelhouse: Path, name: str, version: str, env: dict[str, str]) -> None:
    """jixiao and its dependencies for Windows CPython 3.13, from the wheelhouse alone."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
               "--no-index", f"--find-links={wheelhouse}", "--no-compile", "--target", str(lib),
               *TAGS, f"{name}=={version}"]
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise BundleError(f"failed: {' '.join(command)}\n{run.stdout}{run.stderr}")
    for path in lib.glob("bin"):  # console-script stubs for Linux: not used
        shutil.rmtree(path)


def copy_files(folder: Path) -> None:
    for name, newline in FILES.items():
        text = (WINDOWS / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        data = text.replace("\n", newline).encode("utf-8")
        if name == "README.txt":
            data = b"\xef\xbb\xbf" + data
        if name.endswith(".bat"):
            data.decode("ascii")  # cmd reads .bat files in the console's code page
        target = folder / ("tools" if name.endswith(".py") else "") / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(data)


def build(out: Path, wheelhouse: Path, name: str, version: str, env: dict[str, str],
          embed_cache: Path) -> Path:
    """The Windows bundle's folder `out/NAME-VERSION-windows/`; returns it."""
    folder = out / f"{name}-{version}-windows"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    python = embed.unpack(embed.fetch_sdist(embed_cache), folder / "python")
    embed.write_pth(python, [r"..\lib"])
    install_lib(folder / "lib", wheelhouse, name, version, env)
    copy_files(folder)
    for banned in NEVER_SHIPPED:
        if any(folder.rglob(banned)):
            raise BundleError(f"{banned} must not be in the bundle")
    return folder


def default_embed_cache() -> Path:
    return Path(tempfile.gettempdir()) / "jixiao-python-embed"
