"""`quizapp import --anki`: packages made and exported by Anki itself, in its
current (collection.anki21b, zstd), legacy (collection.anki21) and Anki 2.0
(collection.anki2) formats, become concept cards in the user deck folder, and
their review history becomes the memory state Anki's own FSRS computes."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("anki")
pytest.importorskip("zstandard")

from anki_helpers import FILTERED, HISTORIES, MANUAL, as_anki2, build, moment  # noqa: E402

from quizapp.cli import main  # noqa: E402
from quizapp.content import load_bank  # noqa: E402
from quizapp.paths import user_decks_dir  # noqa: E402

FORMATS = ("anki21b", "anki21", "anki2")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """One collection exported in each format: {format: (Built, path)}."""
    root = tmp_path_factory.mktemp("anki")
    built = build(root)
    return {"anki21b": (built, built.path), "anki21": (built, built.legacy),
            "anki2": (built, as_anki2(built.legacy, root / "deck-2.0.apkg"))}


def _import(path: Path, db: Path, *extra: str) -> int:
    return main(["import", "--anki", str(path), "--db", str(db), *extra])


def _memory(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as c:
        return {r[0]: r[1:] for r in c.execute(
            "SELECT template_id, state, stability, difficulty, due_us, last_review_us, reps, lapses, suspended, "
            "topic FROM memory")}


def _ids(built, label: str, topic: str) -> str:
    nid = built.notes[label.split("-")[0]]
    ordinal = {"rev-2": 2, "cloze-2": 2}.get(label)
    return f"{topic}.anki-{nid}" + (f"-{ordinal}" if ordinal else "")


TOPIC = {"basic": "ml-basics", "cloze-1": "ml-basics", "cloze-2": "ml-basics", "rev": "languages-japanese-vocab",
         "rev-2": "languages-japanese-vocab"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_basic_reversed_and_cloze_notes_become_concept_cards_in_the_user_decks(packages, fmt, tmp_path, capsys):
    built, path = packages[fmt]
    db = tmp_path / "progress.sqlite3"
    assert _import(path, db) == 0
    out = capsys.readouterr().out
    assert "imported 5 cards" in out and "1 card was left out: a side is empty" in out
    folder = user_decks_dir(db)
    assert folder == tmp_path / "decks"
    assert sorted(p.name for p in folder.iterdir()) == ["languages-japanese-vocab.toml", "ml-basics.toml"]
    bank = load_bank(folder)  # the real deck reader, as the app will read them
    assert bank.errors == []
    assert set(bank.topics) == {"ml-basics", "languages-japanese-vocab"}
    assert bank.topics["ml-basics"] == {"en": "ML basics", "zh": "ML basics"}
    assert set(bank.templates) == {_ids(built, label, TOPIC[label]) for label in TOPIC}
    spec = {label: bank.templates[_ids(built, label, TOPIC[label])].spec for label in TOPIC}
    assert all(s["kind"] == "concept" for s in spec.values())

    basic = spec["basic"]
    assert basic["question"]["en"].startswith("What is F1? [image: ")
    assert "[图片：" in basic["question"]["zh"]
    assert basic["answer"]["en"] == "2·P·R / (P + R)\nthe harmonic mean & more\nof precision and recall"
    assert sorted(basic["tags"]) == ["chapter.one", "ml"]
    assert spec["rev"]["question"]["en"] == "犬" and spec["rev"]["answer"]["en"] == "dog [sound: inu.mp3]"
    assert spec["rev-2"]["question"]["zh"] == "dog [音频：inu.mp3]" and spec["rev-2"]["answer"]["zh"] == "犬"
    assert spec["cloze-1"]["question"]["en"] == "[...] keeps bias correction for m̂ and v̂"
    assert spec["cloze-1"]["answer"]["en"] == "Adam\n\nKingma & Ba, 2015"
    assert spec["cloze-2"]["question"]["en"] == "Adam keeps [a fix] for m̂ and v̂"
    assert spec["cloze-2"]["answer"]["en"].startswith("bias correction")
    assert len(_memory(db)) == 5


def _counted(entries):
    """The log entries Anki's FSRS counts, by the rules as Anki states them: after the
    last reset, previews aside."""
    last_reset = max((i for i, (_, ease, kind) in enumerate(entries) if kind == MANUAL and ease == 0), default=-1)
    return [e for e in entries[last_reset + 1:] if 1 <= e[1] <= 4 and e[2] != MANUAL]


@pytest.mark.parametrize("fmt", FORMATS)
def test_review_history_becomes_the_memory_state_anki_itself_computes(packages, fmt, tmp_path):
    built, path = packages[fmt]
    db = tmp_path / "progress.sqlite3"
    assert _import(path, db) == 0
    memory = _memory(db)
    for label, (stability, difficulty) in built.memory.items():
        state, s, d, due_us, last_us, reps, lapses, suspended, topic = memory[_ids(built, label, TOPIC[label])]
        assert state == 2, label  # Review
        assert s == pytest.approx(stability, rel=1e-4), label
        assert d == pytest.approx(difficulty, rel=1e-4), label
        counted = _counted(built.history[label])
        moved = [e for e in counted if e[2] != FILTERED]
        assert reps == len(moved), label
        last = moment(moved[-1][0])
        assert last_us == int(last.timestamp() * 1_000_000), label
        assert due_us > last_us + timedelta(days=1) / timedelta(microseconds=1)
        assert suspended == 0
    assert memory[_ids(built, "basic", "ml-basics")][6] == 1  # one lapse: Again from Review
    new = memory[_ids(built, "rev-2", "languages-japanese-vocab")]
    assert new[0] == 0 and new[1] is None and new[7] == 1  # never reviewed, and suspended as in Anki


@pytest.mark.parametrize("fmt", ["anki21b"])
def test_reviews_and_the_daily_figures_are_written_as_quizapp_writes_its_own(packages, fmt, tmp_path):
    built, path = packages[fmt]
    db = tmp_path / "progress.sqlite3"
    assert _import(path, db) == 0
    counted = {label: _counted(entries) for label, entries in built.history.items()}
    total = sum(map(len, counted.values()))
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT mode, moved, verdict, rating, duration_ms, day, before_state FROM review").fetchall()
        days = c.execute("SELECT SUM(reviews), SUM(recalled), SUM(new_cards), SUM(duration_ms) FROM review_day"
                         ).fetchone()
    assert len(rows) == total == 18
    assert sorted((m, mv) for m, mv, *_ in rows).count(("cram", 0)) == 1  # the filtered-deck preview
    assert {v for _, _, v, *_ in rows} == {"self"}  # self-rated, as a concept card's review here
    recalled = sum(1 for entries in counted.values() for _, ease, _ in entries if ease > 1)
    assert days == (total, recalled, 4, total * 6000)
    assert all(day and len(day) == 10 for *_, day, _ in rows)
    # the figures read the aggregates: stats sees every imported review
    from datetime import datetime, timezone

    from quizapp.stats import gather
    from quizapp.store import Store

    with Store.open(db, readonly=True) as store:
        figures = gather(store, datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert figures["reviews"] + figures["practice"]["reviews"] == total


def test_importing_merges_into_a_database_with_progress_and_again_adds_nothing(packages, tmp_path, capsys):
    from helpers import T0, record

    from quizapp.store import Store

    db = tmp_path / "progress.sqlite3"
    bank = load_bank()
    some = next(iter(bank.templates))
    with Store.open(db) as store:
        store.sync_bank(bank)
        record(store, some, now=T0)
        before = store.memory(some)
    assert _import(packages["anki21b"][1], db) == 0
    capsys.readouterr()
    folder = user_decks_dir(db)
    snapshot = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    with Store.open(db) as store:
        assert store.memory(some) == before  # progress untouched
        reviews = store._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0]
    assert reviews == 1 + 18
    for fmt in FORMATS:  # the same collection in every format: the same note ids, nothing new
        assert _import(packages[fmt][1], db) == 0
        assert "nothing new" in capsys.readouterr().out
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == snapshot
    with Store.open(db) as store:
        assert store._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == reviews


def test_a_failure_in_the_transaction_leaves_neither_deck_files_nor_rows(packages, tmp_path, monkeypatch):
    from quizapp.anki import deckfile, importer

    db = tmp_path / "progress.sqlite3"
    real = deckfile.Staged.publish
    seen = {}

    def publish_then_fail(self):
        undo = real(self)
        seen["published"] = sorted(p.name for p in self.folder.iterdir() if p.suffix == ".toml")
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(deckfile.Staged, "publish", publish_then_fail)
    with pytest.raises(RuntimeError):
        importer.import_apkg(packages["anki21b"][1], db)
    assert seen["published"] == ["languages-japanese-vocab.toml", "ml-basics.toml"]  # they were there…
    assert not user_decks_dir(db).exists()  # …and are gone, temporary files and the folder made for them too
    assert _memory(db) == {}
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM review").fetchone()[0] == 0


def test_a_database_in_use_refuses_the_import_and_nothing_is_written(packages, tmp_path, capsys):
    from quizapp.store import Store

    db = tmp_path / "progress.sqlite3"
    with Store.open(db):
        assert _import(packages["anki21b"][1], db) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "open in another quizapp" in err
    assert not user_decks_dir(db).exists()
    assert _memory(db) == {}


def test_the_report_speaks_chinese(packages, tmp_path, capsys):
    assert _import(packages["anki21"][1], tmp_path / "p.sqlite3", "--lang", "zh") == 0
    out = capsys.readouterr().out
    assert "已从" in out and "张卡片" in out and "图片" in out


def test_a_deck_folder_that_cannot_be_written_refuses_the_import_before_the_database_changes(packages, tmp_path,
                                                                                              capsys):
    db = tmp_path / "progress.sqlite3"
    user_decks_dir(db).write_text("a file where the deck folder belongs")
    assert _import(packages["anki21b"][1], db) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not write the deck files" in err and "nothing was imported" in err
    assert not db.exists()
