"""Your own decks: read beside the progress database with the bank's reader and
checks, bounded; cards written safely (escaped TOML, read back before an atomic
replace); editing finds the card's file and line."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import DECKS
from quizapp import userdecks
from quizapp.content import load_bank
from quizapp.paths import user_decks_dir
from quizapp.userdecks import Draft, Refused, add_card, both, card_toml, parse_param, toml_string

CONCEPT = """[deck]
topic = "mine"
title = { en = "My notes", zh = "我的笔记" }

[[card]]
id = "mine.bias"
kind = "concept"
difficulty = 2
source = { note = "000", section = "me" }
title = { en = "Bias", zh = "偏差" }
question = { en = "What is bias?", zh = "什么是偏差？" }
answer = { en = "Systematic error.", zh = "系统误差。" }
key_points = [{ en = "systematic", zh = "系统性" }]
"""


def deck(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def concept(topic: str = "metrics", **kw) -> Draft:
    values = dict(kind="concept", topic=topic, title=both("Why macro F1"),
                  question=both("When does macro-F1 differ from micro-F1?"),
                  answer=both("When classes are imbalanced."), key_points=[both("macro averages per class")])
    values.update(kw)
    return Draft(**values)


# -- where they are and how they are read


def test_the_folder_is_decks_beside_the_database(tmp_path):
    assert user_decks_dir(tmp_path / "data" / "q.sqlite3") == tmp_path / "data" / "decks"


def test_a_user_deck_adds_a_topic_and_cards_to_a_bank_topic(tmp_path):
    folder = tmp_path / "decks"
    deck(folder, "mine.toml", CONCEPT)
    deck(folder, "more.toml", CONCEPT.replace('topic = "mine"', 'topic = "metrics"').replace("mine.bias", "metrics.bias"))
    base = load_bank(DECKS)
    bank = load_bank(DECKS, user=folder)
    assert bank.errors == []
    assert set(bank.templates) == set(base.templates) | {"mine.bias", "metrics.bias"}
    assert bank.topics["mine"] == {"en": "My notes", "zh": "我的笔记"}
    assert bank.topics["metrics"] == base.topics["metrics"]  # the bank's title stays
    assert bank.is_user(bank.templates["mine.bias"]) and not bank.is_user(bank.templates["metrics.f1-counts"])


def test_no_folder_is_no_decks_and_no_problem(tmp_path):
    bank = load_bank(DECKS, user=tmp_path / "nothing-here")
    assert bank.errors == [] and bank.user_decks == {}


def test_a_bad_deck_is_skipped_with_file_and_line_and_the_rest_load(tmp_path):
    folder = tmp_path / "decks"
    deck(folder, "good.toml", CONCEPT)
    deck(folder, "bad.toml", CONCEPT.replace("mine", "bad").replace('difficulty = 2', 'difficulty = 9'))
    deck(folder, "broken.toml", "[deck\ntopic =")
    bank = load_bank(DECKS, user=folder)
    assert "mine.bias" in bank.templates and "bad.bias" not in bank.templates
    lines = [str(e) for e in bank.user_errors()]
    assert any(s.endswith("bad.toml:8: card 'bad.bias': difficulty must be a whole number 1..5, got 9") for s in lines)
    assert any("broken.toml:1: TOML syntax" in s for s in lines)
    assert len(bank.errors) == len(lines)  # every problem is the user's


def test_an_id_clash_names_both_places(tmp_path):
    folder = tmp_path / "decks"
    clash = CONCEPT.replace('topic = "mine"', 'topic = "metrics"').replace("mine.bias", "metrics.f1-counts")
    path = deck(folder, "clash.toml", clash)
    bank = load_bank(DECKS, user=folder)
    first = load_bank(DECKS).templates["metrics.f1-counts"]
    [error] = bank.user_errors()
    assert error.file.endswith("clash.toml") and error.line == 5
    assert error.message == f"duplicate id 'metrics.f1-counts' (first at {first.file}:{first.line})"
    assert bank.templates["metrics.f1-counts"].file == first.file  # the built-in card stays
    assert path.exists()


def test_the_folder_is_bounded_in_files_and_bytes(tmp_path, monkeypatch):
    folder = tmp_path / "decks"
    for n in range(4):
        deck(folder, f"d{n}.toml", CONCEPT.replace("mine", f"t{n}"))
    monkeypatch.setattr(userdecks, "MAX_USER_DECKS", 3)
    bank = load_bank(DECKS, user=folder)
    assert {"t0.bias", "t1.bias", "t2.bias"} <= set(bank.templates) and "t3.bias" not in bank.templates
    assert any("holds 4 deck files; only the first 3 (by name) are read" in e.message for e in bank.user_errors())
    monkeypatch.setattr(userdecks, "MAX_USER_DECKS", 500)
    monkeypatch.setattr(userdecks, "MAX_USER_BYTES", len(CONCEPT.encode()) * 2 + 10)
    bank = load_bank(DECKS, user=folder)
    assert {"t0.bias", "t1.bias"} <= set(bank.templates) and "t2.bias" not in bank.templates
    assert any("more than is left of the" in e.message for e in bank.user_errors())


def test_a_folder_that_is_a_file_is_one_problem_and_the_bank_loads(tmp_path):
    (tmp_path / "decks").write_text("not a folder")
    bank = load_bank(DECKS, user=tmp_path / "decks")
    assert set(bank.templates) == set(load_bank(DECKS).templates)
    [error] = bank.user_errors()
    assert "your deck folder is not a folder" in error.message


# -- TOML written safely


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_is_written_as_a_toml_string_that_reads_back_the_same(text):
    assert tomllib.loads(f"v = {toml_string(text)}\n")["v"] == text


def test_text_cannot_add_keys_or_cards(tmp_path):
    evil = 'x"\n[[card]]\nid = "metrics.evil"\nkind = "concept" # """ \\'
    draft = concept(title=both(evil.replace("\n", " ")), question=both(evil), answer=both('"""'), id=None)
    added = add_card(tmp_path / "decks", draft, load_bank(DECKS))
    bank = load_bank(DECKS, user=tmp_path / "decks")
    assert "metrics.evil" not in bank.templates
    card = bank.templates[added.card_id].spec
    assert card["question"] == {"en": evil, "zh": evil} and card["answer"]["en"] == '"""'


def test_a_card_table_lists_one_key_point_a_line():
    text = card_toml({"id": "t.x", "key_points": [{"en": "a", "zh": "甲"}, {"en": "b", "zh": "乙"}]})
    assert text == '[[card]]\nid = "t.x"\nkey_points = [\n  { en = "a", zh = "甲" },\n  { en = "b", zh = "乙" },\n]\n'


# -- adding a card


def test_a_concept_card_goes_into_a_new_deck_with_its_header(tmp_path):
    folder = tmp_path / "decks"
    added = add_card(folder, concept(), load_bank(DECKS))
    assert added.created and added.card_id == "metrics.why-macro-f1" and added.path == folder / "metrics.toml"
    text = added.path.read_text(encoding="utf-8")
    assert text.startswith('[deck]\ntopic = "metrics"\ntitle = { en = "Evaluation metrics", zh = "评估指标" }\n')
    bank = load_bank(DECKS, user=folder)
    card = bank.templates["metrics.why-macro-f1"]
    assert card.line == added.line and bank.errors == []
    assert card.spec["answer"] == {"en": "When classes are imbalanced.", "zh": "When classes are imbalanced."}


def test_one_language_is_used_for_both_and_two_stay_apart():
    assert both("Bias") == {"en": "Bias", "zh": "Bias"}
    assert both(None, "偏差") == {"en": "偏差", "zh": "偏差"}
    assert both("Bias", "偏差") == {"en": "Bias", "zh": "偏差"}
    assert both("  ", "") is None


def test_a_second_card_is_appended_to_the_topics_deck(tmp_path):
    folder = tmp_path / "decks"
    first = add_card(folder, concept(), load_bank(DECKS))
    before = first.path.read_text(encoding="utf-8")
    second = add_card(folder, concept(title=both("Why macro F1")), load_bank(DECKS, user=folder))
    assert not second.created and second.path == first.path and second.card_id == "metrics.why-macro-f1-2"
    assert second.path.read_text(encoding="utf-8").startswith(before)
    assert {"metrics.why-macro-f1", "metrics.why-macro-f1-2"} <= set(load_bank(DECKS, user=folder).templates)


def test_a_choice_card_with_a_new_topic(tmp_path):
    folder = tmp_path / "decks"
    draft = Draft(kind="choice", topic="my-notes", topic_title=both("My notes", "我的笔记"), title=both("Pick"),
                  question=both("Which?"), options=[(both("Yes", "是"), True), (both("No", "否"), False)],
                  explanation=both("Because."))
    added = add_card(folder, draft, load_bank(DECKS))
    bank = load_bank(DECKS, user=folder)
    assert bank.topics["my-notes"] == {"en": "My notes", "zh": "我的笔记"}
    assert bank.templates[added.card_id].spec["options"] == [{"en": "Yes", "zh": "是", "correct": True},
                                                            {"en": "No", "zh": "否"}]


def test_a_numeric_card_uses_an_engine_computation_with_parameter_ranges(tmp_path):
    params = dict(parse_param(p) for p in ("tp=1..40", "fp=0..30", "fn=0..30", "tn=0..60"))
    draft = Draft(kind="numeric", topic="metrics", title=both("My F1"), prompt=both("TP={tp} FP={fp} FN={fn} TN={tn}"),
                  params=params, compute="binary_metrics", pick="f1", decimals=3)
    added = add_card(tmp_path / "decks", draft, load_bank(DECKS))
    from quizapp.content import instantiate
    from quizapp.engine import compute

    card = load_bank(DECKS, user=tmp_path / "decks").templates[added.card_id]
    assert card.spec["args"] == {"tp": "tp", "fp": "fp", "fn": "fn", "tn": "tn"}  # named like the parameters
    inst = instantiate(card, 3)
    p = inst.params
    want = compute("binary_metrics", tp=p["tp"], fp=p["fp"], fn=p["fn"], tn=p["tn"]).value["f1"]
    assert inst.stages[0].expected == pytest.approx(want)


@pytest.mark.parametrize(("typed", "decl"), [
    ("tp=1..40", {"int": [1, 40]}),
    ("lr = 0.01..0.50", {"float": [0.01, 0.5], "decimals": 2}),
    ("g=-1.0..1.0", {"float": [-1.0, 1.0], "decimals": 1}),
    ("beta=0.9,0.99", {"choice": [0.9, 0.99]}),
    ("avg=macro,micro", {"choice": ["macro", "micro"]}),
    ("y=0..2[8]", {"int": [0, 2], "size": 8}),
])
def test_parameters_as_typed(typed, decl):
    assert parse_param(typed)[1] == decl


@pytest.mark.parametrize("typed", ["tp", "tp=", "1x=1..2", "tp=1..", "tp=a..b"])
def test_a_parameter_that_cannot_be_read_is_one_sentence(typed):
    with pytest.raises(Refused) as e:
        parse_param(typed)
    assert e.value.text("en")[0].startswith(f"'{typed}' is not a parameter; write name=LO..HI")
    assert "不是参数" in e.value.text("zh")[0]


def test_a_computation_with_several_values_asks_for_pick(tmp_path):
    params = dict(parse_param(p) for p in ("tp=1..40", "fp=0..30", "fn=0..30", "tn=0..60"))
    draft = Draft(kind="numeric", topic="metrics", title=both("F1"), prompt=both("{tp} {fp} {fn} {tn}"), params=params,
                  compute="binary_metrics")
    with pytest.raises(Refused) as e:
        add_card(tmp_path / "decks", draft, load_bank(DECKS))
    assert e.value.text("en") == ["binary_metrics gives several values (accuracy, precision, recall, f1, tpr, fpr, "
                                  "specificity); choose the answer with pick."]


def test_a_refused_card_leaves_the_deck_as_it_was(tmp_path):
    folder = tmp_path / "decks"
    added = add_card(folder, concept(), load_bank(DECKS))
    before = added.path.read_bytes()
    bad = Draft(kind="numeric", topic="metrics", title=both("Broken"), prompt=both("θ = {theta}"),
                params={"theta": {"float": [-2.0, 2.0], "decimals": 1}}, compute="sgd",
                args={"params": "[theta]", "grads": "[[g]]", "lr": "0.1"}, pick=0)
    with pytest.raises(Refused) as e:
        add_card(folder, bad, load_bank(DECKS, user=folder))
    assert e.value.text("en") == ["The card was not added: argument grads: unknown name 'g' in '[[g]]'."]
    assert added.path.read_bytes() == before
    assert sorted(os.listdir(folder)) == ["metrics.toml"]  # no temporary file left behind


def test_what_a_card_lacks_is_said_one_sentence_each(tmp_path):
    draft = Draft(kind="choice", topic="Nope Topic", title=None, options=[(both("only"), False)])
    with pytest.raises(Refused) as e:
        add_card(tmp_path / "decks", draft, load_bank(DECKS))
    assert e.value.text("en") == [
        "'Nope Topic' is not a topic; a new topic's id is lower-case letters, digits, - and _ (like my-notes).",
        "The card needs a title: a short name shown in lists.",
        "The card needs a question.",
        "The card needs an explanation of the right answer.",
        "A choice card needs at least two options.",
    ]
    assert not (tmp_path / "decks").exists()


def test_a_topic_is_found_by_its_title_in_either_language(tmp_path):
    added = add_card(tmp_path / "decks", concept(topic="评估指标"), load_bank(DECKS))
    assert added.topic == "metrics" and added.card_id.startswith("metrics.")


def test_a_given_id_that_is_taken_is_refused(tmp_path):
    bank = load_bank(DECKS)
    first = bank.templates["metrics.f1-counts"]
    with pytest.raises(Refused) as e:
        add_card(tmp_path / "decks", concept(id="metrics.f1-counts"), bank)
    assert e.value.text("en") == [f"The id metrics.f1-counts is already taken, at {first.file}:{first.line}; "
                                  "choose another."]


def test_a_deck_that_is_already_broken_is_not_added_to(tmp_path):
    folder = tmp_path / "decks"
    path = deck(folder, "metrics.toml", '[deck]\ntopic = "metrics"\ntitle = { en = "M", zh = "M" }\n\n'
                                         '[[card]]\nid = "metrics.x"\nkind = "concept"\ntitle = "unclosed\n')
    before = path.read_bytes()
    with pytest.raises(Refused) as e:
        add_card(folder, concept(), load_bank(DECKS, user=folder))
    assert "its deck has a problem to fix first" in e.value.text("en")[0]
    assert path.read_bytes() == before


# -- editing


def test_locate_finds_a_user_card_and_refuses_a_built_in_one(tmp_path):
    folder = tmp_path / "decks"
    deck(folder, "mine.toml", CONCEPT)
    bank = load_bank(DECKS, user=folder)
    path, line, _ = userdecks.locate(bank, "mine.bias")
    assert path == (folder / "mine.toml").absolute() and line == 5
    with pytest.raises(Refused) as e:
        userdecks.locate(bank, "metrics.f1-counts")
    assert "is a card of the built-in question bank, which cannot be edited" in e.value.text("en")[0]
    with pytest.raises(Refused) as e:
        userdecks.locate(bank, "mine.bais")
    assert e.value.text("en") == ["No card has the id mine.bais; did you mean mine.bias?"]


@pytest.mark.parametrize(("editor", "want"), [
    ("vim", ["vim", "+12", "F"]),
    ("/usr/bin/nano", ["/usr/bin/nano", "+12", "F"]),
    ("emacs -nw", ["emacs", "-nw", "+12", "F"]),
    ("code -w", ["code", "-w", "--goto", "F:12"]),
    ("subl", ["subl", "F:12"]),
    ("ed", ["ed", "F"]),
])
def test_the_editor_opens_at_the_cards_line_where_it_can(editor, want):
    assert userdecks.editor_command(Path("F"), 12, {"EDITOR": editor}) == want


def test_visual_wins_over_editor_and_vi_is_the_default():
    assert userdecks.editor_command(Path("F"), 3, {"VISUAL": "nvim", "EDITOR": "nano"})[:2] == ["nvim", "+3"]
    assert userdecks.editor_command(Path("F"), 3, {}) == ["vi", "+3", "F"]
