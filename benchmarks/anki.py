"""Anki benchmark: import a 10,000-note .apkg with review history, and export the bank.

    .venv/bin/python benchmarks/anki.py [--notes N] [--reviews R] [--rebuild]

The package is made by Anki itself (the ``anki`` package, in the dev extra): N Basic
notes (one in ten Basic-and-reversed, one in ten Cloze with two deletions) with
HTML, over five decks; each card gets a learning step and R−1 reviews spread over a
year (one in twelve answers Again). The review log is written straight into the
collection's SQLite file (Anki's own API takes one call per row), then Anki
exports it as a current package (collection.anki21b, zstd). It is cached in the temp
folder.

Measured, in one run each into a fresh database: the whole import
(``import_apkg``), then its parts (reading the package, making the cards, replaying
the history through FSRS, writing and checking the deck files); a second import of
the same file into the same database (everything already there); and
``write_apkg`` of the whole bank with 3 instances per card with numbers.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

# This file is named anki.py: keep its folder off the import path, so `import anki` finds Anki.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

CACHE = Path(tempfile.gettempdir()) / "quizapp-bench"
DAY_MS = 86_400_000
T0 = 1_704_110_400_000  # 2024-01-01 12:00 UTC


def build(path: Path, notes: int, reviews: int) -> None:
    from anki.collection import AddNoteRequest, Collection, ExportAnkiPackageOptions

    work = path.parent / (path.stem + "-work")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    col = Collection(str(work / "collection.anki2"))
    decks = [col.decks.id(f"Bench::Deck {k}") for k in range(5)]
    basic, reverse, cloze = (col.models.by_name(n) for n in ("Basic", "Basic (and reversed card)", "Cloze"))
    requests = []
    for i in range(notes):
        if i % 10 == 3:
            note = col.new_note(cloze)
            note["Text"] = f"The {{{{c1::learning rate}}}} of run {i} is {{{{c2::0.{i % 97:02d}::a number}}}}"
        else:
            note = col.new_note(reverse if i % 10 == 7 else basic)
            note["Front"] = f"What is term <b>{i}</b> in <i>chapter {i % 40}</i>?"
            note["Back"] = f"Definition {i}: a &quot;short&quot; answer<br>with a second line &amp; more"
        note.tags = [f"chapter{i % 40}"]
        requests.append(AddNoteRequest(note=note, deck_id=decks[i % 5]))
    col.add_notes(requests)
    cards = col.db.list("SELECT id FROM cards ORDER BY id")
    col.close()
    rng = random.Random(7)
    rows, rid = [], T0
    for cid in cards:
        at = T0 + rng.randrange(0, 60) * DAY_MS
        rows.append((at, cid, 3, 0))  # learning
        interval = 1
        for _ in range(reviews - 1):
            at += interval * DAY_MS + rng.randrange(0, 3_600_000)
            ease = 1 if rng.random() < 1 / 12 else rng.choice((2, 3, 3, 3, 4))
            rows.append((at, cid, ease, 1))
            interval = 1 if ease == 1 else max(1, round(interval * rng.uniform(1.8, 3.0)))
    with sqlite3.connect(work / "collection.anki2") as conn:
        conn.executemany("INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                         "VALUES (?, ?, -1, ?, 1, 0, 2500, 8000, ?)", rows)
        conn.execute("UPDATE cards SET type = 2, queue = 2, ivl = 30, due = 400, factor = 2500")
    col = Collection(str(work / "collection.anki2"))
    try:
        col.export_anki_package(out_path=str(path), limit=None, options=ExportAnkiPackageOptions(
            with_scheduling=True, with_media=False, with_deck_configs=False, legacy=False))
    finally:
        col.close()
    shutil.rmtree(work, ignore_errors=True)


def timed(label: str, fn):
    """Run ``fn`` and print its wall time and this process's CPU time (on a shared
    machine the CPU time is the steadier figure)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    print(f"{label:<52} {time.perf_counter() - start:7.2f} s wall {time.process_time() - cpu:7.2f} s CPU",
          flush=True)
    return value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--reviews", type=int, default=8, help="log entries per card")
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    try:
        import anki  # noqa: F401
    except ImportError:
        print("benchmarks/anki.py needs the anki package: pip install -e '.[dev]'", file=sys.stderr)
        return 2
    from quizapp.anki.convert import plan_collection
    from quizapp.anki.deckfile import render_decks
    from quizapp.anki.export import write_apkg
    from quizapp.anki.history import replay_all
    from quizapp.anki.importer import builtin_topics, import_apkg
    from quizapp.anki.package import read_package
    from quizapp.content import load_bank
    from quizapp.srs import SrsSettings

    package = CACHE / f"anki-{args.notes}-{args.reviews}.apkg"
    if args.rebuild or not package.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        timed(f"building the package with Anki ({args.notes} notes)", lambda: build(package, args.notes, args.reviews))
    print(f"package: {package} ({package.stat().st_size / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-anki-") as tmp:
        import os

        os.environ["QUIZAPP_CACHE_DIR"] = str(Path(tmp) / "cache")  # the deck check cache starts cold
        db = Path(tmp) / "progress.sqlite3"
        report = timed("import_apkg, whole (fresh database)", lambda: import_apkg(package, db))
        print(f"  {report.added} cards, {report.reviews} reviews, {len(report.files)} deck files, "
              f"{sum(f.stat().st_size for f in report.folder.iterdir()) / 1e6:.1f} MB of decks, "
              f"database {db.stat().st_size / 1e6:.1f} MB")
        col = timed("  reading the package", lambda: read_package(package))
        topics = builtin_topics()
        plan = timed("  making the cards", lambda: plan_collection(col, str(package), topics))
        timed("  replaying the history through FSRS", lambda: replay_all(
            ((c.id, c.topic, c.anki) for c in plan.cards), col.reviews, col.created, SrsSettings()))
        timed("  writing and checking the deck files", lambda: render_decks(plan.cards, plan.titles, plan.sources, []))
        again = timed("import_apkg again (everything already there)", lambda: import_apkg(package, db))
        assert again.added == 0 and again.present == report.added
        bank = load_bank()
        out = Path(tmp) / "bank.apkg"
        exported = timed("write_apkg, the whole bank, 3 instances", lambda: write_apkg(out, bank, instances=3))
        print(f"  {exported.notes} notes in {exported.decks} decks, {out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
