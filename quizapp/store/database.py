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
from typing import Any, Callable, Iterable, Iterator

from quizapp import migrations
from quizapp.catalog import LANGS, Msg, say
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
    _damaged,
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
        return -1, damage_detail([str(e)])
    if rows != [("ok",)]:
        return version, damage_detail(str(r[0]) for r in rows[:3])
    return version, None


def damage_detail(reports: Iterable[str], width: int = 160) -> str:
    """What SQLite's checks report, as one short line for a sentence: its
    "*** in database main ***" banners dropped, its lines joined with "; "."""
    lines = [line.strip() for report in reports for line in report.splitlines()]
    text = "; ".join(line for line in lines if line and not line.startswith("***"))
    return text if len(text) <= width else text[: width - 1] + "…"


def _not_damage(error: sqlite3.Error) -> bool:
    """True for errors that say nothing about the file's content (it could not be
    opened, is busy, ...), so they must not be reported as damage."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_PERM",
                            "SQLITE_NOMEM"))


def _too_new(path: Path, version: int) -> Msg:
    return say("store.too_new", path=str(path), version=version, known=len(migrations.MIGRATIONS))


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
        return True
    if _shorter_than_header(path):
        return True  # the full check names the damage
    return "light"


def _checked_later(conn: sqlite3.Connection) -> str:
    """The check at open when the full check follows moments later (``check_later``):
    the setting table only (the memory table of 50,000 templates costs ~20 ms), unless
    a migration is about to write (then the small tables, as without it)."""
    try:
        return "setting" if migrations.current_version(conn) == len(migrations.MIGRATIONS) else "light"
    except sqlite3.Error:
        return "light"  # the check names the damage


def _emptied(path: Path) -> bool:
    """True for a database file of 0 bytes that has backups: SQLite would take it
    for a new, empty database, and the app would start afresh (and its backups
    would rotate the learner's history out); it was emptied, so it is damage."""
    from quizapp.store.backups import list_backups

    try:
        return path.is_file() and path.stat().st_size == 0 and bool(list_backups(path))
    except (OSError, StoreError):
        return False


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
            raise StoreError(say("store.wal_unmerged", path=str(path), wal=wal.name)) from None
        conn = _connect_ro(uri + "&immutable=1")
    return conn


def _connect_ro(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False)


def check_file(path: Path, *, full: bool = True) -> Msg | str | None:
    """None if the database at ``path`` is sound, readable by this quizapp and
    holds quizapp's tables (an empty file is no backup), else the sentence (a
    catalog message) saying what is wrong with it."""
    path = Path(path)
    try:
        conn = _open_readonly(path)
    except StoreError as e:
        return e.msg
    except sqlite3.Error as e:
        return _translate(e, path).msg
    except OSError as e:
        return _os_error(e, "read", path, reading=True).msg
    try:
        version, problem = _inspect(conn, full=full)
    except sqlite3.Error as e:
        return _translate(e, path).msg
    finally:
        conn.close()
    if problem is not None:
        return _damaged(path, problem)
    if version > len(migrations.MIGRATIONS):
        return _too_new(path, version)
    if version == 0:
        return say("store.empty", path=str(path))
    return None


def _saved_language(conn: sqlite3.Connection) -> str | None:
    """The language setting of a database about to be migrated, if it reads as one."""
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = 'language'").fetchone()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, TypeError, ValueError):
        return None
    return value if value in LANGS else None


class _BackgroundCheck:
    """A full ``PRAGMA integrity_check`` of ``path`` on its own read-only connection, in
    a daemon thread started at once or by ``start()``; ``result()`` starts it if need
    be and waits for it: None, what is wrong (damage), or the StoreError that kept it
    from reading the file."""

    def __init__(self, path: Path, start: bool = True):
        self.path = path
        self.problem: str | StoreError | None = None
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
                _version, self.problem = _inspect(conn, full=True)
            finally:
                conn.close()
        except StoreError as e:
            self.problem = e
        except sqlite3.Error as e:
            self.problem = _translate(e, self.path)
        except OSError as e:
            self.problem = _os_error(e, "read", self.path, reading=True)
        except BaseException as e:  # never leave the first write waiting for a check that died
            self.problem = StoreError(say("store.failed", path=str(self.path), detail=type(e).__name__))
        finally:
            self.done.set()

    def result(self) -> str | StoreError | None:
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
            raise _os_error(e, "lock_create", self.path) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, str(os.getpid()).encode("ascii"), 0)
        except BlockingIOError:
            holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(self.fd)
            raise DatabaseLocked(say("store.locked", path=str(db_path), pid=holder,
                                     command=_command("stats", db_path))) from None
        except OSError as e:
            os.close(self.fd)
            raise _os_error(e, "lock_write", self.path) from None

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the descriptor drops the flock
            self.fd = -1


def _decoded(stored: Any, default: Any) -> Any:
    """A stored setting's JSON text as its value, or ``default`` when it is not JSON
    this quizapp can read (not text, invalid, nested too deeply, a number of
    thousands of digits)."""
    if not isinstance(stored, str) or len(stored) > _MAX_SETTING:
        return default
    try:
        return json.loads(stored)
    except (ValueError, RecursionError):
        return default


_MAX_SETTING = 1_000_000  # characters of a stored setting's JSON


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
             quick_check: bool = True, create: bool = True, check_later: bool = False,
             on_migrate: Callable[[str | None], None] | None = None) -> Database:
        """Open (creating and migrating if needed) the database at ``path``.

        Writers take the single-writer lock; ``readonly=True`` opens for reading
        alongside a writer (``stats``); ``create=False`` (and ``readonly``) raise
        NoDatabase, creating nothing, when there is no database at ``path``. Raises
        DatabaseLocked, ReadOnlyDatabase, DatabaseCorrupt (naming the newest good
        backup), DatabaseTooNew or StoreError.

        The check on open: ``PRAGMA integrity_check`` when the file is under
        FULL_CHECK_BELOW (8 MiB, years of ordinary use); above that the small
        tables and a file-length check against the header at once, and for a writer
        the full integrity_check in a background thread that the first write waits
        for (``wait_for_check``): opening stays fast and nothing is written into a
        damaged file. It is the check a backup passes before it counts and the one
        ``restore`` asks of its source (quick_check misses an index that disagrees
        with its table: a file that passed it could be written to and backed up,
        and its backups then all refused by restore). ``quick_check=False`` (the
        argument's old name) reads only the header. ``check_later``: that background
        check waits for ``start_check()`` (or the first write), so it does not
        compete with what the caller does first (the terminal app starts it once home
        is drawn), and the check at once covers only the setting table unless a
        migration is to run. ``on_migrate`` is called, with the saved language
        setting (or None), just before a database written by an older quizapp is
        brought up to date: at a million reviews that takes seconds, once, and the
        caller can say so first.
        """
        if path is None:
            from quizapp.paths import default_db_path

            path = default_db_path()
        path = Path(path).absolute()
        try:
            return cls._open(path, readonly, quick_check, create, check_later, on_migrate)
        except OSError as e:
            raise _os_error(e, "open", path, reading=readonly) from None

    @classmethod
    def _open(cls, path: Path, readonly: bool, quick_check: bool, create: bool,
              check_later: bool = False, on_migrate: Callable[[str | None], None] | None = None) -> Database:
        if path.is_dir():
            raise StoreError(say("store.is_folder", path=str(path)))
        if not create and not path.exists():
            raise _no_database(path)
        if _emptied(path):
            raise _corrupt(path, say("store.detail.emptied"))
        if readonly:
            conn = _open_readonly(path)
            try:
                _check(conn, path, full=_open_check(path, quick_check))
                if migrations.current_version(conn) == 0:
                    raise NoDatabase(say("store.empty", path=str(path)))
            except sqlite3.Error as e:
                conn.close()
                raise _translate(e, path) from None
            except BaseException:
                conn.close()
                raise
            return cls(conn, path, True, None)
        if path.exists() and not _writable(path):
            raise ReadOnlyDatabase(say("store.read_only_file", path=str(path), command=_command("stats", path)))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _os_error(e, "folder_create", path.parent) from None
        lock = _WriterLock(path)
        conn = None
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=False)
            full = _open_check(path, quick_check)
            _check(conn, path, full=_checked_later(conn) if check_later and full == "light" else full)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            # A WAL of at most ~256 pages (~1 MiB) before it is copied back: SQLite deletes the
            # WAL when the app closes, and while it grows each commit's fdatasync must also
            # record the file's new size; with SQLite's default of 1,000 pages (~150 reviews)
            # a whole study session grew it. Once checkpointed, a small WAL is written over
            # from its start. Interleaved, 300 reviews: median 0.42 ms against 0.49 ms at
            # 50k/1M, 0.41 against 0.51 on a small history (benchmarks/store.py times it).
            conn.execute("PRAGMA wal_autocheckpoint = 256")
            # deleted content (an undone review's answer) is still zeroed wherever that costs no
            # extra I/O, within the pages a write changes anyway; the ON that some builds default
            # to also costs ~10 µs a review (interleaved, 500 reviews at 50k/1M)
            conn.execute("PRAGMA secure_delete = FAST")
            conn.execute("PRAGMA foreign_keys = ON")
            if on_migrate is not None and 0 < migrations.current_version(conn) < len(migrations.MIGRATIONS):
                on_migrate(_saved_language(conn))
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
            raise ReadOnlyDatabase(say("store.opened_read_only", path=str(self.path)))
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
        if isinstance(problem, StoreError):
            raise problem
        if problem is not None:
            raise _corrupt(self.path, problem)
        self._pending_check = None

    # -- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The stored value of setting ``key``; ``default`` when there is none or what
        is stored cannot be read back (a file edited by hand, an older quizapp)."""
        row = self._conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return default if row is None else _decoded(row[0], default)

    def settings(self) -> dict[str, Any]:
        """Every stored setting that can be read back (see ``get_setting``)."""
        missing = object()
        values = ((k, _decoded(v, missing)) for k, v in self._conn.execute("SELECT key, value FROM setting ORDER BY key"))
        return {k: v for k, v in values if v is not missing}

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` after checking it with the one set of rules
        (``quizapp.settings.check``); a refused value is a StoreError sentence."""
        from quizapp.settings import SettingError, check

        try:
            value = check(key, value)
            if key in SrsSettings.names():  # with the others as they are used (a broken one: its default)
                SrsSettings.from_mapping({**self._valid_srs_values(), key: value})
        except SettingError as e:
            raise StoreError(e.msg) from None
        except (TypeError, ValueError) as e:
            raise StoreError(str(e)) from None
        with self._write() as c:
            c.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) "
                      "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
        self._settings_cache = None

    def srs_settings(self) -> SrsSettings:
        """The scheduling settings; a stored value that breaks the rules (written by
        hand or by an old quizapp) is left out, its default used instead."""
        if self._settings_cache is None:
            self._settings_cache = SrsSettings.from_mapping(self._valid_srs_values())
            self._scheduler = self._settings_cache.scheduler()
        return self._settings_cache

    def _valid_srs_values(self) -> dict[str, Any]:
        """The stored scheduling settings that pass the rules."""
        from quizapp.settings import SettingError, check

        stored = self.settings()
        valid = {}
        for name in SrsSettings.names():
            if name in stored:
                try:
                    valid[name] = check(name, stored[name])
                except SettingError:
                    pass
        return valid

    def scheduler(self):
        """The fsrs Scheduler for the current settings (built once per change)."""
        self.srs_settings()
        return self._scheduler

    # -- templates and queues
