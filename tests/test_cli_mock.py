"""``quizapp mock --plain``: the line protocol through a real subprocess (no verdict
until the scorecard, concept answers scored by their key points, both languages,
``stats --json`` counting it), the time limits with an injected clock in-process,
and one-line errors."""

import io
import json
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp.cli import main
from helpers import DECKS, Clock

CONCEPT_DECK = '''
[deck]
topic = "metrics"
title = { en = "Evaluation metrics", zh = "评估指标" }

[[card]]
id = "metrics.precision-meaning"
kind = "concept"
tags = ["precision"]
difficulty = 1
source = { note = "003", section = "TPR/FPR/precision/recall/F1" }
title = { en = "What precision measures", zh = "精确率衡量什么" }
question = { en = "What does precision measure?", zh = "精确率衡量的是什么？" }
answer = { en = "Of everything predicted positive, the fraction that really is positive: TP / (TP + FP).", zh = "在所有被预测为正的样本中，真正为正的比例：TP / (TP + FP)。" }
key_points = [
  { en = "Denominator: predicted positives (TP + FP)", zh = "分母是预测为正的样本数（TP + FP）" },
  { en = "It ignores false negatives", zh = "它不考虑假阴性" },
]
'''


def mock(db, stdin: str, *args, content=DECKS, timeout=120):
    """Run ``quizapp mock --plain`` in a subprocess; (status, stdout lines, stderr)."""
    done = subprocess.run([sys.executable, "-m", "quizapp", "mock", "--plain", "--content", str(content),
                           "--db", str(db), *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)
    return done.returncode, done.stdout.splitlines(), done.stderr


def rows(db, sql):
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def number(text):
    return float(text.replace("\u2212", "-"))


def right_answers(out: list[str]) -> dict[str, list[float]]:
    """The right answers to the optimizers deck's two cards, from their prompts."""
    prompt = next(line for line in out if line.startswith("Adam with"))
    theta = number(re.search(r"θ₀ = (\S+) ", prompt).group(1))
    g = number(re.search(r"g₁ = (\S+?)\.?$", prompt).group(1))
    lr = number(re.search(r"lr = ([\d.]+)\. ", prompt).group(1))
    l2 = next(line for line in out if line.startswith("Weights"))
    w = [number(x) for x in re.search(r"w = \[(.*?)\]", l2).group(1).split(", ")]
    lam = number(re.search(r"λ = ([\d.]+)\. ", l2).group(1))
    return {"optimizers.adam-first-step": [0.1 * g, 0.001 * g * g, theta - lr * g / (abs(g) + 1e-8)],
            "optimizers.l2-penalty": [lam / 2 * sum(x * x for x in w)]}


def order(out: list[str]) -> list[str]:
    return [re.match(r"\[\d+/\d+\] (\S+) ", line).group(1) for line in out if re.match(r"\[\d+/\d+\] ", line)]


ARGS = ("--topic", "optimizers", "--count", "2", "--seed", "5", "--minutes", "10")


def test_a_whole_interview_no_verdict_until_the_scorecard_then_stats_counts_it(tmp_path):
    status, first, err = mock(tmp_path / "a.db", ":skip\n:skip\n", *ARGS)
    assert status == 0, err
    assert first[0].startswith("interview: 2 questions, 10:00 in all, from Optimizers. No verdict until")
    answers = right_answers(first)
    typed = "".join(f"{a!r}\n" for tid in order(first) for a in answers[tid])
    db = tmp_path / "b.db"
    status, out, err = mock(db, typed, *ARGS)  # the same seed draws the same questions and numbers
    assert status == 0, err
    card = out.index(next(line for line in out if line.startswith("scorecard: ")))
    interview = out[:card]
    assert not [line for line in interview if re.match(r"(correct|wrong|\[\d+\] )", line)], interview
    assert "step 2 of 3: What is the second moment v₁?" in interview
    assert sum(line.startswith("> answer") for line in interview) == 4  # one line per stage and question
    assert re.fullmatch(r"scorecard: 2 of 2 passed \(100%\), 2 answered, in \d:\d\d of 10:00", out[card])
    results = [line for line in out[card:] if re.match(r"\[\d\] ", line)]
    assert [r.split(" · ")[0] for r in results] == ["[1] correct", "[2] correct"]
    assert "work on: nothing this time, every question passed" in out
    assert out[-1] == "history: █ (your first score)"
    reviews = rows(db, "SELECT template_id, verdict, mode FROM review ORDER BY id")
    assert reviews == [(tid, "correct", "mock") for tid in order(out)]
    stats = subprocess.run([sys.executable, "-m", "quizapp", "stats", "--json", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    m = json.loads(stats.stdout)["mock_interviews"]
    assert (m["count"], m["best_score"], m["scores"], m["trend"]) == (1, 1.0, [1.0], None)
    assert m["recent"][0]["answered"] == 2 and m["recent"][0]["time_limit_s"] == 600
    assert m["average_seconds_per_question"] is not None


def test_wrong_answers_are_explained_on_the_scorecard_only(tmp_path):
    status, out, err = mock(tmp_path / "a.db", "9.87\n98.7\n987\n9870\n", *ARGS)
    assert status == 0, err
    card = out.index(next(line for line in out if line.startswith("scorecard: ")))
    assert out[card].startswith("scorecard: 0 of 2 passed (0%), 2 answered")
    after = out[card:]
    assert [line.split(" · ")[0] for line in after if re.match(r"\[\d\] ", line)] == ["[1] wrong", "[2] wrong"]
    assert any(line.startswith("  right answer: ") for line in after)
    assert any(line.startswith("    λ/2·Σw² = ") for line in after)  # the worked solution, for these numbers
    assert "work on:" in after and "  1. Optimizers: 2 of 2 questions not passed" in after
    assert sorted(r[0] for r in rows(tmp_path / "a.db", "SELECT rating FROM review")) == [1, 1]


def test_a_concept_answer_in_chinese_is_scored_by_its_key_points(tmp_path):
    deck = tmp_path / "concept.toml"
    deck.write_text(CONCEPT_DECK, encoding="utf-8")
    db = tmp_path / "p.db"
    status, out, err = mock(db, "\n精确率是预测为正的样本里真正为正的比例\n3\n1 2\n", "--lang", "zh", "--count", "1",
                            content=deck)
    assert status == 0, err
    assert out[0].startswith("interview: 共 1 题，总时长 3:00，出自评估指标。结束前不公布对错")
    assert out[1].startswith("[1/1] metrics.precision-meaning · 精确率衡量什么（概念题）· 剩余 ")
    assert out[3] == "> 用自己的话作答（写在一行里）"
    assert out[4].startswith("unreadable: 请输入答案")  # an empty line is asked again
    i = out.index("key points [1/1] metrics.precision-meaning · 精确率衡量什么")
    assert out[i + 1] == "你的答案：精确率是预测为正的样本里真正为正的比例"
    assert out[i + 3:i + 5] == ["  1. 分母是预测为正的样本数（TP + FP）", "  2. 它不考虑假阴性"]
    assert out[i + 6] == "unreadable: 要点编号应在 1 到 2 之间"  # "3" is not one of them
    assert "scored: 覆盖要点 2/2（良好）" in out
    assert any(line.startswith("scorecard: 1 题通过 1 题（100%），作答 1 题") for line in out)
    assert any(line.startswith("[1] self · 精确率衡量什么 · 覆盖要点 2/2（良好）") for line in out)
    assert "    ✓ 它不考虑假阴性" in out
    assert rows(db, "SELECT verdict, rating, mode FROM review") == [("self", 3, "mock")]
    assert rows(db, "SELECT answer, key_points FROM mock_question") == [
        ("精确率是预测为正的样本里真正为正的比例", "[0, 1]")]
    assert out[-1] == "history: █（你的第一次得分）"


def test_the_topics_of_a_chinese_interview_are_listed_with_the_chinese_comma(tmp_path):
    status, out, err = mock(tmp_path / "p.db", ":quit\n", "--lang", "zh", "--topic", "metrics", "optimizers",
                            "--count", "1")
    assert status == 0, err
    assert out[0].startswith(("interview: 共 1 题，总时长 3:00，出自评估指标、优化器。",
                              "interview: 共 1 题，总时长 3:00，出自优化器、评估指标。")), out[0]


def test_quit_ends_early_with_what_was_answered_and_the_end_of_input_leaves_concepts_unscored(tmp_path):
    deck = tmp_path / "concept.toml"
    deck.write_text(CONCEPT_DECK, encoding="utf-8")
    db = tmp_path / "p.db"
    status, out, err = mock(db, "my own words\n", "--count", "1", content=deck)
    assert status == 0, err
    assert any(line.startswith("[1] pending · What precision measures · key points not ticked") for line in out)
    assert rows(db, "SELECT answer, verdict, key_points FROM mock_question") == [("my own words", "self", None)]
    assert rows(db, "SELECT COUNT(*) FROM review") == [(0,)]
    status, out, err = mock(tmp_path / "q.db", "0.5\n:quit\n", *ARGS)
    assert status == 0, err
    results = [line for line in out if re.match(r"\[\d\] ", line)]
    assert [line.split(" · ")[0] for line in results] == ["[1] skipped", "[2] skipped"]
    assert all(line.endswith(" · not answered") for line in results)  # left, not passed on
    assert rows(tmp_path / "q.db", "SELECT answer, verdict FROM mock_question WHERE position = 1") == [
        ("0.5", "skipped")]  # the first stage typed is kept


@pytest.mark.parametrize(("args", "said"), [
    (("--count", "7"), "the app asks 5, 10 or 20 questions, not 7; add --plain for any number"),
    (("--minutes", "2.5"), "the app takes whole minutes from 1 to 600, not 2.5"),
    (("--minutes", "inf"), "the app takes whole minutes from 1 to 600, not inf"),
    (("--per-question", "4"), "the app limits a question to 1, 2, 3 or 5 minutes, not 4"),
    (("--plain", "--count", "0"), "--count 0 is not between 1 and 100"),
    (("--plain", "--minutes", "0"), "--minutes 0 is not a time from one second to 600 minutes"),
    (("--plain", "--per-question", "nan"), "--per-question nan is not a time"),
    (("--plain", "--topic", "astrology"), "there is no topic 'astrology'; the topics are metrics, optimizers"),
])
def test_bad_options_are_one_sentence(tmp_path, capsys, args, said):
    status = main(["mock", *args, "--content", str(DECKS), "--db", str(tmp_path / "p.db")])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and said in err, err


# -- the time limits, with an injected clock: each answer line takes the learner some seconds


class Typist(io.StringIO):
    """stdin whose lines take ``seconds[i]`` on ``clock`` to type."""

    def __init__(self, lines: list[str], seconds: list[float], clock: Clock):
        super().__init__("".join(f"{line}\n" for line in lines))
        self.seconds, self.clock = list(seconds), clock

    def readline(self, *args):
        if self.seconds:
            self.clock.advance(self.seconds.pop(0))
        return super().readline(*args)


def run_timed(monkeypatch, capsys, tmp_path, lines, seconds, *args):
    clock = Clock()
    monkeypatch.setattr("quizapp.commands.mock._clock", clock)
    monkeypatch.setattr(sys, "stdin", Typist(lines, seconds, clock))
    status = main(["mock", "--plain", "--content", str(DECKS), "--db", str(tmp_path / "p.db"), *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_a_late_answer_is_kept_not_graded_and_the_next_question_follows(monkeypatch, capsys, tmp_path):
    lines = ["0.25", "1", "2", "3"]
    status, out, err = run_timed(monkeypatch, capsys, tmp_path, lines, [70, 5, 5, 5],
                                 "--topic", "optimizers", "--count", "2", "--seed", "5", "--per-question", "1")
    assert status == 0, err
    assert out[0].endswith(". No verdict until the scorecard; :skip passes on a question, :quit ends the interview.")
    assert "(at most 1:00 a question)" in out[0]
    assert "late: The time for this question was up, so this answer was kept but not graded." in out
    card = [line for line in out if re.match(r"\[\d\] ", line)]
    assert card[0].endswith(" · out of time")
    kept = rows(tmp_path / "p.db", "SELECT answer, verdict, timed_out FROM mock_question WHERE position = 1")
    assert kept[0][1:] == ("skipped", 1) and "0.25" in kept[0][0]


def test_the_interview_ends_when_its_time_is_up(monkeypatch, capsys, tmp_path):
    status, out, err = run_timed(monkeypatch, capsys, tmp_path, ["1", "2", "3", "4"], [50, 50, 50, 50],
                                 "--topic", "metrics", "--count", "3", "--seed", "2", "--minutes", "2")
    assert status == 0, err
    headers = [line for line in out if re.match(r"\[\d/3\] ", line)]
    assert headers[0].endswith(" · 2:00 left") and headers[1].endswith(" · 1:10 left")
    assert "late: The time was up, so this answer was not graded." in out
    assert any(re.fullmatch(r"scorecard: \d of 3 passed \(\d+%\), 2 answered, in 2:00 of 2:00", line)
               for line in out), out
    assert [line.rsplit(" · ", 1)[1] for line in out if line.startswith("[3] ")] == ["out of time"]


def test_stats_says_a_falling_trend_with_a_true_minus_sign():
    from quizapp.commands.stats import _mock_trend

    m = {"trend": -0.13, "scores": [0.4, 0.2, 0.1], "average_seconds_per_question": 5.0}
    assert _mock_trend(m, "en").endswith("; trend \u221213 points an interview")
    assert _mock_trend(m, "zh").endswith("；趋势：每次 \u221213 分")
