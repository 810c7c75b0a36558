"""Read queries behind the read model (``quizapp.stats``): from the aggregates
(``review_day``, ``mistake_tally``, ``topic_cards``), the memory table's indexes — never a
scan of the review log, so they cost the same at a hundred reviews and at a
million."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import NamedTuple

from quizapp.migrations import MATURE_DAYS
from quizapp.store._common import MockResultRow, from_us, to_us


class DayRow(NamedTuple):
    day: str  # the study day, "YYYY-MM-DD"
    topic: str
    mode: str  # "study" | "cram" | "mock"
    reviews: int
    recalled: int
    new_cards: int
    duration_ms: int


class DayTotal(NamedTuple):
    day: str
    mode: str
    reviews: int
    recalled: int
    new_cards: int


class TopicCards(NamedTuple):
    total: int  # active templates
    started: int  # reviewed at least once
    mature: int  # stability at least the given number of days
    suspended: int


class MistakeRow(NamedTuple):
    template_id: str
    mistake: str
    topic: str
    count: int
    last: datetime


class FiguresMixin:
    """Read-only figures (mixed into ``Store``)."""

    _conn: sqlite3.Connection

    def day_rows(self, since: str | None = None) -> list[DayRow]:
        """The daily aggregates from study day ``since`` (inclusive) on, oldest first."""
        sql = "SELECT day, topic, mode, reviews, recalled, new_cards, duration_ms FROM review_day"
        args: tuple = ()
        if since is not None:
            sql, args = sql + " WHERE day >= ?", (since,)
        return [DayRow(*r) for r in self._conn.execute(sql + " ORDER BY day", args)]

    def totals_by_topic(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(topic, mode) -> (reviews, recalled) over all time."""
        return {(t, m): (n, r) for t, m, n, r in self._conn.execute(
            "SELECT topic, mode, SUM(reviews), SUM(recalled) FROM review_day GROUP BY topic, mode")}

    def study_days(self) -> list[str]:
        """Every study day with at least one review, newest first."""
        return [d for (d,) in self._conn.execute(
            "SELECT day FROM review_day GROUP BY day HAVING SUM(reviews) > 0 ORDER BY day DESC")]

    def cards_by_topic(self, mature_days: float) -> dict[str, TopicCards]:
        """Per topic: active templates, how many started, mature and suspended. For
        the usual threshold (``migrations.MATURE_DAYS``) from the counts the memory
        table's triggers keep (``topic_cards``), else counted from the memory table."""
        if mature_days == MATURE_DAYS:
            return {t: TopicCards(n, s, m, z) for t, n, s, m, z in self._conn.execute(
                "SELECT topic, total, started, mature, suspended FROM topic_cards WHERE total > 0 ORDER BY topic")}
        return {t: TopicCards(n, s, m, z) for t, n, s, m, z in self._conn.execute(
            "SELECT topic, COUNT(*), SUM(state > 0), SUM(state > 0 AND stability >= ?), SUM(suspended) "
            "FROM memory WHERE active = 1 GROUP BY topic", (mature_days,))}

    def due_times(self, until: datetime) -> list[tuple[str, int]]:
        """(topic, due time in µs) of every studied, live template due before ``until``."""
        return self._conn.execute(
            "SELECT topic, due_us FROM memory WHERE state > 0 AND active = 1 AND suspended = 0 "
            "AND due_us < ?", (to_us(until),)).fetchall()

    def top_mistakes(self, limit: int = 10) -> list[MistakeRow]:
        """The named mistakes made most often, most first."""
        return [MistakeRow(t, m, p, n, from_us(last)) for t, m, p, n, last in self._conn.execute(
            "SELECT template_id, mistake, topic, count, last_us FROM mistake_tally "
            "ORDER BY count DESC, last_us DESC LIMIT ?", (limit,))]

    def mock_results(self, limit: int | None = None) -> list[MockResultRow]:
        """Finished mock interviews (those with a score), newest first; all of them,
        or the newest ``limit``."""
        sql = ("SELECT started_us, question_count, score FROM mock_interview "
               "WHERE score IS NOT NULL ORDER BY started_us DESC, id DESC")
        args: tuple = ()
        if limit is not None:
            sql, args = sql + " LIMIT ?", (limit,)
        return [MockResultRow(from_us(s), n, score) for s, n, score in self._conn.execute(sql, args)]

    def day_totals(self, since: str) -> list[DayTotal]:
        """Per study day from ``since`` (inclusive) on and per mode, summed over topics,
        oldest first: what the calendar, the reviews per day and retention over time
        are drawn from (the primary key of ``review_day`` serves the range)."""
        return [DayTotal(*r) for r in self._conn.execute(
            "SELECT day, mode, SUM(reviews), SUM(recalled), SUM(new_cards) FROM review_day "
            "WHERE day >= ? GROUP BY day, mode ORDER BY day", (since,))]

    def due_histogram(self, bounds: list[datetime]) -> list[int]:
        """How many studied, live templates fall due in each span ``[bounds[i],
        bounds[i + 1])``; the first span also holds everything due before
        ``bounds[0]`` (overdue). ``len(bounds) - 1`` counts, each an index range
        count on ``memory_due``."""
        sql = ("SELECT COUNT(*) FROM memory WHERE state > 0 AND active = 1 AND suspended = 0 "
               "AND due_us >= ? AND due_us < ?")
        edges = [to_us(b) for b in bounds]
        edges[0] = -(2**63)
        return [self._conn.execute(sql, (lo, hi)).fetchone()[0] for lo, hi in zip(edges, edges[1:])]
