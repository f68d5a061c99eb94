"""A terminal that disappears without a hang-up (issue 19, point 2).

jixiao runs on a pseudo-terminal in a session of its own (as `setsid` and
`su user -c` start it: the pty is not its controlling terminal, so closing
the pty's master sends no SIGHUP). Something is typed, then the master is
closed, as when an SSH connection drops or a tmux session is killed. The
process must end on its own, its unsaved work in the recovery file and its
editing marker gone, so the next session offers the work.

Used by tests/test_terminal_gone.py (one round) and runnable by hand for
more rounds:

    PYTHONPATH=. python tests/soak/terminal_gone.py [ROUNDS]
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "hongshan-2024-department.toml"
TYPED = "乙丙"  # typed into the form's title (the first field of the editor)
WAIT = 60.0  # the longest any step may take on a loaded machine (a hang guard, not a figure)


@dataclass
class Round:
    exit_code: int | None  # None: still running after WAIT seconds (killed)
    seconds: float  # from closing the master to the end of the process
    recovery: bytes | None
    marker_left: bool


def _read_until(master: int, needle: bytes, limit: float) -> bytes:
    seen = b""
    end = time.monotonic() + limit
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def _drain(master: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            os.read(master, 65536)


def one_round(folder: Path) -> Round:
    """Open a copy of the sample form, type, close the terminal's master."""
    from model.storage import find_recovery, marker_path

    form = folder / "表.toml"
    form.write_bytes(SAMPLE.read_bytes())
    state = folder / "state"
    env = dict(os.environ, PYTHONPATH=str(ROOT), JIXIAO_STATE_DIR=str(state),
               TERM="xterm-256color", COLUMNS="100", LINES="30")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    child = subprocess.Popen([sys.executable, "-m", "jixiao.cli", str(form)], stdin=slave,
                             stdout=slave, stderr=slave, env=env, cwd=folder,
                             start_new_session=True)  # setsid: no controlling terminal
    os.close(slave)
    try:
        _read_until(master, "总分".encode(), WAIT)
        while not marker_path(form).exists() and child.poll() is None:
            _drain(master, 0.2)  # the marker is left just after the first screen
        os.write(master, b"\r")  # Enter: the form's fields, the title first
        _drain(master, 1.0)
        os.write(master, b"\x05")  # Ctrl+E: the end of the title
        for ch in TYPED:
            os.write(master, ch.encode())
            _drain(master, 0.3)
        _drain(master, 0.5)
    finally:
        os.close(master)  # the terminal is gone; no SIGHUP reaches the child
    start = time.monotonic()
    try:
        code: int | None = child.wait(WAIT)
    except subprocess.TimeoutExpired:
        code = None
        child.kill()
        child.wait()
    seconds = time.monotonic() - start
    os.environ["JIXIAO_STATE_DIR"] = str(state)
    found = find_recovery(form)
    return Round(code, seconds, found.data if found else None, marker_path(form).exists())


def main(rounds: int) -> int:
    failed = 0
    for n in range(rounds):
        folder = Path(tempfile.mkdtemp(prefix="jixiao-tty-"))
        try:
            result = one_round(folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        ok = (result.exit_code is not None and result.recovery is not None
              and TYPED.encode() in result.recovery and not result.marker_left)
        failed += not ok
        print(f"round {n + 1}: exit {result.exit_code} after {result.seconds:.1f} s, "
              f"typed text {'kept' if ok else 'LOST'}, marker {'left' if result.marker_left else 'gone'}")
    print(f"{rounds - failed}/{rounds} rounds kept the work and ended")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
