"""Install jixiao from the wheelhouse beside this file, with no network.

Run by install.bat (Windows) and install.sh (Linux) with a Python they found;
it can also be run directly: `python install.py`. It

1. checks this Python fits the bundle (version and platform in bundle.json);
2. creates `.venv` beside this file (an old `.venv` there is replaced);
3. runs `pip install --no-index --find-links wheelhouse pip jixiao` in it,
   with the pip wheel from the wheelhouse and no pip configuration files, so
   neither ensurepip nor a configured package index is needed;
4. checks that the command and the app import, and writes the launcher
   `jixiao.bat` (Windows) or `jixiao` (Linux) beside this file.

`python install.py --check` only says (by exit code 0 or 3) whether this
Python fits; the .bat and .sh use it to choose among the Pythons installed.

Only the standard library, and syntax that Python 3.6 still parses, so an old
Python reads the file far enough to say what it needs.
"""

import json
import os
import platform
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WHEELHOUSE = os.path.join(HERE, "wheelhouse")
VENV = os.path.join(HERE, ".venv")
WINDOWS = os.name == "nt"
EXIT_OK, EXIT_FAILED, EXIT_UNFIT = 0, 1, 3


def say(zh, en, stream=None):
    stream = stream or sys.stdout
    stream.write(zh + "\n    " + en + "\n")
    stream.flush()


def fail(zh, en):
    say("错误：" + zh, "Error: " + en, sys.stderr)
    return EXIT_FAILED


def read_bundle():
    """bundle.json, or None when the folder is not a whole bundle."""
    try:
        with open(os.path.join(HERE, "bundle.json"), encoding="utf-8") as fh:
            info = json.load(fh)
        names = os.listdir(WHEELHOUSE)
    except (OSError, ValueError):
        return None
    if not any(n.startswith(info["name"] + "-") and n.endswith(".whl") for n in names):
        return None
    if not any(n.startswith("pip-") and n.endswith(".whl") for n in names):
        return None
    return info


def unfit(info):
    """Why this Python cannot use the bundle, as (zh, en); None when it can."""
    version = "%d.%d" % sys.version_info[:2]
    wanted = "、".join(info["python"])
    if version not in info["python"]:
        return ("这台电脑上的 Python 是 %s，这个离线包需要 Python %s。" % (version, wanted),
                "This Python is %s; the bundle needs Python %s." % (version, ", ".join(info["python"])))
    if sys.maxsize <= 2 ** 32:
        return ("这是 32 位的 Python，请安装 64 位的 Python %s。" % wanted,
                "This Python is 32-bit; install the 64-bit Python %s." % ", ".join(info["python"]))
    platforms = info.get("platforms") or []
    machine = MACHINES.get(platform.machine().lower(), platform.machine().lower())
    if platforms and not fits_platform(platforms, machine):
        covered = "、".join(describe(p) for p in platforms)
        why = (info.get("not_covered") or {}).get(machine)
        zh = ("这个离线包只适用于 %s，不适用于这台电脑（%s %s）。"
              % (covered, platform.system(), platform.machine()))
        en = ("The bundle is for %s, not %s %s."
              % (", ".join(describe(p) for p in platforms), platform.system(), platform.machine()))
        if why:
            zh += "没有这种电脑用的依赖包：" + why + "（做法见 README.txt）。"
            en += " " + why + " (README.txt says how)."
        return zh, en
    return None


# platform.machine() -> the machine in the wheel platform tags
MACHINES = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64",
            "loongarch64": "loongarch64"}


def fits_platform(platforms, machine):
    """Whether the bundle has wheels for this system and machine."""
    if WINDOWS:
        return machine == "x86_64" and "win_amd64" in platforms
    return sys.platform.startswith("linux") and any(
        p.startswith("manylinux") and p.endswith("_" + machine) for p in platforms)


def describe(tag):
    if tag == "win_amd64":
        return "Windows x86_64"
    return "Linux " + tag.split("_", 1)[1]


def venv_python():
    if WINDOWS:
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def clean_env():
    """The environment for pip and the checks: no pip settings, no foreign module paths."""
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith("PIP_") and k.upper() not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_CONFIG_FILE"] = os.devnull  # ignore pip.ini / pip.conf (a mirror index, a proxy...)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def make_venv():
    if os.path.exists(VENV):
        if not os.path.isfile(os.path.join(VENV, "pyvenv.cfg")):
            return fail("%s 已存在但不是虚拟环境，安装不会动它；请把它移走后再运行。" % VENV,
                        "%s exists and is not a virtual environment; move it away and run again." % VENV)
        say("删除旧的 .venv ……", "Removing the old .venv ...")
        try:
            shutil.rmtree(VENV)
        except OSError as exc:
            return fail("无法删除旧的 .venv（%s）。请先关闭正在运行的 jixiao，再运行一次。" % exc,
                        "Cannot remove the old .venv (%s). Close jixiao if it is running and try again."
                        % exc)
    import venv  # only here: a Python without the venv module still gets the messages above

    say("[1/3] 创建虚拟环境 .venv ……", "[1/3] Creating the virtual environment .venv ...")
    try:
        venv.EnvBuilder(with_pip=False, symlinks=not WINDOWS).create(VENV)
    except Exception as exc:  # noqa: BLE001 - any failure here gets the same advice
        return fail("无法创建虚拟环境：%s" % exc, "Cannot create the virtual environment: %s" % exc)
    return EXIT_OK


def pip_install(info):
    pip_wheel = sorted(n for n in os.listdir(WHEELHOUSE) if n.startswith("pip-") and n.endswith(".whl"))[-1]
    say("[2/3] 从 wheelhouse 安装 %s %s（不联网）……" % (info["name"], info["version"]),
        "[2/3] Installing %s %s from the wheelhouse (no network) ..." % (info["name"], info["version"]))
    command = [venv_python(), os.path.join(WHEELHOUSE, pip_wheel, "pip"), "install",
               "--no-index", "--find-links", WHEELHOUSE, "--disable-pip-version-check",
               "--no-warn-script-location", "pip", "%s==%s" % (info["name"], info["version"])]
    done = subprocess.call(command, env=clean_env())
    if done != 0:
        return fail("pip 安装失败（见上面的信息）。", "pip failed (see its messages above).")
    return EXIT_OK


def check_install():
    say("[3/3] 检查安装 ……", "[3/3] Checking the installation ...")
    for command in ([venv_python(), "-m", "jixiao", "new", "--list"],
                    [venv_python(), "-c", "import tui.app"]):
        run = subprocess.run(command, cwd=VENV, env=clean_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        if run.returncode != 0:
            sys.stderr.write(run.stdout.decode("utf-8", "replace"))
            return fail("安装后的 jixiao 无法运行（见上面的信息）。",
                        "The installed jixiao does not run (see above).")
    return EXIT_OK


def write_launcher():
    if WINDOWS:
        path = os.path.join(HERE, "jixiao.bat")
        text = ('@echo off\r\n'
                'rem Starts jixiao installed in .venv beside this file (written by install.bat).\r\n'
                '"%~dp0.venv\\Scripts\\python.exe" -m jixiao %*\r\n'
                'if "%~1"=="" if errorlevel 1 pause\r\n')
        with open(path, "w", encoding="ascii", newline="") as fh:
            fh.write(text)
    else:
        path = os.path.join(HERE, "jixiao")
        text = ('#!/bin/sh\n'
                '# Starts jixiao installed in .venv beside this file (written by install.sh).\n'
                'here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)\n'
                'exec "$here/.venv/bin/python" -m jixiao "$@"\n')
        with open(path, "w", encoding="ascii", newline="\n") as fh:
            fh.write(text)
        os.chmod(path, 0o755)
    return path


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except AttributeError:
            pass
    info = read_bundle()
    if info is None:
        if "--check" in argv:
            return EXIT_UNFIT
        return fail("没有找到完整的离线包（bundle.json 和 wheelhouse 文件夹）。"
                    "请先把整个 zip 解压到一个文件夹，再运行其中的安装脚本。",
                    "This is not a whole bundle (bundle.json and wheelhouse/ are missing). "
                    "Extract the whole zip into a folder first, then run its install script.")
    reason = unfit(info)
    if "--check" in argv:
        return EXIT_UNFIT if reason else EXIT_OK
    if reason:
        say("错误：" + reason[0], "Error: " + reason[1], sys.stderr)
        wanted, wanted_en = "、".join(info["python"]), ", ".join(info["python"])
        if WINDOWS:
            say("请安装 64 位 Python %s（安装时勾选 Add python.exe to PATH），再运行 install.bat。" % wanted,
                "Install the 64-bit Python %s (tick \"Add python.exe to PATH\") and run install.bat again."
                % wanted_en, sys.stderr)
        else:
            say("请让管理员安装 Python %s，或用 PYTHON=/路径/python3 sh install.sh 指定已有的。" % wanted,
                "Ask the administrator for Python %s, or name one: PYTHON=/path/to/python3 sh install.sh"
                % wanted_en, sys.stderr)
        return EXIT_UNFIT
    for step in (make_venv, lambda: pip_install(info), check_install):
        code = step()
        if code != EXIT_OK:
            return code
    launcher = write_launcher()
    say("安装完成：%s %s。" % (info["name"], info["version"]),
        "Installed %s %s." % (info["name"], info["version"]))
    if WINDOWS:
        say("启动：双击 %s ；或在命令行中运行 \"%s\" 表单.toml" % (launcher, launcher),
            "Start: double-click %s, or run \"%s\" FORM.toml in a command prompt." % (launcher, launcher))
    else:
        say("启动：%s 表单.toml ；放进 PATH：ln -s \"%s\" ~/.local/bin/jixiao"
            % (launcher, launcher),
            "Start: %s FORM.toml ; to put it on PATH: ln -s \"%s\" ~/.local/bin/jixiao"
            % (launcher, launcher))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
