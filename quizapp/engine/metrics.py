"""Engine computations: metrics (see shared/engine-contract.md)."""
