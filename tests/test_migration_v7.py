"""Migration 7: the day's counts behind the queue's daily limits come from the daily
aggregates (``review_day.review_cards`` beside ``new_cards``) and the index on
review(reviewed_us) goes. A database written at schema 6 keeps every figure: the
day's counts, home's and the statistics' figures are the same before and after,
and equal to what the review rows themselves say (counted here, in Python)."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from helpers import record
from quizapp import migrations, stats
from quizapp.srs import day_start, study_day
from quizapp.store import Store

UTC = timezone.utc
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
TOPICS = {"alpha": {"en": "Alpha", "zh": "甲"}, "beta": {"en": "Beta", "zh": "乙"}, "gamma": {"en": "Gamma", "zh": "丙"}}
DAY_US = 86_400_000_000


def _us(moment: datetime) -> int:
    return round(moment.timestamp() * 1_000_000)


def _reviews(rng: random.Random) -> list[dict]:
    """Reviews over the last ten days (and one dated after NOW, as a clock set back
    dates them), of three topics, in the three modes, from every memory state."""
    rows = []
    first = _us(NOW) - 10 * DAY_US
    for n in range(400):
        mode = rng.choice(("study", "study", "cram", "mock"))
        us = first + n * (11 * DAY_US // 400) + rng.randrange(0, 3_600_000_000)
        rows.append({"template_id": f"{rng.choice(list(TOPICS))}.t{rng.randrange(12)}", "rating": rng.randrange(1, 5),
                     "duration_ms": rng.randrange(1000, 60_000), "mode": mode, "reviewed_us": us,
                     "moved": int(mode != "cram"), "before_state": rng.choice((0, 1, 2, 2, 3)),
                     "mistake": "sign" if rng.random() < 0.1 else None})
    for r in rows:
        r["topic"] = r["template_id"].split(".")[0]
        r["day"] = study_day(datetime.fromtimestamp(r["reviewed_us"] / 1e6, UTC), UTC, 4)
    return rows


def _v6_database(path, rows: list[dict]) -> None:
    """A database at schema 6 holding ``rows``, its daily aggregates as schema 6 kept
    them (summed here from the rows)."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:6])
    assert migrations.current_version(conn) == 6
    ids = sorted({r["template_id"] for r in rows} | {f"{t}.t{i}" for t in TOPICS for i in range(14)})
    conn.executemany(
        "INSERT INTO memory (template_id, topic, position, state, stability, difficulty, due_us, last_review_us) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(tid, tid.split(".")[0], i, *((2, 3.0 + i, 5.0, _us(NOW) + (i - 20) * DAY_US // 4, _us(NOW) - DAY_US)
                                       if tid.endswith(tuple(f".t{k}" for k in range(12))) else (0, None, None, None, None)))
         for i, tid in enumerate(ids)])
    conn.executemany(
        "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, duration_ms, mode, "
        "reviewed_us, moved, before_state, before_stability, before_difficulty, before_due_us, day) "
        "VALUES (?, ?, 1, '0.5', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(r["template_id"], r["topic"], "correct" if r["rating"] > 1 else "wrong", r["mistake"], r["rating"],
          r["duration_ms"], r["mode"], r["reviewed_us"], r["moved"], r["before_state"],
          *((None, None, None) if r["before_state"] == 0 else (2.0, 5.0, r["reviewed_us"])), r["day"]) for r in rows])
    days: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    mistakes: dict[tuple, list] = {}
    for r in rows:
        d = days[r["day"], r["topic"], r["mode"]]
        d[0] += 1
        d[1] += r["rating"] > 1
        d[2] += r["before_state"] == 0 and r["moved"]
        d[3] += r["duration_ms"]
        if r["mistake"]:
            m = mistakes.setdefault((r["template_id"], r["mistake"]), [r["topic"], 0, 0])
            m[1] += 1
            m[2] = max(m[2], r["reviewed_us"])
    conn.executemany("INSERT INTO review_day (day, topic, mode, reviews, recalled, new_cards, duration_ms) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", [(*k, *v) for k, v in days.items()])
    conn.executemany("INSERT INTO mistake_tally (template_id, mistake, topic, count, last_us) VALUES (?, ?, ?, ?, ?)",
                     [(*k, *v) for k, v in mistakes.items()])
    conn.close()


def _today_counts(rows: list[dict], now: datetime) -> tuple[int, int]:
    """(new, review-state) reviews that moved the schedule since ``now``'s study day
    began (at 04:00 UTC), from the rows."""
    start = _us(day_start(now, UTC, 4))
    moved = [r for r in rows if r["reviewed_us"] >= start and r["moved"]]
    return sum(r["before_state"] == 0 for r in moved), sum(r["before_state"] == 2 for r in moved)


def _figures(store: Store, now: datetime) -> tuple:
    home = stats.home(store, TOPICS, now, tz=UTC)
    figures = stats.statistics(store, now, UTC)
    return home, figures, store.day_rows(), store.top_mistakes(50), store.totals_by_topic()


def test_a_version_6_database_keeps_its_figures_and_counts_the_day_from_its_aggregates(tmp_path):
    rows = _reviews(random.Random(5))
    db = tmp_path / "p.sqlite3"
    _v6_database(db, rows)
    moments = [NOW - timedelta(days=k, hours=h) for k in range(0, 11, 2) for h in (0, 12)]
    with Store.open(db, readonly=True) as old:  # read as it is, not migrated
        assert migrations.current_version(old._conn) == 6
        before = {m: _figures(old, m) for m in moments}

    with Store.open(db) as s:
        c = s._conn
        assert migrations.current_version(c) == len(migrations.MIGRATIONS) >= 7
        assert "review_time" not in {n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        after = {m: _figures(s, m) for m in moments}
        assert after == before
        for m in moments:
            assert s.today_counts(m, UTC) == _today_counts(rows, m)
            today = study_day(m, UTC, 4)
            home = after[m][0]
            todays = [r for r in rows if r["day"] == today]
            assert home.reviewed_today == sum(r["mode"] != "cram" for r in todays)
            assert home.practised_today == sum(r["mode"] == "cram" for r in todays)
            assert home.learned_today == sum(r["before_state"] == 0 and r["moved"] for r in todays)
        assert s.today_counts(NOW, UTC) != (0, 0)  # the day has counts to keep right
        review_cards = defaultdict(int)
        for r in rows:
            review_cards[r["day"], r["topic"], r["mode"]] += r["before_state"] == 2 and r["moved"]
        assert dict(((d, t, m), n) for d, t, m, n in c.execute(
            "SELECT day, topic, mode, review_cards FROM review_day")) == dict(review_cards)


def test_the_days_counts_follow_reviews_undo_and_a_rebuild(tmp_path):
    """After v7, a review, its undo and an import's rebuild of the aggregates keep
    ``today_counts`` equal to a count over the review rows."""
    rows = _reviews(random.Random(9))
    db = tmp_path / "p.sqlite3"
    _v6_database(db, rows)

    def counted(s: Store, now: datetime) -> tuple[int, int]:
        start = _us(day_start(now, UTC, 4))
        return tuple(s._conn.execute(
            "SELECT COUNT(*) FILTER (WHERE before_state = 0), COUNT(*) FILTER (WHERE before_state = 2) "
            "FROM review WHERE moved = 1 AND reviewed_us >= ?", (start,)).fetchone())

    with Store.open(db) as s:
        now = NOW + timedelta(days=2)  # after every stored review: the day starts empty
        assert s.today_counts(now, UTC) == counted(s, now) == (0, 0)
        record(s, "alpha.t12", rating=3, now=now)  # a new template
        record(s, "beta.t1", rating=1, now=now)  # a review-state template
        record(s, "beta.t2", rating=3, now=now, mode="cram")  # practice: not counted
        assert s.today_counts(now, UTC) == counted(s, now) == (1, 1)
        s.undo_last_review()
        s.undo_last_review()
        assert s.today_counts(now, UTC) == counted(s, now) == (1, 0)
        copy = Store.open(tmp_path / "copy.sqlite3")
        copy.import_lines(list(s.export_lines()))  # the import rebuilds the aggregates from the rows
        for m in (now, NOW, NOW - timedelta(days=3)):
            assert copy.today_counts(m, UTC) == counted(copy, m) == s.today_counts(m, UTC)
        copy.close()
