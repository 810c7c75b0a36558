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
