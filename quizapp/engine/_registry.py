"""The registry behind ``compute``: names, argument binding, plain-data results."""

from __future__ import annotations

import difflib
import importlib
import inspect
import math
from dataclasses import dataclass, field
from typing import Any, Callable

# Modules that register computations when imported. Order is the order of ``--list``.
_MODULES = (
    "metrics",
    "activations",
    "losses",
    "optim",
    "init",
    "regularization",
    "misc",
    "networks",
)


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


class UnknownComputation(EngineError):
    """No computation has that name."""


class BadArguments(EngineError):
    """Missing, extra, mistyped or out-of-domain arguments."""


@dataclass(frozen=True)
class Result:
    value: Any
    steps: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"value": self.value, "steps": list(self.steps)}


@dataclass(frozen=True)
class Computation:
    name: str
    func: Callable[..., tuple[Any, list[str]]]
    summary: str
    group: str
    signature: inspect.Signature

    @property
    def params(self) -> list[inspect.Parameter]:
        return list(self.signature.parameters.values())

    def usage(self) -> str:
        """``adam(params, grads, lr=0.001, ...)`` as a one-line signature."""
        parts = []
        for p in self.params:
            if p.default is inspect.Parameter.empty:
                parts.append(p.name)
            else:
                parts.append(f"{p.name}={_show_default(p.default)}")
        return f"{self.name}({', '.join(parts)})"


def _show_default(v: Any) -> str:
    if isinstance(v, str):
        return f'"{v}"'
    return repr(v)


_REGISTRY: dict[str, Computation] = {}
_loaded = False


def computation(name: str, summary: str) -> Callable:
    """Register ``func`` as the computation ``name``.

    ``func`` takes the contract's keyword arguments (its signature *is* the
    contract: names and defaults) and returns ``(value, steps)``. It validates its
    own arguments with ``quizapp.engine._args`` and raises ``BadArguments``.
    """

    def register(func: Callable) -> Callable:
        if name in _REGISTRY:
            raise RuntimeError(f"computation {name!r} registered twice")
        group = func.__module__.rsplit(".", 1)[-1]
        _REGISTRY[name] = Computation(name, func, summary, group, inspect.signature(func))
        return func

    return register


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for mod in _MODULES:
        importlib.import_module(f"quizapp.engine.{mod}")
    _loaded = True


def computations() -> list[Computation]:
    """Every registered computation, grouped as in the contract."""
    _load()
    return list(_REGISTRY.values())


def get(name: str) -> Computation:
    _load()
    if not isinstance(name, str):
        raise UnknownComputation(f"a computation's name is a string, got {name!r}; see `quizapp compute --list`")
    try:
        return _REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(str(name), _REGISTRY, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; see `quizapp compute --list`"
        raise UnknownComputation(f"unknown computation {name!r}{hint}") from None


def compute(name: str, **kwargs: Any) -> Result:
    """Run computation ``name`` and return its value and worked solution."""
    comp = get(name)
    params = comp.signature.parameters
    extra = [k for k in kwargs if k not in params]
    if extra:
        expected = ", ".join(params) or "no arguments"
        raise BadArguments(f"{name}: unknown argument {extra[0]!r}; it takes {expected}")
    missing = [
        p.name for p in params.values() if p.default is inspect.Parameter.empty and p.name not in kwargs
    ]
    if missing:
        raise BadArguments(f"{name}: missing argument {missing[0]!r}; usage: {comp.usage()}")
    import numpy as np  # not at import time: ``import quizapp.engine`` stays light

    try:
        # Overflow and 0/0 are caught below as a non-finite value, never printed as warnings.
        with np.errstate(all="ignore"):
            value, steps = comp.func(**kwargs)
    except EngineError:
        raise
    except RecursionError:
        raise BadArguments(f"{name}: an argument is nested too deeply (a vector or matrix is expected)") from None
    except OverflowError:
        raise BadArguments(f"{name}: these arguments overflow float64; use smaller numbers") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        # A defect in validation, never shown as a traceback: say what failed.
        raise BadArguments(f"{name}: could not compute with these arguments ({exc})") from None
    value = to_plain(value)
    bad = _non_finite(value)
    if bad is not None:
        what = "an undefined (NaN)" if math.isnan(bad) else "an infinite (overflowing)"
        raise BadArguments(f"{name}: these arguments give {what} result; use smaller or better-scaled numbers")
    return Result(value=value, steps=[str(s) for s in steps])


def to_plain(value: Any) -> Any:
    """numpy scalars and arrays to plain Python floats, ints, lists and dicts."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if hasattr(value, "tolist"):  # numpy array or scalar
        return to_plain(value.tolist())
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _non_finite(value: Any) -> float | None:
    """The first NaN or ±inf in a plain value, else None."""
    if isinstance(value, float):
        return None if math.isfinite(value) else value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for v in items:
        bad = _non_finite(v)
        if bad is not None:
            return bad
    return None
