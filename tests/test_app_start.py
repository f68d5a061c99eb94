"""Starting: the start screen (recent, samples, templates), a form that fails
to load, help and the keys it lists."""

from __future__ import annotations

from platforms import posix_only
from test_app_support import app_for, form, isolated, screen_text, type_text  # noqa: F401

from tui import keys, strings as S
from tui.screens.help import HelpScreen, key_rows
from tui.screens.load_error import LoadErrorScreen
from tui.screens.main import MainScreen
from tui.screens.start import StartScreen


async def test_a_form_that_fails_to_load_lists_its_problems_and_offers_a_way_on(tmp_path):
    bad = tmp_path / "坏表.toml"
    bad.write_text('schema = 1\ntitle = "坏表"\n\n[execution]\nweight = "二十"\nbudget = -5\n\n'
                   '[[goals]]\ntitel = "年度目标1"\n', encoding="utf-8")
    app = app_for(bad)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        text = screen_text(app)
        assert len(app.screen.error.problems) == 3 and "个问题，没有打开" in text.replace("\n", "")
        assert "第 5 行" in text and "应为数字" in text
        assert "不能小于 0" in text
        assert "未知的键“titel”" in text and "title" in text
        await pilot.press("o")  # pick another file
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_quitting_from_the_load_error_screen_exits_with_1(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("schema = 1\ntitle = \n", encoding="utf-8")
    app = app_for(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "TOML 语法错误" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 1


async def test_the_start_screen_opens_a_sample_and_records_it_as_recent(tmp_path):
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "示例表单" in text and "hongshan-2024-department.toml" in text
        assert "从模板新建" in text
        await pilot.press("enter")  # the first sample (no recent files yet)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.session.path.suffix == ".toml"
        assert app.recent.load() == [str(app.screen.session.path.resolve())]


async def new_from_first_template(app, pilot) -> MainScreen:
    """On the start screen: pick the first template and press Enter."""
    await pilot.pause()
    screen = app.screen
    template = next(key for key, (kind, _) in screen.targets.items() if kind == "new")
    choices = screen.query_one("#choices")
    choices.highlighted = choices.get_option_index(template)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def test_new_from_a_template_asks_for_a_file_name_on_save(tmp_path):
    app = app_for(None)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await new_from_first_template(app, pilot)
        assert main.session.path is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#save-as-path")
        field.value = str(tmp_path / "新表")
        await pilot.press("enter")
        await pilot.pause()
        assert main.session.path == tmp_path / "新表.toml"
        assert (tmp_path / "新表.toml").is_file()


@posix_only("symbolic links: making one on Windows needs administrator rights or developer mode, and Wine 8's "
            "do not resolve as NTFS's; the Windows branch that refuses a link is in test_storage_windows.py")
async def test_save_as_refuses_a_planted_link_and_says_where_it_leads(tmp_path):
    victim = tmp_path / "important.txt"
    victim.write_text("keep", encoding="utf-8")
    planted = tmp_path / "x.toml"
    planted.symlink_to(victim)
    dangling = tmp_path / "y.toml"
    dangling.symlink_to(tmp_path / "nowhere.toml")
    app = app_for(None)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await new_from_first_template(app, pilot)
        for link in (planted, dangling):
            await pilot.press("f12")
            await pilot.pause()
            app.screen.query_one("#save-as-path").value = str(link)
            await pilot.press("enter")
            await pilot.pause()
            error = str(app.screen.query_one("#save-as-error").render())
            assert "符号链接" in error and str(link.readlink()) in error
            await pilot.press("escape")
            await pilot.pause()
        assert main.session.path is None
    assert victim.read_text(encoding="utf-8") == "keep" and not (tmp_path / "nowhere.toml").exists()


async def test_typing_a_name_in_save_as_replaces_the_proposed_name_and_keeps_toml(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for typed, expected in (("科普项目2025", "科普项目2025.toml"), ("自评.v2", "自评.v2.toml")):
        app = app_for(None)
        async with app.run_test(size=(80, 24)) as pilot:
            main = await new_from_first_template(app, pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen.query_one("#save-as-path").value == "未命名表单.toml"
            await type_text(pilot, typed)  # the proposed name is selected: typing replaces it
            assert app.screen.query_one("#save-as-path").value == typed + ".toml"
            await pilot.press("enter")
            await pilot.pause()
            assert main.session.path is not None and main.session.path.name == expected
            assert (tmp_path / expected).is_file()
    assert sorted(p.name for p in tmp_path.glob("*.toml")) == ["科普项目2025.toml", "自评.v2.toml"]


async def test_a_path_typed_on_the_start_screen_that_does_not_exist_is_explained(tmp_path):
    # (a new file in a folder that exists is offered a template: test_app_ways_in.py)
    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#open-path")
        field.focus()
        field.value = str(tmp_path / "没有这个文件夹" / "没有这个文件.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert "文件不存在" in screen_text(app)


async def test_help_lists_every_binding_with_its_key(form):
    app = app_for(form)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {cell for row in key_rows(app) for cell in row}
        shown = screen_text(app)
        assert all(name in shown for name, _, _ in key_rows(app)[:12])
        for binding in keys.all_bindings():
            assert binding.id, binding
            # its title (the footer may show a shorter word: strings.FOOTER_LABELS)
            assert S.ACTIONS[binding.id][0] in rows
            assert binding.description in (S.ACTIONS[binding.id][0],
                                           S.FOOTER_LABELS.get(binding.id))
        assert "Ctrl+Z" in rows and "F5" in rows and "Shift+K" in rows
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_keys_can_be_remapped_by_binding_id(form, tmp_path, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "keys.toml").write_text('[keys]\nwhatif = "f6"\n', encoding="utf-8")
    monkeypatch.setenv("JIXIAO_CONFIG_DIR", str(config))
    app = app_for(form)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen.session.whatif
