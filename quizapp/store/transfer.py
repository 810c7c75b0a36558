"""Export and import of all progress as JSON lines, and cards with their history
from another program (``import_history``: Anki, CSV).

An import file is hostile until checked: every row's table, fields, types and
ranges are checked (settings with ``quizapp.settings.check``, the rules the
settings screen uses) before anything is written, the whole import is one
transaction, and a refused import names the line and leaves the database as it
was. Lines longer than ``MAX_LINE`` characters are refused, so an endless input
cannot be read forever. The derived tables (daily aggregates, mistake tallies,
review counters, per-topic card counts) are rebuilt from the imported rows.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from quizapp import migrations
from quizapp.catalog import LANGS, Msg, say
from quizapp.safe_text import json_printable
from quizapp.srs import MemoryState
from quizapp.store._common import ADD_TO_DAY, MOCK_VERDICTS, MODES, VERDICTS, _memory_values, from_us, to_us
from quizapp.store.errors import StoreError

MAX_LINE = 1_000_000  # characters in one line of an import
MAX_TEXT = 100_000  # characters in one text field (an answer, a note)
_EXPORT_FORMAT = 1
_EXPORT_TABLES = (
    ("setting", "key"),
    ("memory", "template_id"),
    ("study_session", "id"),
    ("mock_interview", "id"),
    ("mock_question", "mock_id, position"),
    ("review", "id"),
    ("flag", "id"),
)
_MIN_US, _MAX_US = 0, to_us(datetime(3000, 1, 1).astimezone())
# Columns an export leaves out and an import rebuilds: each template's reviews linked
# newest to oldest (migrations.link_history).
_LINKS = {"memory": "newest_review_id", "review": "previous_review_id"}


class TransferMixin:
    """Export and import (mixed into ``Store``)."""

    _conn: sqlite3.Connection

    def export_lines(self) -> Iterator[str]:
        """All progress as JSON lines: a header, then every row of every table in a
        fixed order. Times are ISO 8601 UTC with microseconds (``*_us`` columns lose
        the suffix). Text is UTF-8, but control characters (an answer or a note may
        hold ESC) are written as ``\\uXXXX`` escapes, so an export printed on a
        terminal never drives it."""
        yield json.dumps({"quizapp_export": _EXPORT_FORMAT, "schema": migrations.current_version(self._conn)})
        for table, order in _EXPORT_TABLES:
            cols = [r[1] for r in self._conn.execute(f"PRAGMA table_info({table})") if r[1] != _LINKS.get(table)]
            where = " WHERE key NOT IN ('bank_fingerprint')" if table == "setting" else ""  # derived, per machine
            for row in self._conn.execute(f"SELECT {', '.join(cols)} FROM {table}{where} ORDER BY {order}"):
                record: dict[str, Any] = {"table": table}
                for col, value in zip(cols, row):
                    if col.endswith("_us"):
                        record[col[:-3]] = None if value is None else from_us(value).isoformat(timespec="microseconds")
                    else:
                        record[col] = value
                yield json_printable(json.dumps(record, ensure_ascii=False))

    def import_lines(self, lines: Iterable[str]) -> int:
        """Load an export into this database (which must hold no reviews or sessions
        yet) in one transaction; returns the number of rows. Any bad line aborts the
        whole import with a StoreError naming the line; nothing is written."""
        if self._conn.execute("SELECT EXISTS (SELECT 1 FROM review) OR EXISTS "
                              "(SELECT 1 FROM study_session)").fetchone()[0]:
            raise StoreError(say("store.import.has_progress", path=str(self.path)))  # type: ignore[attr-defined]
        columns = {t: {r[1] for r in self._conn.execute(f"PRAGMA table_info({t})")} for t, _ in _EXPORT_TABLES}
        count, header = 0, False
        with self._write() as c:  # type: ignore[attr-defined]
            for number, line in enumerate(lines, 1):
                if len(line) > MAX_LINE:
                    raise StoreError(say("store.import.too_long", line=number, limit=f"{MAX_LINE:,}"))
                if not line.strip():
                    continue
                try:
                    record = json.loads(line, parse_constant=_no_constant)
                except (ValueError, RecursionError) as e:
                    raise StoreError(say("store.import.not_json", line=number, reason=_reason(e))) from None
                if not isinstance(record, dict):
                    raise StoreError(say("store.import.not_object", line=number))
                if not header:
                    _check_header(record)
                    header = True
                    continue
                table, values = _import_row(record, number, columns)
                names = list(values)
                verb = "INSERT OR REPLACE" if table in ("memory", "setting") else "INSERT"
                try:
                    c.execute(f"{verb} INTO {table} ({', '.join(names)}) VALUES "
                              f"({', '.join('?' * len(names))})", [values[n] for n in names])
                except sqlite3.IntegrityError as e:
                    raise StoreError(say("store.import.not_fit", line=number, detail=str(e))) from None
                count += 1
            if not header:
                raise StoreError(say("store.import.empty"))
            _rebuild_derived(c, self.srs_settings().day_rollover_hour)  # type: ignore[attr-defined]
        self._settings_cache = None
        return count


def read_lines(stream: IO[str]) -> Iterator[str]:
    """The lines of a text stream for ``import_lines``, none read past ``MAX_LINE + 1``
    characters: an over-long line comes cut (and is refused), so an input with no
    line end (``/dev/zero``) is never read whole."""
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        yield line


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _reason(e: Exception) -> Msg | str:
    if isinstance(e, RecursionError):
        return say("store.import.too_deep")
    return getattr(e, "msg", None) or str(e)


def _check_header(record: dict) -> None:
    schema = record.get("schema")
    if (record.get("quizapp_export") != _EXPORT_FORMAT or not isinstance(schema, int) or isinstance(schema, bool)
            or schema < 0):  # (a schema that is not a number is not "newer")
        raise StoreError(say("store.import.no_header"))
    if schema > len(migrations.MIGRATIONS):
        raise StoreError(say("store.import.too_new", schema=_short(schema), known=len(migrations.MIGRATIONS)))


# ---------------------------------------------------------------- field checks

Check = Callable[[Any], bool]


def E(name: str) -> Msg:
    """What a field must be, as the catalog says it (``store.expect.<name>``)."""
    return say(f"store.expect.{name}")


def _one_of_them(choices: Iterable[str]) -> Msg:
    return say("store.expect.one_of", choices=", ".join(choices))


def _int(low: int = -(2**63), high: int = 2**63 - 1, null: bool = False) -> Check:
    return lambda v: (v is None and null) or (isinstance(v, int) and not isinstance(v, bool) and low <= v <= high)


def _real(low: float, high: float, null: bool = False, open_low: bool = False) -> Check:
    def ok(v: Any) -> bool:
        if v is None:
            return null
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return False
        return (low < v if open_low else low <= v) and v <= high
    return ok


def _text(limit: int = MAX_TEXT, null: bool = False, pattern: str | None = None) -> Check:
    rx = re.compile(pattern) if pattern else None
    return lambda v: (v is None and null) or (isinstance(v, str) and len(v) <= limit and _utf8(v)
                                              and (rx is None or bool(rx.fullmatch(v))))


def _utf8(text: str) -> bool:
    """False for text holding a lone surrogate (``"\\ud800"`` in JSON): it is not
    Unicode text, and SQLite could not store it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _one_of(choices: Iterable[str], null: bool = False) -> Check:
    allowed = frozenset(choices)
    return lambda v: (v is None and null) or (isinstance(v, str) and v in allowed)


def _topics(v: Any) -> bool:
    if v is None:
        return True
    try:
        items = json.loads(v) if isinstance(v, str) and len(v) <= MAX_TEXT and _utf8(v) else None
    except ValueError:
        return False
    return isinstance(items, list) and all(isinstance(t, str) and len(t) <= 200 and _utf8(t) for t in items)


def _key_points(v: Any) -> bool:
    if v is None:
        return True
    try:
        items = json.loads(v) if isinstance(v, str) and len(v) <= 10_000 else None
    except ValueError:
        return False
    return (isinstance(items, list) and len(items) <= 1000
            and all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < 1000 for i in items))


_ID = _text(200, pattern=r"[a-z0-9][a-z0-9_.-]*")
_TIME = _int(_MIN_US, _MAX_US)
_TIME_NULL = _int(_MIN_US, _MAX_US, null=True)
_STATE = _int(0, 3)
_MEMORY_FIELDS: dict[str, tuple[Check, Msg]] = {
    "step": (_int(0, 1000, null=True), E("whole_0_null")),
    "stability": (_real(0, 1e7, null=True, open_low=True), E("stability")),
    "difficulty": (_real(1, 10, null=True), E("difficulty")),
}
_RULES: dict[str, dict[str, tuple[Check, Msg]]] = {
    "setting": {"key": (_text(100), E("setting_name")), "value": (_text(MAX_TEXT), E("json"))},
    "memory": {
        "template_id": (_ID, E("card_id")), "topic": (_ID, E("topic_id")),
        "position": (_int(0, 10**7), E("whole_0")), "active": (_int(0, 1), E("flag")),
        "state": (_STATE, E("state")), **_MEMORY_FIELDS,
        "due_us": (_TIME_NULL, E("time_null")), "last_review_us": (_TIME_NULL, E("time_null")),
        "reps": (_int(0, 10**9), E("whole_0")), "lapses": (_int(0, 10**9), E("whole_0")),
        "suspended": (_int(0, 1), E("flag")),
    },
    "study_session": {
        "id": (_int(1), E("whole_1")), "mode": (_one_of(MODES), _one_of_them(MODES)),
        "started_us": (_TIME, E("time")), "ended_us": (_TIME_NULL, E("time_null")),
        "topics": (_topics, E("topics")),
    },
    "mock_interview": {
        "id": (_int(1), E("whole_1")), "session_id": (_int(1, null=True), E("session_id")),
        "started_us": (_TIME, E("time")), "ended_us": (_TIME_NULL, E("time_null")),
        "topics": (_topics, E("topics")),
        "question_count": (_int(1, 1000), E("whole_1_1000")),
        "time_limit_s": (_int(1, 10**6, null=True), E("seconds")),
        "score": (_real(0, 1, null=True), E("score")),
        "question_limit_s": (_int(1, 10**6, null=True), E("seconds")),
        "weakest": (_int(0, 1), E("flag")),
    },
    "mock_question": {
        "mock_id": (_int(1), E("mock_id")), "position": (_int(1, 1000), E("whole_1_1000")),
        "template_id": (_ID, E("card_id")), "seed": (_int(), E("whole")),
        "answer": (_text(null=True), E("text_null")), "verdict": (_one_of(MOCK_VERDICTS), _one_of_them(MOCK_VERDICTS)),
        "mistake": (_text(200, null=True), E("mistake")),
        "duration_ms": (_int(0, 10**10, null=True), E("ms_null")),
        "timed_out": (_int(0, 1), E("flag")),
        "key_points": (_key_points, E("key_points")),
    },
    "review": {
        "id": (_int(1), E("whole_1")), "template_id": (_ID, E("card_id")), "topic": (_ID, E("topic_id")),
        "seed": (_int(), E("whole")), "answer": (_text(), E("text")),
        "verdict": (_one_of(VERDICTS), _one_of_them(VERDICTS)), "mistake": (_text(200, null=True), E("mistake")),
        "rating": (_int(1, 4), E("rating")), "duration_ms": (_int(0, 10**10), E("ms")),
        "mode": (_one_of(MODES), _one_of_them(MODES)), "reviewed_us": (_TIME, E("time")),
        "moved": (_int(0, 1), E("flag")), "session_id": (_int(1, null=True), E("session_id")),
        "before_state": (_STATE, E("state")),
        **{f"before_{k}": v for k, v in _MEMORY_FIELDS.items()},
        "before_due_us": (_TIME_NULL, E("time_null")), "before_last_review_us": (_TIME_NULL, E("time_null")),
        "day": (_text(10, null=True, pattern=r"\d{4}-\d{2}-\d{2}"), E("date")),
    },
    "flag": {
        "id": (_int(1), E("whole_1")), "template_id": (_ID, E("card_id")),
        "seed": (_int(null=True), E("whole_null")), "note": (_text(10_000), E("text")),
        "created_us": (_TIME, E("time")), "resolved_us": (_TIME_NULL, E("time_null")),
    },
}
_REQUIRED = {
    "setting": {"key", "value"},
    "memory": {"template_id", "topic"},
    "study_session": {"id", "mode", "started_us"},
    "mock_interview": {"id", "started_us", "question_count"},
    "mock_question": {"mock_id", "position", "template_id", "seed", "verdict"},
    "review": {"id", "template_id", "topic", "seed", "answer", "verdict", "rating", "duration_ms", "mode",
               "reviewed_us", "moved", "before_state"},
    "flag": {"id", "template_id", "note", "created_us"},
}


def _import_row(record: dict, number: int, columns: dict[str, set[str]]) -> tuple[str, dict]:
    table = record.get("table")
    if not isinstance(table, str) or table not in columns:
        raise StoreError(say("store.import.unknown_table", line=number, table=_short(table)))
    rules = _RULES[table]
    values: dict[str, Any] = {}
    for key, value in record.items():
        if key == "table":
            continue
        column = key + "_us" if key + "_us" in columns[table] else key
        if column not in columns[table] or column not in rules or (column != key and key.endswith("_us")):
            raise StoreError(say("store.import.unknown_field", line=number, field=_short(key), table=table))
        if column != key:
            value = None if value is None else _iso_to_us(value, number, key)
        values[column] = value
    if table == "setting":
        values["value"] = _setting_value(values.get("key"), values.get("value"), number)
    missing = sorted(_REQUIRED[table] - set(values))
    if missing:
        raise StoreError(say("store.import.missing", line=number, table=table, field=_field(missing[0])))
    for column, value in values.items():
        check, expected = rules[column]
        if not check(value):
            raise StoreError(say("store.import.bad_value", line=number, field=_field(column), value=_short(value),
                                 table=table, expected=expected))
    _consistent(table, values, number)
    return table, values


def _setting_value(key: Any, value: Any, number: int) -> str:
    from quizapp.settings import SettingError, check

    if not isinstance(key, str):
        raise StoreError(say("store.import.setting_no_key", line=number))
    try:
        decoded = json.loads(value, parse_constant=_no_constant) if isinstance(value, str) else None
        if not isinstance(value, str):
            raise ValueError("not JSON text")
    except (ValueError, RecursionError):
        raise StoreError(say("store.import.setting_not_json", line=number, key=_short(key))) from None
    try:
        return json.dumps(check(key, decoded))
    except SettingError as e:
        reason = {lang: _without_ending(e.msg.text(lang)) for lang in LANGS}  # a text in every language
        raise StoreError(say("store.import.setting_refused", line=number, reason=reason)) from None


def _consistent(table: str, v: dict, number: int) -> None:
    """Fields that only make sense together: a reviewed template has its FSRS
    state, a new one none."""
    for prefix, state_key in (("", "state"), ("before_", "before_state")):
        if table not in ("memory", "review") or state_key not in v:
            continue
        reviewed = v[state_key] != 0
        fields = [f"{prefix}stability", f"{prefix}difficulty", f"{prefix}due_us"]
        present = [v.get(f) is not None for f in fields]
        if reviewed and not all(present):
            missing = fields[present.index(False)]
            raise StoreError(say("store.import.needs_state", line=number, state=v[state_key], field=_field(missing)))


def _without_ending(sentence: str) -> str:
    """A settings sentence without its "; nothing was changed." (the import says its own)."""
    for ending in ("；未作更改。", "；未作更改", "; nothing was changed.", "; nothing was changed", ".", "。"):
        if sentence.endswith(ending):
            return sentence[: -len(ending)]
    return sentence


def _field(column: str) -> str:
    return column[:-3] if column.endswith("_us") else column


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso_to_us(value: Any, number: int, key: str) -> int:
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError
        return to_us(datetime.fromisoformat(value))
    except (TypeError, ValueError, OverflowError):
        raise StoreError(say("store.import.bad_time", line=number, field=key, value=_short(value))) from None


def _rebuild_derived(c: sqlite3.Connection, rollover: int) -> None:
    """Daily aggregates, mistake tallies, review counters and each template's links
    to its reviews from the review rows; the per-topic card counts from the memory
    rows."""
    from datetime import timedelta, timezone

    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    missing = c.execute("SELECT id, reviewed_us FROM review WHERE day IS NULL").fetchall()
    c.executemany("UPDATE review SET day = ? WHERE id = ?",
                  [(((epoch + timedelta(microseconds=us)).astimezone() - timedelta(hours=rollover)).date().isoformat(), i)
                   for i, us in missing])
    c.execute("DELETE FROM review_day")
    c.execute("DELETE FROM mistake_tally")
    migrations.count_aggregates(c)
    c.execute("CREATE TEMP TABLE import_counts AS SELECT template_id, SUM(moved = 1) AS reps, "
              "SUM(moved = 1 AND rating = 1 AND before_state = 2) AS lapses FROM review GROUP BY template_id")
    c.execute("UPDATE memory SET reps = n.reps, lapses = n.lapses FROM import_counts AS n "
              "WHERE n.template_id = memory.template_id")
    c.execute("DROP TABLE import_counts")
    migrations.rebuild_topic_cards(c)
    migrations.link_history(c)


# ---------------------------------------------------------------- cards from elsewhere (Anki, CSV)

@dataclass(frozen=True)
class ImportedReview:
    """One review of an imported card, as the replay of its history made it:
    ``before`` is the memory state it replaced (``after`` is the next review's
    ``before``, or the card's final state). ``moved`` is False for practice that
    left the schedule alone (mode "cram")."""

    rating: int  # 1..4
    reviewed_at: datetime
    duration_ms: int
    day: str  # the study day it counts towards, "YYYY-MM-DD"
    before: MemoryState
    mode: str = "study"
    moved: bool = True


@dataclass(frozen=True)
class ImportedCard:
    """A card to add: its final memory state (``state`` 0 when it has never been
    reviewed), whether it is suspended, and its reviews, oldest first."""

    memory: MemoryState
    reviews: tuple[ImportedReview, ...] = ()
    suspended: bool = False


@dataclass(frozen=True)
class ImportCounts:
    cards: int
    reviews: int


def _check_imported(card: ImportedCard) -> None:
    m = card.memory
    if not _ID(m.template_id) or not _ID(m.topic):
        raise ValueError(f"{m.template_id!r} in topic {m.topic!r} is not a card id in a topic")
    for r in card.reviews:
        if r.rating not in (1, 2, 3, 4) or r.mode not in MODES or r.duration_ms < 0 or r.before.topic != m.topic:
            raise ValueError(f"a review of {m.template_id!r} is not a review quizapp can record: {r!r}")


class HistoryImportMixin:
    """Cards and their review history from another program (mixed into ``Store``)."""

    _conn: sqlite3.Connection

    def known_template_ids(self, template_ids: Iterable[str]) -> set[str]:
        """Those of ``template_ids`` the database already has (from the bank, or
        imported before)."""
        wanted = list(dict.fromkeys(template_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found.update(r[0] for r in self._conn.execute(
                f"SELECT template_id FROM memory WHERE template_id IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def import_history(self, cards: Sequence[ImportedCard],
                       publish: Callable[[], Callable[[], None]] | None = None) -> ImportCounts:
        """Add ``cards`` with their memory state and reviews, and the daily
        aggregates those reviews count in, in one transaction. The cards go after
        every card already there in the order new ones are studied; the bank is
        synced again at the next start (its fingerprint is forgotten), so the deck
        files written alongside are read into it.

        ``publish`` is called inside the transaction once every row is written and
        before it commits: it makes the deck files visible and returns what takes
        them back, which is called if the commit then fails. If ``publish`` raises,
        nothing is written. A card the database already has is refused (StoreError,
        nothing written): the caller leaves those out (``known_template_ids``)."""
        for card in cards:
            _check_imported(card)
        ids = [c.memory.template_id for c in cards]
        if len(set(ids)) != len(ids):
            raise ValueError("the same card id is imported twice")
        undo: Callable[[], None] | None = None
        reviews = 0
        try:
            with self._write() as c:  # type: ignore[attr-defined]
                present = self.known_template_ids(ids)
                if present:
                    raise StoreError(say("store.import.card_present", id=repr(sorted(present)[0]),
                                         path=str(self.path)))  # type: ignore[attr-defined]
                base = c.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM memory").fetchone()[0]
                review_id = c.execute("SELECT COALESCE(MAX(id), 0) FROM review").fetchone()[0]
                memory_rows, review_rows = [], []
                tallies: dict[tuple[str, str, str], list[int]] = {}
                for position, card in enumerate(cards, base):
                    m = card.memory
                    moved = [r for r in card.reviews if r.moved]
                    lapses = sum(r.rating == 1 and r.before.state == 2 for r in moved)
                    previous = None  # each review linked to the card's one before it, as record_review links
                    for r in card.reviews:
                        review_id += 1
                        review_rows.append((review_id, previous, m.template_id, m.topic, r.rating, r.duration_ms,
                                            r.mode, to_us(r.reviewed_at), int(r.moved), *_memory_values(r.before),
                                            r.day))
                        previous = review_id
                        t = tallies.setdefault((r.day, m.topic, r.mode), [0, 0, 0, 0, 0])
                        t[0] += 1
                        t[1] += r.rating > 1
                        t[2] += r.before.state == 0 and r.moved
                        t[3] += r.duration_ms
                        t[4] += r.before.state == 2 and r.moved
                    memory_rows.append((m.template_id, m.topic, position, *_memory_values(m), len(moved), lapses,
                                        int(card.suspended), previous))
                c.executemany(
                    "INSERT INTO memory (template_id, topic, position, active, state, step, stability, difficulty, "
                    "due_us, last_review_us, reps, lapses, suspended, newest_review_id) "
                    "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", memory_rows)
                c.executemany(
                    "INSERT INTO review (id, previous_review_id, template_id, topic, seed, answer, verdict, rating, "
                    "duration_ms, mode, reviewed_us, moved, before_state, before_step, before_stability, "
                    "before_difficulty, before_due_us, before_last_review_us, day) "
                    "VALUES (?, ?, ?, ?, 0, '', 'self', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", review_rows)
                c.executemany(ADD_TO_DAY, [(*key, *values) for key, values in tallies.items()])
                c.execute("DELETE FROM setting WHERE key = 'bank_fingerprint'")
                reviews = len(review_rows)
                if publish is not None:
                    undo = publish()
        except BaseException:
            if undo is not None:
                undo()
            raise
        return ImportCounts(len(cards), reviews)
