"""steps: one problem asked in stages, each a numeric answer that later stages may
build on; the card is right only when every stage is."""

from __future__ import annotations

from quizapp.kinds.numeric import NumericKind


class StepsKind(NumericKind):
    name = "steps"
    fields = frozenset({"prompt", "params", "constraints", "derived", "stage"})
    required = ("prompt", "params", "stage")

    def ask_prompt(self, inst, ask: int, lang: str) -> str | None:
        return inst.stages[ask].prompt[lang]


KIND = StepsKind()
