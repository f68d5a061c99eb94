"""Screen snapshots (pytest-textual-snapshot) of the main screen, the editor,
the what-if view and help, at 80×24 and 120×40, and the grid editor at
80×24 and 200×50, on the Hongshan 2024 form.

Regenerate after an intended change with
`python -m pytest tests/test_app_snapshots.py --snapshot-update` and look at
the SVG files under tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from platforms import WINDOWS, posix_only
from test_app_support import SAMPLE, editor_ready, form, isolated, screen_settled  # noqa: F401

from textual.widgets import Input

from tui.app import JixiaoApp
from tui.session import Address
from tui.widgets.editor import FieldInput

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
INDICATOR = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量


def steady_cursor(app) -> None:
    """A focused field's cursor blinks on a clock (0.5 s); on a busy machine the
    picture would catch it on or off. Keep it on."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def app(path) -> JixiaoApp:
    # a private copy with the sample's name: the same picture, and parallel
    # test workers never meet each other's editing marker beside the sample
    return JixiaoApp(str(path))


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, size, form):
    async def settled(pilot):
        assert await editor_ready(pilot)
        await screen_settled(pilot)

    assert snap_compare(app(form), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_editor_on_an_indicator(snap_compare, size, form):
    async def open_indicator(pilot):
        await pilot.press(*["down"] * 5, "enter")
        await pilot.pause()
        steady_cursor(pilot.app)
        await screen_settled(pilot)

    assert snap_compare(app(form), terminal_size=size, run_before=open_indicator)


@pytest.mark.parametrize("size", SIZES)
def test_whatif_view(snap_compare, size, form):
    async def try_a_lower_score(pilot):
        screen = pilot.app.screen
        await pilot.press("f5")
        screen.go_to(INDICATOR, "score")
        await pilot.pause()
        field = screen.query_one("#indicator-score", FieldInput)
        field.value = "1"
        await pilot.pause()
        await pilot.press("escape", "f3")  # back to the tree, then the panel
        await pilot.pause()
        pilot.app.clear_notifications()  # toasts expire on a clock: keep the picture stable
        await pilot.pause()

    assert snap_compare(app(form), terminal_size=size, run_before=try_a_lower_score)


@pytest.mark.parametrize("size", SIZES)
@posix_only("the help shows the keys file's path, which Windows writes with backslashes; the snapshots are POSIX's")
def test_help(snap_compare, size, form):
    assert snap_compare(app(form), terminal_size=size, press=["f1"])


GRID_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((200, 50), id="200x50")]


@pytest.mark.parametrize("size", GRID_SIZES)
def test_grid_editor(snap_compare, size, form):
    async def open_grid_on_an_indicator(pilot):
        screen = pilot.app.screen
        screen.go_to(Address("goals", (0, 0, 0, 1)))  # 开展科普活动次数: its findings under the grid
        await pilot.pause()
        await pilot.press("ctrl+g", "right")  # the grid, on its target cell
        await pilot.pause()
        steady_cursor(pilot.app)  # the cell's cursor: on, not caught mid-blink
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(form), terminal_size=size, run_before=open_grid_on_an_indicator)


# -- every dialog at 80×24: nothing cut off (issue 23: the new-file dialog's
# buttons were, at 80 columns) ----------------------------------------------------


async def _open_dialog(pilot, keys: list[str]) -> None:
    await pilot.pause()
    if keys:
        await pilot.press(*keys[:-1])
        await pilot.pause()
        # a toast of the keys before (what-if's start) would stay drawn on the screen the
        # dialog covers, or not, by whether a frame came between the keys: none, always
        pilot.app.clear_notifications()
        await pilot.press(keys[-1])
    for _ in range(40):  # dialogs that list a folder load it first
        await pilot.pause(0.05)
        if pilot.app.screen.is_modal:
            break
    steady_cursor(pilot.app)
    pilot.app.clear_notifications()
    await pilot.pause()
    if pilot.app.screen.is_modal:
        await screen_settled(pilot)
        assert_every_button_shown(pilot.app, some=False)


# the same path on every run and machine (on Windows the dialogs showing it are skipped)
SNAPSHOT_ROOT = Path(tempfile.gettempdir() if WINDOWS else "/tmp") / "jixiao-snapshots"
SHOWS_THE_PATH = posix_only("the dialog shows the form's folder, which Windows writes with a drive "
                            "letter and backslashes; the snapshots are POSIX's")
DIALOGS = [
    pytest.param(["f6"], id="export", marks=SHOWS_THE_PATH),
    pytest.param(["f7"], id="import", marks=SHOWS_THE_PATH),
    pytest.param(["f8"], id="rollup", marks=SHOWS_THE_PATH),
    pytest.param(["ctrl+r"], id="report", marks=SHOWS_THE_PATH),
    pytest.param(["f12"], id="save-as", marks=SHOWS_THE_PATH),
    pytest.param(["ctrl+o"], id="open", marks=SHOWS_THE_PATH),
    pytest.param(["a", "ctrl+q"], id="quit-unsaved"),
    pytest.param(["f5", "a", "f5"], id="whatif-end"),
]


def fixed_folder(name: str) -> Path:
    """A folder whose path is the same on every run: the dialogs show it."""
    folder = SNAPSHOT_ROOT / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("keys", DIALOGS)
def test_dialog_at_80x24(snap_compare, keys, request):
    folder = fixed_folder(request.node.callspec.id)
    path = folder / SAMPLE.name
    shutil.copyfile(SAMPLE, path)

    async def opened(pilot):
        await _open_dialog(pilot, keys)

    assert snap_compare(app(path), terminal_size=(80, 24), run_before=opened)


@SHOWS_THE_PATH
def test_new_file_dialog_at_80x24(snap_compare):
    folder = fixed_folder("new-file")

    async def opened(pilot):
        await _open_dialog(pilot, [])

    assert snap_compare(JixiaoApp(str(folder / "新项目.toml")), terminal_size=(80, 24),
                        run_before=opened)


def test_weights_dialog_at_80x24(snap_compare):
    folder = fixed_folder("weights")

    async def opened(pilot):
        await _open_dialog(pilot, ["3"])

    assert snap_compare(JixiaoApp(str(folder / "新项目.toml")), terminal_size=(80, 24),
                        run_before=opened)


# -- the dialogs about the file itself at 80×24: a file that cannot be loaded
# here; a form someone else is editing (take over) and a save that meets
# another's (conflict) in tests/test_app_sharing.py, with the storage tests.
# Each must show every button. ----------------------------------------------------

def assert_every_button_shown(app, *, some: bool = True) -> None:
    """Each button of the screen on top lies inside 80×24, is not covered,
    and has room for its whole label (`some`: there are buttons; the
    pickers answer by keys named on their hint line instead)."""
    from rich.text import Text
    from textual.geometry import Region
    from textual.widgets import Button

    from model.text import cells

    buttons = list(app.screen.query(Button))
    assert buttons or not some
    for button in buttons:
        region = button.region
        label = button.label.plain if isinstance(button.label, Text) else str(button.label)
        assert Region(0, 0, 80, 24).contains_region(region) and region.width >= cells(label), (
            label, region)
        assert app.screen.get_widget_at(region.x + 1, region.y)[0] is button, label


async def settled_on(pilot, screen_type) -> None:
    for _ in range(100):  # a tick or two of the app: the screen is pushed after the file is read
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, screen_type):
            break
    steady_cursor(pilot.app)
    for _ in range(2):  # a notice posted as the screen came up: cleared, then settled again
        pilot.app.clear_notifications()
        await screen_settled(pilot)
    assert isinstance(pilot.app.screen, screen_type)
    assert_every_button_shown(pilot.app)


BROKEN = """schema = 1
kind = "project"
title = "2024年度项目支出绩效自评表"

[execution]
weight = "二十"
budget = -5

[[goals]]
title = "项目绩效总目标"
wieght = 20

[[goals.levels]]
name = "产出指标"
weight = 900

[[goals.levels.sublevels]]
name = "数量指标"

[[goals.levels.sublevels.indicators]]
name = "培训场次"
target = "≥10场"
score = "十"
"""


@pytest.mark.parametrize("text", [pytest.param(BROKEN, id="problems"),
                                  pytest.param(SAMPLE.read_text(encoding="utf-8").replace(
                                      "weight = 20", "wieght = 20", 1), id="misspelt-key")])
def test_load_error_screen_at_80x24(snap_compare, text, request):
    from tui.screens.load_error import LoadErrorScreen

    path = fixed_folder(f"load-error-{request.node.callspec.id}") / "坏表.toml"
    path.write_text(text, encoding="utf-8")

    async def shown(pilot):
        await settled_on(pilot, LoadErrorScreen)

    assert snap_compare(JixiaoApp(str(path)), terminal_size=(80, 24), run_before=shown)
