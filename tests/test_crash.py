"""Killed saves and simultaneous saves never lose or corrupt a form (issue 4).

- A child process saves in a loop (safe_save) and is killed with SIGKILL at
  random moments, 30 times: the file always parses and is the old or the new
  version, the backup too, and the temporary files left are exactly what the
  cleaner removes at the next start.
- The same, killed before each step of a save in turn (every fsync and
  rename), so every stage is covered deterministically.
- Two processes that loaded the same version save at the same moment: one
  wins, the other gets the conflict and its work is kept as a copy.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from model import dumps_document, loads_document
from model.edit import update_at
from model.storage import Fingerprint, backup_path, clean_temp_files, safe_save
from model.storage import atomic as atomic_module
from model.storage import save as save_module

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
                                reason="needs fork and SIGKILL")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
OLD = SAMPLE.read_bytes()


def edited(data: bytes, **changes) -> bytes:
    doc = loads_document(data)
    path = next(iter(doc.iter_indicators()))[0]
    return dumps_document(update_at(doc, path, **changes)).encode("utf-8")


NEW = edited(OLD, actual="10个", reason="多开展了" * 50)  # a different size too
assert len(NEW) != len(OLD)


def spawn(fn):
    """Run fn(report) in a forked child; report(obj) sends a JSON line."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
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


def check_after_kill(form: Path) -> set[Path]:
    """The form and its backup are whole; return the temporary files left."""
    data = form.read_bytes()
    assert data in (OLD, NEW), "the form is neither the old nor the new version"
    loads_document(data)
    bak = backup_path(form)
    if bak.exists():
        assert bak.read_bytes() in (OLD, NEW), "the backup is damaged"
    left = leftovers(form.parent)
    removed = set(clean_temp_files(form))  # what the next start does
    assert removed == left, "the cleaner missed (or invented) a temporary file"
    assert leftovers(form.parent) == set()
    return left


def saver(form: Path):
    """Flip the form between OLD and NEW with safe_save, forever."""
    def run(report):
        report({"ready": True})
        while True:
            current = form.read_bytes()
            outcome = safe_save(form, NEW if current == OLD else OLD, current)
            if not outcome.ok:
                report({"error": outcome.message})
                return
    return run


def test_sigkill_at_random_moments_never_corrupts(tmp_path):
    form = tmp_path / "表.toml"
    form.write_bytes(OLD)
    rng = random.Random(20250210)
    for _ in range(30):
        pid, reader = spawn(saver(form))
        try:
            assert json.loads(reader.readline()) == {"ready": True}
            time.sleep(rng.uniform(0.0, 0.04))
        finally:
            kill(pid)
        rest = reader.read()
        reader.close()
        assert "error" not in rest, rest
        # the form is whole; leftovers (about half the kills land between
        # writing the temporary file and the rename) are what the cleaner removes
        check_after_kill(form)


# The steps of one save, in order (a backup is written first, then the form):
# fsync(backup tmp), rename(backup), fsync(folder), fsync(form tmp),
# rename(form), fsync(folder).
def staged_saver(form: Path, stop_at: int):
    def run(report):
        steps = []
        real_fsync, real_replace = os.fsync, os.replace

        def block():
            steps.append(1)
            if len(steps) == stop_at:
                report({"blocked": stop_at})
                time.sleep(60)

        def fsync(fd):
            block()
            return real_fsync(fd)

        def replace(src, dst):
            block()
            return real_replace(src, dst)

        atomic_module.os.fsync = fsync  # the child's own copy of the module
        atomic_module.os.replace = replace
        current = form.read_bytes()
        outcome = safe_save(form, NEW if current == OLD else OLD, current)
        report({"done": outcome.ok, "steps": len(steps)})
        time.sleep(60)
    return run


def test_sigkill_before_each_step_of_a_save(tmp_path):
    form = tmp_path / "表.toml"
    form.write_bytes(OLD)
    # count the steps of one save
    pid, reader = spawn(staged_saver(form, stop_at=0))
    report = json.loads(reader.readline())
    kill(pid)
    reader.close()
    assert report["done"] is True
    steps = report["steps"]
    assert steps >= 4
    form.write_bytes(OLD)
    backup_path(form).unlink()
    left_at = []
    for stop_at in range(1, steps + 1):
        before = form.read_bytes()
        pid, reader = spawn(staged_saver(form, stop_at))
        try:
            assert json.loads(reader.readline()) == {"blocked": stop_at}
        finally:
            kill(pid)
            reader.close()
        assert form.read_bytes() in (before, NEW if before == OLD else OLD)
        left_at.append(len(check_after_kill(form)))
    # killed before a rename, a temporary file is left, and was cleaned
    assert any(left_at), left_at


def _racer(form: Path, mine: bytes, go: int, slow: bool, copy: Path, lock: bool = True):
    def run(report):
        if slow:  # widen the window between the check and the rename
            real = save_module._read_current

            def read_slowly(target):
                data = real(target)
                time.sleep(0.2)
                return data
            save_module._read_current = read_slowly
        if not lock:
            from contextlib import nullcontext
            save_module.save_lock = lambda *a, **k: nullcontext()
        os.read(go, 1)
        outcome = safe_save(form, mine, OLD)
        result = {"status": outcome.status}
        if outcome.status == "conflict":
            result["disk"] = outcome.conflict.disk.sha256
            result["differences"] = [d.describe() for d in outcome.conflict.differences]
            # nothing lost: the loser keeps its work as a copy beside the form
            result["copy"] = safe_save(copy, mine, None).status
        report(result)
    return run


def _race(tmp_path: Path, slow: bool, lock: bool = True) -> tuple[list[dict], list[bytes]]:
    form = tmp_path / "表.toml"
    form.write_bytes(OLD)
    for p in tmp_path.glob("*副本*"):
        p.unlink()
    versions = [edited(OLD, actual="甲改的"), edited(OLD, actual="乙改的")]
    go_r, go_w = os.pipe()
    children = [spawn(_racer(form, mine, go_r, slow, tmp_path / f"表-副本{i}.toml", lock))
                for i, mine in enumerate(versions)]
    os.write(go_w, b"xx")
    results = []
    for pid, reader in children:
        results.append(json.loads(reader.readline()))
        os.waitpid(pid, 0)
        reader.close()
    os.close(go_r)
    os.close(go_w)
    return results, versions


@pytest.mark.parametrize("slow", [False, True])
def test_two_processes_saving_at_once_one_wins_nothing_lost(tmp_path, slow):
    for _ in range(3 if slow else 10):
        results, versions = _race(tmp_path, slow)
        statuses = sorted(r["status"] for r in results)
        assert statuses == ["conflict", "saved"], results
        winner = results.index(next(r for r in results if r["status"] == "saved"))
        loser = 1 - winner
        form = tmp_path / "表.toml"
        assert form.read_bytes() == versions[winner]
        assert results[loser]["disk"] == Fingerprint.of(versions[winner]).sha256
        assert any("甲改的" in d and "乙改的" in d for d in results[loser]["differences"])
        # the loser's work is on disk too
        assert results[loser]["copy"] == "saved"
        assert (tmp_path / f"表-副本{loser}.toml").read_bytes() == versions[loser]
        assert backup_path(form).read_bytes() == OLD


def test_without_the_lock_both_would_win(tmp_path):
    """The lock is what makes the race safe: without it, both pass the check
    and one version is silently lost (this is the failure the lock prevents)."""
    results, _ = _race(tmp_path, slow=True, lock=False)
    assert sorted(r["status"] for r in results) == ["saved", "saved"]
