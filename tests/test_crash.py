"""Killed saves and simultaneous saves never lose or corrupt a form (issues 4, 14).

- A child process saves in a loop (safe_save) and is killed with SIGKILL at
  random moments, 300 times: the file always parses and is the old or the
  new version, the backup too, and the temporary files left are exactly what
  the cleaner removes at the next start. (1,000 and more:
  benchmarks/soak_storage.py; figures in docs/reliability.md.)
- The same, killed before each step of one save in turn (every os call the
  save makes: writes, fsyncs, links, renames), so every stage is covered
  deterministically.
- Two processes that loaded the same version save at the same moment: one
  wins, the other gets the conflict and its work is kept as a copy.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from hostile import NEW, OLD, check_after_kill, edited, kill, kill_rounds, spawn
from model.storage import Fingerprint, backup_path, safe_save
from model.storage import atomic as atomic_module
from model.storage import save as save_module

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"),
                                reason="needs fork and SIGKILL")


def test_sigkill_at_random_moments_never_corrupts(tmp_path):
    form = tmp_path / "表.toml"
    tallies = kill_rounds(form, 300, seed=20250210)
    assert tallies["rounds"] == 300
    assert tallies["corrupt"] == 0 and tallies["errors"] == 0, tallies
    # some kills land between writing the temporary file and the rename;
    # what they leave is exactly what the cleaner removes (checked each time)
    assert tallies["temp_left"] > 0, tallies


def staged_saver(form: Path, stop_at: int):
    """A child body: one save, blocked (then killed) before its
    `stop_at`-th os call; stop_at 0 counts the calls."""
    def run(report):
        from hostile import HookedOS

        calls = []

        def block(name, args):
            calls.append(name)
            if len(calls) == stop_at:
                report({"blocked": stop_at, "call": name})
                time.sleep(60)

        proxy = HookedOS(block)
        atomic_module.os = proxy  # the child's own copy of the modules
        save_module.os = proxy
        current = form.read_bytes()
        outcome = safe_save(form, NEW if current == OLD else OLD, current)
        report({"done": outcome.ok, "steps": len(calls), "calls": calls})
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
    assert report["done"] is True, report
    steps = report["steps"]
    assert {"fsync", "replace"} <= set(report["calls"]) and steps >= 10, report
    form.write_bytes(OLD)
    backup_path(form).unlink()
    left_at = []
    for stop_at in range(1, steps + 1):
        before = form.read_bytes()
        pid, reader = spawn(staged_saver(form, stop_at))
        try:
            line = json.loads(reader.readline())
            assert line["blocked"] == stop_at, line
        finally:
            kill(pid)
            reader.close()
        assert form.read_bytes() in (before, NEW if before == OLD else OLD)
        left_at.append(len(check_after_kill(form)))
    # killed between writing the temporary file and the rename, a temporary
    # file is left, and was cleaned
    assert any(left_at), left_at


def _racer(form: Path, mine: bytes, go: int, slow: bool, copy: Path):
    def run(report):
        if slow:  # widen the window between the check and the rename
            real = save_module._read_current

            def read_slowly(target):
                data = real(target)
                time.sleep(0.2)
                return data
            save_module._read_current = read_slowly
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


def _race(tmp_path: Path, slow: bool) -> tuple[list[dict], list[bytes]]:
    form = tmp_path / "表.toml"
    form.write_bytes(OLD)
    for p in tmp_path.glob("*副本*"):
        p.unlink()
    versions = [edited(OLD, actual="甲改的"), edited(OLD, actual="乙改的")]
    go_r, go_w = os.pipe()
    children = [spawn(_racer(form, mine, go_r, slow, tmp_path / f"表-副本{i}.toml"))
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
