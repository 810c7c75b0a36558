"""Every failure of the progress database as one sentence for the user.

Each is a ``StoreError`` subclass; ``_translate`` and ``_os_error`` turn sqlite3
and file-system errors into them, naming the file and what to do.
"""

from __future__ import annotations

import errno
import shlex
import sqlite3
from pathlib import Path

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
    from quizapp.store.backups import backups_dir, newest_good_backup

    try:
        good = newest_good_backup(path)
    except StoreError:
        good = None  # an unreadable backup folder: it is named below
    offer = (f"the newest good backup is {good}; run {_command('restore', path)} to use it"
             if good else f"there is no good backup in {backups_dir(path)}")
    return DatabaseCorrupt(f"{path} is damaged ({detail}) and was not written to; {offer}")

