"""The statistics read model (``quizapp.stats.statistics``, also ``quizapp stats
--json``): reviews per study day with practice apart, retention by week (unknown
weeks are None, never 0), the due forecast in local study days across a
daylight-saving change, accuracy per topic, the mistakes by the card's own words
and the mock-interview trend; all from aggregates and indexes, never the review log."""

import json
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from helpers import DECKS, record

from quizapp.cli import main
from quizapp.content import load_bank
from quizapp.stats import FORECAST_DAYS, RETENTION_WEEKS, TREND_MOCKS, statistics
from quizapp.store import Store, to_us

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2025, 3, 27, 12, 0, tzinfo=timezone.utc)  # Berlin moves its clocks on 30 March


@pytest.fixture
def bank():
    return load_bank(DECKS)


@pytest.fixture
def store(tmp_path, bank):
    s = Store.open(tmp_path / "p.sqlite3")
    s.set_setting("fuzz", False)
    s.sync_bank(bank)
    yield s
    s.close()


def review(store, tid, at, rating=3, mode="study", mistake=None):
    record(store, tid, seed=1, answer="x", rating=rating, now=at, tz=BERLIN, mode=mode, mistake=mistake)


def test_days_count_reviews_and_practice_apart(store, bank):
    review(store, "metrics.f1-counts", T0, rating=3)
    review(store, "metrics.macro-f1", T0 + timedelta(minutes=1), rating=1)
    review(store, "metrics.f1-counts", T0 + timedelta(minutes=2), rating=4, mode="cram")
    review(store, "optimizers.l2-penalty", T0 + timedelta(days=2), rating=2)
    # 02:00 Berlin on 30 March still belongs to the study day of 29 March (rollover 04:00)
    review(store, "optimizers.adam-first-step", datetime(2025, 3, 30, 2, 0, tzinfo=BERLIN), rating=1, mode="cram")
    f = statistics(store, T0 + timedelta(days=3), BERLIN, bank)
    assert f["study_day"] == "2025-03-30"
    assert f["days"] == [
        {"day": "2025-03-27", "reviews": 2, "recalled": 1, "practice": 1, "practice_recalled": 1, "new": 2},
        {"day": "2025-03-29", "reviews": 1, "recalled": 1, "practice": 1, "practice_recalled": 0, "new": 1},
    ]
    assert f["reviews"] == 3 and f["practice"]["reviews"] == 2  # gather's totals are still there


def test_a_week_without_reviews_has_no_retention_not_zero(store, bank):
    review(store, "metrics.f1-counts", T0, rating=3)
    review(store, "metrics.macro-f1", T0 + timedelta(minutes=1), rating=1)
    review(store, "optimizers.l2-penalty", T0 + timedelta(minutes=2), rating=1, mode="cram")  # practice: apart
    weeks = statistics(store, T0 + timedelta(days=15), BERLIN, bank)["retention_weeks"]
    assert len(weeks) == RETENTION_WEEKS and weeks[-1]["end"] == "2025-04-11"
    assert all(w["start"] < w["end"] for w in weeks)
    with_reviews = [w for w in weeks if w["reviews"]]
    assert [(w["start"], w["reviews"], w["recalled"], w["retention"]) for w in with_reviews] == [
        ("2025-03-22", 2, 1, 0.5)]
    assert all(w["retention"] is None for w in weeks if not w["reviews"])


def _set_due(store, template_id, due: datetime) -> None:
    """Make a studied card due at ``due`` (the test sets the schedule directly)."""
    store._conn.execute("UPDATE memory SET state = 2, stability = 5, difficulty = 5, due_us = ?, "
                        "last_review_us = ? WHERE template_id = ?", (to_us(due), to_us(T0), template_id))


def test_the_forecast_buckets_due_cards_by_local_study_day_across_daylight_saving(store, bank):
    now = datetime(2025, 3, 28, 10, 0, tzinfo=BERLIN)  # study day 28 March
    _set_due(store, "metrics.f1-counts", datetime(2025, 3, 20, 9, 0, tzinfo=BERLIN))  # overdue: today
    _set_due(store, "metrics.macro-f1", datetime(2025, 3, 29, 3, 59, tzinfo=BERLIN))  # before 04:00: still the 28th
    _set_due(store, "optimizers.l2-penalty", datetime(2025, 3, 30, 4, 0, tzinfo=BERLIN))  # after the change: the 30th
    _set_due(store, "optimizers.adam-first-step", datetime(2025, 3, 31, 3, 30, tzinfo=BERLIN))  # the 30th too
    _set_due(store, "metrics.precision-meaning", datetime(2025, 5, 1, 12, 0, tzinfo=BERLIN))  # past 30 days
    forecast = statistics(store, now, BERLIN, bank)["forecast"]
    assert len(forecast) == FORECAST_DAYS and forecast[0]["day"] == "2025-03-28"
    assert forecast[-1]["day"] == "2025-04-26"
    due = {d["day"]: d["due"] for d in forecast if d["due"]}
    assert due == {"2025-03-28": 2, "2025-03-30": 2}
    # A suspended card is never due, and neither is one that left the bank.
    store._conn.execute("UPDATE memory SET suspended = 1 WHERE template_id = 'metrics.f1-counts'")
    store._conn.execute("UPDATE memory SET active = 0 WHERE template_id = 'optimizers.l2-penalty'")
    due = {d["day"]: d["due"] for d in statistics(store, now, BERLIN, bank)["forecast"] if d["due"]}
    assert due == {"2025-03-28": 1, "2025-03-30": 1}


def test_accuracy_per_topic_in_the_banks_order_with_practice_apart(store, bank):
    review(store, "optimizers.l2-penalty", T0, rating=1)
    review(store, "optimizers.l2-penalty", T0 + timedelta(minutes=30), rating=3)
    review(store, "optimizers.adam-first-step", T0 + timedelta(minutes=31), rating=3)
    review(store, "metrics.f1-counts", T0 + timedelta(minutes=32), rating=1, mode="cram")
    acc = statistics(store, T0 + timedelta(hours=1), BERLIN, bank)["accuracy"]
    assert list(acc) == list(bank.topics) == ["metrics", "optimizers"]
    assert acc["optimizers"] == {"reviews": 3, "recalled": 2, "accuracy": pytest.approx(0.6667, abs=1e-4),
                                 "practice": 0, "practice_recalled": 0, "practice_accuracy": None}
    assert acc["metrics"] == {"reviews": 0, "recalled": 0, "accuracy": None, "practice": 1,
                              "practice_recalled": 0, "practice_accuracy": 0.0}


def test_mistakes_are_named_in_the_cards_own_words(store, bank):
    for n in range(3):
        review(store, "metrics.f1-counts", T0 + timedelta(minutes=n), rating=1, mistake="accuracy")
    review(store, "optimizers.adam-first-step", T0 + timedelta(minutes=5), rating=1,
           mistake="theta1:no-bias-correction")
    review(store, "metrics.macro-f1", T0 + timedelta(minutes=6), rating=1, mistake="gone-from-the-deck")
    mistakes = statistics(store, T0 + timedelta(hours=1), BERLIN, bank)["mistakes"]
    assert [(m["template_id"], m["count"]) for m in mistakes][0] == ("metrics.f1-counts", 3)
    words = {m["mistake"]: (m["label"], m["title"]) for m in mistakes}
    assert words["accuracy"][0] == {"en": "computed accuracy instead of F1", "zh": "算成了准确率而不是 F1"}
    assert words["theta1:no-bias-correction"][0]["zh"] == "忘了 Adam 的偏差修正"
    assert words["theta1:no-bias-correction"][1] == bank.templates["optimizers.adam-first-step"].title
    assert words["gone-from-the-deck"][0] is None  # said by its id, never invented
    assert all(m["label"] is None for m in statistics(store, T0 + timedelta(hours=1), BERLIN)["mistakes"])


def test_the_mock_trend_is_the_newest_interviews_oldest_first(store, bank):
    for n in range(TREND_MOCKS + 5):
        mock = store.start_mock(T0 + timedelta(days=n), question_count=5)
        store.finish_mock(mock, T0 + timedelta(days=n, minutes=10), (n % 10) / 10)
    store.start_mock(T0, question_count=5)  # never finished: no score, not in the trend
    f = statistics(store, T0 + timedelta(days=60), BERLIN, bank)
    trend = f["mock_trend"]
    assert len(trend) == TREND_MOCKS and f["mock_interviews"]["count"] == TREND_MOCKS + 5
    assert trend[0]["started"].startswith("2025-04-01") and trend[-1]["started"].startswith("2025-04-30")
    assert [r["score"] for r in trend[:3]] == [0.5, 0.6, 0.7]


def test_an_empty_database_and_none_at_all_say_known_zeros_and_unknown_shares(store, bank):
    for f in (statistics(store, T0, BERLIN, bank), statistics(None, T0, BERLIN, bank)):
        assert f["days"] == [] and f["mock_trend"] == [] and f["mistakes"] == []
        assert all(d["due"] == 0 for d in f["forecast"]) and len(f["forecast"]) == FORECAST_DAYS
        assert all(w["retention"] is None for w in f["retention_weeks"])
        assert all(a["accuracy"] is None for a in f["accuracy"].values())
        assert f["new"] == len(bank.templates)


def test_no_query_reads_the_review_log(store, bank):
    """Every figure comes from review_day, mistake_tally, memory (through its due
    index) and mock_interview: the cost does not grow with the review log."""
    for n in range(20):
        review(store, "metrics.f1-counts", T0 + timedelta(hours=n), rating=1 + n % 4, mistake="accuracy")
    queries: list[str] = []
    store._conn.set_trace_callback(queries.append)
    try:
        statistics(store, T0 + timedelta(days=1), BERLIN, bank)
    finally:
        store._conn.set_trace_callback(None)
    assert queries and not [q for q in queries if re.search(r"\breview\b", q)]  # review_day is fine
    assert any("review_day" in q for q in queries) and any("due_us >=" in q for q in queries)
    plan = " ".join(str(r) for r in store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM memory WHERE state > 0 AND active = 1 AND suspended = 0 "
        "AND due_us >= 0 AND due_us < 1"))
    assert "memory_due" in plan
    plan = " ".join(str(r) for r in store._conn.execute(
        "EXPLAIN QUERY PLAN SELECT day, mode, SUM(reviews) FROM review_day WHERE day >= '2025-01-01' "
        "GROUP BY day, mode ORDER BY day"))
    assert "PRIMARY KEY" in plan and "SCAN review_day" not in plan


def test_stats_json_prints_every_series(store, capsys):
    review(store, "metrics.f1-counts", datetime.now(timezone.utc) - timedelta(hours=1), rating=3)
    assert main(["stats", "--json", "--db", str(store.path)]) == 0
    f = json.loads(capsys.readouterr().out)
    assert {"days", "retention_weeks", "forecast", "accuracy", "mock_trend", "study_day"} <= set(f)
    assert sum(d["reviews"] for d in f["days"]) == 1
    assert main(["stats", "--db", str(store.path), "--lang", "zh"]) == 0
    assert "接下来 7 天（从今天起）每天到期：" in capsys.readouterr().out
