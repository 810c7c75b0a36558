"""A new card kind is its own module and its own view, nothing else: a kind written
here (a one-word answer, "flashword") is dropped into the two registries' folders and
then read from a deck, checked, served by a study session, judged, stored, drilled in
plain lines and drawn by the app — without a change to any other file."""

from __future__ import annotations

import io
import sys
import textwrap
from datetime import timezone

import pytest
from tui_fixtures import sync, text_of

from helpers import Clock

KIND_MODULE = '''
"""flashword: a question answered with one word (any case)."""
from quizapp.catalog import say
from quizapp.kinds import CardKind


class FlashwordKind(CardKind):
    name = "flashword"
    answer_mode = "typed"
    fields = frozenset({"question", "word"})
    required = ("question", "word")

    def check(self, card, topic):
        word = card["word"]
        if not isinstance(word, str) or not word.isalpha():
            return [("word", "word must be one word of letters")]
        return []

    def instantiate(self, template, seed, rng):
        from quizapp.content import Instance

        return Instance(template, seed, template.spec["question"], answer={"en": template.spec["word"],
                                                                          "zh": template.spec["word"]})

    def judge(self, inst, ask, text):
        from quizapp.verdict import Verdict

        if not text.strip():
            return Verdict("again", say("flashword.empty"))
        right = text.strip().lower() == inst.answer["en"].lower()
        return Verdict("correct" if right else "wrong",
                       say("flashword.right" if right else "flashword.wrong", word=inst.answer["en"]), text)

    def expected(self, inst, ask=None):
        return inst.answer["en"]

    def solution(self, inst, lang):
        return [inst.answer["en"]]


MESSAGES = {
    "kind.flashword": {"en": "one word", "zh": "一个词"},
    "flashword.empty": {"en": "Type one word.", "zh": "请输入一个词。"},
    "flashword.right": {"en": "Yes: {word}.", "zh": "对：{word}。"},
    "flashword.wrong": {"en": "The word is {word}.", "zh": "这个词是 {word}。"},
}

KIND = FlashwordKind()
'''

VIEW_MODULE = '''
from quizapp.tui.widgets.kinds.numeric import NumericView


class FlashwordView(NumericView):
    """Typed like a numeric card: an answer box, a verdict with the expected word."""


VIEW = FlashwordView
'''

DECK = '''
[deck]
topic = "words"
title = { en = "Words", zh = "词" }

[[card]]
id = "words.adam"
kind = "flashword"
difficulty = 1
source = { note = "001", section = "Adam" }
title = { en = "An optimizer's name", zh = "一个优化器的名字" }
question = { en = "Which optimizer keeps moving averages of the gradient and its square?", zh = "哪个优化器同时维护梯度及其平方的滑动平均？" }
word = "Adam"

[[card]]
id = "words.bad"
kind = "flashword"
difficulty = 1
source = { note = "001", section = "Adam" }
title = { en = "Bad", zh = "坏" }
question = { en = "?", zh = "？" }
word = "two words"
'''


@pytest.fixture
def flashword(tmp_path, monkeypatch):
    """The kind's module and its view, each in its own folder on its registry's path."""
    import quizapp.catalog as catalog
    import quizapp.kinds as kinds
    import quizapp.tui.widgets.kinds as views

    (tmp_path / "kinds").mkdir()
    (tmp_path / "views").mkdir()
    (tmp_path / "kinds" / "flashword.py").write_text(textwrap.dedent(KIND_MODULE), encoding="utf-8")
    (tmp_path / "views" / "flashword.py").write_text(textwrap.dedent(VIEW_MODULE), encoding="utf-8")
    monkeypatch.setattr(kinds, "__path__", [*kinds.__path__, str(tmp_path / "kinds")])
    monkeypatch.setattr(views, "__path__", [*views.__path__, str(tmp_path / "views")])
    monkeypatch.setattr(kinds, "_REGISTRY", None)
    monkeypatch.setattr(catalog, "_messages", None)
    monkeypatch.setenv("QUIZAPP_CACHE_DIR", "off")
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "words.toml").write_text(DECK, encoding="utf-8")
    yield decks
    for name in ("quizapp.kinds.flashword", "quizapp.tui.widgets.kinds.flashword"):
        sys.modules.pop(name, None)
    kinds._REGISTRY = None
    catalog._messages = None


def test_the_deck_reader_checks_the_new_kind_by_its_own_rules(flashword):
    from quizapp.content import load_bank

    bank = load_bank(flashword)
    assert list(bank.templates) == ["words.adam"]
    [error] = bank.errors
    assert "words.toml" in str(error) and "word must be one word of letters" in str(error)


def test_a_session_serves_judges_and_stores_it(flashword, tmp_path):
    from quizapp.content import load_bank
    from quizapp.session import StudySession
    from quizapp.store import Store

    with Store.open(tmp_path / "p.sqlite3") as store:
        s = StudySession(store, load_bank(flashword), clock=Clock(), tz=timezone.utc, seed=1)
        assert s.current.kind == "flashword"
        o = s.answer("adam")
        assert o.correct and o.message["zh"] == "对：Adam。" and o.expected == "Adam"
        [(verdict, rating)] = store._conn.execute("SELECT verdict, rating FROM review").fetchall()
        assert verdict == "correct" and rating == 4


def test_the_plain_drill_drills_it(flashword, tmp_path, monkeypatch, capsys):
    from quizapp.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO("Momentum\n"))
    assert main(["drill", "--plain", "--content", str(flashword), "--db", str(tmp_path / "d.sqlite3"),
                 "--lang", "zh"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "[1/1] words.adam · 一个优化器的名字（一个词，新卡）"
    assert any(line.startswith("wrong（重来）：这个词是 Adam。") for line in out)


@sync
async def test_the_app_draws_it_with_its_own_view(flashword, tmp_path):
    from quizapp.content import load_bank
    from quizapp.store import Store
    from quizapp.tui.app import make_app
    from quizapp.workspace import Workspace

    store = Store.open(tmp_path / "p.sqlite3")
    app = make_app(Workspace(store, load_bank(flashword), clock=Clock()), seed=1, log_dir=tmp_path,
                   config_dir=tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("s")
            await pilot.pause()
            view = app.screen.view
            assert type(view).__name__ == "FlashwordView"
            await pilot.press(*"adam", "enter")
            await pilot.pause()
            assert app.screen.session.state == "answered"
            assert "Yes: Adam." in text_of(app.screen.query_one("#card-verdict"))
    finally:
        store.close()
