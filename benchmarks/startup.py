"""Startup and verdict benchmark of the terminal app.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--answers 15]

- startup: wall-clock time from spawning ``python`` to the home screen being
  mounted, headless (the child does what ``quizapp --db PATH`` does, with
  ``headless=True``, and reports from the app's auto-pilot once the home screen is up),
  to the question bank having loaded in its worker with the engine warm (the study
  keys live: a first card is drawn at once), median of ``--runs`` runs after one
  warm-up, on a database
  holding a year of simulated history (about 30 reviews a day over the real bank);
- verdict: time from pressing Enter on a typed numeric answer to the verdict being
  drawn (session grading, the committed review, the redraw), median over
  ``--answers`` answers, in-process with Textual's Pilot.

Aims: startup < 0.4 s, verdict < 20 ms. Exit status 1 when an aim is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

STARTUP_AIM_S = 0.4
VERDICT_AIM_MS = 20.0
CHILD = """
import sys
from quizapp.store import Store
from quizapp.tui.app import make_app
from quizapp.tui.screens.home import HomeScreen

home_mount = HomeScreen.on_mount

def on_mount(self):  # report once home's first frame is drawn
    home_mount(self)
    self.call_after_refresh(print, "mounted", flush=True)

HomeScreen.on_mount = on_mount

async def bank_loaded(pilot):
    while pilot.app.bank is None:
        await pilot.pause(0.005)
    print("bank", flush=True)
    pilot.app.exit()

store = Store.open(sys.argv[1])
make_app(store).run(headless=True, auto_pilot=bank_loaded)
store.close()
"""

BASELINE = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("home")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(print, "mounted", flush=True)
        self.call_after_refresh(print, "bank", flush=True)
        self.set_timer(0.05, self.exit)

Bare().run(headless=True)
"""


def year_of_history(db: Path, now: datetime, per_day: int = 30, seed: int = 0) -> int:
    """Fill ``db`` with a year of reviews of the real bank through the store's API
    (FSRS states from ``srs.next_state``; rows written with one executemany)."""
    from quizapp.content import load_bank
    from quizapp.srs import MemoryState, next_state
    from quizapp.store import Store, to_us

    rng = random.Random(seed)
    bank = load_bank()
    with Store.open(db) as store:
        store.sync_templates((tid, t.topic) for tid, t in bank.templates.items())
        settings = store.srs_settings()
        states = {tid: MemoryState(tid, t.topic) for tid, t in bank.templates.items()}
        rows = []
        for day in range(365, 0, -1):
            moment = now - timedelta(days=day)
            for i in range(per_day):
                tid = rng.choice(list(states))
                before = states[tid]
                rating = 1 if rng.random() < 0.15 else rng.choice((2, 3, 3, 4))
                at = moment + timedelta(minutes=2 * i)
                after, at = next_state(before, rating, at, settings)
                states[tid] = after
                rows.append((tid, before.topic, rng.randrange(1 << 31), "0.5",
                             "correct" if rating > 1 else "wrong", rating, 20_000, to_us(at),
                             before.state, before.step, before.stability, before.difficulty,
                             None if before.due is None else to_us(before.due),
                             None if before.last_review is None else to_us(before.last_review)))
        conn = store.db.conn
        with conn:
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO review (template_id, topic, seed, answer, verdict, rating, duration_ms, "
                "mode, reviewed_us, moved, before_state, before_step, before_stability, "
                "before_difficulty, before_due_us, before_last_review_us) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'study', ?, 1, ?, ?, ?, ?, ?, ?)", rows)
            conn.executemany(
                "UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, due_us = ?, "
                "last_review_us = ? WHERE template_id = ?",
                [(m.state, m.step, m.stability, m.difficulty, to_us(m.due), to_us(m.last_review), tid)
                 for tid, m in states.items() if not m.is_new])
    return len(rows)


def startup_once(db: Path, code: str = CHILD) -> tuple[float, float]:
    """Seconds to the home screen mounted and to the question bank loaded (study keys live)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    times, lines = [], []
    for _ in ("mounted", "bank"):
        lines.append(child.stdout.readline())
        times.append(time.perf_counter() - start)
    _, err = child.communicate(timeout=30)
    if [line.split()[:1] for line in lines] != [["mounted"], ["bank"]]:
        raise SystemExit(f"the app did not reach the home screen: {lines!r} {err[-500:]}")
    return times[0], times[1]


async def verdict_times(db: Path, answers: int) -> tuple[list[float], list[float]]:
    """Per typed numeric answer: (the UI thread's work from Enter's Submitted message
    to the verdict drawn into its widget, Pilot's round trip for the key)."""
    from quizapp.content import load_bank
    from quizapp.store import Store
    from quizapp.tui.app import make_app
    from quizapp.tui.screens.study import StudyScreen

    handler, round_trip = [], []
    original = StudyScreen.on_input_submitted

    def timed(self, event):
        start = time.perf_counter()
        original(self, event)
        handler.append(time.perf_counter() - start)

    StudyScreen.on_input_submitted = timed
    try:
        with Store.open(db) as store:
            app = make_app(store, load_bank(), seed=1)
            async with app.run_test(size=(100, 30)) as pilot:
                for _round in range(answers):  # cram topic after topic until enough answers
                    await pilot.press("c")
                    await pilot.pause()
                    session = app.screen.session
                    while session.current is not None and len(round_trip) < answers:
                        if session.current.kind not in ("numeric", "steps"):
                            await pilot.press("ctrl+n")
                            continue
                        await pilot.press(*"0.5")
                        start = time.perf_counter()
                        await pilot.press("enter")
                        round_trip.append(time.perf_counter() - start)
                        if session.state == "answered":
                            await pilot.press("enter")
                    if len(round_trip) >= answers:
                        break
                    await pilot.press("escape", "down")
    finally:
        StudyScreen.on_input_submitted = original
    return handler, round_trip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "year.sqlite3"
        count = year_of_history(db, datetime.now(timezone.utc))
        print(f"database: {count} reviews over 365 days, {db.stat().st_size / 1024:.0f} KiB")
        startup_once(db)  # warm the OS file cache and the deck cache
        runs = [startup_once(db) for _ in range(args.runs)]
        homes = [h for h, _ in runs]
        startup = statistics.median(homes)
        print(f"startup to home screen: median {startup * 1000:.0f} ms over {args.runs} runs "
              f"(min {min(homes) * 1000:.0f}, max {max(homes) * 1000:.0f}); aim < {STARTUP_AIM_S * 1000:.0f} ms")
        print(f"question bank loaded, engine warm (study keys live): median "
              f"{statistics.median(b for _, b in runs) * 1000:.0f} ms")
        bare = statistics.median(startup_once(db, BASELINE)[0] for _ in range(args.runs))
        print(f"  for scale, a bare Textual app (a Static and a Footer) on this machine now: {bare * 1000:.0f} ms")
        handler, round_trip = asyncio.run(verdict_times(db, args.answers))
        verdict = statistics.median(handler) * 1000
        print(f"Enter to verdict drawn (grade, commit, redraw): median {verdict:.1f} ms over "
              f"{len(handler)} answers (max {max(handler) * 1000:.1f}); aim < {VERDICT_AIM_MS:.0f} ms")
        print(f"  Pilot key round trip including its idle waits: median "
              f"{statistics.median(round_trip) * 1000:.1f} ms")
    return 0 if startup < STARTUP_AIM_S and verdict < VERDICT_AIM_MS else 1


if __name__ == "__main__":
    sys.exit(main())
