"""The figures the home screen shows, read from the store.

    summary = home_summary(store, topics, now) -> HomeSummary

Today's reviews and the streak are ``quizapp stats``'s own figures
(``quizapp.stats.gather``: same definitions, same study-day boundaries). A
topic's mastery is the share of its cards that are *mature*: remembered with a
stability of at least ``MATURE_DAYS`` days (Anki's word and threshold).

Everything is plain indexed SQL through the store (about 7 ms with a year of
history), so the home screen's first frame shows all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from quizapp.stats import gather
from quizapp.store import Store

MATURE_DAYS = 21.0


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: dict  # {"en": ..., "zh": ...}
    due: int
    new: int
    mastery: float  # 0..1


@dataclass(frozen=True)
class HomeSummary:
    topics: tuple[TopicRow, ...]
    reviewed_today: int
    streak_days: int

    @property
    def due(self) -> int:
        return sum(r.due for r in self.topics)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.topics)


def home_summary(store: Store, topics: dict[str, dict], now: datetime, *,
                 tz: tzinfo | None = None) -> HomeSummary:
    """Per-topic counts and mastery (topics in bank order), today's reviews and the streak."""
    counts = store.due_counts(now)
    figures = gather(store, now, tz)
    mastery = store.mature_shares(MATURE_DAYS)
    rows = []
    for topic, title in topics.items():
        c = counts.get(topic)
        rows.append(TopicRow(topic, title, c.due if c else 0, c.new if c else 0, mastery.get(topic, 0.0)))
    return HomeSummary(tuple(rows), figures["today"], figures["streak"])
