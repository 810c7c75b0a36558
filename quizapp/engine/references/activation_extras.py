"""torch references for the activation_extras computations (torch imported lazily).

Values go through torch in float64; every gradient through autograd (the loss
summed first for ``reduction="none"``), so the conventions at 0 are torch's own.
"""

from __future__ import annotations

from quizapp.engine.crosscheck import reference


def _torch():
    import torch
    import torch.nn.functional as F  # noqa: N812

    return torch, F


def _f64(x, grad: bool = False):
    import torch

    return torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _weight(weight):
    """F.prelu wants a 1-D weight: a number becomes one shared slope."""
    import numpy as np

    return _f64(np.atleast_1d(np.asarray(weight, dtype=float)).tolist(), grad=True)


@reference("prelu")
def prelu(x, weight):
    torch, F = _torch()
    return F.prelu(_f64(x), _weight(weight)).tolist()


@reference("prelu_grad")
def prelu_grad(x, weight):
    import numpy as np

    torch, F = _torch()
    t, w = _f64(x, grad=True), _weight(weight)
    F.prelu(t, w).sum().backward()
    gw = w.grad.tolist()
    return {"input": t.grad.tolist(), "weight": gw[0] if np.ndim(weight) == 0 else gw}


@reference("softmax_temperature")
def softmax_temperature(x, temperature, dim):
    torch, F = _torch()
    return F.softmax(_f64(x) / temperature, dim=dim).tolist()


@reference("logsumexp")
def logsumexp(x, dim):
    torch, _ = _torch()
    t = _f64(x)
    if t.dim() == 0:
        t = t.reshape(1)
    return torch.logsumexp(t, dim=dim).tolist()


@reference("softmax_jacobian")
def softmax_jacobian(x):
    torch, F = _torch()
    from torch.autograd.functional import jacobian

    return jacobian(lambda t: F.softmax(t, dim=-1), _f64(x)).tolist()


def _backward(loss, t):
    (loss.sum() if loss.dim() else loss).backward()
    return t.grad.tolist()


@reference("cross_entropy_grad")
def cross_entropy_grad(input, target, reduction, label_smoothing):
    import numpy as np
    import torch

    _, F = _torch()
    t = _f64(input, grad=True)
    soft = np.shape(target) == np.shape(input)
    if not soft and np.ndim(input) == 1 and np.ndim(target) == 1:
        target = target[0]  # [k] for one sample: torch takes the bare index
    y = torch.tensor(target, dtype=torch.float64 if soft else torch.int64)
    return _backward(F.cross_entropy(t, y, reduction=reduction, label_smoothing=label_smoothing), t)


@reference("bce_with_logits_grad")
def bce_with_logits_grad(input, target, reduction, pos_weight):
    _, F = _torch()
    t = _f64(input, grad=True)
    weight = None if pos_weight is None else _f64(pos_weight)
    return _backward(F.binary_cross_entropy_with_logits(t, _f64(target), reduction=reduction, pos_weight=weight), t)


@reference("mse_loss_grad")
def mse_loss_grad(input, target, reduction):
    _, F = _torch()
    t = _f64(input, grad=True)
    return _backward(F.mse_loss(t, _f64(target), reduction=reduction), t)


for _ref in (prelu, prelu_grad, softmax_temperature, logsumexp, softmax_jacobian,
             cross_entropy_grad, bce_with_logits_grad, mse_loss_grad):
    _ref.library = "torch"
