"""Card browser benchmark: searching, and the browser's first draw, at 50,000 card
templates, beside the same at the real question bank (the baseline) in the same run.

    .venv/bin/python benchmarks/browser.py [--quick] [--templates 50000] [--repeat 20]

The big bank is the real bank's templates copied under new ids into 20 topics
(their text, kinds and tags as they are); its progress database has every one of
them, 80% reviewed (due dates spread over a year), 200,000 reviews and 2,000
flags, written with raw SQL and cached in the temp folder. Measured through the
public API (``Workspace.browser()``):

- building the search index (once per bank, in a worker once the bank is in);
- reading every card's memory and open flags (once, and again after a change);
- a search (memory already read): every card in deck order; a word in titles and questions; a topic,
  a state and a sort together; a word that matches nothing; every card sorted by
  title (the worst sort);
- one card's record (memory, history through its links from the memory row,
  mistakes, flags);
- first draw: from pushing the browser screen (headless, 80×24) to its first
  rows in the list: the first search done, every card's memory read (the search
  index is built beforehand, as the app builds it in a worker once the bank is in);
- for comparison, filling a DataTable with every row at once, as the browser does
  not (it adds 100 rows at a time as the cursor nears the end).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizapp.browse import Browser, SearchIndex, parse_query
from quizapp.content import Bank, load_bank
from quizapp import migrations
from quizapp.migrations import MIGRATIONS
from quizapp.store import Store, to_us

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
TOPICS = 20
REVIEWS = 200_000
FLAGS = 2_000


def big_bank(real: Bank, n: int) -> Bank:
    """``n`` templates: the real ones copied under new ids, spread over TOPICS topics."""
    originals = list(real.templates.values())
    templates, topics = {}, {}
    for i in range(n):
        t = originals[i % len(originals)]
        topic = f"topic{i % TOPICS:02d}"
        topics.setdefault(topic, {"en": f"Topic {i % TOPICS}", "zh": f"主题 {i % TOPICS}"})
        tid = f"{topic}.{t.id.split('.', 1)[1]}-{i}"
        templates[tid] = replace(t, id=tid, topic=topic)
    return Bank(templates=templates, errors=[], topics=topics)


def database(bank: Bank, path: Path) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    day = 86_400_000_000
    now_us = to_us(NOW)
    ids = list(bank.templates)
    with Store.open(path) as store:
        store.sync_bank(bank)
        conn = store._conn
        conn.execute("BEGIN IMMEDIATE")
        rows = []
        reviewed = []
        for tid in ids:
            if rng.random() < 0.8:
                last = now_us - rng.randrange(1, 200) * day
                rows.append((2, rng.uniform(1, 300), rng.uniform(1, 10), last + rng.randrange(1, 400) * day, last,
                             rng.randrange(1, 30), rng.choices((0, 1, 2, 5), (70, 20, 8, 2))[0], tid))
                reviewed.append(tid)
        conn.executemany("UPDATE memory SET state = ?, stability = ?, difficulty = ?, due_us = ?, last_review_us = ?, "
                         "reps = ?, lapses = ? WHERE template_id = ?", rows)
        start = now_us - 365 * day

        def reviews():
            for n in range(REVIEWS):
                tid = reviewed[rng.randrange(len(reviewed))]
                rating = rng.choices((1, 2, 3, 4), (10, 15, 60, 15))[0]
                at = start + n * (365 * day // REVIEWS)
                yield (tid, tid.split(".")[0], n, "0.42", "correct" if rating > 1 else "wrong",
                       "accuracy" if rating == 1 else None, rating, 5000, "study", at, 1, 2, 10.0, 5.0, start,
                       start - day, "2025-06-01")

        conn.executemany(
            "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, duration_ms, mode, "
            "reviewed_us, moved, before_state, before_stability, before_difficulty, before_due_us, "
            "before_last_review_us, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews())
        migrations.link_history(conn)  # each card's reviews linked, as record_review links them
        conn.executemany("INSERT INTO flag (template_id, note, created_us) VALUES (?, 'looks wrong', ?)",
                         [(ids[rng.randrange(len(ids))], now_us) for _ in range(FLAGS)])
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    return path



def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def line(name: str, ms: list[float], extra: str = "") -> None:
    print(f"  {name:<44} median {statistics.median(ms):8.2f} ms   max {max(ms):8.2f} ms{extra}")


QUERIES = [
    ("every card, deck order", ""),
    ("a word (adam)", "adam"),
    ("topic + is:due + sort:-lapses", "topic:topic07 is:due sort:-lapses"),
    ("a word that matches nothing", "zzzzqqq"),
    ("every card, sorted by title", "sort:title"),
]


def measure_search(label: str, store: Store, bank: Bank, repeat: int) -> None:
    print(f"{label}: {len(bank.templates):,} templates")
    line("search index (once per bank)", timed(lambda: SearchIndex(bank), max(3, repeat // 5)))
    browser = Browser(store, bank)
    line("every card's memory and open flags", timed(lambda: (store.card_memories(), store.open_flag_counts()),
                                                      max(3, repeat // 5)), "   (read again only after a change)")
    for name, typed in QUERIES:
        query = parse_query(typed.replace("topic07", next(iter(bank.topics)) if "topic07" not in bank.topics
                                          else "topic07"), bank)
        found = browser.search(query, NOW)
        line(f"search: {name}", timed(lambda: browser.search(query, NOW), repeat), f"   ({len(found.rows):,} found)")
    ids = list(bank.templates)
    rng = random.Random(4)
    line("one card's record", timed(lambda: browser.detail(ids[rng.randrange(len(ids))]), repeat))


async def first_draw(store: Store, bank: Bank, runs: int) -> list[float]:
    """From pushing the browser to its first rows drawn (index and first search included)."""
    from quizapp.tui.app import make_app
    from quizapp.tui.screens.browser import BrowserScreen, CardTable
    from quizapp.workspace import Workspace

    out = []
    for _ in range(runs):
        ws = Workspace(store, bank, clock=lambda: NOW)
        app = make_app(ws, lang="en", seed=1, config_dir=Path(tempfile.mkdtemp()))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            t = time.perf_counter()
            screen = BrowserScreen()
            app.push_screen(screen)
            while not (screen.is_mounted and screen.found is not None and screen.query_one(CardTable).row_count):
                await asyncio.sleep(0.001)
            await pilot.pause()  # the frame with the rows
            out.append((time.perf_counter() - t) * 1000)
    return out


async def full_table(bank: Bank) -> float:
    """Every row added to a DataTable at once (what paging avoids), in ms."""
    from rich.text import Text
    from textual.app import App
    from textual.widgets import DataTable

    class One(App):
        def compose(self):
            yield DataTable()

    app = One()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(DataTable)
        for c in ("title", "topic", "kind", "due", "stab", "lapses"):
            table.add_column(c, key=c)
        t = time.perf_counter()
        for tid, tpl in bank.templates.items():
            table.add_row(Text(tpl.title["en"]), Text(tpl.topic), Text(tpl.kind), Text("new"), Text("–"), Text("0"),
                          key=tid)
        await pilot.pause()
        return (time.perf_counter() - t) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="5 repeats, 2 draws")
    parser.add_argument("--repeat", type=int, help="default 20, --quick 5")
    parser.add_argument("--draws", type=int, help="first draws measured (default 5, --quick 2)")
    args = parser.parse_args()
    args.repeat = args.repeat or (5 if args.quick else 20)
    args.draws = args.draws or (2 if args.quick else 5)
    real = load_bank()
    big = big_bank(real, args.templates)
    cache = Path(tempfile.gettempdir()) / "quizapp-bench" / f"browser-{args.templates}-v{len(MIGRATIONS)}.sqlite3"
    t = time.perf_counter()
    database(big, cache)
    print(f"database: {cache} ({cache.stat().st_size / 2**20:.0f} MiB, ready in {time.perf_counter() - t:.1f} s), "
          f"{REVIEWS:,} reviews, {FLAGS:,} flags, Python {sys.version.split()[0]}")
    base_db = Path(tempfile.mkdtemp()) / "baseline.sqlite3"
    with Store.open(base_db) as base:
        base.sync_bank(real)
        measure_search("baseline, the real bank", base, real, args.repeat)
        base_draw = asyncio.run(first_draw(base, real, args.draws))
    with Store.open(cache) as store:
        measure_search("big bank", store, big, args.repeat)
        big_draw = asyncio.run(first_draw(store, big, args.draws))
    print("first draw of the browser (push to first rows drawn, 80×24)")
    line(f"baseline, {len(real.templates):,} templates", base_draw)
    line(f"big bank, {len(big.templates):,} templates", big_draw)
    print("for comparison: a DataTable filled with every row at once")
    print(f"  {len(big.templates):,} rows: {asyncio.run(full_table(big)):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
