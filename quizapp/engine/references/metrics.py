"""torch/sklearn references for the metrics computations (imported lazily)."""
