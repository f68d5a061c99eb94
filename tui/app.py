"""The jixiao Textual app.

`run(path)` opens the form at `path` (or the start screen when None) and
returns an exit code: 0, or 1 when the person leaves from the load-error
screen without having opened anything.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette

from model import DocumentError, load_document

from . import compat, keys, strings as S
from .commands import JixiaoCommands
from .config import RecentFiles, keys_file, load_keymap
from .controllers import repair
from .dialogs.base import Choice, ChoiceDialog, WeightsDialog
from .screens.load_error import LoadErrorScreen
from .screens.main import MainScreen
from .screens.start import StartScreen
from .session import EXECUTION, Session
from .terminal import EXIT_TERMINAL_GONE, TerminalWatch, hard_exit_later
from .text import one_line

TERMINAL_EVERY = 1.0  # seconds between looks at whether the terminal is still there

__all__ = ["JixiaoApp", "run"]


class JixiaoApp(App[int]):
    TITLE = S.APP_TITLE
    CSS_PATH = str(Path(__file__).resolve().parent / "app.tcss")  # absolute: subclasses live elsewhere
    COMMANDS = {JixiaoCommands}
    BINDINGS = keys.APP + [
        Binding(keys.PALETTE_KEY, "command_palette", S.ACTIONS[keys.PALETTE_ID][0], show=False,
                priority=True, id=keys.PALETTE_ID, tooltip=S.ACTIONS[keys.PALETTE_ID][1]),
    ]

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 state_dir: Path | None = None) -> None:
        super().__init__()
        # Chinese text breaks between characters, not only at spaces
        compat.install_line_breaking()
        # a bracketed paste is text: its escape codes never become keys
        compat.install_paste_as_text()
        self.start_path = Path(path) if path is not None else None
        self.recent = RecentFiles(state_dir)
        keymap, self._keymap_error = load_keymap()
        self.keymap: dict[str, str] = keymap
        if keymap:
            self.set_keymap(keymap)
        self.opened_any = False
        self.resume_collection = False  # see `run`

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications carry user text (file and indicator names), so they
        are always shown literally. `Widget.notify` (every screen's) passes
        markup=True by default; it is ignored here on purpose."""
        super().notify(message, markup=False, **kwargs)

    # -- screens ----------------------------------------------------------------

    def on_mount(self) -> None:
        if self.resume_collection:
            self.call_after_refresh(_resume_collection)
        self.theme = "textual-dark"
        if self.start_path is not None:
            self.open_path(self.start_path)
        else:
            self.show_start()
        if self._keymap_error:
            self.notify(S.KEYMAP_BAD.format(path=keys_file(), reason=self._keymap_error),
                        severity="warning", timeout=10)
        self._terminal = TerminalWatch(() if self.is_headless else (0, 1, 2))
        if self._terminal.watching:  # never in headless runs, nor on pipes
            self.set_interval(TERMINAL_EVERY, self._check_terminal)

    def _check_terminal(self) -> None:
        if self._terminal.gone():
            self.terminal_gone()

    def terminal_gone(self) -> None:
        """The terminal went away without a hang-up (see tui/terminal.py):
        keep the unsaved work in the recovery file, leave the form (our
        editing marker released, so the next session offers the work), and
        end. The clean exit gets a few seconds; then the process ends anyway."""
        main = self.main
        if main is not None:
            main.files.terminal_gone()
        hard_exit_later(3.0)
        self.exit(EXIT_TERMINAL_GONE)

    def _replace(self, screen) -> None:
        """Show `screen` instead of everything above the base screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    @property
    def main(self) -> MainScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def open_path(self, path: Path) -> bool:
        if repair.can_create(path):
            self.offer_new(path)
            return False
        try:
            session = Session.open(path)
        except DocumentError as exc:
            self.show_load_error(path, exc)
            return False
        self.open_session(session)
        self.remember(path)
        return True

    def offer_new(self, path: Path) -> None:
        """A path that does not exist yet: create a form there from a template?"""
        choices = [Choice(name, label, key, "primary" if index == 0 else "default")
                   for index, (name, (label, key)) in enumerate(S.CREATE_TEMPLATES.items())]
        choices.append(Choice("open", S.CREATE_OTHER, "o"))

        def chosen(choice: str | None) -> None:
            if choice in S.CREATE_TEMPLATES:
                # then the weights as the paper form has them (Esc: the template's)
                self.push_screen(WeightsDialog(repair.template_weights(choice)),
                                 lambda weights: create(choice, weights))
            elif choice == "open" or self.main is None:
                self.show_start(can_go_back=self.main is not None)

        def create(choice: str, weights: list | None) -> None:
            made = repair.create_from_template(path, choice, weights)
            if isinstance(made, str):
                self.notify(S.REPAIR_FAILED.format(reason=made), severity="error", timeout=10)
                self.show_start(can_go_back=self.main is not None)
                return
            self.open_session(made)
            self.remember(path)
            self.notify(S.CREATE_DONE.format(path=shown_path(path),
                                             template=S.CREATE_TEMPLATES[choice][0]), timeout=6)
            if weights is not None:  # the weights typed: on to the paper's next lines, in the grid
                self.call_after_refresh(lambda: self._grid_on_execution())


        self.push_screen(ChoiceDialog(S.CREATE_TITLE, S.CREATE_QUESTION.format(
            path=shown_path(path)), choices), chosen)

    def _grid_on_execution(self) -> None:
        main = self.main
        if main is not None:
            main.open_grid(EXECUTION)

    def open_session(self, session: Session) -> None:
        self.opened_any = True
        self._replace(MainScreen(session))

    def remember(self, path: Path) -> None:
        """Put `path` first among the recent files, once the form is on the
        screen (the write is fsynced: it is not on the first frame's path)."""
        self.call_after_refresh(self.recent.add, path)

    def show_start(self, can_go_back: bool = False) -> None:
        screen = StartScreen(self.recent.load(), can_go_back=can_go_back)
        if can_go_back:
            self.push_screen(screen)
        else:
            self._replace(screen)

    def show_load_error(self, path: Path, error: DocumentError) -> None:
        backup = repair.backup_name(path)
        repairs: list[tuple[str, str, str]] = []
        note = ""
        fixable = repair.fixable_keys(error)
        if fixable:
            repairs.append(("fix", S.LOAD_ERROR_FIX.format(count=len(fixable), backup=backup), "f"))
        elif error.kind == "office":  # a Word or Excel document: import it instead
            repairs.append(("import", S.LOAD_ERROR_IMPORT, "i"))
        elif error.kind == "syntax" and repair.gbk_text(path) is not None:
            repairs.append(("convert", S.LOAD_ERROR_CONVERT.format(backup=backup), "u"))
            note = S.LOAD_ERROR_GBK

        def chosen(choice: str | None) -> None:
            if choice in ("fix", "convert"):
                failed = (repair.fix_keys(path, fixable) if choice == "fix"
                          else repair.convert_to_utf8(path))
                if failed:
                    self.notify(S.REPAIR_FAILED.format(reason=failed), severity="error",
                                timeout=10)
                else:
                    self.notify((S.KEYS_FIXED if choice == "fix" else S.CONVERTED).format(
                        backup=backup), timeout=8)
                self.open_path(path)  # opens, or shows what is still wrong
            elif choice == "import":
                from .controllers.exchange import ExchangeController

                from_start = self.main is None
                if from_start:  # under the dialog: the start screen, if it is cancelled
                    self.show_start()
                ExchangeController(self).import_form(from_start=from_start, source=path)
            elif choice == "open":
                self.show_start(can_go_back=self.main is not None)
            elif self.main is None:
                self.exit(0 if self.opened_any else 1)

        self.push_screen(LoadErrorScreen(str(path), error, repairs=repairs, note=note), chosen)

    def on_start_screen_open_file(self, message: StartScreen.OpenFile) -> None:
        self._open_replacing(lambda: self.open_path(message.path))

    def on_start_screen_new_from_template(self, message: StartScreen.NewFromTemplate) -> None:
        def new() -> None:
            try:
                doc = load_document(message.path)
            except DocumentError as exc:
                self.show_load_error(message.path, exc)
                return
            self.open_session(Session(doc))

        self._open_replacing(new)

    def on_start_screen_next_year_from(self, message: StartScreen.NextYearFrom) -> None:
        """Next year's form from last year's (as `jixiao new --from`): opened
        unsaved (Ctrl+S asks where), the targets to raise said."""
        from model.templates import exceeded_targets, next_year_form

        def new() -> None:
            try:
                last = load_document(message.path)
            except DocumentError as exc:
                self.show_load_error(message.path, exc)
                return
            self.open_session(Session(next_year_form(last)))
            exceeded = exceeded_targets(last)
            lines = [S.NEXT_YEAR_ITEM.format(name=one_line(e.name), target=one_line(e.target),
                                             actual=one_line(e.actual)) for e in exceeded[:6]]
            if len(exceeded) > 6:
                lines.append(S.NEXT_YEAR_MORE.format(count=len(exceeded) - 6))
            head = S.NEXT_YEAR_DONE.format(name=shown_path(Path(message.path.name)))
            body = S.NEXT_YEAR_EXCEEDED.format(count=len(exceeded)) if exceeded else S.NEXT_YEAR_NONE
            self.notify("\n".join([head, body, *lines]), timeout=15)

        self._open_replacing(new)

    def on_start_screen_import_chosen(self, message: StartScreen.ImportChosen) -> None:
        from .controllers.exchange import ExchangeController

        ExchangeController(self).import_form(from_start=True)

    def _open_replacing(self, proceed) -> None:
        # the main screen, if any, has already asked about unsaved changes
        proceed()

    # -- actions --------------------------------------------------------------------

    async def action_quit(self) -> None:
        main = self.main
        if main is not None:
            if not main.asking:
                main.leave(lambda: self.exit(0), quitting=True)
            return
        self.exit(0 if self.opened_any or self.start_path is None else 1)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=S.PALETTE_PLACEHOLDER, id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify(S.HOW_TO_QUIT, timeout=3)


def shown_path(path: Path) -> str:
    """A path as shown in a message (one line, inert)."""
    return one_line(str(path))


def _resume_collection() -> None:
    """After the first frame: the garbage collector runs again, and never
    scans what start-up made (the modules, the models, the first screen)."""
    gc.freeze()
    gc.enable()


def run(path: str | None, *, resume_collection: bool = False) -> int:
    """Open the app on `path` (the start screen when None); returns the exit
    code. `resume_collection`: the caller paused the garbage collector for
    start-up (jixiao/cli.py); it is resumed after the first frame."""
    app = JixiaoApp(path)
    app.resume_collection = resume_collection
    code = app.run()
    return int(code or 0)
