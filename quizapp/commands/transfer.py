"""``quizapp export [-o FILE]`` and ``quizapp import FILE``: all progress as JSON lines.

Export only reads (the database is opened read-only). When the reader of its
output stops early (``quizapp export | head``), it ends quietly with status 141,
as a Unix tool killed by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    parser = sub.add_parser(name, help=help_, description=help_)
    if name == "export":
        parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                            help="write here instead of standard output")
    else:
        parser.add_argument("file", type=Path, metavar="FILE",
                            help="a file made by `quizapp export` (- for standard input)")
    add_db_option(parser)
    parser.set_defaults(run=run_export if name == "export" else run_import)



def run_export(args: argparse.Namespace) -> int:
    from quizapp.store import Store, StoreError

    try:
        with Store.open(db_path(args), readonly=True) as store:
            if args.output is None:
                for line in store.export_lines():
                    sys.stdout.write(line + "\n")
                sys.stdout.flush()
            else:
                _export_to(store, args.output)
    except StoreError as e:
        return fail(str(e))
    except BrokenPipeError:
        # Whatever is still buffered must not be flushed into the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except OSError as e:
        where = "standard output" if args.output is None else args.output
        fix = "redirect it elsewhere" if args.output is None else "choose another place with -o FILE"
        return fail(f"could not write {where} ({e.strerror}); {fix}")
    return 0


def _export_to(store, output: Path) -> None:
    """Write the export to ``output``; a regular file appears only once complete
    (written as ``.part``, then renamed). A device, pipe or symlink (``-o /dev/stdout``)
    is written to as it is, never replaced."""
    direct = output.is_symlink() or (output.exists() and not output.is_file())
    target = output if direct else output.with_name(output.name + ".part")
    try:
        with open(target, "w", encoding="utf-8") as out:
            for line in store.export_lines():
                out.write(line + "\n")
        if not direct:
            target.replace(output)
    except OSError:
        if not direct:
            target.unlink(missing_ok=True)
        raise


def run_import(args: argparse.Namespace) -> int:
    from quizapp.store import Store, StoreError
    from quizapp.store.transfer import read_lines

    db = db_path(args)
    try:
        source = sys.stdin if str(args.file) == "-" else open(args.file, encoding="utf-8")
    except OSError as e:
        return fail(f"cannot read {args.file} ({e.strerror})")
    try:
        with source, Store.open(db) as store:
            count = store.import_lines(read_lines(source))
    except StoreError as e:
        return fail(str(e))
    except UnicodeDecodeError:
        return fail(f"{args.file} is not UTF-8 text; expected a file made by `quizapp export`")
    except OSError as e:  # reading the file failed midway; the import's transaction rolled back
        return fail(f"could not read {args.file} ({e.strerror}), so nothing was imported; "
                    "check the file and try again")
    print(f"imported {count} rows into {db}", flush=True)
    return 0
