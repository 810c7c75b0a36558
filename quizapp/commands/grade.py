"""``quizapp grade --expected JSON ANSWER [--rtol R] [--atol A]``: judge one typed answer.

Prints the verdict's message; exits 0 when correct, 1 when readable but wrong, 2 when
unreadable or when ``--expected`` is not a number or (nested) list in JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import re

from quizapp.commands import fail

# An answer may begin with "-" (``-1e-3``, ``-5/6``, ``-sqrt(2)``). argparse only takes
# an argument starting with "-" as a value when it matches this parser's negative-number
# pattern, and its default pattern knows neither exponents nor expressions; so this
# parser treats anything that starts with a single "-" and is not one of its own options
# as a value. (Its own options all start with "--", apart from -h, which still works.)
_VALUE_NOT_OPTION = re.compile(r"^-(?!-)")


def add_parser(sub: argparse._SubParsersAction, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, description="Judge one typed answer against an expected value.")
    p._negative_number_matcher = _VALUE_NOT_OPTION  # see above
    p.add_argument(
        "--expected", required=True, metavar="JSON", help="the expected value: a number or a (nested) list, in JSON"
    )
    p.add_argument("answer", nargs="+", metavar="ANSWER", help="the typed answer (several words are joined by spaces)")
    p.add_argument("--rtol", type=_tolerance, help="relative tolerance; with --atol replaces the default rule")
    p.add_argument("--atol", type=_tolerance, help="absolute tolerance; with --rtol replaces the default rule")
    p.set_defaults(run=run)


def _tolerance(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not (x >= 0 and math.isfinite(x)):
        raise argparse.ArgumentTypeError(f"expected a finite number ≥ 0, got {text!r}")
    return x


def run(args: argparse.Namespace) -> int:
    from quizapp.grading import GradingError, grade

    try:
        expected = json.loads(args.expected)
    except ValueError:
        return fail(f"--expected is not valid JSON: {args.expected!r}; give a number or a list, like 0.83 or [0.1, 0.9]")
    try:
        verdict = grade(" ".join(args.answer), expected, rtol=args.rtol, atol=args.atol)
    except GradingError as err:
        return fail(f"--expected: {err}")
    print(verdict.message)
    if verdict.correct:
        return 0
    return 1 if verdict.readable else 2
