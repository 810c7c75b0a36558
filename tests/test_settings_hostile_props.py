"""Property-based: whatever value a setting is given — typed into the settings
screen, handed to the settings rules, stored by hand or by an old quizapp in the
database — it is saved, or refused in one sentence naming the setting (in both
languages), or read back as its default; never a traceback, never past the
memory or time limit.

Each example runs in a child process under RLIMIT_AS and a time limit
(``hostile``'s limits): the rules and the store in one child per example, the
settings screen (the Textual app, headless) on its save path in one child per
example, several values each.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hostile import few, short
from test_deck_hostile import MEMORY_LIMIT, SECONDS_PER_CASE

from quizapp.safe_text import unsafe_char
from quizapp.settings import SETTINGS

TESTS = Path(__file__).parent
KEYS = sorted(SETTINGS)
SHOWN_KEYS = sorted(k for k, s in SETTINGS.items() if s.shown and s.kind in ("int", "float"))

HOSTILE_TEXT = [short(t) for t in ["", " ", "1.5", "-5", "+3", "1e3", "0x10", "1_000", "nan", "inf", "-inf", "9" * 5000,
                                   "9" * 41, "０.９", "٣", "1,000", ".5", "5.", "\x1b[2J", "\x00", "\ud800", "\u202e7",
                                   "[/]", "[bold]7", "{0}", "%s", "7\n8", "\t30", "0.9 ", "１２", "१२"]]
NUMBERS = st.one_of(st.integers(), st.sampled_from([2**63, 10**20, -(10**30)]), st.floats(),
                    st.builds(pow, st.sampled_from([10, -10]), st.sampled_from([4400, 5000])),  # past str()'s limit
                    st.sampled_from([float("nan"), float("inf"), -0.0, 5e-324, 1e308]))
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=20), st.sampled_from(HOSTILE_TEXT)),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=5), kids, max_size=3)),
    max_leaves=8,
)


def _as_json(value) -> str:
    try:
        return short(json.dumps(value))
    except ValueError:  # an int past str()'s limit: its digits, as a hand-edited file would hold them
        return short("9" * 5000)


# What a database may hold in the setting table's value column, written by hand
STORED = st.one_of(
    VALUES.map(_as_json),
    st.sampled_from([short(t) for t in ["9" * 5000, "-" + "9" * 4400, "[" * 100_000 + "]" * 100_000, "NaN",
                                        "Infinity", "{", "", '"\\ud800"', "1e999", "null", "x" * 2_000_000]]),
    st.binary(max_size=20),  # a BLOB
    st.integers(-(2**63), 2**63 - 1),  # an INTEGER
)


def run_child(code: str, cases: list, *, seconds: float | None = None) -> list:
    """Run ``code`` (which defines ``handle(case) -> result``) on each case in a
    child process under the memory limit and ``seconds`` of wall time (default:
    SECONDS_PER_CASE per case); cases and results travel pickled."""
    runner = ("import base64, pickle, resource, sys\n"
              f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
              f"sys.path.insert(0, {str(TESTS)!r})\n" + code + "\n"
              "results = [handle(c) for c in pickle.loads(base64.b64decode(sys.stdin.read()))]\n"
              "sys.stdout.write(base64.b64encode(pickle.dumps(results)).decode())\n")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        proc = subprocess.run([sys.executable, "-c", runner], input=base64.b64encode(pickle.dumps(cases)).decode(),
                              capture_output=True, text=True, timeout=seconds or SECONDS_PER_CASE * len(cases), env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"past the time limit ({seconds or SECONDS_PER_CASE * len(cases)} s)")
    assert "Traceback" not in proc.stderr and proc.returncode == 0, proc.stderr[-3000:]
    return pickle.loads(base64.b64decode(proc.stdout))


def assert_one_sentence(said: dict) -> None:
    """A refusal: one line in each language, naming nothing raw."""
    for lang in ("en", "zh"):
        text = said[lang]
        assert text and "\n" not in text and unsafe_char(text) is None and len(text) < 400, said


# ---------------------------------------------------------------- the rules and the store

RULES = r"""
import json, sqlite3, tempfile
from pathlib import Path
from quizapp.settings import SettingError, check, parse
from quizapp.store import Store, StoreError
from quizapp.workspace import Workspace

def said(msg):
    return {"en": msg.text("en") if hasattr(msg, "text") else str(msg),
            "zh": msg.text("zh") if hasattr(msg, "text") else str(msg)}

def outcome(call):
    try:
        return ("ok", repr(call())[:100])
    except SettingError as e:
        return ("refused", said(e.msg))
    except StoreError as e:
        return ("refused", said(e.msg))

def handle(case):
    kind, key, value = case
    if kind == "check":
        return outcome(lambda: check(key, value))
    if kind == "parse":
        return outcome(lambda: parse(key, value))
    folder = Path(tempfile.mkdtemp())
    db = folder / "p.sqlite3"
    with Store.open(db) as store:
        if kind == "set":
            result = outcome(lambda: store.set_setting(key, value))
            stored = store.get_setting(key)
            return result + (outcome(lambda: check(key, stored))[0] if stored is not None else "ok",)
        store._conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
    with Store.open(db) as store:  # what was stored by hand is read back
        ws = Workspace(store)
        got = ws.setting(key)
        store.srs_settings()
        store.settings()
        return ("read", outcome(lambda: check(key, got))[0] if got is not None else "ok")
"""


@few(6)
@given(st.lists(st.one_of(
    st.tuples(st.just("check"), st.sampled_from(KEYS + ["nope", "\x1b[2J"]), VALUES),
    st.tuples(st.just("parse"), st.sampled_from(SHOWN_KEYS), st.one_of(st.sampled_from(HOSTILE_TEXT), st.text())),
    st.tuples(st.just("set"), st.sampled_from(KEYS), VALUES),
    st.tuples(st.just("stored"), st.sampled_from(KEYS), STORED),
), min_size=12, max_size=12))
def test_any_setting_value_is_kept_refused_in_a_sentence_or_read_as_its_default(cases):
    for case, result in zip(cases, run_child(RULES, cases)):
        kind = result[0]
        assert kind in ("ok", "refused", "read"), (case, result)
        if kind == "refused":
            assert_one_sentence(result[1])
        if case[0] == "set":  # whatever is stored afterwards passes the rules
            assert result[2] == "ok", (case, result)
        if case[0] == "stored":  # read back as a valid value or the default
            assert result[1] == "ok", (case, result)


# ---------------------------------------------------------------- the settings screen

SCREEN = r"""
import asyncio, json, sqlite3, tempfile
from pathlib import Path
from textual.notifications import Notify
from textual.widgets import Input
from helpers import DECKS, Clock
from quizapp.content import load_bank
from quizapp.store import Store
from quizapp.tui.app import make_app
from quizapp.workspace import Workspace

Input.cursor_blink = False
KEYS = {**{c: c for c in "0123456789abcdefxyz"}, " ": "space", ".": "full_stop", "-": "minus", "+": "plus"}
BANK = load_bank(DECKS)

async def drive(stored, typed):
    folder = Path(tempfile.mkdtemp())
    store = Store.open(folder / "p.sqlite3")
    for key, value in stored:  # written by hand or by an old quizapp
        store._conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
    notes, results = [], []
    app = make_app(Workspace(store, BANK, clock=Clock()), seed=1, log_dir=folder / "logs", config_dir=folder / "cfg")
    async with app.run_test(size=(80, 24), message_hook=lambda m: isinstance(m, Notify) and notes.append(m.notification)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        for key, text, lang, how in typed:
            app.lang = lang
            field = app.screen.query_one(f"#set-{key}", Input)
            before = app.workspace.setting(key)
            del notes[:]
            typed_in = None
            if how == "type" and len(text) <= 45 and all(c in KEYS for c in text):  # key by key, then Enter
                field.focus()
                field.value = ""
                await pilot.pause()
                await pilot.press(*[KEYS[c] for c in text], "enter")
                typed_in = field.value
            else:  # pasted or set whole: the save path with any text at all
                field.value = text
                app.screen.save_number(field)
            await pilot.pause()
            after = app.workspace.setting(key)
            results.append({"before": before, "after": after, "field": field.value, "typed": typed_in,
                            "focused": repr(app.focused),
                            "notes": [(n.severity, n.message) for n in notes]})
        crashed = app._exception
    store.close()
    return {"results": results, "crashed": repr(crashed) if crashed else None,
            "logs": sorted(p.name for p in (folder / "logs").glob("*"))}

def handle(case):
    return asyncio.run(drive(*case))
"""

TYPED = st.tuples(
    st.sampled_from(SHOWN_KEYS),
    st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12),
              st.sampled_from(["0.85", "30", "500", "365", "5", "0", "23", "24", "0.7", "0.99"])),
    st.sampled_from(["en", "zh"]),
    st.sampled_from(["type", "set"]),
)


@few(3)
@given(st.lists(st.tuples(st.sampled_from(SHOWN_KEYS + ["language", "theme", "keymap", "topic_titles"]), STORED),
                max_size=4),
       st.lists(TYPED, min_size=6, max_size=10))
def test_the_settings_screen_saves_or_refuses_anything_typed_in_one_sentence(stored, typed):
    (outcome,) = run_child(SCREEN, [(stored, typed)], seconds=SECONDS_PER_CASE * (1 + len(typed)))
    assert outcome["crashed"] is None and outcome["logs"] == [], outcome
    for (key, text, lang, how), r in zip(typed, outcome["results"]):
        errors = [m for severity, m in r["notes"] if severity == "error"]
        assert len(errors) <= 1, r
        if errors:  # refused: one sentence, the field shows the saved value again
            assert "\n" not in errors[0] and unsafe_char(errors[0]) is None and len(errors[0]) < 300, r
            assert r["after"] == r["before"], r
            shown = f"{r['before']:g}" if isinstance(r["before"], float) else str(r["before"])
            assert r["field"] == shown, r
        else:
            assert SETTINGS[key].low <= r["after"] <= SETTINGS[key].high, r


def test_a_stored_value_of_5000_digits_opens_the_settings_screen_and_is_read_as_the_default():
    """The issue's case: the screen crashed drawing a 5,000-digit value (reading
    it back raised), and so did everything reading the scheduling settings."""
    stored = [("new_per_day", "9" * 5000), ("desired_retention", "[" * 100_000 + "]" * 100_000),
              ("maximum_interval", "NaN"), ("language", "\"\\u001b[2J\""), ("day_rollover_hour", "1e999")]
    typed = [("new_per_day", "9" * 5000, "en", "set"), ("new_per_day", "30", "zh", "type")]
    (outcome,) = run_child(SCREEN, [(stored, typed)], seconds=SECONDS_PER_CASE * 3)
    assert outcome["crashed"] is None and outcome["logs"] == [], outcome
    refused, saved = outcome["results"]
    assert refused["before"] == 20 and refused["field"] == "20"
    assert [m for _, m in refused["notes"]] == ["New cards per day: “999999999999999999999999999999999999999…” is not a "
                                                 "number; nothing was changed."]
    assert saved["after"] == 30 and ("information", "已保存。") in saved["notes"], saved


def test_a_whole_number_too_big_for_a_float_is_out_of_range_not_a_crash():
    """Found by the property above: float(10**400) raised OverflowError."""
    ((kind, said),) = run_child(RULES, [("check", "desired_retention", 10**400)])
    assert kind == "refused" and said["en"] == "Desired retention: 10^400… is outside 0.7–0.99; nothing was changed."
