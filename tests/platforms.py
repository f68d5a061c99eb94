"""Which tests hold on which system, each with its reason (the Windows lane,
`make test-windows`, runs the suite on Windows CPython under Wine: docs/install.md).

    @posix_only("what POSIX has that Windows has not")      skipped on Windows
    @not_under_wine("where Wine differs from Windows")       skipped under Wine only

A test that relies on a Windows behaviour says which, from Microsoft's
documentation, in its docstring.
"""

from __future__ import annotations

import os
import sys

import pytest

WINDOWS = sys.platform == "win32"


def _under_wine() -> bool:
    if not WINDOWS:
        return False
    try:
        import ctypes

        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (ImportError, OSError):  # pragma: no cover
        return os.environ.get("JIXIAO_WINE_LANE") == "1"


UNDER_WINE = _under_wine()
# Windows refuses control characters (1-31) in file names; the rest of a hostile name it takes
FORBIDDEN_IN_NAMES = frozenset(map(chr, range(32))) if WINDOWS else frozenset("\0")


def posix_only(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(WINDOWS, reason=f"POSIX only: {reason}")


def not_under_wine(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(UNDER_WINE, reason=f"Wine 8 differs from Windows: {reason}")


def file_name_part(text: str) -> str:
    """`text` less the characters this system refuses in a file name."""
    return "".join(ch for ch in text if ch not in FORBIDDEN_IN_NAMES)
