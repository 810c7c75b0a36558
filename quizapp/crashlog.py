"""An unexpected error becomes one sentence and a log file, never a traceback on screen.

Used by the terminal app and by every ``quizapp`` command: the traceback (whose
frames may hold what the learner typed) goes to ``crash-<time>.log`` in the user
log folder, and the person sees where it is.
"""

from __future__ import annotations

import traceback
from datetime import datetime, timezone
from pathlib import Path


def crash_sentence(error: BaseException, log: Path | None) -> str:
    where = f"the full log is in {log}" if log else "no log could be written"
    return f"quizapp stopped after an unexpected error ({type(error).__name__}); {where}."


def write_crash_log(error: BaseException, log_dir: Path | None = None) -> Path | None:
    """Write ``error``'s traceback to ``crash-<time>.log`` in ``log_dir`` (default:
    the user log folder); None when it cannot be written."""
    if log_dir is None:
        from platformdirs import user_log_dir

        log_dir = Path(user_log_dir("quizapp", appauthor=False))
    path = log_dir / f"crash-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.log"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return path
