"""A terminal that disappears without a hang-up ends the session with its
work kept (issue 19, point 2). The run itself is tests/soak/terminal_gone.py
(a pty whose master is closed, the app in a session of its own so that no
SIGHUP reaches it); before the fix the process ran on for ever, its marker
left behind and the last typed text in neither the form nor the recovery."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")

sys.path.insert(0, str(Path(__file__).resolve().parent / "soak"))


def test_a_vanished_terminal_ends_the_session_and_keeps_the_typed_work(tmp_path, monkeypatch):
    import terminal_gone

    monkeypatch.delenv("JIXIAO_STATE_DIR", raising=False)  # the round sets its own
    result = terminal_gone.one_round(tmp_path)
    assert result.exit_code == 129  # it ended itself, as after a hang-up
    assert result.recovery is not None and terminal_gone.TYPED.encode() in result.recovery
    assert not result.marker_left  # the next session is not told the form is in use
