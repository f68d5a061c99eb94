"""The Windows test lane: the test suite on Windows CPython under Wine, in a
Chinese Windows locale (code page 936), on this Linux machine.

    python offline/wine_lane.py test [PYTEST ARGS]   # `make test-windows`
    python offline/wine_lane.py setup                # only set up
    python offline/wine_lane.py python ARGS          # run the Windows python.exe
    python offline/wine_lane.py storage [PYTEST ARGS]  # `make test-windows-storage`: the
                                                     # storage and command-line tests only

Sets up, once, under `.wine-lane/` in the checkout (.gitignore covers it):

    prefix/    a Wine prefix of its own: drive Z: (the whole Linux tree)
               removed, drive D: mapped to this checkout only, so Linux-only
               paths (/proc) are as unreachable as on a real PC
    python/    the embeddable Windows CPython (offline/embed.py), its `._pth`
               listing `..\\site` and the checkout (`..\\..`)
    site/      the Windows wheels (win_amd64, cp313) of every dependency and
               dev dependency, pinned to the versions in the project's .venv

Missing system packages (wine, wine64, gcc-mingw-w64-x86-64, locales with
zh_CN.UTF-8) are installed with apt-get when run as root; otherwise it says
what to install and exits with 2.

Two gaps of Debian's Wine 8 are bridged in the test copy only, never in the
Windows bundle: `bcryptprimitives.dll` (offline/wine/bcryptprimitives.c,
built with mingw) and `_wmi.pyd` left out (Python's `platform` then uses its
fallback). Tests see `JIXIAO_WINE_LANE=1`. Up to three failed tests are run
once more, alone, and said so (a Pilot test's timing on a loaded machine);
the last line gives the whole run's counts. A run whose output lacks pytest's
closing counts line (Wine aborted the process, pytest crashed) fails: exit
code non-zero and the last line says so.
Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import embed  # noqa: E402  (offline/ is not a package)

LANE = ROOT / ".wine-lane"
PREFIX = LANE / "prefix"
PYDIR = LANE / "python"
SITE = LANE / "site"
DRIVE = "d:"  # the checkout, as Windows sees it
EXE = r"D:\.wine-lane\python\python.exe"
LOCALE = "zh_CN.UTF-8"
# the Windows bundle (ensure_bundle), as the lane's Windows sees it
BUNDLE_ZIP = r"D:\.wine-lane\jixiao-windows.zip"
# pytest's own Windows-only dependency (pip on Linux skips `; sys_platform == "win32"`)
WINDOWS_EXTRAS = ("colorama",)
APT = ("wine", "wine64", "gcc-mingw-w64-x86-64", "locales")
EXIT_MISSING = 2


def say(text: str) -> None:
    print(f"[wine-lane] {text}", flush=True)


# -- system packages ------------------------------------------------------------------------


def _has_locale() -> bool:
    run = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    return any(n.lower().replace("-", "") == "zh_cn.utf8" for n in run.stdout.split())


def missing_system() -> list[str]:
    missing = []
    if not shutil.which("wine"):
        missing += ["wine", "wine64"]
    if not shutil.which("x86_64-w64-mingw32-gcc"):
        missing.append("gcc-mingw-w64-x86-64")
    if not shutil.which("locale-gen") and not _has_locale():
        missing.append("locales")
    return missing


def ensure_system() -> bool:
    """Install what is missing (as root); False when it cannot."""
    missing = missing_system()
    need_locale = not _has_locale()
    if not missing and not need_locale:
        return True
    if os.geteuid() != 0:
        say("missing: " + (" ".join(missing) or f"the {LOCALE} locale") + ". As root:\n"
            f"    apt-get install -y --no-install-recommends {' '.join(APT)}\n"
            f"    echo '{LOCALE} UTF-8' >> /etc/locale.gen && locale-gen")
        return False
    started = time.monotonic()
    if missing:
        say(f"installing {' '.join(APT)} (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT],
                       check=True, env=env)
    if not _has_locale():
        gen = Path("/etc/locale.gen")
        text = gen.read_text(encoding="utf-8") if gen.exists() else ""
        if not re.search(rf"^{re.escape(LOCALE)} UTF-8", text, re.M):
            gen.write_text(text + f"{LOCALE} UTF-8\n", encoding="utf-8")
        subprocess.run(["locale-gen"], check=True, capture_output=True)
    say(f"system packages ready in {time.monotonic() - started:.0f} s")
    return True


# -- Wine prefix, Python, wheels -------------------------------------------------------------


def wine_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "LC_"))}
    env.update(WINEPREFIX=str(PREFIX), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=",
               LANG=LOCALE, LC_ALL=LOCALE, JIXIAO_WINE_LANE="1",
               JIXIAO_WINDOWS_BUNDLE=BUNDLE_ZIP)
    env.pop("DISPLAY", None)
    return env


def ensure_prefix() -> None:
    if not (PREFIX / "system.reg").exists():
        say("creating the Wine prefix")
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(["wineboot", "--init"], env=wine_env(), check=True,
                       stdin=subprocess.DEVNULL, capture_output=True)
        subprocess.run(["wineserver", "-w"], env=wine_env(), check=False)
    devices = PREFIX / "dosdevices"
    if (devices / "z:").is_symlink():
        (devices / "z:").unlink()
    drive = devices / DRIVE
    if not drive.is_symlink() or drive.readlink() != ROOT:
        drive.unlink(missing_ok=True)
        drive.symlink_to(ROOT)


def ensure_python() -> None:
    if (PYDIR / "python.exe").is_file() and (PYDIR / "bcryptprimitives.dll").is_file():
        return
    shutil.rmtree(PYDIR, ignore_errors=True)
    sdist = embed.fetch_sdist(LANE / "download")
    say(f"unpacking {sdist.name}")
    embed.unpack(sdist, PYDIR, drop=("_wmi.pyd",))  # Wine 8 lacks propsys.VariantToString
    embed.write_pth(PYDIR, [r"..\site", r"..\.."])
    subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-o", str(PYDIR / "bcryptprimitives.dll"),
                    str(HERE / "wine" / "bcryptprimitives.c"), "-ladvapi32"], check=True)


def requirements() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]
    return [*project["dependencies"], *extras, *WINDOWS_EXTRAS]


def ensure_site() -> None:
    import make_dist

    wanted = requirements()
    pinfile = make_dist.write_constraints(LANE / "constraints.txt")  # the versions .venv has
    key = hashlib.sha256("\n".join([*wanted, pinfile.read_text(encoding="utf-8")]).encode()).hexdigest()
    stamp = LANE / "site.key"
    if SITE.is_dir() and stamp.is_file() and stamp.read_text(encoding="ascii") == key:
        return
    shutil.rmtree(SITE, ignore_errors=True)
    say(f"downloading the Windows wheels of {len(wanted)} requirements")
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "install", "--quiet",
                    "--target", str(SITE), "--platform", "win_amd64", "--python-version", embed.PYTHON,
                    "--implementation", "cp", "--abi", "cp313", "--only-binary=:all:",
                    "--constraint", str(pinfile), *wanted], check=True)
    stamp.write_text(key, encoding="ascii")


def ensure_bundle() -> Path:
    """The Windows bundle of `make dist`, built from this checkout into
    `.wine-lane/` for tests/test_windows_bundle.py (the wheels are kept)."""
    import make_dist

    wheels = LANE / "wheels"
    for old in wheels.glob("jixiao-*.whl"):
        old.unlink()
    wheel = make_dist.build_wheel(wheels)
    constraints = make_dist.write_constraints(LANE / "constraints.txt")
    pinned = constraints.read_text(encoding="utf-8")
    key = hashlib.sha256("\n".join([*make_dist.requirements(wheel), pinned]).encode()).hexdigest()
    stamp = LANE / "wheels.key"
    if not (stamp.is_file() and stamp.read_text(encoding="ascii") == key):
        make_dist.download(wheel, wheels, constraints, platform="win_amd64", python=embed.PYTHON)
        stamp.write_text(key, encoding="ascii")
    built = make_dist.make_windows_bundle(LANE, wheels)
    return built.replace(LANE / "jixiao-windows.zip")


def setup() -> bool:
    if not ensure_system():
        return False
    LANE.mkdir(exist_ok=True)
    (LANE / ".gitignore").write_text("*\n", encoding="ascii")
    started = time.monotonic()
    ensure_prefix()
    ensure_python()
    ensure_site()
    bundle = ensure_bundle()
    say(f"Windows bundle: {bundle.name}")
    say(f"ready ({time.monotonic() - started:.0f} s)")
    return True


# -- running ---------------------------------------------------------------------------------


def run_python(args: list[str], log: Path | None = None) -> tuple[int, str]:
    """Run the Windows python.exe with `args` from the checkout (D:\\), its
    output through a pipe (Wine's Python needs one) and shown as it comes."""
    ensure_prefix()  # the checkout may have moved: D: follows it
    command = ["nice", "-n", "15", "wine", EXE, *args]
    lines: list[str] = []
    with subprocess.Popen(command, cwd=ROOT, env=wine_env(), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as proc:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("gbk", errors="replace")  # a pipe gets the ANSI code page, 936
            lines.append(line)
            sys.stdout.write(line)
            sys.stdout.flush()
    out = "".join(lines)
    if log is not None:
        log.write_text(out, encoding="utf-8")
    return proc.returncode, out


# --snapshot-warn-unused: the snapshots of tests skipped on Windows are not unused (else exit 1)
PYTEST = ["-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rfEs", "--snapshot-warn-unused"]
# `storage`: the tests of model/storage/ and the command line (every test file that
# imports model.storage is here: tests/test_wine_lane.py), plus the bundle's jixiao.bat
STORAGE_TESTS = ("test_storage*.py", "test_crash.py", "test_fifo.py", "test_files.py", "test_cli.py",
                 "test_exchange_cli.py", "test_session.py", "test_app_sharing.py", "test_app_two_people.py",
                 "test_app_grid_open_cell.py", "test_app_exchange.py", "test_labels.py",
                 "test_windows_bundle.py", "test_app_snapshots.py")
RERUN_AT_MOST = 3  # failures run once more (Pilot's timing under a loaded Wine); more is a real failure


# pytest's last line: "3 failed, 1019 passed, 73 skipped in 653.21s (0:10:53)", between "="s unless -q
CLOSING = re.compile(r"^(?:=+ )?(?:no tests ran|\d+ \w+(?:, \d+ \w+)*) in [\d.]+s\b")


def counts(out: str) -> dict[str, int] | None:
    """pytest's closing counts ("3 failed, 1019 passed, 73 skipped"); None when
    the output has no closing line (Wine aborted or pytest crashed mid-run)."""
    closing = [line for line in out.splitlines()[-40:] if CLOSING.match(line)]
    if not closing:
        return None
    found = re.findall(r"\b(\d+) (passed|failed|skipped|errors?)\b", closing[-1])
    return {word.rstrip("s") if word.startswith("error") else word: int(n) for n, word in found}


def failed_ids(out: str) -> list[str]:
    # Windows' lines end in \r\n: the \r is no part of a test's id
    return re.findall(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?\r?$", out, re.M)


def result(rc: int, found: dict[str, int] | None) -> tuple[int, str]:
    """The lane's exit code and closing line, which CI reads. A run without
    pytest's closing counts (an abort, a crash) fails, whatever its exit code."""
    if found is None:
        return (rc or 1), (f"windows: FAILED, the run ended without pytest's counts (exit code {rc}: "
                           "Wine aborted or pytest crashed; see the end of the log)")
    failed = found.get("failed", 0) + found.get("error", 0)
    line = f"windows: {found.get('passed', 0)} passed, {failed} failed, {found.get('skipped', 0)} skipped"
    return (rc if rc or not failed else 1), line


def storage_tests() -> list[str]:
    """STORAGE_TESTS as paths from the checkout (Windows' pytest expands no patterns)."""
    tests = ROOT / "tests"
    return sorted({f"tests/{path.name}" for pattern in STORAGE_TESTS for path in tests.glob(pattern)})


def test(args: list[str]) -> int:
    started = time.monotonic()
    rc, out = run_python([*PYTEST, *args], log=LANE / "last-run.log")
    first = counts(out)
    failed = failed_ids(out)
    if first is not None and rc != 0 and failed and len(failed) <= RERUN_AT_MOST:
        say(f"running once more, alone: {', '.join(failed)}")
        rc, again = run_python([*PYTEST, *failed], log=LANE / "rerun.log")
        first = rerun_counts(first, counts(again), len(failed))
    took = time.monotonic() - started
    say(f"done in {took:.0f} s (log: {LANE / 'last-run.log'})")
    code, line = result(rc, first)
    print(line, flush=True)  # the closing line CI reads: the whole run's counts
    return code


def rerun_counts(first: dict[str, int], second: dict[str, int] | None, tried: int) -> dict[str, int] | None:
    """The first run's counts with its failures replaced by the rerun's."""
    if second is None:
        return None
    merged = dict(first)
    merged["passed"] = first.get("passed", 0) + second.get("passed", 0)
    # a failure the rerun did not pass (failed, or not run at all) stays a failure
    merged["failed"] = tried - min(second.get("passed", 0), tried)
    merged.pop("error", None)
    say(f"{tried - merged['failed']} of {tried} passed the second time (a flaky test: see rerun.log)")
    return merged


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command, rest = (argv[0], argv[1:]) if argv else ("test", [])
    if command not in ("setup", "test", "storage", "python"):
        print(__doc__)
        return 2
    if not setup():
        return EXIT_MISSING
    if command == "setup":
        return 0
    if command == "python":
        return run_python(rest)[0]
    if command == "storage":
        return test([*storage_tests(), *rest])
    return test(rest)


if __name__ == "__main__":
    sys.exit(main())
