"""``quizapp grade``: exit codes, messages, answers and expected values starting with '-',
required precision, the language of the sentence, and a defect that is not a verdict."""

import subprocess
import sys

import pytest

from quizapp.cli import main


def _run(capsys, *argv):
    status = main(["grade", *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ["--expected", "-0.001", "-1e-3"],  # the example in docs/grading.md
        ["--expected", "-1e-3", "-1e-3"],
        ["--expected", "-0.8333333", "-5/6"],
        ["--expected", "-1.4142136", "-sqrt(2)"],
        ["--expected", "-0.5", "\u22120.5"],
        ["-1e-3", "--expected", "-0.001"],  # the answer first
        ["--expected=[-0.5, 0.25]", "-0.5", "0.25"],  # several words are one answer
        ["--expected", "0.8333333", "5/6"],
        ["--expected", "-0.001", "--", "-1e-3"],
        ["--expected", "NaN", "nan"],
        ["--expected", "[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]"],
    ],
)
def test_a_correct_answer_exits_0_and_says_so(capsys, argv):
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (0, "")
    assert out.startswith("Correct") and out.count("\n") == 1


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--expected", "0.8333", "0.84"], "rounded the wrong way"),
        (["--expected", "0.83", "83"], "percentage"),
        (["--expected", "[0.1, 0.2, 0.7]", "[0.1, 0.2]"], "2 numbers but 3"),
        (["--expected", "-0.001", "0.001"], "sign"),
        (["--expected", "0.8333", "0.83", "--rtol", "0", "--atol", "0.001"], "off by 0.4%"),
    ],
)
def test_a_readable_wrong_answer_exits_1_with_why(capsys, argv, says):
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (1, "")
    assert says in out and out.count("\n") == 1


def test_a_tolerance_replaces_the_default_rule(capsys):
    assert _run(capsys, "--expected", "0.8333333", "0.8", "--rtol", "0.05")[0] == 0
    assert _run(capsys, "--expected", "0.8333333", "0.8", "--atol", "0.01")[0] == 1
    assert _run(capsys, "--expected", "0.8333333", "0.83", "--rtol", "1e-4")[0] == 1


@pytest.mark.parametrize("answer", ["foo", "9^9^9", "1/0", "-x", "(1"])
def test_an_unreadable_answer_exits_2_and_says_what(capsys, answer):
    status, out, err = _run(capsys, "--expected", "1", answer)
    assert (status, err) == (2, "")
    assert out.strip() and out.count("\n") == 1


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--expected", "abc", "1"], "not valid JSON"),
        (["--expected", "[1, 2", "1"], "not valid JSON"),
        (["--expected", '{"a": 1}', "1"], "number"),
        (["--expected", '"0.5"', "1"], "number"),
        (["--expected", "true", "1"], "number"),
        (["--expected", "[[1, 2], [3]]", "1"], "ragged"),
        (["--expected", "1" + "0" * 400, "1e400"], "float"),
        (["--expected", "1", "1", "--rtol", "-0.1"], "--rtol"),
        (["--expected", "1", "1", "--atol", "lots"], "--atol"),
        (["--expected", "1"], "ANSWER"),
        (["1"], "--expected"),
    ],
)
def test_bad_arguments_are_one_line_on_stderr_and_exit_2(capsys, argv, says):
    with pytest.raises(SystemExit) as exit_info:
        status = main(["grade", *argv])
        raise SystemExit(status)
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == ""
    assert err.count("\n") == 1 and says in err and "Traceback" not in err


def test_the_real_command_line_takes_a_negative_exponent_answer():
    proc = subprocess.run(
        [sys.executable, "-m", "quizapp", "grade", "--expected", "-0.001", "-1e-3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Correct")


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--expected", "0.8333333", "0.8"], "Asked again: 0.8 agrees with the answer so far; give at least 2 significant"),
        (["--expected", "0.8333333", "0,833"], "Asked again: 0,833 reads as 0.833"),
        (["--expected", "0.8333333", "0.833", "--min-decimals", "4"], "Asked again: 0.833 agrees with the answer so far; give at least 4 decimal places."),
        (["--expected", "0.8333333", "0.833", "--min-sig", "4"], "Asked again: 0.833 agrees with the answer so far; give at least 4 significant figures."),
        (["--expected", "1", "foo"], "Unreadable: Could not read 'foo'"),
        (["--expected", "1", "1/0"], "Unreadable: '1/0' divides by zero."),
    ],
)
def test_asked_again_and_unreadable_both_exit_2_and_say_which(capsys, argv, says):
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (2, "")
    assert out.startswith(says.split(":")[0] + ":") and says in out and out.count("\n") == 1


def test_a_required_precision_is_passed_to_the_grader(capsys):
    assert _run(capsys, "--expected", "0.8333333", "0.8333", "--min-decimals", "4")[0] == 0
    assert _run(capsys, "--expected", "0.8333333", "0.833", "--min-sig", "3")[0] == 0
    assert _run(capsys, "--expected", "0.8333333", "0.84", "--min-sig", "3")[0] == 1  # wrong at its own precision
    assert _run(capsys, "--expected", "0.8333333", "5/6", "--min-sig", "9")[0] == 0  # an exact form is judged


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--expected", "0.8333333", "0.833"], "正确：0.833 是答案正确舍入到 3 位有效数字的结果。"),
        (["--expected", "0.8333333", "0.9"], "0.9 偏差 8%（偏大）。"),
        (["--expected", "0.8333333", "0.8"], "请重新作答：0.8 目前与答案相符；请至少保留 2 位有效数字。"),
        (["--expected", "1", "foo"], "无法读取：无法识别“foo”"),
    ],
)
def test_the_sentence_follows_lang(capsys, argv, says):
    status, out, err = _run(capsys, *argv, "--lang", "zh")
    assert err == "" and out.startswith(says) and out.count("\n") == 1


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--expected", "1", "1", "--min-decimals", "-1"], "--min-decimals"),
        (["--expected", "1", "1", "--min-sig", "0"], "--min-sig"),
        (["--expected", "1", "1", "--min-sig", "two"], "--min-sig"),
        (["--expected", "1", "1", "--lang", "fr"], "--lang"),
    ],
)
def test_bad_precision_or_language_is_one_line_and_exit_2(capsys, argv, says):
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", *argv])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and out == "" and err.count("\n") == 1 and says in err


def test_a_defect_in_grading_exits_3_with_one_sentence_not_1(capsys, monkeypatch, tmp_path):
    from quizapp import grading

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(grading, "grade", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    status, out, err = _run(capsys, "--expected", "1", "1")
    assert status == 3 and out == ""
    assert err.count("\n") == 1 and "unexpected error (RuntimeError)" in err and "Traceback" not in err
    [log] = (tmp_path / "state").rglob("crash-*.log")
    assert "a bug" in log.read_text(encoding="utf-8")


def test_the_help_documents_every_exit_status(capsys):
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "0 correct; 1 wrong; 2 unreadable, asked again" in out and "3 an internal error" in out
