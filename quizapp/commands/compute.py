"""``quizapp compute NAME [KEY=VALUE ...] [--json] [--check torch] [--lang en|zh]`` and ``--list``.

Runs one engine computation and prints its value and worked solution. VALUE is
read as JSON when it parses (x=[1,-2], nesterov=true), else as a plain string
(average=macro). Options may come anywhere among the KEY=VALUE words. ``--lang``
chooses the language of the worked solution and of error sentences (default
English; ``--json`` steps are English unless ``--lang zh`` is given).
"""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from quizapp.catalog import SaidError, say, text
from quizapp.commands import fail
from quizapp.engine.assignments import AssignmentError, parse_assignments

USAGE = "quizapp compute NAME [KEY=VALUE ...] [--json] [--check torch] [--lang en|zh] | quizapp compute --list"
LANGS = ("en", "zh")


class _ArgError(SaidError):
    """A command-line mistake: a catalog message, or argparse's own (English) sentence."""


class _WordsParser(argparse.ArgumentParser):
    """Re-reads the words after the subcommand so options and KEY=VALUE can mix."""

    def error(self, message: str):  # type: ignore[override]
        raise _ArgError(message)


def _declare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", action="store_true", help="list every computation with its arguments")
    parser.add_argument("--json", action="store_true", help='print one JSON object {"name", "args", "value", "steps"}')
    parser.add_argument("--check", choices=["torch"], help="also run the torch/sklearn reference and compare")
    parser.add_argument("--lang", choices=LANGS, help="language of the worked solution and errors (default: en)")


def add_parser(sub, name: str, help_: str) -> None:
    p = sub.add_parser(name, help=help_, usage=USAGE, description=__doc__.split("\n\n")[1])
    _declare(p)
    p.add_argument("words", nargs=argparse.REMAINDER, metavar="NAME [KEY=VALUE ...]")
    p.set_defaults(run=run)


def _parse_words(args: argparse.Namespace) -> argparse.Namespace:
    inner = _WordsParser(prog="quizapp compute", usage=USAGE)
    _declare(inner)
    inner.add_argument("name", nargs="?")
    inner.add_argument("assignments", nargs="*")
    ns = inner.parse_intermixed_args(args.words)
    ns.list = ns.list or args.list
    ns.json = ns.json or args.json
    ns.check = ns.check or args.check
    ns.lang = ns.lang or args.lang or "en"
    return ns


def _lang_of(args: argparse.Namespace) -> str:
    """The language asked for, even when the words around it do not parse."""
    lang = getattr(args, "lang", None)
    words = list(getattr(args, "words", None) or [])
    for i, w in enumerate(words):
        if w == "--lang" and i + 1 < len(words):
            lang = words[i + 1]
        elif w.startswith("--lang="):
            lang = w.partition("=")[2]
    return lang if lang in LANGS else "en"


def run(args: argparse.Namespace) -> int:
    from quizapp import engine

    lang = _lang_of(args)
    try:
        ns = _parse_words(args)
        lang = ns.lang
        if ns.list:
            if ns.name or ns.assignments or ns.check:
                raise _ArgError(say("engine.cli.list_alone"))
            return _list(ns.json)
        if not ns.name:
            raise _ArgError(say("engine.cli.missing_name", usage=USAGE))
        kwargs = parse_assignments(ns.assignments)
        result = engine.compute(ns.name, **kwargs)
        check = _check(ns.name, kwargs) if ns.check else None
    except (_ArgError, AssignmentError, engine.EngineError) as exc:
        return fail(_one_line(exc.text(lang)))

    steps = result.steps_in(lang)
    if ns.json:
        out = {"name": ns.name, "args": kwargs, "value": result.value, "steps": steps}
        if check is not None:
            out["check"] = check
        print(json.dumps(_strict_json(out), ensure_ascii=False, allow_nan=False))
    else:
        print("\n".join(_readable(result.value, steps, check, lang)))
    return 1 if check is not None and not check["agree"] else 0


def _strict_json(x: Any) -> Any:
    """Non-finite floats as the strings "inf", "-inf", "nan": Python would print the
    non-JSON words Infinity/NaN (norm_type=Infinity is parsed to a float; a reference
    library may return NaN where the engine refused to)."""
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")
    if isinstance(x, dict):
        return {k: _strict_json(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_strict_json(v) for v in x]
    return x


def _check(name: str, kwargs: dict) -> dict:
    from quizapp.engine import EngineError, crosscheck
    from quizapp.engine._registry import to_plain

    try:
        c = crosscheck.check(name, **kwargs)
    except crosscheck.ReferenceUnavailable as exc:
        raise _ArgError(exc.msg) from None
    except EngineError:
        raise
    except Exception as exc:  # the reference library refused what the engine accepted
        raise _ArgError(say("engine.cli.check_failed", detail=f"{type(exc).__name__}: {exc}")) from None
    return {"library": c.library, "agree": c.agree, "reference": to_plain(c.reference), "detail": c.detail}


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _readable(value: Any, steps: list[str], check: dict | None, lang: str = "en") -> list[str]:
    from quizapp.engine._args import fmt

    lines = [text("engine.cli.value", lang)]
    if isinstance(value, dict):
        lines += [f"  {k} = {fmt(v, 10)}" for k, v in value.items()]
    elif isinstance(value, list) and value and isinstance(value[0], list):
        lines += [f"  {fmt(row, 10)}" for row in value]
    else:
        lines[0] = text("engine.cli.value_is", lang, value=fmt(value, 10))
    lines.append(text("engine.cli.steps", lang))
    lines += [f"  {s}" for s in steps]
    if check is not None:
        if check["agree"]:
            lines.append(text("engine.cli.agrees", lang, library=check["library"]))
        else:
            lines.append(text("engine.cli.disagrees", lang, library=check["library"], detail=check["detail"]))
    return lines


def _list(as_json: bool) -> int:
    from quizapp.engine import computations

    comps = computations()
    if as_json:
        rows = [{"name": c.name, "group": c.group, "usage": c.usage(), "summary": c.summary} for c in comps]
        print(json.dumps({"computations": rows}, ensure_ascii=False))
        return 0
    group = None
    for c in comps:
        if c.group != group:
            group = c.group
            print(f"{'' if c is comps[0] else chr(10)}{group}")
        print(f"  {c.usage()}\n      {c.summary}")
    return 0
