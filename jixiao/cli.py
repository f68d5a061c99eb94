"""The `jixiao` command.

    jixiao [FILE]                       open the app (the start screen without FILE)
    jixiao check [--strict] PATH...     list findings; PATH may be a folder
    jixiao score FILE [--json] [--set NAME.FIELD=VALUE ...]
    jixiao new [--template NAME] [FILE]  at a terminal, asks what is not given
    jixiao export / import / rollup     spreadsheets and roll-up (exchange/)

Only `jixiao FILE` (and `jixiao` alone) imports the app, lazily: `check`,
`score`, `new` and the exchange subcommands never import Textual; they start
fast and work where no terminal UI is possible. Exit codes: 0 fine, 1 findings that fail
the check (errors; warnings too with --strict), 2 a file that cannot be read
or parsed, or a usage error.
"""

from __future__ import annotations

import gc

# Loading the modules allocates hundreds of thousands of objects (pydantic
# building the document models; Textual, for the app) and frees almost none,
# so the cyclic garbage collector's passes over them are pure cost: it is
# paused while they load (docs/performance.md, "Start-up"). The app resumes it
# after its first frame, with what start-up made frozen (never scanned again).
_COLLECTING = gc.isenabled()
gc.disable()

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Iterable, TextIO  # noqa: E402

from exchange.cli import COMMANDS as EXCHANGE_COMMANDS  # noqa: E402  (argparse only)
from model.templates import LAYOUTS  # noqa: E402
from model.text import cells, inert  # noqa: E402

if _COLLECTING:
    # what loading made is kept for the life of the process: frozen, the
    # collector's first pass after this does not scan it all again
    gc.freeze()
    gc.enable()

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

SUBCOMMANDS = ("check", "score", "new") + EXCHANGE_COMMANDS
EDITABLE_FIELDS = ("target", "actual", "weight", "score", "tier", "coefficient", "adjusted_target", "core")


# ---------------------------------------------------------------------------
# output helpers


def _configure_streams() -> None:
    # Windows consoles and pipes may not default to UTF-8; Chinese must print.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
        except (AttributeError, ValueError):
            pass


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def rpad(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def num(value: Decimal | None) -> str:
    from scoring.rules import fmt

    return fmt(value)


def _json_number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# ---------------------------------------------------------------------------
# check


def _iter_paths(paths: Iterable[str]) -> Iterable[tuple[str, bool]]:
    """(path, from_folder) for each file named or found in a named folder."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                q for q in p.rglob("*.toml")
                if q.is_file() and not any(part.startswith(".") for part in q.relative_to(p).parts)
            )
            for q in found:
                yield str(q), True
        else:
            yield raw, False


class Progress:
    """A one-line progress bar on a terminal's stderr; silent when piped."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.active = total > 1 and stream.isatty()

    def show(self, done: int, name: str) -> None:
        if not self.active:
            return
        slots = 24
        filled = slots * done // max(1, self.total)
        bar = "█" * filled + "░" * (slots - filled)
        label = inert(name)
        if cells(label) > 40:
            label = "…" + label[-38:]
        self.stream.write(f"\r\x1b[2K检查 {bar} {done}/{self.total} {label}")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def cmd_check(args: argparse.Namespace) -> int:
    from model import DocumentError, load_document
    from scoring import Severity, score_document

    files = list(_iter_paths(args.paths))
    if not files:
        print("没有找到 .toml 表单文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    shown = {Severity.error, Severity.warning} | ({Severity.info} if args.all else set())
    progress = Progress(len(files), sys.stderr)
    unreadable = failing = clean = 0
    totals = {s: 0 for s in Severity}
    for index, (name, _) in enumerate(files):
        progress.show(index, name)
        try:
            doc = load_document(name)
        except DocumentError as exc:
            progress.close()
            unreadable += 1
            for problem in exc.problems:
                print(inert(str(problem)))
            continue
        result = score_document(doc)
        counts = result.counts()
        for severity, n in counts.items():
            totals[severity] += n
        lines = [f for f in result.findings if f.severity in shown]
        lines.sort(key=lambda f: f.severity.rank)
        progress.close()
        for f in lines:
            print(f"{inert(name)}: {inert(f.path)}: [{f.code}] {inert(f.message)}")
        fails = counts[Severity.error] > 0 or (args.strict and counts[Severity.warning] > 0)
        failing += fails
        clean += not fails
    progress.close()
    summary = (f"检查了 {len(files)} 个文件：{totals[Severity.error]} 个错误，"
               f"{totals[Severity.warning]} 个警告，{totals[Severity.info]} 个提示")
    if unreadable:
        summary += f"；{unreadable} 个文件无法读取"
    if totals[Severity.info] and not args.all:
        summary += "（加 --all 显示提示）"
    print(summary, file=sys.stderr if args.quiet_summary else sys.stdout)
    if unreadable:
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if failing else EXIT_OK


# ---------------------------------------------------------------------------
# score


def result_json(result: Any, path: str = "") -> dict[str, Any]:
    ex = result.execution

    def group(g: Any) -> dict[str, Any]:
        out = {"score": _json_number(g.score), "weight": _json_number(g.weight)}
        return out

    goals = []
    for g in result.goals:
        item = {"title": g.name, **group(g), "scored": g.scored, "levels": []}
        for level in g.children:
            item["levels"].append({"name": level.name, **group(level),
                                   "sublevels": [{"name": s.name, **group(s)} for s in level.children]})
        goals.append(item)
    return {
        "file": path,
        "total": _json_number(result.total) if result.scored else None,  # 未评分: no total
        "grade": result.grade,
        "declared_total": _json_number(result.declared_total),
        "execution": {
            "rate": _json_number(ex.rate),
            "score": _json_number(ex.score),
            "weight": _json_number(ex.weight),
            "budget": _json_number(ex.budget),
            "spent": _json_number(ex.spent),
        },
        "goals": goals,
        "rules": result.settings.preset,
        "findings": [f.as_dict() for f in result.findings],
    }


def _score_line(label: str, score: Decimal | None, weight: Decimal | None, indent: int = 0) -> str:
    left = pad(" " * indent + inert(label), 44)
    return f"{left}{num(score):>8} / {num(weight)}"


def print_summary(doc: Any, result: Any, out: TextIO) -> None:
    from model import Framework
    from scoring import Severity

    print(inert(doc.display_name), file=out)
    print(f"{doc.kind.label}　规则：{result.settings.label}", file=out)
    ex = result.execution
    rate = f"执行率 {num(ex.rate)}%" if ex.rate is not None else "执行率 —"
    print(_score_line(f"预算执行（{rate}）", ex.score, ex.weight), file=out)
    # a flat form's unnamed goal is its list of indicators and its unnamed levels no rows
    flat = doc.framework is Framework.flat
    for g in result.goals:
        if not g.scored:
            continue
        # the effective weight: as given, or the sum of the levels' (docs/rules.md)
        print(_score_line(g.name or ("全部指标" if flat else "目标"), g.score, g.effective_weight),
              file=out)
        for level in g.children:
            if not (flat and not level.name.strip()):
                print(_score_line(level.name, level.score, level.effective_weight, 2), file=out)
    declared = ""
    if result.declared_total is not None:
        diff = result.declared_total - result.total
        declared = f"（表上 {num(result.declared_total)}" + (f"，相差 {num(diff)}）" if diff else "）")
    if result.scored:
        print(f"总分 {num(result.total)}{declared}　等级 {result.grade}", file=out)
    else:  # no score anywhere: no total and no grade
        print(f"总分 {result.grade}{declared}", file=out)
    counts = result.counts()
    print(f"发现：{counts[Severity.error]} 个错误，{counts[Severity.warning]} 个警告，"
          f"{counts[Severity.info]} 个提示", file=out)
    for f in sorted(result.findings, key=lambda f: f.severity.rank):
        if f.severity is Severity.info:
            continue
        print(f"  {f.severity.label} [{f.code}] {inert(f.path)}：{inert(f.message)}", file=out)


class UsageError(Exception):
    pass


def parse_assignment(text: str) -> tuple[str, str, str]:
    """'科普活动参与度.actual=95%' -> ('科普活动参与度', 'actual', '95%')."""
    for field in EDITABLE_FIELDS:
        marker = f".{field}="
        at = text.find(marker)
        if at > 0:
            return text[:at], field, text[at + len(marker):]
    raise UsageError(f"无法理解 --set “{text}”：应写成 指标名.字段=值，字段为 "
                     f"{'、'.join(EDITABLE_FIELDS)} 之一，例如 --set '科普活动参与度.actual=95%'")


def apply_assignment(session: Any, name: str, field: str, value: str) -> str:
    """One `--set`: the value read as the app reads what is typed in that
    field (`tui.fields.parse_input`), committed as one step of the session
    (`Session.edit`, the app's one edit path). Returns the note to print."""
    from model import DocumentError
    from tui.fields import FIELDS, FieldError, format_value, parse_input
    from tui.session import Address

    path = _indicator_path(session.doc, name)
    spec = next(s for s in FIELDS["indicator"] if s.name == field)
    before = session.node(Address("goals", path))
    try:
        session.edit(Address("goals", path), {field: parse_input(spec, value)})
    except (FieldError, DocumentError) as exc:
        reason = exc.message if isinstance(exc, FieldError) else exc.summary()
        raise UsageError(f"“{name}”的{spec.label}不能设为“{value}”：{reason}") from None
    old = getattr(before, field)
    shown_old = num(old) if isinstance(old, Decimal) else format_value(spec, old) if isinstance(old, bool) \
        else (old.value if hasattr(old, "value") else old)
    return f"{before.name}.{field}: “{shown_old if shown_old is not None else ''}” → “{value}”"


def _indicator_path(doc: Any, name: str) -> tuple[int, ...]:
    import difflib

    from model.edit import find_indicator_paths, node_at

    paths = find_indicator_paths(doc, name)
    if not paths:
        names = [ind.name for _, ind in doc.iter_indicators()]
        close = difflib.get_close_matches(name.split("/")[-1].strip(), names, n=3, cutoff=0.4)
        hint = f"；相近的指标：{'、'.join(close)}" if close else ""
        raise UsageError(f"找不到指标“{name}”{hint}")
    if len(paths) > 1:
        options = []
        for p in paths:
            goal = doc.goals[p[0]]
            level = goal.levels[p[1]]
            sub = level.sublevels[p[2]]
            options.append(f"{goal.title or f'目标{p[0] + 1}'}/{level.name}/{sub.name}/{node_at(doc, p).name}")
        raise UsageError(f"有 {len(paths)} 个指标叫“{name}”，请用路径区分，例如：\n  "
                         + "\n  ".join(options))
    return tuple(paths[0])


def compare_results(saved: Any, current: Any) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """Goals and levels whose score changed: (label, saved, what-if), in form order."""
    from scoring import GroupResult

    rows: list[tuple[str, Decimal | None, Decimal | None]] = []
    if saved.execution.score != current.execution.score:
        rows.append(("预算执行", saved.execution.score, current.execution.score))

    def walk(a: Any, b: Any, label: str) -> None:
        if a.score != b.score:
            rows.append((label, a.score, b.score))
        for ca, cb in zip(a.children, b.children):
            if isinstance(cb, GroupResult):  # indicators are listed separately
                walk(ca, cb, f"{label} / {cb.name}")

    for ga, gb in zip(saved.goals, current.goals):
        walk(ga, gb, gb.name or "目标")
    return rows


def changed_indicators(doc: Any, saved: Any, current: Any) -> list[tuple[str, Decimal | None, Decimal | None]]:
    rows = []
    for path, ind in doc.iter_indicators():
        try:
            a = saved.node(path)
            b = current.node(path)
        except (IndexError, AttributeError):
            continue
        if a.score != b.score:
            rows.append((ind.name, a.score, b.score))
    return rows


def cmd_score(args: argparse.Namespace) -> int:
    from model import DocumentError, load_document
    from scoring import score_document

    try:
        doc = load_document(args.file)
    except DocumentError as exc:
        for problem in exc.problems:
            print(inert(str(problem)), file=sys.stderr)
        return EXIT_UNREADABLE
    saved = score_document(doc)
    if not args.set:
        if args.json:
            import json

            print(json.dumps(result_json(saved, args.file), ensure_ascii=False, indent=2))
        else:
            print_summary(doc, saved, sys.stdout)
        return EXIT_OK

    from tui.session import Session

    session = Session(doc)  # in memory only: no file, nothing written
    notes = []
    try:
        for assignment in args.set:
            name, field, value = parse_assignment(assignment)
            notes.append(apply_assignment(session, name, field, value))
    except UsageError as exc:
        print(f"jixiao score: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        _what_if_json(args.file, notes, session.doc, saved, session.result)
    else:
        _what_if_table(args.file, notes, session.doc, saved, session.result, sys.stdout)
    return EXIT_OK


def _what_if_json(file: str, notes: list[str], doc: Any, saved: Any, current: Any) -> None:
    import json

    data = result_json(current, file)
    data["what_if"] = notes
    data["saved"] = {"total": _json_number(saved.total), "grade": saved.grade,
                     "execution": {"score": _json_number(saved.execution.score)}}
    data["difference"] = _json_number(current.total - saved.total)
    data["changed"] = [{"name": n, "saved": _json_number(a), "what_if": _json_number(b)}
                       for n, a, b in changed_indicators(doc, saved, current)]
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _what_if_table(file: str, notes: list[str], doc: Any, saved: Any, current: Any,
                   out: TextIO) -> None:
    indicator_rows = changed_indicators(doc, saved, current)
    group_rows = compare_results(saved, current)
    print(f"假设分析（只在内存中修改，文件 {inert(file)} 未改动）", file=out)
    for note in notes:
        print(f"  {inert(note)}", file=out)
    print(pad("", 40) + "  ".join(rpad(h, 8) for h in ("保存的", "假设的", "差异")), file=out)

    def row(label: str, a: Decimal | None, b: Decimal | None) -> None:
        diff = "" if a is None or b is None else num(b - a)
        if diff and not diff.startswith("-") and diff != "0":
            diff = "+" + diff
        print(pad(inert(label)[:19], 40) + "  ".join(rpad(v, 8) for v in (num(a), num(b), diff)), file=out)

    row("总分", saved.total, current.total)
    change = "" if saved.grade == current.grade else f"{saved.grade}→{current.grade}"
    print(pad("等级", 40) + "  ".join(rpad(v, 8) for v in (saved.grade, current.grade, change)), file=out)
    for label, a, b in group_rows:
        row(label, a, b)
    for label, a, b in indicator_rows:
        row(f"指标：{label}", a, b)
    if not group_rows and not indicator_rows:
        print("（没有得分变化）", file=out)
    new_codes = {(f.code, f.path) for f in current.findings} - {(f.code, f.path) for f in saved.findings}
    gone = {(f.code, f.path) for f in saved.findings} - {(f.code, f.path) for f in current.findings}
    for f in current.findings:
        if (f.code, f.path) in new_codes:
            print(f"  新发现 [{f.code}] {inert(f.path)}：{inert(f.message)}", file=out)
    for code, path in sorted(gone):
        print(f"  消除 [{code}] {inert(path)}", file=out)


# ---------------------------------------------------------------------------
# new


def cmd_new(args: argparse.Namespace) -> int:
    """A new form from a layout (`--template`: a template, a sample form's
    layout or the flat framework) or from last year's (`--from LAST.toml`:
    see `model.templates.next_year_form`). At a terminal, what the options
    do not say is asked: the form kind and layout, the weights as the paper
    has them, the file name. Without one, the options or a message saying
    which to give."""
    from model import DocumentError, dumps_document
    from model.edit import validated_update

    if args.list:
        _print_layouts(sys.stdout)
        return EXIT_OK
    asking = _at_terminal()
    refused = _new_refused(args, asking)
    if refused is not None:
        return refused
    try:
        if asking and not (args.template or args.last):
            print("新建绩效自评表（Ctrl+C 随时取消，不会写入任何文件）")
            args.template = _ask_layout()
        made = _new_document(args)
        if made is None:
            return EXIT_UNREADABLE
        doc, exceeded = made
        changes = {key: value for key, value in (("unit", args.unit), ("year", args.year),
                                                 ("project_name", args.project)) if value}
        doc = validated_update(doc, changes) if changes else doc
        if args.weights is not None:
            doc = _weighted(doc, args.weights)
            if doc is None:
                return EXIT_UNREADABLE
        elif asking and not args.last:
            doc = _ask_weights(doc)
        if not args.file:
            args.file = _ask_file()
    except DocumentError as exc:
        for problem in exc.problems:
            print(inert(str(problem)), file=sys.stderr)
        return EXIT_UNREADABLE
    except (KeyboardInterrupt, EOFError) as exc:
        print("\n已取消，没有写入任何文件。", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else EXIT_FINDINGS
    if not _write_new(Path(args.file), dumps_document(doc).encode("utf-8"), args.file):
        return EXIT_UNREADABLE
    if args.last:
        print(f"已按上一年的 {inert(args.last)} 创建 {inert(args.file)}（{doc.year or '—'} 年度；"
              "实际完成值、得分、原因和日期已清空，上年实际值留作参考）")
        _print_exceeded(exceeded)
    else:
        print(f"已按版式 {args.template} 创建 {inert(args.file)}；用 jixiao {inert(args.file)} 打开填写。")
    return EXIT_OK


def _new_refused(args: argparse.Namespace, asking: bool) -> int | None:
    """Why `jixiao new` cannot go on (said on standard error; the exit code),
    or None: no layout and no file name where nothing can be asked, or a
    file that is there already."""
    if not (args.template or args.last) and not asking:
        _print_layouts(sys.stdout)
        print("请用 --template 选择一个版式（上面第一列），或用 --from 从上一年的表新建；"
              "在终端里直接运行 jixiao new 会逐项询问。", file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.file and not asking:
        print("jixiao new: 请给出要创建的文件名，例如 jixiao new --template wuhan-project 我的项目.toml",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if args.file and Path(args.file).exists():
        print(f"jixiao new: {inert(args.file)} 已存在，不会覆盖；请换一个文件名或先移走原文件。",
              file=sys.stderr)
        return EXIT_UNREADABLE
    return None


def _print_layouts(out: TextIO) -> None:
    from model.templates import LAYOUTS

    for layout in LAYOUTS:
        print(f"{layout.name:18} {KIND_NAMES[layout.kind]}｜{layout.label}", file=out)


def _new_document(args: argparse.Namespace) -> tuple[Any, list[Any]] | None:
    """The new form and, from last year's, the targets its actuals exceeded."""
    from model import load_document
    from model.templates import LAYOUTS, exceeded_targets, layout_document, layout_named, next_year_form

    if args.last:
        last = load_document(Path(args.last))  # DocumentError: said by the caller
        return next_year_form(last), exceeded_targets(last)
    layout = layout_named(args.template)
    if layout is None:
        print(f"jixiao new: 没有版式“{inert(args.template)}”；可用：{'、'.join(l.name for l in LAYOUTS)}",
              file=sys.stderr)
        return None
    return layout_document(layout), []


# ---------------------------------------------------------------------------
# new, asked at a terminal

KIND_NAMES = {"department": "部门整体支出", "project": "项目支出"}


def _at_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _answer(prompt: str, plain: bool = True) -> str:
    """One line typed at the terminal, with full-width digits and letters
    made plain unless `plain` is off (EOFError / KeyboardInterrupt: the
    caller cancels)."""
    import unicodedata

    text = _read_line(prompt).strip()
    return unicodedata.normalize("NFKC", text) if plain else text


def _read_line(prompt: str) -> str:
    """`input(prompt)`, but a Ctrl+C typed just as the prompt appears ends
    it: `input` reads with the interrupt already handled if it came between
    the prompt and the read, and then waits for the next line (a second
    Ctrl+C). On a POSIX terminal the line is waited for in short steps, so
    Python sees the interrupt at once; the terminal's own line editing is
    kept (canonical mode gives one whole line per read)."""
    if os.name != "posix" or not sys.stdin.isatty():
        return input(prompt)
    import select

    sys.stdout.write(prompt)
    sys.stdout.flush()
    fd = sys.stdin.fileno()
    while not select.select([fd], [], [], 0.2)[0]:
        pass
    data = os.read(fd, 65536)
    if not data:
        raise EOFError
    return data.decode(sys.stdin.encoding or "utf-8", "replace").rstrip("\r\n")


def _choose(title: str, options: list[tuple[str, str, tuple[str, ...]]]) -> str:
    """Ask until one of `options` (key, shown label, names it goes by) is
    chosen by its number, its key or a name (or part of one); Enter alone
    takes the first."""
    print(title)
    for number, (_, label, _) in enumerate(options, 1):
        print(f"  {number}  {label}")
    while True:
        text = _answer(f"请选择（1–{len(options)}，回车选 1）：")
        if not text:
            return options[0][0]
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1][0]
        found = [key for key, _, names in options if text.lower() in (key, *names)]
        if len(found) != 1:
            found = [key for key, label, names in options
                     if any(text.lower() in n.lower() for n in (key, label, *names))]
        if len(found) == 1:
            return found[0]
        print(f"“{inert(text)}”{'不止对应一项' if found else '不是可选的一项'}；"
              f"请输入 1–{len(options)} 的数字，或名称中的几个字。")


def _ask_layout() -> str:
    from model.templates import LAYOUTS

    kind = _choose("表的种类：", [(key, name, (key[0],)) for key, name in KIND_NAMES.items()])
    layouts = [layout for layout in LAYOUTS if layout.kind == kind]
    return _choose("版式：", [(layout.name, layout.label, ()) for layout in layouts])


def _ask_weights(doc: Any) -> Any:
    """The weights as the paper prints them (the execution, each goal and
    一级指标; `model.templates.weight_slots`), one question each; Enter keeps
    the layout's, - leaves it empty."""
    from model.templates import weight_slots, with_weights

    slots = weight_slots(doc)
    print("按纸质表填写分值（回车保留括号里的值，- 表示不填）：")
    values = []
    for name, where, weight in slots:
        shown = "" if weight is None else f"{weight}"
        indent = "  " * (len(where) + 1)
        while True:
            text = _answer(f"{indent}{inert(name)}（{shown or '不填'}）：")
            if not text:
                values.append(weight)
                break
            if text == "-":
                values.append(None)
                break
            try:
                value = Decimal(text)
            except ArithmeticError:
                value = None
            if value is not None and value.is_finite() and 0 <= value <= 100:
                values.append(value)
                break
            print(f"{indent}“{inert(text)}”不是 0–100 的分值；请只填数字，例如 15 或 7.5。")
    top = [value for (_, where, _), value in zip(slots, values) if len(where) < 2]
    if len(top) > 1 and all(v is not None for v in top) and sum(top) != 100:  # type: ignore[arg-type]
        print(f"注意：预算执行与各目标的分值合计 {sum(top)}，不是 100；"  # type: ignore[arg-type]
              "可以在界面里改（检查会指出）。")
    return with_weights(doc, values)


def _ask_file() -> str:
    while True:
        text = _answer("保存为（文件名，例如 我的项目.toml）：", plain=False)
        if not text:
            continue
        if not text.endswith(".toml"):
            text += ".toml"
        if Path(text).exists():
            print(f"{inert(text)} 已存在，不会覆盖；请换一个文件名。")
            continue
        return text


def _weighted(doc: Any, text: str) -> Any:
    """The form with the weights given as on the paper form (`10,50,30,10`:
    the execution, then each goal and 一级指标 in order; empty or - for none)."""
    from model.templates import weight_slots, with_weights

    slots = weight_slots(doc)
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    wanted = "、".join(f"{name}（{'' if w is None else w}）" for name, _, w in slots)
    if len(parts) != len(slots):
        print(f"jixiao new: --weights 要给 {len(slots)} 个分值，依次为：{inert(wanted)}", file=sys.stderr)
        return None
    try:
        values = [None if p in ("", "-") else Decimal(p) for p in parts]
    except ArithmeticError:
        print(f"jixiao new: --weights 只能填数字（或 - 表示不填），依次为：{inert(wanted)}", file=sys.stderr)
        return None
    return with_weights(doc, values)


def _write_new(target: Path, data: bytes, shown: str) -> bool:
    try:
        with open(target, "xb") as fh:  # "x": never overwrite, even in a race
            fh.write(data)
    except FileExistsError:
        print(f"jixiao new: {inert(shown)} 已存在，不会覆盖。", file=sys.stderr)
        return False
    except OSError as exc:
        print(f"jixiao new: 无法创建 {inert(shown)}：{exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _print_exceeded(exceeded: list[Any]) -> None:
    """The targets last year's actuals passed by 30 % or more."""
    if not exceeded:
        print("上年没有实际完成值超出目标 30% 及以上的指标。")
        return
    print(f"以下 {len(exceeded)} 个指标上年实际完成值超出目标 30% 及以上，评审时可能会问为何没有提高目标：")
    for item in exceeded:
        print(f"  {inert(item.name)}：目标 {inert(item.target)}，上年实际 {inert(item.actual)}"
              f"（{item.percent.normalize():f}%）")


# ---------------------------------------------------------------------------
# the app


def open_app(path: str | None) -> int:
    collecting = gc.isenabled()
    gc.disable()  # until the first frame (see the top of this module)
    try:
        from tui.app import run
    except ImportError as exc:  # pragma: no cover - only while the app is missing
        print(f"jixiao: 无法启动界面：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return run(path, resume_collection=collecting)


# ---------------------------------------------------------------------------


def build_parser(with_exchange: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="预算绩效自评表：填写、打分、检查。不带子命令时打开界面：jixiao [文件]",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("check", help="检查表单，列出问题", description="检查表单文件或文件夹里的所有表单。")
    p.add_argument("paths", nargs="+", metavar="文件或文件夹")
    p.add_argument("--strict", action="store_true", help="有警告也视为不通过（退出码 1）")
    p.add_argument("-a", "--all", action="store_true", help="同时列出提示（info）")
    p.add_argument("--quiet-summary", action="store_true", help="汇总行写到标准错误")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("score", help="计算得分与等级", description="计算得分；--set 做假设分析，不改文件。")
    p.add_argument("file", metavar="文件")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--set", action="append", metavar="指标.字段=值",
                   help="假设分析：字段为 target/actual/weight/score/tier，可重复")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("new", help="从模板或上一年的表新建表单",
                       description="从版式（--template）或上一年的表（--from）新建表单，不会覆盖已有文件。"
                                   "在终端里，没有用选项给出的（种类和版式、分值、文件名）会逐项询问。")
    p.add_argument("file", nargs="?", metavar="文件")
    p.add_argument("--template", "-t", metavar="版式", help="、".join(l.name for l in LAYOUTS))
    p.add_argument("--from", dest="last", metavar="上年表单.toml",
                   help="从上一年的表新建：保留结构、名称、目标和分值，年度加一，清空实际值、得分、原因和日期")
    p.add_argument("--list", action="store_true", help="列出版式")
    p.add_argument("--unit", help="单位名称")
    p.add_argument("--project", help="项目名称")
    p.add_argument("--year", type=int, help="年度")
    p.add_argument("--weights", metavar="分值,…",
                   help="按纸质表填写分值：预算执行、各目标和各一级指标依次，用逗号分隔（- 表示不填）")
    p.set_defaults(func=cmd_new)

    if with_exchange:  # spreadsheet libraries load only when they are needed
        try:
            from exchange.cli import register
        except ImportError:
            pass
        else:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # jixiao uses no pydantic plugins; not scanning installed packages for
    # them keeps start-up short.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    _configure_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        return open_app(None)
    first = args_list[0]
    if first not in SUBCOMMANDS and not first.startswith("-"):
        if len(args_list) > 1:
            print("jixiao: 一次只能打开一个文件；要检查多个文件请用 jixiao check。", file=sys.stderr)
            return EXIT_UNREADABLE
        return open_app(first)
    parser = build_parser(with_exchange=first not in ("check", "score", "new"))
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse prints its own message
        return EXIT_OK if exc.code == 0 else EXIT_UNREADABLE
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `jixiao check ... | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
