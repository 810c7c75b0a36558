"""`quizapp export --anki`: the package opens in Anki (the ``anki`` package imports
it) with one deck per topic and the right number of notes; numeric cards are K
frozen instances with their answer and worked solution on the back."""

from __future__ import annotations

import html
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("genanki")
anki_collection = pytest.importorskip("anki.collection")

from quizapp import kinds  # noqa: E402
from quizapp.cli import main  # noqa: E402
from quizapp.content import instance_for, load_bank  # noqa: E402


def _open_in_anki(package: Path, where: Path, col=None):
    """Import ``package`` into a fresh (or the given) Anki collection, as Anki's
    File › Import does; returns the collection."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = col or anki_collection.Collection(str(where / "anki.anki2"))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package),
                                                     options=ImportAnkiPackageOptions(with_scheduling=False)))
    return col


def _expected(bank, topics, k):
    """Notes a topic should give: one per concept or choice card, K per card with numbers."""
    per_kind = Counter(t.kind for t in bank.templates.values() if t.topic in topics)
    return sum(n * (k if kinds.get(kind).stage_specs(next(t for t in bank.templates.values() if t.kind == kind))
                    else 1) for kind, n in per_kind.items())


def test_the_whole_bank_opens_in_anki_with_one_deck_per_topic(tmp_path, capsys):
    bank = load_bank()
    out = tmp_path / "quizapp.apkg"
    assert main(["export", "--anki", str(out), "--instances", "2"]) == 0
    assert "wrote" in capsys.readouterr().out
    col = _open_in_anki(out, tmp_path)
    try:
        assert col.note_count() == _expected(bank, set(bank.topics), 2)
        assert col.card_count() == col.note_count()
        names = {d.name for d in col.decks.all_names_and_ids()}
        for topic, title in bank.topics.items():
            name = f"quizapp::{title['en']}"
            assert name in names
            did = col.decks.id_for_name(name)
            assert len(col.find_cards(f"did:{did}")) == _expected(bank, {topic}, 2), topic
    finally:
        col.close()


def test_numeric_cards_are_frozen_instances_with_answer_and_worked_solution(tmp_path):
    bank = load_bank()
    numeric = next(t for t in bank.templates.values() if t.kind == "numeric")
    out = tmp_path / "one.apkg"
    assert main(["export", "--anki", str(out), "--topic", numeric.topic, "--instances", "3"]) == 0
    col = _open_in_anki(out, tmp_path)
    try:
        for seed in range(3):
            inst = instance_for(numeric.id, seed)
            (nid,) = col.find_notes(f'"Id:{numeric.id} #{seed}"')
            note = col.get_note(nid)
            back = html.unescape(note["Answer"])
            assert inst.stages[0].answer_text in back
            assert html.unescape(inst.prompt["en"].splitlines()[0]) in html.unescape(note["Question"])
            worked = [line for line in inst.stages[0].worked("en") if line]
            assert worked and worked[-1] in back
    finally:
        col.close()


def test_exporting_again_updates_the_same_notes_in_anki(tmp_path):
    out = tmp_path / "metrics.apkg"
    assert main(["export", "--anki", str(out), "--topic", "metrics", "--instances", "1"]) == 0
    col = _open_in_anki(out, tmp_path)
    try:
        first = col.note_count()
        assert main(["export", "--anki", str(out), "--topic", "metrics", "--instances", "1"]) == 0
        _open_in_anki(out, tmp_path, col)
        assert col.note_count() == first  # stable ids: the same notes, not copies
    finally:
        col.close()


def test_chinese_export_names_decks_in_chinese(tmp_path):
    bank = load_bank()
    out = tmp_path / "zh.apkg"
    assert main(["export", "--anki", str(out), "--topic", "metrics", "--lang", "zh"]) == 0
    col = _open_in_anki(out, tmp_path)
    try:
        names = {d.name for d in col.decks.all_names_and_ids()}
        assert f"quizapp::{bank.topics['metrics']['zh']}" in names
        choice = next(t for t in bank.templates.values() if t.topic == "metrics" and t.kind == "choice")
        (nid,) = col.find_notes(f'"Id:{choice.id}"')
        assert choice.spec["question"]["zh"].splitlines()[0] in html.unescape(col.get_note(nid)["Question"])
    finally:
        col.close()


def test_our_own_package_imports_back_as_concept_cards(tmp_path, capsys):
    """genanki writes the Anki 2.0 format (collection.anki2): the importer reads it."""
    out = tmp_path / "m.apkg"
    assert main(["export", "--anki", str(out), "--topic", "metrics", "--instances", "1"]) == 0
    db = tmp_path / "p.sqlite3"
    assert main(["import", "--anki", str(out), "--db", str(db)]) == 0
    assert f"imported {_expected(load_bank(), {'metrics'}, 1)} cards" in capsys.readouterr().out


def test_bad_export_arguments_are_one_sentence(tmp_path, capsys, monkeypatch):
    out = tmp_path / "x.apkg"
    assert main(["export", "--anki", str(out), "--instances", "0"]) == 2
    assert "--instances 0 is not a number of instances from 1 to 50" in capsys.readouterr().err
    assert main(["export", "--anki", str(out), "--topic", "nope"]) == 2
    assert "there is no topic 'nope'" in capsys.readouterr().err
    assert main(["export", "--anki", str(out), "-o", str(tmp_path / "y")]) == 2
    assert "--topic and --instances go with --anki" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "genanki", None)
    assert main(["export", "--anki", str(out), "--lang", "zh"]) == 2
    assert "需要 genanki" in capsys.readouterr().err
    assert not out.exists()
