"""Queries and changes behind the card browser (``quizapp.browse``): every card's
memory in one pass of the memory table, open flags, and for one card its review
history (its reviews linked newest to oldest from its memory row), its mistakes (``mistake_tally``'s
key) and flags; suspend, reset to new (its history kept) and put back, resolve
flags."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Iterable, NamedTuple

from quizapp.store._common import from_us, to_us


# The ids of one template's reviews (the parameter), newest first, then a NULL: the
# memory row names the newest, each review the one before it (migrations._v8). Each
# step is a lookup by row id in a scalar subquery: written as a join, SQLite may
# build a Bloom filter over the whole review log first (~25 ms at 200,000 reviews).
# A link must point to a smaller id, so a damaged database's links cannot go round
# in a circle.
_CHAIN = ("WITH RECURSIVE chain (id) AS (SELECT newest_review_id FROM memory WHERE template_id = ? "
          "UNION ALL SELECT (SELECT previous_review_id FROM review WHERE review.id = chain.id "
          "AND previous_review_id < review.id) FROM chain WHERE chain.id IS NOT NULL)")


class CardMemory(NamedTuple):  # a tuple: 50,000 of them are read in one go
    template_id: str
    state: int  # 0 new, else fsrs.State
    due_us: int | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    suspended: int
    last_review_us: int | None


class HistoryRow(NamedTuple):
    reviewed: datetime
    mode: str  # study | cram | mock
    verdict: str  # correct | wrong | unreadable | self
    rating: int
    answer: str
    mistake: str | None
    duration_ms: int
    seed: int
    moved: bool


class FlagRow(NamedTuple):
    id: int
    seed: int | None
    note: str
    created: datetime


class MistakeCount(NamedTuple):
    mistake: str
    count: int
    last: datetime


# What a reset puts back: the memory columns it changes, as they were.
_RESET_COLS = "state, step, stability, difficulty, due_us, last_review_us"
SavedMemory = tuple  # (template_id, *the _RESET_COLS values)


class BrowseMixin:
    """The card browser's queries (mixed into ``Store``)."""

    _conn: sqlite3.Connection

    def change_mark(self) -> tuple[int, int]:
        """Changes when anything was written to the database, by this connection
        (``total_changes``) or another (``data_version``): a cache of what was read
        is good while the mark is the same."""
        return self._conn.total_changes, self._conn.execute("PRAGMA data_version").fetchone()[0]

    def card_memories(self, template_ids: Iterable[str] | None = None) -> dict[str, CardMemory]:
        """Every active template's memory, by id (one pass of the memory table), or
        only these templates' (by the primary key)."""
        sql = ("SELECT template_id, state, due_us, stability, difficulty, reps, lapses, suspended, last_review_us "
               "FROM memory WHERE active = 1")
        if template_ids is None:  # plain tuples in CardMemory's order: 50,000 are read in tens of ms
            return {r[0]: r for r in self._conn.execute(sql)}  # type: ignore[misc]
        out = {}
        for tid in dict.fromkeys(template_ids):
            row = self._conn.execute(sql + " AND template_id = ?", (tid,)).fetchone()
            if row is not None:
                out[tid] = CardMemory(*row)
        return out

    def open_flag_counts(self, template_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Template id -> its flags not yet resolved (every template's, or these)."""
        if template_ids is None:
            return dict(self._conn.execute(
                "SELECT template_id, COUNT(*) FROM flag WHERE resolved_us IS NULL GROUP BY template_id"))
        out = {}
        for tid in dict.fromkeys(template_ids):
            n = self._conn.execute("SELECT COUNT(*) FROM flag WHERE template_id = ? AND resolved_us IS NULL",
                                   (tid,)).fetchone()[0]
            if n:
                out[tid] = n
        return out

    def card_history(self, template_id: str, limit: int = 100) -> list[HistoryRow]:
        """The newest ``limit`` reviews of one template, newest first (one row lookup
        per review of the template, following its links: the cost does not grow with
        the review log)."""
        return [HistoryRow(from_us(r[0]), *r[1:8], bool(r[8])) for r in self._conn.execute(
            f"{_CHAIN} SELECT reviewed_us, mode, verdict, rating, answer, mistake, duration_ms, seed, moved "
            "FROM review WHERE id IN chain ORDER BY reviewed_us DESC, id DESC LIMIT ?", (template_id, limit))]

    def card_review_count(self, template_id: str) -> int:
        return self._conn.execute(f"{_CHAIN} SELECT COUNT(id) FROM chain", (template_id,)).fetchone()[0]

    def card_mistakes(self, template_id: str) -> list[MistakeCount]:
        """The named mistakes made on one template, most often first."""
        return [MistakeCount(m, n, from_us(last)) for m, n, last in self._conn.execute(
            "SELECT mistake, count, last_us FROM mistake_tally WHERE template_id = ? "
            "ORDER BY count DESC, last_us DESC", (template_id,))]

    def card_flags(self, template_id: str) -> list[FlagRow]:
        """One template's open flags, oldest first."""
        return [FlagRow(i, seed, note, from_us(at)) for i, seed, note, at in self._conn.execute(
            "SELECT id, seed, note, created_us FROM flag WHERE template_id = ? AND resolved_us IS NULL "
            "ORDER BY id", (template_id,))]

    def resolve_flags(self, template_ids: Iterable[str], now: datetime) -> int:
        """Resolve every open flag of these templates (kept, marked resolved);
        returns how many."""
        with self._write() as c:  # type: ignore[attr-defined]
            return c.executemany("UPDATE flag SET resolved_us = ? WHERE template_id = ? AND resolved_us IS NULL",
                                 [(to_us(now), t) for t in template_ids]).rowcount

    def reset_cards(self, template_ids: Iterable[str]) -> list[SavedMemory]:
        """Make these templates new again (their review history, counts and flags
        are kept); returns what they were, for ``restore_cards``. A template that
        is new already is left alone."""
        ids = list(dict.fromkeys(template_ids))
        with self._write() as c:  # type: ignore[attr-defined]
            saved: list[SavedMemory] = []
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                saved += c.execute(f"SELECT template_id, {_RESET_COLS} FROM memory WHERE state > 0 AND "
                                   f"template_id IN ({', '.join('?' * len(chunk))})", chunk).fetchall()
            c.executemany("UPDATE memory SET state = 0, step = NULL, stability = NULL, difficulty = NULL, "
                          "due_us = NULL, last_review_us = NULL WHERE template_id = ?", [(s[0],) for s in saved])
        return saved

    def restore_cards(self, saved: Iterable[SavedMemory]) -> int:
        """Put back the memory ``reset_cards`` returned (undo a reset), unless the
        template has been reviewed since."""
        with self._write() as c:  # type: ignore[attr-defined]
            return c.executemany(
                "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due_us = ?, "
                "last_review_us = ? WHERE template_id = ? AND state = 0",
                [(*s[1:], s[0]) for s in saved]).rowcount
