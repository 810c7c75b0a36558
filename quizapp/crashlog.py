"""An unexpected error becomes one sentence and a log file, never a traceback on screen.

Used by the terminal app and by every ``quizapp`` command: the traceback (whose
frames may hold what the learner typed) goes to ``crash-<time>.log`` in the user
log folder, and the person sees where it is. Each crash gets its own file, even
several in one second or from several processes at once: the name carries the
microsecond and the process id, and the file is created exclusively (never
written over), with ``-2``, ``-3``, … added if the name is taken.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

_ATTEMPTS = 100  # names tried before giving up (each taken by another crash)


def crash_sentence(error: BaseException, log: Path | None) -> str:
    where = f"the full log is in {log}" if log else "no log could be written"
    return f"quizapp stopped after an unexpected error ({type(error).__name__}); {where}."


def write_crash_log(error: BaseException, log_dir: Path | None = None) -> Path | None:
    """Write ``error``'s traceback to a new ``crash-<time>-<pid>.log`` in ``log_dir``
    (default: the user log folder); None when it cannot be written."""
    if log_dir is None:
        from platformdirs import user_log_dir

        log_dir = Path(user_log_dir("quizapp", appauthor=False))
    base = f"crash-{datetime.now(timezone.utc):%Y%m%d-%H%M%S-%f}-{os.getpid()}"
    try:
        report = "".join(traceback.format_exception(error))
    except Exception:  # an exception whose traceback cannot be formatted still gets a log
        report = f"{type(error).__name__} (its traceback could not be formatted)\n"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        for n in range(1, _ATTEMPTS + 1):
            path = log_dir / (f"{base}.log" if n == 1 else f"{base}-{n}.log")
            try:
                with open(path, "x", encoding="utf-8", errors="backslashreplace") as f:
                    f.write(report)
            except FileExistsError:
                continue
            return path
    except OSError:
        return None
    return None
