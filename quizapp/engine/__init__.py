"""The reference engine: a registry of named computations (numpy).

    from quizapp.engine import compute
    r = compute("adam", params=[1.0, -2.0], grads=[[0.5, 0.1]], lr=0.1)
    r.value   # plain Python data
    r.steps   # the worked solution, one line per step

The contract is ``shared/engine-contract.md``. torch is never imported here: it is
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
