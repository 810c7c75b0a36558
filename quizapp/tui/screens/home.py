"""Home: topics with due/new counts and mastery, today's progress and the streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizapp.tui.i18n import localize_bindings, t
from quizapp.tui.progress import home_summary
from quizapp.tui.widgets.topics import TopicTable


class HomeScreen(Screen):
    BINDINGS = [
        Binding("a", "study_all", "Study all", id="home-study-all"),
        Binding("s", "study_topic", "Study", id="home-study-topic"),
        Binding("c", "cram_topic", "Cram", id="home-cram-topic"),
        Binding("q", "app.quit", "Quit", id="home-quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="home-title", classes="screen-title")
        yield Static(id="home-today")
        yield Static(id="home-streak")
        yield TopicTable(id="topics")
        yield Static(id="home-hint", classes="hint")
        yield Static(id="home-notice", classes="notice")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        self.watch(self.app, "lang", self._relabel, init=False)
        self.refresh_figures()
        self.query_one(TopicTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def _relabel(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.refresh_figures()

    def refresh_figures(self) -> None:
        app = self.app
        lang = app.lang
        summary = home_summary(app.store, app.topics(), app.clock())
        self.summary = summary
        self.query_one("#home-title", Static).update(f"quizapp · {t('subtitle', lang)}")
        self.query_one("#home-today", Static).update(
            t("home.today", lang, reviews=summary.reviewed_today, due=summary.due, new=summary.new))
        self.query_one("#home-streak", Static).update(t("home.streak", lang, count=summary.streak_days))
        self.query_one(TopicTable).show(summary.topics, lang)
        hint = t("home.hint", lang) if summary.due or summary.new else t("home.nothing", lang)
        self.query_one("#home-hint", Static).update(hint)
        errors = len(app.bank.errors) if app.bank is not None else 0
        notice = self.query_one("#home-notice", Static)
        notice.update(t("home.bank_errors", lang, count=errors) if errors else "")
        notice.display = bool(errors)

    def on_bank_loaded(self) -> None:
        self.refresh_figures()

    def _topic(self) -> str | None:
        return self.query_one(TopicTable).selected_topic

    def action_study_all(self) -> None:
        self.app.start_study(None, "study")

    def action_study_topic(self) -> None:
        if (topic := self._topic()) is not None:
            self.app.start_study([topic], "study")

    def action_cram_topic(self) -> None:
        if (topic := self._topic()) is not None:
            self.app.start_study([topic], "cram")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.start_study([event.row_key.value], "study")
