"""Schema migrations for the progress database.

The schema version is ``PRAGMA user_version``. Migration *n* (1-based) takes a
database at version n-1 to version n; each runs with the version bump in one
``BEGIN IMMEDIATE`` transaction, so an interrupted migration leaves the database
at the old version. A database whose version is above ``len(MIGRATIONS)`` was
written by a newer quizapp and is refused by the store, never altered.

Times are integers: microseconds since the Unix epoch, UTC (``*_us`` columns).
Add a migration by appending to ``MIGRATIONS``; never edit a released one.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Callable, Sequence, Union

Migration = Union[Sequence[str], Callable[[sqlite3.Connection], None]]

_V1 = (
    # Memory state per template. state 0 = new (never reviewed), else fsrs.State.
    # active = 0 once the template left the question bank (its progress is kept).
    """CREATE TABLE memory (
        template_id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due_us INTEGER,
        last_review_us INTEGER
    )""",
    "CREATE INDEX memory_due ON memory (due_us, topic, template_id, state) WHERE state > 0 AND active = 1",
    "CREATE INDEX memory_new ON memory (topic, position, template_id) WHERE state = 0 AND active = 1",
    """CREATE TABLE study_session (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL CHECK (mode IN ('study', 'cram', 'mock')),
        started_us INTEGER NOT NULL,
        ended_us INTEGER,
        topics TEXT
    )""",
    # The review log. before_* is the memory state the review replaced, so the
    # last review can be undone; moved = 0 for a review that left the schedule
    # alone (cram). reviewed_us is the (clamped) time the review is dated.
    """CREATE TABLE review (
        id INTEGER PRIMARY KEY,
        template_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        seed INTEGER NOT NULL,
        answer TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'wrong', 'unreadable', 'self')),
        mistake TEXT,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        mode TEXT NOT NULL CHECK (mode IN ('study', 'cram', 'mock')),
        reviewed_us INTEGER NOT NULL,
        moved INTEGER NOT NULL CHECK (moved IN (0, 1)),
        session_id INTEGER REFERENCES study_session (id),
        before_state INTEGER NOT NULL,
        before_step INTEGER,
        before_stability REAL,
        before_difficulty REAL,
        before_due_us INTEGER,
        before_last_review_us INTEGER
    )""",
    "CREATE INDEX review_time ON review (reviewed_us)",
    "CREATE INDEX review_template ON review (template_id, reviewed_us)",
    """CREATE TABLE mock_interview (
        id INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES study_session (id),
        started_us INTEGER NOT NULL,
        ended_us INTEGER,
        topics TEXT,
        question_count INTEGER NOT NULL,
        time_limit_s INTEGER,
        score REAL
    )""",
    """CREATE TABLE mock_question (
        mock_id INTEGER NOT NULL REFERENCES mock_interview (id),
        position INTEGER NOT NULL,
        template_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        answer TEXT,
        verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'wrong', 'unreadable', 'self', 'skipped')),
        mistake TEXT,
        duration_ms INTEGER,
        PRIMARY KEY (mock_id, position)
    )""",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE flag (
        id INTEGER PRIMARY KEY,
        template_id TEXT NOT NULL,
        seed INTEGER,
        note TEXT NOT NULL,
        created_us INTEGER NOT NULL
    )""",
    "CREATE INDEX flag_template ON flag (template_id)",
)

# v2: nothing queries reviews by template (undo takes the newest id, stats group
# by topic), yet the index cost two extra WAL pages on every recorded review.
_V2: Migration = ("DROP INDEX review_template",)


# The daily aggregates (``review_day``), column by column, as sums over one group
# of review rows: what ``record_review`` adds one review at a time. review_cards
# came with v7.
DAY_SUMS = {
    "reviews": "COUNT(*)",
    "recalled": "SUM(rating > 1)",
    "new_cards": "SUM(before_state = 0 AND moved = 1)",
    "duration_ms": "SUM(duration_ms)",
    "review_cards": "SUM(before_state = 2 AND moved = 1)",
}


def count_aggregates(conn: sqlite3.Connection) -> None:
    """Fill the daily aggregates (``review_day``, ``mistake_tally``, both empty) from
    the review log, grouped as ``record_review`` adds them up one review at a time
    (v3's migration, an import, the benchmarks' large databases). Fills the columns
    of ``DAY_SUMS`` that ``review_day`` has: v3's migration runs before v7 adds
    review_cards (v7 fills it itself)."""
    present = {row[1] for row in conn.execute("PRAGMA table_info(review_day)")}
    columns = [c for c in DAY_SUMS if c in present]
    conn.execute(
        f"INSERT INTO review_day (day, topic, mode, {', '.join(columns)}) "
        f"SELECT day, topic, mode, {', '.join(DAY_SUMS[c] for c in columns)} FROM review GROUP BY day, topic, mode")
    conn.execute(
        "INSERT INTO mistake_tally (template_id, mistake, topic, count, last_us) "
        "SELECT template_id, mistake, MIN(topic), COUNT(*), MAX(reviewed_us) FROM review "
        "WHERE mistake IS NOT NULL GROUP BY template_id, mistake")


def _v3(conn: sqlite3.Connection) -> None:
    """Figures without scanning the review log, and room for the card browser.

    - ``review_day``: per study day, topic and mode (study / cram / mock), how many
      reviews, how many recalled (rating above Again), how many new templates
      introduced and the time spent. ``review.day`` names the row each review
      counts in, so undo can take it back out.
    - ``mistake_tally``: how often each named mistake was made, per template.
    - ``memory.reps`` / ``memory.lapses`` (reviews that moved the schedule, and
      reviews rated Again from the Review state) and ``memory.suspended`` (never
      queued); the partial indexes behind the queue now leave suspended rows out.

    Existing reviews are counted in once, with the study day as the settings and
    the system's time zone give it now.
    """
    from datetime import datetime, timedelta, timezone

    conn.execute("ALTER TABLE review ADD COLUMN day TEXT")
    conn.execute("ALTER TABLE memory ADD COLUMN reps INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE memory ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE memory ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1))")
    conn.execute("DROP INDEX memory_due")
    conn.execute("DROP INDEX memory_new")
    conn.execute("CREATE INDEX memory_due ON memory (due_us, topic, template_id, state) "
                 "WHERE state > 0 AND active = 1 AND suspended = 0")
    conn.execute("CREATE INDEX memory_new ON memory (topic, position, template_id) "
                 "WHERE state = 0 AND active = 1 AND suspended = 0")
    conn.execute("""CREATE TABLE review_day (
        day TEXT NOT NULL,
        topic TEXT NOT NULL,
        mode TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        recalled INTEGER NOT NULL,
        new_cards INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        PRIMARY KEY (day, topic, mode)
    ) WITHOUT ROWID""")
    conn.execute("""CREATE TABLE mistake_tally (
        template_id TEXT NOT NULL,
        mistake TEXT NOT NULL,
        topic TEXT NOT NULL,
        count INTEGER NOT NULL,
        last_us INTEGER NOT NULL,
        PRIMARY KEY (template_id, mistake)
    ) WITHOUT ROWID""")
    row = conn.execute("SELECT value FROM setting WHERE key = 'day_rollover_hour'").fetchone()
    try:
        rollover = int(json.loads(row[0])) if row else 4
    except (TypeError, ValueError):
        rollover = 4
    rollover = rollover if 0 <= rollover <= 23 else 4
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)

    def study_day(us: int) -> str:
        local = (epoch + timedelta(microseconds=us)).astimezone()
        return (local - timedelta(hours=rollover)).date().isoformat()

    ids = conn.execute("SELECT id, reviewed_us FROM review").fetchall()
    conn.executemany("UPDATE review SET day = ? WHERE id = ?", [(study_day(us), i) for i, us in ids])
    count_aggregates(conn)
    conn.execute("CREATE TEMP TABLE v3_counts AS SELECT template_id, SUM(moved = 1) AS reps, "
                 "SUM(moved = 1 AND rating = 1 AND before_state = 2) AS lapses FROM review GROUP BY template_id")
    conn.execute("UPDATE memory SET reps = c.reps, lapses = c.lapses FROM v3_counts AS c "
                 "WHERE c.template_id = memory.template_id")
    conn.execute("DROP TABLE v3_counts")

# v4, for the card browser:
# - a flag is resolved (unflag), not deleted: what the learner wrote is kept; a flag
#   is open while resolved_us is NULL;
# - one card's review history is read through an index again. Without it, at a
#   million reviews, a card's history is a scan of the review log: 0.3–0.9 s for
#   each card the cursor stops on. With it, 0.2 ms; each recorded review writes
#   about one more WAL page (benchmarks/store.py measures both).
_V4: Migration = (
    "ALTER TABLE flag ADD COLUMN resolved_us INTEGER",
    "CREATE INDEX review_template ON review (template_id, reviewed_us)",
)


# v5: home's per-topic card counts without a scan of the memory table.
#
# ``topic_cards`` holds, per topic, the active templates (``total``), how many were
# reviewed at least once (``started``), how many of those have a stability of at
# least MATURE_DAYS (``mature``) and how many are suspended; triggers on ``memory``
# keep it, so every write path (a review, an undo, the bank's sync, a suspension, an
# import) keeps it right. At 50,000 templates the GROUP BY it replaces cost ~25 ms of
# CPU in front of home's first frame; reading it costs ~0.1 ms. A review changes it
# only when a card changes category (its first review, crossing into maturity, a
# lapse back out of it): the update trigger's WHEN leaves other reviews alone.
MATURE_DAYS = 21.0  # stats.MATURE_DAYS (Anki's threshold), fixed in the triggers below


def _card_counts(row: str) -> list[str]:
    """What one memory row (``new``, ``old`` or ``memory``) adds to its topic's total,
    started, mature and suspended counts (each 0 or 1)."""
    return [f"({row}.active = 1)",
            f"({row}.active = 1 AND {row}.state > 0)",
            f"({row}.active = 1 AND {row}.state > 0 AND IFNULL({row}.stability, 0) >= {MATURE_DAYS!r})",
            f"({row}.active = 1 AND {row}.suspended = 1)"]


_COUNTS = ("total", "started", "mature", "suspended")
_ADD_NEW = (f"INSERT INTO topic_cards (topic, {', '.join(_COUNTS)}) VALUES (new.topic, "
            f"{', '.join(_card_counts('new'))}) ON CONFLICT (topic) DO UPDATE SET "
            + ", ".join(f"{c} = {c} + excluded.{c}" for c in _COUNTS) + ";")
_TAKE_OLD = ("UPDATE topic_cards SET " + ", ".join(f"{c} = {c} - {e}" for c, e in zip(_COUNTS, _card_counts("old")))
             + " WHERE topic = old.topic;")


def rebuild_topic_cards(conn: sqlite3.Connection) -> None:
    """Count ``topic_cards`` afresh from the memory table (the migration; an import,
    whose INSERT OR REPLACE deletes rows without firing delete triggers)."""
    conn.execute("DELETE FROM topic_cards")
    sums = ", ".join(f"SUM({e})" for e in _card_counts("memory"))
    conn.execute(f"INSERT INTO topic_cards (topic, {', '.join(_COUNTS)}) SELECT topic, {sums} FROM memory "
                 "GROUP BY topic")


def _v5(conn: sqlite3.Connection) -> None:
    conn.execute("""CREATE TABLE topic_cards (
        topic TEXT PRIMARY KEY,
        total INTEGER NOT NULL,
        started INTEGER NOT NULL,
        mature INTEGER NOT NULL,
        suspended INTEGER NOT NULL
    ) WITHOUT ROWID""")
    conn.execute(f"CREATE TRIGGER topic_cards_insert AFTER INSERT ON memory BEGIN {_ADD_NEW} END")
    conn.execute(f"CREATE TRIGGER topic_cards_delete AFTER DELETE ON memory BEGIN {_TAKE_OLD} END")
    changed = " OR ".join(f"{o} IS NOT {n}" for o, n in zip(_card_counts("old"), _card_counts("new")))
    conn.execute(f"CREATE TRIGGER topic_cards_update AFTER UPDATE OF topic, active, state, stability, suspended "
                 f"ON memory WHEN old.topic IS NOT new.topic OR {changed} BEGIN {_TAKE_OLD} {_ADD_NEW} END")
    rebuild_topic_cards(conn)


# v6: mock interviews as the app and ``quizapp mock`` run them.
# - ``mock_interview.question_limit_s``: the optional limit per question (None: none);
#   ``mock_interview.weakest``: 1 when the questions were the learner's weakest areas.
# - ``mock_question.timed_out``: 1 when the question's (or the interview's) time ran out
#   before it was answered (it counts as not answered, ``verdict`` 'skipped').
# - ``mock_question.key_points``: a concept answer is typed during the interview (its
#   row is stored then, verdict 'self', key_points NULL) and scored at the end by
#   ticking the key points it covered: a JSON list of their 0-based numbers.
_V6: Migration = (
    "ALTER TABLE mock_interview ADD COLUMN question_limit_s INTEGER",
    "ALTER TABLE mock_interview ADD COLUMN weakest INTEGER NOT NULL DEFAULT 0 CHECK (weakest IN (0, 1))",
    "ALTER TABLE mock_question ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0 CHECK (timed_out IN (0, 1))",
    "ALTER TABLE mock_question ADD COLUMN key_points TEXT",
)


def _v7(conn: sqlite3.Connection) -> None:
    """The day's counts for the queue's daily limits from the daily aggregates.

    ``Store.today_counts`` (new templates introduced and reviews of review-state
    templates since the study day began, practice left out) was the only reader of
    the index on review(reviewed_us); ``review_day.review_cards`` now counts those
    reviews beside ``new_cards``, and the index goes: one index entry and one WAL page
    fewer on every recorded review (benchmarks/store.py). Filled from the review log
    for the rows already there; the other columns are left as they are.
    """
    conn.execute("ALTER TABLE review_day ADD COLUMN review_cards INTEGER NOT NULL DEFAULT 0")
    conn.execute(f"UPDATE review_day SET review_cards = c.n FROM (SELECT day, topic, mode, "
                 f"{DAY_SUMS['review_cards']} AS n FROM review GROUP BY day, topic, mode) AS c "
                 "WHERE c.day = review_day.day AND c.topic = review_day.topic AND c.mode = review_day.mode")
    conn.execute("DROP INDEX IF EXISTS review_time")


def link_history(conn: sqlite3.Connection) -> None:
    """Link every template's reviews, newest to oldest, from the review rows: each
    review's ``previous_review_id`` is the template's review recorded before it (by
    id, as ``record_review`` links them one at a time), and each memory row's
    ``newest_review_id`` its template's last one (v8's migration, an import, the
    benchmarks' large databases)."""
    conn.execute("UPDATE review SET previous_review_id = NULL WHERE previous_review_id IS NOT NULL")
    conn.execute("UPDATE review SET previous_review_id = p.previous FROM (SELECT id, LAG(id) OVER "
                 "(PARTITION BY template_id ORDER BY id) AS previous FROM review) AS p "
                 "WHERE p.id = review.id AND p.previous IS NOT NULL")
    conn.execute("UPDATE memory SET newest_review_id = NULL WHERE newest_review_id IS NOT NULL")
    conn.execute("UPDATE memory SET newest_review_id = n.id FROM (SELECT template_id, MAX(id) AS id FROM review "
                 "GROUP BY template_id) AS n WHERE n.template_id = memory.template_id")


def _v8(conn: sqlite3.Connection) -> None:
    """One card's history without an index on the review log.

    The card browser reads one template's reviews; since v4 through the index on
    review(template_id, reviewed_us). At a million reviews that index is ~40 MiB, and
    every recorded review wrote an entry into a random leaf of it: a page to read and
    one more WAL page to write, ~0.03 ms of each review's ~0.28 ms
    (benchmarks/store.py), enough to make recording a review slower than Anki
    answering a card. The reviews of a template are now linked instead: the memory
    row, which a review writes anyway, names the template's newest review
    (``newest_review_id``), and each review names the one before it
    (``previous_review_id``). A card's history follows the links, one row lookup a
    review (0.17–0.20 ms at 50k/1M, against 0.10–0.14 ms through the index: still
    far under a frame); undo puts the memory row's link back with its state.
    """
    conn.execute("ALTER TABLE memory ADD COLUMN newest_review_id INTEGER")
    conn.execute("ALTER TABLE review ADD COLUMN previous_review_id INTEGER")
    link_history(conn)
    conn.execute("DROP INDEX IF EXISTS review_template")


MIGRATIONS: list[Migration] = [_V1, _V2, _v3, _V4, _v5, _V6, _v7, _v8]


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring ``conn`` (autocommit mode) up to ``len(migrations)``, one transaction
    per step; returns the version reached. The caller has checked the database is
    not newer than ``migrations``."""
    version = current_version(conn)
    for number in range(version + 1, len(migrations) + 1):
        step = migrations[number - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return current_version(conn)
