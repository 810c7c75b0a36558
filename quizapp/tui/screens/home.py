"""Home: topics with due, new and learned cards and mastery; today's reviews, what
was learnt today and practised apart, retention this week and the streak. A figure
that is not known yet (a first launch, before the question bank is registered) is
never shown as 0: the screen says the bank is loading."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t
from quizapp.tui.widgets.topics import TopicTable


class HomeScreen(Screen):
    BINDINGS = [
        Binding("a", "study_all", "Study all", id="home-study-all"),
        Binding("s", "study_topic", "Study", id="home-study-topic"),
        Binding("c", "cram_topic", "Cram", id="home-cram-topic"),
        Binding("m", "mock", "Mock", id="home-mock"),
        Binding("t", "statistics", "Stats", id="home-statistics"),
        Binding("q", "app.quit", "Quit", id="home-quit"),
        Binding("b", "app.open_browser", "Browse cards", id="home-browse", show=False),
        Binding("n", "app.open_add_card", "Add a card", id="home-add-card", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="home-title", classes="screen-title")
        yield Static(markup=False, id="home-today")
        yield Static(markup=False, id="home-progress")
        yield TopicTable(id="topics")
        yield Static(markup=False, id="home-hint", classes="hint")
        yield Static(markup=False, id="home-more", classes="hint")
        yield Static(markup=False, id="home-notice", classes="notice")
        yield KeyFooter(compact=True, show_command_palette=False)  # fits 80 columns; ctrl+p still works

    def on_mount(self) -> None:
        self._away = False
        self.app.localize(self)
        self.watch(self.app, "lang", self._relabel, init=False)
        self.refresh_figures()
        self.query_one(TopicTable).focus()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if self._away:  # back from a session or settings (the first resume follows on_mount's figures)
            self._away = False
            self.refresh_figures()

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        self.refresh_figures()

    def refresh_figures(self) -> None:
        app = self.app
        lang = app.lang
        h = app.workspace.home(app.clock())
        self.figures = h
        self.query_one("#home-title", Static).update(f"quizapp · {t('subtitle', lang)}")
        known = h.known and bool(h.topics)
        week = "–" if h.retention_week is None else f"{h.retention_week:.0%}"
        if known:
            today = t("home.today", lang, reviews=h.reviewed_today, learned=h.learned_today, week=week)
            if h.practised_today:
                today += " · " + t("home.practised", lang, count=h.practised_today)
            progress = (t("home.waiting", lang, due=h.due, new=h.new) + " · "
                        + t("home.streak", lang, count=h.streak_days))
        else:
            today, progress = t("home.loading", lang), ""
        self.query_one("#home-today", Static).update(today)
        self.query_one("#home-progress", Static).update(progress)
        table = self.query_one(TopicTable)
        table.show(h.topics if known else (), lang)
        table.display = known
        if not known:
            hint = ""
        elif h.due or h.new:
            hint = t("home.hint", lang)
        else:
            hint = t("home.nothing", lang)
        self.query_one("#home-hint", Static).update(hint)
        self.query_one("#home-more", Static).update(t("home.more_hint", lang) if known else "")
        bank = app.workspace.bank
        mine = len(bank.user_errors()) if bank is not None else 0
        errors = len(bank.errors) - mine if bank is not None else 0
        notices = []
        if errors:
            notices.append(t("home.bank_errors", lang, count=errors))
        if mine:
            notices.append(t("userdecks.home_problems", lang, count=mine))
        notice = self.query_one("#home-notice", Static)
        notice.update("\n".join(notices))
        notice.display = bool(notices)

    def on_bank_loaded(self) -> None:
        self.refresh_figures()

    def _topic(self) -> str | None:
        return self.query_one(TopicTable).selected_topic

    @property
    def selected_topic(self) -> str | None:
        """The highlighted topic (a new card of your own goes there by default)."""
        return self._topic()

    def action_study_all(self) -> None:
        self.app.start_study(None, "study")

    def action_study_topic(self) -> None:
        if (topic := self._topic()) is not None:
            self.app.start_study([topic], "study")

    def action_cram_topic(self) -> None:
        if (topic := self._topic()) is not None:
            self.app.start_study([topic], "cram")

    def action_mock(self) -> None:
        from quizapp.tui.screens.mock_setup import MockSetupScreen

        self.app.push_screen(MockSetupScreen())  # the last choices, if any

    def action_statistics(self) -> None:
        from quizapp.tui.screens.statistics import open_statistics

        open_statistics(self.app)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.start_study([event.row_key.value], "study")
