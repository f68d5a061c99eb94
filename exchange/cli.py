"""The exchange subcommands (`COMMANDS`), registered into the `jixiao` command line.

    jixiao export FILE -o OUT.xlsx [--format xlsx|docx|csv|md] [--force]
    jixiao report FORM [PROJECT.toml...] -o 自评报告.docx [--template WORDING.toml] [--force]
    jixiao import IN -o FILE.toml [--kind department|project] [--sheet NAME] [--form N] [--force]
    jixiao import IN -o FOLDER [--force]       # one TOML per form of the input
    jixiao import IN --list                    # the forms the input holds
    jixiao rollup DEPT.toml PROJECT.toml... [--json]

Exit codes: 0 done; 1 done but something needs attention (import: cells that
were skipped or reinterpreted; rollup: the figures do not add up); 2 nothing
done (a file cannot be read or parsed, or the output exists without --force).
Messages are Chinese; no traceback reaches the user. Everything printed goes
through `model.text.inert` (JSON through `json_dumps_inert`): text from a file
or a file name never reaches the terminal as an escape sequence. Only argparse
is imported here; the heavy modules load when a command runs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["COMMANDS", "register", "cmd_export", "cmd_import", "cmd_rollup", "cmd_report", "FORMATS"]

FORMATS = ("xlsx", "docx", "csv", "md")
# The subcommands `register` adds; the top-level command line dispatches these names here.
COMMANDS = ("export", "import", "rollup", "report")


def register(subparsers: Any) -> None:
    """Add the subcommands to an argparse subparsers object."""
    p = subparsers.add_parser(
        "export", help="导出为 xlsx / docx / csv / md",
        description="把自评表导出为官方版式的 xlsx（问题清单在隐藏工作表中，不随表打印）或 Word 文档（docx），"
                    "或每行一个指标的 csv，或可读的 Markdown 报告。")
    p.add_argument("file", metavar="FILE", help="自评表文件（.toml）")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件，如 表.xlsx 或 表.docx")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="输出格式（默认按输出文件的扩展名：.xlsx / .docx / .csv / .md）")
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

    p = subparsers.add_parser(
        "report", help="生成绩效自评报告初稿（Word）",
        description="根据自评表和评分结果起草绩效自评报告（.docx）：基本情况、自评工作开展情况、预算执行情况、"
                    "绩效目标完成情况、偏差及原因、改进措施及结果应用、自评结论，表附后。数字全部取自表和评分；"
                    "表中没有的内容留出醒目的【待填写：…】。部门表后可列出所属项目表，报告中列出各项目及其合计。")
    p.add_argument("form", metavar="FORM", help="自评表文件（.toml）；附项目表时须为部门整体支出绩效自评表")
    p.add_argument("projects", nargs="*", metavar="PROJECT", help="所属项目的项目支出绩效自评表（.toml），可多个")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="输出文件，如 自评报告.docx")
    p.add_argument("--template", default=None, metavar="WORDING",
                   help="措辞模板（TOML，与默认模板同结构，只需写要改的条目）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(func=cmd_report)


def _out(message: str) -> None:
    from model.text import inert

    print(inert(message, newlines=True))


def _err(message: str) -> None:
    from model.text import inert

    print(inert(message, newlines=True), file=sys.stderr)


def _line(text: object) -> str:
    """User text for one line of output: inert, a line break shown as ⏎."""
    from model.text import inert

    return inert(str(text))


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
            _err(f"处理失败（{type(exc).__name__}：{_line(str(exc)[:200])}）；文件未改动。"
                 "这是 jixiao 的问题，请把输入文件和这条消息告诉维护者。")
            return 2

    return run


def _load(path: str):
    from model import load_document
    from model.problems import DocumentError

    try:
        return load_document(path), None
    except DocumentError as err:
        return None, "\n".join(_line(p) for p in err.problems)


def _refuse_existing(path: Path, force: bool) -> bool:
    if path.exists() and not force:
        _err(f"{_line(path)}：文件已存在，未覆盖；如需覆盖请加 --force。")
        return True
    if path.exists() and path.is_dir():
        _err(f"{_line(path)}：这是一个文件夹，请给出文件名。")
        return True
    return False


def _write_failed(path: Path, exc: OSError) -> int:
    from model.oserror import os_reason

    _err(f"{_line(path)}：无法写入：{os_reason(exc)}。")
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
        done = export_document(doc, args.output, args.format, overwrite=args.force,
                               source=args.file)
    except ExportError as err:
        hint = {"exists": "如需覆盖请加 --force。", "format": "也可用 --format xlsx|docx|csv|md 指定格式。"}
        _err(_line(err) + hint.get(err.reason, ""))
        return 2
    result = done.result
    label = {"xlsx": "xlsx 工作簿", "docx": "Word 文档", "csv": "CSV（UTF-8，带 BOM）", "md": "Markdown 报告"}[done.fmt]
    total = f"总分 {fmt(result.total)}，{result.grade}" if has_scores(result) else "未评分（表中没有得分）"
    _out(f"已导出 {label}：{_line(done.path)}（{total}；问题 {len(result.findings)} 条）")
    return 0


# Bytes a form's file name leaves for the names jixiao makes from it: the temporary
# file of a save (`.NAME.xxxxxxxx.tmp`) and the editing marker (`.NAME.jixiao-editing.json`)
_NAME_ROOM = 40


def _name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of `folder` takes (255 mostly;
    143 on an encrypted home folder)."""
    for place in (folder, *folder.parents):
        try:
            return os.pathconf(place, "PC_NAME_MAX")
        except (OSError, ValueError, AttributeError):  # not there yet, or no pathconf (Windows)
            continue
    return 255


def _file_name(index: int, name: str, max_bytes: int = 255) -> str:
    """`1-科协事务管理经费.toml`: a form's file name in an output folder, at most 60
    characters of the name and short enough for the file system (`max_bytes`)."""
    from model.text import one_line

    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "_", one_line(name)).strip(" ._") or "自评表"
    safe = safe[:60]
    while len(f"{index}-{safe}.toml".encode("utf-8")) > max_bytes - _NAME_ROOM and len(safe) > 1:
        safe = safe[:-1]
    return f"{index}-{safe}.toml"


def _read_stdin() -> bytes:
    """Standard input's bytes (the importer decodes them as it does a text
    file's), up to one byte over the input limit so that too much is refused."""
    from .limits import MAX_INPUT_BYTES

    if hasattr(sys.stdin, "buffer"):
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    return sys.stdin.read(MAX_INPUT_BYTES + 1).encode("utf-8")


def _print_result(result: Any, source: str, out: Path) -> None:
    from model.text import inert

    doc = result.document
    count = sum(1 for _ in doc.iter_indicators())
    how = "（jixiao 导出的工作簿，已还原表中不显示的信息）" if result.restored else ""
    which = f"第 {result.form} 张表（{doc.kind.label}：{inert(doc.display_name)}）" if len(result.forms) > 1 else ""
    print(f"已导入 {source} {which}→ {inert(str(out))}{how}：{len(doc.goals)} 个目标，{count} 个指标。")
    if result.notes:
        print(f"导入说明 {len(result.notes)} 条（其中需要核对的 {len(result.warnings)} 条）：")
        for note in result.notes:
            print(f"  {inert(str(note))}")


@_guard
def cmd_import(args: argparse.Namespace) -> int:
    from model.text import inert

    from .importer import ImportFailed

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
        results = _imported(args, text, name, every=args.list or (folder and args.form is None))
    except ImportFailed as err:
        _err(f"{inert(name)}：{err}")
        return 2
    if args.list:
        forms = results[0].forms
        print(f"{inert(name)} 中有 {len(forms)} 张表：")
        for info in forms:
            print(f"  {inert(str(info))}")
        return 0
    first = results[0]
    results = [r for r in results if not r.empty]
    if not results:
        _err(f"{inert(name)}：{inert(first.not_a_form)}")
        return 2
    assert out is not None
    targets = _import_targets(results, out, folder, args.force)
    if isinstance(targets, int):
        return targets
    # no more readable than the document read (a private form's export holds all of it)
    return _write_imported(targets, inert(name), source=args.input if text is None else None)


def _imported(args: argparse.Namespace, text: bytes | None, name: str, *, every: bool) -> list[Any]:
    """The forms read from the input (a file, or standard input's bytes):
    every one, or the one `--form` names (by default the first)."""
    from model import Kind

    from .importer import import_file, import_forms, import_text, import_text_forms

    kind = Kind(args.kind) if args.kind else None
    if every:
        return (import_text_forms(text, kind=kind, name=name) if text is not None
                else import_forms(args.input, kind=kind, sheet=args.sheet))
    if text is not None:
        return [import_text(text, kind=kind, name=name, form=args.form)]
    return [import_file(args.input, kind=kind, sheet=args.sheet, form=args.form)]


def _import_targets(results: list[Any], out: Path, folder: bool, force: bool) -> list[tuple[Any, Path]] | int:
    """Where each form goes: a file of its own in the folder `out`, or the one
    form to `out`; an exit code when nothing may be written (a file there
    without --force, a folder that cannot be made)."""
    from model.text import inert

    if not folder:
        return 2 if _refuse_existing(out, force) else [(results[0], out)]
    room = _name_max(out)
    targets = [(r, out / _file_name(r.form, r.document.display_name, room)) for r in results]
    existing = [t for _, t in targets if t.exists()]
    if existing and not force:
        _err("以下文件已存在，均未写入；如需覆盖请加 --force：" + "、".join(inert(str(t)) for t in existing))
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _write_failed(out, exc)
    return targets


def _write_imported(targets: list[tuple[Any, Path]], shown: str, source: str | None) -> int:
    """Write each form, saying what was written; the first failure stops,
    naming the files already there."""
    from model import dumps_document
    from model.storage import atomic_write
    from model.text import inert

    written: list[Path] = []
    for result, target in targets:
        try:
            atomic_write(target, dumps_document(result.document).encode("utf-8"), source=source)
        except OSError as exc:
            code = _write_failed(target, exc)
            if written:  # each form is its own file: say which are there
                _err("已写入的：" + "、".join(inert(str(t)) for t in written)
                     + "；其余未写入。解决上面的问题后重新导入（已写入的加 --force 覆盖）。")
            return code
        written.append(target)
        _print_result(result, shown, target)
    return 1 if any(r.warnings for r, _ in targets) else 0


@_guard
def cmd_rollup(args: argparse.Namespace) -> int:
    from model.text import json_dumps_inert

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
        _err(_line(err))
        return 2
    if not projects:
        _err("没有项目表（kind = \"project\"）；请在部门表之后列出它的项目表。")
        return 2
    report = rollup(dept, [(Path(s).name, d) for s, d in projects], department_source=Path(dept_source).name)
    if args.json:
        print(json_dumps_inert(report.as_dict(), indent=2))
    else:
        print(format_rollup(report), end="")  # inert line by line
    return 0 if report.ok else 1


@_guard
def cmd_report(args: argparse.Namespace) -> int:
    from model import Kind
    from model.text import inert
    from scoring.rules import fmt

    from .export import ExportError
    from .layout import has_scores
    from .report import write_report
    from .wording import WordingError, load_wording

    out = Path(args.output)
    if out.suffix.lower() != ".docx":
        _err(f"{out}：自评报告是 Word 文档，请用 .docx 作扩展名。")
        return 2
    if _refuse_existing(out, args.force):
        return 2
    try:
        words = load_wording(args.template) if args.template else None
    except WordingError as err:
        _err(str(err))
        return 2
    doc, problem = _load(args.form)
    if doc is None:
        _err(problem or "")
        return 2
    projects = []
    failed = False
    for path in args.projects:
        project, problem = _load(path)
        if project is None:
            _err(problem or "")
            failed = True
        elif project.kind is not Kind.project:
            _err(f"{path}：不是项目支出绩效自评表；部门表只能有一张，放在第一个。")
            failed = True
        else:
            projects.append((Path(path).name, project))
    if failed:
        return 2
    if projects and doc.kind is not Kind.department:
        _err(f"{args.form}：附项目表时，第一个文件须是部门整体支出绩效自评表。")
        return 2
    try:
        done = write_report(doc, out, projects, overwrite=args.force, wording=words,
                            source=args.form)
    except ExportError as err:
        _err(str(err) + ("如需覆盖请加 --force。" if err.reason == "exists" else ""))
        return 2
    res = done.result
    total = f"总分 {fmt(res.total)}，{res.grade}" if has_scores(res) else "未评分（表中没有得分）"
    print(f"已生成自评报告初稿：{inert(str(done.path))}（{total}；需说明的偏差 {done.items} 项；"
          f"待填写 {done.placeholders} 处，在 Word 中以黄色标出"
          + (f"；文末待核对事项 {done.checks} 项，核对后删除" if done.checks else "") + "）")
    if done.rollup is not None:
        for m in done.rollup.mismatches:
            print(f"  ✗ {inert(m)}")
    return 0
