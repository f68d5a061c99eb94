"""Reading a file that another user can replace, without ever blocking.

A name in a shared folder can be swapped for a FIFO, a socket or a device.
A plain `open()` of a FIFO waits for a writer forever (the app freezes, Ctrl+C
does nothing; `jixiao check` never returns), and reading a device never ends.
Every read of such a path (a form, its recovery file, the disk watch, a title
on the start screen, an import's input) goes through `open_regular`: the open
does not wait (`O_NONBLOCK`), and `fstat` on the descriptor then refuses what
is not a regular file, so there is no window between checking and reading.

A leaf module (standard library only): model.files, model.storage, model.templates
and exchange/ all use it.
"""

from __future__ import annotations

import errno
import os
import stat
import sys

__all__ = ["NotRegularFile", "open_regular", "read_regular_file", "NOT_REGULAR"]

NOT_REGULAR = "不是普通文件（可能是管道、套接字或设备），不会读取它；请确认路径，选择一个普通的文件"

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_POSIX = sys.platform != "win32"


class NotRegularFile(OSError):
    """A pipe, a socket or a device where a file was expected."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EINVAL, NOT_REGULAR, str(path))


def open_regular(path: str | os.PathLike[str], *, follow: bool = True) -> int:
    """A read-only descriptor of the regular file at `path`, opened without
    waiting. `follow=False`: a symbolic link is refused (OSError ELOOP).
    Raises FileNotFoundError, IsADirectoryError, NotRegularFile, or another
    OSError."""
    try:
        fd = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFile(path) from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, limit: int) -> bytes:
    """All the bytes of an open file from its start (at most `limit` + 1)."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        want = min(1 << 20, limit + 1 - size)
        chunk = os.pread(fd, want, size) if _POSIX else os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_regular_file(path: str | os.PathLike[str], limit: int, *, follow: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` + 1 of them
    (more than `limit` means: too big). Raises as `open_regular`."""
    fd = open_regular(path, follow=follow)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)
