"""``quizapp drill --plain`` in-process: the line protocol, verdict lines, concept
self-rating, commands, the summary, languages, cram, one-line errors."""

import io
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.store import Store

DECKS = Path(__file__).parent / "fixtures" / "decks"


def drill(monkeypatch, capsys, db, stdin, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(["drill", "--plain", "--content", str(DECKS), "--db", str(db), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def rows(db, sql):
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def number(text):
    return float(text.replace("\u2212", "-"))


def test_without_plain_it_points_to_the_app(monkeypatch, capsys, tmp_path):
    assert main(["drill", "--db", str(tmp_path / "p.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "run `quizapp`" in err and "--plain" in err


def test_wrong_then_right_with_the_same_seed(monkeypatch, capsys, tmp_path):
    args = ("--topic", "optimizers", "--seed", "7")
    wrong = "9.87\n98.7\n987\n9870\n"  # never right (a one-figure guess may be asked again instead)
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "a.db", "abc\n" + wrong, *args)
    assert status == 0
    assert out[0].startswith("[1/2] optimizers.adam-first-step · One Adam step by hand (steps, new)")
    assert out[2] == "step 1 of 3: What is the first moment m₁?" and out[3] == "> answer"
    assert out[4].startswith("unreadable: Could not read 'abc'")
    assert any(line.startswith("step 1 of 3 wrong: ") for line in out)
    verdicts = [line for line in out if re.match(r"(correct|wrong|unreadable)\b", line)]
    assert verdicts[1] == "wrong (Again): not every step was right"
    assert verdicts[2].startswith("wrong (Again): ") and "The answer is" in verdicts[2]
    assert out[-1] == "done: 2 answered (0 right, 2 not), 0 skipped, 2 left"  # both come back after Again
    assert out.count("  it comes back later in this session") == 2
    assert rows(tmp_path / "a.db", "SELECT template_id, verdict FROM review ORDER BY id") == [
        ("optimizers.adam-first-step", "wrong"), ("optimizers.l2-penalty", "wrong")]

    # The same seed on a fresh database draws the same numbers: answer them right.
    prompt = out[1]
    theta = number(re.search(r"θ₀ = (\S+) ", prompt).group(1))
    g = number(re.search(r"g₁ = (\S+?)\.?$", prompt).group(1))
    lr = number(re.search(r"lr = ([\d.]+)\. ", prompt).group(1))
    l2 = next(line for line in out if line.startswith("Weights"))
    w = [number(x) for x in re.search(r"w = \[(.*?)\]", l2).group(1).split(", ")]
    lam = number(re.search(r"λ = ([\d.]+)\. ", l2).group(1))
    answers = [0.1 * g, 0.001 * g * g, theta - lr * g / (abs(g) + 1e-8), lam / 2 * sum(x * x for x in w)]
    stdin = "".join(f"{a!r}\n" for a in answers)
    status, out2, _ = drill(monkeypatch, capsys, tmp_path / "b.db", stdin, *args)
    assert out2[1] == prompt and l2 in out2
    assert [line.split(":")[0] for line in out2 if re.match(r"(correct|wrong)\b", line)] == [
        "correct (Easy)", "correct (Easy)"]
    assert out2[-1] == "done: 2 answered (2 right, 0 not), 0 skipped, 0 left"


def test_concept_rating_and_commands(monkeypatch, capsys, tmp_path):
    db = tmp_path / "p.db"
    stdin = "my attempt\n5\n4\n:flag option 2 has a typo\n:skip\n:undo\n:frobnicate\n"
    status, out, _ = drill(monkeypatch, capsys, db, stdin, "--topic", "metrics", "--count", "3")
    assert status == 0
    assert out[0] == "[1/3] metrics.precision-meaning · What precision measures (concept, new)"
    i = out.index("answer: Of everything predicted positive, the fraction that really is positive: TP / (TP + FP).")
    assert out[i + 1] == "  • Denominator: predicted positives (TP + FP)"
    assert "unreadable: 5 is not a rating; type 1 (again), 2 (hard), 3 (good) or 4 (easy)" in out
    cue = next(line for line in out if line.startswith("> rate "))
    assert re.fullmatch(r"> rate 1 Again \(1m\), 2 Hard \(6m\), 3 Good \(10m\), 4 Easy \((\d+)d\)", cue)
    easy = re.search(r"Easy \((\d+)d\)", cue).group(1)
    assert f"  next review in {easy}d" in out  # the interval the key showed is the one given
    assert "rated 4 (Easy)" in out
    assert "flagged metrics.r2-range; thank you" in out and "skipped; it comes back at the end" in out
    assert "undone: the review of metrics.precision-meaning" in out
    assert out.count("[1/3] metrics.precision-meaning · What precision measures (concept, new)") == 2
    assert out[-3].startswith("unreadable: unknown command ':frobnicate'")
    assert out[-2].startswith("> ")  # asked again, then the input ended
    assert out[-1] == "done: 0 answered, 1 skipped, 3 left"
    assert rows(db, "SELECT COUNT(*) FROM review") == [(0,)]
    assert rows(db, "SELECT template_id, note FROM flag") == [("metrics.r2-range", "option 2 has a typo")]


def test_a_self_rated_card_counts_recalled_not_right_or_wrong(monkeypatch, capsys, tmp_path):
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "p.db", "\n2\n:quit\n", "--topic", "metrics",
                           "--count", "2")
    assert status == 0 and "rated 2 (Hard)" in out
    assert out[-1] == "done: 1 answered (1 rated: 1 recalled, 0 forgotten), 0 skipped, 1 left"
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "q.db", "\n1\n:quit\n", "--topic", "metrics",
                           "--count", "2")
    assert out[-1] == "done: 1 answered (1 rated: 0 recalled, 1 forgotten), 0 skipped, 2 left"  # Again: it comes back


def test_the_verdict_line_says_correct_once(monkeypatch, capsys, tmp_path):
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "a.db", ":skip\n:quit\n", "--topic", "optimizers",
                           "--seed", "7")
    l2 = next(line for line in out if line.startswith("Weights"))
    w = [number(x) for x in re.search(r"w = \[(.*?)\]", l2).group(1).split(", ")]
    lam = number(re.search(r"λ = ([\d.]+)\. ", l2).group(1))
    answer = lam / 2 * sum(x * x for x in w)
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "b.db", f":skip\n{answer!r}\n", "--topic", "optimizers",
                           "--seed", "7")
    [line] = [line for line in out if line.startswith("correct")]
    assert line.startswith("correct (") and "Correct" not in line
    assert out[-1] == "done: 1 answered (1 right, 0 not), 1 skipped, 1 left"  # the skipped card waits at the end


def test_quit_and_chinese(monkeypatch, capsys, tmp_path):
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "p.db", ":quit\nnever read\n", "--lang", "zh", "--count", "1")
    assert status == 0
    assert out[:2] == ["[1/1] metrics.precision-meaning · 精确率衡量什么（概念题，新卡）", "精确率衡量的是什么？"]
    assert out[-1] == "完成：作答 0 张，跳过 0 张，剩余 1 张"


def test_chinese_cues_and_machine_readable_verdict_words(monkeypatch, capsys, tmp_path):
    stdin = "我的回答\n3\n:skip\n:skip\n0.5\n"  # concept, skip two, a wrong numeric
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "p.db", stdin, "--lang", "zh", "--topic", "metrics",
                           "--count", "4", "--seed", "3")
    assert status == 0
    english = ("> answer", "> rate", "> your answer", "step ", "done:", "skipped", "The answer is")
    assert not [line for line in out if line.startswith(english) or "The answer is" in line]
    assert any(re.fullmatch(r"> 自评：1 重来（1分钟），2 困难（6分钟），3 良好（10分钟），4 简单（\d+天）", line) for line in out)
    assert "rated 3（良好）" in out
    assert sum(line.startswith("已跳过") for line in out) == 2
    verdicts = [line for line in out if re.match(r"(correct|wrong)\b", line)]
    assert len(verdicts) == 1 and verdicts[0].startswith("wrong（重来）：") and "答案是" in verdicts[0]
    assert not verdicts[0].startswith("wrong（重来）：不对")
    # the two skipped cards wait at the end and the wrong one comes back: three left
    assert out[-1] == "完成：作答 2 张（对 0 张，错 1 张；自评 1 张：记得 1 张，忘了 0 张），跳过 2 张，剩余 3 张"


def test_cram_leaves_the_schedule_alone(monkeypatch, capsys, tmp_path):
    db = tmp_path / "p.db"
    status, out, _ = drill(monkeypatch, capsys, db, "0.5\n", "--cram", "--topic", "optimizers", "--count", "1",
                           "--seed", "1")
    assert status == 0 and "1 answered" in out[-1]
    assert rows(db, "SELECT mode, moved FROM review") == [("cram", 0)]
    assert rows(db, "SELECT DISTINCT state FROM memory") == [(0,)]


def test_a_broken_deck_is_one_line_and_the_rest_still_drills(monkeypatch, capsys, tmp_path):
    decks = tmp_path / "decks"
    decks.mkdir()
    shutil.copy(DECKS / "metrics.toml", decks)
    (decks / "broken.toml").write_text("[deck]\ntopic = 3\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO(":quit\n"))
    status = main(["drill", "--plain", "--content", str(decks), "--db", str(tmp_path / "p.db")])
    out, err = capsys.readouterr()
    assert status == 0 and out.startswith("[1/5] metrics.")
    assert len(err.splitlines()) >= 1 and all(
        line.startswith("quizapp: skipped: ") and "broken.toml" in line for line in err.splitlines())


@pytest.mark.parametrize("args, message", [
    (["--count", "0"], "--count 0 is too small"),
    (["--topic", "optimisers"], "there is no topic 'optimisers'; the topics are metrics, optimizers"),
])
def test_bad_options_are_one_line(monkeypatch, capsys, tmp_path, args, message):
    status, out, err = drill(monkeypatch, capsys, tmp_path / "p.db", "", *args)
    assert status == 2 and err.startswith(f"quizapp: {message}") and err.count("\n") == 1 and out == []


def test_an_empty_session_says_why_and_what_to_do(monkeypatch, capsys, tmp_path):
    db = tmp_path / "p.db"
    with Store.open(db) as store:
        store.set_setting("new_per_day", 1)
    status, out, _ = drill(monkeypatch, capsys, db, "\n1\n", "--topic", "metrics", "--count", "1")
    assert "rated 1 (Again)" in out
    status, out, _ = drill(monkeypatch, capsys, db, "", "--topic", "optimizers")
    assert status == 0
    assert out == ["Today's 1 new card is done; raise new cards per day in settings (f2), or cram: "
                   "quizapp drill --plain --cram --topic optimizers",
                   "done: 0 answered, 0 skipped, 0 left"]
    status, out, _ = drill(monkeypatch, capsys, db, "", "--topic", "optimizers", "--lang", "zh")
    assert out[0].startswith("今天的 1 张新卡已经学完") and out[0].endswith("--cram --topic optimizers")


def test_choice_options_are_lettered_as_the_verdict_names_them(monkeypatch, capsys, tmp_path):
    # The options were listed 1., 2., … while the verdict said "the answer is A".
    status, out, _ = drill(monkeypatch, capsys, tmp_path / "p.db", ":skip\n" * 6 + "1\n" * 12, "--topic", "metrics",
                           "--count", "4")
    assert status == 0, out
    cues = [i for i, line in enumerate(out) if "1 for A, 2 for B" in line]
    assert cues, out
    for i in cues:
        options = [line for line in out[:i] if re.match(r"  [A-Z]\. ", line)]
        assert options and not any(re.match(r"  \d+\. ", line) for line in out[:i]), out[:i]
    said = [m for m in (re.search(r"the answer is ([A-Z, ]+)\.", line) for line in out) if m]
    assert said, out  # and the verdict names the same letters
