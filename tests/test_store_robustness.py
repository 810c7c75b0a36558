"""Nothing is lost: locks, read-only files, corruption, a full disk, interrupted
migrations, concurrent writers and killed processes each end in one clear sentence
with the data intact."""

import errno
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import record

from quizapp import migrations
from quizapp.store import database
from quizapp.store import (
    DatabaseCorrupt, DatabaseLocked, DatabaseTooNew, DiskFull, ReadOnlyDatabase, Store, StoreError,
    restore,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
BANK = [(f"topic{i % 3}.card{i}", f"topic{i % 3}") for i in range(12)]

# Subprocess prelude: open the store given as argv[1], sync the bank, define rev(i).
PRELUDE = textwrap.dedent(f"""
    import sys, os, signal, resource
    sys.path.insert(0, {str(Path(__file__).parent)!r})
    from datetime import datetime, timedelta, timezone
    from quizapp.store import Store, StoreError
    from helpers import record
    T0 = datetime(2024, 3, 1, 12, tzinfo=timezone.utc)
    BANK = {BANK!r}
    def rev(store, i, answer="0.5"):
        return record(store, BANK[i % len(BANK)][0], seed=i, answer=answer, verdict="correct",
                                   rating=3, duration_ms=1000, now=T0 + timedelta(minutes=i))
""")


def spawn(code, db, **kw):
    return subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def quizapp_in_readonly_folder(folder, *args, stdin=""):
    """Run ``quizapp ARGS`` while ``folder`` is read-only: as root (who ignores mode
    bits) through a read-only bind mount in a private mount namespace, which goes away
    with the process; otherwise by clearing the folder's write bits (EACCES)."""
    command = [sys.executable, "-m", "quizapp", *map(str, args)]
    if os.geteuid() == 0:
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                   'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder), *command]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)
    finally:
        folder.chmod(mode)


def listing(folder):
    return sorted(p.name for p in folder.rglob("*"))


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def review_seeds(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [s for (s,) in conn.execute("SELECT seed FROM review ORDER BY id")]
    finally:
        conn.close()


def populated(db, reviews=40, answer="0.5"):
    with Store.open(db) as s:
        s.sync_templates(BANK)
        for i in range(reviews):
            record(s, BANK[i % 12][0], seed=i, answer=answer, verdict="correct", rating=3,
                            duration_ms=1000, now=T0 + timedelta(minutes=i))
    return db


def test_second_writer_is_refused_in_a_sentence_and_may_read(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=3)
    holder = spawn("""
        store = Store.open(sys.argv[1])
        print("ready", flush=True)
        sys.stdin.readline()
        rev(store, 100)
        store.close()
        print("done", flush=True)
    """, db)
    assert holder.stdout.readline().strip() == "ready"
    with pytest.raises(DatabaseLocked) as err:
        Store.open(db)
    assert str(err.value) == (f"{db} is open in another quizapp (pid {holder.pid}); "
                              f"close that one first, or read it with `quizapp stats --db {db}`")
    with Store.open(db, readonly=True) as reader:  # stats may still read
        assert reader.db["review"].count == 3
    out = subprocess.run([sys.executable, "-m", "quizapp", "backup", "--db", str(db)],
                         capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "open in another quizapp" in out.stderr
    holder.stdin.write("go\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "done"
    holder.communicate(timeout=30)
    assert holder.returncode == 0
    assert review_seeds(db) == [0, 1, 2, 100] and integrity(db) == "ok"
    Store.open(db).close()  # the lock is free again


def test_two_processes_answering_at_once_lose_nothing(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=0)
    code = """
        try:
            store = Store.open(sys.argv[1])
        except StoreError as e:
            print("refused:", e, flush=True)
            raise SystemExit(2)
        base = int(sys.argv[2])
        for i in range(base, base + 30):
            rev(store, i)
            print(i, flush=True)
        store.close()
    """
    procs = [subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(db), str(base)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for base in (0, 1000)]
    results = [(p.communicate(timeout=60)[0], p.returncode) for p in procs]
    results = [(code, out) for out, code in results]
    written = sorted(int(line) for _, out in results for line in out.split() if line.isdigit())
    refused = [out for code, out in results if code == 2]
    assert all(code in (0, 2) for code, _ in results)
    assert all(out.startswith("refused: ") and "open in another quizapp" in out for out in refused)
    assert sorted(review_seeds(db)) == written and len(written) == 30 * (2 - len(refused))
    assert integrity(db) == "ok"


def test_read_only_file_is_refused_and_left_unchanged(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=5)
    before = digest(db)
    db.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyDatabase, match="is read-only; make it writable"):
            Store.open(db)
        with Store.open(db, readonly=True) as reader:
            assert reader.db["review"].count == 5
        out = subprocess.run([sys.executable, "-m", "quizapp", "import", os.devnull, "--db", str(db)],
                             capture_output=True, text=True)
        assert out.returncode == 2 and "is read-only" in out.stderr and out.stderr.count("\n") == 1
    finally:
        db.chmod(0o644)
    assert digest(db) == before


@pytest.mark.parametrize("command", [
    ["drill", "--plain", "--db", "{folder}/new.db"],
    ["--db", "{folder}/new.db"],
    ["restore", "--db", "{folder}/p.sqlite3", "{backup}"],
    ["import", "--db", "{folder}/new.db", os.devnull],
    ["import", "--db", "{folder}/sub/new.db", os.devnull],
], ids=["drill", "tui", "restore", "import", "import-subfolder"])
def test_a_read_only_folder_is_one_sentence_not_a_traceback(tmp_path, command):
    folder = tmp_path / "ro"
    folder.mkdir()
    populated(folder / "p.sqlite3", reviews=2)
    backup = populated(tmp_path / "other.sqlite3", reviews=1)
    before, files = digest(folder / "p.sqlite3"), listing(folder)
    args = [a.format(folder=folder, backup=backup) for a in command]
    out = quizapp_in_readonly_folder(folder, *args)
    assert out.returncode == 2 and out.stdout == "", out.stderr
    assert "Traceback" not in out.stderr and out.stderr.count("\n") == 1
    assert out.stderr.startswith("quizapp: could not create the ") and str(folder) in out.stderr
    assert f"make {folder} writable, or choose a writable place with --db PATH" in out.stderr
    assert listing(folder) == files and digest(folder / "p.sqlite3") == before


def test_a_database_in_a_read_only_folder_can_still_be_read(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = populated(folder / "p.sqlite3", reviews=7)
    before, files = digest(db), listing(folder)
    out = quizapp_in_readonly_folder(folder, "stats", "--json", "--db", db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["reviews"] == 7
    out = quizapp_in_readonly_folder(folder, "export", "--db", db)
    assert out.returncode == 0, out.stderr
    assert sum('"table": "review"' in line for line in out.stdout.splitlines()) == 7
    assert listing(folder) == files and digest(db) == before


def test_a_writer_elsewhere_is_seen_through_a_read_only_view(tmp_path):
    """The second-instance message sends the user to ``quizapp stats``: it reads the
    reviews still in the writer's WAL, even where the reader may not write."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = populated(folder / "p.sqlite3", reviews=3)
    with Store.open(db) as writer:
        record(writer, BANK[0][0], seed=99, answer="", verdict="wrong", rating=1, duration_ms=0,
                             now=T0 + timedelta(days=1))
        out = quizapp_in_readonly_folder(folder, "stats", "--json", "--db", db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["reviews"] == 4


def test_a_damaged_database_in_a_read_only_folder_is_still_called_damaged(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = populated(folder / "p.sqlite3", reviews=300, answer="x" * 300)
    raw = db.read_bytes()
    db.write_bytes(raw[:100] + os.urandom(4096) + raw[4196:])  # header intact, pages garbage
    for command in ("stats", "export"):
        out = quizapp_in_readonly_folder(folder, command, "--db", db)
        assert out.returncode == 2 and out.stderr.startswith(f"quizapp: {db} is damaged ("), out.stderr


def test_unmerged_changes_in_a_read_only_folder_are_refused_not_skipped(tmp_path):
    """Without its -shm file SQLite cannot use the -wal in a read-only folder, and
    reading the main file alone would silently miss committed reviews."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = populated(folder / "p.sqlite3", reviews=2)
    proc = spawn("""
        store = Store.open(sys.argv[1])
        store._conn.execute("PRAGMA wal_autocheckpoint = 0")
        rev(store, 50)
        print("written", flush=True)
        signal.pause()
    """, db)
    assert proc.stdout.readline() == "written\n"
    proc.kill()
    proc.communicate()
    Path(f"{db}-shm").unlink()
    assert Path(f"{db}-wal").stat().st_size > 0
    out = quizapp_in_readonly_folder(folder, "stats", "--db", db)
    assert out.returncode == 2 and out.stderr.count("\n") == 1
    assert out.stderr.startswith(f"quizapp: could not read {db}: its folder is read-only and p.sqlite3-wal "
                                 "holds changes not yet merged into it")
    assert review_seeds(db) == [0, 1, 50]  # where it may write, the change is there


def test_suggested_commands_name_a_database_that_is_not_the_default(tmp_path, monkeypatch):
    """Pasting the suggested command must act on the same database: ``--db PATH``,
    quoted for the shell, unless PATH is the default one."""
    db = populated(tmp_path / "my progress.sqlite3", reviews=1)
    with Store.open(db) as s:
        good = s.backup(T0)
        out = subprocess.run([sys.executable, "-m", "quizapp", "drill", "--plain", "--db", str(db)],
                             input="", capture_output=True, text=True)
    assert out.returncode == 2
    quoted = f"'{db}'"
    assert out.stderr.endswith(f"close that one first, or read it with `quizapp stats --db {quoted}`\n")
    db.write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseCorrupt) as err:
        Store.open(db)
    assert str(err.value).endswith(f"the newest good backup is {good}; run `quizapp restore --db {quoted}` to use it")
    monkeypatch.setenv("QUIZAPP_DB", str(db))  # now it is the default: no --db
    with pytest.raises(DatabaseCorrupt) as err:
        Store.open(db)
    assert str(err.value).endswith(f"the newest good backup is {good}; run `quizapp restore` to use it")
    out = subprocess.run([sys.executable, "-m", "quizapp", "restore"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith(f"restored {db} from {good}"), out.stderr


@pytest.mark.parametrize("code, kind, hint", [
    (errno.EACCES, ReadOnlyDatabase, "writable, or choose a writable place with --db PATH"),
    (errno.EROFS, ReadOnlyDatabase, "writable, or choose a writable place with --db PATH"),
    (errno.ENOSPC, DiskFull, "free some disk space"),
    (errno.EIO, StoreError, "check the path"),
])
def test_every_os_error_on_the_lock_is_a_store_error(tmp_path, monkeypatch, code, kind, hint):
    """Root ignores mode bits, so permission denied is simulated at the system call."""
    def refuse(path, *args):
        raise OSError(code, os.strerror(code), str(path))

    source = populated(tmp_path / "source.sqlite3", reviews=1)
    monkeypatch.setattr("quizapp.store.database.os.open", refuse)
    db = tmp_path / "p.sqlite3"
    for attempt in (lambda: Store.open(db), lambda: restore(db, source, now=T0)):
        with pytest.raises(kind) as err:
            attempt()
        assert str(err.value).startswith(f"could not create the lock file {db}.lock ({os.strerror(code)}); ")
        assert hint in str(err.value) and "\n" not in str(err.value)
    assert not db.exists()


def test_an_unreadable_database_is_not_called_damaged(tmp_path, monkeypatch):
    """Root reads any file, so permission denied is simulated at the system call."""
    db = populated(tmp_path / "p.sqlite3", reviews=1)

    def refuse(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("quizapp.store.database.open", refuse, raising=False)
    with pytest.raises(StoreError) as err:
        Store.open(db, readonly=True)
    assert str(err.value) == f"could not read {db} (Permission denied); make it readable for your user and try again"


def test_an_unwritable_backup_folder_is_a_store_error(tmp_path, monkeypatch):
    db = populated(tmp_path / "p.sqlite3", reviews=1)

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    with Store.open(db) as s, pytest.raises(ReadOnlyDatabase) as err:
        monkeypatch.setattr("pathlib.Path.mkdir", refuse)
        s.backup(T0)
    assert str(err.value) == (f"could not create the backup folder {tmp_path / 'backups'} (Permission denied); "
                              f"make {tmp_path} writable, or choose a writable place with --db PATH")


@pytest.mark.parametrize("big_file_policy", [False, True], ids=["full check", "light check"])
@pytest.mark.parametrize("damage", ["garbage header", "truncated"])
def test_corrupt_file_is_never_written_and_the_good_backup_is_named(tmp_path, damage, big_file_policy,
                                                                    monkeypatch):
    if big_file_policy:  # treat the file as big: only the light check on open
        monkeypatch.setattr("quizapp.store.database.FULL_CHECK_BELOW", 0)
    db = populated(tmp_path / "p.sqlite3", reviews=300, answer="x" * 300)
    with Store.open(db) as s:
        good = s.backup(T0)
    raw = bytearray(db.read_bytes())
    if damage == "garbage header":
        raw[:100] = os.urandom(100)
    else:
        raw = raw[: len(raw) // 2]
    db.write_bytes(bytes(raw))
    damaged = digest(db)
    with pytest.raises(DatabaseCorrupt) as err:
        Store.open(db)
    message = str(err.value)
    assert message.startswith(f"{db} is damaged (") and message.count("\n") == 0
    assert message.endswith(f"was not written to; the newest good backup is {good}; "
                            f"run `quizapp restore --db {db}` to use it")
    assert digest(db) == damaged
    done = restore(db, now=T0 + timedelta(days=1))
    assert done.source == good and done.kept_as.name.startswith("p.sqlite3.damaged-")
    assert digest(done.kept_as) == damaged  # the damaged file is kept, not deleted
    assert review_seeds(db) == list(range(300)) and integrity(db) == "ok"


def test_a_held_back_check_runs_before_the_first_write_and_still_refuses_damage(tmp_path, monkeypatch):
    """``check_later``: a large database's full check starts on ``start_check()`` or
    at the first write, never after it; damage it finds still refuses every write."""
    monkeypatch.setattr("quizapp.store.database.FULL_CHECK_BELOW", 0)  # treat the file as big
    db = populated(tmp_path / "p.sqlite3", reviews=3)
    with Store.open(db, check_later=True) as s:
        assert not s._pending_check.done.is_set() and s._pending_check._thread.ident is None
        s.start_check()
        s.wait_for_check()  # the check ran and found nothing: writes go ahead
        s.set_setting("new_per_day", 5)
    calls = []
    real = database._inspect

    def damaged(conn, *, full):
        calls.append(full)
        return (3, "page 7 is never used") if full is True else real(conn, full=full)

    monkeypatch.setattr("quizapp.store.database._inspect", damaged)
    before = digest(db)
    with Store.open(db, check_later=True) as s:
        assert calls == ["setting"]  # only the setting table so far: the full check follows
        with pytest.raises(DatabaseCorrupt, match="page 7 is never used"):
            s.set_setting("new_per_day", 6)  # the first write runs the check, and is refused
        assert calls == ["setting", True]
        with pytest.raises(DatabaseCorrupt):
            s.set_setting("new_per_day", 7)
    assert digest(db) == before
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:-1])
    conn.close()
    calls.clear()
    Store.open(old, check_later=True).close()  # a migration is to write: the small tables first, as without
    assert calls == ["light"]


def test_database_from_a_newer_quizapp_is_refused_unchanged(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=2)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(db)
    with pytest.raises(DatabaseTooNew, match=rf"written by a newer quizapp \(schema 99, this one knows up to {len(migrations.MIGRATIONS)}\)"):
        Store.open(db)
    assert digest(db) == before


def _failing_step(conn):
    conn.execute("CREATE TABLE half_done (x)")
    raise RuntimeError("power cut")


def test_failed_migration_leaves_the_old_version(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=4)
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(RuntimeError, match="power cut"):
        migrations.migrate(conn, [*migrations.MIGRATIONS, _failing_step])
    assert migrations.current_version(conn) == len(migrations.MIGRATIONS)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    conn.close()
    assert review_seeds(db) == [0, 1, 2, 3]


def test_migration_killed_midway_leaves_the_old_version(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=4)
    code = """
        import sqlite3
        from quizapp import migrations
        def dies(conn):
            conn.execute("CREATE TABLE half_done (x)")
            conn.execute("INSERT INTO half_done VALUES (1)")
            os.kill(os.getpid(), signal.SIGKILL)
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        migrations.migrate(conn, [*migrations.MIGRATIONS, dies])
    """
    proc = spawn(code, db)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db) as s:
        assert migrations.current_version(s._conn) == len(migrations.MIGRATIONS)
        assert "half_done" not in s.db.table_names()
    assert review_seeds(db) == [0, 1, 2, 3] and integrity(db) == "ok"


def test_disk_full_is_a_sentence_and_committed_reviews_survive(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=0)
    code = """
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        store = Store.open(sys.argv[1])
        limit = 256 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        for i in range(10_000):
            try:
                rev(store, i, answer="y" * 3000)
            except StoreError as e:
                print(type(e).__name__, e, flush=True)
                break
            print(i, flush=True)
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))  # too small for a backup
        try:
            store.backup(T0)
        except StoreError as e:
            print(type(e).__name__, e, flush=True)
        store.close()
    """
    proc = spawn(code, db)
    out, err = proc.communicate(timeout=60)
    lines = out.splitlines()
    assert proc.returncode == 0, err
    committed = [int(x) for x in lines if x.isdigit()]
    errors = [x for x in lines if not x.isdigit()]
    assert len(committed) >= 3 and len(errors) == 2
    for line in errors:
        assert line.startswith("DiskFull could not write to ") and "disk is full or a file-size limit" in line
    assert review_seeds(db) == committed and integrity(db) == "ok"
    assert list((tmp_path / "backups").glob("*")) == [], "a partial backup was left behind"
    with Store.open(db) as s:  # and it works again once there is room
        record(s, BANK[0][0], seed=-1, answer="", verdict="wrong", rating=1, duration_ms=0,
                        now=T0 + timedelta(days=30))


@pytest.mark.slow
def test_process_killed_at_random_points_keeps_every_confirmed_review(tmp_path):
    db = populated(tmp_path / "p.sqlite3", reviews=0)
    code = """
        store = Store.open(sys.argv[1])
        i = int(sys.argv[2])
        while True:
            rev(store, i)
            print(i, flush=True)  # printed only after the commit returned
            i += 1
    """
    rng = random.Random(20240301)
    total_confirmed = 0
    for trial in range(8):
        before = len(review_seeds(db))
        proc = subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(code), str(db),
                                 str(trial * 1_000_000)], stdout=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, 0.9))
        proc.kill()
        out, _ = proc.communicate()
        confirmed = [int(x) for x in out.split()]
        new = review_seeds(db)[before:]
        # Every confirmed review is there, once, in order; at most the one in flight beyond.
        assert new[: len(confirmed)] == confirmed and len(new) - len(confirmed) in (0, 1)
        assert new == list(range(trial * 1_000_000, trial * 1_000_000 + len(new)))
        assert integrity(db) == "ok"
        total_confirmed += len(confirmed)
    assert total_confirmed > 0, "the writer never got a review in before being killed"


def test_a_version_1_database_is_migrated_with_every_review_kept(tmp_path):
    """A database as the first quizapp wrote it (schema 1) gets every later schema,
    keeps every review, and has its daily figures and counters built from them."""
    db = tmp_path / "p.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:1])
    conn.executemany("INSERT INTO memory (template_id, topic, position, state, stability, difficulty, due_us, "
                     "last_review_us) VALUES (?, ?, ?, 2, 3.0, 5.0, ?, ?)",
                     [(tid, topic, i, 1, 1) for i, (tid, topic) in enumerate(BANK[:3])])
    base = int(T0.timestamp() * 1_000_000)
    conn.executemany(
        "INSERT INTO review (template_id, topic, seed, answer, verdict, mistake, rating, duration_ms, mode, "
        "reviewed_us, moved, before_state) VALUES (?, ?, ?, '0.5', ?, ?, ?, 1000, ?, ?, 1, ?)",
        [(BANK[i % 3][0], BANK[i % 3][1], i, "correct" if i % 2 else "wrong", None if i % 2 else "m",
          3 if i % 2 else 1, "cram" if i == 5 else "study", base + i * 60_000_000, 0 if i < 3 else 2)
         for i in range(6)])
    conn.close()
    with Store.open(db) as s:
        assert migrations.current_version(s._conn) == len(migrations.MIGRATIONS) >= 3
        names = {n for (n,) in s._conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "review_template" not in names  # v2 dropped it, v4 made it again, v8 linked the reviews instead
        for tid, _ in BANK[:3]:  # each template's history, newest first, through its links
            assert [h.seed for h in s.card_history(tid)] == [i for i in range(5, -1, -1) if BANK[i % 3][0] == tid]
        assert "review_time" not in names  # v7: the day's counts come from review_day
        assert "resolved_us" in {r[1] for r in s._conn.execute("PRAGMA table_info(flag)")}
        totals = s.totals_by_topic()
        assert sum(n for n, _ in totals.values()) == 6 and sum(r for _, r in totals.values()) == 3
        assert sum(m.count for m in s.top_mistakes()) == 3
        reps = dict(s._conn.execute("SELECT template_id, reps FROM memory"))
        assert sum(reps.values()) == 6 and all(d is not None for (d,) in s._conn.execute("SELECT day FROM review"))
    assert review_seeds(db) == list(range(6)) and integrity(db) == "ok"


