"""torch references for the losses computations (torch imported lazily).

Each calls the torch.nn.functional loss in float64 with the same arguments; class
indices become an int64 tensor, class probabilities a float64 one, as torch expects.
"""

from __future__ import annotations

from quizapp.engine.crosscheck import reference


def _f64(x):
    import torch

    return torch.tensor(x, dtype=torch.float64)


def _target(target, input):
    """Class indices as int64, or class probabilities (the input's shape) as float64."""
    import numpy as np
    import torch

    soft = np.shape(target) == np.shape(input)
    if not soft and np.ndim(input) == 1 and np.ndim(target) == 1:
        target = target[0]  # [k] for one sample: torch breaks on it only with label smoothing
    return torch.tensor(target, dtype=torch.float64 if soft else torch.int64)


@reference("mse_loss")
def mse_loss(input, target, reduction):
    import torch.nn.functional as F  # noqa: N812

    return F.mse_loss(_f64(input), _f64(target), reduction=reduction).tolist()


@reference("cross_entropy")
def cross_entropy(input, target, reduction, label_smoothing):
    import torch.nn.functional as F  # noqa: N812

    return F.cross_entropy(
        _f64(input), _target(target, input), reduction=reduction, label_smoothing=label_smoothing
    ).tolist()


@reference("nll_loss")
def nll_loss(input, target, reduction):
    import torch
    import torch.nn.functional as F  # noqa: N812

    return F.nll_loss(_f64(input), torch.tensor(target, dtype=torch.int64), reduction=reduction).tolist()


@reference("bce")
def bce(input, target, reduction):
    import torch.nn.functional as F  # noqa: N812

    return F.binary_cross_entropy(_f64(input), _f64(target), reduction=reduction).tolist()


@reference("bce_with_logits")
def bce_with_logits(input, target, reduction, pos_weight):
    import torch.nn.functional as F  # noqa: N812

    weight = None if pos_weight is None else _f64(pos_weight)
    return F.binary_cross_entropy_with_logits(
        _f64(input), _f64(target), reduction=reduction, pos_weight=weight
    ).tolist()


for _ref in (mse_loss, cross_entropy, nll_loss, bce, bce_with_logits):
    _ref.library = "torch"
