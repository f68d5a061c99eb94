"""Two people, one form: the three-way merge behind the conflict dialog
(issue 19, point 10). Field by field from the common base: what only one
side changed is taken from it; what both changed differently, or rows added
or removed on either side, is no merge."""

from __future__ import annotations

from pathlib import Path

from model import load_document
from model.edit import insert_at, update_at
from model.storage import merge_documents
from model import Indicator

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "hongshan-2024-department.toml"
FIRST = (0, 0, 0, 0)  # 建设科普惠民社区（村）数量, actual 9个
TIMELY = (0, 0, 2, 0)  # 经费拨付及时率


def test_changes_to_different_fields_are_both_kept():
    base = load_document(SAMPLE)
    mine = update_at(base, FIRST, actual="30个")
    theirs = update_at(update_at(base, TIMELY, actual="90%"), FIRST, reason="对方写的原因")
    merged = merge_documents(base, mine, theirs).doc
    assert merged is not None
    first = merged.goals[0].levels[0].sublevels[0].indicators[0]
    assert first.actual == "30个" and first.reason == "对方写的原因"
    assert merged.goals[0].levels[0].sublevels[2].indicators[0].actual == "90%"


def test_the_same_change_on_both_sides_is_no_clash():
    base = load_document(SAMPLE)
    both = update_at(base, FIRST, actual="30个")
    assert merge_documents(base, both, update_at(base, FIRST, actual="30个")).doc == both


def test_one_field_changed_differently_is_no_merge():
    base = load_document(SAMPLE)
    result = merge_documents(base, update_at(base, FIRST, actual="30个"),
                             update_at(base, FIRST, actual="40个"))
    assert result.doc is None and "同一处" in result.reason


def test_rows_added_on_one_side_and_changed_on_the_other_are_no_merge():
    base = load_document(SAMPLE)
    mine = insert_at(base, FIRST[:3], 0, Indicator(name="新指标"))
    theirs = update_at(base, FIRST, actual="40个")
    assert merge_documents(base, mine, theirs).doc is None
    # a side that changed nothing takes the other's rows as they are
    assert merge_documents(base, mine, base).doc == mine
