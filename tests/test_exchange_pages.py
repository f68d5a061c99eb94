"""Checked by looking: every sample form exported to .docx and .xlsx and its report
drafted, all printed to PDF by LibreOffice in one run, and the pages read back.

- no table row is split across pages: every cell's text stands whole on one page;
- the form's title and 单位名称 line head every page;
- labels are not broken inside a word (年度资金总额 is one word on its line);
- the report's body (before 待核对事项) holds no check message;
- the report's title does not leave a character alone on its second line;
- a form prints the columns it has, none it lacks (Hongshan 2024: no 分值, no
  偏差原因分析 in its indicator tables), the flat framework its own;
- a page that continues an indicator table (the .docx form, the report's
  attached form) repeats its heading row and the 一级 and 二级 names of its rows.

Slow (LibreOffice starts once, ~10 s for all documents); skipped with the
packages to install where LibreOffice is missing and cannot be installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange.export import export_document
from exchange.importer import import_text
from exchange.layout import render
from exchange.report import write_report
from exchange.word import TALL_ROW
from model import load_document
from pages import MISSING, ensure_tools, flat, layout_lines, page_words, pages_text, to_pdf
from scoring import score_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").glob("*.toml"))
KINDS = ("form-docx", "form-xlsx", "report")
VARIANT = Path("central-variant")  # not a file: the imported form of _variant()
FLAT = Path("flat-variant")  # not a file: a flat-framework department form, imported from Word
CHECKS = "待核对事项"


def _variant():
    """A central-layout project form of another province, as imported (its own headings)."""
    from test_exchange_own_layout import CENTRAL

    return import_text(CENTRAL).document


def _flat(folder: Path):
    from foreignforms import FLAT_DEPARTMENT, as_docx

    from exchange.importer import import_file

    source = folder / "flat-source.docx"
    source.write_bytes(as_docx(FLAT_DEPARTMENT))
    return import_file(source).document


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], Path]:
    soffice = ensure_tools()
    if soffice is None:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("pages")
    files: dict[tuple[str, str], Path] = {}
    for path in [*SAMPLES, VARIANT, FLAT]:
        doc = _variant() if path == VARIANT else _flat(folder) if path == FLAT else load_document(path)
        files[(path.stem, "form-docx")] = export_document(doc, folder / f"{path.stem}-form-docx.docx").path
        files[(path.stem, "form-xlsx")] = export_document(doc, folder / f"{path.stem}-form-xlsx.xlsx").path
        files[(path.stem, "report")] = write_report(doc, folder / f"{path.stem}-report.docx").path
    pdfs = to_pdf(soffice, list(files.values()), folder)
    missing = [p.name for p in pdfs.values() if not p.exists()]
    assert not missing, f"LibreOffice did not print {missing}"
    return {key: pdfs[f] for key, f in files.items()}


def _cell_texts(path: Path) -> list[str]:
    """The texts of the rows kept whole (a row of long text may run on, exchange.word.TALL_ROW)."""
    sheet = render(load_document(path))
    texts = []
    for (r, _), cell in sheet.cells.items():
        r2 = cell.merge_to[0] if cell.merge_to else r
        if any(sheet.heights[rr] > TALL_ROW for rr in range(r, r2 + 1)):
            continue
        if r >= sheet.table_start and isinstance(cell.value, str) and len(flat(cell.value)) >= 2:
            texts.append(flat(cell.value))
    return texts


@pytest.mark.parametrize("kind", ("form-docx", "form-xlsx"))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_no_row_is_split_and_the_title_heads_every_page(printed, path, kind):
    pages = pages_text(printed[(path.stem, kind)])
    for text in _cell_texts(path):
        assert any(text in page for page in pages), f"split across pages: {text[:40]}"
    doc = load_document(path)
    title = flat(render(doc).cells[(0, 0)].value)  # type: ignore[arg-type]
    for n, page in enumerate(pages, start=1):
        assert title in page and "单位名称：" in page, f"page {n} has no heading"


LABELS = ("单位名称", "基本支出总额", "项目支出总额", "年初预算数", "全年预算数", "全年执行数", "执行率",
          "一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "偏差原因分析", "评价等级",
          "年度资金总额", "部门整体支出总额", "可持续性影响指标", "预算执行情况", "年初设定目标", "全年实际完成情况")


def _broken(words: list[str], label: str) -> bool:
    """Whether a label is split over two lines: one word ends with its start and the next begins with the rest."""
    return any(a.endswith(label[:k]) and b.startswith(label[k:])
               for a, b in zip(words, words[1:]) for k in range(1, len(label)))


@pytest.mark.parametrize("kind", ("form-docx", "form-xlsx"))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_labels_are_not_broken_inside_a_word(printed, path, kind):
    for words in page_words(printed[(path.stem, kind)]):
        for label in LABELS:
            assert not _broken(words, label), label


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_report_body_holds_no_check_message_and_its_title_keeps_together(printed, path):
    pdf = printed[(path.stem, "report")]
    body = "".join(pages_text(pdf))
    body = body[:body.index(CHECKS)] if CHECKS in body else body
    for f in score_document(load_document(path)).findings:
        assert flat(f.message.rstrip("。")) not in body, f.code
    # the title's lines (above the opening sentence): none with a character or two alone
    lines = [flat(line) for line in layout_lines(pdf, 1)]
    title = lines[:next(i for i, line in enumerate(lines) if line.startswith("按照"))]
    assert title and all(len(line) > 2 for line in title), title


@pytest.mark.parametrize("kind", ("form-docx", "form-xlsx"))
def test_a_form_of_another_province_prints_in_its_own_wording(printed, kind):
    pages = pages_text(printed[(VARIANT.stem, kind)])
    text = "".join(pages)
    for heading in ("项目资金（万元）", "预期目标", "实际完成情况", "年度指标值", "实际完成值", "偏差原因分析及改进措施"):
        assert flat(heading) in text, heading
    assert "年初目标值" not in text and "评价等级" not in text
    assert "总分10029.5" in text  # its own total row: 总分 | 100 | 29.5


HONGSHAN_2024 = [p for p in SAMPLES if p.stem.startswith("hongshan-2024")]
SEED_HEADINGS = flat("一级指标二级指标三级指标年初目标值（A）实际完成值（B）得分")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", HONGSHAN_2024, ids=lambda p: p.stem)
def test_no_empty_column_the_form_does_not_have(printed, path, kind):
    # seed 000's indicator tables: 一级 … 实际完成值（B）, 得分; no 分值, no 偏差原因分析
    pages = pages_text(printed[(path.stem, kind)])
    heads = [p for p in pages if "一级指标" in p]
    firsts = {flat(level.name) for goal in load_document(path).goals for level in goal.levels}
    assert heads
    for page in heads:
        after = page[page.index("一级指标"):]
        heading = after[: min(after.index(name) for name in firsts if name in after)]
        assert "得分" in heading and "分值" not in heading, heading
        if kind != "form-xlsx":  # (a spreadsheet's wrapped headings come later in the text)
            assert after.startswith(SEED_HEADINGS), after[:60]
        assert "偏差原因分析" not in page


@pytest.mark.parametrize("kind", ("form-docx", "form-xlsx"))
def test_the_flat_framework_prints_its_own_columns(printed, kind):
    text = "".join(pages_text(printed[(FLAT.stem, kind)]))
    for heading in ("序号", "指标名称", "年初指标值", "调整指标值", "全年完成值", "得分系数（%）", "指标权重（分）",
                    "指标得分（分）", "是否核心指标", "执行率权重", "执行率得分"):
        assert flat(heading) in text, heading
    assert "一级指标" not in text and "基本支出总额" not in text and "全年预算数" not in text


def _form_pages(pdf: Path, title: str) -> list[str]:
    """The pages of the form: those headed by its title (a report's attached form)."""
    return [page for page in pages_text(pdf) if title in page and "单位名称：" in page]


@pytest.mark.parametrize("kind", ("form-docx", "report"))
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_continued_indicator_table_repeats_its_headings_and_level_names(printed, path, kind):
    doc = load_document(path)
    title = flat(render(doc).cells[(0, 0)].value)  # type: ignore[arg-type]
    pages = _form_pages(printed[(path.stem, kind)], title)
    texts = flat("".join([doc.narrative.deviation, doc.narrative.improvement, doc.narrative.remarks,
                          doc.narrative.summary, *(g.target + g.actual for g in doc.goals)]))
    rows = [(flat(ind.name), flat(level.name), flat(sub.name))
            for goal in doc.goals for level in goal.levels for sub in level.sublevels for ind in sub.indicators
            if len(flat(ind.name)) >= 2 and flat(ind.name) not in texts]  # a name the remarks name too
    continued = 0
    for n, page in enumerate(pages, start=1):
        here = [row for row in rows if row[0] in page]
        if not here:
            continue
        assert "一级指标" in page, f"page {n} of the form has indicator rows but no heading row"
        for name, one, two in here:
            assert one in page and two in page, f"page {n}: {name} without its level names {one} / {two}"
        continued += n > 1
    if path.stem in ("hongshan-2024-department", "hongshan-2024-project-affairs"):
        assert continued, "the indicator table was expected to run onto a second page"
