"""The reference engine: a registry of named computations (numpy).

    from quizapp.engine import compute
    r = compute("adam", params=[1.0, -2.0], grads=[[0.5, 0.1]], lr=0.1)
    r.value            # plain Python data
    r.steps            # the worked solution in English, one line per step
    r.steps_in("zh")   # ... in Chinese (r.lines: catalog messages and math strings)

The reference is ``docs/engine.md``: every computation, its arguments and the
library whose behaviour is its ground truth. torch is never imported here: it is
the cross-check (``quizapp.engine.crosscheck``), loaded lazily only there.
"""

from __future__ import annotations

from quizapp.engine._registry import (
    BadArguments,
    Computation,
    EngineError,
    Result,
    UnknownComputation,
    compute,
    computations,
    get,
)

__all__ = [
    "BadArguments",
    "Computation",
    "EngineError",
    "Result",
    "UnknownComputation",
    "compute",
    "computations",
    "get",
]
