"""``quizapp backup`` and ``quizapp restore [FILE]``."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    parser = sub.add_parser(name, help=help_, description=help_)
    if name == "restore":
        parser.add_argument("file", nargs="?", type=Path, metavar="FILE",
                            help="the backup to restore (default: the newest good one)")
    add_db_option(parser)
    parser.set_defaults(run=run_restore if name == "restore" else run_backup)



def run_backup(args: argparse.Namespace) -> int:
    from quizapp.store import Store, StoreError

    try:
        with Store.open(db_path(args), create=False) as store:
            made = store.backup(datetime.now(timezone.utc))
    except StoreError as e:
        return fail(str(e))
    print(f"backed up to {made}", flush=True)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from quizapp.store import StoreError, restore

    db = db_path(args)
    try:
        done = restore(db, args.file, now=datetime.now(timezone.utc))
    except StoreError as e:
        return fail(str(e))
    kept = f"; the database it replaced is kept as {done.kept_as}" if done.kept_as else ""
    print(f"restored {db} from {done.source}{kept}", flush=True)
    return 0
