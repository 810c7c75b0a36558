"""Argument checking and number formatting shared by every engine module.

Each checker takes the argument's name (for the error message) and the raw value
(plain Python from JSON or keyword arguments) and returns a clean value or raises
``BadArguments`` with a sentence naming the argument and what was expected.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Iterable, Sequence

import numpy as np

from quizapp.engine._registry import BadArguments

INF_WORDS = ("inf", "infinity", "+inf")


def _is_number(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def number(
    name: str,
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
        raise BadArguments(f"{name} must be a number, got {_show(x)}")
    x = float(x)
    if not math.isfinite(x):
        raise BadArguments(f"{name} must be a finite number, got {_show(x)}")
    if lo is not None and (x < lo or (lo_open and x == lo)):
        raise BadArguments(f"{name} must be {'>' if lo_open else '≥'} {fmt(lo)}, got {fmt(x)}")
    if hi is not None and (x > hi or (hi_open and x == hi)):
        raise BadArguments(f"{name} must be {'<' if hi_open else '≤'} {fmt(hi)}, got {fmt(x)}")
    return x


def integer(name: str, x: Any, *, lo: int | None = None, hi: int | None = None) -> int:
    """A whole number (an int, or a float with no fractional part)."""
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and math.isfinite(x) and x.is_integer():
        x = int(x)
    if not isinstance(x, int) or isinstance(x, bool):
        raise BadArguments(f"{name} must be a whole number, got {_show(x)}")
    if lo is not None and x < lo:
        raise BadArguments(f"{name} must be ≥ {lo}, got {x}")
    if hi is not None and x > hi:
        raise BadArguments(f"{name} must be ≤ {hi}, got {x}")
    return x


def boolean(name: str, x: Any) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, str) and x.lower() in ("true", "false"):
        return x.lower() == "true"
    if isinstance(x, int) and x in (0, 1):
        return bool(x)
    raise BadArguments(f"{name} must be true or false, got {_show(x)}")


def choice(name: str, x: Any, options: Sequence[str]) -> str:
    if not isinstance(x, str) or x not in options:
        raise BadArguments(f"{name} must be one of {', '.join(options)}; got {_show(x)}")
    return x


def array(name: str, x: Any, *, ndim: int | Iterable[int] | None = None) -> np.ndarray:
    """A finite float64 array from a scalar, vector or matrix (equal-length rows).

    ``ndim`` restricts the allowed dimensions (0 scalar, 1 vector, 2 matrix).
    Empty vectors and matrices are rejected.
    """
    if isinstance(x, np.ndarray):
        arr = x.astype(float)
    else:
        _check_nested(name, x)
        try:
            arr = np.asarray(x, dtype=float)
        except (ValueError, TypeError):
            raise BadArguments(
                f"{name} must be a number, a vector or a matrix with rows of equal length"
            ) from None
    allowed = {ndim} if isinstance(ndim, int) else (set(ndim) if ndim is not None else None)
    if allowed is not None and arr.ndim not in allowed:
        want = " or ".join({0: "a number", 1: "a vector", 2: "a matrix"}.get(d, f"{d}-d") for d in sorted(allowed))
        got = {0: "a number", 1: "a vector", 2: "a matrix"}.get(arr.ndim, f"a {arr.ndim}-d array")
        raise BadArguments(f"{name} must be {want}, got {got}")
    if arr.size == 0:
        raise BadArguments(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise BadArguments(f"{name} must contain only finite numbers (no NaN or infinity)")
    return arr


def vector(name: str, x: Any, *, length: int | None = None) -> np.ndarray:
    arr = array(name, x, ndim=1)
    if length is not None and arr.shape[0] != length:
        raise BadArguments(f"{name} must have {length} elements, got {arr.shape[0]}")
    return arr


def matrix(name: str, x: Any) -> np.ndarray:
    return array(name, x, ndim=2)


def labels(name: str, x: Any) -> list:
    """A non-empty flat list of class labels (ints or strings, not mixed with floats)."""
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if not isinstance(x, (list, tuple)) or len(x) == 0:
        raise BadArguments(f"{name} must be a non-empty list of class labels")
    out = []
    for v in x:
        if isinstance(v, bool) or isinstance(v, (list, tuple, dict)) or v is None:
            raise BadArguments(f"{name} must be a flat list of class labels (numbers or strings), got {_show(v)}")
        if isinstance(v, float):
            if not math.isfinite(v):
                raise BadArguments(f"{name} must not contain NaN or infinity")
            if v.is_integer():
                v = int(v)
        out.append(v)
    kinds = {str if isinstance(v, str) else float for v in out}
    if len(kinds) > 1:
        raise BadArguments(f"{name} mixes numbers and strings; use one kind of label")
    return out


def same_length(a_name: str, a: Sequence, b_name: str, b: Sequence) -> None:
    if len(a) != len(b):
        raise BadArguments(f"{a_name} and {b_name} must have the same length, got {len(a)} and {len(b)}")


def _check_nested(name: str, x: Any) -> None:
    """Reject strings, bools, None and ragged nesting before numpy sees them."""
    if isinstance(x, (str, bytes)) or x is None or isinstance(x, bool) or isinstance(x, dict):
        raise BadArguments(f"{name} must be a number, a vector or a matrix, got {_show(x)}")
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


def shape_name(a: np.ndarray) -> str:
    """An array's shape for messages: 'a number', '3' or '2×3'."""
    return "a number" if a.ndim == 0 else "×".join(map(str, a.shape))
