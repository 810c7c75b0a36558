"""Engine computations: activations and their derivatives (torch semantics).

Every function here is element-wise over a scalar, vector or matrix and returns a
value of the input's shape; ``softmax`` and ``log_softmax`` normalise along ``dim``.
The derivatives equal what torch autograd gives element-wise, including the
conventions at x = 0 (ReLU 0, leaky ReLU ``negative_slope``, ELU ``alpha``).
"""

from __future__ import annotations

import numpy as np

from quizapp.catalog import say
from quizapp.engine._args import array, fmt, integer, note, number
from quizapp.engine._registry import computation


def _x(x) -> np.ndarray:
    return array("x", x, ndim=(0, 1, 2))


def stable_sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) without overflow: 1/(1+e^−x) for x ≥ 0, eˣ/(1+eˣ) for x < 0."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@computation("sigmoid", "logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), element-wise")
def sigmoid(x):
    """σ(x) = 1 / (1 + e⁻ˣ), computed as eˣ / (1 + eˣ) for x < 0 to avoid overflow."""
    x = _x(x)
    s = stable_sigmoid(x)
    return s, [
        f"x = {fmt(x)}",
        say("engine.sigmoid.stable"),
        f"u = e^(−|x|) = {fmt(np.exp(-np.abs(x)))}",
        f"σ(x) = {fmt(s)}",
    ]


@computation("sigmoid_grad", "derivative of the sigmoid, σ(x)·(1 − σ(x))")
def sigmoid_grad(x):
    """σ′(x) = σ(x)·(1 − σ(x))."""
    x = _x(x)
    s = stable_sigmoid(x)
    g = s * (1.0 - s)
    return g, [
        f"x = {fmt(x)}",
        f"σ(x) = {fmt(s)}",
        note("σ′(x) = σ(x)·(1 − σ(x))", say("engine.at_most", top="0.25")),
        f"σ′(x) = {fmt(g)}",
    ]


@computation("tanh", "hyperbolic tangent, element-wise")
def tanh(x):
    """tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1."""
    x = _x(x)
    y = np.tanh(x)
    return y, [
        f"x = {fmt(x)}",
        "tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1",
        f"tanh(x) = {fmt(y)}",
    ]


@computation("tanh_grad", "derivative of tanh, 1 − tanh²(x)")
def tanh_grad(x):
    """tanh′(x) = 1 − tanh²(x)."""
    x = _x(x)
    y = np.tanh(x)
    g = 1.0 - y * y
    return g, [
        f"x = {fmt(x)}",
        f"tanh(x) = {fmt(y)}",
        note("tanh′(x) = 1 − tanh²(x)", say("engine.at_most", top="1")),
        f"tanh′(x) = {fmt(g)}",
    ]


@computation("relu", "rectified linear unit max(0, x), element-wise")
def relu(x):
    """ReLU(x) = max(0, x)."""
    x = _x(x)
    y = np.maximum(x, 0.0)
    return y, [f"x = {fmt(x)}", "ReLU(x) = max(0, x)", f"ReLU(x) = {fmt(y)}"]


@computation("relu_grad", "derivative of ReLU: 1 for x > 0, else 0 (0 at x = 0, as torch)")
def relu_grad(x):
    """ReLU′(x) = 1 if x > 0 else 0 (torch uses 0 at x = 0)."""
    x = _x(x)
    g = (x > 0).astype(float)
    return g, [
        f"x = {fmt(x)}",
        note(say("engine.if_positive", f="ReLU′(x)", pos="1", neg="0"), say("engine.torch_at_zero", value="0")),
        f"ReLU′(x) = {fmt(g)}",
    ]


@computation("leaky_relu", "leaky ReLU: x for x > 0, negative_slope·x otherwise")
def leaky_relu(x, negative_slope=0.01):
    """LeakyReLU(x) = x if x > 0 else negative_slope·x."""
    x = _x(x)
    a = number("negative_slope", negative_slope)
    y = np.where(x > 0, x, a * x)
    return y, [
        f"x = {fmt(x)}, negative_slope a = {fmt(a)}",
        say("engine.if_positive", f="LeakyReLU(x)", pos="x", neg="a·x"),
        f"LeakyReLU(x) = {fmt(y)}",
    ]


@computation("leaky_relu_grad", "derivative of leaky ReLU: 1 for x > 0, else negative_slope")
def leaky_relu_grad(x, negative_slope=0.01):
    """LeakyReLU′(x) = 1 if x > 0 else negative_slope (negative_slope at x = 0, as torch)."""
    x = _x(x)
    a = number("negative_slope", negative_slope)
    g = np.where(x > 0, 1.0, a)
    return g, [
        f"x = {fmt(x)}, negative_slope a = {fmt(a)}",
        note(say("engine.if_positive", f="LeakyReLU′(x)", pos="1", neg="a"), say("engine.torch_at_zero", value="a")),
        f"LeakyReLU′(x) = {fmt(g)}",
    ]


@computation("elu", "exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise")
def elu(x, alpha=1.0):
    """ELU(x) = x if x > 0 else alpha·(eˣ − 1)."""
    x = _x(x)
    a = number("alpha", alpha)
    y = np.where(x > 0, x, a * np.expm1(np.minimum(x, 0.0)))
    return y, [
        f"x = {fmt(x)}, α = {fmt(a)}",
        say("engine.if_positive", f="ELU(x)", pos="x", neg="α·(eˣ − 1)"),
        f"ELU(x) = {fmt(y)}",
    ]


@computation("elu_grad", "derivative of ELU: 1 for x > 0, alpha·eˣ otherwise")
def elu_grad(x, alpha=1.0):
    """ELU′(x) = 1 if x > 0 else alpha·eˣ (= alpha at x = 0, as torch)."""
    x = _x(x)
    a = number("alpha", alpha)
    g = np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0.0)))
    return g, [
        f"x = {fmt(x)}, α = {fmt(a)}",
        note(say("engine.if_positive", f="ELU′(x)", pos="1", neg="α·eˣ"), say("engine.elu_grad.note")),
        f"ELU′(x) = {fmt(g)}",
    ]


def _along(x, dim) -> tuple[np.ndarray, int, tuple]:
    """x as at least a vector, ``dim`` checked (torch's range) and made non-negative,
    and the input's own shape to give the result back in."""
    x = _x(x)
    ndim = max(x.ndim, 1)
    d = integer("dim", dim, lo=-ndim, hi=ndim - 1)
    return x.reshape(x.shape or (1,)), d % ndim, x.shape


def _shifted_exp(xs: np.ndarray, d: int, steps: list) -> tuple[np.ndarray, np.ndarray]:
    """x − max(x) and Σ e^(x − max), with the steps that show them."""
    m = np.max(xs, axis=d, keepdims=True)
    z = xs - m
    e = np.exp(z)
    total = np.sum(e, axis=d, keepdims=True)
    top = fmt(np.squeeze(m, axis=d))
    line = f"m = max(x) = {top}" if xs.ndim == 1 else say("engine.softmax.max_along", dim=d, m=top)
    steps += [
        f"x = {fmt(xs)}",
        note(line, say("engine.softmax.shift")),
        f"x − m = {fmt(z)}",
        f"e^(x − m) = {fmt(e)}",
        f"S = Σ e^(x − m) = {fmt(np.squeeze(total, axis=d))}",
    ]
    return z, total


@computation("softmax", "softmax along dim: e^(xᵢ) / Σⱼ e^(xⱼ), computed with the max subtracted")
def softmax(x, dim=-1):
    """softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = max(x) along ``dim``."""
    xs, d, shape = _along(x, dim)
    steps: list = []
    z, total = _shifted_exp(xs, d, steps)
    y = np.exp(z) / total
    steps.append(f"softmax(x) = e^(x − m) / S = {fmt(y)}")
    return y.reshape(shape), steps


@computation("log_softmax", "log of softmax along dim: x − m − log Σ e^(x − m)")
def log_softmax(x, dim=-1):
    """log_softmax(x)ᵢ = (xᵢ − m) − log Σⱼ e^(xⱼ − m), m = max(x) along ``dim``."""
    xs, d, shape = _along(x, dim)
    steps: list = []
    z, total = _shifted_exp(xs, d, steps)
    log_total = np.log(total)
    y = z - log_total
    steps += [
        f"log S = {fmt(np.squeeze(log_total, axis=d))}",
        f"log_softmax(x) = (x − m) − log S = {fmt(y)}",
    ]
    return y.reshape(shape), steps
