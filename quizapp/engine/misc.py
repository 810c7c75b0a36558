"""Engine computations: misc (see shared/engine-contract.md)."""
