"""choice: one or more right options, shuffled per instance; answered with option
numbers or letters (``2``, ``1,3``, ``b``, ``a,c``). A multiple-answer card needs
exactly the set of right options.

Deck fields: ``question``, ``options`` (at least two ``{ en, zh, correct }``
tables), ``explanation``, optional ``shuffle = false`` (for options whose order
matters)."""

from __future__ import annotations

import re

from quizapp.kinds import CardKind

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ChoiceKind(CardKind):
    name = "choice"
    answer_mode = "choice"
    fields = frozenset({"question", "options", "explanation", "shuffle"})
    required = ("question", "options", "explanation")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.deck_format import _text_problem

        opts = card["options"]
        if not isinstance(opts, list) or len(opts) < 2:
            return [("options", "options must list at least two { en, zh, correct } tables")]
        out: list = []
        for i, o in enumerate(opts):
            if not isinstance(o, dict):
                out.append(("options", f"options[{i + 1}] must be a table"))
                continue
            p = _text_problem(f"options[{i + 1}]", {k: v for k, v in o.items() if k != "correct"})
            if p:
                out.append(("options", p))
            if not isinstance(o.get("correct", False), bool):
                out.append(("options", f"options[{i + 1}].correct must be true or false"))
        if not out and not any(o.get("correct") for o in opts):
            out.append(("options", "no option is marked correct = true"))
        if not isinstance(card.get("shuffle", True), bool):
            out.append(("shuffle", "shuffle must be true or false"))
        return out

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
        return judge_choice(inst, text)

    def expected(self, inst, ask=None) -> str:
        return ", ".join(LETTERS[i] for i in sorted(inst.correct))

    def solution(self, inst, lang: str) -> list[str]:
        return [*(f"{LETTERS[i]}. {inst.options[i][lang]}" for i in sorted(inst.correct)), inst.answer.get(lang, "")]

    def plain_question(self, inst, lang: str) -> list[str]:
        return [*inst.prompt[lang].splitlines(),
                *(f"  {LETTERS[i]}. {option[lang]}" for i, option in enumerate(inst.options))]  # lettered, as the verdict names them


def judge_choice(instance, text: str):
    """Judge a choice answer: ``2``, ``1,3``, ``1 3``, ``b`` or ``a,c`` (1-based
    numbers or letters, in this instance's shuffled order)."""
    from quizapp.catalog import say
    from quizapp.verdict import Verdict

    n = len(instance.options)
    chosen = _read_choice(text, n)
    right = ", ".join(LETTERS[i] for i in sorted(instance.correct))
    if chosen is None:
        return Verdict("again", say("grading.choice_unreadable", typed=text.strip()[:60], n=n,
                                    last=LETTERS[n - 1].lower()))
    value = sorted(chosen)
    if chosen == instance.correct:
        return Verdict("correct", say("grading.choice_correct"), value)
    hits, wrong = len(chosen & instance.correct), len(chosen - instance.correct)
    if instance.multiple:
        reason = say("grading.choice_partial", hits=hits, count=len(instance.correct), wrong=wrong, right=right)
    else:
        reason = say("grading.choice_wrong", right=right)
    return Verdict("wrong", reason, value)


def _read_choice(text: str, n: int) -> frozenset[int] | None:
    letters = LETTERS.lower()
    tokens = [t.strip("().") for t in re.split(r"[\s,;，、]+", text.strip().lower()) if t.strip("().")]
    out: set[int] = set()
    for t in tokens:
        if t.isdigit() and len(t) <= 3:
            idx = [int(t) - 1]
        elif t.isascii() and t.isalpha() and len(t) <= 26:
            idx = [letters.index(c) for c in t]
        else:
            return None
        if not all(0 <= i < n for i in idx):
            return None
        out.update(idx)
    return frozenset(out) if out else None


# The kind's own catalog entries (merged into quizapp.catalog).
MESSAGES = {"kind.choice": {"en": "choice", "zh": "选择题"}}

KIND = ChoiceKind()
