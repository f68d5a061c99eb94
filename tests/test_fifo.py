"""A FIFO (or a socket) planted where a form, a recovery file or an import's
input should be is refused at once, never waited for (issue 19, point 4).

Each read runs in a subprocess with a timeout: on a regression the test
fails ("hung") instead of hanging the suite. A FIFO without a writer blocks
a plain `open()` for ever, which is what every case here did before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
TIMEOUT = 30  # far above the fraction of a second these take; a hang is for ever

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")


def run(args: list[str], env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    try:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                              encoding="utf-8", cwd=ROOT, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung on a FIFO: {args}")


def python(code: str) -> subprocess.CompletedProcess[str]:
    return run(["-c", textwrap.dedent(code)])


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "表.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [["check"], ["score"], ["rollup"]])
def test_the_command_line_refuses_a_fifo_form(fifo, command):
    done = run(["-m", "jixiao.cli", *command, str(fifo)])
    assert done.returncode == 2
    assert "不是普通文件" in done.stdout + done.stderr


def test_import_refuses_a_fifo_input(fifo, tmp_path):
    source = fifo.with_name("in.xlsx")
    fifo.rename(source)
    done = run(["-m", "jixiao.cli", "import", str(source), "-o", str(tmp_path / "out.toml")])
    assert done.returncode == 2
    assert "不是普通文件" in done.stdout + done.stderr
    assert not (tmp_path / "out.toml").exists()


def test_opening_a_fifo_in_the_app_is_a_read_error(fifo):
    done = python(f"""
        from model import DocumentError
        from tui.session import Session
        try:
            Session.open({str(fifo)!r})
        except DocumentError as exc:
            print(exc.kind, exc.problems[0].message)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("read ")
    assert "不是普通文件" in done.stdout


def test_the_start_screens_title_of_a_fifo_is_empty(fifo):
    done = python(f"""
        from pathlib import Path
        from model.templates import read_title
        print(repr(read_title(Path({str(fifo)!r}))))
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "''"


def test_the_disk_watch_calls_a_fifo_unreadable(tmp_path):
    form = tmp_path / "表.toml"
    form.write_bytes(SAMPLE.read_bytes())
    done = python(f"""
        import os
        from model.storage import DiskWatch
        watch = DiskWatch({str(form)!r}, open({str(form)!r}, "rb").read())
        os.unlink({str(form)!r})
        os.mkfifo({str(form)!r})
        print(watch.poll().status.name)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "UNREADABLE"


@pytest.mark.parametrize("planted", ["form", "recovery"])
def test_recovery_is_not_blocked_by_a_fifo(tmp_path, planted):
    """The form swapped for a FIFO after its recovery was written, or the
    recovery file itself a FIFO: finding recovery answers at once."""
    form = tmp_path / "表.toml"
    form.write_bytes(SAMPLE.read_bytes())
    state = tmp_path / "state"
    done = run(["-c", textwrap.dedent(f"""
        import os
        from model.storage import find_recovery, recovery_file_for, write_recovery
        form = {str(form)!r}
        write_recovery(form, open(form, "rb").read() + b"\\n# more\\n")
        victim = form if {planted!r} == "form" else str(recovery_file_for(form))
        os.unlink(victim)
        os.mkfifo(victim)
        found = find_recovery(form)
        print("none" if found is None else "found")
    """)], env_extra={"JIXIAO_STATE_DIR": str(state)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("found" if planted == "form" else "none")
