"""The one door from a user interface to quizapp's headless core.

The terminal app holds a ``Workspace`` and never opens the store itself: it asks
the workspace for sessions (study, cram, mock interviews), for figures (the read
model, ``quizapp.stats``) and to read or change settings (checked by
``quizapp.settings``, the one set of rules). Slow upkeep — the daily backup — is
``maintenance()``, which the app runs in a worker thread.

    ws = Workspace.open(path, clock=...)        # or Workspace(store, bank, clock=...)
    ws.load_bank() -> Bank                      # the built-in bank and the user's decks (a worker's job)
    ws.set_bank(bank)                           # registers its templates (cheap when unchanged)
    ws.home(now) -> stats.Home
    ws.statistics(now) -> dict                  # every figure the statistics screen plots (in a worker)
    ws.study(topics, mode="study"|"cram", seed=None, templates=None) -> session
    ws.browser() -> browse.Browser              # the card browser: search, one card's record
    ws.suspend / reset / undo_reset / flag / unflag (cards), ws.add_card(draft)
    ws.mock(count=5, time_limit_s=900, question_limit_s=None, topics=None, weakest=False) -> MockInterview
    ws.mock_history(limit=None) -> stats.MockHistory
    ws.setting("language") / ws.change("new_per_day", 30) / ws.change_typed("new_per_day", "30")
    ws.maintenance() -> Path | None             # the held-back check, the day's first backup (in a worker)
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
                 tz: tzinfo | None = None, content: str | Path | None = None):
        self._store = store
        self.content = content  # the built-in decks ``load_bank`` reads (None: the installed bank)
        self.clock = clock
        self.tz = tz
        self.bank: Bank | None = None
        self._browser = None
        if bank is not None:
            self.set_bank(bank)

    @classmethod
    def open(cls, path: str | Path | None = None, *, clock: Clock = utc_now, tz: tzinfo | None = None,
             check_later: bool = False, on_migrate: Callable[[str | None], None] | None = None) -> Workspace:
        """Open (creating if needed) the progress database at ``path`` (None: the
        default place); raises StoreError with one sentence. ``check_later``: a large
        database's full check waits for ``maintenance()`` (or the first write).
        ``on_migrate(saved_language)`` is called before a database written by an older
        quizapp is brought up to date (``Store.open``)."""
        return cls(Store.open(path, check_later=check_later, on_migrate=on_migrate), clock=clock, tz=tz)

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

    @property
    def user_decks_dir(self) -> Path:
        """The user's own decks: ``decks/`` beside the progress database."""
        from quizapp.paths import user_decks_dir

        return user_decks_dir(self.path)

    def load_bank(self) -> Bank:
        """The built-in question bank and the user's own decks (read, not yet used:
        ``set_bank`` does that). Slow the first time (a worker's job)."""
        from quizapp.content import load_bank

        return load_bank(self.content, user=self.user_decks_dir)

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
              count: int | None = None, templates: list[str] | None = None):
        """A study session (``mode="cram"``: practice that leaves the schedule alone;
        with ``templates``, over exactly those cards)."""
        from quizapp.session import CramSession, StudySession

        if mode == "cram":
            return CramSession(self._store, self._need_bank(), topics=topics, count=count, seed=seed,
                               clock=self.clock, tz=self.tz, templates=templates)
        return StudySession(self._store, self._need_bank(), topics=topics, count=count, seed=seed,
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

    # -- the card browser and your own cards

    def browser(self):
        """The card browser's model (``quizapp.browse.Browser``) for the bank in use;
        its search index is built once per bank (a worker's job at 50,000 cards)."""
        from quizapp.browse import Browser

        bank = self._need_bank()
        if self._browser is None or self._browser.bank is not bank:
            self._browser = Browser(self._store, bank)
        return self._browser

    def suspend(self, template_ids: list[str], suspended: bool = True) -> int:
        """Suspend (never queued) or bring back cards; returns how many changed."""
        return self._store.set_suspended(template_ids, suspended)

    def reset(self, template_ids: list[str]) -> list:
        """Make cards new again, their history kept; returns what ``undo_reset``
        needs to put them back."""
        return self._store.reset_cards(template_ids)

    def undo_reset(self, saved: list) -> int:
        return self._store.restore_cards(saved)

    def flag(self, template_id: str, note: str) -> int:
        """Record that a card looks wrong, with the learner's note."""
        return self._store.flag(template_id, note, self.clock())

    def unflag(self, template_ids: list[str]) -> int:
        """Resolve the cards' open flags (what was written is kept)."""
        return self._store.resolve_flags(template_ids, self.clock())

    def add_card(self, draft):
        """Write a card of the user's own into their deck folder
        (``quizapp.userdecks.add_card``; raises ``Refused``). The bank is not
        reloaded here: ``load_bank`` then ``set_bank`` (a worker's job)."""
        from quizapp.userdecks import add_card

        return add_card(self.user_decks_dir, draft, self._need_bank())

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
        """A large database's full check, if ``open`` held it back, then the day's
        first backup (checked before older ones are rotated out); the app calls this
        in a worker thread once home is drawn. Returns the new backup, or None."""
        self._store.start_check()
        return self._store.daily_backup(self.clock(), self.tz)


__all__ = ["SettingError", "StoreError", "Workspace"]
