"""numeric: a template with fresh numbers on every review; one typed answer,
computed by the engine and judged by the grader, the card's named mistakes named."""

from __future__ import annotations

from quizapp.kinds import CardKind


class NumericKind(CardKind):
    name = "numeric"
    answer_mode = "typed"
    fields = frozenset({"prompt", "params", "constraints", "derived", "compute", "args", "const", "pick",
                        "decimals", "sig", "min_decimals", "min_sig", "rtol", "atol", "mistake",
                        "before", "after"})
    required = ("prompt", "params", "compute")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.deck_format import _check_template

        return _check_template(card)

    def instantiate(self, template, seed, rng):
        from quizapp.content import _instantiate_template

        return _instantiate_template(template, seed, rng)

    def asks(self, inst) -> int:
        return len(inst.stages)

    def judge(self, inst, ask: int, text: str):
        from quizapp.content import judge

        return judge(inst.stages[ask], text)

    def expected(self, inst, ask=None) -> str:
        return inst.stages[ask or 0].answer_text

    def solution(self, inst, lang: str) -> list[str]:
        """Every stage's worked lines in order, a line a later stage repeats shown once."""
        return list(dict.fromkeys(line for st in inst.stages for line in st.worked(lang)))


KIND = NumericKind()
