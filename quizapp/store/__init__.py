"""The progress database: SQLite (WAL, ``synchronous=FULL``), split by responsibility.

- ``database``: opening and checks, the single-writer lock, settings, the write
  transaction (``Store.open``);
- ``reviews``: templates, today's queue, the review log (``record_review`` takes
  the ``ReviewRecord`` a session made), sessions, mock interviews, flags;
- ``figures``: read queries behind the read model (``quizapp.stats``), from
  aggregates and indexes, never a scan of the review log;
- ``browse``: the card browser's queries (one card's history, mistakes, flags)
  and changes (reset to new and back, resolve flags);
- ``backups``: checked backups and restore;
- ``transfer``: export and a checked import; cards with their history from
  Anki or CSV (``import_history``).

Public API (sessions, the read model and the commands call this; the terminal app
never does — it reaches storage through them)::

    store = Store.open(path=None, readonly=False, create=True)  # None: the default path
    with store: ...                                  # closes and releases the lock
    store.sync_templates([(template_id, topic), ...]) -> bool
    store.queue(now, topics=None, tz=None) -> list[QueueItem]
    store.memory(template_id) -> MemoryState | None
    store.record_review(ReviewRecord(...)) -> RecordedReview
    store.undo_last_review(expect_id=None) -> UndoneReview | None
    store.start_mock(now, question_count=, ...) / record_mock_question(...) / finish_mock(...)
    store.weakness_rows(topics=None) / mock_history(limit=None)   # mock interviews' reads
    store.get_setting(key, default) / set_setting(key, value) / srs_settings() / scheduler()
    store.daily_backup(now, tz=None) / backup(now);  restore(db_path, source=None, now=...)
    store.export_lines() / import_lines(lines)
    store.known_template_ids(ids) / import_history([ImportedCard(...), ...], publish=None)

Every failure, including any OSError from the file system, is a ``StoreError``
subclass whose message is one sentence. Times go in as timezone-aware datetimes and
are stored as UTC microseconds.
"""

from __future__ import annotations

from quizapp.store._common import (
    BACKUPS_KEPT,
    FULL_CHECK_BELOW,
    MOCK_VERDICTS,
    MODES,
    VERDICTS,
    MockResultRow,
    QueueItem,
    RecordedReview,
    Restored,
    ReviewRecord,
    TopicCounts,
    UndoneReview,
    from_us,
    to_us,
)
from quizapp.store.backups import BackupsMixin, backups_dir, list_backups, newest_good_backup, restore
from quizapp.store.browse import BrowseMixin, CardMemory, FlagRow, HistoryRow, MistakeCount
from quizapp.store.database import Database, check_file
from quizapp.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    NoDatabase,
    ReadOnlyDatabase,
    StoreError,
)
from quizapp.store.figures import FiguresMixin
from quizapp.store.reviews import ReviewsMixin
from quizapp.store.transfer import HistoryImportMixin, ImportCounts, ImportedCard, ImportedReview, TransferMixin


class Store(ReviewsMixin, FiguresMixin, BrowseMixin, BackupsMixin, TransferMixin, HistoryImportMixin, Database):
    """One open progress database. Use ``Store.open``; one thread at a time."""


__all__ = [
    "BACKUPS_KEPT", "CardMemory", "FlagRow", "HistoryRow", "MistakeCount", "FULL_CHECK_BELOW", "MOCK_VERDICTS",
    "MODES", "VERDICTS", "DatabaseCorrupt", "DatabaseLocked", "DatabaseTooNew", "DiskFull", "ImportCounts",
    "ImportedCard", "ImportedReview", "MockResultRow", "NoDatabase",
    "QueueItem", "ReadOnlyDatabase", "RecordedReview", "Restored", "ReviewRecord", "Store", "StoreError",
    "TopicCounts", "UndoneReview", "backups_dir", "check_file", "from_us", "list_backups",
    "newest_good_backup", "restore", "to_us",
]
