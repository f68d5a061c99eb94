"""Another program (an editor, a sync client, `git pull`) writes the form in
the middle of a save: its change is never lost silently (issue 14, F2).

Directed: the save is run once per step, with another program writing the
form just before that step (every os call of the save: stat, open, write,
fsync, link, rename, ...), by rename (a new file) or in place. After each,
the other program's version is on disk as the form (a conflict was shown,
or it wrote after our save), or it is FILE.bak and the outcome says so.

Random: a thread writes at a random moment within the few milliseconds of a
save, 60 times per way of writing (1,000 and more: benchmarks/soak_storage.py).
"""

from __future__ import annotations

import os
import sys

import pytest

from hostile import NEW, OLD, THEIRS, race_each_step, race_rounds
from platforms import posix_only
from model.storage import backup_path, safe_save
from model.storage import atomic as atomic_module

# Another program renaming its file over the form while jixiao holds the form
# open: Windows refuses that rename (Python opens files without
# FILE_SHARE_DELETE; CreateFile's documentation), so the race cannot happen
# there. test_storage_windows.py tests that refusal and jixiao's retries.
THEIR_RENAME = posix_only("another program's rename over a file jixiao holds open, which Windows refuses")
HOW_HERE = [pytest.param("replace", marks=THEIR_RENAME), "inplace"]


@pytest.mark.parametrize("how", HOW_HERE)
def test_another_program_writing_at_any_step_of_a_save_is_never_lost(tmp_path, how):
    results = race_each_step(tmp_path, how)
    assert len(results) > 8, "the save should have many steps"
    bad = {at: r for at, r in results.items() if r[1] not in ("kept", "backup")}
    assert not bad, f"lost or kept without a word at these steps: {bad}"
    # mostly a conflict, shown before anything is written
    assert sum(r[1] == "kept" for r in results.values()) > len(results) // 2


@pytest.mark.skipif(sys.platform != "linux", reason="the exchange rename is Linux's")
def test_a_change_in_the_last_instant_ends_in_the_backup_with_a_warning(tmp_path):
    """The other program writes between the last check and the replace (the
    step before the exchange): the file then holds our save and FILE.bak
    exactly their version, and the outcome says so."""
    results = race_each_step(tmp_path, "replace")
    assert "backup" in {r[1] for r in results.values()}, results


@pytest.mark.parametrize("system", [pytest.param("posix", marks=posix_only("simulates POSIX on this system")),
                                    "windows"])
@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-links"])
@pytest.mark.parametrize("how", HOW_HERE)
def test_without_the_exchange_rename_only_the_instant_before_the_rename_is_open(
        tmp_path, monkeypatch, how, links, system):
    """macOS, network shares, Windows (hard links, no exchange), FAT and USB
    sticks (neither): the other program's change is caught up to the last
    step; the one window left, documented in docs/reliability.md, is a
    rename by the other program in the instant before ours (and on Windows
    without hard links, where the file must be closed before the rename, an
    in-place write after the last read). Windows is simulated here."""
    if system == "windows":
        monkeypatch.setattr(atomic_module, "_POSIX", False)
    results = race_each_step(tmp_path, how, exchange=False, links=links)
    bad = {at: r for at, r in results.items() if r[1] not in ("kept", "backup")}
    # the rename of the new version over the form (FILE.bak's comes after)
    last = min(at for at, (call, _) in results.items() if call == "replace")
    if how == "replace" or links or system == "posix":
        # at most the rename just before ours (an in-place write there goes
        # into the file that is looked at again)
        assert set(bad) <= ({last} if how == "replace" else set()), bad
    else:
        # after the last read: look up the descriptor, close it, compare, rename
        assert set(bad) <= set(range(last - 3, last + 1)), bad
        assert [results[at][0] for at in sorted(bad)][-1] == "replace"


@pytest.mark.parametrize("how", HOW_HERE)
def test_random_moments_during_saves(tmp_path, how):
    # On Windows the other program's in-place write can be refused while the
    # form is being replaced ("access denied": it is told); such rounds count
    # as "refused", not as lost.
    tallies = race_rounds(tmp_path, 60, seed=14, how=how)
    assert tallies["lost"] == 0, tallies
    if how == "replace":
        assert tallies["silent-backup"] == 0, tallies
    assert tallies["rounds"] == 60


def test_a_save_that_found_nothing_changed_still_makes_the_backup_from_the_replaced_bytes(tmp_path):
    """The backup is the file that was replaced, not a copy of what was read:
    same bytes, and on Linux the very same file (its inode)."""
    form = tmp_path / "表.toml"
    form.write_bytes(OLD)
    os.chmod(form, 0o640)
    before = os.stat(form)
    outcome = safe_save(form, NEW, OLD)
    assert outcome.ok and not outcome.warning
    bak = backup_path(form)
    assert bak.read_bytes() == OLD and form.read_bytes() == NEW
    assert bak.stat().st_mode == before.st_mode
    if sys.platform == "linux":
        assert bak.stat().st_ino == before.st_ino
    assert THEIRS not in (form.read_bytes(), bak.read_bytes())
