"""`make dist`: the offline bundle for PCs and servers with no network.

    python offline/make_dist.py                  # dist/ and dist/jixiao-VERSION-offline.zip
    python offline/make_dist.py --host --out D   # for this interpreter and platform only

writes into the output folder (default `dist/`):

    wheelhouse/    the jixiao wheel, pip's wheel, and the wheel of every
                   dependency for each platform in PLATFORMS and each CPython in
                   PYTHONS (pure-Python wheels once)
    install.bat    Windows installer (CRLF), install.sh Linux installer,
    install.py     the installer both run, bundle.json what the bundle holds,
    README.txt     the short instructions (UTF-8 with BOM, CRLF: Notepad shows it)
    jixiao-VERSION-offline.zip   all of the above in one folder

Dependencies are pinned to the versions installed in the Python running this
script (the project's .venv, where the suite runs), so the bundle holds what
was tested. Each platform and Python is then checked: pip resolves jixiao from
the wheelhouse alone (`--no-index`, no pip configuration) for that target.

Needs only this Python with pip and setuptools (the project's dev extras) and
access to a package index for the downloads; `--no-index --find-links DIR`
builds from local wheels instead. Standard library only.

Limitation (pip's): when downloading for another platform, environment markers
of dependencies (`; sys_platform == "win32"`) are evaluated for this machine.
No dependency of jixiao has such a marker today; the per-target check would not
catch one, so look at `pip download` output when adding a dependency.
"""

from __future__ import annotations

import argparse
import email.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import embed  # noqa: E402  (offline/ is not a package)
import windows_bundle  # noqa: E402

# The CPython versions and platforms of the full bundle. install.bat and
# install.sh name the same versions in their messages.
PYTHONS = ("3.11", "3.12", "3.13")
# pip platform tags per target; manylinux2014 = glibc 2.17 (CentOS 7 and later;
# Kylin V10 and UOS 20 have glibc 2.28 and later), on x86_64 and on ARM
# (aarch64: Kunpeng, Phytium). install.py takes the machine from these names.
PLATFORMS = {
    "win_amd64": ("win_amd64",),
    "manylinux2014_x86_64": ("manylinux2014_x86_64", "manylinux_2_17_x86_64"),
    "manylinux2014_aarch64": ("manylinux2014_aarch64", "manylinux_2_17_aarch64"),
}
# Linux machines the bundle has no wheels for, and why (checked with pip for
# the pinned versions; docs/install.md says what to do there).
NOT_COVERED = {
    "loongarch64": "pydantic-core and lxml publish no LoongArch wheels: build the two from source "
                   "once on a LoongArch machine with network access (Rust, libxml2/libxslt), or use "
                   "jixiao on an x86 or ARM server over SSH",
}
SCRIPTS = {  # file -> line ending in the bundle
    "install.bat": "\r\n",
    "install.sh": "\n",
    "install.py": "\n",
    "README.txt": "\r\n",
}


def project() -> dict:
    """pyproject.toml's [project] table."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]


def package_roots() -> list[str]:
    """The top-level package folders the wheel holds (from the package discovery includes)."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        include = tomllib.load(fh)["tool"]["setuptools"]["packages"]["find"]["include"]
    return sorted({pattern.split(".")[0].rstrip("*") for pattern in include})


class BuildError(Exception):
    """A step failed; the message holds the command and its output."""


def pip(*args: str, env: dict[str, str] | None = None) -> None:
    """Run this Python's pip; raise BuildError with its output when it fails."""
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    run = subprocess.run(command, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise BuildError(f"failed: {' '.join(command)}\n{run.stdout}{run.stderr}")


def isolated_env() -> dict[str, str]:
    """No pip configuration files or PIP_* variables: the wheelhouse alone must do."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def build_wheel(out: Path) -> Path:
    """Build the jixiao wheel into `out` from a copy of the source (the tree is not written to)."""
    name, version = project()["name"], project()["version"]
    out.mkdir(parents=True, exist_ok=True)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", "*.bak", "*~")
    with tempfile.TemporaryDirectory(prefix="jixiao-build-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for file in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / file, src / file)
        for package in package_roots():
            shutil.copytree(ROOT / package, src / package, ignore=skip)
        # the build-system requirements are the dev extras' setuptools: no download
        pip("wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir", str(out), str(src))
    wheel = out / f"{name}-{version}-py3-none-any.whl"
    if not wheel.is_file():
        raise BuildError(f"no {wheel.name} in {out}")
    return wheel


def requirements(wheel: Path) -> list[str]:
    """The wheel's run-time requirements (Requires-Dist without extras)."""
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.BytesParser().parsebytes(zf.read(name))
    return [r for r in metadata.get_all("Requires-Dist", []) if not re.search(r"\bextra\s*==", r)]


def write_constraints(path: Path) -> Path:
    """name==version of every distribution installed in this Python except jixiao itself."""
    own = project()["name"]
    pins = sorted({f"{d.metadata['Name']}=={d.version}" for d in distributions()
                   if d.metadata["Name"] and d.metadata["Name"].lower() != own})
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


def target_args(platform: str | None, python: str | None) -> list[str]:
    """pip's options for a target platform and CPython; none for this interpreter."""
    if platform is None:
        return []
    args = [f"--platform={tag}" for tag in PLATFORMS[platform]]
    nodot = python.replace(".", "")
    return args + [f"--python-version={python}", "--implementation=cp", f"--abi=cp{nodot}"]


def download(wheel: Path, dest: Path, constraints: Path, *, platform: str | None = None,
             python: str | None = None, find_links: Path | None = None) -> None:
    """The wheels of the dependencies of `wheel`, and pip's, into `dest` (existing files are kept)."""
    pip_version = next(d.version for d in distributions() if d.metadata["Name"] == "pip")
    source = ["--no-index", f"--find-links={find_links}"] if find_links else []
    pip("download", "--quiet", "--only-binary=:all:", f"--dest={dest}", f"--constraint={constraints}",
        *source, *target_args(platform, python), *requirements(wheel), f"pip=={pip_version}")


def check_resolves(wheelhouse: Path, platform: str | None, python: str | None) -> None:
    """pip installs jixiao for this target from the wheelhouse alone (a dry run)."""
    name, version = project()["name"], project()["version"]
    with tempfile.TemporaryDirectory(prefix="jixiao-check-") as tmp:
        target = ["--target", tmp] if platform else []
        pip("install", "--dry-run", "--quiet", "--ignore-installed", "--no-index",
            f"--find-links={wheelhouse}", "--only-binary=:all:", *target_args(platform, python),
            *target, f"{name}=={version}", env=isolated_env())


def copy_scripts(out: Path, bundle: dict) -> None:
    for name, newline in SCRIPTS.items():
        text = (HERE / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        data = text.replace("\n", newline).encode("utf-8")
        if name == "README.txt":
            data = b"\xef\xbb\xbf" + data  # old Notepad reads UTF-8 only with a BOM
        (out / name).write_bytes(data)
    (out / "install.sh").chmod(0o755)
    (out / "bundle.json").write_text(json.dumps(bundle, indent=2) + "\n", encoding="utf-8")


def make_zip(out: Path, folder_name: str, *, dest: Path | None = None) -> Path:
    """The bundle in `out` as one zip (in `dest`, default `out`) whose entries
    sit in `folder_name/` (names in UTF-8, flagged so: Extract All reads them)."""
    archive = (dest or out) / f"{folder_name}.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(out.rglob("*")):
            if path == archive or not path.is_file():
                continue
            relative = path.relative_to(out).as_posix()
            info = zipfile.ZipInfo.from_file(path, f"{folder_name}/{relative}")
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | (0o755 if relative == "install.sh" else 0o644)) << 16
            zf.writestr(info, path.read_bytes())
    return archive


def make_bundle(out: Path, *, host: bool = False, find_links: Path | None = None,
                with_zip: bool = True, wheel: Path | None = None) -> Path | None:
    """Build the bundle in `out` (with `wheel` when given one); return the zip (None without one)."""
    name, version = project()["name"], project()["version"]
    out.mkdir(parents=True, exist_ok=True)
    stale = [*out.glob(f"{name}-*-offline.zip"), *out.glob(f"{name}-*-windows*")]
    for old in [*SCRIPTS, "bundle.json", "wheelhouse", *(p.name for p in stale)]:
        path = out / old
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    wheelhouse = out / "wheelhouse"
    if wheel is None:
        wheel = build_wheel(wheelhouse)
    else:
        wheelhouse.mkdir()
        wheel = Path(shutil.copy2(wheel, wheelhouse))
    with tempfile.TemporaryDirectory(prefix="jixiao-pins-") as tmp:
        constraints = write_constraints(Path(tmp) / "constraints.txt")
        if host:
            targets: list[tuple[str | None, str | None]] = [(None, None)]
        else:
            targets = [(platform, python) for platform in PLATFORMS for python in PYTHONS]
        for platform, python in targets:
            print(f"  wheels for {platform or 'this Python'} {python or ''}".rstrip(), flush=True)
            download(wheel, wheelhouse, constraints, platform=platform, python=python,
                     find_links=find_links)
    for platform, python in targets:
        check_resolves(wheelhouse, platform, python)
    this = "%d.%d" % sys.version_info[:2]
    bundle = {
        "name": name,
        "version": version,
        "python": [this] if host else list(PYTHONS),
        "platforms": [] if host else list(PLATFORMS),
        "not_covered": {} if host else NOT_COVERED,
    }
    copy_scripts(out, bundle)
    return make_zip(out, f"{name}-{version}-offline") if with_zip else None


def make_windows_bundle(out: Path, wheelhouse: Path, *, with_zip: bool = True) -> Path:
    """The Windows bundle with Python inside (offline/windows_bundle.py),
    from the wheelhouse's Windows wheels; returns its zip (or its folder)."""
    name, version = project()["name"], project()["version"]
    try:
        folder = windows_bundle.build(out, wheelhouse, name, version, isolated_env(),
                                      windows_bundle.default_embed_cache())
    except (windows_bundle.BundleError, embed.EmbedError) as exc:
        raise BuildError(str(exc)) from None
    if not with_zip:
        return folder
    return make_zip(folder, folder.name, dest=out)


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--host", action="store_true",
                        help="only for this interpreter and platform (for tests)")
    parser.add_argument("--find-links", type=Path,
                        help="take the dependencies' wheels from this folder, with no index")
    parser.add_argument("--no-zip", action="store_true", help="do not write the zip")
    args = parser.parse_args(argv)
    try:
        archive = make_bundle(args.out, host=args.host, find_links=args.find_links,
                              with_zip=not args.no_zip)
        windows = None if args.host else make_windows_bundle(args.out, args.out / "wheelhouse",
                                                             with_zip=not args.no_zip)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    wheels = sorted(p.name for p in (args.out / "wheelhouse").glob("*.whl"))
    print(f"{len(wheels)} wheels in {args.out / 'wheelhouse'}")
    if archive is not None:
        print(f"{archive} ({archive.stat().st_size / 1e6:.1f} MB)")
    if windows is not None:
        print(f"{windows} ({size_of(windows) / 1e6:.1f} MB; Windows, Python {embed.PYTHON} inside)")
    if not args.host:
        for machine, why in NOT_COVERED.items():
            print(f"not covered: Linux on {machine}: {why} (docs/install.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
