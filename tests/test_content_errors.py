"""Every class of deck error is reported as file:line: message, and a broken deck never
stops the others from loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.content import load_bank

FIXTURES = Path(__file__).parent / "fixtures" / "decks"


@pytest.fixture(autouse=True)
def _private_deck_cache(tmp_path, monkeypatch):
    """Parsed decks are cached under QUIZAPP_CACHE_DIR: keep the user's cache out of tests."""
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(tmp_path / "cache"))

HEADER = """[deck]
topic = "t"
title = { en = "T", zh = "测" }
"""

CONCEPT = """
[[card]]
id = "t.c{n}"
kind = "concept"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "C", zh = "概" }
question = { en = "Q?", zh = "问？" }
answer = { en = "A.", zh = "答。" }
key_points = [{ en = "k", zh = "点" }]
"""

NUMERIC = """
[[card]]
id = "t.n"
kind = "numeric"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "N", zh = "数" }
prompt = { en = "w = {w}", zh = "w = {w}" }
params = { w = { float = [-1, 1], decimals = 1, size = 3 } }
compute = "l2_penalty"
args = { w = "w", lam = 0.1 }
"""


def _concept(n: int) -> str:
    return CONCEPT.replace("{n}", str(n))


def _write(tmp_path: Path, text: str, name: str = "t.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _line_of(text: str, needle: str) -> int:
    return next(n for n, s in enumerate(text.splitlines(), 1) if needle in s)


def _only_error(tmp_path: Path, text: str):
    b = load_bank(_write(tmp_path, text))
    assert len(b.errors) >= 1, "expected an error"
    return b, b.errors[0]


def test_toml_syntax_error_names_the_line(tmp_path):
    text = HEADER + _concept(1) + 'oops = "unterminated\n'
    b, e = _only_error(tmp_path, text)
    assert e.file.endswith("t.toml") and e.line == len(text.splitlines())
    assert "TOML syntax" in e.message and b.templates == {}
    assert str(e).startswith(f"{e.file}:{e.line}: ")


@pytest.mark.parametrize(
    "edit, needle, words",
    [
        (lambda c: c.replace('answer = { en = "A.", zh = "答。" }\n', ""), "[[card]]", ["missing field 'answer'"]),
        (lambda c: c + 'colour = "red"\n', "colour", ["unknown field 'colour'"]),
        (lambda c: c.replace("difficulty = 1", 'difficulty = "easy"'), "difficulty", ["difficulty", "1..5"]),
        (lambda c: c.replace("difficulty = 1", "difficulty = 9"), "difficulty", ["difficulty"]),
        (lambda c: c.replace(', zh = "问？"', ""), "question", ["missing language 'zh'"]),
        (lambda c: c.replace('{ en = "k", zh = "点" }', '{ en = "k" }'), "key_points", ["missing language 'zh'"]),
        (lambda c: c.replace('kind = "concept"', 'kind = "essay"'), "kind", ["kind must be one of"]),
        (lambda c: c.replace('id = "t.c1"', 'id = "other.c1"'), "id =", ["starting with the topic"]),
        (lambda c: c.replace('note = "001"', 'note = "one"'), "source", ["three-digit"]),
    ],
)
def test_schema_errors_point_at_the_key(tmp_path, edit, needle, words):
    text = HEADER + edit(_concept(1)) + _concept(2)
    b, e = _only_error(tmp_path, text)
    assert e.line == _line_of(text, needle)
    for w in words:
        assert w in e.message
    assert list(b.templates) == ["t.c2"]  # the bad card is skipped, its neighbour loads


@pytest.mark.parametrize(
    "edit, needle, words",
    [
        (lambda c: c.replace('"l2_penalty"', '"l2_penalti"'), "compute", ["unknown computation 'l2_penalti'", "l2_penalty"]),
        (lambda c: c.replace("lam = 0.1", "lam = 0.1, mu = 2"), "args", ["no argument 'mu'"]),
        (lambda c: c.replace(', lam = 0.1', ''), "args", ["needs argument 'lam'"]),
        (lambda c: c.replace('w = "w"', 'w = "v"'), "args", ["unknown name 'v'"]),
        (lambda c: c.replace('w = "w"', 'w = "__import__(1)"'), "args", ["not a known function"]),
        (lambda c: c.replace('w = "w"', 'w = "w.real"'), "args", ["Attribute is not allowed"]),
        (lambda c: c.replace("w = {w}\", zh", "w = {x}\", zh"), "prompt", ["unknown placeholder {x}"]),
        (lambda c: c.replace("float = [-1, 1]", "float = [1, -1]"), "params", ["empty"]),
        (lambda c: c.replace("size = 3", "size = 0"), "params", ["at least 1"]),
        (lambda c: c + "decimals = 2\nsig = 3\n", "decimals = 2", ["decimals or sig"]),
        (lambda c: c + '[[card.mistake]]\nid = "m"\nlabel = { en = "x" }\nexpr = "w"\n', "[[card.mistake]]", ["missing language 'zh'"]),
        (lambda c: c + '[[card.mistake]]\nid = "m"\nlabel = { en = "x", zh = "错" }\ncompute = "nope"\n', "[[card.mistake]]", ["unknown computation 'nope'"]),
    ],
)
def test_numeric_errors_point_at_the_key(tmp_path, edit, needle, words):
    text = HEADER + edit(NUMERIC)
    b, e = _only_error(tmp_path, text)
    assert e.line == _line_of(text, needle), e
    for w in words:
        assert w in e.message, e
    assert b.templates == {}


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    text = HEADER + _concept(1)
    _write(tmp_path, text, "a.toml")
    _write(tmp_path, text, "b.toml")
    b = load_bank(tmp_path)
    assert list(b.templates) == ["t.c1"] and b.templates["t.c1"].file.endswith("a.toml")
    (e,) = b.errors
    assert e.file.endswith("b.toml") and e.line == 5
    assert "duplicate id 't.c1'" in e.message and "a.toml:5" in e.message


def test_missing_header_and_unknown_top_level_keys(tmp_path):
    _, e = _only_error(tmp_path, _concept(1))
    assert "missing [deck]" in e.message
    _, e = _only_error(tmp_path, HEADER + "[extra]\nx = 1\n")
    assert "unknown top-level key 'extra'" in e.message
    _, e = _only_error(tmp_path, HEADER.replace(', zh = "测"', "") + _concept(1))
    assert e.line == 1 and "title: missing language 'zh'" in e.message


def test_a_malformed_deck_beside_a_good_one(tmp_path):
    shutil.copy(FIXTURES / "optimizers.toml", tmp_path / "optimizers.toml")
    _write(tmp_path, HEADER + "[[card]\n", "broken.toml")
    b = load_bank(tmp_path)
    assert "optimizers.adam-first-step" in b.templates
    (e,) = b.errors
    assert e.file.endswith("broken.toml") and e.line == 4 and "TOML syntax" in e.message


def test_a_missing_path_is_an_error_not_a_crash(tmp_path):
    b = load_bank(tmp_path / "nope")
    assert b.templates == {} and "no such deck" in b.errors[0].message


def test_loading_never_instantiates(tmp_path):
    """A range the engine rejects is found by check-content, not at load (load stays fast)."""
    text = HEADER + NUMERIC.replace("lam = 0.1", 'lam = "-1"')
    b = load_bank(_write(tmp_path, text))
    assert b.errors == [] and "t.n" in b.templates


def test_parsed_decks_are_cached_by_content_and_a_corrupt_entry_is_reparsed(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    deck = _write(tmp_path, HEADER + _concept(1))
    assert list(load_bank(deck).templates) == ["t.c1"]
    (entry,) = cache.glob("*.marshal")
    entry.write_bytes(b"not marshal data")
    assert list(load_bank(deck).templates) == ["t.c1"]
    deck.write_text(HEADER + _concept(2), encoding="utf-8")  # an edit is a new entry, never stale
    assert list(load_bank(deck).templates) == ["t.c2"]
    assert len(list(cache.glob("*.marshal"))) == 2
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    shutil.rmtree(cache)
    assert list(load_bank(deck).templates) == ["t.c2"] and not cache.exists()


def test_constraints_may_use_derived_names_and_stray_braces_are_errors(tmp_path):
    from quizapp.content import instantiate, load_bank

    deck = tmp_path / "t.toml"
    deck.write_text(
        """[deck]
topic = "t"
title = { en = "T", zh = "测" }

[[card]]
id = "t.ok"
kind = "numeric"
difficulty = 1
source = { note = "002", section = "s" }
title = { en = "P", zh = "罚" }
prompt = { en = "w = {w}, total {s}", zh = "w = {w}，总和 {s}" }
params = { w = { int = [-3, 3], size = 3 } }
derived = { s = "sum(abs(w))" }
constraints = ["s > 2"]
compute = "l1_penalty"
args = { w = "w", lam = "1" }

[[card]]
id = "t.stray"
kind = "numeric"
difficulty = 1
source = { note = "002", section = "s" }
title = { en = "P", zh = "罚" }
prompt = { en = "first weight {w[0]}", zh = "第一个权重 {w[0]}" }
params = { w = { int = [-3, 3], size = 3 } }
compute = "l1_penalty"
args = { w = "w", lam = "1" }
""",
        encoding="utf-8",
    )
    bank = load_bank(deck)
    assert list(bank.templates) == ["t.ok"]
    inst = instantiate(bank.templates["t.ok"], 7)
    assert sum(abs(v) for v in inst.params["w"]) > 2
    assert [(e.line, e.message.split(":")[1].strip()) for e in bank.errors] == [(24, "prompt.en"), (24, "prompt.zh")]
    assert all("'{w[0]}' is not a placeholder" in e.message for e in bank.errors)
