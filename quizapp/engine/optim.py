"""Engine computations: optim (see shared/engine-contract.md)."""
