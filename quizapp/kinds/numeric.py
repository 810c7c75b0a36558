"""numeric: a template with fresh numbers on every review; one typed answer,
computed by the engine and judged by the grader, the card's named mistakes named.

Deck fields: ``prompt`` and ``params`` (with optional ``constraints`` and
``derived``), then the answer as one stage: ``compute`` (with ``args``, ``const``,
``pick``) or ``expr``, its displayed precision (``decimals``/``sig``), the
precision it requires (``min_decimals``/``min_sig``) or its tolerance
(``rtol``/``atol``), ``before``/``after`` lines and ``[[card.mistake]]`` tables
(see content/README.md)."""

from __future__ import annotations

from quizapp.kinds import CardKind
from quizapp.kinds._computed import STAGE_KEYS, TEMPLATE_KEYS


class NumericKind(CardKind):
    name = "numeric"
    answer_mode = "typed"
    fields = frozenset(TEMPLATE_KEYS | STAGE_KEYS)
    required = ("prompt", "params", "compute")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.kinds._computed import check_numeric

        return check_numeric(card)

    def instantiate(self, template, seed, rng):
        from quizapp.kinds._computed import instantiate

        return instantiate(template, seed, rng, [template.spec], single=True)

    def stage_specs(self, template) -> list[dict]:
        return [template.spec]

    def asks(self, inst) -> int:
        return len(inst.stages)

    def judge(self, inst, ask: int, text: str):
        from quizapp.kinds._computed import judge

        return judge(inst.stages[ask], text)

    def expected(self, inst, ask=None) -> str:
        return inst.stages[ask or 0].answer_text

    def solution(self, inst, lang: str) -> list[str]:
        """Every stage's worked lines in order, a line a later stage repeats shown once."""
        return list(dict.fromkeys(line for st in inst.stages for line in st.worked(lang)))


# The kind's own catalog entries (merged into quizapp.catalog).
MESSAGES = {"kind.numeric": {"en": "numeric", "zh": "数值题"}}

KIND = NumericKind()
