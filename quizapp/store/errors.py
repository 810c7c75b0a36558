"""Every failure of the progress database as one sentence for the user.

Each is a ``StoreError`` subclass carrying ``msg``, a catalog message
(``quizapp/catalog/_store.py``) that an edge renders in the learner's language;
``str(error)`` is the English sentence. ``_translate`` and ``_os_error`` turn
sqlite3 and file-system errors into them, naming the file and what to do.
"""

from __future__ import annotations

import errno
import shlex
import sqlite3
from pathlib import Path

from quizapp.catalog import Msg, SaidError, say


class StoreError(SaidError):
    """A progress-database failure. ``msg`` is the sentence as a catalog ``Msg``
    (``render(error.msg, lang)``); ``str(error)`` is it in English. A plain string
    is accepted too (then ``msg`` is that string, in every language)."""


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
    key = "store.no_database.default" if _is_default(path) else "store.no_database.given"
    return NoDatabase(say(key, path=str(path)))


# ---------------------------------------------------------------- errors, checks

def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The typed, one-sentence form of a sqlite3 error on ``path``."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name in ("SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC") or "disk is full" in text:
        return DiskFull(say("store.disk_full", path=str(path)))
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return ReadOnlyDatabase(say("store.read_only", path=str(path)))
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return DatabaseLocked(say("store.busy", path=str(path)))
    if name.startswith("SQLITE_CANTOPEN"):
        return StoreError(say("store.cant_open", path=str(path), detail=text))
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return _corrupt(path, text)
    return StoreError(say("store.failed", path=str(path), detail=text))


def _os_error(e: OSError, doing: str, where: Path, *, reading: bool = False) -> StoreError:
    """The one-sentence StoreError for an OSError met while ``doing`` (a
    ``store.doing.*`` key: "lock_create", "read", ...) at ``where``: what failed,
    where, and what to do about it."""
    place = Path(e.filename) if isinstance(e.filename, (str, bytes)) and e.filename else where
    values = {"doing": say(f"store.doing.{doing}", place=str(place)), "reason": e.strerror or str(e)}
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DiskFull(say("store.os.disk_full", **values))
    if e.errno in (errno.EACCES, errno.EPERM) and reading:
        return StoreError(say("store.os.unreadable", **values))
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ReadOnlyDatabase(say("store.os.read_only", folder=str(place.parent), **values))
    return StoreError(say("store.os.other", **values))


def _is_default(path: Path) -> bool:
    from quizapp.paths import default_db_path

    try:
        return Path(path).resolve() == default_db_path().resolve()
    except (OSError, RuntimeError):  # a path that cannot be resolved (a symlink loop) is not the default
        return False


def _command(name: str, path: Path) -> str:
    """The quizapp command to suggest for the database at ``path``: with ``--db PATH``
    (quoted for the shell) unless it is the default database."""
    if _is_default(path):
        return f"`quizapp {name}`"
    return f"`quizapp {name} --db {shlex.quote(str(path))}`"


def _damaged(path: Path, detail: str) -> Msg:
    """"<path> is damaged (<detail>)"."""
    return say("store.damaged", path=str(path), detail=detail)


def _corrupt(path: Path, detail: str | Msg) -> DatabaseCorrupt:
    from quizapp.store.backups import backups_dir, newest_good_backup

    try:
        good = newest_good_backup(path)
    except StoreError:
        good = None  # an unreadable backup folder: it is named below
    if good:
        return DatabaseCorrupt(say("store.corrupt.backup", path=str(path), detail=detail, backup=str(good),
                                   command=_command("restore", path)))
    return DatabaseCorrupt(say("store.corrupt.no_backup", path=str(path), detail=detail,
                               folder=str(backups_dir(path))))
