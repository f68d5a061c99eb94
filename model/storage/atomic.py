"""Atomic writes, the checked replace of a save, the short save lock, and
cleaning what a killed save left.

A write (`atomic_write`: forms, exports, reports, settings) goes to a
temporary file in the same folder (`.NAME.xxxxxxxx.tmp`), is flushed and
fsynced, gets its permissions (and group), and is renamed over the target, so the target
always holds either the old or the new bytes. On Windows a rename refused
because another program holds the file is retried a bounded number of times.
Any failure removes the temporary file.

No write follows a symbolic link at its destination: `atomic_write` refuses
one (`RefusedTarget`, errno ELOOP), and a save follows only the link the
person opened (see `model.storage.save`). The lock file is never opened
through a link either.

`replace_checked` is the heart of a save: it replaces the form only if it
still holds what was checked, and keeps as `FILE.bak` the very file it
replaced, so a change another program makes during the save is never lost
without a word (docs/reliability.md, "Another program writing during a save").
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.oserror import link_target
from model.regular import NotRegularFile, open_regular, read_fd
from model.text import clip, inert

from .common import RefusedTarget, StorageError, explain_os_error, user_name

__all__ = [
    "atomic_write",
    "replace_checked",
    "Replaced",
    "Changed",
    "read_regular",
    "file_mode",
    "lock_mode",
    "narrow_backup",
    "exchange",
    "save_lock",
    "lock_file_for",
    "lock_holder",
    "temp_prefix",
    "clean_temp_files",
    "is_temp_file_of",
    "REPLACE_RETRIES",
    "LOCK_TIMEOUT",
]

# Windows: another program (an editor, antivirus, a sync client) holding the
# file makes os.replace fail with PermissionError for a moment. Retry with
# growing sleeps: 0.05 + 0.1 + ... + 0.4 s, about 1.8 s in all.
REPLACE_RETRIES = 8 if sys.platform == "win32" else 0
REPLACE_DELAY = 0.05
# A save holds the lock for milliseconds; waiting longer means something is wrong.
LOCK_TIMEOUT = 10.0
# Temporary files this old are abandoned even when the lock cannot be taken.
ABANDONED_AFTER = 600.0

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a pipe planted at a name must not hang an open
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_POSIX = sys.platform != "win32"
# link() the name itself, not what a symlink there points to (Windows'
# CreateHardLink takes no such option, and links the name)
_NO_FOLLOW_LINK = {"follow_symlinks": False} if _POSIX else {}

_UMASK: int | None = None


def _umask() -> int:
    # Read once (os.umask can only be read by setting it, which is not
    # thread-safe), the first time a new file is written.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


_RANDOM = re.compile(r"[a-z0-9_]{8}")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"


def is_temp_file_of(candidate: str, target: Path) -> bool:
    """Whether a file name is one of our temporary files for `target`."""
    prefix = temp_prefix(target)
    return (candidate.startswith(prefix) and candidate.endswith(".tmp")
            and bool(_RANDOM.fullmatch(candidate[len(prefix):-4])))


# -- permissions -----------------------------------------------------------------------------


def file_mode(existing: os.stat_result | None, source: os.stat_result | None = None) -> int:
    """The permissions for a file about to be written.

    `existing`: the file it replaces, whose permissions are kept. `source`:
    the form the content comes from (save-as, a copy): a new file takes its
    read and write bits (always readable and writable by its owner), and a
    replaced file loses the group and other bits the source does not grant,
    so a private form's content never becomes readable by more people.
    Neither: a brand-new form gets the umask's default, as with any editor.
    """
    if existing is not None:
        mode = stat.S_IMODE(existing.st_mode)
        if source is not None and not os.path.samestat(existing, source):
            mode &= ~(0o077 & ~stat.S_IMODE(source.st_mode))
        return mode
    if source is not None:
        return (stat.S_IMODE(source.st_mode) & 0o666) | 0o600
    return 0o666 & ~_umask()


def _stat_or_none(path: str | os.PathLike[str] | None) -> os.stat_result | None:
    if path is None:
        return None
    try:
        return os.stat(path)
    except OSError:
        return None


def lock_mode(form_mode: int) -> int:
    """The lock file's permissions for a form with these: read and write for
    the owner, and for group or others only where they may write the form.
    (flock works on any open file, so a lock readable by everyone could be
    held by anyone to block every save.)"""
    mode = 0o600
    if form_mode & 0o020:
        mode |= 0o060
    if form_mode & 0o002:
        mode |= 0o006
    return mode


def _others_for_group(mode: int) -> int:
    """The group bits replaced by the other bits: for a file that could not
    be given the group its bits were meant for."""
    return (mode & ~0o070) | ((mode & 0o007) << 3)


def _set_group(fd: int, group: int | None, mode: int) -> int:
    """Give the open file `group`; return the mode to give it (group bits
    narrowed when the group cannot be set: they would apply to the saver's
    own group, another set of people)."""
    if group is None or not _POSIX:
        return mode
    if os.fstat(fd).st_gid == group:
        return mode
    try:
        os.fchown(fd, -1, group)
    except OSError:
        return _others_for_group(mode)
    return mode


# -- reading without following -------------------------------------------------------------


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at `path` (at most `limit` + 1 of
    them), never through a symbolic link and never blocking on a pipe; None
    when nothing is there. Raises RefusedTarget (a link, not a regular file),
    IsADirectoryError, or another OSError."""
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def _open_regular(path: Path) -> int | None:
    """A descriptor of the regular file at `path` (see read_regular), or None."""
    try:
        fd = open_regular(path, follow=False)
    except FileNotFoundError:
        return None
    except NotRegularFile:
        raise RefusedTarget.special(path) from None
    except IsADirectoryError:
        raise
    except OSError:
        if os.path.islink(path):
            raise RefusedTarget.symlink(path) from None
        raise
    if not _NOFOLLOW and os.path.islink(path):  # Windows: no O_NOFOLLOW
        os.close(fd)
        raise RefusedTarget.symlink(path)
    return fd


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


# -- the pieces of a write ---------------------------------------------------------------------


def _write_temp(folder: Path, prefix: str, data: bytes, mode: int, group: int | None = None) -> Path:
    """A new temporary file in `folder` holding `data`, flushed and fsynced,
    with `mode` (and `group`). It is private (0600) until its data is down."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            mode = _set_group(fh.fileno(), group, mode)
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        _unlink_quietly(Path(tmp))
        raise
    return Path(tmp)


def _unlink_quietly(path: Path | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def _replace(tmp: Path, target: Path, retries: int, sleep: Callable[[float], None]) -> int:
    """os.replace, retried on Windows while another program holds the file.
    Returns the attempts it took."""
    attempt = 0
    while True:
        attempt += 1
        try:
            os.replace(tmp, target)
            return attempt
        except OSError as exc:
            exc.jixiao_step = "replace"  # type: ignore[attr-defined]  # for the message
            if not isinstance(exc, PermissionError) or attempt > retries:
                raise
            sleep(REPLACE_DELAY * attempt)


def _fsync_folder(folder: Path) -> None:
    """Make the renames themselves durable (POSIX; Windows has no folder handles)."""
    if not _POSIX:  # pragma: no cover
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _refuse_link(target: Path) -> os.stat_result | None:
    """lstat of `target`, or None when missing; RefusedTarget if it is a symlink."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise RefusedTarget.symlink(target)
    return st


def atomic_write(target: str | os.PathLike[str], data: bytes, *, prefix: str | None = None,
                 mode: int | None = None, source: str | os.PathLike[str] | None = None,
                 retries: int | None = None, sleep: Callable[[float], None] = time.sleep) -> int:
    """Write `data` to `target` atomically; return how many renames it took.

    `prefix` names the temporary file (default `.TARGET.`); `mode` is the
    permission of the file (default: `file_mode` of the old file and of
    `source`, the form the content comes from (an export, a report), so the
    file is no more readable than that form; without either, 0o666 & ~umask).
    A symbolic link at `target` is refused with RefusedTarget (an OSError,
    errno ELOOP, whose `strerror` says so in Chinese): it is neither followed
    nor replaced. Raises OSError; the target is then untouched and no
    temporary file remains.
    """
    target = Path(target)
    existing = _refuse_link(target)
    if mode is None:
        mode = file_mode(existing, _stat_or_none(source))
    retries = REPLACE_RETRIES if retries is None else retries
    tmp = _write_temp(target.parent, prefix or temp_prefix(target), data, mode)
    try:
        attempts = _replace(tmp, target, retries, sleep)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    _fsync_folder(target.parent)
    return attempts


# -- the checked replace of a save ------------------------------------------------------------


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@lru_cache(maxsize=1)
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (ImportError, OSError, AttributeError):  # pragma: no cover - glibc before 2.28, musl
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux `renameat2(RENAME_EXCHANGE)`): `b`
    becomes the file that was `a`, and `a` the very file that was at `b`
    (nothing is unlinked). False where the system or the file system cannot
    (Windows, macOS, most network file systems); nothing happened then."""
    function = _renameat2()
    if function is None:
        return False
    import ctypes

    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


class Changed(Exception):
    """The file no longer holds what was checked: nothing was written.
    `current` is what it holds now (None: gone)."""

    def __init__(self, current: bytes | None) -> None:
        super().__init__("changed")
        self.current = current


@dataclass(frozen=True)
class Replaced:
    attempts: int  # renames it took (Windows retries)
    kept: Path | None  # where the replaced file is now (FILE.bak), if kept
    keep_error: OSError | None = None  # why it could not be kept as FILE.bak
    # what was replaced when it was not what had been checked: another
    # program wrote the file in the last instant; it is at `kept`
    displaced: bytes | None = None


_CHANGED = object()


def _read_or_changed(path: Path, limit: int):
    try:
        return read_regular(path, limit)
    except OSError:
        return _CHANGED  # whatever it is now, it is not what was checked


def _changed(path: Path, limit: int) -> Changed:
    now = _read_or_changed(path, limit)
    return Changed(None if now is _CHANGED else now)


def _link_aside(target: Path, prefix: str) -> Path | None:
    """A second name (a temporary file name) for the file at `target`, made
    with a hard link; None where hard links cannot be made."""
    for _ in range(20):
        name = target.with_name(prefix + "".join(secrets.choice(_ALPHABET) for _ in range(8)) + ".tmp")
        try:
            os.link(target, name, **_NO_FOLLOW_LINK)
            return name
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            return None
    return None  # pragma: no cover


def _keep(replaced: Path, target: Path, backup: Path | None, other: bool) -> tuple[Path | None, OSError | None]:
    """Give the replaced file its name: `backup` (FILE.bak). Another
    program's version (`other`) is kept even when no backup was asked for,
    under a dated name (FILE.20250301-140501.bak) if FILE.bak cannot be used."""
    if backup is None and not other:
        _unlink_quietly(replaced)
        return None, None
    names = [backup] if backup is not None else []
    if other:
        names.append(target.with_name(f"{target.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak"))
    error: OSError | None = None
    for name in names:
        try:
            os.replace(replaced, name)
            return name, None
        except OSError as exc:
            error = error or exc
    if not other:
        _unlink_quietly(replaced)
        return None, error
    return replaced, error  # pragma: no cover - two renames in this folder refused in a row


def replace_checked(target: Path, data: bytes, current: bytes | None, *, mode: int,
                    group: int | None = None, backup: Path | None = None, limit: int,
                    retries: int | None = None, sleep: Callable[[float], None] = time.sleep) -> Replaced:
    """Replace `target` by `data` provided it still holds `current` (None:
    provided nothing is there), keeping the replaced file as `backup`.

    The new file is written and fsynced first (the slow part), then the
    file is checked again, then replaced:
    - Linux (ext4, xfs, btrfs, tmpfs): the two names are exchanged in one
      step, so the file replaced is known exactly and nothing is unlinked;
      if it is not what was checked (another program wrote in the instant
      between the check and the exchange), it is kept as `backup` all the
      same and `displaced` holds its bytes.
    - Elsewhere (Windows, macOS, network shares, FAT): the file at `target`
      is captured (a hard link to it, or an open descriptor and a copy of
      the bytes), compared, checked to be still the file at `target`, and
      the new file renamed over it; then the captured file is read again,
      so an in-place write in between is kept and reported the same way.
      The one window left is a rename by another program in the instant
      between that last check and our rename (and, on Windows without hard
      links, where the descriptor must be closed before the rename, an
      in-place write there too): docs/reliability.md.
    Raises Changed (nothing written) when the file changed since it was
    checked, OSError for file-system trouble (nothing changed, no temporary
    file left).
    """
    retries = REPLACE_RETRIES if retries is None else retries
    prefix = temp_prefix(target)
    names = _Names(prefix, _write_temp(target.parent, prefix, data, mode, group))
    try:
        if current is None:
            attempts = _create(names.tmp, target, limit, retries, sleep)
            names.tmp = None
            _fsync_folder(target.parent)
            return Replaced(attempts, None)
        if _read_or_changed(target, limit) != current:
            raise _changed(target, limit)
        try:
            exchanged = exchange(names.tmp, target)
        except FileNotFoundError:  # deleted in the meantime
            raise _changed(target, limit) from None
        if exchanged:
            names.aside, names.tmp = names.tmp, None  # `aside` is now exactly the file replaced
            return _keep_exchanged(names, target, current, backup, limit)
        return _replace_captured(names, target, current, backup=backup, mode=mode, limit=limit,
                                 retries=retries, sleep=sleep)
    finally:
        _unlink_quietly(names.tmp)
        _unlink_quietly(names.aside)


@dataclass
class _Names:
    """The temporary names of one replacement: the new file until it takes
    the form's name, the replaced file until it is kept; what is left at
    the end is removed."""

    prefix: str
    tmp: Path | None
    aside: Path | None = None


def _keep_exchanged(names: _Names, target: Path, current: bytes, backup: Path | None, limit: int) -> Replaced:
    """After the exchange: the replaced file (`names.aside`) kept as
    `backup`, or, when it was not what had been checked, kept all the same."""
    assert names.aside is not None
    was = _read_or_changed(names.aside, limit)
    other = was != current
    kept, error = _keep(names.aside, target, backup, other)
    names.aside = None
    _fsync_folder(target.parent)
    displaced = (b"" if was is _CHANGED else was) if other else None
    return Replaced(1, kept, error, displaced)


def _replace_captured(names: _Names, target: Path, current: bytes, *, backup: Path | None, mode: int,
                      limit: int, retries: int, sleep: Callable[[float], None]) -> Replaced:
    """No exchange here. Capture the file now at `target`: a second name
    for it (hard link), or else an open descriptor and a copy of its bytes;
    check it; check that it is still the file at `target` just before the
    rename; look at it again afterwards, so that an in-place write in
    between is found (it went into that file); keep what was replaced."""
    names.aside = _link_aside(target, names.prefix)
    copied = names.aside is None and backup is not None
    if copied:
        try:
            old = os.lstat(target)
        except FileNotFoundError:  # deleted in the meantime
            raise Changed(None) from None
        names.aside = _write_temp(target.parent, names.prefix, current, stat.S_IMODE(old.st_mode), old.st_gid)
    attempts, after, kept_error = _rename_over(names, target, current, copied=copied, limit=limit,
                                               retries=retries, sleep=sleep)
    displaced = after if after != current else None
    kept: Path | None = None
    try:
        if displaced is not None and copied:  # FILE.bak must be their version
            assert names.aside is not None
            replacement = _write_temp(target.parent, names.prefix, displaced,
                                      stat.S_IMODE(os.lstat(names.aside).st_mode))
            _unlink_quietly(names.aside)
            names.aside = replacement
        if names.aside is None and displaced is not None:  # no backup asked, no hard link
            names.aside = _write_temp(target.parent, names.prefix, displaced, mode)
    except OSError as exc:
        kept_error = kept_error or exc
    if names.aside is not None:
        kept, error = _keep(names.aside, target, backup, displaced is not None)
        kept_error = kept_error or error
        names.aside = None
    _fsync_folder(target.parent)
    return Replaced(attempts, kept, kept_error, displaced)


def _rename_over(names: _Names, target: Path, current: bytes, *, copied: bool, limit: int, retries: int,
                 sleep: Callable[[float], None]) -> tuple[int, bytes, OSError | None]:
    """Check the captured file, check it is still the one at `target`, rename
    the new file over it, and read the captured file again. Returns the
    renames it took, what the replaced file held at the end, and why it
    could not be looked at again (the save is done then). Raises Changed
    (nothing written) or OSError before the rename."""
    held = _open_regular(names.aside if names.aside is not None and not copied else target)
    if held is None:
        raise Changed(None)
    try:
        was = read_fd(held, limit)
        if was != current:
            raise Changed(was)
        captured = _identity(os.fstat(held))
        if not _POSIX:  # Windows: an open file cannot be renamed over
            os.close(held)
            held = None
        try:
            now = _identity(os.lstat(target))
        except FileNotFoundError:
            now = None
        if now != captured:
            raise _changed(target, limit)  # replaced or deleted in the meantime
        assert names.tmp is not None
        attempts = _replace(names.tmp, target, retries, sleep)
        names.tmp = None
        # saved: from here on a failure only costs the backup
        if held is not None:
            return attempts, read_fd(held, limit), None
        if names.aside is not None and not copied:  # Windows: the hard link's name
            after = _read_or_changed(names.aside, limit)
            return attempts, b"" if after is _CHANGED else after, None
        return attempts, current, None
    except OSError as exc:
        if names.tmp is not None:
            raise
        return attempts, current, exc  # could not look again
    finally:
        if held is not None:
            os.close(held)


def _create(tmp: Path, target: Path, limit: int, retries: int, sleep: Callable[[float], None]) -> int:
    """Give `tmp` the name `target` provided nothing has that name."""
    try:
        os.link(tmp, target, **_NO_FOLLOW_LINK)  # refuses to replace anything
    except FileExistsError:
        now = read_regular(target, limit)  # a link or a pipe: refused, not a conflict
        raise Changed(now) from None
    except (OSError, NotImplementedError):  # no hard links here: check, then rename
        if os.path.lexists(target):
            raise Changed(read_regular(target, limit)) from None
        return _replace(tmp, target, retries, sleep)
    _unlink_quietly(tmp)
    return 1


# -- the save lock --------------------------------------------------------------------------------


def lock_file_for(target: Path) -> Path:
    """The lock file beside a form: `.NAME.jixiao.lock` (left in place, empty)."""
    return target.with_name(f".{target.name}.jixiao.lock")


def lock_holder(lock: Path) -> tuple[int, int | None] | None:
    """Which process holds a lock on this file, and its user id, as the
    kernel lists them (Linux /proc/locks); None where that cannot be known."""
    try:
        st = os.lstat(lock)
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read(1 << 20).splitlines()
    except OSError:
        return None
    device = (os.major(st.st_dev), os.minor(st.st_dev))
    exact: list[int] = []
    same_inode: list[int] = []
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0 EOF"; waiters have "->"
        fields = line.split()
        if len(fields) < 6 or fields[1] == "->":
            continue
        try:
            pid = int(fields[4])
            major, minor, inode = fields[5].split(":")
            if int(inode) != st.st_ino:
                continue
            (exact if (int(major, 16), int(minor, 16)) == device else same_inode).append(pid)
        except ValueError:
            continue
    pids = exact or (same_inode if len(same_inode) == 1 else [])
    for pid in pids:
        if pid > 0:
            return pid, _uid_of(pid)
    return None


def _uid_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _our_uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def _held(target: Path, lock: Path, timeout: float, action: str) -> StorageError:
    """The lock could not be had in time: say who holds it, when that can be known."""
    name = target.name
    head = f"无法{action}“{name}”："
    holder = lock_holder(lock)
    me = _our_uid()
    if holder is not None and holder[1] is not None and holder[1] != me:
        user = user_name(holder[1])
        return StorageError(
            head + f"此表的保存锁被用户 {user}（进程 {holder[0]}）占用，等待 {timeout:g} 秒仍未释放。"
            "正常保存只需不到一秒；长时间占用说明对方的程序卡住了，或有人有意阻挡保存。"
            f"请联系 {user} 或管理员（确认对方没有在保存后，可以删除锁文件“{lock.name}”）。原文件没有改动。",
            "held_by_user", target, holder=user)
    if (holder is None or holder[1] is None) and me is not None:
        try:
            owner = os.lstat(lock).st_uid
        except OSError:
            owner = me
        if owner != me:
            user = user_name(owner)
            return StorageError(
                head + f"此表的保存锁被占用，等待 {timeout:g} 秒仍未释放；锁文件“{lock.name}”属于用户 {user}"
                f"（可能是 {user} 正在保存，或其程序卡住了）。请联系 {user} 或管理员。原文件没有改动。",
                "held_by_user", target, holder=user)
    who = f"（进程 {holder[0]}）" if holder is not None else ""
    return StorageError(head + f"另一个程序{who}正在保存此文件，等待 {timeout:g} 秒仍未完成。"
                        "请稍后重试。原文件没有改动。", "locked", target)


def _lock_refused(exc: OSError, target: Path, lock: Path, action: str) -> StorageError:
    """An error opening the lock file, explained: a link, not a file, or one
    that belongs to another user."""
    head = f"无法{action}“{target.name}”："
    try:
        st = os.lstat(lock)
    except OSError:
        return explain_os_error(exc, target, action=action)
    if stat.S_ISLNK(st.st_mode):
        return StorageError(
            head + f"此表的保存锁“{lock.name}”是一个符号链接（指向 {clip(inert(link_target(lock)), 120)}），"
            "不是 jixiao 创建的，可能是有人有意放置的；jixiao 不会跟随它。"
            f"请删除这个链接（{inert(str(lock))}）后重试，如有疑问请告知管理员。原文件没有改动。",
            "symlink", lock)
    if not stat.S_ISREG(st.st_mode):
        return StorageError(
            head + f"此表的保存锁“{lock.name}”不是普通文件（可能是文件夹、管道或设备），"
            f"不是 jixiao 创建的。请删除它（{inert(str(lock))}）后重试。原文件没有改动。", "special", lock)
    me = _our_uid()
    if isinstance(exc, PermissionError) and me is not None and st.st_uid != me:
        user = user_name(st.st_uid)
        return StorageError(
            head + f"此表的保存锁文件“{lock.name}”属于用户 {user}，您无权使用它（可能是对方按其表单的权限"
            f"创建的，也可能是有人有意放置的）。请联系 {user} 或管理员删除这个锁文件（它是空的，删除是安全的）"
            "后重试；或用“另存为”保存到别处。原文件没有改动。", "held_by_user", lock, holder=user)
    return explain_os_error(exc, target, action=action)


def _adjust_own(path: Path, mode_of: Callable[[os.stat_result], int], group: int | None) -> None:
    """Give our own file at `path` (a regular file with no other name, never
    reached through a symbolic link) the mode `mode_of` its stat, and
    `group`. POSIX only; quiet: a failure leaves the file as it was."""
    if not _POSIX:  # pragma: no cover
        return
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_nlink != 1:
            return
        mode = _set_group(fd, group, mode_of(st))
        if stat.S_IMODE(st.st_mode) != mode:
            os.fchmod(fd, mode)
    except OSError:
        pass
    finally:
        os.close(fd)


def narrow_backup(backup: Path, form: Path) -> None:
    """Our own backup of a form (FILE.bak) grants nothing the form does not
    grant now: a backup written while the form was 0640 follows the form
    made 0600 (`file_mode`'s rule, and the form's group)."""
    try:
        now = os.stat(form)
    except OSError:
        return
    _adjust_own(backup, lambda st: file_mode(st, now), now.st_gid)


@contextmanager
def save_lock(target: Path, timeout: float = LOCK_TIMEOUT, *, action: str = "保存",
              mode: int | None = None, group: int | None = None) -> Iterator[None]:
    """Hold the short lock that serialises saves (and marker changes) of one
    form across processes and users. Raises StorageError if it cannot.

    The lock file may be used by those who may write the form: its mode is
    `lock_mode` of the form's (of `mode`, the mode a new form will get), its
    group the form's. It is never opened through a symbolic link.
    """
    from filelock import FileLock, Timeout

    # filelock creates missing folders for its lock file: a folder that has
    # gone (a network drive unplugged) must not silently come back empty.
    try:
        if not stat.S_ISDIR(os.stat(target.parent).st_mode):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent))
    except OSError as exc:
        raise explain_os_error(exc, target, action=action) from None
    lock_path = lock_file_for(target)
    try:
        st = os.lstat(lock_path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise explain_os_error(exc, target, action=action) from None
    else:
        if not stat.S_ISREG(st.st_mode):
            raise _lock_refused(OSError(errno.ELOOP, "refused"), target, lock_path, action)
    if mode is None:
        try:
            form = os.stat(target)
            mode, group = stat.S_IMODE(form.st_mode), form.st_gid
        except OSError:
            mode = file_mode(None)
    wanted = lock_mode(mode)
    lock = FileLock(str(lock_path), timeout=timeout, mode=wanted)
    try:
        lock.acquire()
    except Timeout:
        raise _held(target, lock_path, timeout, action) from None
    except NotImplementedError:  # pragma: no cover - old filelock on a file system without flock
        from filelock import SoftFileLock

        lock = SoftFileLock(str(lock_path), timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StorageError(f"无法{action}“{target.name}”：另一个程序正在保存此文件。请稍后重试。",
                               "locked", target) from None
        except OSError as exc:
            raise _lock_refused(exc, target, lock_path, action) from None
    except OSError as exc:
        raise _lock_refused(exc, target, lock_path, action) from None
    try:
        # an earlier version made it 0666; the form's permissions may have changed
        _adjust_own(lock_path, lambda _st: wanted, group)
        yield
    finally:
        lock.release()


def clean_temp_files(path: str | os.PathLike[str], *, now: float | None = None,
                     lock_timeout: float = 2.0) -> list[Path]:
    """Remove temporary files a killed save of this form left behind.

    Call it when a form is opened. Under the save lock no save of this form
    is under way, so every `.NAME.xxxxxxxx.tmp` beside it is abandoned; when
    the lock cannot be taken (a read-only folder, a save in progress) only
    files older than ten minutes are removed. Returns the files removed.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        names = [n for n in os.listdir(folder) if is_temp_file_of(n, target)]
    except OSError:
        return []
    if not names:
        return []
    now = time.time() if now is None else now
    removed: list[Path] = []

    def sweep(min_age: float) -> None:
        for name in names:
            candidate = folder / name
            try:
                if min_age and now - candidate.lstat().st_mtime < min_age:
                    continue
                candidate.unlink()
            except OSError:
                continue
            removed.append(candidate)

    try:
        with save_lock(target, timeout=lock_timeout):
            sweep(0.0)
    except StorageError:
        sweep(ABANDONED_AFTER)
    return removed
