"""Shared names of the progress database: constants, times as microseconds, the
row types the store returns and the review record it is handed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple, Sequence

from quizapp.srs import MemoryState, utc

VERDICTS = ("correct", "wrong", "unreadable", "self")
MOCK_VERDICTS = (*VERDICTS, "skipped")
MODES = ("study", "cram", "mock")
BACKUPS_KEPT = 7  # default of the "backups_kept" setting
FULL_CHECK_BELOW = 8 * 2**20  # bytes; see Store.open

# Adds one group of reviews to (or, with negative numbers, takes it from) its day's
# aggregate row: (day, topic, mode, reviews, recalled, new_cards, duration_ms,
# review_cards), each sum as migrations.DAY_SUMS counts it.
ADD_TO_DAY = ("INSERT INTO review_day (day, topic, mode, reviews, recalled, new_cards, duration_ms, review_cards) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (day, topic, mode) DO UPDATE SET "
              "reviews = reviews + excluded.reviews, recalled = recalled + excluded.recalled, "
              "new_cards = new_cards + excluded.new_cards, duration_ms = duration_ms + excluded.duration_ms, "
              "review_cards = review_cards + excluded.review_cards")

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICRO = timedelta(microseconds=1)


def to_us(moment: datetime) -> int:
    """A timezone-aware datetime as integer microseconds since the epoch (UTC)."""
    return (utc(moment) - _EPOCH) // _MICRO


def from_us(us: int | None) -> datetime | None:
    return None if us is None else _EPOCH + timedelta(microseconds=us)


class QueueItem(NamedTuple):  # a tuple: queues of thousands are built in milliseconds
    template_id: str
    topic: str
    is_new: bool
    due_us: int | None  # None for a new template

    @property
    def due(self) -> datetime | None:
        return from_us(self.due_us)


@dataclass(frozen=True)
class TopicCounts:
    due: int  # reviewed templates due now
    new: int  # templates never reviewed


class MockResultRow(NamedTuple):
    started: datetime
    question_count: int
    score: float


@dataclass(frozen=True)
class ReviewRecord:
    """One review as the session hands it to the store: what was answered and how it
    was judged, and the memory state before and after (the session computes the FSRS
    step; the store writes what it is given, in one transaction).

    ``day`` is the learner's study day (local date, "YYYY-MM-DD", the day rollover
    applied) that the review counts towards in the daily figures. ``moved`` is False
    for practice (cram) that leaves the schedule alone, and then ``after`` is
    ``before``. ``mock`` = (mock_id, position) also records the answer as that
    mock-interview question, in the same transaction. ``key_points`` (the 0-based
    numbers of the key points ticked) scores a concept answer typed earlier in a
    mock interview: its question row, stored when it was typed, gets them instead
    of a new row being added."""

    template_id: str
    seed: int
    answer: str
    verdict: str  # "correct" | "wrong" | "self"
    rating: int  # 1..4
    duration_ms: int
    reviewed_at: datetime  # never before ``before.last_review`` (the session clamps)
    day: str
    mode: str  # "study" | "cram" | "mock"
    before: MemoryState
    after: MemoryState
    moved: bool = True
    mistake: str | None = None  # the card's named mistake id ("stage:id" on a steps card)
    session_id: int | None = None
    mock: tuple[int, int] | None = None
    key_points: tuple[int, ...] | None = None


@dataclass(frozen=True)
class RecordedReview:
    review_id: int
    before: MemoryState
    after: MemoryState  # == before when the schedule was not moved (cram)
    reviewed_at: datetime  # clamped to the last review if the clock went backwards
    clamped: bool
    moved: bool


@dataclass(frozen=True)
class UndoneReview:
    review_id: int
    template_id: str
    restored: MemoryState


@dataclass(frozen=True)
class Restored:
    source: Path
    kept_as: Path | None  # where the replaced database went (a backup, or set aside if damaged)


_MEMORY_COLS = "topic, state, step, stability, difficulty, due_us, last_review_us"


def _memory_state(template_id: str, row: Sequence[Any]) -> MemoryState:
    topic, state, step, stability, difficulty, due_us, last_us = row
    return MemoryState(template_id, topic, state, step, stability, difficulty,
                       from_us(due_us), from_us(last_us))


def _memory_values(m: MemoryState) -> tuple:
    return (m.state, m.step, m.stability, m.difficulty,
            None if m.due is None else to_us(m.due),
            None if m.last_review is None else to_us(m.last_review))

