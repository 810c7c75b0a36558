"""torch references for the init computations (torch imported lazily).

Gains and fans come from torch.nn.init itself. ``init_weights`` is random: its
reference rebuilds the matrix from the same numpy draws (the contract fixes the
random source, not torch's generator) and takes every scale from torch.nn.init's
gain and fan helpers and the orthogonal QR from torch.linalg.
"""

from __future__ import annotations

import math

import numpy as np

from quizapp.engine.crosscheck import reference


def _fans(shape):
    import torch

    return torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape, device="meta"))


@reference("calculate_gain")
def calculate_gain(nonlinearity, param):
    import torch

    return float(torch.nn.init.calculate_gain(nonlinearity, param))


@reference("fan_in_fan_out")
def fan_in_fan_out(shape):
    fan_in, fan_out = _fans(list(shape))
    return {"fan_in": fan_in, "fan_out": fan_out}


def _xavier(fan_in, fan_out, gain, k):
    import torch

    return float(gain * torch.sqrt(torch.tensor(k / (fan_in + fan_out), dtype=torch.float64)))


@reference("xavier_uniform_bound")
def xavier_uniform_bound(fan_in, fan_out, gain):
    return _xavier(fan_in, fan_out, gain, 6.0)


@reference("xavier_normal_std")
def xavier_normal_std(fan_in, fan_out, gain):
    return _xavier(fan_in, fan_out, gain, 2.0)


def _kaiming_std(fan_in, fan_out, a, mode, nonlinearity):
    import torch

    # A meta tensor of shape fan_out × fan_in has exactly these fans.
    fan = torch.nn.init._calculate_correct_fan(torch.empty(fan_out, fan_in, device="meta"), str(mode))
    return torch.nn.init.calculate_gain(str(nonlinearity), float(a)) / math.sqrt(fan)


@reference("kaiming_uniform_bound")
def kaiming_uniform_bound(fan_in, fan_out, a, mode, nonlinearity):
    return math.sqrt(3.0) * _kaiming_std(fan_in, fan_out, a, mode, nonlinearity)


@reference("kaiming_normal_std")
def kaiming_normal_std(fan_in, fan_out, a, mode, nonlinearity):
    return _kaiming_std(fan_in, fan_out, a, mode, nonlinearity)


@reference("init_weights")
def init_weights(method, shape, seed, a, b, mean, std, gain, mode, nonlinearity):
    import torch

    shape = list(shape)
    rng = np.random.default_rng(seed)
    if method == "zeros":
        return torch.nn.init.zeros_(torch.empty(shape, dtype=torch.float64)).tolist()
    if method == "orthogonal":
        rows = shape[0]
        flat = torch.from_numpy(rng.standard_normal((rows, math.prod(shape) // rows)))
        wide = rows < flat.shape[1]
        q, r = torch.linalg.qr(flat.t() if wide else flat)
        q = q * torch.diag(r).sign()
        return (gain * (q.t() if wide else q)).reshape(shape).tolist()
    if method.endswith("uniform"):
        u = torch.from_numpy(rng.random(shape))
        if method == "uniform":
            lo, hi = a, b
        else:
            fan_in, fan_out = _fans(shape)
            if method == "xavier_uniform":
                hi = xavier_uniform_bound(fan_in, fan_out, gain)
            else:
                hi = kaiming_uniform_bound(fan_in, fan_out, a, mode, nonlinearity)
            lo = -hi
        return (lo + (hi - lo) * u).tolist()
    z = torch.from_numpy(rng.standard_normal(shape))
    if method == "normal":
        return (mean + std * z).tolist()
    fan_in, fan_out = _fans(shape)
    if method == "xavier_normal":
        sd = xavier_normal_std(fan_in, fan_out, gain)
    else:
        sd = kaiming_normal_std(fan_in, fan_out, a, mode, nonlinearity)
    return (sd * z).tolist()


for _ref in (
    calculate_gain,
    fan_in_fan_out,
    xavier_uniform_bound,
    xavier_normal_std,
    kaiming_uniform_bound,
    kaiming_normal_std,
    init_weights,
):
    _ref.library = "torch"
