"""Home's per-topic card counts (``topic_cards``, kept by triggers on the memory
table) stay equal to a fresh GROUP BY over the memory table after every write path
that came with your own decks and imports: a CSV or Anki import (cards with their
history, suspended ones too), the next start's sync of the bank with the user's
decks, adding a card, reviewing an imported card, and the browser's reset and its
undo. (tests/test_store.py covers reviews, undo, suspension, the bank's sync and the
JSON import.)"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from helpers import DECKS, record
from quizapp.cli import main
from quizapp.content import load_bank
from quizapp.srs import MemoryState, SrsSettings, next_state, study_day
from quizapp.store import ImportedCard, ImportedReview, Store
from quizapp.workspace import Workspace

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
MATURE = 21.0  # days of stability: Anki's threshold, the one home counts with


def fresh(store: Store) -> dict[str, tuple[int, int, int, int]]:
    """(total, started, mature, suspended) per topic, counted now by a GROUP BY."""
    rows = store._conn.execute(
        "SELECT topic, COUNT(*), "
        "SUM(CASE WHEN state != 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state != 0 AND stability >= ? THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN suspended THEN 1 ELSE 0 END) "
        "FROM memory WHERE active = 1 GROUP BY topic", (MATURE,))
    return {topic: (total, started, mature, suspended) for topic, total, started, mature, suspended in rows}


def kept(store: Store) -> dict[str, tuple[int, int, int, int]]:
    return {t: tuple(c) for t, c in store.cards_by_topic(MATURE).items()}


def same(store: Store) -> dict[str, tuple[int, int, int, int]]:
    counted = fresh(store)
    assert kept(store) == counted
    return counted


def imported(tid: str, topic: str, ratings: list[int], *, suspended: bool = False) -> ImportedCard:
    settings = SrsSettings()
    state = MemoryState(tid, topic)
    reviews = []
    for k, rating in enumerate(ratings):
        at = NOW - timedelta(days=400) + timedelta(days=30 * k)
        after, at = next_state(state, rating, at, settings)
        reviews.append(ImportedReview(rating, at, 4000, study_day(at, timezone.utc, 4), state))
        state = after
    return ImportedCard(state, tuple(reviews), suspended)


def test_imported_history_is_counted_as_it_goes_in(tmp_path):
    with Store.open(tmp_path / "q.sqlite3") as store:
        ws = Workspace(store, load_bank(DECKS), clock=lambda: NOW, content=DECKS)
        record(store, "metrics.f1-counts", rating=3, now=NOW - timedelta(days=3))
        before = same(store)
        cards = [imported("mine.mature", "mine", [3, 4, 4, 4]), imported("mine.young", "mine", [3]),
                 imported("mine.held", "mine", [3, 3], suspended=True), imported("mine.new", "mine", []),
                 imported("metrics.theirs", "metrics", [4, 4, 4])]
        store.import_history(cards)
        after = same(store)
        assert after["mine"][:2] == (4, 3) and after["mine"][3] == 1 and after["mine"][2] >= 1
        assert after["metrics"][0] == before["metrics"][0] + 1
        ws.set_bank(load_bank(DECKS))  # the next start: the imported cards are in no deck file here
        same(store)


def test_a_csv_import_then_the_next_start_with_the_users_decks(tmp_path, capsys):
    csv = tmp_path / "ML terms.csv"
    csv.write_text("Front,Back\nWhat is a logit?,The input of the softmax\nWhat is L1?,Σ|w|\n", encoding="utf-8")
    db = tmp_path / "db" / "progress.sqlite3"
    assert main(["import", "--csv", str(csv), "--db", str(db)]) == 0
    with Store.open(db) as store:
        assert same(store)["ml-terms"] == (2, 0, 0, 0)
        ws = Workspace(store, load_bank(DECKS), clock=lambda: NOW, content=DECKS)
        ws.set_bank(ws.load_bank())  # the built-in decks and the user's, as the app's worker loads them
        counted = same(store)
        assert counted["ml-terms"] == (2, 0, 0, 0) and "metrics" in counted
        mine = next(t for t in ws.bank.templates if t.startswith("ml-terms."))
        record(store, mine, rating=3, now=NOW)
        assert same(store)["ml-terms"] == (2, 1, 0, 0)


def test_adding_a_card_to_your_own_deck_then_resetting_and_undoing(tmp_path):
    from quizapp.userdecks import Draft, both

    with Store.open(tmp_path / "q.sqlite3") as store:
        ws = Workspace(store, load_bank(DECKS), clock=lambda: NOW, content=DECKS)
        before = same(store)
        ws.add_card(Draft(kind="concept", topic="metrics", title=both("Mine"), question=both("Q?"),
                          answer=both("A."), key_points=[both("k")]))
        ws.set_bank(ws.load_bank())
        assert same(store)["metrics"][0] == before["metrics"][0] + 1
        record(store, "metrics.f1-counts", rating=3, now=NOW - timedelta(days=3))
        record(store, "metrics.mine", rating=4, now=NOW - timedelta(days=2))
        assert same(store)["metrics"][1] == 2
        saved = ws.reset(["metrics.f1-counts", "metrics.mine"])
        assert same(store)["metrics"][1] == 0
        assert ws.undo_reset(saved) == 2
        assert same(store)["metrics"][1] == 2


def test_an_anki_package_with_history_and_a_suspended_card(tmp_path):
    pytest.importorskip("anki")
    pytest.importorskip("zstandard")
    from anki_helpers import build

    built = build(tmp_path / "anki")
    db = tmp_path / "db" / "progress.sqlite3"
    with Store.open(db) as store:  # progress already there: the import adds to it
        Workspace(store, load_bank(DECKS), clock=lambda: NOW, content=DECKS)
        record(store, "metrics.f1-counts", rating=3, now=NOW)
    assert main(["import", "--anki", str(built.path), "--db", str(db)]) == 0
    with Store.open(db) as store:
        counted = same(store)
        assert sum(c[3] for c in counted.values()) >= 1  # the suspended card is counted as suspended
        assert sum(c[1] for t, c in counted.items() if t not in ("metrics", "optimizers")) >= 1
        ws = Workspace(store, load_bank(DECKS), clock=lambda: NOW, content=DECKS)
        ws.set_bank(ws.load_bank())
        same(store)

