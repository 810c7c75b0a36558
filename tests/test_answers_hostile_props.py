"""Property-based: whatever is typed as an answer — bytes that are not UTF-8,
terminal escapes, NUL, numbers of thousands of digits, deep nesting, endless
lines, commands with odd notes — ``quizapp drill --plain`` and ``quizapp grade``
end in a verdict or one sentence; never a traceback, never past the memory or
time limit, never a control character on the terminal. In the drill, every
review printed is in the database, nothing else is, every flag is stored and the
session is closed.

The commands run in a child process (``hostile.run_cases``); several cases share
a child.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from hostile import assert_sentence_or_result, case, few, run_cases, short

from quizapp.safe_text import unsafe_char

DECKS = Path(__file__).parent / "fixtures" / "decks"
CASES_PER_CHILD = 4
SETTINGS = few(6)

ANSWERS = [short(a) for a in [
    b"0.5", b"1/3", b"83%", b"sqrt(2/256)", b"[0.1, 0.2]", b"1e-3", b"-0", b"", b" ", b"1", b"2", b"3", b"4", b"1,2",
    b"\xfe", b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\x00", b"\x1b[2J", b"\x1b]0;owned\x07", b"\xc2\x9b31m",
    "\u202e".encode(), "\u2028".encode(), b"\r", b"\t", b"\x7f", b"9" * 5000, b"1e999999", b"9**9**9", b"9^9^9^9",
    b"sqrt(" * 2000, b"(" * 100_000, b"[" * 100_000, b"1" + b"0" * 400 + b"/3", b"x" * 100_001, "一".encode(),
    "０.５".encode(), "−0.5".encode(), b"NaN", b"inf", b"-inf", b"1e-400", b"0x10", b"1_000", b"5/0", b"0/0",
    b"[1e308, 1e308]", b"[" + b"1," * 50_000 + b"1]", b"{0}", b"%s", b"[/]", b"[bold]",
]]
COMMANDS = [short(c) for c in [b":flag \xfe", b":flag \x1b[2J", b":flag " + b"x" * 5000, b":flag", b":undo", b":skip", b":",
            b"::", b":quit now", b":FLAG x", b":flag \xed\xa0\x80"]]
LINES = st.lists(st.sampled_from(ANSWERS + COMMANDS), min_size=1, max_size=3).map(b"".join)
REVIEW = re.compile(r"^(correct|wrong) ?[(（]|^rated [1-4] ?[(（]")  # one line per review committed (en, zh)


@st.composite
def typed_input(draw) -> bytes:
    lines = draw(st.lists(LINES, min_size=1, max_size=14))
    end = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = end.join(lines)
    return short(data + end if draw(st.booleans()) else data)  # the last line may have no end


def _drill_cases(tmp: Path, inputs: list[bytes]) -> list[dict]:
    return [case("drill", "--plain", "--content", DECKS, "--db", tmp / f"d{i}.sqlite3", "--seed", i, "--count", 4,
                 *(["--lang", "zh"] if i % 2 else []), *(["--cram"] if i % 3 == 2 else []), stdin=data,
                 report=tmp / f"d{i}.sqlite3")
            for i, data in enumerate(inputs)]


def _check_drill(result: dict, lang: str) -> None:
    assert_sentence_or_result(result, refused=())
    lines = result["out"].splitlines()
    shown = [line[:200] for line in lines]
    assert lines[-1].startswith("done: " if lang == "en" else "完成："), shown[-3:]
    printed = sum(bool(REVIEW.match(line)) for line in lines)
    undone = sum(line.startswith(("undone: the review of", "已撤销：")) and not line.endswith("步") for line in lines)
    flagged = sum(line.startswith(("flagged ", "已标记 ")) for line in lines)
    report = result["report"]
    if report is None:  # nothing was answered, so no database was needed
        assert printed == flagged == 0, shown
        return
    assert report["integrity"] == "ok" and report["unfinished"] == 0, report
    assert report["review"] == printed - undone, (report, shown)
    assert report["flag"] == flagged, (report, shown)


@SETTINGS
@given(st.lists(typed_input(), min_size=CASES_PER_CHILD, max_size=CASES_PER_CHILD))
def test_anything_typed_in_the_drill_is_a_verdict_or_a_sentence_and_every_review_is_kept(tmp_path_factory, inputs):
    tmp = tmp_path_factory.mktemp("drill")
    for i, result in enumerate(run_cases(_drill_cases(tmp, inputs))):
        _check_drill(result, "zh" if i % 2 else "en")


def test_invalid_utf8_in_a_concept_answer_a_rating_and_a_flag_note_keeps_the_rating(tmp_path):
    """The issue's case: ``:flag \\xfe`` and undecodable bytes on a concept card.
    The rating is stored and the session row is finished."""
    data = b"\xfe\xff attempt\n:flag \xfe\n3\xfe\n3\n"
    db = tmp_path / "p.sqlite3"
    (result,) = run_cases([case("drill", "--plain", "--content", DECKS, "--db", db, "--topic", "metrics",
                                "--seed", 3, "--count", 1, stdin=data, report=db)])
    _check_drill(result, "en")
    assert "rated 3 (Good)" in result["out"] and result["report"]["review"] == 1 and result["report"]["flag"] == 1


def test_endless_input_ends_the_drill_within_the_limits(tmp_path):
    """``drill --plain </dev/zero``: no line end ever comes; the drill stops after
    reading a bounded amount, with its summary."""
    db = tmp_path / "p.sqlite3"
    (result,) = run_cases([case("drill", "--plain", "--content", DECKS, "--db", db, "--count", 2,
                                stdin_file="/dev/zero", report=db)])
    _check_drill(result, "en")


# ---------------------------------------------------------------- quizapp grade

EXPECTED = [short(e) for e in ["0.8333333", "5", "-0.0", "1e-300", "[0.1, 0.2, 0.7]", "[[1, 2], [3, 4]]", "[]", "[[]]", "[1, [2]]",
            "1e308", "1e999", "NaN", "-Infinity", "9" * 5000, "[" * 100_000 + "]" * 100_000, '"text"', "null",
            "true", "{}", "", "0x10", "[1e308, -1e308]", "\x1b[2J", "[" + "1," * 50_000 + "1]"]]
OPTIONS = [[], ["--rtol", "0.1"], ["--atol", "1e-300"], ["--rtol", "0", "--atol", "0"], ["--min-decimals", "12"],
           ["--min-sig", "15"], ["--min-sig", short("9" * 5000)], ["--rtol", "1e999"], ["--lang", "zh"]]
GRADE_ANSWERS = st.lists(st.sampled_from(ANSWERS + [b"-1e-3", b"-sqrt(2)", b"--", b"-h"]), min_size=1, max_size=3).map(
    lambda parts: short(b"".join(parts).decode("utf-8", "surrogateescape").replace("\x00", "\\0")))  # argv as Python reads it


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(EXPECTED), GRADE_ANSWERS, st.sampled_from(OPTIONS)),
                min_size=3 * CASES_PER_CHILD, max_size=3 * CASES_PER_CHILD))
def test_anything_typed_to_grade_is_a_verdict_or_a_sentence(grades):
    results = run_cases([case("grade", "--expected", expected, *options, "--", answer)
                         for expected, answer, options in grades])
    for result in results:
        # 0 correct, 1 wrong, 2 unreadable / asked again / a bad argument; never 3 (a defect)
        assert_sentence_or_result(result, ok=(0, 1, 2), refused=(2,))
        said = result["out"] + result["err"]
        assert said.count("\n") == 1 and said.endswith("\n"), result


def test_grade_refuses_deep_nesting_and_thousands_of_digits_in_one_short_sentence():
    """Nested too deeply, --expected used to raise RecursionError (a crash, exit 1:
    "wrong"); a 5,000-digit --min-sig was echoed whole."""
    results = run_cases([case("grade", "--expected", "[" * 100_000, "1"),
                         case("grade", "--expected", "1", "--min-sig", "9" * 5000, "1"),
                         case("grade", "--expected", "1", "--rtol", "9" * 5000, "1")])
    for result in results:
        assert_sentence_or_result(result, ok=())
        assert len(result["err"]) < 200, result["err"]
    assert results[0]["err"].startswith("quizapp: --expected is not valid JSON: '[[[")
    assert "--min-sig: expected a whole number ≥ 1, got '9999" in results[1]["err"]


# ---------------------------------------------------------------- the session (the app's path)

READABLE = st.sampled_from(["0.5", "1", "2", "3", "4", "1,2", "83%", "1/3", " 3 ", "0.1"])  # reviews get recorded
TYPED = st.one_of(
    READABLE, READABLE,
    st.text(max_size=40),  # any code point, lone surrogates (undecodable bytes) included
    st.sampled_from([short(a.decode("utf-8", "surrogateescape")) for a in ANSWERS if len(a) < 10_000]),
    st.lists(st.sampled_from(["\x1b[2J", "\ud800", "\udcfe", "\x00", "3", "0.5", "[1, 2]", "sqrt(", "\u202e"]),
             max_size=4).map("".join),
)
ACTIONS = st.lists(st.tuples(st.sampled_from(["type", "type", "type", "flag", "undo", "skip", "next"]), TYPED),
                   min_size=10, max_size=30)


@few(25)
@given(ACTIONS)
def test_anything_typed_in_the_app_is_a_verdict_or_a_session_error_and_every_review_is_kept(tmp_path_factory, actions):
    """What the terminal app hands the session (text from its input widgets, any
    code point): an outcome or a SessionError; every review the session reports
    is in the database, every flag too, and closing ends the session row."""
    from helpers import DECKS, Clock
    from quizapp.content import load_bank
    from quizapp.session import SessionError, StudySession
    from quizapp.store import Store

    db = tmp_path_factory.mktemp("session") / "p.sqlite3"
    with Store.open(db) as store:
        s = StudySession(store, load_bank(DECKS), seed=5, count=4, clock=Clock(tick=2.0))
        kept, flags = 0, 0
        for action, typed in actions:
            try:
                if action == "flag":
                    s.flag(typed)
                    flags += 1
                elif action == "undo":  # a stage of the card being asked, else the last review
                    mid_card = s.state == "asking" and s.current is not None and bool(s.current.stage)
                    kept -= s.undo() is not None and not mid_card
                elif action == "skip":
                    s.skip()
                elif action == "next":
                    s.next()
                elif s.state == "answered":  # the app's Enter after a verdict
                    s.next()
                elif s.state == "revealed":
                    kept += s.rate(typed).review_id is not None
                elif s.current is not None and s.current.kind == "concept":
                    s.reveal(typed)
                else:
                    kept += s.answer(typed).review_id is not None
            except SessionError:
                pass
        s.close()
        assert store._conn.execute("SELECT COUNT(*) FROM review").fetchone()[0] == kept
        assert store._conn.execute("SELECT COUNT(*) FROM flag").fetchone()[0] == flags
        assert store._conn.execute("SELECT COUNT(*) FROM study_session WHERE ended_us IS NULL").fetchone()[0] == 0


def test_deck_file_names_and_text_reach_the_drill_and_check_content_escaped(tmp_path):
    """A deck file whose name holds terminal escapes (decks refuse them in their
    text): the drill and check-content name it escaped, on one line."""
    import shutil

    folder = tmp_path / "decks"
    shutil.copytree(DECKS, folder)
    (folder / "evil\x1b]0;owned\x07\x9b2J.toml").write_text('[deck]\ntopic = "t"\ntitle = { en = "T\\u001b[2J", '
                                                          'zh = "测" }\n', encoding="utf-8")
    db = tmp_path / "p.sqlite3"
    drill, check = run_cases([case("drill", "--plain", "--content", folder, "--db", db, "--count", 1, stdin=b"\n3\n"),
                              case("check-content", folder, "--seeds", 1, "--crosscheck-seeds", 0, "--jobs", 1)])
    assert_sentence_or_result(drill, refused=())
    assert check["status"] == 2 and "Traceback" not in check["err"]  # 2: the bank has a problem, named
    for said in (drill["err"], check["out"]):
        assert "evil\\x1b]0;owned\\x07\\x9b2J.toml:" in said and unsafe_char(said, keep="\n") is None, said
