"""torch/sklearn references for the regularization computations (imported lazily)."""
