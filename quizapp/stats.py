"""The read model: every progress figure quizapp shows, as plain data, for the
terminal app's home and statistics screens and for ``quizapp stats``.

    home(store, topics, now, tz=None) -> Home            # the home screen's figures
    gather(store, now, tz=None, templates=None) -> dict  # the totals
    statistics(store, now, tz=None, bank=None) -> dict   # ``quizapp stats --json``, the statistics screen

Everything is read from the store's aggregates and indexes (``store.figures``),
never from a scan of the review log, so the figures cost the same with a year of
history as with a day of it.

Definitions (the same everywhere):

- A **review** is a recorded answer that moved the schedule (study and mock
  interviews). **Practice** (cram) is counted apart, under ``practice``, and never
  in reviews, retention or today's count.
- **Retention** is the share of reviews recalled: a graded card answered right, a
  concept card self-rated anything but Again (every rating above 1).
- **Learned** cards are those reviewed at least once; **mature** ones have an FSRS
  stability of at least ``MATURE_DAYS`` days (Anki's threshold); **mastery** is a
  topic's share of mature cards. Mastery takes weeks to move; learned today and
  retention this week move from the first session.
- A **study day** starts at the ``day_rollover_hour`` setting (default 4:00) in
  the local time zone; the **streak** is the number of consecutive study days with
  any answer (practice included) up to today, or up to yesterday while today has
  none yet.

What ``statistics`` adds to ``gather``'s totals (every key is in ``quizapp stats
--json``; days are study days, ``"YYYY-MM-DD"``):

- ``study_day``: today's study day.
- ``days``: one row per study day with any answer in the last ``HISTORY_DAYS``,
  oldest first: ``reviews`` and ``recalled`` (study and mock interviews),
  ``practice`` and ``practice_recalled`` (cram, apart), ``new`` (cards learned).
  A day that is not listed had no answer at all: its count is a known 0. The
  calendar heatmap and the reviews per day are drawn from it.
- ``retention_weeks``: the last ``RETENTION_WEEKS`` weeks (seven study days each,
  the last one ending today), oldest first: ``start``, ``end``, ``reviews``,
  ``recalled``, ``retention`` (None for a week without reviews: unknown, not 0).
- ``forecast``: the next ``FORECAST_DAYS`` study days from today: ``day`` and
  ``due``, the studied cards that fall due that day (today's count includes every
  card already overdue). New cards are not in it.
- ``accuracy``: per topic (in the bank's order when it is given), the share of
  answers recalled: ``reviews``, ``recalled``, ``accuracy`` (study and mock), and
  ``practice``, ``practice_recalled``, ``practice_accuracy`` (cram), each share
  None without answers.
- ``mistakes``: gather's list, each with ``label`` (the card's own words for the
  mistake, ``{"en", "zh"}``) and ``title`` (the card's) when the bank has them,
  else None.
- ``mock_trend``: the last ``TREND_MOCKS`` finished mock interviews, oldest
  first: ``started`` (ISO time), ``questions``, ``score`` (0..1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, Iterable

from quizapp.srs import study_day

MATURE_DAYS = 21.0
RECENT_MOCKS = 5
HISTORY_DAYS = 365  # the calendar and the reviews per day look back a year
RETENTION_WEEKS = 26
FORECAST_DAYS = 30
TREND_MOCKS = 30
TREND_OVER = 10  # the score trend is taken over the last this many mock interviews
SCHEDULED = ("study", "mock")  # modes whose answers are reviews; "cram" is practice


@dataclass(frozen=True)
class TopicRow:
    topic: str
    title: dict  # {"en": ..., "zh": ...}
    due: int
    new: int
    learned: int  # cards reviewed at least once
    total: int  # active cards
    mastery: float  # share of mature cards, 0..1

    @property
    def learned_share(self) -> float:
        return self.learned / self.total if self.total else 0.0


@dataclass(frozen=True)
class Home:
    topics: tuple[TopicRow, ...]
    known: bool  # False until the question bank has been registered (a first launch)
    reviewed_today: int
    practised_today: int
    learned_today: int  # new cards studied today
    retention_week: float | None  # over the last 7 study days, None without reviews
    streak_days: int

    @property
    def due(self) -> int:
        return sum(r.due for r in self.topics)

    @property
    def new(self) -> int:
        return sum(r.new for r in self.topics)


def home(store: Any, topics: dict[str, dict], now: datetime, *, tz: tzinfo | None = None) -> Home:
    """The home screen's figures: per topic (in ``topics``' order) due, new, learned
    and mastery; today's reviews, practice and new cards learned; retention over
    the last seven study days; the streak."""
    counts = store.due_counts(now)
    cards = store.cards_by_topic(MATURE_DAYS)
    rows = []
    for topic, title in topics.items():
        c = counts.get(topic)
        k = cards.get(topic)
        rows.append(TopicRow(topic, title, c.due if c else 0, c.new if c else 0, k.started if k else 0,
                             k.total if k else 0, (k.mature / k.total) if k and k.total else 0.0))
    return Home(tuple(rows), known=bool(cards), **_today(store, now, tz))


def _today(store: Any, now: datetime, tz: tzinfo | None) -> dict[str, Any]:
    """Today's reviews, practice and new cards, retention over the last seven study
    days and the streak: from this week's aggregate rows and the list of study days."""
    rollover = store.srs_settings().day_rollover_hour
    today = study_day(now, tz, rollover)
    week_start = (date.fromisoformat(today) - timedelta(days=6)).isoformat()
    recent = store.day_rows(since=week_start)
    todays = [r for r in recent if r.day == today]
    week = [r for r in recent if r.mode in SCHEDULED]
    reviews = sum(r.reviews for r in week)
    return {"reviewed_today": sum(r.reviews for r in todays if r.mode in SCHEDULED),
            "practised_today": sum(r.reviews for r in todays if r.mode not in SCHEDULED),
            "learned_today": sum(r.new_cards for r in todays),
            "retention_week": _share(sum(r.recalled for r in week), reviews),
            "streak_days": _streak(store.study_days(), today)}


def gather(store: Any | None, now: datetime, tz: tzinfo | None = None,
           templates: Iterable[tuple[str, str]] | None = None, *,
           totals: dict[tuple[str, str], tuple[int, int]] | None = None) -> dict[str, Any]:
    """Every figure of ``quizapp stats --json`` as plain data; ``store`` None stands
    for a database not yet made. ``templates``, the bank as ``(template_id, topic)``
    pairs, makes every bank topic listed and "new" count the bank's templates never
    reviewed, so a database that has not seen the bank still shows what there is to
    learn.

    Keys: ``reviews``, ``today``, ``due``, ``new``, ``retention``, ``streak``,
    ``learned_today``, ``retention_week``, ``practice`` ({``reviews``, ``today``,
    ``recalled``}), ``by_topic`` ({topic: {``reviews``, ``recalled``,
    ``retention``, ``due``, ``new``, ``practice``}}), ``mistakes`` (the named
    mistakes made most) and ``mock_interviews`` (``mock_figures``: ``count``,
    ``average_score``, ``best_score``, ``recent``, ``scores``, ``trend``,
    ``average_seconds_per_question``). ``totals``: ``store.totals_by_topic()`` when
    the caller has it already."""
    counts = store.due_counts(now) if store is not None else {}
    due = {topic: c.due for topic, c in counts.items()}
    if templates is None:
        new = {topic: c.new for topic, c in counts.items()}
    else:
        seen = store.reviewed_templates() if store is not None else set()
        new = Counter()
        for tid, topic in templates:
            new[topic] += tid not in seen
    if totals is None:
        totals = store.totals_by_topic() if store is not None else {}
    by_topic: dict[str, dict[str, Any]] = {}
    for topic in sorted(due.keys() | new.keys() | {t for t, _ in totals}):
        n = sum(totals.get((topic, m), (0, 0))[0] for m in SCHEDULED)
        recalled = sum(totals.get((topic, m), (0, 0))[1] for m in SCHEDULED)
        by_topic[topic] = {"reviews": n, "recalled": recalled, "retention": _share(recalled, n),
                           "due": due.get(topic, 0), "new": new.get(topic, 0),
                           "practice": totals.get((topic, "cram"), (0, 0))[0]}
    total = sum(r["reviews"] for r in by_topic.values())
    recalled = sum(r["recalled"] for r in by_topic.values())
    practice = sum(r["practice"] for r in by_topic.values())
    practice_recalled = sum(v[1] for (t, m), v in totals.items() if m == "cram")
    figures: dict[str, Any] = {
        "reviews": total, "today": 0, "due": sum(due.values()), "new": sum(new.values()),
        "retention": _share(recalled, total), "streak": 0, "learned_today": 0, "retention_week": None,
        "practice": {"reviews": practice, "today": 0, "recalled": practice_recalled},
        "by_topic": by_topic, "mistakes": [],
        "mock_interviews": mock_figures(store.mock_history() if store is not None else []),
    }
    if store is not None:
        h = _today(store, now, tz)
        figures.update(today=h["reviewed_today"], streak=h["streak_days"], learned_today=h["learned_today"],
                       retention_week=h["retention_week"])
        figures["practice"]["today"] = h["practised_today"]
        figures["mistakes"] = [{"template_id": m.template_id, "mistake": m.mistake, "topic": m.topic,
                                "count": m.count} for m in store.top_mistakes(10)]
    return figures


def statistics(store: Any | None, now: datetime, tz: tzinfo | None = None, bank: Any | None = None) -> dict[str, Any]:
    """Everything the statistics screen plots and ``quizapp stats --json`` prints:
    ``gather``'s totals and the series described in this module's docstring.
    ``store`` None stands for a database not yet made (every series empty, every
    count a known 0); ``bank`` (a ``content.Bank``) lists its topics and new cards
    and names the mistakes."""
    totals = store.totals_by_topic() if store is not None else {}
    templates = None
    if bank is not None and (store is None or store.get_setting("bank_fingerprint") != bank.fingerprint()):
        templates = bank.pairs()  # the database has not registered this bank: count its new cards from it
    figures = gather(store, now, tz, templates, totals=totals)
    if bank is not None:
        for topic in bank.topics:  # every topic of the bank is listed, studied or not
            figures["by_topic"].setdefault(topic, {"reviews": 0, "recalled": 0, "retention": None, "due": 0,
                                                   "new": 0, "practice": 0})
    rollover = store.srs_settings().day_rollover_hour if store is not None else 4
    today = date.fromisoformat(study_day(now, tz, rollover))
    since = today - timedelta(days=HISTORY_DAYS - 1)
    rows = store.day_totals(since.isoformat()) if store is not None else []
    days: dict[str, dict[str, int]] = {}
    for r in rows:
        d = days.setdefault(r.day, {"day": r.day, "reviews": 0, "recalled": 0, "practice": 0,
                                    "practice_recalled": 0, "new": 0})
        if r.mode in SCHEDULED:
            d["reviews"] += r.reviews
            d["recalled"] += r.recalled
        else:
            d["practice"] += r.reviews
            d["practice_recalled"] += r.recalled
        d["new"] += r.new_cards
    figures["study_day"] = today.isoformat()
    figures["days"] = [d for d in days.values() if d["reviews"] or d["practice"]]
    figures["retention_weeks"] = _weeks(days, today)
    figures["forecast"] = _forecast(store, now, tz, rollover, today)
    figures["accuracy"] = _accuracy(totals, figures["by_topic"], bank)
    for m in figures["mistakes"]:
        m["label"], m["title"] = _mistake_words(bank, m["template_id"], m["mistake"])
    trend = store.mock_results(TREND_MOCKS) if store is not None else []
    figures["mock_trend"] = [{"started": r.started.isoformat(timespec="seconds"), "questions": r.question_count,
                              "score": round(r.score, 4)} for r in reversed(trend)]
    return figures


def _weeks(days: dict[str, dict[str, int]], today: date) -> list[dict[str, Any]]:
    out = []
    for back in range(RETENTION_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * back)
        start = end - timedelta(days=6)
        span = [days.get((start + timedelta(days=i)).isoformat()) for i in range(7)]
        n = sum(d["reviews"] for d in span if d)
        recalled = sum(d["recalled"] for d in span if d)
        out.append({"start": start.isoformat(), "end": end.isoformat(), "reviews": n, "recalled": recalled,
                    "retention": _share(recalled, n)})
    return out


def _forecast(store: Any | None, now: datetime, tz: tzinfo | None, rollover: int,
              today: date) -> list[dict[str, Any]]:
    """Due cards per study day, from today on: the day boundaries are the local
    rollover hours (wall clock, so a daylight-saving change moves them with it)."""
    days = [today + timedelta(days=k) for k in range(FORECAST_DAYS + 1)]
    if store is None:
        return [{"day": d.isoformat(), "due": 0} for d in days[:-1]]
    bounds = [_day_begins(d, tz, rollover) for d in days]
    counts = store.due_histogram(bounds)
    return [{"day": d.isoformat(), "due": n} for d, n in zip(days, counts)]


def _day_begins(day: date, tz: tzinfo | None, rollover: int) -> datetime:
    """The UTC instant the study day ``day`` begins (its local rollover hour)."""
    local = datetime.combine(day, time(rollover))
    local = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return local.astimezone(timezone.utc)


def _accuracy(totals: dict[tuple[str, str], tuple[int, int]], by_topic: dict[str, dict],
              bank: Any | None) -> dict[str, dict[str, Any]]:
    order = list(bank.topics) if bank is not None else []
    order += [t for t in by_topic if t not in order]
    out = {}
    for topic in order:
        if topic not in by_topic:
            continue
        row = by_topic[topic]
        practice, practice_recalled = totals.get((topic, "cram"), (0, 0))
        out[topic] = {"reviews": row["reviews"], "recalled": row["recalled"], "accuracy": row["retention"],
                      "practice": practice, "practice_recalled": practice_recalled,
                      "practice_accuracy": _share(practice_recalled, practice)}
    return out


def _mistake_words(bank: Any | None, template_id: str, mistake: str) -> tuple[dict | None, dict | None]:
    """The card's own label for a stored mistake id (``id``, or ``stage:id`` on a
    steps card) and the card's title; None for a card or mistake the bank lacks."""
    template = bank.templates.get(template_id) if bank is not None else None
    if template is None:
        return None, None
    stage, _, mid = mistake.rpartition(":")
    spec = template.spec
    tables = [spec] if not stage else [st for st in spec.get("stage", []) if st.get("name") == stage]
    for table in tables:
        for m in table.get("mistake", []):
            if isinstance(m, dict) and m.get("id") == mid:
                return m.get("label"), template.title
    return None, template.title


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _streak(days: list[str], today: str) -> int:
    """Consecutive study days with an answer, counting back from today (a day with
    none yet does not break the streak until it is over). ``days``: newest first."""
    have = set(days)
    day = date.fromisoformat(today)
    if today not in have:
        day -= timedelta(days=1)
    streak = 0
    while day.isoformat() in have:
        streak += 1
        day -= timedelta(days=1)
    return streak


@dataclass(frozen=True)
class MockHistory:
    """Past mock interviews as the history screen shows them."""

    rows: tuple  # store.figures.MockHistoryRow, newest first
    scores: tuple[float, ...]  # the last TREND_OVER scores, oldest first
    trend: float | None  # score change per interview over them (least squares), None below two
    average_seconds: float | None  # the mean time an answered question took, over every interview


def mock_history(store: Any, limit: int | None = None) -> MockHistory:
    """Finished mock interviews (newest first, at most ``limit``) with the score trend."""
    rows = store.mock_history() if store is not None else []
    f = mock_figures(rows)
    return MockHistory(tuple(rows[:limit] if limit is not None else rows), tuple(f["scores"]), f["trend"],
                       f["average_seconds_per_question"])


def mock_figures(rows: list) -> dict[str, Any]:
    """Finished mock interviews (``MockHistoryRow``s, newest first): how many,
    average and best score, the latest few, the last ``TREND_OVER`` scores oldest
    first with their trend (the least-squares change in score from one interview to
    the next), and the mean time an answered question took."""
    from quizapp.mock import trend

    scores = [r.score for r in rows]
    recent = [{"started": r.started.isoformat(timespec="seconds"), "questions": r.question_count,
               "score": round(r.score, 4), "answered": r.answered,
               "seconds": None if r.seconds is None else round(r.seconds, 1),
               "seconds_per_question": None if r.answer_ms is None else round(r.answer_ms / 1000, 1),
               "weakest": r.weakest, "topics": None if r.topics is None else list(r.topics),
               "time_limit_s": r.time_limit_s, "question_limit_s": r.question_limit_s}
              for r in rows[:RECENT_MOCKS]]
    last = scores[:TREND_OVER][::-1]
    slope = trend(last)
    answered = sum(r.answered for r in rows if r.answer_ms is not None)
    total_ms = sum(r.answer_ms * r.answered for r in rows if r.answer_ms is not None)
    return {"count": len(rows), "average_score": round(sum(scores) / len(scores), 4) if scores else None,
            "best_score": round(max(scores), 4) if scores else None, "recent": recent,
            "scores": [round(x, 4) for x in last], "trend": None if slope is None else round(slope, 4),
            "average_seconds_per_question": round(total_ms / answered / 1000, 1) if answered else None}
