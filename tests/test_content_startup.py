"""Start-up stays light: a bank whose decks the checked-deck cache has seen loads
without numpy or the engine, with the same cards and the same file:line errors as a
fresh check; and the app's path to the home screen imports neither numpy, the
engine, the question bank nor sqlite-utils (they load in the bank worker)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from quizapp import deck_format
from quizapp.content import load_bank

DECK = """[deck]
topic = "t"
title = { en = "T", zh = "测" }

[[card]]
id = "t.ok"
kind = "numeric"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "N", zh = "数" }
prompt = { en = "w = {w}", zh = "w = {w}" }
params = { w = { float = [-1, 1], decimals = 1, size = 3 } }
compute = "l2_penalty"
args = { w = "w", lam = 0.1 }

[[card]]
id = "t.typo"
kind = "numeric"
difficulty = 1
source = { note = "001", section = "s" }
title = { en = "N", zh = "数" }
prompt = { en = "w = {w}", zh = "w = {w}" }
params = { w = { float = [-1, 1], decimals = 1, size = 3 } }
compute = "l2_penalti"
args = { w = "w", lam = 0.1 }
"""


def _modules_after(code: str, env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env})
    return json.loads(out.stdout)


def _load_in_fresh_process(deck: Path, cache: Path) -> dict:
    code = (
        "import json, sys; from quizapp.content import load_bank; "
        f"b = load_bank({str(deck)!r}); "
        "print(json.dumps({'cards': sorted(b.templates), 'errors': [str(e) for e in b.errors], "
        "'numpy': 'numpy' in sys.modules, 'engine': 'quizapp.engine' in sys.modules}))"
    )
    return _modules_after(code, {"QUIZAPP_CACHE_DIR": str(cache)})


def test_a_cached_deck_loads_without_numpy_and_keeps_its_errors(tmp_path):
    deck = tmp_path / "t.toml"
    deck.write_text(DECK, encoding="utf-8")
    cache = tmp_path / "cache"
    first = _load_in_fresh_process(deck, cache)  # checks the deck: needs the engine
    second = _load_in_fresh_process(deck, cache)  # from the cache
    assert first["engine"] and first["numpy"]
    assert not second["engine"] and not second["numpy"]
    assert second["cards"] == first["cards"] == ["t.ok"]
    typo_line = DECK.splitlines().index('compute = "l2_penalti"') + 1
    assert second["errors"] == first["errors"]
    (error,) = second["errors"]
    assert error.startswith(f"{deck}:{typo_line}: card 't.typo': unknown computation 'l2_penalti'")


def test_the_cache_gives_the_same_bank_as_a_fresh_check(tmp_path, monkeypatch):
    deck = tmp_path / "t.toml"
    deck.write_text(DECK, encoding="utf-8")
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(tmp_path / "cache"))
    load_bank(deck)
    cached = load_bank(deck)
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    fresh = load_bank(deck)
    assert cached.templates == fresh.templates and cached.errors == fresh.errors
    assert cached.templates["t.ok"].spec == fresh.templates["t.ok"].spec
    assert cached.templates["t.ok"].line == fresh.templates["t.ok"].line == DECK.splitlines().index("[[card]]") + 1


def test_a_change_to_the_checking_code_is_a_new_entry(tmp_path, monkeypatch):
    deck = tmp_path / "t.toml"
    deck.write_text(DECK, encoding="utf-8")
    cache = tmp_path / "cache"
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", str(cache))
    load_bank(deck)
    assert len(list(cache.glob("*.marshal"))) == 1
    monkeypatch.setattr(deck_format, "_code_key", lambda: b"another engine")
    checked = []
    real = deck_format.check_text
    monkeypatch.setattr(deck_format, "check_text", lambda text: checked.append(text) or real(text))
    assert len(load_bank(deck).errors) == 1
    assert checked == [DECK] and len(list(cache.glob("*.marshal"))) == 2


def test_the_path_to_the_home_screen_leaves_the_heavy_modules_to_the_worker():
    code = (
        "import json, sys; import quizapp.cli, quizapp.commands.tui, quizapp.store; "
        "import quizapp.tui.app, quizapp.tui.screens.home; "
        "print(json.dumps(sorted(m for m in ('numpy', 'sqlite_utils', 'quizapp.engine', "
        "'quizapp.content', 'quizapp.grading', 'torch') if m in sys.modules)))"
    )
    assert _modules_after(code, {}) == []
