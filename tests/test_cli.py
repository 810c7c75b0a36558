"""The ``quizapp`` dispatcher: a defect anywhere ends in one sentence and a log file."""

from __future__ import annotations

import os
from pathlib import Path

from quizapp import grading
from quizapp.cli import main


def test_an_unexpected_error_is_one_sentence_naming_the_log_never_a_traceback(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret answer 0.8333")

    monkeypatch.setattr(grading, "grade", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert main(["grade", "--expected", "0.5", "0.5"]) == 3  # grade's own status for a defect: 1 means "wrong"
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "Traceback" not in err and "secret answer" not in err
    assert err.startswith("quizapp stopped after an unexpected error (ZeroDivisionError); the full log is in ")
    log = Path(err.strip().rsplit(" ", 1)[1].rstrip("."))
    assert log.is_file() and "secret answer 0.8333" in log.read_text(encoding="utf-8")
    assert str(tmp_path) in os.fspath(log)
