"""Shared test set-up.

Every test gets its own state directory (recovery files, recent files), so
the suite never reads or writes the real `~/.local/state/jixiao`.

Two tiers (docs/performance.md, "Tests"): `make test` runs everything (CI);
`make test-fast` (`-m "not slow"`) runs what is quick enough to run while
working. A test is marked `slow` here, by the rules below, so that a new
test lands in the right tier without anyone remembering to mark it (a test
may also carry `@pytest.mark.slow` itself):

- a Pilot test (an async test driving the app) or a snapshot test, except
  the one Pilot test per screen named in SCREEN_TESTS;
- a property test (hypothesis), and every test of FUZZ_AND_PROCESS_FILES
  (fuzzers, killed processes, races, building and installing the wheel);
- the tests named in SLOW_TESTS (each measured at 1.5 s or more, mostly
  running the `jixiao` command several times).

tests/test_tiers.py checks that every module of model, scoring, exchange,
tui and jixiao is still imported by a fast test, and that these names exist.
"""

from __future__ import annotations

import inspect

import pytest

from model.storage import STATE_DIR_ENV

# screen -> its one fast Pilot test (file::name)
SCREEN_TESTS = {
    "MainScreen": "test_app_edit.py::test_change_an_actual_value_and_see_indicator_goal_and_total_update",
    "IndicatorGrid": "test_app_grid.py::test_opens_on_the_selected_indicator_and_typing_replaces_the_cell",
    "StartScreen": "test_app_start.py::test_the_start_screen_opens_a_sample_and_records_it_as_recent",
    "LoadErrorScreen": "test_app_start.py::test_a_form_that_fails_to_load_lists_its_problems_and_offers_a_way_on",
    "HelpScreen": "test_app_start.py::test_help_lists_every_binding_with_its_key",
    "ChoiceDialog": "test_app_whatif_save.py::test_quitting_with_unsaved_changes_asks",
    "SaveAsDialog": "test_app_start.py::test_new_from_a_template_asks_for_a_file_name_on_save",
    "ExportDialog": "test_app_exchange.py::test_export_with_keys_writes_an_xlsx_whose_total_is_the_apps",
    "ImportDialog, TextDialog":
        "test_app_exchange.py::test_import_a_csv_creates_the_form_lists_what_was_skipped_and_opens_it",
    "RollupPicker": "test_app_exchange.py::test_rollup_of_hongshan_2023_shows_the_mismatch",
}

FUZZ_AND_PROCESS_FILES = {"test_fuzz_forms.py", "test_fuzz_loader.py", "test_crash.py",
                          "test_storage_race.py", "test_install.py"}

# file::name (every parameter of it), with the time it took on 2 busy cores
SLOW_TESTS = {
    "test_cli.py::test_what_if_json_and_ambiguous_or_unknown_names",  # 3.8 s
    "test_cli.py::test_new_from_template_refuses_to_overwrite",  # 3 × 1.1-2.2 s
    "test_exchange_word.py::test_a_document_longer_than_any_form_is_refused_with_the_limit",  # 3.2 s
    "test_exchange_word.py::test_import_list_form_and_folder_from_the_command_line",  # 2.5 s
    "test_exchange_word.py::test_a_table_with_ten_thousand_merged_cells_is_read_and_every_row_listed",  # 1.7 s
    "test_exchange_word.py::test_a_form_typed_by_hand_in_word_imports_with_no_row_lost",  # 1.7 s
    "test_exchange_cli.py::test_the_jixiao_command_runs_them_without_a_traceback",  # 2.5 s
    "test_limits.py::test_a_form_whose_saved_text_would_be_too_large_is_refused_at_load",  # 2.8 s
    "test_limits.py::test_the_issues_209000_goals_are_refused_before_validation",  # 1.7 s
    "test_hostile_numbers.py::test_import_command_with_1e30_reports_the_note_not_a_failure",  # 2.6 s
    "test_hostile_numbers.py::test_check_of_the_issue_file_names_the_field_instead_of_crashing",  # 1.9 s
    "test_pinyin.py::test_opening_the_app_does_not_load_pypinyin",  # 2.3 s
}


def slow_reason(item: pytest.Item) -> str:
    """Why a collected test is in the slow tier ('' if it is not)."""
    path = item.path.name
    key = f"{path}::{getattr(item, 'originalname', item.name)}"
    if key in SCREEN_TESTS.values():
        return ""
    function = getattr(item, "obj", None)
    if inspect.iscoroutinefunction(function) or "snap_compare" in getattr(item, "fixturenames", ()):
        return "Pilot"
    if getattr(function, "is_hypothesis_test", False):
        return "property"
    if path in FUZZ_AND_PROCESS_FILES:
        return "fuzz or processes"
    if key in SLOW_TESTS:
        return "measured"
    return ""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if slow_reason(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path_factory.mktemp("state")))
