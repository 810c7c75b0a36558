"""Argument checking and number formatting shared by every engine module.

Each checker takes the argument's name (for the error message; a string as typed,
or a ``Msg`` such as "grads[0] (the step-1 gradient)") and the raw value (plain
Python from JSON or keyword arguments) and returns a clean value or raises
``BadArguments`` with a catalog sentence naming the argument and what was expected.

The formatting helpers at the end write numbers as worked solutions show them, and
``note`` / ``step`` build the two catalog lines every module uses.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Iterable, Sequence

import numpy as np

from quizapp.catalog import Msg, say
from quizapp.engine._registry import BadArguments

Name = "str | Msg"  # an argument's name in a message

INF_WORDS = ("inf", "infinity", "+inf")


def _is_number(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def number(
    name: str | Msg,
    x: Any,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """A finite real number, optionally within [lo, hi] (open ends on request)."""
    if isinstance(x, np.generic):
        x = x.item()
    if not _is_number(x):
        raise BadArguments(say("engine.error.not_number", name=name, got=_show(x)))
    x = float(x)
    if not math.isfinite(x):
        raise BadArguments(say("engine.error.not_finite", name=name, got=_show(x)))
    if lo is not None and (x < lo or (lo_open and x == lo)):
        raise BadArguments(say("engine.error.bound", name=name, op=">" if lo_open else "≥", bound=fmt(lo), got=fmt(x)))
    if hi is not None and (x > hi or (hi_open and x == hi)):
        raise BadArguments(say("engine.error.bound", name=name, op="<" if hi_open else "≤", bound=fmt(hi), got=fmt(x)))
    return x


def integer(name: str | Msg, x: Any, *, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number (an int, or a float with no fractional part)."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isfinite(x) and x.is_integer():
        x = int(x)
    if not isinstance(x, int) or isinstance(x, bool):
        raise BadArguments(say("engine.error.not_whole", name=name, got=_show(x)))
    if lo is not None and x < lo:
        raise BadArguments(say("engine.error.bound", name=name, op="≥", bound=str(lo), got=str(x)))
    if hi is not None and x > hi:
        raise BadArguments(say("engine.error.bound", name=name, op="≤", bound=str(hi), got=str(x)))
    return x


def boolean(name: str | Msg, x: Any) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str) and x.lower() in ("true", "false"):
        return x.lower() == "true"
    if isinstance(x, int) and x in (0, 1):
        return bool(x)
    raise BadArguments(say("engine.error.not_boolean", name=name, got=_show(x)))


def choice(name: str | Msg, x: Any, options: Sequence[str]) -> str:
    if not isinstance(x, str) or x not in options:
        raise BadArguments(say("engine.error.not_choice", name=name, options=", ".join(options), got=_show(x)))
    return x


def array(name: str | Msg, x: Any, *, ndim: int | Iterable[int] | None = None) -> np.ndarray:
    """A finite float64 array from a scalar, vector or matrix (equal-length rows).

    ``ndim`` restricts the allowed dimensions (0 scalar, 1 vector, 2 matrix, 3 a
    nested N×C×L array).
    Empty vectors and matrices are rejected.
    """
    if isinstance(x, np.ndarray):
        arr = x.astype(float)
    else:
        _check_nested(name, x)
        try:
            arr = np.asarray(x, dtype=float)
        except (ValueError, TypeError):
            raise BadArguments(say("engine.error.ragged", name=name)) from None
    allowed = {ndim} if isinstance(ndim, int) else (set(ndim) if ndim is not None else None)
    if allowed is not None and arr.ndim not in allowed:
        raise BadArguments(say("engine.error.ndim", name=name, want=either(dims(d) for d in sorted(allowed)), got=dims(arr.ndim)))
    if arr.size == 0:
        raise BadArguments(say("engine.error.empty", name=name))
    if not np.all(np.isfinite(arr)):
        raise BadArguments(say("engine.error.non_finite", name=name))
    return arr


def dims(ndim: int) -> Msg:
    """'a number', 'a vector', 'a matrix' or 'a 3-d array', as a catalog phrase."""
    if ndim in (0, 1, 2):
        return say(("engine.shape.number", "engine.shape.vector", "engine.shape.matrix")[ndim])
    return say("engine.shape.ndim", d=ndim)


def either(options) -> Msg:
    """'A or B or C' as a catalog phrase (each option a Msg or a string)."""
    options = list(options)
    out = options[0]
    for o in options[1:]:
        out = say("engine.shape.or", a=out, b=o)
    return out


def vector(name: str | Msg, x: Any, *, length: int | None = None) -> np.ndarray:
    arr = array(name, x, ndim=1)
    if length is not None and arr.shape[0] != length:
        raise BadArguments(say("engine.error.length", name=name, count=length, got=arr.shape[0]))
    return arr


def matrix(name: str | Msg, x: Any) -> np.ndarray:
    return array(name, x, ndim=2)


def labels(name: str | Msg, x: Any) -> list:
    """A non-empty flat list of class labels (ints or strings, not mixed with floats)."""
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if not isinstance(x, (list, tuple)) or len(x) == 0:
        raise BadArguments(say("engine.error.labels_empty", name=name))
    out = []
    for v in x:
        if isinstance(v, bool) or isinstance(v, (list, tuple, dict)) or v is None:
            raise BadArguments(say("engine.error.labels_flat", name=name, got=_show(v)))
        if isinstance(v, float):
            if not math.isfinite(v):
                raise BadArguments(say("engine.error.labels_finite", name=name))
            if v.is_integer():
                v = int(v)
        out.append(v)
    kinds = {str if isinstance(v, str) else float for v in out}
    if len(kinds) > 1:
        raise BadArguments(say("engine.error.labels_mixed", name=name))
    return out


def same_length(a_name: str | Msg, a: Sequence, b_name: str | Msg, b: Sequence) -> None:
    if len(a) != len(b):
        raise BadArguments(say("engine.error.same_length", a=a_name, b=b_name, len_a=len(a), len_b=len(b)))


def _check_nested(name: str | Msg, x: Any) -> None:
    """Reject strings, bools, None and ragged nesting before numpy sees them."""
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, bool) or isinstance(x, dict):
        raise BadArguments(say("engine.error.not_array", name=name, got=_show(x)))
    if isinstance(x, (list, tuple)):
        for v in x:
            _check_nested(name, v)


def _show(x: Any) -> str:
    s = repr(x)
    return s if len(s) <= 40 else s[:37] + "..."


# --- formatting for worked solutions ------------------------------------------------

_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sub(n: int | str) -> str:
    """Subscript digits: sub(12) == '₁₂'."""
    return str(n).translate(_SUB)


def sup(n: int | str) -> str:
    """Superscript digits: sup(3) == '³'."""
    return str(n).translate(_SUP)


def fmt(x: Any, digits: int = 6) -> str:
    """A number, vector or matrix in readable form with ``digits`` significant figures.

    Uses the Unicode minus, drops trailing zeros, and writes very small or large
    numbers as 1.5×10⁻⁸.
    """
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        return "[" + ", ".join(fmt(v, digits) for v in x) + "]"
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x)).replace("-", "−")
    if isinstance(x, str):
        return x
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    s = f"{x:.{digits}g}"
    if "e" in s:
        mant, exp = s.split("e")
        if "." in mant:
            mant = mant.rstrip("0").rstrip(".")
        s = f"{mant}×10{sup(int(exp))}"
    elif "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.replace("-", "−")


def shape_name(a: np.ndarray) -> str | Msg:
    """An array's shape for messages: 'a number' (a catalog phrase), '3' or '2×3'."""
    return say("engine.shape.number") if a.ndim == 0 else "×".join(map(str, a.shape))


def note(math_line: str | Msg, what: Msg) -> Msg:
    """A line of math with a worded remark after it: 'x = 1  (why)' / 'x = 1（为什么）'."""
    return say("engine.note", math=math_line, note=what)


def step(n: int, math_line: str) -> Msg:
    """'step 2: g₂ = …' / '第 2 步：g₂ = …'."""
    return say("engine.step", n=n, math=math_line)


def more(lines: list, shown: int, total: int, what: str) -> None:
    """'… 4 more rows computed the same way' when only ``shown`` of ``total`` were worked
    (``what``: rows, classes, thresholds, positives, points, pairs)."""
    if total > shown:
        lines.append(say(f"engine.more.{what}", count=total - shown))
