"""Opening a form and looking through it changes nothing: every sample form
and template, whatever its kind and rule preset, stays exactly as it was
loaded until a person edits it (no unsaved mark, no recovery file, the same
bytes when saved)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_app_support import ROOT, app_for, isolated, screen_text  # noqa: F401

from model import load_document
from tui.session import EXECUTION, FORM

FORMS = sorted((ROOT / "sample_data").glob("*.toml")) + sorted(
    (ROOT / "sample_data" / "templates").glob("*.toml"))


def _copy(tmp_path: Path, source: Path, preset: str | None = None) -> Path:
    path = tmp_path / source.name
    shutil.copyfile(source, path)
    if preset is not None:
        text = path.read_text(encoding="utf-8")
        assert 'preset = "paper"' in text
        path.write_text(text.replace('preset = "paper"', f'preset = "{preset}"'), encoding="utf-8")
    return path


async def _look_through(app, pilot) -> None:
    """Show every node in the editor, as a person moving down the tree does."""
    screen = app.screen
    for address in [FORM, EXECUTION] + [a for a, _, _ in screen.session.iter_addresses()]:
        screen.go_to(address)
        await pilot.pause()


@pytest.mark.parametrize("source", FORMS, ids=lambda p: p.name)
async def test_opening_and_looking_through_a_form_changes_nothing(tmp_path, source):
    path = _copy(tmp_path, source)
    loaded = load_document(path)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        assert screen.session.doc == loaded
        await _look_through(app, pilot)
        assert screen.session.doc == loaded, "showing a node edited the form"
        assert not screen.session.dirty
        assert "未保存" not in screen_text(app)
        assert not screen.session.can_undo
    assert not list((tmp_path / "state").rglob("*.toml")), "a recovery file was written"


async def test_the_second_rule_preset_survives_opening(tmp_path):
    path = _copy(tmp_path, ROOT / "sample_data" / "hongshan-2024-project-affairs.toml",
                 preset="linear-80-60")
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        await _look_through(app, pilot)
        session = app.screen.session
        assert session.doc.rules.preset == "linear-80-60"
        assert session.doc.kind.value == "project"
        assert not session.dirty
