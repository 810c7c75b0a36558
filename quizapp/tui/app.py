"""The Textual app: ``make_app(...)`` builds it (the command and the tests use it).

The app holds the store, the question bank, the clock and the language; screens
read them (attributes down) and post messages or call app actions (messages up).
Answers are judged and reviews recorded by ``quizapp.session``, never here.

Started without a bank (``quizapp``), the app shows home from the store at once
and loads the bank in a thread worker, in the order the user needs things: the
decks (from the checked-deck cache: no numpy), then what the first card and its
verdict need (numpy, the engine, grading, the study screen), then ``BankLoaded``
(the study keys are live). Until the bank arrives topic titles come from the last
run's copy and a study asked for opens when it does.
"""

from __future__ import annotations

import asyncio
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

from quizapp.crashlog import crash_sentence, write_crash_log
from quizapp.store import Store, StoreError
from quizapp.tui import keymap
from quizapp.tui.commands import QuizCommands
from quizapp.tui.i18n import BINDING_LABELS, LANGS, family_of, localize_bindings, t

if TYPE_CHECKING:  # the content module loads in the bank worker, off home's path
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


class QuizApp(App):
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
    ]

    lang: reactive[str] = reactive("en", init=False)

    def __init__(self, store: Store, bank: Bank | None, *, clock: Clock = utc_now, lang: str | None = None,
                 seed: int | None = None, handle_signals: bool = False, log_dir: Path | None = None,
                 config_dir: Path | None = None):
        super().__init__()
        self.store = store
        self.bank = bank
        self.clock = clock
        self.seed = seed  # fixes the numbers drawn (tests, snapshots); None: fresh each time
        self.handle_signals = handle_signals
        self.log_dir = log_dir
        self.crash_log: Path | None = None
        self.pending_study: tuple[list[str] | None, str] | None = None
        stored = store.get_setting("language", "en")
        self.set_reactive(QuizApp.lang, lang if lang in LANGS else stored if stored in LANGS else "en")
        self.theme = THEMES.get(store.get_setting("theme", "dark"), THEMES["dark"])
        localize_bindings(self, self.lang)
        self.keymap_path = (config_dir or keymap.config_dir()) / keymap.FILE_NAME
        self.keymap_problems: list[str] = []

    def _read_keymap(self) -> None:
        """Apply the user's keymap (the ``keymap`` setting, then ``keymap.toml``)."""
        keys, self.keymap_problems = keymap.read_keymap(self.store.get_setting("keymap"), self.keymap_path,
                                                        lambda bid: family_of(bid) in BINDING_LABELS)
        if keys:
            self.set_keymap(keys)
        for problem in self.keymap_problems:
            self.notify(problem, severity="warning", timeout=10)

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        if self.handle_signals:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self.exit)
        self._read_keymap()
        self.push_screen(HomeScreen())
        if self.bank is None:
            self.call_after_refresh(self.load_bank)  # home is drawn first

    # -- the question bank

    @work(thread=True, exclusive=True, exit_on_error=False, group="bank")
    def load_bank(self) -> None:
        from quizapp.content import load_bank

        bank = load_bank()
        from quizapp import engine, grading  # noqa: F401  (the first card and its verdict)
        from quizapp.tui.screens import study  # noqa: F401

        engine.computations()
        self.post_message(BankLoaded(bank))

    def on_bank_loaded(self, message: BankLoaded) -> None:
        self.bank = message.bank
        self.store.sync_templates((tid, tpl.topic) for tid, tpl in self.bank.templates.items())
        if self.store.get_setting("topic_titles") != self.bank.topics:
            self.save_setting("topic_titles", self.bank.topics)
        self.screen.refresh_bindings()
        self.screen.post_message(BankLoaded(self.bank))
        if self.pending_study is not None:
            self.start_study(*self.pending_study)
            self.pending_study = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "bank" and event.state == WorkerState.ERROR:
            self._handle_exception(event.worker.error)

    def topics(self) -> dict[str, dict]:
        """Topic id -> title {"en", "zh"}: the bank's, or the last run's copy while
        the bank loads (topics the store knows, titled by id, without one)."""
        if self.bank is not None:
            return self.bank.topics
        saved = self.store.get_setting("topic_titles") or {}
        known = self.store.due_counts(self.clock())
        return saved or {topic: {"en": topic, "zh": topic} for topic in known}

    # -- language and theme

    def watch_lang(self, lang: str) -> None:
        localize_bindings(self, lang)
        for screen in self.screen_stack:
            localize_bindings(screen, lang)
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
        """Store a setting; a store failure is shown, not raised. True if saved."""
        try:
            self.store.set_setting(key, value)
        except StoreError as e:
            self.notify(t("error.store", self.lang, message=str(e)), severity="error")
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

    def start_study(self, topics: list[str] | None = None, mode: str = "study") -> None:
        """Open a study (or cram) session on ``topics`` (None: every topic); asked
        for while the bank loads, it opens as soon as the bank is there."""
        from quizapp.tui.screens.study import StudyScreen

        if self.bank is None:
            self.pending_study = (topics, mode)
            self.notify(t("home.loading", self.lang), timeout=2)
            return
        self.push_screen(StudyScreen(topics=topics, mode=mode))

    def topic_title(self, topic: str) -> str:
        title = self.topics().get(topic, {})
        return title.get(self.lang) or title.get("en") or topic

    # -- crashes

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: write the full traceback to a log file and show one
        sentence with its path (never the traceback, whose locals hold answers)."""
        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        self.crash_log = write_crash_log(error, self.log_dir)
        self._exit_renderables.append(crash_sentence(error, self.crash_log))
        self._close_messages_no_wait()


def make_app(store: Store, bank: Bank | None = None, *, clock: Clock = utc_now, lang: str | None = None,
             seed: int | None = None, handle_signals: bool = False, log_dir: Path | None = None,
             config_dir: Path | None = None) -> QuizApp:
    """The app on ``store`` and ``bank`` (None: the default bank, loaded in a worker
    once home is up). A given bank's templates are registered with the store first.
    ``lang`` overrides the stored language; ``seed`` fixes the numbers drawn;
    ``handle_signals`` ends the app on SIGTERM/SIGHUP; ``config_dir`` holds the
    user's ``keymap.toml`` (None: the user config folder)."""
    if bank is not None:
        store.sync_templates((tid, tpl.topic) for tid, tpl in bank.templates.items())
    return QuizApp(store, bank, clock=clock, lang=lang, seed=seed,
                   handle_signals=handle_signals, log_dir=log_dir, config_dir=config_dir)
