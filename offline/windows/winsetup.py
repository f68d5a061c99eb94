"""Registry settings of the jixiao Windows bundle, for the current user only
(HKEY_CURRENT_USER: no administrator rights). Run by the bundle's .bat files
with the bundle's Python:

    python winsetup.py console            the "jixiao" console window: code page
                                          65001 (UTF-8) and a font that draws Chinese
    python winsetup.py associate          double-clicking a .toml form opens it in jixiao
    python winsetup.py associate /remove  undo that

Standard library only; the bundle's README.txt says what each does.
"""

from __future__ import annotations

import os
import sys

BUNDLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(BUNDLE, "绩效自评.bat")
CONSOLE_KEY = r"Console\jixiao"  # the window 绩效自评.bat opens with `start "jixiao"`
PROGID = "jixiao.form"
CLASSES = r"Software\Classes"
# 新宋体 (NSimSun): a monospaced font of every Chinese Windows, listed for code
# page 936 under HKLM\...\Console\TrueTypeFont; FontFamily 0x36 = TrueType, modern.
CONSOLE = {"FaceName": "新宋体", "FontFamily": 0x36, "FontWeight": 400,
           "FontSize": 16 << 16, "CodePage": 65001}


def _winreg():
    import winreg

    return winreg


def set_console() -> None:
    winreg = _winreg()
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, CONSOLE_KEY) as key:
        for name, value in CONSOLE.items():
            kind = winreg.REG_SZ if isinstance(value, str) else winreg.REG_DWORD
            winreg.SetValueEx(key, name, 0, kind, value)


def open_command() -> str:
    return f'"{LAUNCHER}" "%1"'


def associate() -> None:
    winreg = _winreg()
    root = winreg.HKEY_CURRENT_USER
    with winreg.CreateKeyEx(root, rf"{CLASSES}\{PROGID}") as key:
        winreg.SetValueEx(key, "", 0, winreg.REG_SZ, "预算绩效自评表（jixiao）")
    with winreg.CreateKeyEx(root, rf"{CLASSES}\{PROGID}\shell\open\command") as key:
        winreg.SetValueEx(key, "", 0, winreg.REG_SZ, open_command())
    with winreg.CreateKeyEx(root, rf"{CLASSES}\.toml") as key:
        winreg.SetValueEx(key, "", 0, winreg.REG_SZ, PROGID)
    with winreg.CreateKeyEx(root, rf"{CLASSES}\.toml\OpenWithProgids") as key:
        winreg.SetValueEx(key, PROGID, 0, winreg.REG_NONE, b"")
    _notify()


def unassociate() -> None:
    winreg = _winreg()
    root = winreg.HKEY_CURRENT_USER
    for sub in (r"\shell\open\command", r"\shell\open", r"\shell", ""):
        try:
            winreg.DeleteKey(root, rf"{CLASSES}\{PROGID}{sub}")
        except FileNotFoundError:
            pass
    try:
        with winreg.OpenKey(root, rf"{CLASSES}\.toml", 0, winreg.KEY_ALL_ACCESS) as key:
            if winreg.QueryValueEx(key, "")[0] == PROGID:
                winreg.DeleteValue(key, "")
    except FileNotFoundError:
        pass
    try:
        with winreg.OpenKey(root, rf"{CLASSES}\.toml\OpenWithProgids", 0, winreg.KEY_ALL_ACCESS) as key:
            winreg.DeleteValue(key, PROGID)
    except FileNotFoundError:
        pass
    _notify()


def _notify() -> None:
    """Tell Explorer that file associations changed (SHCNE_ASSOCCHANGED)."""
    try:
        import ctypes

        ctypes.windll.shell32.SHChangeNotify(0x08000000, 0, None, None)
    except (ImportError, AttributeError, OSError):
        pass


def main(argv: list[str]) -> int:
    if sys.platform != "win32":
        print("winsetup.py 只在 Windows 上使用。", file=sys.stderr)
        return 2
    command = argv[0] if argv else ""
    if command == "console":
        set_console()
        return 0
    if command == "associate" and argv[1:2] == ["/remove"]:
        unassociate()
        print("已取消：双击 .toml 文件不再用 jixiao 打开。")
        return 0
    if command == "associate":
        associate()
        print(f"已设置（仅当前用户）：双击 .toml 表单文件将用 jixiao 打开（{LAUNCHER}）。\n"
              "如果 Windows 仍用其他程序打开，请右键表单 - 打开方式 - 选择“预算绩效自评表（jixiao）”"
              "并勾选“始终使用此应用”。移动这个文件夹后请再运行一次。取消：关联表单文件.bat /remove")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
