"""Setting up a mock interview: how many questions (5, 10 or 20), your weakest areas
or any question at random, from the topics ticked (all at first), the minutes in all
(three a question unless you type another number) and an optional limit per
question. The Start button has the focus, so Enter starts at once with what is
shown; ctrl+s starts from any field; h opens the history of past interviews.
``quizapp mock`` opens this screen with the choices given on its command line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, SelectionList, Static

from quizapp.content import find_topic
from quizapp.catalog import render
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import t

COUNTS = (5, 10, 20)
PER_QUESTION_MINUTES = (0, 1, 2, 3, 5)  # 0: no limit
MINUTES_PER_QUESTION = 3
MAX_MINUTES = 600


class MockSetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="mock-start", priority=True),
        Binding("h", "history", "History", id="mock-history"),
        Binding("escape", "app.pop_screen", "Home", id="mock-setup-home"),
    ]

    def __init__(self, preset: dict | None = None) -> None:
        super().__init__()
        self.auto_minutes = str(MINUTES_PER_QUESTION * COUNTS[0])  # while shown, a new count changes them
        # count, minutes, per_question (minutes), topics (as typed), weakest; None: the app's
        # last choices (``app.mock_setup``: those of ``quizapp mock``, then of the last interview)
        self.preset = None if preset is None else dict(preset)

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="mock-setup-title", classes="screen-title")
        yield Static(markup=False, id="mock-setup-hint", classes="hint")
        with Horizontal(id="mock-setup"):
            with Vertical(id="mock-setup-left"):
                yield Label(markup=False, id="lbl-mock-count")
                yield RadioSet(*(RadioButton(str(n), value=n == COUNTS[0], compact=True) for n in COUNTS),
                               id="mock-count", compact=True)
                yield Label(markup=False, id="lbl-mock-source")
                yield RadioSet(RadioButton(id="mock-weakest", value=True, compact=True),
                               RadioButton(id="mock-chosen", compact=True), id="mock-source", compact=True)
                yield Label(markup=False, id="lbl-mock-minutes")
                yield Input(str(MINUTES_PER_QUESTION * COUNTS[0]), id="mock-minutes", type="integer",
                            max_length=3, compact=True)
                yield Label(markup=False, id="lbl-mock-per-question")
                yield Select(self._limits(self.app.lang), value=0, id="mock-per-question", allow_blank=False,
                             compact=True)
                yield Button(id="mock-start-button", variant="primary", compact=True)
            with Vertical(id="mock-setup-right"):
                yield Label(markup=False, id="lbl-mock-topics")
                yield SelectionList(id="mock-topics", compact=True)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._fill_topics()
        self.watch(self.app, "lang", self._relabel)
        self.query_one("#mock-start-button", Button).focus()

    def on_bank_loaded(self) -> None:
        self._fill_topics()  # a first launch: the topics are known once the bank is there

    def _fill_topics(self) -> None:
        box = self.query_one("#mock-topics", SelectionList)
        if box.option_count or not self.app.topics():
            return
        box.add_options([(Text(self.app.topic_title(topic)), topic, True) for topic in self.app.topics()])
        self._apply_preset()

    def _apply_preset(self) -> None:
        """The choices given to ``quizapp mock`` (checked there), shown on the form."""
        p = self.preset if self.preset is not None else dict(self.app.mock_setup or {})
        if "count" in p:
            next(b for b in self.query("#mock-count RadioButton") if str(b.label) == str(p["count"])).value = True
        if "minutes" in p:
            self.auto_minutes = ""
            self.query_one("#mock-minutes", Input).value = str(p["minutes"])
        elif "count" in p:
            self.auto_minutes = self.query_one("#mock-minutes", Input).value = str(MINUTES_PER_QUESTION * p["count"])
        if "per_question" in p:
            self.query_one("#mock-per-question", Select).value = p["per_question"]
        self.query_one("#mock-chosen" if p.get("weakest") is False else "#mock-weakest", RadioButton).value = True
        if p.get("topics"):
            box = self.query_one("#mock-topics", SelectionList)
            wanted, unknown = set(), []
            for typed in p["topics"]:
                found = find_topic(self.app.topics(), typed)
                (wanted.add(found) if found is not None else unknown.append(typed))
            for topic in self.app.topics():
                (box.select if topic in wanted else box.deselect)(topic)
            if unknown:
                known = ", ".join(self.app.topics())
                self.notify(t("mock.tui.unknown_topics", self.app.lang, topics=", ".join(unknown)[:200], known=known),
                            severity="warning", timeout=10)

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        q = self.query_one
        q("#mock-setup-title", Static).update(t("mock.tui.setup_title", lang))
        q("#mock-setup-hint", Static).update(t("mock.tui.setup_hint", lang))
        q("#lbl-mock-count", Label).update(t("mock.tui.count", lang))
        q("#lbl-mock-source", Label).update(t("mock.tui.source", lang))
        q("#mock-weakest", RadioButton).label = t("mock.tui.weakest", lang)
        q("#mock-chosen", RadioButton).label = t("mock.tui.chosen", lang)
        q("#lbl-mock-minutes", Label).update(t("mock.tui.minutes", lang, most=MAX_MINUTES))
        q("#lbl-mock-per-question", Label).update(t("mock.tui.per_question", lang))
        q("#lbl-mock-topics", Label).update(t("mock.tui.topics", lang))
        q("#mock-start-button", Button).label = t("mock.tui.start", lang, shortcut=self.app.key_of("mock-start"))
        per = q("#mock-per-question", Select)
        value = per.value if per.value is not Select.NULL else 0
        with self.prevent(Select.Changed):
            per.set_options(self._limits(lang))
            per.value = value
        topics = q("#mock-topics", SelectionList)
        for i, topic in enumerate(self.app.topics()):
            if i < topics.option_count:
                topics.replace_option_prompt_at_index(i, Text(self.app.topic_title(topic)))

    @staticmethod
    def _limits(lang: str) -> list[tuple[str, int]]:
        return [(t("mock.tui.no_limit", lang) if n == 0 else t("mock.tui.minutes_n", lang, count=n), n)
                for n in PER_QUESTION_MINUTES]

    # -- the choices

    @property
    def count(self) -> int:
        return COUNTS[max(0, self.query_one("#mock-count", RadioSet).pressed_index)]

    @property
    def weakest(self) -> bool:
        return self.query_one("#mock-source", RadioSet).pressed_button.id == "mock-weakest"

    @property
    def topics(self) -> list[str] | None:
        """The topics ticked; None when every topic is."""
        ticked = list(self.query_one("#mock-topics", SelectionList).selected)
        return None if set(ticked) >= set(self.app.topics()) else ticked

    @property
    def per_question_s(self) -> int | None:
        value = self.query_one("#mock-per-question", Select).value
        return None if value in (Select.NULL, 0) else int(value) * 60

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        box = self.query_one("#mock-minutes", Input)
        if event.radio_set.id == "mock-count" and box.value.strip() == self.auto_minutes:
            self.auto_minutes = box.value = str(MINUTES_PER_QUESTION * self.count)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def minutes(self) -> int | None:
        """The minutes typed, or None (and one sentence saying why) when they cannot be used."""
        typed = self.query_one("#mock-minutes", Input).value.strip()
        if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= MAX_MINUTES:
            return int(typed)
        self.notify(t("mock.tui.bad_minutes", self.app.lang, typed=typed[:20], most=MAX_MINUTES),
                    severity="error", timeout=6)
        return None

    def action_start(self) -> None:
        from quizapp.session import SessionError
        from quizapp.tui.screens.mock import MockScreen
        from quizapp.workspace import StoreError

        app = self.app
        lang = app.lang
        if app.workspace.bank is None:
            self.notify(t("home.loading", lang), timeout=2)
            return
        minutes = self.minutes()
        if minutes is None:
            return
        topics = self.topics
        if topics is not None and not topics:
            self.notify(t("mock.tui.no_topics", lang), severity="warning", timeout=6)
            return
        try:
            interview = app.workspace.mock(count=self.count, time_limit_s=minutes * 60, topics=topics,
                                           question_limit_s=self.per_question_s, weakest=self.weakest,
                                           seed=app.seed)
        except (SessionError, StoreError) as e:
            msg = getattr(e, "msg", None)
            self.notify(render(msg, lang) if msg is not None else str(e), severity="error")
            return
        last = {"count": self.count, "weakest": self.weakest, "per_question": (self.per_question_s or 0) // 60}
        if minutes != MINUTES_PER_QUESTION * self.count:
            last["minutes"] = minutes
        if topics is not None:
            last["topics"] = topics
        app.mock_setup = last  # the next setup (m on home or on the scorecard) starts from these choices
        app.switch_screen(MockScreen(interview))

    def action_history(self) -> None:
        from quizapp.tui.screens.mock_results import MockHistoryScreen

        self.app.push_screen(MockHistoryScreen())
