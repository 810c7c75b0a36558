"""``Store.import_history``: cards with their reviews go in with the daily figures
in one transaction; a card already there, or a ``publish`` that fails, leaves the
database as it was."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from quizapp.srs import MemoryState, SrsSettings, next_state, study_day
from quizapp.store import ImportedCard, ImportedReview, Store, StoreError

T = datetime(2025, 5, 1, 12, tzinfo=timezone.utc)


def _card(tid: str, ratings: list[int], topic: str = "mine") -> ImportedCard:
    settings = SrsSettings()
    state = MemoryState(tid, topic)
    reviews = []
    for k, rating in enumerate(ratings):
        at = T + timedelta(days=3 * k)
        after, at = next_state(state, rating, at, settings)
        reviews.append(ImportedReview(rating, at, 4000, study_day(at, timezone.utc, 4), state))
        state = after
    return ImportedCard(state, tuple(reviews))


def _rows(db, sql):
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def test_cards_reviews_and_daily_figures_go_in_together(tmp_path):
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as store:
        store.sync_templates([("builtin.a", "builtin")])
        counts = store.import_history([_card("mine.one", [3, 3, 1]), _card("mine.two", [4]),
                                       _card("mine.new", [])])
        assert (counts.cards, counts.reviews) == (3, 4)
        one = store.memory("mine.one")
        assert one.state == 3 and one.stability is not None  # relearning after the Again
        assert store.memory("mine.new").state == 0
        assert store.get_setting("bank_fingerprint") is None  # the bank is synced again at the next start
    assert _rows(db, "SELECT template_id, position, reps, lapses FROM memory ORDER BY position") == [
        ("builtin.a", 0, 0, 0), ("mine.one", 1, 3, 1), ("mine.two", 2, 1, 0), ("mine.new", 3, 0, 0)]
    assert _rows(db, "SELECT SUM(reviews), SUM(recalled), SUM(new_cards), SUM(duration_ms) FROM review_day") == [
        (4, 3, 2, 16000)]
    # reviews of review-state cards (the queue's daily review limit): mine.one's Again came from Review
    assert _rows(db, "SELECT SUM(review_cards) FROM review_day") == [(1,)] == _rows(
        db, "SELECT COUNT(*) FROM review WHERE before_state = 2 AND moved = 1")
    assert _rows(db, "SELECT COUNT(*) FROM review WHERE verdict = 'self' AND mode = 'study' AND moved = 1") == [(4,)]


def test_a_day_already_counted_gets_the_imported_reviews_added(tmp_path):
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as store:
        store.import_history([_card("mine.one", [3])])
        store.import_history([_card("mine.two", [3])])
    assert _rows(db, "SELECT day, topic, mode, reviews, new_cards FROM review_day") == [
        (study_day(T, timezone.utc, 4), "mine", "study", 2, 2)]


def test_a_card_already_there_refuses_the_whole_import(tmp_path):
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as store:
        store.sync_templates([("mine.one", "mine")])
        with pytest.raises(StoreError, match="already in"):
            store.import_history([_card("mine.two", [3]), _card("mine.one", [3])])
        assert store.known_template_ids(["mine.one", "mine.two", "other"]) == {"mine.one"}
    assert _rows(db, "SELECT COUNT(*) FROM review") == [(0,)]
    assert _rows(db, "SELECT COUNT(*) FROM memory") == [(1,)]


def test_a_failing_publish_writes_nothing_and_a_failed_commit_takes_publishing_back(tmp_path, monkeypatch):
    db = tmp_path / "p.sqlite3"
    undone = []

    def publish_fails():
        raise OSError("no room for the deck files")

    with Store.open(db) as store:
        with pytest.raises(OSError):
            store.import_history([_card("mine.one", [3])], publish=publish_fails)
        assert store.memory("mine.one") is None

        real_write = type(store)._write

        def commit_fails(self):  # the commit goes through, then is reported failed: publishing must be taken back
            cm = real_write(self)

            class Wrapper:
                def __enter__(self_inner):
                    return cm.__enter__()

                def __exit__(self_inner, *exc):
                    cm.__exit__(*exc)
                    raise StoreError("the disk is full")
            return Wrapper()

        monkeypatch.setattr(type(store), "_write", commit_fails)
        with pytest.raises(StoreError):
            store.import_history([_card("mine.two", [3])], publish=lambda: (lambda: undone.append(True)))
    assert undone == [True]


def test_a_card_that_is_not_an_id_in_a_topic_is_a_programming_error(tmp_path):
    with Store.open(tmp_path / "p.sqlite3") as store:
        with pytest.raises(ValueError):
            store.import_history([ImportedCard(MemoryState("Not An Id", "mine"))])
        with pytest.raises(ValueError):
            store.import_history([_card("mine.a", []), _card("mine.a", [])])
