"""``quizapp stats [--json] [--db PATH]``: progress figures.

Reviews in total, today and per topic; templates due now and never seen;
retention, the share of reviews recalled (a graded card answered right, a concept
card self-rated anything but Again: every rating above 1); the streak, the number
of consecutive study days with a review up to today (or up to yesterday while
today has none yet), where a study day starts at the ``day_rollover_hour`` setting
(default 4:00) in the local time zone; and mock-interview results.

The database is opened read-only, so this works while a quizapp is studying.
``--json`` prints ``{"reviews", "today", "due", "new", "retention", "streak",
"by_topic": {topic: {"reviews", "recalled", "retention", "due", "new"}},
"mock_interviews": {"count", "average_score", "best_score", "recent": [...]}}``.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from quizapp.commands import fail

RECENT_MOCKS = 5


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=help_)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--db", type=Path, metavar="PATH", help="the progress database (default: QUIZAPP_DB or the user data folder)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from quizapp.paths import default_db_path
    from quizapp.store import Store, StoreError

    path = args.db if args.db is not None else default_db_path()
    now = datetime.now(timezone.utc)
    if not Path(path).exists():
        figures = gather(None, now)
    else:
        try:
            with Store.open(path, readonly=True) as store:
                figures = gather(store, now)
        except StoreError as e:
            return fail(str(e))
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else _text(figures), flush=True)
    return 0


def gather(store, now: datetime, tz: tzinfo | None = None) -> dict[str, Any]:
    """Every figure as plain data; ``store`` None stands for a database not yet made.
    ``tz`` is the zone of the study day (default: the system's)."""
    if store is None:
        return {"reviews": 0, "today": 0, "due": 0, "new": 0, "retention": None, "streak": 0,
                "by_topic": {}, "mock_interviews": {"count": 0, "average_score": None,
                                                    "best_score": None, "recent": []}}
    from quizapp.srs import day_start
    from quizapp.store import to_us

    c = store.db.conn
    rollover = store.srs_settings().day_rollover_hour
    today = day_start(now, tz, rollover)
    counts = store.due_counts(now)
    by_topic: dict[str, dict[str, Any]] = {}
    for topic, n, recalled in c.execute("SELECT topic, COUNT(*), SUM(rating > 1) FROM review "
                                        "GROUP BY topic ORDER BY topic"):
        by_topic[topic] = {"reviews": n, "recalled": recalled, "retention": _share(recalled, n)}
    for topic in sorted(counts.keys() - by_topic.keys()):
        by_topic[topic] = {"reviews": 0, "recalled": 0, "retention": None}
    for topic, row in by_topic.items():
        row["due"] = counts[topic].due if topic in counts else 0
        row["new"] = counts[topic].new if topic in counts else 0
    total = sum(r["reviews"] for r in by_topic.values())
    recalled = sum(r["recalled"] for r in by_topic.values())
    (n_today,) = c.execute("SELECT COUNT(*) FROM review WHERE reviewed_us >= ?", (to_us(today),)).fetchone()
    return {
        "reviews": total,
        "today": n_today,
        "due": sum(x.due for x in counts.values()),
        "new": sum(x.new for x in counts.values()),
        "retention": _share(recalled, total),
        "streak": _streak(c, today, tz, rollover),
        "by_topic": dict(sorted(by_topic.items())),
        "mock_interviews": _mocks(c),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _streak(c, today: datetime, tz: tzinfo | None, rollover: int) -> int:
    """Consecutive study days with a review, counting back from today (a day with
    none yet does not break the streak until it is over). One indexed lookup per day."""
    from quizapp.srs import day_start
    from quizapp.store import to_us

    def any_since(start: datetime, end: datetime | None) -> bool:
        sql = "SELECT EXISTS (SELECT 1 FROM review WHERE reviewed_us >= ?"
        args = [to_us(start)]
        if end is not None:
            sql, args = sql + " AND reviewed_us < ?", [*args, to_us(end)]
        return bool(c.execute(sql + ")", args).fetchone()[0])

    streak = int(any_since(today, None))
    end = today
    while True:
        start = day_start(end - timedelta(microseconds=1), tz, rollover)  # the study day before
        if not any_since(start, end):
            return streak
        streak += 1
        end = start


def _mocks(c) -> dict[str, Any]:
    """Finished mock interviews: how many, average and best score, the latest few."""
    from quizapp.store import from_us

    rows = c.execute("SELECT started_us, question_count, score FROM mock_interview "
                     "WHERE score IS NOT NULL ORDER BY started_us DESC, id DESC").fetchall()
    scores = [r[2] for r in rows]
    recent = [{"started": from_us(s).isoformat(timespec="seconds"), "questions": n, "score": round(x, 4)}
              for s, n, x in rows[:RECENT_MOCKS]]
    return {"count": len(rows), "average_score": round(sum(scores) / len(scores), 4) if scores else None,
            "best_score": round(max(scores), 4) if scores else None, "recent": recent}


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def _text(f: dict[str, Any]) -> str:
    days = "day" if f["streak"] == 1 else "days"
    lines = [
        f"reviews: {f['reviews']} ({f['today']} today), retention {_percent(f['retention'])}, "
        f"streak {f['streak']} {days}",
        f"due now: {f['due']}, new: {f['new']}",
    ]
    if f["by_topic"]:
        width = max(map(len, f["by_topic"]))
        lines.append("by topic:")
        for topic, t in f["by_topic"].items():
            lines.append(f"  {topic:<{width}}  {t['reviews']} reviews, retention {_percent(t['retention'])}, "
                         f"{t['due']} due, {t['new']} new")
    m = f["mock_interviews"]
    if m["count"]:
        lines.append(f"mock interviews: {m['count']}, average {_percent(m['average_score'])}, "
                     f"best {_percent(m['best_score'])}")
        for r in m["recent"]:
            lines.append(f"  {r['started']}  {r['questions']} questions, {_percent(r['score'])}")
    else:
        lines.append("mock interviews: none yet")
    return "\n".join(lines)
