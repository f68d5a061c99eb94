"""The `jixiao` command (placeholder until the subcommands land)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("jixiao: 命令行正在建设中。", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
