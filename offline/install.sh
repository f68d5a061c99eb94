#!/bin/sh
# jixiao offline installer for Linux: finds a Python that fits the bundle and
# runs install.py with it (a .venv beside this file, installed from wheelhouse/
# with no network). PYTHON=/path/to/python3 sh install.sh chooses the Python.
set -u
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -f "$here/install.py" ] || [ ! -d "$here/wheelhouse" ]; then
    echo "错误：请先把整个 zip 解压到一个文件夹，再运行其中的 install.sh。" >&2
    echo "    Error: extract the whole zip into a folder first, then run its install.sh." >&2
    exit 1
fi

if [ -n "${PYTHON:-}" ]; then
    exec "$PYTHON" "$here/install.py" "$@"
fi
for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 && "$py" "$here/install.py" --check >/dev/null 2>&1; then
        exec "$py" "$here/install.py" "$@"
    fi
done

echo "错误：没有找到可用的 Python。需要 64 位的 Python 3.11、3.12 或 3.13（python3.11 等命令）。" >&2
echo "    请让管理员安装（例如 dnf install python3.11 或 apt install python3.11），" >&2
echo "    或用 PYTHON=/路径/python3 sh install.sh 指定。" >&2
echo "    Error: no suitable Python found. The bundle needs a 64-bit Python 3.11, 3.12 or 3.13." >&2
echo "    Ask the administrator to install one (dnf install python3.11, apt install python3.11)," >&2
echo "    or name it: PYTHON=/path/to/python3 sh install.sh" >&2
exit 1
