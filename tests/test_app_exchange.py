"""Export, import, pasted rows and the department roll-up, in the app (Pilot, 80×24)."""

from __future__ import annotations

from platforms import posix_only
import os
import shutil
from decimal import Decimal

import openpyxl
from test_app_support import ROOT, app_for, form, isolated, screen_text, type_text, wait_for  # noqa: F401
from textual import events

from model import load_document
from tui import compat
from tui.controllers.exchange import unwritten_name
from tui.dialogs.base import ChoiceDialog, TextDialog
from tui.screens.main import MainScreen
from tui.session import Address

SIZE = (80, 24)
SEED = (ROOT / "tests" / "data" / "seed-000-forms.txt").read_text(encoding="utf-8").split("\n")
AFFAIRS_TABLE = "\n".join(SEED[79:102])  # lines 80-102: the affairs project's indicator table
GOAL_TWO = Address("goals", (1,))


def _find(ws, text: str):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"no cell {text!r}")


def toasts(app) -> str:
    """The notifications on show, as text."""
    return "\n".join(n.message for n in compat.notifications(app))


async def _settle(pilot) -> None:
    """Until the work of the exchange (in a thread worker) is done and shown."""
    await pilot.pause()
    while any(w.group == "exchange" and not w.is_finished for w in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _set_input(pilot, app, selector: str, value: str) -> None:
    field = app.screen.query_one(selector)
    field.value = value
    field.focus()
    field.cursor_position = len(value)
    await pilot.pause()


# -- export --------------------------------------------------------------------


async def test_export_says_the_total_as_people_write_it(tmp_path):
    affairs = tmp_path / "affairs.toml"
    shutil.copyfile(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml", affairs)
    app = app_for(affairs)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert affairs.with_suffix(".xlsx").exists()
        assert "总分 99，优" in toasts(app) and "99.00" not in toasts(app)


async def test_export_name_typed_replaces_the_proposed_one_and_keeps_folder_and_format(form):
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("enter")  # xlsx: on to the path, its name selected
        await type_text(pilot, "报送版")
        assert app.screen.query_one("#export-path").value == str(form.parent / "报送版.xlsx")
        await pilot.press("enter")
        await _settle(pilot)
        assert (form.parent / "报送版.xlsx").is_file()
        assert not form.with_suffix(".xlsx").exists()


async def test_export_with_keys_writes_an_xlsx_whose_total_is_the_apps(form):
    """Also: during what-if, the export writes the figures shown and says so."""
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("f6")
        await _settle(pilot)
        assert app.screen.id == "export-dialog"
        assert app.screen.query_one("#export-path").value == str(form.with_suffix(".xlsx"))
        await pilot.press("enter")  # xlsx chosen: on to the path
        await pilot.press("enter")  # export
        await _settle(pilot)
        assert app.screen is main
        out = form.with_suffix(".xlsx")
        ws = openpyxl.load_workbook(out).worksheets[0]
        total = _find(ws, "总分")
        assert Decimal(repr(ws.cell(row=total.row, column=2).value)) == main.session.result.total
        assert main.session.result.total == Decimal("97.78")
        assert "已导出 xlsx 工作簿" in toasts(app) and str(out) in toasts(app)
        # during what-if the export is what is shown, and it says so
        await pilot.press("f5")
        main.session.edit(Address("goals", (0, 0, 0, 0)), {"score": Decimal(0)})
        main.after_change()
        await pilot.press("f6")
        await _settle(pilot)
        assert "假设模式" in screen_text(app)
        await pilot.press("down", "down", "down", "enter", "enter")  # md
        await _settle(pilot)
        text = form.with_suffix(".md").read_text(encoding="utf-8")
        assert main.session.result.total == Decimal("93.78")
        assert "93.78" in text and "假设模式中的数值" in toasts(app)


async def test_export_asks_before_overwriting_and_can_switch_format(form):
    app = app_for(form)
    out = form.with_suffix(".csv")
    out.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("down", "down")  # csv: the path follows the format
        await pilot.pause()
        # 表.csv is no export of this session: never proposed
        assert app.screen.query_one("#export-path").value == str(form.with_name(f"{form.stem}-导出.csv"))
        await pilot.press("enter")
        await _set_input(pilot, app, "#export-path", str(out))
        await pilot.press("enter")
        await _settle(pilot)
        # the question is a dialog of its own; read from it, not the screen,
        # where the wrapping depends on the length of the temporary folder
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "已存在" in app.screen.question and "不是这次编辑中导出的文件" in app.screen.question
        await pilot.press("n")  # no: the file stays as it was, the dialog stays open
        await _settle(pilot)
        assert out.read_text(encoding="utf-8") == "keep me"
        assert app.screen.id == "export-dialog"
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("y")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        text = out.read_text(encoding="utf-8-sig")
        assert "建设科普惠民社区（村）数量" in text and "keep me" not in text


@posix_only("a folder's mode bits do not stop writing on Windows (ACLs do, and jixiao sets none)")
async def test_export_into_an_unwritable_folder_explains_and_the_app_goes_on(form, tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    os.chmod(folder, 0o555)
    if os.geteuid() == 0:  # permissions do not stop root: the folder refuses new files anyway
        import tempfile

        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    app = app_for(form)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f6")
            await _settle(pilot)
            await _set_input(pilot, app, "#export-path", str(folder / "表.xlsx"))
            await pilot.press("enter")
            await _settle(pilot)
            assert app.screen.id == "export-dialog"  # still open, with the reason
            error = str(app.screen.query_one("#export-error").render())
            assert "导出失败" in error and "没有权限" in error
            await pilot.press("escape")
            await _settle(pilot)
            assert isinstance(app.screen, MainScreen) and app.is_running
            assert list(folder.iterdir()) == []
            await pilot.press("f6")
            await _settle(pilot)
            await _set_input(pilot, app, "#export-path", str(tmp_path / "no-such-folder" / "表.xlsx"))
            await pilot.press("enter")
            await _settle(pilot)
            assert "不存在" in str(app.screen.query_one("#export-error").render())
    finally:
        os.chmod(folder, 0o755)


async def test_the_export_of_2000_indicators_runs_in_a_worker_and_imports_back(tmp_path):
    import sys
    import threading

    import exchange.export as export_module
    from exchange.importer import import_file
    from model.storage import save_document

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_document

    path = tmp_path / "synthetic.toml"
    save_document(make_document(2000), path)
    threads = []
    real = export_module.export_document

    def export(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    export_module.export_document = export
    try:
        app = app_for(path)
        async with app.run_test(size=SIZE) as pilot:
            main = app.screen
            await pilot.press("f6")
            await _settle(pilot)
            await pilot.press("enter", "enter")  # xlsx, beside the form
            await _settle(pilot)
            assert app.screen is main and "已导出 xlsx 工作簿" in toasts(app)
            assert "正在导出" not in toasts(app)  # the note, if shown, is gone
            total = main.session.result.total
    finally:
        export_module.export_document = real
    assert threads and threading.main_thread() not in threads
    back = import_file(path.with_suffix(".xlsx"))
    assert sum(1 for _ in back.document.iter_indicators()) == 2000
    assert back.document == load_document(path)
    from scoring import score_document

    assert score_document(back.document).total == total


async def test_while_exporting_keys_are_handled_and_the_export_says_it_is_busy(form, monkeypatch):
    import threading

    import exchange.export as export_module

    gate = threading.Event()
    real = export_module.export_document

    def slow(*args, **kwargs):
        assert gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(export_module, "export_document", slow)
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("enter", "enter")
        await pilot.pause(0.5)  # longer than BUSY_AFTER
        try:
            assert app.screen is main and "正在导出…" in toasts(app)
            main.tree.focus()
            line = main.tree.cursor_line
            await pilot.press("down")  # the app answers keys meanwhile
            await pilot.pause()
            assert main.tree.cursor_line == line + 1
            await pilot.press("f6")  # one piece of work at a time
            await pilot.pause()
            assert app.screen is main and "还没有完成" in toasts(app)
        finally:
            gate.set()
        await _settle(pilot)
        assert "正在导出…" not in toasts(app) and "已导出 xlsx 工作簿" in toasts(app)
        assert form.with_suffix(".xlsx").is_file()


async def test_an_export_that_fails_unexpectedly_says_why_without_a_traceback(form, monkeypatch):
    import exchange.export as export_module

    def broken(*args, **kwargs):
        raise RuntimeError("坏了 [b]boom[/b]")

    monkeypatch.setattr(export_module, "export_document", broken)
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert app.screen.id == "export-dialog"  # open again, with the reason
        error = str(app.screen.query_one("#export-error").render())
        assert "处理失败" in error and "RuntimeError: 坏了 [b]boom[/b]" in error
        assert "Traceback" not in screen_text(app)
        assert not form.with_suffix(".xlsx").exists()


# -- import --------------------------------------------------------------------

CSV = (
    "一级指标,二级指标,指标名称,年初目标值,实际完成值,分值,得分,责任科室\n"
    "产出指标,数量指标,开展培训次数,≥3次,4次,10,10,培训科\n"
    "产出指标,质量指标,[b]培训合格率,≥90%,95%,10,10,办公室\n"
    "效益指标,满意度指标,服务对象满意度,≥90%,95%,10,9,\n"
)


async def test_import_a_csv_creates_the_form_lists_what_was_skipped_and_opens_it(form, tmp_path):
    source = tmp_path / "培训表.csv"
    source.write_text(CSV, encoding="utf-8")
    out = tmp_path / "培训表.toml"
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.session.edit(Address("goals", (0,)), {"title": "改过"})  # unsaved: leaving asks
        await pilot.press("f7")
        await _settle(pilot)
        assert app.screen.id == "import-dialog"
        await _set_input(pilot, app, "#import-in", str(source))
        assert app.screen.query_one("#import-out").value == str(out)  # same stem, beside it
        await _set_input(pilot, app, "#import-out", str(form))  # the open form itself: refused
        await pilot.press("enter")
        await _settle(pilot)
        assert "当前打开的表单" in str(app.screen.query_one("#import-error").render())
        await _set_input(pilot, app, "#import-out", str(out))
        await pilot.press("enter")
        await _settle(pilot)
        report = app.screen
        assert isinstance(report, TextDialog) and out.exists()
        # every skipped item is listed, user text literally
        assert "责任科室" in report.plain and "培训科" in report.plain and "办公室" in report.plain
        assert "3 个指标" in report.plain
        await pilot.press("escape")
        await _settle(pilot)
        assert "有未保存的修改" in screen_text(app)
        await pilot.press("d")  # don't save: open the imported form
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen is not main
        assert app.screen.session.path == out
        names = [i.name for _, i in app.screen.session.doc.iter_indicators()]
        assert names == ["开展培训次数", "[b]培训合格率", "服务对象满意度"]
        assert load_document(out).goals == app.screen.session.doc.goals
        assert load_document(form).goals[0].title != "改过"  # not saved


async def test_import_from_the_start_screen_never_overwrites_silently(tmp_path):
    source = tmp_path / "表.tsv"
    source.write_text(AFFAIRS_TABLE, encoding="utf-8")
    existing = tmp_path / "表.toml"
    existing.write_text("title = \"别动\"\n", encoding="utf-8")
    app = app_for(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "enter")  # the last item: 从 Word/Excel/表格导入
        await _settle(pilot)
        assert app.screen.id == "import-dialog"
        await _set_input(pilot, app, "#import-in", str(tmp_path / "没有这个文件.xlsx"))
        await pilot.press("enter")
        await _settle(pilot)
        assert "不存在" in str(app.screen.query_one("#import-error").render())
        await _set_input(pilot, app, "#import-in", str(source))
        assert app.screen.query_one("#import-out").value == str(existing)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert "已存在" in screen_text(app)
        await pilot.press("n")  # no: the file is left alone, the dialog stays
        await _settle(pilot)
        assert existing.read_text(encoding="utf-8") == "title = \"别动\"\n"
        assert app.screen.id == "import-dialog"
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("y")  # yes: replaced by the import
        await _settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.session.path == tmp_path / "表.toml"
        assert sum(1 for _ in app.screen.session.doc.iter_indicators()) == 18


# -- pasted rows -------------------------------------------------------------------


async def test_pasting_a_seed_table_in_the_tree_adds_the_rows_as_one_undo_step(form):
    """Also: text that is no table is refused; a paste into a field is typing."""
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        session = main.session
        before = session.doc
        count = sum(1 for _ in before.iter_indicators())
        app.post_message(events.Paste("这只是一段文字"))  # not a table: said, nothing changes
        await _settle(pilot)
        assert session.doc is before and "不是表格" in toasts(app)
        main.go_to(GOAL_TWO)
        await _settle(pilot)
        await pilot.press("escape")  # back to the tree, on goal 2
        await _settle(pilot)
        assert main.focused is main.tree and main.current == GOAL_TWO
        app.post_message(events.Paste(AFFAIRS_TABLE.replace("\n", "\r")))  # as terminals send it
        await _settle(pilot)
        doc = session.doc
        assert sum(1 for _ in doc.iter_indicators()) == count + 18
        assert session.dirty and len(session.undo_stack) == 1
        # rows go under the levels they name in goal 2 (成本指标 is new, at its end);
        # the topmost new row is selected: after the 7 of 产出指标 / 数量指标
        assert main.current == Address("goals", (1, 0, 0, 7)) and main.focused is main.tree
        assert session.node(main.current).name == "定期更换科普橱窗内容次数"
        assert [lv.name for lv in doc.goals[1].levels] == ["产出指标", "效益指标", "满意度指标", "成本指标"]
        assert doc.goals[1].levels[3].sublevels[0].indicators[0].name == "经费使用限额"
        assert doc.goals[0] is before.goals[0]
        assert "已粘贴 18 个指标" in toasts(app)
        await pilot.press("ctrl+z")
        await _settle(pilot)
        assert session.doc == before and not session.dirty
        await pilot.press("ctrl+y")
        await _settle(pilot)
        assert session.doc == doc
        await pilot.press("f9")  # the notes of the paste, in full
        await _settle(pilot)
        assert isinstance(app.screen, TextDialog)
        assert "粘贴了 23 行文本，添加 18 个指标" in app.screen.plain and "第 17 行" in app.screen.plain
        await pilot.press("escape")
        # in a field, a paste is ordinary text input
        main.go_to(Address("goals", (0, 0, 0, 0)), "name")
        await _settle(pilot)
        field = main.focused
        field.value = ""
        app.post_message(events.Paste("科普讲座次数"))
        await _settle(pilot)
        assert field.value == "科普讲座次数"
        assert session.node(Address("goals", (0, 0, 0, 0))).name == "科普讲座次数"
        assert sum(1 for _ in session.doc.iter_indicators()) == count + 18


# -- roll-up ------------------------------------------------------------------------


async def test_rollup_of_hongshan_2023_shows_the_mismatch(tmp_path):
    for path in sorted((ROOT / "sample_data").glob("hongshan-2023-*.toml")):
        shutil.copyfile(path, tmp_path / path.name)
    (tmp_path / "坏的.toml").write_text("title = [\n", encoding="utf-8")
    app = app_for(tmp_path / "hongshan-2023-department.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")  # from the command palette, by its Chinese name
        await type_text(pilot, "部门汇总")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _settle(pilot)
        if app.screen.id != "rollup-picker":  # the first Enter only picked the highlighted hit
            await pilot.press("enter")
            await _settle(pilot)
        assert app.screen.id == "rollup-picker"
        picks = app.screen.query_one("#rollup-files")
        assert picks.selected == [0]  # the open form is preselected
        await pilot.press("enter")  # one form is not enough
        await _settle(pilot)
        assert "至少" in str(app.screen.query_one("#rollup-error").render())
        assert picks.highlighted == 0  # the cursor starts on the open form
        await pilot.press("down", "space", "down", "space", "down", "space", "enter")  # + 坏的.toml
        await _settle(pilot)
        report = app.screen
        assert isinstance(report, TextDialog)
        text = report.plain
        assert "24.04 + 110.59 = 134.63 万元，与部门项目支出 120 万元不符（相差 14.63）" in text
        assert "坏的.toml" in text  # listed with its error, not a crash
        assert "无法计分" in text
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)


# -- Word: the form and the drafted report ------------------------------------------


async def test_export_the_form_as_word_from_the_dialog(form):
    import docx

    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("down")  # docx: the path follows the format
        await pilot.pause()
        out = form.with_suffix(".docx")
        assert app.screen.query_one("#export-path").value == str(out)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "已导出 Word 文档" in toasts(app) and "总分 97.78，优" in toasts(app)
        cells = {c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells}
        assert "97.78" in cells and "491.27" in cells


async def test_draft_the_report_of_a_department_with_its_projects(tmp_path):
    import docx

    for path in sorted((ROOT / "sample_data").glob("hongshan-2023-*.toml")):
        shutil.copyfile(path, tmp_path / path.name)
    app = app_for(tmp_path / "hongshan-2023-department.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await _settle(pilot)
        assert app.screen.id == "rollup-picker" and "起草自评报告" in screen_text(app)
        await pilot.press("space", "down", "space", "enter")  # both project forms
        await _settle(pilot)
        field = app.screen.query_one("#save-as-path")
        out = tmp_path / "hongshan-2023-department-自评报告.docx"
        assert field.value == str(out)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen) and out.is_file()
        assert "已起草自评报告" in toasts(app) and "总分 99.99" in toasts(app)
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert "一、基本情况" in text and "134.63" in text


async def test_the_report_never_proposes_a_file_it_did_not_draft(tmp_path):
    """As an export: a 甲-自评报告.docx already there (someone's own report)
    is not proposed; the next free name is, and drafted again it is
    proposed again (this session wrote it)."""
    form = tmp_path / "事务.toml"
    shutil.copyfile(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml", form)
    theirs = tmp_path / "事务-自评报告.docx"
    theirs.write_bytes(b"their own report")
    ours = tmp_path / "事务-自评报告2.docx"
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            before = ours.stat().st_ino if ours.exists() else None
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: len(app.screen.query("#save-as-path")) > 0)
            assert app.screen.query_one("#save-as-path").value == str(ours)
            await pilot.press("enter")
            if before is not None:  # the second time: overwrite the report it drafted
                await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
                await pilot.press("y")
            await wait_for(pilot, lambda: ours.exists() and ours.stat().st_ino != before)
            await _settle(pilot)
            assert isinstance(app.screen, MainScreen) and "已起草自评报告" in toasts(app)
        assert theirs.read_bytes() == b"their own report"


def test_a_proposed_name_skips_what_jixiao_did_not_write(tmp_path):
    base = tmp_path / "表.docx"
    assert unwritten_name(base, "-导出", lambda p: False) == base
    base.write_bytes(b"x")
    (tmp_path / "表-导出.docx").write_bytes(b"x")
    assert unwritten_name(base, "-导出", lambda p: False) == tmp_path / "表-导出2.docx"
    assert unwritten_name(base, "-导出", lambda p: p.name == "表-导出.docx") == tmp_path / "表-导出.docx"
    assert unwritten_name(base, "", lambda p: False) == tmp_path / "表2.docx"


async def test_import_a_word_form_from_the_start_screen(tmp_path):
    """F7 and the start screen take the documents people hold: a Word form
    (here the affairs project as jixiao writes it) opens with its figures."""
    from exchange.export import export_document

    source = tmp_path / "科协事务管理经费.docx"
    export_document(load_document(ROOT / "sample_data" / "hongshan-2024-project-affairs.toml"), source)
    app = app_for(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "enter")  # the last item: 从 Word/Excel/表格导入
        await _settle(pilot)
        assert app.screen.id == "import-dialog"
        await _set_input(pilot, app, "#import-in", str(source))
        assert app.screen.query_one("#import-out").value == str(source.with_suffix(".toml"))
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, TextDialog) and "18 个指标" in app.screen.plain
        assert "表上自评得分 99，导入后计算得 99（优）" in app.screen.plain
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.session.result.total == Decimal("99")
