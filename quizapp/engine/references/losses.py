"""torch/sklearn references for the losses computations (imported lazily)."""
