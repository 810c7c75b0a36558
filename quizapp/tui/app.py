"""The Textual app: ``make_app(workspace, ...)`` builds it (the command and the tests).

The app holds a ``Workspace`` — the one door to sessions, figures and settings —
the clock and the language; it never opens the store. Screens read what they need
(attributes down) and post messages or call app actions (messages up).

Started without a bank (``quizapp``), the app draws home from the progress
database at once and loads the bank in a thread worker: the decks (from the
checked-deck cache: no numpy), then what the first card and its verdict need
(numpy, the engine, grading), then ``BankLoaded`` (the study keys are live). The
day's first backup runs in another worker once home is drawn. Once the bank and
its search index are built, what exists then (they, the screens, the modules: some
190,000 objects that live as long as the app) is frozen out of Python's cyclic
garbage collector (``gc.freeze``), whose full passes over them took ~80 ms each, in
the middle of whatever frame, verdict or keystroke they fell in.
"""

from __future__ import annotations

import asyncio
import gc
import signal
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from quizapp.catalog import LANGS, has, render
from quizapp.tui import keymap as keymaps
from quizapp.tui.commands import QuizCommands
from quizapp.tui.compat import CrashLog, localize_bindings
from quizapp.tui.render import t
from quizapp.workspace import StoreError, Workspace

if TYPE_CHECKING:
    from quizapp.content import Bank

Clock = Callable[[], datetime]
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class BankLoaded(Message, bubble=False):
    """The question bank has loaded (posted to the app, then to the current screen)."""

    def __init__(self, bank: Bank):
        super().__init__()
        self.bank = bank


class QuizApp(CrashLog, App):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    COMMANDS = {QuizCommands}  # not Textual's own: its Theme and Keys would bypass the saved settings
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False, priority=True),
        Binding("question_mark,f1", "help", "Keys", id="help"),
        Binding("f2", "settings", "Settings", id="settings"),
        Binding("f3", "toggle_language", "中文", id="language"),
        Binding("f4", "toggle_theme", "Light/dark", id="theme", show=False),
        Binding("f5", "scratchpad", "Scratchpad", id="scratchpad", show=False),  # the home footer is full
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, workspace: Workspace, *, lang: str | None = None, seed: int | None = None,
                 handle_signals: bool = False, log_dir: Path | None = None, config_dir: Path | None = None,
                 mock_setup: dict | None = None):
        super().__init__()
        # open the mock interview's setup over home, with these choices; then the last ones made
        self.mock_setup = mock_setup
        self.workspace = workspace
        self.clock = workspace.clock
        self.seed = seed  # fixes the numbers drawn (tests, snapshots); None: fresh each time
        self.handle_signals = handle_signals
        self.log_dir = log_dir
        self.pending_study: tuple[list[str] | None, str] | None = None
        self.bank_report: Path | None = None  # a deck just edited: say what is wrong with it once read
        self.scratchpad_history = None  # the scratchpad's lines, kept while quizapp runs
        stored = workspace.setting("language")
        self.set_reactive(QuizApp.lang, lang if lang in LANGS else stored)
        self.theme = THEMES[workspace.setting("theme")]
        self.keymap_path = (config_dir or keymaps.config_dir()) / keymaps.FILE_NAME
        self.keymap: dict[str, str] = {}
        self._keys_said: dict[str, str] = {}  # key_of's answers for this keymap
        self.keymap_problems: list = []
        self.localize(self)

    # -- keys and their names

    def binding_label(self, binding_id: str, node=None) -> str | None:
        """A key's description in the app's language: the node's own (a card view's
        rating keys show their intervals), else the catalog's ``key.<id>``."""
        own = getattr(node, "key_label", None)
        if own is not None:
            said = own(binding_id)
            if said is not None:
                return said
        from quizapp.tui.screens.help import family

        key = f"key.{family(binding_id)}"
        return t(key, self.lang) if has(key) else None

    def localize(self, node) -> None:
        """Describe ``node``'s keys in the app's language (a group of keys, such as the
        1–4 ratings, by its family's short name in the footer)."""
        localize_bindings(node, lambda bid: self.binding_label(bid, node), self.group_label)
        if node is not self:
            self.refresh_bindings()

    def group_label(self, binding_id: str) -> str | None:
        from quizapp.tui.screens.help import family

        key = f"group.{family(binding_id)}"
        return t(key, self.lang) if has(key) else None

    def key_of(self, binding_id: str) -> str:
        """The first key of ``binding_id`` as the footer shows it, the keymap applied.
        Kept per id until the keymap changes: hints name keys on every redraw, and
        finding a binding means importing and walking every screen's (a few ms, on
        the way to a verdict's frame)."""
        said = self._keys_said.get(binding_id)
        if said is None:
            from quizapp.tui.screens.help import declared

            said = binding_id
            for _, b in declared():
                if b.id == binding_id:
                    key = self.keymap.get(binding_id, b.key).split(",")[0].strip()
                    said = self.get_key_display(Binding(key, ""))
                    break
            self._keys_said[binding_id] = said
        return said

    def _read_keymap(self) -> None:
        """Apply the user's keymap (the ``keymap`` setting, then ``keymap.toml``)."""
        from quizapp.tui.screens.help import declared

        bindings: dict = {}

        def known() -> dict:  # listed only when there is a keymap: it imports every screen
            if not bindings:
                bindings.update((b.id, b) for _, b in declared())
            return bindings

        self.keymap, self.keymap_problems = keymaps.read_keymap(
            self.workspace.setting("keymap"), self.keymap_path, lambda bid: bid in known(),
            lambda bid: known()[bid].priority)
        self._keys_said.clear()
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(render(problem, self.lang), severity="warning", timeout=10)

    def get_default_screen(self):
        """Home is the first screen, composed with the app: its first frame is the
        first frame drawn (a screen pushed from ``on_mount`` is drawn a frame later,
        after an empty one)."""
        from quizapp.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.exit)
        self._read_keymap()
        if self.mock_setup is not None:  # quizapp mock: home is the default screen, the setup over it
            from quizapp.tui.screens.mock_setup import MockSetupScreen

            self.push_screen(MockSetupScreen(self.mock_setup))
        if self.workspace.bank is None:
            self.call_after_refresh(self.load_bank)  # home is drawn first
        self.call_after_refresh(self.maintenance)

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice is plain text: a message may carry deck text, a path or what
        the learner typed, which must never be read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- the question bank and upkeep

    @work(thread=True, exclusive=True, exit_on_error=False, group="bank")
    def load_bank(self) -> None:
        bank = self.workspace.load_bank()  # the built-in bank and the user's own decks
        from quizapp import engine, grading  # noqa: F401  (the first card and its verdict)

        engine.computations()
        self.post_message(BankLoaded(bank))

    def on_bank_loaded(self, message: BankLoaded) -> None:
        try:
            self.workspace.set_bank(message.bank)
        except StoreError as e:
            self.notify(t("error.store", self.lang, message=render(e.msg, self.lang)), severity="error")
        if self.bank_report is not None:
            self._report_deck(message.bank, self.bank_report)
            self.bank_report = None
        self.index_bank(message.bank)
        self.screen.refresh_bindings()
        self.screen.post_message(BankLoaded(message.bank))
        if self.pending_study is not None:
            self.start_study(*self.pending_study)
            self.pending_study = None

    @work(thread=True, exclusive=True, exit_on_error=False, group="bank-index")
    def index_bank(self, bank: Bank) -> None:
        """The card browser's search index, built once the bank is in (so the
        browser opens at once even on a bank of 50,000 cards)."""
        from quizapp.browse import SearchIndex

        SearchIndex.of(bank)

    @work(thread=True, exclusive=True, exit_on_error=False, group="maintenance")
    def maintenance(self) -> None:
        """The day's first backup, checked before older ones are rotated out."""
        self.workspace.maintenance()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS and event.worker.group == "bank-index":
            gc.freeze()  # the app's long-lived objects, out of the collector's passes (see above)
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.group == "maintenance" and isinstance(error, StoreError):
            self.notify(t("error.backup", self.lang, message=render(error.msg, self.lang)), severity="error", timeout=15)
        elif event.worker.group in ("bank", "maintenance", "bank-index"):
            self._handle_exception(error)

    def topics(self) -> dict[str, dict]:
        return self.workspace.topics()

    def topic_title(self, topic: str) -> str:
        title = self.topics().get(topic, {})
        return title.get(self.lang) or title.get("en") or topic

    def _report_deck(self, bank: Bank, path: Path) -> None:
        """After an edit: each problem of the deck at ``path`` as a notice, or one
        saying it is clean."""
        from quizapp.userdecks import recheck

        problems = recheck(path, bank)
        for e in problems[:5]:
            self.notify(t("browser.edit_problems", self.lang, file=path.name, problem=e.message),
                        severity="error", timeout=15)
        if not problems:
            self.notify(t("browser.edited", self.lang, file=path.name))

    # -- language and theme

    def watch_lang(self, lang: str) -> None:
        self.localize(self)
        for screen in self.screen_stack:
            self.localize(screen)
        self.refresh_bindings()
        self.save_setting("language", lang)

    def action_toggle_language(self) -> None:
        self.lang = "zh" if self.lang == "en" else "en"

    def action_toggle_theme(self) -> None:
        self.set_theme_name("light" if self.theme == THEMES["dark"] else "dark")

    def set_theme_name(self, name: str) -> None:
        self.theme = THEMES[name]
        self.save_setting("theme", name)

    @property
    def theme_name(self) -> str:
        return "light" if self.theme == THEMES["light"] else "dark"

    def save_setting(self, key: str, value: object) -> bool:
        """Store a setting; a failure is shown, not raised. True if saved."""
        try:
            self.workspace.change(key, value)
        except (StoreError, ValueError) as e:
            self.notify(t("error.store", self.lang, message=render(getattr(e, "msg", str(e)), self.lang)),
                        severity="error")
            return False
        return True

    # -- navigation

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder", self.lang), id="--command-palette"))

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_settings(self) -> None:
        from quizapp.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_scratchpad(self) -> None:
        """Open the scratchpad over whatever is on screen (f5 on it closes it). From a
        card, the study screen says how: preloaded with the card's computation after
        its verdict, a calculator before it."""
        from quizapp.tui.screens.scratchpad import Preload, ScratchpadScreen

        if isinstance(self.screen, ScratchpadScreen):
            self.screen.action_close()
            return
        start = Preload()
        for screen in reversed(self.screen_stack):
            ask = getattr(screen, "scratchpad_start", None)
            if ask is not None:
                start = ask()
                break
        self.push_screen(ScratchpadScreen(start))

    def start_study(self, topics: list[str] | None = None, mode: str = "study",
                    templates: list[str] | None = None) -> None:
        """Open a study (or cram) session on ``topics`` (None: every topic), or a cram
        of exactly ``templates``; asked for while the bank loads, it opens as soon
        as the bank is there."""
        from quizapp.tui.screens.study import StudyScreen

        if self.workspace.bank is None:
            self.pending_study = (topics, mode)
            self.notify(t("home.loading", self.lang), timeout=2)
            return
        self.push_screen(StudyScreen(topics=topics, mode=mode, templates=templates))

    def action_open_browser(self) -> None:
        from quizapp.tui.screens.browser import BrowserScreen

        if not isinstance(self.screen, BrowserScreen):
            self.push_screen(BrowserScreen())

    def action_open_add_card(self) -> None:
        from quizapp.tui.screens.add import AddCardScreen

        if not isinstance(self.screen, AddCardScreen):  # into the topic on screen, if there is one
            self.push_screen(AddCardScreen(topic=getattr(self.screen, "selected_topic", None)))

    def reload_bank(self, report: Path | None = None) -> None:
        """Read the bank and the user's decks again (after a card was added or
        edited), in the bank worker; with ``report``, say afterwards what is wrong
        with that deck file, or that nothing is."""
        self.bank_report = report
        self.load_bank()


def make_app(workspace: Workspace, *, lang: str | None = None, seed: int | None = None,
             handle_signals: bool = False, log_dir: Path | None = None,
             config_dir: Path | None = None, mock_setup: dict | None = None) -> QuizApp:
    """The app on ``workspace`` (with a bank, or None: the default bank, loaded in a
    worker once home is up). ``lang`` overrides the stored language; ``seed`` fixes
    the numbers drawn; ``handle_signals`` ends the app on SIGTERM/SIGHUP;
    ``config_dir`` holds the user's ``keymap.toml`` (None: the user config folder);
    ``mock_setup`` (``quizapp mock``) opens the mock interview's setup over home with
    those choices (``MockSetupScreen``)."""
    return QuizApp(workspace, lang=lang, seed=seed, handle_signals=handle_signals, log_dir=log_dir,
                   config_dir=config_dir, mock_setup=mock_setup)
