"""``quizapp export [-o FILE]`` and ``quizapp import FILE``: all progress as JSON lines;
``quizapp export --anki FILE.apkg`` and ``quizapp import --anki FILE.apkg`` /
``--csv FILE.csv``: cards to and from Anki and CSV (``quizapp.anki``).

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

from quizapp.catalog import Msg, say, text
from quizapp.commands import add_db_option, db_path, fail


def add_parser(sub, name: str, help_: str) -> None:
    parser = sub.add_parser(name, help=help_, description=help_)
    if name == "export":
        parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                            help="write here instead of standard output")
        parser.add_argument("--anki", type=Path, metavar="FILE.apkg",
                            help="write the question bank as an Anki package instead (one deck per topic)")
        parser.add_argument("--topic", action="append", metavar="T",
                            help="with --anki: only this topic (repeat for more)")
        parser.add_argument("--instances", type=int, default=3, metavar="K",
                            help="with --anki: frozen instances of each card with numbers (default 3)")
    else:
        parser.add_argument("file", type=Path, metavar="FILE", nargs="?",
                            help="a file made by `quizapp export` (- for standard input)")
        parser.add_argument("--anki", type=Path, metavar="FILE.apkg",
                            help="import the Basic and Cloze cards of an Anki package, with their review history")
        parser.add_argument("--csv", type=Path, metavar="FILE.csv",
                            help="import cards from CSV rows front,back[,tags]")
        parser.add_argument("--topic", metavar="T", help="with --csv: the topic of the cards (default: from the file name)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the messages (and, with export --anki, of the cards)")
    add_db_option(parser)
    parser.set_defaults(run=run_export if name == "export" else run_import)


def run_export(args: argparse.Namespace) -> int:
    from quizapp.store import Store, StoreError

    if args.anki is not None and args.output is None:
        return run_export_anki(args)
    if args.output is not None and args.anki is not None or args.anki is None and (args.topic or args.instances != 3):
        return fail(text("anki.export.anki_only", args.lang))
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

    given = [x for x in (args.file, args.anki, args.csv) if x is not None]
    if len(given) != 1:
        return fail(text("anki.import.usage", args.lang))
    if args.topic is not None and args.csv is None:
        return fail(text("anki.import.topic_csv_only", args.lang))
    if args.file is None:
        return run_import_cards(args)
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


def run_export_anki(args: argparse.Namespace) -> int:
    from quizapp.anki import AnkiError
    from quizapp.anki.export import write_apkg
    from quizapp.content import load_bank
    from quizapp.safe_text import printable

    try:
        report = write_apkg(args.anki, load_bank(), topics=args.topic, instances=args.instances, lang=args.lang)
    except AnkiError as e:
        return fail(printable(e.msg.text(args.lang)))
    kinds = [say("anki.export.kind_count", count=n, kind=say(f"kind.{k}")) for k, n in report.by_kind.items()]
    print(printable(text("anki.export.done", args.lang, notes=say("anki.export.notes", count=report.notes),
                         decks=say("anki.export.decks", count=report.decks), path=str(args.anki),
                         kinds=kinds)), flush=True)
    if report.skipped:
        print(printable(text("anki.export.skipped", args.lang, count=len(report.skipped), id=report.skipped[0])),
              file=sys.stderr, flush=True)
    return 0


def run_import_cards(args: argparse.Namespace) -> int:
    from quizapp.anki import AnkiError
    from quizapp.anki.importer import import_apkg, import_csv
    from quizapp.safe_text import printable
    from quizapp.store import StoreError

    db = db_path(args)
    try:
        if args.anki is not None:
            report = import_apkg(args.anki, db)
        else:
            report = import_csv(args.csv, db, args.topic)
    except AnkiError as e:
        return fail(printable(e.msg.text(args.lang)))
    except StoreError as e:
        return fail(printable(str(e)))
    except OSError as e:  # the temporary folder, say: the transaction (if any) rolled back
        source = args.anki if args.anki is not None else args.csv
        return fail(printable(text("anki.error.os", args.lang, path=str(source), reason=e.strerror or str(e))))
    for line in report_lines(report):
        print(printable(line.text(args.lang)), flush=True)
    return 0


def report_lines(report) -> list[Msg]:
    """What an import did, one sentence a line."""
    lines: list[Msg] = []
    if report.added:
        lines.append(say("anki.import.added", count=report.added, source=report.source,
                         topics=", ".join(report.topics), files=", ".join(report.files), folder=str(report.folder)))
        if report.with_history:
            lines.append(say("anki.import.history", count=report.with_history, reviews=report.reviews))
        if report.suspended:
            lines.append(say("anki.import.suspended", count=report.suspended))
        if report.present:
            lines.append(say("anki.import.present", count=report.present))
    else:
        lines.append(say("anki.import.nothing_new", source=report.source, count=report.present))
    if report.media:
        lines.append(say("anki.import.media", count=report.media))
    for reason in ("empty", "occlusion", "missing"):
        if report.left_out.get(reason):
            lines.append(say(f"anki.import.left_out.{reason}", count=report.left_out[reason]))
    return lines
