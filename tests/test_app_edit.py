"""The user's day, part 1: open a form, move to an indicator, change it, see
every figure follow; qualitative tiers; number fields that refuse letters."""

from __future__ import annotations

from decimal import Decimal

from test_app_support import app_for, clear_field, form, go_down, isolated, label_of, screen_text, type_text  # noqa: F401

from tui.session import Address
from tui.widgets.editor import FieldInput

TIMELY = Address("goals", (0, 0, 2, 0))  # 经费拨付及时率: ≥95% / 95%, typed score 3
GOAL1 = Address("goals", (0,))


async def test_change_an_actual_value_and_see_indicator_goal_and_total_update(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert "97.78" in screen_text(app) and "优" in screen_text(app)
        await go_down(pilot, 10)  # form, 预算执行, 目标1, 产出, 数量, 2 rows, 质量, 1 row, 时效, 及时率
        assert screen.editor.address == TIMELY
        await pilot.press("enter")
        await pilot.pause()
        assert screen.focused.id == "indicator-name"
        # give it a weight and clear the typed score: the formula takes over
        await clear_field(pilot, screen.query_one("#indicator-weight", FieldInput))
        await type_text(pilot, "3")
        await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
        assert "按公式计分" in screen_text(app)
        # now the actual value drives the score, on every keystroke
        await clear_field(pilot, screen.query_one("#indicator-actual", FieldInput))
        await type_text(pilot, "90%")
        result = screen.session.result
        assert result.node(TIMELY.path).score == Decimal("2.84")
        assert result.total == Decimal("97.62")
        text = screen_text(app)
        assert "计入得分 2.84" in text  # the editor's score line
        assert "理解为：90 %" in text  # how the actual was read
        assert "18.84/20" in label_of(app, GOAL1)  # the goal in the tree
        assert "总分 97.62 优" in text  # the status bar
        assert "● 未保存" in text


async def test_each_keystroke_updates_the_total_and_typing_is_one_undo_step(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(Address("execution"), "spent")
        await pilot.pause()
        spent = screen.query_one("#execution-spent", FieldInput)
        assert screen.focused is spent
        await clear_field(pilot, spent)
        totals = []
        for ch in "400":
            await pilot.press(ch)
            await pilot.pause()
            totals.append(screen.session.result.total)
            assert f"总分 {totals[-1]}" in screen_text(app)
        # B = 4, 40, 400 万元 of A = 491.27: execution 0.16, 1.63, 16.28 (+ goals 78)
        assert totals == [Decimal("78.16"), Decimal("79.63"), Decimal("94.28")]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.result.total == Decimal("97.78")
        assert spent.value == "485.77"


async def test_number_fields_refuse_letters_and_say_why(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(TIMELY, "weight")
        await pilot.pause()
        await type_text(pilot, "2a")
        weight = screen.query_one("#indicator-weight", FieldInput)
        assert weight.value == "2"  # the letter never got in
        assert "只能填数字" in screen_text(app)
        assert "“a" in screen.query_one("#indicator-weight-note").content.plain
        assert screen.session.node(TIMELY).weight == Decimal(2)


async def test_a_qualitative_tier_shows_a_band_violation_that_clears(form):
    address = Address("goals", (0, 1, 0, 0))  # 提升基层科普服务能力: 逐年上升, score 2
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(address, "weight")
        await pilot.pause()
        await type_text(pilot, "2")
        # pick 部分达成 from the list with keys only
        screen.editor.focus_field("tier")
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.session.node(address).tier.value == "partial"
        codes = {f.code for f in screen.session.result.node(address.path).findings}
        assert "TIER_BAND" in codes
        assert "✖" in label_of(app, address)
        assert "不在“部分达成并具有一定效果”的区间" in screen_text(app)
        # a score inside the band clears it
        await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
        await type_text(pilot, "1.5")
        codes = {f.code for f in screen.session.result.node(address.path).findings}
        assert "TIER_BAND" not in codes
        assert "✖" not in label_of(app, address)
