"""``quizapp stats``: totals, per topic, due, retention, streak in local study days
(across a daylight-saving change), mock results; read-only beside a writer."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import record

from quizapp.cli import main
from quizapp.stats import gather
from quizapp.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2025, 3, 27, 12, 0, tzinfo=timezone.utc)  # Berlin moves its clocks on 30 March
BANK = [("metrics.a", "metrics"), ("metrics.b", "metrics"), ("optim.a", "optim")]


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "p.sqlite3")
    s.set_setting("fuzz", False)
    s.sync_templates(BANK)
    yield s
    s.close()


def review(store, tid, at, rating=3, verdict=None, mode="study"):
    record(store, tid, seed=1, answer="x", verdict=verdict or ("correct" if rating > 1 else "wrong"),
           rating=rating, duration_ms=1000, now=at, tz=BERLIN, mode=mode)


def test_an_empty_database_and_a_missing_one(store, tmp_path, capsys):
    f = gather(store, T0, BERLIN)
    assert (f["reviews"], f["due"], f["new"], f["streak"], f["retention"]) == (0, 0, 3, 0, None)
    assert f["by_topic"]["metrics"] == {"reviews": 0, "recalled": 0, "retention": None, "due": 0, "new": 2,
                                        "practice": 0}
    # A path given with --db that holds nothing is a mistake to point out, not zeros.
    assert main(["stats", "--json", "--db", str(tmp_path / "typo.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "there is no progress database at" in err and "typo.sqlite3" in err
    assert not (tmp_path / "typo.sqlite3").exists()  # stats never creates a database
    # An empty file (zero bytes) is said to be empty, not a traceback.
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert main(["stats", "--json", "--db", str(tmp_path / "empty.sqlite3")]) == 0
    assert json.loads(capsys.readouterr().out)["reviews"] == 0


def test_a_fresh_user_sees_the_banks_new_cards_by_topic_title(tmp_path):
    """No database yet: every card of the bank is new, counted per topic, and the
    plain text names topics by title (JSON keeps the ids)."""
    from collections import Counter

    from quizapp.content import load_bank

    bank = load_bank()
    per_topic = Counter(t.topic for t in bank.templates.values())
    assert sum(per_topic.values()) > 100 and len(per_topic) >= 2
    missing = tmp_path / "none.sqlite3"  # the default place, where a fresh user has nothing yet
    env = {**os.environ, "QUIZAPP_DB": str(missing)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "quizapp", "stats", *a], env=env,
                                    capture_output=True, text=True, check=True).stdout
    figures = json.loads(run("--json"))
    assert figures["new"] == len(bank.templates)
    assert {t: row["new"] for t, row in figures["by_topic"].items()} == per_topic
    text = run()
    assert f"due now: 0, new: {len(bank.templates)}" in text
    for topic, count in per_topic.items():
        title = bank.topics[topic]["en"]
        assert title != topic and any(line.strip().startswith(title) and line.endswith(f", {count} new")
                                      for line in text.splitlines())
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_new_cards_come_from_the_bank_even_before_the_database_has_seen_it(store):
    review(store, "metrics.a", T0)
    bank = [*BANK, ("optim.b", "optim"), ("losses.a", "losses")]  # two the database has never seen
    f = gather(store, T0 + timedelta(minutes=1), BERLIN, templates=bank)
    assert f["new"] == 4 and f["reviews"] == 1
    assert {t: row["new"] for t, row in f["by_topic"].items()} == {"metrics": 1, "optim": 2, "losses": 1}
    assert f["by_topic"]["losses"] == {"reviews": 0, "recalled": 0, "retention": None, "due": 0, "new": 1,
                                       "practice": 0}
    missing = gather(None, T0, BERLIN, templates=bank)
    assert (missing["new"], missing["due"], missing["streak"]) == (5, 0, 0)


def test_totals_per_topic_retention_and_due(store):
    review(store, "metrics.a", T0, rating=3)
    review(store, "metrics.a", T0 + timedelta(minutes=20), rating=1)
    review(store, "metrics.b", T0 + timedelta(minutes=21), rating=2, verdict="self")
    review(store, "optim.a", T0 + timedelta(minutes=22), rating=4)
    later = T0 + timedelta(days=60)
    f = gather(store, later, BERLIN)
    assert f["reviews"] == 4 and f["retention"] == 0.75
    assert f["by_topic"]["metrics"]["reviews"] == 3 and f["by_topic"]["metrics"]["retention"] == pytest.approx(2 / 3, abs=1e-4)
    assert f["by_topic"]["optim"] == {"reviews": 1, "recalled": 1, "retention": 1.0, "due": 1, "new": 0,
                                      "practice": 0}
    assert f["due"] == 3 and f["new"] == 0  # two months later everything is due
    assert f["today"] == 0 and gather(store, T0 + timedelta(hours=1), BERLIN)["today"] == 4


def test_practice_is_counted_apart_from_reviews(store):
    review(store, "metrics.a", T0, rating=3)
    review(store, "metrics.b", T0 + timedelta(minutes=1), rating=1, mode="cram")
    review(store, "optim.a", T0 + timedelta(minutes=2), rating=4, mode="cram")
    f = gather(store, T0 + timedelta(minutes=5), BERLIN)
    assert (f["reviews"], f["today"], f["retention"]) == (1, 1, 1.0)
    assert f["practice"] == {"reviews": 2, "today": 2, "recalled": 1}
    assert f["by_topic"]["metrics"]["reviews"] == 1 and f["by_topic"]["metrics"]["practice"] == 1
    assert f["streak"] == 1 and f["learned_today"] == 1  # practice keeps a streak, but learns no new card


def test_streak_counts_local_study_days_across_daylight_saving(store):
    # 04:00 Berlin is the rollover: 01:30 local still belongs to the day before.
    days = [datetime(2025, 3, d, 20, 0, tzinfo=BERLIN) for d in (28, 29, 30, 31)]
    for at in days:
        review(store, "metrics.a", at)
    review(store, "metrics.b", datetime(2025, 4, 2, 1, 30, tzinfo=BERLIN))  # study day of 1 April
    morning = datetime(2025, 4, 2, 9, 0, tzinfo=BERLIN)
    assert gather(store, morning, BERLIN)["streak"] == 5  # 28 Mar .. 1 Apr; today has none yet
    review(store, "optim.a", morning + timedelta(hours=1))
    assert gather(store, morning + timedelta(hours=2), BERLIN)["streak"] == 6
    # A gap (3 April without a review) breaks it.
    assert gather(store, datetime(2025, 4, 4, 9, 0, tzinfo=BERLIN), BERLIN)["streak"] == 0


def test_mock_results(store):
    for score in (0.6, 0.8):
        mock = store.start_mock(T0, question_count=5, time_limit_s=600)
        store.finish_mock(mock, T0 + timedelta(minutes=5), score)
    store.start_mock(T0, question_count=5)  # never finished: not a result
    m = gather(store, T0, BERLIN)["mock_interviews"]
    assert (m["count"], m["average_score"], m["best_score"]) == (2, 0.7, 0.8)
    assert [r["score"] for r in m["recent"]] == [0.8, 0.6]  # newest first and m["recent"][0]["questions"] == 5


def test_cli_reads_while_a_writer_holds_the_database(store, capsys):
    review(store, "metrics.a", T0)
    mock = store.start_mock(T0, question_count=4)
    store.finish_mock(mock, T0, 0.5)
    assert main(["stats", "--json", "--db", str(store.path)]) == 0  # the store above still holds the write lock
    f = json.loads(capsys.readouterr().out)
    assert f["reviews"] == 1 and {"metrics", "optim"} <= set(f["by_topic"]) and f["due"] >= 0
    assert main(["stats", "--db", str(store.path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("reviews: 1 ") and "metrics" in text and "mock interviews: 1, average 50%" in text


def test_a_damaged_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    assert main(["stats", "--db", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and Path(bad).read_bytes().startswith(b"not a database")


def test_figures_are_read_without_sqlite_utils(store):
    """The home screen gathers these on start-up: sqlite-utils (~100 ms to import) stays out."""
    review(store, "metrics.a", T0)
    code = ("import json, sys; from datetime import datetime, timezone; "
            "from quizapp.stats import gather; from quizapp.store import Store; "
            f"s = Store.open({str(store.path)!r}, readonly=True); "
            "f = gather(s, datetime(2025, 3, 27, 13, tzinfo=timezone.utc)); "
            "print(json.dumps([f['reviews'], 'sqlite_utils' in sys.modules, 'textual' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [1, False, False]
