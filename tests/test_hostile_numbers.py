"""Numbers no form can hold, through every way in (issue 14, F1 and F6).

F1: a figure with more significant digits than the decimal context holds
(`1.0000000000000000000000000001`, `90.0000000000000000000000000001`) or a
huge one (`1e30`) made scoring raise `decimal.InvalidOperation`: `jixiao
check` crashed, typing it into 总分 killed the app, an xlsx with it failed to
import. Now every number is refused at load with its field and what to do
when it has more than LIMITS["places"] decimals or is past its bound, and
scoring runs in its own decimal context and never raises: a document that
cannot be scored (only one that bypassed validation) gives a result that says
why.

F6: what loads saves and loads again: `weight = 1e-100` and `schema = "12"`
used to load and be saved as files jixiao then refused.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import LIMITS, Document, DocumentError, dumps_document, load_document, loads_document
from model.edit import node_at, replace_at, update_at, update_execution
from scoring import ScoreCache, score_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
TEMPLATE = ROOT / "sample_data" / "templates" / "wuhan-project.toml"
D = Decimal


def jixiao(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=60)


def saves_and_loads_again(doc: Document) -> None:
    text = dumps_document(doc)
    again = loads_document(text)
    assert again == doc
    assert dumps_document(again) == text


# -- F1: jixiao check ----------------------------------------------------------------------


ISSUE_FILE = "declared_total = 1.0000000000000000000000000001\n[[goals]]\nweight = 10\ndeclared_score = 5\n"


def test_check_of_the_issue_file_names_the_field_instead_of_crashing(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(ISSUE_FILE, encoding="utf-8")
    run = jixiao("check", str(path))
    assert "Traceback" not in run.stdout + run.stderr
    assert run.returncode == 2  # unreadable: the file is refused, not scored
    assert (f"{path}:1: 总分（表上）（declared_total）: 小数位数过多（最多 6 位），"
            "实际为 1.0000000000…00000001；请四舍五入到 6 位小数以内") in run.stdout


@pytest.mark.parametrize("line, field, message", [
    ("declared_total = 1e30", "总分（表上）（declared_total）", "不能大于 1000，实际为 1E+30"),
    ("declared_total = 90.0000000000000000000000000001", "总分（表上）（declared_total）",
     "小数位数过多（最多 6 位）"),
    ("[execution]\nbudget = 1e30", "预算执行情况（execution） / 全年预算数 A（budget）",
     "不能大于 10000000000，实际为 1E+30"),
    ("[execution]\nweight = 20.0000001", "预算执行情况（execution） / 分值（weight）", "小数位数过多"),
    ("[rules]\ntolerance = 0.0000000000000000000000000001", "评分规则（rules） / 容差（tolerance）",
     "小数位数过多"),
])
def test_numbers_past_what_a_form_holds_are_refused_with_their_field(line, field, message):
    with pytest.raises(DocumentError) as info:
        loads_document(line + "\n")
    (problem,) = info.value.problems
    assert problem.place == field
    assert message in problem.message


def test_six_decimals_are_held_and_scored():
    doc = loads_document("declared_total = 97.123456\n[execution]\nweight = 20\nbudget = 3.000001\n"
                         "spent = 1.000001\n")
    result = score_document(doc)
    assert result.execution.rate == D("33.33")  # 1.000001 / 3.000001
    assert result.cannot_score == ""
    saves_and_loads_again(doc)


# -- F1: the edit path the app uses when someone types into 总分 --------------------------------


def test_typing_a_total_with_29_digits_is_refused_with_a_message():
    doc = load_document(SAMPLE)
    with pytest.raises(DocumentError) as info:
        update_at(doc, (), declared_total=D("90.0000000000000000000000000001"))
    (problem,) = info.value.problems
    assert problem.place == "总分（表上）（declared_total）"
    assert problem.message.startswith("小数位数过多（最多 6 位）")
    # the document is unchanged and still scores
    assert score_document(doc).total == D("97.78")


def test_typing_huge_or_tiny_figures_is_refused_or_kept_in_a_savable_form():
    doc = load_document(SAMPLE)
    with pytest.raises(DocumentError, match="不能大于 1000"):
        update_execution(doc, weight=D("1e30"))
    with pytest.raises(DocumentError, match="小数位数过多"):
        update_execution(doc, weight=D("1e-100"))
    # zeros and trailing zeros beyond the places are the same number, written plainly
    for typed, saved in ((D("0E-150"), None), (D("20.000000000"), "weight = 20.000000\n"),
                         (D("2E+1"), "weight = 20\n"), (D("-0.0"), None)):
        edited = update_execution(doc, weight=typed)
        assert edited.execution.weight == typed
        text = dumps_document(edited)
        if saved:
            assert saved in text
        assert len(text) < 2 * len(dumps_document(doc))
        saves_and_loads_again(edited)


# -- F1: import from a spreadsheet ----------------------------------------------------------------


def _workbook_with_execution_weight(tmp_path: Path, value, keep_hidden: bool) -> Path:
    from exchange.export import export_document

    path = tmp_path / "form.xlsx"
    export_document(load_document(TEMPLATE), path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = next(c for row in ws.iter_rows() for c in row if c.value == "全年预算数（A）")
    weight = next(c for c in ws[header.row] if c.value == "分值")
    ws.cell(header.row + 1, weight.column).value = value
    ws.cell(header.row + 1, header.column).value = 100
    if not keep_hidden:
        del wb["jixiao"]
    wb.save(path)
    return path


@pytest.mark.parametrize("keep_hidden", [False, True], ids=["any workbook", "a jixiao export"])
def test_xlsx_with_1e30_as_the_execution_weight_imports_with_a_note(tmp_path, keep_hidden):
    from exchange.importer import import_file

    result = import_file(_workbook_with_execution_weight(tmp_path, 1e30, keep_hidden))
    assert result.document.execution.weight is None
    assert result.document.execution.budget == 100
    dropped = [n.message for n in result.notes if "分值" in n.message and "1E+30" in n.message]
    assert dropped == ["预算执行情况（execution） / 分值（weight）：不能大于 1000，实际为 1E+30，此值未导入"]
    assert score_document(result.document).cannot_score == ""
    saves_and_loads_again(result.document)


def test_xlsx_figures_with_more_decimals_than_a_form_holds_are_rounded(tmp_path):
    """=20/3 in a spreadsheet is the binary float 6.666666666666667: rounded
    half up to the 6 decimals a form holds, not dropped."""
    from exchange.importer import import_file

    result = import_file(_workbook_with_execution_weight(tmp_path, 20 / 3, keep_hidden=False))
    assert result.document.execution.weight == D("6.666667")
    # nothing said about the weight's value (the sample's indicator table has no 分值 column: an info)
    assert not [n for n in result.notes if "分值" in n.message and n.message != "表中没有“分值”列"]


def test_import_command_with_1e30_reports_the_note_not_a_failure(tmp_path):
    path = _workbook_with_execution_weight(tmp_path, 1e30, keep_hidden=False)
    run = jixiao("import", str(path), "-o", str(tmp_path / "out.toml"))
    assert "处理失败" not in run.stdout + run.stderr
    assert "InvalidOperation" not in run.stdout + run.stderr
    assert "分值（weight）：不能大于 1000，实际为 1E+30，此值未导入" in run.stdout + run.stderr
    load_document(tmp_path / "out.toml")


# -- F1: scoring never raises ----------------------------------------------------------------------


def _poisoned(doc: Document, path, **changes) -> Document:
    """A document with figures that bypassed validation (as a program can make)."""
    return replace_at(doc, path, node_at(doc, path).model_copy(update=changes))


def test_a_document_that_cannot_be_scored_gives_a_result_that_says_why():
    doc = load_document(SAMPLE)
    path = (1, 0, 0, 0)
    bad = _poisoned(doc, path, weight=D("sNaN"))
    result = score_document(bad)
    assert result.cannot_score.endswith("分值（weight）：不能是 NaN 或无穷大，请填写实际数字")
    assert "指标1「定期更换科普橱窗内容次数」" in result.cannot_score
    (finding,) = result.findings
    assert finding.code == "CANNOT_SCORE" and finding.severity.value == "error"
    assert (finding.section, finding.node, finding.field) == ("goals", path, "weight")
    assert result.total == 0 and result.grade == "—"
    # the structure is still there, so the app can show every node
    for p, ind in bad.iter_indicators():
        node = result.node(p)
        assert node.score is None and node.target.text == ind.target
    assert len(result.goals) == len(bad.goals)


def test_cannot_score_with_a_cache_then_scores_again_once_fixed():
    doc = load_document(SAMPLE)
    cache = ScoreCache()
    assert score_document(doc, cache).total == D("97.78")
    bad = doc.model_copy(update={"declared_total": D("1E-99999")})
    result = score_document(bad, cache)
    assert result.findings[0].field == "declared_total"
    assert "小数位数过多" in result.cannot_score
    fixed = bad.model_copy(update={"declared_total": D("97.78")})
    assert score_document(fixed, cache) == score_document(fixed)


def test_scoring_does_not_depend_on_the_callers_decimal_context():
    doc = load_document(SAMPLE)
    expected = score_document(doc)
    with localcontext() as ctx:
        ctx.prec = 3  # a caller with a small context (or one that traps Inexact)
        assert score_document(doc) == expected
    assert expected.total == D("97.78")


# Figures of every size a person or program could produce, to the model's
# constructors; and target / actual texts at the value parser's limits.
_FIGURES = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=0, max_value=D("1e12")),
    st.builds(lambda digits, exponent: D(f"{digits}e{exponent}"), st.integers(0, 10**35),
              st.integers(-40, 10)),
    st.sampled_from([D("1.0000000000000000000000000001"), D("90.0000000000000000000000000001"),
                     D("1e30"), D("1e-100"), D("999.999999"), D("0.000001"), D("1E+3"),
                     D("9999999999.999999"), D("0E-50")]),
    st.integers(0, 10**30).map(D),
)
_VALUES = st.one_of(
    st.sampled_from(["≥0.000000000000000001元", "999999999999999999亿元", "≤999999999999999999亿元",
                     "0.000000000000000001", "=0.000000000000000001万元", "1小时", "≥90%", "95%",
                     "9‰", "", "保障", "≥1次", "100000000000000000余万次"]),
    st.from_regex(r"[≥≤=<>]?[0-9]{1,18}(\.[0-9]{1,18})?(元|万元|亿元|%|次|天|个月|小时|‰)?", fullmatch=True),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(weight=_FIGURES, score=_FIGURES, declared=_FIGURES, budget=_FIGURES, spent=_FIGURES,
       target=_VALUES, actual=_VALUES, sub=st.sampled_from(["数量指标", "成本指标"]),
       reverse=st.sampled_from(["ratio", "linear"]))
def test_every_document_that_validates_scores_without_raising(weight, score, declared, budget, spent,
                                                              target, actual, sub, reverse):
    raw = {"declared_total": declared, "rules": {"reverse": reverse},
           "execution": {"weight": weight, "budget": budget, "spent": spent, "declared_rate": declared},
           "goals": [{"weight": weight, "declared_score": declared, "levels": [
               {"name": "产出指标", "weight": weight, "sublevels": [
                   {"name": sub, "declared_score": score, "indicators": [
                       {"target": target, "actual": actual, "weight": weight, "score": score}]}]}]}]}
    from model.files import validate_document

    try:
        doc = validate_document(raw)
    except DocumentError:
        return  # refused with a message: fine
    result = score_document(doc)
    assert result.cannot_score == ""
    assert all(f.code != "CANNOT_SCORE" for f in result.findings)
    saves_and_loads_again(doc)


# -- F6: what loads saves and loads again --------------------------------------------------------------


@pytest.mark.parametrize("text, message", [
    ("[execution]\nweight = 1e-100\n", "预算执行情况（execution） / 分值（weight）: 小数位数过多（最多 6 位），实际为 1E-100"),
    ('schema = "12"\n', "此文件的格式版本为 12，本程序只支持到 1；请升级 jixiao。"),
    ('schema = " 2 "\n', "此文件的格式版本为 2，本程序只支持到 1；请升级 jixiao。"),
    ("schema = 2.0\n", "此文件的格式版本为 2，本程序只支持到 1；请升级 jixiao。"),
    ("[[goals]]\nweight = 0.0000001\n", "小数位数过多（最多 6 位），实际为 0.0000001"),
])
def test_what_would_not_load_again_is_refused_at_load(text, message):
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    assert message in str(info.value)


@pytest.mark.parametrize("text", [
    "[execution]\nweight = 1e-6\n",
    "[execution]\nweight = 20.000000000\n",
    "[execution]\nweight = 0.0e-50\n",
    "[execution]\nweight = -0.0\n",
    "[execution]\nweight = 2e1\n",
    '[execution]\nweight = "20"\n',
    'year = "2024"\n',
    "year = 2024.0\n",
    'schema = "1"\n',
    "schema = true\n",
    "fill_date = 2025-02-10T00:00:00\n",
    "[[goals]]\n[[goals.levels]]\n[[goals.levels.sublevels]]\n"
    "[[goals.levels.sublevels.indicators]]\nnot_applicable = 1\nscore = 1_0\n",
])
def test_what_loads_is_normalised_so_that_it_saves_and_loads_again(text):
    doc = loads_document(text)
    saves_and_loads_again(doc)
    assert len(dumps_document(doc)) < 200


def test_trailing_zeros_up_to_the_places_are_kept_as_printed():
    doc = loads_document("declared_total = 97.40\n[execution]\nweight = 0e-50\n")
    assert str(doc.declared_total) == "97.40"  # printed with 2 decimals: a rounding check needs it
    assert "weight = 0\n" in dumps_document(doc)


def test_limits_of_numbers_are_documented():
    doc = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    assert f"at most {LIMITS['places']} decimals" in doc
