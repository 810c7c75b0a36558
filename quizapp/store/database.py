"""Opening the progress database and checking it: the single-writer lock, the
integrity checks on open, read-only access, settings and the write transaction.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from quizapp import migrations
from quizapp.srs import SrsSettings
from quizapp.store._common import FULL_CHECK_BELOW
from quizapp.store.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    NoDatabase,
    ReadOnlyDatabase,
    StoreError,
    _command,
    _corrupt,
    _no_database,
    _os_error,
    _translate,
)

_CHECKS = {
    True: ("PRAGMA integrity_check",),
    False: ("PRAGMA quick_check",),
    "light": ("PRAGMA quick_check(memory)", "PRAGMA quick_check(setting)"),
    "setting": ("PRAGMA quick_check(setting)",),
    None: (),
}


def _inspect(conn: sqlite3.Connection, *, full: bool | str | None) -> tuple[int, str | None]:
    """(schema version, what is wrong or None). ``full``: True integrity_check,
    False quick_check, "light" quick_check of the small tables only (once the
    schema exists), "setting" of the setting table only, None only the header.
    Reads only."""
    try:
        version = migrations.current_version(conn)
        rows = [("ok",)]
        light = full in ("light", "setting")
        checks = () if light and version == 0 else _CHECKS[full]  # light needs the tables
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


def _checked_later(conn: sqlite3.Connection) -> str:
    """The check at open when the full check follows moments later (``check_later``):
    the setting table only (the memory table of 50,000 templates costs ~20 ms), unless
    a migration is about to write (then the small tables, as without it)."""
    try:
        return "setting" if migrations.current_version(conn) == len(migrations.MIGRATIONS) else "light"
    except sqlite3.Error:
        return "light"  # the check names the damage


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


class _BackgroundCheck:
    """A full ``PRAGMA quick_check`` of ``path`` on its own read-only connection, in
    a daemon thread started at once or by ``start()``; ``result()`` starts it if need
    be and waits for it: None, or what is wrong."""

    def __init__(self, path: Path, start: bool = True):
        self.path = path
        self.problem: str | None = None
        self.done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizapp-check", daemon=True)
        self._starting = threading.Lock()
        if start:
            self.start()

    def start(self) -> None:
        with self._starting:
            if self._thread.ident is None:
                self._thread.start()

    def _run(self) -> None:
        try:
            conn = _open_readonly(self.path)
            try:
                _version, self.problem = _inspect(conn, full=False)
            finally:
                conn.close()
        except (sqlite3.Error, StoreError, OSError) as e:
            self.problem = str(e)
        finally:
            self.done.set()

    def result(self) -> str | None:
        self.start()
        self.done.wait()
        return self.problem


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

class Database:
    """One open progress database: the connection, its lock, settings and the write
    transaction. ``quizapp.store.Store`` adds reviews, figures, backups and
    transfer; use ``Store.open``. One thread at a time."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool, lock: _WriterLock | None,
                 pending_check: _BackgroundCheck | None = None):
        self._conn = conn
        self._write_lock = threading.RLock()  # one transaction at a time (workers write too)
        self._pending_check = pending_check
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
             quick_check: bool = True, create: bool = True, check_later: bool = False) -> Database:
        """Open (creating and migrating if needed) the database at ``path``.

        Writers take the single-writer lock; ``readonly=True`` opens for reading
        alongside a writer (``stats``); ``create=False`` (and ``readonly``) raise
        NoDatabase, creating nothing, when there is no database at ``path``. Raises
        DatabaseLocked, ReadOnlyDatabase, DatabaseCorrupt (naming the newest good
        backup), DatabaseTooNew or StoreError.

        The check on open: a full ``PRAGMA quick_check`` when the file is under
        FULL_CHECK_BELOW (8 MiB, years of ordinary use: well under 100 ms); above
        that (it takes 1.6 s at 1,000,000 reviews) the small tables and a
        file-length check against the header at once, and for a writer the full
        quick_check in a background thread that the first write waits for
        (``wait_for_check``): opening stays fast and nothing is written into a
        damaged file. ``quick_check=False`` reads only the header. ``check_later``:
        that background check waits for ``start_check()`` (or the first write), so
        it does not compete with what the caller does first (the terminal app starts
        it once home is drawn), and the check at once covers only the setting table
        unless a migration is to run.
        """
        if path is None:
            from quizapp.paths import default_db_path

            path = default_db_path()
        path = Path(path).absolute()
        try:
            return cls._open(path, readonly, quick_check, create, check_later)
        except OSError as e:
            raise _os_error(e, "open", path, reading=readonly) from None

    @classmethod
    def _open(cls, path: Path, readonly: bool, quick_check: bool, create: bool,
              check_later: bool = False) -> Database:
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a progress database")
        if not create and not path.exists():
            raise _no_database(path)
        if readonly:
            conn = _open_readonly(path)
            try:
                _check(conn, path, full=_open_check(path, quick_check))
                if migrations.current_version(conn) == 0:
                    raise NoDatabase(f"{path} is empty: no progress has been recorded in it yet")
            except sqlite3.Error as e:
                conn.close()
                raise _translate(e, path) from None
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
            full = _open_check(path, quick_check)
            _check(conn, path, full=_checked_later(conn) if check_later and full == "light" else full)
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
        pending = _BackgroundCheck(path, start=not check_later) if full == "light" else None
        return cls(conn, path, False, lock, pending)

    def close(self) -> None:
        try:
            self._conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction, committed (durably: WAL with
        synchronous=FULL) before the ``with`` block's caller continues."""
        if self.readonly:
            raise ReadOnlyDatabase(f"{self.path} was opened read-only, so nothing can be recorded")
        self.wait_for_check()
        conn = self._conn
        with self._write_lock:
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

    def start_check(self) -> None:
        """Start the background check held back by ``open(check_later=True)``."""
        if self._pending_check is not None:
            self._pending_check.start()

    def wait_for_check(self) -> None:
        """Wait for the full check a large database gets in the background when it is
        opened (see ``open``); raise DatabaseCorrupt, and keep refusing every write,
        if it found damage. Nothing is written into a file before it is checked."""
        pending = self._pending_check
        if pending is None:
            return
        problem = pending.result()
        if problem is not None:
            raise _corrupt(self.path, problem)
        self._pending_check = None

    # -- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def settings(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self._conn.execute("SELECT key, value FROM setting ORDER BY key")}

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` after checking it with the one set of rules
        (``quizapp.settings.check``); a refused value is a StoreError sentence."""
        from quizapp.settings import SettingError, check

        try:
            value = check(key, value)
            if key in SrsSettings.names():
                SrsSettings.from_mapping({**self.settings(), key: value})
        except (SettingError, TypeError, ValueError) as e:
            raise StoreError(str(e)) from None
        with self._write() as c:
            c.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
        self._settings_cache = None

    def srs_settings(self) -> SrsSettings:
        """The scheduling settings; a stored value that breaks the rules (written by
        hand or by an old quizapp) is left out, its default used instead."""
        if self._settings_cache is None:
            from quizapp.settings import SettingError, check

            stored = self.settings()
            valid = {}
            for name in SrsSettings.names():
                if name in stored:
                    try:
                        valid[name] = check(name, stored[name])
                    except SettingError:
                        pass
            self._settings_cache = SrsSettings.from_mapping(valid)
            self._scheduler = self._settings_cache.scheduler()
        return self._settings_cache

    def scheduler(self):
        """The fsrs Scheduler for the current settings (built once per change)."""
        self.srs_settings()
        return self._scheduler

    # -- templates and queues
