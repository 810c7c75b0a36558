"""Hostile files given to `quizapp import --anki`: each is refused in one sentence
(exit 2, never a traceback), and nothing is created, neither the database nor the
deck folder."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.anki import AnkiError, package
from quizapp.anki.package import read_package
from quizapp.cli import main


def _zip(path: Path, members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _sqlite(path: Path, *statements: str) -> bytes:
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()
    return path.read_bytes()


ANKI_11 = (
    "CREATE TABLE col (id integer primary key, crt integer not null, mod integer, scm integer, ver integer, "
    "dty integer, usn integer, ls integer, conf text, models text, decks text, dconf text, tags text)",
    "CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text, "
    "flds text, sfld integer, csum integer, flags integer, data text)",
    "CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer, "
    "type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer, "
    "left integer, odue integer, odid integer, flags integer, data text)",
    "CREATE TABLE revlog (id integer primary key, cid integer, usn integer, ease integer, ivl integer, "
    "lastIvl integer, factor integer, time integer, type integer)",
)
MODELS = ('{"1": {"id": 1, "name": "Basic", "type": 0, "flds": [{"name": "Front", "ord": 0}, '
          '{"name": "Back", "ord": 1}], "tmpls": [{"ord": 0, "qfmt": "{{Front}}", '
          '"afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}]}}')
DECKS = '{"1": {"id": 1, "name": "Default"}}'


def anki11(path: Path, *, front: str = "q", flds_sql: str | None = None) -> bytes:
    """A minimal, well-formed schema-11 collection with one Basic note and card."""
    flds = flds_sql or "'" + front.replace("'", "''") + "' || char(31) || 'a'"
    return _sqlite(path, *ANKI_11,
                   f"INSERT INTO col VALUES (1, 1700000000, 0, 0, 11, 0, 0, 0, '{{}}', '{MODELS}', '{DECKS}', '{{}}', '{{}}')",
                   f"INSERT INTO notes VALUES (10, 'g', 1, 0, 0, '', {flds}, 'q', 0, 0, '')",
                   "INSERT INTO cards VALUES (20, 10, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')")


def _refused(tmp_path: Path, path: Path, capsys, *expected: str) -> str:
    db = tmp_path / "db" / "progress.sqlite3"
    assert main(["import", "--anki", str(path), "--db", str(db)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert captured.out == ""
    assert err.startswith("quizapp: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for part in expected:
        assert part in err, err
    assert not db.exists() and not (tmp_path / "db" / "decks").exists()
    return err


def test_a_file_that_is_not_a_zip(tmp_path, capsys):
    f = tmp_path / "notes.apkg"
    f.write_text("front,back\n")
    _refused(tmp_path, f, capsys, "is not an Anki package", "File › Export")


def test_a_missing_file_and_a_folder(tmp_path, capsys):
    _refused(tmp_path, tmp_path / "nowhere.apkg", capsys, "cannot read", "No such file")
    _refused(tmp_path, tmp_path, capsys, "is not a file")


def test_a_zip_without_a_collection(tmp_path, capsys):
    f = _zip(tmp_path / "x.apkg", {"media": b"{}", "0": b"png"})
    _refused(tmp_path, f, capsys, "holds no Anki collection")


def test_a_zip_with_too_many_members(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(package, "MAX_MEMBERS", 5)
    f = _zip(tmp_path / "x.apkg", {str(i): b"" for i in range(6)})
    _refused(tmp_path, f, capsys, "holds 6 files", "at most 5")


def test_a_zip_bomb_is_cut_at_the_cap_whatever_it_claims(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(package, "MAX_COLLECTION_BYTES", 1 << 20)
    f = _zip(tmp_path / "bomb.apkg", {"collection.anki21": b"\0" * (3 << 20)})
    assert f.stat().st_size < 20_000
    _refused(tmp_path, f, capsys, "unpacks to more than 1 MiB")


def test_a_zstd_bomb_is_cut_at_the_cap(tmp_path, capsys, monkeypatch):
    zstandard = pytest.importorskip("zstandard")
    monkeypatch.setattr(package, "MAX_COLLECTION_BYTES", 1 << 20)
    f = _zip(tmp_path / "bomb.apkg", {"collection.anki21b": zstandard.ZstdCompressor().compress(b"\0" * (3 << 20))},
             zipfile.ZIP_STORED)
    _refused(tmp_path, f, capsys, "unpacks to more than 1 MiB")


def test_a_collection_that_is_not_zstd(tmp_path, capsys):
    pytest.importorskip("zstandard")
    f = _zip(tmp_path / "x.apkg", {"collection.anki21b": b"SQLite format 3\0 but not compressed"})
    _refused(tmp_path, f, capsys, "is a damaged zip file")


def test_an_encrypted_member(tmp_path, capsys):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("collection.anki21", b"pretend this is encrypted")
    data = bytearray(buf.getvalue())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" bit of both headers
        at = data.find(signature)
        data[at + offset] |= 0x1
    f = tmp_path / "x.apkg"
    f.write_bytes(bytes(data))
    _refused(tmp_path, f, capsys, "is encrypted")


def test_a_collection_that_is_not_sqlite(tmp_path, capsys):
    f = _zip(tmp_path / "x.apkg", {"collection.anki21": b"PK\x03\x04 nothing like a database " * 10})
    _refused(tmp_path, f, capsys, "is not an SQLite database")


def test_sql_that_is_not_ankis_schema(tmp_path, capsys):
    data = _sqlite(tmp_path / "other.db", "CREATE TABLE users (name text, password text)",
                   "INSERT INTO users VALUES ('a', 'b')")
    f = _zip(tmp_path / "x.apkg", {"collection.anki21": data})
    _refused(tmp_path, f, capsys, "not a collection as Anki writes it" if False else "does not hold a collection",
             "no col table")


def test_a_column_missing_and_a_value_of_the_wrong_type(tmp_path, capsys):
    data = _sqlite(tmp_path / "c1.db", *ANKI_11[:1], ANKI_11[1].replace("flds text,", ""), *ANKI_11[2:])
    _refused(tmp_path, _zip(tmp_path / "a.apkg", {"collection.anki21": data}), capsys, "notes table has no flds")
    data = anki11(tmp_path / "c2.db", flds_sql="X'00ff'")  # a blob where Anki keeps text
    _refused(tmp_path, _zip(tmp_path / "b.apkg", {"collection.anki21": data}), capsys,
             "notes table holds a value of the wrong type")


def test_note_types_that_are_not_json(tmp_path, capsys):
    data = _sqlite(tmp_path / "c.db", *ANKI_11,
                   "INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{}', '[[[[', '{}', '{}', '{}')")
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": data}), capsys, "models are not a JSON object")
    deep = "[" * 100_000
    data = _sqlite(tmp_path / "d.db", *ANKI_11,
                   f"INSERT INTO col VALUES (1, 0, 0, 0, 11, 0, 0, 0, '{{}}', '{deep}', '{{}}', '{{}}', '{{}}')")
    _refused(tmp_path, _zip(tmp_path / "y.apkg", {"collection.anki21": data}), capsys, "models are not a JSON object")


def test_a_damaged_database(tmp_path, capsys):
    data = bytearray(anki11(tmp_path / "c.db"))
    page = 4096
    data[2 * page:3 * page] = b"\xff" * page  # a B-tree page overwritten
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": bytes(data)}), capsys)


def test_a_huge_field(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(package, "MAX_FIELD_CHARS", 10_000)
    data = anki11(tmp_path / "c.db", front="x" * 20_000)
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": data}), capsys,
             "note 10", "fields of 20002 characters", "at most 10000")


def test_a_field_too_long_once_converted(tmp_path, capsys, monkeypatch):
    from quizapp.anki import convert

    monkeypatch.setattr(convert, "MAX_TEXT", 1_000)
    data = anki11(tmp_path / "c.db", front="<b>word</b> " * 500)
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": data}), capsys,
             "once its HTML is removed", "at most 1000")


def test_sqlite_work_is_capped(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(package, "MAX_SQLITE_STEPS", 100_000)
    anki11(tmp_path / "c.db")
    data = _sqlite(tmp_path / "c.db", "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 5100) "
                   "INSERT INTO notes SELECT i, 'g', 1, 0, 0, '', 'q' || i || char(31) || 'a', 'q', 0, 0, '' FROM n")
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": data}), capsys,
             "took far more work than any Anki collection needs")


def test_too_many_notes(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(package, "MAX_NOTES", 0)
    data = anki11(tmp_path / "c.db")
    _refused(tmp_path, _zip(tmp_path / "x.apkg", {"collection.anki21": data}), capsys, "holds 1 notes", "at most 0")


def test_a_well_formed_minimal_collection_is_accepted(tmp_path):
    """The hand-made collection the refusals start from is itself fine, so each
    refusal above is caused by its one defect."""
    data = anki11(tmp_path / "c.db", front="What is <i>recall</i>?")
    col = read_package(_zip(tmp_path / "x.apkg", {"collection.anki21": data}))
    assert len(col.notes) == 1 and len(col.cards) == 1 and col.notetypes[1].fields == ("Front", "Back")
    db = tmp_path / "p.sqlite3"
    assert main(["import", "--anki", str(tmp_path / "x.apkg"), "--db", str(db)]) == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["collection.anki21", "collection.anki2"]))
def test_any_bytes_as_a_collection_end_in_a_sentence(tmp_path, data, member):
    f = _zip(tmp_path / "fuzz.apkg", {member: data})
    with pytest.raises(AnkiError) as e:
        read_package(f)
    assert str(e.value).count("\n") == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=4095), st.binary(min_size=1, max_size=64))
def test_a_real_collection_with_bytes_flipped_is_read_or_refused_in_a_sentence(tmp_path, at, junk):
    base = tmp_path / "base.db"
    if not base.exists():
        anki11(base)
    data = bytearray(base.read_bytes())
    at = 100 + at * (len(data) - 200) // 4096  # past the header
    data[at:at + len(junk)] = junk
    f = _zip(tmp_path / "flip.apkg", {"collection.anki21": bytes(data)})
    try:
        col = read_package(f)
    except AnkiError as e:
        assert str(e).count("\n") == 0
    else:
        assert isinstance(col.notes, dict)
