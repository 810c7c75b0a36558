"""One module per ``quizapp`` subcommand: ``add_parser(sub, name, help)`` registers
the subcommand's arguments and ``set_defaults(run=...)``; the run function returns
the exit status. Errors are one line on stderr (``fail``), never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def fail(message: str, status: int = 2) -> int:
    """Print ``quizapp: message`` on stderr and return ``status``. Control characters
    (from a file name, a typed value) are written as visible escapes, so the message
    is one line and never drives the terminal (``quizapp.safe_text``)."""
    from quizapp.safe_text import printable

    print(f"quizapp: {printable(message)}", file=sys.stderr, flush=True)
    return status


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The ``--db PATH`` option every command that touches progress takes."""
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="the progress database (default: QUIZAPP_DB, else the user data folder)")


def db_path(args: argparse.Namespace) -> Path:
    """``--db`` if given, else the default database (``QUIZAPP_DB`` or the user data folder)."""
    from quizapp.paths import default_db_path

    return args.db if args.db is not None else default_db_path()
