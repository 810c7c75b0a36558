"""Engine computations: weight initialization (torch.nn.init semantics).

Gains, fans, Xavier/Kaiming bounds and standard deviations, and ``init_weights``,
which samples a weight tensor from a numpy Generator seeded by ``seed``: the
uniform family is ``low + (high − low)·rng.random(shape)``, the normal family
``mean + std·rng.standard_normal(shape)``, orthogonal the sign-fixed QR of
``rng.standard_normal((rows, cols))`` as torch does it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import choice, fmt, integer, note, number
from quizapp.engine._registry import BadArguments, computation

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)
NONLINEARITIES = (*_LINEAR, "tanh", "relu", "leaky_relu", "selu")
MODES = ("fan_in", "fan_out")
METHODS = (
    "zeros",
    "uniform",
    "normal",
    "xavier_uniform",
    "xavier_normal",
    "kaiming_uniform",
    "kaiming_normal",
    "orthogonal",
)
_MAX_ELEMENTS = 1_000_000


def _gain(nonlinearity: Any, param: Any) -> tuple[float, Any]:
    """torch.nn.init.calculate_gain, with the formula as a worked line."""
    nl = choice("nonlinearity", nonlinearity, NONLINEARITIES)
    if nl in _LINEAR:
        return 1.0, f"gain({nl}) = 1"
    if nl == "tanh":
        return 5 / 3, "gain(tanh) = 5/3 ≈ 1.66667"
    if nl == "relu":
        return math.sqrt(2.0), "gain(relu) = √2 ≈ 1.41421"
    if nl == "selu":
        return 0.75, note("gain(selu) = 3/4", say("engine.calculate_gain.selu"))
    slope = 0.01 if param is None else number("negative_slope (param)", param)
    g = math.sqrt(2.0 / (1 + slope**2))
    return g, f"gain(leaky_relu, negative_slope = {fmt(slope)}) = √(2 / (1 + {fmt(slope)}²)) = {fmt(g)}"


@computation("calculate_gain", "recommended init gain for a nonlinearity (torch.nn.init.calculate_gain)")
def calculate_gain(nonlinearity, param=None):
    """1 for linear/conv/sigmoid, 5/3 tanh, √2 relu, √(2 / (1 + slope²)) leaky_relu
    (slope = param, default 0.01), 3/4 selu."""
    if param is not None:
        number("param", param)
    g, line = _gain(nonlinearity, param)
    return g, [line]


def _shape(x: Any, min_dims: int, max_elements: int | None = None) -> tuple[int, ...]:
    if isinstance(x, np.ndarray):
        x = x.tolist()
    if not isinstance(x, (list, tuple)) or len(x) < min_dims:
        got = repr(x)
        key = "engine.error.shape_2d" if min_dims >= 2 else "engine.error.shape_1d"
        raise BadArguments(say(key, got=got if len(got) <= 60 else got[:57] + "..."))
    shape = tuple(integer(f"shape[{i}]", v, lo=1) for i, v in enumerate(x))
    if max_elements is not None and math.prod(shape) > max_elements:
        raise BadArguments(say("engine.error.shape_too_big", count=math.prod(shape), most=max_elements))
    return shape


def _fans(shape: tuple[int, ...]) -> tuple[int, int, int]:
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive, receptive


@computation("fan_in_fan_out", "fan_in and fan_out of a weight of shape out × in × kernel… (torch's rule)")
def fan_in_fan_out(shape):
    """receptive = ∏ kernel dims; fan_in = in · receptive; fan_out = out · receptive."""
    shape = _shape(shape, 2)
    fan_in, fan_out, receptive = _fans(shape)
    dims = "×".join(map(str, shape))
    if len(shape) > 2:
        head = say("engine.fan_in_fan_out.shape", shape=dims, out=shape[0], inp=shape[1], kernel="×".join(map(str, shape[2:])))
    else:
        head = say("engine.fan_in_fan_out.shape_no_kernel", shape=dims, out=shape[0], inp=shape[1])
    return {"fan_in": fan_in, "fan_out": fan_out}, [
        head,
        say("engine.fan_in_fan_out.receptive", math=f"{receptive}"),
        say("engine.fan_in_fan_out.fan_in", math=f"{shape[1]}·{receptive} = {fan_in}"),
        say("engine.fan_in_fan_out.fan_out", math=f"{shape[0]}·{receptive} = {fan_out}"),
    ]


def _fan_args(fan_in: Any, fan_out: Any) -> tuple[int, int]:
    return integer("fan_in", fan_in, lo=1), integer("fan_out", fan_out, lo=1)


def _xavier(fan_in: int, fan_out: int, gain: float, uniform: bool) -> tuple[float, str]:
    k = 6 if uniform else 2
    value = gain * math.sqrt(k / (fan_in + fan_out))
    sym = "a" if uniform else "std"
    return value, f"{sym} = gain·√({k} / (fan_in + fan_out)) = {fmt(gain)}·√({k} / ({fan_in} + {fan_out})) = {fmt(value)}"


@computation("xavier_uniform_bound", "Glorot/Xavier uniform bound a for U(−a, a)")
def xavier_uniform_bound(fan_in, fan_out, gain=1.0):
    """a = gain · √(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_args(fan_in, fan_out)
    value, line = _xavier(fan_in, fan_out, number("gain", gain, lo=0.0), uniform=True)
    return value, [line]


@computation("xavier_normal_std", "Glorot/Xavier normal standard deviation")
def xavier_normal_std(fan_in, fan_out, gain=1.0):
    """std = gain · √(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _fan_args(fan_in, fan_out)
    value, line = _xavier(fan_in, fan_out, number("gain", gain, lo=0.0), uniform=False)
    return value, [line]


def _kaiming(fan_in: int, fan_out: int, a: Any, mode: Any, nonlinearity: Any, uniform: bool) -> tuple[float, list]:
    a = number("a", a)
    mode = choice("mode", mode.lower() if isinstance(mode, str) else mode, MODES)  # torch lowercases it
    gain, gain_line = _gain(nonlinearity, a)
    fan = fan_in if mode == "fan_in" else fan_out
    std = gain / math.sqrt(fan)
    lines = [gain_line, f"std = gain / √{mode} = {fmt(gain)} / √{fan} = {fmt(std)}"]
    if not uniform:
        return std, lines
    bound = math.sqrt(3.0) * std
    lines.append(f"bound = √3·std = {fmt(bound)}")
    return bound, lines


@computation("kaiming_uniform_bound", "He/Kaiming uniform bound for U(−bound, bound)")
def kaiming_uniform_bound(fan_in, fan_out, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """bound = √3 · gain(nonlinearity, a) / √fan, fan = fan_in or fan_out by ``mode``."""
    fan_in, fan_out = _fan_args(fan_in, fan_out)
    return _kaiming(fan_in, fan_out, a, mode, nonlinearity, uniform=True)


@computation("kaiming_normal_std", "He/Kaiming normal standard deviation")
def kaiming_normal_std(fan_in, fan_out, a=0, mode="fan_in", nonlinearity="leaky_relu"):
    """std = gain(nonlinearity, a) / √fan, fan = fan_in or fan_out by ``mode``."""
    fan_in, fan_out = _fan_args(fan_in, fan_out)
    return _kaiming(fan_in, fan_out, a, mode, nonlinearity, uniform=False)


class _Default(float):
    """An init_weights option default: ``is`` tells an omitted option from a given one."""

    def __repr__(self) -> str:
        return str(int(self)) if self.is_integer() else float.__repr__(self)


class _DefaultStr(str):
    """A string option default, distinguishable by identity like ``_Default``."""


_A, _B, _MEAN, _STD, _GAIN = _Default(0), _Default(1), _Default(0), _Default(1), _Default(1)
_MODE, _NONLIN = _DefaultStr("fan_in"), _DefaultStr("leaky_relu")
_OPTION_DEFAULTS = {
    "a": _A,
    "b": _B,
    "mean": _MEAN,
    "std": _STD,
    "gain": _GAIN,
    "mode": _MODE,
    "nonlinearity": _NONLIN,
}
# The options each method takes, as named in its torch.nn.init function.
METHOD_OPTIONS = {
    "zeros": (),
    "uniform": ("a", "b"),
    "normal": ("mean", "std"),
    "xavier_uniform": ("gain",),
    "xavier_normal": ("gain",),
    "kaiming_uniform": ("a", "mode", "nonlinearity"),
    "kaiming_normal": ("a", "mode", "nonlinearity"),
    "orthogonal": ("gain",),
}


@computation("init_weights", "sample a weight tensor with a torch.nn.init scheme from a seeded numpy Generator")
def init_weights(
    method,
    shape,
    seed=0,
    a=_A,
    b=_B,
    mean=_MEAN,
    std=_STD,
    gain=_GAIN,
    mode=_MODE,
    nonlinearity=_NONLIN,
):
    """zeros: W = 0; uniform: W ~ U(a, b); normal: W ~ N(mean, std²);
    xavier_uniform: U(−g√(6/(fan_in+fan_out)), +…); xavier_normal: N(0, g²·2/(fan_in+fan_out));
    kaiming_uniform: U(−√3·gain/√fan, +…); kaiming_normal: N(0, gain²/fan);
    orthogonal: gain·Q from the QR of a standard normal (rows × rest) matrix, Q's signs fixed by diag(R)."""
    method = choice("method", method, METHODS)
    options = {"a": a, "b": b, "mean": mean, "std": std, "gain": gain, "mode": mode, "nonlinearity": nonlinearity}
    allowed = METHOD_OPTIONS[method]
    for key, val in options.items():
        if key not in allowed and val is not _OPTION_DEFAULTS[key]:
            if allowed:
                raise BadArguments(say("engine.error.init_option", key=key, method=method, takes=", ".join(allowed)))
            raise BadArguments(say("engine.error.init_no_options", key=key, method=method))
    shape = _shape(shape, 1 if method in ("zeros", "uniform", "normal") else 2, _MAX_ELEMENTS)
    seed = integer("seed", seed, lo=0)
    rng = np.random.default_rng(seed)
    dims = "×".join(map(str, shape))
    lines: list = []
    if method in ("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal"):
        fan_in, fan_out, _ = _fans(shape)
        lines.append(f"shape = {dims}: fan_in = {fan_in}, fan_out = {fan_out}")

    if method == "zeros":
        w = np.zeros(shape)
        lines.append(f"W = 0 ({dims})")
    elif method in ("uniform", "xavier_uniform", "kaiming_uniform"):
        if method == "uniform":
            lo, hi = number("a", a), number("b", b)
            if lo > hi:
                raise BadArguments(say("engine.error.uniform_order", a=fmt(lo), b=fmt(hi)))
        else:
            if method == "xavier_uniform":
                bound, line = _xavier(fan_in, fan_out, number("gain", gain, lo=0.0), uniform=True)
                lines.append(line)
            else:
                bound, kl = _kaiming(fan_in, fan_out, a, mode, nonlinearity, uniform=True)
                lines.extend(kl)
            lo, hi = -bound, bound
        w = lo + (hi - lo) * rng.random(shape)
        lines.append(say("engine.init_weights.drawn", dist=f"W ~ U({fmt(lo)}, {fmt(hi)})", seed=seed))
    elif method in ("normal", "xavier_normal", "kaiming_normal"):
        if method == "normal":
            mu, sd = number("mean", mean), number("std", std, lo=0.0)
        else:
            mu = 0.0
            if method == "xavier_normal":
                sd, line = _xavier(fan_in, fan_out, number("gain", gain, lo=0.0), uniform=False)
                lines.append(line)
            else:
                sd, kl = _kaiming(fan_in, fan_out, a, mode, nonlinearity, uniform=False)
                lines.extend(kl)
        w = mu + sd * rng.standard_normal(shape)
        lines.append(say("engine.init_weights.drawn", dist=f"W ~ N({fmt(mu)}, {fmt(sd)}²)", seed=seed))
    else:
        w, ol = _orthogonal(shape, number("gain", gain), rng)
        lines.extend(ol)
    if w.size > 1:
        lines.append(say("engine.init_weights.sample", mean=fmt(w.mean()), std=fmt(w.std())))
    return w, lines


def _orthogonal(shape: tuple[int, ...], gain: float, rng: np.random.Generator) -> tuple[np.ndarray, list]:
    rows = shape[0]
    cols = math.prod(shape) // rows
    flat = rng.standard_normal((rows, cols))
    wide = rows < cols
    q, r = np.linalg.qr(flat.T if wide else flat)
    q = q * np.sign(np.diag(r))
    if wide:
        q = q.T
    lines = [
        say("engine.init_weights.qr", shape=f"{rows}×{cols}", m="Mᵀ" if wide else "M"),
        say("engine.init_weights.orthonormal_rows" if wide else "engine.init_weights.orthonormal_columns",
            math=f"W = {fmt(gain)}·{'Qᵀ' if wide else 'Q'}"),
    ]
    return (gain * q).reshape(shape), lines
