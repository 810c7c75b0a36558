"""One module per ``quizapp`` subcommand: ``add_parser(sub, name, help)`` registers
the subcommand's arguments and ``set_defaults(run=...)``; the run function returns
the exit status. Errors are one line on stderr (``fail``), never a traceback."""

from __future__ import annotations

import sys


def fail(message: str, status: int = 2) -> int:
    """Print ``quizapp: message`` on stderr and return ``status``."""
    print(f"quizapp: {message}", file=sys.stderr, flush=True)
    return status
