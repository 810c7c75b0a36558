"""torch/sklearn references for the activations computations (imported lazily)."""
