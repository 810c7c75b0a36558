"""A tiny, safe expression language for deck files: constraints, derived values,
engine arguments and common mistakes written as formulas.

    e = compile_expr("tp / (tp + fp)")      # parsed once, checked against a whitelist
    e.names                                  # {"tp", "fp"}: the names it reads
    e.evaluate({"tp": 3, "fp": 1})           # 0.75

Nothing is ever passed to ``eval``: the text is parsed with ``ast`` and only the
nodes below are walked by hand. Lists behave as numpy vectors in arithmetic
(``lam / 2 * sum(w ** 2)``), so a formula reads like the maths in the notes.

A deck is a hostile file: every resource an expression can spend is bounded (the
limits below, documented in ``content/README.md``). The text's length and nesting
are checked when it is compiled; while it is evaluated, every intermediate value
is measured (numbers in a list, characters of text, bits of a whole number, list
nesting) and every step is counted, and the operations that could build a huge
value in one go (``**``, repeating text, numpy broadcasting) are checked before
they run. ``budget()`` makes evaluations share one count (one card instance).
Anything past a limit is an ``ExprError`` with one sentence.
"""

from __future__ import annotations

import ast
import math
import operator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterator

import numpy as np

MAX_LENGTH = 1000  # characters in one expression (the bank's longest: 488)
MAX_DEPTH = 100  # syntax nesting, counted in parse-tree levels (the bank's deepest: 17)
MAX_EXPONENT = 1000  # |exponent| of ** (the bank's largest: 63)
MAX_ELEMENTS = 10_000  # numbers in one value, or characters of one text (the bank's largest: 24 numbers)
MAX_INT_BITS = 1000  # bits of a whole number (below about 10³⁰¹: every one converts to a float)
MAX_NESTING = 8  # list nesting inside one value (the bank's deepest: 2, a matrix)
MAX_STEPS = 100_000  # per evaluation: nodes evaluated plus the size of every intermediate value
MAX_INSTANCE_STEPS = 500_000  # shared by every evaluation inside one ``budget()`` (the bank's most: 36 263)


class ExprError(ValueError):
    """The text is not a valid deck expression, or evaluating it failed."""


def _count(xs: Any, v: Any) -> int:
    return int(sum(1 for x in _seq(xs) if x == v))


def _seq(xs: Any) -> list:
    if isinstance(xs, np.ndarray):
        return xs.tolist()
    if isinstance(xs, (list, tuple)):
        return list(xs)
    raise ExprError("expected a list")


def _arr(xs: Any) -> np.ndarray:
    return _num(np.asarray(_seq(xs) if not isinstance(xs, np.ndarray) else xs)).astype(float)


def _stat(f: Callable[[np.ndarray], Any]) -> Callable[[Any], float]:
    """mean/var/std: of a non-empty list (numpy only warns on an empty one)."""

    def stat(xs: Any) -> float:
        a = _arr(xs)
        if a.size == 0:
            raise ExprError("the mean, var or std of an empty list")
        return float(f(a))

    return stat


def _elementwise(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda x: f(_num(x))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda x: np.abs(_num(x)) if isinstance(x, (list, tuple, np.ndarray)) else abs(_num(x)),
    "min": lambda *a: min(_seq(a[0])) if len(a) == 1 else min(a),
    "max": lambda *a: max(_seq(a[0])) if len(a) == 1 else max(a),
    "sum": lambda xs: np.sum(_arr(xs)).item(),
    "len": lambda xs: len(_seq(xs)),
    "round": lambda x, n=0: round(float(x), int(n)),
    "sqrt": _elementwise(np.sqrt),
    "exp": _elementwise(np.exp),
    "log": _elementwise(np.log),
    "log2": _elementwise(np.log2),
    "sign": _elementwise(np.sign),
    "mean": _stat(np.mean),
    "var": _stat(np.var),  # population variance (ddof 0)
    "std": _stat(np.std),
    "all": lambda xs: all(_seq(xs)) if isinstance(xs, (list, tuple, np.ndarray)) else bool(xs),
    "any": lambda xs: any(_seq(xs)) if isinstance(xs, (list, tuple, np.ndarray)) else bool(xs),
    "count": _count,
    "unique": lambda xs: sorted(set(_seq(xs))),
    "list": lambda xs: _seq(xs),
    "float": float,
    "int": int,
}

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ALLOWED = (
    ast.Expression, ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.BoolOp,
    ast.Compare, ast.Call, ast.Subscript, ast.Slice, ast.List, ast.Tuple, ast.IfExp,
    ast.And, ast.Or, ast.Not, ast.USub, ast.UAdd, *_BINOPS, *_CMPOPS,
)  # fmt: skip


@dataclass(frozen=True)
class Expr:
    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, env: dict[str, Any]) -> Any:
        """The value for these names, as plain Python (raises ExprError, never
        anything else, and never spends more than the limits above)."""
        try:
            with np.errstate(all="raise"):
                return plain(_Run(env).eval(self.tree.body))
        except ExprError:
            raise
        except (ArithmeticError, ValueError, TypeError, LookupError, AttributeError, RecursionError, MemoryError, Warning) as exc:
            raise ExprError(f"cannot evaluate {self.text!r}: {_short(str(exc))}") from None


    def explain(self, env: dict[str, Any], show: Callable[[Any], str]) -> str:
        """The formula with every name replaced by its value: ``(1 − 0.9)·(−0.97)``."""

        class Fill(ast.NodeTransformer):
            def visit_Name(self, node: ast.Name) -> ast.AST:
                if node.id not in env:
                    return node
                text = show(env[node.id])
                return ast.Name(id=f"({text})" if text.startswith(("−", "-")) else text)

        return pretty(ast.unparse(Fill().visit(ast.parse(self.text.strip(), mode="eval"))))


def pretty(text: str) -> str:
    """Python operators as people write them: ``·``, ``^``, Unicode minus."""
    return text.replace(" ** ", "^").replace("**", "^").replace(" * ", "·").replace("-", "−")


@lru_cache(maxsize=4096)
def compile_expr(text: str) -> Expr:
    """Parse ``text`` and check every node against the whitelist (raises ExprError)."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("an expression must be a non-empty string")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cannot parse {text!r}: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError):  # a NUL character; nesting the parser refuses
        raise ExprError(f"cannot parse {text!r}: it is not a plain formula") from None
    names: set[str] = set()
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:  # every node, with its depth (iterative: the tree may be deep)
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"{text!r} is nested more than {MAX_DEPTH} levels deep")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
        if not isinstance(node, _ALLOWED):
            raise ExprError(f"{text!r}: {type(node).__name__} is not allowed in a deck expression")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS or node.keywords:
                what = node.func.id if isinstance(node.func, ast.Name) else "this call"
                raise ExprError(
                    f"{text!r}: {what} is not a known function; use {', '.join(sorted(FUNCTIONS))}"
                )
        elif isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            names.add(node.id)
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float, str, bool)):
                raise ExprError(f"{text!r}: constant {node.value!r} is not allowed")
            try:
                _measure(node.value)
            except ExprError as exc:
                raise ExprError(f"{text!r}: {exc}") from None
    return Expr(text, tree, frozenset(names))


# --- bounded evaluation -------------------------------------------------------------

_shared: ContextVar[list[int] | None] = ContextVar("quizapp_expr_budget", default=None)


@contextmanager
def budget(steps: int = MAX_INSTANCE_STEPS) -> Iterator[None]:
    """Every evaluation inside the block spends from one count of ``steps`` (besides
    its own MAX_STEPS): one card instance, however many draws, constraints and
    mistakes it evaluates, stays bounded."""
    token = _shared.set([steps])
    try:
        yield
    finally:
        _shared.reset(token)


class _Run:
    """One evaluation: walks the tree, measuring every value and counting steps."""

    def __init__(self, env: dict[str, Any]):
        self.env = env
        self.left = MAX_STEPS
        self.shared = _shared.get()

    def spend(self, steps: int) -> None:
        self.left -= steps
        if self.left < 0:
            raise ExprError(f"evaluating it takes more than {MAX_STEPS:,} steps".replace(",", " "))
        if self.shared is not None:
            self.shared[0] -= steps
            if self.shared[0] < 0:
                raise ExprError("the card's expressions take too many steps for one instance "
                                f"(more than {MAX_INSTANCE_STEPS:,})".replace(",", " "))

    def eval(self, node: ast.AST) -> Any:
        value = self._eval(node)
        kind = type(value)
        if kind is float or kind is np.float64:  # the common cases first: this runs for every node
            if not math.isfinite(value):
                raise ExprError(_NOT_FINITE)
            self.spend(2)
        elif kind is bool or ((kind is int or kind is np.int64) and int(value).bit_length() <= MAX_INT_BITS):
            self.spend(2)
        else:
            self.spend(1 + _measure(value))
        return value

    def _eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in self.env:
                raise ExprError(f"unknown name {node.id!r}")
            return self.env[node.id]
        if isinstance(node, ast.BinOp):
            return _binop(type(node.op), self.eval(node.left), self.eval(node.right))
        if isinstance(node, ast.UnaryOp):
            v = self.eval(node.operand)
            if isinstance(node.op, ast.Not):
                return not v
            v = _num(v)
            return -v if isinstance(node.op, ast.USub) else +v
        if isinstance(node, ast.BoolOp):
            if isinstance(node.op, ast.And):
                return all(_truth(self.eval(v)) for v in node.values)
            return any(_truth(self.eval(v)) for v in node.values)
        if isinstance(node, ast.Compare):
            left = self.eval(node.left)
            for op, comp in zip(node.ops, node.comparators):
                right = self.eval(comp)
                a, b = _vec(left), _vec(right)
                _check_broadcast(a, b)
                if not _truth(_CMPOPS[type(op)](a, b)):
                    return False
                left = right
            return True
        if isinstance(node, ast.IfExp):
            return self.eval(node.body if _truth(self.eval(node.test)) else node.orelse)
        if isinstance(node, ast.Call):
            args = [self.eval(a) for a in node.args]
            return FUNCTIONS[node.func.id](*args)  # type: ignore[union-attr]
        if isinstance(node, ast.Subscript):
            target = self.eval(node.value)
            if isinstance(node.slice, ast.Slice):
                s = node.slice
                parts = [None if p is None else _index(self.eval(p)) for p in (s.lower, s.upper, s.step)]
                if any(isinstance(p, str) for p in parts):
                    raise ExprError("a slice takes whole numbers")
                return target[slice(*parts)]
            return target[_index(self.eval(node.slice))]
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.eval(e) for e in node.elts]
        raise ExprError(f"{type(node).__name__} is not allowed")  # unreachable after the whitelist


def _binop(op: type, left: Any, right: Any) -> Any:
    if isinstance(left, str) or isinstance(right, str):
        return _text_op(op, left, right)
    a, b = _num(left), _num(right)
    if op is ast.Pow:
        if np.any(np.abs(np.asarray(b, dtype=float)) > MAX_EXPONENT):
            raise ExprError(f"exponent larger than {MAX_EXPONENT}")
        if _is_int(a) and _is_int(b) and b > 0 and abs(a) > 1 and (abs(int(a)).bit_length() - 1) * b > MAX_INT_BITS:
            raise ExprError(f"a whole number larger than 2^{MAX_INT_BITS}")
    _check_broadcast(a, b)
    return _BINOPS[op](a, b)


def _text_op(op: type, left: Any, right: Any) -> Any:
    """Text can be joined (``+``) and repeated (``*`` a whole number), within MAX_ELEMENTS."""
    if op is ast.Add and isinstance(left, str) and isinstance(right, str):
        if len(left) + len(right) > MAX_ELEMENTS:
            raise ExprError(f"text longer than {MAX_ELEMENTS:,} characters".replace(",", " "))
        return left + right
    if op is ast.Mult:
        text, n = (left, right) if isinstance(left, str) else (right, left)
        if isinstance(text, str) and _is_int(n):
            if len(text) * max(int(n), 0) > MAX_ELEMENTS:
                raise ExprError(f"text longer than {MAX_ELEMENTS:,} characters".replace(",", " "))
            return text * int(n)
    raise ExprError("text can only be joined with + or repeated with * a whole number "
                    "(no % formatting or other arithmetic on text)")


def _is_int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _num(x: Any) -> Any:
    """A number, or a numpy array of numbers, for arithmetic (ExprError otherwise)."""
    if isinstance(x, (bool, int, float, np.bool_, np.integer, np.floating)):
        return x
    if isinstance(x, (list, tuple, np.ndarray)):
        arr = np.asarray(x)
        if arr.dtype.kind not in "biuf":
            raise ExprError("arithmetic needs numbers or lists of numbers "
                            "(whole numbers in a list must fit in 64 bits)")
        return arr
    raise ExprError(f"arithmetic needs numbers, not {type(x).__name__}")


def _vec(x: Any) -> Any:
    return np.asarray(x) if isinstance(x, (list, tuple)) else x


def _check_broadcast(a: Any, b: Any) -> None:
    """Refuse element-wise operations whose result would be too large, before numpy
    allocates it (a 5000×1 column against a 5000-vector is 25 million numbers)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        shape = np.broadcast_shapes(np.shape(a), np.shape(b))
        if math.prod(shape) > MAX_ELEMENTS:
            raise ExprError(f"the result would hold more than {MAX_ELEMENTS:,} numbers".replace(",", " "))


_NOT_FINITE = "a value is not a finite number (an overflow, or infinity)"


def _measure(value: Any) -> int:
    """The size of a value (numbers, plus characters of text) — ExprError when it, or
    a whole number's bits, or its list nesting, is past a limit, or a number is not
    finite. Iterative, and stops as soon as a limit is passed."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        x, depth = stack.pop()
        kind = type(x)
        if kind is float:
            if not math.isfinite(x):
                raise ExprError(_NOT_FINITE)
            total += 1
        elif kind is list or kind is tuple:
            if depth >= MAX_NESTING:
                raise ExprError(f"lists nested more than {MAX_NESTING} levels deep")
            if total + len(x) > MAX_ELEMENTS:
                raise ExprError(f"a list holds more than {MAX_ELEMENTS:,} numbers".replace(",", " "))
            total += 1
            stack.extend((y, depth + 1) for y in x)
        elif isinstance(x, np.ndarray):
            if depth + x.ndim > MAX_NESTING:
                raise ExprError(f"lists nested more than {MAX_NESTING} levels deep")
            if x.dtype.kind == "O":
                if x.size > MAX_ELEMENTS:
                    raise ExprError(f"a list holds more than {MAX_ELEMENTS:,} numbers".replace(",", " "))
                stack.extend((y, depth + x.ndim) for y in x.ravel().tolist())
                continue
            total += x.size * (max(1, x.itemsize // 4) if x.dtype.kind == "U" else 1)
            if x.dtype.kind == "f" and not np.isfinite(x).all():
                raise ExprError(_NOT_FINITE)
        elif isinstance(x, str):
            total += len(x)
        elif isinstance(x, (bool, np.bool_)):
            total += 1
        elif isinstance(x, (int, np.integer)):
            if int(x).bit_length() > MAX_INT_BITS:
                raise ExprError(f"a whole number larger than 2^{MAX_INT_BITS}")
            total += 1
        elif isinstance(x, (float, np.floating)):
            if not math.isfinite(x):
                raise ExprError(_NOT_FINITE)
            total += 1
        elif isinstance(x, dict):
            stack.extend((y, depth + 1) for y in x.values())
            total += 1
        else:
            total += 1
        if total > MAX_ELEMENTS:
            raise ExprError(f"a value holds more than {MAX_ELEMENTS:,} numbers or characters".replace(",", " "))
    return total


def _index(i: Any) -> Any:
    if isinstance(i, (int, np.integer)) and not isinstance(i, bool):
        return int(i)
    if isinstance(i, str):
        return i
    raise ExprError(f"an index must be a whole number or a key, got {_kind(i)}")


def _kind(v: Any) -> str:
    """What a value is, for a message (never its repr: numpy's is slow and long)."""
    if isinstance(v, (list, tuple, np.ndarray)):
        return "a list"
    if isinstance(v, str):
        return "text"
    if isinstance(v, (bool, np.bool_)):
        return "true or false"
    return "a number" if isinstance(v, (int, float, np.number)) else type(v).__name__


def _truth(v: Any) -> bool:
    if isinstance(v, np.ndarray):
        return bool(np.all(v))
    return bool(v)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(v: Any) -> Any:
    """numpy values to plain Python (floats, ints, bools, lists, dicts)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, float) and math.isnan(v):
        raise ExprError("the result is NaN")
    return v
