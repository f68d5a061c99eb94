"""`jixiao new` asks at a terminal what its options do not say (issue 23):
the form kind and layout, the weights as the paper prints them and the
file name, by number, key or name; Ctrl+C or end of input leaves nothing
written. Without a terminal it asks nothing: the options, or a message
naming the option to give. The terminal is a pseudo-terminal (POSIX)."""

from __future__ import annotations

import codecs
import os
import select
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
posix_pty = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")


def _controlling_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is the
    pty (its stdin), so that Ctrl+C typed there interrupts it as at a shell."""
    import fcntl
    import termios

    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """`jixiao new ARGS` with a pseudo-terminal as its stdin, stdout and stderr."""

    def __init__(self, cwd: Path, *args: str) -> None:
        self.master, self.slave = os.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        self.proc = subprocess.Popen([sys.executable, "-m", "jixiao", "new", *args], cwd=cwd,
                                     stdin=self.slave, stdout=self.slave, stderr=self.slave,
                                     env=env, preexec_fn=_controlling_terminal)
        # the slave stays open here too: the process's last words are still
        # there to read after it ends (a hung-up pty may drop them)
        self.seen = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode  # a character split between reads

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """Read until `text` has been shown (a deadline for a dead process, not a pause)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"never shown: {text!r}; the terminal shows:\n{self.seen}"
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                self.seen += self._decode(os.read(self.master, 4096))
            elif self.proc.poll() is not None:
                raise AssertionError(f"ended before showing {text!r}:\n{self.seen}")
        return self.seen

    def answer(self, prompt: str, text: str) -> None:
        self.wait_for(prompt)
        self.seen = self.seen.split(prompt, 1)[1]  # the next prompt is looked for after this one
        os.write(self.master, text.encode("utf-8") + b"\r")

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self) -> int:
        """Wait for the process to end, then read all it wrote."""
        code = self.proc.wait(timeout=60)
        while select.select([self.master], [], [], 0)[0]:  # the writer is gone: what is there is all
            chunk = os.read(self.master, 4096)
            if not chunk:
                break
            self.seen += self._decode(chunk)
        os.close(self.master)
        os.close(self.slave)
        return code


def _load(path: Path):
    from model import load_document
    return load_document(path)


@posix_pty
def test_at_a_terminal_it_asks_kind_layout_weights_and_file_by_number(tmp_path):
    term = Terminal(tmp_path)
    term.answer("请选择（1–2，回车选 1）：", "2")  # 项目支出
    shown = term.wait_for("请选择")
    assert "武汉项目支出" in shown and "中央项目支出" in shown and "部门整体" not in shown
    term.answer("请选择（1–2，回车选 1）：", "2")  # 中央项目支出
    for prompt, typed in (("年度资金总额（10）：", "15"), ("绩效指标（90）：", "85"),
                          ("产出指标（50）：", "45"), ("效益指标（30）：", "２５"),  # full-width
                          ("满意度指标（10）：", "15")):
        term.answer(prompt, typed)
    term.answer("保存为（文件名，例如 我的项目.toml）：", "新项目")
    assert term.finish() == 0, term.seen
    assert "已按版式 central-project 创建 新项目.toml" in term.seen
    doc = _load(tmp_path / "新项目.toml")
    assert doc.kind.value == "project" and doc.execution.weight == D(15)
    goal = doc.goals[1]
    assert (goal.weight, [one.weight for one in goal.levels]) == (D(85), [D(45), D(25), D(15)])


@posix_pty
def test_names_and_keys_are_taken_and_a_wrong_answer_is_asked_again(tmp_path):
    term = Terminal(tmp_path, "表.toml")
    term.answer("请选择（1–2，回车选 1）：", "三")  # neither a number nor a name
    term.answer("不是可选的一项；请输入 1–2 的数字，或名称中的几个字。", "部门")
    term.answer("请选择（1–3，回车选 1）：", "平铺")  # the flat framework, by a word of its name
    term.answer("部门整体支出总额（10）：", "abc")
    term.answer("不是 0–100 的分值", "")  # Enter keeps the layout's 10
    assert term.finish() == 0, term.seen
    assert "保存为" not in term.seen  # the file was given
    doc = _load(tmp_path / "表.toml")
    assert doc.framework.value == "flat" and doc.execution.weight == D(10)

    term = Terminal(tmp_path, "表2.toml")
    term.answer("请选择（1–2，回车选 1）：", "d")  # the kind's key
    term.answer("请选择（1–3，回车选 1）：", "department-goals")  # the layout's key
    for _ in range(8):  # 执行, 目标1, its two levels, 目标2, its three: Enter keeps each
        term.answer("）：", "")
    assert term.finish() == 0, term.seen
    doc = _load(tmp_path / "表2.toml")
    assert [g.weight for g in doc.goals] == [D(20), D(60)] and doc.execution.weight == D(20)
    assert not list(doc.iter_indicators())  # the sample's layout, none of its rows


@posix_pty
@pytest.mark.parametrize("key", [b"\x03", b"\x04"], ids=["ctrl-c", "end-of-input"])
def test_ctrl_c_or_end_of_input_writes_nothing(tmp_path, key):
    term = Terminal(tmp_path, "不要.toml")
    term.answer("请选择（1–2，回车选 1）：", "1")
    term.answer("请选择（1–3，回车选 1）：", "1")
    term.wait_for("部门整体支出总额（20）：")
    term.send(key)
    code = term.finish()
    assert "已取消，没有写入任何文件" in term.seen and "Traceback" not in term.seen
    assert code == (130 if key == b"\x03" else 1)
    assert list(tmp_path.iterdir()) == []


@posix_pty
def test_given_options_are_not_asked_again(tmp_path):
    term = Terminal(tmp_path, "--template", "wuhan-project", "--weights", "20,20,60,30,20,10", "p.toml")
    assert term.finish() == 0, term.seen
    assert "请选择" not in term.seen and "分值（" not in term.seen
    doc = _load(tmp_path / "p.toml")
    assert [one.weight for one in doc.goals[1].levels] == [D(30), D(20), D(10)]


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", "new", *args], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_without_a_terminal_it_asks_nothing_and_names_the_option(tmp_path):
    run = _run(tmp_path, "x.toml")
    assert run.returncode == 2 and "请用 --template 选择一个版式" in run.stderr
    assert "flat" in run.stdout and "department-goals" in run.stdout  # the layouts, listed
    assert "请选择" not in run.stdout and list(tmp_path.iterdir()) == []
    run = _run(tmp_path, "--template", "central-project")
    assert run.returncode == 2 and "请给出要创建的文件名" in run.stderr


@pytest.mark.parametrize("layout", ["department-goals", "flat"])
def test_every_layout_is_made_without_a_terminal_and_checks_as_an_empty_form(tmp_path, layout):
    run = _run(tmp_path, "--template", layout, "f.toml")
    assert run.returncode == 0, run.stderr
    from model.templates import LAYOUTS, layout_document, layout_named
    assert {lay.name for lay in LAYOUTS} >= {"wuhan-department", "wuhan-project", "central-project"}
    assert _load(tmp_path / "f.toml") == layout_document(layout_named(layout))
    checked = subprocess.run([sys.executable, "-m", "jixiao", "check", "f.toml"], cwd=tmp_path,
                             capture_output=True, text=True, encoding="utf-8", timeout=60,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert checked.returncode == 0, checked.stdout  # no errors: only what an empty form lacks


def test_a_sample_layout_keeps_names_and_weights_and_drops_what_was_typed():
    from model.templates import blank_layout, sample_files, weight_slots
    sample = _load(next(p for p in sample_files() if p.name == "hongshan-2024-department.toml"))
    blank = blank_layout(sample)
    assert [(g.title, g.weight) for g in blank.goals] == [(g.title, g.weight) for g in sample.goals]
    assert [one.name for one in blank.goals[1].levels] == [one.name for one in sample.goals[1].levels]
    assert not list(blank.iter_indicators()) and list(sample.iter_indicators())
    assert (blank.unit, blank.year, blank.execution.budget, blank.declared_total) == ("", None, None, None)
    assert [name for name, _, _ in weight_slots(blank)][:2] == ["部门整体支出总额", "年度目标1"]


def test_a_flat_form_asks_only_the_execution_weight():
    from model.templates import layout_document, layout_named, weight_slots
    flat = layout_document(layout_named("flat"))
    assert [(name, where) for name, where, _ in weight_slots(flat)] == [("部门整体支出总额", ())]
