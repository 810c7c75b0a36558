"""Read an Anki package (.apkg, .colpkg) into plain data, treating it as hostile.

An Anki package is a zip file holding the collection, an SQLite database:
``collection.anki21b`` (Anki 2.1.50 and later: zstd-compressed, schema 18, note
types and decks in their own tables with protobuf settings),
``collection.anki21`` (Anki 2.1 before that) or ``collection.anki2`` (Anki 2.0;
both schema 11, note types and decks as JSON in the ``col`` row). A package has
the newest its Anki could write, and current ones add a stub ``collection.anki2``
for old Ankis, so the newest present is read. Media files are never read:
cards keep a marker where an image or sound was.

What a hostile file meets, each refused in one sentence before anything is
written anywhere:

- not a zip file, an encrypted member, more than ``MAX_MEMBERS`` members (counted
  from the zip's end record before the member list is read), no collection;
- a collection that unpacks (zip, then zstd) to more than ``MAX_COLLECTION_BYTES``:
  unpacking stops at the cap, whatever sizes the file claims;
- not SQLite, damaged (``PRAGMA quick_check``), tables or columns that are not
  Anki's, values of the wrong type, more than ``MAX_NOTES`` / ``MAX_CARDS`` /
  ``MAX_REVLOG`` rows, a field longer than ``MAX_FIELD_CHARS``;
- SQLite itself reads the copy read-only and immutable, with untrusted schema
  code disabled (``trusted_schema``), cell sizes checked, values capped at
  ``MAX_VALUE_BYTES`` and its work capped at ``MAX_SQLITE_STEPS`` instructions.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import struct
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.anki import AnkiError
from quizapp.catalog import say

MAX_MEMBERS = 100_000  # files in one package (a collection and its media)
MAX_COLLECTION_BYTES = 1 << 30  # the collection unpacked: 1 GiB (10,000 notes with history: ~10 MB)
MAX_NOTES = 200_000
MAX_CARDS = 400_000
MAX_REVLOG = 2_000_000  # review log entries
MAX_FIELD_CHARS = 1_000_000  # one note's fields together, as stored (HTML)
MAX_FIELDS = 100  # fields of one note type
MAX_TEMPLATES = 100  # card templates of one note type
MAX_TEMPLATE_CHARS = 100_000
MAX_VALUE_BYTES = 64 << 20  # any one value SQLite hands over
MAX_SQLITE_STEPS = 2_000_000_000  # virtual-machine instructions for the whole read

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]  # names in order
    templates: dict[int, tuple[str, str]]  # ord -> (question format, answer format)


@dataclass(frozen=True)
class Note:
    id: int
    notetype: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    id: int
    note: int
    deck: int  # its home deck (a card in a filtered deck: the deck it came from)
    ord: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -1 suspended, -2/-3 buried, 0 new, 1/3 learning, 2 review
    due: int  # review cards: days since the collection was created
    interval: int  # days (negative: seconds, in learning)
    factor: int  # SM-2 ease ×1000


@dataclass(frozen=True)
class Review:
    id: int  # milliseconds since the epoch: when it was answered
    card: int
    ease: int  # 1 again, 2 hard, 3 good, 4 easy; 0 a manual change
    interval: int
    factor: int
    time_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass
class Collection:
    format: str  # which member was read
    created: int  # seconds since the epoch (the start of the collection's day 0)
    notetypes: dict[int, NoteType] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)  # id -> name ("A::B")
    notes: dict[int, Note] = field(default_factory=dict)
    cards: list[Card] = field(default_factory=list)
    reviews: dict[int, list[Review]] = field(default_factory=dict)  # card id -> its reviews, oldest first


def read_package(path: str | os.PathLike) -> Collection:
    """The collection inside the Anki package at ``path``, or AnkiError."""
    path = Path(path)
    shown = str(path)
    try:
        info = os.stat(path)
    except OSError as e:
        raise AnkiError(say("anki.error.cannot_read", path=shown, reason=e.strerror or str(e))) from None
    if not stat.S_ISREG(info.st_mode):
        raise AnkiError(say("anki.error.not_file", path=shown))
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as tmp:
        db, member = _extract(path, shown, Path(tmp))
        return _read_collection(db, member, shown)


# ---------------------------------------------------------------- the zip

def _member_count(path: Path) -> int | None:
    """How many members the zip's end-of-central-directory record announces
    (None when there is none: not a zip file)."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        start = max(0, size - (0xFFFF + 22))
        f.seek(start)
        tail = f.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        count = struct.unpack_from("<H", tail, at + 10)[0]
        if count == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # zip64
            offset = struct.unpack_from("<Q", tail, at - 20 + 8)[0]
            if offset + 56 > size:
                return None
            f.seek(offset)
            record = f.read(56)
            if record[:4] != b"PK\x06\x06":
                return None
            count = struct.unpack_from("<Q", record, 32)[0]
        return count


def _extract(path: Path, shown: str, tmp: Path) -> tuple[Path, str]:
    try:
        count = _member_count(path)
    except OSError as e:
        raise AnkiError(say("anki.error.cannot_read", path=shown, reason=e.strerror or str(e))) from None
    if count is None:
        raise AnkiError(say("anki.error.not_zip", path=shown))
    if count > MAX_MEMBERS:
        raise AnkiError(say("anki.error.too_many_members", path=shown, count=count, limit=MAX_MEMBERS))
    try:
        with zipfile.ZipFile(path) as zf:
            if len(zf.infolist()) > MAX_MEMBERS:
                raise AnkiError(say("anki.error.too_many_members", path=shown, count=len(zf.infolist()),
                                    limit=MAX_MEMBERS))
            names = set(zf.namelist())
            member = next((m for m in COLLECTIONS if m in names), None)
            if member is None:
                raise AnkiError(say("anki.error.no_collection", path=shown))
            info = zf.getinfo(member)
            if info.flag_bits & 0x1:
                raise AnkiError(say("anki.error.encrypted", path=shown))
            target = tmp / "collection.sqlite3"
            with zf.open(info) as raw, open(target, "wb") as out:
                source = _zstd_reader(raw, shown) if member.endswith("b") else raw
                _copy_capped(source, out, shown)
            return target, member
    except AnkiError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError,
            RuntimeError, struct.error) as e:
        raise AnkiError(say("anki.error.damaged_zip", path=shown, reason=_reason(e))) from None
    except OSError as e:
        raise AnkiError(say("anki.error.cannot_read", path=shown, reason=e.strerror or _reason(e))) from None
    except Exception as e:  # zlib.error, zstandard.ZstdError: the compressed data is not what it claims
        if type(e).__module__ in ("zlib", "zstd", "zstandard", "zstandard.backend_c", "zstandard.backend_cffi"):
            raise AnkiError(say("anki.error.damaged_zip", path=shown, reason=_reason(e))) from None
        raise


def _reason(e: BaseException) -> str:
    """What went wrong, on one line (SQLite's integrity report has many)."""
    lines = [" ".join(line.split()) for line in str(e).splitlines() if line.strip() and not line.startswith("***")]
    text = "; ".join(lines) or type(e).__name__
    return text if len(text) <= 120 else text[:119] + "…"


def _zstd_reader(raw, shown: str):
    try:
        import zstandard
    except ImportError:
        raise AnkiError(say("anki.error.needs_zstandard", path=shown)) from None
    # The window (memory) a frame may ask for is bounded by libzstd's default limit (128 MiB).
    return zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)


def _copy_capped(source, out, shown: str) -> None:
    total = 0
    while True:
        chunk = source.read(1 << 20)
        if not chunk:
            break
        total += len(chunk)
        if total > MAX_COLLECTION_BYTES:
            raise AnkiError(say("anki.error.too_large", path=shown, limit=MAX_COLLECTION_BYTES >> 20))
        out.write(chunk)


# ---------------------------------------------------------------- the collection

class _Budget:
    """SQLite's progress handler: stop a read that has run MAX_SQLITE_STEPS
    instructions (a crafted file cannot keep it busy for ever)."""

    EVERY = 10_000

    def __init__(self) -> None:
        self.calls = 0
        self.spent = False

    def __call__(self) -> int:
        self.calls += 1
        if self.calls * self.EVERY > MAX_SQLITE_STEPS:
            self.spent = True
            return 1
        return 0


def _connect(db: Path) -> tuple[sqlite3.Connection, _Budget]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.create_collation("unicase", _unicase)  # Anki's, on names (its indexes need it to be checked)
    for pragma in ("PRAGMA trusted_schema = OFF", "PRAGMA cell_size_check = ON", "PRAGMA mmap_size = 0"):
        conn.execute(pragma)
    budget = _Budget()
    conn.set_progress_handler(budget, _Budget.EVERY)
    return conn, budget


def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _read_collection(db: Path, member: str, shown: str) -> Collection:
    with open(db, "rb") as f:
        if f.read(16) != b"SQLite format 3\0":
            raise AnkiError(say("anki.error.not_sqlite", path=shown, member=member))
    conn, budget = _connect(db)
    try:
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                raise AnkiError(say("anki.error.damaged", path=shown, problem=_reason(Exception(rows[0][0]))))
            return _Reader(conn, member, shown).read()
        except sqlite3.Error as e:
            if budget.spent:
                raise AnkiError(say("anki.error.too_much_work", path=shown)) from None
            if "too big" in str(e):
                raise AnkiError(say("anki.error.value_too_large", path=shown, limit=MAX_VALUE_BYTES >> 20)) from None
            raise AnkiError(say("anki.error.damaged", path=shown, problem=_reason(e))) from None
        except UnicodeDecodeError:  # SQLite's own message quotes bytes of a damaged schema
            raise AnkiError(say("anki.error.damaged", path=shown, problem="malformed schema")) from None
    finally:
        conn.close()


_TABLES = {
    "col": ("crt",),
    "notes": ("id", "mid", "flds", "tags"),
    "cards": ("id", "nid", "did", "ord", "type", "queue", "due", "ivl", "factor", "odid"),
    "revlog": ("id", "cid", "ease", "ivl", "factor", "time", "type"),
}
_TABLES_18 = {
    "notetypes": ("id", "name", "config"),
    "fields": ("ntid", "ord", "name"),
    "templates": ("ntid", "ord", "config"),
    "decks": ("id", "name"),
}


class _Reader:
    def __init__(self, conn: sqlite3.Connection, member: str, shown: str):
        self.conn, self.member, self.shown = conn, member, shown

    def refuse(self, key: str, **values: Any) -> AnkiError:
        return AnkiError(say("anki.error.not_anki", path=self.shown, problem=say(f"anki.schema.{key}", **values)))

    def read(self) -> Collection:
        tables = {name: self._columns(name) for (name,) in
                  self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        modern = "notetypes" in tables
        for name, cols in {**_TABLES, **(_TABLES_18 if modern else {})}.items():
            if name not in tables:
                raise self.refuse("no_table", table=name)
            missing = [c for c in cols if c not in tables[name]]
            if missing:
                raise self.refuse("no_column", table=name, column=missing[0])
        if not modern:
            for c in ("models", "decks"):
                if c not in tables["col"]:
                    raise self.refuse("no_column", table="col", column=c)
        for table, limit in (("notes", MAX_NOTES), ("cards", MAX_CARDS), ("revlog", MAX_REVLOG)):
            n = self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            if n > limit:
                raise AnkiError(say("anki.error.too_many_rows", path=self.shown, count=n, what=say(f"anki.rows.{table}"),
                                    limit=limit))
        col = self.conn.execute("SELECT crt FROM col LIMIT 2").fetchall()
        if len(col) != 1 or not _is_int(col[0][0]):
            raise self.refuse("col_rows")
        out = Collection(self.member, col[0][0])
        if modern:
            out.notetypes, out.decks = self._notetypes_18(), self._decks_18()
        else:
            models, decks = self.conn.execute("SELECT models, decks FROM col").fetchone()
            out.notetypes, out.decks = self._notetypes_11(models), self._decks_11(decks)
        out.notes = self._notes()
        out.cards = self._cards()
        out.reviews = self._reviews()
        return out

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.conn.execute(f"PRAGMA table_info({_quote(table)})")}

    # -- note types and decks, schema 11: JSON in the col row

    def _json(self, text: Any, what: str) -> dict:
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except (ValueError, RecursionError):
            value = None
        if not isinstance(value, dict):
            raise self.refuse("not_json", column=what)
        return value

    def _notetypes_11(self, text: Any) -> dict[int, NoteType]:
        out = {}
        for key, m in self._json(text, "models").items():
            if not isinstance(m, dict):
                raise self.refuse("bad_notetype", name="?")
            flds, tmpls = m.get("flds"), m.get("tmpls")
            if not (isinstance(flds, list) and isinstance(tmpls, list) and len(flds) <= MAX_FIELDS
                    and len(tmpls) <= MAX_TEMPLATES):
                raise self.refuse("bad_notetype", name=_short(key))
            fields = sorted((f.get("ord"), f.get("name")) for f in flds if isinstance(f, dict)
                            and _is_int(f.get("ord")) and isinstance(f.get("name"), str))
            templates = {}
            for i, t in enumerate(tmpls):
                if not isinstance(t, dict):
                    raise self.refuse("bad_notetype", name=_short(key))
                ordinal = t.get("ord", i)
                q, a = t.get("qfmt", ""), t.get("afmt", "")
                if not (_is_int(ordinal) and isinstance(q, str) and isinstance(a, str)):
                    raise self.refuse("bad_notetype", name=_short(key))
                templates[ordinal] = self._formats(q, a)
            mid = m.get("id", key)
            try:
                mid = int(mid)
            except (TypeError, ValueError):
                raise self.refuse("bad_notetype", name=_short(key)) from None
            out[mid] = NoteType(mid, str(m.get("name", "")), m.get("type") == 1, tuple(n for _, n in fields),
                                templates)
        return out

    def _decks_11(self, text: Any) -> dict[int, str]:
        out = {}
        for key, d in self._json(text, "decks").items():
            if isinstance(d, dict) and isinstance(d.get("name"), str):
                try:
                    out[int(d.get("id", key))] = d["name"]
                except (TypeError, ValueError):
                    continue
        return out

    # -- schema 18: tables with protobuf settings

    def _notetypes_18(self) -> dict[int, NoteType]:
        fields: dict[int, list[tuple[int, str]]] = {}
        for ntid, ordinal, name in self.conn.execute("SELECT ntid, ord, name FROM fields ORDER BY ntid, ord"):
            if not (_is_int(ntid) and _is_int(ordinal) and isinstance(name, str)):
                raise self.refuse("wrong_type", table="fields")
            fields.setdefault(ntid, []).append((ordinal, name))
        templates: dict[int, dict[int, tuple[str, str]]] = {}
        for ntid, ordinal, config in self.conn.execute("SELECT ntid, ord, config FROM templates"):
            if not (_is_int(ntid) and _is_int(ordinal) and isinstance(config, bytes)):
                raise self.refuse("wrong_type", table="templates")
            parsed = _proto(config)
            if parsed is None:
                raise self.refuse("bad_settings", table="templates")
            q, a = _proto_text(parsed, 1), _proto_text(parsed, 2)
            templates.setdefault(ntid, {})[ordinal] = self._formats(q, a)
        out = {}
        for ntid, name, config in self.conn.execute("SELECT id, name, config FROM notetypes"):
            if not (_is_int(ntid) and isinstance(name, str) and isinstance(config, bytes)):
                raise self.refuse("wrong_type", table="notetypes")
            parsed = _proto(config)
            if parsed is None:
                raise self.refuse("bad_settings", table="notetypes")
            kind = parsed.get(1, [0])[0]
            nt_fields, nt_templates = fields.get(ntid, []), templates.get(ntid, {})
            if len(nt_fields) > MAX_FIELDS or len(nt_templates) > MAX_TEMPLATES:
                raise self.refuse("bad_notetype", name=_short(name))
            out[ntid] = NoteType(ntid, name, kind == 1, tuple(n for _, n in nt_fields), nt_templates)
        return out

    def _decks_18(self) -> dict[int, str]:
        out = {}
        for did, name in self.conn.execute("SELECT id, name FROM decks"):
            if not (_is_int(did) and isinstance(name, str)):
                raise self.refuse("wrong_type", table="decks")
            out[did] = name.replace("\x1f", "::")
        return out

    def _formats(self, q: str, a: str) -> tuple[str, str]:
        if len(q) > MAX_TEMPLATE_CHARS or len(a) > MAX_TEMPLATE_CHARS:
            raise AnkiError(say("anki.error.template_too_large", path=self.shown, limit=MAX_TEMPLATE_CHARS))
        return q, a

    # -- notes, cards and the review log

    def _notes(self) -> dict[int, Note]:
        big = self.conn.execute("SELECT id, length(flds) FROM notes WHERE length(flds) > ? LIMIT 1",
                                (MAX_FIELD_CHARS,)).fetchone()
        if big:
            raise AnkiError(say("anki.error.field_too_large", path=self.shown, note=big[0], size=big[1],
                                limit=MAX_FIELD_CHARS))
        out = {}
        for nid, mid, flds, tags in self.conn.execute("SELECT id, mid, flds, tags FROM notes"):
            if not (_is_int(nid) and _is_int(mid) and isinstance(flds, str) and isinstance(tags, str)):
                raise self.refuse("wrong_type", table="notes")
            out[nid] = Note(nid, mid, tuple(flds.split("\x1f")[:MAX_FIELDS]), tuple(tags.split()[:64]))
        return out

    def _cards(self) -> list[Card]:
        out = []
        for row in self.conn.execute("SELECT id, nid, did, ord, type, queue, due, ivl, factor, odid FROM cards "
                                     "ORDER BY nid, ord"):
            if not all(_is_int(v) for v in row):
                raise self.refuse("wrong_type", table="cards")
            cid, nid, did, ordinal, ctype, queue, due, ivl, factor, odid = row
            out.append(Card(cid, nid, odid or did, ordinal, ctype, queue, due, ivl, factor))
        return out

    def _reviews(self) -> dict[int, list[Review]]:
        out: dict[int, list[Review]] = {}
        for row in self.conn.execute("SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY cid, id"):
            if not all(_is_int(v) for v in row):
                raise self.refuse("wrong_type", table="revlog")
            out.setdefault(row[1], []).append(Review(*row))
        return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and -(2**63) <= v < 2**63


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- protobuf

def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    for _ in range(10):
        if i >= len(data):
            raise ValueError("truncated")
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, i
        shift += 7
    raise ValueError("varint too long")


def _proto(data: bytes) -> dict[int, list] | None:
    """The top-level fields of a protobuf message (number -> values: ints for
    varints, bytes otherwise), or None when it is not one."""
    out: dict[int, list] = {}
    i = 0
    try:
        while i < len(data):
            key, i = _varint(data, i)
            number, wire = key >> 3, key & 7
            if wire == 0:
                value, i = _varint(data, i)
            elif wire == 2:
                n, i = _varint(data, i)
                if i + n > len(data):
                    return None
                value, i = data[i:i + n], i + n
            elif wire in (1, 5):
                width = 8 if wire == 1 else 4
                if i + width > len(data):
                    return None
                value, i = data[i:i + width], i + width
            else:
                return None
            out.setdefault(number, []).append(value)
    except ValueError:
        return None
    return out


def _proto_text(fields: dict[int, list], number: int) -> str:
    value = fields.get(number, [b""])[-1]
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


__all__ = ["Card", "Collection", "Note", "NoteType", "Review", "read_package", "COLLECTIONS",
           "MAX_COLLECTION_BYTES", "MAX_FIELD_CHARS", "MAX_MEMBERS"]
