"""torch/sklearn references for the init computations (imported lazily)."""
