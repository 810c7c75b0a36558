"""torch / sklearn references for the regularization computations (imported lazily).

Penalties and their gradients go through torch autograd; norms through
torch.linalg.vector_norm; dropout through torch's own dropout kernel with the given
mask; the normalizations through F.batch_norm / F.layer_norm / F.group_norm /
F.instance_norm; the scalers through
sklearn's MinMaxScaler and StandardScaler.
"""

from __future__ import annotations

import math

from quizapp.engine.crosscheck import reference


def _f64(x, grad: bool = False):
    import torch

    return None if x is None else torch.tensor(x, dtype=torch.float64, requires_grad=grad)


def _l1(w, lam):
    return lam * w.abs().sum()


def _l2(w, lam):
    return lam / 2 * (w * w).sum()


def _penalty(name: str, fn) -> None:
    def value(w, lam):
        return fn(_f64(w), lam).item()

    def grad(w, lam):
        t = _f64(w, grad=True)
        fn(t, lam).backward()
        return t.grad.tolist()

    value.library = grad.library = "torch"
    reference(name)(value)
    reference(f"{name}_grad")(grad)


_penalty("l1_penalty", _l1)
_penalty("l2_penalty", _l2)


@reference("lp_norm")
def lp_norm(x, p):
    import torch

    order = math.inf if isinstance(p, str) else float(p)
    return torch.linalg.vector_norm(_f64(x), ord=order).item()


@reference("dropout")
def dropout(x, p, mask):
    import torch

    # The kernel behind torch's dropout: input ⊙ mask · scale, scale = 1/(1 − p), 0 for p = 1.
    scale = 0.0 if p == 1 else 1 / (1 - p)
    keep = torch.tensor(mask, dtype=torch.float64) != 0
    return torch.ops.aten.native_dropout_backward(_f64(x), keep, scale).tolist()


@reference("batch_norm")
def batch_norm(x, gamma, beta, eps):
    import torch.nn.functional as F  # noqa: N812

    return F.batch_norm(_f64(x), None, None, _f64(gamma), _f64(beta), training=True, eps=eps).tolist()


@reference("batch_norm_running")
def batch_norm_running(x, running_mean, running_var, momentum):
    import torch.nn.functional as F  # noqa: N812

    rm, rv = _f64(running_mean), _f64(running_var)
    F.batch_norm(_f64(x), rm, rv, training=True, momentum=momentum)
    return {"running_mean": rm.tolist(), "running_var": rv.tolist()}


@reference("layer_norm")
def layer_norm(x, gamma, beta, eps):
    import torch.nn.functional as F  # noqa: N812

    t = _f64(x)
    return F.layer_norm(t, t.shape[-1:], _f64(gamma), _f64(beta), eps=eps).tolist()


@reference("group_norm")
def group_norm(x, num_groups, gamma, beta, eps):
    import torch.nn.functional as F  # noqa: N812

    return F.group_norm(_f64(x), num_groups, _f64(gamma), _f64(beta), eps=eps).tolist()


@reference("instance_norm")
def instance_norm(x, gamma, beta, eps):
    import torch.nn.functional as F  # noqa: N812

    return F.instance_norm(_f64(x), weight=_f64(gamma), bias=_f64(beta), use_input_stats=True, eps=eps).tolist()


def _column(x):
    import numpy as np

    return np.asarray(x, dtype=float).reshape(-1, 1)


@reference("min_max_scale")
def min_max_scale(x):
    from sklearn.preprocessing import MinMaxScaler

    return MinMaxScaler().fit_transform(_column(x)).ravel().tolist()


@reference("zscore")
def zscore(x):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(_column(x)).ravel().tolist()


for _ref in (lp_norm, dropout, batch_norm, batch_norm_running, layer_norm, group_norm, instance_norm):
    _ref.library = "torch"
min_max_scale.library = zscore.library = "sklearn"
