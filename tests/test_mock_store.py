"""What mock interviews keep in the store: schema 5 (an older database migrates, its
interviews kept), the weakest-areas read, the history read, a concept answer scored
into its row, export and import, and the figures ``stats --json`` shows."""

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from quizapp import migrations
from quizapp.content import load_bank
from quizapp.session import MockInterview
from quizapp.stats import gather, mock_history
from quizapp.store import ReviewRecord, Store, StoreError
from helpers import DECKS, Clock, only, record

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
BANK = [("metrics.f1", "metrics"), ("metrics.auc", "metrics"), ("optim.adam", "optim")]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "progress.sqlite3")
    s.set_setting("fuzz", False)
    s.sync_templates(BANK)
    yield s
    s.close()


def test_a_version_5_database_migrates_keeping_its_mock_interviews(tmp_path):
    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:5])  # v5: topic_cards, before the mock columns (v6)
    us = int(T0.timestamp() * 1_000_000)
    conn.execute("INSERT INTO mock_interview (id, started_us, ended_us, question_count, time_limit_s, score) "
                 "VALUES (1, ?, ?, 2, 600, 0.5)", (us, us + 300_000_000))
    conn.executemany("INSERT INTO mock_question (mock_id, position, template_id, seed, answer, verdict, "
                     "duration_ms) VALUES (1, ?, ?, 3, ?, ?, ?)",
                     [(1, "metrics.f1", "0.5", "correct", 40_000), (2, "metrics.auc", None, "skipped", None)])
    conn.close()
    with Store.open(db) as s:
        assert migrations.current_version(s._conn) == len(migrations.MIGRATIONS) >= 6
        rows = s._conn.execute("SELECT position, timed_out, key_points FROM mock_question ORDER BY position").fetchall()
        assert rows == [(1, 0, None), (2, 0, None)]
        [h] = s.mock_history()
        assert (h.question_count, h.time_limit_s, h.question_limit_s, h.weakest, h.score) == (2, 600, None, False, 0.5)
        assert (h.answered, h.answer_ms, h.seconds) == (1, 40_000, 300)


def test_weakness_rows_read_stability_lapses_and_mistakes(store):
    record(store, "metrics.f1", rating=4, now=T0)
    record(store, "metrics.f1", rating=1, now=T0 + timedelta(days=20), mistake="accuracy")
    record(store, "metrics.auc", rating=3, now=T0, mistake="flipped")
    record(store, "metrics.auc", rating=3, now=T0 + timedelta(days=1), mistake="flipped")
    rows = {r.template_id: r for r in store.weakness_rows()}
    assert set(rows) == {"metrics.f1", "metrics.auc", "optim.adam"}
    assert (rows["metrics.f1"].lapses, rows["metrics.f1"].mistakes) == (1, 1)
    assert (rows["metrics.auc"].lapses, rows["metrics.auc"].mistakes) == (0, 2)
    assert rows["metrics.auc"].last_review == T0 + timedelta(days=1) and rows["metrics.auc"].stability > 0
    assert rows["optim.adam"].stability is None and rows["optim.adam"].last_review is None
    assert [r.template_id for r in store.weakness_rows(["optim"])] == ["optim.adam"]
    store.set_suspended(["metrics.auc"], True)
    assert "metrics.auc" not in {r.template_id for r in store.weakness_rows()}


def test_a_concept_score_updates_its_waiting_row_with_its_review_or_nothing(store):
    mid = store.start_mock(T0, question_count=2, weakest=True, question_limit_s=120)
    store.record_mock_question(mid, 1, "metrics.f1", 5, "self", answer="my words", duration_ms=30_000)
    before = store.memory("metrics.f1")
    from quizapp.srs import next_state

    after, at = next_state(before, 2, T0, store.srs_settings())
    scored = ReviewRecord("metrics.f1", 5, "my words", "self", 2, 30_000, at, "2024-03-01", "mock", before, after,
                          mock=(mid, 1), key_points=(2, 0, 2))
    store.record_review(scored)
    assert store._conn.execute("SELECT key_points, verdict FROM mock_question").fetchone() == ("[0, 2]", "self")
    with pytest.raises(StoreError, match="no concept answer waiting"):  # scored already: nothing is written
        store.record_review(scored)
    assert store._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == 1
    head = store._conn.execute("SELECT weakest, question_limit_s FROM mock_interview").fetchone()
    assert head == (1, 120)


def test_export_and_import_carry_the_new_columns(store, tmp_path):
    mid = store.start_mock(T0, question_count=1, question_limit_s=60, weakest=True)
    store.record_mock_question(mid, 1, "metrics.f1", 5, "skipped", answer="0.4", timed_out=True)
    store.finish_mock(mid, T0 + timedelta(minutes=2), 0.0)
    lines = list(store.export_lines())
    exported = [json.loads(line) for line in lines if '"mock_question"' in line]
    assert exported[0]["timed_out"] == 1 and exported[0]["key_points"] is None
    with Store.open(tmp_path / "copy.sqlite3") as copy:
        copy.import_lines(lines)
        assert list(copy.export_lines())[1:] == lines[1:]
        bad = [line.replace('"timed_out": 1', '"timed_out": 7') for line in lines]
    with Store.open(tmp_path / "other.sqlite3") as other, pytest.raises(StoreError, match="timed_out = 7"):
        other.import_lines(bad)
    bad = [line.replace('"key_points": null', '"key_points": "[-1]"') for line in lines]
    assert bad != lines
    with Store.open(tmp_path / "third.sqlite3") as other, pytest.raises(
            StoreError, match="a JSON list of key point numbers or null"):
        other.import_lines(bad)


def test_the_figures_count_interviews_with_their_trend_and_time(store):
    for day, score, times in ((0, 0.2, [10_000, 30_000]), (1, 0.4, [20_000]), (2, 0.6, [])):
        mid = store.start_mock(T0 + timedelta(days=day), question_count=5, time_limit_s=900)
        for i, ms in enumerate(times, 1):
            store.record_mock_question(mid, i, "metrics.f1", i, "wrong", answer="1", duration_ms=ms)
        store.finish_mock(mid, T0 + timedelta(days=day, minutes=10), score)
    left = store.start_mock(T0 + timedelta(days=3), question_count=5)
    store.finish_mock(left, T0 + timedelta(days=3), None)  # left before anything was answered
    m = gather(store, T0 + timedelta(days=4))["mock_interviews"]
    assert (m["count"], m["average_score"], m["best_score"]) == (3, 0.4, 0.6)
    assert m["scores"] == [0.2, 0.4, 0.6] and m["trend"] == pytest.approx(0.2)
    assert m["average_seconds_per_question"] == 20.0  # (10 + 30 + 20) / 3 answered questions
    newest = m["recent"][0]
    assert (newest["score"], newest["answered"], newest["seconds"], newest["seconds_per_question"]) == (
        0.6, 0, 600.0, None)
    assert m["recent"][2]["seconds_per_question"] == 20.0
    h = mock_history(store, limit=2)
    assert len(h.rows) == 2 and h.scores == (0.2, 0.4, 0.6) and h.average_seconds == 20.0
    empty = gather(None, T0)["mock_interviews"]
    assert (empty["count"], empty["scores"], empty["trend"], empty["average_seconds_per_question"]) == (0, [], None, None)


def test_an_interview_left_before_any_answer_is_not_counted_but_one_that_ran_out_is(tmp_path):
    bank = load_bank(DECKS)
    with Store.open(tmp_path / "p.sqlite3") as s:
        clock = Clock()
        m = MockInterview(s, only(bank, "metrics.f1-counts"), count=1, time_limit_s=60, clock=clock)
        assert not m.finish().counted
        clock.advance(61)
        m2 = MockInterview(s, only(bank, "metrics.f1-counts"), count=1, time_limit_s=60, clock=clock)
        clock.advance(60)
        assert m2.check_time() == "total" and m2.scorecard.counted
        assert [(r.question_count, r.score) for r in s.mock_history()] == [(1, 0.0)]
