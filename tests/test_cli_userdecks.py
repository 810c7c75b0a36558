"""`quizapp decks`, `quizapp add`, `quizapp edit` and `check-content --user`: your own
cards from the command line, beside the database --db names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.content import load_bank


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "q.sqlite3"


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


CONCEPT_FLAGS = ("--kind", "concept", "--topic", "metrics", "--title", "Why macro F1",
                 "--question", "When does macro-F1 differ from micro-F1?", "--answer", "When classes are imbalanced.",
                 "--point", "macro averages per class", "--point", "micro pools the counts", "--tag", "f1")


def test_decks_says_where_and_creates_on_request(capsys, db):
    folder = db.parent / "decks"
    status, out, _ = run(capsys, "decks", "--db", str(db))
    assert status == 0 and not folder.exists()
    assert out == f"Your decks will be in {folder}, which does not exist yet: quizapp decks --create makes it, " \
                  "and quizapp add makes it with your first card.\n"
    status, out, _ = run(capsys, "decks", "--db", str(db), "--create", "--lang", "zh")
    assert status == 0 and folder.is_dir()
    assert out.splitlines() == [f"你的卡组：{folder}（刚刚创建）",
                                "还没有卡组：用 quizapp add 添加卡片，或把卡组文件（.toml，格式与内置题库相同）放进这个文件夹。"]


def test_add_with_flags_writes_a_card_the_bank_then_has(capsys, db):
    status, out, err = run(capsys, "add", "--db", str(db), *CONCEPT_FLAGS, "--title-zh", "为什么用宏平均 F1")
    path = db.parent / "decks" / "metrics.toml"
    assert (status, err) == (0, "")
    assert out == f"Added metrics.why-macro-f1 to a new deck, {path} (line 5).\n"
    card = load_bank(user=path.parent).templates["metrics.why-macro-f1"]
    assert card.title == {"en": "Why macro F1", "zh": "为什么用宏平均 F1"}
    assert card.spec["question"]["zh"] == "When does macro-F1 differ from micro-F1?"  # one language for both
    assert [p["en"] for p in card.spec["key_points"]] == ["macro averages per class", "micro pools the counts"]
    assert card.tags == ("f1",)
    status, out, _ = run(capsys, "decks", "--db", str(db))
    assert status == 0 and out.splitlines()[1] == "  metrics.toml  metrics  1 card"


def test_add_refuses_in_sentences_and_writes_nothing(capsys, db):
    status, out, err = run(capsys, "add", "--db", str(db), "--kind", "choice", "--topic", "metrics",
                           "--title", "Pick", "--question", "Which?", "--option", "Yes", "--option", "No",
                           "--explanation", "Because.", "--lang", "zh")
    assert status == 2 and out == ""
    assert err == "quizapp: 请至少标出一个正确选项。\n"
    assert not (db.parent / "decks").exists()


def test_add_a_numeric_card_from_flags(capsys, db):
    status, out, err = run(capsys, "add", "--db", str(db), "--kind", "numeric", "--topic", "optimizers",
                           "--title", "SGD step", "--prompt", "θ = {theta}, g = {g}, η = {lr}: θ after one SGD step?",
                           "--param", "theta=-2.0..2.0", "--param", "g=-1.0..1.0", "--param", "lr=0.01..0.10",
                           "--compute", "sgd", "--arg", "params=[theta]", "--arg", "grads=[[g]]", "--arg", "lr=lr",
                           "--pick", "0", "--decimals", "4")
    assert (status, err) == (0, ""), err
    from quizapp.content import instantiate

    card = load_bank(user=db.parent / "decks").templates["optimizers.sgd-step"]
    inst = instantiate(card, 11)
    p = inst.params
    assert inst.stages[0].expected == pytest.approx(p["theta"] - p["lr"] * p["g"])


def test_add_asks_on_a_terminal(capsys, db, monkeypatch):
    answers = iter(["concept", "metrics", "Bias", "偏差", "What is bias?", "", "Systematic error.", "",
                    "systematic", "", "", "bias", "3"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    status, out, err = run(capsys, "add", "--db", str(db))
    assert (status, err) == (0, ""), err
    card = load_bank(user=db.parent / "decks").templates["metrics.bias"]
    assert card.title == {"en": "Bias", "zh": "偏差"} and card.spec["question"]["zh"] == "What is bias?"
    assert card.difficulty == 3 and card.tags == ("bias",)
    assert "Key points, one a line (an empty line ends them):" in out


def test_add_cancelled_by_end_of_input_writes_nothing(capsys, db, monkeypatch):
    def eof(prompt=""):
        raise EOFError

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", eof)
    status, _, err = run(capsys, "add", "--db", str(db))
    assert status == 2 and err == "quizapp: Cancelled; nothing was written.\n"
    assert not (db.parent / "decks").exists()


def test_edit_opens_the_editor_at_the_line_then_reports_problems(capsys, db, tmp_path, monkeypatch):
    assert main(["add", "--db", str(db), *CONCEPT_FLAGS]) == 0
    capsys.readouterr()
    editor = tmp_path / "editor.py"
    log = tmp_path / "editor-args"
    editor.write_text(
        "import sys\n"
        f"open({str(log)!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        "path = sys.argv[-1]\n"
        "text = open(path, encoding='utf-8').read().replace('difficulty = 2', 'difficulty = 7')\n"
        "open(path, 'w', encoding='utf-8').write(text)\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {editor}")
    status, out, err = run(capsys, "edit", "--db", str(db), "metrics.why-macro-f1")
    path = db.parent / "decks" / "metrics.toml"
    assert log.read_text() == f"{path}"  # python is no +LINE editor: just the file
    assert status == 2
    assert err.strip().endswith("card 'metrics.why-macro-f1': difficulty must be a whole number 1..5, got 7")
    assert out == f"{path}: 1 problem (above); a card with a problem is skipped until it is fixed.\n"


def test_edit_refuses_a_built_in_card(capsys, db):
    status, _, err = run(capsys, "edit", "--db", str(db), "metrics.f1-from-counts")
    assert status == 2
    assert err == ("quizapp: metrics.f1-from-counts is a card of the built-in question bank, which cannot be edited; add "
                   "your own version with quizapp add.\n")


def test_edit_a_clean_deck_says_so(capsys, db, monkeypatch):
    assert main(["add", "--db", str(db), *CONCEPT_FLAGS]) == 0
    capsys.readouterr()
    monkeypatch.setenv("VISUAL", "true")
    status, out, err = run(capsys, "edit", "--db", str(db), "metrics.why-macro-f1")
    assert (status, err) == (0, "")
    assert out == f"{db.parent / 'decks' / 'metrics.toml'}: no problems, 1 card.\n"


def test_check_content_user_checks_only_your_decks(capsys, db):
    folder = db.parent / "decks"
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text('[deck]\ntopic = "bad"\ntitle = { en = "B" }\n', encoding="utf-8")
    assert main(["add", "--db", str(db), *CONCEPT_FLAGS]) == 0
    capsys.readouterr()
    status, out, _ = run(capsys, "check-content", "--user", "--db", str(db), "--seeds", "2", "--jobs", "1",
                         "--crosscheck-seeds", "0")
    lines = out.splitlines()
    assert status == 2
    assert lines[0].endswith("bad.toml:1: [deck] title: missing language 'zh'")
    assert lines[-1].startswith("1 card (1 concept) checked with 2 seeds") and lines[-1].endswith(": 1 problem")


def test_the_drill_serves_your_own_topic(capsys, db):
    assert main(["add", "--db", str(db), "--kind", "choice", "--topic", "my-notes", "--topic-title", "My notes",
                 "--title", "Pick", "--question", "Which is right?", "--option", "*Yes", "--option", "No",
                 "--explanation", "Because."]) == 0
    capsys.readouterr()
    import io

    sys.stdin = io.StringIO("a\n")
    try:
        status, out, _ = run(capsys, "drill", "--plain", "--db", str(db), "--topic", "My notes", "--count", "1")
    finally:
        sys.stdin = sys.__stdin__
    assert status == 0
    assert "[1/1] my-notes.pick · Pick (choice, new)\nWhich is right?\n" in out
    assert "\ncorrect" in out or "\nwrong" in out  # judged: the card came from the user's deck
