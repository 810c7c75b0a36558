"""Scheduling: a thin adapter over the ``fsrs`` package (v6 API).

FSRS schedules the *template* (the skill), never an instance: every review of
"one Adam step" draws new numbers, but they all move one memory state.

Public API (the store and the session call exactly this):

    settings = SrsSettings.from_mapping({"desired_retention": 0.9, ...})
    rating_for(verdict_correct, seconds, difficulty) -> Rating   # graded cards
    self_rating(n) -> Rating                                     # concept cards, 1..4
    next_state(state, rating, now, settings) -> (MemoryState, reviewed_at)
    day_start(now, tz, rollover_hour) -> datetime                # UTC start of "today"
    interleave(items, key) -> list                               # round-robin by topic

Time is always passed in as a timezone-aware datetime and converted to UTC;
nothing here reads the clock.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, TypeVar

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

# fsrs is imported where it is used: its ~5 ms are not in front of the app's first
# frame, which needs the study day and the settings but schedules nothing.

__all__ = [
    "EASY_WITHIN_S",
    "GOOD_WITHIN_S",
    "NEW",
    "MemoryState",
    "Rating",
    "SrsSettings",
    "day_start",
    "interleave",
    "next_state",
    "rating_for",
    "self_rating",
    "study_day",
    "utc",
]

NEW = 0
"""Memory ``state`` of a template never reviewed; fsrs's own states are 1..3
(Learning, Review, Relearning)."""

# A right answer within EASY_WITHIN_S[d] seconds is Easy, within GOOD_WITHIN_S[d]
# Good, slower Hard; a wrong answer is always Again. d is the template's
# difficulty, 1 (easy) .. 5 (hard): harder cards have more arithmetic to do.
#
#   difficulty      1    2    3    4    5
#   Easy within     8   15   25   40   60  seconds
#   Good within    30   60   90  150  240  seconds
EASY_WITHIN_S = {1: 8.0, 2: 15.0, 3: 25.0, 4: 40.0, 5: 60.0}
GOOD_WITHIN_S = {1: 30.0, 2: 60.0, 3: 90.0, 4: 150.0, 5: 240.0}


def utc(moment: datetime) -> datetime:
    """``moment`` converted to UTC; a naive datetime is refused (its zone is unknown)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; pass a timezone-aware datetime")
    return moment.astimezone(timezone.utc)


def __getattr__(name: str) -> Any:
    if name == "Rating":  # re-exported, imported on first use
        from fsrs import Rating

        return Rating
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def rating_for(verdict_correct: bool, seconds: float, difficulty: int) -> Rating:
    """The FSRS rating for a graded (numeric, steps or choice) review.

    Wrong (or unreadable) → Again. Right → Easy within ``EASY_WITHIN_S[difficulty]``
    seconds, Good within ``GOOD_WITHIN_S[difficulty]``, else Hard. Thresholds by
    difficulty 1..5: Easy within 8/15/25/40/60 s, Good within 30/60/90/150/240 s.
    """
    from fsrs import Rating

    if difficulty not in GOOD_WITHIN_S:
        raise ValueError(f"difficulty {difficulty!r} is not one of 1, 2, 3, 4, 5")
    if seconds < 0:
        raise ValueError(f"time taken {seconds!r} s is negative; expected seconds >= 0")
    if not verdict_correct:
        return Rating.Again
    if seconds <= EASY_WITHIN_S[difficulty]:
        return Rating.Easy
    if seconds <= GOOD_WITHIN_S[difficulty]:
        return Rating.Good
    return Rating.Hard


def self_rating(value: int | str) -> Rating:
    """A concept card's self-rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    from fsrs import Rating

    text = str(value).strip()
    if text not in ("1", "2", "3", "4"):
        raise ValueError(f"self-rating {value!r} is not 1, 2, 3 or 4")
    return Rating(int(text))


@dataclass(frozen=True)
class SrsSettings:
    """Scheduling settings; each is stored as a setting of the same name."""

    desired_retention: float = 0.9
    maximum_interval: int = 36500  # days
    new_per_day: int = 20
    reviews_per_day: int = 200
    day_rollover_hour: int = 4  # local hour at which "today" begins, as in Anki
    fuzz: bool = True  # spread intervals a little so reviews do not bunch up

    def __post_init__(self) -> None:
        from quizapp.settings import check  # the one set of rules for every setting

        for f in fields(self):
            object.__setattr__(self, f.name, check(f.name, getattr(self, f.name)))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> SrsSettings:
        """Settings from a mapping that may hold other keys too (they are ignored)."""
        return cls(**{k: values[k] for k in cls.names() if k in values})

    def scheduler(self) -> Scheduler:
        # Fuzz is applied by ``next_state`` itself, deterministically, so the interval a
        # rating key shows before the answer is the one the answer then gets.
        from fsrs import Scheduler

        return Scheduler(
            desired_retention=self.desired_retention,
            maximum_interval=int(self.maximum_interval),
            enable_fuzzing=False,
        )


@dataclass(frozen=True)
class MemoryState:
    """The FSRS memory state of one template. ``state`` is NEW (0) before the first
    review, else an ``fsrs.State`` value; ``due`` is None only while NEW."""

    template_id: str
    topic: str
    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None

    @property
    def is_new(self) -> bool:
        return self.state == NEW

    def to_card(self, now: datetime) -> Card:
        from fsrs import Card, State

        # card_id is always given: without it fsrs sleeps 1 ms per card.
        card_id = zlib.crc32(self.template_id.encode("utf-8"))
        if self.is_new:
            return Card(card_id=card_id, due=now)
        return Card(
            card_id=card_id,
            state=State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def with_card(self, card: Card) -> MemoryState:
        return replace(
            self,
            state=int(card.state),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
        )


def next_state(
    state: MemoryState, rating: Rating | int, now: datetime, settings: SrsSettings,
    scheduler: Scheduler | None = None,
) -> tuple[MemoryState, datetime]:
    """Review ``state`` with ``rating`` at ``now``: the new state and the time the
    review is dated.

    A review dated before the template's last review (a clock set backwards) is
    clamped to that last review, so the memory state never goes backwards in time.
    Pass ``scheduler`` (``settings.scheduler()``) to reuse one across reviews.
    """
    from fsrs import Rating, State

    at = utc(now)
    if state.last_review is not None and at < state.last_review:
        at = state.last_review
    sched = scheduler or settings.scheduler()
    card, _log = sched.review_card(state.to_card(at), Rating(int(rating)), review_datetime=at)
    after = state.with_card(card)
    if settings.fuzz and after.state == int(State.Review) and after.due is not None:
        after = replace(after, due=at + _fuzzed(after.due - at, state, int(rating), settings.maximum_interval))
    return after, at


# FSRS's fuzz: intervals of 2.5 days and more are spread by up to ±15% (under 7 days),
# ±10% (7–20) and ±5% (beyond), so reviews learnt together do not stay bunched.
_FUZZ_RANGES = ((2.5, 7.0, 0.15), (7.0, 20.0, 0.10), (20.0, math.inf, 0.05))


def _fuzzed(interval: timedelta, before: MemoryState, rating: int, maximum: int) -> timedelta:
    """``interval`` fuzzed as FSRS does, but with the random draw taken from the
    template and the state it is reviewed from: the same answer to the same card
    always gets the same interval (so previews match), different cards differ."""
    days = interval.days
    if days < 2.5:
        return interval
    delta = 1.0 + sum(f * max(min(float(days), end) - start, 0.0) for start, end, f in _FUZZ_RANGES)
    low, high = max(2, round(days - delta)), min(round(days + delta), maximum)
    low = min(low, high)
    import hashlib

    key = f"{before.template_id}|{before.last_review}|{before.state}|{rating}".encode()
    draw = int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") / 2**64
    return timedelta(days=min(int(draw * (high - low + 1)) + low, maximum))


def day_start(now: datetime, tz: tzinfo | None = None, rollover_hour: int = 4) -> datetime:
    """The UTC instant at which the study day containing ``now`` began.

    A study day starts at ``rollover_hour`` local time in ``tz`` (default: the
    system's local zone), so a late-night session still counts as the same day.
    Across a daylight-saving change the local wall-clock hour is kept.
    """
    local = utc(now).astimezone(tz) if tz is not None else utc(now).astimezone()
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    # Aware arithmetic is wall-clock arithmetic; converting back to UTC applies the
    # offset in force at the rollover itself, on either side of a DST change.
    return start.astimezone(timezone.utc)


def study_day(now: datetime, tz: tzinfo | None = None, rollover_hour: int = 4) -> str:
    """The study day ``now`` counts towards, as a local date "YYYY-MM-DD" (the day
    that began at ``day_start``)."""
    local = utc(now).astimezone(tz) if tz is not None else utc(now).astimezone()
    return (local - timedelta(hours=rollover_hour)).date().isoformat()


T = TypeVar("T")


def interleave(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Round-robin across groups (topics), keeping each group's own order; groups
    take turns in the order they first appear."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    out: list[T] = []
    queues = list(groups.values())
    depth = 0
    while queues:
        queues = [q for q in queues if depth < len(q)]
        out.extend(q[depth] for q in queues)
        depth += 1
    return out
