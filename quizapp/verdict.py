"""The one verdict type: what an answer came to, from the grader to the screens.

Grading judges typed text (``quizapp.grading.grade``), a card kind adds the card's
named mistake (``quizapp.kinds``), the session records it with the review and the
edges render it; every layer passes this same object along.

    v.outcome        "correct", "wrong" or "again" (asked again: nothing is judged,
                     nothing is stored; the text was unreadable, or right so far but
                     typed with fewer figures than the card requires)
    v.reason         a ``Msg``: one sentence saying what was accepted, why it is
                     wrong, or why it is asked again; ``v.text(lang)`` renders it
    v.value          what the answer was read as (None when unreadable)
    v.off            how far off a wrong number is, relative (|a − e| / |e|; the
                     absolute distance when e = 0), else None
    v.format_mistake the grader's code for a slip in how it was typed
                     (``grading.MISTAKES``: "percent_as_whole", "too_few_figures", ...)
    v.mistake        the card's named mistake this answer matches (a ``Mistake``)

For the grading contract, ``v.correct``, ``v.readable`` (False when asked again),
``v.message`` (English) and ``v.message_zh`` are properties of the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from quizapp.catalog import Msg, Text, render

CORRECT, WRONG, AGAIN = "correct", "wrong", "again"
OUTCOMES = (CORRECT, WRONG, AGAIN)


@dataclass(frozen=True)
class Mistake:
    """A common mistake a card names: its id (stored with the review), its label
    (card text, both languages) and what it computes for this instance."""

    id: str
    label: Text
    value: Any = None


@dataclass(frozen=True)
class Verdict:
    outcome: str
    reason: Msg
    value: Any = None
    off: float | None = None
    format_mistake: str | None = None
    mistake: Mistake | None = None

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")

    # -- the grading contract's names

    @property
    def correct(self) -> bool:
        return self.outcome == CORRECT

    @property
    def readable(self) -> bool:
        """False when the answer is asked again (unreadable, or too coarse to judge)."""
        return self.outcome != AGAIN

    @property
    def message(self) -> str:
        return render(self.reason, "en")

    @property
    def message_zh(self) -> str:
        return render(self.reason, "zh")

    def text(self, lang: str) -> str:
        return render(self.reason, lang)

    @property
    def mistake_id(self) -> str | None:
        return self.mistake.id if self.mistake is not None else None

    def with_mistake(self, mistake: Mistake, reason: Msg) -> Verdict:
        return replace(self, mistake=mistake, reason=reason)


__all__ = ["AGAIN", "CORRECT", "OUTCOMES", "WRONG", "Mistake", "Verdict"]
