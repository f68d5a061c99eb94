"""The editing session, headless: edits, history, what-if, saving safely."""

from __future__ import annotations

from decimal import Decimal

import pytest
from platforms import posix_only

from model import DocumentError, Indicator, dumps_document, load_document
from tui.fields import FIELDS, FieldError, parse_input
from tui.session import (
    ReadOnly,
    EXECUTION,
    FORM,
    Address,
    CannotEdit,
    NoPath,
    Session,
    WhatIfActive,
)

from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "hongshan-2024-department.toml"
FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量
TIMELY = Address("goals", (0, 0, 2, 0))  # 经费拨付及时率 ≥95% / 95%, score 3


@pytest.fixture
def form(tmp_path) -> Path:
    path = tmp_path / "form.toml"
    path.write_bytes(SAMPLE.read_bytes())
    return path


@pytest.fixture
def session(form) -> Session:
    return Session.open(form)


def spec(kind: str, name: str):
    return next(s for s in FIELDS[kind] if s.name == name)


def test_opening_a_sample_scores_it_and_is_clean(session):
    assert session.result.total == Decimal("97.78")
    assert session.result.grade == "优"
    assert not session.dirty
    assert session.node(FIRST).name == "建设科普惠民社区（村）数量"


def test_an_edit_rescores_and_makes_the_document_dirty(session):
    session.edit(TIMELY, {"weight": Decimal(3), "score": None})
    assert session.result_of(TIMELY).score == Decimal(3)  # formula: 3 × 95/95
    session.edit(TIMELY, {"actual": "90%"})
    assert session.result_of(TIMELY).score == Decimal("2.84")
    assert session.result_of(Address("goals", (0,))).score == Decimal("18.84")
    assert session.result.total == Decimal("97.62")
    assert session.dirty


def test_typing_in_one_field_is_one_undo_step_until_sealed(session):
    key = (TIMELY, "actual")
    for text in ("9", "90", "90%"):
        session.edit(TIMELY, {"actual": text}, key=key)
    assert len(session.undo_stack) == 1
    session.seal()
    session.edit(TIMELY, {"actual": "91%"}, key=key)
    assert len(session.undo_stack) == 2
    session.undo()
    assert session.node(TIMELY).actual == "90%"
    session.undo()
    assert session.node(TIMELY).actual == "95%"
    assert not session.dirty
    session.redo()
    assert session.node(TIMELY).actual == "90%"


def test_typing_back_to_the_original_leaves_no_step(session):
    key = (TIMELY, "actual")
    session.edit(TIMELY, {"actual": "95"}, key=key)
    session.edit(TIMELY, {"actual": "95%"}, key=key)
    assert session.undo_stack == []
    assert not session.dirty


def test_a_bad_value_raises_in_chinese_and_changes_nothing(session):
    before = session.doc
    with pytest.raises(DocumentError) as caught:
        session.edit(TIMELY, {"weight": Decimal(5000)})
    assert "不能大于" in str(caught.value)
    assert session.doc is before
    assert session.undo_stack == []


def test_number_fields_refuse_letters_and_say_why():
    weight = spec("indicator", "weight")
    with pytest.raises(FieldError) as caught:
        parse_input(weight, "12a")
    assert "“a”不是数字" in caught.value.message
    assert parse_input(weight, "") is None
    assert parse_input(weight, "１２.５") == Decimal("12.5")
    with pytest.raises(FieldError) as caught:
        parse_input(spec("execution", "budget"), "491.27万元")
    assert "万元" in caught.value.message
    with pytest.raises(FieldError):
        parse_input(weight, "1.2.3")


def test_add_duplicate_delete_move_and_undo_them_all(session):
    sub = Address("goals", (0, 0, 0))  # 数量指标 with two indicators
    new = session.add(sub)
    assert new == Address("goals", (0, 0, 0, 2)) and session.node(new).name == "新指标"
    sibling = session.add(FIRST)
    assert sibling == Address("goals", (0, 0, 0, 1))
    copy = session.duplicate(FIRST)
    assert session.node(copy).name.endswith("（副本）")
    assert len(session.node(sub).indicators) == 5
    after = session.delete(copy)
    assert after == copy  # the next sibling takes its place
    moved = session.move(FIRST, 1)
    assert moved == Address("goals", (0, 0, 0, 1))
    assert session.move(Address("goals", (0,)), -1) == Address("goals", (0,))  # already first
    while session.can_undo:
        session.undo()
    assert session.doc == load_document(session.path)
    assert not session.dirty


def test_structure_edits_that_make_no_sense_say_so(session):
    with pytest.raises(CannotEdit):
        session.add(EXECUTION)
    with pytest.raises(CannotEdit):
        session.delete(FORM)
    assert session.add(FORM) == Address("goals", (2,))  # a new goal at the end


def test_document_and_narrative_fields_edit_through_one_call(session):
    session.edit(FORM, {"narrative.remarks": "新的备注", "declared_total": Decimal("97.5")})
    assert session.doc.narrative.remarks == "新的备注"
    assert session.doc.declared_total == Decimal("97.5")
    session.edit(EXECUTION, {"spent": Decimal(400)})
    assert session.result.execution.rate == Decimal("81.42")


def test_whatif_discard_returns_exactly_to_the_start(session):
    saved = session.doc
    session.start_whatif()
    session.edit(FIRST, {"score": Decimal(1)})
    summary = session.whatif_summary()
    assert summary.base_is_saved
    assert (summary.total_before, summary.total_after) == (Decimal("97.78"), Decimal("94.78"))
    changed = {c.name: (c.before, c.after) for c in summary.changes}
    assert changed["建设科普惠民社区（村）数量"] == (Decimal(4), Decimal(1))
    assert changed["年度目标1"] == (Decimal(19), Decimal(16))
    assert session.changed(FIRST) and not session.changed(Address("goals", (1,)))
    session.end_whatif(keep=False)
    assert session.doc is saved and not session.whatif
    assert session.undo_stack == [] and not session.dirty


def test_whatif_keep_makes_ordinary_undoable_edits(session):
    session.start_whatif()
    with pytest.raises(WhatIfActive):
        session.save()
    session.edit(FIRST, {"score": Decimal(1)})
    session.end_whatif(keep=True)
    assert session.dirty and session.result.total == Decimal("94.78")
    session.undo()
    assert session.result.total == Decimal("97.78")


def test_save_writes_the_document_and_rereads_identically(session, form):
    session.edit(TIMELY, {"actual": "96%"})
    outcome = session.save()
    assert outcome.status == "saved"
    assert form.read_bytes() == session.file.disk_bytes
    assert load_document(form) == session.doc
    assert not session.dirty


@posix_only("symbolic links: making one on Windows needs administrator rights or developer mode, and Wine 8's "
            "do not resolve as NTFS's; the Windows branch that refuses a link is in test_storage_windows.py")
def test_a_form_opened_through_a_link_saves_through_it_and_save_as_never_follows_one(tmp_path, form):
    """The link the person opened is theirs; a link planted at a save-as
    destination is not followed, and a copy of a private form stays private."""
    import os

    os.chmod(form, 0o600)
    link = tmp_path / "快捷方式.toml"
    link.symlink_to(form)
    session = Session.open(link)
    session.edit(TIMELY, {"actual": "96%"})
    assert session.save().status == "saved"
    assert link.is_symlink() and load_document(form) == session.doc
    victim = tmp_path / "important.txt"
    victim.write_text("keep", encoding="utf-8")
    planted = tmp_path / "x.toml"
    planted.symlink_to(victim)
    session.edit(TIMELY, {"actual": "97%"})
    outcome = session.save_as(planted, overwrite=True)
    assert outcome.status == "failed" and "链接" in outcome.message
    assert victim.read_text(encoding="utf-8") == "keep" and session.path == link
    copy = tmp_path / "副本.toml"
    assert session.save_as(copy).status == "saved"
    assert os.stat(copy).st_mode & 0o777 == 0o600


def test_a_form_grown_past_the_limits_is_not_saved_and_nothing_is_lost(session, form):
    """Pasting or adding rows can grow a form past what `jixiao check` accepts;
    saving then refuses with the reason instead of writing a file that would
    not open again (model.limits)."""
    doc = session.doc
    sub = doc.goals[0].levels[0].sublevels[0]
    many = tuple(Indicator(name=f"指标{i}") for i in range(3_001))
    sub = sub.model_copy(update={"indicators": many})
    level = doc.goals[0].levels[0].model_copy(update={"sublevels": (sub,) + doc.goals[0].levels[0].sublevels[1:]})
    goal = doc.goals[0].model_copy(update={"levels": (level,) + doc.goals[0].levels[1:]})
    before = form.read_bytes()
    session.commit(doc.model_copy(update={"goals": (goal,) + doc.goals[1:]}), "粘贴", Address("goals", (0,)))
    outcome = session.save()
    assert outcome.status == "failed" and "上限" in outcome.message and "3000" in outcome.message.replace(",", "")
    assert form.read_bytes() == before and session.dirty


def test_save_refuses_to_overwrite_a_file_changed_on_disk(session, form):
    session.edit(TIMELY, {"actual": "96%"})
    form.write_text(form.read_text(encoding="utf-8").replace("97.78", "90"), encoding="utf-8")
    other = form.read_bytes()
    outcome = session.save()
    assert outcome.status == "conflict" and not outcome.conflict.deleted
    assert "97.78" in outcome.conflict.describe()  # what the other side changed
    assert form.read_bytes() == other and session.dirty  # untouched, nothing lost
    copy, outcome = session.save_copy()
    assert outcome.status == "saved"
    assert copy.name == "form-副本.toml" and load_document(copy) == session.doc
    assert form.read_bytes() == other and session.path == copy


def test_overwrite_after_a_conflict_needs_the_disk_version_seen(session, form):
    session.edit(TIMELY, {"actual": "96%"})
    form.write_text(form.read_text(encoding="utf-8").replace("97.78", "90"), encoding="utf-8")
    conflict = session.save().conflict
    # a third change after the person looked: overwriting must not hide it
    form.write_text(form.read_text(encoding="utf-8").replace("= 90", "= 91"), encoding="utf-8")
    assert session.save(overwrite=True, expected=conflict.disk).status == "conflict"
    conflict = session.save().conflict
    assert session.save(overwrite=True, expected=conflict.disk).status == "saved"
    assert load_document(form) == session.doc
    assert b"= 91" in form.with_name(form.name + ".bak").read_bytes()  # their version kept


def test_reload_takes_the_disk_version_and_undo_brings_the_work_back(session, form):
    session.edit(TIMELY, {"actual": "96%"})
    form.write_text(form.read_text(encoding="utf-8").replace('declared_total = 97.78',
                                                              'declared_total = 90'),
                    encoding="utf-8")
    session.reload()
    assert session.doc.declared_total == Decimal(90) and not session.dirty
    session.undo()
    assert session.node(TIMELY).actual == "96%"


def test_a_deleted_file_is_a_conflict_and_can_be_recreated(session, form):
    form.unlink()
    outcome = session.save()
    assert outcome.status == "conflict" and outcome.conflict.deleted
    assert not form.exists()
    assert session.save(overwrite=True, expected=None).status == "saved"
    assert load_document(form) == session.doc


def test_a_new_document_needs_a_name_first(tmp_path):
    doc = load_document(SAMPLE)
    session = Session(doc)
    with pytest.raises(NoPath):
        session.save()
    target = tmp_path / "新表.toml"
    assert session.save_as(target).status == "saved"
    assert session.path == target and load_document(target) == doc


def test_comments_in_the_file_are_noticed_until_saved(form):
    form.write_text("# 洪山区科协\n" + form.read_text(encoding="utf-8"), encoding="utf-8")
    session = Session.open(form)
    assert session.file.comments
    session.save()
    assert not session.file.comments and not form.read_text(encoding="utf-8").startswith("#")


def test_a_bad_file_raises_every_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\n[execution]\nweight = "二十"\nbudget = -1\n', encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        Session.open(bad)
    assert len(caught.value.problems) == 2
    assert all(p.line is not None for p in caught.value.problems)


def test_iter_addresses_lists_every_node_with_its_ancestors(session):
    rows = list(session.iter_addresses())
    indicators = [(a, n, names) for a, n, names in rows if isinstance(n, Indicator)]
    assert len(indicators) == sum(1 for _ in session.doc.iter_indicators())
    address, node, names = indicators[0]
    assert address == FIRST and names == ("年度目标1", "产出指标", "数量指标")


def test_saving_clears_the_dirty_mark_of_the_same_document(session):
    session.edit(TIMELY, {"actual": "96%"})
    assert session.dirty
    session.save()
    assert not session.dirty


def test_the_session_and_its_helpers_do_not_import_textual():
    import subprocess
    import sys

    probe = ("import sys; import tui.session, tui.fields, tui.config, tui.strings; "
             "sys.exit(1 if 'textual' in sys.modules else 0)")
    run = subprocess.run([sys.executable, "-c", probe], cwd=SAMPLE.parent.parent, timeout=60)
    assert run.returncode == 0


# -- sharing and recovery (model.storage through the session) -----------------

def test_read_only_refuses_edits_and_saving_but_allows_a_trial(session):
    session.file.read_only = True
    with pytest.raises(ReadOnly):
        session.edit(TIMELY, {"actual": "90%"})
    with pytest.raises(ReadOnly):
        session.add(FIRST)
    with pytest.raises(ReadOnly):
        session.save()
    assert not session.dirty
    session.start_whatif()
    session.edit(TIMELY, {"actual": "50%"})
    with pytest.raises(ReadOnly):
        session.end_whatif(keep=True)
    session.end_whatif(keep=False)
    assert session.doc is session.saved


def test_claim_takes_the_marker_and_close_releases_it(session, form):
    from model.storage import MarkerState, marker_path

    status = session.file.claim()
    assert status.state is MarkerState.OURS and marker_path(form).exists()
    assert not session.read_only
    session.close()
    assert not marker_path(form).exists()


def test_recovery_follows_the_work_and_goes_after_saving(session, form):
    from model.storage import find_recovery

    session.edit(TIMELY, {"actual": "80%"})
    assert session.recovery_error is None  # the first edit writes at once
    found = find_recovery(form)
    assert found is not None and b'actual = "80%"' in found.data
    session.edit(TIMELY, {"actual": "70%"})
    # within the interval: not yet
    assert b'actual = "80%"' in find_recovery(form).data
    session.file.throttle.last_write -= 10
    session.file.keep_now(session.recovery_job(edited=False))
    assert b'actual = "70%"' in find_recovery(form).data
    assert session.save().status == "saved"
    assert find_recovery(form) is None


def test_recovery_is_dropped_when_the_work_returns_to_the_saved_form(session, form):
    from model.storage import find_recovery, recovery_file_for

    session.edit(TIMELY, {"actual": "80%"})
    session.file.keep_now(session.recovery_job(edited=True, structural=True))
    assert recovery_file_for(form).exists()
    session.undo()
    session.file.keep_now(session.recovery_job(edited=True, structural=True))
    assert not recovery_file_for(form).exists() and find_recovery(form) is None


def test_restore_is_one_undoable_step_and_keeps_the_disk_as_base(session, form):
    from model.storage import find_recovery

    session.edit(TIMELY, {"actual": "80%"})
    session.file.keep_now(session.recovery_job(edited=True, structural=True))
    work = session.doc
    fresh = Session.open(form)
    recovery = fresh.file.pending_recovery()
    assert recovery is not None and recovery.data == find_recovery(form).data
    fresh.restore(recovery)
    assert fresh.doc == work and fresh.dirty
    fresh.undo()
    assert not fresh.dirty


# recovery writes in another thread (the app runs drain_recovery in a worker)

def _blocked_writes(monkeypatch):
    """Recovery writes that wait for `gate`; `entered` is set when one starts;
    `written` collects the bytes each one wrote."""
    import threading

    import model.storage.formfile as session_module

    real = session_module.write_recovery
    state = {"gate": threading.Event(), "entered": threading.Event(), "written": []}

    def write(path, data, base=None):
        state["entered"].set()
        assert state["gate"].wait(10)
        state["written"].append(data)
        return real(path, data, base=base)

    monkeypatch.setattr(session_module, "write_recovery", write)
    return state


def _drain_in_thread(session):
    import threading

    out: list = []
    thread = threading.Thread(target=lambda: out.extend(session.file.drain_recovery()))
    thread.start()
    return thread, out


def test_a_snapshot_queued_before_a_save_is_not_written_after_it(session, form):
    from model.storage import recovery_file_for

    session.keeper = lambda job: None  # this test runs the writer itself
    session.edit(TIMELY, {"actual": "80%"})
    job = session.recovery_job(edited=True, structural=True)
    assert job is not None and session.file.queue_recovery(job)  # the caller must drain
    assert session.save().status == "saved"
    assert session.file.drain_recovery() == []  # the worker runs late: nothing to keep
    assert not recovery_file_for(form).exists()


def test_a_save_waits_for_the_write_in_progress_and_then_removes_it(session, form, monkeypatch):
    import threading

    from model.storage import recovery_file_for

    state = _blocked_writes(monkeypatch)
    session.keeper = lambda job: None  # this test runs the writer itself
    session.edit(TIMELY, {"actual": "80%"})
    assert session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    thread, _ = _drain_in_thread(session)
    assert state["entered"].wait(10)  # the write is under way, in another thread
    session.edit(TIMELY, {"actual": "70%"})
    assert not session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    threading.Timer(0.2, state["gate"].set).start()
    assert session.save().status == "saved"  # waits for the write in progress
    # the queued 70% is written too when the write before it ended before the save
    # settled (the save's own write outlasting the 0.2 s: a loaded machine, Wine);
    # either way it is gone with the recovery file (the queued snapshot dropped
    # outright: test_a_snapshot_queued_before_a_save_is_not_written_after_it)
    written = len(state["written"])
    assert written in (1, 2) and b'actual = "80%"' in state["written"][0]
    assert not recovery_file_for(form).exists()
    thread.join(10)
    assert not thread.is_alive() and len(state["written"]) == written  # nothing after the save
    assert not recovery_file_for(form).exists()


def test_the_latest_snapshot_wins_and_one_write_runs_at_a_time(session, form, monkeypatch):
    from model.storage import find_recovery

    state = _blocked_writes(monkeypatch)
    session.keeper = lambda job: None  # this test runs the writer itself
    session.edit(TIMELY, {"actual": "80%"})
    assert session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    thread, messages = _drain_in_thread(session)
    assert state["entered"].wait(10)
    for figure in ("70%", "60%", "50%"):  # queued while the first write runs
        session.edit(TIMELY, {"actual": figure})
        assert not session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    state["gate"].set()
    thread.join(10)
    assert messages == []
    assert [b'actual = "80%"' in d for d in state["written"]] == [True, False]
    assert b'actual = "50%"' in state["written"][1]  # 70% and 60% were never written
    assert b'actual = "50%"' in find_recovery(form).data
    # the writer is done: the next snapshot starts a new one
    session.edit(TIMELY, {"actual": "40%"})
    assert session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    assert session.file.drain_recovery() == []


@pytest.mark.parametrize("how", ["discard", "close"])
def test_discard_or_close_waits_for_the_write_and_leaves_nothing_stale(session, form, monkeypatch,
                                                                      how):
    import threading

    from model.storage import recovery_file_for

    state = _blocked_writes(monkeypatch)
    session.keeper = lambda job: None  # this test runs the writer itself
    session.edit(TIMELY, {"actual": "80%"})
    assert session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    thread, _ = _drain_in_thread(session)
    assert state["entered"].wait(10)
    session.undo()  # back to the saved form: the recovery written now is stale
    assert not session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    threading.Timer(0.2, state["gate"].set).start()
    session.close(discard=how == "discard")
    thread.join(10)
    assert len(state["written"]) == 1
    assert not recovery_file_for(form).exists()


def test_close_keeps_the_recovery_of_work_not_saved(session, form):
    from model.storage import find_recovery

    session.edit(TIMELY, {"actual": "80%"})
    session.file.keep_now(session.recovery_job(edited=True, structural=True))
    session.close()  # e.g. the app ends without asking: as after a crash
    assert b'actual = "80%"' in find_recovery(form).data


def test_a_failing_recovery_write_returns_its_reason(session, form, monkeypatch):
    import model.storage.formfile as session_module
    from model.storage import StorageError

    def refuse(path, data, base=None):
        raise StorageError("无法写入恢复文件：磁盘已满", "full", path)

    monkeypatch.setattr(session_module, "write_recovery", refuse)
    session.edit(TIMELY, {"actual": "80%"})
    assert session.recovery_error == "无法写入恢复文件：磁盘已满"  # the commit tried at once
    assert session.file.queue_recovery(session.recovery_job(edited=True, structural=True))
    assert session.file.drain_recovery() == ["无法写入恢复文件：磁盘已满"]
    assert session.file.keep_now(session.recovery_job(edited=True, structural=True)) == "无法写入恢复文件：磁盘已满"


def test_every_change_is_one_commit_that_rescores_and_keeps_the_recovery(session, form, monkeypatch):
    """One edit path (issue 20): edits, structure edits, undo and redo all
    reach the form through `Session.commit` (or, for history, its tail), and
    each keeps the recovery file without the caller asking."""
    from model.storage import find_recovery

    commits: list[str] = []
    real = Session.commit

    def counted(self, after, label, address, **kw):
        commits.append(label)
        return real(self, after, label, address, **kw)

    monkeypatch.setattr(Session, "commit", counted)
    total = session.result.total
    session.edit(TIMELY, {"score": Decimal(0)})
    assert session.result.total == total - 3  # rescored
    assert b"score = 0" in find_recovery(form).data  # kept, nobody asked
    new = session.add_sibling(TIMELY)
    session.move(new, -1)
    session.duplicate(FIRST)
    session.delete(FIRST)
    assert len(commits) == 5
    session.file.throttle.last_write = None
    session.undo()  # the deletion comes back: structural, kept at once
    assert find_recovery(form).data == dumps_document(session.doc).encode("utf-8")
