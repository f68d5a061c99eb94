"""Hostile input in the app (issue 19): what an adversary, a laggy link or a
careless copy sends, as the terminal sends it (Pilot, 80×24).

- a paste holding escape codes (a screen-clear, colour codes, BEL, an OSC
  title) is read through the parser the terminal driver uses: the rows are
  added with the codes stripped, no key is pressed by it;
- pasting past the form's limits is refused with the limit named, nothing
  changes (tree and grid);
- key repeat on a dialog: the keys after its answer are ignored.
"""

from __future__ import annotations

from platforms import posix_only
from test_app_grid import FIRST, open_grid, path  # noqa: F401
from test_app_support import ROOT, app_for, form, isolated, screen_text  # noqa: F401
from textual import events

from tui import compat
from tui.session import Address

SIZE = (80, 24)
GOAL_ONE = Address("goals", (0,))
CLEAR, BEL, RED, PLAIN, TITLE = "\x1b[2J", "\x07", "\x1b[31m", "\x1b[0m", "\x1b]0;owned\x07"
TABLE = ("一级指标\t二级指标\t三级指标\t年初目标值\t实际完成值\n"
         f"产出指标\t数量指标\t{CLEAR}{RED}讲座场次{PLAIN}\t≥ 2次\t3次{BEL}\n"
         f"产出指标\t数量指标\t{TITLE}培训人数{BEL}\t≥ 10人\t12人\n")


def toasts(app) -> str:
    return "\n".join(str(n.message) for n in compat.notifications(app))


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_raw(pilot, data: str) -> None:
    """`data` as the terminal sends it, through the parser the app's terminal
    driver reads input with; each event reaches the app as the driver's do."""
    parser = compat.terminal_driver().XTermParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        pilot.app.post_message(event)
    await _settle(pilot)


def _order(doc) -> list[str]:
    return [goal.title for goal in doc.goals]


async def test_a_paste_with_escape_codes_adds_its_rows_as_text_and_presses_no_key(form):
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        session = main.session
        main.go_to(GOAL_ONE)
        await _settle(pilot)
        await pilot.press("escape")  # the tree, on 年度目标1
        await _settle(pilot)
        before = session.doc
        count = sum(1 for _ in before.iter_indicators())
        await type_raw(pilot, "\x1b[200~" + TABLE + "\x1b[201~")
        doc = session.doc
        assert not main.grid_mode  # BEL is no Ctrl+G
        assert _order(doc) == _order(before)  # ESC[2J is no J
        assert len(session.undo_stack) == 1  # the paste, nothing else
        old = {ind for _, ind in before.iter_indicators()}
        added = [ind for _, ind in doc.iter_indicators() if ind not in old]
        assert sum(1 for _ in doc.iter_indicators()) == count + 2
        assert sorted(i.name for i in added) == ["培训人数", "讲座场次"]
        assert {i.actual for i in added} == {"3次", "12人"}
        assert "已粘贴 2 个指标" in toasts(app)


async def test_a_paste_into_a_field_is_its_text_without_the_codes(form):
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        address = Address("goals", (0, 0, 0, 0))
        main.go_to(address, "name")
        await _settle(pilot)
        field = main.focused
        field.value = ""
        await type_raw(pilot, f"\x1b[200~{RED}科普{PLAIN}{BEL}讲座{CLEAR}\x1b[201~")
        assert field.value == "科普讲座"
        assert main.session.node(address).name == "科普讲座"


async def test_pasted_codes_reaching_the_handlers_another_way_are_stripped_too(form):
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.go_to(GOAL_ONE)
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        app.post_message(events.Paste(TABLE))
        await _settle(pilot)
        names = {i.name for _, i in main.session.doc.iter_indicators()}
        assert {"讲座场次", "培训人数"} <= names
        assert not any("\x1b" in n or "\x07" in n for n in names)


async def test_a_paste_into_the_grid_fills_cells_with_the_text_only(path):
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen, grid = await open_grid(pilot, FIRST)
        await type_raw(pilot, f"\x1b[200~{RED}讲座{PLAIN}{BEL}\t≥ 2次{CLEAR}\n\x1b[201~")
        assert screen.grid_mode and screen.grid is grid
        node = screen.session.node(FIRST)
        assert (node.name, node.target) == ("讲座", "≥ 2次")


def test_the_paste_reader_takes_markers_split_across_reads_and_keeps_escape_a_key():
    parser = compat.paste_as_text_parser()()
    events_ = []
    for chunk in ("x\x1b[20", "0~a\t\x1b[2Jb\x07\x1b", "[201", "~y"):
        events_ += parser.feed(chunk)
    assert [(type(e).__name__, getattr(e, "text", getattr(e, "key", ""))) for e in events_] == [
        ("Key", "x"), ("Paste", "a\tb"), ("Key", "y")]
    assert [e.key for e in [*parser.feed("\x1b"), *parser.feed("")]] == ["escape"]


def test_pasted_text_keeps_tabs_and_line_ends_and_drops_every_terminal_code():
    from model.text import pasted

    assert pasted(f"a\tb\r\n{RED}红{PLAIN}{CLEAR}{BEL}c{TITLE}d\x9b2Je\x1bcf\x00\x7f") == "a\tb\r\n红cdef"
    assert pasted("平常的文字") == "平常的文字"


# -- key repeat on a dialog ------------------------------------------------------------


async def test_x_then_y_y_y_at_once_deletes_once_and_the_app_goes_on(form):
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        session = main.session
        target = Address("goals", (0, 0, 0, 0))
        main.go_to(target)
        await _settle(pilot)
        await pilot.press("escape")  # the tree, on the first indicator
        await _settle(pilot)
        before = sum(1 for _ in session.doc.iter_indicators())
        await type_raw(pilot, "xyyy")  # key repeat: all four before the app draws again
        await type_raw(pilot, "yy")
        assert app.screen is main and len(app.screen_stack) == 2  # the default screen, the form
        assert sum(1 for _ in session.doc.iter_indicators()) == before - 1
        assert len(session.undo_stack) == 1 and session.dirty
        await pilot.press("ctrl+q")  # unsaved: still asks
        await _settle(pilot)
        assert app.is_running and app.screen is not main
        assert "保存" in "".join(str(w.render()) for w in app.screen.query("Button"))


# -- pasting past the form's limits ----------------------------------------------------

MANY = 5_000  # the form holds at most 3,000 indicators, 4,000 rows


async def test_pasting_5000_rows_in_the_tree_is_refused_naming_the_limit(form):
    rows = "".join(f"产出指标\t数量指标\t指标{n}\t≥ 1次\t1次\n" for n in range(MANY))
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        main = app.screen
        main.go_to(GOAL_ONE)
        await _settle(pilot)
        await pilot.press("escape")
        await _settle(pilot)
        before = main.session.doc
        app.post_message(events.Paste("一级指标\t二级指标\t三级指标\t年初目标值\t实际完成值\n" + rows))
        await _settle(pilot)
        assert main.session.doc is before and not main.session.dirty
        assert not main.session.undo_stack
        assert "上限 3000 个" in toasts(app) and "没有粘贴任何内容" in toasts(app)


async def test_pasting_5000_rows_in_the_grid_is_refused_naming_the_limit(path):
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen, grid = await open_grid(pilot, FIRST)
        before = screen.session.doc
        app.post_message(events.Paste("".join(f"指标{n}\t≥ 1次\n" for n in range(MANY))))
        await _settle(pilot)
        assert screen.session.doc is before and not screen.session.undo_stack
        assert "上限 3000 个" in toasts(app) and "没有粘贴任何内容" in toasts(app)
        assert screen.grid_mode


# -- what an import writes ----------------------------------------------------------------


@posix_only("POSIX permission bits (0o600): Windows keeps only the read-only flag and jixiao sets no ACLs")
async def test_the_form_an_import_writes_is_no_more_readable_than_the_document_read(form, tmp_path):
    from exchange.export import export_document
    from model import load_document

    private = tmp_path / "私密.xlsx"
    export_document(load_document(form), private)
    private.chmod(0o600)
    out = tmp_path / "私密导入.toml"
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await _settle(pilot)
        for selector, value in (("#import-in", str(private)), ("#import-out", str(out))):
            field = app.screen.query_one(selector)
            field.value = value
            field.focus()
            await pilot.pause()
        await pilot.press("enter")
        await _settle(pilot)
        assert out.exists() and out.stat().st_mode & 0o777 == 0o600


# -- what an export proposes --------------------------------------------------------------


async def test_f6_after_importing_a_word_document_never_proposes_the_document(tmp_path):
    from exchange.export import export_document
    from model import load_document

    source = tmp_path / "科协.docx"  # the document the form was imported from
    export_document(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml"), source)
    original = source.read_bytes()
    form = tmp_path / "科协.toml"
    from jixiao.cli import main as jixiao

    assert jixiao(["import", str(source), "-o", str(form)]) in (0, 1)
    app = app_for(form)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await _settle(pilot)
        await pilot.press("down")  # Word
        await pilot.pause()
        proposed = tmp_path / "科协-导出.docx"
        assert app.screen.query_one("#export-path").value == str(proposed)
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert proposed.exists() and source.read_bytes() == original
        await pilot.press("f6")  # again: its own export is proposed, and overwriting it asked
        await _settle(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == str(proposed)
        field = app.screen.query_one("#export-path")
        field.value = str(source)  # typed: the overwrite question names what it is
        await pilot.press("enter", "enter")
        await _settle(pilot)
        assert "不是这次编辑中导出的文件" in toasts(app) + "".join(
            str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("n")
        await _settle(pilot)
        assert source.read_bytes() == original


# -- a Word document opened as a form -----------------------------------------------------


async def test_a_word_document_opened_as_a_form_offers_its_import(tmp_path):
    from exchange.export import export_document
    from model import load_document

    document = tmp_path / "科协.docx"
    export_document(load_document(ROOT / "sample_data" / "hongshan-2024-department.toml"), document)
    app = app_for(document)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        shown = screen_text(app)
        assert "不是 jixiao 的表单文件" in shown and "GBK" not in shown
        assert "导入这个文件" in shown
        await pilot.press("i")
        await _settle(pilot)
        assert app.screen.id == "import-dialog"
        assert app.screen.query_one("#import-in").value == str(document)
        assert app.screen.query_one("#import-out").value == str(tmp_path / "科协.toml")
        await pilot.press("enter", "enter")  # to the output, then import
        await _settle(pilot)
        await pilot.press("escape")  # the import's report; then the form opens
        await _settle(pilot)
        assert app.screen.session.path == tmp_path / "科协.toml"
