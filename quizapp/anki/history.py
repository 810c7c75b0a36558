"""Anki's review log as FSRS memory state: each card's reviews replayed, in time
order, through the same FSRS step quizapp takes after a review of its own
(``srs.next_state``, with the learner's settings), so an imported card is where
it would be had it been studied here.

Which of a card's log entries count is the rule Anki applies itself when it
computes FSRS memory state from history:

- only answers count (ease 1–4 → Again, Hard, Good, Easy); a manual change (set
  due date, reschedule) is not a review;
- a reset to new ("Forget", a manual entry that clears the ease) drops
  everything before it, and a card reset and not answered since is new;
- the replay starts at the first answer of the last run of learning answers, so
  history from before a card was relearnt from scratch is dropped too;
- an answer in a filtered deck that did not reschedule the card (a preview or
  cram) leaves memory alone: it is kept as practice (mode "cram", the schedule
  not moved), as quizapp's own cramming is.

A card Anki has scheduled without any usable history (its log was cleared) keeps
its schedule: stability is the interval Anki gave it, difficulty the middle of
FSRS's scale, due when Anki had it due.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Iterable, Sequence

from quizapp.anki.package import Card, Review
from quizapp.srs import MemoryState, SrsSettings, next_state, study_day
from quizapp.store.transfer import ImportedCard, ImportedReview

LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)
MAX_DURATION_MS = 24 * 3600 * 1000  # a longer answer time is a clock glitch, not a review
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _graded(r: Review) -> bool:
    return 1 <= r.ease <= 4


def _preview(r: Review) -> bool:
    """An answer in a filtered deck that left the schedule alone."""
    return r.type == FILTERED and r.factor == 0


def counted(reviews: Sequence[Review]) -> list[Review]:
    """The entries of one card's log (oldest first) that the replay uses, in order:
    answers since the last reset, from the start of the last run of learning
    answers (or from the first answer, when the log has none); previews stay in
    their place so they can be kept as practice."""
    start = 0
    for i in range(len(reviews) - 1, -1, -1):
        r = reviews[i]
        if r.type == MANUAL and r.factor == 0 and not _graded(r):
            start = i + 1
            break
    tail = list(reviews[start:])
    learning = [i for i, r in enumerate(tail) if r.type == LEARN and _graded(r)]
    if learning:
        first = learning[-1]
        while first > 0:
            previous = next((k for k in range(first - 1, -1, -1) if not _preview(tail[k])), None)
            if previous is None or not (tail[previous].type == LEARN and _graded(tail[previous])):
                break
            first = previous
        tail = tail[first:]
    else:
        first_answer = next((i for i, r in enumerate(tail) if _graded(r) and not _preview(r)), len(tail))
        tail = tail[first_answer:]
    return [r for r in tail if _graded(r) and r.type not in (MANUAL, RESCHEDULED)]


def moment(ms: int) -> datetime:
    """A log id (milliseconds since the epoch) as a UTC time, within quizapp's range."""
    ms = min(max(ms, 0), 32503680000000)  # 1970 .. 3000
    return _EPOCH + timedelta(milliseconds=ms)


def replay(template_id: str, topic: str, card: Card, reviews: Sequence[Review], created: int,
           settings: SrsSettings, scheduler=None, tz: tzinfo | None = None) -> ImportedCard:
    """The imported card: its memory state after its counted reviews, and those
    reviews, each with the state it replaced."""
    sched = scheduler or settings.scheduler()
    state = MemoryState(template_id, topic)
    out: list[ImportedReview] = []
    for r in counted(reviews):
        at = moment(r.id)
        duration = min(max(r.time_ms, 0), MAX_DURATION_MS)
        if _preview(r):
            at = max(at, state.last_review or at)
            out.append(ImportedReview(r.ease, at, duration, study_day(at, tz, settings.day_rollover_hour), state,
                                      mode="cram", moved=False))
            continue
        after, at = next_state(state, r.ease, at, settings, sched)
        out.append(ImportedReview(r.ease, at, duration, study_day(at, tz, settings.day_rollover_hour), state))
        state = after
    if state.is_new and card.type in (REVIEW, 3) and card.interval > 0:
        state = _from_schedule(state, card, created)
    return ImportedCard(state, tuple(out), suspended=card.queue == -1)


def _from_schedule(state: MemoryState, card: Card, created: int) -> MemoryState:
    """A card Anki scheduled without a usable log: its interval as stability, due
    when Anki had it due."""
    day0 = _EPOCH + timedelta(seconds=min(max(created, 0), 32503680000))
    due = day0 + timedelta(days=min(max(card.due, 0), 36500 * 3))
    interval = min(card.interval, 36500)
    return replace(state, state=2, step=None, stability=float(interval), difficulty=5.0, due=due,
                   last_review=due - timedelta(days=interval))


def replay_all(cards: Iterable[tuple[str, str, Card]], log: dict[int, list[Review]], created: int,
               settings: SrsSettings, tz: tzinfo | None = None) -> list[ImportedCard]:
    """``replay`` for (template id, topic, Anki card) triples, with one scheduler."""
    sched = settings.scheduler()
    return [replay(tid, topic, card, log.get(card.id, ()), created, settings, sched, tz)
            for tid, topic, card in cards]
