"""torch/sklearn references for the misc computations (imported lazily)."""
