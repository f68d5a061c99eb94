"""The exchange subcommands (`COMMANDS`), registered into the `jixiao` command line.

    jixiao export FILE -o OUT.xlsx [--format xlsx|csv|md] [--force]
    jixiao import IN -o FILE.toml [--kind department|project] [--sheet NAME] [--form N] [--force]
    jixiao import IN -o FOLDER [--force]       # one TOML per form of the input
    jixiao import IN --list                    # the forms the input holds
    jixiao rollup DEPT.toml PROJECT.toml... [--json]

Exit codes: 0 done; 1 done but something needs attention (import: cells that
were skipped or reinterpreted; rollup: the figures do not add up); 2 nothing
done (a file cannot be read or parsed, or the output exists without --force).
Messages are Chinese; no traceback reaches the user. Only the standard library is imported
here; the heavy modules load when a command runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "register", "cmd_export", "cmd_import", "cmd_rollup", "FORMATS"]

FORMATS = ("xlsx", "csv", "md")
# The subcommands `register` adds; the top-level command line dispatches these names here.
COMMANDS = ("export", "import", "rollup")


def register(subparsers: Any) -> None:
    """Add the subcommands to an argparse subparsers object."""
    p = subparsers.add_parser(
        "export", help="导出为 xlsx / csv / md",
        description="把自评表导出为官方版式的 xlsx（含问题清单），或每行一个指标的 csv，或可读的 Markdown 报告。")
    p.add_argument("file", metavar="FILE", help="自评表文件（.toml）")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件，如 表.xlsx")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="输出格式（默认按输出文件的扩展名：.xlsx / .csv / .md）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "import", help="从 Word / Excel / csv / 文本导入",
        description="从 Word 文档（.docx）、Excel 工作簿（.xlsx、旧版 .xls；官方版式或带列标题的普通表格）、csv、"
                    "制表符分隔的文本（从 WPS/Word/Excel 复制）或每个单元格一行的转换文本导入自评表；"
                    "凡未读入或重新解读的单元格都会列出，最后给出表上总分与导入后计算的总分。"
                    "一个文档中有多张表（如部门整体表和项目表）时，-o 给文件夹则每张表存为一个文件，"
                    "--list 列出各表，--form N 只导入第 N 张。IN 为 - 时从标准输入读取文本。")
    p.add_argument("input", metavar="IN", help="输入文件（.docx / .xlsx / .xls / .csv / .txt），或 - 表示标准输入")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="要生成的自评表文件（.toml）；或一个文件夹，每张表存为其中一个 .toml 文件")
    p.add_argument("--list", action="store_true", help="只列出输入中的各张表，不导入")
    p.add_argument("--form", type=int, default=None, metavar="N", help="只导入第 N 张表（见 --list）")
    p.add_argument("--kind", choices=("department", "project"), default=None,
                   help="表类型（默认根据表中的栏目判断）")
    p.add_argument("--sheet", default=None, metavar="NAME", help="要读取的工作表名称（xlsx / xls）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "rollup", help="部门汇总：部门表与所属项目表",
        description="核对部门项目支出与各项目预算、执行数之和，列出各项目得分与等级、按资金加权的平均得分，"
                    "并汇总同名指标。文件中恰好一张部门整体支出绩效自评表，其余为项目表。")
    p.add_argument("files", nargs="+", metavar="FILE", help="部门表和项目表（.toml），顺序不限")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=cmd_rollup)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _guard(handler):
    """No traceback reaches the user: an unexpected failure is a Chinese message and exit 2."""
    import functools

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except MemoryError:
            _err("内存不足，无法处理该文件。")
            return 2
        except Exception as exc:  # noqa: BLE001 - the last line of defence for the command line
            _err(f"处理失败（{type(exc).__name__}：{str(exc)[:200]}）；文件未改动。"
                 "这是 jixiao 的问题，请把输入文件和这条消息告诉维护者。")
            return 2

    return run


def _load(path: str):
    from model import load_document
    from model.problems import DocumentError

    try:
        return load_document(path), None
    except DocumentError as err:
        return None, str(err)


def _refuse_existing(path: Path, force: bool) -> bool:
    if path.exists() and not force:
        _err(f"{path}：文件已存在，未覆盖；如需覆盖请加 --force。")
        return True
    if path.exists() and path.is_dir():
        _err(f"{path}：这是一个文件夹，请给出文件名。")
        return True
    return False


def _write_failed(path: Path, exc: OSError) -> int:
    from model.files import os_reason

    _err(f"{path}：无法写入：{os_reason(exc)}。")
    return 2


@_guard
def cmd_export(args: argparse.Namespace) -> int:
    from scoring.rules import fmt

    from .export import ExportError, export_document
    from .layout import has_scores

    doc, problem = _load(args.file)
    if doc is None:
        _err(problem or "")
        return 2
    try:
        done = export_document(doc, args.output, args.format, overwrite=args.force)
    except ExportError as err:
        hint = {"exists": "如需覆盖请加 --force。", "format": "也可用 --format xlsx|csv|md 指定格式。"}
        _err(str(err) + hint.get(err.reason, ""))
        return 2
    result = done.result
    label = {"xlsx": "xlsx 工作簿", "csv": "CSV（UTF-8，带 BOM）", "md": "Markdown 报告"}[done.fmt]
    total = f"总分 {fmt(result.total)}，{result.grade}" if has_scores(result) else "表中没有分值和得分"
    print(f"已导出 {label}：{done.path}（{total}；问题 {len(result.findings)} 条）")
    return 0


def _file_name(index: int, name: str) -> str:
    """`1-科协事务管理经费.toml`: a form's file name in an output folder."""
    from model.text import one_line

    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "_", one_line(name)).strip(" ._") or "自评表"
    return f"{index}-{safe[:60]}.toml"


def _read_stdin() -> str:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _print_result(result: Any, source: str, out: Path) -> None:
    from model.text import inert

    doc = result.document
    count = sum(1 for _ in doc.iter_indicators())
    how = "（jixiao 导出的工作簿，已还原表中不显示的信息）" if result.restored else ""
    which = f"第 {result.form} 张表（{doc.kind.label}：{inert(doc.display_name)}）" if len(result.forms) > 1 else ""
    print(f"已导入 {source} {which}→ {out}{how}：{len(doc.goals)} 个目标，{count} 个指标。")
    if result.notes:
        print(f"导入说明 {len(result.notes)} 条（其中需要核对的 {len(result.warnings)} 条）：")
        for note in result.notes:
            print(f"  {inert(str(note))}")


@_guard
def cmd_import(args: argparse.Namespace) -> int:
    from model import Kind, dumps_document
    from model.files import write_atomic
    from model.text import inert

    from .importer import ImportFailed, import_file, import_forms, import_text, import_text_forms

    kind = Kind(args.kind) if args.kind else None
    if args.output is None and not args.list:
        _err("请用 -o 给出要生成的 .toml 文件（或文件夹），或用 --list 列出其中的各张表。")
        return 2
    out = Path(args.output) if args.output is not None else None
    # a folder: one that exists, or a new name without an extension (`-o 导入/`, `-o forms`)
    folder = out is not None and (out.is_dir() or (not out.exists() and (not out.suffix
                                                                          or args.output.endswith(("/", os.sep)))))
    text = _read_stdin() if args.input == "-" else None
    name = "标准输入" if text is not None else args.input
    try:
        if args.list or (folder and args.form is None):
            results = (import_text_forms(text, kind=kind, name=name) if text is not None
                       else import_forms(args.input, kind=kind, sheet=args.sheet))
        elif text is not None:
            results = [import_text(text, kind=kind, name=name, form=args.form)]
        else:
            results = [import_file(args.input, kind=kind, sheet=args.sheet, form=args.form)]
    except ImportFailed as err:
        _err(f"{inert(name)}：{err}")
        return 2
    if args.list:
        forms = results[0].forms
        print(f"{inert(name)} 中有 {len(forms)} 张表：")
        for info in forms:
            print(f"  {inert(str(info))}")
        return 0
    results = [r for r in results if not r.empty]
    if not results:
        _err(f"{inert(name)}：没有找到自评表的内容（标题、单位、预算执行或指标表）；未生成文件。")
        return 2
    assert out is not None
    if folder:
        targets = [(r, out / _file_name(r.form, r.document.display_name)) for r in results]
        existing = [t for _, t in targets if t.exists()]
        if existing and not args.force:
            _err("以下文件已存在，均未写入；如需覆盖请加 --force：" + "、".join(inert(str(t)) for t in existing))
            return 2
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return _write_failed(out, exc)
    else:
        if _refuse_existing(out, args.force):
            return 2
        targets = [(results[0], out)]
    for result, target in targets:
        try:
            write_atomic(target, dumps_document(result.document).encode("utf-8"))
        except OSError as exc:
            return _write_failed(target, exc)
        _print_result(result, inert(name), target)
    return 1 if any(r.warnings for r, _ in targets) else 0


@_guard
def cmd_rollup(args: argparse.Namespace) -> int:
    import json

    from .rollup import format_rollup, pick_department, rollup

    docs = []
    failed = False
    for path in args.files:
        doc, problem = _load(path)
        if doc is None:
            _err(problem or "")
            failed = True
        else:
            docs.append((path, doc))
    if failed:
        return 2
    try:
        (dept_source, dept), projects = pick_department(docs)
    except ValueError as err:
        _err(str(err))
        return 2
    if not projects:
        _err("没有项目表（kind = \"project\"）；请在部门表之后列出它的项目表。")
        return 2
    report = rollup(dept, [(Path(s).name, d) for s, d in projects], department_source=Path(dept_source).name)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_rollup(report), end="")
    return 0 if report.ok else 1
