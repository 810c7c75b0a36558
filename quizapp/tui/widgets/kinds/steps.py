"""A steps card: one problem asked in stages, top-down: each stage's question,
then its verdict, then the next stage and its answer box; the whole worked
solution once the card is done."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from quizapp.tui.render import display_number, group, heading, t
from quizapp.tui.widgets.drawn import Drawn
from quizapp.tui.widgets.kinds.numeric import NumericView
from quizapp.tui.widgets.prose import Prose


class StepsView(NumericView):
    def compose_answer(self) -> ComposeResult:
        yield Drawn(id="card-stages")
        yield Drawn(id="card-step")
        yield from super().compose_answer()

    def draw(self) -> None:
        super().draw()
        stages: list[RenderableType] = []
        answered = [(o, typed) for o, typed in self.outcomes
                    if o.stage is not None and o.word != "again"]  # the last one too, once the card is done
        for n, (o, typed) in enumerate(answered):
            if n:
                stages.append(Text())
            stages += [self._stage_prompt(o.stage), self._stage_verdict(o, typed)]
        box = self.part("#card-stages", Drawn)
        box.show(group(stages) if stages else "")
        box.display = bool(stages)
        step = self.part("#card-step", Drawn)
        q = self.question
        asking = self.state == "asking" and q.stage is not None
        step.show(self._stage_prompt(q.stage) if asking else "")
        step.display = asking

    def _stage_prompt(self, stage: int) -> RenderableType:
        q = self.question
        out = Text()
        out.append(t("study.stage", self.lang, n=stage + 1, total=q.stages) + t("colon", self.lang), style="bold")
        out.append(q.instance.stages[stage].prompt[self.lang])
        return Prose(out)

    def _stage_verdict(self, o, typed: str) -> RenderableType:
        lang = self.lang
        head = heading(o, lang)
        if typed:
            head.append("\n" + t("study.your_answer", lang, answer=typed))
        self._mistake(head, o, o.verdict.text(lang) if o.verdict else "")
        if o.expected and not o.correct:
            head.append("\n")
            head.append(t("study.expected", lang, answer=display_number(o.expected)), style="bold")
        return Prose(head)

    def outcome_text(self, o, typed: str) -> RenderableType:
        """The whole card: every step right or not, then the worked solution."""
        lang = self.lang
        word = "correct" if o.card_verdict == "correct" else "wrong"
        card = Text()
        mark = "✓" if word == "correct" else "✗"
        card.append(f"{mark} ", style="bold green" if word == "correct" else "bold red")
        card.append(t("study.steps_all" if word == "correct" else "study.steps_not_all", lang),
                    style="bold green" if word == "correct" else "bold red")
        return group([Prose(card), *self._worked(o)])  # the heading says it counts as Again (o.note: the drill's)

    def focus_answer(self) -> None:
        box = self.part(Input)
        if box.display:
            self.screen.set_focus(box, scroll_visible=False)  # at once: keys typed ahead go into the box
            self.call_after_refresh(box.scroll_visible, animate=False)


VIEW = StepsView
