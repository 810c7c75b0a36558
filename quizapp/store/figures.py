"""Read queries behind the read model (``quizapp.stats``): from the aggregates
(``review_day``, ``mistake_tally``, ``topic_cards``), the memory table's indexes — never a
scan of the review log, so they cost the same at a hundred reviews and at a
million."""

from __future__ import annotations

import json
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


class WeaknessRow(NamedTuple):
    """What the weakest-areas choice of a mock interview reads of one template."""

    template_id: str
    topic: str
    stability: float | None  # days; None while the template is new
    last_review: datetime | None
    lapses: int
    mistakes: int  # named mistakes made on it, all kinds together


class MockHistoryRow(NamedTuple):
    """One finished mock interview, as the history shows it."""

    id: int
    started: datetime
    ended: datetime | None
    question_count: int
    time_limit_s: int | None
    question_limit_s: int | None
    weakest: bool
    topics: tuple[str, ...] | None
    score: float
    answered: int  # questions answered in time (not skipped, not timed out)
    answer_ms: float | None  # the mean time an answered question took

    @property
    def seconds(self) -> float | None:
        return None if self.ended is None else (self.ended - self.started).total_seconds()


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

    def weakness_rows(self, topics: list[str] | None = None) -> list[WeaknessRow]:
        """Every live template (of ``topics``, default all) with what says how weak
        it is: its FSRS stability and last review, its lapses and how many named
        mistakes were made on it (from ``mistake_tally``). Reads the memory table
        and the tally, never the review log."""
        where, args = "", []
        if topics is not None:
            where = f" AND m.topic IN ({', '.join('?' * len(topics))})"
            args = list(topics)
        return [WeaknessRow(t, p, stab, from_us(last), lapses, mistakes) for t, p, stab, last, lapses, mistakes in
                self._conn.execute(
                    "SELECT m.template_id, m.topic, m.stability, m.last_review_us, m.lapses, "
                    "COALESCE(x.n, 0) FROM memory m LEFT JOIN (SELECT template_id, SUM(count) AS n "
                    "FROM mistake_tally GROUP BY template_id) x ON x.template_id = m.template_id "
                    f"WHERE m.active = 1 AND m.suspended = 0{where} ORDER BY m.position", args)]

    def mock_history(self, limit: int | None = None) -> list[MockHistoryRow]:
        """Finished mock interviews, newest first (at most ``limit``), each with how
        many questions were answered in time and how long one took on average (read
        through the question rows' primary key, a handful per interview)."""
        rows = self._conn.execute(
            "SELECT m.id, m.started_us, m.ended_us, m.question_count, m.time_limit_s, m.question_limit_s, "
            "m.weakest, m.topics, m.score, "
            "(SELECT COUNT(*) FROM mock_question q WHERE q.mock_id = m.id AND q.verdict != 'skipped'), "
            "(SELECT AVG(q.duration_ms) FROM mock_question q WHERE q.mock_id = m.id "
            "AND q.verdict != 'skipped' AND q.duration_ms IS NOT NULL) "
            "FROM mock_interview m WHERE m.score IS NOT NULL ORDER BY m.started_us DESC, m.id DESC LIMIT ?",
            (-1 if limit is None else limit,)).fetchall()
        out = []
        for mid, started, ended, n, limit_s, question_s, weakest, topics, score, answered, ms in rows:
            try:
                chosen = tuple(json.loads(topics)) if topics else None
            except ValueError:
                chosen = None
            out.append(MockHistoryRow(mid, from_us(started), from_us(ended), n, limit_s, question_s,
                                      bool(weakest), chosen, score, answered, ms))
        return out
