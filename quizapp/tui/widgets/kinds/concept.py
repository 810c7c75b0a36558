"""A concept card: think, press space for the model answer and its key points,
then rate yourself 1–4; each rating key shows when the card comes back."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from quizapp.catalog import duration, render
from quizapp.tui.render import group, hanging, note_ahead, t
from quizapp.tui.widgets.kinds.base import CardView
from quizapp.tui.widgets.prose import Prose

RATE = Binding.Group("Rate", compact=True)


class ConceptView(CardView):
    answer_mode = "self"
    can_focus = True
    BINDINGS = [
        Binding("space", "reveal", "Reveal", id="study-reveal"),
        *(Binding(str(n), f"rate({n})", "Rate", id=f"study-rate-{n}", group=RATE) for n in range(1, 5)),
    ]

    intervals: dict = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.state == "asking"
        if action == "rate":
            return self.state == "revealed"
        return True

    def action_reveal(self) -> None:
        self.send(self.RevealAsked())

    def action_rate(self, n: int) -> None:
        self.send(self.Rated(n))

    def key_label(self, binding_id: str) -> str | None:
        if binding_id.startswith("study-rate-"):
            n = int(binding_id.rsplit("-", 1)[1])
            name = t(f"rating.{n}", self.lang)
            if n in self.intervals:
                return f"{name} · {render(duration(self.intervals[n]), self.lang)}"
            return name
        return None

    def verdict_text(self) -> RenderableType | None:
        r = self.revealed
        if self.state != "revealed" or r is None:
            return None
        parts = [Text(t("study.answer", self.lang), style="bold"), Prose(r.answer[self.lang])]
        if r.key_points:
            parts.append(Text("\n" + t("study.key_points", self.lang), style="bold"))
            parts.append(hanging([(" • ", p[self.lang]) for p in r.key_points]))
        note = note_ahead(r.note, self.lang)
        return group([*parts, *([note] if note is not None else [])])


VIEW = ConceptView
