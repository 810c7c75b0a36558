"""torch/sklearn references for the optim computations (imported lazily)."""
