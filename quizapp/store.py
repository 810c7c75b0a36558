"""The progress database: SQLite (WAL, ``synchronous=FULL``) through sqlite-utils,
with raw ``sqlite3`` wherever transactions and pragmas need exact control.

Public API (the session, ``drill --plain``, ``stats`` and the TUI call this):

    store = Store.open(path=None, readonly=False, create=True)  # None: quizapp.paths.default_db_path()
    with store: ...                                 # closes and releases the lock

    store.sync_templates([(template_id, topic), ...])   # the bank, in deck order
    store.queue(now, topics=None, tz=None) -> list[QueueItem]   # (template_id, topic, is_new, due_us; .due)
    store.due_counts(now) -> dict[topic, TopicCounts]
    store.reviewed_templates() -> set[template_id]      # ever reviewed (no longer new)
    store.memory(template_id) -> MemoryState | None
    store.review_counts_by_topic() -> {topic: (reviews, recalled)}
    store.review_count_since(start) -> int;  store.any_review_between(start, end=None) -> bool
    store.mock_results() -> list[MockResultRow]     # finished mock interviews, newest first
    store.mature_shares(min_stability) -> {topic: share of templates that are mature}
    store.today_counts(now, tz=None) -> (new introduced, reviews) this study day
    store.record_review(template_id, seed=, answer=, verdict=, rating=, duration_ms=,
                        now=, mode="study", mistake=None, session_id=None,
                        move_schedule=None, mock=None) -> RecordedReview
                                                    # mock=(mock_id, position): its row too
    store.undo_last_review(expect_id=None) -> UndoneReview | None
    store.start_session(mode, now, topics=None) -> int;  store.end_session(id, now)
    store.start_mock(now, question_count=, time_limit_s=None, topics=None,
                     session_id=None) -> int
    store.record_mock_question(mock_id, position, template_id, seed, "skipped", ...)
    store.finish_mock(mock_id, now, score)
    store.flag(template_id, note, now, seed=None) -> int
    store.get_setting(key, default) / store.set_setting(key, value) / store.srs_settings()
    store.daily_backup(now, tz=None) -> Path | None     # call at each session start
    store.backup(now) -> Path
    store.export_lines() -> Iterator[str];  store.import_lines(lines) -> int
    store.db                                        # sqlite_utils.Database, built on first use
    restore(db_path, source=None, now=...) -> Restored
    newest_good_backup(db_path) -> Path | None

Guarantees: one writer per database (an exclusive ``flock`` on ``<db>.lock``; a
second writer gets ``DatabaseLocked``, readers open with ``readonly=True``); every
write is one ``BEGIN IMMEDIATE`` transaction committed before the method returns;
``PRAGMA quick_check`` runs on open and a damaged database is never written to.
Every failure, including any OSError from the file system (a read-only folder, no
permission, a full disk), is a ``StoreError`` subclass whose message is one sentence.
Times go in as timezone-aware datetimes and are stored as UTC microseconds.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shlex
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Sequence

from quizapp import migrations
from quizapp.srs import NEW, MemoryState, SrsSettings, day_start, interleave, next_state, utc

VERDICTS = ("correct", "wrong", "unreadable", "self")
MOCK_VERDICTS = (*VERDICTS, "skipped")
MODES = ("study", "cram", "mock")
BACKUPS_KEPT = 7  # default of the "backups_kept" setting
FULL_CHECK_BELOW = 8 * 2**20  # bytes; see Store.open

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICRO = timedelta(microseconds=1)


class StoreError(Exception):
    """A progress-database failure; ``str(error)`` is one sentence for the user."""


class DatabaseLocked(StoreError):
    pass


class DatabaseCorrupt(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class ReadOnlyDatabase(StoreError):
    pass


class DiskFull(StoreError):
    pass


class NoDatabase(StoreError):
    pass


def _no_database(path: Path) -> NoDatabase:
    hint = ("quizapp makes it the first time you study" if _is_default(path)
            else "check the path given with --db (quizapp makes a database the first time you study)")
    return NoDatabase(f"there is no progress database at {path}; {hint}")


def to_us(moment: datetime) -> int:
    """A timezone-aware datetime as integer microseconds since the epoch (UTC)."""
    return (utc(moment) - _EPOCH) // _MICRO


def from_us(us: int | None) -> datetime | None:
    return None if us is None else _EPOCH + timedelta(microseconds=us)


class QueueItem(NamedTuple):  # a tuple: queues of thousands are built in milliseconds
    template_id: str
    topic: str
    is_new: bool
    due_us: int | None  # None for a new template

    @property
    def due(self) -> datetime | None:
        return from_us(self.due_us)


@dataclass(frozen=True)
class TopicCounts:
    due: int  # reviewed templates due now
    new: int  # templates never reviewed


class MockResultRow(NamedTuple):
    started: datetime
    question_count: int
    score: float


@dataclass(frozen=True)
class RecordedReview:
    review_id: int
    before: MemoryState
    after: MemoryState  # == before when the schedule was not moved (cram)
    reviewed_at: datetime  # clamped to the last review if the clock went backwards
    clamped: bool
    moved: bool


@dataclass(frozen=True)
class UndoneReview:
    review_id: int
    template_id: str
    restored: MemoryState


@dataclass(frozen=True)
class Restored:
    source: Path
    kept_as: Path | None  # where the replaced database went (a backup, or set aside if damaged)


_MEMORY_COLS = "topic, state, step, stability, difficulty, due_us, last_review_us"


def _memory_state(template_id: str, row: Sequence[Any]) -> MemoryState:
    topic, state, step, stability, difficulty, due_us, last_us = row
    return MemoryState(template_id, topic, state, step, stability, difficulty,
                       from_us(due_us), from_us(last_us))


def _memory_values(m: MemoryState) -> tuple:
    return (m.state, m.step, m.stability, m.difficulty,
            None if m.due is None else to_us(m.due),
            None if m.last_review is None else to_us(m.last_review))


# ---------------------------------------------------------------- errors, checks

def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The typed, one-sentence form of a sqlite3 error on ``path``."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name in ("SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC") or "disk is full" in text:
        return DiskFull(f"could not write to {path} because the disk is full or a file-size "
                        "limit was reached, so nothing from this step was recorded")
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnlyDatabase(f"{path} is read-only, so quizapp can read it but not record anything")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return DatabaseLocked(f"{path} is busy in another program; close it and try again")
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(f"could not open {path} ({text}); check that it and its folder exist "
                          "and may be read and written")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return _corrupt(path, text)
    return StoreError(f"the progress database {path} failed: {text}")


def _os_error(e: OSError, doing: str, where: Path, *, reading: bool = False) -> StoreError:
    """The one-sentence StoreError for an OSError met while ``doing`` (e.g. "create the
    lock file") at ``where``: what failed, where, and what to do about it."""
    place = Path(e.filename) if e.filename else where
    head = f"could not {doing} {place} ({e.strerror or e})"
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(f"{head}; free some disk space and try again")
    if e.errno in (errno.EACCES, errno.EPERM) and reading:
        return StoreError(f"{head}; make it readable for your user and try again")
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyDatabase(f"{head}; make {place.parent} writable, "
                                "or choose a writable place with --db PATH")
    return StoreError(f"{head}; check the path and try again")


def _is_default(path: Path) -> bool:
    from quizapp.paths import default_db_path

    return Path(path).resolve() == default_db_path().resolve()


def _command(name: str, path: Path) -> str:
    """The quizapp command to suggest for the database at ``path``: with ``--db PATH``
    (quoted for the shell) unless it is the default database."""
    if _is_default(path):
        return f"`quizapp {name}`"
    return f"`quizapp {name} --db {shlex.quote(str(path))}`"


def _corrupt(path: Path, detail: str) -> DatabaseCorrupt:
    try:
        good = newest_good_backup(path)
    except StoreError:
        good = None  # an unreadable backup folder: it is named below
    offer = (f"the newest good backup is {good}; run {_command('restore', path)} to use it"
             if good else f"there is no good backup in {backups_dir(path)}")
    return DatabaseCorrupt(f"{path} is damaged ({detail}) and was not written to; {offer}")


_CHECKS = {
    True: ("PRAGMA integrity_check",),
    False: ("PRAGMA quick_check",),
    "light": ("PRAGMA quick_check(memory)", "PRAGMA quick_check(setting)"),
    None: (),
}


def _inspect(conn: sqlite3.Connection, *, full: bool | str | None) -> tuple[int, str | None]:
    """(schema version, what is wrong or None). ``full``: True integrity_check,
    False quick_check, "light" quick_check of the small tables only (once the
    schema exists), None only the header. Reads only."""
    try:
        version = migrations.current_version(conn)
        rows = [("ok",)]
        checks = () if full == "light" and version == 0 else _CHECKS[full]  # light needs the tables
        for pragma in checks:
            rows = conn.execute(pragma).fetchall()
            if rows != [("ok",)]:
                break
    except sqlite3.DatabaseError as e:
        if _not_damage(e):
            raise
        return -1, str(e)
    if rows != [("ok",)]:
        return version, "; ".join(str(r[0]) for r in rows[:3])
    return version, None


def _not_damage(error: sqlite3.Error) -> bool:
    """True for errors that say nothing about the file's content (it could not be
    opened, is busy, ...), so they must not be reported as damage."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_PERM",
                            "SQLITE_NOMEM"))


def _too_new(path: Path, version: int) -> str:
    return (f"{path} was written by a newer quizapp (schema {version}, this one knows up to "
            f"{len(migrations.MIGRATIONS)}); upgrade quizapp to open it, it was left unchanged")


def _check(conn: sqlite3.Connection, path: Path, *, full: bool | str | None) -> None:
    """Raise DatabaseCorrupt or DatabaseTooNew unless the open database is usable."""
    try:
        version, problem = _inspect(conn, full=full)
    except sqlite3.Error as e:
        raise _translate(e, path) from None
    if problem is not None:
        raise _corrupt(path, problem)
    if version > len(migrations.MIGRATIONS):
        raise DatabaseTooNew(_too_new(path, version))


def _open_check(path: Path, quick_check: bool) -> bool | str | None:
    """Which check Store.open runs on ``path`` (see its docstring)."""
    if not quick_check:
        return None
    if not path.exists() or path.stat().st_size < FULL_CHECK_BELOW:
        return False
    if _shorter_than_header(path):
        return False  # the full check names the damage
    return "light"


def _shorter_than_header(path: Path) -> bool:
    """True if the file is shorter than the page count its header records (a
    truncated file); only when that count is valid (it is after every checkpoint)."""
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    return valid and pages * page_size > path.stat().st_size


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection that never writes to ``path`` or beside it.

    A WAL database needs its ``-shm`` file, which SQLite cannot create in a
    read-only folder (CANTOPEN on the first read). There, if no ``-wal`` file holds
    changes, the main file is the whole database and is opened ``immutable``;
    otherwise reading it could miss committed changes, so it is refused."""
    if not path.is_file():
        raise _no_database(path)
    try:
        with open(path, "rb"):
            pass
    except OSError as e:
        raise _os_error(e, "read", path, reading=True) from None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = _connect_ro(uri)
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.Error as e:
        if getattr(e, "sqlite_errorname", "") != "SQLITE_CANTOPEN":
            return conn  # damage and the like: the check that follows names it
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(f"could not read {path}: its folder is read-only and {wal.name} holds "
                             "changes not yet merged into it; open it once with quizapp where the "
                             "folder is writable, then try again") from None
        conn = _connect_ro(uri + "&immutable=1")
    return conn


def _connect_ro(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False)


def check_file(path: Path, *, full: bool = True) -> str | None:
    """None if the database at ``path`` is sound and readable by this quizapp,
    else the sentence saying what is wrong with it."""
    path = Path(path)
    try:
        conn = _open_readonly(path)
    except (StoreError, sqlite3.Error) as e:
        return str(e)
    try:
        version, problem = _inspect(conn, full=full)
    except sqlite3.Error as e:
        return str(_translate(e, path))
    finally:
        conn.close()
    if problem is not None:
        return f"{path} is damaged ({problem})"
    if version > len(migrations.MIGRATIONS):
        return _too_new(path, version)
    return None


# ---------------------------------------------------------------- lock

class _WriterLock:
    """An exclusive ``flock`` on ``<db>.lock``, held while a writer has the database
    open. The kernel drops it when the process dies, so a crash never leaves it stuck."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(db_path.name + ".lock")
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise _os_error(e, "create the lock file", self.path) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, str(os.getpid()).encode("ascii"), 0)
        except BlockingIOError:
            holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(self.fd)
            raise DatabaseLocked(
                f"{db_path} is open in another quizapp (pid {holder}); close that one first, "
                f"or read it with {_command('stats', db_path)}") from None
        except OSError as e:
            os.close(self.fd)
            raise _os_error(e, "write the lock file", self.path) from None

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = -1


def _writable(path: Path) -> bool:
    """False for a file nobody may write, even when running as root (root ignores
    the mode bits, but a file made read-only on purpose must stay unchanged)."""
    st = path.stat()
    return bool(st.st_mode & 0o222) and os.access(path, os.W_OK)


# ---------------------------------------------------------------- the store

class Store:
    """One open progress database. Use ``Store.open``; one thread at a time."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool, lock: _WriterLock | None):
        self._conn = conn
        self.path = path
        self.readonly = readonly
        self._lock = lock
        self._settings_cache: SrsSettings | None = None
        self._scheduler = None

    @cached_property
    def db(self):
        """A sqlite-utils ``Database`` on this connection, for read queries.

        Built on first use: importing sqlite_utils costs ~100 ms, which the start-up
        and answer paths (raw sqlite3) never pay."""
        import sqlite_utils

        return sqlite_utils.Database(self._conn)

    # -- opening and closing

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, readonly: bool = False,
             quick_check: bool = True, create: bool = True) -> Store:
        """Open (creating and migrating if needed) the database at ``path``.

        Writers take the single-writer lock; ``readonly=True`` opens for reading
        alongside a writer (``stats``); ``create=False`` (and ``readonly``) raise
        NoDatabase, creating nothing, when there is no database at ``path``. Raises
        DatabaseLocked, ReadOnlyDatabase, DatabaseCorrupt (naming the newest good
        backup), DatabaseTooNew or StoreError.

        The check on open: a full ``PRAGMA quick_check`` when the file is under
        FULL_CHECK_BELOW (8 MiB, years of ordinary use: well under 100 ms); above
        that (it takes 1.6 s at 1,000,000 reviews) the small tables only, plus a
        file-length check against the header, and the full quick_check runs once
        per study day in ``daily_backup``. ``quick_check=False`` reads only the header.
        """
        if path is None:
            from quizapp.paths import default_db_path

            path = default_db_path()
        path = Path(path).absolute()
        try:
            return cls._open(path, readonly, quick_check, create)
        except OSError as e:
            raise _os_error(e, "open", path, reading=readonly) from None

    @classmethod
    def _open(cls, path: Path, readonly: bool, quick_check: bool, create: bool) -> Store:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a progress database")
        if not create and not path.exists():
            raise _no_database(path)
        if readonly:
            conn = _open_readonly(path)
            try:
                _check(conn, path, full=_open_check(path, quick_check))
            except BaseException:
                conn.close()
                raise
            return cls(conn, path, True, None)
        if path.exists() and not _writable(path):
            raise ReadOnlyDatabase(f"{path} is read-only; make it writable to study, "
                                   f"or read it with {_command('stats', path)}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _os_error(e, "create the folder", path.parent) from None
        lock = _WriterLock(path)
        conn = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
            _check(conn, path, full=_open_check(path, quick_check))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrations.migrate(conn)
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            lock.release()
            raise _translate(e, path) from None
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        return cls(conn, path, False, lock)

    def close(self) -> None:
        try:
            self._conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction, committed (durably: WAL with
        synchronous=FULL) before the ``with`` block's caller continues."""
        if self.readonly:
            raise ReadOnlyDatabase(f"{self.path} was opened read-only, so nothing can be recorded")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise _translate(e, self.path) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # SQLite already rolled back (e.g. after a full disk)
            if isinstance(e, sqlite3.Error):
                raise _translate(e, self.path) from None
            raise

    # -- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self._conn.execute("SELECT key, value FROM setting ORDER BY key")}

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` (anything JSON can hold); scheduling settings are checked first."""
        if key in SrsSettings.names():
            try:
                SrsSettings.from_mapping({**self.settings(), key: value})
            except (TypeError, ValueError) as e:
                raise StoreError(str(e)) from None
        with self._write() as c:
            c.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
        self._settings_cache = None

    def srs_settings(self) -> SrsSettings:
        if self._settings_cache is None:
            try:
                self._settings_cache = SrsSettings.from_mapping(self.settings())
            except (TypeError, ValueError) as e:
                raise StoreError(f"a stored setting is invalid: {e}") from None
            self._scheduler = self._settings_cache.scheduler()
        return self._settings_cache

    # -- templates and queues

    def sync_templates(self, templates: Iterable[tuple[str, str]]) -> None:
        """Register the bank's templates as ``(template_id, topic)`` in deck order.
        New ones start as new; ones no longer listed become inactive (their progress
        is kept and comes back if they return)."""
        wanted = {tid: (topic, pos) for pos, (tid, topic) in enumerate(templates)}
        have = {r[0]: r[1:] for r in self._conn.execute("SELECT template_id, topic, position, active FROM memory")}
        upserts = [(tid, topic, pos) for tid, (topic, pos) in wanted.items()
                   if have.get(tid) != (topic, pos, 1)]
        retired = [(tid,) for tid, row in have.items() if tid not in wanted and row[2] == 1]
        if not upserts and not retired:
            return
        with self._write() as c:
            c.executemany(
                "INSERT INTO memory (template_id, topic, position, active) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (template_id) DO UPDATE SET topic = excluded.topic, "
                "position = excluded.position, active = 1", upserts)
            c.executemany("UPDATE memory SET active = 0 WHERE template_id = ?", retired)

    def memory(self, template_id: str) -> MemoryState | None:
        row = self._conn.execute(f"SELECT {_MEMORY_COLS} FROM memory WHERE template_id = ?",
                                 (template_id,)).fetchone()
        return None if row is None else _memory_state(template_id, row)

    def today_counts(self, now: datetime, tz: tzinfo | None = None) -> tuple[int, int]:
        """(new templates introduced, reviews of review-state templates) since the
        study day began, counted from the review log; cram reviews do not count."""
        start = to_us(day_start(now, tz, self.srs_settings().day_rollover_hour))
        new, reviews = self._conn.execute(
            "SELECT COALESCE(SUM(before_state = 0), 0), COALESCE(SUM(before_state = 2), 0) "
            "FROM review WHERE reviewed_us >= ? AND moved = 1", (start,)).fetchone()
        return new, reviews

    def queue(self, now: datetime, *, topics: Iterable[str] | None = None,
              tz: tzinfo | None = None) -> list[QueueItem]:
        """Today's queue at ``now``: templates in learning/relearning that are due,
        then due reviews (most overdue first, up to what is left of the daily review
        limit), then new templates up to what is left of the daily new limit; each
        part interleaved across topics. ``topics`` restricts it; ``tz`` is the zone
        whose ``day_rollover_hour`` starts the day (default: the system's)."""
        settings = self.srs_settings()
        new_today, reviews_today = self.today_counts(now, tz)
        review_room = max(0, settings.reviews_per_day - reviews_today)
        new_room = max(0, settings.new_per_day - new_today)
        where, params = "", []
        if topics is not None:
            chosen = sorted(set(topics))
            where = f" AND topic IN ({', '.join('?' * len(chosen))})"
            params = chosen
        now_us = to_us(now)
        c = self._conn
        learning = c.execute(
            "SELECT template_id, topic, due_us FROM memory WHERE state > 0 AND active = 1 "
            f"AND due_us <= ? AND state IN (1, 3){where} ORDER BY due_us", [now_us, *params]).fetchall()
        reviews = c.execute(
            "SELECT template_id, topic, due_us FROM memory WHERE state > 0 AND active = 1 "
            f"AND due_us <= ? AND state = 2{where} ORDER BY due_us LIMIT ?",
            [now_us, *params, review_room]).fetchall()
        new: list[tuple] = []
        if new_room:
            new_topics = [t for t, _ in c.execute(  # in deck order
                f"SELECT topic, MIN(position) FROM memory WHERE state = 0 AND active = 1{where} "
                "GROUP BY topic ORDER BY 2", params)]
            for topic in new_topics:
                new.extend(c.execute(
                    "SELECT template_id, topic FROM memory WHERE state = 0 AND active = 1 "
                    "AND topic = ? ORDER BY position LIMIT ?", (topic, new_room)))
        due_items = [QueueItem(t, p, False, d) for t, p, d in (*learning, *reviews)]
        new_items = [QueueItem(t, p, True, None) for t, p in new]
        return (interleave(due_items, lambda q: q.topic)
                + interleave(new_items, lambda q: q.topic)[:new_room])

    def due_counts(self, now: datetime) -> dict[str, TopicCounts]:
        """Per topic: reviewed templates due at ``now`` and new templates (before
        daily limits). Topics with neither are absent."""
        c = self._conn
        due = dict(c.execute("SELECT topic, COUNT(*) FROM memory WHERE state > 0 AND active = 1 "
                             "AND due_us <= ? GROUP BY topic", (to_us(now),)))
        new = dict(c.execute("SELECT topic, COUNT(*) FROM memory WHERE state = 0 AND active = 1 "
                             "GROUP BY topic"))
        return {t: TopicCounts(due.get(t, 0), new.get(t, 0)) for t in sorted(due.keys() | new.keys())}

    def reviewed_templates(self) -> set[str]:
        """Ids of the templates reviewed at least once (no longer new), active or not."""
        return {tid for (tid,) in self._conn.execute("SELECT template_id FROM memory WHERE state > 0")}

    # -- progress figures (read only; quizapp.stats and the home screen)

    def review_counts_by_topic(self) -> dict[str, tuple[int, int]]:
        """Topic -> (reviews, recalled: reviews rated above 1), for topics with a review."""
        return {topic: (n, recalled) for topic, n, recalled in self._conn.execute(
            "SELECT topic, COUNT(*), SUM(rating > 1) FROM review GROUP BY topic ORDER BY topic")}

    def review_count_since(self, start: datetime) -> int:
        """Reviews dated at or after ``start``."""
        return self._conn.execute("SELECT COUNT(*) FROM review WHERE reviewed_us >= ?",
                                  (to_us(start),)).fetchone()[0]

    def any_review_between(self, start: datetime, end: datetime | None = None) -> bool:
        """Whether a review is dated in [start, end) (``end`` None: open-ended); one
        indexed lookup."""
        sql, args = "SELECT EXISTS (SELECT 1 FROM review WHERE reviewed_us >= ?", [to_us(start)]
        if end is not None:
            sql, args = sql + " AND reviewed_us < ?", [*args, to_us(end)]
        return bool(self._conn.execute(sql + ")", args).fetchone()[0])

    def mock_results(self) -> list[MockResultRow]:
        """Every finished mock interview (one with a score), newest first."""
        return [MockResultRow(from_us(s), n, score) for s, n, score in self._conn.execute(
            "SELECT started_us, question_count, score FROM mock_interview "
            "WHERE score IS NOT NULL ORDER BY started_us DESC, id DESC")]

    def mature_shares(self, min_stability: float) -> dict[str, float]:
        """Topic -> share of its active templates that are reviewed and have a
        stability of at least ``min_stability`` days."""
        return {topic: mature / total for topic, total, mature in self._conn.execute(
            "SELECT topic, COUNT(*), SUM(state > 0 AND stability >= ?) FROM memory "
            "WHERE active = 1 GROUP BY topic", (min_stability,))}

    # -- reviews

    def record_review(self, template_id: str, *, seed: int, answer: str, verdict: str,
                      rating: int, duration_ms: int, now: datetime, mode: str = "study",
                      mistake: str | None = None, session_id: int | None = None,
                      move_schedule: bool | None = None,
                      mock: tuple[int, int] | None = None) -> RecordedReview:
        """Log one review and (unless cram) move the template's FSRS state, in one
        immediate transaction committed before returning. ``move_schedule`` defaults
        to True except in cram mode. A review dated before the template's last review
        (clock set backwards) is dated at that last review instead. ``mock`` =
        ``(mock_id, position)`` records the answer as that mock-interview question in
        the same transaction: both rows are written, or neither."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        if rating not in (1, 2, 3, 4):
            raise ValueError(f"rating {rating!r} is not 1, 2, 3 or 4")
        if duration_ms < 0:
            raise ValueError(f"duration {duration_ms!r} ms is negative")
        moved = (mode != "cram") if move_schedule is None else bool(move_schedule)
        settings = self.srs_settings()
        with self._write() as c:
            row = c.execute(f"SELECT {_MEMORY_COLS} FROM memory WHERE template_id = ?",
                            (template_id,)).fetchone()
            if row is None:
                raise StoreError(f"template {template_id!r} is not in the database; "
                                 "sync the question bank first")
            before = _memory_state(template_id, row)
            if moved:
                after, at = next_state(before, rating, now, settings, self._scheduler)
            else:
                after, at = before, max(utc(now), before.last_review or utc(now))
            at_us = to_us(at)
            cur = c.execute(
                "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, "
                "duration_ms, mode, reviewed_us, moved, session_id, before_state, before_step, "
                "before_stability, before_difficulty, before_due_us, before_last_review_us) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (template_id, before.topic, seed, answer, verdict, mistake, int(rating),
                 int(duration_ms), mode, at_us, int(moved), session_id, *_memory_values(before)))
            if moved:
                c.execute("UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, "
                          "due_us = ?, last_review_us = ? WHERE template_id = ?",
                          (*_memory_values(after), template_id))
            if mock is not None:
                _insert_mock_question(c, *mock, template_id, seed, verdict, answer, mistake, duration_ms)
        return RecordedReview(cur.lastrowid, before, after, at, at != utc(now), moved)

    def undo_last_review(self, expect_id: int | None = None) -> UndoneReview | None:
        """Delete the newest review and put back the memory state it replaced, in one
        transaction. With ``expect_id``, refuse unless that review is the newest.
        Returns None when there is nothing to undo."""
        with self._write() as c:
            row = c.execute(
                "SELECT id, template_id, moved, topic, before_state, before_step, before_stability, "
                "before_difficulty, before_due_us, before_last_review_us "
                "FROM review ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                if expect_id is not None:
                    raise StoreError(f"review {expect_id} cannot be undone: there are no reviews")
                return None
            review_id, template_id, moved = row[:3]
            if expect_id is not None and review_id != expect_id:
                raise StoreError(f"review {expect_id} cannot be undone: review {review_id} came after it")
            restored = _memory_state(template_id, row[3:])
            if moved:
                c.execute("UPDATE memory SET state = ?, step = ?, stability = ?, difficulty = ?, "
                          "due_us = ?, last_review_us = ? WHERE template_id = ?",
                          (*_memory_values(restored), template_id))
            c.execute("DELETE FROM review WHERE id = ?", (review_id,))
        return UndoneReview(review_id, template_id, restored)

    # -- sessions, mock interviews, flags

    def start_session(self, mode: str, now: datetime, topics: Iterable[str] | None = None) -> int:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        with self._write() as c:
            return c.execute("INSERT INTO study_session (mode, started_us, topics) VALUES (?, ?, ?)",
                             (mode, to_us(now), _json_or_none(topics))).lastrowid

    def end_session(self, session_id: int, now: datetime) -> None:
        with self._write() as c:
            c.execute("UPDATE study_session SET ended_us = ? WHERE id = ?", (to_us(now), session_id))

    def start_mock(self, now: datetime, *, question_count: int, time_limit_s: int | None = None,
                   topics: Iterable[str] | None = None, session_id: int | None = None) -> int:
        with self._write() as c:
            return c.execute(
                "INSERT INTO mock_interview (session_id, started_us, topics, question_count, "
                "time_limit_s) VALUES (?, ?, ?, ?, ?)",
                (session_id, to_us(now), _json_or_none(topics), question_count, time_limit_s)).lastrowid

    def record_mock_question(self, mock_id: int, position: int, template_id: str, seed: int,
                             verdict: str, *, answer: str | None = None, mistake: str | None = None,
                             duration_ms: int | None = None) -> None:
        """One question's result in a mock interview on its own: a skipped one. (An
        answered one goes in with its review: ``record_review(..., mock=...)``.)"""
        if verdict not in MOCK_VERDICTS:
            raise ValueError(f"verdict {verdict!r} is not one of {', '.join(MOCK_VERDICTS)}")
        with self._write() as c:
            _insert_mock_question(c, mock_id, position, template_id, seed, verdict, answer, mistake,
                                  duration_ms)

    def finish_mock(self, mock_id: int, now: datetime, score: float) -> None:
        with self._write() as c:
            c.execute("UPDATE mock_interview SET ended_us = ?, score = ? WHERE id = ?",
                      (to_us(now), score, mock_id))

    def flag(self, template_id: str, note: str, now: datetime, seed: int | None = None) -> int:
        """Record that a card looks wrong, with the learner's note."""
        with self._write() as c:
            return c.execute("INSERT INTO flag (template_id, seed, note, created_us) VALUES (?, ?, ?, ?)",
                             (template_id, seed, note, to_us(now))).lastrowid

    # -- backups

    def backup(self, now: datetime) -> Path:
        """A consistent copy made with SQLite's backup API into ``backups/`` next to
        the database; keeps the newest ``backups_kept`` (setting, default 7)."""
        target = _backup_path(self.path, now)
        _backup_into(self._conn, target)
        try:
            _prune(self.path, int(self.get_setting("backups_kept", BACKUPS_KEPT)))
        except OSError as e:
            raise _os_error(e, "remove an old backup in", backups_dir(self.path)) from None
        return target

    def daily_backup(self, now: datetime, tz: tzinfo | None = None) -> Path | None:
        """Back up unless a backup was already made this study day; call it when a
        session starts. Returns the new backup's path, or None."""
        start = to_us(day_start(now, tz, self.srs_settings().day_rollover_hour))
        if self.get_setting("last_daily_backup_us", -1) >= start:
            return None
        _check(self._conn, self.path, full=False)  # never rotate good backups out for a damaged copy
        made = self.backup(now)
        self.set_setting("last_daily_backup_us", to_us(now))
        return made

    # -- export and import

    def export_lines(self) -> Iterator[str]:
        """All progress as JSON lines: a header, then every row of every table in a
        fixed order. Times are ISO 8601 UTC with microseconds (``*_us`` columns lose
        the suffix)."""
        yield json.dumps({"quizapp_export": _EXPORT_FORMAT, "schema": migrations.current_version(self._conn)})
        for table, order in _EXPORT_TABLES:
            cols = [c.name for c in self.db[table].columns]
            for row in self._conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"):
                record = {"table": table}
                for col, value in zip(cols, row):
                    if col.endswith("_us"):
                        record[col[:-3]] = None if value is None else from_us(value).isoformat(timespec="microseconds")
                    else:
                        record[col] = value
                yield json.dumps(record, ensure_ascii=False)

    def import_lines(self, lines: Iterable[str]) -> int:
        """Load an export into this database (which must hold no reviews or sessions
        yet) in one transaction; returns the number of rows. Any bad line aborts the
        whole import with a StoreError naming the line."""
        columns = {t: {c.name for c in self.db[t].columns} for t, _ in _EXPORT_TABLES}
        if self._conn.execute("SELECT EXISTS (SELECT 1 FROM review) OR EXISTS "
                              "(SELECT 1 FROM study_session)").fetchone()[0]:
            raise StoreError(f"{self.path} already holds progress; import into a new database "
                             "(--db NEW_FILE) so nothing is mixed or overwritten")
        count, header = 0, False
        with self._write() as c:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as e:
                    raise StoreError(f"line {number} is not JSON ({e.msg})") from None
                if not isinstance(record, dict):
                    raise StoreError(f"line {number} is not a JSON object")
                if not header:
                    _check_header(record)
                    header = True
                    continue
                table, values = _import_row(record, number, columns)
                names = list(values)
                verb = "INSERT OR REPLACE" if table in ("memory", "setting") else "INSERT"
                try:
                    c.execute(f"{verb} INTO {table} ({', '.join(names)}) VALUES "
                              f"({', '.join('?' * len(names))})", [values[n] for n in names])
                except sqlite3.IntegrityError as e:
                    raise StoreError(f"line {number} does not fit the database ({e})") from None
                count += 1
            if not header:
                raise StoreError("the import file is empty; expected a file made by `quizapp export`")
        self._settings_cache = None
        return count


# ---------------------------------------------------------------- export helpers

_EXPORT_FORMAT = 1
_EXPORT_TABLES = (
    ("setting", "key"),
    ("memory", "template_id"),
    ("study_session", "id"),
    ("mock_interview", "id"),
    ("mock_question", "mock_id, position"),
    ("review", "id"),
    ("flag", "id"),
)


def _insert_mock_question(c: sqlite3.Connection, mock_id: int, position: int, template_id: str,
                          seed: int, verdict: str, answer: str | None, mistake: str | None,
                          duration_ms: int | None) -> None:
    c.execute("INSERT INTO mock_question (mock_id, position, template_id, seed, answer, verdict, "
              "mistake, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              (mock_id, position, template_id, seed, answer, verdict, mistake, duration_ms))


def _json_or_none(items: Iterable[str] | None) -> str | None:
    return None if items is None else json.dumps(sorted(items))


def _check_header(record: dict) -> None:
    if record.get("quizapp_export") != _EXPORT_FORMAT:
        raise StoreError("the first line is not a quizapp export header; expected a file made by `quizapp export`")
    schema = record.get("schema")
    if not isinstance(schema, int) or schema > len(migrations.MIGRATIONS):
        raise StoreError(f"the export has schema {schema!r}, newer than this quizapp's "
                         f"{len(migrations.MIGRATIONS)}; upgrade quizapp to import it")


def _import_row(record: dict, number: int, columns: dict[str, set[str]]) -> tuple[str, dict]:
    table = record.get("table")
    if table not in columns:
        raise StoreError(f"line {number} names an unknown table {table!r}")
    values: dict[str, Any] = {}
    for key, value in record.items():
        if key == "table":
            continue
        if key + "_us" in columns[table]:
            values[key + "_us"] = None if value is None else _iso_to_us(value, number, key)
        elif key in columns[table] and not key.endswith("_us"):
            values[key] = value
        else:
            raise StoreError(f"line {number} has an unknown field {key!r} for table {table}")
    return table, values


def _iso_to_us(value: Any, number: int, key: str) -> int:
    try:
        return to_us(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        raise StoreError(f"line {number}: {key} = {value!r} is not an ISO 8601 time with a zone") from None


# ---------------------------------------------------------------- backup files

def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, newest first (their names carry a UTC timestamp)."""
    folder = backups_dir(db_path)
    pattern = re.compile(re.escape(Path(db_path).stem) + r"-\d{8}-\d{6}Z(-\d+)?\.sqlite3")
    try:
        if not folder.is_dir():
            return []
        found = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
    except OSError as e:
        raise _os_error(e, "read the backup folder", folder, reading=True) from None
    return sorted(found, key=_backup_sort_key, reverse=True)


def _backup_sort_key(path: Path) -> tuple[str, int]:
    stamp, _, suffix = path.stem.rpartition("Z")
    return stamp, int(suffix[1:] or 0)


def newest_good_backup(db_path: Path) -> Path | None:
    for candidate in list_backups(db_path):
        if check_file(candidate) is None:
            return candidate
    return None


def _backup_path(db_path: Path, now: datetime) -> Path:
    folder = backups_dir(db_path)
    base = f"{Path(db_path).stem}-{utc(now):%Y%m%d-%H%M%S}Z"
    target, n = folder / f"{base}.sqlite3", 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.sqlite3"
    return target


def _backup_into(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` to the new file ``target`` with the backup API; the file
    appears only once complete (written as ``.part``, then renamed)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e, "create the backup folder", target.parent) from None
    part = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(part, isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
        finally:
            dest.close()
        os.replace(part, target)
    except sqlite3.Error as e:
        part.unlink(missing_ok=True)
        raise _translate(e, target) from None
    except OSError as e:
        part.unlink(missing_ok=True)
        raise _os_error(e, "write the backup", target) from None


def _prune(db_path: Path, keep: int) -> None:
    for old in list_backups(db_path)[max(keep, 1):]:
        old.unlink(missing_ok=True)


def restore(db_path: str | os.PathLike, source: str | os.PathLike | None = None, *,
            now: datetime) -> Restored:
    """Replace the database at ``db_path`` with the backup ``source`` (default: the
    newest good backup), after checking it with ``integrity_check``. The database
    being replaced is first kept as a backup, or, if damaged, renamed aside."""
    db_path = Path(db_path).absolute()
    try:
        return _restore(db_path, source, now)
    except OSError as e:
        raise _os_error(e, "restore", db_path) from None


def _restore(db_path: Path, source: str | os.PathLike | None, now: datetime) -> Restored:
    src_path = Path(source) if source is not None else newest_good_backup(db_path)
    if src_path is None:
        raise StoreError(f"there is no good backup in {backups_dir(db_path)} to restore")
    if not src_path.is_file():
        raise StoreError(f"there is no backup file at {src_path}, so nothing was restored; "
                         f"the backups are in {backups_dir(db_path)}")
    problem = check_file(src_path)
    if problem is not None:
        raise DatabaseCorrupt(f"nothing was restored because {problem}")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e, "create the folder", db_path.parent) from None
    lock = _WriterLock(db_path)
    try:
        kept = _set_aside(db_path, now) if db_path.exists() else None
        src = _open_readonly(src_path)
        try:
            dest = sqlite3.connect(db_path, isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = WAL")
            finally:
                dest.close()
        except sqlite3.Error as e:
            raise _translate(e, db_path) from None
        finally:
            src.close()
        return Restored(src_path, kept)
    finally:
        lock.release()


def _set_aside(db_path: Path, now: datetime) -> Path:
    """Keep the database about to be replaced: a backup if it is sound, else the
    damaged files renamed to ``<name>.damaged-<time>`` (never deleted)."""
    if not _writable(db_path):
        raise ReadOnlyDatabase(f"{db_path} is read-only, so it cannot be replaced")
    if check_file(db_path) is None:
        conn = _open_readonly(db_path)
        try:
            target = _backup_path(db_path, now)
            _backup_into(conn, target)
            return target
        finally:
            conn.close()
    aside = db_path.with_name(f"{db_path.name}.damaged-{utc(now):%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(db_path) + suffix)
        if part.exists():
            os.replace(part, Path(str(aside) + suffix))
    return aside
