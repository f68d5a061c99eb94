"""What a new user hit (issue: entering a form as fast as a spreadsheet):
number fields select their text, a refusal note that stayed, the 不适用 box,
an invisible Tab stop, two minus signs, what-if counting the levels, the
panel's room at 200 columns, the breadcrumb at 60×20, `jixiao score` and a
goal's effective weight."""

from __future__ import annotations

import io
from decimal import Decimal

from test_app_support import app_for, clear_field, form, isolated, screen_text, type_text  # noqa: F401

from jixiao.cli import print_summary
from model import Rules, dumps_document, load_document
from scoring import score_document
from tui.dialogs.base import ChoiceDialog
from tui.session import EXECUTION, Address
from tui.view import crumb_text
from tui.widgets.choices import FieldCheckbox
from tui.widgets.editor import FieldInput

FIRST = Address("goals", (0, 0, 0, 0))  # 建设科普惠民社区（村）数量, typed score 4
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


async def test_a_number_field_selects_its_text_on_focus_so_typing_replaces_it(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "actual")
        await pilot.pause()
        await pilot.press("tab")  # to 分值 (empty), then 得分 (4)
        await pilot.press("tab")
        await pilot.pause()
        score = screen.query_one("#indicator-score", FieldInput)
        assert screen.focused is score
        await type_text(pilot, "3")
        assert score.value == "3"
        assert screen.session.node(FIRST).score == Decimal(3)


async def test_a_value_field_selects_its_text_on_focus_so_typing_replaces_it(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "target")
        await pilot.pause()
        await pilot.press("tab")  # to 实际完成值 (9个)
        await pilot.pause()
        actual = screen.query_one("#indicator-actual", FieldInput)
        assert screen.focused is actual and actual.value == "9个"
        await type_text(pilot, "5个")
        assert actual.value == "5个"
        assert screen.session.node(FIRST).actual == "5个"


async def test_the_refusal_note_goes_when_the_field_is_fixed_or_undone(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "score")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, "a")
        assert "只能填数字" in screen_text(app)
        await type_text(pilot, "5")  # 45: a value the form takes
        assert "只能填数字" not in screen_text(app)
        await type_text(pilot, "x")
        assert "只能填数字" in screen_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "只能填数字" not in screen_text(app)
        assert screen.query_one("#indicator-score", FieldInput).value == "4"


async def test_the_not_applicable_box_says_its_state_and_what_the_rules_do(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "not_applicable")
        await pilot.pause()
        box = screen.query_one("#indicator-not_applicable", FieldCheckbox)
        assert "适用，正常计分" in str(box.label) and not box.has_class("-on")
        await pilot.press("space")
        await pilot.pause()
        assert screen.session.node(FIRST).not_applicable
        # the paper rules in force still score the row, and the box says so
        assert "仍按原方法计分" in str(box.label) and box.has_class("-on")
        assert not screen.session.result.settings.rescale_not_applicable
    # under rules that leave 不适用 rows out, the box says that instead
    doc = load_document(form)
    doc = doc.model_copy(update={"rules": Rules(rescale_not_applicable=True)})
    rescaled = form.with_name("rescaled.toml")
    rescaled.write_text(dumps_document(doc), encoding="utf-8")
    app = app_for(rescaled)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(FIRST, "not_applicable")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        box = screen.query_one("#indicator-not_applicable", FieldCheckbox)
        assert "不计分，分值按比例分给其他指标" in str(box.label)
        assert screen.session.result_of(FIRST).excluded


async def test_tab_after_the_last_budget_field_goes_to_something_visible(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        screen.go_to(EXECUTION, "declared_score")
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert screen.focused is screen.panel.query_one("#findings")


async def test_the_panel_uses_one_minus_sign_and_what_if_counts_the_edited_scores(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await pilot.press("f5")
        screen.go_to(FIRST, "score")
        await pilot.pause()
        await clear_field(pilot, screen.query_one("#indicator-score", FieldInput))
        await type_text(pilot, "1")
        text = screen_text(app)
        assert "−" not in text and "-3" in text
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        # one score edited (the sublevel, level and goal above it follow)
        assert "有 1 处得分变化" in app.screen.question


async def test_the_panel_gets_the_room_at_200_columns(form):
    app = app_for(form)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert app.screen.panel.size.width >= 60


async def test_the_breadcrumb_keeps_the_indicators_own_name_at_60_columns(form):
    app = app_for(form)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = app.screen
        screen.go_to(FIRST)
        await pilot.pause()
        crumbs = screen_text(app).splitlines()[1]
        assert "建设科普惠民社区（村）数量 4/—" in crumbs


def test_crumb_text_gives_way_with_the_ancestors_first():
    parts = [("年度目标1", "19/20"), ("产出指标", "7/—"), ("数量指标", "7/—"), ("开展科普活动次数", "3/—")]
    wide = crumb_text(parts, 200).plain
    assert wide == "年度目标1 19/20 › 产出指标 7/— › 数量指标 7/— › 开展科普活动次数 3/—"
    narrow = crumb_text(parts, 40).plain
    assert narrow.endswith("开展科普活动次数 3/—") and len(narrow) <= 40 and "19/20" not in narrow
    tiny = crumb_text(parts, 24).plain
    assert tiny.endswith("3/—") and "开展" in tiny


def test_score_summary_shows_a_goals_weight_as_the_sum_of_its_levels():
    doc = load_document(ROOT / "sample_data" / "dongxihu-2025-department.toml")
    goal = next(g for g in doc.goals if g.levels and all(lv.weight is not None for lv in g.levels))
    no_weight = goal.model_copy(update={"weight": None})
    doc = doc.model_copy(update={"goals": tuple(no_weight if g is goal else g for g in doc.goals)})
    out = io.StringIO()
    print_summary(doc, score_document(doc), out)
    summed = sum(lv.weight for lv in goal.levels)
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith(goal.title))
    assert line.rstrip().endswith(f"/ {summed}")
