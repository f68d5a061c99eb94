"""Immutable edits by index path (model/edit.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import form, ind

from model import DocumentError, Goal, Indicator, LevelOne, LevelTwo
from model.edit import (
    children_of,
    depth_model,
    find_indicator_paths,
    insert_at,
    move_at,
    node_at,
    remove_at,
    replace_at,
    update_at,
    update_execution,
    validated_update,
)

D = Decimal


def _doc():
    g1 = Goal(title="年度目标1", weight=D(20), levels=(
        LevelOne(name="产出指标", sublevels=(
            LevelTwo(name="数量指标", indicators=(ind("≥1次", "9次", 4, name="活动次数"),
                                                  ind("1个", "9个", 4, name="社区数量"))),
            LevelTwo(name="成本指标", indicators=(ind("≤15.5万元", "180万元", 2, name="经费使用限额"),)),
        )),
    ))
    g2 = Goal(title="年度目标2", weight=D(60), levels=(
        LevelOne(name="产出指标", sublevels=(
            LevelTwo(name="成本指标", indicators=(ind("≤51万元", "56万元", 2, name="经费使用限额"),)),
        )),
    ))
    return form(goals=(g1, g2))


def test_node_at_walks_the_tree():
    doc = _doc()
    assert node_at(doc, ()) is doc
    assert node_at(doc, (1,)).title == "年度目标2"
    assert node_at(doc, (0, 0)).name == "产出指标"
    assert node_at(doc, (0, 0, 1)).name == "成本指标"
    assert node_at(doc, (0, 0, 0, 1)).name == "社区数量"
    with pytest.raises(IndexError):
        node_at(doc, (0, 0, 5))
    assert [depth_model(n) for n in range(5)][1:] == [Goal, LevelOne, LevelTwo, Indicator]
    assert children_of(node_at(doc, (0, 0, 0, 0))) == ()


def test_update_at_changes_one_field_and_shares_everything_else():
    doc = _doc()
    new = update_at(doc, (0, 0, 0, 1), actual="10个")
    assert node_at(new, (0, 0, 0, 1)).actual == "10个"
    assert node_at(doc, (0, 0, 0, 1)).actual == "9个"  # the old document is unchanged
    assert new.goals[1] is doc.goals[1]
    assert node_at(new, (0, 0, 1)) is node_at(doc, (0, 0, 1))
    assert node_at(new, (0, 0, 0, 0)) is node_at(doc, (0, 0, 0, 0))
    assert node_at(new, (0, 0, 0, 1)) is not node_at(doc, (0, 0, 0, 1))
    assert new.execution is doc.execution


def test_updating_a_goal_keeps_its_children():
    doc = _doc()
    new = update_at(doc, (0,), weight=D(25))
    assert new.goals[0].weight == D(25)
    assert new.goals[0].levels is doc.goals[0].levels


def test_update_validates_and_explains_in_chinese():
    doc = _doc()
    with pytest.raises(DocumentError) as info:
        update_at(doc, (0, 0, 0, 0), weight=D(-1))
    [p] = info.value.problems
    assert "不能小于 0" in p.message and "分值" in p.place
    with pytest.raises(DocumentError):
        update_at(doc, (0, 0, 0, 0), weight="五")
    with pytest.raises(KeyError):
        update_at(doc, (0, 0, 0, 0), wieght=D(1))
    with pytest.raises(KeyError):  # children are not a field to update
        validated_update(node_at(doc, (0,)), {"levels": ()})


def test_update_normalises_like_loading():
    doc = update_at(_doc(), (0, 0, 0, 0), reason="第一行\r\n第二行", weight="2.5")
    ind0 = node_at(doc, (0, 0, 0, 0))
    assert ind0.reason == "第一行\n第二行" and ind0.weight == D("2.5")


def test_update_execution():
    doc = _doc()
    new = update_execution(doc, spent=D(120))
    assert new.execution.spent == D(120) and new.goals is doc.goals
    with pytest.raises(DocumentError):
        update_execution(doc, budget=D(-5))


def test_insert_remove_move():
    doc = _doc()
    new = insert_at(doc, (0, 0, 0), 1, ind("≥2场", "", name="新指标"))
    names = [i.name for i in node_at(new, (0, 0, 0)).indicators]
    assert names == ["活动次数", "新指标", "社区数量"]
    assert insert_at(doc, (0, 0, 0), 99, ind(name="末尾")).goals[0].levels[0].sublevels[0].indicators[-1].name == "末尾"
    with pytest.raises(TypeError):
        insert_at(doc, (0, 0, 0), 0, LevelTwo(name="错层"))

    removed = remove_at(new, (0, 0, 0, 0))
    assert [i.name for i in node_at(removed, (0, 0, 0)).indicators] == ["新指标", "社区数量"]
    with pytest.raises(ValueError):
        remove_at(doc, ())

    moved, path = move_at(doc, (0, 0, 0, 0), +1)
    assert path == (0, 0, 0, 1)
    assert [i.name for i in node_at(moved, (0, 0, 0)).indicators] == ["社区数量", "活动次数"]
    same, same_path = move_at(doc, (0, 0, 0, 1), +1)  # already last
    assert same is doc and same_path == (0, 0, 0, 1)
    moved_goal, gpath = move_at(doc, (1,), -1)
    assert gpath == (0,) and moved_goal.goals[0].title == "年度目标2"


def test_replace_at():
    doc = _doc()
    new = replace_at(doc, (0, 0, 1, 0), ind("≤15.5万元", "15万元", 2, name="经费使用限额"))
    assert node_at(new, (0, 0, 1, 0)).actual == "15万元"
    assert new.goals[1] is doc.goals[1]


def test_find_indicator_paths_by_name_and_by_path():
    doc = _doc()
    assert find_indicator_paths(doc, "社区数量") == [(0, 0, 0, 1)]
    assert find_indicator_paths(doc, "经费使用限额") == [(0, 0, 1, 0), (1, 0, 0, 0)]
    assert find_indicator_paths(doc, "年度目标2/经费使用限额") == [(1, 0, 0, 0)]
    assert find_indicator_paths(doc, "年度目标1 / 成本指标 / 经费使用限额") == [(0, 0, 1, 0)]
    assert find_indicator_paths(doc, "成本指标/年度目标1/经费使用限额") == []  # order matters
    assert find_indicator_paths(doc, "没有这个") == []
    assert find_indicator_paths(doc, " / ") == []
