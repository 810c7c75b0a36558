"""The store: schema, queues, reviews, undo, cram, settings, export/import."""

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from quizapp import migrations
from quizapp.store import Store, StoreError
from helpers import record

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
BANK = [("metrics.f1", "metrics"), ("metrics.auc", "metrics"), ("metrics.pr", "metrics"),
        ("optim.adam", "optim"), ("optim.sgd", "optim"), ("init.xavier", "init")]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "progress.sqlite3")
    s.set_setting("fuzz", False)
    s.sync_templates(BANK)
    yield s
    s.close()


def review(store, tid, rating=3, now=T0, **kw):
    kw.setdefault("verdict", "correct" if rating > 1 else "wrong")
    kw.setdefault("answer", "0.5")
    return record(store, tid, seed=7, rating=rating, duration_ms=4200, now=now, **kw)


def test_a_long_session_writes_over_a_small_wal_instead_of_growing_it(store, tmp_path):
    # while the WAL file grows, each commit's sync must record its new size too (slower);
    # a WAL checkpointed early is written over from its start and stays small
    wal = tmp_path / "progress.sqlite3-wal"
    for n in range(300):
        review(store, BANK[n % len(BANK)][0], now=T0 + timedelta(minutes=n))
    pages = wal.stat().st_size / 4096
    assert pages < 400, f"the WAL grew to {pages:.0f} pages over 300 reviews"


def test_an_undone_answer_leaves_no_trace_in_the_database_file(store, tmp_path):
    review(store, "metrics.f1", answer="0.4242-secret-answer")
    review(store, "metrics.auc")
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.undo_last_review()
    store.undo_last_review()
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = (tmp_path / "progress.sqlite3").read_bytes() + (tmp_path / "progress.sqlite3-wal").read_bytes()
    assert b"0.4242-secret-answer" not in data


def test_new_database_is_migrated_in_wal_with_full_sync(store, tmp_path):
    c = store._conn
    assert migrations.current_version(c) == len(migrations.MIGRATIONS)
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert {"memory", "review", "study_session", "mock_interview", "mock_question", "setting", "flag"} <= set(
        store.db.table_names())


def test_queue_puts_due_reviews_first_then_interleaved_new_cards(store):
    review(store, "optim.sgd", rating=4)  # Easy: straight to review state, due in days
    later = store.memory("optim.sgd").due + timedelta(minutes=1)
    queue = store.queue(later, tz=timezone.utc)
    assert queue[0].template_id == "optim.sgd" and not queue[0].is_new
    assert [q.template_id for q in queue[1:]] == ["metrics.f1", "optim.adam", "init.xavier", "metrics.auc", "metrics.pr"]
    assert all(q.is_new for q in queue[1:])


def test_queue_topic_filter(store):
    assert {q.topic for q in store.queue(T0, topics=["optim"], tz=timezone.utc)} == {"optim"}
    assert store.queue(T0, topics=["nonexistent"], tz=timezone.utc) == []


def test_daily_new_limit_counts_new_cards_reviewed_today(store):
    store.set_setting("new_per_day", 2)
    assert len(store.queue(T0, tz=timezone.utc)) == 2
    review(store, "metrics.f1", rating=4, now=T0)
    assert [q.is_new for q in store.queue(T0 + timedelta(minutes=1), tz=timezone.utc)] == [True]
    review(store, "optim.adam", rating=4, now=T0 + timedelta(minutes=1))
    assert store.queue(T0 + timedelta(minutes=2), tz=timezone.utc) == []
    # The next study day (rollover at 04:00) brings two more.
    assert len(store.queue(T0 + timedelta(hours=17), tz=timezone.utc)) == 2


def test_daily_review_limit(store):
    store.set_setting("reviews_per_day", 1)
    for tid, _ in BANK[:3]:
        review(store, tid, rating=4)
    due_at = max(store.memory(t).due for t, _ in BANK[:3]) + timedelta(hours=1)
    assert sum(not q.is_new for q in store.queue(due_at, tz=timezone.utc)) == 1


def test_new_limit_day_follows_local_time_across_dst(store):
    ny = ZoneInfo("America/New_York")
    store.set_setting("new_per_day", 1)
    evening = datetime(2024, 3, 9, 23, 30, tzinfo=ny)
    review(store, "metrics.f1", rating=4, now=evening, tz=ny)  # a session in New York dates it there
    # 03:30 EDT (just after the skipped hour) is still the same study day...
    assert store.queue(datetime(2024, 3, 10, 3, 30, tzinfo=ny), tz=ny) == []
    # ...and 04:30 EDT begins the next one.
    assert len(store.queue(datetime(2024, 3, 10, 4, 30, tzinfo=ny), tz=ny)) == 1


def test_due_counts_per_topic(store):
    review(store, "metrics.f1", rating=1)  # Again: due in 1 minute
    review(store, "optim.adam", rating=4)  # Easy: due in days
    counts = store.due_counts(T0 + timedelta(minutes=5))
    assert {t: (c.due, c.new) for t, c in counts.items()} == {"metrics": (1, 2), "optim": (0, 1), "init": (0, 1)}


def test_figures_come_from_daily_aggregates_and_undo_takes_them_back(store):
    review(store, "metrics.f1", rating=3)
    review(store, "metrics.f1", rating=1, now=T0 + timedelta(minutes=30), mistake="arith-mean")
    review(store, "optim.adam", rating=4, now=T0 + timedelta(hours=2))
    review(store, "optim.adam", rating=1, now=T0 + timedelta(days=1), mode="cram", mistake="no-bias")
    assert store.totals_by_topic() == {("metrics", "study"): (2, 1), ("optim", "study"): (1, 1),
                                       ("optim", "cram"): (1, 0)}
    day0, day1 = T0.date().isoformat(), (T0 + timedelta(days=1)).date().isoformat()
    assert store.study_days() == [day1, day0]
    rows = {(r.day, r.topic, r.mode): (r.reviews, r.recalled, r.new_cards) for r in store.day_rows()}
    assert rows == {(day0, "metrics", "study"): (2, 1, 1), (day0, "optim", "study"): (1, 1, 1),
                    (day1, "optim", "cram"): (1, 0, 0)}
    assert [r.day for r in store.day_rows(since=day1)] == [day1]
    assert [(m.template_id, m.mistake, m.count) for m in store.top_mistakes()] == [
        ("optim.adam", "no-bias", 1), ("metrics.f1", "arith-mean", 1)]
    assert store._conn.execute("SELECT reps, lapses FROM memory WHERE template_id = 'metrics.f1'").fetchone() == (2, 0)
    store.undo_last_review()  # the cram review: its day, its mistake and nothing else go
    assert store.totals_by_topic()[("optim", "cram")] == (0, 0)
    assert [m.mistake for m in store.top_mistakes()] == ["arith-mean"]
    first = store.start_mock(T0, question_count=4)
    store.finish_mock(first, T0 + timedelta(minutes=5), 0.25)
    store.start_mock(T0 + timedelta(days=1), question_count=3)  # never finished
    second = store.start_mock(T0 + timedelta(days=2), question_count=2)
    store.finish_mock(second, T0 + timedelta(days=2, minutes=5), 1.0)
    assert store.mock_results() == [(T0 + timedelta(days=2), 2, 1.0), (T0, 4, 0.25)]
    store._conn.execute("UPDATE memory SET stability = 30 WHERE template_id = 'optim.adam'")
    cards = store.cards_by_topic(21.0)
    assert {t: (c.total, c.started, c.mature) for t, c in cards.items()} == {
        "metrics": (3, 1, 0), "optim": (2, 1, 1), "init": (1, 0, 0)}


def test_a_lapse_is_an_again_on_a_card_in_review(store):
    review(store, "optim.adam", rating=4)  # new -> review
    review(store, "optim.adam", rating=1, now=T0 + timedelta(days=30))  # a lapse
    review(store, "optim.adam", rating=1, now=T0 + timedelta(days=30, minutes=5))  # relearning: not another
    assert store._conn.execute("SELECT reps, lapses FROM memory WHERE template_id = 'optim.adam'").fetchone() == (3, 1)
    store.undo_last_review()
    store.undo_last_review()
    assert store._conn.execute("SELECT reps, lapses FROM memory WHERE template_id = 'optim.adam'").fetchone() == (1, 0)


def test_suspended_cards_are_never_queued_or_counted_due(store):
    assert store.set_suspended(["metrics.f1", "metrics.auc"], True) == 2
    ids = [q.template_id for q in store.queue(T0, tz=timezone.utc)]
    assert "metrics.f1" not in ids and "metrics.auc" not in ids and "metrics.pr" in ids
    assert store.due_counts(T0)["metrics"].new == 1
    assert store.set_suspended(["metrics.f1"], False) == 1
    assert "metrics.f1" in [q.template_id for q in store.queue(T0, tz=timezone.utc)]


def test_record_review_writes_log_and_state_atomically(store, tmp_path):
    r = review(store, "metrics.f1", rating=3, mistake="forgot-bias", session_id=None)
    assert r.before.is_new and r.after.state == 1 and r.moved
    # A second connection sees the committed review at once.
    other = sqlite3.connect(tmp_path / "progress.sqlite3")
    row = other.execute("SELECT template_id, verdict, mistake, rating, duration_ms, mode, reviewed_us, "
                        "before_state FROM review").fetchone()
    assert row == ("metrics.f1", "correct", "forgot-bias", 3, 4200, "study",
                   int(T0.timestamp()) * 1_000_000, 0)
    assert other.execute("SELECT state, due_us FROM memory WHERE template_id = 'metrics.f1'").fetchone() == (
        1, int((T0 + timedelta(minutes=10)).timestamp()) * 1_000_000)
    other.close()


def test_a_mock_answer_writes_its_review_and_its_question_together(store):
    mid = store.start_mock(T0, question_count=2)
    r = review(store, "optim.adam", rating=1, mode="mock", mock=(mid, 1), answer="1e-3", mistake="no-bias")
    rows = store._conn.execute("SELECT q.position, q.template_id, q.seed, q.answer, q.verdict, q.mistake, "
                               "q.duration_ms, r.id FROM mock_question q JOIN review r "
                               "ON r.template_id = q.template_id AND r.seed = q.seed").fetchall()
    assert rows == [(1, "optim.adam", 7, "1e-3", "wrong", "no-bias", 4200, r.review_id)]


@pytest.mark.parametrize("clash", ["position taken", "no such mock"])
def test_a_failing_mock_row_leaves_no_review_behind(store, clash):
    mid = store.start_mock(T0, question_count=2)
    if clash == "position taken":
        store.record_mock_question(mid, 1, "metrics.f1", 3, "skipped")
    else:
        mid += 1  # foreign key: this mock interview does not exist
    with pytest.raises(StoreError, match="failed"):
        review(store, "optim.adam", rating=3, mode="mock", mock=(mid, 1))
    assert store._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == 0
    assert store.memory("optim.adam").is_new  # the schedule did not move either
    assert store._conn.execute("SELECT COUNT(*) FROM mock_question WHERE template_id = 'optim.adam'"
                               ).fetchone()[0] == 0
    assert not store._conn.in_transaction


def test_record_review_rejects_bad_input_and_writes_nothing(store):
    for kw in ({"verdict": "maybe"}, {"mode": "exam"}, {"rating": 5}):
        with pytest.raises(ValueError):
            review(store, "metrics.f1", **kw)
    with pytest.raises(StoreError, match="not in the database"):
        review(store, "no.such")
    assert store.db["review"].count == 0


def test_undo_restores_the_previous_state_step_by_step(store):
    first = review(store, "metrics.f1", rating=3, now=T0)
    second = review(store, "metrics.f1", rating=1, now=T0 + timedelta(minutes=11))
    assert store.memory("metrics.f1") == second.after
    with pytest.raises(StoreError, match="came after it"):
        store.undo_last_review(expect_id=first.review_id)
    undone = store.undo_last_review(expect_id=second.review_id)
    assert undone.review_id == second.review_id and store.memory("metrics.f1") == first.after
    store.undo_last_review()
    assert store.memory("metrics.f1") == first.before and store.memory("metrics.f1").is_new
    assert store.db["review"].count == 0 and store.undo_last_review() is None


def test_clock_set_backwards_never_moves_state_back(store):
    first = review(store, "optim.adam", rating=4, now=T0)
    back = review(store, "optim.adam", rating=3, now=T0 - timedelta(days=2))
    assert back.reviewed_at == T0
    assert store.memory("optim.adam").last_review == T0
    assert store.memory("optim.adam").due >= first.after.last_review
    times = [r["reviewed_us"] for r in store.db.query("SELECT reviewed_us FROM review ORDER BY id")]
    assert times == sorted(times)


def test_cram_logs_without_moving_the_schedule_unless_asked(store):
    review(store, "optim.adam", rating=4, now=T0)
    before = store.memory("optim.adam")
    r = review(store, "optim.adam", rating=1, mode="cram", now=T0 + timedelta(hours=1))
    assert not r.moved and store.memory("optim.adam") == before
    assert store.today_counts(T0 + timedelta(hours=1), timezone.utc) == (1, 0)
    moved = review(store, "optim.adam", rating=1, mode="cram", now=T0 + timedelta(hours=2), move_schedule=True)
    assert moved.moved and store.memory("optim.adam").state == 3  # Relearning after Again
    assert [r["mode"] for r in store.db.query("SELECT mode FROM review ORDER BY id")] == ["study", "cram", "cram"]


def test_sync_templates_retires_and_revives_without_losing_progress(store):
    review(store, "init.xavier", rating=4)
    kept = store.memory("init.xavier")
    store.sync_templates(BANK[:-1])
    assert "init" not in store.due_counts(T0 + timedelta(days=400))
    store.sync_templates(BANK)
    assert store.memory("init.xavier") == kept
    assert store.due_counts(T0 + timedelta(days=400))["init"].due == 1


def _counted(store) -> dict:
    """Per topic (total, started, mature, suspended), counted here from the memory rows."""
    out: dict = {}
    for topic, active, state, stability, suspended in store._conn.execute(
            "SELECT topic, active, state, stability, suspended FROM memory"):
        if active:
            n, s, m, z = out.get(topic, (0, 0, 0, 0))
            out[topic] = (n + 1, s + (state > 0), m + (state > 0 and (stability or 0) >= 21), z + suspended)
    return out


def _kept(store) -> dict:
    return {t: tuple(c) for t, c in store.cards_by_topic(21.0).items()}


def test_per_topic_card_counts_follow_every_write(store, tmp_path):
    from quizapp.stats import MATURE_DAYS

    assert MATURE_DAYS == migrations.MATURE_DAYS  # home reads the kept counts, never a scan
    assert _kept(store) == _counted(store) == {"metrics": (3, 0, 0, 0), "optim": (2, 0, 0, 0), "init": (1, 0, 0, 0)}
    review(store, "metrics.f1", rating=3)
    at = T0
    for _ in range(10):  # Easy at each due date until it is mature
        review(store, "optim.adam", rating=4, now=at)
        assert _kept(store) == _counted(store)
        if store.memory("optim.adam").stability >= 21:
            break
        at = store.memory("optim.adam").due
    assert _kept(store)["optim"] == (2, 1, 1, 0)
    store.undo_last_review()
    assert _kept(store) == _counted(store) and _kept(store)["optim"] == (2, 1, 0, 0)
    review(store, "optim.adam", rating=1, now=at + timedelta(days=1))
    store.set_suspended(["metrics.auc", "optim.sgd"], True)
    assert _kept(store) == _counted(store)
    store.sync_templates(BANK[:-1] + [("metrics.pr", "optim")])  # init retired, metrics.pr moved to optim
    assert _kept(store) == _counted(store) and "init" not in _kept(store)
    store.sync_templates(BANK)
    assert _kept(store) == _counted(store) and _kept(store)["init"] == (1, 0, 0, 0)
    with Store.open(tmp_path / "copy.sqlite3") as copy:  # an import replacing synced rows counts them afresh
        copy.sync_templates(BANK)
        copy.import_lines(list(store.export_lines()))
        assert _kept(copy) == _counted(copy) == _counted(store)
    store._conn.execute("DELETE FROM memory WHERE template_id = 'metrics.f1'")
    assert _kept(store) == _counted(store)


def test_migrating_counts_the_cards_already_there(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:4])  # v4: before topic_cards (v5)
    conn.executemany("INSERT INTO memory (template_id, topic, state, stability, suspended) VALUES (?, ?, ?, ?, ?)",
                     [("a.1", "a", 0, None, 0), ("a.2", "a", 2, 30.0, 0), ("a.3", "a", 2, 3.0, 1), ("b.1", "b", 1, 1.0, 0)])
    conn.close()
    with Store.open(tmp_path / "old.sqlite3") as s:
        assert _kept(s) == _counted(s) == {"a": (3, 2, 1, 1), "b": (1, 1, 0, 0)}


def test_settings_round_trip_and_validation(store):
    store.set_setting("theme", "light")
    assert store.get_setting("theme") == "light"
    assert store.get_setting("missing", 5) == 5
    for key, value, said in [("theme", {"dark": True}, "Theme: “{'dark': True}” is not one of dark, light"),
                             ("desired_retention", 2, "Desired retention: 2 is outside 0.7–0.99"),
                             ("backups_kept", "7", "backups_kept: “7” is not a whole number"),
                             ("maximum_interval", float("inf"), "is not a whole number"),
                             ("colour", "teal", "there is no setting colour")]:
        with pytest.raises(StoreError, match=said):
            store.set_setting(key, value)
    store.set_setting("desired_retention", 0.8)
    assert store.srs_settings().desired_retention == 0.8


def test_sessions_mock_interviews_and_flags(store):
    sid = store.start_session("mock", T0, topics=["optim", "metrics"])
    mid = store.start_mock(T0, question_count=2, time_limit_s=600, session_id=sid)
    store.record_mock_question(mid, 1, "optim.adam", 11, "correct", answer="0.1", duration_ms=3000)
    store.record_mock_question(mid, 2, "metrics.f1", 12, "skipped")
    with pytest.raises(ValueError):
        store.record_mock_question(mid, 3, "metrics.f1", 12, "great")
    store.finish_mock(mid, T0 + timedelta(minutes=9), score=0.5)
    store.end_session(sid, T0 + timedelta(minutes=10))
    fid = store.flag("metrics.auc", "the prompt says 0.7 but the data gives 0.75", T0, seed=3)
    mock = next(store.db.query("SELECT * FROM mock_interview"))
    assert (mock["score"], mock["question_count"], mock["session_id"]) == (0.5, 2, sid)
    assert [r["verdict"] for r in store.db.query("SELECT verdict FROM mock_question ORDER BY position")] == [
        "correct", "skipped"]
    assert store.db["flag"].get(fid)["note"].startswith("the prompt says")
    assert json.loads(store.db["study_session"].get(sid)["topics"]) == ["metrics", "optim"]


def _fill(store):
    sid = store.start_session("study", T0)
    now = T0
    for i, (tid, _) in enumerate(BANK * 3):
        now += timedelta(minutes=13, microseconds=i * 7)
        review(store, tid, rating=1 + i % 4, now=now, session_id=sid, answer=f"答 {i}\n\"x\"")
    review(store, "metrics.f1", rating=2, now=now, mode="cram")
    mid = store.start_mock(now, question_count=1)
    store.record_mock_question(mid, 1, "optim.adam", 5, "wrong", answer="1e-3", mistake="no-bias")
    store.finish_mock(mid, now, 0.0)
    store.end_session(sid, now)
    store.flag("optim.sgd", "typo", now)
    store.set_setting("desired_retention", 0.87)


def test_export_import_round_trip_is_exact(store, tmp_path):
    _fill(store)
    first = list(store.export_lines())
    assert json.loads(first[0]) == {"quizapp_export": 1, "schema": len(migrations.MIGRATIONS)}
    tables = {json.loads(line)["table"] for line in first[1:]}
    assert tables == {"setting", "memory", "study_session", "mock_interview", "mock_question", "review", "flag"}
    with Store.open(tmp_path / "copy.sqlite3") as copy:
        assert copy.import_lines(first) == len(first) - 1
        assert list(copy.export_lines()) == first
        assert copy.memory("metrics.f1") == store.memory("metrics.f1")
        assert copy.srs_settings().desired_retention == 0.87


def test_import_refuses_a_database_with_progress(store):
    _fill(store)
    lines = list(store.export_lines())
    with pytest.raises(StoreError, match="already holds progress"):
        store.import_lines(lines)


@pytest.mark.parametrize("lines, message", [
    ([], "empty"),
    (['{"hello": 1}'], "export header"),
    (['{"quizapp_export": 1, "schema": 99}'], "newer"),
    (['{"quizapp_export": 1, "schema": 1}', "not json"], "line 2 is not JSON"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "users"}'], "line 2 names an unknown table"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "flag", "colour": 1}'], "unknown field 'colour'"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "flag", "id": 1, "template_id": "x", "note": "n", '
      '"created": "yesterday"}'], "ISO 8601"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "flag", "id": 1, "template_id": "x"}'],
     "line 2: a flag row needs created"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "memory", "template_id": "a.b", "topic": "a", '
      '"state": 2, "stability": "big", "difficulty": 5, "due": "2024-01-01T00:00:00+00:00"}'],
     "line 2: stability = 'big' in a memory row is not a positive number"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "memory", "template_id": "a.b", "topic": "a", '
      '"state": 2, "stability": -1, "difficulty": 5, "due": "2024-01-01T00:00:00+00:00"}'],
     "stability = -1 in a memory row"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "memory", "template_id": "a.b", "topic": "a", '
      '"state": 2, "step": "x"}'], "step = 'x'"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "memory", "template_id": "a.b", "topic": "a", '
      '"state": 2}'], "a reviewed card .state 2. needs stability"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "setting", "key": "maximum_interval", "value": "Infinity"}'],
     "line 2: the value of setting 'maximum_interval' is not JSON text"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "setting", "key": "theme", "value": "[1]"}'],
     "line 2: Theme: “\\[1\\]” is not one of dark, light; nothing was imported"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "setting", "key": "backups_kept", "value": "\\"7\\""}'],
     "backups_kept: “7” is not a whole number"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "setting", "key": "last_daily_backup_us", "value": "\\"x\\""}'],
     "last_daily_backup_us"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "mock_interview", "id": 1, "started": '
      '"2024-01-01T00:00:00+00:00", "question_count": 3, "score": "great"}'], "score = 'great'"),
    (['{"quizapp_export": 1, "schema": 1}', "[" * 100000 + "]" * 100000], "line 2 is not JSON"),
    (['{"quizapp_export": 1, "schema": 1}', "x" * 1_000_001], "longer than 1,000,000 characters"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "flag", "id": 1, "template_id": "x", "note": "n"}'],
     "line 2: a flag row needs created"),
    (['{"quizapp_export": 1, "schema": 1}', '{"table": "mock_question", "mock_id": 9, "position": 1, '
      '"template_id": "a.b", "seed": 1, "verdict": "skipped"}'], "line 2 does not fit"),
])
def test_bad_import_names_the_line_and_changes_nothing(tmp_path, lines, message):
    with Store.open(tmp_path / "fresh.sqlite3") as s:
        s.sync_templates(BANK)
        before = list(s.export_lines())
        with pytest.raises(StoreError, match=message):
            s.import_lines(lines)
        assert list(s.export_lines()) == before


def test_readonly_store_reads_but_refuses_writes(store, tmp_path):
    review(store, "metrics.f1")
    with Store.open(tmp_path / "progress.sqlite3", readonly=True) as ro:
        assert ro.memory("metrics.f1") == store.memory("metrics.f1")
        with pytest.raises(StoreError, match="read-only"):
            review(ro, "metrics.f1")
