"""The harness of the property-based hostile-input tests: ``quizapp`` commands run
in a child process under a memory limit (RLIMIT_AS) and a wall-clock limit (the
subprocess timeout, per case), several cases to a child so a test costs a few
child processes, and what each case printed and left behind comes back for the
test to judge. The limits are those of the deck harness (``test_deck_hostile``).

A case (``case(...)``) is ``quizapp ARGV`` with what it reads on stdin; its
result ``{"status", "out", "err", "report"}``, where ``report`` (when asked for)
is what the database at that path holds: row counts per table, sessions left
unfinished, and its ``integrity_check``.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, Phase, settings
from test_deck_hostile import MEMORY_LIMIT, SECONDS_PER_CASE

from quizapp.safe_text import unsafe_char


class _LongText(str):
    """A long text that a failing example prints short (Hypothesis would print it
    whole, and refuses to past 50 kB); pickles and dumps as the plain text."""

    def __repr__(self) -> str:
        return f"<{len(self):,} characters: {str.__repr__(self[:16])}…>"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def __reduce__(self):
        return (str, (str(self),))


class _LongBytes(bytes):
    def __repr__(self) -> str:
        return f"<{len(self):,} bytes: {bytes.__repr__(self[:16])}…>"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def __reduce__(self):
        return (bytes, (bytes(self),))


def short(value):
    """``value``, printed short in a failing example when it is a long text or bytes."""
    if isinstance(value, str) and len(value) > 200:
        return _LongText(value)
    if isinstance(value, bytes) and len(value) > 200:
        return _LongBytes(value)
    return value


def few(examples: int) -> settings:
    """Hypothesis settings for tests whose every example costs a child process: a
    few examples (``QUIZAPP_HOSTILE_EXAMPLES=N`` asks for N, to search longer by
    hand), no deadline, and no shrinking (each shrink step would cost a child too;
    the failing example is reported as generated)."""
    examples = int(os.environ.get("QUIZAPP_HOSTILE_EXAMPLES", examples))
    return settings(max_examples=examples, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


RUNNER = r"""
import base64, io, json, os, resource, sqlite3, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
results = os.fdopen(os.dup(1), "w", encoding="utf-8")
from quizapp.cli import main

TABLES = ("setting", "memory", "study_session", "mock_interview", "mock_question", "review", "flag")

def report(path):
    if not os.path.isfile(path):
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES if t in names}
        out["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if "study_session" in names:
            out["unfinished"] = conn.execute("SELECT COUNT(*) FROM study_session WHERE ended_us IS NULL").fetchone()[0]
        return out
    finally:
        conn.close()

for case in json.load(sys.stdin):
    out, err = io.BytesIO(), io.BytesIO()
    # strict UTF-8 like a terminal's: a lone surrogate reaching the output is a crash, not a "?"
    source = open(case["stdin_file"], "rb") if case.get("stdin_file") else io.BytesIO(base64.b64decode(case["stdin"]))
    sys.stdin = io.TextIOWrapper(source, encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    try:
        status = main(case["argv"])
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else 2
    sys.stdout.flush(); sys.stderr.flush()
    printed = out.getvalue().decode("utf-8", "backslashreplace")
    said = err.getvalue().decode("utf-8", "backslashreplace")
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__  # (this closes the captured buffers)
    results.write(json.dumps({
        "status": status, "out": printed, "err": said,
        "report": report(case["report"]) if case.get("report") else None,
    }) + "\n")
    results.flush()
"""


def case(*argv: object, stdin: bytes = b"", stdin_file: object = None, report: object = None) -> dict:
    """One run of ``quizapp ARGV`` reading ``stdin`` (or the file ``stdin_file``, e.g.
    /dev/zero); ``report``: the database to describe afterwards."""
    return {"argv": [str(a) for a in argv], "stdin": base64.b64encode(stdin).decode("ascii"),
            "stdin_file": None if stdin_file is None else str(stdin_file),
            "report": None if report is None else str(report)}


def run_cases(cases: list[dict], *, seconds: float = SECONDS_PER_CASE) -> list[dict]:
    """Run ``cases`` in order in one child process (RLIMIT_AS, ``seconds`` of wall
    time per case). Fails the test on a traceback, a crash of the child, memory
    or time past the limit."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}  # the test's own deck cache
    try:
        proc = subprocess.run([sys.executable, "-c", RUNNER, str(MEMORY_LIMIT)], input=json.dumps(cases),
                              capture_output=True, text=True, timeout=seconds * len(cases), env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"past the time limit ({seconds} s per case) on {[c['argv'] for c in cases]}")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(results) == len(cases), proc.stderr[-3000:]
    return results


def assert_sentence_or_result(result: dict, *, ok: tuple[int, ...] = (0,), refused: tuple[int, ...] = (2,)) -> None:
    """A normal result (status in ``ok``), or one sentence on stderr (status in
    ``refused``); never a traceback or a crash notice, and nothing reaches the
    terminal raw."""
    status, out, err = result["status"], result["out"], result["err"]
    context = f"status {status}\nstdout: {out[-1500:]!r}\nstderr: {err[-1500:]!r}"
    assert "Traceback" not in err and "unexpected error" not in err, context
    assert status in ok + refused, context
    if status in refused and err:
        # "quizapp: ..." or argparse's "quizapp grade: error: ..."
        assert err.startswith("quizapp") and err.count("\n") == 1 and err.endswith("\n"), context
    assert unsafe_char(out, keep="\n\t") is None, context
    assert unsafe_char(err, keep="\n") is None, context
