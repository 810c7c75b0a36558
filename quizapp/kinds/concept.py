"""concept: a question answered in your own words, then self-rated against the
model answer and its key points (in a mock interview: typed, then scored by
ticking the key points covered).

Deck fields: ``question``, ``answer`` and ``key_points`` (a non-empty list of
``{ en, zh }`` tables: each one checkable idea; optional, for cards that have no
rubric beyond their answer, such as those imported from Anki or CSV)."""

from __future__ import annotations

from quizapp.kinds import CardKind, Reveal


class ConceptKind(CardKind):
    name = "concept"
    answer_mode = "self"
    fields = frozenset({"question", "answer", "key_points"})
    required = ("question", "answer")

    def check(self, card: dict, topic: str) -> list:
        from quizapp.deck_format import _check_list_of_text

        return _check_list_of_text(card, "key_points") if "key_points" in card else []

    def instantiate(self, template, seed, rng):
        from quizapp.content import Instance

        spec = template.spec
        return Instance(template, seed, spec["question"], answer=spec["answer"],
                        key_points=tuple(spec.get("key_points", ())), note=spec.get("note", {}))

    def reveal(self, inst) -> Reveal:
        return Reveal(inst.answer, inst.key_points, inst.note)

    def solution(self, inst, lang: str) -> list[str]:
        return [inst.answer[lang], *(f"• {p[lang]}" for p in inst.key_points)]


# The kind's own catalog entries (merged into quizapp.catalog).
MESSAGES = {"kind.concept": {"en": "concept", "zh": "概念题"}}

KIND = ConceptKind()
