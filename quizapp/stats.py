"""Progress figures as plain data, for ``quizapp stats`` and the home screen.

    figures = gather(store, now, tz=None, templates=None) -> dict   # store None: no database yet

Reviews in total, today and per topic; templates due now and never seen;
retention, the share of reviews recalled (a graded card answered right, a concept
card self-rated anything but Again: every rating above 1); the streak, the number
of consecutive study days with a review up to today (or up to yesterday while
today has none yet), where a study day starts at the ``day_rollover_hour`` setting
(default 4:00) in the local time zone; and mock-interview results.

The keys: ``{"reviews", "today", "due", "new", "retention", "streak",
"by_topic": {topic: {"reviews", "recalled", "retention", "due", "new"}},
"mock_interviews": {"count", "average_score", "best_score", "recent": [...]}}``.
Every figure is read through the store's read methods (raw sqlite3, so this is
cheap enough for the home screen). With ``templates``, the question bank as
``(template_id, topic)`` pairs, every bank topic is listed and "new" counts the
bank's templates never reviewed, so a database that does not exist yet, or has not
seen the bank, still shows what there is to learn.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, tzinfo
from typing import Any, Iterable

from quizapp.srs import day_start
from quizapp.store import MockResultRow, Store

RECENT_MOCKS = 5


def gather(store: Store | None, now: datetime, tz: tzinfo | None = None,
           templates: Iterable[tuple[str, str]] | None = None) -> dict[str, Any]:
    """Every figure as plain data; ``store`` None stands for a database not yet made.
    ``tz`` is the zone of the study day (default: the system's); ``templates`` the
    bank, if new templates are to be counted from it (see the module's docstring)."""
    counts = store.due_counts(now) if store is not None else {}
    due = {topic: c.due for topic, c in counts.items()}
    if templates is None:
        new = {topic: c.new for topic, c in counts.items()}
    else:
        seen = store.reviewed_templates() if store is not None else set()
        new = Counter()
        for tid, topic in templates:
            new[topic] += tid not in seen
    reviewed = store.review_counts_by_topic() if store is not None else {}
    by_topic: dict[str, dict[str, Any]] = {}
    for topic in sorted(due.keys() | new.keys() | reviewed.keys()):
        n, recalled = reviewed.get(topic, (0, 0))
        by_topic[topic] = {"reviews": n, "recalled": recalled, "retention": _share(recalled, n),
                           "due": due.get(topic, 0), "new": new.get(topic, 0)}
    total = sum(r["reviews"] for r in by_topic.values())
    recalled = sum(r["recalled"] for r in by_topic.values())
    figures = {"reviews": total, "today": 0, "due": sum(due.values()), "new": sum(new.values()),
               "retention": _share(recalled, total), "streak": 0, "by_topic": by_topic,
               "mock_interviews": _mocks(store.mock_results() if store is not None else [])}
    if store is not None:
        rollover = store.srs_settings().day_rollover_hour
        today = day_start(now, tz, rollover)
        figures["today"] = store.review_count_since(today)
        figures["streak"] = _streak(store, today, tz, rollover)
    return figures


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _streak(store: Store, today: datetime, tz: tzinfo | None, rollover: int) -> int:
    """Consecutive study days with a review, counting back from today (a day with
    none yet does not break the streak until it is over). One indexed lookup per day."""
    streak = int(store.any_review_between(today))
    end = today
    while True:
        start = day_start(end - timedelta(microseconds=1), tz, rollover)  # the study day before
        if not store.any_review_between(start, end):
            return streak
        streak += 1
        end = start


def _mocks(rows: list[MockResultRow]) -> dict[str, Any]:
    """Finished mock interviews (newest first): how many, average and best score,
    the latest few."""
    scores = [r.score for r in rows]
    recent = [{"started": r.started.isoformat(timespec="seconds"), "questions": r.question_count,
               "score": round(r.score, 4)} for r in rows[:RECENT_MOCKS]]
    return {"count": len(rows), "average_score": round(sum(scores) / len(scores), 4) if scores else None,
            "best_score": round(max(scores), 4) if scores else None, "recent": recent}
