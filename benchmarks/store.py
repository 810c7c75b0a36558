"""Store benchmark: a big collection (50,000 templates over 20 topics, 1,000,000
reviews, like someone who imported large Anki decks).

    .venv/bin/python benchmarks/store.py [--rebuild] [--reviews N]

The database is built once (raw executemany in one transaction, not through the
public API) and cached in the temp folder. Measured through the public API:
opening (with and without quick_check), today's queue, due counts per topic,
recording one review with synchronous=FULL (median and p99, and the WAL pages it
writes; every review is undone afterwards, so the cached database stays as
built), and one card's review history for the card browser, with the index that
serves it and, on a copy, without it (with what that index costs a review).
Targets: queue < 22 ms, due counts < 11 ms, record review < 0.3 ms median.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizapp.migrations import MIGRATIONS
from quizapp.srs import next_state, rating_for, study_day
from quizapp.store import ReviewRecord, Store, from_us, to_us

TEMPLATES = 50_000
TOPICS = 20
REVIEWS = 1_000_000
REVIEWED_SHARE = 0.8  # the rest are new
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
CACHE = (Path(tempfile.gettempdir()) / "quizapp-bench"
         / f"store-{TEMPLATES}-{REVIEWS}-v{len(MIGRATIONS)}.sqlite3")  # a new schema: built afresh


def build(path: Path) -> None:
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    now_us = to_us(NOW)
    day = 86_400_000_000
    memory, reviewed = [], []
    for i in range(TEMPLATES):
        tid, topic = f"topic{i % TOPICS:02d}.card{i:05d}", f"topic{i % TOPICS:02d}"
        if rng.random() < REVIEWED_SHARE:
            state = rng.choices((1, 2, 3), (2, 95, 3))[0]
            last = now_us - rng.randrange(1, 200) * day
            due = last + rng.randrange(1, 400) * day  # about 10% due today
            memory.append((tid, topic, i, 1, state, None if state == 2 else 0, rng.uniform(1, 300),
                           rng.uniform(1, 10), due, last, 0, 0, 0))
            reviewed.append((tid, topic))
        else:
            memory.append((tid, topic, i, 1, 0, None, None, None, None, None, 0, 0, 0))
    with Store.open(path) as store:
        conn = store._conn
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO memory (template_id, topic, position, active, state, step, stability, "
                         "difficulty, due_us, last_review_us, reps, lapses, suspended) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", memory)
        start = now_us - 365 * day

        def rows():
            for n in range(REVIEWS):
                tid, topic = reviewed[rng.randrange(len(reviewed))]
                rating = rng.choices((1, 2, 3, 4), (10, 15, 60, 15))[0]
                verdict = "correct" if rating > 1 else "wrong"
                at = start + n * (365 * day // REVIEWS)
                yield (tid, topic, rng.randrange(2**31), "0.42", verdict, None, rating,
                       rng.randrange(2000, 90_000), "study", at, 1, None,
                       2, None, 10.0, 5.0, start, start - day, from_us(at).date().isoformat())

        conn.executemany(
            "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, duration_ms, "
            "mode, reviewed_us, moved, session_id, before_state, before_step, before_stability, "
            "before_difficulty, before_due_us, before_last_review_us, day) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")



def median(values: list[float]) -> float:
    """The median (not ``statistics.median``: benchmarks/statistics.py, beside this
    script, shadows the standard library's module when a benchmark is run)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, ms: list[float], target: float | None = None) -> None:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    goal = f"   target < {target} ms: {'ok' if median(ms) < target else 'MISSED'}" if target else ""
    print(f"{name:<34} median {median(ms):8.3f} ms   p99 {p99:8.3f} ms   (n={len(ms)}){goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--reviews", type=int, default=1000, help="reviews to record (default 1000)")
    args = parser.parse_args()
    if args.rebuild or not CACHE.exists():
        t = time.perf_counter()
        build(CACHE)
        print(f"built {CACHE} in {time.perf_counter() - t:.1f} s")
    print(f"database: {CACHE} ({CACHE.stat().st_size / 2**20:.0f} MiB), "
          f"{TEMPLATES} templates, {REVIEWS} reviews, Python {sys.version.split()[0]}")

    report("open (with quick_check)", timed(lambda: Store.open(CACHE).close(), 5))
    report("open (without quick_check)", timed(lambda: Store.open(CACHE, quick_check=False).close(), 20))
    with Store.open(CACHE) as store:
        store.set_setting("reviews_per_day", 9999)  # a big backlog: the whole due set
        queue = store.queue(NOW, tz=timezone.utc)
        print(f"queue length {len(queue)}, due now {sum(c.due for c in store.due_counts(NOW).values())}")
        report("today's queue, a 9,565 backlog", timed(lambda: store.queue(NOW, tz=timezone.utc), 50), 22)
        report("today's queue, one topic", timed(lambda: store.queue(NOW, topics=["topic07"], tz=timezone.utc), 50), 22)
        report("due counts per topic", timed(lambda: store.due_counts(NOW), 50), 11)

        ids = [q.template_id for q in queue]
        report("record one review (sync=FULL)", record_reviews(store, ids, args.reviews), 0.3)
        report("undo the last review", timed(store.undo_last_review, args.reviews))
        history_figures(store, ids, args.reviews)
        store.set_setting("reviews_per_day", 200)
        report("today's queue, default limits", timed(lambda: store.queue(NOW, tz=timezone.utc), 50), 22)
        report("daily full quick_check", timed(lambda: store._conn.execute("PRAGMA quick_check").fetchall(), 3))
        backups = []
        report("backup (backup API)", timed(lambda: backups.append(store.backup(NOW)), 3))
        for made in backups:
            made.unlink()
    report("floor: bare insert+commit, FULL", floor(), 0.3)
    return 0


def record_reviews(store: Store, ids: list[str], n: int) -> list[float]:
    """Record ``n`` reviews as a session does (the FSRS step computed first, not
    timed); the time of each ``record_review``, in ms. Prints the WAL pages each
    review wrote (the disk's share of the cost, free of the machine's noise)."""
    conn = store._conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = Path(str(store.path) + "-wal")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the WAL grows by exactly what the reviews write
    try:
        times = _record(store, ids, n)
    finally:
        conn.execute("PRAGMA wal_autocheckpoint = 1000")
    print(f"  WAL pages written per review: {wal.stat().st_size / page / n:.2f} ({page}-byte pages)")
    return times


def _record(store: Store, ids: list[str], n: int) -> list[float]:
    rng = random.Random(2)
    settings, scheduler = store.srs_settings(), store.scheduler()
    times = []
    for i in range(n):
        tid = ids[i % len(ids)]
        correct = rng.random() < 0.85
        rating = int(rating_for(correct, rng.uniform(2, 120), 3))
        before = store.memory(tid)
        after, at = next_state(before, rating, NOW + timedelta(seconds=i), settings, scheduler)
        record = ReviewRecord(tid, i, "0.5", "correct" if correct else "wrong", rating, 5000, at,
                              study_day(at, timezone.utc, settings.day_rollover_hour), "study", before, after)
        t = time.perf_counter()
        store.record_review(record)
        times.append((time.perf_counter() - t) * 1000)
    return times


def history_figures(store: Store, ids: list[str], n: int) -> None:
    """The card browser's history of one card (``card_history``), and what the
    index on review(template_id, reviewed_us) that serves it costs each recorded
    review: measured here, then on a copy of the database without the index (the
    cached database stays as built; its index grew review by review, as a real
    one does, so its pages are as full as in use)."""
    import shutil
    import sqlite3

    rng = random.Random(3)
    sample = [ids[rng.randrange(len(ids))] for _ in range(20)]
    report("one card's history (indexed)", timed(lambda: store.card_history(sample.pop()), 20))
    copy = CACHE.with_name("no-history-index.sqlite3")
    for p in copy.parent.glob(copy.name + "*"):
        p.unlink()
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(CACHE, copy)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("DROP INDEX IF EXISTS review_template")
    conn.execute("VACUUM")
    conn.close()
    try:
        with Store.open(copy, quick_check=False) as other:
            sample = [ids[rng.randrange(len(ids))] for _ in range(5)]
            report("one card's history, no index", timed(lambda: other.card_history(sample.pop()), 5))
            report("record one review, no index", record_reviews(other, ids, n), 0.3)
    finally:
        for p in copy.parent.glob(copy.name + "*"):
            p.unlink()


def floor() -> list[float]:
    """The disk's own cost: one-row insert-and-commit in WAL with synchronous=FULL."""
    import sqlite3

    path = CACHE.with_name("floor.sqlite3")
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (x)")

    def one() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("COMMIT")

    try:
        return timed(one, 1000)
    finally:
        conn.close()


if __name__ == "__main__":
    raise SystemExit(main())
