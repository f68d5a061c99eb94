"""The user's day, part 1: open a form, move to an indicator, change it, see
every figure follow; qualitative tiers; number fields that refuse letters."""

from __future__ import annotations

from decimal import Decimal

from test_app_support import app_for, clear_field, form, go_down, isolated, label_of, screen_text, type_text  # noqa: F401

from tui.session import Address
from tui.text import number
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
        # the node's findings in the editor say why (the line may break anywhere in it)
        assert "不在“部分达成并具有一定效果”的区间" in screen.query_one("#findings-indicator").content.plain
        assert "不在“部分达成" in screen_text(app).replace("\n", "")
        # a score inside the band clears it
        await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
        await type_text(pilot, "1.5")
        codes = {f.code for f in screen.session.result.node(address.path).findings}
        assert "TIER_BAND" not in codes
        assert "✖" not in label_of(app, address)


async def test_typing_keeps_the_fields_in_place_while_a_finding_comes_and_goes(form):
    # 经费拨付及时率 has a typed score 3 and no weight: a weight of 2 brings
    # "得分 3 超过分值 2" and a second finding; a weight of 3 clears them. The
    # fields below must not move up under the cursor meanwhile.
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(TIMELY, "weight")
        await pilot.pause()
        weight = screen.query_one("#indicator-weight", FieldInput)
        findings = screen.query_one("#findings-indicator")
        await clear_field(pilot, weight)
        await type_text(pilot, "2")
        await pilot.pause()
        assert "超过分值" in findings.content.plain
        row_before, height_before = weight.region.y, findings.size.height
        await clear_field(pilot, weight)
        await type_text(pilot, "3")
        assert "超过分值" not in findings.content.plain
        assert "与公式得分" not in findings.content.plain
        assert weight.region.y == row_before
        assert findings.size.height == height_before
        # another node, and back: the findings take the room they need again
        screen.go_to(GOAL1)
        await pilot.pause()
        screen.go_to(TIMELY, "weight")
        await pilot.pause()
        await pilot.pause()
        assert findings.size.height < height_before
        assert weight.region.y < row_before


async def test_a_long_value_scrolls_inside_its_field(form):
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(TIMELY, "actual")
        await pilot.pause()
        actual = screen.query_one("#indicator-actual", FieldInput)
        await clear_field(pilot, actual)
        text = "全年共拨付经费" + "一二三四五六七八九十" * 6 + "尾"
        await type_text(pilot, text)
        assert actual.value == text
        assert actual.scroll_x > 0  # scrolled to keep the cursor in sight
        assert "尾" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert actual.scroll_x == 0
        assert "全年共拨付" in screen_text(app)


async def test_the_findings_list_keeps_its_place_when_findings_change(form):
    from tui.widgets.panel import FindingList

    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        findings = screen.query_one(FindingList)
        findings.focus()
        await pilot.press("end")
        await pilot.pause()
        assert findings.scroll_y > 0
        place, count = findings.scroll_y, findings.option_count
        screen.go_to(TIMELY, "weight")
        await pilot.pause()
        await clear_field(pilot, screen.query_one("#indicator-weight", FieldInput))
        await type_text(pilot, "2")  # 得分 3 超过分值 2: one more error
        await pilot.pause()
        # and the form's one “全表都未填分值” becomes the other rows' own WEIGHT_MISSING
        assert findings.option_count > count
        assert "超过分值 2" in "".join(str(findings.get_option_at_index(i).prompt)
                                     for i in range(findings.option_count))
        assert findings.scroll_y >= place  # not thrown back to the top
        assert findings.highlighted is not None


async def _typed_to_90_percent(pilot, screen) -> FieldInput:
    """TIMELY weighted 3, its typed score cleared, its actual value empty."""
    screen.go_to(TIMELY, "weight")
    await pilot.pause()
    await clear_field(pilot, screen.query_one("#indicator-weight", FieldInput))
    await type_text(pilot, "3")
    await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
    actual = screen.query_one("#indicator-actual", FieldInput)
    await clear_field(pilot, actual)
    return actual


async def test_a_keystroke_draws_the_total_first_and_the_rest_right_after(form):
    # the key's own dispatch brings only the status line's total up to date
    # (the frame that shows the key shows the new total); the tree, the
    # editor's lines and the scoring panel follow right after that frame,
    # once for a burst of keys
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        actual = await _typed_to_90_percent(pilot, screen)
        goal_before = label_of(app, GOAL1)
        syncs = []
        original_sync = screen.tree.sync
        screen.tree.sync = lambda **kw: (syncs.append(kw), original_sync(**kw))[1]
        for text in ("9", "90", "90%"):  # three keys in one burst
            actual.value = text
        assert screen.session.result.total == Decimal("97.62")
        assert label_of(app, GOAL1) == goal_before and syncs == []  # not yet
        await pilot.pause()
        await pilot.pause()
        assert len(syncs) == 1  # the burst caught up once
        assert "18.84/20" in label_of(app, GOAL1)
        text = screen_text(app)
        assert "总分 97.62 优" in text  # the status line
        assert "计入得分 2.84" in text and "理解为：90 %" in text  # the editor's lines
        assert " 97.62 " in screen.panel.query_one("#summary").plain  # the panel
        assert "18.84/20" in screen.panel.query_one("#summary").plain


async def test_undo_right_after_a_keystroke_brings_everything_back(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        actual = await _typed_to_90_percent(pilot, screen)
        await type_text(pilot, "90%")
        screen.go_to(GOAL1)  # the typing run ends
        await pilot.pause()
        screen.go_to(TIMELY, "actual")
        await pilot.pause()
        actual_before = actual.value
        goal_before = label_of(app, GOAL1)
        summary_before = screen.panel.query_one("#summary").plain
        total_before = screen.session.result.total
        actual.value = "50%"  # typed ...
        await pilot.press("ctrl+z")  # ... and undone before anything settled
        await pilot.pause()
        await pilot.pause()
        assert screen.session.result.total == total_before
        assert actual.value == actual_before
        assert label_of(app, GOAL1) == goal_before
        assert screen.panel.query_one("#summary").plain == summary_before
        await pilot.press("ctrl+y")  # redo: everything follows again
        await pilot.pause()
        await pilot.pause()
        assert actual.value == "50%"
        assert screen.session.result.total != total_before
        assert label_of(app, GOAL1) != goal_before
        assert f"总分 {number(screen.session.result.total)}" in screen_text(app)
        assert f" {number(screen.session.result.total)} " in screen.panel.query_one("#summary").plain
