"""``quizapp grade --expected JSON ANSWER [--rtol R] [--atol A] [--min-decimals N | --min-sig N] [--lang L]``.

Prints the verdict's sentence; exits 0 when correct, 1 when wrong, 2 when the answer
is unreadable or is asked again (right so far, but typed with too few figures; the
sentence says which), or when an argument is not valid; 3 when grading itself failed
(a defect in quizapp, never a verdict on the answer: the sentence names the log).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys

from quizapp.commands import fail

# An answer may begin with "-" (``-1e-3``, ``-5/6``, ``-sqrt(2)``). argparse only takes
# an argument starting with "-" as a value when it matches this parser's negative-number
# pattern, and its default pattern knows neither exponents nor expressions; so this
# parser treats anything that starts with a single "-" and is not one of its own options
# as a value. (Its own options all start with "--", apart from -h, which still works.)
_VALUE_NOT_OPTION = re.compile(r"^-(?!-)")

DEFECT = 3  # exit status when grading raised: 1 would say "wrong"

EPILOG = (
    "exit status: 0 correct; 1 wrong; 2 unreadable, asked again (right so far but with too few "
    "figures) or a bad argument; 3 an internal error in quizapp (not a verdict: see the log it names)"
)


def add_parser(sub: argparse._SubParsersAction, name: str, help_: str) -> None:
    p = sub.add_parser(
        name, help=help_, description="Judge one typed answer against an expected value.", epilog=EPILOG
    )
    p._negative_number_matcher = _VALUE_NOT_OPTION  # see above
    p.add_argument(
        "--expected", required=True, metavar="JSON", help="the expected value: a number or a (nested) list, in JSON"
    )
    p.add_argument("answer", nargs="+", metavar="ANSWER", help="the typed answer (several words are joined by spaces)")
    p.add_argument("--rtol", type=_tolerance, help="relative tolerance; with --atol replaces the default rule")
    p.add_argument("--atol", type=_tolerance, help="absolute tolerance; with --rtol replaces the default rule")
    p.add_argument(
        "--min-decimals", type=_whole(0), metavar="N",
        help="a plain number must show at least N digits after the point to be judged",
    )  # fmt: skip
    p.add_argument(
        "--min-sig", type=_whole(1), metavar="N",
        help="a plain number must show at least N significant figures to be judged (default 2)",
    )  # fmt: skip
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="the language of the sentence (default en)")
    p.set_defaults(run=run)


def _tolerance(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not (x >= 0 and math.isfinite(x)):
        raise argparse.ArgumentTypeError(f"expected a finite number ≥ 0, got {_shown(text)}")
    return x


def _whole(lowest: int):
    def parse(text: str) -> int:
        try:
            n = int(text) if len(text.strip()) <= 20 else lowest - 1  # (thousands of digits: not a count)
        except ValueError:
            n = lowest - 1
        if n < lowest:
            raise argparse.ArgumentTypeError(f"expected a whole number ≥ {lowest}, got {_shown(text)}")
        return n

    return parse


def _shown(text: str, width: int = 40) -> str:
    """What was given, quoted and cut short, for a one-line error."""
    shown = repr(text)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except Exception as error:  # a defect in quizapp: one sentence and a log, never exit 1 ("wrong")
        from quizapp.crashlog import crash_sentence, write_crash_log

        print(crash_sentence(error, write_crash_log(error)), file=sys.stderr, flush=True)
        return DEFECT


def _run(args: argparse.Namespace) -> int:
    from quizapp.catalog import say
    from quizapp.grading import GradingError, grade
    from quizapp.safe_text import printable

    try:
        expected = json.loads(args.expected)
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        return fail(f"--expected is not valid JSON: {_shown(args.expected)}; give a number or a list, "
                    "like 0.83 or [0.1, 0.9]")
    precision = {"rtol": args.rtol, "atol": args.atol, "min_decimals": args.min_decimals, "min_sig": args.min_sig}
    try:
        verdict = grade(" ".join(args.answer), expected, **precision)
    except GradingError as err:
        return fail(f"--expected: {err}")
    if verdict.outcome == "again":
        key = "grading.cli_unreadable" if verdict.value is None else "grading.cli_again"
        print(printable(say(key, message=verdict.reason).text(args.lang)), flush=True)
        return 2
    print(printable(verdict.text(args.lang)), flush=True)
    return 0 if verdict.correct else 1
