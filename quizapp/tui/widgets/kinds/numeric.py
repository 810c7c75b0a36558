"""A numeric card: fresh numbers every time; type the answer as you would say it
and press Enter. The verdict says how far off it was, names the common mistake it
matches and works the solution for these exact numbers."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from quizapp.catalog import duration, render
from quizapp.session import Outcome
from quizapp.tui.render import Drawing, display_number, existing, group, heading, solution_ahead, t
from quizapp.tui.widgets.kinds.base import AnswerBox, CardView
from quizapp.tui.widgets.prose import Prose


class NumericView(CardView):
    answer_mode = "typed"

    def compose_answer(self) -> ComposeResult:
        yield AnswerBox(id="answer", placeholder=t("study.answer_placeholder", self.app.lang))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.state != "asking":
            return
        if not event.value.strip():
            self.notify(t("study.type_first", self.lang), severity="warning", timeout=4)
            return
        self.send(self.Answered(event.value))

    def draw(self) -> None:
        super().draw()
        box = self.part(AnswerBox)
        box.placeholder = t("study.answer_placeholder", self.lang)
        box.locked = self.state != "asking"  # kept on screen with what was typed (see AnswerBox)

    def clear_answer(self) -> None:
        self.part(Input).value = ""

    def focus_answer(self) -> None:
        box = self.part(Input)
        if box.display:
            self.screen.set_focus(box, scroll_visible=False)  # at once: keys typed ahead go into the box
            box.scroll_visible(animate=False)

    def outcome_text(self, o: Outcome, typed: str) -> RenderableType:
        lang = self.lang
        head = heading(o, lang)
        message = o.verdict.text(lang) if o.verdict else ""
        if typed:
            head.append("\n" + t("study.your_answer", lang, answer=typed))
            if o.off is not None and "%" not in message:
                head.append(" · " + t("study.off", lang, off=f"{o.off:.0%}"))
        self._mistake(head, o, message)
        if o.expected:
            head.append("\n")
            head.append(t("study.expected", lang, answer=display_number(o.expected)), style="bold")
        parts: list[RenderableType] = [Prose(head)]
        if o.note is not None:
            parts.append(Prose(Text(render(o.note, lang), style="bold yellow")))
        return group(parts + self._worked(o))

    def ahead_parts(self) -> list[Drawing]:
        return [*existing(solution_ahead(self.question.solution(self.lang), "study.solution", self.lang)),
                *super().ahead_parts()]

    def _worked(self, o: Outcome) -> list[RenderableType]:
        """The verdict's foot: the worked solution, when the card is next reviewed (or
        that it comes back), and the card's note; the solution and the note are the
        Drawings made ahead (``ahead_parts``)."""
        solution = solution_ahead(o.solution.get(self.lang) or (), "study.solution", self.lang)
        return [*existing(solution), *self._schedule(o), *super().ahead_parts()]

    def _mistake(self, head: Text, o: Outcome, message: str) -> None:
        label = o.mistake.label.get(self.lang, "") if o.mistake is not None else ""
        if label and label not in message:
            head.append("\n")
            head.append(t("study.mistake", self.lang, label=label), style="bold yellow")

    def _schedule(self, o: Outcome) -> list[RenderableType]:
        if o.again_later:
            return [Text("\n" + t("study.comes_back", self.lang), style="dim")]
        if o.interval is not None:
            return [Text("\n" + t("study.next_review", self.lang, interval=render(duration(o.interval), self.lang)),
                         style="dim")]
        return []


VIEW = NumericView
