"""choice: one or more right options, shuffled per instance; answered with option
numbers or letters (``2``, ``1,3``, ``b``, ``a,c``)."""

from __future__ import annotations

from quizapp.kinds import CardKind

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ChoiceKind(CardKind):
    name = "choice"
    answer_mode = "choice"
    fields = frozenset({"question", "options", "explanation", "shuffle"})
    required = ("question", "options", "explanation")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.deck_format import _check_options

        return _check_options(card)

    def instantiate(self, template, seed, rng):
        from quizapp.content import LANGS, Instance

        spec = template.spec
        opts = spec["options"]
        order = list(range(len(opts)))
        if spec.get("shuffle", True):
            rng.shuffle(order)
        correct = frozenset(pos for pos, i in enumerate(order) if opts[i].get("correct"))
        return Instance(template, seed, spec["question"],
                        options=tuple({lang: opts[i][lang] for lang in LANGS} for i in order),
                        correct=correct, multiple=len(correct) > 1, answer=spec["explanation"],
                        note=spec.get("note", {}))

    def judge(self, inst, ask: int, text: str):
        from quizapp.content import judge_choice

        return judge_choice(inst, text)

    def expected(self, inst, ask=None) -> str:
        return ", ".join(LETTERS[i] for i in sorted(inst.correct))

    def solution(self, inst, lang: str) -> list[str]:
        return [*(f"{LETTERS[i]}. {inst.options[i][lang]}" for i in sorted(inst.correct)), inst.answer.get(lang, "")]

    def plain_question(self, inst, lang: str) -> list[str]:
        return [*inst.prompt[lang].splitlines(),
                *(f"  {n}. {option[lang]}" for n, option in enumerate(inst.options, 1))]


KIND = ChoiceKind()
