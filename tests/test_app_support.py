"""Helpers for the app tests (imported by tests/test_app_*.py; no tests here).

Every app test runs with its own state and config folders, so the recent-files
list and key settings of the person running the tests are never touched.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tui import compat
from tui.app import JixiaoApp

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
FIXED_CONFIG = "/nonexistent/jixiao-test-config"  # fixed: it is shown in the help screen


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", FIXED_CONFIG)


@pytest.fixture
def form(tmp_path) -> Path:
    """A private copy of the Hongshan 2024 sample form."""
    path = tmp_path / "hongshan-2024-department.toml"
    shutil.copyfile(SAMPLE, path)
    return path


def app_for(path: Path | str | None) -> JixiaoApp:
    return JixiaoApp(str(path) if path is not None else None)


def screen_text(app) -> str:
    """Everything on screen as plain text, line by line, as a person sees it."""
    return compat.screen_text(app)


def label_of(app, address) -> str:
    """A navigator row as plain text (marks, name, score / weight), unclipped."""
    return app.screen.tree.row_text(address)


async def go_down(pilot, times: int) -> None:
    for _ in range(times):
        await pilot.press("down")
    await pilot.pause()


async def editor_ready(pilot, seconds: float = 2.0) -> bool:
    """Wait (at most `seconds`) until the editor's shown form has mounted: the
    editor builds its forms after the first frame."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause(0.02)
        if pilot.app.screen.editor.ready:
            return True
    return pilot.app.screen.editor.ready


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds (and is drawn); fails after
    `seconds`. For what happens after a frame or in a worker: a bounded wait,
    not a timing assertion."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)
    await pilot.pause()


async def screen_settled(pilot, seconds: float = 5.0) -> None:
    """Let the app run until what the screen shows stops changing (a text
    area wraps one character differently before and after its scroll bar is
    laid out): for snapshots, which are taken as the screen is at that moment."""
    deadline = time.monotonic() + seconds
    shown = None
    while time.monotonic() < deadline:
        await pilot.pause(0.1)
        now = screen_text(pilot.app)
        if now == shown:
            return
        shown = now


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


async def clear_field(pilot, field) -> None:
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    await pilot.pause()
