"""The `jixiao` command through a subprocess, as a shell user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"


def jixiao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=cwd or ROOT, timeout=60,
    )


def test_check_lists_findings_with_file_place_and_code_and_exits_1_on_errors():
    run = jixiao("check", str(SAMPLE))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    expected = (f"{SAMPLE}: 年度目标1 / 产出指标 / 质量指标 / 科普活动参与度: [UNIT_KIND_MISMATCH] "
                "目标“≥90%”是百分比，实际“9次”是数量")
    assert any(line.startswith(expected) for line in lines)
    assert any("[COST_OVER_LIMIT]" in line and "1061.29%" in line for line in lines)
    assert "Traceback" not in run.stderr


def test_check_passes_a_clean_form_and_strict_fails_on_warnings(tmp_path):
    form = tmp_path / "ok.toml"
    form.write_text(
        'schema = 1\nkind = "project"\n\n[execution]\nweight = 20\nbudget = 10\nspent = 10\n\n'
        '[[goals]]\ntitle = "总目标"\nweight = 80\n\n[[goals.levels]]\nname = "产出指标"\n\n'
        '[[goals.levels.sublevels]]\nname = "数量指标"\n\n[[goals.levels.sublevels.indicators]]\n'
        'name = "培训场次"\ntarget = "≥10场"\nactual = "20场"\nweight = 80\n',
        encoding="utf-8",
    )
    assert jixiao("check", str(form)).returncode == 0
    strict = jixiao("check", "--strict", str(form))  # 200 % overshoot without a reason
    assert strict.returncode == 1
    assert "[OVERSHOOT_NO_REASON]" in strict.stdout


def test_check_broken_toml_exits_2_naming_line_and_column(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('schema = 1\nkind = "department"\nunit = 武汉\n', encoding="utf-8")
    run = jixiao("check", str(broken))
    assert run.returncode == 2
    assert f"{broken}:3:8: TOML 语法错误" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_check_wrong_value_exits_2_naming_the_place_in_chinese(tmp_path):
    bad = SAMPLE.read_text(encoding="utf-8").replace('score = 4\n', 'score = "四分"\n', 1)
    path = tmp_path / "bad.toml"
    path.write_text(bad, encoding="utf-8")
    run = jixiao("check", str(path))
    assert run.returncode == 2
    assert "建设科普惠民社区（村）数量" in run.stdout
    assert "得分" in run.stdout and "应为数字" in run.stdout


def test_check_score_over_weight_exits_1_naming_place(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        'name = "外聘律师团队"\ntarget = "1个"\nactual = "1个"\nscore = 3\n',
        'name = "外聘律师团队"\ntarget = "1个"\nactual = "1个"\nweight = 2\nscore = 3\n')
    path = tmp_path / "over.toml"
    path.write_text(text, encoding="utf-8")
    run = jixiao("check", str(path))
    assert run.returncode == 1
    assert "外聘律师团队: [SCORE_OVER_WEIGHT] 得分 3 超过分值 2" in run.stdout


def test_check_folder_keeps_going_past_broken_files_and_summarises(tmp_path):
    (tmp_path / "a.toml").write_bytes(SAMPLE.read_bytes())
    (tmp_path / "b.toml").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.toml").write_bytes(SAMPLE.read_bytes())
    run = jixiao("check", str(tmp_path))
    assert run.returncode == 2
    assert "b.toml:1:1: 文件不是 UTF-8 编码" in run.stdout
    assert run.stdout.count("[UNIT_KIND_MISMATCH]") == 2
    assert "检查了 3 个文件" in run.stdout and "1 个文件无法读取" in run.stdout
    assert "\r" not in run.stderr  # no progress bar when piped


def test_score_json_reproduces_hongshan_2024():
    run = jixiao("score", "--json", str(SAMPLE))
    assert run.returncode == 0
    data = json.loads(run.stdout)
    assert data["total"] == 97.78
    assert data["grade"] == "优"
    assert data["declared_total"] == 97.78
    assert data["execution"] == {"rate": 98.88, "score": 19.78, "weight": 20,
                                 "budget": 491.27, "spent": 485.77}
    assert [(g["title"], g["score"], g["weight"]) for g in data["goals"]] == [
        ("年度目标1", 19, 20), ("年度目标2", 59, 60)]
    codes = {f["code"] for f in data["findings"]}
    assert {"UNIT_KIND_MISMATCH", "UNIT_WORD_MISMATCH", "COST_OVER_LIMIT", "OVERSHOOT_NO_REASON"} <= codes
    assert all(set(f) >= {"code", "severity", "path", "message"} for f in data["findings"])
    assert {f["severity"] for f in data["findings"]} <= {"error", "warning", "info"}


def test_score_json_declared_total_null_when_absent(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text('schema = 1\n[execution]\nweight = 20\nbudget = 100\nspent = 50\n', encoding="utf-8")
    data = json.loads(jixiao("score", "--json", str(path)).stdout)
    assert data["declared_total"] is None
    assert data["total"] == 10
    assert data["grade"] == "差"


UNSCORED = """schema = 1
kind = "project"
project_name = "空白表"
[[goals]]
title = "目标"
[[goals.levels]]
name = "产出指标"
[[goals.levels.sublevels]]
name = "数量指标"
[[goals.levels.sublevels.indicators]]
name = "培训场次"
target = "≥10场"
weight = 50
[[goals.levels.sublevels.indicators]]
name = "满意度"
target = "≥90%"
weight = 50
"""


def test_an_unscored_form_says_so_in_score_and_check_not_a_total_and_a_grade(tmp_path):
    path = tmp_path / "blank.toml"
    path.write_text(UNSCORED, encoding="utf-8")
    text = jixiao("score", str(path)).stdout
    assert "总分 未评分" in text and "等级" not in text and "差" not in text
    data = json.loads(jixiao("score", "--json", str(path)).stdout)
    assert (data["total"], data["grade"]) == (None, "未评分")
    check = jixiao("check", str(path)).stdout
    assert "差" not in check
    # the actual and score columns empty on every row: said once each, for the form
    assert check.count("ACTUAL_MISSING") == 1 and check.count("SCORE_MISSING") == 1
    assert "全表 2 个指标都未填得分，也无法按公式算出；各行不再逐一提示" in check


def test_score_summary_is_readable():
    run = jixiao("score", str(SAMPLE))
    assert run.returncode == 0
    assert "总分 97.78（表上 97.78）　等级 优" in run.stdout
    assert "执行率 98.88%" in run.stdout


def test_what_if_shows_saved_beside_new_and_leaves_file_untouched():
    before = SAMPLE.read_bytes()
    run = jixiao("score", str(SAMPLE), "--set", "外聘律师团队.score=1",
                 "--set", "科普活动参与度.actual=95%")
    assert run.returncode == 0, run.stderr
    assert SAMPLE.read_bytes() == before
    total_line = next(line for line in run.stdout.splitlines() if line.startswith("总分"))
    assert total_line.split()[1:] == ["97.78", "95.78", "-2"]
    assert "指标：外聘律师团队" in run.stdout
    assert "消除 [UNIT_KIND_MISMATCH]" in run.stdout


def test_what_if_on_a_flat_form_sets_the_coefficient_and_the_core_flag():
    flat = ROOT / "tests" / "data" / "flat-department.toml"
    run = jixiao("score", str(flat), "--set", "社会公众满意度.score=", "--set", "社会公众满意度.coefficient=100",
                 "--set", "社会公众满意度.core=否")
    assert run.returncode == 0, run.stderr
    total_line = next(line for line in run.stdout.splitlines() if line.startswith("总分"))
    assert total_line.split()[1:] == ["96.6", "98.6", "+2"]  # 93.33 % × 30 = 28 → 100 % × 30 = 30
    assert "社会公众满意度.core: “是” → “否”" in run.stdout and "消除 [CORE_UNMET]" in run.stdout
    bad = jixiao("score", str(flat), "--set", "社会公众满意度.core=也许")
    assert bad.returncode == 2 and "请填“是”或“否”" in bad.stderr and "Traceback" not in bad.stderr


def test_what_if_json_and_ambiguous_or_unknown_names():
    data = json.loads(jixiao("score", "--json", str(SAMPLE), "--set",
                             "年度目标2/经费使用限额.score=0").stdout)
    assert data["saved"]["total"] == 97.78 and data["total"] == 95.78
    assert data["changed"] == [{"name": "经费使用限额", "saved": 2, "what_if": 0}]
    ambiguous = jixiao("score", str(SAMPLE), "--set", "经费使用限额.score=0")
    assert ambiguous.returncode == 2 and "年度目标1/产出指标/成本指标/经费使用限额" in ambiguous.stderr
    unknown = jixiao("score", str(SAMPLE), "--set", "经费使用上限.score=0")
    assert unknown.returncode == 2 and "找不到指标" in unknown.stderr and "经费使用限额" in unknown.stderr
    bad = jixiao("score", str(SAMPLE), "--set", "外聘律师团队.weight=abc")
    assert bad.returncode == 2 and "只能填数字" in bad.stderr  # as the app says it
    assert "Traceback" not in ambiguous.stderr + unknown.stderr + bad.stderr


@pytest.mark.parametrize("template", ["wuhan-department", "wuhan-project", "central-project"])
def test_new_from_template_refuses_to_overwrite(tmp_path, template):
    target = tmp_path / "新表.toml"
    run = jixiao("new", "--template", template, "--unit", "测试单位", "--year", "2025", str(target))
    assert run.returncode == 0, run.stderr
    text = target.read_text(encoding="utf-8")
    assert 'unit = "测试单位"' in text and "year = 2025" in text
    again = jixiao("new", "--template", template, str(target))
    assert again.returncode == 2 and "不会覆盖" in again.stderr
    assert target.read_text(encoding="utf-8") == text
    checked = jixiao("check", str(target))
    assert checked.returncode == 0, checked.stdout


def test_new_unknown_template(tmp_path):
    run = jixiao("new", "--template", "nope", str(tmp_path / "x.toml"))
    assert run.returncode == 2 and "没有版式" in run.stderr
    assert not (tmp_path / "x.toml").exists()


def test_check_score_new_do_not_import_textual(tmp_path):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['jixiao', 'check', sys.argv[1]]\n"
        "from jixiao import cli\n"
        "rc = cli.main(['check', sys.argv[1]])\n"
        "cli.main(['score', '--json', sys.argv[1]])\n"
        "cli.main(['new', '--template', 'wuhan-project', sys.argv[2]])\n"
        "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]\n"
        "print('LOADED', bad)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path / "n.toml")],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert "LOADED []" in run.stdout, run.stdout[-500:] + run.stderr[-2000:]


def test_set_reads_values_as_the_app_reads_what_is_typed():
    """`--set` uses the app's parser (tui.fields.parse_input): 1。5 is 1.5 as
    in the editor, a tier by its label; one edit path (Session.edit)."""
    run = jixiao("score", str(SAMPLE), "--set", "外聘律师团队.score=1。5")
    assert run.returncode == 0, run.stderr
    total_line = next(line for line in run.stdout.splitlines() if line.startswith("总分"))
    assert total_line.split()[1:] == ["97.78", "96.28", "-1.5"]
    bad = jixiao("score", str(SAMPLE), "--set", "外聘律师团队.tier=很好")
    assert bad.returncode == 2 and "不是定性档次的选项" in bad.stderr and "达成预期指标" in bad.stderr
