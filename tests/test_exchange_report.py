"""The drafted self-evaluation report (绩效自评报告), read back with python-docx."""

from __future__ import annotations

import argparse
import io
import tomllib
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from docx_read import read_form, read_table, table_groups, tables
from exchange.cli import COMMANDS, register
from exchange.export import ExportError
from exchange.layout import render
from exchange.report import cn_number, draft_report, report_bytes, write_report
from exchange.wording import WordingError, load_wording
from model import Document, Goal, Indicator, LevelOne, LevelTwo, load_document
from model.edit import update_at

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "sample_data"
HONGSHAN_2024 = DATA / "hongshan-2024-department.toml"
HONGSHAN_2023 = DATA / "hongshan-2023-department.toml"
PROJECTS_2023 = [DATA / "hongshan-2023-project-science.toml", DATA / "hongshan-2023-project-operations.toml"]
CHAPTERS = ["一、基本情况", "二、绩效自评工作开展情况", "三、预算执行情况", "四、绩效目标完成情况", "五、偏差及原因",
            "六、改进措施及结果应用", "七、自评结论"]
CHECKS = "待核对事项（核对后删除本页）"


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _all(d) -> str:
    return "\n".join(p.text for p in d.paragraphs)


def _body(d) -> str:
    """The report's own text: what comes before 待核对事项."""
    text = _all(d)
    return text[:text.index(CHECKS)] if CHECKS in text else text


def _checks(d) -> str:
    text = _all(d)
    return text[text.index(CHECKS):] if CHECKS in text else ""


def _styled(d, name: str) -> list[str]:
    return [p.text for p in d.paragraphs if p.style.name == name]


@pytest.fixture(scope="module")
def report_2024():
    return _open(report_bytes(load_document(HONGSHAN_2024)))


@pytest.fixture(scope="module")
def report_2023():
    projects = [(p.name, load_document(p)) for p in PROJECTS_2023]
    return _open(report_bytes(load_document(HONGSHAN_2023), projects))


def test_chapters_are_word_headings(report_2024):
    assert _styled(report_2024, "Heading 1") == CHAPTERS + [CHECKS, "附件"]
    level2 = _styled(report_2024, "Heading 2")
    assert "（一）年度目标1（20分）" in level2 and "（二）年度目标2（60分）" in level2
    # the built-in heading styles carry the outline level the navigation pane reads
    h1 = report_2024.styles["Heading 1"]
    assert h1.element.pPr.find(qn("w:outlineLvl")) is not None or h1.style_id == "Heading1"


def test_every_figure_of_the_form_and_its_scoring(report_2024):
    body = _body(report_2024)
    assert "全年预算数491.27万元，执行数485.77万元，预算执行率98.88%，得分19.78分。" in body
    assert "执行数中，基本支出249.77万元，项目支出236万元。" in body
    assert "年末尚有5.5万元未执行" in body
    assert "自评得分97.78分，评价等级为“优”" in body
    assert "年度目标1得分19分（满分20分），年度目标2得分59分（满分60分）" in body
    assert "年度绩效目标满分80分，自评得分78分。" in body
    # each indicator: target, actual, completion, score
    assert "建设科普惠民社区（村）数量，年度指标值1个，实际完成9个，完成率900%，得分4分" in body
    assert "经费使用限额，年度指标值≤15.5万元，实际完成180万元，超出指标值1061.29%，得分2分" in body
    assert "提升基层科普服务能力，年度指标值“逐年上升”，实际完成“逐年上升”，与目标一致，得分2分" in body


def test_placeholders_where_the_form_has_no_text_and_its_own_text_where_it_has(report_2024):
    body = _body(report_2024)
    assert body.count("全年实际完成情况：【待填写：该目标的全年实际完成情况】") == 2  # no goal states its actual
    assert "【待填写：部门主要职责" in body
    # the form's 偏差 and 改进 narrative is used as written
    assert "接收科经局调剂5万元科技活动周经费。" in body
    assert "进一步增强对全年财务支出的预见性" in body
    paragraphs = report_2024.paragraphs
    end = next(i for i, p in enumerate(paragraphs) if p.text == CHECKS)
    highlighted = [r.text for p in paragraphs[:end] for r in p.runs
                   if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted and all(t.startswith("【待填写：") and t.endswith("】") for t in highlighted)
    # 待核对事项 is highlighted throughout
    checks = paragraphs[end: next(i for i, p in enumerate(paragraphs) if p.text == "附件")]
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in checks for r in p.runs if r.text)


def test_unmet_targets_become_items_asking_for_their_reason_and_findings_go_to_the_checks(report_2024):
    body = _body(report_2024)
    chapter = body[body.index("五、偏差及原因"):body.index("六、改进措施及结果应用")]
    items = [line for line in chapter.split("\n") if line[:1].isdigit()]
    assert len(items) == 8
    assert items[0].startswith("1.预算执行：预算执行率98.88%，年末尚有5.5万元未执行。原因：【待填写：")
    joined = "\n".join(items)
    for name in ("开展科普活动次数", "建设科普惠民社区（村）数量", "展教联盟会议次数"):
        assert name in joined
    assert joined.count("经费使用限额") == 2  # one per goal, both over their limits
    assert "超出1061.29%" in joined and "超出9.8%" in joined
    assert all("原因：【待填写：" in item for item in items)
    # the figures are given once per item
    both = next(item for item in items if "开展科普活动次数" in item)
    assert both.count("≥1次") == 1 and "为目标的900%" in both
    # the units that do not match are checks, with their place, not sentences of the report
    assert "单位" not in joined and "科普活动参与度" not in joined
    checks = _checks(report_2024)
    assert "年度目标1 / 产出指标 / 质量指标 / 科普活动参与度：目标“≥90%”是百分比" in checks
    assert "年度目标1 / 产出指标 / 数量指标 / 开展科普活动次数：目标单位“次”与实际单位“个”不同" in checks


def test_a_reason_on_the_form_is_used_instead_of_a_placeholder():
    doc = load_document(HONGSHAN_2024)
    path = next(p for p, ind in doc.iter_indicators() if ind.name == "展教联盟会议次数")
    doc = update_at(doc, path, reason="联盟成员增加，会议相应增加")
    text = draft_report(doc).text()
    item = next(line for line in text.split("\n") if line.startswith("6.") and "展教联盟会议次数" in line)
    assert item.endswith("原因：联盟成员增加，会议相应增加（表中已填写）")


def test_body_layout_follows_gb_t_9704(report_2024):
    d = report_2024
    section = d.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                   section.right_margin)] == [37, 35, 28, 26]
    fonts = {name: d.styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))
             for name in ("Normal", "Heading 1", "Heading 2")}
    assert fonts == {"Normal": "仿宋_GB2312", "Heading 1": "黑体", "Heading 2": "楷体_GB2312"}
    assert d.styles["Normal"].font.size.pt == 16  # 三号
    assert d.styles["Heading 1"].font.size.pt == 16 and d.styles["Heading 1"].font.bold is False
    assert round(d.styles["Normal"].paragraph_format.line_spacing.pt, 2) == 28.95
    for name in ("Normal", "Heading 1", "Heading 2"):
        assert d.styles[name].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None
    # page numbers in the footer, odd pages right and even pages left
    assert d.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        p = footer.paragraphs[0]
        assert [f.get(qn("w:instr")).strip() for f in p.paragraph_format.element.iter(qn("w:fldSimple"))] == ["PAGE"]
        assert p.text.startswith("— ") and p.text.endswith(" —")
    # the form attached at the end, landscape, in the official layout
    last = d.sections[-1]
    assert len(d.sections) == 2 and last.orientation == WD_ORIENT.LANDSCAPE


def test_the_form_is_attached_in_the_official_layout(report_2024):
    texts, merges, header_rows = read_form(table_groups(report_2024)[-1])
    sheet = render(load_document(HONGSHAN_2024))
    assert merges == {(r, c, *cell.merge_to) for (r, c), cell in sheet.cells.items() if cell.merge_to}
    assert {"491.27", "485.77", "98.88%", "19.78", "97.78", "优"} <= set(texts.values())
    assert header_rows == [0, 1]


def test_department_with_its_projects_shows_them_and_their_sum(report_2023):
    body = _body(report_2023)
    assert "纳入本次自评的项目2个，全年预算数合计134.63万元" in body
    # the mismatch with the department's 项目支出 is a check, not a sentence of the report
    assert "与部门项目支出" not in body and "相差14.63" not in body
    checks = _checks(report_2023)
    assert "= 134.63 万元，与部门项目支出 120 万元不符（相差 14.63）" in checks
    assert checks.count("134.63") == 2  # budget and spending, each once
    projects = tables(report_2023)[0]
    texts, _, _ = read_table(projects)
    rows = {}
    for (r, c), t in texts.items():
        rows.setdefault(r, {})[c] = t
    names = {row[0]: row for row in rows.values()}
    assert names["全民科学素质“十四五”工作经费"][1] == "110.59"
    assert names["机关运转经费"][1] == "24.04"
    assert names["合计"][1] == "134.63" and names["合计"][2] == "134.63"
    # the department form and the two project forms are attached
    assert _styled(report_2023, "Heading 1")[-3:] == ["附件1", "附件2", "附件3"]
    assert len(table_groups(report_2023)) == 4
    assert "99.99" in body and "19.99" in body


def test_user_text_with_control_characters_gives_a_valid_document(tmp_path):
    doc = Document(unit="某\x1b[2J单位\x00", year=2024, goals=(Goal(title="目标\x1b", target="甲\x0b乙", levels=(
        LevelOne(name="产出指标", sublevels=(LevelTwo(name="数量指标", indicators=(Indicator(
            name="次数\x1f", target="≥2次", actual="1次", weight=Decimal(10), score=Decimal(5)),)),)),)),))
    out = tmp_path / "报告.docx"
    done = write_report(doc, out)
    d = docx.Document(str(out))  # the XML parses
    body = _body(d)
    assert "某[2J单位" in body and "次数，年度指标值≥2次，实际完成1次，完成率50%，得分5分（分值10分）" in body
    assert "\x1b" not in body and "\x00" not in body
    # one item, the unmet indicator; the weights that do not add up to 100 are a check
    assert done.items == 1 and "未完全达到目标" in body and done.checks == 1
    assert "不等于 100" not in body and "不等于 100" in _checks(d)


def test_wording_comes_from_the_template_file(tmp_path):
    custom = tmp_path / "措辞.toml"
    custom.write_text('[budget]\nexecution = "本年预算${budget}万元，支出${spent}万元，执行率${rate}%。"\n'
                      '[chapters]\nbasic = "一、部门基本概况"\n', encoding="utf-8")
    words = load_wording(custom)
    text = draft_report(load_document(HONGSHAN_2024), wording=words).text()
    assert "本年预算491.27万元，支出485.77万元，执行率98.88%。" in text
    assert "一、部门基本概况" in text and "二、绩效自评工作开展情况" in text  # the rest stays the default
    bad = tmp_path / "坏.toml"
    bad.write_text("[budget\n", encoding="utf-8")
    with pytest.raises(WordingError, match="TOML 格式有误"):
        load_wording(bad)
    wrong = tmp_path / "错.toml"
    wrong.write_text("[budget]\nexecution = 5\n", encoding="utf-8")
    with pytest.raises(WordingError, match="应是文字"):
        load_wording(wrong)


def test_the_wording_is_package_data():
    # read as package data (tests/test_install.py checks that the wheel ships it)
    from importlib.resources import files

    assert (files("exchange") / "templates" / "report.toml").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = pyproject["project"]["dependencies"]
    assert any(d.startswith("python-docx>=") and "<2" in d for d in deps)


def test_chinese_ordinals():
    assert [cn_number(n) for n in (1, 9, 10, 11, 20, 21, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]


def test_write_report_refuses_what_it_cannot_do(tmp_path):
    doc = load_document(HONGSHAN_2024)
    with pytest.raises(ExportError) as err:
        write_report(doc, tmp_path / "报告.pdf")
    assert err.value.reason == "format"
    out = tmp_path / "报告.docx"
    write_report(doc, out)
    with pytest.raises(ExportError) as err:
        write_report(doc, out)
    assert err.value.reason == "exists"
    project = load_document(PROJECTS_2023[0])
    with pytest.raises(ValueError, match="部门整体支出绩效自评表"):
        write_report(project, tmp_path / "p.docx", [("x.toml", project)])


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_the_report_command(tmp_path, capsys):
    assert "report" in COMMANDS
    out = tmp_path / "自评报告.docx"
    assert _run("report", str(HONGSHAN_2023), *map(str, PROJECTS_2023), "-o", str(out)) == 0
    said = capsys.readouterr().out
    assert "已生成自评报告初稿" in said and "134.63" in said
    assert out.read_bytes()[:2] == b"PK"
    assert _run("report", str(HONGSHAN_2024), "-o", str(out)) == 2  # exists
    assert "--force" in capsys.readouterr().err
    assert _run("report", str(HONGSHAN_2024), "-o", str(out), "--force") == 0
    assert _run("report", str(PROJECTS_2023[0]), str(PROJECTS_2023[1]), "-o", str(tmp_path / "x.docx")) == 2
    assert "部门整体支出绩效自评表" in capsys.readouterr().err
    assert _run("report", str(HONGSHAN_2024), "-o", str(tmp_path / "x.txt")) == 2
    bad = tmp_path / "坏.toml"
    bad.write_text("[budget\n", encoding="utf-8")
    assert _run("report", str(HONGSHAN_2024), "-o", str(tmp_path / "y.docx"), "--template", str(bad)) == 2
    assert "措辞模板" in capsys.readouterr().err
    broken = tmp_path / "broken.toml"
    broken.write_text("kind = [", encoding="utf-8")
    assert _run("report", str(broken), "-o", str(tmp_path / "z.docx")) == 2
    assert not (tmp_path / "z.docx").exists()
