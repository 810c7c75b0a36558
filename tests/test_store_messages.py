"""Every progress-database failure is a catalog message: ``StoreError.msg`` says it
in English and in Chinese with the same facts (``str()`` stays the English
sentence), and the drill, the commands and the terminal app show it in the
learner's language."""

from __future__ import annotations

import errno
import pickle
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from textual.notifications import Notify
from tui_fixtures import bank, clock, make, store, sync  # noqa: F401

from helpers import DECKS, record
from quizapp import migrations
from quizapp.catalog import Msg, has, render
from quizapp.store import DatabaseCorrupt, DatabaseLocked, ReadOnlyDatabase, Store, StoreError, restore
from quizapp.store.errors import _os_error, _translate

T0 = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)
HAN = re.compile("[\u4e00-\u9fff]")
STORE = Path(__file__).parent.parent / "quizapp" / "store"


def both(error: StoreError) -> tuple[str, str]:
    """The error in English and in Chinese, after checking what every one must be."""
    assert isinstance(error.msg, Msg), f"{error!r} carries no catalog message"
    en, zh = render(error.msg, "en"), render(error.msg, "zh")
    assert str(error) == en and "\n" not in en and "\n" not in zh
    assert HAN.search(zh) and not HAN.search(en.replace("指标", "")), (en, zh)
    return en, zh


def _make_errors(tmp_path: Path) -> list[StoreError]:
    """One of each failure, produced the way quizapp meets it."""
    made = []

    def catch(call):
        with pytest.raises(StoreError) as info:
            call()
        made.append(info.value)

    db = tmp_path / "p.sqlite3"
    with Store.open(db) as s:
        s.sync_templates([("metrics.f1", "metrics")])
        record(s, "metrics.f1", now=T0)
        catch(lambda: Store.open(db))  # locked
        catch(lambda: s.undo_last_review(expect_id=99))
        catch(lambda: s.import_lines(['{"quizapp_export": 1, "schema": 3}']))  # already holds progress
        catch(lambda: restore(db, now=T0))  # locked
    for lines in (["nope"], ['{"quizapp_export": 1, "schema": 3}', '{"table": "review", "rating": 9}'],
                  ['{"quizapp_export": 1, "schema": 3}', '{"table": "flag", "id": 1, "template_id": "a", '
                   '"note": "n", "created": "soon"}'],
                  ['{"quizapp_export": 1, "schema": 3}', '{"table": "setting", "key": "theme", "value": "\\"x\\""}'],
                  ['{"quizapp_export": 1, "schema": 3}', "[" * 100_000], ['{"quizapp_export": 1, "schema": 99}']):
        with Store.open(tmp_path / f"fresh{len(made)}.sqlite3") as fresh:
            catch(lambda: fresh.import_lines(lines))
    catch(lambda: Store.open(tmp_path / "none.sqlite3", create=False))
    catch(lambda: Store.open(tmp_path))  # a folder
    catch(lambda: restore(db, tmp_path / "missing.sqlite3", now=T0))
    catch(lambda: restore(tmp_path / "nobackups" / "p.sqlite3", now=T0))
    with Store.open(db) as s:
        s.backup(T0)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 500)
    catch(lambda: Store.open(damaged))
    catch(lambda: restore(db, damaged, now=T0))
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    conn.close()
    catch(lambda: Store.open(newer))
    with Store.open(db, readonly=True) as ro:
        catch(lambda: ro.set_setting("new_per_day", 5))
    with Store.open(db) as s:
        catch(lambda: s.set_setting("new_per_day", -1))
    for code in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO):
        made.append(_os_error(OSError(code, "reason"), "lock_create", db))
    made.append(_os_error(OSError(errno.EACCES, "reason"), "read", db, reading=True))
    for name in ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_BUSY", "SQLITE_CANTOPEN", "SQLITE_CORRUPT", "SQLITE_IOERR"):
        e = sqlite3.OperationalError("detail")
        e.sqlite_errorname = name
        made.append(_translate(e, db))
    return made


def test_every_store_error_says_the_same_in_english_and_chinese(tmp_path):
    errors = _make_errors(tmp_path)
    assert len(errors) >= 30
    for error in errors:
        en, zh = both(error)
        for path in re.findall(r"/\S+?(?=[ ;,:)]|$)", en):  # the same files are named in both
            assert path in zh, (en, zh)
        for number in re.findall(r"\b\d+\b", en.split(" (")[0]):  # and the same line numbers, ids, pids
            assert number in zh, (en, zh)


def test_a_store_error_travels_with_its_message():
    error = ReadOnlyDatabase(Msg("store.read_only", path="/x/p.sqlite3"))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ReadOnlyDatabase and again.msg == error.msg and str(again) == str(error)
    assert str(StoreError("plain")) == "plain" and StoreError("plain").msg == "plain"


def test_every_message_the_store_names_by_parts_exists():
    """Keys built from parts (what was being done, what a field must be) exist."""
    from quizapp.store import transfer

    source = "\n".join(p.read_text(encoding="utf-8") for p in STORE.glob("*.py"))
    doing = set(re.findall(r'_os_error\([^,]+,\s*"([a-z_]+)"', source))
    assert len(doing) >= 8
    for name in doing:
        assert has(f"store.doing.{name}"), name
    for rules in transfer._RULES.values():
        for _, expected in rules.values():
            assert isinstance(expected, Msg) and HAN.search(expected.text("zh")), expected


def test_the_drill_and_stats_say_a_store_error_in_chinese(tmp_path):
    db = tmp_path / "p.sqlite3"
    db.write_bytes(b"garbage" * 1000)
    run = lambda *a: subprocess.run([sys.executable, "-m", "quizapp", *a], capture_output=True, text=True,  # noqa: E731
                                    input="", timeout=60)
    drill = run("drill", "--plain", "--content", str(DECKS), "--db", str(db), "--lang", "zh")
    stats = run("stats", "--db", str(db), "--lang", "zh")
    for out in (drill, stats):
        assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
        assert out.stderr.startswith(f"quizapp: {db} 已损坏（") and "没有完好的备份" in out.stderr, out.stderr
    english = run("drill", "--plain", "--content", str(DECKS), "--db", str(db))
    assert f"{db} is damaged (" in english.stderr


@sync
async def test_the_app_says_a_store_error_in_the_learners_language(make, store, monkeypatch):
    def refuse(key, value):
        raise ReadOnlyDatabase(Msg("store.read_only", path=str(store.path)))

    notes = []
    app = make(lang="zh")
    async with app.run_test(size=(80, 24), message_hook=lambda m: isinstance(m, Notify) and notes.append(m.notification)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        monkeypatch.setattr(store, "set_setting", refuse)
        field = app.screen.query_one("#set-new_per_day")
        field.value = "30"
        assert not app.screen.save_number(field)
        await pilot.pause()
    assert notes[-1].message == f"无法保存：{store.path} 是只读的，quizapp 可以读取，但无法记录任何内容"
    assert notes[-1].severity == "error"
