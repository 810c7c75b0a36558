"""torch references for the activations computations (torch imported lazily).

Values go through torch.nn.functional in float64; derivatives through autograd,
so the conventions at x = 0 are torch's own.
"""

from __future__ import annotations

from quizapp.engine.crosscheck import reference


def _functional(fname: str):
    import torch
    import torch.nn.functional as F  # noqa: N812

    return torch, getattr(F, fname)


def _forward(name: str, fname: str) -> None:
    def ref(x, **kw):
        torch, fn = _functional(fname)
        return fn(torch.tensor(x, dtype=torch.float64), **kw).tolist()

    ref.library = "torch"
    reference(name)(ref)


def _derivative(name: str, fname: str) -> None:
    def ref(x, **kw):
        torch, fn = _functional(fname)
        t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        fn(t, **kw).sum().backward()
        return t.grad.tolist()

    ref.library = "torch"
    reference(name)(ref)


for _name in ("sigmoid", "tanh", "relu", "leaky_relu", "elu"):
    _forward(_name, _name)
    _derivative(f"{_name}_grad", _name)
_forward("softmax", "softmax")
_forward("log_softmax", "log_softmax")
