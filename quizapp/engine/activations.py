"""Engine computations: activations (see shared/engine-contract.md)."""
