"""Shared test set-up.

Every test gets its own state directory (recovery files, recent files), so
the suite never reads or writes the real `~/.local/state/jixiao`.
"""

from __future__ import annotations

import pytest

from model.storage import STATE_DIR_ENV


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path_factory.mktemp("state")))
