"""Next year's form from this year's (issue 23, point 3): `jixiao new --from
LAST.toml NEW.toml` keeps the structure, names, targets and weights,
advances the year, clears actuals, scores, reasons and dates, keeps last
year's actual beside each target, and lists the targets last year's actuals
exceeded by 30 % or more."""

from __future__ import annotations

import pytest
from test_app_support import isolated, wait_for  # noqa: F401  (app tests: their own state folder)
from test_cli import jixiao

from model import load_document
from model.edit import update_at
from model.templates import exceeded_targets, next_year_form, sample_files
from scoring import score_document

SAMPLES = sample_files()
# what `check` says of any form not yet filled in
EMPTY_FORM_CODES = {"ACTUAL_MISSING", "SCORE_MISSING", "BUDGET_MISSING"}


def _indicators(doc):
    for g, goal in enumerate(doc.goals):
        for a, level in enumerate(goal.levels):
            for b, sub in enumerate(level.sublevels):
                for i, ind in enumerate(sub.indicators):
                    yield (g, a, b, i), ind


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_new_from_each_sample_checks_with_only_an_empty_forms_findings(sample, tmp_path):
    out = tmp_path / "next.toml"
    run = jixiao("new", "--from", str(sample), str(out))
    assert run.returncode == 0, run.stderr
    last, new = load_document(sample), load_document(out)
    assert new.year == (last.year + 1 if last.year else None)
    assert new.fill_date is None and new.declared_total is None
    assert new.execution.spent is None and new.execution.weight == last.execution.weight
    for (path, ind), (_, before) in zip(_indicators(new), _indicators(last)):
        assert (ind.name, ind.target, ind.weight) == (before.name, before.target, before.weight)
        assert (ind.actual, ind.score, ind.reason, ind.tier) == ("", None, "", None)
        assert ind.last_actual == before.actual  # kept beside the target
    check = jixiao("check", str(out))
    assert check.returncode == 0, check.stdout  # no errors
    old = {(f.code, f.path) for f in score_document(last).findings}
    added = {f.code for f in score_document(new).findings if (f.code, f.path) not in old}
    assert added <= EMPTY_FORM_CODES


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_targets_listed_are_those_last_years_actuals_exceeded_by_30_percent(sample):
    last = load_document(sample)
    # scoring's own test of an actual far above its target (≥ 130 %), on the
    # form with its reasons taken out (it is silent where a reason is given)
    doc = last
    for path, _ in _indicators(last):
        doc = update_at(doc, path, reason="")
    flagged = sorted(f.node for f in score_document(doc).findings
                     if f.code == "OVERSHOOT_NO_REASON")
    assert sorted(e.path for e in exceeded_targets(last)) == flagged


def test_the_listing_is_printed_and_the_year_in_the_title_advances(tmp_path):
    sample = next(p for p in SAMPLES if p.name == "hongshan-2024-department.toml")
    out = tmp_path / "2025.toml"
    run = jixiao("new", "--from", str(sample), str(out))
    assert "以下 5 个指标上年实际完成值超出目标 30% 及以上" in run.stdout
    assert "建设科普惠民社区（村）数量：目标 1个，上年实际 9个（900%）" in run.stdout
    assert load_document(out).title.startswith("2025年度")
    assert jixiao("new", "--from", str(sample), str(out)).returncode != 0  # never overwrites


def test_last_years_actual_is_kept_through_a_save_and_not_exported(tmp_path):
    sample = next(p for p in SAMPLES if p.name == "hongshan-2024-department.toml")
    new = next_year_form(load_document(sample))
    out = tmp_path / "n.toml"
    csv = tmp_path / "n.csv"
    from model import dumps_document

    out.write_text(dumps_document(new), encoding="utf-8")
    assert load_document(out) == new
    assert jixiao("export", str(out), "-o", str(csv)).returncode == 0
    assert "9个" not in csv.read_text(encoding="utf-8-sig")  # last year's actual stays out


async def test_the_editor_and_the_grid_show_last_years_actual(tmp_path):
    from test_app_support import app_for, editor_ready

    from model import dumps_document
    from tui.session import Address

    sample = next(p for p in SAMPLES if p.name == "hongshan-2024-department.toml")
    out = tmp_path / "2025.toml"
    out.write_text(dumps_document(next_year_form(load_document(sample))), encoding="utf-8")
    app = app_for(out)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert await editor_ready(pilot)
        screen.go_to(Address("goals", (0, 0, 0, 0)), "actual")  # 目标 1个, last year 9个
        await editor_ready(pilot)
        await pilot.pause()
        assert "上年实际：9个" in screen.query_one("#indicator-actual-note").content.plain
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert screen.grid.select(Address("goals", (0, 0, 0, 0)), column="actual")
        await pilot.pause()
        assert "上年实际：9个" in screen.grid.query_one("#grid-cell").content.plain


async def test_n_on_the_start_screen_makes_next_years_form_from_a_sample():
    from test_app_support import app_for

    from tui import compat
    from tui.screens.main import MainScreen
    from tui.screens.start import StartScreen

    app = app_for(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        start = app.screen
        assert isinstance(start, StartScreen)
        choices = start.query_one("#choices")
        wanted = next(key for key, (kind, path) in start.targets.items()
                      if kind == "open" and path.name == "hongshan-2024-department.toml")
        choices.highlighted = choices.get_option_index(wanted)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        doc = screen.session.doc
        assert doc.year == 2025 and screen.session.path is None  # unsaved: Ctrl+S asks where
        first = doc.goals[0].levels[0].sublevels[0].indicators[0]
        assert (first.actual, first.last_actual) == ("", "9个")
        shown = "\n".join(str(n.message) for n in compat.notifications(app))
        assert "以下 5 个指标上年实际完成值超出目标 30% 及以上" in shown


def test_new_takes_the_weights_as_the_paper_has_them(tmp_path):
    out = tmp_path / "w.toml"
    run = jixiao("new", "-t", "central-project", "--weights", "10,90,40,40,10", str(out))
    assert run.returncode == 0, run.stderr
    doc = load_document(out)
    assert [lv.weight for lv in doc.goals[1].levels] == [40, 40, 10]
    bad = jixiao("new", "-t", "central-project", "--weights", "10,90", str(tmp_path / "x.toml"))
    assert bad.returncode != 0 and "产出指标（50）" in bad.stderr  # says which, in order
    assert not (tmp_path / "x.toml").exists()
