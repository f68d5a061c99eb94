"""Text from files reaches the terminal inert: `jixiao export`, `import` and `rollup`
(text and JSON) never print an escape sequence, a control or a bidi character raw.

A form whose names hold an OSC title change, a screen clear, the C1 CSI
character and a right-to-left override is fed to each command; the output
must hold none of them (they are shown as `\\x1b`, `\\u202e`, …).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from decimal import Decimal

import pytest

from exchange.cli import register
from model import Document, Execution, Goal, Indicator, Kind, LevelOne, LevelTwo, ProjectRef, dumps_document
from model.text import json_dumps_inert
from platforms import file_name_part

HOSTILE = "\x1b]0;title\x07\x1b[2J\x9b\u202e"
NAME = file_name_part(HOSTILE)  # Windows refuses the controls in a file name (1-31), not the rest


def raw_controls(text: str) -> list[str]:
    """Characters a terminal would act on: controls (but the line break), format
    characters (bidi overrides), line and paragraph separators."""
    return [ch for ch in text if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="jixiao")
    register(parser.add_subparsers())
    args = parser.parse_args(list(argv))
    return args.func(args)


def _goal() -> Goal:
    ind = Indicator(name="培训" + HOSTILE, target="≥10次" + HOSTILE, actual="8次" + HOSTILE, weight=Decimal(10))
    return Goal(title="目标" + HOSTILE, weight=Decimal(10), levels=(LevelOne(name="产出指标" + HOSTILE, sublevels=(
        LevelTwo(name="数量指标", indicators=(ind,)),)),))


@pytest.fixture
def forms(tmp_path):
    dept = Document(kind=Kind.department, unit="单位" + HOSTILE, title="标题" + HOSTILE, goals=(_goal(),),
                    execution=Execution(budget=Decimal(100), spent=Decimal(90), weight=Decimal(20),
                                        project=Decimal(50)),
                    projects=(ProjectRef(name="项目" + HOSTILE, budget=Decimal(30)),))
    proj = Document(kind=Kind.project, unit="单位" + HOSTILE, project_name="项目" + HOSTILE, goals=(_goal(),),
                    execution=Execution(budget=Decimal(30), spent=Decimal(20), weight=Decimal(20)))
    paths = {}
    for name, doc in (("dept", dept), ("proj", proj)):
        paths[name] = tmp_path / f"{name}{NAME}.toml"
        paths[name].write_text(dumps_document(doc), encoding="utf-8")
    return paths


def test_export_prints_nothing_raw(tmp_path, forms, capsys):
    assert run("export", str(forms["dept"]), "-o", str(tmp_path / f"out{NAME}.xlsx")) == 0
    bad = tmp_path / f"bad{NAME}.toml"
    escaped = HOSTILE.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")
    bad.write_text(f'[execution]\nweight = "{escaped}"\n', encoding="utf-8")
    assert run("export", str(bad), "-o", str(tmp_path / "x.xlsx")) == 2
    out = capsys.readouterr()
    assert "已导出" in out.out and "\\x1b" in out.err
    assert raw_controls(out.out) == [] and raw_controls(out.err) == []


def test_markdown_export_shows_control_characters_inert(tmp_path, forms):
    out = tmp_path / "r.md"
    assert run("export", str(forms["dept"]), "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert raw_controls(text) == []
    assert "\\\\x1b\\]0;title" in text  # the backslash of `\x1b` escaped for Markdown


def test_import_notes_print_nothing_raw(tmp_path, capsys):
    src = tmp_path / f"paste{NAME}.txt"
    src.write_text(f"指标名称\t年初目标值\t实际完成值\t责任科室{HOSTILE}\n培训{HOSTILE}\t≥1次\t2次\t科室{HOSTILE}\n",
                   encoding="utf-8")
    assert run("import", str(src), "-o", str(tmp_path / f"p{NAME}.toml")) == 1
    missing = tmp_path / f"missing{NAME}.xlsx"
    assert run("import", str(missing), "-o", str(tmp_path / "q.toml")) == 2
    out = capsys.readouterr()
    assert "责任科室\\x1b]0;title\\x07" in out.out and "不存在" in out.err
    assert raw_controls(out.out) == [] and raw_controls(out.err) == []


def test_rollup_text_prints_nothing_raw(forms, capsys):
    run("rollup", str(forms["dept"]), str(forms["proj"]))
    out = capsys.readouterr()
    assert "项目\\x1b]0;title" in out.out
    assert raw_controls(out.out) == [] and raw_controls(out.err) == []


def test_rollup_json_escapes_every_control_and_bidi_character(forms, capsys):
    run("rollup", "--json", str(forms["dept"]), str(forms["proj"]))
    out = capsys.readouterr().out
    assert raw_controls(out) == []
    data = json.loads(out)  # the escapes are JSON's: the names come back exactly
    assert data["department"] == "标题" + HOSTILE
    assert data["projects"][0]["name"] == "项目" + HOSTILE
    assert "标题" in out and "\\u202e" in out  # Chinese stays readable; only the unsafe is escaped


@pytest.mark.parametrize("value", [HOSTILE, "\u2028\u2029\x7f\x00", {"键\u200f": ["\x85", 1.5, None]},
                                   "\U000f0000 private use", "普通文字\n换行\t制表"])
def test_json_dumps_inert_is_json_with_nothing_raw(value):
    for indent in (None, 2):
        text = json_dumps_inert(value, indent=indent)
        assert raw_controls(text) == []
        assert json.loads(text) == value
    assert json_dumps_inert({"a": "单位"}) == '{"a": "单位"}'
