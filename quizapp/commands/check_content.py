"""``quizapp check-content [PATH | --user] [--json] [--seeds N] [--crosscheck-seeds K] [--jobs J] [--db PATH]``.

Validates every deck (by default the installed bank and your own decks beside the
progress database; ``--user`` only yours, their ids still checked against the
whole bank): schema, duplicate ids, languages, computations and their
arguments; and self-tests every numeric and steps template with N seeds: a finite
answer, the displayed answer graded correct, common mistakes distinct from the
answer and never graded right when typed at any precision the card accepts, the
answer typed to seven figures graded right, agreement with torch/sklearn. Templates
are checked in J processes (default: one per CPU). Prints one ``file:line: message``
per problem and exits 2 when there is any, 0 when the bank is clean.
"""

from __future__ import annotations

import json
import sys
import time

from quizapp.commands import add_db_option, db_path, fail
from quizapp.safe_text import json_printable


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description=__doc__.split("\n\n")[1])
    p.add_argument("path", nargs="?", help="a deck file or folder (default: the installed bank and your own decks)")
    p.add_argument("--user", action="store_true",
                   help="only your own decks (the folder `quizapp decks` names), ids checked against the whole bank")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="print a JSON summary with the errors")
    p.add_argument("--seeds", type=int, default=200, metavar="N", help="seeds per template (default 200)")
    p.add_argument(
        "--crosscheck-seeds", type=int, default=20, metavar="K",
        help="seeds per template also cross-checked against torch/sklearn (default 20)",
    )  # fmt: skip
    p.add_argument(
        "--jobs", type=int, default=None, metavar="J",
        help="check templates in J processes (default: the number of CPUs; 1 checks in this process)",
    )  # fmt: skip
    p.set_defaults(run=run)


def run(args) -> int:
    from quizapp.content import load_bank
    from quizapp.content_check import check_bank

    if args.seeds < 1 or args.crosscheck_seeds < 0:
        return fail("--seeds must be at least 1 and --crosscheck-seeds at least 0")
    if args.jobs is not None and args.jobs < 1:
        return fail(f"--jobs must be at least 1, not {args.jobs}")
    if args.user and args.path:
        return fail("give a deck PATH or --user, not both")
    start = time.perf_counter()
    if args.path:
        bank = load_bank(args.path)
    else:
        from quizapp.paths import user_decks_dir
        from quizapp.userdecks import user_part

        bank = load_bank(user=user_decks_dir(db_path(args)))
        if args.user:
            bank = user_part(bank)
    report = check_bank(bank, seeds=args.seeds, crosscheck_seeds=args.crosscheck_seeds, jobs=args.jobs)
    elapsed = time.perf_counter() - start
    for line in report.notes:
        print(f"quizapp: {line}", file=sys.stderr)
    if args.json:
        # Deck text and file names in the errors never reach the terminal raw.
        print(json_printable(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)))
    else:
        for e in report.errors:
            print(e)  # DeckError's str() escapes control characters (quizapp.safe_text)
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(report.by_kind.items()))
        n = len(report.errors)
        verdict = f"{n} problem{'' if n == 1 else 's'}" if n else "no problems"
        kinds = f" ({kinds})" if kinds else ""
        print(f"{report.cards} card{'' if report.cards == 1 else 's'}{kinds} checked with {args.seeds} seeds in {elapsed:.1f} s: {verdict}")
    return 2 if report.errors else 0
