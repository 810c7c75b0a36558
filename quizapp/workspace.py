"""The one door from a user interface to quizapp's headless core.

The terminal app holds a ``Workspace`` and never opens the store itself: it asks
the workspace for sessions (study, cram, mock interviews), for figures (the read
model, ``quizapp.stats``) and to read or change settings (checked by
``quizapp.settings``, the one set of rules). Slow upkeep — the daily backup — is
``maintenance()``, which the app runs in a worker thread.

    ws = Workspace.open(path, clock=...)        # or Workspace(store, bank, clock=...)
    ws.set_bank(bank)                           # registers its templates (cheap when unchanged)
    ws.home(now) -> stats.Home
    ws.statistics(now) -> dict                  # every figure the statistics screen plots (in a worker)
    ws.study(topics, mode="study"|"cram", seed=None) -> session
    ws.mock(count=5, time_limit_s=900, question_limit_s=None, topics=None, weakest=False) -> MockInterview
    ws.mock_history(limit=None) -> stats.MockHistory
    ws.setting("language") / ws.change("new_per_day", 30) / ws.change_typed("new_per_day", "30")
    ws.maintenance() -> Path | None             # the day's first backup (in a worker)
    ws.data_dir -> Path                         # the database's folder (the scratchpad's history)
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from quizapp.settings import DEFAULTS, SettingError, check, parse
from quizapp.store import Store, StoreError

if TYPE_CHECKING:
    from quizapp.content import Bank
    from quizapp.stats import Home

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Workspace:
    """A progress database and the question bank, for one user interface."""

    def __init__(self, store: Store, bank: Bank | None = None, *, clock: Clock = utc_now,
                 tz: tzinfo | None = None):
        self._store = store
        self.clock = clock
        self.tz = tz
        self.bank: Bank | None = None
        if bank is not None:
            self.set_bank(bank)

    @classmethod
    def open(cls, path: str | Path | None = None, *, clock: Clock = utc_now, tz: tzinfo | None = None) -> Workspace:
        """Open (creating if needed) the progress database at ``path`` (None: the
        default place); raises StoreError with one sentence."""
        return cls(Store.open(path), clock=clock, tz=tz)

    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def data_dir(self) -> Path:
        """The folder of the progress database: where the scratchpad keeps its
        history, so each database has its own."""
        return self._store.path.parent

    def close(self) -> None:
        self._store.close()

    # -- the bank

    def set_bank(self, bank: Bank) -> None:
        """Use ``bank`` and register its templates with the progress database (a
        no-op when the bank has not changed since last time)."""
        self.bank = bank
        self._store.sync_bank(bank)
        if self._store.get_setting("topic_titles") != bank.topics:
            try:
                self.change("topic_titles", bank.topics)
            except SettingError:
                pass  # titles too long to keep: the next start shows ids until the bank loads

    def topics(self) -> dict[str, dict]:
        """Topic id -> title {"en", "zh"}: the bank's, or the last run's copy while
        the bank loads."""
        if self.bank is not None:
            return self.bank.topics
        return self._store.get_setting("topic_titles") or {}

    # -- figures

    def home(self, now: datetime | None = None) -> Home:
        from quizapp.stats import home

        return home(self._store, self.topics(), now or self.clock(), tz=self.tz)

    def figures(self, now: datetime | None = None) -> dict[str, Any]:
        from quizapp.stats import gather

        templates = [(tid, t.topic) for tid, t in self.bank.templates.items()] if self.bank else None
        return gather(self._store, now or self.clock(), self.tz, templates)

    def statistics(self, now: datetime | None = None) -> dict[str, Any]:
        """``quizapp.stats.statistics`` for this database and bank (the statistics
        screen calls it in a worker thread)."""
        from quizapp.stats import statistics

        return statistics(self._store, now or self.clock(), self.tz, self.bank)

    # -- sessions

    def study(self, topics: list[str] | None = None, mode: str = "study", *, seed: int | None = None,
              count: int | None = None):
        """A study session (``mode="cram"``: practice that leaves the schedule alone)."""
        from quizapp.session import CramSession, StudySession

        kind = CramSession if mode == "cram" else StudySession
        return kind(self._store, self._need_bank(), topics=topics, count=count, seed=seed,
                    clock=self.clock, tz=self.tz)

    def mock(self, *, count: int = 5, time_limit_s: int | None = 900, topics: list[str] | None = None,
             seed: int | None = None, question_limit_s: int | None = None, weakest: bool = False):
        """A mock interview (``quizapp.session.MockInterview``)."""
        from quizapp.session import MockInterview

        return MockInterview(self._store, self._need_bank(), count=count, time_limit_s=time_limit_s,
                             question_limit_s=question_limit_s, weakest=weakest, topics=topics, seed=seed,
                             clock=self.clock, tz=self.tz)

    def mock_history(self, limit: int | None = None):
        """Past mock interviews with the score trend (``quizapp.stats.MockHistory``)."""
        from quizapp.stats import mock_history

        return mock_history(self._store, limit)

    def _need_bank(self) -> Bank:
        if self.bank is None:
            raise RuntimeError("the question bank is not loaded yet")
        return self.bank

    # -- settings

    def setting(self, key: str) -> Any:
        """A setting's value, its default when unset or stored broken."""
        value = self._store.get_setting(key, DEFAULTS.get(key))
        try:
            return check(key, value)
        except SettingError:
            return DEFAULTS.get(key)

    def change(self, key: str, value: Any) -> None:
        """Store a setting; SettingError (``.msg``) when the value breaks its rules,
        StoreError when it cannot be written."""
        check(key, value)
        self._store.set_setting(key, value)

    def change_typed(self, key: str, text: str) -> Any:
        """Store what a person typed for setting ``key``; returns the value stored."""
        value = parse(key, text)
        self.change(key, value)
        return value

    # -- upkeep

    def maintenance(self) -> Path | None:
        """The day's first backup (checked before older ones are rotated out); the
        app calls this in a worker thread. Returns the new backup, or None."""
        return self._store.daily_backup(self.clock(), self.tz)


__all__ = ["SettingError", "StoreError", "Workspace"]
