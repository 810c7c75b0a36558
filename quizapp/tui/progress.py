"""The figures the home screen shows, read from the store (read queries only).

    summary = home_summary(store, bank_topics, now, tz=None) -> HomeSummary

A topic's mastery is the share of its cards that are *mature*: remembered with a
stability of at least ``MATURE_DAYS`` days (Anki's word and threshold). The streak
counts consecutive study days, ending today (or yesterday, if today has no review
yet), with at least one review; days start at the ``day_rollover_hour`` setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from quizapp.srs import day_start
from quizapp.store import Store, to_us

MATURE_DAYS = 21.0
_DAY_US = 86_400_000_000


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: dict  # {"en": ..., "zh": ...}
    due: int
    new: int
    total: int
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


def home_summary(store: Store, topics: dict[str, dict], now: datetime, tz: tzinfo | None = None) -> HomeSummary:
    """Per-topic counts and mastery (topics in bank order), today's reviews and the streak."""
    counts = store.due_counts(now)
    conn = store.db.conn
    totals = dict(conn.execute(
        "SELECT topic, COUNT(*) FROM memory WHERE active = 1 GROUP BY topic"))
    mature = dict(conn.execute(
        "SELECT topic, COUNT(*) FROM memory WHERE active = 1 AND state > 0 AND stability >= ? "
        "GROUP BY topic", (MATURE_DAYS,)))
    rows = []
    for topic, title in topics.items():
        c = counts.get(topic)
        total = totals.get(topic, 0)
        rows.append(TopicRow(topic, title, c.due if c else 0, c.new if c else 0, total,
                             mature.get(topic, 0) / total if total else 0.0))
    start = day_start(now, tz, store.srs_settings().day_rollover_hour)
    today = conn.execute("SELECT COUNT(*) FROM review WHERE reviewed_us >= ?", (to_us(start),)).fetchone()[0]
    return HomeSummary(tuple(rows), today, _streak(store, start))


def _streak(store: Store, today_start: datetime) -> int:
    """Consecutive study days with a review, counted back from today's start.

    Study days are taken as 24-hour blocks aligned to today's start, so the count
    stays a single indexed query even with years of history (a DST change can
    shift the block edge by an hour, which a streak does not notice)."""
    origin = to_us(today_start)
    days = {d for (d,) in store.db.conn.execute(
        "SELECT DISTINCT CASE WHEN x >= 0 THEN x / :d ELSE -((-x - 1) / :d) - 1 END "
        "FROM (SELECT reviewed_us - :o AS x FROM review)", {"d": _DAY_US, "o": origin})}
    day = 0 if 0 in days else -1
    streak = 0
    while day in days:
        streak += 1
        day -= 1
    return streak
