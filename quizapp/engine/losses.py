"""Engine computations: losses (see shared/engine-contract.md)."""
