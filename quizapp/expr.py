"""A tiny, safe expression language for deck files: constraints, derived values,
engine arguments and common mistakes written as formulas.

    e = compile_expr("tp / (tp + fp)")      # parsed once, checked against a whitelist
    e.names                                  # {"tp", "fp"}: the names it reads
    e.evaluate({"tp": 3, "fp": 1})           # 0.75

Nothing is ever passed to ``eval``: the text is parsed with ``ast`` and only the
nodes below are walked by hand. Lists behave as numpy vectors in arithmetic
(``lam / 2 * sum(w ** 2)``), so a formula reads like the maths in the notes.
"""

from __future__ import annotations

import ast
import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

import numpy as np

MAX_LENGTH = 500
MAX_EXPONENT = 64


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
    return np.asarray(_seq(xs) if not isinstance(xs, np.ndarray) else xs, dtype=float)


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": lambda x: np.abs(x) if isinstance(x, (list, np.ndarray)) else abs(x),
    "min": lambda *a: min(_seq(a[0])) if len(a) == 1 else min(a),
    "max": lambda *a: max(_seq(a[0])) if len(a) == 1 else max(a),
    "sum": lambda xs: np.sum(_arr(xs)).item(),
    "len": lambda xs: len(_seq(xs)),
    "round": lambda x, n=0: round(float(x), int(n)),
    "sqrt": np.sqrt,
    "exp": np.exp,
    "log": np.log,
    "log2": np.log2,
    "sign": np.sign,
    "mean": lambda xs: float(np.mean(_arr(xs))),
    "var": lambda xs: float(np.var(_arr(xs))),  # population variance (ddof 0)
    "std": lambda xs: float(np.std(_arr(xs))),
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
        try:
            with np.errstate(all="raise"):
                return plain(_eval(self.tree.body, env))
        except ExprError:
            raise
        except (ArithmeticError, ValueError, TypeError, IndexError, KeyError) as exc:
            raise ExprError(f"cannot evaluate {self.text!r}: {exc}") from None


    def explain(self, env: dict[str, Any], show: Callable[[Any], str], symbols: dict[str, str] | None = None) -> str:
        """The formula with every name replaced by its value: ``(1 − 0.9)·(−0.97)``
        (a name without a value is written as maths, see ``symbol``)."""

        class Fill(ast.NodeTransformer):
            def visit_Name(self, node: ast.Name) -> ast.AST:
                if node.id not in env:
                    return node
                text = show(env[node.id])
                return ast.Name(id=f"({text})" if text.startswith(("−", "-")) else text)

        return pretty(ast.unparse(Fill().visit(ast.parse(self.text.strip(), mode="eval"))), symbols)


GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eps": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "lam": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Omega": "Ω",
}  # fmt: skip
_SUB_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUB_LETTERS = dict(zip("aehijklmnoprstuvx", "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_ACCENTS = {"hat": "\u0302", "bar": "\u0304"}  # combining circumflex, macron
_NAME = re.compile(r"""('[^']*'|"[^"]*")|(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)""")
_SCI = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([+-]?\d+)")
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SMALL_POWER = re.compile(r"\s*\*\*\s*(\d{1,2})(?![\w.(])")  # x ** 2 → x²
_WORDS = frozenset({"and", "or", "not", "if", "else", "True", "False", "None"})


def symbol(name: str, symbols: dict[str, str] | None = None) -> str:
    """A parameter or stage name written as maths: the card's ``symbols`` entry if it
    has one, else Greek names as letters (``lam`` → λ), ``hat``/``bar`` as accents and
    trailing digits as subscripts (``mhat1`` → m̂₁, ``theta2`` → θ₂, ``l_2`` → l₂), and
    a one-letter suffix after ``_`` as a subscript where Unicode has one (``x_k`` → xₖ)."""
    if symbols and name in symbols:
        return symbols[name]
    base, _, suffix = name.partition("_")
    m = re.fullmatch(r"([A-Za-z]+?)(hat|bar)?(\d*)", base)
    if m is None or not m.group(1):
        return name
    stem, accent, digits = m.groups()
    out = GREEK.get(stem, stem) + (_ACCENTS[accent] if accent else "") + digits.translate(_SUB_DIGITS)
    out = unicodedata.normalize("NFC", out)  # ŷ as one character where Unicode has it
    if not suffix:
        return out
    if suffix.isdigit():
        return out + suffix.translate(_SUB_DIGITS)
    if suffix in _SUB_LETTERS:
        return out + _SUB_LETTERS[suffix]
    return out + "_" + suffix


def _power_of_ten(m: re.Match) -> str:
    """``1e-08`` → 10⁻⁸, ``2.5e-3`` → 2.5×10⁻³."""
    power = "10" + str(int(m.group(2))).translate(_SUPERSCRIPTS)
    return power if m.group(1) == "1" else f"{m.group(1)}×{power}"


def pretty(text: str, symbols: dict[str, str] | None = None) -> str:
    """Python as people write maths: names as symbols (see ``symbol``; function names
    stay), ``x²`` for a whole-number power, ``^`` for any other, ``·``, Unicode minus."""

    def one(m: re.Match) -> str:
        word = m.group(2)
        if word is None or word in FUNCTIONS or word in _WORDS:
            return m.group(0)
        return symbol(word, symbols)

    text = _SCI.sub(_power_of_ten, _NAME.sub(one, text))
    text = _SMALL_POWER.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
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
    names: set[str] = set()
    for node in ast.walk(tree):
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
        elif isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
            raise ExprError(f"{text!r}: constant {node.value!r} is not allowed")
    return Expr(text, tree, frozenset(names))


def _vec(x: Any) -> Any:
    return np.asarray(x) if isinstance(x, (list, tuple)) else x


def _eval(node: ast.AST, env: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ExprError(f"unknown name {node.id!r}")
        return env[node.id]
    if isinstance(node, ast.BinOp):
        left, right = _vec(_eval(node.left, env)), _vec(_eval(node.right, env))
        if isinstance(node.op, ast.Pow) and np.any(np.abs(np.asarray(right, dtype=float)) > MAX_EXPONENT):
            raise ExprError(f"exponent larger than {MAX_EXPONENT}")
        return _BINOPS[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, env)
        if isinstance(node.op, ast.Not):
            return not v
        v = _vec(v)
        return -v if isinstance(node.op, ast.USub) else +v
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_truth(_eval(v, env)) for v in node.values)
        return any(_truth(_eval(v, env)) for v in node.values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, comp in zip(node.ops, node.comparators):
            right = _eval(comp, env)
            if not _truth(_CMPOPS[type(op)](_vec(left), _vec(right))):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _truth(_eval(node.test, env)) else node.orelse, env)
    if isinstance(node, ast.Call):
        return FUNCTIONS[node.func.id](*(_eval(a, env) for a in node.args))  # type: ignore[union-attr]
    if isinstance(node, ast.Subscript):
        target = _eval(node.value, env)
        if isinstance(node.slice, ast.Slice):
            s = node.slice
            parts = [None if p is None else int(_eval(p, env)) for p in (s.lower, s.upper, s.step)]
            return target[slice(*parts)]
        return target[_index(_eval(node.slice, env))]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, env) for e in node.elts]
    raise ExprError(f"{type(node).__name__} is not allowed")  # unreachable after the whitelist


def _index(i: Any) -> Any:
    if isinstance(i, (int, np.integer)) and not isinstance(i, bool):
        return int(i)
    if isinstance(i, str):
        return i
    raise ExprError(f"an index must be a whole number or a key, got {i!r}")


def _truth(v: Any) -> bool:
    if isinstance(v, np.ndarray):
        return bool(np.all(v))
    return bool(v)


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
