"""Templates, queues and reviews: what is due, and the review log.

The session decides (it grades, computes the FSRS step and hands over a
``ReviewRecord``); the store writes what it is given in one durable transaction
and keeps the daily aggregates (``review_day``, ``mistake_tally``) and the
template's counters (``reps``, ``lapses``) in step, so figures never need to scan
the review log.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, tzinfo
from typing import Iterable

from quizapp.catalog import say
from quizapp.srs import MemoryState, interleave, study_day
from quizapp.store._common import (
    _MEMORY_COLS,
    ADD_TO_DAY,
    MOCK_VERDICTS,
    MODES,
    VERDICTS,
    QueueItem,
    RecordedReview,
    ReviewRecord,
    TopicCounts,
    UndoneReview,
    _memory_state,
    _memory_values,
    to_us,
)
from quizapp.store.errors import StoreError

# the memory rows a queue may draw from
_LIVE = "active = 1 AND suspended = 0"


class ReviewsMixin:
    """Reviews and scheduling state (mixed into ``Store``)."""

    _conn: sqlite3.Connection

    # -- templates

    def sync_templates(self, templates: Iterable[tuple[str, str]], fingerprint: str | None = None) -> bool:
        """Register the bank's templates as ``(template_id, topic)`` in deck order.
        New ones start as new; ones no longer listed become inactive (their progress
        is kept and comes back if they return). Cheap when nothing changed: the
        bank's fingerprint (given, or hashed here) is kept as a setting and the
        memory table is read only when it differs. Returns True when anything was
        written."""
        pairs = list(templates)
        if fingerprint is None:
            import hashlib

            fingerprint = hashlib.blake2b(json.dumps(pairs).encode(), digest_size=16).hexdigest()
        if self.get_setting("bank_fingerprint") == fingerprint:  # type: ignore[attr-defined]
            return False
        wanted = {tid: (topic, pos) for pos, (tid, topic) in enumerate(pairs)}
        have = {r[0]: r[1:] for r in self._conn.execute("SELECT template_id, topic, position, active FROM memory")}
        upserts = [(tid, topic, pos) for tid, (topic, pos) in wanted.items()
                   if have.get(tid) != (topic, pos, 1)]
        retired = [(tid,) for tid, row in have.items() if tid not in wanted and row[2] == 1]
        with self._write() as c:  # type: ignore[attr-defined]
            c.executemany(
                "INSERT INTO memory (template_id, topic, position, active) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (template_id) DO UPDATE SET topic = excluded.topic, "
                "position = excluded.position, active = 1", upserts)
            c.executemany("UPDATE memory SET active = 0 WHERE template_id = ?", retired)
            c.execute("INSERT INTO setting (key, value) VALUES ('bank_fingerprint', ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (json.dumps(fingerprint),))
        return bool(upserts or retired)

    def sync_bank(self, bank) -> bool:
        """``sync_templates`` for a loaded ``content.Bank`` (its fingerprint is cached):
        a bank seen before costs one setting read, its templates are not even listed."""
        fingerprint = bank.fingerprint()
        if self.get_setting("bank_fingerprint") == fingerprint:  # type: ignore[attr-defined]
            return False
        return self.sync_templates(bank.pairs(), fingerprint)

    def memory(self, template_id: str) -> MemoryState | None:
        row = self._conn.execute(f"SELECT {_MEMORY_COLS} FROM memory WHERE template_id = ?",
                                 (template_id,)).fetchone()
        return None if row is None else _memory_state(template_id, row)

    def set_suspended(self, template_ids: Iterable[str], suspended: bool) -> int:
        """Suspend (or bring back) templates: a suspended one is never queued. Returns
        how many changed."""
        with self._write() as c:  # type: ignore[attr-defined]
            return c.executemany("UPDATE memory SET suspended = ? WHERE template_id = ? AND suspended != ?",
                                 [(int(suspended), t, int(suspended)) for t in template_ids]).rowcount

    # -- today's queue

    def today_counts(self, now: datetime, tz: tzinfo | None = None) -> tuple[int, int]:
        """(new templates introduced, reviews of review-state templates) on the study
        day of ``now`` (and any later one a clock set back dated reviews to), from the
        daily aggregates; practice (cram) does not count."""
        today = study_day(now, tz, self.srs_settings().day_rollover_hour)  # type: ignore[attr-defined]
        new, reviews = self._conn.execute(
            "SELECT COALESCE(SUM(new_cards), 0), COALESCE(SUM(review_cards), 0) FROM review_day WHERE day >= ?",
            (today,)).fetchone()
        return new, reviews

    def queue(self, now: datetime, *, topics: Iterable[str] | None = None,
              tz: tzinfo | None = None) -> list[QueueItem]:
        """Today's queue at ``now``: templates in learning/relearning that are due,
        then due reviews (most overdue first, up to what is left of the daily review
        limit), then new templates up to what is left of the daily new limit; each
        part interleaved across topics. ``topics`` restricts it; ``tz`` is the zone
        whose ``day_rollover_hour`` starts the day (default: the system's).
        Suspended and retired templates are never queued."""
        settings = self.srs_settings()  # type: ignore[attr-defined]
        new_today, reviews_today = self.today_counts(now, tz)
        review_room = max(0, settings.reviews_per_day - reviews_today)
        new_room = max(0, settings.new_per_day - new_today)
        where, params = "", []
        if topics is not None:
            chosen = sorted(set(topics))
            where = f" AND topic IN ({', '.join('?' * len(chosen))})"
            params = chosen
        now_us = to_us(now)
        c = self._conn
        learning = c.execute(
            f"SELECT template_id, topic, due_us FROM memory WHERE state > 0 AND {_LIVE} "
            f"AND due_us <= ? AND state IN (1, 3){where} ORDER BY due_us", [now_us, *params]).fetchall()
        reviews = c.execute(
            f"SELECT template_id, topic, due_us FROM memory WHERE state > 0 AND {_LIVE} "
            f"AND due_us <= ? AND state = 2{where} ORDER BY due_us LIMIT ?",
            [now_us, *params, review_room]).fetchall()
        new: list[tuple] = []
        if new_room:
            new_topics = [t for t, _ in c.execute(  # in deck order
                f"SELECT topic, MIN(position) FROM memory WHERE state = 0 AND {_LIVE}{where} "
                "GROUP BY topic ORDER BY 2", params)]
            for topic in new_topics:
                new.extend(c.execute(
                    f"SELECT template_id, topic FROM memory WHERE state = 0 AND {_LIVE} "
                    "AND topic = ? ORDER BY position LIMIT ?", (topic, new_room)))
        due_items = [QueueItem(t, p, False, d) for t, p, d in (*learning, *reviews)]
        new_items = [QueueItem(t, p, True, None) for t, p in new]
        return (interleave(due_items, lambda q: q.topic)
                + interleave(new_items, lambda q: q.topic)[:new_room])

    def due_counts(self, now: datetime) -> dict[str, TopicCounts]:
        """Per topic: reviewed templates due at ``now`` and new templates (before
        daily limits). Topics with neither are absent."""
        c = self._conn
        due = dict(c.execute(f"SELECT topic, COUNT(*) FROM memory WHERE state > 0 AND {_LIVE} "
                             "AND due_us <= ? GROUP BY topic", (to_us(now),)))
        new = dict(c.execute(f"SELECT topic, COUNT(*) FROM memory WHERE state = 0 AND {_LIVE} "
                             "GROUP BY topic"))
        return {t: TopicCounts(due.get(t, 0), new.get(t, 0)) for t in sorted(due.keys() | new.keys())}

    def reviewed_templates(self) -> set[str]:
        """Ids of the templates reviewed at least once (no longer new), active or not."""
        return {tid for (tid,) in self._conn.execute("SELECT template_id FROM memory WHERE state > 0")}

    # -- reviews

    def record_review(self, record: ReviewRecord) -> RecordedReview:
        """Log one review, linked to the template's review before it (its history:
        ``migrations._v8``), move the template's memory state to ``record.after``
        (when ``record.moved``) and update the daily aggregates, in one immediate
        transaction committed (durably) before returning."""
        r = record
        if r.verdict not in VERDICTS:
            raise ValueError(f"verdict {r.verdict!r} is not one of {', '.join(VERDICTS)}")
        if r.mode not in MODES:
            raise ValueError(f"mode {r.mode!r} is not one of {', '.join(MODES)}")
        if r.rating not in (1, 2, 3, 4):
            raise ValueError(f"rating {r.rating!r} is not 1, 2, 3 or 4")
        if r.duration_ms < 0:
            raise ValueError(f"duration {r.duration_ms!r} ms is negative")
        before = r.before
        at_us = to_us(r.reviewed_at)
        moved = int(r.moved)
        recalled = int(r.rating > 1)
        new = int(before.state == 0 and r.moved)
        review = int(before.state == 2 and r.moved)
        lapse = int(r.moved and r.rating == 1 and before.state == 2)
        with self._write() as c:  # type: ignore[attr-defined]
            cur = c.execute(
                "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, "
                "duration_ms, mode, reviewed_us, moved, session_id, before_state, before_step, "
                "before_stability, before_difficulty, before_due_us, before_last_review_us, day, "
                "previous_review_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "(SELECT newest_review_id FROM memory WHERE template_id = ?))",
                (r.template_id, before.topic, r.seed, r.answer, r.verdict, r.mistake, r.rating,
                 r.duration_ms, r.mode, at_us, moved, r.session_id, *_memory_values(before), r.day,
                 r.template_id))
            if r.moved:
                changed = c.execute(
                    "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due_us = ?, "
                    "last_review_us = ?, reps = reps + 1, lapses = lapses + ?, newest_review_id = ? "
                    "WHERE template_id = ?",
                    (*_memory_values(r.after), lapse, cur.lastrowid, r.template_id)).rowcount
                if not changed:
                    raise StoreError(say("store.unknown_template", id=repr(r.template_id)))
            else:  # practice leaves the schedule alone, but the review is in the card's history
                c.execute("UPDATE memory SET newest_review_id = ? WHERE template_id = ?",
                          (cur.lastrowid, r.template_id))
            c.execute(ADD_TO_DAY, (r.day, before.topic, r.mode, 1, recalled, new, r.duration_ms, review))
            if r.mistake is not None:
                c.execute("INSERT INTO mistake_tally (template_id, mistake, topic, count, last_us) "
                          "VALUES (?, ?, ?, 1, ?) ON CONFLICT (template_id, mistake) DO UPDATE SET "
                          "count = count + 1, last_us = MAX(last_us, excluded.last_us)",
                          (r.template_id, r.mistake, before.topic, at_us))
            if r.mock is not None and r.key_points is not None:
                scored = c.execute(
                    "UPDATE mock_question SET key_points = ? WHERE mock_id = ? AND position = ? "
                    "AND template_id = ? AND key_points IS NULL",
                    (json.dumps(sorted(set(r.key_points))), *r.mock, r.template_id)).rowcount
                if not scored:
                    raise StoreError(f"question {r.mock[1]} of mock interview {r.mock[0]} has no concept "
                                     "answer waiting to be scored")
            elif r.mock is not None:
                _insert_mock_question(c, *r.mock, r.template_id, r.seed, r.verdict, r.answer, r.mistake,
                                      r.duration_ms)
        return RecordedReview(cur.lastrowid, before, r.after, r.reviewed_at, False, r.moved)

    def undo_last_review(self, expect_id: int | None = None) -> UndoneReview | None:
        """Delete the newest review and put back the memory state it replaced (and the
        aggregates it added, and its template's link to the review before it), in one
        transaction. With ``expect_id``, refuse unless
        that review is the newest. Returns None when there is nothing to undo."""
        with self._write() as c:  # type: ignore[attr-defined]
            row = c.execute(
                "SELECT id, template_id, moved, topic, before_state, before_step, before_stability, "
                "before_difficulty, before_due_us, before_last_review_us, rating, mode, day, "
                "duration_ms, mistake, previous_review_id FROM review ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                if expect_id is not None:
                    raise StoreError(say("store.undo.none", id=expect_id))
                return None
            review_id, template_id, moved = row[:3]
            if expect_id is not None and review_id != expect_id:
                raise StoreError(say("store.undo.later", id=expect_id, later=review_id))
            restored = _memory_state(template_id, row[3:10])
            rating, mode, day, duration_ms, mistake, previous = row[10:]
            if moved:
                lapse = int(rating == 1 and restored.state == 2)
                c.execute("UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, "
                          "due_us = ?, last_review_us = ?, reps = MAX(reps - 1, 0), "
                          "lapses = MAX(lapses - ?, 0), newest_review_id = ? WHERE template_id = ?",
                          (*_memory_values(restored), lapse, previous, template_id))
            else:
                c.execute("UPDATE memory SET newest_review_id = ? WHERE template_id = ?", (previous, template_id))
            if day is not None:
                c.execute(ADD_TO_DAY, (day, restored.topic, mode, -1, -int(rating > 1),
                                       -int(restored.state == 0 and bool(moved)), -duration_ms,
                                       -int(restored.state == 2 and bool(moved))))
            if mistake is not None:
                c.execute("UPDATE mistake_tally SET count = count - 1 WHERE template_id = ? AND mistake = ?",
                          (template_id, mistake))
                c.execute("DELETE FROM mistake_tally WHERE template_id = ? AND mistake = ? AND count <= 0",
                          (template_id, mistake))
            c.execute("DELETE FROM review WHERE id = ?", (review_id,))
        return UndoneReview(review_id, template_id, restored)

    # -- sessions, mock interviews, flags

    def start_session(self, mode: str, now: datetime, topics: Iterable[str] | None = None) -> int:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        with self._write() as c:  # type: ignore[attr-defined]
            return c.execute("INSERT INTO study_session (mode, started_us, topics) VALUES (?, ?, ?)",
                             (mode, to_us(now), _json_or_none(topics))).lastrowid

    def end_session(self, session_id: int, now: datetime) -> None:
        with self._write() as c:  # type: ignore[attr-defined]
            c.execute("UPDATE study_session SET ended_us = ? WHERE id = ?", (to_us(now), session_id))

    def start_mock(self, now: datetime, *, question_count: int, time_limit_s: int | None = None,
                   topics: Iterable[str] | None = None, session_id: int | None = None,
                   question_limit_s: int | None = None, weakest: bool = False) -> int:
        with self._write() as c:  # type: ignore[attr-defined]
            return c.execute(
                "INSERT INTO mock_interview (session_id, started_us, topics, question_count, "
                "time_limit_s, question_limit_s, weakest) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, to_us(now), _json_or_none(topics), question_count, time_limit_s,
                 question_limit_s, int(weakest))).lastrowid

    def record_mock_question(self, mock_id: int, position: int, template_id: str, seed: int,
                             verdict: str, *, answer: str | None = None, mistake: str | None = None,
                             duration_ms: int | None = None, timed_out: bool = False) -> None:
        """One question's result in a mock interview on its own: a skipped or timed-out
        one (with whatever was typed of it), or a concept answer waiting for its key
        points (verdict "self"). (A graded answer goes in with its review:
        ``ReviewRecord.mock``.)"""
        if verdict not in MOCK_VERDICTS:
            raise ValueError(f"verdict {verdict!r} is not one of {', '.join(MOCK_VERDICTS)}")
        with self._write() as c:  # type: ignore[attr-defined]
            _insert_mock_question(c, mock_id, position, template_id, seed, verdict, answer, mistake,
                                  duration_ms, timed_out)

    def finish_mock(self, mock_id: int, now: datetime, score: float | None, *,
                    unanswered: Iterable[tuple] = (), session_id: int | None = None) -> None:
        """End a mock interview in one transaction: its score (None, when nothing was
        answered, keeps it out of the history and the figures), the rows of the
        questions not answered (``(position, template_id, seed, answer, timed_out)``,
        verdict 'skipped') and, given ``session_id``, the end of its study session."""
        with self._write() as c:  # type: ignore[attr-defined]
            for position, template_id, seed, answer, timed_out in unanswered:
                _insert_mock_question(c, mock_id, position, template_id, seed, "skipped", answer, None, None,
                                      timed_out)
            c.execute("UPDATE mock_interview SET ended_us = ?, score = ? WHERE id = ?",
                      (to_us(now), score, mock_id))
            if session_id is not None:
                c.execute("UPDATE study_session SET ended_us = ? WHERE id = ?", (to_us(now), session_id))

    def set_mock_score(self, mock_id: int, score: float) -> None:
        """A finished interview's score again, once a concept answer has been scored."""
        with self._write() as c:  # type: ignore[attr-defined]
            c.execute("UPDATE mock_interview SET score = ? WHERE id = ?", (score, mock_id))

    def flag(self, template_id: str, note: str, now: datetime, seed: int | None = None) -> int:
        """Record that a card looks wrong, with the learner's note."""
        with self._write() as c:  # type: ignore[attr-defined]
            return c.execute("INSERT INTO flag (template_id, seed, note, created_us) VALUES (?, ?, ?, ?)",
                             (template_id, seed, note, to_us(now))).lastrowid


def _insert_mock_question(c: sqlite3.Connection, mock_id: int, position: int, template_id: str,
                          seed: int, verdict: str, answer: str | None, mistake: str | None,
                          duration_ms: int | None, timed_out: bool = False) -> None:
    c.execute("INSERT INTO mock_question (mock_id, position, template_id, seed, answer, verdict, "
              "mistake, duration_ms, timed_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              (mock_id, position, template_id, seed, answer, verdict, mistake, duration_ms, int(timed_out)))


def _json_or_none(items: Iterable[str] | None) -> str | None:
    return None if items is None else json.dumps(sorted(items))
