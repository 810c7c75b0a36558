"""Backups through SQLite's backup API: daily rotation, `quizapp backup`, `quizapp restore`."""

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from helpers import record

from quizapp.store import DatabaseCorrupt, DatabaseLocked, Store, list_backups, newest_good_backup, restore

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def quizapp(*args):
    return subprocess.run([sys.executable, "-m", "quizapp", *map(str, args)], capture_output=True, text=True)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as s:
        s.sync_templates([("a.one", "a"), ("b.one", "b")])
    return path


def add_review(store, seed, now=T0):
    record(store, "a.one", seed=seed, answer="1", verdict="correct", rating=3, duration_ms=10, now=now)


def seeds_in(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [s for (s,) in conn.execute("SELECT seed FROM review ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_a_self_contained_consistent_database(db):
    with Store.open(db) as s:
        add_review(s, 1)  # still in the WAL, not yet in the main file
        made = s.backup(T0)
        add_review(s, 2, T0 + timedelta(minutes=11))
    assert made.parent == db.parent / "backups" and made.name == "p-20240301-120000Z.sqlite3"
    conn = sqlite3.connect(f"file:{made}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert seeds_in(made) == [1]


def test_daily_backup_once_per_study_day_keeping_the_last_n(db):
    ny = timezone(timedelta(hours=-5))
    with Store.open(db) as s:
        s.set_setting("backups_kept", 3)
        made = []
        for day in range(5):
            morning = T0 + timedelta(days=day)
            made.append(s.daily_backup(morning, tz=ny))
            assert s.daily_backup(morning + timedelta(hours=3), tz=ny) is None  # same day: no second one
        assert all(made)
    assert list_backups(db) == made[:1:-1]  # the newest three, newest first


def test_same_second_backups_get_distinct_names(db):
    with Store.open(db) as s:
        first, second = s.backup(T0), s.backup(T0)
    assert first != second and list_backups(db) == [second, first]


def test_restore_defaults_to_the_newest_good_backup_and_keeps_the_current_db(db):
    with Store.open(db) as s:
        add_review(s, 1)
        good = s.backup(T0)
        add_review(s, 2, T0 + timedelta(minutes=11))
        damaged = s.backup(T0 + timedelta(hours=1))
        add_review(s, 3, T0 + timedelta(minutes=30))
    damaged.write_bytes(b"not a database at all" * 100)
    assert newest_good_backup(db) == good
    out = quizapp("restore", "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"restored {db} from {good}; the database it replaced is kept as ")
    kept = out.stdout.rsplit(" ", 1)[1].strip()
    assert seeds_in(db) == [1] and seeds_in(kept) == [1, 2, 3]
    with Store.open(db) as s:  # and the restored database opens in WAL for writing
        assert s._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        add_review(s, 4, T0 + timedelta(days=1))


def test_restore_refuses_a_damaged_file_and_changes_nothing(db, tmp_path):
    with Store.open(db) as s:
        add_review(s, 1)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"\0" * 5000)
    with pytest.raises(DatabaseCorrupt, match="nothing was restored because"):
        restore(db, bad, now=T0)
    out = quizapp("restore", bad, "--db", db)
    assert out.returncode == 2 and out.stderr.startswith("quizapp: nothing was restored because")
    assert seeds_in(db) == [1] and list_backups(db) == []


def test_restore_without_backups_says_so(db):
    out = quizapp("restore", "--db", db)
    assert out.returncode == 2
    assert out.stderr == f"quizapp: there is no good backup in {db.parent / 'backups'} to restore\n"


def test_restore_is_refused_while_another_quizapp_writes(db):
    with Store.open(db) as s:
        s.backup(T0)
        with pytest.raises(DatabaseLocked):
            restore(db, now=T0)


def test_backup_command(db):
    out = quizapp("backup", "--db", db)
    assert out.returncode == 0 and out.stdout.startswith(f"backed up to {db.parent / 'backups'}/p-")
    assert len(list_backups(db)) == 1


def test_export_and_import_commands_round_trip(db, tmp_path):
    with Store.open(db) as s:
        add_review(s, 1)
        add_review(s, 2, T0 + timedelta(minutes=11))
    exported = tmp_path / "progress.jsonl"
    assert quizapp("export", "--db", db, "-o", exported).returncode == 0
    fresh = tmp_path / "fresh.sqlite3"
    out = quizapp("import", exported, "--db", fresh)
    assert out.returncode == 0 and out.stdout == f"imported 4 rows into {fresh}\n"
    again = quizapp("export", "--db", fresh)
    assert again.stdout == exported.read_text(encoding="utf-8")
    bad = quizapp("import", tmp_path / "missing.jsonl", "--db", fresh)
    assert bad.returncode == 2 and bad.stderr.startswith("quizapp: cannot read ")


def test_a_read_error_in_the_import_file_is_one_sentence_and_imports_nothing(tmp_path):
    fresh = tmp_path / "fresh.sqlite3"
    out = quizapp("import", "/proc/self/mem", "--db", fresh)  # reading it fails with EIO
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr == ("quizapp: could not read /proc/self/mem (Input/output error), so nothing was "
                          "imported; check the file and try again\n")
    with Store.open(fresh) as s:
        assert s.db["review"].count == 0 and s.db["memory"].count == 0


@pytest.mark.parametrize("command", [["backup"], ["export"], ["export", "-o", "{tmp}/out.jsonl"], ["restore"],
                                     ["restore", "{tmp}/no-such-backup.sqlite3"]])
def test_a_missing_database_is_named_and_nothing_is_created(tmp_path, command):
    never = tmp_path / "never.db"
    out = quizapp(*[a.format(tmp=tmp_path) for a in command], "--db", never)
    assert out.returncode == 2 and out.stdout == "" and out.stderr.count("\n") == 1
    if command == ["restore"]:
        assert out.stderr == f"quizapp: there is no good backup in {tmp_path / 'backups'} to restore\n"
    elif command[0] == "restore":
        assert out.stderr.startswith(f"quizapp: there is no backup file at {tmp_path / 'no-such-backup.sqlite3'}")
    else:
        assert out.stderr.startswith(f"quizapp: there is no progress database at {never}; check the path given with --db")
    assert list(tmp_path.iterdir()) == []


def test_restore_from_a_file_may_make_a_new_database(db, tmp_path):
    with Store.open(db) as s:
        add_review(s, 7)
        made = s.backup(T0)
    fresh = tmp_path / "elsewhere" / "new.sqlite3"
    out = quizapp("restore", made, "--db", fresh)
    assert out.returncode == 0 and out.stdout == f"restored {fresh} from {made}\n", out.stderr
    assert seeds_in(fresh) == [7]


def test_export_into_a_closed_pipe_ends_quietly_and_changes_nothing(tmp_path):
    """``quizapp export | head -2``: no message, SIGPIPE's exit status, database untouched."""
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as s:
        s.sync_templates([("a.one", "a")])
        for seed in range(600):  # ~250 kB of lines: far more than a pipe buffers
            add_review(s, seed, T0 + timedelta(minutes=seed))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    proc = subprocess.Popen([sys.executable, "-m", "quizapp", "export", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = [proc.stdout.readline(), proc.stdout.readline()]
    proc.stdout.close()  # what head does after two lines
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert err == b"" and first[0].startswith(b'{"quizapp_export": 1')
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before and seeds_in(db) == list(range(600))


def test_export_write_failures_are_one_sentence(db, tmp_path):
    out = quizapp("export", "--db", db, "-o", tmp_path / "no-such-folder" / "out.jsonl")
    assert out.returncode == 2
    assert out.stderr == (f"quizapp: could not write {tmp_path / 'no-such-folder' / 'out.jsonl'} "
                          "(No such file or directory); choose another place with -o FILE\n")
    code = ("import subprocess, sys; subprocess.run([sys.executable, '-m', 'quizapp', 'export', '--db', "
            f"{str(db)!r}], stdout=open('/dev/full', 'w'))")  # every write fails with ENOSPC
    full = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert full.stderr == ("quizapp: could not write standard output (No space left on device); "
                           "redirect it elsewhere\n")


def test_export_into_a_pipe_writes_it_and_never_replaces_it(db, tmp_path):
    """``-o /dev/stdout`` or ``-o >(gzip)``: the export goes into the pipe; the old
    write-then-rename replaced it with a regular file."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE, text=True)
    out = quizapp("export", "--db", db, "-o", fifo)
    received = reader.communicate(timeout=60)[0]
    assert out.returncode == 0, out.stderr
    assert received.startswith('{"quizapp_export": 1') and received.count("\n") == 3
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and not (tmp_path / "fifo.part").exists()


def test_restore_never_lets_a_stale_rollback_journal_touch_the_restored_copy(db, tmp_path):
    """A quizapp killed while it changed the journal mode (the end of a restore)
    leaves a hot ``-journal`` beside the database. Restoring over it must keep that
    journal with the file it belongs to (set aside), never leave it beside the new
    copy, where SQLite would roll its pages into it."""
    with Store.open(db) as s:
        add_review(s, 1)
        good = s.backup(T0)
        for seed in range(2, 60):
            add_review(s, seed, T0 + timedelta(minutes=seed))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    code = ("import os, sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size = 1')\n"  # pages spill to the file while the journal holds the old ones
            "c.execute('BEGIN')\n"
            "c.execute(\"UPDATE review SET answer = hex(randomblob(600))\")\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(db)], check=True)
    journal = db.with_name(db.name + "-journal")
    assert journal.stat().st_size > 0  # hot: the file holds half-written pages
    out = quizapp("restore", good, "--db", db)
    assert out.returncode == 0, out.stderr
    assert not journal.exists()
    assert seeds_in(db) == [1]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    (aside,) = tmp_path.glob("p.sqlite3.damaged-*[0-9]")  # kept whole, with its journal: SQLite recovers it there
    conn = sqlite3.connect(aside)  # (writable: the rollback needs it)
    assert [s for (s,) in conn.execute("SELECT seed FROM review ORDER BY id")] == list(range(1, 60))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
