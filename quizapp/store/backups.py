"""Backups and restore: consistent copies that are checked before they count.

A backup is written as ``<name>.part`` with SQLite's backup API, checked with
``PRAGMA integrity_check`` (what ``restore`` asks of it) and only then renamed
into place; older backups are pruned only after a good one has been made, so a
damaged database can never rotate the good backups out (its copy fails the
check, is removed, and the damage is reported). ``restore`` checks its source
with ``integrity_check`` too, keeps the
database it replaces (as a backup, or renamed aside if damaged) and writes the
restored copy as a ``.part`` first too. A ``.part`` left by a killed backup or
restore is removed by the next one.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path

from quizapp.catalog import say
from quizapp.srs import day_start, utc
from quizapp.store._common import BACKUPS_KEPT, Restored, to_us
from quizapp.store.database import _WriterLock, _open_readonly, _writable, check_file, damage_detail
from quizapp.store.errors import DatabaseCorrupt, ReadOnlyDatabase, StoreError, _os_error, _translate


class BackupsMixin:
    """Backups of the open database (mixed into ``Store``)."""

    path: Path
    _conn: sqlite3.Connection

    def backup(self, now: datetime) -> Path:
        """A consistent, checked copy in ``backups/`` next to the database; keeps the
        newest ``backups_kept`` (setting, default 7), never pruning before the new one
        is known to be good. Raises DatabaseCorrupt (nothing pruned) if the copy
        fails its check."""
        target = _backup_path(self.path, now)
        self.wait_for_check()  # type: ignore[attr-defined]
        source = _open_readonly(self.path)  # its own connection: a worker may run this
        try:
            _backup_into(source, target, self.path)
        finally:
            source.close()
        try:
            keep = self.get_setting("backups_kept", BACKUPS_KEPT)  # type: ignore[attr-defined]
            keep = keep if isinstance(keep, int) and not isinstance(keep, bool) and 1 <= keep <= 1000 else BACKUPS_KEPT
            _prune(self.path, keep, good=target)
        except OSError as e:
            raise _os_error(e, "backup_prune", backups_dir(self.path)) from None
        return target

    def daily_backup(self, now: datetime, tz: tzinfo | None = None) -> Path | None:
        """Back up unless a backup was already made this study day (the app runs it in
        a worker at start). Returns the new backup's path, or None."""
        settings = self.srs_settings()  # type: ignore[attr-defined]
        start = to_us(day_start(now, tz, settings.day_rollover_hour))
        last = self.get_setting("last_daily_backup_us", -1)  # type: ignore[attr-defined]
        if isinstance(last, int) and not isinstance(last, bool) and last >= start:
            return None
        made = self.backup(now)  # checked: a damaged copy never rotates the good backups out
        self.set_setting("last_daily_backup_us", to_us(now))  # type: ignore[attr-defined]
        return made


# ---------------------------------------------------------------- backup files

def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _pattern(db_path: Path) -> re.Pattern:
    return re.compile(re.escape(Path(db_path).stem) + r"-\d{8}-\d{6}Z(-\d+)?\.sqlite3")


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, newest first (their names carry a UTC timestamp)."""
    folder = backups_dir(db_path)
    pattern = _pattern(db_path)
    try:
        if not folder.is_dir():
            return []
        found = [p for p in folder.iterdir() if pattern.fullmatch(p.name)]
    except OSError as e:
        raise _os_error(e, "backups_read", folder, reading=True) from None
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


def _remove_stale_parts(folder: Path, stem: str) -> None:
    """``.part`` files a killed backup or restore left behind, and the journal
    SQLite may have left beside one (the caller holds the writer lock, so none of
    them is being written)."""
    try:
        for suffix in _COMPANIONS:
            for p in folder.glob(f"{glob_escape(stem)}*.part{suffix}"):
                p.unlink(missing_ok=True)
    except OSError:
        pass  # only litter; the next run tries again


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _backup_into(source: sqlite3.Connection, target: Path, source_path: Path) -> None:
    """Copy ``source`` to the new file ``target`` with the backup API; the file
    appears only once complete and checked (written as ``.part``, then renamed)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e, "backups_create", target.parent) from None
    _remove_stale_parts(target.parent, Path(source_path).stem)
    part = target.with_name(target.name + ".part")
    try:
        dest = sqlite3.connect(part, isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            rows = dest.execute("PRAGMA integrity_check").fetchall()
        finally:
            dest.close()
        if rows != [("ok",)]:
            part.unlink(missing_ok=True)
            detail = damage_detail(str(r[0]) for r in rows[:3])
            raise DatabaseCorrupt(say("store.backup.copy_damaged", path=str(source_path), detail=detail,
                                      folder=str(target.parent)))
        os.replace(part, target)
    except sqlite3.Error as e:
        part.unlink(missing_ok=True)
        if getattr(e, "sqlite_errorname", "").startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise DatabaseCorrupt(say("store.backup.source_damaged", path=str(source_path),
                                      detail=damage_detail([str(e)]))) from None
        raise _translate(e, target) from None
    except OSError as e:
        part.unlink(missing_ok=True)
        raise _os_error(e, "backup_write", target) from None


def _prune(db_path: Path, keep: int, good: Path | None = None) -> None:
    """Keep the newest ``keep`` backups; never remove the newest good one (good as
    ``restore`` judges it; ``good``: one just made and checked)."""
    backups = list_backups(db_path)
    old = backups[max(keep, 1):]
    if not old:
        return
    kept = backups[:max(keep, 1)]
    if good not in kept and not any(check_file(p) is None for p in kept):
        good = next((p for p in old if check_file(p) is None), None)
        old = [p for p in old if p != good]
    for path in old:
        path.unlink(missing_ok=True)


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
    if db_path.is_dir():
        raise StoreError(say("store.restore.is_folder", path=str(db_path)))
    src_path = Path(source) if source is not None else newest_good_backup(db_path)
    if src_path is None:
        raise StoreError(say("store.restore.no_good_backup", folder=str(backups_dir(db_path))))
    if not src_path.is_file():
        key = "store.restore.source_folder" if src_path.is_dir() else "store.restore.source_missing"
        raise StoreError(say(key, path=str(src_path), folder=str(backups_dir(db_path))))
    problem = check_file(src_path)
    if problem is not None:
        raise DatabaseCorrupt(say("store.restore.refused", problem=problem))
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _os_error(e, "folder_create", db_path.parent) from None
    lock = _WriterLock(db_path)
    try:
        _remove_stale_parts(db_path.parent, db_path.name)
        part = db_path.with_name(db_path.name + ".restore.part")
        src = _open_readonly(src_path)
        try:
            dest = sqlite3.connect(part, isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        except sqlite3.Error as e:
            part.unlink(missing_ok=True)
            raise _translate(e, db_path) from None
        finally:
            src.close()
        kept = _set_aside(db_path, now) if db_path.exists() else None
        # a stale WAL or rollback journal must never be replayed into the restored copy
        for suffix in _COMPANIONS[1:]:
            Path(str(db_path) + suffix).unlink(missing_ok=True)
        os.replace(part, db_path)
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        return Restored(src_path, kept)
    finally:
        lock.release()


_COMPANIONS = ("", "-wal", "-shm", "-journal")  # a database file and the files SQLite keeps beside it


def _set_aside(db_path: Path, now: datetime) -> Path:
    """Keep the database about to be replaced: a backup if it is sound, else the
    damaged files renamed to ``<name>.damaged-<time>`` (never deleted)."""
    if not _writable(db_path):
        raise ReadOnlyDatabase(say("store.restore.read_only", path=str(db_path)))
    if check_file(db_path) is None:
        conn = _open_readonly(db_path)
        try:
            target = _backup_path(db_path, now)
            _backup_into(conn, target, db_path)
            return target
        finally:
            conn.close()
    aside = db_path.with_name(f"{db_path.name}.damaged-{utc(now):%Y%m%d-%H%M%S}")
    n = 1
    while Path(str(aside)).exists():
        n += 1
        aside = db_path.with_name(f"{db_path.name}.damaged-{utc(now):%Y%m%d-%H%M%S}-{n}")
    for suffix in _COMPANIONS:  # a hot journal goes with its file: SQLite recovers it there
        part = Path(str(db_path) + suffix)
        if part.exists():
            os.replace(part, Path(str(aside) + suffix))
    return aside
