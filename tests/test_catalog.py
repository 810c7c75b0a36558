"""The one message catalog: every entry speaks every language with the same
placeholders, and every key the code names exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from quizapp import catalog
from quizapp.catalog import LANGS, Msg, render, say, text

PACKAGE = Path(catalog.__file__).resolve().parent.parent


def _fields(pattern: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(pattern) if name}


def test_every_entry_has_every_language_with_the_same_placeholders():
    problems = []
    for key, entry in catalog.messages().items():
        for lang in LANGS:
            if not isinstance(entry.get(lang), str) or not entry[lang].strip():
                problems.append(f"{key}: no {lang}")
        unknown = set(entry) - set(LANGS) - {f"{lang}_one" for lang in LANGS}
        if unknown:
            problems.append(f"{key}: unknown form {sorted(unknown)}")
        if all(isinstance(entry.get(lang), str) for lang in LANGS):
            want = _fields(entry["en"])
            for form, pattern in entry.items():
                got = _fields(pattern)
                # a singular may say "1" instead of {count}
                if got != want and not (form.endswith("_one") and got == want - {"count"}):
                    problems.append(f"{key}.{form}: placeholders {sorted(got)} differ from en's {sorted(want)}")
    assert not problems, "\n".join(problems)


_KEY_USE = re.compile(r"""\b(?:say|Msg|text)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)["']""")


def test_every_key_the_code_names_exists():
    missing = []
    for path in PACKAGE.rglob("*.py"):
        if path == Path(catalog.__file__).resolve():
            continue  # its docstring's examples
        for key in _KEY_USE.findall(path.read_text(encoding="utf-8")):
            if not catalog.has(key):
                missing.append(f"{path.relative_to(PACKAGE.parent)}: {key}")
    assert not missing, "\n".join(sorted(set(missing)))


def test_render_fills_values_in_the_chosen_language():
    assert text("rating.3", "en") == "Good"
    assert text("rating.3", "zh") == "良好"
    m = say("rating.1")
    assert str(m) == "Again" and m.text("zh") == "重来"


def test_a_msg_value_is_rendered_in_the_same_language(monkeypatch):
    monkeypatch.setitem(catalog.messages(), "test.wrap", {"en": "[{inner}] {n:.1f}", "zh": "【{inner}】{n:.1f}"})
    m = say("test.wrap", inner=say("rating.4"), n=2.25)
    assert m.text("en") == "[Easy] 2.2"
    assert m.text("zh") == "【简单】2.2"


def test_card_text_values_pick_their_language(monkeypatch):
    monkeypatch.setitem(catalog.messages(), "test.label", {"en": "mistake: {label}", "zh": "错误：{label}"})
    m = say("test.label", label={"en": "forgot it", "zh": "忘了"})
    assert m.text("zh") == "错误：忘了" and str(m) == "mistake: forgot it"


def test_singular_form_is_used_for_count_one(monkeypatch):
    monkeypatch.setitem(catalog.messages(), "test.days", {"en": "{count} days", "en_one": "1 day", "zh": "{count} 天"})
    assert text("test.days", "en", count=1) == "1 day"
    assert text("test.days", "en", count=2) == "2 days"
    assert text("test.days", "zh", count=1) == "1 天"


def test_unknown_key_is_a_clear_error():
    with pytest.raises(KeyError, match="no catalog entry 'nope.nothing'"):
        render(Msg("nope.nothing"), "en")


def test_msg_is_immutable_hashable_and_picklable():
    import pickle

    m = say("rating.2")
    assert pickle.loads(pickle.dumps(m)) == m
    assert {m: 1}[say("rating.2")] == 1
    with pytest.raises(AttributeError):
        m.key = "x"
