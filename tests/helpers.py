"""Plain helpers shared by the session, mock-interview and terminal-app tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from quizapp.content import Bank

DECKS = Path(__file__).parent / "fixtures" / "decks"
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A hand-driven UTC clock: ``tick`` seconds pass at every reading unless moved."""

    def __init__(self, start: datetime = T0, tick: float = 0.0):
        self.now, self.tick = start, timedelta(seconds=tick)

    def __call__(self) -> datetime:
        self.now += self.tick
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def only(bank: Bank, *ids: str) -> Bank:
    """A bank holding just these templates (so a session serves exactly them)."""
    templates = {i: bank.templates[i] for i in ids}
    topics = {t.topic: bank.topics[t.topic] for t in templates.values()}
    return Bank(templates=templates, errors=[], topics=topics)


def record(store, template_id: str, *, seed: int = 7, answer: str = "x", verdict: str | None = None,
           rating: int = 3, duration_ms: int = 1000, now: datetime = T0, mode: str = "study",
           mistake: str | None = None, session_id: int | None = None, move_schedule: bool | None = None,
           mock: tuple[int, int] | None = None, tz=timezone.utc):
    """Record one review as a session would: the FSRS step computed from the stored
    memory state (unless practice leaves the schedule alone), then handed to the store."""
    from quizapp.srs import next_state, study_day
    from quizapp.store import ReviewRecord, StoreError

    before = store.memory(template_id)
    if before is None:
        raise StoreError(f"template {template_id!r} is not in the database; sync the question bank first")
    moved = (mode != "cram") if move_schedule is None else move_schedule
    settings = store.srs_settings()
    if moved and rating in (1, 2, 3, 4):
        after, at = next_state(before, rating, now, settings, store.scheduler())
    else:
        after, at = before, max(now, before.last_review or now)
    verdict = verdict or ("correct" if rating > 1 else "wrong")
    day = study_day(at, tz, settings.day_rollover_hour)
    r = ReviewRecord(template_id, seed, answer, verdict, rating, duration_ms, at, day, mode, before, after,
                     moved, mistake, session_id, mock)
    return store.record_review(r)


def default_sigint() -> None:
    """In the child, before it starts: SIGINT back to its default, as a terminal
    starts a program. A suite started in the background by a non-interactive shell
    (``.ci/run &``, nohup) inherits SIGINT ignored, and Python then leaves it
    ignored: Ctrl-C would never reach the drill, whatever the drill does."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
