"""torch/sklearn references, one module per engine group. Importing this package
registers them; torch/sklearn themselves are imported inside each function."""

from quizapp.engine.references import (  # noqa: F401
    activation_extras,
    activations,
    classic,
    init,
    losses,
    metrics,
    misc,
    networks,
    optim,
    regularization,
)
