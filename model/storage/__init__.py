"""No lost work: safe saves, editing markers, crash recovery, disk watching.

Headless (no Textual); the app calls these. See docs/reliability.md for the
guarantees, the tests that prove them, and how the app wires them in.

    clean_temp_files(path)                 on open: leftovers of a killed save
    acquire_marker(path) -> MarkerStatus   on open: who else is editing
    find_recovery(path) -> Recovery|None   on open: unsaved work after a crash
    DiskWatch(path, loaded).poll()         every 1-2 s: changed on disk?
    FormFile                               all of the above for one open form
    RecoveryThrottle / write_recovery      while dirty
    safe_save(path, data, expected, follow=, source=)
                                           save: saved / conflict / failed
    discard_recovery(path)                 after a save or an explicit discard
    atomic_write(path, data, source=)      any other file: an export, a report, settings
    save_document(doc, path)               a new form (import, template): no conflict check
    release_marker(path)                   on close
"""

from __future__ import annotations

from .atomic import atomic_write, clean_temp_files, file_mode, lock_file_for, save_lock
from .common import Fingerprint, RefusedTarget, StorageError, explain_os_error, format_age
from .diff import Difference, diff_documents, summarize
from .marker import (
    Editor,
    MarkerState,
    MarkerStatus,
    acquire_marker,
    is_ours,
    marker_path,
    read_marker,
    release_marker,
    take_over_marker,
)
from .recovery import (
    STATE_DIR_ENV,
    Recovery,
    RecoveryThrottle,
    clean_recovery_dir,
    discard_recovery,
    find_recovery,
    list_recoveries,
    recovery_dir,
    recovery_file_for,
    state_dir,
    write_recovery,
)
from .formfile import FormFile, RecoveryJob, same_document
from .merge import ConflictSides, Merge, conflict_sides, merge_documents
from .save import ANY, Conflict, SaveOutcome, backup_path, fingerprint_file, safe_save, save_document
from .watch import READ_NOW, DiskCheck, DiskStatus, DiskWatch, iter_form_files

__all__ = [
    "ANY",
    "Conflict",
    "ConflictSides",
    "DiskCheck",
    "DiskStatus",
    "DiskWatch",
    "Difference",
    "Editor",
    "Fingerprint",
    "FormFile",
    "MarkerState",
    "Merge",
    "MarkerStatus",
    "READ_NOW",
    "Recovery",
    "RefusedTarget",
    "RecoveryJob",
    "RecoveryThrottle",
    "STATE_DIR_ENV",
    "SaveOutcome",
    "StorageError",
    "acquire_marker",
    "atomic_write",
    "backup_path",
    "clean_recovery_dir",
    "clean_temp_files",
    "conflict_sides",
    "diff_documents",
    "discard_recovery",
    "explain_os_error",
    "file_mode",
    "find_recovery",
    "fingerprint_file",
    "format_age",
    "is_ours",
    "iter_form_files",
    "list_recoveries",
    "lock_file_for",
    "marker_path",
    "merge_documents",
    "read_marker",
    "recovery_dir",
    "recovery_file_for",
    "release_marker",
    "safe_save",
    "same_document",
    "save_document",
    "save_lock",
    "state_dir",
    "summarize",
    "take_over_marker",
    "write_recovery",
]
