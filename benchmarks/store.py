"""Store benchmark: opening a study session and recording a review, at 50,000
templates / 1,000,000 reviews, each beside its baseline.

    .venv/bin/python benchmarks/store.py [--quick] [--rounds N] [--reviews N] [--rebuild]

Runs on a copy of the cached 50k/1M database (``_bench.big_database``) in the
system temp folder, with the synthetic bank it was built for, through the public
API (the Workspace and the Store), interleaved with its baseline:

- opening a study session: ``Workspace.study()`` (the session's constructor up to
  its first card) vs a bare ``Store.queue(now)``. "The day's first" opens a fresh
  workspace on a database whose last backup was yesterday (the backup must not be
  on this path: it runs in ``maintenance()``; the benchmark checks none was made),
  after the large database's background check has finished (as it has when someone
  presses a key a second after launch); "later" reuses one workspace.
- recording one review with synchronous=FULL: ``Store.record_review(ReviewRecord)``
  with the record built as a session builds it (the FSRS step from the stored
  memory state, not timed), at 50k/1M and on the small database
  (``_bench.small_database``), on the connections as the app opens them (their
  pragmas and checkpointing), vs a bare one-row INSERT + COMMIT in WAL with
  synchronous=FULL in the same folder, and vs Anki answering a card at both sizes
  (below).
- home's figures: ``Workspace.home()`` at 50k/1M vs the same on a small history.
- the card browser's history of one card (``Store.card_history``), following the
  card's links (schema 8), vs schema 7's query through an index on
  review(template_id, reviewed_us) on a copy that has that index; and what the index
  cost a review: ``record_review`` on that copy is one more case of the recording
  rounds. The WAL pages each recorded review (and each Anki answer) writes are
  printed, counted in an untimed pass of their own with checkpointing held off (the
  disk's share of the cost, free of the machine's noise).

Anki (``pip install anki``, a benchmark-only dependency; skipped with a note when
missing): a fresh collection of 3,000 new notes in the same folder, FSRS on, daily
limits lifted, and a copy of ``_bench.anki_collection()``, 50,000 notes with 80% of
the cards in review (FSRS memory states, due dates spread out) and 1,000,000 revlog
rows, the size of quizapp's big database; each round fetches the next card and
builds a Good answer from the states the queue computed (not timed, as the FSRS step
is not timed for quizapp), then times ``col.sched.answer_card`` — Anki's backend
writes the revlog entry and the card in one transaction and commits it before
returning (SQLite WAL with its default synchronous=FULL, which Anki does not change,
and locking_mode=EXCLUSIVE, which spares it the shared-memory locking quizapp's
connection does: quizapp keeps the shared mode so ``quizapp stats`` can read while
the app runs; the pragmas are read back and printed).

Aims: a study session opens in ≤ 50 ms, the day's first too; recording a review
costs no more than Anki answering a card.

Where a recorded review's time goes (schema 8, 2 shared CPUs, SQLite 3.40.1): the
fdatasync of the WAL, ~0.22–0.30 ms when the WAL is written over, more while the WAL
file grows (the sync must then record its new size too): SQLite deletes the WAL when
the app closes, and with its default checkpoint at 1,000 pages a whole study session
(~150 reviews) grew it; the app checkpoints at 256 pages, after which the WAL is
written over from its start (interleaved, 300 reviews: median 0.42 ms against 0.49 ms
at 50k/1M, 0.41 against 0.51 on a small history). The rest is CPU, ~70 µs with
synchronous=OFF at 50k/1M (Anki: ~80–100 µs): BEGIN, the review row (appended) and the
session's foreign key, the memory row and its two memory_due entries (the old due
date's leaf and the new one's: 2.3 of the 5.4 WAL pages a review writes), the
review_day upsert, COMMIT (the WAL frames, two pwrites each, and the fcntl locks of
the shared-memory WAL index that readers such as ``quizapp stats`` need; Anki's
EXCLUSIVE mode has none), Python ~7 µs. secure_delete=FAST instead of the ON some
builds default to: ~10 µs (deleted content is still zeroed where that costs no extra
I/O). Measured and left out, each within ±5 µs of noise: cache_size 64 MiB, mmap_size,
``memory`` WITHOUT ROWID, foreign_keys and secure_delete OFF. Schema 7's index for one
card's history cost a random leaf of a 40 MiB index on every review (5.4 WAL pages a
review without it, 10.2 with it; ~0.04 ms): schema 8 links each card's reviews instead
(``migrations._v8``). A --quick run flatters quizapp: Anki's WAL is still growing over
100 answers (11 pages each), quizapp's is written over after ~47 reviews; the full run
is the fair one. The cases run in a new order each round (``_bench.interleaved``), so
no case always pays for the same predecessor's write-back.
Last full runs (schema 8): record_review 0.292–0.320 ms at 50k/1M against Anki's
0.288–0.342 at the same size (0.94–1.01×) and 0.287–0.314 with 3,000 new notes
(1.00–1.03×); on the small history 0.257–0.294 (0.90–0.94× Anki); with schema 7's
history index 0.335–0.371 ms; WAL pages per review 5.43 / 4.25 (Anki 11.1–11.4).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import _bench

SESSION_AIM_MS = 50.0


def open_study(db: Path, bank, when: datetime, timed: bool) -> float:
    """A fresh workspace on ``db`` (whose last backup was yesterday: the day's first
    session); times ``study()`` (``timed``) or a bare ``queue()``."""
    from quizapp.store import Store
    from quizapp.workspace import Workspace

    store = Store.open(db)
    try:
        ws = Workspace(store, bank, clock=lambda: when)
        store.wait_for_check()
        start = time.perf_counter()
        if timed:
            session = ws.study()
        else:
            store.queue(when)
        ms = (time.perf_counter() - start) * 1000
        if timed:
            assert session.current is not None, "the session has no card"
            session.close()
    finally:
        store.close()
    return ms


class Recorder:
    """Records reviews of started templates as a session would, one per call, on the
    store's connection as the app opens it (its pragmas, its checkpointing)."""

    def __init__(self, store, when: datetime):
        from quizapp.srs import study_day

        self.store, self.when, self.study_day = store, when, study_day
        self.ids = [tid for (tid,) in store._conn.execute(  # review-state templates first, most overdue first
            "SELECT template_id FROM memory WHERE state > 0 AND active = 1 ORDER BY state != 2, due_us LIMIT 2000")]
        self.rng = random.Random(3)
        self.n = 0
        self.session_id = store.start_session("study", when)

    def wal_pages(self, n: int = 100) -> float:
        """WAL pages one recorded review writes (an untimed pass of ``n`` reviews)."""
        conn = self.store._conn
        return wal_pages(lambda p: conn.execute(f"PRAGMA {p}").fetchone()[0], Path(str(self.store.path) + "-wal"),
                         self, n)

    def __call__(self) -> float:
        from quizapp.srs import next_state
        from quizapp.store import ReviewRecord

        store = self.store
        tid = self.ids[self.n % len(self.ids)]
        self.n += 1
        at = self.when + timedelta(seconds=20 * self.n)
        before = store.memory(tid)
        settings = store.srs_settings()
        rating = 3 if self.rng.random() < 0.85 else 1
        after, at = next_state(before, rating, at, settings, store.scheduler())
        record = ReviewRecord(tid, self.rng.randrange(1 << 31), "0.83", "correct" if rating > 1 else "wrong",
                              rating, 12_000, at, self.study_day(at, None, settings.day_rollover_hour), "study",
                              before, after, True, None, self.session_id)
        start = time.perf_counter()
        store.record_review(record)
        return (time.perf_counter() - start) * 1000


def wal_pages(pragma: Callable[[str], object], wal: Path, record: Callable[[], float], n: int) -> float:
    """WAL frames (pages) per call of ``record``, counted in a pass of its own: the WAL
    emptied and checkpointing held off for ``n`` calls, then put back as it was (the
    timed rounds run with the connection's own checkpointing)."""
    auto, page = pragma("wal_autocheckpoint"), int(pragma("page_size"))
    pragma("wal_checkpoint(TRUNCATE)")
    pragma("wal_autocheckpoint = 0")
    try:
        for _ in range(n):
            record()
        size = wal.stat().st_size
    finally:
        pragma(f"wal_autocheckpoint = {int(auto)}")
    return max(0, size - 32) / (page + 24) / n  # a 32-byte header, then frames of a 24-byte header and a page


def with_history_index(source: Path, folder: Path) -> Path:
    """A copy of ``source`` with schema 7's index for one card's history,
    review(template_id, reviewed_us), which schema 8 replaced by links."""
    copy = _bench.working_copy(source, folder, "history-index.sqlite3")
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("CREATE INDEX IF NOT EXISTS review_template ON review (template_id, reviewed_us)")
    conn.close()
    return copy


def history(store, ids: list[str], seed: int, indexed: bool = False) -> float:
    """One card's history: ``card_history`` (its links), or (``indexed``) schema 7's
    query through the index on review(template_id, reviewed_us)."""
    rng = random.Random(seed)
    tid = ids[rng.randrange(len(ids))]
    start = time.perf_counter()
    if indexed:
        store._conn.execute(
            "SELECT reviewed_us, mode, verdict, rating, answer, mistake, duration_ms, seed, moved FROM review "
            "WHERE template_id = ? ORDER BY reviewed_us DESC, id DESC LIMIT 100", (tid,)).fetchall()
    else:
        store.card_history(tid)
    return (time.perf_counter() - start) * 1000


class BareInsert:
    """One row inserted and committed, WAL with synchronous=FULL (the disk's own cost)."""

    def __init__(self, folder: Path):
        self.conn = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE review (id INTEGER PRIMARY KEY, template_id TEXT, answer TEXT, "
                          "rating INTEGER, reviewed_us INTEGER)")
        self.n = 0

    def __call__(self) -> float:
        self.n += 1
        start = time.perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO review (template_id, answer, rating, reviewed_us) VALUES (?, ?, ?, ?)",
                          (f"topic01.card{self.n:05d}", "0.83", 3, self.n))
        self.conn.execute("COMMIT")
        return (time.perf_counter() - start) * 1000


class AnkiAnswer:
    """Anki answering the next card Good (only ``answer_card`` is timed): on a fresh
    collection of ``notes`` new cards, or on a copy of ``source`` (``_bench.anki_collection``)."""

    def __init__(self, folder: Path, notes: int = 3000, source: Path | None = None):
        from anki.collection import Collection

        if source is not None:
            self.path = _bench.working_copy(source, folder, "collection-big.anki2")
            self.col = col = Collection(str(self.path))
            col.decks.select(col.decks.id("Bench"))
        else:
            self.path = folder / "collection.anki2"
            self.col = col = Collection(str(self.path))
            _bench.anki_deck(col, notes)
        self.pragmas = {p: col.db.scalar(f"PRAGMA {p}") for p in ("journal_mode", "synchronous", "locking_mode")}

    def wal_pages(self, n: int = 100) -> float:
        """WAL pages one answer writes (an untimed pass of ``n`` answers)."""
        return wal_pages(lambda p: self.col.db.scalar(f"PRAGMA {p}"), Path(str(self.path) + "-wal"), self, n)

    def __call__(self) -> float:
        from anki.cards import Card
        from anki.scheduler.v3 import CardAnswer

        col = self.col
        queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
        card = Card(col)
        card._load_from_backend_card(queued.card)
        card.start_timer()
        answer = col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
        start = time.perf_counter()
        col.sched.answer_card(answer)
        return (time.perf_counter() - start) * 1000

    def close(self) -> None:
        self.col.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (8 sessions, 100 reviews)")
    parser.add_argument("--rounds", type=int, help="sessions of each kind (default 25, --quick 8)")
    parser.add_argument("--reviews", type=int, help="reviews recorded (default 500, --quick 100)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    args = parser.parse_args(argv)
    rounds = args.rounds or (8 if args.quick else 25)
    reviews = args.reviews or (100 if args.quick else 500)
    source = _bench.big_database(rebuild=args.rebuild)
    small_source = _bench.small_database(rebuild=args.rebuild)
    bank = _bench.synthetic_bank()
    from quizapp.content import load_bank
    from quizapp.store import Store, list_backups
    from quizapp.workspace import Workspace

    real_bank = load_bank()
    now = datetime.now(timezone.utc)
    rows: list[_bench.Row] = []
    with tempfile.TemporaryDirectory(dir=_bench.CACHE) as tmp:
        folder = Path(tmp)
        db = _bench.working_copy(source, folder, "big.sqlite3")
        indexed = with_history_index(source, folder)
        small = _bench.working_copy(small_source, folder, "small.sqlite3")
        _bench.set_last_backup(db, now - timedelta(days=1))
        first = _bench.interleaved({"study": lambda: open_study(db, bank, now, True),
                                    "queue": lambda: open_study(db, bank, now, False)}, rounds)
        if list_backups(db):
            raise SystemExit("opening a study session made a backup: that belongs in maintenance()")
        with Store.open(db) as store, Store.open(small) as small_store:
            ws = Workspace(store, bank, clock=lambda: now)
            small_ws = Workspace(small_store, real_bank, clock=lambda: now)
            store.wait_for_check()
            small_store.wait_for_check()
            sessions = []
            later = _bench.interleaved({"study": _bench.timed(lambda: sessions.append(ws.study())),
                                        "queue": _bench.timed(lambda: store.queue(now))}, rounds * 4)
            queued = len(store.queue(now))
            for s in sessions:
                s.close()
            home = _bench.interleaved({"big": _bench.timed(lambda: ws.home(now)),
                                       "small": _bench.timed(lambda: small_ws.home(now))}, rounds * 4)
            indexed_store = Store.open(indexed)
            indexed_store.wait_for_check()
            ids = [tid for (tid,) in store._conn.execute("SELECT template_id FROM memory WHERE state > 0 LIMIT 5000")]
            n = iter(range(10**9))
            histories = _bench.interleaved({"linked": lambda: history(store, ids, next(n)),
                                            "indexed": lambda: history(indexed_store, ids, next(n), True)},
                                           max(5, rounds // 2))
            cases = {"quizapp": Recorder(store, now), "small": Recorder(small_store, now), "bare": BareInsert(folder),
                     "index": Recorder(indexed_store, now)}
            anki_note = ""
            try:
                cases["anki"] = AnkiAnswer(folder)
                cases["anki big"] = AnkiAnswer(folder, source=_bench.anki_collection())
                anki_note = ", ".join(f"{k}={v}" for k, v in cases["anki"].pragmas.items())
            except ImportError:
                anki_note = "not installed (pip install anki): no Anki figure"
            recorded = _bench.interleaved(cases, reviews, warmup=5)
            wal = {name: case.wal_pages() for name, case in cases.items() if hasattr(case, "wal_pages")}
            for name in ("anki", "anki big"):
                if name in cases:
                    cases[name].close()
            indexed_store.close()
            pragmas = {p: store._conn.execute(f"PRAGMA {p}").fetchone()[0]
                       for p in ("journal_mode", "synchronous", "locking_mode", "wal_autocheckpoint",
                                 "cache_size", "secure_delete", "page_size")}
    rows += [
        _bench.Row("study() → first card, the day's first", first["study"], "bare queue(), fresh", first["queue"],
                   f"≤ {SESSION_AIM_MS:.0f} ms", statistics.median(first["study"]) <= SESSION_AIM_MS),
        _bench.Row("study() → first card, later", later["study"], "bare queue()", later["queue"],
                   f"≤ {SESSION_AIM_MS:.0f} ms", statistics.median(later["study"]) <= SESSION_AIM_MS),
        _bench.Row("home figures (Workspace.home), 50k/1M", home["big"], "same, small history", home["small"]),
        _bench.Row("one card's history (card_history, links)", histories["linked"],
                   "schema 7: through an index", histories["indexed"]),
    ]
    big, small = f"{_bench.TEMPLATES // 1000}k/{_bench.REVIEWS // 1_000_000}M", f"{_bench.SMALL_REVIEWS} reviews"
    record_rows = [
        _bench.Row(f"record_review, {big}", recorded["quizapp"], "bare INSERT+COMMIT", recorded["bare"]),
        _bench.Row(f"record_review, {big}", recorded["quizapp"], "same + schema 7's history index",
                   recorded["index"]),
    ]
    for mine, theirs, label in (("quizapp", "anki big", f"Anki answer_card, {big}"),
                                ("quizapp", "anki", "Anki answer_card, 3,000 new"),
                                ("small", "anki", "Anki answer_card, 3,000 new")):
        if theirs in recorded:
            record_rows.append(_bench.Row(f"record_review, {big if mine == 'quizapp' else small}", recorded[mine],
                                          label, recorded[theirs], "≤ Anki",
                                          statistics.median(recorded[mine]) <= statistics.median(recorded[theirs])))
    record_rows.append(_bench.Row(f"record_review, {small}", recorded["small"], "bare INSERT+COMMIT", recorded["bare"]))
    print(f"{_bench.machine()}\ndatabase: {source.name} ({source.stat().st_size / 2**20:.0f} MiB, "
          f"{_bench.TEMPLATES} templates, {_bench.REVIEWS} reviews), a queue of {queued} cards, in {_bench.CACHE}")
    print(f"quizapp's connection: {', '.join(f'{k}={v}' for k, v in pragmas.items())}; Anki: {anki_note}")
    _bench.table("Opening a study session and the home's figures at 50k templates / 1M reviews, interleaved", rows)
    _bench.table("Recording one review, committed durably (synchronous=FULL), interleaved "
                 "(quizapp 50k/1M, quizapp small, bare, with the index, Anki 3,000, Anki 50k/1M)", record_rows)
    names = {"quizapp": f"quizapp {big}", "small": f"quizapp {small}", "index": "quizapp with schema 7's history index",
             "anki": "Anki 3,000 new", "anki big": f"Anki {big}"}
    print(f"WAL pages written per review, counted in a pass of their own ({pragmas['page_size']}-byte pages): "
          + "; ".join(f"{names[k]} {v:.2f}" for k, v in wal.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
