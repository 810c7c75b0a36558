"""The registry behind ``compute``: names, argument binding, plain-data results.

A computation returns ``(value, lines)``: each line of its worked solution is a
plain string when it is pure math (``m̂₁ = m₁ / (1 − β₁¹) = 5``) and a catalog
``Msg`` when it has words (``say("engine.step", n=1, math="g₁ = [0.5]")``), so
the edge can render it in any language. Errors carry a ``Msg`` the same way.
Nothing here loads the catalog at import time, and ``compute`` never reads its
entries: a ``Msg`` is a key and its values, and only rendering one
(``Result.steps``, ``str(error)``) reads the catalog.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from quizapp.catalog import Msg

# Modules that register computations when imported. Order is the order of ``--list``.
_MODULES = (
    "metrics",
    "activations",
    "losses",
    "optim",
    "init",
    "regularization",
    "misc",
    "activation_extras",
    "classic",
    "networks",
)


class EngineError(Exception):
    """Base of every error the engine raises on purpose.

    ``msg`` is the sentence as a catalog ``Msg`` (``error.text("zh")`` renders it);
    ``str(error)`` is the English sentence. A plain string is accepted too (it is
    then the sentence in every language).
    """

    def __init__(self, msg: Msg | str):
        from quizapp.catalog import Msg, say  # not at import: ``import quizapp.engine`` stays light

        if not isinstance(msg, Msg):
            msg = say("engine.error.plain", text=str(msg))
        super().__init__(msg)
        self.msg = msg

    def text(self, lang: str = "en") -> str:
        return self.msg.text(lang)

    def __str__(self) -> str:
        return self.msg.text("en")


class UnknownComputation(EngineError):
    """No computation has that name."""


class BadArguments(EngineError):
    """Missing, extra, mistyped or out-of-domain arguments."""


@dataclass(frozen=True)
class Result:
    """A computation's value (plain Python data) and its worked solution.

    ``lines`` are the solution as computed (``Msg`` or plain math strings);
    ``steps`` is it in English and ``steps_in(lang)`` in any language.
    """

    value: Any
    lines: tuple = field(default_factory=tuple)

    @cached_property
    def steps(self) -> list[str]:
        """The worked solution in English, one line per step."""
        return self.steps_in("en")

    def steps_in(self, lang: str) -> list[str]:
        """The worked solution rendered in ``lang`` ("en" or "zh")."""
        from quizapp.catalog import render

        return [render(line, lang) for line in self.lines]

    def to_dict(self, lang: str = "en") -> dict:
        return {"value": self.value, "steps": self.steps_in(lang)}


@dataclass(frozen=True)
class Computation:
    name: str
    func: Callable[..., tuple[Any, list]]
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

    ``func`` takes the documented keyword arguments (its signature *is* the
    contract: names and defaults, see docs/engine.md) and returns ``(value, lines)``:
    each line a plain math string, or a ``Msg`` when it has words. It validates its
    own arguments with ``quizapp.engine._args`` and raises ``BadArguments`` with a
    ``Msg`` (``say("engine.error.…", …)``).
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
    from quizapp.catalog import say  # loaded with the computations, not at import
    if not isinstance(name, str):
        raise UnknownComputation(say("engine.error.name_not_string", got=repr(name)))
    try:
        return _REGISTRY[name]
    except KeyError:
        close = difflib.get_close_matches(str(name), _REGISTRY, n=1)
        if close:
            raise UnknownComputation(say("engine.error.unknown_did_you_mean", name=repr(name), close=repr(close[0]))) from None
        raise UnknownComputation(say("engine.error.unknown", name=repr(name))) from None


def compute(name: str, **kwargs: Any) -> Result:
    """Run computation ``name`` and return its value and worked solution."""
    comp = get(name)
    from quizapp.catalog import Msg, say
    params = comp.signature.parameters
    extra = [k for k in kwargs if k not in params]
    if extra:
        if params:
            raise BadArguments(say("engine.error.unknown_argument", name=name, arg=repr(extra[0]), expected=", ".join(params)))
        raise BadArguments(say("engine.error.takes_no_arguments", name=name, arg=repr(extra[0])))
    missing = [
        p.name for p in params.values() if p.default is inspect.Parameter.empty and p.name not in kwargs
    ]
    if missing:
        raise BadArguments(say("engine.error.missing_argument", name=name, arg=repr(missing[0]), usage=comp.usage()))
    import numpy as np  # not at import time: ``import quizapp.engine`` stays light

    try:
        # Overflow and 0/0 are caught below as a non-finite value, never printed as warnings.
        with np.errstate(all="ignore"):
            value, lines = comp.func(**kwargs)
    except EngineError:
        raise
    except RecursionError:
        raise BadArguments(say("engine.error.too_deep", name=name)) from None
    except OverflowError:
        raise BadArguments(say("engine.error.overflow", name=name)) from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        # A defect in validation, never shown as a traceback: say what failed.
        raise BadArguments(say("engine.error.could_not_compute", name=name, detail=str(exc))) from None
    value = to_plain(value)
    bad = _non_finite(value)
    if bad is not None:
        key = "engine.error.nan_result" if math.isnan(bad) else "engine.error.infinite_result"
        raise BadArguments(say(key, name=name))
    return Result(value=value, lines=tuple(line if isinstance(line, Msg) else str(line) for line in lines))


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
