"""Property-based: whatever an export file holds — wrong types, huge numbers,
NaN and Infinity, deep nesting, long lines, control characters in ids and topics,
settings values of every kind, bytes that are not UTF-8 — ``quizapp import`` ends
in one sentence naming the line with nothing imported, or imports it; never a
traceback, never past the memory or time limit. What was imported then reads back
through ``stats`` and ``export`` without a traceback and without a control
character reaching the terminal, and exports to exactly what it imports again.

Each generated file runs through the real command in a child process
(``hostile.run_cases``); several files share a child.
"""

from __future__ import annotations

import json
import sqlite3

from hypothesis import given
from hypothesis import strategies as st
from hostile import assert_sentence_or_result, case, few, run_cases, short

from quizapp.settings import SETTINGS

FILES_PER_CHILD = 4
SETTINGS_ = few(8)
TIME = "2025-03-03T09:00:00.000000+00:00"
LATER = "2025-03-04T09:00:00.000000+00:00"

# One valid row of every table (an export of one study session with a mock interview).
VALID = {
    "setting": {"table": "setting", "key": "new_per_day", "value": "30"},
    "memory": {"table": "memory", "template_id": "metrics.f1", "topic": "metrics", "position": 0, "active": 1,
               "state": 2, "step": None, "stability": 3.2, "difficulty": 5.1, "due": LATER, "last_review": TIME,
               "reps": 1, "lapses": 0, "suspended": 0},
    "study_session": {"table": "study_session", "id": 1, "mode": "study", "started": TIME, "ended": LATER,
                      "topics": '["metrics"]'},
    "mock_interview": {"table": "mock_interview", "id": 1, "session_id": 1, "started": TIME, "ended": LATER,
                       "topics": None, "question_count": 3, "time_limit_s": 900, "score": 0.5},
    "mock_question": {"table": "mock_question", "mock_id": 1, "position": 1, "template_id": "metrics.f1",
                      "seed": 7, "answer": "0.5", "verdict": "correct", "mistake": None, "duration_ms": 1200},
    "review": {"table": "review", "id": 1, "template_id": "metrics.f1", "topic": "metrics", "seed": 7,
               "answer": "0.5", "verdict": "wrong", "mistake": "micro", "rating": 1, "duration_ms": 1200,
               "mode": "study", "reviewed": TIME, "moved": 1, "session_id": 1, "before_state": 0,
               "before_step": None, "before_stability": None, "before_difficulty": None, "before_due": None,
               "before_last_review": None, "day": "2025-03-03"},
    "flag": {"table": "flag", "id": 1, "template_id": "metrics.f1", "seed": 7, "note": "typo", "created": TIME},
}
ORDER = list(VALID)  # the order an export writes them (a mock question after its interview)
HEADER = {"quizapp_export": 1, "schema": 3}

CONTROL = ["\x1b[2J", "\x1b]0;owned\x07", "\x9b31m", "\u202eevil", "a\nb", "a\rb", "\x00", "\ud800", "\udcfe",
           "\u2028", "\x7f", "tab\there"]
TEXTS = st.one_of(
    st.sampled_from([short(t) for t in CONTROL + ["", " ", "metrics", "metrics.f1", "Metrics", "a" * 201, "x" * 200_000,
                                                  "é", "指标", "[/]", "[bold]x", "{0}", "%s", "../../etc",
                                                  "'; DROP TABLE review; --"]]),
    st.text(max_size=30),
    st.lists(st.sampled_from(CONTROL + ["ok", "metrics"]), min_size=1, max_size=4).map("".join),
)
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 2, 3, 4, 5, 1000, 10**6, 2**62, 2**63 - 1, 2**63, -(2**63) - 1, 10**30, 0.5, -0.0,
                     1e-320, 1e308, -1e308, 3.0, 1.5]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
)
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, TEXTS),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(TEXTS, kids, max_size=3)),
    max_leaves=6,
)
# JSON text json.dumps cannot write: non-numbers, numbers of thousands of digits, deep nesting
RAW = [short(t) for t in ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "-" + "9" * 4400, "1" + "0" * 4299,
       "[" * 50_000 + "]" * 50_000, '{"a":' * 5000 + "1" + "}" * 5000, "0x10", "01", ".5", "+1", "1_000", "tru",
       '"\\ud800"', '"\\u001b[2J"', '"' + "\\u0000" * 10 + '"']]


def _setting_values(key: str) -> st.SearchStrategy[str]:
    """JSON text of a setting value: right-ish for ``key`` and of every other kind."""
    kind = SETTINGS[key].kind
    near = {
        "int": st.one_of(st.integers(-10, 200_000), st.sampled_from([10**20, 2**63, 1.0, 7.5])),
        "float": st.one_of(st.floats(-2, 2), st.sampled_from([0.9, 0.7, 0.99, 1e308, 5e-324])),
        "bool": st.booleans(),
        "choice": st.sampled_from(["en", "zh", "dark", "light", "EN", "", "\x1b[2J"]),
        "text": TEXTS,
        "keymap": st.dictionaries(TEXTS, st.one_of(TEXTS, NUMBERS, st.none(), st.lists(TEXTS)), max_size=4),
        "titles": st.dictionaries(TEXTS, st.one_of(st.fixed_dictionaries({"en": TEXTS, "zh": TEXTS}), VALUES),
                                  max_size=3),
    }[kind]
    return st.one_of(near.map(lambda v: json.dumps(v)), VALUES.map(json.dumps), st.sampled_from(RAW), TEXTS)


def _mutate(draw, row: dict) -> str:
    """``row`` as one line of JSON with one to three fields spoiled."""
    row = dict(row)
    raw: dict[str, str] = {}
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["value", "text", "text", "raw", "drop", "extra", "table"]))
        field = draw(st.sampled_from(sorted(row)))
        if what == "value":
            row[field] = draw(VALUES)
        elif what == "text":  # control characters, lone surrogates, markup in a text field or an id
            row[field] = draw(TEXTS)
        elif what == "raw":
            raw[field] = draw(st.sampled_from(RAW))
        elif what == "drop":
            row.pop(field, None)
        elif what == "extra":
            row[draw(st.sampled_from(["colour", "reviewed_us", "id_", "", "\x1b", "table "]))] = draw(VALUES)
        else:
            row["table"] = draw(st.sampled_from(["users", "review_day", "sqlite_master", "", None, 1, "REVIEW"]))
    if row.get("table") == "setting" and isinstance(row.get("key"), str) and row["key"] in SETTINGS \
            and draw(st.booleans()):
        row["value"] = draw(_setting_values(row["key"]))
    ascii_only = draw(st.booleans())
    fields = [f"{json.dumps(k, ensure_ascii=ascii_only)}: "
              f"{raw[k] if k in raw else json.dumps(v, ensure_ascii=ascii_only)}" for k, v in row.items()]
    return "{" + ", ".join(fields) + "}"


# Text an export may rightly hold that must still never reach a terminal raw
MARKUP = ["[/]", "[bold]x", "{0}", "%s", "指标", "Évaluation", "a b"]
SHOWN = [c for c in CONTROL if not ("\ud800" <= c[0] <= "\udfff")] + MARKUP
FREE_TEXT = {"review": ("answer", "mistake"), "mock_question": ("answer", "mistake"), "flag": ("note",),
             "study_session": ("topics",), "mock_interview": ("topics",)}


def _valid_setting(key: str) -> st.SearchStrategy:
    """A value setting ``key`` accepts, its text as odd as the rules allow."""
    s = SETTINGS[key]
    hostile = st.sampled_from(MARKUP)  # (a control character in a setting's text is refused: see below)
    return {
        "int": st.integers(int(s.low or 0), int(s.high or 0)),
        "float": st.floats(s.low or 0, s.high or 0),
        "bool": st.booleans(),
        "choice": st.sampled_from(s.choices or ("",)),
        "text": hostile,
        "keymap": st.dictionaries(hostile, hostile, max_size=3),
        "titles": st.dictionaries(st.sampled_from(["metrics", "optimizers"] + MARKUP),
                                  st.fixed_dictionaries({"en": hostile, "zh": hostile}), max_size=3),
    }[s.kind]


@st.composite
def export_files(draw) -> tuple[bool, bytes]:
    """(whether it is a valid export, the file): a header and rows of every table
    whose free text holds control characters and markup; in two files of three,
    one line spoiled (a field of the wrong type, a huge number, NaN, deep
    nesting, a missing or unknown field, an unknown table) or bytes damaged."""
    spoiled = draw(st.integers(0, 2)) > 0
    lines = [json.dumps(HEADER)]
    for table in ORDER:
        needed = table in ("study_session", "mock_interview")  # rows of other tables refer to id 1
        for n in range(draw(st.integers(1 if needed else 0, 2))):
            row = dict(VALID[table])
            if "id" in row:
                row["id"] = n + 1
            if table == "mock_question":
                row["position"] = n + 1
            if table == "setting":
                row["key"] = draw(st.sampled_from(sorted(SETTINGS)))
                row["value"] = json.dumps(draw(_valid_setting(row["key"])))
            for field in FREE_TEXT.get(table, ()):
                if draw(st.booleans()):
                    text = draw(st.sampled_from(SHOWN))
                    row[field] = json.dumps([text]) if field == "topics" else text
            lines.append(json.dumps(row, ensure_ascii=draw(st.booleans())))
    if spoiled:
        if draw(st.integers(0, 4)) == 0:
            header = dict(HEADER)
            header[draw(st.sampled_from(["quizapp_export", "schema"]))] = draw(VALUES)
            lines[0] = json.dumps(header)
        else:
            table = draw(st.sampled_from(ORDER))
            at = draw(st.integers(1, len(lines)))
            lines.insert(at, _mutate(draw, dict(VALID[table], id=99) if "id" in VALID[table] else VALID[table]))
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if spoiled and draw(st.integers(0, 3)) == 0:  # damage at the byte level
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\xfe", b"\xff\xfe", b"\xed\xa0\x80", b"\x00", b"\r", b"\n", b"\n\n",
                                     b"\xef\xbb\xbf", b"x" * 1_000_001, b"\x1b[2J", b"\xc3"]))
        data = data[:at] + junk + data[at:]
    return not spoiled, short(data)


def _run_files(tmp, files: list[tuple[bool, bytes]]) -> None:
    cases = []
    for i, (_, data) in enumerate(files):
        path, db, again = tmp / f"in{i}.jsonl", tmp / f"db{i}.sqlite3", tmp / f"again{i}.sqlite3"
        path.write_bytes(data)
        out = tmp / f"out{i}.jsonl"
        cases += [
            case("import", path, "--db", db, report=db),
            case("stats", "--db", db, "--lang", "zh"),
            case("stats", "--db", db, "--json"),
            case("export", "--db", db, "-o", out),
            case("import", out, "--db", again),
            case("export", "--db", again),
        ]
    results = run_cases(cases)
    for i, (valid, data) in enumerate(files):
        imported, stats, stats_json, export, reimport, reexport = results[6 * i: 6 * i + 6]
        assert_sentence_or_result(imported, refused=() if valid else (2,))
        if imported["status"] == 0:
            assert imported["out"].startswith("imported ") and imported["report"]["integrity"] == "ok"
            for r in (stats, stats_json, export, reimport, reexport):
                assert_sentence_or_result(r, refused=())
            assert reexport["out"] == (tmp / f"out{i}.jsonl").read_text(encoding="utf-8")
        else:
            report = imported["report"]
            assert report is None or all(report[t] == 0 for t in report if t not in ("integrity", "unfinished")), report
            for r in (stats, stats_json, export):
                assert_sentence_or_result(r)


@SETTINGS_
@given(st.lists(export_files(), min_size=FILES_PER_CHILD, max_size=FILES_PER_CHILD))
def test_any_export_file_imports_or_is_one_sentence_and_nothing(tmp_path_factory, files):
    _run_files(tmp_path_factory.mktemp("import"), files)


def test_the_unspoiled_file_imports_every_row(tmp_path):
    """The generator's base rows are a valid export: the property is not passed by
    refusing everything."""
    data = "\n".join([json.dumps(HEADER)] + [json.dumps(VALID[t]) for t in ORDER]).encode()
    (tmp_path / "in.jsonl").write_bytes(data)
    db = tmp_path / "db.sqlite3"
    (result,) = run_cases([case("import", tmp_path / "in.jsonl", "--db", db, report=db)])
    assert result["status"] == 0 and result["out"] == f"imported 7 rows into {db}\n", result
    assert all(result["report"][t] == 1 for t in VALID)


def test_an_endless_import_is_refused_within_the_limits(tmp_path):
    """/dev/zero has no line end at all: it is refused after one over-long line,
    never read whole."""
    results = run_cases([case("import", "/dev/zero", "--db", tmp_path / "a.sqlite3", report=tmp_path / "a.sqlite3"),
                         case("import", "-", "--db", tmp_path / "b.sqlite3", stdin=b"\x00" * 3_000_000)])
    for r in results:
        assert_sentence_or_result(r, ok=())
        assert "line 1 is longer than 1,000,000 characters" in r["err"] or "not UTF-8" in r["err"], r["err"]


def test_a_control_character_in_an_imported_title_or_keymap_is_refused_in_one_sentence(tmp_path):
    """Topic titles are shown before the bank loads and keymap ids in notices: a
    control character in them is refused (answers and notes may hold anything:
    they are escaped wherever they are shown)."""
    rows = [json.dumps(HEADER),
            json.dumps({"table": "setting", "key": "topic_titles",
                        "value": json.dumps({"metrics": {"en": "Metrics\x1b[2J", "zh": "指标"}})})]
    (tmp_path / "in.jsonl").write_text("\n".join(rows), encoding="utf-8")
    (result,) = run_cases([case("import", tmp_path / "in.jsonl", "--db", tmp_path / "db.sqlite3")])
    assert_sentence_or_result(result, ok=())
    assert result["err"] == ("quizapp: line 2: topic_titles: “Metrics\\x1b[2J” holds a control character; "
                             "nothing was imported\n")


def test_stats_escapes_every_name_from_the_database(tmp_path):
    """A mistake id may be any text in an import; a topic id anything in a file
    edited by hand: stats prints each escaped, on its own line."""
    rows = [json.dumps(HEADER), json.dumps(VALID["study_session"]),
            json.dumps({**VALID["review"], "mistake": "m\x1b]0;owned\x07\nFAKE LINE"})]
    (tmp_path / "in.jsonl").write_text("\n".join(rows), encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    imported, stats = run_cases([case("import", tmp_path / "in.jsonl", "--db", db), case("stats", "--db", db)])
    assert imported["status"] == 0, imported
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE review_day SET topic = ?", ("t\x1b[2J\nFAKE",))
    conn.close()
    (again,) = run_cases([case("stats", "--db", db)])
    for r in (stats, again):
        assert_sentence_or_result(r, refused=())
        assert not any(line.startswith("FAKE") for line in r["out"].splitlines()), r["out"]
    assert "  metrics.f1 · m\\x1b]0;owned\\x07\\x0aFAKE LINE: 1×" in stats["out"]
