"""Engine computations: regularization (see shared/engine-contract.md)."""
