"""`quizapp import --csv`: rows front,back[,tags] become concept cards; a malformed
row refuses the whole file with its line number, and nothing is imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quizapp.anki import csvfile
from quizapp.anki.csvfile import card_id
from quizapp.cli import main
from quizapp.content import load_bank
from quizapp.paths import user_decks_dir


def _run(tmp_path: Path, content: str | bytes, *extra: str, name: str = "ML terms.csv") -> tuple[int, Path, Path]:
    f = tmp_path / name
    f.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    db = tmp_path / "db" / "progress.sqlite3"
    rc = main(["import", "--csv", str(f), "--db", str(db), *extra])
    return rc, f, db


def _cards(db: Path) -> dict:
    return {t.id: t for t in load_bank(user_decks_dir(db)).templates.values()}


def test_rows_become_concept_cards_with_header_bom_quotes_and_tags(tmp_path, capsys):
    content = ('\ufeffFront,Back,Tags\n'
               'What does L2 regularisation add to the loss?,"λ/2 · ‖w‖², summed over the weights",reg ML\n'
               '"Adam, in one line?","m̂ / (√v̂ + ε), with bias-corrected moments\n""m̂"" and ""v̂""",\n'
               '\n'
               '交叉熵的最小值是多少？,0（标签为独热向量时）,loss\n')
    rc, f, db = _run(tmp_path, content)
    assert rc == 0
    assert "imported 3 cards" in capsys.readouterr().out
    cards = _cards(db)
    topic = "ml-terms"
    l2 = cards[card_id(topic, "What does L2 regularisation add to the loss?")]
    assert l2.topic == topic and l2.kind == "concept" and l2.tags == ("reg", "ml")
    assert l2.spec["answer"] == {"en": "λ/2 · ‖w‖², summed over the weights", "zh": "λ/2 · ‖w‖², summed over the weights"}
    adam = cards[card_id(topic, "Adam, in one line?")]
    assert adam.spec["answer"]["en"] == 'm̂ / (√v̂ + ε), with bias-corrected moments\n"m̂" and "v̂"'
    assert adam.tags == ()
    assert cards[card_id(topic, "交叉熵的最小值是多少？")].spec["answer"]["zh"] == "0（标签为独热向量时）"
    assert load_bank(user_decks_dir(db)).topics[topic] == {"en": "ML terms", "zh": "ML terms"}
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT state, topic FROM memory").fetchall()
    assert rows == [(0, topic)] * 3  # new cards, nothing reviewed


def test_without_a_header_the_first_row_is_a_card_and_topic_can_be_chosen(tmp_path, capsys):
    rc, f, db = _run(tmp_path, "front side,back side\n", "--topic", "my-cards")
    assert rc == 0
    assert set(_cards(db)) == {card_id("my-cards", "front side")}


def test_the_same_file_again_adds_nothing(tmp_path, capsys):
    content = "q1,a1\nq2,a2\n"
    assert _run(tmp_path, content)[0] == 0
    capsys.readouterr()
    rc, f, db = _run(tmp_path, content + "q3,a3\n")
    assert rc == 0
    out = capsys.readouterr().out
    assert "imported 1 card" in out and "2 cards were already there" in out
    assert len(_cards(db)) == 3


@pytest.mark.parametrize("content, line, words", [
    ("front,back\nok,fine\nonly one field\n", 3, "has 1 field"),
    ("a,b\nc,d,e,f\n", 2, "has 4 fields"),
    ("a,b\n\nc,\n", 3, "empty back"),
    ("a,b\n ,d\n", 2, "empty front"),
    ('a,b\n"never closed,d\ne,f\n', 2, "not valid CSV"),
    ('a,b\nc,"d"x\n', 2, "not valid CSV"),
    ("q,a\nr,b\nq,c\n", 3, "same question as line 1"),
    (b"a,b\nc,d\n\xff\xfe,x\n", 3, "not UTF-8"),
    ("a,b\nc\x00,d\n", 2, "NUL"),
])
def test_a_malformed_row_refuses_the_file_with_its_line_and_nothing_is_imported(tmp_path, capsys, content, line,
                                                                               words):
    rc, f, db = _run(tmp_path, content)
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert f"line {line} " in err and words in err, err
    assert not db.exists() and not user_decks_dir(db).exists()


def test_size_and_row_limits(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_ROWS", 3)
    rc, f, db = _run(tmp_path, "".join(f"q{i},a{i}\n" for i in range(4)))
    assert rc == 2 and "more than 3 rows" in capsys.readouterr().err
    monkeypatch.setattr(csvfile, "MAX_FIELD_CHARS", 10)
    rc, f, db = _run(tmp_path, "q,a\nquestion,an answer far too long\n")
    err = capsys.readouterr().err
    assert rc == 2 and "line 2 has a field of 22 characters" in err
    assert not db.exists()


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(csvfile, "MAX_BYTES", 2 << 20)
    rc, f, db = _run(tmp_path, "q,a\n" * (1 << 20))
    err = capsys.readouterr().err
    assert rc == 2 and "is larger than 2 MiB" in err


def test_bad_arguments_are_one_sentence(tmp_path, capsys):
    f = tmp_path / "x.csv"
    f.write_text("a,b\n")
    assert main(["import", "--csv", str(f), "--topic", "Not A Topic", "--db", str(tmp_path / "d.sqlite3")]) == 2
    assert "is not a topic id" in capsys.readouterr().err
    assert main(["import", "--csv", str(f), "--anki", str(f)]) == 2
    assert "give one file to import" in capsys.readouterr().err
    assert main(["import"]) == 2
    assert "give one file to import" in capsys.readouterr().err
    assert main(["import", "--anki", str(f), "--topic", "x"]) == 2
    assert "--topic names the topic of the cards from --csv" in capsys.readouterr().err
    assert main(["import", "--csv", str(tmp_path), "--lang", "zh"]) == 2
    assert "不是文件" in capsys.readouterr().err


def test_a_file_named_like_a_built_in_topic_or_without_latin_letters_gets_a_topic_of_its_own(tmp_path, capsys):
    rc, f, db = _run(tmp_path, "q,a\n", name="metrics.csv")
    assert rc == 0 and {t.topic for t in _cards(db).values()} == {"my-metrics"}
    rc, f, db = _run(tmp_path, "q2,a\n", name="日本語.csv")
    assert rc == 0 and {t.topic for t in _cards(db).values()} == {"my-metrics", "cards"}
