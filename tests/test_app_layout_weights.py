"""A form begun from the wrong template gets its layout's weights replaced
in one step, undoable (issue 23, point 4)."""

from __future__ import annotations

from decimal import Decimal

from test_app_support import ROOT, app_for, isolated, screen_text  # noqa: F401

from model import load_document
from model.templates import template_file, with_layout_weights
from tui.dialogs.base import ChoiceDialog
from tui.session import Address


def _weights(doc):
    return (doc.execution.weight, [(g.weight, [lv.weight for lv in g.levels]) for g in doc.goals])


def test_a_layouts_weights_replace_the_forms_and_nothing_else():
    form = load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml")
    layout = load_document(template_file("central-project"))
    done = with_layout_weights(form, layout)
    assert done.execution.weight == Decimal(10)
    assert done.goals[1].weight == Decimal(90)
    # levels by name: 产出 50, 效益 30, 满意度 10; 成本指标 is not in the layout
    assert {lv.name: lv.weight for lv in done.goals[1].levels} == {
        "成本指标": form.goals[1].levels[0].weight, "产出指标": Decimal(50),
        "效益指标": Decimal(30), "满意度指标": Decimal(10)}
    assert list(done.iter_indicators()) == list(form.iter_indicators())  # rows untouched


async def test_ctrl_e_puts_in_the_central_templates_weights_and_ctrl_z_takes_them_out(tmp_path):
    path = tmp_path / "项目.toml"
    path.write_bytes(template_file("wuhan-project").read_bytes())  # the wrong template
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        before = _weights(screen.session.doc)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("3")  # 中央项目支出
        await pilot.pause()
        doc = screen.session.doc
        assert _weights(doc) == (Decimal(10), [(None, []), (Decimal(90), [
            Decimal(50), Decimal(30), Decimal(10)])])
        assert screen.session.node(Address("execution")).weight == Decimal(10)
        await pilot.press("ctrl+z")  # one step
        await pilot.pause()
        assert _weights(screen.session.doc) == before


async def test_ctrl_e_offers_the_sample_layout_but_not_the_flat_framework(tmp_path):
    """The flat framework has no level weights to put in: it is not offered;
    the Hongshan 2024 sample's layout is (4), its goal weights 20 and 60."""
    path = tmp_path / "部门.toml"
    path.write_bytes(template_file("wuhan-department").read_bytes())
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        labels = [c.label for c in app.screen.choices]
        assert "部门分目标计分 (4)" in labels and not any("平铺" in label for label in labels)
        await pilot.press("4")
        await pilot.pause()
        assert _weights(screen.session.doc)[1][0][0] == Decimal(20)  # 年度目标's weight: goal 1's
