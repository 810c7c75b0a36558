"""Crash logs: every crash keeps its own log, however many come in one second."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from quizapp.crashlog import crash_sentence, write_crash_log


def _error(n: int) -> BaseException:
    try:
        raise RuntimeError(f"crash number {n}")
    except RuntimeError as e:
        return e


def test_crashes_in_the_same_second_never_overwrite_each_other(tmp_path):
    errors = [_error(n) for n in range(40)]
    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(lambda e: write_crash_log(e, tmp_path), errors))
    assert None not in paths and len(set(paths)) == 40
    texts = sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("crash-*.log"))
    assert len(texts) == 40
    for n in range(40):
        assert sum(f"crash number {n}\n" in t for t in texts) == 1


def test_crashes_of_several_processes_at_once_each_keep_their_log(tmp_path):
    code = ("import sys; from quizapp.crashlog import write_crash_log\n"
            "for i in range(5):\n"
            "    try:\n        raise KeyError(f'{sys.argv[1]}-{i}')\n"
            "    except KeyError as e:\n        print(write_crash_log(e, __import__('pathlib').Path(sys.argv[2])))\n")
    procs = [subprocess.Popen([sys.executable, "-c", code, f"p{k}", str(tmp_path)], stdout=subprocess.PIPE, text=True)
             for k in range(3)]
    printed = [line for p in procs for line in p.communicate(timeout=60)[0].split()]
    assert len(printed) == 15 and len(set(printed)) == 15 and "None" not in printed
    assert len(list(tmp_path.glob("crash-*.log"))) == 15


def test_a_traceback_holding_text_that_is_not_utf8_is_still_logged(tmp_path):
    """What a learner typed (undecodable bytes become lone surrogates) may be in the
    error; writing the log must not fail on it."""
    try:
        raise ValueError("typed \udcfe\udcff")
    except ValueError as e:
        error = e
    path = write_crash_log(error, tmp_path)
    assert path is not None and "typed \\udcfe\\udcff" in path.read_text(encoding="utf-8")
    assert crash_sentence(error, path).endswith(f"the full log is in {path}.")


def test_an_unwritable_log_folder_is_said_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert write_crash_log(_error(0), blocker / "logs") is None
    assert crash_sentence(_error(0), None) == ("quizapp stopped after an unexpected error (RuntimeError); "
                                               "no log could be written.")
