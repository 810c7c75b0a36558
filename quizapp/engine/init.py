"""Engine computations: init (see shared/engine-contract.md)."""
