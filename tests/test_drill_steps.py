"""``quizapp drill --plain`` on a steps card whose engine steps for one stage hold
the next stage's answer: nothing of stage 2 is shown before it is answered."""

import io
import re
import sys

from quizapp.cli import main

SCREENING = '''
[deck]
topic = "metrics"
title = { en = "Evaluation metrics", zh = "评估指标" }

[[card]]
id = "metrics.screening"
kind = "steps"
difficulty = 2
source = { note = "003", section = "precision/recall" }
title = { en = "Precision and recall of a screening test", zh = "筛查检测的精确率与召回率" }
prompt = { en = "A screening test: tp={tp} fp={fp} fn={fn} tn={tn}.", zh = "筛查：tp={tp} fp={fp} fn={fn} tn={tn}。" }
params = { tp = { int = [5, 45] }, fn = { int = [1, 20] }, fp = { int = [1, 40] }, tn = { int = [60, 300] } }
constraints = ["abs(fp - fn) >= 4"]

[[card.stage]]
name = "precision"
prompt = { en = "What is the test's precision?", zh = "这项检测的精确率是多少？" }
compute = "binary_metrics"
args = { tp = "tp", fp = "fp", fn = "fn", tn = "tn" }
pick = "precision"
decimals = 3
mistake = [
  { id = "recall", label = { en = "computed recall instead", zh = "算成了召回率" }, pick = "recall" },
]

[[card.stage]]
name = "recall"
prompt = { en = "What is its recall?", zh = "它的召回率是多少？" }
compute = "binary_metrics"
args = { tp = "tp", fp = "fp", fn = "fn", tn = "tn" }
pick = "recall"
decimals = 3
'''


def run(monkeypatch, capsys, tmp_path, stdin, *args):
    deck = tmp_path / "screening.toml"
    deck.write_text(SCREENING, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(["drill", "--plain", "--content", str(deck), "--db", str(tmp_path / "p.db"),
                   "--seed", "5", *args])
    out, err = capsys.readouterr()
    assert status == 0, err
    return out.splitlines()


def counts(prompt):
    return {k: int(v) for k, v in re.findall(r"(tp|fp|fn|tn)=(\d+)", prompt)}


def test_a_wrong_first_step_does_not_give_away_the_second(monkeypatch, capsys, tmp_path):
    out = run(monkeypatch, capsys, tmp_path, "0.001\n")  # wrong step 1, then the input ends
    c = counts(out[1])
    precision, recall = c["tp"] / (c["tp"] + c["fp"]), c["tp"] / (c["tp"] + c["fn"])
    ask2 = next(i for i, line in enumerate(out) if line.startswith("step 2 of 2"))
    before = "\n".join(out[:ask2])
    assert f"{precision:.3f}" in before  # stage 1's own value: stage 2 builds on it
    assert f"{recall:.3f}"[:4] not in before.replace(f"{precision:.3f}", "")
    assert "recall =" not in before and "0.001 is off by" in before


def test_the_worked_solution_comes_once_the_card_is_done(monkeypatch, capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    c = counts(run(monkeypatch, capsys, tmp_path / "a", "")[1])  # the same seed draws the same numbers
    recall = c["tp"] / (c["tp"] + c["fn"])
    out = run(monkeypatch, capsys, tmp_path / "b", f"{recall!r}\n{recall!r}\n")  # step 1: the named mistake
    assert any("computed recall instead" in line for line in out)
    done = next(i for i, line in enumerate(out) if re.match(r"(correct|wrong)\b", line))
    assert out[done].startswith("wrong")
    solution = "\n".join(out[done + 1:])
    assert "precision =" in solution and "recall =" in solution
    assert solution.count("recall =") == 1  # both stages' lines, each once


def test_undo_mid_card_takes_back_the_step(monkeypatch, capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    c = counts(run(monkeypatch, capsys, tmp_path / "a", "")[1])
    precision, recall = c["tp"] / (c["tp"] + c["fp"]), c["tp"] / (c["tp"] + c["fn"])
    out = run(monkeypatch, capsys, tmp_path / "b", f"0.001\n:undo\n{precision!r}\n{recall!r}\n")
    assert "undone: step 1 of metrics.screening" in out
    assert sum(line.startswith("step 1 of 2:") for line in out) == 2  # asked again
    assert any(line.startswith("correct") for line in out)


def test_chinese_names_the_mistake_and_says_how_far_off(monkeypatch, capsys, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    c = counts(run(monkeypatch, capsys, tmp_path / "a", "")[1])
    precision, recall = c["tp"] / (c["tp"] + c["fp"]), c["tp"] / (c["tp"] + c["fn"])
    out = run(monkeypatch, capsys, tmp_path / "b", f"{recall!r}\n", "--lang", "zh")
    [stage] = [line for line in out if line.startswith("第 1 步（共 2 步）不对：")]
    assert "算成了召回率" in stage and f"答案是 {precision:.3f}" in stage
    assert f"偏差 {abs(recall - precision) / precision:.0%}" in stage  # how far off, in the verdict itself
