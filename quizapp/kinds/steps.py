"""steps: one problem asked in stages, each a numeric answer that later stages may
build on; the card is right only when every stage is.

Deck fields: ``prompt``, ``params`` (``constraints``, ``derived``) and two or more
``[[card.stage]]`` tables, each with a ``name`` (later stages may use its value),
its own ``prompt`` and everything a numeric card's answer has; the last stage
uses an engine computation."""

from __future__ import annotations

from quizapp.kinds._computed import TEMPLATE_KEYS
from quizapp.kinds.numeric import NumericKind


class StepsKind(NumericKind):
    name = "steps"
    fields = frozenset(TEMPLATE_KEYS | {"stage"})
    required = ("prompt", "params", "stage")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.kinds._computed import check_steps

        return check_steps(card)

    def instantiate(self, template, seed, rng):
        from quizapp.kinds._computed import instantiate

        return instantiate(template, seed, rng, template.spec["stage"], single=False)

    def stage_specs(self, template) -> list[dict]:
        return list(template.spec["stage"])

    def ask_prompt(self, inst, ask: int, lang: str) -> str | None:
        return inst.stages[ask].prompt[lang]


# The kind's own catalog entries (merged into quizapp.catalog).
MESSAGES = {"kind.steps": {"en": "steps", "zh": "分步题"}}

KIND = StepsKind()
