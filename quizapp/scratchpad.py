"""The scratchpad's headless core: one typed line in, a value and its working out.

A line is either an engine computation or plain arithmetic::

    evaluate("adam params=[1, -2] grads=[[0.5, 0.1]] lr=0.1", lang="en")
    evaluate("sqrt(6/(256+128))", lang="zh")
    evaluate("adam params=[1]", lang="en", allow_engine=False)   # refused before a verdict

A computation line is ``NAME key=value …`` (names as in ``quizapp compute --list``;
values are JSON, else plain strings, read by ``quizapp.engine.assignments`` exactly as
the CLI reads them; spaces inside brackets are allowed). Anything else is arithmetic,
read by grading's reader (``quizapp.grading_parse.parse_answer``): nothing typed is
ever run as code. ``evaluate`` never raises: a line that cannot be worked gives one
sentence saying what is wrong and what is expected.

Besides ``evaluate``: ``complete`` (names and arguments for the word at the cursor),
``History`` (lines kept across runs in a small file), ``preload`` (the line that
reproduces a card stage), ``crosscheck`` (the torch/sklearn second opinion, for the
screen to run in a worker). Every sentence comes from the catalog
(``quizapp/catalog/_scratchpad.py``). Headless: no Textual, and torch only inside
``crosscheck``.

Hostile lines are bounded: at most ``MAX_LENGTH`` characters, values nested at most
``MAX_NESTING`` deep, at most ``MAX_NUMBERS`` numbers in a computation's arguments,
whole numbers within ±10¹⁵ and no argument that would make a value of more than
``MAX_VALUE_NUMBERS`` numbers; grading's reader bounds arithmetic itself (nesting,
exponents, overflow).
"""

from __future__ import annotations

import difflib
import inspect
import json
import math
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from quizapp.catalog import Msg, SaidError, render, say

MAX_LENGTH = 10_000  # characters in one line (grading's reader takes as many)
MAX_NESTING = 16  # brackets inside one value (the engine's deepest argument: a 3-d array)
MAX_NUMBERS = 256  # numbers in a computation's arguments: as many as one card may hold
MAX_WHOLE = 10**15  # whole numbers in arguments, as in a deck
MAX_VALUE_NUMBERS = 10_000  # numbers an argument may ask the engine to build
MAX_SHOWN = 1_000  # numbers written out in a value; the rest is "…"
HISTORY_FILE = "scratchpad-history.jsonl"
HISTORY_CAP = 500
HISTORY_MAX_BYTES = 4 * 1024 * 1024

# Arguments that set the size of the value a computation builds (the engine checks
# their type and lower bound but not how large a value they ask for).
_SIZE_ARGUMENTS = {
    "sinusoidal_position_encoding": ("d_model",),
    "kfold_split_sizes": ("n_splits",),
    "init_weights": ("shape",),
}

# Functions and constants grading's reader knows, in the order completion offers them.
_FUNCTIONS = ("sqrt", "exp", "ln", "log", "log10", "log2", "abs", "sin", "cos", "tan")
_CONSTANTS = ("pi", "e")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD_CHARS = re.compile(r"[A-Za-z0-9_]*$")


def _normal_table() -> dict[int, str]:
    """Full-width ASCII (a Chinese input method's ［，＝ and its ideographic space) as
    ASCII, one character for one so positions in the typed line still hold."""
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table[0x3000] = " "
    return table


_NORMAL = _normal_table()


class _Refused(SaidError):
    """A line that cannot be worked; ``msg`` says why."""


@dataclass(frozen=True)
class Result:
    """What one line gives.

    ``kind`` is what the line is: "computation", "arithmetic", "empty", or
    "unreadable" (too long, or holding a control character). When it
    could be worked (``ok``), ``text`` is the value written for people (Unicode minus,
    lists as [a, b], a dict as ``key: value`` lines, a matrix one row a line) and
    ``steps`` the worked solution in the language asked for; else ``message`` is the
    one sentence saying what is wrong and what is expected. ``value`` is the value as
    plain data; ``name`` and ``args`` are the computation and its arguments as read.
    """

    kind: str
    text: str = ""
    steps: tuple[str, ...] = ()
    message: str = ""
    value: Any = None
    name: str = ""
    args: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.message


# ---------------------------------------------------------------- reading a line


@dataclass(frozen=True)
class _Word:
    start: int
    text: str


@dataclass
class _Scan:
    """A line cut into words at spaces outside brackets and JSON strings."""

    words: list[_Word]
    problem: Msg | None  # the first bracket or quote fault, if any
    depth: int  # brackets still open at the end
    in_string: bool


def _scan(text: str) -> _Scan:
    words: list[_Word] = []
    problem: Msg | None = None
    stack: list[tuple[str, int]] = []
    start = -1
    in_string = escaped = False
    quote_at = 0
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch.isspace() and not stack:
            if start >= 0:
                words.append(_Word(start, text[start:i]))
                start = -1
            continue
        if start < 0:
            start = i
        if ch == '"':
            in_string, quote_at = True, i
        elif ch in "[{":
            stack.append((ch, i))
            if len(stack) > MAX_NESTING and problem is None:
                problem = say("scratchpad.too_deep", limit=MAX_NESTING)
        elif ch in "]}":
            if not stack or stack[-1][0] != "[{"["]}".index(ch)]:
                if problem is None:
                    problem = say("scratchpad.unopened", bracket=ch, pos=i + 1)
            else:
                stack.pop()
    if start >= 0:
        words.append(_Word(start, text[start:]))
    if problem is None and in_string:
        problem = say("scratchpad.unclosed_quote", pos=quote_at + 1)
    if problem is None and stack:
        bracket, pos = stack[-1]
        problem = say("scratchpad.unclosed", bracket=bracket, pos=pos + 1)
    return _Scan(words, problem, len(stack), in_string)


def _computation_names() -> dict[str, Any]:
    from quizapp.engine import computations

    return {c.name: c for c in computations()}


def _kind(text: str) -> str:
    """"empty", "computation", "assignment" (key=value with no name before it) or
    "arithmetic"."""
    t = text.strip()
    if not t:
        return "empty"
    m = _NAME.match(t)
    if m is None:
        return "arithmetic"
    word, rest = m.group(), t[m.end():]
    if word in _computation_names():
        return "computation"
    if word.lower() in _FUNCTIONS or word.lower() in _CONSTANTS or word.lower() in ("inf", "infinity", "nan"):
        return "arithmetic"
    if not rest or rest[0].isspace():
        return "computation"  # a name the engine does not have: say so, with a close one
    if rest[0] == "=":
        return "assignment"
    return "arithmetic"


def _check_line(line: Any) -> str:
    """The line in normal form, or ``_Refused`` when it is too long or holds a
    control character."""
    from quizapp.safe_text import describe, unsafe_char

    if not isinstance(line, str):
        line = "" if line is None else str(line)
    if len(line) > MAX_LENGTH:
        raise _Refused(say("scratchpad.too_long", length=len(line), limit=MAX_LENGTH))
    bad = unsafe_char(line, keep="\t\n\r")
    if bad is not None:
        raise _Refused(say("scratchpad.control_char", char=describe(bad)))
    return line.translate(_NORMAL)


def _engine_line(text: str) -> bool:
    """Whether a line names an engine computation or passes it arguments (refused
    before a verdict; a lone unknown word is left to the arithmetic reader)."""
    kind = _kind(text)
    if kind == "assignment":
        return True
    if kind != "computation":
        return False
    return _NAME.match(text.strip()).group() in _computation_names() or "=" in text


def _read_call(text: str) -> tuple[str, dict]:
    """The computation's name and its arguments, checked; else ``_Refused``."""
    from quizapp.engine.assignments import AssignmentError, parse_assignments

    scan = _scan(text)
    if scan.problem is not None:
        raise _Refused(scan.problem)
    name = scan.words[0].text
    names = _computation_names()
    if "=" in name and _NAME.fullmatch(name.partition("=")[0]):
        raise _Refused(say("scratchpad.no_name"))
    if name not in names:
        stem = _NAME.match(name)
        if stem is not None and stem.group() in names and name[stem.end():].startswith("("):
            raise _Refused(say("scratchpad.parentheses", name=stem.group()))
        close = difflib.get_close_matches(name, names, n=1) or difflib.get_close_matches(name.lower(), names, n=1)
        if close:
            raise _Refused(say("scratchpad.unknown_did_you_mean", name=name, close=close[0]))
        raise _Refused(say("scratchpad.unknown", name=name))
    try:
        kwargs = parse_assignments([w.text for w in scan.words[1:]])
    except AssignmentError as exc:
        raise _Refused(exc.msg) from None
    params = names[name].signature.parameters
    for key in kwargs:
        if key not in params:
            left = [p for p in params if p not in kwargs]
            close = difflib.get_close_matches(key, left, n=1)
            if close:
                raise _Refused(say("scratchpad.unknown_argument_did_you_mean", name=name, arg=key,
                                   close=close[0], expected=", ".join(params)))
    _check_sizes(name, kwargs)
    return name, kwargs


def _numbers(value: Any) -> Iterable[Any]:
    """Every number (and bool) inside a plain value, without recursion."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, (int, float)):
            yield v


def _check_sizes(name: str, kwargs: dict) -> None:
    count = 0
    for key, value in kwargs.items():
        for v in _numbers(value):
            count += 1
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_WHOLE:
                raise _Refused(say("scratchpad.whole_too_large", arg=key))
    if count > MAX_NUMBERS:
        raise _Refused(say("scratchpad.too_many_numbers", got=count, limit=MAX_NUMBERS))
    for key in _SIZE_ARGUMENTS.get(name, ()):
        value = kwargs.get(key)
        sizes = [v for v in _numbers(value) if not isinstance(v, bool)]
        if not sizes or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in sizes):
            continue  # not numbers: the engine says what it expects
        if math.prod(abs(v) for v in sizes) > MAX_VALUE_NUMBERS:
            raise _Refused(say("scratchpad.too_big", name=name, arg=key, limit=MAX_VALUE_NUMBERS))


# ---------------------------------------------------------------- evaluate


def evaluate(line: str, *, lang: str, allow_engine: bool = True) -> Result:
    """Work one typed line; never raises. With ``allow_engine=False`` (before a
    card's verdict) a computation line is refused: only arithmetic is worked."""
    kind = "unreadable"
    try:
        text = _check_line(line)
        kind = _kind(text)
        if kind == "empty":
            key = "scratchpad.empty" if allow_engine else "scratchpad.empty_calculator"
            return Result("empty", message=render(say(key), lang))
        if not allow_engine and _engine_line(text):
            first = _NAME.match(text.strip())
            name = first.group() if first and first.group() in _computation_names() else ""
            key = "scratchpad.after_verdict" if name else "scratchpad.after_verdict_line"
            return Result("computation", message=render(say(key, name=name), lang))
        if kind in ("computation", "assignment") and allow_engine:
            kind = "computation"
            return _evaluate_call(text, lang)
        kind = "arithmetic"
        return _evaluate_arithmetic(text, lang)
    except _Refused as exc:
        return Result(kind if kind != "assignment" else "computation", message=render(exc.msg, lang))
    except (RecursionError, MemoryError):
        return Result(kind, message=render(say("scratchpad.too_complex"), lang))
    except Exception as exc:  # a defect somewhere below: one sentence, never a traceback
        return Result(kind, message=render(say("scratchpad.failed", detail=_detail(exc)), lang))


def _detail(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:199] + "…"


def _evaluate_call(text: str, lang: str) -> Result:
    from quizapp import engine

    name, kwargs = _read_call(text)
    try:
        result = engine.compute(name, **kwargs)
    except engine.EngineError as exc:
        return Result("computation", message=exc.text(lang), name=name, args=kwargs)
    return Result("computation", text=show(result.value), steps=tuple(result.steps_in(lang)),
                  value=result.value, name=name, args=kwargs)


def _evaluate_arithmetic(text: str, lang: str) -> Result:
    from quizapp.grading_parse import Unreadable, parse_answer

    try:
        answer = parse_answer(text)
    except Unreadable as exc:
        raise _Refused(exc.reason) from None
    value = _plain_answer(answer)
    shown = show(value)
    typed = " ".join(text.split())
    steps = () if _is_literal(answer) else (f"{pretty(typed)} = {shown}",)
    return Result("arithmetic", text=shown, steps=steps, value=value)


def _plain_answer(answer: Any) -> Any:
    if isinstance(answer, list):
        return [_plain_answer(a) for a in answer]
    return answer.value


def _is_literal(answer: Any) -> bool:
    """A number (or list of numbers) typed as plain digits: its value says it all."""
    if isinstance(answer, list):
        return all(_is_literal(a) for a in answer)
    return answer.plain is not None and _NUMBER_TEXT.fullmatch(answer.text) is not None


_NUMBER_TEXT = re.compile(r"[-+−]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")

# ---------------------------------------------------------------- writing values


def show(value: Any) -> str:
    """A value for people: numbers as the worked solutions write them (Unicode minus,
    ten significant figures, 1.5×10⁻⁸), lists as [a, b], a matrix one row a line, a
    dict as ``key: value`` lines; past ``MAX_SHOWN`` numbers the rest is "…"."""
    budget = [MAX_SHOWN]
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_show(v, budget)}" for k, v in value.items())
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        lines = []
        for row in value:
            if budget[0] <= 0:
                lines.append("…")
                break
            lines.append(_show(row, budget))
        return "\n".join(lines)
    return _show(value, budget)


def _show(value: Any, budget: list[int]) -> str:
    from quizapp.engine._args import fmt

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v, budget)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        parts = []
        for v in value:
            if budget[0] <= 0:
                parts.append("…")
                break
            parts.append(_show(v, budget))
        return "[" + ", ".join(parts) + "]"
    budget[0] -= 1
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        # far beyond any count a person reads digit by digit (and perhaps beyond a float)
        try:
            return fmt(float(value), 10)
        except OverflowError:
            power = int(value.bit_length() * math.log10(2))
            return ("−" if value < 0 else "") + "≈10" + str(power).translate(_SUPERSCRIPT)
    return fmt(value, 10)


_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


def pretty(text: str) -> str:
    """Typed arithmetic in Unicode math: ``sqrt(6/(256+128))`` as ``√(6/(256+128))``,
    ``2**-3`` as ``2⁻³``, ``*`` as ``·``, ``pi`` as ``π``, minus as ``−``."""
    s = text.replace("**", "^")
    s = re.sub(r"\bsqrt\s*\(", "√(", s)
    s = re.sub(r"\bpi\b", "π", s)

    def power(m: re.Match) -> str:
        digits = (m.group(1) or m.group(2)).replace("−", "-")
        return digits.translate(_SUPERSCRIPT)

    s = re.sub(r"\^\(\s*([-+−]?[0-9]+)\s*\)|\^([-+−]?[0-9]+)(?![0-9.eE])", power, s)
    s = s.replace("*", "·").replace("-", "−")
    return s


# ---------------------------------------------------------------- completion


@dataclass(frozen=True)
class Completion:
    """One way to finish the word at the cursor: put ``text`` in place of
    ``line[start:end]``. ``label`` is what a list shows, ``description`` a catalog
    message or (a computation's one-line summary) plain text; ``describe(lang)``
    renders it."""

    text: str
    label: str
    description: Msg | str
    start: int
    end: int

    def describe(self, lang: str) -> str:
        return render(self.description, lang)


def complete(line: str, cursor: int | None = None, *, allow_engine: bool = True) -> list[Completion]:
    """Completions for the word at ``cursor`` (default: the end of the line):
    computation names with their summaries (and arithmetic functions) for the first
    word; the computation's argument names with their defaults after it, never one
    already given; arithmetic functions and constants inside arithmetic. With
    ``allow_engine=False`` (the calculator before a verdict) only arithmetic."""
    try:
        return _complete(line, cursor, allow_engine)
    except Exception:  # completion is a convenience: a line it cannot follow gets none
        return []


def _complete(line: str, cursor: int | None, allow_engine: bool) -> list[Completion]:
    if not isinstance(line, str) or len(line) > MAX_LENGTH:
        return []
    text = line.translate(_NORMAL)
    cursor = len(text) if cursor is None else max(0, min(int(cursor), len(text)))
    start = cursor - len(_WORD_CHARS.search(text[:cursor]).group())
    end = cursor + (len(m.group()) if (m := re.match(r"[A-Za-z0-9_]*", text[cursor:])) else 0)
    prefix = text[start:cursor]
    if prefix[:1].isdigit():
        return []  # a number being typed
    before = text[:start]
    if not before.strip():
        names_first = _complete_names(prefix, start, end) if allow_engine else []
        return names_first + _complete_arithmetic(prefix, start, end)
    names = _computation_names()
    first = before.split()[0]
    if first in names:
        if not allow_engine:
            return []
        scan = _scan(before)
        if scan.depth or scan.in_string or not before[-1:].isspace():
            return []  # inside a value
        given = {w.text.partition("=")[0] for w in _scan(text[:start] + text[end:]).words[1:]}
        return _complete_arguments(names[first], prefix, given, start, end)
    if _kind(text) == "arithmetic" or before.rstrip()[-1:] in "+-*/^(,[−×÷·":
        return _complete_arithmetic(prefix, start, end)
    return []


def _matches(prefix: str, name: str) -> bool:
    return name.lower().startswith(prefix.lower())


def _complete_names(prefix: str, start: int, end: int) -> list[Completion]:
    return [Completion(c.name, c.name, c.summary, start, end)
            for c in _computation_names().values() if _matches(prefix, c.name)]


def _complete_arithmetic(prefix: str, start: int, end: int) -> list[Completion]:
    out = [Completion(f"{f}(", f"{f}(x)", say(f"scratchpad.function.{f}"), start, end)
           for f in _FUNCTIONS if _matches(prefix, f)]
    out += [Completion(c, c, say(f"scratchpad.constant.{c}"), start, end)
            for c in _CONSTANTS if _matches(prefix, c)]
    return out


def _complete_arguments(comp: Any, prefix: str, given: set[str], start: int, end: int) -> list[Completion]:
    out = []
    for p in comp.params:
        if p.name in given or not _matches(prefix, p.name):
            continue
        if p.default is inspect.Parameter.empty:
            label, what = f"{p.name}=", say("scratchpad.complete.required")
        elif p.default is None:
            label, what = f"{p.name}=", say("scratchpad.complete.optional")
        else:
            shown = value_text(p.default)
            label, what = f"{p.name}={shown}", say("scratchpad.complete.default", value=shown)
        out.append(Completion(f"{p.name}=", label, what, start, end))
    return out


# ---------------------------------------------------------------- preload


def value_text(value: Any, *, top: bool = True) -> str:
    """An argument's value as it is typed on a line, read back by the same rules:
    JSON, a plain word for a string that cannot be mistaken for anything else, and
    numbers to twelve significant figures (``0.1 + 0.2`` is written 0.3)."""
    from quizapp.engine._registry import to_plain

    value = to_plain(value)
    if isinstance(value, str):
        if top and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", value) and not _is_json(value):
            return value
        return _json_string(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_string(str(k))}: {value_text(v, top=False)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_text(v, top=False) for v in value) + "]"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return json.dumps(value)  # NaN / Infinity: JSON as Python reads it
        short = f"{value:.12g}"
        if abs(float(short) - value) > 1e-12 * abs(value):
            short = repr(value)
        return short
    return str(value)


def _json_string(text: str) -> str:
    """A JSON string that a line may hold: control and bidirectional characters as
    \\uXXXX escapes, and the Unicode minus too (the reader takes a typed one for '-')."""
    from quizapp.safe_text import json_printable

    return json_printable(json.dumps(text, ensure_ascii=False)).replace("\u2212", "\\u2212")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def preload(stage: Any) -> str:
    """The line that works a card stage again with its numbers: its computation with
    every argument (``adam params=[1.5, -0.3] grads=[[0.2, 0.1]] lr=0.01``); for a
    stage worked by a formula (no computation), the formula with the numbers filled
    in when the arithmetic reader can work it to the stage's value, else the value."""
    name = getattr(stage, "computation", "")
    if name:
        args = getattr(stage, "args", {}) or {}
        return " ".join([name, *(f"{k}={value_text(v)}" for k, v in args.items())])
    formula = _filled_formula(stage)
    if formula is not None:
        return formula
    return value_text(stage.expected, top=False)


def _filled_formula(stage: Any) -> str | None:
    """From an expr stage's solution line ``name = formula = filled = value``, the
    filled formula, when grading's reader gives the stage's value from it."""
    from quizapp.grading_parse import Unreadable, parse_answer

    solution = getattr(stage, "solution", ())
    if len(solution) != 1:
        return None
    parts = solution[0].split(" = ")
    if len(parts) != 4:
        return None
    filled = parts[2].strip()
    if "%" in filled or "//" in filled:
        return None  # a remainder or floor division: the reader means something else by them
    try:
        got = _plain_answer(parse_answer(filled))
    except (Unreadable, RecursionError):
        return None
    return filled if _close(got, stage.expected) else None


def _close(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-9) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(
            _close(x, y, rtol, atol) for x, y in zip(a, b))
    try:
        return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=atol)
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------- cross-check


def torch_installed() -> bool:
    """Whether torch can be imported (found, not imported: that takes seconds)."""
    import importlib.util

    return importlib.util.find_spec("torch") is not None


def crosscheck(line: str) -> Msg:
    """Run the computation on ``line`` through its torch/scikit-learn reference and
    say whether the two agree; slow (imports torch), so the screen calls it in a
    worker. Without torch or scikit-learn the sentence says how to install them.
    Never raises."""
    try:
        text = _check_line(line)
        if _kind(text) not in ("computation", "assignment"):
            return say("scratchpad.crosscheck.not_computation")
        name, kwargs = _read_call(text)
        return _crosscheck(name, kwargs)
    except _Refused as exc:
        return exc.msg
    except Exception as exc:
        return say("scratchpad.crosscheck.failed", detail=_detail(exc))


def _crosscheck(name: str, kwargs: dict) -> Msg:
    from quizapp.engine import EngineError
    from quizapp.engine import crosscheck as reference

    try:
        c = reference.check(name, **kwargs)
    except reference.ReferenceUnavailable as exc:
        return exc.msg
    except EngineError as exc:
        return exc.msg
    except Exception as exc:  # the reference library refused what the engine accepted
        return say("scratchpad.crosscheck.failed", detail=_detail(exc))
    from quizapp.engine._registry import to_plain

    if c.agree:
        return say("scratchpad.crosscheck.agrees", library=c.library)
    return say("scratchpad.crosscheck.disagrees", library=c.library,
               reference=_show(to_plain(c.reference), [MAX_SHOWN]), engine=_show(c.engine, [MAX_SHOWN]))


# ---------------------------------------------------------------- history


class History:
    """Lines typed in the scratchpad, kept across runs in ``folder/HISTORY_FILE``
    (the screen passes the folder beside the progress database), one JSON string a
    line, newest last, at most ``cap`` of them.

    ``older(draft)`` and ``newer()`` walk the lines from a cursor, as the up and
    down keys do; walking back past the newest line returns the ``draft`` being
    typed when the walk began. ``add(line)`` keeps a line (not a repeat of the newest
    one) and writes the file atomically. A damaged, oversized or hostile file never
    stops the scratchpad: lines that are not what was written are skipped, and a file
    that cannot be written leaves the history in memory (``problem``, a catalog
    message, says why; None once a write succeeds).
    """

    def __init__(self, folder: str | os.PathLike, *, cap: int = HISTORY_CAP):
        self.path = Path(folder) / HISTORY_FILE
        self.cap = max(1, int(cap))
        self.problem: Msg | None = None
        self._entries = _read_history(self.path, self.cap) or []
        self._unsaved: list[str] = []  # lines added here that the file does not hold yet
        self._pos = len(self._entries)
        self._draft = ""

    @property
    def entries(self) -> list[str]:
        """The lines, oldest first."""
        return list(self._entries)

    def add(self, line: str) -> None:
        """Keep ``line`` as the newest entry (blank, over-long and control-character
        lines are not kept; a repeat of the newest entry is not added twice), write
        the file, and put the cursor back on the draft."""
        self.reset()
        line = line.strip() if isinstance(line, str) else ""
        if not _keepable(line):
            return
        on_disk = _read_history(self.path, self.cap)  # another window may have added lines
        entries = self._entries if on_disk is None else _joined(on_disk, self._unsaved)
        self._unsaved = _joined(self._unsaved, [line])
        self._entries = _joined(entries, [line])[-self.cap:]
        self._pos = len(self._entries)
        if self._save():
            self._unsaved = []

    def older(self, draft: str = "") -> str | None:
        """The line before the cursor (None at the oldest). Leaving the draft
        remembers it as ``draft``."""
        if self._pos == len(self._entries):
            self._draft = draft
        if self._pos == 0:
            return None
        self._pos -= 1
        return self._entries[self._pos]

    def newer(self) -> str | None:
        """The line after the cursor, the remembered draft after the newest line,
        None when the cursor is already on the draft."""
        if self._pos >= len(self._entries):
            return None
        self._pos += 1
        return self._draft if self._pos == len(self._entries) else self._entries[self._pos]

    def reset(self) -> None:
        """Put the cursor back on an empty draft (after a line is submitted)."""
        self._pos = len(self._entries)
        self._draft = ""

    def _save(self) -> bool:
        """Write the entries atomically (a temporary file, then a rename); whether it worked."""
        try:
            if self.path.exists() and not self.path.is_file():
                self.problem = say("scratchpad.history.not_file", path=str(self.path))
                return False
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{HISTORY_FILE}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                    for entry in self._entries:
                        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self.problem = None
            return True
        except OSError as exc:
            self.problem = say("scratchpad.history.unwritable", path=str(self.path), reason=exc.strerror or str(exc))
            return False


def _joined(entries: list[str], more: list[str]) -> list[str]:
    """``entries`` then ``more``, a line equal to the one before it left out."""
    out = list(entries)
    for line in more:
        if not out or out[-1] != line:
            out.append(line)
    return out


def _keepable(line: str) -> bool:
    from quizapp.safe_text import unsafe_char

    return bool(line) and len(line) <= MAX_LENGTH and unsafe_char(line) is None


def _read_history(path: Path, cap: int) -> list[str] | None:
    """The kept lines of a history file, oldest first: the newest ``cap`` lines that
    are a JSON string a line could be (consecutive repeats once), looked for among
    its last ``10 × cap`` lines and ``HISTORY_MAX_BYTES``; None when there is no
    regular file to read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None  # a pipe, a device, a folder: never read
        skip = max(0, info.st_size - HISTORY_MAX_BYTES)
        if skip:
            os.lseek(fd, skip, os.SEEK_SET)
        data = b""
        while len(data) < HISTORY_MAX_BYTES:
            chunk = os.read(fd, HISTORY_MAX_BYTES - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    lines = data.split(b"\n")
    if skip:
        lines = lines[1:]  # the first line was cut by the size cap
    newest_first: list[str] = []
    longest = 6 * MAX_LENGTH + 2  # a kept line's JSON: every character escaped, quoted
    for raw in reversed(lines[-10 * cap:]):  # the newest lines; a file of junk is not read to its start
        if len(newest_first) == cap:
            break
        if not raw.strip() or len(raw) > longest:
            continue
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            continue
        if isinstance(entry, str):
            entry = entry.strip()
            if _keepable(entry) and (not newest_first or newest_first[-1] != entry):
                newest_first.append(entry)
    return newest_first[::-1]


__all__ = [
    "Completion",
    "History",
    "MAX_LENGTH",
    "Result",
    "complete",
    "crosscheck",
    "evaluate",
    "preload",
    "pretty",
    "show",
    "torch_installed",
    "value_text",
]
