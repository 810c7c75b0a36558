"""The mock interview itself: one question at a time, like a real interview — a
countdown always visible (the interview's time and, with a limit per question, the
question's), no verdict until the end. The card is drawn by its kind's view from
the study screen, made quiet (``quiet_view``): it says when an answer could not be
read (or needs more figures) and nothing else; a concept question gets a box for an
answer in your own words. ctrl+n passes on a question; Escape asks whether to end
the interview, which keeps what was answered.

The countdown is redrawn by a one-second timer reading the app's clock (the tests
inject one); the same tick applies the time limits (``MockInterview.check_time``).
When the interview is over, concept answers go to the key-point screen, then the
scorecard (``mock_results``).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TextArea

from quizapp.catalog import render
from quizapp.session import MockInterview, SessionError
from quizapp.tui.compat import KeyFooter
from quizapp.tui.render import heading, t
from quizapp.tui.widgets.kinds import CardView, view_for
from quizapp.tui.widgets.prose import Prose
from quizapp.workspace import StoreError


class _Quiet:
    """Mixed into a kind's study view: no verdict, only "asked again" (an answer
    that could not be read, or needs more figures) is said; a steps card's answered
    stages show what was typed."""

    def verdict_text(self) -> RenderableType | None:
        last = self.outcomes[-1][0] if self.outcomes else None
        if last is not None and last.word == "again":
            return Prose(heading(last, self.lang))
        return None

    def _stage_verdict(self, o, typed: str) -> RenderableType:
        return Prose(Text(t("study.your_answer", self.lang, answer=typed), style="dim"))


class AnswerArea(TextArea):
    """A box for an answer in your own words: the lines wrap as you type, Enter
    hands the answer in (``Submitted``)."""

    MAX_LENGTH = 5000

    class Submitted(Message):
        def __init__(self, area: AnswerArea, value: str):
            super().__init__()
            self.area, self.value = area, value

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        if event.is_printable and len(self.text) >= self.MAX_LENGTH:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class MockConceptView(CardView):
    """A concept question in an interview: answered in your own words (the box
    wraps; Enter hands it in); its key points are ticked after the interview."""

    answer_mode = "typed"

    def compose_answer(self) -> ComposeResult:
        yield AnswerArea(id="answer", placeholder=t("mock.tui.concept_placeholder", self.app.lang),
                         soft_wrap=True, compact=True, highlight_cursor_line=False)

    def on_answer_area_submitted(self, event: AnswerArea.Submitted) -> None:
        event.stop()
        if self.state != "asking":
            return
        if not event.value.strip():
            self.notify(t("mock.tui.type_first", self.lang), severity="warning", timeout=4)
            return
        self.send(self.Answered(event.value))

    def draw(self) -> None:
        super().draw()
        self.query_one(AnswerArea).placeholder = t("mock.tui.concept_placeholder", self.lang)

    def clear_answer(self) -> None:
        self.query_one(AnswerArea).text = ""

    def focus_answer(self) -> None:
        box = self.query_one(AnswerArea)
        box.focus()
        box.scroll_visible(animate=False)

    def verdict_text(self) -> RenderableType | None:
        return _Quiet.verdict_text(self)  # type: ignore[arg-type]


_QUIET: dict[str, type[CardView]] = {}


def quiet_view(kind: str) -> type[CardView]:
    """The view a mock interview draws a ``kind`` card with."""
    if kind not in _QUIET:
        base = view_for(kind)
        _QUIET[kind] = (MockConceptView if base.answer_mode == "self"
                        else type(f"Mock{base.__name__}", (_Quiet, base), {}))
    return _QUIET[kind]


class EndInterviewScreen(ModalScreen[bool]):
    """Ask before ending the interview early; dismisses with True to end it."""

    BINDINGS = [
        Binding("y", "end", "End it", id="mock-end-yes"),
        Binding("n,escape", "go_on", "Go on", id="mock-end-no"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="mock-end-box"):
            yield Static(markup=False, id="mock-end-text")
            yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._relabel)

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        self.query_one("#mock-end-text", Static).update(
            t("mock.tui.end_confirm", lang))

    def action_end(self) -> None:
        self.dismiss(True)

    def action_go_on(self) -> None:
        self.dismiss(False)


class MockScreen(Screen):
    in_interview = True  # the palette offers no second interview meanwhile
    BINDINGS = [
        Binding("escape", "end", "End", id="mock-end"),
        Binding("ctrl+n", "skip", "Pass", id="mock-skip", priority=True),
        Binding("pageup", "scroll('page_up')", "Page up", id="mock-page-up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", id="mock-page-down", show=False),
        Binding("up", "scroll('scroll_up')", "Scroll up", id="mock-scroll-up", show=False),
        Binding("down", "scroll('scroll_down')", "Scroll down", id="mock-scroll-down", show=False),
    ]

    def __init__(self, interview: MockInterview):
        super().__init__()
        self.session = interview
        self.view: CardView | None = None
        self.over = False  # the interview has ended and the screen has moved on

    def compose(self) -> ComposeResult:
        yield Static(markup=False, id="mock-progress", classes="screen-title")
        yield Static(markup=False, id="mock-clock")
        yield VerticalScroll(id="card")
        yield Static(markup=False, id="mock-hint", classes="hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.app.localize(self)
        self.watch(self.app, "lang", self._relabel, init=False)
        self.set_interval(1.0, self.tick)
        await self._new_card()

    def on_unmount(self) -> None:
        if not self.over:  # the app is closing mid-interview: keep what was answered
            try:
                self.session.finish()
            except (SessionError, StoreError):
                pass

    # -- drawing

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        if self.view is not None:
            self.app.localize(self.view)
        self.redraw()

    async def _new_card(self) -> None:
        card = self.query_one("#card", VerticalScroll)
        await card.remove_children()
        q = self.session.current
        self.view = None
        if q is not None:
            self.view = quiet_view(q.kind)(q)
            await card.mount(self.view)
            self.app.localize(self.view)
        card.scroll_home(animate=False)
        self.redraw()

    def redraw(self) -> None:
        lang = self.app.lang
        s = self.session
        q = s.current
        self.query_one("#mock-progress", Static).update(
            t("mock.tui.progress", lang, n=q.position if q is not None else s.question_count,
              total=s.question_count, answered=s.answered))
        self.draw_clock()
        view = self.view
        if view is not None and view.is_mounted and q is not None:
            view.question = q
            view.state = s.state
            view.draw()
            if s.state == "asking":
                view.focus_answer()
        hint = t("mock.tui.hint", lang, skip=self.app.key_of("mock-skip"), end=self.app.key_of("mock-end"))
        if q is not None and q.kind == "choice":
            hint = t("study.choice_multi_hint" if q.instance.multiple else "study.choice_hint", lang) + "\n" + hint
        self.query_one("#mock-hint", Static).update(hint)
        self.call_after_refresh(self.refresh_bindings)

    def draw_clock(self) -> None:
        from quizapp.mock import clock

        lang = self.app.lang
        s = self.session
        left = s.time_left()
        parts = [t("mock.tui.time_left", lang, time=clock(left, countdown=True)) if left is not None
                 else t("mock.tui.untimed", lang)]
        question = s.question_time_left()
        if question is not None:
            parts.append(t("mock.tui.question_left", lang, time=clock(question, countdown=True)))
        line = Text(" · ".join(parts), style="bold")
        if (left is not None and left <= 60) or (question is not None and question <= 15):
            line.stylize("bold red")
        self.query_one("#mock-clock", Static).update(line)

    # -- the timer

    async def tick(self) -> None:
        """Every second: redraw the countdown and apply the time limits."""
        if self.over:
            return
        try:
            happened = self.session.check_time()
        except (SessionError, StoreError) as e:
            self.notify(_said(e, self.app.lang), severity="error")
            return
        if happened == "question":
            self.notify(t("mock.tui.question_time_up", self.app.lang), severity="warning", timeout=4)
        elif happened == "total":
            self.notify(t("mock.tui.time_up", self.app.lang), severity="warning", timeout=6)
        if self.session.scorecard is not None:
            self.go_on()
        elif happened is not None:
            await self._new_card()
        else:
            self.draw_clock()

    def go_on(self) -> None:
        """The interview is over: tick the concept answers' key points, then the
        scorecard. Waits while a dialog (or help, settings) is on top."""
        if self.over or self.app.screen is not self:
            return
        from quizapp.tui.screens.mock_results import KeyPointsScreen, ScorecardScreen

        try:
            self.session.finish()
        except (SessionError, StoreError) as e:  # nothing changed: the interview goes on
            self.notify(_said(e, self.app.lang), severity="error")
            return
        self.over = True
        if self.session.pending_concepts():
            self.app.switch_screen(KeyPointsScreen(self.session))
        else:
            self.app.switch_screen(ScorecardScreen(self.session))

    def on_screen_resume(self) -> None:
        if self.session.scorecard is not None:
            self.go_on()
        else:
            self.redraw()

    # -- answers from the card's view

    async def on_card_view_answered(self, message: CardView.Answered) -> None:
        message.stop()
        s = self.session
        if s.state != "asking" or self.view is None or self.over:
            return
        try:
            outcome = s.answer(message.text)
        except (SessionError, StoreError) as e:
            self.notify(_said(e, self.app.lang), severity="error")
            return
        view = self.view
        if outcome.word == "again":
            view.outcomes.append((outcome, message.text))
            self.redraw()
            return
        if outcome.word == "skipped":  # too late: kept, not graded
            self.notify(render(outcome.note, self.app.lang), severity="warning", timeout=4)
        if not outcome.card_done:  # the next stage of a steps card
            view.outcomes.append((outcome, message.text))
            if hasattr(view, "clear_answer"):
                view.clear_answer()
            self.redraw()
            return
        if s.scorecard is None:
            try:
                s.next()
            except (SessionError, StoreError) as e:
                self.notify(_said(e, self.app.lang), severity="error")
                return
        if s.scorecard is not None:
            self.go_on()
        else:
            await self._new_card()

    # -- keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return not self.over and self.session.current is not None
        return True

    async def action_skip(self) -> None:
        try:
            self.session.skip()
        except (SessionError, StoreError) as e:
            self.notify(_said(e, self.app.lang), severity="error")
            return
        self.notify(t("mock.tui.passed", self.app.lang), timeout=2)
        if self.session.scorecard is not None:
            self.go_on()
        else:
            await self._new_card()

    def action_end(self) -> None:
        def answer(end: bool | None) -> None:
            if end:
                self.call_after_refresh(self.go_on)  # finishes the interview, then the key points or scorecard
            elif self.session.scorecard is not None:  # the time ran out meanwhile
                self.call_after_refresh(self.go_on)

        self.app.push_screen(EndInterviewScreen(), answer)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#card", VerticalScroll), f"action_{how}")()


def _said(error: Exception, lang: str) -> str:
    msg = getattr(error, "msg", None)
    return render(msg, lang) if msg is not None else str(error)
