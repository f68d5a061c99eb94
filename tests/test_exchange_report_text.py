"""The drafted report reads like one a person wrote (issue 22): only the report's own
sentences in its body, built from what the form holds; what the checks found in one
highlighted list at the end (待核对事项)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from exchange.report import draft_report, report_bytes
from exchange.running import named_project, short, shown, title_lines, unique
from model import Document, Goal, Indicator, Kind, LevelOne, LevelTwo, load_document
from model.text import cells
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))
CHECKS = "待核对事项（核对后删除本页）"


def _body(doc: Document, projects=()) -> str:
    draft = draft_report(doc, projects)
    return "\n".join(b.text if b.kind != "table" else "\t".join(c for row in b.rows for c in row)
                     for b in draft.body())


def _scored_only_form(**kw) -> Document:
    """A department form whose indicator table has names, weights and scores only
    (no 年度指标值 / 实际完成值 columns), as some provinces print it."""
    names = ["履行部门职责。", "完成年度工作任务", "服务对象满意度"]
    indicators = tuple(Indicator(name=n, weight=Decimal(10), score=Decimal("9.5")) for n in names)
    goal = Goal(title="部门整体支出绩效评价指标", weight=Decimal(30), levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=indicators),)),))
    return Document(kind=Kind.department, unit="某区科学技术协会", year=2024, goals=(goal,), **kw)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_check_message_in_the_body(path):
    doc = load_document(path)
    draft = draft_report(doc)
    body = "\n".join(b.text for b in draft.body())
    for f in score_document(doc).findings:
        assert f.message.rstrip("。") not in body, f.code
    assert "请核对" not in body and "请填写" not in body and "请说明" not in body
    if draft.checks:
        assert draft.blocks[[b.kind for b in draft.blocks].index("checks")].text == CHECKS


def test_a_printed_total_is_the_reports_total_and_the_computed_one_a_check():
    doc = load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml")
    draft = draft_report(doc)
    body = "\n".join(b.text for b in draft.body())
    assert "绩效自评得分99分，评价等级为“优”" in body and "74" not in body.split("七、自评结论")[1]
    checks = [b.text for b in draft.blocks if b.kind == "check"]
    assert any(t.startswith("1.总分：表上总分 99，计算为 74") for t in checks)


def test_a_form_without_targets_or_actuals_is_written_about_as_scores_against_weights():
    text = _body(_scored_only_form())
    assert "履行部门职责，得分9.5分（分值10分）；完成年度工作任务，得分9.5分（分值10分）" in text
    assert "年度指标值，" not in text and "实际完成，" not in text and "职责。，" not in text
    assert "实际完成值】" not in text  # no placeholder for a column the form does not have
    # no claim the figures do not support
    assert "均达到或超过" not in text and "各项绩效指标均已完成" not in text


def test_the_indicator_table_is_not_a_goal():
    text = _body(_scored_only_form())
    assert "共设定绩效目标" not in text and "【待填写：年初设定的年度绩效目标】" in text  # the goals are asked for
    assert "本次自评涉及绩效指标3项。" in text and "该目标设置" not in text
    assert "年初设定目标：【待填写" not in text
    transfer = _body(load_document(ROOT / "sample_data" / "hongshan-2024-project-transfer.toml"))
    assert "共设定绩效目标1项：" in transfer and "2.项目年度绩效指标" not in transfer


def test_a_project_named_once_and_long_names_shortened():
    doc = Document(kind=Kind.project, project_name="科普惠民项目", unit="某协会", year=2024)
    text = _body(doc)
    assert "项目项目" not in text and "2024年度科普惠民项目支出绩效自评报告" in text
    long_name = "全民科学素质" * 50  # 300 characters
    draft = draft_report(Document(kind=Kind.project, project_name=long_name, unit="某协会", year=2024))
    title = draft.blocks[0].text
    assert len(title) < 60 and "…" in title
    assert max(len(b.text) for b in draft.body()) < 600


def test_a_missing_amount_is_a_placeholder_and_values_read_as_written():
    doc = _scored_only_form(execution={"budget": 100, "spent": 90, "funds": [
        {"name": "本年财政拨款", "budget": 90}, {"name": "上年结转资金"}]})
    text = _body(doc)
    assert "上年结转资金万元" not in text and "上年结转资金【待填写：金额】万元" in text
    assert shown("≥100百分比") == "≥100%" and shown("≥ 15.5 万元") == "≥15.5万元"
    assert shown("逐年上升") == "逐年上升"


def test_amounts_the_report_computes_have_two_places():
    from exchange.layout import wan

    doc = Document(unit="某单位", year=2024, execution={"budget": Decimal("100"), "spent": Decimal("10.026")})
    text = _body(doc)
    assert "年末尚有89.97万元未执行" in text and "89.974" not in text
    assert wan(Decimal("138.40")) == Decimal("138.40") and wan(Decimal("89.974")) == Decimal("89.97")


def test_many_unmet_indicators_are_not_listed_in_one_parenthesis():
    indicators = tuple(Indicator(name=f"第{i}项很长的绩效指标名称用于测试", target="≥10次", actual="5次",
                                 weight=Decimal(5), score=Decimal("2.5")) for i in range(11))
    goal = Goal(title="年度目标1", target="完成工作", weight=Decimal(55), levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=indicators),)),))
    text = _body(Document(unit="某单位", year=2024, goals=(goal,)))
    summary = next(line for line in text.split("\n") if "未完全达到年度指标值" in line)
    assert summary.count("“") == 3 and "等），原因见第五部分" in summary


def test_two_attachments_never_share_a_name():
    dept = Document(unit="某单位", year=2024, title="自评表")
    p1 = Document(kind=Kind.project, project_name="甲", title="项目自评表")
    p2 = Document(kind=Kind.project, project_name="乙", title="项目自评表")
    draft = draft_report(dept, [("a", p1), ("b", p2)])
    annex = [b.text for b in draft.blocks if b.kind in ("p", "annex") and ("附件" in b.text or b.kind == "annex")]
    names = [t.split(".", 1)[1] for t in annex]
    assert len(set(names)) == 3 and "项目自评表（甲）" in names
    assert unique(["a", "a", "b"]) == ["a", "a（2）", "b"]


def test_the_title_never_leaves_a_character_alone():
    title = "2024年度武汉市洪山区科学技术协会部门整体支出绩效自评报告"
    lines = title_lines(title, 38, ("部门整体支出绩效自评报告",))
    assert lines == ["2024年度武汉市洪山区科学技术协会", "部门整体支出绩效自评报告"]
    lines = title_lines("甲" * 20, 38)
    assert all(len(line) >= 5 for line in lines) and "".join(lines) == "甲" * 20
    assert all(cells(line) <= 40 for line in lines)
    assert named_project("科普项目") == "科普项目" and named_project("科普经费") == "科普经费项目"
    assert short("一" * 40, 30) == "一" * 29 + "…"


def test_report_tables_print_whole_rows_and_repeat_their_heading():
    dept = load_document(ROOT / "sample_data" / "hongshan-2023-department.toml")
    projects = [(p.name, load_document(p)) for p in sorted((ROOT / "sample_data").glob("hongshan-2023-project-*"))]
    d = docx.Document(io.BytesIO(report_bytes(dept, projects)))
    table = d.tables[0]
    rows = list(table._tbl.iter(qn("w:tr")))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    # a level's bold line keeps with its paragraph; headings keep with what follows
    d = docx.Document(io.BytesIO(report_bytes(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml"))))
    strong = [p for p in d.paragraphs if p.runs and p.runs[0].bold and p.style.name == "Normal"]
    assert strong and all(p.paragraph_format.keep_with_next for p in strong)
    assert d.styles["Heading 1"].paragraph_format.keep_with_next


def test_dongxihu_reads_from_what_its_form_holds():
    # levels scored as a whole, projects listed by name only, figures as printed (87%, 17.4)
    text = _body(load_document(ROOT / "sample_data" / "dongxihu-2025-department.toml"))
    assert "其中产出指标得分40分（满分40分），效益指标得分30分（满分30分），满意度指标得分10分（满分10分）。" in text
    assert "绩效指标0项" not in text and "共设置绩效指标0项" not in text
    assert "本年度项目支出涉及项目4个：党建活动、购买服务人员、科普活动" in text
    assert "【待填写：金额】" not in text and "—万元" not in text
    assert "1.预算执行：预算执行率87%，" in text and "预算执行情况得分17.4分（满分20分）" in text


def test_an_unscored_form_does_not_say_unscored_for_each_indicator():
    text = _body(load_document(ROOT / "sample_data" / "hongshan-2023-project-science.toml"))
    assert "定期更换科普橱窗内容，实际完成3次/年；" in text and "未评分" not in text


def test_an_indicator_block_scored_as_a_whole_is_not_a_goal():
    text = _body(load_document(ROOT / "sample_data" / "hongshan-2023-department.toml"))
    assert "共设定绩效目标8项" in text and "9.年度绩效指标" not in text
    block = text[text.index("（九）年度绩效指标（80分）"):text.index("五、偏差及原因")]
    assert "【待填写" not in block and "该目标" not in block and "自评得分80分（满分80分）" in block
