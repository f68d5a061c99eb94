"""Jump by pinyin: the palette finds 科普活动参与度 from `kphd`, `kepu` or a
mix; pypinyin is loaded only when a pinyin query is made."""

from __future__ import annotations

import subprocess
import sys

from test_app_support import ROOT, app_for, form, isolated, type_text  # noqa: F401

from tui.pinyin import is_pinyin_query, pinyin_match
from tui.session import Address

PARTICIPATION = Address("goals", (0, 0, 1, 0))  # 科普活动参与度 (Hongshan 2024)


def test_initials_full_pinyin_and_a_mix_match_from_the_first_character():
    name = "科普活动参与度"
    assert pinyin_match("kphd", name) == (1.0, (0, 1, 2, 3))
    assert pinyin_match("kepu", name) == (1.0, (0, 1))
    assert pinyin_match("kepuhdcy", name)[0] == 1.0
    assert pinyin_match("hdcy", name)[0] == 0.8  # inside the name: found, lower
    assert pinyin_match("kpd", name) == (0.0, ())  # 普 then 动 skips 活
    assert pinyin_match("kepux", name) == (0.0, ())


def test_readings_are_phrase_aware_and_latin_text_is_spelled_as_it_is():
    assert pinyin_match("cq", "重庆市项目")[0] == 1.0  # chong qing, not zhong
    assert pinyin_match("5gjz", "建设5G基站")[1] == (2, 3, 4, 5)


def test_only_latin_queries_are_read_as_pinyin():
    assert is_pinyin_query("kphd") and is_pinyin_query("5g")
    assert not is_pinyin_query("科普") and not is_pinyin_query("k") and not is_pinyin_query("12")


def test_opening_the_app_does_not_load_pypinyin():
    code = ("import sys, tui.app, tui.commands, tui.screens.main\n"
            "print('pypinyin' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


async def test_the_palette_jumps_to_an_indicator_typed_as_pinyin_initials(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "kphdcyd")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.editor.address == PARTICIPATION
