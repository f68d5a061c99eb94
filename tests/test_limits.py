"""The form limits (issue 14, F3 and F6): counts, sizes, and where they are checked.

A 2 MB TOML of 209,000 `[[goals]]` took the app 28 s and 772 MB to show. Now
the counts of model/document.py LIMITS are checked on the parsed TOML before
validation; a file over the size limit is refused before parsing; and a form
whose saved text would be over the size limit is refused at load, so what
loads saves and loads again. `model.limits.limit_problems` answers the same
question for a document made in memory (an import), so that `import` never
writes a form `check` refuses. Timings are in docs/performance.md
(`benchmarks/largest_form.py`), never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from model import (
    LIMITS,
    MAX_FILE_BYTES,
    Document,
    DocumentError,
    Goal,
    Indicator,
    LevelOne,
    LevelTwo,
    Narrative,
    dumps_document,
    load_document,
    loads_document,
)
from model.limits import count_problems, growth_problems, limit_problems

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "sample_data").rglob("*.toml"))

GOAL = "[[goals]]\n"
LEVEL = "[[goals.levels]]\n"
SUB = "[[goals.levels.sublevels]]\n"
IND = "[[goals.levels.sublevels.indicators]]\n"


def _refused(text: str) -> list:
    with pytest.raises(DocumentError) as info:
        loads_document(text)
    return info.value.problems


@pytest.fixture
def no_validation(monkeypatch):
    """Fail if the model's validation is reached: the counts must decide first."""
    def validate(*args, **kwargs):
        raise AssertionError("validated a form that its counts should have refused")

    monkeypatch.setattr(Document, "model_validate", validate)


def test_the_issues_209000_goals_are_refused_before_validation(no_validation):
    (problem,) = _refused(GOAL * 209_000)
    assert problem.message.startswith(f"目标（[[goals]]）过多（209000 个，上限 {LIMITS['goals']} 个）")
    assert problem.key == ""  # the form as a whole: an importer cannot leave out one value


def test_inline_tables_count_too(no_validation):
    (problem,) = _refused("goals = [" + "{}," * 100_000 + "]\n")
    assert "目标（[[goals]]）过多（100000 个" in problem.message


@pytest.mark.parametrize("what, at_limit, over", [
    ("goals", GOAL * LIMITS["goals"], GOAL * (LIMITS["goals"] + 1)),
    ("levels", GOAL + LEVEL * LIMITS["levels"], GOAL + LEVEL * (LIMITS["levels"] + 1)),
    ("sublevels", GOAL + LEVEL + SUB * LIMITS["sublevels"], GOAL + LEVEL + SUB * (LIMITS["sublevels"] + 1)),
    ("indicators", GOAL + LEVEL + SUB + IND * LIMITS["indicators"],
     GOAL + LEVEL + SUB + IND * (LIMITS["indicators"] + 1)),
    ("funds", "[[execution.funds]]\n" * LIMITS["funds"], "[[execution.funds]]\n" * (LIMITS["funds"] + 1)),
    ("projects", "[[projects]]\n" * LIMITS["projects"], "[[projects]]\n" * (LIMITS["projects"] + 1)),
], ids=lambda value: value if len(value) < 20 else "")
def test_each_count_at_its_limit_loads_and_one_more_is_refused(what, at_limit, over):
    doc = loads_document(at_limit)
    assert count_problems(doc) == []
    (problem,) = _refused(over)
    assert "过多" in problem.message and f"上限 {LIMITS[what]} 个" in problem.message


def _rows_form(extra: int) -> str:
    """1 goal, 50 levels of 20 sublevels (1,051 group rows), then indicators up
    to LIMITS["rows"] + extra rows in all."""
    assert LIMITS["levels"] >= 50 and LIMITS["sublevels"] >= 20
    indicators = LIMITS["rows"] - 1051 + extra
    assert indicators <= LIMITS["indicators"]
    parts = [GOAL]
    for _ in range(50):
        parts.append(LEVEL + SUB * 20)
    parts.append(IND * indicators)
    return "".join(parts)


def test_all_rows_together_are_limited():
    loads_document(_rows_form(0))
    (problem,) = _refused(_rows_form(1))
    assert problem.message.startswith(f"目标和各级指标过多（{LIMITS['rows'] + 1} 个，上限 {LIMITS['rows']} 个）")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    import tomllib

    def parse(*args, **kwargs):
        raise AssertionError("parsed a file its size should have refused")

    monkeypatch.setattr(tomllib, "loads", parse)
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(DocumentError) as info:
        load_document(path)
    assert f"上限 {MAX_FILE_BYTES} 字节" in info.value.problems[0].message


def _backslashes(fields: int) -> str:
    """Literal strings of backslashes: each doubles when saved (`'\\'` → `"\\\\"`)."""
    text = "'" + "\\" * LIMITS["text"] + "'"
    goals = "".join(f"[[goals]]\ntarget = {text}\nactual = {text}\n" for _ in range(fields // 2))
    return goals


def test_a_form_whose_saved_text_would_be_too_large_is_refused_at_load():
    text = _backslashes(12)  # 1.2 MB read, 2.4 MB saved
    assert len(text.encode()) < MAX_FILE_BYTES
    (problem,) = _refused(text)
    assert problem.message.startswith("保存后的文件过大（")
    assert f"上限 {MAX_FILE_BYTES} 字节" in problem.message
    # just under: loads, and saves and loads again
    doc = loads_document(_backslashes(8))
    saved = dumps_document(doc)
    assert MAX_FILE_BYTES // 2 < len(saved.encode()) <= MAX_FILE_BYTES
    assert loads_document(saved) == doc


# -- the public check for documents made in memory ---------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_the_samples_are_within_the_limits(path):
    assert limit_problems(load_document(path)) == []


def test_limit_problems_of_a_document_made_in_memory():
    sub = LevelTwo(name="数量指标", indicators=tuple(Indicator(name=f"指标{i}") for i in range(LIMITS["indicators"])))
    doc = Document(goals=(Goal(levels=(LevelOne(sublevels=(sub,)),)),))
    assert limit_problems(doc) == []
    bigger = Document(goals=(Goal(levels=(LevelOne(sublevels=(sub, LevelTwo(indicators=(Indicator(),)))),)),))
    (problem,) = limit_problems(bigger)
    assert problem.message.startswith(f"三级指标（[[goals.levels.sublevels.indicators]]）过多（"
                                      f"{LIMITS['indicators'] + 1} 个")
    # what limit_problems refuses, loading the saved text refuses too
    with pytest.raises(DocumentError):
        loads_document(dumps_document(bigger))


def test_growth_problems_say_before_the_rows_are_made_whether_they_would_fit():
    sub = LevelTwo(name="数量指标", indicators=tuple(Indicator(name=f"指标{i}") for i in range(10)))
    doc = Document(goals=(Goal(levels=(LevelOne(sublevels=(sub,)),)),))
    assert growth_problems(doc, LIMITS["indicators"] - 10) == []
    (problem,) = growth_problems(doc, LIMITS["indicators"] - 9)
    assert f"上限 {LIMITS['indicators']} 个" in problem.message
    many = Document(goals=tuple(Goal(levels=tuple(LevelOne(name=f"{g}-{n}") for n in range(40)))
                                for g in range(30)))  # 1,230 rows, no indicator
    assert growth_problems(many, LIMITS["rows"] - 1230) == []
    (problem,) = growth_problems(many, LIMITS["rows"] - 1229)
    assert f"上限 {LIMITS['rows']} 个" in problem.message


def test_limit_problems_counts_the_size_of_the_saved_text():
    long = "长" * LIMITS["text"]  # 300 KB of UTF-8 each
    doc = Document(goals=tuple(Goal(target=long, actual=long) for _ in range(4)),
                   narrative=Narrative(summary=long))
    (problem,) = limit_problems(doc)
    size = len(dumps_document(doc).encode("utf-8"))
    assert size > MAX_FILE_BYTES
    assert problem.message.startswith(f"保存后的文件过大（{size} 字节")
    smaller = doc.model_copy(update={"goals": doc.goals[:2]})
    assert limit_problems(smaller) == []


def test_limits_are_documented():
    text = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    for key in ("goals", "levels", "sublevels", "indicators", "rows", "funds", "projects"):
        assert f"{LIMITS[key]:,}" in text, key
    assert "limit_problems" in text
