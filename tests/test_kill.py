"""Nothing is lost: ``quizapp drill --plain`` processes killed with SIGKILL at random
points, two drills on one database, Ctrl-C. Each drill runs as a real subprocess
on the fixture deck (``--content``) and is driven line by line through its cues."""

import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import default_sigint

DECKS = Path(__file__).parent / "fixtures" / "decks"
TRIALS = 18  # each kills two drills in a row on one database: 36 kills
REVIEW_LINE = re.compile(r"^(correct|wrong) \(|^rated [1-4] ")
HEADER = re.compile(r"^\[\d+/\d+\] (\S+) · ")


class Drill:
    """A ``quizapp drill --plain`` subprocess read line by line on a thread."""

    def __init__(self, db, *args, env=None):
        cmd = [sys.executable, "-m", "quizapp", "drill", "--plain", "--content", str(DECKS), "--db", str(db), *args]
        # faulthandler: a drill that does not end is sent SIGABRT (``drain``) and writes
        # every thread's stack to stderr, which the failure then shows
        env = {**(os.environ if env is None else env), "PYTHONFAULTHANDLER": "1"}
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8", env=env, preexec_fn=default_sigint)
        self.lines: list[str] = []
        self.ended = False
        self._q: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        try:
            for line in self.proc.stdout:
                self._q.put(line.rstrip("\n"))
        except (OSError, ValueError):
            pass  # closed by drain() after a drill that had to be aborted
        self._q.put(None)

    def until_cue(self, timeout=15.0):
        """Lines up to and including the next ``> `` cue; None once the output ended."""
        deadline = time.monotonic() + timeout
        while True:
            if self.ended:
                return None
            line = self._q.get(timeout=max(0.01, deadline - time.monotonic()))
            if line is None:
                self.ended = True
                return None
            self.lines.append(line)
            if line.startswith("> "):
                return line

    def send(self, text):
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def drain(self, timeout=60.0):
        """Every line the process wrote before it ended. One that has not ended within
        ``timeout`` (it takes well under a second) fails the test with the stacks of
        its threads."""
        try:
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGABRT)
                try:
                    self.proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
                err = self.proc.stderr.read()  # the process has ended: the pipe has an end
                pytest.fail(f"the drill did not end within {timeout:g} s; its threads:\n{err[-6000:]}")
            while not self.ended:
                line = self._q.get(timeout=15)
                if line is None:
                    self.ended = True
                else:
                    self.lines.append(line)
            self.err = self.proc.stderr.read()
        finally:  # closed here, not by the garbage collector during some later test
            for stream in (self.proc.stdin, self.proc.stderr, self.proc.stdout):
                try:
                    stream.close()
                except (BrokenPipeError, ValueError):
                    pass
        return self.lines


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return {**os.environ, "QUIZAPP_CACHE_DIR": str(tmp_path_factory.mktemp("cache")), "PYTHONHASHSEED": "0"}


def answer_for(cue, rng):
    if cue.startswith("> rate"):
        return rng.choice(["1", "2", "3", "4", "9"])
    if cue.startswith("> your answer"):
        return rng.choice(["", "a fraction of the predicted positives"])
    if cue.startswith("> answer with option"):
        return rng.choice(["1", "2", "3", "1,2", "zz"])
    return rng.choice(["0.5", "0.085", "-1.3", "1e-3", "what?", "[0.1, 0.2]"])


def printed_reviews(lines):
    """(template id, verdict) of every line that stands for a committed review."""
    out, current = [], None
    for line in lines:
        header = HEADER.match(line)
        if header:
            current = header.group(1)
        elif REVIEW_LINE.match(line):
            out.append((current, "self" if line.startswith("rated") else line.split(" ")[0]))
    return out


def stored_reviews(db):
    """The reviews in ``db`` after checking its integrity; [] when the drill was killed
    before the database existed or before its one-transaction schema was committed."""
    if not Path(db).exists():
        return []
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if c.execute("PRAGMA user_version").fetchone()[0] == 0:
            assert c.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0
            return []
        return c.execute("SELECT template_id, verdict, session_id, seed FROM review ORDER BY id").fetchall()


def killed_run(db, seed, rng, env):
    """Drive a drill, SIGKILL it after a random number of answers plus a random
    sub-millisecond-to-milliseconds delay; return the lines it printed."""
    d = Drill(db, "--seed", str(seed), "--count", "7", env=env)
    kill_after = rng.randint(0, 14)
    for _ in range(kill_after):
        cue = d.until_cue()
        if cue is None:
            break
        d.send(answer_for(cue, rng))
    time.sleep(rng.choice([0, rng.uniform(0, 0.004), rng.uniform(0, 0.03)]))
    d.proc.send_signal(signal.SIGKILL)
    return d.drain()


def test_sigkill_at_random_points_loses_nothing_and_records_nothing_twice(tmp_path, env):
    rng = random.Random(20250303)
    kills_mid_answer = 0
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.sqlite3"
        printed_so_far = []
        for run in range(2):  # the second run reopens the killed run's database
            lines = killed_run(db, 1000 * trial + run, rng, env)
            printed_so_far += printed_reviews(lines)
            stored = stored_reviews(db)
            pairs = [(t, v) for t, v, _, _ in stored]
            context = f"trial {trial} run {run}: printed {printed_so_far}, stored {pairs}"
            # Every verdict printed is stored, in order; at most the one answer being
            # printed when the kill came is stored but not yet shown.
            assert pairs[:len(printed_so_far)] == printed_so_far, context
            assert len(pairs) - len(printed_so_far) in (0, 1), context
            kills_mid_answer += len(pairs) - len(printed_so_far)
            printed_so_far = pairs  # a committed but unprinted review is history now
            # Nothing twice: one drill draws each card once, so a (session, card, seed)
            # appears at most once.
            assert len({(t, s, seed) for t, _, s, seed in stored}) == len(stored), context
    print(f"{TRIALS * 2} kills, {kills_mid_answer} between a commit and its verdict line")


def test_two_drills_on_one_database_the_second_is_told_and_nothing_is_lost(tmp_path, env):
    db = tmp_path / "p.sqlite3"
    first = Drill(db, "--seed", "5", "--topic", "metrics", env=env)
    cue = first.until_cue()
    assert cue is not None
    second = subprocess.run([sys.executable, "-m", "quizapp", "drill", "--plain", "--content", str(DECKS),
                             "--db", str(db)], input="0.5\n", capture_output=True, text=True, env=env, timeout=30)
    assert second.returncode == 2 and second.stdout == ""
    assert second.stderr.count("\n") == 1
    assert f"is open in another quizapp (pid {first.proc.pid})" in second.stderr
    answered = 0
    while answered < 3:
        first.send("3" if cue.startswith("> rate") else "1")
        cue = first.until_cue()
        if not cue.startswith("> rate"):
            answered += 1
    first.proc.stdin.close()
    lines = first.drain()
    assert first.proc.returncode == 0 and lines[-1].startswith("done: 3 answered")
    assert [(t, v) for t, v, _, _ in stored_reviews(db)] == printed_reviews(lines)
    assert len(printed_reviews(lines)) == 3


def test_ctrl_c_ends_with_a_summary(tmp_path, env):
    d = Drill(tmp_path / "p.sqlite3", "--topic", "optimizers", "--seed", "2", env=env)
    d.until_cue()
    d.send("0.5")  # step 1 of the Adam card
    d.until_cue()
    d.proc.send_signal(signal.SIGINT)
    lines = d.drain()
    assert d.proc.returncode == 130
    assert lines[-1] == "done: 0 answered, 0 skipped, 2 left"
    assert d.err == ""


# ---------------------------------------------------------------- import and restore, killed midway

KILLS = 6  # SIGKILLs of each command at random points


def _run_killed(args, rng, env, *, started, within):
    """``quizapp ARGS`` SIGKILLed a random ``within`` seconds after ``started()``
    says its work has begun (or when it finished first)."""
    proc = subprocess.Popen([sys.executable, "-m", "quizapp", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while proc.poll() is None and not started() and time.monotonic() < deadline:
        time.sleep(0.002)  # polling for the work to begin, not waiting for a result
    time.sleep(rng.uniform(*within))
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.decode(), err.decode()


def _grows(path, beyond=0):
    """True once ``path`` exists and is larger than ``beyond`` bytes."""
    def check():
        try:
            return os.path.getsize(path) > beyond
        except OSError:
            return False
    return check


def _review_ids(db):
    """Review ids in ``db`` after checking its integrity; None if there is no
    database. Opened for writing, as quizapp's next start would: SQLite first
    rolls back what a killed writer left half done."""
    if not Path(db).is_file():
        return None
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if c.execute("PRAGMA user_version").fetchone()[0] == 0:
            return set()
        return {i for (i,) in c.execute("SELECT id FROM review")}


def _large_export(path, reviews):
    """An export file of ``reviews`` reviews (made directly: the format is the contract)."""
    when = "2025-03-03T09:00:00.000000+00:00"
    lines = ['{"quizapp_export": 1, "schema": 3}',
             '{"table": "study_session", "id": 1, "mode": "study", "started": "%s", "ended": null, "topics": null}' % when]
    for i in range(1, reviews + 1):
        lines.append('{"table": "review", "id": %d, "template_id": "metrics.f1-counts", "topic": "metrics", '
                     '"seed": %d, "answer": "%s", "verdict": "wrong", "mistake": null, "rating": 1, '
                     '"duration_ms": 900, "mode": "cram", "reviewed": "%s", "moved": 0, "session_id": 1, '
                     '"before_state": 0, "before_step": null, "before_stability": null, "before_difficulty": null, '
                     '"before_due": null, "before_last_review": null, "day": "2025-03-03"}' % (i, i, "0." + "5" * 300, when))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_import_killed_midway_imports_nothing_and_the_next_import_everything(tmp_path, env):
    """An import is one transaction: a kill at any point leaves no row of it (and
    no lock); the next import, run to the end, brings every row."""
    source, db = tmp_path / "progress.jsonl", tmp_path / "p.sqlite3"
    _large_export(source, 30_000)  # ~11 MB
    rng = random.Random(20250304)
    statuses = []
    for _ in range(KILLS):
        # in the middle of the transaction: once its pages spill into the WAL
        status, out, err = _run_killed(["import", source, "--db", db], rng, env,
                                       started=_grows(f"{db}-wal", 64 * 1024), within=(0, 0.4))
        statuses.append(status)
        assert "Traceback" not in err
        ids = _review_ids(db)
        if status == -signal.SIGKILL:
            assert ids in (None, set()), f"a killed import left {len(ids)} reviews"
        else:  # it finished before the kill: everything, once
            assert status == 0 and len(ids) == 30_000, (status, err)
            db.unlink()
    assert statuses.count(-signal.SIGKILL) >= KILLS // 2, statuses  # the kills did land midway
    done = subprocess.run([sys.executable, "-m", "quizapp", "import", str(source), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _review_ids(db) == set(range(1, 30_001))


def test_restore_killed_midway_keeps_either_database_whole_and_loses_no_review(tmp_path, env):
    """A large database with reviews still in its WAL (its writer was killed) is
    replaced by a backup, and the restore is killed at random points: the database
    is always whole (the old one or the restored one), every review of the old one
    is in it or in a backup, and the next restore finishes and leaves no part file."""
    import shutil

    from helpers import DECKS, T0, record
    from quizapp.content import load_bank
    from quizapp.store import Store, list_backups

    bank = load_bank(DECKS)
    ids = list(bank.templates)
    db = tmp_path / "p.sqlite3"
    with Store.open(db) as s:
        s.sync_bank(bank)
        for i in range(2300):  # > 8 MiB
            record(s, ids[i % len(ids)], seed=i, answer="x" * 3800, now=T0 + timedelta(seconds=i))
        wanted = s.backup(T0 + timedelta(days=1))  # what will be restored: these 2,300 reviews
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys; sys.path.insert(0, %r)\n"
        "from datetime import timedelta\nfrom helpers import T0, record\nfrom quizapp.store import Store\n"
        "s = Store.open(%r)\ns._conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for i in range(40):\n    record(s, %r, seed=10_000 + i, answer='y', now=T0 + timedelta(days=2, seconds=i))\n"
        "print('written', flush=True)\nsys.stdin.readline()\n") % (str(Path(__file__).parent), str(db), ids[0])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert writer.stdout.readline() == "written\n"
    writer.kill()  # its last 40 reviews live only in the WAL
    writer.communicate()
    assert Path(f"{db}-wal").stat().st_size > 0
    old = _review_ids(db)
    assert len(old) == 2340
    pristine = tmp_path / "pristine"
    pristine.mkdir()
    for f in tmp_path.glob("p.sqlite3*"):
        shutil.copy(f, pristine / f.name)
    rng = random.Random(20250305)
    for trial in range(KILLS):
        backups = len(list_backups(db))
        stage = [  # copying the backup; keeping the old database as a backup; putting the copy in place
            (_grows(f"{db}.restore.part"), (0, 0.2)),
            (lambda: any((tmp_path / "backups").glob("*.part")), (0, 0.2)),
            (lambda: len(list_backups(db)) > backups, (0, 0.05)),
        ][trial % 3]
        status, out, err = _run_killed(["restore", wanted, "--db", db], rng, env, started=stage[0], within=stage[1])
        assert "Traceback" not in err
        now = _review_ids(db)
        assert now in (old, old - set(range(2301, 2341)), set(range(1, 2301))), f"trial {trial}: {len(now)} reviews"
        kept = set(now)
        for backup in list_backups(db):
            kept |= _review_ids(backup) or set()
        assert old <= kept, f"trial {trial}: lost {sorted(old - kept)[:5]}"
        if status == 0 or now == set(range(1, 2301)):  # it got to the end: start again from the old state
            for f in tmp_path.glob("p.sqlite3*"):
                f.unlink()
            for f in pristine.iterdir():
                shutil.copy(f, tmp_path / f.name)
    done = subprocess.run([sys.executable, "-m", "quizapp", "restore", str(wanted), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _review_ids(db) == set(range(1, 2301))
    assert list(tmp_path.glob("*.part")) == [] and list((tmp_path / "backups").glob("*.part")) == []


def test_a_reader_that_stops_early_still_leaves_the_session_finished(tmp_path, env):
    """``quizapp drill --plain | head``: the drill meets a closed pipe after a review;
    it ends quietly, and the review and the session's end are both stored."""
    db = tmp_path / "p.sqlite3"
    cmd = [sys.executable, "-m", "quizapp", "drill", "--plain", "--content", str(DECKS), "--db", str(db),
           "--seed", "3", "--count", "3", "--topic", "metrics"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8", env=env)
    proc.stdin.write("\n3\n")  # the concept card first (seed 3): an attempt, then a rating
    proc.stdin.flush()
    while not proc.stdout.readline().startswith("rated 3"):
        pass
    proc.stdout.close()  # what head does once it has its lines
    proc.stdin.write("0.5\n1\n\n3\n")  # the drill reads on, and its next line meets the closed pipe
    proc.stdin.close()
    assert proc.wait(timeout=30) == 0
    err = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in err and "unexpected error" not in err, err
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM review").fetchone()[0] >= 1
        assert c.execute("SELECT COUNT(*) FROM study_session WHERE ended_us IS NULL").fetchone()[0] == 0
