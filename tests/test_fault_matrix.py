"""The fault matrix: a progress database made by recording reviews, small and
past the 8 MiB light-check threshold, is damaged at seeded random offsets,
truncated, emptied, replaced by a folder, made read-only (the file, the folder)
or given a full disk (RLIMIT_FSIZE). Then quizapp's own paths run on it,
headless, as the app and the commands do, for several study days: open, the
day's first backup, a session answering a card, then ``quizapp backup`` and
``quizapp restore``.

After each fault, every review acknowledged (recorded before the fault, or
answered on the paths afterwards) is in the database, or in the backup that
``restore`` picks; every refusal on the way was one sentence in both languages;
and after damage, ``restore`` found a good backup (the issue: a damaged large
database used to be written to, its damaged copies rotated the good backups out,
and ``restore`` then found none). A review is known by its id (the row's key):
a byte changed inside a row's text is damage no check can see.

Each size runs its faults in one child process (the read-only folder in its own,
inside a private mount namespace when running as root).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from helpers import DECKS, T0, record
from quizapp.content import load_bank
from quizapp.store import FULL_CHECK_BELOW, Store, StoreError, newest_good_backup
from quizapp.safe_text import unsafe_char

TESTS = Path(__file__).parent
DAYS = 3  # with backups_kept = 2 the third day's backup would prune the good one
# 64 random bytes at a seeded random offset anywhere (mostly inside a row's text: harmless to the
# structure), and at the start of seeded random pages (a b-tree page header, cell pointers, an
# overflow chain: structural damage), and one bit of an index entry (the table is intact, the index
# disagrees: only integrity_check sees it)
FAULTS = ["bytes anywhere", "page header 1", "page header 2", "page header 3", "index entry", "truncate",
          "zero-length", "directory", "read-only file", "full disk"]
SIZES = {"small": (40, 300), "large": (2300, 3800)}  # (reviews, characters in each answer)

CHILD = textwrap.dedent(r"""
    import contextlib, io, json, resource, signal, sys
    sys.path.insert(0, TESTS)
    from datetime import timedelta
    from helpers import DECKS, T0, Clock
    from quizapp.catalog import render
    from quizapp.cli import main
    from quizapp.content import load_bank
    from quizapp.store import StoreError
    from quizapp.workspace import Workspace

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk is EFBIG, not death
    BANK = load_bank(DECKS)

    def said(e):
        return {lang: render(e.msg, lang) for lang in ("en", "zh")}

    def answer_a_card(ws, day):
        s = ws.study(None, "cram", seed=day)  # cram: there is always a card
        try:
            for _ in range(12):
                q = s.current
                if q is None:
                    return None
                if q.kind == "concept":
                    s.reveal("")
                    o = s.rate(3)
                else:
                    o = s.answer("0.5")
                    if o.word == "again":
                        o = s.answer("1")
                if o.card_done and o.word != "again":
                    return o.review_id
        finally:
            s.close()

    def paths(db, days, fsize):
        if fsize:
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, hard))
        acked, said_ = [], []
        for day in range(days):
            clock = Clock(T0 + timedelta(days=10 + day), tick=1.0)
            try:
                ws = Workspace.open(db, clock=clock)
            except StoreError as e:
                said_.append(["open", said(e)])
                continue
            try:
                ws.set_bank(BANK)
                try:
                    ws.maintenance()  # the day's first backup (the app shows a failure and goes on)
                except StoreError as e:
                    said_.append(["daily backup", said(e)])
                review = answer_a_card(ws, day)
                if review is not None:
                    acked.append(review)  # the session returned: the review is acknowledged
            except StoreError as e:
                said_.append(["study", said(e)])
            finally:
                ws.close()
        commands = []
        for argv in (["backup", "--db", db], ["restore", "--db", db]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(argv)
            commands.append([argv[0], status, out.getvalue(), err.getvalue()])
        if fsize:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        return {"acked": acked, "said": said_, "commands": commands}

    for case in json.loads(sys.argv[1]):
        print(json.dumps(paths(case["db"], case["days"], case.get("fsize"))), flush=True)
""").replace("TESTS", repr(str(TESTS)))


def run_paths(cases: list[dict], wrap: list[str] | None = None) -> list[dict]:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([*(wrap or []), sys.executable, "-c", CHILD, json.dumps(cases)], capture_output=True,
                          text=True, timeout=120 * len(cases), env=env)
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr[-3000:]
    return [json.loads(line) for line in proc.stdout.splitlines()]


# ---------------------------------------------------------------- the databases

def build(folder: Path, reviews: int, answer: int) -> list[int]:
    """A database made by recording ``reviews`` reviews, then backed up; the ids."""
    bank = load_bank(DECKS)
    ids = list(bank.templates)
    db = folder / "p.sqlite3"
    with Store.open(db) as s:
        s.sync_bank(bank)
        s.set_setting("backups_kept", 2)
        acked = [record(s, ids[i % len(ids)], seed=i, answer="x" * answer, now=T0 + timedelta(seconds=i)).review_id
                 for i in range(reviews)]
        s.backup(T0 + timedelta(days=1))
    return acked


@pytest.fixture(scope="module")
def origins(tmp_path_factory):
    made = {}
    for size, (reviews, answer) in SIZES.items():
        folder = tmp_path_factory.mktemp(f"origin-{size}")
        made[size] = (folder, build(folder, reviews, answer))
    assert (made["small"][0] / "p.sqlite3").stat().st_size < FULL_CHECK_BELOW
    assert (made["large"][0] / "p.sqlite3").stat().st_size > FULL_CHECK_BELOW  # the light check on open
    return made


def damage(db: Path, fault: str, rng: random.Random) -> dict:
    """Apply ``fault`` to ``db`` (in the parent); what the child needs to know."""
    if fault.startswith(("bytes", "page", "index")):
        data = bytearray(db.read_bytes())
        page_size = int.from_bytes(data[16:18], "big")
        if fault.startswith("bytes"):
            at = rng.randrange(0, len(data) - 64)
            data[at:at + 64] = rng.randbytes(64)
        elif fault.startswith("page"):
            at = rng.randrange(1, len(data) // page_size) * page_size + rng.randrange(0, 24)
            data[at:at + 64] = rng.randbytes(64)
        else:  # the last byte of the memory table's key index's last entry on a leaf page (its rowid)
            at = _index_leaf(db) * page_size - 1
            data[at] ^= 1
        db.write_bytes(bytes(data))
        return {"at": at, "sha": hashlib.sha256(data).hexdigest()}
    if fault == "truncate":
        size = db.stat().st_size
        os.truncate(db, rng.randrange(size // 4, size - 4096))
    elif fault == "zero-length":
        os.truncate(db, 0)
    elif fault == "directory":
        db.unlink()
        db.mkdir()
        (db / "inside").write_text("a folder where the database was")
    elif fault == "read-only file":
        db.chmod(0o444)
    elif fault == "full disk":
        return {"fsize": 64 * 1024}  # past it, every write fails with EFBIG
    return {}


def _index_leaf(db: Path) -> int:
    """The number of a leaf page of the index on the memory table's key (the cells of a
    leaf fill it from its end, so its last bytes are an entry's key)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (page,) = conn.execute("SELECT MAX(pageno) FROM dbstat WHERE name = 'sqlite_autoindex_memory_1' AND pagetype = 'leaf'"
                               ).fetchone()
    finally:
        conn.close()
    return page


def reviews_in(db: Path) -> set[int]:
    """The review ids in ``db`` if quizapp opens it (its own check), else none."""
    try:
        with Store.open(db, readonly=True) as s:
            return {i for (i,) in s._conn.execute("SELECT id FROM review")}
    except StoreError:
        return set()


def backup_reviews(db: Path) -> set[int]:
    good = newest_good_backup(db)
    if good is None:
        return set()
    conn = sqlite3.connect(f"file:{good}?mode=ro", uri=True)
    try:
        return {i for (i,) in conn.execute("SELECT id FROM review")}
    finally:
        conn.close()


def check_outcome(fault: str, folder: Path, before: list[int], result: dict, where: dict) -> None:
    db = folder / "p.sqlite3"
    context = json.dumps({"fault": fault, **where, **result}, ensure_ascii=False)[:4000]
    for _, sentence in result["said"]:  # every refusal was one sentence, in both languages
        for text in sentence.values():
            assert text and "\n" not in text and unsafe_char(text) is None, context
    for name, status, out, err in result["commands"]:
        assert status in (0, 2) and "Traceback" not in err and "unexpected error" not in err, context
        assert (out if status == 0 else err).count("\n") == 1, context
    if db.is_dir():
        shutil.rmtree(db)  # (the folder the fault put there, so the backups can be judged)
    acknowledged = set(before) | set(result["acked"])
    kept = reviews_in(db) | backup_reviews(db)
    assert acknowledged <= kept, f"lost {sorted(acknowledged - kept)[:10]}: {context}"
    restored = result["commands"][1][1] == 0
    if fault.startswith(("bytes", "page", "index")) or fault in ("truncate", "zero-length"):
        damaged = any(kind in ("open", "study", "daily backup") for kind, _ in result["said"])
        # damage that was seen is repaired by restore, from a good backup that holds every review
        assert not damaged or (restored and reviews_in(db) >= acknowledged), context
        assert restored or reviews_in(db) >= acknowledged, context
        if damaged and "sha" in where:  # nothing was written into the damaged file: it was set aside as it was
            (aside,) = folder.glob("p.sqlite3.damaged-*[0-9]")
            assert hashlib.sha256(aside.read_bytes()).hexdigest() == where["sha"], context
    if fault in ("read-only file", "directory"):
        assert not restored and result["acked"] == [], context


@pytest.mark.parametrize("size", list(SIZES))
def test_every_acknowledged_review_survives_every_fault(origins, tmp_path, size):
    origin, before = origins[size]
    rng = random.Random(f"{size}-20250303")
    cases, where = [], []
    for fault in FAULTS:
        folder = tmp_path / fault.replace(" ", "-")
        shutil.copytree(origin, folder)
        info = damage(folder / "p.sqlite3", fault, rng)
        where.append(info)
        cases.append({"db": str(folder / "p.sqlite3"), "days": DAYS, **info})
    try:
        results = run_paths(cases)
    finally:
        (tmp_path / "read-only-file" / "p.sqlite3").chmod(0o644)
    assert len(results) == len(FAULTS)
    for fault, info, result in zip(FAULTS, where, results):
        check_outcome(fault, tmp_path / fault.replace(" ", "-"), before, result, info)


def test_a_read_only_folder_changes_nothing_and_loses_nothing(origins, tmp_path):
    """Read-only as root too: in a private mount namespace the folder is bound
    read-only (it goes away with the child); otherwise its write bits are cleared."""
    origin, before = origins["large"]
    folder = tmp_path / "ro"
    shutil.copytree(origin, folder)
    files = sorted(p.name for p in folder.rglob("*"))
    case = [{"db": str(folder / "p.sqlite3"), "days": 2}]
    if os.geteuid() == 0:
        wrap = ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder)]
        (result,) = run_paths(case, wrap)
    else:
        folder.chmod(0o555)
        try:
            (result,) = run_paths(case)
        finally:
            folder.chmod(0o755)
    assert sorted(p.name for p in folder.rglob("*")) == files
    assert [kind for kind, _ in result["said"]] == ["open", "open"], result
    assert "read-only" in result["said"][0][1]["en"] and "只读" in result["said"][0][1]["zh"], result
    check_outcome("read-only folder", folder, before, result, {})
    assert reviews_in(folder / "p.sqlite3") == set(before)
