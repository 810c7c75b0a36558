"""Cross-check engine computations against torch / scikit-learn.

The engine is numpy; this module is the second opinion. torch and sklearn are
imported lazily, inside each reference function, never when quizapp.engine is
imported. Used by ``quizapp compute --check torch``, ``quizapp check-content`` and
the test-suite.

Each reference function takes the same keyword arguments as the computation (after
defaults are applied) and returns plain Python data comparable with ``Result.value``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from quizapp.catalog import Msg, SaidError, say
from quizapp.engine._registry import compute, get

REFERENCES: dict[str, Callable[..., Any]] = {}


class ReferenceUnavailable(SaidError):
    """torch or scikit-learn is not installed, or no reference is defined.
    ``msg`` is the sentence (``text(lang)``); ``str()`` is it in English."""


def reference(name: str) -> Callable:
    def register(func: Callable) -> Callable:
        REFERENCES[name] = func
        return func

    return register


@dataclass(frozen=True)
class CheckResult:
    name: str
    agree: bool
    engine: Any
    reference: Any
    library: str  # "torch", "sklearn", "numpy (closed form)" ...
    detail: str


def full_args(name: str, kwargs: dict) -> dict:
    """kwargs with the computation's defaults filled in."""
    sig = get(name).signature
    out = {}
    for p in sig.parameters.values():
        if p.name in kwargs:
            out[p.name] = kwargs[p.name]
        elif p.default is not inspect.Parameter.empty:
            out[p.name] = p.default
    return out


def close(a: Any, b: Any, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    """Structural closeness of two plain-data values (dict/list/number)."""
    if isinstance(a, dict) or isinstance(b, dict):
        if not (isinstance(a, dict) and isinstance(b, dict)) or set(a) != set(b):
            return False
        return all(close(a[k], b[k], rtol, atol) for k in a)
    try:
        aa = np.asarray(a, dtype=float)
        bb = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return a == b
    if aa.shape != bb.shape:
        return False
    return bool(np.allclose(aa, bb, rtol=rtol, atol=atol, equal_nan=False))


def check(name: str, **kwargs: Any) -> CheckResult:
    """Run ``name`` through the engine and through its reference; compare."""
    _load_references()
    engine_value = compute(name, **kwargs).value
    ref = REFERENCES.get(name)
    if ref is None:
        raise ReferenceUnavailable(say("engine.error.no_reference", name=repr(name)))
    try:
        ref_value = ref(**full_args(name, kwargs))
    except ImportError as exc:
        raise ReferenceUnavailable(_install_hint(exc.name)) from None
    library = getattr(ref, "library", "torch")
    agree = close(engine_value, ref_value)
    detail = "agree" if agree else f"engine {engine_value!r} vs {library} {ref_value!r}"
    return CheckResult(name, agree, engine_value, ref_value, library, detail)


def _install_hint(module: str | None) -> Msg:
    """Which package is missing and how to install it without a multi-GB CUDA torch."""
    if module and module.split(".")[0] == "sklearn":
        return say("engine.error.needs_sklearn")
    return say("engine.error.needs_torch")


_refs_loaded = False


def _load_references() -> None:
    global _refs_loaded
    if not _refs_loaded:
        from quizapp.engine import references  # noqa: F401  (registers)

        _refs_loaded = True
