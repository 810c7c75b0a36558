"""What the benchmarks share: the databases they run on, the synthetic bank of 50,000
templates, interleaved timing and the table of figures beside their baselines.

Imported by the benchmark scripts (``benchmarks/`` is their ``sys.path[0]``) and by
the children they spawn, so importing it costs nothing: quizapp is imported inside
the functions that need it.

The databases are built once and cached in the system temp folder under
``quizapp-bench/`` (or ``$QUIZAPP_BENCH_DIR``), keyed by ``VERSION``, the schema
version and the fingerprint of the bank they were built for (an edited deck or a new
migration is a new database, never a stale one):

- small: the real bank and a few hundred reviews over the last month, recorded
  through the store's API exactly as sessions record them;
- big: the synthetic bank (50,000 templates over 20 topics), registered through
  the workspace, and 1,000,000 reviews over a year written with raw SQL (the daily
  aggregates built from them as migration 3 builds them), 80% of the templates
  started, about a quarter of those due;
- Anki's at the big size (``anki_collection``, needs ``pip install anki``): 50,000
  notes in one deck, FSRS on, 80% of the cards in review with an FSRS memory state
  and due dates spread as the big database's, and 1,000,000 revlog rows over a year
  inserted with SQL.
"""

from __future__ import annotations

import math
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

VERSION = 1  # bump when the databases are built differently
TEMPLATES = 50_000
TOPICS = 20
REVIEWS = 1_000_000
SMALL_REVIEWS = 300
STARTED_SHARE = 0.8  # of the big bank's templates, reviewed at least once
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = Path(os.environ.get("QUIZAPP_BENCH_DIR") or Path(tempfile.gettempdir()) / "quizapp-bench")


# ---------------------------------------------------------------- banks

def synthetic_bank(templates: int = TEMPLATES, topics: int = TOPICS, loader=None):
    """A bank of ``templates`` copies of the real bank's templates under new ids,
    spread over ``topics`` topics (``topic00`` .. ``topic19``). ``topic00`` holds
    only numeric cards, so a benchmark that crams the first topic types answers.
    Deterministic: the same real bank always gives the same fingerprint. ``loader``
    loads the real bank (default ``quizapp.content.load_bank``)."""
    from dataclasses import replace

    from quizapp.content import Bank, load_bank

    real = sorted((loader or load_bank)().templates.values(), key=lambda t: t.id)
    numeric = [t for t in real if t.kind == "numeric"]
    bank = Bank(templates={}, errors=[], topics={})
    for k in range(topics):
        bank.topics[f"topic{k:02d}"] = {"en": f"Topic {k:02d}", "zh": f"主题 {k:02d}"}
    for i in range(templates):
        k = i % topics
        source = numeric[(i // topics) % len(numeric)] if k == 0 else real[i % len(real)]
        tid = f"topic{k:02d}.card{i:05d}"
        bank.templates[tid] = replace(source, id=tid, topic=f"topic{k:02d}")
    return bank


def numeric_bank(loader=None):
    """The real bank's numeric cards only (every card asks for a typed number)."""
    from quizapp.content import Bank, load_bank

    real = (loader or load_bank)()
    templates = {tid: t for tid, t in real.templates.items() if t.kind == "numeric"}
    topics = {topic: title for topic, title in real.topics.items()
              if any(t.topic == topic for t in templates.values())}
    return Bank(templates=templates, errors=[], topics=topics)


CHILD = """
import sys
sys.path.insert(0, {bench!r})
import quizapp.workspace  # imported on the way to home anyway (quizapp.content is not: patched here, it would be)


def load_bank(self):  # the app's bank worker gets the bank the database was built for
    import _bench
    from quizapp.content import load_bank as real

    return _bench.{bank}(loader=lambda: real(self.content))


quizapp.workspace.Workspace.load_bank = load_bank
from quizapp.cli import main
sys.exit(main(["--db", {db!r}]))
"""


def quizapp_with(bank: str, db: Path) -> list[str]:
    """The command line of ``quizapp --db DB`` whose bank loader returns ``_bench.<bank>()``."""
    return [sys.executable, "-c", CHILD.format(bench=str(HERE), bank=bank, db=str(db))]


# ---------------------------------------------------------------- databases

def _schema() -> int:
    """The schema version the databases are built at (a new migration: built afresh)."""
    from quizapp.migrations import MIGRATIONS

    return len(MIGRATIONS)


def small_database(bank=None, *, rebuild: bool = False) -> Path:
    """A database of ``bank`` (default: the real bank) with SMALL_REVIEWS reviews over
    the last 30 days, each recorded through ``Store.record_review`` as a session does."""
    from quizapp.content import load_bank

    bank = bank if bank is not None else load_bank()
    path = CACHE / f"small-v{VERSION}s{_schema()}-{bank.fingerprint()[:12]}.sqlite3"
    if path.exists() and not rebuild:
        return path
    from quizapp.srs import next_state, study_day
    from quizapp.store import ReviewRecord, Store
    from quizapp.workspace import Workspace

    tmp = _fresh(path.with_suffix(".building"))
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    with Store.open(tmp) as store:
        Workspace(store, bank)  # registers the bank as the app does
        settings, scheduler = store.srs_settings(), store.scheduler()
        ids = list(bank.templates)[: max(40, len(bank.templates) // 3)]
        for n in range(SMALL_REVIEWS):
            at = now - timedelta(days=30) + timedelta(days=30) * n / SMALL_REVIEWS
            tid = rng.choice(ids)
            before = store.memory(tid)
            rating = rng.choice((1, 3, 3, 3, 4))
            after, at = next_state(before, rating, at, settings, scheduler)
            store.record_review(ReviewRecord(
                tid, rng.randrange(1 << 31), "0.5", "correct" if rating > 1 else "wrong", rating,
                rng.randrange(3000, 60000), at, study_day(at, None, settings.day_rollover_hour), "study",
                before, after))
    _settle(tmp)
    os.replace(tmp, path)
    return path


def big_database(*, rebuild: bool = False, log=print) -> Path:
    """The 50,000-template / 1,000,000-review database of ``synthetic_bank()`` (built
    once, in about a minute, then cached)."""
    bank = synthetic_bank()
    path = CACHE / f"big-v{VERSION}s{_schema()}-{TEMPLATES}-{REVIEWS}-{bank.fingerprint()[:12]}.sqlite3"
    if path.exists() and not rebuild:
        return path
    log(f"building {path} (once; cached for later runs) ...")
    started = time.perf_counter()
    from quizapp import migrations
    from quizapp.store import Store, to_us
    from quizapp.workspace import Workspace

    tmp = _fresh(path.with_suffix(".building"))
    rng = random.Random(1)
    now = datetime.now(timezone.utc)
    now_us, day_us = to_us(now), 86_400_000_000
    with Store.open(tmp) as store:
        Workspace(store, bank)  # memory rows, topic titles and the bank's fingerprint, as the app does
        conn = store._conn
        started_ids, memory = [], []
        for tid, t in bank.templates.items():
            if rng.random() >= STARTED_SHARE:
                continue
            state = rng.choices((1, 2, 3), (2, 95, 3))[0]
            last = now_us - rng.randrange(1, 200) * day_us
            due = last + rng.randrange(1, 400) * day_us
            memory.append((state, None if state == 2 else 0, rng.uniform(1, 300), rng.uniform(1, 10), due, last, tid))
            started_ids.append((tid, t.topic))
        first = now_us - 365 * day_us
        span = 365 * day_us - 2 * 3_600_000_000
        days: dict[int, str] = {}

        def day_of(us: int) -> str:  # the study day (rollover 4:00, local time), cached per hour
            hour = us // 3_600_000_000
            if hour not in days:
                local = datetime.fromtimestamp(us / 1e6, timezone.utc).astimezone()
                days[hour] = (local - timedelta(hours=4)).date().isoformat()
            return days[hour]

        def reviews():
            for n in range(REVIEWS):
                tid, topic = started_ids[rng.randrange(len(started_ids))]
                rating = rng.choices((1, 2, 3, 4), (10, 15, 60, 15))[0]
                us = first + n * span // REVIEWS
                mode = "cram" if n % 10 == 0 else "study"
                mistake = "bias-correction" if rating == 1 and n % 3 == 0 else None
                yield (tid, topic, rng.randrange(1 << 31), "0.42", "correct" if rating > 1 else "wrong", mistake,
                       rating, rng.randrange(2000, 90_000), mode, us, int(mode != "cram"), 2, None, 10.0, 5.0,
                       us - day_us, us - 2 * day_us, day_of(us))

        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due_us = ?, "
                         "last_review_us = ? WHERE template_id = ?", memory)
        conn.executemany(
            "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, duration_ms, mode, "
            "reviewed_us, moved, before_state, before_step, before_stability, before_difficulty, before_due_us, "
            "before_last_review_us, day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", reviews())
        migrations.count_aggregates(conn)
        migrations.link_history(conn)
        conn.execute("UPDATE memory SET reps = c.n FROM (SELECT template_id, COUNT(*) AS n FROM review "
                     "WHERE moved = 1 GROUP BY template_id) AS c WHERE c.template_id = memory.template_id")
        conn.execute("COMMIT")
    _settle(tmp)
    os.replace(tmp, path)
    log(f"built in {time.perf_counter() - started:.0f} s, {path.stat().st_size / 2**20:.0f} MiB")
    return path


def anki_deck(col, notes: int) -> int:
    """Fill the Anki collection ``col`` with ``notes`` Basic notes in the deck "Bench"
    (FSRS on, daily limits lifted), select the deck and return its id."""
    from anki.collection import AddNoteRequest

    col.set_config("fsrs", True)
    deck = col.decks.id("Bench")
    model = col.models.by_name("Basic")
    for first in range(0, notes, 5000):
        requests = []
        for i in range(first, min(notes, first + 5000)):
            note = col.new_note(model)
            note["Front"], note["Back"] = f"question {i}", f"answer {i}"
            requests.append(AddNoteRequest(note=note, deck_id=deck))
        col.add_notes(requests)
    conf = col.decks.config_dict_for_deck_id(deck)
    conf["new"]["perDay"] = conf["rev"]["perDay"] = 9999
    col.decks.update_config(conf)
    col.decks.select(deck)
    return deck


def anki_collection(notes: int = TEMPLATES, revlog: int = REVIEWS, *, rebuild: bool = False, log=print) -> Path:
    """An Anki collection the size of the big database (built once, then cached):
    ``notes`` Basic notes in the deck "Bench" (daily limits lifted, FSRS on), 80% of
    their cards in review with an FSRS memory state, last reviewed 1–199 days ago and
    due 1–399 days after that (about a quarter due today), and ``revlog`` review-log
    rows over the past year on those cards, inserted with SQL. Needs ``anki``."""
    from anki.buildinfo import version

    path = CACHE / f"anki-v{VERSION}-{version}-{notes}-{revlog}.anki2"
    if path.exists() and not rebuild:
        return path
    log(f"building {path} (once; cached for later runs) ...")
    started = time.perf_counter()
    from anki.collection import Collection  # before anki.cards (their imports are circular)
    from anki.cards import FSRSMemoryState
    from anki.consts import CARD_TYPE_REV, QUEUE_TYPE_REV

    tmp = _fresh(path.with_suffix(".building"))
    rng = random.Random(2)
    col = Collection(str(tmp))
    try:
        anki_deck(col, notes)
        today = col.sched.today
        cards = []
        for cid in col.db.list("SELECT id FROM cards ORDER BY id"):
            if rng.random() >= STARTED_SHARE:
                continue
            card = col.get_card(cid)
            last, interval = rng.randrange(1, 200), rng.randrange(1, 400)
            card.type, card.queue = CARD_TYPE_REV, QUEUE_TYPE_REV
            card.ivl, card.due, card.factor = interval, today - last + interval, 2500
            card.reps = rng.randrange(1, 40)
            card.memory_state = FSRSMemoryState(stability=rng.uniform(1, 300), difficulty=rng.uniform(1, 10))
            cards.append(card)
        for first in range(0, len(cards), 5000):
            col.update_cards(cards[first:first + 5000])
    finally:
        col.close()
    now_ms = int(time.time() * 1000)
    span = 365 * 86_400_000

    def rows():
        for n in range(revlog):
            card = cards[rng.randrange(len(cards))]
            ease = rng.choices((1, 2, 3, 4), (10, 15, 60, 15))[0]
            yield (now_ms - span + n * (span // revlog), card.id, -1, ease, rng.randrange(1, 300),
                   rng.randrange(1, 300), 2500, rng.randrange(2000, 90_000), 1)

    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
    conn.execute("COMMIT")
    conn.close()
    _settle(tmp)
    os.replace(tmp, path)
    log(f"built in {time.perf_counter() - started:.0f} s, {path.stat().st_size / 2**20:.0f} MiB")
    return path


def _fresh(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    return path


def _settle(path: Path) -> None:
    """Fold the WAL into the file, so the file alone is the database (safe to copy)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def working_copy(source: Path, folder: Path, name: str | None = None) -> Path:
    """A copy of a cached database to write into (the cache stays as built)."""
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def set_last_backup(path: Path, when: datetime) -> None:
    """Record the day's backup as made at ``when`` (now: launches make none; yesterday:
    the next session is the day's first)."""
    from quizapp.store import Store, to_us

    with Store.open(path, quick_check=False) as store:
        store.set_setting("last_daily_backup_us", to_us(when))


# ---------------------------------------------------------------- timing

def interleaved(cases: dict[str, Callable[[], float]], rounds: int, warmup: int = 1) -> dict[str, list[float]]:
    """Run each case once per round, ``rounds`` times after ``warmup`` untimed rounds;
    each case returns its own duration in ms. Each round runs the cases in a new
    (seeded) order, so no case always follows the same one: what a case leaves behind
    (the disk writing back another's commit, a cache it evicted) lands on all of them
    alike."""
    out: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    order = random.Random(len(names) * 1000 + rounds)
    for n in range(warmup + rounds):
        order.shuffle(names)
        for name in names:
            ms = cases[name]()
            if n >= warmup:
                out[name].append(ms)
    return out


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    """A case that times ``fn()`` in ms."""
    def case() -> float:
        t = time.perf_counter()
        fn()
        return (time.perf_counter() - t) * 1000
    return case


def p90(samples: list[float]) -> float:
    s = sorted(samples)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


@dataclass
class Row:
    what: str
    samples: list[float]
    baseline: str = ""
    base_samples: list[float] = field(default_factory=list)
    aim: str = ""
    met: bool | None = None  # None: no aim


def ratio_aim(samples: list[float], base: list[float], times: float) -> bool:
    return statistics.median(samples) <= times * statistics.median(base)


def fmt(ms: float) -> str:
    return f"{ms:.3f}" if ms < 1 else f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def table(title: str, rows: list[Row]) -> None:
    """Print each figure (median and 90th percentile, ms) beside its baseline, the
    ratio, the aim and whether it is met."""
    print(f"\n{title}")
    head = ("what", "median", "p90", "baseline", "median", "p90", "ratio", "aim", "")
    lines = []
    for r in rows:
        m, q = statistics.median(r.samples), p90(r.samples)
        if r.base_samples:
            bm, bq = statistics.median(r.base_samples), p90(r.base_samples)
            base = (r.baseline, fmt(bm), fmt(bq), f"{m / bm:.2f}×" if bm else "")
        else:
            base = (r.baseline or "–", "", "", "")
        met = "" if r.met is None else ("met" if r.met else "MISSED")
        lines.append((f"{r.what} (n={len(r.samples)})", fmt(m), fmt(q), *base, r.aim, met))
    widths = [max(len(x[i]) for x in (head, *lines)) for i in range(len(head))]
    right = {1, 2, 4, 5, 6}
    for line in (head, *lines):
        print("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths))).rstrip())
    print("(times in ms)")


def machine() -> str:
    import platform

    return (f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, "
            f"load {os.getloadavg()[0]:.1f}, {platform.platform()}")
