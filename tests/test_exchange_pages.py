"""Checked by looking: every sample form exported to .docx and .xlsx and its report
drafted, all printed to PDF by LibreOffice in one run, and the pages read back.

- no table row is split across pages: every cell's text stands whole on one page;
- the form's title and 单位名称 line head every page;
- labels are not broken inside a word (年度资金总额 is one word on its line);
- the report's body (before 待核对事项) holds no check message;
- the report's title does not leave a character alone on its second line.

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
CHECKS = "待核对事项"


def _variant():
    """A central-layout project form of another province, as imported (its own headings)."""
    from test_exchange_own_layout import CENTRAL

    return import_text(CENTRAL).document


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], Path]:
    soffice = ensure_tools()
    if soffice is None:
        pytest.skip(MISSING)
    folder = tmp_path_factory.mktemp("pages")
    files: dict[tuple[str, str], Path] = {}
    for path in [*SAMPLES, VARIANT]:
        doc = _variant() if path == VARIANT else load_document(path)
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
