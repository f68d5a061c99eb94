"""Noticing that the terminal the app runs in is gone (no Textual).

An SSH connection that drops, a tmux session killed, a terminal window
closed: the terminal's other end goes away. Usually the kernel then sends
SIGHUP and the app ends (Textual handles it). But a session started with
`setsid` or `su user -c` has no controlling terminal, so no hang-up signal
arrives: reads of the terminal return end of input, writes fail with EIO,
and the app would run on for ever, blind, holding its editing marker.

`TerminalWatch` remembers which of stdin, stdout and stderr were terminals
when the app started and, asked every second, says whether one of them has
stopped being one: a terminal whose other end is closed fails `tcgetattr`
(EIO), a descriptor closed under us fails too. A pipe or a file (tests,
headless runs) is never watched.
"""

from __future__ import annotations

import errno
import os

try:
    import termios
except ImportError:  # pragma: no cover - Windows: the console ends the process itself
    termios = None  # type: ignore[assignment]

__all__ = ["TerminalWatch", "EXIT_TERMINAL_GONE", "hard_exit_later"]

EXIT_TERMINAL_GONE = 129  # as a process ended by SIGHUP reports it to a shell (128 + 1)


_GONE = {errno.EIO, errno.ENOTTY, errno.EBADF, errno.ENXIO, errno.ENODEV}


def _terminal(fd: int) -> bool:
    """Whether `fd` is a terminal that still works. Only the errors of a
    terminal that is gone count (an interrupted call is not one)."""
    if termios is None:
        return False
    try:
        termios.tcgetattr(fd)
    except termios.error as exc:
        return not (exc.args and exc.args[0] in _GONE)
    except (OSError, ValueError):
        return False
    return True


class TerminalWatch:
    """Whether the terminal the app started in is still there."""

    def __init__(self, fds: tuple[int, ...] = (0, 1, 2)) -> None:
        self.fds = tuple(fd for fd in fds if _terminal(fd))

    @property
    def watching(self) -> bool:
        return bool(self.fds)

    def gone(self) -> bool:
        """A descriptor that was a terminal no longer is one (its other end
        closed: end of input and failing writes follow)."""
        return any(not _terminal(fd) for fd in self.fds)


def hard_exit_later(seconds: float, code: int = EXIT_TERMINAL_GONE) -> None:
    """End the process after `seconds` even if a clean exit is stuck (the
    framework restoring a terminal that no longer exists): the work is
    already in the recovery file by then."""
    import threading

    timer = threading.Timer(seconds, os._exit, (code,))
    timer.daemon = True
    timer.start()
