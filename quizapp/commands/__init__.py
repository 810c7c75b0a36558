"""One module per ``quizapp`` subcommand: ``add_parser(sub, name, help)`` registers
the subcommand's arguments and ``set_defaults(run=...)``; the run function returns
the exit status. Errors are one line on stderr (``fail``), never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable


def fail(message: str, status: int = 2) -> int:
    """Print ``quizapp: message`` on stderr and return ``status``. Control characters
    (from a file name, a typed value) are written as visible escapes, so the message
    is one line and never drives the terminal (``quizapp.safe_text``)."""
    from quizapp.safe_text import printable

    print(f"quizapp: {printable(message)}", file=sys.stderr, flush=True)
    return status


def after_ctrl_c() -> None:
    """A terminal echoes Ctrl-C as ``^C`` with no line end: what follows starts a
    line of its own (the shell's prompt, a summary, a sentence)."""
    try:
        if sys.stdout.isatty():
            print(flush=True)
    except (OSError, ValueError):
        pass


def migration_notice(path: Path, lang: str | None) -> Callable[[str | None], None]:
    """What ``Workspace.open(on_migrate=...)`` calls before it brings a database
    written by an older quizapp up to date: one line on stderr, in ``lang`` (else the
    database's saved language, else English), so seconds of migration at a long
    history are not seconds of a silent terminal."""
    def notice(saved: str | None) -> None:
        from quizapp.catalog import render, say

        fail(render(say("store.migrating", path=str(path)), lang or saved or "en"))
    return notice


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """The ``--db PATH`` option every command that touches progress takes."""
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="the progress database (default: QUIZAPP_DB, else the user data folder)")


def db_path(args: argparse.Namespace) -> Path:
    """``--db`` if given, else the default database (``QUIZAPP_DB`` or the user data folder)."""
    from quizapp.paths import default_db_path

    return args.db if args.db is not None else default_db_path()
