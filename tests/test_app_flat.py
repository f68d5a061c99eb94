"""A flat form (RULES.md 5b) in the app: edited as its flat list of indicators.

The form is the department form typed by hand in tests/test_import_foreign.py (printed
total 96.6 = 9.8 + 30 + 28.8 + 28): the tree shows its indicators without the unnamed
goal, level and sublevel that hold them in the file; the grid has the flat columns
(得分系数, 是否核心指标, 调整指标值), typed and rescored; the editor shows those fields;
adding a row adds an indicator to the list. Headless parts first (`tui.sheet`,
`tui.fields`, `Session`), then Pilot tests.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from builders import form as build, ind
from test_app_support import app_for, editor_ready, isolated, screen_text, type_text, wait_for  # noqa: F401

from model import (Document, Execution, Framework, Goal, Indicator, LevelOne, LevelTwo,
                   dumps_document, load_document)
from tui.fields import FIELDS, FieldError, parse_input
from tui.session import EXECUTION, FORM, Address, Session, flat_step
from tui.sheet import COLUMNS, FLAT_COLUMNS, build_rows, columns_for, fill

D = Decimal
LIST = (0, 0, 0)  # the unnamed goal / level / sublevel that hold the list
FIRST, SECOND, THIRD = (Address("goals", LIST + (i,)) for i in range(3))


def flat_form() -> Document:
    rows = (Indicator(name="统计调查项目完成率", target="≥100%", actual="100%", weight=D(30), coefficient=D(100),
                      score=D(30), core=True),
            Indicator(name="数据发布及时率", target="≥95%", adjusted_target="≥90%", actual="92%", weight=D(30),
                      coefficient=D(96), score=D("28.8"), reason="年中机构改革"),
            Indicator(name="社会公众满意度", target="≥90%", actual="88%", weight=D(30), coefficient=D("93.33"),
                      core=True, reason="宣传不足"))
    return Document(framework=Framework.flat, unit="某市统计局", declared_total=D("96.6"),
                    execution=Execution(weight=D(10), declared_rate=D(98), declared_score=D("9.8")),
                    goals=(Goal(levels=(LevelOne(sublevels=(LevelTwo(indicators=rows),)),)),))


@pytest.fixture
def path(tmp_path) -> Path:
    out = tmp_path / "统计局.toml"
    out.write_text(dumps_document(flat_form()), encoding="utf-8")
    return out


def spec(name: str):
    return next(s for s in FIELDS["indicator"] if s.name == name)


# -- without the app ------------------------------------------------------------------------


def test_the_grid_of_a_flat_form_is_its_list_with_the_flat_columns():
    session = Session(flat_form())
    rows = build_rows(session, FORM)
    assert [(r.kind, r.address) for r in rows] == [
        ("execution", EXECUTION), ("indicator", FIRST), ("indicator", SECOND), ("indicator", THIRD)]
    assert [c.name for c in columns_for(session.doc)] == [
        "name", "target", "adjusted_target", "actual", "coefficient", "weight", "score", "core", "formula", "mark"]
    assert columns_for(build()) is COLUMNS  # a form with levels keeps its columns
    # opened at an indicator: its (unnamed) goal, and still no level rows
    assert [r.kind for r in build_rows(session, Address("goals", (0,)))] == ["indicator"] * 3
    # a named level in a flat form is a row as always: only the unnamed ones are no rows
    named = flat_form().model_copy(update={"goals": (Goal(levels=(LevelOne(name="履职效能", sublevels=(
        LevelTwo(indicators=(ind("≥1次", "1次", weight=10),)),)),)),)})
    assert [r.kind for r in build_rows(Session(named), FORM)] == ["execution", "level", "indicator"]


def test_a_yes_no_cell_reads_shi_and_fou_and_says_what_it_takes():
    core = spec("core")
    assert [parse_input(core, text) for text in ("是", " y ", "√", "1", "否", "", "×", "N")] == [
        True, True, True, True, False, False, False, False]
    with pytest.raises(FieldError) as err:
        parse_input(core, "也许")
    assert err.value.message == "“也许”不是是否核心指标的选项；请填“是”或“否”（空着即为否）"
    assert parse_input(spec("coefficient"), "93.33") == D("93.33")


def test_a_pasted_block_fills_the_flat_columns():
    session = Session(flat_form())
    rows = build_rows(session, FORM)
    at_column = next(i for i, c in enumerate(FLAT_COLUMNS) if c.name == "coefficient")
    filled = fill(session.doc, rows, 3, at_column, "100\t30\t\t是\n50\t10\t\t否\n")
    third, fourth = filled.doc.goals[0].levels[0].sublevels[0].indicators[2:]
    assert (third.coefficient, third.weight, third.score, third.core) == (D(100), D(30), None, True)
    assert (fourth.coefficient, fourth.weight, fourth.core, filled.added) == (D(50), D(10), False, 1)


def test_adding_a_row_to_a_flat_form_adds_an_indicator_to_its_list():
    session = Session(flat_form())
    for at in (FORM, EXECUTION, Address("goals", (0,)), Address("goals", (0, 0))):
        new = session.add(at)
        assert new == Address("goals", LIST + (len(session.node(Address("goals", LIST)).indicators) - 1,))
        assert isinstance(session.node(new), Indicator)
    assert session.add_sibling(FIRST) == SECOND  # after the row it is on
    assert len(session.doc.goals) == 1 and len(session.doc.goals[0].levels) == 1
    # a new flat form: the unnamed goal, level and sublevel are made with its first row
    empty = Session(Document(framework=Framework.flat))
    assert empty.add(FORM) == FIRST and empty.add(FORM) == SECOND
    assert [flat_step(empty.doc, node) for node in (empty.doc.goals[0], empty.doc.goals[0].levels[0])] == [
        True, True]
    assert empty.can_undo and len(empty.undo_stack) == 2  # one step each
    # a form with levels still adds a goal from the form
    assert Session(build()).add(FORM).kind == "goal"


# -- the app --------------------------------------------------------------------------------


async def test_the_tree_shows_the_flat_list_and_follows_edits(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        tree = screen.tree
        kids = tree.root.children
        assert [k.data for k in kids] == [EXECUTION, FIRST, SECOND, THIRD]  # no unnamed level rows
        assert all(not k.children for k in kids[1:])
        text = screen_text(app)
        assert "（未命名）" not in text and "社会公众满意度  28/30" in text
        screen.go_to(THIRD)
        assert await editor_ready(pilot)
        await pilot.pause()
        assert tree.cursor_node is kids[3] and screen.editor.address == THIRD
        # the editor's breadcrumb is the row's name: no empty steps above it
        assert screen_text(app).splitlines()[1].strip() == "社会公众满意度 28/30"
        # `a` on the form adds an indicator at the end of the list, shown as a row of it
        screen.tree.focus()
        screen.go_to(FORM)
        await pilot.pause()
        screen.tree.focus()
        await pilot.press("a")
        await wait_for(pilot, lambda: len(tree.root.children) == 5)
        new = Address("goals", LIST + (3,))
        assert tree.root.children[4].data == new and screen.session.node(new).name == "新指标"
        assert "（未命名）" not in screen_text(app)


async def test_grid_columns_of_a_flat_form_edit_and_rescore(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(THIRD)
        await pilot.pause()
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: screen.grid_mode)
        grid = screen.grid
        text = screen_text(app)
        assert "表格编辑：全部指标" in text
        for title in ("年初值", "调整值", "完成值", "系数%", "权重", "核心"):
            assert title in text
        assert "（未命名）" not in text and grid.current.address == THIRD
        assert screen.session.result.total == D("96.60")
        # the typed 得分 stands; emptied, the coefficient gives the score
        grid.column = next(i for i, c in enumerate(grid.columns) if c.name == "score")
        grid.moved()
        await pilot.press("delete")
        await pilot.pause()
        assert screen.session.node(THIRD).score is None and screen.session.result.total == D("96.60")
        await pilot.press("left", "left")
        assert grid.current_column.name == "coefficient"
        assert "得分系数（%）" in screen_text(app)  # the line under the table names it in full
        await type_text(pilot, "100")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.node(THIRD).coefficient == D(100)
        assert screen.session.result.total == D("98.60")  # 9.8 + 30 + 28.8 + 30
        assert "总分 98.6" in screen_text(app)
        # 是否核心指标: 否 typed, and a word it does not take says so and keeps the edit
        grid.column = next(i for i, c in enumerate(grid.columns) if c.name == "core")
        grid.moved()
        await type_text(pilot, "也许")
        await pilot.press("enter")
        await pilot.pause()
        assert grid.editing and "请填“是”或“否”" in screen_text(app)
        assert screen.session.node(THIRD).core is True
        await pilot.press("ctrl+u")
        await type_text(pilot, "否")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.node(THIRD).core is False and not grid.editing
        # one undo step per cell, through Session.commit
        assert screen.session.undo_stack[-1].address == THIRD
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.session.dirty)
    saved = load_document(path)
    third = saved.goals[0].levels[0].sublevels[0].indicators[2]
    assert (third.coefficient, third.score, third.core) == (D(100), None, False)


async def test_ctrl_n_in_a_flat_grid_adds_an_indicator_to_the_list(path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(EXECUTION)
        await pilot.pause()
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: screen.grid_mode)
        grid = screen.grid
        assert grid.current.kind == "execution"
        await pilot.press("ctrl+n")  # on the execution's row: a flat form adds to its list
        await pilot.pause()
        new = Address("goals", LIST + (3,))
        assert grid.current.address == new and grid.current_column.name == "name"
        await type_text(pilot, "数据质量抽查合格率")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.node(new).name == "数据质量抽查合格率"
        assert [r.kind for r in grid.rows] == ["execution"] + ["indicator"] * 4


async def test_the_editor_shows_the_flat_fields_of_a_flat_indicator(path, tmp_path):
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(SECOND, "coefficient")
        assert await editor_ready(pilot)
        await pilot.pause()
        editor = screen.editor
        coefficient = editor.query_one("#indicator-coefficient")
        adjusted = editor.query_one("#indicator-adjusted_target")
        core = editor.query_one("#indicator-core")
        assert coefficient.parent.display and adjusted.parent.display and core.parent.display
        assert (coefficient.value, adjusted.value, core.value) == ("96", "≥90%", False)
        assert "否：不是核心指标" in str(core.label)
        text = screen_text(app)
        assert "得分系数（%）" in text and "是否核心指标" in text and "（未命名）" not in text
        # typed in the editor: one edit through the session, rescored
        screen.go_to(SECOND, "score")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")  # the typed score emptied: 96 % × 30 = 28.8 stands
        await pilot.pause()
        screen.go_to(SECOND, "coefficient")
        await pilot.pause()
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "90")
        await wait_for(pilot, lambda: screen.session.node(SECOND).coefficient == D(90))
        assert screen.session.result.node(SECOND.path).score == D(27)
        assert screen.session.result.total == D("94.80")
        screen.go_to(THIRD)
        await pilot.pause()
        assert core.value is True and "是：核心指标" in str(core.label)
    # an indicator of a form with levels has none of them, so they are not shown
    levels = tmp_path / "分级.toml"
    levels.write_text(dumps_document(build(ind("≥10场", "10场", weight=80, name="培训场次"))), encoding="utf-8")
    app = app_for(levels)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.go_to(Address("goals", (0, 0, 0, 0)), "name")
        assert await editor_ready(pilot)
        await pilot.pause()
        editor = screen.editor
        assert not editor.query_one("#indicator-coefficient").parent.display
        assert not editor.query_one("#indicator-core").parent.display
        assert editor.query_one("#indicator-weight").parent.display


def test_the_flat_form_to_try_is_what_the_word_form_imports_and_gives_its_printed_total(tmp_path):
    from foreignforms import FLAT_DEPARTMENT, as_docx

    from exchange.importer import import_file
    from scoring import score_document

    word = tmp_path / "flat.docx"
    word.write_bytes(as_docx(FLAT_DEPARTMENT))
    kept = load_document(Path(__file__).parent / "data" / "flat-department.toml")
    assert import_file(word).document == kept
    result = score_document(kept)
    assert (result.total, result.grade) == (D("96.60"), "优")
    assert [(f.code, f.path) for f in result.findings] == [("CORE_UNMET", "社会公众满意度")]


async def test_a_new_flat_form_opens_its_grid_and_ctrl_n_adds_the_first_indicator(tmp_path):
    new = tmp_path / "新表.toml"
    new.write_text(dumps_document(Document(framework=Framework.flat, execution=Execution(weight=D(10)))),
                   encoding="utf-8")
    app = app_for(new)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await pilot.press("ctrl+g")  # no indicators yet: not "add 一级、二级指标 first"
        await wait_for(pilot, lambda: screen.grid_mode)
        assert "二级指标" not in screen_text(app) and screen.grid.current.kind == "execution"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.grid.current.address == FIRST
        doc = screen.session.doc
        assert [i.name for _, i in doc.iter_indicators()] == ["新指标"]
        assert flat_step(doc, doc.goals[0])  # the goal made for it is unnamed: no row
        assert [k.data for k in screen.tree.root.children] == [EXECUTION, FIRST]
