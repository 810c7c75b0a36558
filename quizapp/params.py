"""Template parameters: validate their declarations, draw them with a seed, and
render numbers readably in prompts and answers.

A declaration is a TOML inline table (see ``content/README.md``)::

    tp    = { int = [1, 40] }
    lr    = { float = [0.01, 0.5], decimals = 2 }
    avg   = { choice = ["macro", "micro"] }
    y     = { int = [0, 2], size = 8 }            # a vector of 8 ints
    grads = { float = [-1, 1], decimals = 1, shape = [2, 3] }   # a 2×3 matrix
    pred  = { int = [0, 2], size = "n" }           # length taken from parameter n
"""

from __future__ import annotations

import hashlib
import random
import re
from typing import Any, Mapping

from quizapp.safe_text import printable

ELEMENT_KINDS = ("int", "float", "choice")
PARAM_KEYS = frozenset({*ELEMENT_KINDS, "decimals", "size", "shape"})
MINUS = "\u2212"

# Limits (content/README.md, "Limits"): a deck is a hostile file.
MAX_PARAM_ELEMENTS = 256  # numbers all parameters of a card hold together (the bank's most: 48)
MAX_GRID = 10**15  # |lo|, |hi| × 10^decimals of a float range: every grid point is an exact float
MAX_FORMAT_PRECISION = 20  # digits a prompt's {name:.Nf} may ask for


def check_param(name: str, spec: Any, earlier: Mapping[str, Any]) -> str | None:
    """The problem with one parameter declaration, or None when it is valid.
    ``earlier`` maps the names declared before it to their declarations (a size may
    name one of them)."""
    if not isinstance(spec, dict):
        return f"parameter {name!r} must be a table like {{ int = [1, 10] }}"
    unknown = set(spec) - PARAM_KEYS
    if unknown:
        return f"parameter {name!r}: unknown key {sorted(unknown)[0]!r}; expected int, float, choice, decimals, size or shape"
    kinds = [k for k in ELEMENT_KINDS if k in spec]
    if len(kinds) != 1:
        return f"parameter {name!r} needs exactly one of int = [lo, hi], float = [lo, hi] or choice = [...]"
    kind = kinds[0]
    value = spec[kind]
    if kind == "choice":
        if not isinstance(value, list) or not value:
            return f"parameter {name!r}: choice must be a non-empty list"
    else:
        num = int if kind == "int" else (int, float)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, num) and not isinstance(v, bool) for v in value)
        ):
            return f"parameter {name!r}: {kind} must be [lo, hi] with {'whole numbers' if kind == 'int' else 'numbers'}"
        if value[0] > value[1]:
            return f"parameter {name!r}: range [{value[0]}, {value[1]}] is empty (lo > hi)"
    if "decimals" in spec:
        d = spec["decimals"]
        if kind != "float" or not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 10:
            return f"parameter {name!r}: decimals must be a whole number 0..10 and only for a float range"
    if kind == "float" and max(abs(value[0]), abs(value[1])) * 10 ** spec.get("decimals", 2) > MAX_GRID:
        d = spec.get("decimals", 2)
        return (f"parameter {name!r}: float range [{value[0]}, {value[1]}] with {d} decimals is too wide; "
                f"|lo| and |hi| × 10^decimals must stay within 10¹⁵")
    if "size" in spec and "shape" in spec:
        return f"parameter {name!r}: give size (a vector) or shape (a matrix), not both"
    dims = [spec["size"]] if "size" in spec else spec.get("shape", [])
    if "shape" in spec and (not isinstance(spec["shape"], list) or len(spec["shape"]) != 2):
        return f"parameter {name!r}: shape must be [rows, columns]"
    for d in dims:
        problem, _ = _check_dim(name, d, earlier)
        if problem:
            return problem
    count = param_size(spec, earlier)
    if count > MAX_PARAM_ELEMENTS:
        return (f"parameter {name!r} can hold up to {count} numbers; the parameters of a card hold at most "
                f"{MAX_PARAM_ELEMENTS} together (a size or shape times the numbers in one value)")
    return None


def param_size(spec: dict, earlier: Mapping[str, Any]) -> int:
    """The most numbers a declaration that ``check_param`` accepted can draw."""
    count = max((_leaves(v) for v in spec["choice"]), default=1) if "choice" in spec else 1
    for d in [spec["size"]] if "size" in spec else spec.get("shape", []):
        count *= _check_dim("", d, earlier)[1]
    return count


def _leaves(v: Any) -> int:
    """Numbers (or texts) in one choice value: 1, or a list's count. Iterative."""
    count, stack = 0, [v]
    while stack:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(x)
        else:
            count += 1
    return max(count, 1)


def _check_dim(name: str, d: Any, earlier: Mapping[str, Any]) -> tuple[str | None, int]:
    """(the problem with one dimension, or None; the largest length it can take)."""
    limit = MAX_PARAM_ELEMENTS
    if isinstance(d, str):
        values = _whole_numbers(earlier.get(d))
        if values is None:
            return f"parameter {name!r}: size {d!r} must name an earlier parameter that is one whole number", 0
        lo, hi = values
        if lo < 1 or hi > limit:
            return f"parameter {name!r}: size {d!r} can be {lo if lo < 1 else hi}; a size must be 1..{limit}", 0
        return None, hi
    if isinstance(d, int) and not isinstance(d, bool):
        if not 1 <= d <= limit:
            return f"parameter {name!r}: a size must be at least 1 and at most {limit}", 0
        return None, d
    if isinstance(d, list) and len(d) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in d):
        if not 1 <= d[0] <= d[1] <= limit:
            return f"parameter {name!r}: size range {d} must have 1 ≤ lo ≤ hi ≤ {limit}", 0
        return None, d[1]
    return f"parameter {name!r}: a size must be a whole number, [lo, hi] or an earlier parameter's name", 0


def _whole_numbers(spec: Any) -> tuple[int, int] | None:
    """(lowest, highest) value of a scalar whole-number declaration, else None."""
    if not isinstance(spec, dict) or "size" in spec or "shape" in spec:
        return None
    values = spec.get("int", spec.get("choice"))
    if "int" in spec and not (isinstance(values, list) and len(values) == 2):
        return None
    if not isinstance(values, list) or not values:
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    return min(values), max(values)


def rng_for(template_id: str, seed: int) -> random.Random:
    """A generator seeded stably from (template id, seed): the same on every run and
    every machine (not Python's salted ``hash``)."""
    digest = hashlib.blake2b(f"{template_id}\x00{seed}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def draw(spec: dict, rng: random.Random, env: dict[str, Any]) -> Any:
    """One value for a declaration checked by ``check_param``."""
    if "size" in spec:
        return [_element(spec, rng) for _ in range(_dim(spec["size"], rng, env))]
    if "shape" in spec:
        rows, cols = (_dim(d, rng, env) for d in spec["shape"])
        return [[_element(spec, rng) for _ in range(cols)] for _ in range(rows)]
    return _element(spec, rng)


def _dim(d: Any, rng: random.Random, env: dict[str, Any]) -> int:
    if isinstance(d, str):
        return int(env[d])
    if isinstance(d, list):
        return rng.randint(d[0], d[1])
    return d


def _element(spec: dict, rng: random.Random) -> Any:
    if "int" in spec:
        return rng.randint(*spec["int"])
    if "float" in spec:
        lo, hi = spec["float"]
        d = spec.get("decimals", 2)
        # Draw on the grid of the declared decimals so every value shows exactly.
        k = rng.randint(round(lo * 10**d), round(hi * 10**d))
        return round(k / 10**d, d)
    return rng.choice(spec["choice"])


# --- rendering ----------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}")
_FORMAT_SPEC = re.compile(r"\.(\d{1,2})[fge%]")


def placeholders(text: str) -> list[tuple[str, str | None]]:
    """The ``{name}`` / ``{name:.3f}`` placeholders in a text, in order."""
    return [(m.group(1), m.group(2)) for m in _PLACEHOLDER.finditer(text) if m.group(1)]


def stray_brace(text: str) -> str | None:
    """The first ``{…}`` that is neither a placeholder nor an escaped brace, if any
    (``{x[0]}`` would otherwise reach the learner literally)."""
    rest = _PLACEHOLDER.sub("", text)
    i = min((k for k in (rest.find("{"), rest.find("}")) if k >= 0), default=-1)
    if i < 0:
        return None
    end = rest.find("}", i)
    return rest[i : end + 1] if end > i else rest[i : i + 12]


def check_format_spec(spec: str | None) -> bool:
    """A prompt's format is ``.Nf``, ``.Ng``, ``.Ne`` or ``.N%`` with N ≤ MAX_FORMAT_PRECISION
    (never a width, never a billion digits)."""
    if spec is None:
        return True
    m = _FORMAT_SPEC.fullmatch(spec)
    return m is not None and int(m.group(1)) <= MAX_FORMAT_PRECISION


def fill(text: str, env: dict[str, Any], decimals: dict[str, int]) -> str:
    """Replace ``{name}`` with the value rendered readably (``{{``/``}}`` are braces)."""

    def one(m: re.Match) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        name, spec = m.group(1), m.group(2)
        return show(env[name], spec=spec, decimals=decimals.get(name))

    return _PLACEHOLDER.sub(one, text)


def show(v: Any, *, spec: str | None = None, decimals: int | None = None) -> str:
    """A value for people: Unicode minus, no float noise, vectors as [a, b]."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {show(x, spec=spec, decimals=decimals)}" for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(show(x, spec=spec, decimals=decimals) for x in v) + "]"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, str):  # a deck's text value: control characters never reach a terminal raw
        return printable(v)
    if spec:
        try:
            s = format(v, spec)
        except (ValueError, OverflowError, TypeError):  # a value the format cannot take: as it is
            s = str(v) if isinstance(v, int) else _general(float(v))
    elif isinstance(v, int):
        s = str(v)
    elif decimals is not None:
        s = f"{v:.{decimals}f}"
    else:
        s = _general(float(v))
    return s.replace("-", MINUS)


def _general(x: float) -> str:
    if x == 0:
        return "0"
    s = f"{x:.6g}"
    if "e" in s:
        mant, exp = s.split("e")
        mant = mant.rstrip("0").rstrip(".") if "." in mant else mant
        return f"{mant}×10{str(int(exp)).translate(str.maketrans('0123456789-', '⁰¹²³⁴⁵⁶⁷⁸⁹⁻'))}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def precision_of(spec: dict) -> dict:
    """A stage's displayed precision: its ``decimals`` or ``sig`` (default sig = 4)."""
    if "decimals" in spec:
        return {"decimals": spec["decimals"]}
    return {"sig": spec.get("sig", 4)}


def answer_text(v: Any, *, decimals: int | None = None, sig: int | None = None) -> str:
    """The expected value written at the card's displayed precision, in a form the
    grader reads as a plain number (ASCII minus, ``e`` exponent)."""
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(answer_text(x, decimals=decimals, sig=sig) for x in v) + "]"
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    x = float(v)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))  # 14, not 14.00: a whole number is exact as it stands
    if sig is not None:
        s = f"{x:#.{sig}g}"
        if "e" in s:
            mant, exp = s.split("e")
            s = f"{mant.rstrip('.')}e{int(exp)}"
        return s.rstrip(".")
    s = f"{x:.{decimals if decimals is not None else 4}f}"
    return s.lstrip("-") if float(s) == 0 else s  # never "-0.00"
