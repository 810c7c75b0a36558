"""One card's history through its links (schema 8): the memory row names the
template's newest review, each review the one recorded before it. Every check
compares ``card_history`` with a plain query over the review rows, whatever wrote
them: reviews, practice, mock answers, undo, an export and its import, an import
from another program, and the migration of a schema 7 database."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

import pytest
from helpers import T0, record

from quizapp import migrations
from quizapp.store import Store, StoreError
from quizapp.store.browse import _CHAIN

IDS = [("alpha.one", "alpha"), ("alpha.two", "alpha"), ("beta.one", "beta"), ("beta.two", "beta")]


def scanned(conn: sqlite3.Connection, template_id: str) -> list[int]:
    """The template's review seeds, newest first, read off the review log itself."""
    return [s for (s,) in conn.execute("SELECT seed FROM review WHERE template_id = ? "
                                       "ORDER BY reviewed_us DESC, id DESC", (template_id,))]


def assert_histories(store: Store) -> None:
    for tid, _ in IDS:
        expected = scanned(store._conn, tid)
        assert [h.seed for h in store.card_history(tid)] == expected, tid
        assert store.card_review_count(tid) == len(expected), tid


def fill(store: Store, rng: random.Random, n: int, start: int = 0) -> None:
    """``n`` reviews of random templates, a fifth of them practice (cram), seeded by number."""
    for k in range(start, start + n):
        tid = IDS[rng.randrange(len(IDS))][0]
        record(store, tid, seed=k, rating=rng.choice((1, 3, 3, 4)), now=T0 + timedelta(minutes=k),
               mode="cram" if rng.random() < 0.2 else "study")


def test_reviews_practice_and_undo_keep_every_cards_history(tmp_path):
    rng = random.Random(11)
    with Store.open(tmp_path / "p.sqlite3") as s:
        s.sync_templates(IDS)
        assert_histories(s)  # nothing reviewed: empty histories
        fill(s, rng, 40)
        assert {len(scanned(s._conn, t)) for t, _ in IDS} != {0}
        assert s._conn.execute("SELECT COUNT(*) FROM review WHERE mode = 'cram'").fetchone()[0] > 0
        assert_histories(s)
        for _ in range(7):  # undo takes the newest review out of its card's history
            s.undo_last_review()
            assert_histories(s)
        fill(s, rng, 15, start=100)  # the undone ids are used again
        assert_histories(s)
        while s.undo_last_review() is not None:
            pass
        assert_histories(s)
        assert s._conn.execute("SELECT COUNT(*) FROM memory WHERE newest_review_id IS NOT NULL").fetchone()[0] == 0


def test_history_reads_the_cards_own_reviews_not_the_review_log(tmp_path):
    """No index on the review log is written per review, and a card's history is
    found by row id: never a scan of the log, nor a Bloom filter built over it (which
    SQLite's planner picks for a join once ANALYZE has counted the rows)."""
    with Store.open(tmp_path / "p.sqlite3") as s:
        s.sync_templates(IDS)
        fill(s, random.Random(2), 10)
        c = s._conn
        c.execute("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5000) "
                  "INSERT INTO review (template_id, topic, seed, answer, verdict, rating, duration_ms, mode, "
                  "reviewed_us, moved, before_state) SELECT 'gamma.' || k, 'gamma', k, '', 'self', 3, 0, "
                  "'study', k, 1, 0 FROM n")
        c.execute("ANALYZE")
        assert c.execute("PRAGMA index_list(review)").fetchall() == []
        for sql in (f"{_CHAIN} SELECT seed FROM review WHERE id IN chain ORDER BY reviewed_us DESC, id DESC",
                    f"{_CHAIN} SELECT COUNT(id) FROM chain"):
            plan = " / ".join(r[3] for r in c.execute(f"EXPLAIN QUERY PLAN {sql}", ("alpha.one",)))
            assert "SCAN review" not in plan and "BLOOM" not in plan and "INTEGER PRIMARY KEY" in plan, plan
        assert_histories(s)


def test_a_damaged_link_cannot_send_history_round_in_circles(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as s:
        s.sync_templates(IDS)
        for k in range(6):
            record(s, "alpha.one", seed=k, now=T0 + timedelta(days=k))
        newest = s._conn.execute("SELECT newest_review_id FROM memory WHERE template_id = 'alpha.one'").fetchone()[0]
        s._conn.execute("UPDATE review SET previous_review_id = ? WHERE id = ?", (newest, newest - 2))  # a loop
        assert [h.seed for h in s.card_history("alpha.one")] == [5, 4, 3]  # the loop is where it stops
        assert s.card_review_count("alpha.one") == 3


def test_an_export_and_its_import_keep_every_cards_history_and_refuse_forged_links(tmp_path):
    with Store.open(tmp_path / "a.sqlite3") as s:
        s.sync_templates(IDS)
        fill(s, random.Random(5), 30)
        lines = list(s.export_lines())
    assert not any("review_id" in line for line in lines)  # the links are rebuilt, not carried
    with Store.open(tmp_path / "b.sqlite3") as s:
        s.import_lines(lines)
        assert_histories(s)
        assert sum(s.card_review_count(t) for t, _ in IDS) == 30
    at = next(i for i, line in enumerate(lines) if '"table": "review"' in line)
    forged = lines[:at] + [lines[at].replace('{"table": "review", ', '{"table": "review", "previous_review_id": 1, ')]
    with Store.open(tmp_path / "c.sqlite3") as s:
        with pytest.raises(StoreError) as refused:
            s.import_lines(forged)
        assert f"line {at + 1}" in str(refused.value) and "previous_review_id" in str(refused.value)
        assert s._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == 0


def test_cards_imported_from_elsewhere_have_their_history_after_the_reviews_there(tmp_path):
    from test_store_import_history import _card

    from quizapp.store import to_us

    with Store.open(tmp_path / "p.sqlite3") as s:
        s.sync_templates(IDS)
        fill(s, random.Random(8), 12)
        s.import_history([_card("mine.one", [3, 3, 1]), _card("mine.two", [4]), _card("mine.new", [])])
        record(s, "mine.one", seed=99, now=T0 + timedelta(days=60))
        for tid in ("mine.one", "mine.two", "mine.new"):
            assert [(to_us(h.reviewed), h.rating) for h in s.card_history(tid)] == s._conn.execute(
                "SELECT reviewed_us, rating FROM review WHERE template_id = ? ORDER BY reviewed_us DESC, id DESC",
                (tid,)).fetchall(), tid
        assert [h.rating for h in s.card_history("mine.one")] == [3, 1, 3, 3]
        assert s.card_review_count("mine.two") == 1 and s.card_history("mine.new") == []
        assert_histories(s)


def test_a_schema_7_database_gets_its_links_and_loses_the_index(tmp_path):
    db = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:7])
    conn.executemany("INSERT INTO memory (template_id, topic, position, state, stability, difficulty, due_us, "
                     "last_review_us) VALUES (?, ?, ?, 2, 3.0, 5.0, 1, 1)",
                     [(tid, topic, i) for i, (tid, topic) in enumerate(IDS)])
    rng = random.Random(4)
    base = int(T0.timestamp() * 1_000_000)
    conn.executemany(
        "INSERT INTO review (template_id, topic, seed, answer, verdict, rating, duration_ms, mode, reviewed_us, "
        "moved, before_state, day) VALUES (?, ?, ?, '0.5', 'correct', 3, 1000, ?, ?, ?, 2, '2025-01-01')",
        [(*IDS[t], k, mode, base + k * 60_000_000, int(mode == "study"))
         for k in range(50) for t in [rng.randrange(3)] for mode in [rng.choice(("study", "cram", "mock"))]])
    assert "review_template" in {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    with Store.open(db) as s:
        assert migrations.current_version(s._conn) == len(migrations.MIGRATIONS) >= 8
        assert s._conn.execute("PRAGMA index_list(review)").fetchall() == []
        assert_histories(s)
        assert s.card_review_count("beta.two") == 0
        record(s, "alpha.one", seed=1000, now=T0 + timedelta(days=30))
        assert s.card_history("alpha.one")[0].seed == 1000
        assert_histories(s)


def _older_database(path, language: str | None = None) -> None:
    """A database as quizapp wrote it before schema 8, with one review."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:7])
    conn.execute("INSERT INTO memory (template_id, topic, position) VALUES ('alpha.one', 'alpha', 0)")
    conn.execute("INSERT INTO review (template_id, topic, seed, answer, verdict, rating, duration_ms, mode, "
                 "reviewed_us, moved, before_state) VALUES ('alpha.one', 'alpha', 1, '', 'self', 3, 0, 'cram', 1, 0, 0)")
    if language:
        conn.execute("INSERT INTO setting (key, value) VALUES ('language', ?)", (f'"{language}"',))
    conn.close()


def test_opening_an_older_database_says_so_first_and_a_current_one_does_not(tmp_path):
    said = []
    _older_database(tmp_path / "old.sqlite3", "zh")
    with Store.open(tmp_path / "old.sqlite3", on_migrate=said.append) as s:
        assert said == ["zh"] and migrations.current_version(s._conn) == len(migrations.MIGRATIONS)
        assert s.card_review_count("alpha.one") == 1
    with Store.open(tmp_path / "old.sqlite3", on_migrate=said.append):  # up to date now
        pass
    with Store.open(tmp_path / "new.sqlite3", on_migrate=said.append):  # made afresh: nothing to bring up to date
        pass
    assert said == ["zh"]


@pytest.mark.parametrize("language, given, expected", [
    (None, (), "bringing {db} up to date for this version of quizapp"),
    ("zh", (), "正在把 {db} 更新为这个版本的 quizapp 所用的格式"),
    ("zh", ("--lang", "en"), "bringing {db} up to date"),
])
def test_the_cli_says_in_one_line_that_it_brings_an_older_database_up_to_date(
        monkeypatch, capsys, tmp_path, language, given, expected):
    import io
    import sys

    from helpers import DECKS

    from quizapp.cli import main

    db = tmp_path / "p.sqlite3"
    _older_database(db, language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    main(["drill", "--plain", "--content", str(DECKS), "--db", str(db), "--count", "1", *given])
    err = capsys.readouterr().err
    notice = [line for line in err.splitlines() if "quizapp" in line and str(db) in line]
    assert len(notice) == 1 and notice[0].startswith("quizapp: " + expected.format(db=db)), err
    main(["drill", "--plain", "--content", str(DECKS), "--db", str(db), "--count", "1", *given])
    assert str(db) not in capsys.readouterr().err  # once
