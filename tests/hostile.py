"""Adversarial helpers for the storage tests and the soak script
(benchmarks/soak_storage.py): versions of a form, forked children killed with
SIGKILL, and "another program" replacing the form at chosen steps of a save.

Not a test module (no test_ prefix); imported by tests/test_crash.py,
tests/test_storage_race.py, tests/test_storage_shared.py and
benchmarks/soak_storage.py.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from model import dumps_document, loads_document
from model.edit import update_at
from model.storage import backup_path, clean_temp_files, safe_save
from model.storage import atomic as atomic_module
from model.storage import save as save_module

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
OLD = SAMPLE.read_bytes()


def edited(data: bytes, **changes) -> bytes:
    doc = loads_document(data)
    path = next(iter(doc.iter_indicators()))[0]
    return dumps_document(update_at(doc, path, **changes)).encode("utf-8")


NEW = edited(OLD, actual="10个", reason="多开展了" * 50)  # a different size too
THEIRS = edited(OLD, actual="别的程序改的")  # what "another program" writes
assert len({OLD, NEW, THEIRS}) == 3 and len(NEW) != len(OLD)

# -- forked children -------------------------------------------------------------------------


def spawn(fn: Callable[[Callable[[object], None]], None]):
    """Run fn(report) in a forked child; report(obj) sends a JSON line.
    Returns (pid, reader of the lines)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into the caller
        os.close(r)
        code = 0
        try:
            def report(obj):
                os.write(w, (json.dumps(obj) + "\n").encode())
            fn(report)
        except BaseException as exc:
            try:
                os.write(w, (json.dumps({"error": repr(exc)}) + "\n").encode())
            except OSError:
                pass
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    return pid, os.fdopen(r, "r", encoding="utf-8")


def kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def leftovers(folder: Path) -> set[Path]:
    return {p for p in folder.iterdir() if p.name.endswith(".tmp")}


def check_after_kill(form: Path, versions: tuple[bytes, ...] = (OLD, NEW)) -> set[Path]:
    """The form and its backup are whole versions; the temporary files left
    are exactly what the next start removes. Returns those files."""
    data = form.read_bytes()
    assert data in versions, "the form is neither the old nor the new version"
    loads_document(data)
    bak = backup_path(form)
    if bak.exists():
        assert bak.read_bytes() in versions, "the backup is damaged"
    left = leftovers(form.parent)
    removed = set(clean_temp_files(form))  # what the next start does
    assert removed == left, "the cleaner missed (or invented) a temporary file"
    assert leftovers(form.parent) == set()
    return left


def flipping_saver(form: Path):
    """A child body: flip the form between OLD and NEW with safe_save, forever."""
    def run(report):
        report({"ready": True})
        while True:
            current = form.read_bytes()
            outcome = safe_save(form, NEW if current == OLD else OLD, current)
            if not outcome.ok:
                report({"error": outcome.message})
                return
    return run


def kill_rounds(form: Path, rounds: int, seed: int, max_delay: float = 0.04) -> dict:
    """Kill a flipping saver with SIGKILL `rounds` times at random moments;
    check the form after each. Returns the tallies."""
    rng = random.Random(seed)
    form.write_bytes(OLD)
    # warm up here, so the children inherit what a first save loads (the
    # lock library, the exchange call) and are killed during real saves
    assert safe_save(form, NEW, OLD).ok and safe_save(form, OLD, NEW).ok
    backup_path(form).unlink()
    tallies = {"rounds": 0, "corrupt": 0, "temp_left": 0, "errors": 0}
    for _ in range(rounds):
        pid, reader = spawn(flipping_saver(form))
        try:
            ready = json.loads(reader.readline())
            assert ready == {"ready": True}, ready
            time.sleep(rng.uniform(0.0, max_delay))
        finally:
            kill(pid)
        rest = reader.read()
        reader.close()
        tallies["rounds"] += 1
        if "error" in rest:
            tallies["errors"] += 1
        try:
            tallies["temp_left"] += bool(check_after_kill(form))
        except AssertionError:
            tallies["corrupt"] += 1
            form.write_bytes(OLD)
            clean_temp_files(form)
    return tallies


# -- another program writing during a save -------------------------------------------------------

_REAL_REPLACE = os.replace


def foreign_write(form: Path, data: bytes, how: str) -> None:
    """What an editor, a sync client or `git pull` does, without our lock:
    `replace` writes a new file and renames it over the form; `inplace`
    rewrites the form's own bytes (truncate and write)."""
    if how == "replace":
        incoming = form.with_name("incoming-from-elsewhere")
        incoming.write_bytes(data)
        _REAL_REPLACE(incoming, form)
    else:
        with open(form, "r+b") as fh:
            fh.truncate(0)
            fh.write(data)


def _foreign_write_later(form: Path, how: str, delay: float, refused: list[OSError]) -> None:
    time.sleep(delay)
    try:
        foreign_write(form, THEIRS, how)
    except PermissionError as exc:
        if sys.platform != "win32":  # only Windows refuses a write to a file being replaced
            raise
        refused.append(exc)


class HookedOS:
    """Stands in for the `os` module inside the storage modules: `hook(name,
    args)` runs before every os function a save calls (stat, open, write,
    fsync, link, rename, ...), so a test can act between any two steps.
    `overrides` replaces single functions (e.g. a file system without hard
    links)."""

    def __init__(self, hook: Callable[[str, tuple], None], overrides: dict | None = None) -> None:
        self._hook = hook
        self._overrides = overrides or {}

    def __getattr__(self, name: str):
        value = self._overrides.get(name) or getattr(os, name)
        if not callable(value) or isinstance(value, type):
            return value

        def call(*args, **kwargs):
            self._hook(name, args)
            return value(*args, **kwargs)
        return call


@dataclass
class StepRace:
    """One save with another program writing THEIRS before step `at` (the
    `at`-th os call of the save)."""

    at: int
    how: str
    calls: list[tuple[str, tuple]] = field(default_factory=list)
    fired: str = ""  # the os call it fired before

    def hook(self, form: Path):
        def run(name: str, args: tuple) -> None:
            self.calls.append((name, args))
            if len(self.calls) == self.at:
                self.fired = name
                foreign_write(form, THEIRS, self.how)
        return run


@contextmanager
def patched(obj, name: str, value):
    """obj.name = value for the duration."""
    saved = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, saved)


@contextmanager
def hooked(hook, overrides: dict | None = None):
    """HookedOS in the storage modules for the duration."""
    proxy = HookedOS(hook, overrides)
    with patched(atomic_module, "os", proxy), patched(save_module, "os", proxy):
        yield


def _no_exchange(a, b) -> bool:
    return False


def _no_links(*args, **kwargs):
    raise OSError(errno.EPERM, "Operation not permitted")


def race_each_step(folder: Path, how: str, *, exchange: bool = True, links: bool = True
                   ) -> dict[int, tuple[str, str]]:
    """Save NEW over OLD once per step of the save, with another program
    writing THEIRS (`how`) just before that step. `exchange=False`: as
    where the exchange rename is missing (Windows, macOS, network shares);
    `links=False`: no hard links either (FAT). Returns {step: (the os call
    it preceded, what became of THEIRS (see `judge`))}."""
    form = folder / "表.toml"
    results: dict[int, tuple[str, str]] = {}
    at = 1
    while True:
        form.write_bytes(OLD)
        if backup_path(form).exists():
            backup_path(form).unlink()
        race = StepRace(at, how)
        with ExitStack() as stack:
            if not exchange:
                stack.enter_context(patched(atomic_module, "exchange", _no_exchange))
            stack.enter_context(hooked(race.hook(form), None if links else {"link": _no_links}))
            outcome = safe_save(form, NEW, OLD)
        if not race.fired:  # the save had fewer steps: every step was tried
            assert outcome.ok and form.read_bytes() == NEW and backup_path(form).read_bytes() == OLD
            return results
        results[at] = (race.fired, judge(form, outcome))
        if results[at][1] == "backup":
            assert "另一个程序" in outcome.message and backup_path(form).name in outcome.message
        at += 1


def judge(form: Path, outcome) -> str:
    """What became of THEIRS after a save that raced with it: "kept" (in the
    form; a conflict, or written after our save), "backup" (in FILE.bak, with
    a warning that says so), "silent-backup" (in FILE.bak, no word), or
    "lost" (in neither)."""
    final = form.read_bytes()
    bak = backup_path(form)
    backup = bak.read_bytes() if bak.exists() else None
    if outcome.status == "conflict":
        assert final == THEIRS, "a conflict must leave the file alone"
        return "kept"
    if final == THEIRS:
        return "kept"
    assert outcome.status == "saved" and final == NEW, (outcome.status, outcome.message)
    if backup == THEIRS:
        return "backup" if outcome.warning else "silent-backup"
    return "lost"


def save_duration(form: Path, repeat: int = 9) -> float:
    """The median time of one save of this form here (seconds)."""
    times = []
    for _ in range(repeat):
        form.write_bytes(OLD)
        start = time.perf_counter()
        assert safe_save(form, NEW, OLD).ok
        times.append(time.perf_counter() - start)
    return sorted(times)[repeat // 2]


def race_rounds(folder: Path, rounds: int, seed: int, how: str = "replace",
                writer: str = "thread") -> dict:
    """Random rounds: a save of NEW over OLD while another program writes
    THEIRS after a random delay within the time a save takes here; the
    writer is a thread, or a forked process (`writer="process"`). Returns
    how many rounds ended each way (see `judge`), and "refused": rounds in
    which Windows refused the other program its write (the form was being
    replaced: "access denied"), so that program was told and nothing of
    its was taken."""
    rng = random.Random(seed)
    form = folder / "表.toml"
    max_delay = 1.2 * save_duration(form)
    tallies = {"rounds": 0, "kept": 0, "backup": 0, "silent-backup": 0, "lost": 0, "refused": 0}
    for _ in range(rounds):
        form.write_bytes(OLD)
        bak = backup_path(form)
        if bak.exists():
            bak.unlink()
        delay = rng.uniform(0.0, max_delay)
        if writer == "process":
            go_r, go_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                try:
                    os.read(go_r, 1)
                    time.sleep(delay)
                    foreign_write(form, THEIRS, how)
                finally:
                    os._exit(0)
            os.write(go_w, b"x")
            outcome = safe_save(form, NEW, OLD)
            os.waitpid(pid, 0)
            os.close(go_r)
            os.close(go_w)
        else:
            refused: list[OSError] = []
            thread = threading.Thread(target=_foreign_write_later, args=(form, how, delay, refused))
            thread.start()
            outcome = safe_save(form, NEW, OLD)
            thread.join()
            if refused:
                tallies["rounds"] += 1
                tallies["refused"] += 1
                assert outcome.status != "saved" or form.read_bytes() == NEW
                continue
        tallies["rounds"] += 1
        tallies[judge(form, outcome)] += 1
    return tallies
