"""Study: one card at a time from a ``quizapp.session`` study or cram session.

The screen holds the session and calls its methods (answer, reveal, rate, next,
skip, undo, flag); it only draws what they return. Everything shown is redrawn
from the session's state and the outcomes of the current card, so switching the
language re-renders the same instance.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from quizapp.session import CramSession, Outcome, Reveal, SessionError, StudySession
from quizapp.store import StoreError
from quizapp.tui.i18n import localize_bindings, t
from quizapp.tui.screens.help import key_of
from quizapp.tui.widgets.card import LETTERS, outcome_text, question_text, reveal_text, stage_prompt

RATE = Binding.Group("Rate", compact=True)
CHOOSE = Binding.Group("Choose", compact=True)
MAX_OPTIONS = 9


class FlagScreen(ModalScreen[str | None]):
    """Ask what looks wrong with the card; dismisses with the note, or None."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="close")]

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(id="flag-box"):
            yield Static(t("study.flag_prompt", lang))
            yield Input(placeholder=t("study.flag_placeholder", lang), id="flag-note")

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StudyScreen(Screen):
    BINDINGS = [
        Binding("escape", "home", "Home", id="study-home"),
        Binding("enter", "next", "Next", id="study-next"),
        Binding("space", "reveal", "Reveal", id="study-reveal"),
        *(Binding(str(n), f"rate({n})", "Rate", id=f"study-rate-{n}", group=RATE) for n in range(1, 5)),
        *(Binding(str(n), f"choose({n})", "Choose", id=f"study-choose-{n}", group=CHOOSE)
          for n in range(1, MAX_OPTIONS + 1)),
        Binding("enter", "submit_choice", "Submit", id="study-submit-choice", show=False),
        Binding("ctrl+z", "undo", "Undo", id="study-undo"),
        Binding("ctrl+n", "skip", "Skip", id="study-skip"),
        Binding("ctrl+f", "flag", "Flag", id="study-flag", show=False),  # in help and the palette
        Binding("c", "cram", "Cram", id="study-cram"),
    ]

    def __init__(self, topics: list[str] | None = None, mode: str = "study"):
        super().__init__()
        self.topics = topics
        self.mode = mode
        self.session: StudySession | None = None
        self.outcomes: list[tuple[Outcome, str]] = []  # this card's answers (steps: one per stage)
        self.revealed: Reveal | None = None
        self.chosen: frozenset[int] = frozenset()  # a multiple-answer choice card's picks

    def compose(self) -> ComposeResult:
        yield Static(id="study-progress", classes="screen-title")
        with VerticalScroll(id="card"):  # in reading order: question, stages so far, this stage, answer, verdict
            yield Static(id="card-question")
            yield Static(id="card-stages")
            yield Static(id="card-step")
            yield Input(id="answer")
            yield Static(id="card-verdict")
        yield Static(id="study-hint", classes="hint")
        yield Footer(compact=True, show_command_palette=False)  # fits 80 columns; ctrl+p still works

    def on_mount(self) -> None:
        self._open_session()
        self.watch(self.app, "lang", self._relabel)

    def _open_session(self) -> None:
        app = self.app
        kind = CramSession if self.mode == "cram" else StudySession
        try:
            self.session = kind(app.store, app.bank, topics=self.topics, seed=app.seed, clock=app.clock)
        except (SessionError, StoreError) as e:
            self.session = None
            self.notify(str(e), severity="error")

    def _close_session(self) -> None:
        if self.session is not None:
            try:
                self.session.close()
            except StoreError:
                pass  # every review is already committed; only the session's end time is lost

    def on_unmount(self) -> None:
        self._close_session()

    def on_screen_resume(self) -> None:
        """Back from settings (or help): an empty session is tried again, since a
        raised daily limit may have made cards available."""
        if self.session is not None and self.session.empty is not None:
            self._close_session()
            self._open_session()
        self.redraw()

    # -- drawing

    def _relabel(self, lang: str) -> None:
        localize_bindings(self, lang)
        self.redraw()

    def redraw(self) -> None:
        """Draw everything from the session's state and this card's outcomes."""
        lang = self.app.lang
        s = self.session
        q = s.current if s is not None else None
        state = s.state if s is not None else "finished"
        answer = self.query_one("#answer", Input)
        answer.placeholder = t("study.answer_placeholder", lang)
        self.query_one("#study-progress", Static).update(self._progress_line(lang))
        question = question_text(q, lang, self.chosen) if q else Text(self._empty_text(lang))
        self.query_one("#card-question", Static).update(question)
        stages = []  # each stage answered so far: its question, then its verdict
        for o, typed in self.outcomes:
            if o.stage is not None and not o.card_done and o.verdict != "unreadable":
                stages += [stage_prompt(q, o.stage, lang), outcome_text(o, typed, lang, solution=False), Text()]
        self._show("#card-stages", Group(*stages) if stages else None)
        self._show("#card-step", stage_prompt(q, q.stage, lang) if q is not None and q.stage is not None else None)
        last = self.outcomes[-1] if self.outcomes else None
        if state == "answered" and last is not None:
            shown = outcome_text(*last, lang, note=q.instance.note if q else None)
        elif state == "revealed" and self.revealed is not None:
            shown = reveal_text(self.revealed, lang)
        elif last is not None and last[0].verdict == "unreadable":
            shown = outcome_text(*last, lang)
        else:
            shown = None
        self._show("#card-verdict", shown)
        typing = state == "asking" and q is not None and q.kind in ("numeric", "steps")
        answer.display = typing
        if typing:
            answer.focus()
        else:
            self.set_focus(None)
        self.query_one("#study-hint", Static).update(self._hint(state, q, lang))
        self.refresh_bindings()

    def _show(self, selector: str, content) -> None:
        """Put ``content`` in a Static of the card, hidden while there is none."""
        box = self.query_one(selector, Static)
        box.update(content if content is not None else "")
        box.display = content is not None

    def _empty_text(self, lang: str) -> str:
        """Why there is no card: the session's ``empty`` reason, with what to do."""
        s = self.session
        empty = s.empty if s is not None else None
        if empty is None:
            return ""
        reason = "new_off" if empty.reason == "new_limit" and empty.new_limit == 0 else empty.reason
        count = empty.new_limit if reason == "new_limit" else empty.review_limit
        return t(f"study.empty.{reason}", lang, count=count, due=empty.due_waiting,
                 settings=key_of(self.app, "settings"), cram=key_of(self.app, "study-cram"))

    def _progress_line(self, lang: str) -> str:
        s = self.session
        topic = (", ".join(self.app.topic_title(x) for x in self.topics) if self.topics
                 else t("study.all_topics", lang))
        mode = t(f"study.mode.{self.mode}", lang)
        if s is None or not s.progress.total:
            return f"{mode} · {topic}"
        p = s.progress
        return t("study.progress", lang, mode=mode, topic=topic, done=p.position, total=p.total)

    def _hint(self, state: str, q, lang: str) -> str:
        s = self.session
        if s is None or s.empty is not None:
            return ""  # the card area says why
        if state == "finished":
            p = s.progress
            # graded cards answered right and self-rated cards recalled
            return t("study.done", lang, count=p.answered, right=p.correct + p.recalled)
        if state == "answered":
            return t("study.next_hint", lang)
        if q.kind == "concept":
            return t("study.reveal_hint" if state == "asking" else "study.rate_hint", lang)
        if q.kind == "choice":
            return t("study.choice_multi_hint" if q.instance.multiple else "study.choice_hint", lang)
        return ""

    # -- which keys apply now

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        s = self.session
        state = s.state if s is not None else "finished"
        q = s.current if s is not None else None
        kind = q.kind if q is not None else None
        if action == "next":
            return state == "answered"
        if action == "reveal":
            return state == "asking" and kind == "concept"
        if action == "rate":
            return state == "revealed"
        if action == "choose":
            return state == "asking" and kind == "choice" and int(parameters[0]) <= len(q.instance.options)
        if action == "submit_choice":
            return state == "asking" and kind == "choice"
        if action == "skip":
            return state in ("asking", "revealed")
        if action == "flag":
            return q is not None
        if action == "undo":
            return s is not None
        if action == "cram":
            return s is not None and s.empty is not None and self.mode == "study" and s.empty.reason != "no_cards"
        return True

    # -- actions (each one session call, then a redraw)

    def _call(self, method, *args):
        """Call a session method; a store or session failure is one notice and
        leaves the card as it was. Returns the method's result, or None."""
        try:
            return method(*args)
        except (SessionError, StoreError) as e:
            self.notify(str(e), severity="error")
            return None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session is None or self.session.state != "asking":
            return
        if not event.value.strip():
            self.notify(t("study.type_first", self.app.lang), severity="warning", timeout=4)
            return
        self._answer(event.value)

    def _answer(self, typed: str) -> Outcome | None:
        outcome = self._call(self.session.answer, typed)
        if outcome is None:
            return None
        self.outcomes.append((outcome, typed))
        if outcome.verdict != "unreadable":
            self.query_one("#answer", Input).value = ""
        self.redraw()
        return outcome

    def action_reveal(self) -> None:
        self.revealed = self._call(self.session.reveal, "")
        self.redraw()

    def action_rate(self, n: int) -> None:
        outcome = self._call(self.session.rate, n)
        if outcome is not None:
            self.outcomes.append((outcome, ""))
        self.redraw()

    def action_choose(self, n: int) -> None:
        q = self.session.current
        if q.instance.multiple:
            self.chosen = self.chosen ^ {n - 1}
            self.redraw()
        else:
            self._answer(LETTERS[n - 1])

    def action_submit_choice(self) -> None:
        """Enter on a choice card: submit the picks (several-answer cards), or say
        which keys pick an option."""
        if self.chosen:
            self._answer(",".join(LETTERS[i] for i in sorted(self.chosen)))
        else:
            n = len(self.session.current.instance.options)
            self.notify(t("study.pick_first", self.app.lang, n=n, last=LETTERS[n - 1]), severity="warning", timeout=4)

    def _new_card(self, outcomes: list[tuple[Outcome, str]] | None = None) -> None:
        """Draw the session's current card afresh (``outcomes``: stage verdicts to keep)."""
        self.outcomes, self.revealed, self.chosen = list(outcomes or ()), None, frozenset()
        self.query_one("#answer", Input).value = ""
        self.redraw()
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)

    def action_next(self) -> None:
        self._call(self.session.next)
        self._new_card()

    def action_skip(self) -> None:
        self._call(self.session.skip)
        self.notify(t("study.skipped", self.app.lang), timeout=2)
        self._new_card()

    def action_undo(self) -> None:
        if self._call(self.session.undo) is None:
            self.notify(t("study.nothing_to_undo", self.app.lang), severity="warning")
            return
        self.notify(t("study.undone", self.app.lang))
        stage = self.session.current.stage if self.session.current is not None else None
        # a stage of this card taken back: the stages before it keep their verdicts
        kept = [(o, typed) for o, typed in self.outcomes
                if stage and o.stage is not None and o.stage < stage and o.verdict != "unreadable"]
        self._new_card(kept)

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
