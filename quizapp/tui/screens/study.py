"""Study: one card at a time from a study or cram session.

The screen holds the session and calls its methods (answer, reveal, rate, next,
skip, undo, flag); it never judges anything. The card itself is drawn by its
kind's view (``quizapp.tui.widgets.kinds``), mounted afresh for each card, which
posts the learner's answers up; the screen passes outcomes down. While an answer
is typed, PageUp/PageDown and the arrow keys scroll the card. The verdict fills a
pane sized while the card was asked; after it Home/End scroll too, and the answer
box keeps the focus, locked (moving the focus restyles widgets on the way to the
verdict's frame), until the next card's box takes it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from quizapp.catalog import duration, render
from quizapp.session import Outcome, SessionError
from quizapp.tui.compat import KeyFooter, paint_now
from quizapp.tui.render import t
from quizapp.tui.widgets.drawn import Drawn
from quizapp.tui.widgets.kinds import AnswerBox, CardView, VerdictPane, view_for
from quizapp.tui.widgets.prose import Prose
from quizapp.workspace import StoreError


class FlagScreen(ModalScreen[str | None]):
    """Ask what looks wrong with the card; dismisses with the note, or None."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="close")]

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="flag-box"):
            yield Static(t("study.flag_prompt", lang), markup=False)
            yield Input(placeholder=t("study.flag_placeholder", lang), id="flag-note", max_length=2000)

    def on_mount(self) -> None:
        self.app.localize(self)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StudyScreen(Screen):
    BINDINGS = [
        Binding("escape", "home", "Home", id="study-home"),
        Binding("enter", "next", "Next", id="study-next", priority=True),  # before the hidden answer box
        Binding("ctrl+z", "undo", "Undo", id="study-undo", priority=True),
        Binding("ctrl+n,f6", "skip", "Skip", id="study-skip", priority=True),  # f6: browsers keep ctrl+n
        Binding("ctrl+f", "flag", "Flag", id="study-flag", show=False, priority=True),
        Binding("c", "cram", "Cram", id="study-cram"),
        Binding("pageup", "scroll('page_up')", "Page up", id="study-page-up", show=False),
        Binding("pagedown", "scroll('page_down')", "Page down", id="study-page-down", show=False),
        Binding("up", "scroll('scroll_up')", "Scroll up", id="study-scroll-up", show=False),
        Binding("down", "scroll('scroll_down')", "Scroll down", id="study-scroll-down", show=False),
        Binding("home", "scroll('scroll_home')", "Top", id="study-top", show=False, priority=True),
        Binding("end", "scroll('scroll_end')", "Bottom", id="study-bottom", show=False, priority=True),
    ]

    def __init__(self, topics: list[str] | None = None, mode: str = "study", templates: list[str] | None = None):
        super().__init__()
        self.topics = topics
        self.mode = mode
        self.templates = templates  # cram exactly these cards (the card browser's selection)
        self.session = None
        self.view: CardView | None = None
        self._typed_ahead: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        self._progress = Drawn(id="study-progress", classes="screen-title")
        self._hint_line = Drawn(id="study-hint", classes="hint")
        yield self._progress
        yield VerticalScroll(id="card")
        yield self._hint_line
        yield KeyFooter(compact=True, show_command_palette=False)  # fits 80 columns; ctrl+p still works

    async def on_mount(self) -> None:
        self.app.localize(self)
        self._open_session()
        self.watch(self.app, "lang", self._relabel, init=False)
        await self._new_card()
        # the verdict's hint names a key: find it now, while the first card is read
        # (the first lookup imports every screen), not in the verdict's frame
        self.call_after_refresh(self.app.key_of, "scratchpad")

    def _open_session(self) -> None:
        app = self.app
        try:
            self.session = app.workspace.study(self.topics, self.mode, seed=app.seed, templates=self.templates)
        except (SessionError, StoreError) as e:
            self.session = None
            self.notify(_said(e, app.lang), severity="error")

    def _close_session(self) -> None:
        if self.session is not None:
            try:
                self.session.close()
            except StoreError:
                pass  # every review is already committed; only the session's end time is lost

    def on_unmount(self) -> None:
        self._close_session()

    async def on_screen_resume(self) -> None:
        """Back from settings (or help): an empty session is tried again, since a
        raised daily limit may have made cards available."""
        if self.session is not None and self.session.empty is not None:
            self._close_session()
            self._open_session()
            await self._new_card()
        else:
            self.redraw()

    # -- drawing

    def _relabel(self, lang: str) -> None:
        self.app.localize(self)
        if self.view is not None:
            self.app.localize(self.view)
        self.redraw()

    async def _new_card(self) -> None:
        """Mount the view of the session's current card (or say why there is none)."""
        card = self.query_one("#card", VerticalScroll)
        await card.remove_children()
        q = self.session.current if self.session is not None else None
        self.view = None
        if q is None:
            await card.mount(Static(Prose(Text(self._empty_text(self.app.lang))), id="card-empty", markup=False))
        else:
            self.view = view_for(q.kind)(q)
            if hasattr(self.view, "intervals"):
                self.view.intervals = self.session.intervals()
            await card.mount(self.view)
            self.app.localize(self.view)
        card.scroll_home(animate=False)
        self.redraw()
        self._replay_typed_ahead()

    def redraw(self, progress: bool = True) -> None:
        """Draw the card, the progress line and the hint from the session's state (a
        verdict leaves the progress line, and its count to relearn, to the next card,
        and the hint to the frame after its own: the verdict's frame draws the verdict)."""
        lang = self.app.lang
        s = self.session
        if progress:
            self._progress.show(self._progress_line(lang))
        state = s.state if s is not None else "finished"
        view = self.view
        if view is not None and view.is_mounted:
            view.question = s.current or view.question
            view.state = state
            view.draw()
            if state == "asking":
                view.focus_answer()
            elif state == "revealed":
                self.set_focus(view, scroll_visible=False)
            elif not isinstance(self.focused, AnswerBox):  # a locked answer box keeps it (see AnswerBox)
                # the screen's keys scroll the card; focusing the card restyles all of it (~3 ms)
                self.set_focus(None, scroll_visible=False)
        if view is None:
            empty = self.query("#card-empty")
            if empty:
                empty.first(Static).update(Prose(Text(self._empty_text(lang))))
        if state != "answered":
            self._show_hint()
            self.refresh(layout=True, repaint=False)  # stages, a reveal, focus: in the coming frame, not one later
        else:
            # the verdict's frame holds the verdict alone, painted in place (what changes size asks
            # for a layout itself: Drawn.show); the hint and the footer's keys follow in the next
            if view is not None:
                paint_now(*view.drawn())
            self.call_after_refresh(self._show_hint)
        self.call_after_refresh(self.refresh_bindings)

    def _show_hint(self) -> None:
        s = self.session
        self._hint_line.show(self._hint(s.state if s is not None else "finished", self.app.lang))

    def _empty_text(self, lang: str) -> str:
        """Why there is no card: the session's ``empty`` reason, with what to do."""
        s = self.session
        if s is None:
            return ""
        if s.empty is None:
            return t("study.done", lang, count=s.progress.answered, right=s.progress.correct + s.progress.recalled)
        e = s.empty
        reason = "new_off" if e.reason == "new_limit" and e.new_limit == 0 else e.reason
        count = e.new_limit if reason == "new_limit" else e.review_limit
        return t(f"study.empty.{reason}", lang, count=count, due=e.due_waiting,
                 settings=self.app.key_of("settings"), cram=self.app.key_of("study-cram"))

    def _progress_line(self, lang: str) -> str:
        s = self.session
        if self.templates is not None:
            topic = t("browser.selection", lang, count=len(self.templates))
        else:
            topic = (", ".join(self.app.topic_title(x) for x in self.topics) if self.topics
                     else t("study.all_topics", lang))
        mode = t(f"study.mode.{self.mode}", lang)
        if s is None or not s.progress.total:
            return f"{mode} · {topic}"
        p = s.progress
        line = t("study.progress", lang, mode=mode, topic=topic, done=p.position, total=p.total)
        if p.again:
            line += " · " + t("study.to_relearn", lang, count=p.again)
        return line

    def _hint(self, state: str, lang: str) -> str:
        s = self.session
        if s is None or s.empty is not None or state == "finished":
            return ""
        if state == "answered":
            hint = t("study.next_hint", lang)
            if s.current is not None and s.current.instance.stages:  # worked numbers: the scratchpad has them
                hint += " · " + t("pad.study_hint", lang, press=self.app.key_of("scratchpad"))
            return hint
        q = s.current
        mode = self.view.answer_mode if self.view is not None else ""
        if mode == "self":
            if state == "asking":
                return t("study.reveal_hint", lang)
            keys = "   ".join(f"{self.app.key_of(f'study-rate-{n}')} {self.view.key_label(f'study-rate-{n}')}"
                               for n in range(1, 5))
            return t("study.rate_keys", lang, keys=keys)
        if mode == "choice":
            return t("study.choice_multi_hint" if q.instance.multiple else "study.choice_hint", lang)
        return ""

    # -- which keys apply now

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        state = s.state if s is not None else "finished"
        if action == "next":
            return state == "answered"
        if action == "skip":
            return state in ("asking", "revealed")
        if action == "flag":
            return s is not None and (s.current is not None or s.progress.answered > 0)
        if action == "undo":
            return s is not None
        if action == "scroll" and parameters and parameters[0] in ("scroll_home", "scroll_end"):
            return not _typing(self.focused)  # Home and End move the cursor in a box being typed in
        if action == "cram":
            return (s is not None and s.empty is not None and self.mode == "study"
                    and s.empty.reason != "no_cards")
        return True

    # -- the scratchpad

    def scratchpad_start(self):
        """How the scratchpad opens over this screen (the app asks, on f5): while a
        card is being answered, a calculator only (the engine on this card's numbers
        would give the answer away); after its verdict, the card's computation with
        its numbers (a steps card: its last stage worked by the engine, else its last
        stage), so the learner can change one argument and see what moves."""
        from quizapp.scratchpad import preload
        from quizapp.tui.screens.scratchpad import Preload

        s = self.session
        q = s.current if s is not None else None
        if q is None or s.state == "finished":
            return Preload()
        if s.state == "asking":
            return Preload(allow_engine=False)
        stages = q.instance.stages
        if not stages:
            return Preload()
        computed = [stage for stage in stages if stage.computation]
        stage = computed[-1] if computed else stages[-1]
        return Preload(preload(stage), computation=stage.computation, pick=tuple(stage.pick))

    # -- answers from the card's view

    def _call(self, method, *args):
        """Call a session method; a store or session failure is one notice and
        leaves the card as it was. Returns the method's result, or None."""
        try:
            return method(*args)
        except (SessionError, StoreError) as e:
            self.notify(_said(e, self.app.lang), severity="error")
            return None

    def on_card_view_answered(self, message: CardView.Answered) -> None:
        message.stop()
        if self.session is None or self.session.state != "asking" or self.view is None:
            return
        outcome = self._call(self.session.answer, message.text)
        if outcome is None:
            return
        view = self.view
        view.outcomes.append((outcome, message.text))
        if outcome.word != "again" and not outcome.card_done and hasattr(view, "clear_answer"):
            view.clear_answer()  # the next stage of a steps card (a done card's view is replaced)
        self.redraw(progress=not outcome.card_done)

    def on_card_view_reveal_asked(self, message: CardView.RevealAsked) -> None:
        message.stop()
        if self.view is None:
            return
        self.view.revealed = self._call(self.session.reveal, "")
        self.redraw()

    async def on_card_view_rated(self, message: CardView.Rated) -> None:
        """A self-rating is the whole answer: say what it scheduled and go on."""
        message.stop()
        outcome = self._call(self.session.rate, message.rating)
        if outcome is None:
            return
        self.notify(self._rated_note(outcome), timeout=3)
        self._call(self.session.next)
        await self._new_card()

    def _rated_note(self, o: Outcome) -> str:
        lang = self.app.lang
        name = t(f"rating.{o.rating}", lang)
        if o.again_later:
            return t("study.rated_again", lang, rating=name)
        if o.interval is not None:
            return t("study.rated", lang, rating=name, interval=render(duration(o.interval), lang))
        return t("study.rated_practice", lang, rating=name)

    # -- keys

    async def action_next(self) -> None:
        self._call(self.session.next)
        await self._new_card()

    async def action_skip(self) -> None:
        q = self._call(self.session.skip)
        self.notify(t("study.skipped" if q is not None else "study.skipped_last", self.app.lang), timeout=2)
        await self._new_card()

    async def action_undo(self) -> None:
        s = self.session
        view = self.view
        mid_card = (view is not None and s.state == "asking" and s.current is not None
                    and bool(s.current.stage))
        back = self._call(s.undo)
        if back is None:
            self.notify(t("study.nothing_to_undo", self.app.lang), severity="warning")
            return
        self.notify(t("study.undone", self.app.lang))
        if mid_card and view is not None:  # a stage of this card taken back: the earlier stages keep theirs
            kept = [(o, typed) for o, typed in view.outcomes
                    if o.stage is not None and o.stage < back.stage and o.word != "again"]
            view.outcomes = kept
            self.redraw()
        else:
            await self._new_card()

    def action_flag(self) -> None:
        def save(note: str | None) -> None:
            if note is not None and self._call(self.session.flag, note) is not None:
                self.notify(t("study.flagged", self.app.lang))
            self.redraw()

        self.app.push_screen(FlagScreen(), save)

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_cram(self) -> None:
        self.app.switch_screen(StudyScreen(topics=self.topics, mode="cram"))

    def on_key(self, event: events.Key) -> None:
        """Characters typed ahead — Enter for the next card, then its answer at once —
        reach the old card while the new one is being drawn: keep them, and give them
        to the new card (its answer box, or its option and rating keys) once it is up."""
        s = self.session
        if (s is not None and s.state == "answered" and event.character and event.character.isprintable()
                and not _typing(self.focused)):
            event.stop()
            self._typed_ahead.append((event.key, event.character))

    def _replay_typed_ahead(self) -> None:
        keys, self._typed_ahead = self._typed_ahead, []
        if self.session is None or self.session.state != "asking":
            return
        for key, character in keys:
            self.app.post_message(events.Key(key, character))

    def action_scroll(self, how: str) -> None:
        """Scroll as nested panes do: down, the card until the verdict's pane is all in
        view, then the pane; up, the pane back to its top, then the card. Home and End
        take both to their top or bottom."""
        card = self.query_one("#card", VerticalScroll)
        panes = self.query(VerdictPane)
        shown = self.session is not None and self.session.state in ("answered", "revealed")  # a verdict, an answer
        pane = panes.first() if panes and shown else None
        if pane is None or how in ("scroll_home", "scroll_end"):
            targets = [card] if pane is None else [card, pane]
        elif how in ("page_down", "scroll_down"):
            targets = [card if card.scroll_y < card.max_scroll_y else pane]
        else:
            targets = [pane if pane.scroll_y > 0 else card]
        for target in targets:
            try:
                getattr(target, f"action_{how}")()
            except SkipAction:  # nothing to scroll there
                pass


def _typing(widget) -> bool:
    """Keys go into ``widget``: an input box on screen (and not a locked answer box)."""
    if isinstance(widget, AnswerBox):
        return widget.typing
    return isinstance(widget, Input) and widget.display


def _said(error: Exception, lang: str) -> str:
    """An error's sentence in ``lang`` (a catalog message where it has one)."""
    msg = getattr(error, "msg", None)
    return render(msg, lang) if msg is not None else str(error)
