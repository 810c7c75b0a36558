"""A choice card: press 1 for A, 2 for B, … (several right: pick each, then Enter).
The verdict marks every option: picked and right, picked and wrong, right but
missed."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from quizapp.kinds.choice import LETTERS
from quizapp.tui.render import Drawing, existing, group, hanging, heading, solution_ahead, t
from quizapp.tui.widgets.kinds.base import CardView
from quizapp.tui.widgets.prose import Prose

CHOOSE = Binding.Group("Choose", compact=True)
MAX_OPTIONS = 9


class ChoiceView(CardView):
    answer_mode = "choice"
    can_focus = True
    BINDINGS = [
        *(Binding(str(n), f"choose({n})", "Choose", id=f"study-choose-{n}", group=CHOOSE)
          for n in range(1, MAX_OPTIONS + 1)),
        Binding("enter", "submit", "Submit", id="study-submit-choice"),
    ]

    def __init__(self, question, **kwargs):
        super().__init__(question, **kwargs)
        self.chosen: frozenset[int] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return self.state == "asking" and int(parameters[0]) <= len(self.question.instance.options)
        if action == "submit":
            return self.state == "asking" and self.question.instance.multiple
        return True

    def action_choose(self, n: int) -> None:
        if self.question.instance.multiple:
            self.chosen = self.chosen ^ {n - 1}
            self.draw()
        else:
            self.send(self.Answered(LETTERS[n - 1]))

    def action_submit(self) -> None:
        if self.chosen:
            self.send(self.Answered(",".join(LETTERS[i] for i in sorted(self.chosen))))
        else:
            n = len(self.question.instance.options)
            self.notify(t("study.pick_first", self.lang, n=n, last=LETTERS[n - 1]), severity="warning", timeout=4)

    def question_text(self) -> RenderableType:
        head = super().question_text()
        picked = self.picked()
        inst = self.question.instance
        rows = []
        for i, option in enumerate(self.question.options(self.lang)):
            if picked is None:
                mark = "■" if i in self.chosen else " "
            elif i in inst.correct:
                mark = "✓" if i in picked else "○"
            else:
                mark = "✗" if i in picked else " "
            rows.append((f" {mark} {LETTERS[i]}. ", Text(option, style=self._style(i, picked))))
        return group([head, Text(), hanging(rows, style="bold")])

    def _style(self, i: int, picked: frozenset[int] | None) -> str:
        if picked is None:
            return ""
        if i in self.question.instance.correct:
            return "green" if i in picked else "yellow"
        return "red" if i in picked else "dim"

    def picked(self) -> frozenset[int] | None:
        """Once answered: the options the learner picked."""
        last = self.outcomes[-1][0] if self.outcomes else None
        if last is None or not last.card_done or not isinstance(last.value, list):
            return None
        return frozenset(last.value)

    def outcome_text(self, o, typed: str) -> RenderableType:
        legend = Text(t("study.choice_legend", self.lang), style="dim")
        explanation = solution_ahead(tuple(o.solution.get(self.lang) or ())[-1:], "study.explanation", self.lang)
        return group([Prose(heading(o, self.lang)), legend, *existing(explanation), *super().ahead_parts()])

    def ahead_parts(self) -> list[Drawing]:
        explanation = solution_ahead(self.question.solution(self.lang)[-1:], "study.explanation", self.lang)
        return [*existing(explanation), *super().ahead_parts()]


VIEW = ChoiceView
