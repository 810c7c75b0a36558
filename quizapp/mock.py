"""Mock interviews' own rules, headless: which templates are the learner's weakest
areas, how a concept answer's ticked key points become a rating, the three areas
to work on after an interview, the score trend and how a countdown reads. The
interview itself is ``quizapp.session.MockInterview``; this module knows no store
and no UI.

**Weakest areas.** Every live template gets a weakness::

    weakness = (1 − R) + ½·min(lapses, 4) + ½·min(mistakes, 4)

- R is FSRS's retrievability now, the predicted chance of recalling the template:
  R = (1 + F·t/S)^D, with t the days since its last review, S its stability (the
  days after which R has fallen to 90%), D = −w₂₀ the decay of the FSRS-6 model
  and F = 0.9^(1/D) − 1 (so R = 0.9 when t = S);
- lapses: the times it was forgotten after it had been learnt (rated Again in
  review, ``memory.lapses``);
- mistakes: the named mistakes made on it (``mistake_tally``, all kinds together).

One lapse or one named mistake weighs as much as half the retrievability, and each
counts up to four times. A template never studied counts as a coin flip: weakness
½. The weakest come first (on a tie a template studied before one never studied,
then a seeded random order): what you lapsed on, made mistakes on or have most
likely forgotten, then what you have not learnt yet, then what you know well. The
questions picked are then asked with their topics interleaved, as every session
does.

**A concept answer** is typed during the interview and scored at the end by
ticking the key points it covered: three quarters of them or more rate it Good
(and it counts as passed), half or more Hard, fewer Again (``concept_rating``).

**The three areas to work on** (``areas``): each named mistake made counts the
questions it was made on; each topic counts its questions not passed for another
reason (wrong without a named mistake, skipped, out of time, a concept answer
scored below Good or not scored). The three largest counts are the areas; on a tie
a named mistake (the more precise advice) comes first, then the topic with the
larger share missed.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, Sequence

from quizapp.catalog import Msg, say

if TYPE_CHECKING:
    from quizapp.session import MockResult
    from quizapp.verdict import Mistake

LAPSE_WEIGHT = 0.5  # one lapse weighs as much as half the retrievability
MISTAKE_WEIGHT = 0.5  # and so does one named mistake
COUNTED_UP_TO = 4  # lapses and mistakes beyond this add nothing more
GOOD_SHARE = 0.75  # share of key points covered for Good (passed)
HARD_SHARE = 0.5  # for Hard; below: Again
UNSTUDIED_WEAKNESS = 0.5  # a template never studied: a coin flip
AREAS = 3
SPARK = "▁▂▃▄▅▆▇█"


def _decay() -> float:
    from fsrs import Scheduler

    return -float(Scheduler().parameters[20])


def retrievability(stability: float | None, last_review: datetime | None, now: datetime,
                   decay: float | None = None) -> float:
    """FSRS-6's predicted probability of recalling a template at ``now``: 0 for one
    never reviewed; elapsed time counted in (fractional) days, never negative."""
    if stability is None or last_review is None or stability <= 0:
        return 0.0
    d = _decay() if decay is None else decay
    factor = 0.9 ** (1 / d) - 1
    days = max(0.0, (now - last_review).total_seconds() / 86400)
    return (1 + factor * days / stability) ** d


def weakness(stability: float | None, last_review: datetime | None, lapses: int, mistakes: int,
             now: datetime, decay: float | None = None) -> float:
    """How weak a template is (see the module's docstring): 0 for one sure to be
    recalled with no lapse and no mistake, up to 5."""
    r = retrievability(stability, last_review, now, decay)
    return ((1 - r) + LAPSE_WEIGHT * min(max(lapses, 0), COUNTED_UP_TO)
            + MISTAKE_WEIGHT * min(max(mistakes, 0), COUNTED_UP_TO))


def weakest_first(rows: Iterable, now: datetime, order: Sequence[str] = ()) -> list[str]:
    """Template ids from ``rows`` (``store.figures.WeaknessRow``), weakest first; one
    never studied counts ``UNSTUDIED_WEAKNESS``. On a tie a template studied comes
    before one never studied, then ``order`` (template ids, e.g. a seeded shuffle)
    decides; ids it does not name come after, in row order."""
    decay = _decay()
    rank = {tid: i for i, tid in enumerate(order)}
    scored = []
    for i, row in enumerate(rows):
        studied = row.last_review is not None and row.stability is not None
        w = (weakness(row.stability, row.last_review, row.lapses, row.mistakes, now, decay) if studied
             else UNSTUDIED_WEAKNESS)
        scored.append((-round(w, 9), not studied, rank.get(row.template_id, len(rank) + i), row.template_id))
    scored.sort()
    return [tid for *_, tid in scored]


def concept_rating(ticked: int, total: int) -> int:
    """The FSRS rating of a concept answer that covered ``ticked`` of ``total`` key
    points: 3 (Good) from three quarters, 2 (Hard) from half, else 1 (Again)."""
    if total < 1:
        raise ValueError(f"a concept card has {total} key points; expected at least 1")
    share = min(max(ticked, 0), total) / total
    if share >= GOOD_SHARE:
        return 3
    if share >= HARD_SHARE:
        return 2
    return 1


@dataclass(frozen=True)
class Area:
    """One thing to work on after an interview: a named mistake (``mistake`` set, on
    the template ``title``) or a topic, with how many questions it cost."""

    topic: str
    missed: int  # questions lost to it
    asked: int  # a topic: its questions asked; a mistake: the same as missed
    mistake: Mistake | None = None
    title: dict | None = None  # a mistake's template title

    @property
    def kind(self) -> str:
        return "mistake" if self.mistake is not None else "topic"

    def message(self, topic_titles: dict[str, dict]) -> Msg:
        if self.mistake is not None:
            return say("mock.area.mistake", label=self.mistake.label, title=self.title or {"en": "", "zh": ""},
                       count=self.missed)
        title = topic_titles.get(self.topic) or {"en": self.topic, "zh": self.topic}
        return say("mock.area.topic", topic=title, missed=self.missed, asked=self.asked)


def areas(results: Iterable[MockResult], limit: int = AREAS) -> list[Area]:
    """The ``limit`` areas with the worst results (see the module's docstring);
    empty when every question passed."""
    mistakes: Counter = Counter()
    made: dict[tuple[str, str], MockResult] = {}
    asked: Counter = Counter()
    other: Counter = Counter()
    first: dict[str, int] = {}
    for r in results:
        asked[r.topic] += 1
        first.setdefault(r.topic, len(first))
        if r.passed:
            continue
        if r.mistake is not None:
            key = (r.template_id, r.mistake.id)
            mistakes[key] += 1
            made.setdefault(key, r)
        else:
            other[r.topic] += 1
    found = [((-n, 0, 0.0, first[made[key].topic]), Area(made[key].topic, n, n, made[key].mistake, made[key].title))
             for key, n in mistakes.items()]
    found += [((-n, 1, -n / asked[topic], first[topic]), Area(topic, n, asked[topic]))
              for topic, n in other.items()]
    found.sort(key=lambda x: x[0])
    return [area for _, area in found[:limit]]


def trend(scores: Sequence[float]) -> float | None:
    """The least-squares slope of ``scores`` (oldest first) per interview: how much
    the score rises (or, negative, falls) from one interview to the next; None for
    fewer than two."""
    n = len(scores)
    if n < 2:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(scores) / n
    num = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(scores))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def sparkline(scores: Sequence[float]) -> str:
    """Scores 0..1 (oldest first) as a row of block characters, ▁ for 0 up to █ for 1."""
    out = []
    for s in scores:
        s = 0.0 if not math.isfinite(s) else min(max(s, 0.0), 1.0)
        out.append(SPARK[min(int(s * len(SPARK)), len(SPARK) - 1)])
    return "".join(out)


def clock(seconds: float | None, countdown: bool = False) -> str:
    """A duration as a clock reads: "4:05", "1:02:03"; "–" for None. A
    ``countdown`` rounds up, so it reads 0:00 only once the time is up."""
    if seconds is None:
        return "–"
    s = max(0, math.ceil(seconds - 1e-9) if countdown else round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


__all__ = ["AREAS", "Area", "areas", "clock", "concept_rating", "retrievability", "sparkline", "trend",
           "weakest_first", "weakness"]


def unanswered_key(result: MockResult) -> str:
    """The catalog key saying why a question was not answered: its time ran out, the
    learner passed on it, or the interview ended (left early) before it was answered."""
    if result.timed_out:
        return "mock.out_of_time"
    return "mock.passed_on" if result.passed_on else "mock.not_answered"


def trend_points(trend: float) -> str:
    """A trend (score change per interview, 0..1 a point) as signed points with a true
    minus sign: "+5", "−13", "+0" (never "−0")."""
    n = round(trend * 100)
    return f"+{n}" if n >= 0 else f"\u2212{-n}"
